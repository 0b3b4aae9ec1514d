"""Word documents (DOCX): paragraphs, headings, lists and tables in body order."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.table import Table
from docx.text.paragraph import Paragraph

from minutes.errors import UnreadableFile
from minutes.read.blocks import Layout, Piece

# How Word renders list numbers (w:numFmt); bullets and unknown formats get no label.
NUMBER_FORMATS = {
    "decimal": str,
    "lowerLetter": lambda n: chr(ord("a") + (n - 1) % 26),
    "upperLetter": lambda n: chr(ord("A") + (n - 1) % 26),
}
HEADING_STYLES = ("heading", "überschrift", "overskrift", "title", "titel")
DEFAULT_SIZE = 11.0  # points: Word's body size where a document sets none
# Uncompressed size beyond which a DOCX is refused as a zip bomb.
MAX_UNCOMPRESSED = 200 * 1024 * 1024


class ListNumbers:
    """The numbers Word shows before list paragraphs, counted as Word counts them.

    The numbering lives in numbering.xml, not in the text: without it "1. Konstituering" reads as
    "Konstituering", and the agenda loses its item numbers.
    """

    def __init__(self, document: Document) -> None:
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}
        self.counters: dict[str, dict[int, int]] = {}
        try:
            numbering = document.part.numbering_part.element
        except (KeyError, NotImplementedError):  # a document without lists has no numbering part
            return
        abstract = {a.get(qn("w:abstractNumId")): a for a in numbering.findall(qn("w:abstractNum"))}
        for num in numbering.findall(qn("w:num")):
            reference = num.find(qn("w:abstractNumId"))
            definition = abstract.get(reference.get(qn("w:val"))) if reference is not None else None
            for lvl in definition.findall(qn("w:lvl")) if definition is not None else ():
                fmt, text, start = (lvl.find(qn(f"w:{name}")) for name in ("numFmt", "lvlText", "start"))
                self.levels[(num.get(qn("w:numId")), int(lvl.get(qn("w:ilvl"))))] = (
                    fmt.get(qn("w:val")) if fmt is not None else "decimal",
                    text.get(qn("w:val")) if text is not None else "",
                    int(start.get(qn("w:val"))) if start is not None else 1,
                )

    def label(self, num_id: str, level: int) -> str:
        """The next label of list `num_id` at `level` ("2.", "b)"), or "" for bullets."""
        counters = self.counters.setdefault(num_id, {})
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        fmt, pattern, start = self.levels.get((num_id, level), ("bullet", "", 1))
        counters[level] = counters.get(level, start - 1) + 1
        if fmt not in NUMBER_FORMATS or not pattern:
            return ""
        for lvl in range(level + 1):
            fmt_lvl, _, start_lvl = self.levels.get((num_id, lvl), ("decimal", "", 1))
            value = counters.get(lvl, start_lvl)
            pattern = pattern.replace(f"%{lvl + 1}", NUMBER_FORMATS.get(fmt_lvl, str)(value))
        return pattern


def _numbering(paragraph: Paragraph):
    """The paragraph's list numbering, set on the paragraph or inherited from its style."""
    if paragraph._p.pPr is not None and paragraph._p.pPr.numPr is not None:
        return paragraph._p.pPr.numPr
    style = paragraph.style
    while style is not None:
        if style.element.pPr is not None and style.element.pPr.numPr is not None:
            return style.element.pPr.numPr
        style = style.base_style
    return None


def _paragraph_piece(paragraph: Paragraph, page: int, numbers: ListNumbers) -> Piece:
    style = (paragraph.style.name if paragraph.style is not None else "").casefold()
    num_pr = _numbering(paragraph)
    label = ""
    level = 0
    if num_pr is not None and num_pr.numId is not None:
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        label = numbers.label(str(num_pr.numId.val), level)
    text = f"{label} {paragraph.text}" if label else paragraph.text
    lines = [(text, _layout(paragraph, label))]
    if any(style.startswith(h) for h in HEADING_STYLES):
        digits = "".join(ch for ch in style if ch.isdigit())
        return Piece(text, "heading", page, level=int(digits or 1), lines=lines)
    if num_pr is not None or "list" in style or "liste" in style:
        return Piece(text, "list_item", page, level=level, lines=lines)
    return Piece(text, "paragraph", page, lines=lines)


def _layout(paragraph: Paragraph, label: str) -> Layout:
    """A paragraph's look as Word says it, directly or through its style: the size and weight of
    its text, centring and left indent; the list label Word numbers it with."""
    runs = [run for run in paragraph.runs if run.text.strip()]
    style_font = paragraph.style.font if paragraph.style is not None else None
    sizes = [run.font.size or (style_font.size if style_font else None) for run in runs]
    size = sizes[0].pt if sizes and sizes[0] is not None else None
    bold = bool(runs) and all(
        run.bold if run.bold is not None else bool(style_font and style_font.bold) for run in runs
    )
    formats = [paragraph.paragraph_format]
    if paragraph.style is not None:
        formats.append(paragraph.style.paragraph_format)
    alignment = next((f.alignment for f in formats if f.alignment is not None), None)
    left = next((f.left_indent for f in formats if f.left_indent is not None), None)
    indent = left.pt / (size or DEFAULT_SIZE) if left is not None else 0.0
    centred = alignment == WD_ALIGN_PARAGRAPH.CENTER
    return Layout(indent=max(indent, 0.0), centred=centred, size=size, bold=bold, marker=label or None)


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
    numbers = ListNumbers(document)
    page = 1
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            pieces.append(_paragraph_piece(Paragraph(element, document), page, numbers))
        elif element.tag == qn("w:tbl"):
            pieces.extend(_table_pieces(Table(element, document), page))
        page += _page_breaks(element)
    return pieces, page, False
