"""What every reader produces (`Piece`) and how pieces become a `RawDocument` with offsets."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from minutes.model import Block, BlockKind, Line, RawDocument
from minutes.vocab import item_start_pattern, marker_pattern, number_line_pattern

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
# A word set letter by letter for emphasis ("A n w e s e n d"): single letters, single spaces.
_LETTER_SPACED = re.compile(r"(?<!\S)(?:[^\W\d_] ){2,}[^\W\d_](?!\S)")
_SPACES = re.compile(r"[ \t\u00a0\u2000-\u200a\u202f\u205f\u3000]+")


# A line that starts something of its own: a label ("Anwesend:", "Brunner, FDP:"), a numbered or
# lettered entry, a bullet, a number; an item heading ("TOP 3", "Punkt 2") is one too.
_OWN_START = re.compile(r"^(\W{0,3}[^\W\d_][\w .,()/&-]{0,40}:(\s|$)|\(?\w{1,4}[.)](\s|$)|[-–•*+·▪]\s|\d)")
WRAPPED_MIN = 30  # characters: a shorter line ends where it ends (a heading, a name, a label)
SENTENCE_END = (".", "!", "?", ":", ";")
TITLE_MAX = 100  # characters: a longer line under a number alone is the item's text, not its title


def wrap_width(lines: list[str]) -> int:
    """The column at which a hard-wrapped text was cut (72, 80 …), or 0 where its lines end where
    their writer ended them: most long lines then end within a few characters of the longest."""
    lengths = [len(line.rstrip()) for line in lines if len(line.strip()) >= WRAPPED_MIN]
    if len(lengths) < 5:
        return 0
    width = max(lengths)
    near = sum(1 for length in lengths if length >= width - 12)
    return width if 60 <= width <= 100 and near >= 0.5 * len(lengths) else 0


def continues(previous: str, line: str, width: int) -> bool:
    """`line` goes on with `previous`, a line cut by a hard wrap: the previous line is long and ends
    mid-sentence (in a comma of a list of names, a hyphen, or at the wrap column), and this one
    starts nothing of its own. A blank line between them ends the paragraph (the caller's part)."""
    before, after = previous.rstrip(), line.strip()
    if len(before) < WRAPPED_MIN or before.endswith(SENTENCE_END) or not after or _starts_own(after):
        return False
    if before.endswith((",", "-")) or after[:1].islower():
        return True
    if before.count(",") >= 2 and "," in after:  # a list of names that runs on
        return True
    # at the wrap column, a capital may go on with the sentence; an item heading ends at its line
    return bool(width) and len(before) >= width - 12 and not _starts_own(before)


def _starts_own(text: str) -> bool:
    return bool(_OWN_START.match(text) or item_start_pattern().match(text))


@dataclass
class Layout:
    """How a line looked where the reader saw it (see `minutes.model.Line`); None where the format
    does not say. `marker` is the bullet or number a reader took off the line's text."""

    top: float | None = None
    bottom: float | None = None
    x0: float | None = None
    x1: float | None = None
    indent: float = 0.0
    centred: bool = False
    size: float | None = None
    bold: bool = False
    gap: float | None = None
    marker: str | None = None


@dataclass
class Piece:
    """A block before it has its place in the document text. `lines` are the lines it was built
    from, each with the text it gave the block; a piece without them is one line without layout."""

    text: str
    kind: BlockKind = "paragraph"
    page: int = 1
    level: int = 0
    cells: tuple[str, ...] = ()
    lines: list[tuple[str, Layout]] = field(default_factory=list)

    def join(self, text: str, layout: Layout) -> None:
        """Go on with the next line: its text after the block's, its layout among the block's lines."""
        if not self.lines:
            self.lines.append((self.text, Layout()))
        self.text = f"{self.text.rstrip()} {text.strip()}"
        self.lines.append((text.strip(), layout))


def clean(text: str) -> str:
    """NFC, no invisible characters, letter-spaced words closed up, runs of spaces folded; line
    breaks kept."""
    if _SURROGATE.search(text):
        text = text.encode("utf-16", "surrogatepass").decode("utf-16", "replace").replace("\ufffd", "")
    text = unicodedata.normalize("NFC", text).translate(_INVISIBLE)
    text = _LETTER_SPACED.sub(lambda m: m[0].replace(" ", ""), text)
    lines = (_SPACES.sub(" ", line).strip() for line in text.replace("\r\n", "\n").split("\n"))
    return "\n".join(line for line in lines if line)


def is_number_line(text: str) -> bool:
    """A line that is only an item's number: "3.", "3.)", "TOP 3", "Ö 3", "§ 4"."""
    return bool(number_line_pattern().match(text.strip()))


def takes_title(pieces: list[Piece], line: str) -> bool:
    """`line` is the title of the number alone on the line before it ("3.)" above "Regnskab"): the
    number stands alone (not in a column of numbers) and the line is short enough to be a title.
    The caller knows the layout and says no where the line is indented under the number."""
    if not pieces or pieces[-1].cells or not is_number_line(pieces[-1].text):
        return False
    in_column = len(pieces) > 1 and not pieces[-2].cells and is_number_line(pieces[-2].text)
    return not in_column and not is_number_line(line) and len(line.strip()) <= TITLE_MAX


def add_line(
    pieces: list[Piece], text: str, *, joins: bool, indented: bool, width: int, layout: Layout | None = None
) -> None:
    """A plain line of text or Markdown as a block of its own, or joined to the block before it: the
    rest of a paragraph or list entry cut by a hard wrap (`joins`: no blank line between them, see
    `continues`), or the title under a number alone on its line (not where the line is indented
    under the number: then it is the item's text)."""
    layout = layout or Layout()
    previous = pieces[-1] if pieces else None
    wrapped = joins and previous is not None and not previous.cells and continues(previous.text, text, width)
    if previous is not None and (wrapped or (not indented and takes_title(pieces, text))):
        previous.join(text, layout)
    else:
        pieces.append(Piece(text, lines=[(text, layout)]))


def text_layout(raw: str, blank_lines: int | None) -> Layout:
    """The layout a line of plain text or Markdown shows: its indent (a space half an em, a tab
    four spaces) and the blank lines above it (None for a text's first line)."""
    expanded = raw.expandtabs(4)
    gap = None if blank_lines is None else float(blank_lines)
    return Layout(indent=(len(expanded) - len(expanded.lstrip())) / 2, gap=gap)


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
        end = offset + len(body)
        lines = _placed_lines(piece, body, offset)
        blocks.append(Block(body, piece.kind, piece.page, offset, end, piece.level, cells, lines))
        offset += len(body) + 1  # the newline that joins blocks in RawDocument.text
    return RawDocument(filename, sha256, media_type, max(pages, 1), tuple(blocks), ocr)


def _placed_lines(piece: Piece, body: str, offset: int) -> tuple[Line, ...]:
    """The piece's lines with their spans in the document text: each found in the block's text
    after the one before (cleaning may have changed a line where it met the next: then it runs to
    where the next one starts). A piece of one line, or a table row, is one line over the block."""
    if piece.cells or len(piece.lines) <= 1:
        layout = piece.lines[0][1] if piece.lines else Layout()
        return (_line(piece.page, offset, body, 0, len(body), layout),)
    starts: list[int] = []
    ends: list[int | None] = []
    cursor = 0
    for text, _ in piece.lines:
        part = text.strip()
        found = body.find(part, cursor) if part else -1
        if found < 0:  # cleaning changed it: look for it as cleaned (most lines need no cleaning)
            part = clean(text)
            found = body.find(part, cursor) if part else -1
        starts.append(found if found >= 0 else cursor)
        ends.append(found + len(part) if found >= 0 else None)
        cursor = ends[-1] or cursor
    lines = []
    for index, (_, layout) in enumerate(piece.lines):
        start, end = starts[index], ends[index]
        if end is None:  # not found as it was: up to where the next line starts
            end = max(starts[index + 1] - 1, start) if index + 1 < len(starts) else len(body)
        lines.append(_line(piece.page, offset, body, start, end, layout))
    return tuple(lines)


def _line(page: int, offset: int, body: str, start: int, end: int, layout: Layout) -> Line:
    top, bottom, x0, x1, size, gap = layout.top, layout.bottom, layout.x0, layout.x1, layout.size, layout.gap
    return Line(
        offset + start,
        offset + end,
        page,
        None if top is None else round(top, 1),
        None if bottom is None else round(bottom, 1),
        None if x0 is None else round(x0, 1),
        None if x1 is None else round(x1, 1),
        round(layout.indent, 1),
        layout.centred,
        None if size is None else round(size, 1),
        layout.bold,
        None if gap is None else round(gap, 1),
        layout.marker or _marker(body[start:end]),
    )


def _marker(text: str) -> str | None:
    found = marker_pattern().match(text)
    return found[0] if found else None
