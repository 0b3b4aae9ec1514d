"""The meeting itself: title, body, date, start and end, location, extraordinary.

Fields come from the header (the blocks before the first item): labelled lines first ("Datum:",
"Mødested:"), then the title line. A date in a running sentence further down does not count.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from minutes.extract.dates import ISO_DATE, NUMERIC_DATE, WORD_DATE, find_dates, find_times, time_range
from minutes.extract.structure import label_pattern
from minutes.model import Block, Meeting
from minutes.vocab import alternation

HEADER_SCAN = 25  # blocks of the header that may hold the meeting's own data


def _labelled(blocks: list[Block], labels: list[str], colonless: bool = False) -> str | None:
    pattern = label_pattern(labels, colonless)
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
        # "Udvalg for natur, miljø og trafik": what a committee is for, in any case
        rf"(?P<purpose>\s+(?i:for|für)\s+[^\W\d][\w-]*(?:(?:,\s*|\s+(?:og|und)\s+)[^\W\d][\w-]*){{0,4}})?"
        rf"(?:\s+(?P<link>(?i:des|der|den|im|i|af|hos|for|für)\s+)?(?P<name>{capitalised}"
        rf"(?:\s+(?:og|und|&)\s+{capitalised}|\s+{capitalised}){{0,3}}))?"
    )


def _body(lines: list[str], vocabulary: dict[str, Any]) -> tuple[str | None, str | None]:
    """(body, organization) from the first line naming who met.

    "Bau- und Umweltausschusses" → the committee in the nominative; "Stadtteilbeirat Büchenbach" keeps
    its name; after an assembly ("Generalforsamling i AlsLUG", "Mitgliederversammlung Makerspace GT")
    or a linking word ("Gemeinderat der Marktgemeinde Kirchdorf") the name is the organization's.
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
        # the name ends where the date begins ("Vorstand Musterverein am 3. Mai", "Råd 30 april")
        name = re.split(r"(?:^|\s+)(?:d\.|den|am|vom|\d)", match["name"] or "")[0].strip(" ,.–-")
        name = name if re.search(r"[^\W\d_]", name) else None
        is_assembly = f"{match['prefix']}{match['word']}".casefold() in assemblies
        if match["purpose"]:
            return _capitalised(f"{head}{match['purpose']}"), None
        named = (match["named"] or "").strip()
        # "Ergebnisprotokoll Steuergruppe": a compound of a title word says what the document is
        titled = any(named.casefold().endswith(word) for word in not_names)
        if named and not is_assembly and not match["coordinated"] and not titled:
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
    header: list[Block],
    blocks: tuple[Block, ...],
    vocabulary: dict[str, Any],
    lang: str,
    filename: str = "",
) -> Meeting:
    meeting_vocabulary = vocabulary["meeting"]
    scan = header[:HEADER_SCAN] or list(blocks[:HEADER_SCAN])
    title = _title(scan, meeting_vocabulary["title_words"])
    lines = [line for block in scan for line in _lines(block)]
    when = _when(scan, [title] if title else [], lines, blocks, meeting_vocabulary, lang, filename)
    location = _labelled(scan, meeting_vocabulary["location_labels"], colonless=True) or _place(
        lines, when.line, meeting_vocabulary
    )
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
        date=when.date,
        start=when.start,
        end=when.end,
        location=_clean_location(location, meeting_vocabulary["extraordinary"]),
        extraordinary=extraordinary,
    )


def _time_cues(vocabulary: dict[str, Any]) -> tuple[list[str], list[str]]:
    """The words that mark a bare hour as a clock time: before it ("kl. 13") and after it ("19 Uhr")."""
    return vocabulary["time_prefix"], vocabulary["time_suffix"]


@dataclass(frozen=True)
class _When:
    date: str | None
    start: str | None
    end: str | None
    line: int | None  # index of the header line that gives the date, where the place is often written too


def _when(
    scan: list[Block],
    title: list[str],
    lines: list[str],
    blocks: tuple[Block, ...],
    vocabulary: dict[str, Any],
    lang: str,
    filename: str,
) -> _When:
    """The meeting's date, start and end.

    The date is the labelled one ("Datum:", "Mødedato"), unless it has no time and a header line
    gives a date with a clock time (an invitation's "Datum:" is the letter's); else the first date in
    the title or header; else an ISO date in the file name. Times come from their labels, else from
    the line that gives the date ("Tirsdag d. 7. marts 2023 kl. 16:30").
    """
    cues = _time_cues(vocabulary)
    date_text = _labelled(scan, vocabulary["date_labels"], colonless=True)
    start_text = _labelled(scan, vocabulary["start_labels"], colonless=True)
    dated = [(i, found) for i, line in enumerate(lines) if (found := find_dates(line, lang))]
    with_time = [(i, found) for i, found in dated if find_times(lines[i], *cues)]
    labelled = find_dates(date_text, lang) if date_text else []
    title_dates = find_dates(title[0], lang) if title else []
    if labelled and (find_times(date_text, *cues) or start_text or not with_time):
        found = labelled
    else:
        found = title_dates or next((f for _, f in with_time or dated), [])
    date = found[0][0] if found else None
    line = next((i for i, on_line in dated if date in {d for d, _, _ in on_line}), None)
    if date is None and (in_name := ISO_DATE.search(filename)):
        date = next((found for found, _, _ in find_dates(in_name[0], lang)), None)
    date_line = [lines[line]] if line is not None else []
    start = end = None
    for text in filter(None, [start_text, *date_line, date_text, *title, *lines[:12]]):
        span = time_range(text, *cues)
        if span:
            start, end = span
            break
    if start is None:
        written = (_first_time(text, cues) for text in [start_text, *date_line, date_text, *title])
        start = next(filter(None, written), None)
    end_text = _labelled(scan, vocabulary["end_labels"], colonless=True)
    if end is None:
        end = _first_time(end_text, cues) or _end_at_close(blocks, vocabulary, cues)
    return _When(date, start, end, line)


def _place(lines: list[str], date_line: int | None, vocabulary: dict[str, Any]) -> str | None:
    """Where the meeting is held, where no label says it.

    In this order: a sentence ("findet im … statt", "afholdes i …"); what follows the time in the
    date line ("18:30 Uhr • Mönauschule, …"); the place written before the date ("Gütersloh,
    Stadtbibliothek, 18.07.2018"); an address written under the date line.
    """
    # A place continues on the next line after a comma ("afholdes i grupperum 7,\nBiblioteket, …").
    text = "".join(f"{line} " if line.rstrip().endswith(",") else f"{line}\n" for line in lines)
    for pattern in vocabulary["location_sentence"]:
        for found in re.finditer(pattern, text, re.I | re.M):
            place = _place_words(found["place"], vocabulary)
            # a place has a name or a number; "afholdes i henhold til vedtægterne" has neither
            if re.search(r"[A-ZÄÖÜÆØÅ\d]", place):
                return place
    if date_line is None:
        return None
    line = lines[date_line]
    cues = _time_cues(vocabulary)
    times = find_times(line, *cues)
    if times:
        clock = rf"^\d{{1,2}}(?:[:.]\d\d)?\s*(?:{alternation(cues[1])})?"
        after = re.sub(clock, "", line[times[-1][1] :], flags=re.I).strip(SEPARATORS)
        if after[:1].isupper() and not find_times(after, *cues):
            return after
    before = re.match(r"^((?:[A-ZÄÖÜÆØÅ][\w.-]*\s?)+(?:,\s*[A-ZÄÖÜÆØÅ][\w.-]*\s?)+),\s*\d", line)
    meeting_words = alternation(vocabulary["title_words"] + vocabulary["body_words"])
    if before and not re.search(meeting_words, before[1], re.I):
        return before[1].strip()
    return _address(lines[date_line + 1 : date_line + 8]) or _venue_after_date(
        lines[date_line : date_line + 2], vocabulary
    )


def _venue_after_date(lines: list[str], vocabulary: dict[str, Any]) -> str | None:
    """A venue named after the date, in its line or running on to the next ("onsdag den 4. juni
    2024 i" over "Fælleshuset:"): a capitalised name ("im Gemeindehaus Nord", "im Raum 12") or a
    word ending as venues do ("i fælleshuset"); never the body that met ("i Bestyrelsen")."""
    text = " ".join(line.strip() for line in lines)
    date = NUMERIC_DATE.search(text) or WORD_DATE.search(text)
    if date is None:
        return None
    capitalised = r"[A-ZÄÖÜÆØÅ][\w.-]*(?:\s+(?:[A-ZÄÖÜÆØÅ][\w.-]*|\d{1,4}[a-z]?))*"
    lower = rf"[\w-]+(?:{alternation(vocabulary['venue_endings'])})"
    venue = re.compile(
        rf"(?P<before>[\w-]*)\s+(?:{alternation(vocabulary['venue_prepositions'])})\s+(?P<place>{capitalised}|{lower})(?!\w)"
    )
    who = vocabulary["title_words"] + vocabulary["body_words"] + vocabulary["assembly_words"]
    meeting = re.compile(rf"(?i:{alternation(who)})")
    for found in venue.finditer(text, date.end()):
        # "generalforsamling i Ejerforeningen …" names who met, not where
        if not meeting.search(found["before"]) and not meeting.search(found["place"]):
            return found["place"].strip(" .,:;")
    return None


SEPARATORS = " ,;|•·–-\uf09f\uf0b7"
POSTCODE_LINE = re.compile(r"^\d{4,5}\s+[A-ZÄÖÜÆØÅ][\w-]+")
STREET = re.compile(r"(?:^|,\s*)[A-ZÄÖÜÆØÅ][\w.-]+(?:\s[\w.-]+)?\s\d{1,4}[a-z]?\.?$")


def _address(lines: list[str]) -> str | None:
    """An address block under the date line: a street with its number after a comma ("Søhusskolens
    kantine, Bispeengen 3"), or lines down to a postcode ("… / Bakkensbro 6 / Ullerup / 6400 Sønderborg")."""
    for i, line in enumerate(lines):
        line = line.strip()
        if STREET.search(line) and "," in line:
            return line.rstrip(".")
        if POSTCODE_LINE.match(line):
            first = i
            while first > max(0, i - 3) and _address_part(lines[first - 1]):
                first -= 1
            return ", ".join(part.strip().rstrip(".") for part in lines[first : i + 1])
    return None


def _address_part(line: str) -> bool:
    line = line.strip()
    return bool(line) and line[0].isupper() and len(line) < 80 and ":" not in line


def _place_words(place: str, vocabulary: dict[str, Any]) -> str:
    """The place of a location sentence without the time or date written after it."""
    cut = rf"\s(?:{alternation(vocabulary['time_prefix'])})\s|\s\d{{1,2}}\.\s?\w|\*\*"
    return re.split(cut, place.replace("**", ""), maxsplit=1, flags=re.I)[0].strip(" ,.")


def _clean_location(location: str | None, extraordinary: list[str]) -> str | None:
    if not location:
        return None
    # "Ekstraordinært møde - Rådhuset Nørreby": the kind of meeting is not the place.
    location = re.sub(rf"^\w*({alternation(extraordinary)})\w*\s+\w+\s*[-–]\s*", "", location, flags=re.I)
    return location.strip(" ,") or None


def _first_time(text: str | None, cues: tuple[list[str], list[str]]) -> str | None:
    times = find_times(text, *cues) if text else []
    return times[0][0] if times else None


def _end_at_close(
    blocks: tuple[Block, ...], vocabulary: dict[str, Any], cues: tuple[list[str], list[str]]
) -> str | None:
    """The end written where the minutes close: "Ende: 19:16", "Mødet blev hævet kl. 16.40"."""
    label = label_pattern(vocabulary["end_labels"])
    sentences = [re.compile(p, re.I) for p in vocabulary["end_sentence"]]
    for block in reversed(blocks):
        for line in reversed(block.text.split("\n")):
            found = label.match(line)
            if found and (end := _first_time(found["value"], cues)):
                return end
        if any(p.search(block.text) for p in sentences):
            times = find_times(block.text, *cues)
            if times:
                return times[-1][0]
    return None
