"""Publishing: every page, facet and canned query through Datasette's in-process client, on an
archive of the authored protocols plus one with a closed item that must not get out."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from datasette.app import Datasette

from minutes import Archive
from minutes.cli import cli
from minutes.publish import DATASETTE_SETTINGS, WITHHELD, PublishSettings, keep_published, write_site

from fixture_builders import DANISH_MINUTES, GERMAN_MINUTES

SECRET = "Abfindungsvereinbarung"
CLOSED_ITEM = f"""Protokoll der Sitzung des Personalausschusses vom 10.01.2024

Anwesend: Ansgar Thorsø, Ilse Bøgelund
Entschuldigt: Bo Jensen

TOP 1: Haushalt 2024
Beschluss: einstimmig angenommen.

TOP 2: Personalangelegenheit (nichtöffentlich)
Die {SECRET} mit Frau Ingeborg Vasquez wird besprochen. Herr Claus Ibsen nimmt wegen Befangenheit nicht teil.
Verantwortlich: Ilse Bøgelund
Beschluss: vertagt.
"""


def make_site(tmp_path: Path, settings: PublishSettings | None = None) -> Datasette:
    protocols = tmp_path / "protocols"
    protocols.mkdir()
    for source in (GERMAN_MINUTES, DANISH_MINUTES):
        (protocols / source.name).write_bytes(source.read_bytes())
    (protocols / "personalausschuss.txt").write_text(CLOSED_ITEM, encoding="utf-8")
    Archive(tmp_path / "archive.db").ingest(protocols)
    write_site(tmp_path / "archive.db", tmp_path / "site", settings or PublishSettings())
    metadata = yaml.safe_load((tmp_path / "site" / "metadata.yaml").read_text(encoding="utf-8"))
    return Datasette([str(tmp_path / "site" / "minutes.db")], metadata=metadata, settings=DATASETTE_SETTINGS)


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> Datasette:
    return make_site(tmp_path_factory.mktemp("published"))


def get(datasette: Datasette, path: str):
    response = asyncio.run(datasette.client.get(path))
    assert response.status_code == 200, (path, response.text[:500])
    return response


def rows(datasette: Datasette, path: str) -> list[dict]:
    separator = "&" if "?" in path else "?"
    return get(datasette, f"{path}{separator}_shape=array").json()


def sql(datasette: Datasette, query: str) -> list[dict]:
    """The published database as the tests inspect it (visitors run no SQL of their own)."""
    connection = sqlite3.connect(datasette.get_database("minutes").path)
    connection.row_factory = sqlite3.Row
    try:
        return [dict(row) for row in connection.execute(query.replace("%25", "%"))]
    finally:
        connection.close()


def meeting_id(datasette: Datasette, title_word: str) -> int:
    [meeting] = sql(datasette, f"select id from meetings where title like '%25{title_word}%25'")
    return meeting["id"]


def test_the_meeting_page_reads_like_the_protocol(site):
    page = get(site, f"/minutes/meetings/{meeting_id(site, 'Umweltausschuss')}").text
    for expected in (
        "Bau- und Umweltausschusses",
        "2023-03-14",
        "18:30–20:15",
        "Rathaus Lindenhain, Sitzungssaal 2",
        "Karin Albers</a>, Vorsitz (chair)",
        "Markus Hoffmann</a> (excused)",
        "Bebauungsplan „Am Mühlbach“ – Aufstellungsbeschluss",
        "Case Vorlage 2023/041",
        "Decision: approved</strong>",
        "for 4, against 1, abstaining 0",
        "Decision: noted</strong>",
        "Angebote für die Dachsanierung einholen",
        "2023-04-30",
    ):
        assert expected in page, expected
    document = sql(site, "select document_id from meetings where title like '%25Umweltausschuss%25'")[0]
    assert f'href="/-/source/{document["document_id"]}#page=1"' in page


def test_the_person_page_lists_meetings_and_absences(site):
    [person] = sql(site, "select id from people where name = 'Markus Hoffmann'")
    page = get(site, f"/minutes/people/{person['id']}").text
    assert "<h1>Markus Hoffmann</h1>" in page
    assert "Present at 0, absent from 1" in page and "absent (excused)" in page


def test_table_search_folds_and_stems_the_query(site):
    assert [r["title"] for r in rows(site, "/minutes/agenda_items.json?_search=bebauungsplaene")] == [
        "Bebauungsplan „Am Mühlbach“ – Aufstellungsbeschluss"
    ]
    assert len(rows(site, "/minutes/documents.json?_search=buergermeisterin")) == 1
    assert [r["title"] for r in rows(site, "/minutes/agenda_items.json?_search=trafiksikkerhedsplanen")] == [
        "Trafiksikkerhedsplan 2024"
    ]


def test_facets_on_language_body_year_and_outcome(site):
    meetings = get(site, "/minutes/meetings.json").json()["facet_results"]
    assert {row["value"]: row["count"] for row in meetings["language"]["results"]} == {"de": 2, "da": 1}
    assert {row["value"] for row in meetings["year"]["results"]} == {"2023", "2024"}
    assert "Bau- und Umweltausschuss" in {row["label"] for row in meetings["body_id"]["results"]}
    decisions = get(site, "/minutes/decisions.json").json()["facet_results"]
    assert {row["value"] for row in decisions["outcome"]["results"]} >= {"approved", "noted"}
    documents = get(site, "/minutes/documents.json").json()["facet_results"]
    assert {row["value"]: row["count"] for row in documents["kind"]["results"]} == {"minutes": 3}


def test_canned_queries(site):
    albers = rows(site, "/minutes/attendance_per_person.json?person=Albers")
    assert [(r["person"], r["year"], r["present"], r["absent_excused"]) for r in albers] == [
        ("Karin Albers", "2023", 1, 0)
    ]
    actions = rows(site, "/minutes/open_action_items.json")
    assert actions[0]["overdue"] == 1 and "Angebote für die Dachsanierung einholen" in {
        a["text"] for a in actions
    }
    outcomes = rows(site, "/minutes/decisions_by_outcome.json")
    assert {"body": "Bau- und Umweltausschuss", "year": "2023", "outcome": "noted"}.items() <= next(
        r for r in outcomes if r["outcome"] == "noted"
    ).items()
    found = rows(site, "/minutes/search_decisions.json?q=aufstellungsbeschluesse")
    assert [r["item"] for r in found] == ["Bebauungsplan „Am Mühlbach“ – Aufstellungsbeschluss"]
    everything = rows(site, "/minutes/search.json?q=Trafiksikkerhedsplanen")
    assert {r["found"] for r in everything} >= {"agenda item", "document"}


def test_an_atom_feed_of_new_decisions(site):
    feed = get(site, "/minutes/new_decisions.atom?body=Bau-+und+Umweltausschuss").text
    assert feed.count("<entry>") == 3
    assert "Bebauungsplan „Am Mühlbach“ – Aufstellungsbeschluss" in feed


def test_source_files_open_in_the_browser(site):
    [document] = sql(site, "select id from documents where filename = 'bauausschuss-niederschrift.txt'")
    response = get(site, f"/-/source/{document['id']}")
    assert response.content == GERMAN_MINUTES.read_bytes()
    assert response.headers["content-type"].startswith("text/plain")


def test_closed_items_are_withheld_everywhere(site, tmp_path_factory):
    [document] = sql(site, "select id, withheld_items, text from documents where filename like 'personal%25'")
    assert document["withheld_items"] == 1
    assert SECRET not in document["text"] and WITHHELD in document["text"]
    assert [
        r["title"] for r in sql(site, f"select title from agenda_items where document_id = {document['id']}")
    ] == ["Haushalt 2024"]
    assert asyncio.run(site.client.get(f"/-/source/{document['id']}")).status_code == 404
    everywhere = (
        "select 'agenda' from agenda_items where text like '%25Abfindung%25' or title like '%25Personal%25' "
        "union all select 'decision' from decisions where outcome = 'postponed' "
        "union all select 'action' from action_items where owners like '%25Bøgelund%25' "
        "union all select 'absence' from participations where name_as_written like '%25Ibsen%25' "
        "union all select 'person' from people where name like '%25Vasquez%25' or name like '%25Ibsen%25'"
    )
    assert sql(site, everywhere) == []
    assert rows(site, f"/minutes/documents.json?_search={SECRET}") == []
    published = Path(site.databases["minutes"].path)
    for path in (published, published.with_name(published.name + "-wal")):
        if path.exists():  # not even in a freed page of the file
            assert SECRET.encode() not in path.read_bytes()


def test_attendance_can_be_left_unpublished(tmp_path):
    site = make_site(tmp_path, PublishSettings(attendance=False))
    assert sql(site, "select count(*) as n from participations") == [{"n": 0}]
    page = get(site, f"/minutes/meetings/{meeting_id(site, 'Umweltausschuss')}").text
    assert "Markus Hoffmann" not in page and "Attendance" not in page
    assert "Tobias Lange" in page  # an action item's owner is still named


def test_metadata_describes_every_table_and_column(site):
    metadata = get(site, "/-/metadata.json").json()["databases"]["minutes"]["tables"]
    tables = {r["name"] for r in sql(site, "select name from sqlite_master where type = 'table'")}
    for table in {t for t in tables if "_fts" not in t}:
        columns = {r["name"] for r in sql(site, f"select name from pragma_table_info('{table}')")}
        assert metadata[table]["description"]
        assert columns - {"id"} <= set(metadata[table]["columns"]), table
    assert json.loads(json.dumps(metadata))  # plain JSON through the API


def test_the_published_database_follows_the_archive(tmp_path):
    archive = Archive(tmp_path / "archive.db")
    archive.ingest(GERMAN_MINUTES)
    result = CliRunner().invoke(
        cli, ["publish", "--db", str(tmp_path / "archive.db"), "--out", str(tmp_path / "site")]
    )
    assert result.exit_code == 0 and "1 meetings" in result.output
    assert {p.name for p in (tmp_path / "site").iterdir()} >= {"minutes.db", "metadata.yaml", "settings.json"}
    stop = threading.Event()
    follower = threading.Thread(
        target=keep_published, args=(tmp_path / "archive.db", tmp_path / "site", PublishSettings(), stop, 0.1)
    )
    follower.start()
    try:
        archive.ingest(DANISH_MINUTES)
        published = sqlite3.connect(tmp_path / "site" / "minutes.db")
        deadline = time.monotonic() + 30
        while published.execute("SELECT count(*) FROM meetings").fetchone()[0] < 2:
            assert time.monotonic() < deadline, "the published database was not refreshed"
            time.sleep(0.1)
    finally:
        stop.set()
        follower.join()


def test_only_published_contents_make_the_site_rebuild(tmp_path):
    """A claim or a file waiting for its writer logs a row, and must not rebuild a large site."""
    from minutes import store
    from minutes.publish import _version_of

    archive = Archive(tmp_path / "archive.db")
    before = _version_of(tmp_path / "archive.db")
    store.log_attempt(
        archive.db, "scan.pdf", "waiting", error="another program still has it open for writing"
    )
    assert _version_of(tmp_path / "archive.db") == before
    (tmp_path / "p.txt").write_bytes(GERMAN_MINUTES.read_bytes())
    archive.ingest(tmp_path / "p.txt")
    assert _version_of(tmp_path / "archive.db") != before
