"""Layout stage: read -> **layout** -> structure.

Reports reach us laid out in ways the structure stage should not have to know about:
crawled records with a metadata header or as a CSV record, bodies collapsed onto one
line, text hard-wrapped at a page's width with page footers between the pages, tables
printed one cell per line. Each pass turns one such layout back into blocks of logical
lines, every character keeping its source position:

1. :mod:`records` — what a crawler wrapped around the report goes (its title and date
   into the document's metadata), a title run into the body gets a line of its own;
2. :mod:`furniture` — page footers and bare page numbers go; converter headings over
   tables become plain lines;
3. :mod:`cells` — a table row printed one cell per line goes back on one line;
4. :mod:`unwrap` — hard-wrapped lines are joined into paragraphs, a wrapped title or
   heading into one line;
5. :mod:`glued` — a heading glued into a collapsed body is put on a line of its own.
"""

from __future__ import annotations


from gik_lint.layout.cells import join_cells
from gik_lint.layout.furniture import drop_furniture
from gik_lint.layout.glued import split_glued
from gik_lint.layout.lines import Line
from gik_lint.layout.records import strip_record
from gik_lint.layout.unwrap import unwrap
from gik_lint.read import Document
from gik_lint.records import replace

__all__ = ["normalize"]


def normalize(document: Document, vocabulary) -> Document:
    """The document with its blocks laid out as logical lines (a new Document; the
    reader's is left as it was). ``vocabulary`` knows the section titles."""
    if document.not_assessable or not document.blocks:
        return document
    meta = dict(document.meta)
    lines = [Line(block, i) for i, block in enumerate(document.blocks)]
    lines = strip_record(lines, meta)
    lines, continued = drop_furniture(lines)
    lines = join_cells(lines, vocabulary)
    lines = unwrap(lines, document.format, continued, vocabulary)
    lines = split_glued(lines, vocabulary)
    if not lines:  # nothing but a crawler's wrapping: judge what there is
        return document
    blocks = [line.block for line in lines]
    tables = [replace(t, after_block=sum(line.origin < t.after_block for line in lines)) for t in document.tables]
    return replace(document, blocks=blocks, tables=tables, meta=meta)
