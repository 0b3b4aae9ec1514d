"""The meeting itself: title, body, date, start and end, location, extraordinary.

Fields come from the header (the blocks before the first item): labelled lines first ("Datum:",
"Mødested:"), then the title line. A date in a running sentence further down does not count.
"""

from __future__ import annotations

import re
from typing import Any

from minutes.extract.dates import find_dates, find_times, time_range
from minutes.extract.structure import label_pattern
from minutes.model import Block, Meeting
from minutes.vocab import alternation

HEADER_SCAN = 25  # blocks of the header that may hold the meeting's own data


def _labelled(blocks: list[Block], labels: list[str]) -> str | None:
    pattern = label_pattern(labels)
    for block in blocks:
        for line in _lines(block):
            match = pattern.match(line)
            if match and match["value"].strip():
                return match["value"].strip()
    return None


def _lines(block: Block) -> list[str]:
    """A block's text per line; table rows also as "cell1: cell2" label pairs and single cells."""
    if block.kind == "table_row" and block.cells:
        pairs = [f"{a.rstrip(':')}: {b}" for a, b in zip(block.cells, block.cells[1:], strict=False)]
        return pairs + list(block.cells)
    return block.text.split("\n")


def _title(header: list[Block], words: list[str]) -> str | None:
    pattern = re.compile(rf"(?<!\w)({alternation(words)})", re.I)
    headings = [b for b in header if b.kind == "heading"]
    for block in headings + header[:8]:
        if pattern.search(block.text) and len(block.text) < 160:
            return block.text.strip(" #*")
    return headings[0].text if headings else None


def _body_pattern(vocabulary: dict[str, Any]) -> re.Pattern[str]:
    words, endings = alternation(vocabulary["body_words"]), alternation(vocabulary["body_endings"])
    capitalised = r"[A-ZÄÖÜÆØÅ0-9][\w&.-]*"
    return re.compile(
        rf"(?<![\w-])(?P<named>{capitalised}\s+)?(?P<coordinated>[\w-]+\s+(?i:und|og)\s+)?"
        rf"(?P<prefix>[\w-]*?)(?P<word>(?i:{words}))"
        rf"(?i:{endings})?(?!\w)"
        # "Udvalg for bæredygtighed, teknologi og anlæg": what a committee is for, in any case
        rf"(?P<purpose>\s+(?i:for|für)\s+[^\W\d][\w-]*(?:(?:,\s*|\s+(?:og|und)\s+)[^\W\d][\w-]*){{0,4}})?"
        rf"(?:\s+(?P<link>(?i:des|der|den|im|i|af|hos|for|für)\s+)?(?P<name>{capitalised}"
        rf"(?:\s+(?:og|und|&)\s+{capitalised}|\s+{capitalised}){{0,3}}))?"
    )


def _body(lines: list[str], vocabulary: dict[str, Any]) -> tuple[str | None, str | None]:
    """(body, organization) from the first line naming who met.

    "Bau- und Umweltausschusses" → the committee in the nominative; "Stadtteilbeirat Büchenbach" keeps
    its name; after an assembly ("Generalforsamling i AlsLUG", "Mitgliederversammlung Makerspace GT")
    or a linking word ("Gemeinderat der Stadt Wels") the name is the organization's.
    """
    pattern = _body_pattern(vocabulary)
    assemblies = {word.casefold() for word in vocabulary["assembly_words"]}
    # "Aarhus Byråd", "Teknisk Udvalg": a name before the body word, unless it says what the document is
    not_names = {
        word.casefold() for key in ("title_words", "ordinary", "extraordinary") for word in vocabulary[key]
    }
    for line in lines:
        match = pattern.search(line)
        if not match:
            continue
        head = f"{match['coordinated'] or ''}{match['prefix']}{match['word']}"
        name = re.split(r"\s+(?:d\.|den|am|vom|\d)", match["name"] or "")[0].strip(" ,.–-")
        name = name if re.search(r"[^\W\d_]", name) else None
        is_assembly = f"{match['prefix']}{match['word']}".casefold() in assemblies
        if match["purpose"]:
            return _capitalised(f"{head}{match['purpose']}"), None
        named = (match["named"] or "").strip()
        if named and not is_assembly and not match["coordinated"] and named.casefold() not in not_names:
            head = f"{named} {head}"
        if (
            name
            and not is_assembly
            and (not match["link"] or match["link"].strip().casefold() in ("for", "für"))
        ):
            return _capitalised(f"{head} {match['link'] or ''}{name}"), None
        return _capitalised(head), name
    return None, None


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def _organization(lines: list[str], vocabulary: dict[str, Any]) -> str | None:
    """An organization named in the header: "Aarhus Kommune", "Makerspace e.V.", "Stadt Erlangen"."""
    name = r"[A-ZÄÖÜÆØÅ][\w&-]*"
    before = re.compile(
        rf"(?<!\w)(?:{name}\s+){{1,3}}(?:{alternation(vocabulary['organization_suffixes'])})(?![\w.])"
    )
    after = re.compile(
        rf"(?<![\w-])(?:{alternation(vocabulary['organization_prefixes'])})(?:\s+{name}){{1,3}}"
    )
    # "Mitgliederversammlung Tüftelwerk e.V.": who met is not part of the organization's name
    not_names = {
        w.casefold() for key in ("body_words", "assembly_words", "title_words") for w in vocabulary[key]
    }
    for line in lines:
        found = before.search(line) or after.search(line)
        if found:
            words = found[0].split()
            while len(words) > 2 and words[0].casefold() in not_names:
                words.pop(0)
            return " ".join(words)
    return None


def extract_meeting(
    header: list[Block], blocks: tuple[Block, ...], vocabulary: dict[str, Any], lang: str
) -> Meeting:
    meeting_vocabulary = vocabulary["meeting"]
    scan = header[:HEADER_SCAN] or list(blocks[:HEADER_SCAN])
    title = _title(scan, meeting_vocabulary["title_words"])
    lines = [line for block in scan for line in _lines(block)]
    date_text = _labelled(scan, meeting_vocabulary["date_labels"])
    dates = find_dates(date_text, lang) if date_text else []
    if not dates:
        for line in ([title] if title else []) + lines:
            dates = [d for d in find_dates(line, lang) if d]
            if dates:
                break
    start_text = _labelled(scan, meeting_vocabulary["start_labels"])
    end_text = _labelled(scan, meeting_vocabulary["end_labels"])
    start = end = None
    for text in filter(None, [start_text, date_text, title, *lines[:12]]):
        span = time_range(text)
        if span:
            start, end = span
            break
    if start is None:
        for text in filter(None, [start_text, date_text, title]):
            times = find_times(text)
            if times:
                start = times[0][0]
                break
    if end is None and end_text and find_times(end_text):
        end = find_times(end_text)[0][0]
    if end is None:
        end = _end_from_sentence(blocks, meeting_vocabulary["end_sentence"])
    location = _labelled(scan, meeting_vocabulary["location_labels"])
    labelled_body = _labelled(scan, meeting_vocabulary["body_labels"])
    body, named_after_body = _body(
        [labelled_body] if labelled_body else [title or "", *lines], meeting_vocabulary
    )
    body = body or labelled_body
    where = label_pattern(meeting_vocabulary["location_labels"])
    named_in_header = _organization(
        [line for line in [title or "", *lines] if not where.match(line)], meeting_vocabulary
    )
    # "Generalforsamling POMOSA" with "Grundejerforeningen POMOSA" in the header: the fuller name
    if named_in_header and (not named_after_body or named_after_body in named_in_header):
        organization = named_in_header
    else:
        organization = named_after_body
    head_text = " ".join(lines).casefold()
    extraordinary = None
    if re.search(rf"(?<!\w)({alternation(meeting_vocabulary['extraordinary'])})", head_text):
        extraordinary = True
    elif re.search(rf"(?<!\w)({alternation(meeting_vocabulary['ordinary'])})(?!\w)", head_text):
        extraordinary = False
    return Meeting(
        title=title,
        body=body,
        organization=organization,
        date=dates[0][0] if dates else None,
        start=start,
        end=end,
        location=_clean_location(location, meeting_vocabulary["extraordinary"]),
        extraordinary=extraordinary,
    )


def _clean_location(location: str | None, extraordinary: list[str]) -> str | None:
    if not location:
        return None
    # "Ekstraordinært møde - Regionshuset Viborg": the kind of meeting is not the place.
    location = re.sub(rf"^\w*({alternation(extraordinary)})\w*\s+\w+\s*[-–]\s*", "", location, flags=re.I)
    return location.strip(" ,") or None


def _end_from_sentence(blocks: tuple[Block, ...], patterns: list[str]) -> str | None:
    compiled = [re.compile(p, re.I) for p in patterns]
    for block in reversed(blocks):
        if any(p.search(block.text) for p in compiled):
            times = find_times(block.text)
            if times:
                return times[-1][0]
    return None
