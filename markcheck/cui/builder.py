"""The value builder of grammars/cui.lark: a Lark Transformer from the parse tree of one CUI
marking to its parts. Imported when a first CUI marking is read (it needs lark)."""

from __future__ import annotations

from lark import Token, Transformer


class CuiWords(Transformer):
    """A CUI marking's tree -> (UNCLASSIFIED written first, the control marking, the items as
    (text, start, end) with 0-based offsets in the marking, in the order written)."""

    def __init__(self, text: str):
        super().__init__(visit_tokens=False)
        self.text = text

    def item(self, tokens) -> tuple[str, int, int]:
        start, end = tokens[0].start_pos, tokens[-1].end_pos
        return self.text[start:end], start, end

    def group(self, items) -> list:
        return items

    def start(self, children) -> tuple[bool, str, tuple]:
        unclassified = any(isinstance(c, Token) and c.type == "UNCLASSIFIED" for c in children)
        control = next(str(c) for c in children if isinstance(c, Token) and c.type == "CONTROL")
        items = tuple(item for group in children if isinstance(group, list) for item in group)
        return unclassified, control.upper(), items
