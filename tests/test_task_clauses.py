"""Tasks written as sentences: candidates with features, kept by the fitted weights."""

from __future__ import annotations

import json

from minutes import parse
from minutes.extract.scoring import load_weights
from minutes.extract.task_clauses import candidates
from minutes.model import Block

GERMAN = """# Protokoll der Vorstandssitzung des Heimatvereins Birkenau

Datum: 14.05.2024
Anwesend: Greta Linde, Paul Roth, Ida Kornelkirsch

## TOP 1 Sommerfest

Herr Roth berichtet über den Stand der Kasse. Frau Linde wird den Saal für das Sommerfest bis zum \
30.05.2024 buchen. Der Vorstand hat den Kassenbericht angenommen.

## TOP 2 Mitgliederwerbung

Davon könnte ein neuer Flyer bezahlt werden. Danach wird Herr Roth die Einladungen verschicken.
"""

DANISH = """# Referat af bestyrelsesmøde i Grundejerforeningen Engvang

Dato: 3. april 2024
Til stede: Ole Madsen, Karen Holm, Niels Berg

## 1. Vejene

Niels fortæller om skaderne på stamvejen. Ole og Karen kontakter tre entreprenører inden næste møde. \
Dette skal drøftes igen i juni.

## 2. Eventuelt

Intet.
"""


def tasks(tmp_path, name: str, text: str) -> list[tuple]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [
        (task.text, task.owners, task.due, task.due_text, task.agenda_item, task.evidence.rule)
        for task in parse(path).action_items
    ]


def test_a_future_clause_and_a_subject_after_the_verb_are_tasks_a_report_is_none(tmp_path):
    assert tasks(tmp_path, "vorstand.md", GERMAN) == [
        (
            "Frau Linde wird den Saal für das Sommerfest bis zum 30.05.2024 buchen.",
            ("Greta Linde",),
            "2024-05-30",
            "30.05.2024",
            "1",
            "task_clause.subject",
        ),
        (
            "Danach wird Herr Roth die Einladungen verschicken.",
            ("Paul Roth",),
            None,
            None,
            "2",
            "task_clause.inverted",
        ),
    ]


def test_two_owners_with_a_task_verb_and_a_relative_deadline(tmp_path):
    assert tasks(tmp_path, "bestyrelse.md", DANISH) == [
        (
            "Ole og Karen kontakter tre entreprenører inden næste møde.",
            ("Ole Madsen", "Karen Holm"),
            None,
            "inden næste møde",
            "1",
            "task_clause.subject",
        )
    ]


def test_candidates_carry_the_features_they_are_scored_on():
    text = "Herr Roth berichtet über die Kasse. Aufgabe: Frau Linde wird den Saal buchen."
    block = Block(text, "paragraph", 1, 0, len(text))
    found = {c.text: (c.owners, sorted(c.features)) for c in candidates([block], "de", 2024, frozenset())}
    assert found == {
        "Herr Roth berichtet über die Kasse.": (("Roth",), ["block_start", "rule:subject", "verb:report"]),
        "Aufgabe: Frau Linde wird den Saal buchen.": (("Linde",), ["label", "rule:subject", "verb:future"]),
    }
    weights = load_weights("task_clauses")
    scores = {sentence: weights.score(frozenset(features)) for sentence, (_, features) in found.items()}
    assert scores["Herr Roth berichtet über die Kasse."] < weights.threshold
    assert scores["Aufgabe: Frau Linde wird den Saal buchen."] >= weights.threshold


def test_the_evidence_is_part_of_the_record(tmp_path):
    path = tmp_path / "vorstand.md"
    path.write_text(GERMAN, encoding="utf-8")
    record = json.loads(json.dumps(parse(path).to_dict()))
    evidence = record["action_items"][0]["evidence"]
    assert evidence["rule"] == "task_clause.subject"
    assert evidence["features"] == ["due", "rule:subject", "verb:future"]
    assert 0.5 <= evidence["score"] <= 1


def test_a_sentence_after_a_bracket_is_its_own_and_an_initial_keeps_its_period():
    text = (
        "Frau Brenner bat darum, die Liste zu prüfen (wie im März besprochen). "
        "Jonas K. wird die Liste bis Freitag prüfen."
    )
    block = Block(text, "paragraph", 1, 0, len(text))
    found = [(c.text, c.owners) for c in candidates([block], "de", 2024, frozenset())]
    assert found == [
        ("Frau Brenner bat darum, die Liste zu prüfen (wie im März besprochen).", ("Brenner",)),
        ("Jonas K. wird die Liste bis Freitag prüfen.", ("Jonas K.",)),
    ]


SPEAKERS = """# Protokoll der Sitzung des Festausschusses

Datum: 02.09.2024

## TOP 1 Haushalt

Frau Linde erläutert den Haushaltsplan für das Herbstfest. Herr Roth wird die Liste der Helfer verschicken.

## TOP 2 Verschiedenes

Keine Wortmeldungen.
"""


def test_who_speaks_in_the_minutes_took_part_who_takes_a_task_need_not(tmp_path):
    path = tmp_path / "festausschuss.md"
    path.write_text(SPEAKERS, encoding="utf-8")
    record = parse(path)
    assert [(p.name, p.status, p.evidence.rule) for p in record.participants] == [
        ("Linde", "present", "actor.subject")
    ]
    assert [task.owners for task in record.action_items] == [("Roth",)]


def test_a_tally_written_for_colon_against_is_counted():
    from minutes.extract.agenda import _votes
    from minutes.model import Votes
    from minutes.vocab import load_vocabulary

    german, danish = load_vocabulary("de"), load_vocabulary("da")
    tally = "Der Antrag wird mit 41:17 Stimmen bei 2 Enthaltungen angenommen."
    assert _votes(tally, german) == Votes(41, 17, 2)
    assert _votes("Forslaget blev vedtaget med 5:3 stemmer.", danish) == Votes(5, 3, 0)
    assert _votes("Beginn der Sitzung 19:30 Uhr, Ende 21:15 Uhr.", german) is None
