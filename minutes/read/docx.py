"""Word documents (DOCX): paragraphs, headings, lists and tables in body order."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from minutes.errors import UnreadableFile
from minutes.read.blocks import Piece

HEADING_STYLES = ("heading", "überschrift", "overskrift", "title", "titel")
# Uncompressed size beyond which a DOCX is refused as a zip bomb.
MAX_UNCOMPRESSED = 200 * 1024 * 1024


def _paragraph_piece(paragraph: Paragraph, page: int) -> Piece:
    style = (paragraph.style.name if paragraph.style is not None else "").casefold()
    numbered = paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None
    if any(style.startswith(h) for h in HEADING_STYLES):
        digits = "".join(ch for ch in style if ch.isdigit())
        return Piece(paragraph.text, "heading", page, level=int(digits or 1))
    if numbered or "list" in style or "liste" in style:
        level_element = paragraph._p.pPr.numPr.ilvl if numbered else None
        level = int(level_element.val) if level_element is not None else 0
        return Piece(paragraph.text, "list_item", page, level=level)
    return Piece(paragraph.text, "paragraph", page)


def _page_breaks(element) -> int:
    """Page breaks Word rendered or the author inserted inside one body element."""
    rendered = len(element.findall(".//" + qn("w:lastRenderedPageBreak")))
    explicit = sum(1 for br in element.iter(qn("w:br")) if br.get(qn("w:type")) == "page")
    return max(rendered, explicit)


def _table_pieces(table: Table, page: int) -> list[Piece]:
    pieces = []
    for row in table.rows:
        cells: list[str] = []
        for cell in row.cells:  # merged cells repeat; keep each once
            text = "\n".join(p.text for p in cell.paragraphs)
            if not cells or cells[-1] != text:
                cells.append(text)
        if any(c.strip() for c in cells):
            pieces.append(Piece("", "table_row", page, cells=tuple(cells)))
    return pieces


def read_docx(path: Path, data: bytes) -> tuple[list[Piece], int, bool]:
    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
            raise UnreadableFile(path, "unpacks to more than 200 MB (zip bomb?)")
    try:
        document: Document = docx.Document(str(path))
    except Exception as error:  # python-docx raises many kinds for broken packages
        raise UnreadableFile(path, f"broken Word document: {error}") from error
    pieces: list[Piece] = []
    page = 1
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            pieces.append(_paragraph_piece(Paragraph(element, document), page))
        elif element.tag == qn("w:tbl"):
            pieces.extend(_table_pieces(Table(element, document), page))
        page += _page_breaks(element)
    return pieces, page, False
