"""OpenDocument text (ODT): headings, paragraphs, nested lists and tables in body order."""

from __future__ import annotations

import re
import zipfile
from dataclasses import replace
from pathlib import Path

from odfdo import Document, Element

from minutes.errors import UnreadableFile
from minutes.read.blocks import Layout, Piece
from minutes.read.docx import DEFAULT_SIZE, MAX_UNCOMPRESSED

UNIT_POINTS = {"pt": 1.0, "cm": 72 / 2.54, "mm": 72 / 25.4, "in": 72.0}

CONTAINERS = {"text:section", "text:list-item", "text:list-header", "table:table-cell", "draw:frame",
              "draw:text-box", "text:soft-page-break"}  # fmt: skip


def _text(element: Element) -> str:
    return element.text_recursive or ""


class Styles:
    """The look a paragraph style gives its paragraphs (size, weight, centring, left margin),
    looked up once per style name."""

    def __init__(self, document: Document) -> None:
        self.document = document
        self.known: dict[str, Layout] = {}

    def layout(self, element: Element) -> Layout:
        name = element.style or ""
        if name not in self.known:
            self.known[name] = self._look(name)
        return replace(self.known[name])

    def _look(self, name: str) -> Layout:
        style = self.document.get_style("paragraph", name) if name else None
        if style is None:
            return Layout()
        text = style.get_properties(area="text") or {}
        paragraph = style.get_properties(area="paragraph") or {}
        size = _points(text.get("fo:font-size"))
        left = _points(paragraph.get("fo:margin-left"))
        return Layout(
            indent=left / (size or DEFAULT_SIZE) if left else 0.0,
            centred=paragraph.get("fo:text-align") == "center",
            size=size,
            bold=text.get("fo:font-weight") in ("bold", "600", "700", "800", "900"),
        )


def _points(length: str | None) -> float | None:
    """An ODF length ("14pt", "1cm", "0.5in") in points; None for others (percentages)."""
    found = re.fullmatch(r"\s*([\d.]+)\s*(pt|cm|mm|in)\s*", length or "")
    return float(found[1]) * UNIT_POINTS[found[2]] if found else None


def _walk(element: Element, pieces: list[Piece], list_depth: int, styles: Styles) -> None:
    for child in element.children:
        tag = child.tag
        if tag == "text:h":
            level = int(child.get_attribute("text:outline-level") or 1)
            text = _text(child)
            pieces.append(Piece(text, "heading", level=level, lines=[(text, styles.layout(child))]))
        elif tag == "text:p":
            kind = "list_item" if list_depth else "paragraph"
            text = _text(child)
            lines = [(text, styles.layout(child))]
            pieces.append(Piece(text, kind, level=max(list_depth - 1, 0), lines=lines))
        elif tag == "text:list":
            _walk(child, pieces, list_depth + 1, styles)
        elif tag == "table:table":
            for row in child.get_elements("descendant::table:table-row"):
                cells = tuple(_text(cell) for cell in row.get_elements("table:table-cell"))
                if any(c.strip() for c in cells):
                    pieces.append(Piece("", "table_row", cells=cells))
        elif tag in CONTAINERS:
            _walk(child, pieces, list_depth, styles)


def read_odt(path: Path, data: bytes) -> tuple[list[Piece], int, bool]:
    with zipfile.ZipFile(path) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNCOMPRESSED:
            raise UnreadableFile(path, "unpacks to more than 200 MB (zip bomb?)")
    try:
        document = Document(str(path))
        body = document.body
    except Exception as error:  # odfdo raises many kinds for broken packages
        raise UnreadableFile(path, f"broken OpenDocument file: {error}") from error
    pieces: list[Piece] = []
    _walk(body, pieces, 0, Styles(document))
    return pieces, 1, False
