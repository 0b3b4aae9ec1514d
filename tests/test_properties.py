"""Properties that hold for any text: parse returns schema-valid output or raises ParseError, and
every date it extracts is written in the text (day and year), never made up or taken from the clock."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from minutes import ParseError, parse

# Pieces of the genre, so that generated texts reach the extractors, not only the readers.
FRAGMENTS = [
    "Niederschrift über die Sitzung des Bauausschusses",
    "Referat fra mødet i Teknik- og Miljøudvalget",
    "Sitzungstermin: Montag, 3. März 2025",
    "Mødedato: 14. januar 2026",
    "Datum: heute",
    "Beginn: 18:00 Uhr",
    "Ende: morgen",
    "kl. 16.30",
    "Ort: Rathaus, Sitzungssaal",
    "Anwesend:",
    "Afbud: Mette Jensen",
    "Entschuldigt: Dr. Anna Weber",
    "TOP 1 Genehmigung der Tagesordnung",
    "Punkt 2. Lokalplan nr. 12",
    "Beschluss: einstimmig angenommen",
    "Beslutning: Godkendt. For stemte 5, imod stemte 2.",
    "V: Thomas Koch T: nächste Woche",
    "Ansvarlig: Lars Nielsen. Frist: uge 12",
    "T: Ende Mai",
    "Frist: i morgen",
    "am 31.02.2024",
    "den 1.",
    "2024",
    "Ja: 4 Nein: 1 Enthaltungen: 0",
]

texts = st.lists(
    st.one_of(st.sampled_from(FRAGMENTS), st.text(min_size=0, max_size=60)), min_size=0, max_size=25
).map("\n".join)


def _parse_text(text: str) -> dict | None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "protokoll.txt"
        path.write_text(text, encoding="utf-8", errors="surrogatepass")
        try:
            return parse(path).to_dict()
        except ParseError:
            return None


def _dates(record: dict) -> list[str]:
    found = [(record["meeting"] or {}).get("date")]
    for item in record["action_items"]:
        found += [item["due"], item["due_end"]]
    return [d for d in found if d]


def _written(day_iso: str, text: str) -> bool:
    """The date's year (four digits, or two after a separator) and its day number are in the text."""
    year, _, day = day_iso.split("-")
    numbers = set(re.findall(r"\d+", text))
    year_there = year in numbers or bool(re.search(rf"[./-]{year[2:]}(?!\d)", text))
    return year_there and str(int(day)) in {n.lstrip("0") for n in numbers}


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_any_text_parses_to_valid_output_or_a_parse_error(validate, text):
    record = _parse_text(text)
    if record is not None:
        validate(record)


@settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_no_date_is_extracted_that_the_text_does_not_contain(text):
    record = _parse_text(text)
    if record is not None:
        for day in _dates(record):
            if len(day) == 10:
                assert _written(day, text), (day, text)
            else:  # month or year precision ("2026-05", "2026")
                assert day[:4] in text or day[2:4] in text, (day, text)
