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


def _body(lines: list[str], vocabulary: dict[str, Any]) -> str | None:
    pattern = re.compile(
        rf"(?<!\w)(?P<body>(?:[\w-]+\s+(?:und|og|for|für)\s+)?[\w-]*(?:{alternation(vocabulary['meeting']['body_words'])})\w*"
        rf"(?:\s+(?:for|für|des|der|i)?\s*[A-ZÄÖÜÆØÅ][\w-]+(?:,?\s+(?:og|und)?\s*[\w-]+){{0,4}})?)",
        re.I,
    )
    for line in lines:
        match = pattern.search(line)
        if match:
            body = re.split(r"\s+(?:d\.|den|am|vom|\d)", match["body"])[0]
            return body.strip(" ,–-")
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
    body = _labelled(scan, meeting_vocabulary["body_labels"]) or _body([title or "", *lines], vocabulary)
    head_text = " ".join(lines).casefold()
    extraordinary = None
    if re.search(rf"(?<!\w)({alternation(meeting_vocabulary['extraordinary'])})", head_text):
        extraordinary = True
    elif re.search(rf"(?<!\w)({alternation(meeting_vocabulary['ordinary'])})(?!\w)", head_text):
        extraordinary = False
    return Meeting(
        title=title,
        body=body,
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
