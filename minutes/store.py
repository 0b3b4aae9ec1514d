"""The archive database: the only module that writes it, through sqlite-utils.

`store_document` writes one parsed document and everything extracted from it in one transaction,
so a crash leaves a document wholly in or wholly out. The same bytes again store nothing (the
attempt is logged); a document is known by its path in the inbox (or, ingested from the command
line, its full path), so files of one name in two folders are two documents, and new bytes at
the same path become a new version while the old one is kept. Every write transaction takes the
write lock when it begins (`BEGIN IMMEDIATE`) and waits for another writer (an inbox, `minutes
ingest`) instead of failing.
The query helpers at the end answer what scripts ask most: meetings of a body, search, a person's
attendance and action items by deadline.
"""

from __future__ import annotations

import contextlib
import dataclasses
import json
import re
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from filelock import FileLock
from sqlite_utils import Database
from sqlite_utils.migrations import Migrations

from minutes.model import Block, Line, Minutes, Provenance, RawDocument
from minutes.resources import data_path
from minutes.search_text import fold, index_text, match_query

SCHEMA_VERSION = 1
BUSY_TIMEOUT_MS = 60_000  # how long a writer waits for another one (a second inbox, a batch ingest)
migrations = Migrations("minutes")


@migrations()
def m001_initial(db: Database) -> None:
    db.executescript((data_path() / "schemas" / "archive.sql").read_text(encoding="utf-8"))


@migrations()
def m002_inbox(db: Database) -> None:
    # The inbox logs each file under a claim id, so a restarted watcher can tell a committed file
    # from one still to do; `inboxes` lets `minutes status` count what is waiting.
    db["ingest_log"].add_column("claim", str)
    db["ingest_log"].create_index(["claim"])
    db["inboxes"].create({"path": str, "folders": str, "started_at": str, "pid": int}, pk="path")


@migrations()
def m003_document_files(db: Database) -> None:
    # The source file itself, so the archive alone can hand out what a fact was taken from.
    db.execute(
        "CREATE TABLE document_files (document_id INTEGER PRIMARY KEY "
        "REFERENCES documents(id) ON DELETE CASCADE, content BLOB NOT NULL)"
    )


@migrations()
def m004_document_indexes(db: Database) -> None:
    # Reparse and publishing select and delete extracted rows by document.
    for table in ("agenda_items", "decisions", "participations", "action_items"):
        db[table].create_index(["document_id"], if_not_exists=True)


@migrations()
def m005_withheld(db: Database) -> None:
    # What extraction found closed: spans of the text never to publish, and why a document's whole
    # text and source must not be published (a closed part whose boundary is unknown).
    db.execute(
        "CREATE TABLE withheld_spans (document_id INTEGER NOT NULL REFERENCES documents(id) "
        "ON DELETE CASCADE, span_start INTEGER NOT NULL, span_end INTEGER NOT NULL, reason TEXT NOT NULL)"
    )
    db["withheld_spans"].create_index(["document_id"])
    db["documents"].add_column("text_withheld", str)


@migrations()
def m006_document_path(db: Database) -> None:
    # A document is known by its place (its path in the inbox, or its full path), not its name.
    db["documents"].add_column("path", str)
    db.execute("UPDATE documents SET path = filename")
    db["documents"].create_index(["path", "is_current"])


def open_database(path: str | Path) -> Database:
    """The archive at `path`, created or migrated to the current schema."""
    db = Database(path)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    db.execute("PRAGMA journal_mode = WAL")  # readers (Datasette) keep reading while the inbox writes
    if migrations.pending(db):
        # two processes opening a new archive (two inboxes, a watcher and a batch) migrate it in
        # turn: the second finds the migrations applied
        with FileLock(f"{Path(path)}.migrating.lock", timeout=BUSY_TIMEOUT_MS / 1000):
            migrations.apply(db)
    return db


def _now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds")


@contextlib.contextmanager
def writing(db: Database) -> Iterator[Database]:
    """One write transaction that holds the write lock from its start, so that two writers queue
    (each waiting up to the busy timeout) instead of one failing when it upgrades a read lock;
    inside another transaction, a savepoint of it."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    db.execute("COMMIT")


def log_attempt(db: Database, path: str, outcome: str, *, sha256: str | None = None, **fields: Any) -> None:
    """Record one ingest attempt; inside a document's transaction it commits or rolls back with it."""
    with writing(db):
        db["ingest_log"].insert(
            {"path": path, "sha256": sha256, "attempted_at": _now(), "outcome": outcome, **fields}
        )


def document_with_sha256(db: Database, sha256: str) -> int | None:
    row = db.execute("SELECT id FROM documents WHERE sha256 = ?", [sha256]).fetchone()
    return row[0] if row else None


def store_document(
    db: Database,
    path: str,
    raw: RawDocument,
    record: Minutes,
    parser_version: str,
    content: bytes | None = None,
    **log_fields: Any,
) -> tuple[int, str]:
    """Store one document (and `content`, its source file); returns (document id, "stored" | "unchanged").

    `path` is the document's identity: its path in the inbox, or its full path."""
    existing = document_with_sha256(db, raw.sha256)
    if existing:
        log_attempt(db, path, "unchanged", sha256=raw.sha256, document_id=existing, **log_fields)
        return existing, "unchanged"
    with writing(db):
        previous = db.execute(
            "SELECT id, version FROM documents WHERE path = ? AND is_current = 1", [path]
        ).fetchone()
        if previous:
            db.execute("UPDATE documents SET is_current = 0 WHERE id = ?", [previous[0]])
        document_id = (
            db["documents"]
            .insert(
                {
                    "filename": raw.filename,
                    "path": path,
                    "sha256": raw.sha256,
                    "media_type": raw.media_type,
                    "pages": raw.pages,
                    "ocr": raw.ocr,
                    "language": record.language,
                    "kind": record.kind,
                    "text": raw.text,
                    "page_starts": json.dumps(_page_starts(raw.blocks)),
                    "blocks": json.dumps([_stored_block(b) for b in raw.blocks], ensure_ascii=False),
                    "warnings": json.dumps(
                        [dataclasses.asdict(w) for w in record.warnings], ensure_ascii=False
                    ),
                    "parser_version": parser_version,
                    "version": previous[1] + 1 if previous else 1,
                    "previous_version_id": previous[0] if previous else None,
                    "is_current": 1,
                    "ingested_at": _now(),
                }
            )
            .last_pk
        )
        if content is not None:
            db["document_files"].insert({"document_id": document_id, "content": content})
        _store_extracted(db, document_id, record, raw.text)
        log_attempt(db, path, "stored", sha256=raw.sha256, document_id=document_id, **log_fields)
    return document_id, "stored"


def stored_documents(db: Database) -> Iterator[tuple[int, RawDocument]]:
    """Every stored document as the reader left it, for re-extraction without the source files."""
    for row in db.query(
        "SELECT id, filename, sha256, media_type, pages, ocr, blocks FROM documents ORDER BY id"
    ):
        blocks = tuple(_block(stored) for stored in json.loads(row["blocks"]))
        yield (
            row["id"],
            RawDocument(
                row["filename"], row["sha256"], row["media_type"], row["pages"], blocks, bool(row["ocr"])
            ),
        )


def replace_extracted(
    db: Database, document_id: int, record: Minutes, text: str, parser_version: str
) -> None:
    """Swap a document's extracted rows for a new extraction, in one transaction."""
    with writing(db):
        _delete_extracted(db, document_id)
        db.execute(
            "UPDATE documents SET language = ?, kind = ?, warnings = ?, parser_version = ? WHERE id = ?",
            [
                record.language,
                record.kind,
                json.dumps([dataclasses.asdict(w) for w in record.warnings], ensure_ascii=False),
                parser_version,
                document_id,
            ],
        )
        _store_extracted(db, document_id, record, text)


def _delete_extracted(db: Database, document_id: int) -> None:
    db.execute("DELETE FROM search WHERE document_id = ?", [document_id])
    db.execute(
        "DELETE FROM action_item_owners WHERE action_item_id IN "
        "(SELECT id FROM action_items WHERE document_id = ?)",
        [document_id],
    )
    db.execute(
        "DELETE FROM attachments WHERE agenda_item_id IN (SELECT id FROM agenda_items WHERE document_id = ?)",
        [document_id],
    )
    tables = ("action_items", "participations", "decisions", "agenda_items", "meetings", "withheld_spans")
    for table in tables:
        db.execute(f"DELETE FROM {table} WHERE document_id = ?", [document_id])


def _stored_block(block: Block) -> dict:
    """A block as JSON, its lines (named tuples) as rows of values in `Line`'s field order: a long
    document has tens of thousands of lines, and their field names would be most of their size."""
    return {f.name: getattr(block, f.name) for f in dataclasses.fields(block)}


def _block(stored: dict) -> Block:
    """A block from its JSON; blocks stored before lines were kept have none."""
    lines = tuple(Line(*values) for values in stored.pop("lines", ()))
    return Block(**{**stored, "cells": tuple(stored["cells"]), "lines": lines})


def _page_starts(blocks: tuple[Block, ...]) -> list[int]:
    starts: dict[int, int] = {}
    for block in blocks:
        starts.setdefault(block.page, block.start)
    return [starts[page] for page in sorted(starts)]


def _span(provenance: Provenance | None) -> dict[str, int | None]:
    if provenance is None:
        return {"page": None, "span_start": None, "span_end": None}
    return {"page": provenance.page, "span_start": provenance.start, "span_end": provenance.end}


def _search_row(
    db: Database, document_id: int, table: str, row_id: int, title: str, body: str, lang: str | None
):
    db["search"].insert(
        {
            "title": index_text(title, lang),
            "body": index_text(body, lang),
            "document_id": document_id,
            "source_table": table,
            "source_id": row_id,
        }
    )


def _store_extracted(db: Database, document_id: int, record: Minutes, text: str) -> None:
    lang = record.language
    meeting = record.meeting
    title = meeting.title if meeting and meeting.title else record.source.filename
    _search_row(db, document_id, "documents", document_id, title, text, lang)
    db.execute("UPDATE documents SET text_withheld = ? WHERE id = ?", [record.text_withheld, document_id])
    db["withheld_spans"].insert_all(
        {"document_id": document_id, "span_start": w.start, "span_end": w.end, "reason": w.reason}
        for w in record.withheld
    )
    if meeting is None:
        return
    organization_id = _named_row(db, "organizations", {"name": meeting.organization})
    body_id = _named_row(db, "bodies", {"name": meeting.body, "organization_id": organization_id})
    meeting_id = (
        db["meetings"]
        .insert(
            {
                "document_id": document_id,
                "body_id": body_id,
                "title": meeting.title,
                "date": meeting.date,
                "start_time": meeting.start,
                "end_time": meeting.end,
                "location": meeting.location,
                "extraordinary": meeting.extraordinary,
                "present_count": meeting.present_count,
                "member_count": meeting.member_count,
            }
        )
        .last_pk
    )
    people = PeopleResolver(db, organization_id, body_id)
    common = {"meeting_id": meeting_id, "document_id": document_id}
    for participant in record.participants:
        db["participations"].insert(
            {
                **common,
                "person_id": people.resolve(participant.name, participant.role),
                "name_as_written": participant.name,
                "status": participant.status,
                "excused": participant.excused,
                "role": participant.role,
                "function": participant.function,
                **_span(participant.provenance),
            }
        )
    item_ids: dict[str | None, int] = {}
    for position, item in enumerate(record.agenda_items):
        item_id = (
            db["agenda_items"]
            .insert(
                {
                    **common,
                    "position": position,
                    "number": item.number,
                    "title": item.title,
                    "text": item.text,
                    "public": item.public,
                    "case_number": item.case_number,
                    **_span(item.provenance),
                }
            )
            .last_pk
        )
        item_ids.setdefault(item.number, item_id)
        _search_row(db, document_id, "agenda_items", item_id, item.title, item.text, lang)
        for index, attachment in enumerate(item.attachments):
            db["attachments"].insert({"agenda_item_id": item_id, "position": index, "title": attachment})
        for name in item.absent:
            db["participations"].insert(
                {
                    **common,
                    "agenda_item_id": item_id,
                    "person_id": people.resolve(name, None),
                    "name_as_written": name,
                    "status": "absent",
                    **_span(item.provenance),
                }
            )
        decision = item.decision
        if decision is not None:
            votes = decision.votes
            decision_id = (
                db["decisions"]
                .insert(
                    {
                        "agenda_item_id": item_id,
                        "document_id": document_id,
                        "text": decision.text,
                        "outcome": decision.outcome,
                        "unanimous": decision.unanimous,
                        "votes_for": votes.for_ if votes else None,
                        "votes_against": votes.against if votes else None,
                        "votes_abstain": votes.abstain if votes else None,
                        **_span(decision.provenance),
                    }
                )
                .last_pk
            )
            _search_row(db, document_id, "decisions", decision_id, item.title, decision.text, lang)
    for action in record.action_items:
        action_id = (
            db["action_items"]
            .insert(
                {
                    **common,
                    "agenda_item_id": item_ids.get(action.agenda_item) if action.agenda_item else None,
                    "text": action.text,
                    "due": action.due,
                    "due_end": action.due_end,
                    "due_text": action.due_text,
                    **_span(action.provenance),
                }
            )
            .last_pk
        )
        _search_row(db, document_id, "action_items", action_id, " ".join(action.owners), action.text, lang)
        for position, owner in enumerate(action.owners):
            db["action_item_owners"].insert(
                {
                    "action_item_id": action_id,
                    "position": position,
                    "owner": owner,
                    "person_id": people.find(owner),
                }
            )
    for person in record.people:
        people.resolve(person.name, person.role)


def _named_row(db: Database, table: str, values: dict[str, Any]) -> int | None:
    """The id of the row with these values, inserted when new; None when there is no name."""
    if not values.get("name"):
        return None
    where = " AND ".join(f"{key} IS ?" for key in values)
    found = db.execute(f"SELECT id FROM {table} WHERE {where}", list(values.values())).fetchone()
    return found[0] if found else db[table].insert(values).last_pk


class PeopleResolver:
    """One row per person within an organization (or body), whatever spelling a document uses.

    "Ansgar Thorsø", "A. Thorsø" and "Thorsø" are one person when only one person of
    that surname is known there; two people sharing a surname stay apart, and a bare surname that
    would fit both is left unmerged. Every spelling is kept as an alias.
    """

    def __init__(self, db: Database, organization_id: int | None, body_id: int | None) -> None:
        self.db = db
        self.scope = (
            ("organization_id = ?", [organization_id]) if organization_id else ("body_id IS ?", [body_id])
        )
        self.organization_id, self.body_id = organization_id, body_id

    def _people(self) -> list[tuple[int, str, list[str]]]:
        where, params = self.scope
        rows = self.db.execute(f"SELECT id, name FROM people WHERE {where}", params).fetchall()
        aliases: dict[int, list[str]] = {}
        for person_id, alias in self.db.execute(
            "SELECT person_id, alias FROM person_aliases"
            f" WHERE person_id IN (SELECT id FROM people WHERE {where})",
            params,
        ):
            aliases.setdefault(person_id, []).append(alias)
        return [(person_id, name, aliases.get(person_id, [])) for person_id, name in rows]

    def find(self, name: str) -> int | None:
        """The id of the one known person this spelling can mean, or None."""
        wanted = _name_parts(name)
        if not wanted:
            return None
        # The fullest spelling decides; an alias counts only as written ("Thorsø" as an alias of
        # Ansgar must not make "Birte Thorsø" him).
        matches = {
            person_id
            for person_id, known, aliases in self._people()
            if _same_person(wanted, _name_parts(known)) or any(wanted == _name_parts(a) for a in aliases)
        }
        return matches.pop() if len(matches) == 1 else None

    def resolve(self, name: str, role: str | None) -> int:
        """The person's id, a new row when no known person fits; the spelling becomes an alias."""
        person_id = self.find(name)
        if person_id is None:
            person_id = (
                self.db["people"]
                .insert(
                    {
                        "organization_id": self.organization_id,
                        "body_id": self.body_id,
                        "name": name,
                        "role": role,
                    }
                )
                .last_pk
            )
        else:
            current = self.db.execute("SELECT name FROM people WHERE id = ?", [person_id]).fetchone()[0]
            if len(_name_parts(name)) > len(_name_parts(current)) and not name.split()[0].endswith("."):
                self.db.execute(
                    "UPDATE people SET name = ? WHERE id = ?", [name, person_id]
                )  # the fullest spelling
        self.db.execute(
            "INSERT OR IGNORE INTO person_aliases (person_id, alias) VALUES (?, ?)", [person_id, name]
        )
        return person_id


def _name_parts(name: str) -> list[str]:
    return [fold(part) for part in re.findall(r"[\w'’-]+\.?", name)]


def _same_person(a: list[str], b: list[str]) -> bool:
    """Whether two spellings can name one person: same surname, and first names that agree."""
    if a == b:
        return True
    if not a or not b or a[-1] != b[-1]:
        return False
    if len(a) == 1 or len(b) == 1:  # a bare surname fits anyone of that surname
        return True
    first_a, first_b = a[0], b[0]
    if first_a.endswith(".") or first_b.endswith("."):  # an initial: "A." fits "Ansgar"
        return first_a[0] == first_b[0]
    return first_a == first_b


# The inbox's bookkeeping: which inboxes feed this archive and how each claimed file ended.


def register_inbox(db: Database, inbox: Path, folders: Path, pid: int) -> None:
    with writing(db):
        db["inboxes"].upsert(
            {"path": str(inbox), "folders": str(folders), "started_at": _now(), "pid": pid}, pk="path"
        )


def inboxes(db: Database) -> list[dict[str, Any]]:
    return list(db["inboxes"].rows)


def claim_outcome(db: Database, claim: str) -> dict[str, Any] | None:
    """The last thing logged for an inbox claim, or None if nothing was."""
    rows = list(db.query("SELECT * FROM ingest_log WHERE claim = ? ORDER BY id DESC LIMIT 1", [claim]))
    return rows[0] if rows else None


def inbox_counts(db: Database) -> dict[str, int]:
    """How the inbox's files ended: stored, unchanged (a duplicate), failed, or claimed (in work)."""
    sql = """
        SELECT outcome, count(*) AS files FROM ingest_log
        WHERE id IN (SELECT max(id) FROM ingest_log WHERE claim IS NOT NULL GROUP BY claim)
        GROUP BY outcome
    """
    return {row["outcome"]: row["files"] for row in db.query(sql)}


def recent_failures(db: Database, limit: int = 10) -> list[dict[str, Any]]:
    sql = "SELECT attempted_at, path, error FROM ingest_log WHERE outcome = 'failed' ORDER BY id DESC LIMIT ?"
    return list(db.query(sql, [limit]))


def withheld_documents(db: Database) -> list[dict[str, Any]]:
    """Current documents whose text and source file are not published, with the reason."""
    sql = (
        "SELECT id, filename, text_withheld FROM documents "
        "WHERE is_current = 1 AND text_withheld IS NOT NULL ORDER BY id"
    )
    return list(db.query(sql))


# Query helpers: read-only, for the Archive API and scripts.


def meetings(db: Database, body: str | None = None) -> list[dict[str, Any]]:
    sql = """
        SELECT meetings.*, bodies.name AS body, documents.filename
        FROM meetings JOIN documents ON documents.id = meetings.document_id
        LEFT JOIN bodies ON bodies.id = meetings.body_id
        WHERE documents.is_current = 1 AND (:body IS NULL OR bodies.name = :body)
        ORDER BY meetings.date
    """
    return list(db.query(sql, {"body": body}))


def search(db: Database, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Documents, items, decisions and action items matching every word of `query`, best first."""
    expression = match_query(query)
    if not expression:
        return []
    sql = """
        SELECT search.source_table, search.source_id, search.document_id, documents.filename,
               documents.kind, documents.language, bm25(search) AS rank
        FROM search JOIN documents ON documents.id = search.document_id
        WHERE search MATCH ? AND documents.is_current = 1
        ORDER BY rank LIMIT ?
    """
    return list(db.query(sql, [expression, limit]))


def attendance(db: Database, name: str) -> list[dict[str, Any]]:
    """Every meeting (or item) a person is recorded at, by any spelling of the name."""
    sql = """
        SELECT people.name, participations.status, participations.excused, participations.function,
               participations.agenda_item_id, meetings.date, bodies.name AS body, documents.filename
        FROM participations
        JOIN people ON people.id = participations.person_id
        JOIN meetings ON meetings.id = participations.meeting_id
        JOIN documents ON documents.id = participations.document_id
        LEFT JOIN bodies ON bodies.id = meetings.body_id
        WHERE documents.is_current = 1 AND people.id IN (
            SELECT person_id FROM person_aliases WHERE alias = :name
            UNION SELECT id FROM people WHERE name = :name
        )
        ORDER BY meetings.date
    """
    return list(db.query(sql, {"name": name}))


def action_items(db: Database, *, due_before: str | None = None) -> list[dict[str, Any]]:
    """Action items with their owners; with `due_before` (YYYY-MM-DD) only those due earlier."""
    sql = """
        SELECT action_items.*, group_concat(action_item_owners.owner, ', ') AS owners,
               meetings.date AS meeting_date
        FROM action_items
        JOIN documents ON documents.id = action_items.document_id
        JOIN meetings ON meetings.id = action_items.meeting_id
        LEFT JOIN action_item_owners ON action_item_owners.action_item_id = action_items.id
        WHERE documents.is_current = 1 AND (:before IS NULL OR (
            -- "2024-06" is due at the end of June, not on its first day
            CASE length(action_items.due) WHEN 10 THEN action_items.due ELSE action_items.due || '-99' END
        ) < :before)
        GROUP BY action_items.id ORDER BY action_items.due
    """
    return list(db.query(sql, {"before": due_before}))
