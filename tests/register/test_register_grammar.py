"""The grammars' marking-word tokens (grammars/register_words.lark) are generated from the
register and current; a register word reaches the parser of record."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from markcheck.reader.parse import parse_banner, parse_portion
from markcheck.resources import grammars_dir

REPO = Path(__file__).resolve().parents[2]


def test_register_words_grammar_is_current():
    spec = importlib.util.spec_from_file_location("gen_register_grammar", REPO / "scripts" / "gen_register_grammar.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert (grammars_dir() / "register_words.lark").read_text(encoding="utf-8") == module.render(), \
        "run: python scripts/gen_register_grammar.py"


def test_a_multi_word_register_form_is_one_control_of_a_banner():
    """DEA SENSITIVE, the register's written-out DSEN, is one control, not a control and a tail."""
    marking = parse_banner("SECRET//DEA SENSITIVE//NOFORN").marking
    assert "DSEN" in marking.dissem and "NOFORN" in marking.dissem and not marking.unknown


def test_level_spellings_of_the_register_and_archives_are_levels():
    assert parse_portion("CONF").level.name == "C"
    assert parse_portion("TS//NF").level.name == "TS"
