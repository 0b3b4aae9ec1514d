"""Which parts of a protocol are closed to the public (nichtöffentlich, lukket punkt).

Closed is a state of the document, not a word in a title. A line that opens a closed part
("Nichtöffentlicher Teil", "Lukkede punkter") closes every item after it until a line opens the
public part again; such a line in the header closes the whole meeting. A cue on an item's heading
line, or on the short line under it, closes that item; a closed part prefix ("N 3", "TOP 3 N:")
does too; sub-items ("3.1", "3a") inherit their item's state; an item listed twice (an agenda at the
top, then the minutes) is closed when either listing is, and both listings are withheld.

A closed cue in running text leaves the boundary unknown, and the document fails closed: the item
it stands in is closed, and everything after it too (until a public part begins) where the sentence
says the meeting went on closed ("wird nichtöffentlich fortgesetzt"); the document's text and source
file are not published (`Closure.uncertain` says why).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from minutes.model import Block, Withheld
from minutes.search_text import fold

MARKER_WORDS = 6  # a line of at most this many words that carries a cue marks a part, not a sentence
MIN_LISTED_TITLE = 8  # characters: a closed title this long is looked for wherever it is listed
WORD = re.compile(r"[^\W\d_]{2,}")
# Transliterations written for missing letters: "oe" for ö, "aa" for å (after `fold`, ö is o).
TRANSLITERATED = re.compile(r"(?<=[aou])e|(?<=a)a")


def _diacritics_table() -> dict[int, str]:
    """Latin letters with diacritics to their base letters ("ö" → "o", "ß" → "ss"), one table for
    `str.translate`: folding every block of a long protocol letter by letter would cost more."""
    return {code: fold(chr(code)) for code in range(0xC0, 0x250) if fold(chr(code)) != chr(code).casefold()}


_DIACRITICS = _diacritics_table()
_SEPARATORS = re.compile(r"[\s\-‐‑–—_/]+")


def _fold(text: str) -> str:
    """Lower case, without diacritics or transliterations, hyphens and runs of space as one space."""
    return _SEPARATORS.sub(" ", TRANSLITERATED.sub("", text.casefold().translate(_DIACRITICS)))


def _pattern(cues: list[str]) -> re.Pattern[str] | None:
    """One pattern for cue phrases: each word may be joined to the next ("nichtöffentlich") and a
    trailing "*" lets it run on; the phrase starts at a word boundary and ends at one."""
    phrases = []
    for cue in cues:
        words = [_fold(word.rstrip("*")) for word in cue.split()]
        runs = [word.endswith("*") for word in cue.split()]
        parts = [re.escape(w) + (r"[\w.]*" if run else "") for w, run in zip(words, runs, strict=True)]
        phrases.append(r" ?".join(parts))
    if not phrases:
        return None
    return re.compile(rf"(?<!\w)(?:{'|'.join(sorted(phrases, key=len, reverse=True))})(?![\w])")


@dataclass(frozen=True)
class Cues:
    regions: re.Pattern[str] | None
    items: re.Pattern[str] | None
    words: re.Pattern[str] | None
    public: re.Pattern[str] | None
    continued: re.Pattern[str] | None
    closed_prefixes: frozenset[str]
    open_prefixes: frozenset[str]

    def find(self, pattern: re.Pattern[str] | None, folded: str) -> bool:
        return bool(pattern and pattern.search(folded))


@cache
def _cues_of(closed: tuple[tuple[str, tuple[str, ...]], ...]) -> Cues:
    data = dict(closed)
    return Cues(
        regions=_pattern(list(data["regions"])),
        items=_pattern(list(data["items"])),
        words=_pattern(list(data["words"])),
        public=_pattern(list(data["public"])),
        continued=_pattern(list(data["continued"])),
        closed_prefixes=frozenset(p.casefold() for p in data["closed_prefixes"]),
        open_prefixes=frozenset(p.casefold() for p in data["open_prefixes"]),
    )


def cues(vocabulary: dict[str, Any]) -> Cues:
    closed = vocabulary["closed"]
    return _cues_of(tuple((key, tuple(value)) for key, value in sorted(closed.items())))


@dataclass(frozen=True)
class Line:
    """What one block says of closed and public parts."""

    short: bool  # few words: a heading or a marker of its own, not a sentence
    region: bool  # a closed part's cue ("Nichtöffentlicher Teil")
    item: bool  # a closed item's cue, meant so wherever it stands ("nichtöffentlich")
    word: bool  # a word that closes only where it marks a line ("vertraulich", "lukket")
    public: bool  # the public part's cue
    bare: bool  # nothing but cues, numbering and punctuation

    @property
    def closed(self) -> bool:
        return self.region or self.item or self.word


def _without_cues(folded: str, found: Cues) -> str:
    for pattern in (found.regions, found.items, found.words, found.public):
        if pattern:
            folded = pattern.sub(" ", folded)
    return folded


def read_line(text: str, found: Cues) -> Line:
    folded = _fold(text)
    rest = _without_cues(folded, found)
    return Line(
        short=len(WORD.findall(folded)) <= MARKER_WORDS,
        region=found.find(found.regions, folded),
        item=found.find(found.items, folded),
        word=found.find(found.words, folded),
        public=found.find(found.public, folded),
        bare=not WORD.search(rest),
    )


def part_letter(title: str, found: Cues) -> tuple[str | None, str]:
    """A part letter that starts an item's title ("N: Grundstück", from "TOP 3 N: Grundstück"),
    and the title without it."""
    letters = sorted(found.closed_prefixes | found.open_prefixes, key=len, reverse=True)
    if not letters:
        return None, title
    match = re.match(rf"^({'|'.join(re.escape(p) for p in letters)})\s*[:.)]\s*", title, re.I)
    return (match[1].casefold(), title[match.end() :]) if match else (None, title)


@dataclass
class Closure:
    """The closed parts of one document: the keys of its closed items, the text to withhold, and
    why the boundary of a closed part is unknown, if it is."""

    closed_keys: set[str] = field(default_factory=set)
    withheld: list[Withheld] = field(default_factory=list)
    uncertain: str | None = None

    def outside(self, blocks: list[Block]) -> list[Block]:
        """The blocks that lie outside every withheld span."""
        return [b for b in blocks if not any(w.start < b.end and b.start < w.end for w in self.withheld)]


class _Regions:
    """Closed regions as they open and close while the document is read in order."""

    def __init__(self) -> None:
        self.start: int | None = None
        self.spans: list[tuple[int, int]] = []

    @property
    def open(self) -> bool:
        return self.start is not None

    def begin(self, at: int) -> None:
        if self.start is None:
            self.start = at

    def end(self, at: int) -> None:
        if self.start is not None:
            self.spans.append((self.start, at))
            self.start = None


def find_closed(header: list[Block], sections: list[Any], key: Any, vocabulary: dict[str, Any]) -> Closure:
    """The closed items and spans of a document segmented into `header` and `sections` (each with
    `heading` and `blocks`, before an item listed twice is merged); `key(heading)` is an item's
    identity across its listings."""
    found = cues(vocabulary)
    regions = _Regions()
    closure = Closure()
    listed_public, listed_closed = False, []
    for block in header:
        line = read_line(block.text, found)
        if line.public and line.short and not line.closed:
            listed_public = True
            regions.end(block.start)
        elif line.region or line.item or (line.word and line.short):
            # the meeting itself is closed, or a closed part opens: after a bare marker, or with
            # the line that says more ("Erwerb eines Grundstücks (nichtöffentlich)")
            regions.begin(block.end if line.bare else block.start)
        elif regions.open:
            listed_closed.append(block.text)
    if regions.open and listed_public and listed_closed and sections:
        # an agenda listed in parts above the items: its closed titles close their items below
        regions.end(sections[0].heading.block.start)
    meeting_closed = regions.open
    seen: set[str] = set()
    for section in sections:
        heading = section.heading
        identity = key(heading)
        if identity in seen and regions.open and not meeting_closed:
            regions.end(heading.block.start)  # the minutes repeat the agenda listed above them
        seen.add(identity)
        title_line, below = _heading_and_below(heading.block, section.blocks)
        line = read_line(title_line, found)
        if line.public and line.bare and not line.closed:
            regions.end(heading.block.start)
        closed = (
            regions.open
            or line.closed
            or heading.part in found.closed_prefixes
            or _listed(heading.title, listed_closed)
        )
        if line.closed and line.bare:
            regions.begin(heading.block.end)
        for position, (text, start, end, page) in enumerate(below):
            unit = read_line(text, found)
            if position == 0 and unit.short and unit.closed:
                closed = True
                if unit.region:
                    regions.begin(end)
            elif unit.short and unit.public and not unit.closed:
                regions.end(start)
            elif unit.short and unit.closed:
                regions.begin(end if unit.bare else start)
            elif (unit.region or unit.item) and not (closed or regions.open):
                # Where the closed part begins or ends is unknown: the item is closed, and so is
                # everything after it where the sentence says the meeting went on closed.
                closed = True
                if _goes_on_closed(text, found):
                    regions.begin(start)
                closure.uncertain = closure.uncertain or (
                    f"a non-public cue on page {page} stands in running text, so the boundary "
                    "of the non-public part is unknown"
                )
        if closed:
            closure.closed_keys.add(identity)
    regions.end(_end_of(header, sections))
    closure.closed_keys |= {
        key(s.heading) for s in sections if _parent(s.heading.number) in closure.closed_keys
    }
    closure.withheld = [
        Withheld(start, end, "non-public part") for start, end in regions.spans if end > start
    ]
    for section in sections:
        if key(section.heading) in closure.closed_keys:
            end = max([section.heading.block.end, *(b.end for b in section.blocks)])
            closure.withheld.append(Withheld(section.heading.block.start, end, "non-public item"))
    closure.withheld += _listings(header, sections, key, closure, found)
    return closure


def _listings(
    header: list[Block], sections: list[Any], key: Any, closure: Closure, found: Cues
) -> list[Withheld]:
    """Other places that name a closed item's title (a table of contents, the agenda at the top, a
    reference in another item): the header and the text of the public items, not their headings,
    since a public item may have the same title as a closed one ("Bauanträge" in both parts)."""
    titles = {
        " ".join(WORD.findall(_without_cues(_fold(s.heading.title), found)))
        for s in sections
        if key(s.heading) in closure.closed_keys
    }
    titles = {title for title in titles if len(title) >= MIN_LISTED_TITLE}
    if not titles:
        return []
    public_text = [b for s in sections if key(s.heading) not in closure.closed_keys for b in s.blocks]
    return [
        Withheld(block.start, block.end, "listing of a non-public item")
        for block in closure.outside([*header, *public_text])
        if any(f" {title} " in f" {_words(block.text)} " for title in titles)
    ]


def _words(text: str) -> str:
    return " ".join(WORD.findall(_fold(text)))


def _goes_on_closed(text: str, found: Cues) -> bool:
    """A sentence of `text` says the meeting went on closed: a closed cue and a word of going on."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        folded = _fold(sentence)
        if (found.find(found.regions, folded) or found.find(found.items, folded)) and found.find(
            found.continued, folded
        ):
            return True
    return False


def _heading_and_below(heading: Block, blocks: list[Block]) -> tuple[str, list[tuple[str, int, int, int]]]:
    """An item's heading line, and what stands below it: the rest of the heading's block (a table
    row holds an item's whole text), then its blocks, each as (text, start, end, page)."""
    title_line, _, rest = heading.text.partition("\n")
    below = []
    if rest.strip():
        rest_start = heading.start + len(title_line) + 1
        below.append((rest, rest_start, heading.end, heading.page))
    below += [(b.text, b.start, b.end, b.page) for b in blocks]
    return title_line, below


def _listed(title: str, entries: list[str]) -> bool:
    """`title` is one of the agenda's entries (which may add a number or prefix before it)."""
    words = _words(title)
    if len(words) < 4:
        return False
    return any(
        f" {listed}".endswith(f" {words}") or (len(listed) >= 4 and f" {words}".endswith(f" {listed}"))
        for listed in map(_words, entries)
    )


def _parent(number: str | None) -> str | None:
    """The item a sub-item belongs to: "3" for "3.1" and "3a", "N 3" for "N 3.1"."""
    match = re.match(r"^(.*?\d+)(?:\.\d|[a-z])", number or "")
    return match[1] if match else None


def _end_of(header: list[Block], sections: list[Any]) -> int:
    ends = [b.end for b in header]
    for section in sections:
        ends += [section.heading.block.end, *(b.end for b in section.blocks)]
    return max(ends, default=0)
