"""The words a classification line starts with come from the register and rules/vocabulary.yaml
(issue 13): the line-shape modules spell no classification word of their own, and a designation
the vocabulary adds is read as the others are."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from markcheck import register
from markcheck.reader import scan, scan_banner
from markcheck.resources import load_data

_READER = Path(scan.__file__).resolve().parent
_WORDS = re.compile(r"\b(?:TOP\s*SECRET|SECRET|CONFIDENTIAL|UNCLASSIFIED|LIMITED\s*OFFICIAL\s*USE|RESTRICTED)\b", re.I)


def _strings(path: Path):
    """The string constants of a module that are not docstrings (comments are not in the tree)."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    docstrings = {id(node.body[0].value) for node in ast.walk(tree)
                  if isinstance(node, (ast.Module, ast.FunctionDef, ast.ClassDef)) and node.body
                  and isinstance(node.body[0], ast.Expr) and isinstance(node.body[0].value, ast.Constant)}
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docstrings:
            yield node.lineno, node.value


@pytest.mark.parametrize("module", ["scan.py", "scan_banner.py"])
def test_the_line_shapes_spell_no_classification_word(module):
    spelled = [(line, text) for line, text in _strings(_READER / module) if _WORDS.search(text)]
    assert not spelled, spelled


def test_parse_does_not_rewrite_a_spelling_the_vocabulary_lists():
    assert "TOPSECRET" not in {text for _, text in _strings(_READER / "parse.py")}
    from markcheck.reader.parse import parse_banner

    assert parse_banner("TOPSECRET//NOFORN").marking.level.name == "TS"


def test_designations_are_the_register_levels_and_the_vocabulary_designations():
    vocabulary = load_data("vocabulary.yaml")
    levels = [e.banner for e in register.us_levels()]
    assert set(scan_banner.DESIGNATIONS) == {w.replace(" ", "") for w in [*levels, *vocabulary["designations"]]}
    assert scan_banner.NON_US_DESIGNATIONS == tuple(vocabulary["non_us_designations"])
    assert scan.DESIGNATIONS is scan_banner.DESIGNATIONS  # (the readers' one name for them)


@pytest.mark.parametrize("line, expected", [
    ("L I M I T E D O F F I C I A L U S E", "LIMITED OFFICIAL USE"),
    ("T O P S E C R E T STATE 001234", "TOP SECRET STATE 001234"),
    ("U N C L A S EFTO STATE 001234", "UNCLAS EFTO STATE 001234"),
    ("R E S T R I C T E D", "RESTRICTED"),
])
def test_letter_spaced_designations_collapse_to_their_written_words(line, expected):
    banner = scan.collapse_banner(line)
    assert banner is not None and banner.text == expected and banner.spacing == "spaced"
