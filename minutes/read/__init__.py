"""read(path) -> RawDocument: the first stage, file to text blocks with pages and offsets.

The reader is chosen by the file's content (magic bytes, markup), the suffix only breaking ties,
so that a web page saved as `.aspx` or a PDF without suffix is still read right.
"""

from __future__ import annotations

import hashlib
import zipfile
from collections.abc import Callable
from pathlib import Path

from minutes.errors import EmptyDocument, UnreadableFile, UnsupportedFormat
from minutes.model import RawDocument
from minutes.names import printable
from minutes.read import docx, html, markup, odt, pdf, text
from minutes.read.blocks import assemble

Reader = Callable[[Path, bytes], tuple[list, int, bool]]

MEDIA_TYPES = {
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "odt": "application/vnd.oasis.opendocument.text",
    "html": "text/html",
    "markdown": "text/markdown",
    "asciidoc": "text/asciidoc",
    "text": "text/plain",
}

READERS: dict[str, Reader] = {
    "pdf": pdf.read_pdf,
    "docx": docx.read_docx,
    "odt": odt.read_odt,
    "html": html.read_html,
    "markdown": markup.read_markdown,
    "asciidoc": markup.read_asciidoc,
    "text": text.read_text,
}

MARKDOWN_SUFFIXES = {".md", ".markdown", ".mdown"}
ASCIIDOC_SUFFIXES = {".adoc", ".asciidoc", ".asc"}
CONTAINER_SUFFIXES = {".pdf": "PDF", ".docx": "Word", ".odt": "OpenDocument"}
ZIP_FORMATS = {"word/document.xml": "docx", "content.xml": "odt"}


def sniff(path: Path, data: bytes) -> str:
    """The format name of a file, from its bytes first and its suffix second."""
    if data.lstrip()[:5] == b"%PDF-":
        return "pdf"
    if data[:4] == b"PK\x03\x04":
        return _sniff_zip(path)
    suffix = path.suffix.lower()
    if suffix in CONTAINER_SUFFIXES:  # a PDF or Word file that holds something else is damaged or mislabelled
        kind = CONTAINER_SUFFIXES[suffix]
        article = "an" if kind[0] in "AEIOU" else "a"
        raise UnreadableFile(path, f"named {suffix} but its content is not {article} {kind} file")
    if b"\x00" in data[:4096] and not text.is_utf16(data):
        raise UnsupportedFormat(path, "binary content")
    head = text.decode(path, data[:8192], partial=True).lstrip().lower()
    if html.looks_like_html(head):
        return "html"
    if suffix in MARKDOWN_SUFFIXES:
        return "markdown"
    if suffix in ASCIIDOC_SUFFIXES:
        return "asciidoc"
    return "text"


def _sniff_zip(path: Path) -> str:
    try:
        with zipfile.ZipFile(path) as archive:
            names = set(archive.namelist())
    except (zipfile.BadZipFile, OSError) as error:
        raise UnreadableFile(path, f"broken zip container: {error}") from error
    for member, name in ZIP_FORMATS.items():
        if member in names:
            return name
    raise UnsupportedFormat(path, "a zip archive that is neither DOCX nor ODT")


def read(path: str | Path) -> RawDocument:
    """Read one file into blocks; raises a `ParseError` subclass naming the file and reason."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as error:
        raise UnreadableFile(path, error.strerror or str(error)) from error
    if not data.strip():
        raise EmptyDocument(path)
    name = sniff(path, data)
    pieces, pages, ocr = READERS[name](path, data)
    document = assemble(
        filename=printable(path.name),
        sha256=hashlib.sha256(data).hexdigest(),
        media_type=MEDIA_TYPES[name],
        pages=pages,
        pieces=pieces,
        ocr=ocr,
    )
    if not document.blocks:
        raise EmptyDocument(path)
    return document
