"""Nothing of a closed (non-public) part reaches the published site, in any shape or format.

Each shape of tests/closed_shapes.py is rendered into every format, ingested and published; the
published database file (and its write-ahead log) is then scanned byte by byte, and every route
of the site requested, for the canary words of the closed items.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path

import pytest
import yaml
from datasette.app import Datasette

from minutes import Archive, parse
from minutes.publish import DATASETTE_SETTINGS, PUBLISHED_NAME, SEARCHABLE, write_site

from closed_shapes import FORMATS, PUBLIC_TITLE, ROOTS, SHAPES, write

ROOT_BYTES = [root.casefold().encode() for root in ROOTS.values()]
# whole canary words to search for (a root alone matches no indexed word)
CANARIES = sorted({shape.canary(kind) for shape in SHAPES for kind in ROOTS})


@pytest.fixture(scope="module")
def site(tmp_path_factory) -> tuple[Path, Datasette]:
    tmp = tmp_path_factory.mktemp("closed")
    protocols = tmp / "protocols"
    protocols.mkdir()
    for shape in SHAPES:
        for fmt in FORMATS:
            write(shape, protocols, fmt)
    results = Archive(tmp / "archive.db").ingest(protocols)
    assert [r for r in results if r.outcome != "stored"] == []
    write_site(tmp / "archive.db", tmp / "site")
    metadata = yaml.safe_load((tmp / "site" / "metadata.yaml").read_text(encoding="utf-8"))
    datasette = Datasette(
        [str(tmp / "site" / f"{PUBLISHED_NAME}.db")], metadata=metadata, settings=DATASETTE_SETTINGS
    )
    return tmp / "site", datasette


def _leaks(data: bytes, asked: str = "") -> list[str]:
    """The canary roots in `data`, leaving out what the request itself asked for (a search box
    shows its query)."""
    lowered = data.lower()
    if asked:
        lowered = lowered.replace(asked.casefold().encode(), b"")
    return [root.decode() for root in ROOT_BYTES if root in lowered]


def _published(folder: Path, query: str) -> list[tuple]:
    connection = sqlite3.connect(folder / f"{PUBLISHED_NAME}.db")
    try:
        return connection.execute(query).fetchall()
    finally:
        connection.close()


def test_no_canary_in_the_published_files(site):
    folder, _ = site
    files = list(folder.glob(f"{PUBLISHED_NAME}.db*"))
    assert files
    for path in files:
        assert _leaks(path.read_bytes()) == [], path.name


def _routes(folder: Path, metadata: dict) -> list[str]:
    tables = [name for (name,) in _published(folder, "SELECT name FROM sqlite_master WHERE type = 'table'")]
    routes = ["/", "/minutes", "/-/metadata.json", "/minutes/new_decisions.atom"]
    for table in tables:
        routes += [f"/minutes/{table}", f"/minutes/{table}.csv"]
        routes += [f"/minutes/{table}.json?_shape=array&_size=max"]
    for table in SEARCHABLE:
        routes += [f"/minutes/{table}?_search={word}" for word in CANARIES]
    queries = metadata["databases"]["minutes"]["queries"]
    for name in queries:
        routes += [f"/minutes/{name}?q={word}&person={word}&body=&outcome=" for word in CANARIES]
    for table in ("meetings", "people", "documents", "agenda_items"):
        rows = _published(folder, f"SELECT id FROM {table}")
        routes += [f"/minutes/{table}/{row_id}" for (row_id,) in rows]
    routes += [f"/-/source/{row_id}" for (row_id,) in _published(folder, "SELECT id FROM documents")]
    return routes


def test_no_canary_on_any_route(site):
    folder, datasette = site
    metadata = yaml.safe_load((folder / "metadata.yaml").read_text(encoding="utf-8"))
    leaked = {}
    for route in _routes(folder, metadata):
        response = asyncio.run(datasette.client.get(route))
        assert response.status_code in (200, 404), (route, response.status_code)
        asked = route.partition("=")[2].partition("&")[0]
        found = _leaks(response.content, asked)
        if found:
            leaked[route] = found
    assert leaked == {}


@pytest.mark.parametrize("shape", [s for s in SHAPES if s.public_items], ids=lambda s: f"{s.name}-{s.lang}")
def test_the_public_items_are_still_published(site, shape):
    folder, _ = site
    for fmt in FORMATS[1:] if shape.headings_only else FORMATS:
        titles = _published(
            folder,
            "SELECT a.title FROM agenda_items a JOIN documents d ON d.id = a.document_id "
            f"WHERE d.filename = '{shape.name}-{shape.lang}.{fmt}'",
        )
        assert PUBLIC_TITLE[shape.lang] in [t for (t,) in titles], fmt


# The items of each shape (as Markdown) and whether each is public: closed parts are regions, so
# an item after a closed marker is closed too (item 9 of "region"), and nothing before it is.
EXPECTED_ITEMS = {
    "region": [("1", True), ("2", False), ("9", False)],
    "session": [("1", True), ("2", False), ("9", False)],
    "hyphen": [("1", True), ("2", False), ("9", False)],
    "below": [("1", True), ("2", False), ("9", True)],
    "transliterated": [("1", True), ("2", False), ("9", True)],
    "abbreviated": [("1", True), ("2", False), ("9", True)],
    "shortened": [("1", True), ("2", False), ("9", True)],
    "letter": [("1", True), ("N 2", False), ("9", True)],
    "long": [("1", True), ("2", False), ("9", True)],
    "listing": [("1", True), ("2", False)],
    "meeting": [("1", False), ("2", False)],
    "subitems": [("1", True), ("2", False), ("2.1", False), ("2.2", False), ("9", True)],
    "parts": [("1", True), ("N 1", False), ("2", True)],
    "unnumbered": [(None, True), (None, False), (None, True)],
    "contents": [("1", True), ("2", False), ("9", True)],
    "prose": [("1", True), ("2", False)],
    "mention": [("1", True), ("2", False), ("9", True)],
    "lukkede": [("1", True), ("2", False)],
    "parenthesis": [("1", True), ("2", False)],
    "lukketpunkt": [("1", True), ("2", False)],
    "dagsorden": [("1", True), ("2", False)],
    "moede": [("1", False)],
}


@pytest.mark.parametrize("shape", SHAPES, ids=lambda s: f"{s.name}-{s.lang}")
def test_closed_items_are_found_in_every_shape(shape, tmp_path):
    record = parse(write(shape, tmp_path, "md"))
    assert [(item.number, item.public) for item in record.agenda_items] == EXPECTED_ITEMS[shape.name]
    # a cue in running text leaves the boundary unknown: the text and source are withheld
    assert (record.text_withheld is not None) == (shape.name in ("prose", "mention"))
