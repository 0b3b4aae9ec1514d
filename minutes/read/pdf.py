"""PDF text through PDFium: lines in reading order, side-by-side columns kept apart, running headers
and footers dropped, pages without a text layer sent through tesseract OCR.

PDFium (pypdfium2) gives every character with its box and font; words, lines, columns and table rows
are built from those boxes here. That is what pdfminer's layout pass (pdfplumber) would give, at a
tenth of the time. Each page is closed as soon as its lines are taken, so memory stays flat on long
documents.
"""

from __future__ import annotations

import ctypes
import math
import os
import re
import shutil
import statistics
from collections import Counter
from dataclasses import dataclass, field, replace
from pathlib import Path

import pypdfium2
import pypdfium2.raw as pdfium_c

from minutes.errors import EncryptedDocument, OCRUnavailable, UnreadableFile
from minutes.read.blocks import TITLE_MAX, Layout, Piece, is_number_line
from minutes.vocab import case_reference_patterns, item_start_pattern, page_number_patterns

OCR_LANGUAGES = "deu+dan"
OCR_DPI = 300
OCR_PAGE_SECONDS = 120  # tesseract's time for one page; past it the page is left without text
OCR_SIZE = 10.0  # points: the size every OCR line is given
OCR_CAP_HEIGHT = 0.75  # the height of a word box without descenders as a share of the font size
DESCENDERS = frozenset("gjpqyQ(),;[]{}|")
DESCENDER_SHARE = 0.78  # the height of a box without its descender, as a share of the whole
COLUMN_GAP_EM = 2.0  # a horizontal gap this many font sizes wide separates two segments
# How many lines at the top and bottom of a page may be running headers or footers.
EDGE_LINES = 3
REFERENCE_LINE = 40  # characters: a line this short holding a case reference is that reference
SAME_PLACE = 6.0  # points: lines this close in height stand at the same place on two pages
# A "Label: value" segment ("Protokoll: Gerlinde Vogt") ends a column region.
LABEL_VALUE = re.compile(r"^[^:]{1,40}:\s+\S")
# A line that starts a list entry or a numbered item is never the wrap of the line before.
LIST_START = re.compile(r"^([-–•*▪]\s|\(?\w{1,3}(?:\.\w{1,3}){0,2}[.)]\s|\S{1,12}\s\d{1,2}[.):]\s)")
BULLET = re.compile(r"^[•▪●◦‣∙·\uf0b7\uf0a7-]\s+")
# Two characters belong to one word when the gap between them is at most this share of the font size.
WORD_GAP = 0.15
# Characters PDFium reports that are not text: generated line breaks, NULs, and its marker for a
# hyphen that breaks a word at the end of a line (kept as "-" so wrapped lines can be rejoined).
PDFIUM_HYPHENS = {"\x02", "\ufffe"}
SKIPPED = {"\x00"}
BOLD_FONT = re.compile(r"bold|black|heavy", re.I)


@dataclass
class Segment:
    x0: float
    x1: float
    text: str


@dataclass
class Row:
    """The words of a page at one height, as segments split by wide gaps (columns, table cells);
    `parts` are the rows it was joined from, each with its text and layout."""

    top: float
    bottom: float
    size: float
    bold: bool
    segments: list[Segment] = field(default_factory=list)
    parts: list[tuple[str, Layout]] = field(default_factory=list)

    @property
    def x0(self) -> float:
        return self.segments[0].x0

    @property
    def x1(self) -> float:
        return self.segments[-1].x1

    @property
    def text(self) -> str:
        return " ".join(s.text for s in self.segments)


@dataclass
class Word:
    text: str
    x0: float
    x1: float
    top: float
    bottom: float
    size: float
    bold: bool


def _words(page: pypdfium2.PdfPage) -> list[Word]:
    """The words of a page, from PDFium's characters and their boxes (top-down coordinates)."""
    height = page.get_height()
    textpage = page.get_textpage()
    try:
        raw = textpage.raw
        count = textpage.count_chars()
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP: ask one by one
            text = "".join(chr(pdfium_c.FPDFText_GetUnicode(raw, i)) for i in range(count))
        box, matrix = pdfium_c.FS_RECTF(), pdfium_c.FS_MATRIX()
        font = ctypes.create_string_buffer(256)
        words: list[Word] = []
        word: Word | None = None
        for index, char in enumerate(text):
            if char.isspace() or char in SKIPPED:
                word = None
                continue
            if char in PDFIUM_HYPHENS:
                char = "-"
            pdfium_c.FPDFText_GetLooseCharBox(raw, index, box)
            x0, x1, top, bottom = box.left, box.right, height - box.top, height - box.bottom
            if (
                word is not None
                and word.x0 - 1 <= x0 <= word.x1 + WORD_GAP * word.size
                and abs(top - word.top) < word.size * 0.5
            ):
                word.text += char
                word.x1, word.bottom = max(word.x1, x1), max(word.bottom, bottom)
                continue
            # The font size in the text's own units, times the scale of the text matrix: the size on the page.
            pdfium_c.FPDFText_GetMatrix(raw, index, matrix)
            size = pdfium_c.FPDFText_GetFontSize(raw, index) * (math.hypot(matrix.c, matrix.d) or 1.0)
            pdfium_c.FPDFText_GetFontInfo(raw, index, font, len(font), None)
            bold = bool(BOLD_FONT.search(font.value.decode("latin-1")))
            word = Word(char, x0, x1, top, bottom, size, bold)
            words.append(word)
        return words
    finally:
        textpage.close()


def _lines(words: list[Word]) -> list[Row]:
    words.sort(key=lambda w: (round(w.top), w.x0))
    rows: list[list[Word]] = []
    for word in words:
        if rows and abs(word.top - rows[-1][0].top) <= max(2.0, word.size * 0.4):
            rows[-1].append(word)
        else:
            rows.append([word])
    lines = []
    for row in rows:
        size = statistics.median(w.size for w in row)
        line = Row(min(w.top for w in row), max(w.bottom for w in row), size, all(w.bold for w in row))
        lines.append(_with_segments(line, row, COLUMN_GAP_EM * size))
    return lines


def _with_segments(line: Row, words: list[Word], gap: float) -> Row:
    """The words of one row as the line's segments: a gap wider than `gap` starts another (a
    column, or a cell of a table row)."""
    for word in sorted(words, key=lambda w: w.x0):
        if line.segments and word.x0 - line.segments[-1].x1 <= gap:
            last = line.segments[-1]
            last.text, last.x1 = f"{last.text} {word.text}", word.x1
        else:
            line.segments.append(Segment(word.x0, word.x1, word.text))
    return line


def _is_column_header(line: Row) -> bool:
    """A row of short column titles such as "Anwesend | Entschuldigt | Verteiler"."""
    return len(line.segments) >= 2 and all(
        ":" not in s.text.rstrip(":") and len(s.text.split()) <= 4 for s in line.segments
    )


def _column_region(lines: list[Row], start: int) -> int:
    """The end (exclusive) of the column region that starts at `start`, or `start` if none."""
    anchors = [s.x0 for s in lines[start].segments]
    end = start + 1
    while end < len(lines):
        line, previous = lines[end], lines[end - 1]
        if line.top - previous.bottom > 2.5 * (previous.bottom - previous.top):
            break
        aligned = all(any(abs(s.x0 - a) < 6 for a in anchors) for s in line.segments)
        spans_columns = any(s.x1 > a + 6 for s in line.segments for a in anchors if a > s.x0 + 6)
        labelled = any(LABEL_VALUE.match(s.text) for s in line.segments)
        if not aligned or spans_columns or labelled:
            break
        end += 1
    return end if end - start >= 3 else start


def _column_pieces(lines: list[Row], page: int) -> list[Piece]:
    anchors = [s.x0 for s in lines[0].segments]
    columns: list[list[Piece]] = [[] for _ in anchors]
    for line in lines:
        layout = line.parts[0][1]
        for segment in line.segments:
            index = max(i for i, a in enumerate(anchors) if segment.x0 >= a - 6)
            seen = replace(layout, x0=segment.x0, x1=segment.x1, indent=0.0, centred=False)
            columns[index].append(Piece(segment.text, page=page, lines=[(segment.text, seen)]))
    return [piece for column in columns for piece in column]


def _merge_paragraphs(lines: list[Row]) -> list[Row]:
    """Join wrapped lines of running text; short lines (labels, list entries) stay apart."""
    if not lines:
        return lines
    right = max(line.x1 for line in lines)
    left = min(line.x0 for line in lines)
    merged = [lines[0]]
    for line in lines[1:]:
        previous = merged[-1]
        height = previous.bottom - previous.top
        # A wrapped list entry continues under its text, to the right of its bullet.
        hanging = bool(LIST_START.match(previous.text)) and 0 < line.x0 - previous.x0 < 3 * line.size
        wraps = (
            len(previous.segments) == 1
            and len(line.segments) == 1
            and (abs(line.x0 - previous.x0) < 3 or hanging)
            and abs(line.size - previous.size) < 0.5
            and line.bold == previous.bold
            and 0 <= line.top - previous.bottom < 0.9 * height
            and previous.x1 - left > 0.75 * (right - left)
            and not previous.text.rstrip().endswith(":")
            and not LIST_START.match(line.text)
            and not item_start_pattern().match(line.text)
            and not _reference_line(line.text)
        )
        if wraps:
            head = previous.segments[0]
            joiner = "" if head.text.endswith("-") and line.text[:1].islower() else " "
            text = head.text[:-1] if joiner == "" else head.text
            head.text, head.x1 = f"{text}{joiner}{line.text}", max(head.x1, line.x1)
            previous.bottom = line.bottom
            if joiner == "":  # the hyphen that broke the word is gone from the block's text
                last, layout = previous.parts[-1]
                previous.parts[-1] = (last[:-1], layout)
            previous.parts.extend(line.parts)
        else:
            merged.append(line)
    return merged


def _reference_line(text: str) -> bool:
    """A line that is a case or file reference ("ABC-2025-001234") is a fact of its own."""
    return len(text) <= REFERENCE_LINE and any(p.search(text) for p in case_reference_patterns())


def _number_titles(lines: list[Row]) -> list[Row]:
    """A number alone on its line ("3.)", often centred) and the title under it as one line; a
    line indented under the number is the item's text, and a column of numbers stays."""
    joined: list[Row] = []
    for line in lines:
        previous = joined[-1] if joined else None
        column = len(joined) > 1 and is_number_line(joined[-2].text)
        if (
            previous is not None
            and len(previous.segments) == 1
            and len(line.segments) == 1
            and is_number_line(previous.text)
            and not column
            and not is_number_line(line.text)
            and len(line.text) <= TITLE_MAX
            and line.x0 <= previous.x0 + line.size
        ):
            head = previous.segments[0]
            head.text, head.x1 = f"{head.text} {line.text}", max(head.x1, line.x1)
            head.x0 = min(head.x0, line.x0)
            previous.bottom, previous.size, previous.bold = line.bottom, line.size, line.bold
            previous.parts.extend(line.parts)
            continue
        joined.append(line)
    return joined


def _laid_out(rows: list[Row]) -> list[Row]:
    """Each row's look on its page, before rows are joined: its indent from the page's left text
    edge, whether it stands centred between the text's edges, and the gap above it."""
    if not rows:
        return rows
    left, right = min(row.x0 for row in rows), max(row.x1 for row in rows)
    middle = (left + right) / 2
    previous = None
    for row in rows:
        size = row.size or OCR_SIZE
        centred = (
            len(row.segments) == 1
            and row.x0 - left > 2 * size
            and abs((row.x0 + row.x1) / 2 - middle) <= max(size, 0.03 * (right - left))
        )
        gap = None if previous is None else max(row.top - previous.bottom, 0.0) / size
        indent = (row.x0 - left) / size
        layout = Layout(row.top, row.bottom, row.x0, row.x1, indent, centred, row.size, row.bold, gap)
        row.parts = [(row.text, layout)]
        previous = row
    return rows


def _page_pieces(lines: list[Row], page: int, body_size: float) -> list[Piece]:
    pieces: list[Piece] = []
    index = 0
    lines = _merge_paragraphs(_number_titles(_laid_out(lines)))
    while index < len(lines):
        line = lines[index]
        if _is_column_header(line):
            end = _column_region(lines, index)
            if end > index:
                pieces.extend(_column_pieces(lines[index:end], page))
                index = end
                continue
        if len(line.segments) >= 2:
            cells = tuple(s.text for s in line.segments)
            pieces.append(Piece("", "table_row", page, cells=cells, lines=line.parts))
        elif (line.size >= body_size * 1.15 or line.bold) and len(line.text) < 120:
            level = 1 if line.size >= body_size * 1.4 else 2 if line.size >= body_size * 1.15 else 3
            pieces.append(Piece(line.text, "heading", page, level=level, lines=line.parts))
        elif bullet := BULLET.match(line.text):
            first, layout = line.parts[0]
            parts = [(first[bullet.end() :], replace(layout, marker=bullet[0].strip())), *line.parts[1:]]
            pieces.append(Piece(line.text[bullet.end() :], "list_item", page, lines=parts))
        else:
            pieces.append(Piece(line.text, "paragraph", page, lines=line.parts))
        index += 1
    return pieces


def _edge_key(line: Row, counted: bool = False) -> tuple[str, int]:
    """A line at the top or bottom of a page as it would repeat on other pages: its text and its
    place on the page; `counted` (a line that says it counts pages, "Seite 3 von 12") with its
    numbers masked, since a count may start after a cover page or run over several documents."""
    text = line.text.casefold().strip()
    if counted:
        text = re.sub(r"\d+", "#", text)
    return text, round(line.top / SAME_PLACE)


def _drop_running_lines(pages: list[list[Row]]) -> list[list[Row]]:
    """Drop page numbers and lines repeated, at the same place, at the top or bottom of most pages.

    A line repeats with the same text; a number that differs from page to page may differ only in
    a line that says it counts pages ("Seite 3", "Side 3 af 12"), never in an item heading that
    happens to carry its page's number. A line holding a case or file reference is never dropped,
    and a page keeps its lines rather than be left without any.
    """
    numbering = page_number_patterns()
    # the patterns that name a page ("seite", "side"), not bare numbers ("- 3 -")
    worded = [p for p in numbering if re.search(r"[a-z]", re.sub(r"\\.", "", p.pattern))]
    references = case_reference_patterns()
    edges = [
        [line for i, line in enumerate(lines) if i < EDGE_LINES or i >= len(lines) - EDGE_LINES]
        for lines in pages
    ]
    # each edge line with its key, and with its count key where it says it counts pages
    keys = {}
    for line in (line for lines in edges for line in lines):
        counting = any(p.search(line.text) for p in worded)
        keys[id(line)] = (_edge_key(line), _edge_key(line, True) if counting else None)
    counts: Counter[tuple[str, int]] = Counter()
    for lines in edges:
        counts.update({keys[id(line)][0] for line in lines})
        counts.update({keys[id(line)][1] for line in lines} - {None})
    threshold = max(2, len(pages) // 2 + 1) if len(pages) > 2 else 2

    def running(line: Row) -> bool:
        if any(p.search(line.text) for p in references):
            return False
        plain, counted = keys[id(line)]
        if counts[plain] >= threshold or any(p.fullmatch(line.text) for p in numbering):
            return True
        return counted is not None and counts[counted] >= threshold

    kept = []
    for lines, edge in zip(pages, edges, strict=True):
        at_edge = {id(line) for line in edge}
        body = [line for line in lines if not (id(line) in at_edge and running(line))]
        kept.append(body or lines)
    return kept


def _ocr_lines(path: Path, page: pypdfium2.PdfPage) -> list[Row]:
    """A scanned page's lines from tesseract's word boxes (image_to_data), in points like a text
    layer's, so that a scan gets the same columns, indents and paragraphs as a text PDF. One
    tesseract thread a page, and a time limit a page: a long scan cannot stall an inbox."""
    if shutil.which("tesseract") is None:
        raise OCRUnavailable(path)
    import pytesseract

    os.environ.setdefault("OMP_THREAD_LIMIT", "1")  # tesseract's threads only spin on a busy machine
    image = page.render(scale=OCR_DPI / 72).to_pil()
    try:
        data = pytesseract.image_to_data(
            image, lang=OCR_LANGUAGES, output_type=pytesseract.Output.DICT, timeout=OCR_PAGE_SECONDS
        )
    except RuntimeError:  # the page's time is up: it stays without text, the others are read
        return []
    scale = 72 / OCR_DPI
    rows: dict[tuple[int, int, int], list[Word]] = {}
    for index, text in enumerate(data["text"]):
        if not text.strip() or float(data["conf"][index]) < 0:
            continue
        left, top = data["left"][index] * scale, data["top"][index] * scale
        width, height = data["width"][index] * scale, data["height"][index] * scale
        key = (data["block_num"][index], data["par_num"][index], data["line_num"][index])
        rows.setdefault(key, []).append(
            Word(text.strip(), left, left + width, top, top + height, height, False)
        )
    lines = []
    for words in rows.values():  # tesseract's reading order: a column's lines, then the next column
        size = statistics.median(_cap_height(w) for w in words) / OCR_CAP_HEIGHT
        top = min(w.top for w in words)
        # As tall as its font, like a text layer's line (word boxes are tighter than the type); one
        # size for all, since a size read off scanned boxes makes stamps and logos look like headings.
        line = Row(top, max(top + size, *(w.bottom for w in words)), OCR_SIZE, False)
        lines.append(_with_segments(line, words, COLUMN_GAP_EM * size))
    return lines


def _cap_height(word: Word) -> float:
    """A word box's height as if it had no descender: a box reaching below the line ("Tagung",
    "(Anna)") is that much taller, and would make its line look like a heading."""
    return word.size * DESCENDER_SHARE if DESCENDERS.intersection(word.text) else word.size


def _has_images(page: pypdfium2.PdfPage) -> bool:
    return next(page.get_objects(filter=[pdfium_c.FPDF_PAGEOBJ_IMAGE], max_depth=2), None) is not None


def read_pdf(path: Path, data: bytes) -> tuple[list[Piece], int, bool]:
    try:
        pdf = pypdfium2.PdfDocument(data)
    except pypdfium2.PdfiumError as error:
        if getattr(error, "err_code", None) == pdfium_c.FPDF_ERR_PASSWORD:
            raise EncryptedDocument(path) from error
        raise UnreadableFile(path, f"broken PDF: {str(error).rstrip('.')}") from error
    pages: list[list[Row]] = []
    ocr = False
    try:
        for index in range(len(pdf)):
            page = pdf[index]
            try:
                lines = _lines(_words(page))
                if not lines and _has_images(page):
                    lines, ocr = _ocr_lines(path, page), True
            finally:
                page.close()
            pages.append(lines)
    except pypdfium2.PdfiumError as error:
        raise UnreadableFile(path, f"broken PDF: {str(error).rstrip('.')}") from error
    finally:
        pdf.close()
    sizes = [line.size for lines in pages for line in lines for _ in line.text.split()]
    body_size = statistics.median(sizes) if sizes else 10.0
    pieces = []
    for number, lines in enumerate(_drop_running_lines(pages), start=1):
        pieces.extend(_page_pieces(lines, number, body_size))
    return pieces, len(pages), ocr
