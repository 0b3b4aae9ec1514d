"""The published database: the archive as researchers may see it, built for Datasette.

`build(archive, out)` copies from the archive everything that may be published, in one transaction:
closed (non-public) agenda items, their decisions, attachments, absences and action items are left
out, and cut out of the document text; the ingest log and the reader's blocks stay behind.
Attendance (personal data) and source files can be left out too. Datasette serves only this
database, so no page, API call or SQL query can reach what is withheld: it is not there.
"""

from __future__ import annotations

import json
import logging
import shutil
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from minutes.resources import data_path
from minutes.search_text import index_text

log = logging.getLogger("minutes.publish")
PUBLISHED_NAME = "minutes"  # the database's name in Datasette URLs: /minutes/meetings/1
SITE = Path(__file__).resolve().parent / "site"
# Datasette settings, chosen by `make bench` on 100,000 agenda items: suggested facets cost a
# count per column on every table page, so they are off; the listed facets stay.
DATASETTE_SETTINGS = {
    "suggest_facets": False,
    "facet_time_limit_ms": 1000,
    "sql_time_limit_ms": 3000,
    "default_page_size": 50,
    "allow_download": True,
}
WITHHELD = "[…withheld: non-public agenda item…]"
SEARCHABLE = ("documents", "agenda_items", "decisions", "action_items")

# Each published table, filled by one INSERT … SELECT from the attached archive (`src`). Later
# statements select from tables filled earlier, so only published rows are carried along.
COPIES = {
    "documents": """
        SELECT d.id, d.filename, m.title, d.language, d.kind, d.media_type, d.pages, d.ocr, d.version,
               d.ingested_at, coalesce(closed.items, 0), CASE WHEN closed.items THEN '' ELSE d.text END
        FROM src.documents d LEFT JOIN src.meetings m ON m.document_id = d.id
        LEFT JOIN (SELECT document_id, count(*) AS items FROM src.agenda_items WHERE public = 0
                   GROUP BY document_id) closed ON closed.document_id = d.id
        WHERE d.is_current = 1""",  # the text of documents with closed items is cut below, never copied whole
    "organizations": "SELECT id, name FROM src.organizations",
    "bodies": "SELECT id, organization_id, name FROM src.bodies",
    "meetings": """
        SELECT m.id, m.document_id, m.body_id, b.organization_id, d.language, m.title, m.date,
               substr(m.date, 1, 4), m.start_time, m.end_time, m.location, m.extraordinary,
               m.present_count, m.member_count
        FROM src.meetings m JOIN documents d ON d.id = m.document_id
        LEFT JOIN src.bodies b ON b.id = m.body_id""",
    "agenda_items": """
        SELECT a.id, a.meeting_id, a.document_id, m.body_id, m.organization_id, m.language, m.year,
               a.position, a.number, a.title, a.case_number, a.text, a.page, a.span_start, a.span_end
        FROM src.agenda_items a JOIN meetings m ON m.id = a.meeting_id
        WHERE a.public = 1""",
    "decisions": """
        SELECT x.id, x.agenda_item_id, a.meeting_id, x.document_id, a.body_id, a.organization_id,
               a.language, a.year, m.date, x.outcome, x.unanimous, x.votes_for, x.votes_against,
               x.votes_abstain, x.text, x.page, x.span_start, x.span_end
        FROM src.decisions x JOIN agenda_items a ON a.id = x.agenda_item_id
        JOIN meetings m ON m.id = a.meeting_id""",
    "attachments": """
        SELECT x.id, x.agenda_item_id, x.position, x.title
        FROM src.attachments x JOIN agenda_items a ON a.id = x.agenda_item_id""",
    "participations": """
        SELECT p.id, p.meeting_id, p.agenda_item_id, p.document_id, p.person_id, m.body_id, m.year,
               p.name_as_written, p.status, p.excused, p.role, p.function, p.page, p.span_start,
               p.span_end
        FROM src.participations p JOIN meetings m ON m.id = p.meeting_id
        WHERE p.agenda_item_id IS NULL OR p.agenda_item_id IN (SELECT id FROM agenda_items)""",
    "action_items": """
        SELECT x.id, x.meeting_id, x.agenda_item_id, x.document_id, m.body_id, m.language, x.text,
               (SELECT group_concat(owner, ', ') FROM src.action_item_owners o
                WHERE o.action_item_id = x.id ORDER BY o.position),
               x.due, x.due_end, x.due_text, x.page, x.span_start, x.span_end
        FROM src.action_items x JOIN meetings m ON m.id = x.meeting_id
        WHERE x.agenda_item_id IS NULL OR x.agenda_item_id IN (SELECT id FROM agenda_items)""",
    "action_item_owners": """
        SELECT o.action_item_id, o.position, o.owner, o.person_id
        FROM src.action_item_owners o JOIN action_items x ON x.id = o.action_item_id""",
    "people": """
        SELECT id, name, role, organization_id, body_id FROM src.people WHERE id IN (
            SELECT person_id FROM participations UNION SELECT person_id FROM action_item_owners)""",
    "document_files": """
        SELECT f.document_id, d.filename, d.media_type, f.content
        FROM src.document_files f JOIN documents d ON d.id = f.document_id
        WHERE d.withheld_items = 0""",
}


@dataclass(frozen=True)
class PublishSettings:
    attendance: bool = True  # who attended and who was absent: personal data, can be left out
    sources: bool = True  # the source files, for download (never those holding closed items)


def build(
    archive: str | Path, out: str | Path, settings: PublishSettings = PublishSettings()
) -> dict[str, int]:
    """Write the published database at `out` from the archive at `archive`; returns rows per table.

    The whole copy is one transaction, so Datasette, reading `out` meanwhile, sees the old or the
    new contents, never a mixture.
    """
    out = Path(out)
    schema = data_path("schemas", "published.sql").read_text(encoding="utf-8")
    connection = sqlite3.connect(out, isolation_level=None)
    try:
        connection.execute("PRAGMA journal_mode = WAL")
        if _schema_of(connection) != _schema_of_script(schema):
            _recreate(connection, schema)
        connection.execute("ATTACH DATABASE ? AS src", [f"file:{Path(archive).resolve()}?mode=ro"])
        connection.execute("BEGIN IMMEDIATE")
        for table in [*reversed(COPIES), *(f"{name}_fts" for name in SEARCHABLE)]:
            connection.execute(f"DELETE FROM {table}")
        for table, select in COPIES.items():
            if (table == "participations" and not settings.attendance) or (
                table == "document_files" and not settings.sources
            ):
                continue
            connection.execute(f"INSERT INTO {table} {select}")
        _cut_out_closed_items(connection)
        _copy_search(connection)
        connection.execute("COMMIT")
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COPIES}
    finally:
        connection.close()


def _cut_out_closed_items(connection: sqlite3.Connection) -> None:
    """Replace the text of closed items in their documents' text (and its search entry).

    A closed item runs from its heading to the next item's heading, or to the end: better to
    withhold a signature block too than to let part of the item through. A closed item whose place
    in the text is unknown withholds the whole text.
    """
    spans: dict[int, list[tuple[int, int | None]]] = {}
    for document_id, start, end in connection.execute(
        """SELECT document_id, coalesce(span_start, 0), CASE WHEN span_start IS NOT NULL THEN next_start END
           FROM (SELECT document_id, public, span_start,
                        lead(span_start) OVER (PARTITION BY document_id ORDER BY span_start) AS next_start
                 FROM src.agenda_items
                 WHERE document_id IN (SELECT id FROM documents WHERE withheld_items > 0))
           WHERE public = 0"""
    ):
        spans.setdefault(document_id, []).append((start, end))
    for document_id, cuts in spans.items():
        text, language = connection.execute(
            "SELECT text, language FROM src.documents WHERE id = ?", [document_id]
        ).fetchone()
        if any(start == 0 and end is None for start, end in cuts):
            cuts = [(0, None)]
        for start, end in sorted(cuts, reverse=True):
            text = text[:start] + WITHHELD + ("\n\n" + text[end:] if end is not None else "")
        connection.execute("UPDATE documents SET text = ? WHERE id = ?", [text, document_id])
        connection.execute(
            "INSERT INTO documents_fts (rowid, title, body) "
            "SELECT id, coalesce(title, filename), ? FROM documents WHERE id = ?",
            [index_text(text, language), document_id],
        )


def _copy_search(connection: sqlite3.Connection) -> None:
    """The archive's stemmed, folded search text of every published row, one FTS table per table."""
    for table in SEARCHABLE:
        only_whole = "AND source_id IN (SELECT id FROM documents WHERE withheld_items = 0)"
        connection.execute(
            f"INSERT INTO {table}_fts (rowid, title, body) "
            f"SELECT source_id, title, body FROM src.search WHERE source_table = ? "
            f"AND source_id IN (SELECT id FROM {table}) {only_whole if table == 'documents' else ''}",
            [table],
        )


def _schema_of(connection: sqlite3.Connection) -> set[str]:
    return {
        " ".join(sql.split())
        for (sql,) in connection.execute(
            "SELECT sql FROM sqlite_master WHERE sql IS NOT NULL AND name NOT LIKE '%fts_%'"
        )
    }


def _schema_of_script(schema: str) -> set[str]:
    scratch = sqlite3.connect(":memory:")
    scratch.executescript(schema)
    try:
        return _schema_of(scratch)
    finally:
        scratch.close()


def _recreate(connection: sqlite3.Connection, schema: str) -> None:
    """A published database from an older version of minutes: start it afresh (it is derived data)."""
    tables = connection.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE '%fts_%'"
        " AND name NOT LIKE 'sqlite_%'"
    ).fetchall()
    for (name,) in tables:
        connection.execute(f"DROP TABLE IF EXISTS [{name}]")
    connection.executescript(schema)


def write_site(
    archive: str | Path, folder: str | Path, settings: PublishSettings = PublishSettings()
) -> dict[str, int]:
    """A Datasette configuration folder: the published database, its metadata and settings.

    `datasette serve FOLDER` serves it as `minutes serve` does (with minutes installed, for the
    search plugin and the page templates); `datasette publish` takes its files.
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = build(archive, folder / f"{PUBLISHED_NAME}.db", settings)
    shutil.copyfile(SITE / "metadata.yaml", folder / "metadata.yaml")
    (folder / "settings.json").write_text(json.dumps(DATASETTE_SETTINGS, indent=2) + "\n", encoding="utf-8")
    return counts


def keep_published(
    archive: str | Path,
    folder: str | Path,
    settings: PublishSettings,
    stop: threading.Event,
    every: float = 2.0,
) -> None:
    """Rebuild the published database whenever the archive changed (the inbox keeps writing it)."""
    archive = Path(archive)
    seen = _version_of(archive)
    while not stop.wait(every):
        current = _version_of(archive)
        if current == seen:
            continue
        try:
            build(archive, Path(folder) / f"{PUBLISHED_NAME}.db", settings)
            seen = current
        except sqlite3.Error as error:  # the archive busy or mid-migration: try again next time
            log.warning("could not refresh the published database: %s", error)


def _version_of(archive: Path) -> tuple[int, ...]:
    """Changes whenever a commit reaches the archive (its file or its write-ahead log)."""
    stats = [path.stat() for path in (archive, archive.with_name(archive.name + "-wal")) if path.exists()]
    return tuple(value for stat in stats for value in (stat.st_mtime_ns, stat.st_size))
