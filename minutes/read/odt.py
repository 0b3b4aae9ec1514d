"""OpenDocument text (ODT): headings, paragraphs, nested lists and tables in body order."""

from __future__ import annotations

import zipfile
from pathlib import Path

from odfdo import Document, Element

from minutes.errors import UnreadableFile
from minutes.read.blocks import Piece
from minutes.read.docx import MAX_UNCOMPRESSED

CONTAINERS = {"text:section", "text:list-item", "text:list-header", "table:table-cell", "draw:frame",
              "draw:text-box", "text:soft-page-break"}  # fmt: skip


def _text(element: Element) -> str:
    return element.text_recursive or ""


def _walk(element: Element, pieces: list[Piece], list_depth: int) -> None:
    for child in element.children:
        tag = child.tag
        if tag == "text:h":
            level = int(child.get_attribute("text:outline-level") or 1)
            pieces.append(Piece(_text(child), "heading", level=level))
        elif tag == "text:p":
            kind = "list_item" if list_depth else "paragraph"
            pieces.append(Piece(_text(child), kind, level=max(list_depth - 1, 0)))
        elif tag == "text:list":
            _walk(child, pieces, list_depth + 1)
        elif tag == "table:table":
            for row in child.get_elements("descendant::table:table-row"):
                cells = tuple(_text(cell) for cell in row.get_elements("table:table-cell"))
                if any(c.strip() for c in cells):
                    pieces.append(Piece("", "table_row", cells=cells))
        elif tag in CONTAINERS:
            _walk(child, pieces, list_depth)


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
    _walk(body, pieces, 0)
    return pieces, 1, False
