"""Where in a document the reader is: preamble, header, body, or inside an authority block.

A cable or memo is read top to bottom through a few regions, and what a line means depends on
the region: a ``(C)`` in the header is a subject's mark, in the body a portion; ``CLASSIFIED BY``
opens an authority block whose wrapped lines belong to it until a paragraph, a label or a blank
line ends it. The regions and the moves between them are named here, so a recogniser asks
"is this the header?" rather than combining flags.

    PREAMBLE --classification line--> HEADER --paragraph--> BODY
    BODY --header-opening classification line (a repeated copy)--> BODY_HEADER --paragraph--> BODY
    any region --CLASSIFIED BY--> AUTHORITY --end of the block--> the region it was opened in
"""

from __future__ import annotations

import enum


class Region(enum.Enum):
    PREAMBLE = "preamble"  # before the first classification line and the first paragraph
    HEADER = "header"  # after a classification line that opens a header, before any paragraph
    BODY = "body"  # the paragraphs
    BODY_HEADER = "body header"  # a header opened again after paragraphs (a repeated header copy)
    AUTHORITY = "authority"  # inside a classification authority block (CLASSIFIED BY …)


class Layout:
    """The region of the line being read, and its named transitions."""

    __slots__ = ("region", "_resume", "header", "body", "authority_open")

    def __init__(self):
        self.region = Region.PREAMBLE
        self._resume = Region.PREAMBLE  # the region an open authority block returns to
        # (derived from the region and set by the transitions alone: read on most lines, where
        # a field costs a fraction of a property call)
        self.header = False
        self.body = False
        self.authority_open = False

    def _enter(self, region: Region) -> None:
        if self.region is Region.AUTHORITY:
            self._resume = region
        else:
            self.region = region
        # (by identity: `in` a set of members calls Enum.__hash__, a Python function, on every
        # classification line of a document that repeats one on each of its 2 million lines)
        self.header = region is Region.HEADER or region is Region.BODY_HEADER
        self.body = region is Region.BODY or region is Region.BODY_HEADER

    # -- transitions ------------------------------------------------------------------------------

    def header_opened(self) -> None:
        """A classification line that opens a header (the first one, a telegram's, a repeat)."""
        self._enter(Region.BODY_HEADER if self.body else Region.HEADER)  # (`body`: of the settled region)

    def paragraph_read(self) -> None:
        """A paragraph or a portion mark: the body has started (a header, if open, has ended)."""
        if self.region is not Region.BODY:  # (most paragraphs follow another)
            self._enter(Region.BODY)

    def authority_opened(self) -> None:
        """CLASSIFIED BY: the lines that follow may continue the block."""
        if self.region is not Region.AUTHORITY:
            self._resume, self.region = self.region, Region.AUTHORITY
            self.authority_open = True

    def authority_closed(self) -> None:
        """A line or a blank that does not continue the block: back to the region it was opened in."""
        if self.region is Region.AUTHORITY:
            self.region = self._resume
            self.authority_open = False
