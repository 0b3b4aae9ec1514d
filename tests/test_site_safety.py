"""What publishing refuses to overwrite, what it leaves behind, and what a visitor can make the site do."""

from __future__ import annotations

import asyncio
import json
import sqlite3
from pathlib import Path

import pytest
import yaml
from click.testing import CliRunner
from datasette.app import Datasette

from minutes import Archive
from minutes.cli import cli
from minutes.publish import PUBLISHED_NAME, PublishError, build, write_site

from fixture_builders import GERMAN_MINUTES

SECRET_ITEM = """Niederschrift über die Sitzung des Werksausschusses am 03.04.2024

Anwesend: Helga Birnstiel, Ruben Katzenkraut

TOP 1 Wasserpreise 2025
Beschluss: einstimmig angenommen.

TOP 2 Vergabe Pumpwerk Tannengrund
Das Angebot der Firma Eisvogelbau wird besprochen.
Beschluss: Der Vergabe wird zugestimmt.
"""
HOSTILE_HTML = """<html><body><h1>Niederschrift des Kulturausschusses</h1>
<script>fetch('/steal?c=' + document.cookie)</script>
<p>Datum: 05.02.2024</p><h2>TOP 1 Museumsnacht</h2><p>Beschluss: angenommen.</p>
<h2>TOP 2 Stadtfest</h2><p>Beschluss: vertagt.</p></body></html>"""


def _archive(tmp_path: Path, files: dict[str, bytes]) -> Path:
    inbox = tmp_path / "protocols"
    inbox.mkdir()
    for name, content in files.items():
        (inbox / name).write_bytes(content)
    Archive(tmp_path / "archive.db").ingest(inbox)
    return tmp_path / "archive.db"


def _datasette(folder: Path) -> Datasette:
    metadata = yaml.safe_load((folder / "metadata.yaml").read_text(encoding="utf-8"))
    settings = json.loads((folder / "settings.json").read_text(encoding="utf-8"))
    return Datasette([str(folder / f"{PUBLISHED_NAME}.db")], metadata=metadata, settings=settings)


def _get(datasette: Datasette, path: str):
    return asyncio.run(datasette.client.get(path))


def test_publishing_refuses_to_overwrite_the_archive(tmp_path):
    archive = _archive(tmp_path, {"werk.txt": SECRET_ITEM.encode()})
    tables_before = sqlite3.connect(archive).execute("SELECT count(*) FROM sqlite_master").fetchone()
    with pytest.raises(PublishError, match="archive itself"):
        build(archive, archive)
    with pytest.raises(PublishError, match="would serve every database"):
        write_site(archive, tmp_path)
    result = CliRunner().invoke(cli, ["publish", "--db", str(archive), "--out", str(tmp_path)])
    assert result.exit_code == 1 and "publish to a folder of its own" in result.output
    assert sqlite3.connect(archive).execute("SELECT count(*) FROM sqlite_master").fetchone() == tables_before


def test_publishing_never_touches_a_database_it_did_not_create(tmp_path):
    archive = _archive(tmp_path, {"werk.txt": SECRET_ITEM.encode()})
    other = tmp_path / "site" / f"{PUBLISHED_NAME}.db"
    other.parent.mkdir()
    sqlite3.connect(other).execute("CREATE TABLE ledger (entry TEXT)").connection.commit()
    with pytest.raises(PublishError, match="not a database minutes published"):
        write_site(archive, other.parent)
    assert sqlite3.connect(other).execute("SELECT name FROM sqlite_master").fetchall() == [("ledger",)]
    (tmp_path / "notes.txt").write_text("not a database", encoding="utf-8")
    with pytest.raises(PublishError, match="not a database minutes published"):
        build(archive, tmp_path / "notes.txt")
    assert (tmp_path / "notes.txt").read_text(encoding="utf-8") == "not a database"


def test_a_republished_site_holds_no_trace_of_an_item_that_became_closed(tmp_path):
    archive = _archive(tmp_path, {"werk.txt": SECRET_ITEM.encode()})
    folder = tmp_path / "site"
    write_site(archive, folder)
    published = (folder / f"{PUBLISHED_NAME}.db").read_bytes()
    assert b"Eisvogelbau" in published and b"eisvogelbau" in published  # text, and its search terms
    # a later parse finds item 2 closed (as `minutes reparse` would store it)
    db = sqlite3.connect(archive)
    [(document_id, start, end)] = db.execute(
        "SELECT document_id, span_start, length(d.text) FROM agenda_items a "
        "JOIN documents d ON d.id = a.document_id WHERE number = '2'"
    ).fetchall()
    db.execute("UPDATE agenda_items SET public = 0 WHERE number = '2'")
    db.execute("INSERT INTO withheld_spans VALUES (?, ?, ?, 'non-public item')", [document_id, start, end])
    db.commit()
    write_site(archive, folder)
    for path in folder.glob(f"{PUBLISHED_NAME}.db*"):
        data = path.read_bytes().lower()
        assert b"eisvogelbau" not in data and b"tannengrund" not in data, path.name
    datasette = _datasette(folder)
    assert (
        _get(datasette, "/minutes/agenda_items.json?_shape=array").json()[0]["title"] == "Wasserpreise 2025"
    )


def test_source_files_cannot_run_on_the_site(tmp_path):
    text = GERMAN_MINUTES.read_text(encoding="utf-8")
    archive = _archive(
        tmp_path, {"kultur.html": HOSTILE_HTML.encode(), "niederschrift.txt": text.encode("cp1252")}
    )
    folder = tmp_path / "site"
    write_site(archive, folder)
    datasette = _datasette(folder)
    ids = dict(sqlite3.connect(folder / f"{PUBLISHED_NAME}.db").execute("SELECT filename, id FROM documents"))
    html = _get(datasette, f"/-/source/{ids['kultur.html']}")
    assert html.status_code == 200
    assert html.headers["content-type"] == "application/octet-stream"
    assert html.headers["content-disposition"].startswith("attachment;")
    assert html.headers["content-security-policy"] == "sandbox"
    assert html.headers["x-content-type-options"] == "nosniff"
    plain = _get(datasette, f"/-/source/{ids['niederschrift.txt']}")
    assert plain.headers["content-type"] == "text/plain; charset=utf-8"
    assert plain.headers["content-security-policy"] == "sandbox"
    assert plain.content.decode("utf-8") == text
    assert _get(datasette, f"/-/source/{10**23}").status_code == 404
    assert _get(datasette, "/-/source/999999").status_code == 404


def test_visitors_run_no_sql_of_their_own_unless_allowed(tmp_path):
    archive = _archive(tmp_path, {"werk.txt": SECRET_ITEM.encode()})
    write_site(archive, tmp_path / "site")
    closed = _datasette(tmp_path / "site")
    assert _get(closed, "/minutes.json?sql=select+1").status_code == 403
    assert _get(closed, "/minutes/meetings.json?_where=1=1").status_code == 403
    assert _get(closed, "/minutes/search.json?q=Wasserpreise").status_code == 200  # canned queries stay
    result = CliRunner().invoke(
        cli, ["publish", "--db", str(archive), "--out", str(tmp_path / "open"), "--allow-sql"]
    )
    assert result.exit_code == 0, result.output
    trusted = _datasette(tmp_path / "open")
    assert _get(trusted, "/minutes.json?sql=select+1+as+one&_shape=array").json() == [{"one": 1}]
    # strings longer than the cap are never built: printf stops (NULL), zeroblob fails
    printf = _get(
        trusted, "/minutes.json?sql=select+length(printf('%25.*c',+900000000,+'x'))+as+n&_shape=array"
    )
    assert printf.json() == [{"n": None}]
    zeroblob = _get(trusted, "/minutes.json?sql=select+length(zeroblob(900000000))")
    assert zeroblob.status_code == 400 and "too big" in zeroblob.text


UNPLACED_CUE = """Niederschrift über die Sitzung des Werksausschusses am 03.04.2024

TOP 1 Wasserpreise 2025
Beschluss: einstimmig angenommen.

TOP 2 Vergabe Pumpwerk Tannengrund
Die weitere Beratung wird mit den Vertretern der Bieter nichtöffentlich fortgesetzt, die Gäste gehen.
Beschluss: Der Vergabe wird zugestimmt.
"""


def test_a_document_withheld_for_an_unplaced_cue_is_named_with_its_reason(tmp_path):
    archive = _archive(tmp_path, {"werk.txt": UNPLACED_CUE.encode()})
    result = CliRunner().invoke(cli, ["status", "--db", str(archive)])
    assert '"werk.txt": a non-public cue on page 1 stands in running text' in result.output
    write_site(archive, tmp_path / "site")
    datasette = _datasette(tmp_path / "site")
    [document] = _get(datasette, "/minutes/documents.json?_shape=array").json()
    assert document["text"] == "[…withheld: non-public part…]"
    assert [i["title"] for i in _get(datasette, "/minutes/agenda_items.json?_shape=array").json()] == [
        "Wasserpreise 2025"
    ]
    page = _get(datasette, "/minutes/meetings/1").text
    assert "The text and source file of this document are withheld" in page
    [listed] = _get(datasette, "/minutes/withheld.json?_shape=array").json()
    assert listed["filename"] == "werk.txt"
    assert listed["text_and_source_withheld"].startswith("a non-public cue on page 1 stands in running text")
    assert _get(datasette, f"/-/source/{document['id']}").status_code == 404
