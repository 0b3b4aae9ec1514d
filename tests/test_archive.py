"""The archive: every table filled from the authored protocols, re-ingest, versions, reparse,
people across meetings, search normalisation and a failed file among good ones."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
import sqlite_utils

from minutes import Archive, store
from minutes.search_text import index_text, match_query

from fixture_builders import DANISH_MINUTES, GERMAN_MINUTES

CLOSED_ITEM = """Protokoll der Sitzung des Vorstands vom 10.01.2024

Anwesend: Ansgar Thorsø, Ilse Bøgelund
Entschuldigt: Bo Jensen

TOP 1: Haushalt 2024
Beschluss: einstimmig angenommen.

TOP 2: Personalangelegenheit (nichtöffentlich)
Beschluss: vertagt.
"""


@pytest.fixture
def inbox(tmp_path: Path) -> Path:
    folder = tmp_path / "inbox"
    (folder / "2023").mkdir(parents=True)
    shutil.copy(GERMAN_MINUTES, folder / "2023" / GERMAN_MINUTES.name)
    shutil.copy(DANISH_MINUTES, folder / DANISH_MINUTES.name)
    (folder / "vorstand.txt").write_text(CLOSED_ITEM, encoding="utf-8")
    (folder / "kaputt.pdf").write_bytes(b"%PDF-1.4 not really a pdf")
    return folder


@pytest.fixture
def archive(tmp_path: Path, inbox: Path) -> Archive:
    archive = Archive(tmp_path / "archive.db")
    archive.ingest(inbox)
    return archive


def counts(db: sqlite_utils.Database) -> dict[str, int]:
    tables = [
        "documents", "organizations", "bodies", "meetings", "agenda_items", "decisions", "attachments",
        "people", "person_aliases", "participations", "action_items", "action_item_owners", "search",
    ]  # fmt: skip
    return {table: db[table].count for table in tables}


def test_ingest_fills_every_table_and_logs_every_attempt(tmp_path, inbox):
    archive = Archive(tmp_path / "archive.db")
    results = archive.ingest(inbox)
    assert sorted((r.path.name, r.outcome) for r in results) == [
        ("bauausschuss-niederschrift.txt", "stored"),
        ("kaputt.pdf", "failed"),
        ("teknik-udvalg-referat.md", "stored"),
        ("vorstand.txt", "stored"),
    ]
    failed = next(r for r in results if r.outcome == "failed")
    assert failed.error
    db = archive.db
    assert counts(db) | {"organizations": 0} == {
        "documents": 3,
        "organizations": 0,
        "bodies": 3,
        "meetings": 3,
        "agenda_items": 9,
        "decisions": 7,
        "attachments": 2,
        "people": 17,
        "person_aliases": 17,
        "participations": 17,
        "action_items": 3,
        "action_item_owners": 3,
        "search": 22,
    }
    log = list(db.query("SELECT path, outcome, error FROM ingest_log ORDER BY id"))
    assert [Path(row["path"]).name for row in log if row["outcome"] == "failed"] == ["kaputt.pdf"]
    decision = next(
        db.query("SELECT * FROM decisions WHERE votes_for IS NOT NULL AND text LIKE '%Gemeinderat%'")
    )
    assert (
        decision["outcome"],
        decision["votes_for"],
        decision["votes_against"],
        decision["votes_abstain"],
    ) == (
        "approved",
        4,
        1,
        0,
    )
    # Provenance: the decision's span points at its text in the stored document.
    text = db["documents"].get(1)["text"]
    assert text[decision["span_start"] : decision["span_end"]].startswith("Beschluss:")


def test_closed_items_keep_their_flag(archive):
    rows = archive.db.query("SELECT number, public FROM agenda_items WHERE title LIKE 'Personal%'")
    assert [(r["number"], r["public"]) for r in rows] == [("2", 0)]


def test_same_bytes_again_change_nothing(archive, inbox):
    before = counts(archive.db)
    results = archive.ingest(inbox)
    assert {r.outcome for r in results} == {"unchanged", "failed"}
    assert counts(archive.db) == before


def test_a_changed_file_is_a_new_version_and_the_old_is_kept(archive, inbox):
    path = inbox / "vorstand.txt"
    path.write_text(CLOSED_ITEM.replace("10.01.2024", "11.01.2024"), encoding="utf-8")
    assert archive.ingest_file(path).outcome == "stored"
    rows = list(archive.db.query("SELECT version, is_current FROM documents WHERE filename = 'vorstand.txt'"))
    assert sorted((r["version"], r["is_current"]) for r in rows) == [(1, 0), (2, 1)]
    assert [m["date"] for m in archive.meetings() if m["filename"] == "vorstand.txt"] == ["2024-01-11"]


def test_reparse_rebuilds_from_stored_blocks_without_the_sources(archive, inbox):
    before = counts(archive.db)
    shutil.rmtree(inbox)
    assert archive.reparse() == 3
    assert counts(archive.db) == before


def test_a_crash_while_storing_leaves_the_document_out(tmp_path, monkeypatch):
    archive = Archive(tmp_path / "archive.db")

    def crash(*args, **kwargs):
        raise RuntimeError("disk gone")

    monkeypatch.setattr(store, "_store_extracted", crash)
    result = archive.ingest_file(GERMAN_MINUTES)
    assert result.outcome == "failed" and "disk gone" in result.error
    assert archive.db["documents"].count == 0 and archive.db["search"].count == 0


@pytest.mark.parametrize(
    ("query", "filename"),
    [
        ("buergermeisterin", "bauausschuss-niederschrift.txt"),
        ("Bürgermeisterin", "bauausschuss-niederschrift.txt"),
        ("bogelund", "vorstand.txt"),
        ("thorso haushalt", "vorstand.txt"),
        ("thorso trafiksikkerhedsplan", None),
        ("Trafiksikkerhedsplanen", "teknik-udvalg-referat.md"),
        ("Bebauungspläne", "bauausschuss-niederschrift.txt"),
    ],
)
def test_search_folds_and_stems(archive, query, filename):
    hits = {hit["filename"] for hit in archive.search(query)}
    assert (filename in hits) if filename else not hits


def test_search_normalisation_is_the_same_for_text_and_query():
    assert index_text("Straße", "de") in match_query("strasse")
    assert index_text("Bøgelund", "da") == "bogelund"


def test_people_across_meetings(tmp_path):
    db = store.open_database(tmp_path / "people.db")
    body = db["bodies"].insert({"name": "Udvalget"}).last_pk
    resolver = store.PeopleResolver(db, None, body)
    torben = resolver.resolve("Ansgar Thorsø", None)
    assert resolver.resolve("A. Thorsø", None) == torben
    assert resolver.resolve("Thorsø", None) == torben
    anne = resolver.resolve("Birte Thorsø", None)
    assert anne != torben
    assert resolver.find("Thorsø") is None  # two people of that surname now: ambiguous
    assert {
        r["alias"] for r in db.query("SELECT alias FROM person_aliases WHERE person_id = ?", [torben])
    } == {
        "Ansgar Thorsø",
        "A. Thorsø",
        "Thorsø",
    }
    other_body = db["bodies"].insert({"name": "Bestyrelsen"}).last_pk
    assert store.PeopleResolver(db, None, other_body).resolve("Ansgar Thorsø", None) != torben


def test_query_helpers(archive):
    attendance = archive.attendance("Jens Mortensen")
    assert [(a["status"], a["excused"]) for a in attendance] == [("absent", 1)]
    overdue = archive.action_items(due_before="2023-05-01")
    assert [(a["text"], a["owners"]) for a in overdue] == [
        ("Angebote für die Dachsanierung einholen", "Tobias Lange")
    ]
    assert len(archive.meetings()) == 3
