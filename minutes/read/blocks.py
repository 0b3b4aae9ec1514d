"""What every reader produces (`Piece`) and how pieces become a `RawDocument` with offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from minutes.model import Block, BlockKind, RawDocument

# Invisible or layout-only characters that would split words or names apart: soft hyphen,
# zero-width characters, and the bidirectional controls (embeddings, overrides, isolates, marks).
_INVISIBLE = dict.fromkeys(
    map(
        ord,
        "\u00ad\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e"
        "\u2066\u2067\u2068\u2069",
    ),
    None,
)
# UTF-16 halves that some PDF text layers hand out: paired they are one character, alone nothing.
_SURROGATE = re.compile("[\ud800-\udfff]")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


@dataclass
class Piece:
    """A block before it has its place in the document text."""

    text: str
    kind: BlockKind = "paragraph"
    page: int = 1
    level: int = 0
    cells: tuple[str, ...] = ()


def clean(text: str) -> str:
    """NFC, no invisible characters, runs of spaces folded; line breaks kept."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\ufffd", "")
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def assemble(
    *, filename: str, sha256: str, media_type: str, pages: int, pieces: list[Piece], ocr: bool
) -> RawDocument:
    blocks: list[Block] = []
    offset = 0
    for piece in pieces:
        cells = tuple(clean(cell) for cell in piece.cells)
        body = "\t".join(cells) if cells and any(cells) else clean(piece.text)
        if not body:
            continue
        blocks.append(Block(body, piece.kind, piece.page, offset, offset + len(body), piece.level, cells))
        offset += len(body) + 1  # the newline that joins blocks in RawDocument.text
    return RawDocument(filename, sha256, media_type, max(pages, 1), tuple(blocks), ocr)
