"""Language and kind of the authored fixtures, and Danish kept apart from Norwegian."""

from __future__ import annotations

import pytest

from minutes.detect import detect, detect_language
from minutes.read import read

from fixture_builders import DANISH_MINUTES, FIXTURES, GERMAN_MINUTES


@pytest.mark.parametrize(
    ("path", "language", "kind"),
    [
        (GERMAN_MINUTES, "de", "minutes"),
        (DANISH_MINUTES, "da", "minutes"),
        (FIXTURES / "de" / "einladung-mitgliederversammlung.md", "de", "agenda"),
        (FIXTURES / "da" / "pressemeddelelse.html", "da", "press_release"),
        (FIXTURES / "de" / "protokoll-spezifikation.md", "de", "other"),
    ],
)
def test_language_and_kind(path, language, kind):
    detection = detect(read(path))
    assert (detection.language, detection.kind) == (language, kind)


@pytest.mark.parametrize(
    ("text", "language"),
    [
        ("Mødet blev hævet kl. 16.40.", "da"),
        ("Alle var mødt, undtagen to medlemmer, der havde meldt afbud.", "da"),
        ("Referatet blev godkendt uden bemærkninger.", "da"),
        ("Rundt 28 medlemmer møtte opp, og årsmøtet godkjente regnskapet.", "no"),
        ("Styret har hatt ti møter i løpet av året.", "no"),
        ("Die Sitzung wurde um 20:15 Uhr geschlossen.", "de"),
    ],
)
def test_danish_never_norwegian_and_back(text, language):
    assert detect_language(text)[0] == language


LAB_REPORTS = {
    "versuch.md": """# Versuch 14: Das Federpendel

Protokoll von Ida Kranich und Malte Sonnentau, Physikalisches Anfängerpraktikum

## Zielsetzung
Die Federkonstante wird aus der Schwingungsdauer bestimmt.

## Theorie
Für ein ungedämpftes Federpendel gilt das lineare Kraftgesetz; das Ergebnis der Herleitung wird genutzt.

## Durchführung
Die Messung der Schwingungsdauer erfolgt für fünf Massen; jede Messreihe wird dreimal wiederholt.

## Auswertung
Aus den Messwerten ergibt sich eine Federkonstante von 12,4 N/m. Die Fehlerrechnung ergibt 0,3 N/m.

## Literatur
Lehrbuch der Experimentalphysik, Band 1.
""",
    "forsoeg.md": """# Forsøg 3: Lydens hastighed

Rapport af Asta Lyngby og Carl Enghave

## Formål
At bestemme lydens hastighed i luft.

## Teori
Bølgeligningen giver sammenhængen mellem frekvens og bølgelængde.

## Forsøgsopstilling
En højttaler og to mikrofoner; målingerne blev godkendt af vejlederen.

## Måleresultater
Målingerne giver 341 m/s. Fejlkilder er temperaturen og usikkerheden på afstanden.
""",
}


@pytest.mark.parametrize("name", sorted(LAB_REPORTS))
def test_a_lab_report_called_protocol_is_no_minutes(tmp_path, name):
    path = tmp_path / name
    path.write_text(LAB_REPORTS[name], encoding="utf-8")
    assert detect(read(path)).kind == "other"


@pytest.mark.parametrize(
    ("name", "text", "kind"),
    [
        (
            "sitzung.md",
            "# Protokoll der Sitzung des Umweltausschusses\n\nAnwesend: Ida Kranich, Malte Sonnentau\n\n"
            "## TOP 1 Auswertung der Messungen am Stadtweiher\nDie Durchführung der Messungen wird "
            "besprochen; die Auswertung liegt vor.\nBeschluss: einstimmig angenommen.\n",
            "minutes",  # minutes that evaluate something stay minutes
        ),
        (
            "ausschuss.md",
            "# Protokoll der Sitzung des Kulturausschusses\n\nDatum: 04.11.2024\n\n"
            "## TOP 1 Lesereihe\n\nFrau Quast stellt das Programm des Winters vor.\n\n"
            "## TOP 2 Plakate\n\nDie Plakate liegen in der Bücherei aus.\n",
            "minutes",  # a meeting's protocol with its item headings, without cue words
        ),
        (
            "skakklub.txt",
            "Referat af ekstraordinær generalforsamling\nmandag den 4. marts 2024 i klubhuset\n\n"
            "Ved generalforsamlingen valgtes Vagn Riis som ny formand.\nHan afløser Tove Holt.\n",
            "minutes",
        ),
        (
            "spejdere.txt",
            "Lederrådsmøde 12. maj 2024.\n\nDagsorden.\n01. Valg af kasserer.\n02. Sommerlejr.\n"
            "03. Hytten.\n\n1. Valg af kasserer.\nLone er valgt som kasserer.\n2. Sommerlejr.\n"
            "Vi tager til Fyn.\n3. Hytten.\nTaget skal ordnes.\n",
            "minutes",
        ),
        (
            "dagsorden.txt",
            "Lederrådsmøde 12. maj 2024.\n\nDagsorden.\n1. Valg af kasserer.\n2. Sommerlejr.\n"
            "3. Hytten.\n4. Eventuelt.\n",
            "agenda",
        ),
        (
            "kickoff.txt",
            "Kick-Off Protokoll\n\nProjekt Stadtbücherei App\n\nFragen aus dem Kick-Off-Meeting\n"
            "Die Anforderungen wurden besprochen.\n",
            "minutes",
        ),
    ],
)
def test_kind_from_cues_and_structure(tmp_path, name, text, kind):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    assert detect(read(path)).kind == kind
