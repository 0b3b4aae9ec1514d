"""Several meetings in one file (a project logbook, a year's protocols): each dated meeting is an
agenda item with its own results and tasks, and the file as a whole has no date of its own."""

from __future__ import annotations

from minutes import parse

LOGBOOK = """# Logbog for projektgruppe Solpanel

## 3/4

Vi har aftalt at bruge GitHub til opgaverne.
Maja kontakter vejlederen om et møde.

## 10/4

Prototypen blev gennemgået. Det blev besluttet at bestille nye sensorer.

## 17/4

Status på rapporten.
"""

YEAR = """# Sitzungsprotokolle des Elternbeirats

## Elternbeiratssitzung 14.10.2023

Frau Wendel wurde einstimmig als Vorsitzende gewählt.

## Elternbeiratssitzung 20.02.2024

Der Antrag auf einen Zuschuss für die Klassenfahrt wurde angenommen.

## Elternbeiratssitzung 11.06.2024

Keine Beschlüsse.
"""

ONE_MEETING = """# Protokoll der Vorstandssitzung vom 12.03.2024

## Kasse

Der Kassenbericht wurde angenommen.

## Frühlingsfest am 20.04.

Der Verein lädt zum Frühlingsfest ein.

## Verschiedenes

Keine Wortmeldungen.
"""


def items(tmp_path, name: str, text: str):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return parse(path)


def test_a_logbook_has_its_dated_meetings_as_items(tmp_path):
    record = items(tmp_path, "logbog.md", LOGBOOK)
    assert (record.kind, record.meeting.date) == ("minutes", None)
    assert [(i.number, i.title) for i in record.agenda_items] == [
        (None, "3/4"),
        (None, "10/4"),
        (None, "17/4"),
    ]
    second = record.agenda_items[1]
    assert second.decision is not None and second.decision.outcome == "approved"
    assert "bestille nye sensorer" in second.decision.text


def test_a_year_of_protocols_in_one_file(tmp_path):
    record = items(tmp_path, "elternbeirat.md", YEAR)
    assert record.meeting.date is None
    assert [i.title for i in record.agenda_items] == [
        "Elternbeiratssitzung 14.10.2023",
        "Elternbeiratssitzung 20.02.2024",
        "Elternbeiratssitzung 11.06.2024",
    ]
    assert [i.decision.outcome if i.decision else None for i in record.agenda_items][:2] == [
        "approved",
        "approved",
    ]


def test_one_meeting_with_a_dated_topic_is_no_logbook(tmp_path):
    record = items(tmp_path, "vorstand.md", ONE_MEETING)
    assert record.meeting.date == "2024-03-12"
    assert [i.title for i in record.agenda_items] == ["Kasse", "Frühlingsfest am 20.04", "Verschiedenes"]
