"""Word documents (DOCX): paragraphs, headings, lists and tables in body order."""

from __future__ import annotations

import zipfile
from pathlib import Path

import docx
from docx.document import Document
from docx.enum.style import WD_STYLE_TYPE
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


def _paragraph_piece(paragraph: Paragraph, page: int, numbers: ListNumbers, looks: Looks) -> Piece:
    style = (paragraph.style.name if paragraph.style is not None else "").casefold()
    num_pr = _numbering(paragraph)
    label = ""
    level = 0
    if num_pr is not None and num_pr.numId is not None:
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        label = numbers.label(str(num_pr.numId.val), level)
    text = f"{label} {paragraph.text}" if label else paragraph.text
    lines = [(text, looks.layout(paragraph, label))]
    if any(style.startswith(h) for h in HEADING_STYLES):
        digits = "".join(ch for ch in style if ch.isdigit())
        return Piece(text, "heading", page, level=int(digits or 1), lines=lines)
    if num_pr is not None or "list" in style or "liste" in style:
        return Piece(text, "list_item", page, level=level, lines=lines)
    return Piece(text, "paragraph", page, lines=lines)


class Looks:
    """How paragraphs look, from their own properties and their style's, each style looked up
    once: python-docx resolves a style by walking the styles part every time it is asked."""

    def __init__(self, document: Document) -> None:
        self.styles = document.styles
        self.known: dict[str | None, tuple[float | None, bool, object, float | None]] = {}

    def _style(self, style_id: str | None) -> tuple[float | None, bool, object, float | None]:
        if style_id not in self.known:
            style = self.styles.get_by_id(style_id, WD_STYLE_TYPE.PARAGRAPH)
            font, form = style.font, style.paragraph_format
            left = form.left_indent
            self.known[style_id] = (
                font.size.pt if font.size is not None else None,
                bool(font.bold),
                form.alignment,
                left.pt if left is not None else None,
            )
        return self.known[style_id]

    def layout(self, paragraph: Paragraph, label: str) -> Layout:
        """Size and weight of the paragraph's text, centring and left indent; its list label."""
        element = paragraph._p
        size, bold, alignment, left = self._style(element.style)
        properties = element.pPr
        if properties is not None:
            if properties.jc_val is not None:
                alignment = properties.jc_val
            if properties.ind_left is not None:
                left = properties.ind_left.pt
        runs = [run for run in element.r_lst if run.text.strip()]
        sizes = [run.rPr.sz.val.pt for run in runs if run.rPr is not None and run.rPr.sz is not None]
        bold_runs = [_bold(run.rPr, bold) for run in runs]
        size = sizes[0] if sizes else size
        indent = left / (size or DEFAULT_SIZE) if left else 0.0
        centred = alignment == WD_ALIGN_PARAGRAPH.CENTER
        return Layout(
            indent=max(indent, 0.0),
            centred=centred,
            size=size,
            bold=bool(runs) and all(bold_runs),
            marker=label or None,
        )


def _bold(properties, inherited: bool) -> bool:
    """A run's weight: its own bold switch, or its paragraph style's."""
    if properties is None or properties.b is None:
        return inherited
    return properties.b.val is not False


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
    looks = Looks(document)
    page = 1
    for element in document.element.body.iterchildren():
        if element.tag == qn("w:p"):
            pieces.append(_paragraph_piece(Paragraph(element, document), page, numbers, looks))
        elif element.tag == qn("w:tbl"):
            pieces.extend(_table_pieces(Table(element, document), page))
        page += _page_breaks(element)
    return pieces, page, False
