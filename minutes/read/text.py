"""Plain text: encoding detection and line-by-line blocks.

Encodings are told by their byte-order mark, then strict UTF-8, then charset-normalizer limited to the
encodings West European offices actually produce, so that cp1252 is never read as Cyrillic.
"""

from __future__ import annotations

import re
from pathlib import Path

import charset_normalizer

from minutes.errors import UnreadableFile
from minutes.read.blocks import Piece, add_line, text_layout, wrap_width
from minutes.read.html import fragment_text, has_markup

BOMS = (
    (b"\xef\xbb\xbf", "utf-8"),
    (b"\xff\xfe", "utf-16-le"),
    (b"\xfe\xff", "utf-16-be"),
)
CANDIDATE_ENCODINGS = ["utf_8", "cp1252", "latin_1", "iso8859_15", "cp850", "utf_16_le", "utf_16_be"]

RULE = re.compile(r"^\s*([=\-~*#_^+])\1{2,}\s*$")
BULLET = re.compile(r"^(?P<indent>\s*)(?P<marker>[-*•–+·▪]|\[[ xX]\])\s+(?P<body>\S.*)$")


def has_utf16_bom(data: bytes) -> bool:
    return data[:2] in (b"\xff\xfe", b"\xfe\xff")


def utf16_without_bom(data: bytes) -> str | None:
    """ "utf-16-le" or "utf-16-be" for Latin-script UTF-16 saved without a byte-order mark: every
    other byte is NUL, on one side only. None for anything else."""
    head = data[:4096] if len(data) % 2 == 0 else b""
    if len(head) < 16:
        return None
    odd, even = head[1::2].count(0) / (len(head) // 2), head[0::2].count(0) / (len(head) // 2)
    if odd > 0.6 and even < 0.05:
        return "utf-16-le"
    if even > 0.6 and odd < 0.05:
        return "utf-16-be"
    return None


def is_utf16(data: bytes) -> bool:
    return has_utf16_bom(data) or utf16_without_bom(data) is not None


def decode(path: Path, data: bytes, *, partial: bool = False) -> str:
    """Bytes to text without mojibake; `partial` tolerates a character cut at the end."""
    errors = "replace" if partial else "strict"
    for bom, encoding in BOMS:
        if data.startswith(bom):
            return data[len(bom) :].decode(encoding, errors=errors)
    if bare_utf16 := utf16_without_bom(data):
        return data.decode(bare_utf16, errors="replace")
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as error:
        if partial and error.start >= len(data) - 3:
            return data[: error.start].decode("utf-8")
    best = charset_normalizer.from_bytes(data, cp_isolation=CANDIDATE_ENCODINGS).best()
    if best is None:
        raise UnreadableFile(path, "text in an encoding that could not be recognised")
    return str(best)


def line_pieces(lines: list[str]) -> list[Piece]:
    """Blocks from lines of plain text: underlined headings, bullets, tab-separated rows; lines cut
    by a hard wrap are joined into their paragraph or list entry again."""
    pieces: list[Piece] = []
    width = wrap_width(lines)
    blank: int | None = None  # blank lines since the last line of text; None before the first
    for line in lines:
        if not line.strip():
            blank = (blank or 0) + 1
            continue
        layout = text_layout(line, blank)
        joins = blank == 0 and bool(pieces) and pieces[-1].kind in ("paragraph", "list_item")
        blank = 0
        if RULE.match(line):
            if pieces and pieces[-1].kind == "paragraph" and not pieces[-1].cells:
                pieces[-1].kind = "heading"
            continue
        if "\t" in line.strip():
            cells = tuple(fragment_text(cell) for cell in line.strip().split("\t"))
            pieces.append(Piece("", "table_row", cells=tuple(c for c in cells if c), lines=[("", layout)]))
            continue
        if has_markup(line):
            pieces.extend(Piece(text, lines=[(text, layout)]) for text in fragment_text(line).split("\n"))
            continue
        bullet = BULLET.match(line.expandtabs(4))
        if bullet:
            level = len(bullet["indent"]) // 2
            marked = bullet["marker"].startswith("[")
            body = bullet["body"] if not marked else line.strip()
            layout.marker = None if marked else bullet["marker"]
            pieces.append(Piece(body, "list_item", level=level, lines=[(body, layout)]))
            continue
        add_line(pieces, line, joins=joins, indented=line[:1].isspace(), width=width, layout=layout)
    return pieces


def read_text(path: Path, data: bytes) -> tuple[list[Piece], int, bool]:
    text = decode(path, data)
    pages = text.split("\f")
    pieces = []
    for number, page in enumerate(pages, start=1):
        for piece in line_pieces(page.splitlines()):
            piece.page = number
            pieces.append(piece)
    return pieces, len(pages), False
