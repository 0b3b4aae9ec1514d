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
        ("Mødet blev hævet kl. 15.00.", "da"),
        ("Alle var mødt, undtagen to medlemmer, der havde meldt afbud.", "da"),
        ("Referatet blev godkendt uden bemærkninger.", "da"),
        ("Rundt 28 medlemmer møtte opp, og årsmøtet godkjente regnskapet.", "no"),
        ("Styret har hatt ti møter i løpet av året.", "no"),
        ("Die Sitzung wurde um 20:15 Uhr geschlossen.", "de"),
    ],
)
def test_danish_never_norwegian_and_back(text, language):
    assert detect_language(text)[0] == language


def test_block_languages_follow_the_blocks(tmp_path):
    path = tmp_path / "gemischt.txt"
    path.write_text(
        "Die Sitzung des Ausschusses wurde pünktlich eröffnet.\n"
        "Udvalget drøftede sagen og tog orienteringen til efterretning.\n",
        encoding="utf-8",
    )
    assert detect(read(path)).block_languages == ("de", "da")
