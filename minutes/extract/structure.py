"""The shape of a protocol: a header, then agenda items, each a heading with its blocks.

Item headings are found by numbering style ("TOP 3:", "Punkt 2", "§ 4", "3.2", "5)", numbered
headings and table rows). The style that numbers the most items wins, so that a numbered list inside
an item is not taken for items. An agenda listed first and repeated as sections yields each item
once: the occurrence with the longer text is kept.
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from itertools import pairwise
from typing import Any

from minutes.extract.closed import Closure, Cues, cues, find_closed, part_letter
from minutes.extract.dates import NUMERIC_DATE, WORD_DATE, parse_word_date
from minutes.model import Block
from minutes.vocab import alternation

BARE_NUMBER = re.compile(r"^\d{1,2}(\.\d{1,2})*\.?$")
# "3", "3.2", "9a", "b)" and "B :" (letters only with a bracket or colon, never "A. Name").
NUMBER = r"(?P<number>\d{1,2}(?:\.\d{1,2}){0,2}[a-z]?|[a-z](?=\))|[A-Z](?=\s?:))"


@dataclass
class Heading:
    block: Block
    number: str | None
    title: str
    style: str
    part: str | None = None  # the part letter written with the number: "n" in "N 3", "ö" in "TOP Ö 3"


@dataclass
class Section:
    heading: Heading
    blocks: list[Block] = field(default_factory=list)
    # the blocks of the item's other listing (an agenda repeated as sections), where tasks may stand
    repeated: list[Block] = field(default_factory=list)

    @property
    def text(self) -> str:
        return "\n".join(b.text for b in self.blocks)


@dataclass
class Structure:
    header: list[Block]
    sections: list[Section]
    closure: Closure = field(default_factory=Closure)


def label_pattern(labels: list[str], colonless: bool = False) -> re.Pattern[str]:
    """`Label: value` or `Label 12` at the start of a line, for the given label words; `colonless`
    also takes `Label Value` ("Mødested Regionshuset"), as header tables are often written."""
    capital = r"|\s(?=(?-i:[A-ZÄÖÜÆØÅ]))" if colonless else ""
    return re.compile(
        rf"^\W{{0,3}}(?P<label>{alternation(labels)})\s*(?::|\s-\s|\s(?=\d){capital})\s*(?P<value>.*)$", re.I
    )


def bare_label_pattern(labels: list[str]) -> re.Pattern[str]:
    """A line that is only a label ("Beslutning", "Anwesend:"), its value in the blocks below."""
    return re.compile(rf"^\W{{0,3}}(?P<label>{alternation(labels)})\s*:?\s*$", re.I)


def _heading_patterns(vocabulary: dict[str, Any]) -> tuple[re.Pattern[str], re.Pattern[str]]:
    prefixes = alternation(vocabulary["agenda"]["item_prefixes"])
    letters = [*vocabulary["closed"]["closed_prefixes"], *vocabulary["closed"]["open_prefixes"]]
    part = rf"(?:(?P<part>{alternation(letters)})\s+)?" if letters else "(?P<part>)"
    prefixed = re.compile(
        rf"^(?P<prefix>{prefixes})\s*{part}{NUMBER}\s*[.):]?\s*(?:[-–:]\s*)?(?P<title>.*)$", re.I
    )
    numbered = re.compile(rf"^{NUMBER}\s*(?:[.):]|\s)\s*(?P<title>\S.*)$", re.I)
    return prefixed, numbered


def _prefixed(block: Block, match: re.Match[str], found: Cues) -> Heading:
    """An item numbered with a prefix; a part letter ("N 3", "TOP Ö 3", "TOP 3 N:") is part of its
    number where it marks a closed part, so that "N 3" and "Ö 3" stay two items."""
    letter, title = part_letter(match["title"], found)
    prefix = match["prefix"].casefold()
    part = (match["part"] or "").casefold() or letter or (prefix if prefix in found.closed_prefixes else None)
    part = part or (prefix if prefix in found.open_prefixes else None)
    number = match["number"]
    if part in found.closed_prefixes:
        number = f"{part.upper()} {number}"
    return Heading(block, number, _title(title), "prefix", part)


def _candidate(
    block: Block, text: str, prefixed: re.Pattern, numbered: re.Pattern, found: Cues
) -> Heading | None:
    match = prefixed.match(text)
    # A one-letter prefix ("Ö 1", "N 2") only counts with a title after it.
    if match and (len(match["prefix"]) > 2 or not match["prefix"].isalpha() or match["title"]):
        return _prefixed(block, match, found)
    match = numbered.match(text)
    # lower-case letters ("a)") number sub-points in running text; capitals ("A :") are kept when
    # they run from "A" (see _lettered)
    lettered = match and match["number"].isalpha() and not match["number"].isupper()
    # a title has words: "13. - 17.07.2016" and "30./31.7.2016" are dates
    wordless = match and not re.search(r"[^\W\d_]", match["title"])
    # a sub-item ("1.3 Status beslutningsforslag …") may state its matter at length
    longest = 400 if match and "." in match["number"] else 160
    if not match or len(match["title"]) > longest or lettered or wordless or _starts_with_date(text):
        return None
    if block.kind == "paragraph" and (
        len(text) > 120 or (text.rstrip().endswith((".", ",")) and len(text) > 60)
    ):
        return None
    return Heading(block, match["number"], _title(match["title"]), f"{block.kind}:{block.level}")


def _starts_with_date(text: str) -> bool:
    """ "6.marts 2025 klokken 19.00", "12.03.2025": a date line, not item 6 or 12 ("3.2. Bericht" is)."""
    numeric = NUMERIC_DATE.match(text)
    if numeric and numeric[3]:
        return True
    worded = WORD_DATE.match(text)
    return bool(worded and parse_word_date(worded[0], None))


def _title(text: str) -> str:
    """The item's title, without a trailing "#" or the text a long heading ran into."""
    text = re.sub(r":?\s*https?://\S+", "", text)  # a link written out after the title
    if len(text) > 80:
        text = re.split(r"\s[-–]\s(?=[A-ZÄÖÜÆØÅ])", text, maxsplit=1)[0]
    return re.sub(r"\s*#\s*$", "", text).strip(" .:–-")


# A date as a logbook heads its meetings with: "12.05.2011", "21.9.2010", "5/2", "11/2012", "3. maj 2021".
HEADING_DATE = re.compile(
    r"(?<![\d.])(?:\d{1,2}\.\d{1,2}\.(?:\d{2,4})?|\d{1,2}/\d{1,2}(?:[/-]\d{2,4})?|\d{1,2}/\d{4})(?![\d.]\d)"
)
LOGBOOK_MEETINGS = 3  # dated headings, with as many different dates, make a file of several meetings
DATED_SHARE = 0.6  # of the headings at their level that are dated
HEADING_WORDS = 5  # words beside the date: more, and the date is part of a topic ("Termin am 3.5.")


def dated_meetings(blocks: list[Block]) -> list[Heading]:
    """The meetings of a logbook or a year's protocols in one file: headings at one level that are
    mostly a date ("5/2", "Vorstandssitzung 12.05.2011"), each a meeting of its own with its
    results and tasks under it. None where the file is one meeting."""
    by_level: dict[int, list[Block]] = {}
    for block in blocks:
        if block.kind == "heading" and block.text.strip():
            by_level.setdefault(block.level, []).append(block)
    for level in sorted(by_level):
        headings = by_level[level]
        dated = [b for b in headings if _heads_a_meeting(b.text)]
        dates = {found[0] if (found := HEADING_DATE.search(b.text)) else b.text for b in dated}
        if (
            len(dated) >= LOGBOOK_MEETINGS
            and len(dates) >= LOGBOOK_MEETINGS
            and len(dated) >= DATED_SHARE * len(headings)
        ):
            return [Heading(b, None, _title(b.text), "dated") for b in dated]
    return []


def _heads_a_meeting(text: str) -> bool:
    found = HEADING_DATE.search(text) or WORD_DATE.search(text)
    return (
        bool(found)
        and len(text) <= 80
        and len((text[: found.start()] + text[found.end() :]).split()) <= HEADING_WORDS
    )


def find_headings(blocks: list[Block], vocabulary: dict[str, Any]) -> list[Heading]:
    meetings = dated_meetings(blocks)
    if meetings:
        return meetings
    prefixed, numbered = _heading_patterns(vocabulary)
    found = cues(vocabulary)
    candidates: list[Heading] = []
    for block in blocks:
        text = block.text
        if block.kind == "table_row" and block.cells:
            text = block.cells[0]
            if BARE_NUMBER.match(text) and len(block.cells) > 1:
                text = f"{text} {block.cells[1]}"
        heading = _candidate(block, text.split("\n")[0], prefixed, numbered, found)
        if heading:
            if block.kind == "table_row" and len(block.cells) > 1 and not heading.title:
                heading.title = _title(block.cells[1])
            candidates.append(heading)
    candidates += _number_column(blocks)
    candidates.sort(key=lambda h: h.block.start)
    prefixed_headings = [h for h in candidates if h.style == "prefix"]
    if len(prefixed_headings) >= 2 or (prefixed_headings and len(prefixed_headings) == len(candidates)):
        return _lettered_sub_items(blocks, _with_sub_items(candidates, prefixed_headings))
    by_style: dict[str, list[Heading]] = {}
    for heading in candidates:
        if not (heading.number.isalpha() and heading.number.isupper()) or _lettered(by_style, heading):
            by_style.setdefault(heading.style, []).append(heading)
    best = max(
        by_style,
        key=lambda s: (len({h.number.split(".")[0] for h in by_style[s]}), s.startswith("heading")),
        default=None,
    )
    if best is None or len(by_style[best]) < 2:
        return _unnumbered_headings(blocks, vocabulary)
    return _lettered_sub_items(blocks, _with_sub_items(candidates, by_style[best]))


def _number_column(blocks: list[Block]) -> list[Heading]:
    """Items laid out as two columns that the reader gives one after the other: "1.", "2.", "3.",
    then the three titles. Each title is paired with its number."""
    found: list[Heading] = []
    index = 0
    while index < len(blocks):
        run = index
        while run < len(blocks) and BARE_NUMBER.match(blocks[run].text.strip()):
            run += 1
        numbers = [blocks[i].text.strip().rstrip(".") for i in range(index, run)]
        titles = blocks[run : run + len(numbers)]
        counted = (
            numbers == [str(n) for n in range(int(numbers[0]), int(numbers[0]) + len(numbers))]
            if numbers and numbers[0].isdigit()
            else False
        )
        if (
            len(numbers) >= 2
            and counted
            and len(titles) == len(numbers)
            and all(
                len(t.text) < 120 and t.kind != "heading" and not BARE_NUMBER.match(t.text.strip())
                for t in titles
            )
        ):
            found += [Heading(t, n, _title(t.text), "column") for n, t in zip(numbers, titles, strict=True)]
            index = run + len(numbers)
        else:
            index = max(run, index + 1)
    return found


LETTERED_SUB_ITEM = re.compile(r"^\(([a-z])\)\s+(?P<title>[A-ZÄÖÜÆØÅ][^;:]{0,60}?)\.?$")


def _lettered_sub_items(blocks: list[Block], headings: list[Heading]) -> list[Heading]:
    """ "§7 Valg til udvalg" with "(a) Valg af kasserer." and "(b) Valg af revisor." below it:
    items 9a and 9b, where two or more such short titled lines run from "(a)" inside one item, each
    with text of its own."""
    starts = [h.block.start for h in headings] + [blocks[-1].end + 1 if blocks else 0]
    block_starts = [b.start for b in blocks]  # in document order: each item's blocks by bisection
    result: list[Heading] = []
    for heading, end in zip(headings, starts[1:], strict=True):
        result.append(heading)
        inside = blocks[bisect_right(block_starts, heading.block.start) : bisect_left(block_starts, end)]
        found = [(i, b, m) for i, b in enumerate(inside) if (m := LETTERED_SUB_ITEM.match(b.text.strip()))]
        letters = [m[1] for _, _, m in found]
        # each has text of its own below it; "(a) …" and "(b) …" in a row are a list in the text
        own_text = all(b - a > 1 for (a, _, _), (b, _, _) in pairwise(found))
        counted = letters == [chr(ord("a") + i) for i in range(len(letters))]
        if heading.number and len(found) >= 2 and counted and own_text:
            result += [Heading(b, f"{heading.number}{m[1]}", _title(m["title"]), "sub") for _, b, m in found]
    return result


def _lettered(by_style: dict[str, list[Heading]], heading: Heading) -> bool:
    """Capital letters number items only as a run from "A": "A :", "B :", "C :"."""
    seen = [h.number for h in by_style.get(heading.style, [])]
    return heading.number == "A" or (bool(seen) and ord(heading.number) == ord(seen[-1]) + 1)


def _with_sub_items(candidates: list[Heading], chosen: list[Heading]) -> list[Heading]:
    """The chosen headings and the numbered sub-items ("2.1") under each, in any kind of block."""
    chosen_ids = {id(h) for h in chosen}
    result: list[Heading] = []
    parent: str | None = None
    for heading in candidates:
        if id(heading) in chosen_ids:
            result.append(heading)
            parent = heading.number.split(".")[0]
        elif parent and heading.number.startswith(f"{parent}.") and heading.number.count(".") == 1:
            result.append(heading)
    return result


def _unnumbered_headings(blocks: list[Block], vocabulary: dict[str, Any]) -> list[Heading]:
    """Headings as items where nothing is numbered, without the title and the meeting's own headings.

    Markdown and Word minutes often name each topic in a heading of its own ("### Firmware").
    """
    headings = [b for b in blocks if b.kind == "heading" and b.text.strip()]
    if len(headings) < 3:
        return []
    top = min(b.level for b in headings)
    if sum(1 for b in headings if b.level == top) == 1:
        headings = [b for b in headings if b.level != top]
    attendance = vocabulary["attendance"]
    meta_words = [
        *vocabulary["agenda"]["meta_headings"],
        *vocabulary["agenda"]["list_headings"],
        *vocabulary["agenda"]["minutes_headings"],
        *(word for key in ("present", "absent", "absent_excused", "guest", "chair", "minute_taker")
          for word in attendance[key]),
    ]  # fmt: skip
    meta = re.compile(rf"^\W*({alternation(meta_words)})(?!\w)", re.I)
    items = [Heading(b, None, _title(b.text), "heading") for b in headings if not meta.match(b.text)]
    return items if len(items) >= 2 else []


def segment(blocks: tuple[Block, ...], vocabulary: dict[str, Any]) -> Structure:
    headings = find_headings(list(blocks), vocabulary)
    if len(headings) < 2 and not any(h.style.startswith("prefix") for h in headings):
        return Structure(list(blocks), [], find_closed(list(blocks), [], item_identity, vocabulary))
    starts = {h.block.start: h for h in headings}
    header: list[Block] = []
    sections: list[Section] = []
    for block in blocks:
        heading = starts.get(block.start)
        if heading:
            sections.append(Section(heading))
            cells = block.cells if block.kind == "table_row" else ()
            if len(cells) > 1 and (heading.title != _title(cells[1]) or "\n" in cells[1]):
                sections[-1].blocks.extend(_cell_blocks(block, 1))
        elif sections:
            sections[-1].blocks.append(block)
        else:
            header.append(block)
    closure = find_closed(header, sections, item_identity, vocabulary)
    return Structure(header, _dedupe(sections), closure)


def _cell_blocks(block: Block, first: int) -> list[Block]:
    """The cells of a table row after `first`, as blocks of their own (offsets within the row)."""
    out = []
    offset = block.start + sum(len(c) + 1 for c in block.cells[:first])
    for cell in block.cells[first:]:
        for line in cell.split("\n"):
            out.append(Block(line, "paragraph", block.page, offset, offset + len(line)))
            offset += len(line) + 1
    return out


def _without_asides(title: str) -> str:
    return re.sub(r"\s*\(.*?\)", "", title).strip()


def item_identity(heading: Heading) -> str:
    """What makes two listings one item: its number, or its title where nothing is numbered."""
    return heading.number or re.sub(r"\W+", " ", _without_asides(heading.title)).strip().casefold()


def _dedupe(sections: list[Section]) -> list[Section]:
    """One section per item: an agenda listed first and repeated later keeps the fuller text and
    the agenda's own wording of the title."""
    kept: dict[str, Section] = {}
    for section in sections:
        heading = section.heading
        key = item_identity(heading)
        first = kept.get(key)
        if first is None:
            kept[key] = section
        elif len(section.text) >= len(first.text):
            # the agenda's wording, unless it only adds who brings the topic ("Breminale (oliver)")
            if first.heading.title and _without_asides(first.heading.title) != heading.title:
                heading.title = first.heading.title
            section.repeated = first.blocks + first.repeated
            kept[key] = section
        else:
            first.repeated += section.blocks
    return list(kept.values())  # a replaced entry keeps its place: items stay in listed order
