"""Parsing by shape (markcheck.parse.DIGIT_BLIND): a grammar whose terminals treat every digit
alike reads a string exactly as it reads the string's shape (every digit written 0), so the
reader parses each shape once. These tests keep that true when a grammar changes."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
import yaml

from markcheck import parse, scan
from markcheck.parse import DIGIT_BLIND, MarkingSyntaxError
from markcheck.source import Source

CASES = Path(__file__).parent / "cases"
CORPUS = Path(__file__).resolve().parents[3] / "shared" / "corpus"


@pytest.mark.parametrize("name", sorted(DIGIT_BLIND))
def test_terminals_name_digits_only_as_the_whole_range(name):
    for terminal in parse.parser(name).terminals:
        pattern = terminal.pattern.value
        digits = re.sub(r"(?<!\\)\{[0-9]*(?:,[0-9]*)?\}", "", pattern).replace("0-9", "")  # not counts: {2}, {1,3}
        assert not re.search(r"[0-9]", digits), (terminal.name, pattern)


def _strings(name: str) -> list[str]:
    data = yaml.safe_load((CASES / f"{name}.yaml").read_text(encoding="utf-8"))
    texts = [case["input"] for kind in ("accept", "reject") for case in data.get(kind) or ()]
    if name == "banner" and CORPUS.is_dir():  # the classification lines of a corpus sample
        for path in sorted(CORPUS.glob("*.txt"))[::20]:
            for line in Source.from_path(str(path)).lines:
                found = scan.collapse_banner(line)
                if found is not None:
                    texts.append(found.text)
    if name == "dtg" and CORPUS.is_dir():
        for path in sorted(CORPUS.glob("*.txt"))[::20]:
            texts.extend(m.group(1) for line in Source.from_path(str(path)).lines if (m := scan.DTG.match(line)))
    # digits that differ from the shape's zeros in every position, and odd ones the grammar refuses
    texts += ["SECRET SECTION 12 OF 19 ROME 987654", "O 291200Z FEB 09", "C O 123", "SECRET ٣٤ ROME"]
    return texts


def _outcome(parse_once, name: str, text: str):
    try:
        tree = parse_once(name, *parse._normalise(text)) if name == "dtg" else parse_once(name, text)
    except MarkingSyntaxError as exc:
        return ("error", exc.message, exc.column)
    return ("tree", _tokens(tree))


def _tokens(tree):
    """The tree as nested tuples, every token with its type, text and position."""
    return (tree.data, tuple(_tokens(c) if hasattr(c, "children") else
                             (c.type, str(c), c.start_pos, c.end_pos) if c is not None else None
                             for c in tree.children))


@pytest.mark.parametrize("name", sorted(DIGIT_BLIND))
def test_parsing_by_shape_equals_parsing_the_string(name):
    texts = _strings(name)
    assert len(texts) > 20
    for text in texts:
        assert _outcome(parse._parse_by_shape, name, text) == _outcome(parse._parse, name, text), text
