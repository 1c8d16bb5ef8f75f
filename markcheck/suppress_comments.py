"""Suppression comments in Markdown documents, as Ruff's ``# noqa`` and yamllint's
``# yamllint disable`` are in code:

    <!-- markcheck: ignore[POR-001] drafts are marked when released -->   (the next block only)
    <!-- markcheck: disable[DEC] reason -->  …  <!-- markcheck: enable[DEC] -->   (a range)

A directive is an HTML comment standing on its own (a Markdown HTML block, as markdown-it-py
parses it: one inside a code block is text, not a directive). It names its rules (IDs, ID
prefixes or names, comma-separated) and gives a reason; ``enable`` names the rules it ends, or
none to end every range; a ``disable`` with no ``enable`` runs to the end of the document.
"The next block" is the next Markdown block after the comment (a paragraph, heading, list,
table, code block), every line of it.

A suppression comment never hides a marking, and is never silent:

- a directive whose text holds anything marking-shaped (an upper-case register word such as
  ``SECRET`` or ``NOFORN``, a parenthesised mark such as ``(S)``, ``//``) is refused, as are a
  directive without rules or reason, one naming a rule that does not exist or a tool finding
  (MCK-), an unknown verb, an ``ignore`` with no block after it, an ``enable`` with nothing to
  end, and a directive inside a line of text: each is an MCK-006 error at the comment;
- every finding a directive suppresses is kept as a `markcheck.suppress.Suppression` (kind
  ``comment``, the reason, ``path:line:col`` of the comment), listed by the JSON, SARIF and
  HTML reports;
- a directive that suppresses nothing is reported (MCK-003), as an unused per-file ignore is.

Plain-text documents have no comment syntax: any text in them is something a reader sees, so
markcheck reads none of it as a directive (``per-file-ignores`` and the baseline serve them).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Mapping, Sequence

from .findings import INVALID_SUPPRESSION, TOOL_CITATION, UNUSED_SUPPRESSION, Finding
from .lazyre import lazy
from .suppress import Suppression, selector_matches

MARKER = "markcheck:"
_DIRECTIVE = lazy(r"<!--\s*markcheck:\s*(?P<verb>[A-Za-z-]*)\s*(?:\[(?P<rules>[^\]]*)\])?"
                        r"(?P<reason>.*?)\s*-->\s*\Z", re.S | re.I)
VERBS = ("ignore", "disable", "enable")


@dataclass
class Directive:
    verb: str
    rules: tuple[str, ...]
    reason: str
    line: int  # 1-based, of the comment
    column: int
    first: int = 0  # the lines it covers (1-based, inclusive)
    last: int = 0
    used: bool = field(default=False)

    @property
    def where(self) -> str:
        return f"{self.line}:{self.column}"

    def covers(self, finding: Finding) -> bool:
        return (self.first <= finding.line <= self.last and not finding.rule.startswith("MCK-")
                and any(selector_matches(s, finding.rule, finding.name) for s in self.rules))


def marking_shaped(text: str) -> list[str]:
    """The parts of `text` that look like a marking (`markcheck.reader.markdown_html`: a register
    word such as ``SECRET`` or ``NOFORN``, a parenthesised mark such as ``(S)``), and any ``//``."""
    from .reader.markdown_html import marking_shaped as shaped

    found = [piece for _, piece in shaped(text)]
    if "//" in text and not any("//" in piece for piece in found):
        found.append("//")
    return found


def has_directives(text: str, path) -> bool:
    from .reader.visible import MARKDOWN_SUFFIXES

    return bool(path) and str(path).lower().endswith(MARKDOWN_SUFFIXES) and MARKER in text.lower()


def apply(findings: Sequence[Finding], text: str, path: str | None, known: Mapping[str, str],
          active: Mapping[str, str]) -> tuple[list[Finding], list[Suppression]]:
    """(reported, suppressed) for a Markdown document's `findings` after its directives; the
    reported findings include the MCK-006 and MCK-003 findings about the directives. `known`
    (rule ID -> name) is every rule of the pack, `active` those the run applies."""
    directives, problems = _directives(text, path, known)
    kept: list[Finding] = []
    suppressed: list[Suppression] = []
    for finding in findings:
        directive = next((d for d in directives if d.covers(finding)), None)
        if directive is None:
            kept.append(finding)
            continue
        directive.used = True
        suppressed.append(Suppression(finding, "comment", directive.reason, f"{path}:{directive.where}"))
    for d in directives:
        if not d.used and any(selector_matches(s, rule, name) for s in d.rules for rule, name in active.items()):
            rule, name = UNUSED_SUPPRESSION
            problems.append(Finding(rule, name, "info", (
                f"suppression comment suppressed nothing in lines {d.first}-{d.last} (rules {', '.join(d.rules)}; "
                f"reason: {d.reason}); remove it if those findings are gone"), d.line, d.column, d.line,
                d.column + 4, TOOL_CITATION, path))
    return sorted(kept + _bounded(problems), key=Finding.sort_key), suppressed


def _bounded(problems: list[Finding]) -> list[Finding]:
    """At most `MAX_FINDINGS_PER_RULE` findings per rule, the rest counted in one more at the
    first of them (as the rules' own findings are), so a hostile document of a million
    comments costs a bounded report."""
    from .findings import MAX_FINDINGS_PER_RULE

    out: list[Finding] = []
    extra: dict[str, list[Finding]] = {}
    for finding in problems:
        if sum(1 for f in out if f.rule == finding.rule) < MAX_FINDINGS_PER_RULE:
            out.append(finding)
        else:
            extra.setdefault(finding.rule, []).append(finding)
    for rule, more in extra.items():
        first = more[0]
        out.append(Finding(rule, first.name, first.severity, f"{len(more):,} more suppression comments like those "
                           f"above, from here on, are not listed one by one", first.line, first.column,
                           first.end_line, first.end_column, TOOL_CITATION, first.path, omitted=len(more)))
    return out


def _invalid(path, line: int, column: int, message: str) -> Finding:
    rule, name = INVALID_SUPPRESSION
    return Finding(rule, name, "error", f"suppression comment not applied: {message}", line, column, line,
                   column + 4, TOOL_CITATION, path)


def _directives(text: str, path, known: Mapping[str, str]) -> tuple[list[Directive], list[Finding]]:
    """The valid directives of a Markdown text, with the lines each covers, and the MCK-006
    findings for the others."""
    from markdown_it import MarkdownIt

    lines = text.splitlines()
    tokens = MarkdownIt("commonmark").parse(text)
    directives: list[Directive] = []
    problems: list[Finding] = []
    open_ranges: list[Directive] = []
    for index, token in enumerate(tokens):
        if token.type == "inline":
            for child in token.children or ():
                if child.type == "html_inline" and MARKER in child.content.lower():
                    line = token.map[0] + 1 if token.map else 1
                    problems.append(_invalid(path, line, 1, "a directive stands on a line of its own, before "
                                                            "the block it is for, not inside a line of text"))
            continue
        if token.type != "html_block" or MARKER not in token.content.lower() or token.map is None:
            continue
        line = token.map[0] + 1
        column = lines[line - 1].find("<!--") + 1 if line <= len(lines) else 1
        directive, problem = _parse(token.content.strip(), line, max(column, 1), known)
        if problem:
            problems.append(_invalid(path, line, max(column, 1), problem))
            continue
        if directive.verb == "ignore":
            block = _next_block(tokens, index)
            if block is None:
                problems.append(_invalid(path, line, column, "no block follows this ignore comment"))
                continue
            directive.first, directive.last = block
            directives.append(directive)
        elif directive.verb == "disable":
            directive.first, directive.last = line, len(lines)
            directives.append(directive)
            open_ranges.append(directive)
        else:  # enable
            ended = [d for d in open_ranges if not directive.rules or set(directive.rules) & set(d.rules)]
            if not ended:
                problems.append(_invalid(path, line, column, f"nothing to enable: no disable of "
                                                             f"{', '.join(directive.rules) or 'any rule'} is open"))
            for d in ended:
                d.last = line
                open_ranges.remove(d)
    return directives, problems


def _next_block(tokens, index: int) -> tuple[int, int] | None:
    """The lines (1-based, inclusive) of the block after token `index`: the next token at its
    level that opens or is a block, other than a comment; of a list, its first item (a memo's
    numbered paragraphs are one Markdown list: a comment before one is about that one)."""
    level = tokens[index].level
    following = tokens[index + 1:]
    for at, token in enumerate(following):
        if token.level < level:
            return None
        if token.level != level or token.map is None or token.nesting < 0:
            continue
        if token.type == "html_block" and token.content.lstrip().startswith("<!--"):
            continue
        if token.type in ("bullet_list_open", "ordered_list_open") and at + 1 < len(following):
            token = following[at + 1]  # the first list_item_open
        return token.map[0] + 1, token.map[1]
    return None


def _closest(word: str, choices) -> list[str]:
    """The choice closest to a misspelt `word`, if one is close (difflib: imported only then)."""
    import difflib

    return difflib.get_close_matches(word, choices, n=1)


def _parse(content: str, line: int, column: int, known: Mapping[str, str]) -> tuple[Directive | None, str | None]:
    m = _DIRECTIVE.fullmatch(content)
    if m is None or content.count("-->") != 1:
        return None, ("write it as <!-- markcheck: ignore[RULES] reason -->, <!-- markcheck: disable[RULES] reason "
                      "--> or <!-- markcheck: enable[RULES] -->, one comment alone")
    verb = m.group("verb").lower()
    if verb not in VERBS:
        guess = _closest(verb, VERBS)
        return None, f"unknown directive {m.group('verb')!r}" + (f" (did you mean {guess[0]}?)" if guess else "")
    rules = tuple(part.strip() for part in (m.group("rules") or "").split(",") if part.strip())
    reason = " ".join(m.group("reason").split())
    shaped = marking_shaped(content.replace(m.group("rules") or "", "", 1))
    if shaped:
        return None, (f"it holds marking-shaped text ({', '.join(dict.fromkeys(shaped))}); a comment is not "
                      "where a marking goes, and a suppression must not carry one")
    if verb != "enable":
        if not rules:
            return None, f"name the rules it {verb}s: {verb}[POR-001] or {verb}[POR] (a rule ID, prefix or name)"
        if not reason:
            return None, "give the reason after the rules: a suppression says why"
    for selector in rules:
        if selector.upper().startswith("MCK"):
            return None, f"{selector}: markcheck's own findings (MCK-) cannot be suppressed"
        if not any(selector_matches(selector, rid, name) for rid, name in known.items()):
            guess = _closest(selector.upper(), list(known)) or _closest(selector.lower(), list(known.values()))
            return None, f"{selector!r} matches no rule" + (f" (did you mean {guess[0]}?)" if guess else "")
    return Directive(verb, rules, reason, line, column), None
