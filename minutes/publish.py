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

from minutes.errors import MinutesError
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
    "default_allow_sql": False,  # canned queries and table views only; `--allow-sql` where trusted
}
WITHHELD = "[…withheld: non-public part…]"
# Marks a database as one minutes published (SQLite's application id, "mipu"): publishing rebuilds
# only such a database, never the archive or any other.
APPLICATION_ID = 0x6D697075
SEARCHABLE = ("documents", "agenda_items", "decisions", "action_items")

# A document whose text is published only in part: a closed item or part, or an unknown boundary.
CUT_DOCUMENT = (
    "(d.text_withheld IS NOT NULL OR closed.items OR EXISTS "
    "(SELECT 1 FROM src.withheld_spans w WHERE w.document_id = d.id))"
)


def outside(row: str) -> str:
    """SQL: the extracted row `row` was not taken from a withheld span of its document. A row
    whose place is unknown is published only from a document with nothing withheld."""
    return f"""(CASE WHEN {row}.span_start IS NULL THEN NOT EXISTS (
                    SELECT 1 FROM src.withheld_spans w WHERE w.document_id = {row}.document_id)
                 ELSE NOT EXISTS (
                    SELECT 1 FROM src.withheld_spans w WHERE w.document_id = {row}.document_id
                    AND {row}.span_start < w.span_end
                    AND coalesce({row}.span_end, {row}.span_start) > w.span_start)
                 END)"""


# Each published table, filled by one INSERT … SELECT from the attached archive (`src`). Later
# statements select from tables filled earlier, so only published rows are carried along; no row
# taken from a withheld span (a closed item or part) is carried at all.
COPIES = {
    "documents": f"""
        SELECT d.id, d.filename, m.title, d.language, d.kind, d.media_type, d.pages, d.ocr, d.version,
               d.ingested_at, coalesce(closed.items, 0), d.text_withheld,
               CASE WHEN {CUT_DOCUMENT} THEN '' ELSE d.text END
        FROM src.documents d LEFT JOIN src.meetings m ON m.document_id = d.id
        LEFT JOIN (SELECT document_id, count(*) AS items FROM src.agenda_items WHERE public = 0
                   GROUP BY document_id) closed ON closed.document_id = d.id
        WHERE d.is_current = 1""",  # the text of documents with closed parts is cut below, never copied whole
    "organizations": "SELECT id, name FROM src.organizations",
    "bodies": "SELECT id, organization_id, name FROM src.bodies",
    "meetings": """
        SELECT m.id, m.document_id, m.body_id, b.organization_id, d.language, m.title, m.date,
               substr(m.date, 1, 4), m.start_time, m.end_time, m.location, m.extraordinary,
               m.present_count, m.member_count
        FROM src.meetings m JOIN documents d ON d.id = m.document_id
        LEFT JOIN src.bodies b ON b.id = m.body_id""",
    "agenda_items": f"""
        SELECT a.id, a.meeting_id, a.document_id, m.body_id, m.organization_id, m.language, m.year,
               a.position, a.number, a.title, a.case_number, a.text, a.page, a.span_start, a.span_end
        FROM src.agenda_items a JOIN meetings m ON m.id = a.meeting_id
        WHERE a.public = 1 AND {outside("a")}""",
    "decisions": f"""
        SELECT x.id, x.agenda_item_id, a.meeting_id, x.document_id, a.body_id, a.organization_id,
               a.language, a.year, m.date, x.outcome, x.unanimous, x.votes_for, x.votes_against,
               x.votes_abstain, x.text, x.page, x.span_start, x.span_end
        FROM src.decisions x JOIN agenda_items a ON a.id = x.agenda_item_id
        JOIN meetings m ON m.id = a.meeting_id
        WHERE {outside("x")}""",
    "attachments": """
        SELECT x.id, x.agenda_item_id, x.position, x.title
        FROM src.attachments x JOIN agenda_items a ON a.id = x.agenda_item_id""",
    "participations": f"""
        SELECT p.id, p.meeting_id, p.agenda_item_id, p.document_id, p.person_id, m.body_id, m.year,
               p.name_as_written, p.status, p.excused, p.role, p.function, p.page, p.span_start,
               p.span_end
        FROM src.participations p JOIN meetings m ON m.id = p.meeting_id
        WHERE (p.agenda_item_id IS NULL OR p.agenda_item_id IN (SELECT id FROM agenda_items))
          AND {outside("p")}""",
    "action_items": f"""
        SELECT x.id, x.meeting_id, x.agenda_item_id, x.document_id, m.body_id, m.language, x.text,
               (SELECT group_concat(owner, ', ') FROM src.action_item_owners o
                WHERE o.action_item_id = x.id ORDER BY o.position),
               x.due, x.due_end, x.due_text, x.page, x.span_start, x.span_end
        FROM src.action_items x JOIN meetings m ON m.id = x.meeting_id
        WHERE (x.agenda_item_id IS NULL OR x.agenda_item_id IN (SELECT id FROM agenda_items))
          AND {outside("x")}""",
    "action_item_owners": """
        SELECT o.action_item_id, o.position, o.owner, o.person_id
        FROM src.action_item_owners o JOIN action_items x ON x.id = o.action_item_id""",
    "people": """
        SELECT id, name, role, organization_id, body_id FROM src.people WHERE id IN (
            SELECT person_id FROM participations UNION SELECT person_id FROM action_item_owners)""",
    "document_files": """
        SELECT f.document_id, d.filename, d.media_type, f.content
        FROM src.document_files f JOIN documents d ON d.id = f.document_id
        WHERE d.withheld_items = 0 AND d.text_withheld IS NULL
          AND NOT EXISTS (SELECT 1 FROM src.withheld_spans w WHERE w.document_id = d.id)""",
}


@dataclass(frozen=True)
class PublishSettings:
    attendance: bool = True  # who attended and who was absent: personal data, can be left out
    sources: bool = True  # the source files, for download (never those holding closed items)
    allow_sql: bool = False  # arbitrary SQL queries by visitors: only for a trusted setting


def build(
    archive: str | Path, out: str | Path, settings: PublishSettings = PublishSettings()
) -> dict[str, int]:
    """Write the published database at `out` from the archive at `archive`; returns rows per table.

    The whole copy is one transaction, so Datasette, reading `out` meanwhile, sees the old or the
    new contents, never a mixture. Every table is dropped and made anew with SQLite's secure delete
    on, and the write-ahead log is emptied after the commit: nothing that an earlier build published
    (an item that a reparse has since found closed) survives in the file's free pages, the full-text
    index's segments or the log. `out` must be a database minutes published, or not exist.
    """
    out = Path(out)
    _refuse_foreign_output(Path(archive), out)
    connection = sqlite3.connect(out, isolation_level=None)
    try:
        connection.execute("PRAGMA secure_delete = ON")
        connection.execute("PRAGMA journal_mode = WAL")
        connection.execute("PRAGMA journal_size_limit = 0")  # the log is truncated at each checkpoint
        connection.execute("ATTACH DATABASE ? AS src", [f"file:{Path(archive).resolve()}?mode=ro"])
        connection.execute("BEGIN IMMEDIATE")
        _recreate(connection)
        for table, select in COPIES.items():
            if (table == "participations" and not settings.attendance) or (
                table == "document_files" and not settings.sources
            ):
                continue
            connection.execute(f"INSERT INTO {table} {select}")
        _cut_out_withheld(connection)
        _copy_search(connection)
        connection.execute("COMMIT")
        connection.execute("DETACH DATABASE src")
        connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return {table: connection.execute(f"SELECT count(*) FROM {table}").fetchone()[0] for table in COPIES}
    finally:
        connection.close()


class PublishError(MinutesError):
    """The published database cannot be written where it was asked for."""


def _refuse_foreign_output(archive: Path, out: Path) -> None:
    """Publishing drops and rebuilds every table of its output: it never writes the archive, nor a
    database (or any other file) that it did not create."""
    if out.exists() and archive.exists() and out.resolve() == archive.resolve():
        raise PublishError(f"{out}: this is the archive itself; publish to another file")
    if not out.exists() or out.stat().st_size == 0:
        return
    if not out.is_file():
        raise PublishError(f"{out}: not a file")
    try:
        with open(out, "rb") as file:
            header = file.read(100)
    except OSError as error:
        raise PublishError(f"{out}: cannot be read ({error.strerror})") from error
    if not header.startswith(b"SQLite format 3\x00"):
        raise PublishError(f"{out}: not a database minutes published; it is left as it is")
    application_id = int.from_bytes(header[68:72], "big")
    if application_id != APPLICATION_ID and not (application_id == 0 and _has_published_tables(out)):
        raise PublishError(f"{out}: not a database minutes published; it is left as it is")


def _has_published_tables(path: Path) -> bool:
    """A database published before the marker existed: exactly the published tables."""
    scratch = sqlite3.connect(":memory:")
    try:
        for statement in _statements(_schema()):
            scratch.execute(statement)
        expected = _table_names(scratch)
    finally:
        scratch.close()
    try:
        connection = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
        try:
            return _table_names(connection) == expected
        finally:
            connection.close()
    except sqlite3.Error:
        return False


def _table_names(connection: sqlite3.Connection) -> set[str]:
    return {name for (name,) in connection.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}


def _schema() -> str:
    return data_path("schemas", "published.sql").read_text(encoding="utf-8")


def _cut_out_withheld(connection: sqlite3.Connection) -> None:
    """Replace what is withheld in the documents' text (and its search entry) with a notice.

    A closed item runs from its heading to the next item's heading, or to the end: better to
    withhold a signature block too than to let part of the item through. A closed item whose place
    in the text is unknown, or a closed part whose boundary is unknown, withholds the whole text.
    """
    cuts: dict[int, list[tuple[int, int | None]]] = {}
    for document_id, start, end in connection.execute(
        """SELECT document_id, coalesce(span_start, 0), CASE WHEN span_start IS NOT NULL THEN next_start END
           FROM (SELECT document_id, public, span_start,
                        lead(span_start) OVER (PARTITION BY document_id ORDER BY span_start) AS next_start
                 FROM src.agenda_items WHERE document_id IN (SELECT id FROM documents))
           WHERE public = 0
           UNION ALL
           SELECT document_id, span_start, span_end FROM src.withheld_spans
           WHERE document_id IN (SELECT id FROM documents)
           UNION ALL
           SELECT id, 0, NULL FROM src.documents
           WHERE text_withheld IS NOT NULL AND id IN (SELECT id FROM documents)"""
    ):
        cuts.setdefault(document_id, []).append((start, end))
    for document_id, spans in cuts.items():
        text, language = connection.execute(
            "SELECT text, language FROM src.documents WHERE id = ?", [document_id]
        ).fetchone()
        published = _without(text, spans)
        connection.execute("UPDATE documents SET text = ? WHERE id = ?", [published, document_id])
        connection.execute(
            "INSERT INTO documents_fts (rowid, title, body) "
            "SELECT id, coalesce(title, filename), ? FROM documents WHERE id = ?",
            [index_text(published, language), document_id],
        )


def _without(text: str, spans: list[tuple[int, int | None]]) -> str:
    """`text` with each span (an open end runs to the end) replaced by one notice; overlapping and
    adjacent spans are merged first, so no piece of a withheld part is left between two cuts."""
    merged: list[list[int]] = []
    for start, end in sorted((s, len(text) if e is None else e) for s, e in spans):
        if merged and start <= merged[-1][1] + 1:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    pieces, position = [], 0
    for start, end in merged:
        pieces += [text[position:start], WITHHELD]
        position = end
    pieces.append(text[position:])
    return "".join(pieces)


def _copy_search(connection: sqlite3.Connection) -> None:
    """The archive's stemmed, folded search text of every published row, one FTS table per table;
    documents whose text was cut got theirs from the cut text already."""
    for table in SEARCHABLE:
        connection.execute(
            f"INSERT INTO {table}_fts (rowid, title, body) "
            f"SELECT source_id, title, body FROM src.search WHERE source_table = ? "
            f"AND source_id IN (SELECT id FROM {table}) "
            f"AND source_id NOT IN (SELECT rowid FROM {table}_fts)",
            [table],
        )


def _recreate(connection: sqlite3.Connection) -> None:
    """Drop every table and make the published schema anew, inside the build's transaction."""
    tables = connection.execute(
        "SELECT name FROM main.sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "ORDER BY name LIKE '%_fts' DESC"  # a full-text table first: it drops its shadow tables
    ).fetchall()
    for (name,) in tables:
        connection.execute(f"DROP TABLE IF EXISTS main.[{name}]")
    for statement in _statements(_schema()):
        connection.execute(statement)
    connection.execute(f"PRAGMA main.application_id = {APPLICATION_ID}")


def _statements(script: str) -> list[str]:
    """The statements of an SQL script, one by one (executescript would commit the transaction)."""
    statements, pending = [], ""
    for line in script.splitlines(keepends=True):
        if line.lstrip().startswith("--"):
            continue
        pending += line
        if sqlite3.complete_statement(pending):
            statements.append(pending.strip())
            pending = ""
    return statements


def write_site(
    archive: str | Path, folder: str | Path, settings: PublishSettings = PublishSettings()
) -> dict[str, int]:
    """A Datasette configuration folder: the published database, its metadata and settings.

    `datasette serve FOLDER` serves it as `minutes serve` does (with minutes installed, for the
    search plugin and the page templates); `datasette publish` takes its files.
    """
    folder = Path(folder)
    _refuse_foreign_folder(Path(archive), folder)
    folder.mkdir(parents=True, exist_ok=True)
    counts = build(archive, folder / f"{PUBLISHED_NAME}.db", settings)
    shutil.copyfile(SITE / "metadata.yaml", folder / "metadata.yaml")
    site_settings = {**DATASETTE_SETTINGS, "default_allow_sql": settings.allow_sql}
    (folder / "settings.json").write_text(json.dumps(site_settings, indent=2) + "\n", encoding="utf-8")
    return counts


def _refuse_foreign_folder(archive: Path, folder: Path) -> None:
    """Datasette serves every database in a configuration folder: the site's folder must hold no
    database but the published one, and never the archive."""
    if not folder.exists():
        return
    inside = archive.resolve().is_relative_to(folder.resolve())
    others = [
        path.name
        for pattern in ("*.db", "*.sqlite", "*.sqlite3")
        for path in folder.glob(pattern)
        if path.name != f"{PUBLISHED_NAME}.db"
    ]
    if inside or others:
        named = archive.name if inside else ", ".join(sorted(others))
        raise PublishError(
            f"{folder}: Datasette would serve every database in this folder, and it holds {named}; "
            "publish to a folder of its own"
        )


def keep_published(
    archive: str | Path,
    folder: str | Path,
    settings: PublishSettings,
    stop: threading.Event,
    every: float = 2.0,
) -> None:
    """Rebuild the published database whenever the archive changed (the inbox keeps writing it)."""
    archive = Path(archive)
    published = Path(folder) / f"{PUBLISHED_NAME}.db"
    seen = _version_of(archive)
    while not stop.wait(every):
        _empty_log(published)
        current = _version_of(archive)
        if current == seen:
            continue
        try:
            build(archive, published, settings)
            seen = current
        except sqlite3.Error as error:  # the archive busy or mid-migration: try again next time
            log.warning("could not refresh the published database: %s", error)


def _empty_log(published: Path) -> None:
    """Truncate the published database's write-ahead log where a reader kept the build from doing
    it: the log's old frames may hold pages of an earlier state."""
    log_file = published.with_name(published.name + "-wal")
    if not log_file.exists() or log_file.stat().st_size == 0:
        return
    try:
        connection = sqlite3.connect(published, isolation_level=None)
        try:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        finally:
            connection.close()
    except sqlite3.Error as error:
        log.warning("could not empty the published database's log: %s", error)


# What publishing reads: a stored, replaced or re-extracted document changes one of these; an
# ingest-log row (a claim, a file waiting for its writer) changes none, and rebuilds nothing.
PUBLISHED_SOURCES = (
    "documents",
    "meetings",
    "agenda_items",
    "participations",
    "action_items",
    "withheld_spans",
)


def _version_of(archive: Path) -> tuple[int, ...] | None:
    """A signature of the archive's published contents: the largest row id and the row count of
    each table publishing reads, and how many documents are current. None where it cannot be read."""
    if not archive.exists():
        return None
    parts = [
        f"(SELECT coalesce(max(rowid), 0) || '/' || count(*) FROM {table})" for table in PUBLISHED_SOURCES
    ]
    parts.append("(SELECT count(*) FROM documents WHERE is_current = 1)")
    try:
        connection = sqlite3.connect(f"file:{archive.resolve()}?mode=ro", uri=True)
        try:
            return tuple(connection.execute(f"SELECT {', '.join(parts)}").fetchone())
        finally:
            connection.close()
    except sqlite3.Error:
        return None
