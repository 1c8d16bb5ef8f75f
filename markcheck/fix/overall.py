"""The overall marking's fixers: raise-level (ROL-001 raises the level word, keeping the line's
style, in every classification line that carried it and in the security code; a foreign head is
raised by fix.foreign_head) and add-noforn
(DIS-001: a cable's NOFORN caption line, or ``//NOFORN`` in a memo's standard-form lines), and
complete-families (ROL-010..012: a memo's standard-form lines gain the roll-up's SCI, special
access program and atomic energy values, ``SECRET//SI//NOFORN`` becoming ``SECRET//SI/TK//NOFORN``,
in CAPCO order and banner form, every value it had kept). Nothing here lowers a level or removes a control."""

from __future__ import annotations

import re
from dataclasses import replace

from ..model import Banner, Level, Marking, Portion

_SECURITY_CODES = {"CCCCC": Level.C, "SSSSS": Level.S, "TTTTT": Level.TS}
_CODE_FOR_LEVEL = {level: code for code, level in _SECURITY_CODES.items()}


class OverallFixes:
    """The overall marking's part of the planner (`plan._Planner`): it needs the planner's `doc`,
    `source`, `plan`, `serving`, `edit`, `note`, `line_text` and `line_break_after`."""

    def plan_overall(self, served: dict) -> None:
        first = self.doc.first_banner
        raise_to = None
        if "raise-level" in served:
            raise_to = self._raise_target(first, served["raise-level"][0])
        noforn = False
        if "add-noforn" in served:
            noforn = self._noforn_needed(first, served["add-noforn"][0])
        families = "complete-families" in served and self._families_needed(first, served["complete-families"][0])
        if raise_to is not None or noforn or families:
            self._overall(first, raise_to, noforn, families)

    # raise-level (ROL-001) ----------------------------------------------------------------------

    def _body_rollup(self, first: Banner) -> Marking | None:
        """The roll-up of the portions after the first classification line (the document proper)."""
        from ..rollup import rollup

        return rollup(p.marking for p in self.doc.portions
                      if p.marking is not None and p.span.line > first.span.line)

    def _raise_target(self, first: Banner | None, finding) -> Level | None:
        declined = finding.rule, finding.line, finding.column
        if first is None or first.marking.level is None or self.doc.rollup is None:
            return None
        old = first.marking.level
        wanted = self.doc.rollup.level
        if wanted is None or wanted <= old:
            return None
        body = self._body_rollup(first)
        if body is None or body.level != wanted:
            self.note(*declined, "not changed by --fix: the portion that requires the higher level comes before "
                                 "the classification line, so it may not belong to the document")
            return None
        if old < Level.C:
            self.note(*declined, "not changed by --fix: raising an UNCLASSIFIED line is for a person to decide")
            return None
        return wanted

    # add-noforn (DIS-001) -----------------------------------------------------------------------

    def _noforn_needed(self, first: Banner | None, finding) -> bool:
        declined = finding.rule, finding.line, finding.column
        doc = self.doc
        if first is None or doc.classification is None or doc.rollup is None:
            return False
        if doc.classification.noforn or not doc.rollup.noforn:
            return False
        if first.marking.level is None:  # RESTRICTED (LVL-003): the level is a person's to set first
            self.note(*declined, f"not changed by --fix: the classification line {first.raw!r} carries no US "
                                 f"level; a person decides the level, then NOFORN")
            return False
        classified = doc.rollup.level is not None and doc.rollup.level > Level.U
        portions = [p for p in doc.portions if p.marking is not None and p.span.line > first.span.line]
        if not any(_requires_noforn(p, classified) for p in portions):
            if any(_requires_noforn(p, classified) for p in doc.portions if p.marking is not None):
                why = ("the NOFORN portion comes before the classification line, so it may not belong to the "
                       "document")
            else:
                why = "no portion is marked NOFORN: the roll-up asks for NOFORN because the release lists do not agree"
            self.note(*declined, f"not changed by --fix: {why}; a person decides")
            return False
        if first.marking.rel_to is not None:
            self.note(*declined, "not changed by --fix: the classification line carries a release marking, "
                                 "which NOFORN would replace; a person decides")
            return False
        return True

    # complete-families (ROL-010..012) ----------------------------------------------------------

    def _families_needed(self, first: Banner | None, finding) -> bool:
        doc = self.doc
        if first is None or first.marking.level is None or doc.rollup is None:
            return False
        if doc.profile == "state_cable":
            self.note(finding.rule, finding.line, finding.column,
                      "not changed by --fix: a telegram's classification line is completed by hand")
            return False
        body = self._body_rollup(first)
        if body is None or with_families(first.marking, body) == first.marking:
            self.note(finding.rule, finding.line, finding.column,
                      "not changed by --fix: the portion that carries the value comes before the classification "
                      "line, so it may not belong to the document")
            return False
        return True

    # the overall marking -----------------------------------------------------------------------

    def _overall(self, first: Banner, raise_to: Level | None, noforn: bool, families: bool = False) -> None:
        old_level = first.marking.level
        state = self.doc.profile == "state_cable"
        targets = [b for b in self.doc.banners if b.marking.level == old_level
                   and (raise_to is not None or b.marking == first.marking)]
        edits, notes = len(self.plan.edits), len(self.plan.notes)
        for banner in targets:
            if not state and (noforn or families):
                self._rewrite_standard(banner, raise_to, noforn, families)
            elif raise_to is not None:
                self._raise_designation(banner, raise_to)
        if len(self.plan.notes) > notes:
            # The classification lines must stay equal (HDR-003): all of them change, or none.
            del self.plan.edits[edits:]
            if len(targets) > 1:
                self.note(self.plan.notes[notes].rule, first.span.line, first.span.column,
                          "not changed by --fix: the classification lines are left as they are, since one of "
                          "them cannot be rewritten safely and they must stay equal")
        elif raise_to is not None:
            self._security_code(old_level, raise_to)
        if state and noforn:
            self._caption_line(first)

    def _segment(self, banner: Banner) -> str | None:
        """The banner's text in the source, if its span is one line and reads as it was read."""
        span = banner.span
        if span.line != span.end_line:
            return None
        return self.line_text(span.line)[span.column - 1:span.end_column - 1]

    def _raise_designation(self, banner: Banner, level: Level) -> None:
        if banner.marking.owner:  # //NATO SECRET, //JOINT CONFIDENTIAL CAN USA: the owner's own head
            from .foreign_head import raise_head

            raise_head(self, banner, level)
            return
        where = self.serving["raise-level"], banner.span.line, banner.span.column
        segment = self._segment(banner)
        if segment is None or banner.designation != banner.marking.level.banner:
            self.note(*where, f"not changed by --fix: the classification line {banner.raw!r} is not in a form "
                              "markcheck rewrites safely")
            return
        found = _find_designation(segment, banner.marking.level)
        if found is None:
            self.note(*where, f"not changed by --fix: the level word of {banner.raw!r} is irregularly written; "
                              f"raise it to {level.banner} by hand")
            return
        length, style = found
        new_word = _render_designation(level, style)
        self.edit(where[0], banner.span.line, banner.span.column, banner.span.column + length, new_word,
                  f"raise {segment[:length]!r} to {new_word!r}")

    def _rewrite_standard(self, banner: Banner, raise_to: Level | None, noforn: bool = True,
                          families: bool = False) -> None:
        """Memo style: a classification line written exactly in its standard form gets the target
        form: raised, with NOFORN, with the roll-up's SCI, SAP and atomic energy values."""
        segment = self._segment(banner)
        marking = banner.marking
        target = replace(marking, level=raise_to or marking.level, written=(),
                         dissem=marking.dissem | ({"NOFORN"} if noforn else set()))
        if families:
            target = with_families(target, self._body_rollup(self.doc.first_banner),
                                   [v for p in self.doc.portions if p.marking is not None for v in p.marking.sap])
        rule = self.serving["add-noforn" if noforn else "complete-families"]
        if segment is None or segment.strip() != marking.banner() or marking.rel_to is not None:
            self.note(rule, banner.span.line, banner.span.column,
                      f"not changed by --fix: {banner.raw!r} is not written in the standard form "
                      f"{marking.banner()!r}; write {target.banner()!r} by hand")
            return
        lead = len(segment) - len(segment.lstrip())
        text = segment.strip()
        new = target.banner()
        self.edit(rule, banner.span.line, banner.span.column + lead, banner.span.column + lead + len(text), new,
                  f"complete {text!r} to {new!r}")

    def _security_code(self, old: Level, new: Level) -> None:
        doc = self.doc
        code, span = doc.tx_security_code, doc.tx_security_span
        if code is None or span is None or _SECURITY_CODES.get(code) != old:
            return
        if self.line_text(span.line)[span.column - 1:span.end_column - 1] != code:
            return
        self.edit(self.serving["raise-level"], span.line, span.column, span.end_column, _CODE_FOR_LEVEL[new],
                  f"raise the security code {code} to {_CODE_FOR_LEVEL[new]}")

    def _caption_line(self, first: Banner) -> None:
        """Add a NOFORN caption line after the first classification line of a cable."""
        where = self.serving["add-noforn"], first.span.line, first.span.column
        line = first.span.line
        text = self.line_text(line)
        if first.span.end_line != line or text[first.span.end_column - 1:].strip():
            self.note(*where, "not changed by --fix: the classification line shares its line with other "
                              "header text; add a NOFORN caption line by hand")
            return
        newline = self.line_break_after(line)
        caption_lines = {c.span.line for c in self.doc.captions if c.span.line > line}
        following = line + 1
        while following <= len(self.source.lines) and not self.line_text(following).strip():
            following += 1
        if following in caption_lines and not self.line_text(following)[:1].isspace():
            # Captions follow: NOFORN goes first (the most restrictive caption leads).
            self.edit(where[0], following, 1, 1, "NOFORN" + newline, "add the NOFORN caption line")
            return
        end = len(text) + 1
        self.edit(where[0], line, end, end, newline + newline + "NOFORN", "add the NOFORN caption line")


def with_families(marking: Marking, rollup: Marking | None, seen=()) -> Marking:
    """`marking` with the SCI, SAP and atomic energy values of `rollup` added (capco.rollup), its
    special access programs in its own form (by nickname or abbreviation, a nickname found among
    the SAP values `seen` in the document's portions)."""
    if rollup is None:
        return marking
    from ..capco.rollup import with_values_in_form

    return with_values_in_form(marking, rollup, seen)


def _requires_noforn(p: Portion, classified: bool) -> bool:
    m = p.marking
    return m.noforn or (classified and bool(m.non_ic & {"SBU NOFORN", "LES NOFORN"}))


# --- designations -----------------------------------------------------------------------------

def _find_designation(segment: str, level: Level) -> tuple[int, str] | None:
    """(length, style) of `level`'s word at the start of `segment`; style is ``plain``,
    ``spaced`` or ``spaced-title`` (``S e c r e t``). None when irregularly written."""
    plain = re.escape(level.banner).replace(r"\ ", r"\s+")
    m = re.match(plain + r"(?![A-Za-z0-9])", segment)
    if m:
        return m.end(), "plain"
    # letter-spaced: each word's letters one blank apart, words up to three (T O P   S E C R E T)
    spaced = " {1,3}".join(" ".join(word) for word in level.banner.split())
    m = re.match(spaced + r"(?![A-Za-z0-9])", segment, re.I)
    if not m:
        return None
    chars = [c for c in m.group(0) if c.isalpha()]
    if all(c.isupper() for c in chars):
        return m.end(), "spaced"
    if chars[0].isupper() and all(c.islower() for c in chars[1:]):
        return m.end(), "spaced-title"
    return None


def _render_designation(level: Level, style: str) -> str:
    if style == "plain":
        return level.banner
    words = level.banner.split()
    if style == "spaced-title":
        words = [w.capitalize() for w in words]
    return " ".join(" ".join(word) for word in words)

