"""Dates, times and deadlines, read in the document's language with day before month.

dateparser does the reading of month names; it is wrapped so that it only ever sees a candidate
that looks like a date (its `search_dates` alone takes words such as "die" for today), and a bare
"15.04." is a day and month, never a clock time.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import date
from functools import cache

import dateparser

from minutes.vocab import alternation, languages

NUMERIC_DATE = re.compile(r"(?<![\d.])(\d{1,2})\.\s?(0?[1-9]|1[0-2])\.\s?(\d{4}|\d{2})?(?![\d])")
ISO_DATE = re.compile(r"(?<!\d)(\d{4})[-.](\d{1,2})[-.](\d{1,2})(?!\d)")
DASH_DATE = re.compile(r"(?<!\d)(\d{1,2})[-/](\d{1,2})[-/](\d{4})(?!\d)")
SLASH_DAY_YEAR = re.compile(r"(?<!\d)(\d{1,2})/(\d{1,2})[-\s](\d{4})(?!\d)")  # "16/4-2020"
# "3. september 2009", also run together: "3.september 2009"
WORD_DATE = re.compile(r"(?<!\w)(\d{1,2})\.?\s*([A-Za-zÄÖÜäöüÆØÅæøå]{3,}\.?)\s+(\d{4})(?!\d)")
# A clock time: "18:30", "16.00", or a bare hour that a cue marks as one ("kl. 13", "19 Uhr").
CLOCK = (
    r"(?P<{0}pre>(?:{{prefix}})\s*)?(?P<{0}h>[01]?\d|2[0-3])(?:[:.](?P<{0}m>[0-5]\d))?(?![\d:]|\.\d)"
    r"(?P<{0}suf>\s*(?:{{suffix}})(?!\w))?"
)
TIME_TO = r"\s*(?:-|–|—|bis|til)\s*"
MONTH_YEAR = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{4})(?!\d)")
MONTH_RANGE = re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})/(\d{4})(?!\d)")


def _valid(year: int, month: int, day: int) -> str | None:
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def _year(text: str | None, fallback: int | None) -> int | None:
    if not text:
        return fallback
    value = int(text)
    return value + 2000 if value < 100 else value


def parse_word_date(text: str, lang: str | None) -> str | None:
    """A date with a month name ("6. september 2023"), through dateparser, or None; in any
    language minutes reads when `lang` is None."""
    parsed = dateparser.parse(
        text,
        languages=[lang] if lang else list(languages()),
        settings={"DATE_ORDER": "DMY", "REQUIRE_PARTS": ["day", "month", "year"]},
    )
    return parsed.date().isoformat() if parsed else None


def find_dates(text: str, lang: str, year: int | None = None) -> list[tuple[str, int, int]]:
    """Every date in `text` as (ISO date, start, end), in text order; year-less ones take `year`."""
    found: list[tuple[str, int, int]] = []
    taken: list[range] = []

    def add(value: str | None, match: re.Match) -> None:
        if value and not any(match.start() in r for r in taken):
            found.append((value, match.start(), match.end()))
            taken.append(range(match.start(), match.end()))

    for match in ISO_DATE.finditer(text):
        add(_valid(int(match[1]), int(match[2]), int(match[3])), match)
    for match in WORD_DATE.finditer(text):
        add(parse_word_date(match[0], lang), match)
    for pattern in (DASH_DATE, SLASH_DAY_YEAR):
        for match in pattern.finditer(text):
            add(_valid(int(match[3]), int(match[2]), int(match[1])), match)
    for match in NUMERIC_DATE.finditer(text):
        full_year = _year(match[3], year)
        if full_year:
            add(_valid(full_year, int(match[2]), int(match[1])), match)
    return sorted(found, key=lambda f: f[1])


@cache
def _clock_patterns(prefixes: tuple[str, ...], suffixes: tuple[str, ...]) -> tuple[re.Pattern, re.Pattern]:
    cues = {"prefix": alternation(list(prefixes)) or "(?!)", "suffix": alternation(list(suffixes)) or "(?!)"}
    single = CLOCK.format("").format(**cues)
    both = CLOCK.format("a_").format(**cues) + TIME_TO + CLOCK.format("b_").format(**cues)
    return (
        re.compile(rf"(?<![\w.:]){single}", re.I),
        re.compile(rf"(?<![\w.:]){both}", re.I),
    )


def _clock(match: re.Match, side: str = "") -> str:
    return f"{int(match[f'{side}h']):02d}:{match[f'{side}m'] or '00'}"


def find_times(
    text: str, prefixes: Sequence[str] = (), suffixes: Sequence[str] = ()
) -> list[tuple[str, int]]:
    """Clock times ("18:30", "16.00"; "kl. 13" and "19 Uhr" given those cues) with their offsets;
    never the day and month of a date."""
    dates = [range(m.start(), m.end()) for m in NUMERIC_DATE.finditer(text) if m[3] or m[0].endswith(".")]
    single, _ = _clock_patterns(tuple(prefixes), tuple(suffixes))
    times = []
    for match in single.finditer(text):
        hour_at = match.start("h")
        if any(hour_at in r for r in dates) or not (match["m"] or match["pre"] or match["suf"]):
            continue
        times.append((_clock(match), hour_at))
    return times


def time_range(
    text: str, prefixes: Sequence[str] = (), suffixes: Sequence[str] = ()
) -> tuple[str, str] | None:
    """A meeting's span written as a range: "17.00 – 19.00 Uhr", "kl. 14 - 15:45", "19-21 Uhr"."""
    _, both = _clock_patterns(tuple(prefixes), tuple(suffixes))
    for match in both.finditer(text):
        if any(match[group] for group in ("a_m", "b_m", "a_pre", "a_suf", "b_suf")):
            return _clock(match, "a_"), _clock(match, "b_")
    return None


def parse_due(text: str, lang: str, year: int | None) -> tuple[str | None, str | None, str | None]:
    """A deadline as (due, due_end, due_text) with the precision written: day, month or year."""
    text = text.strip().rstrip(",;")
    if not text:
        return None, None, None
    match = MONTH_RANGE.fullmatch(text)
    if match and int(match[1]) <= 12 and int(match[2]) <= 12 and int(match[1]) < int(match[2]):
        return f"{match[3]}-{int(match[1]):02d}", f"{match[3]}-{int(match[2]):02d}", text
    match = MONTH_YEAR.search(text)
    if match and 1 <= int(match[1]) <= 12:
        return f"{match[2]}-{int(match[1]):02d}", None, match[0]
    dates = find_dates(text, lang, year)
    if dates:
        value, start, end = dates[0]
        return value, None, text[start:end]
    return None, None, None
