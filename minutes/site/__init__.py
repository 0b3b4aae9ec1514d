"""The minutes plugin for Datasette: archive-grade search and pages that read like the protocol.

Registered through the `datasette` entry point, so any Datasette in the same environment serving a
published minutes database (see minutes/publish.py) gets it:

- the search box and `?_search=` fold and stem the query the way the archive indexed the text
  (Datasette passes table searches through the SQL function `escape_fts`, which this plugin
  replaces), so "buergermeisterin", "Bøgelund" and "Bebauungspläne" find what they should;
- `minutes_match(query)` does the same for canned queries;
- the meeting and person row pages get the rows a reader expects around them;
- `/-/source/<document id>` hands out a published source file, so that a fact's link can point
  into a PDF at its page (`#page=3`). Only a PDF opens in the browser; text and Markdown are shown
  as UTF-8 plain text; every other format (HTML above all: its scripts would run on the site's
  origin) is a download, and nothing is sniffed or allowed to run;
- every connection has a cap on the length of a string or blob, so that no request can make the
  server build a gigabyte in memory.
"""

from __future__ import annotations

import asyncio
import sqlite3
from pathlib import Path
from typing import Any
from urllib.parse import quote

from charset_normalizer import from_bytes
from datasette import hookimpl
from datasette.utils.asgi import Response

from minutes.search_text import match_query

NO_MATCH = '"\x1f"'  # a term no text contains: an empty query matches nothing instead of failing
# The longest string or blob one SQL statement may make or read: above the text of a protocol of
# thousands of pages, far below what would let a few requests exhaust the server's memory.
MAX_LENGTH = 20 * 1024 * 1024
SHOWN_AS_TEXT = ("text/plain", "text/markdown", "text/x-markdown", "text/asciidoc", "text/x-asciidoc")
SAFE_HEADERS = {"x-content-type-options": "nosniff"}


def minutes_match(query: str | None) -> str:
    return match_query(query or "") or NO_MATCH


@hookimpl(trylast=True)  # after Datasette's own escape_fts, so that this one stays registered
def prepare_connection(conn) -> None:
    conn.setlimit(sqlite3.SQLITE_LIMIT_LENGTH, MAX_LENGTH)
    conn.create_function("escape_fts", 1, minutes_match, deterministic=True)
    conn.create_function("minutes_match", 1, minutes_match, deterministic=True)


MEETING_QUERIES = {
    "meeting": """
        SELECT meetings.*, bodies.name AS body, organizations.name AS organization,
               documents.filename, documents.withheld_items, documents.text_withheld,
               (SELECT count(*) FROM document_files WHERE document_id = documents.id) AS downloadable
        FROM meetings JOIN documents ON documents.id = meetings.document_id
        LEFT JOIN bodies ON bodies.id = meetings.body_id
        LEFT JOIN organizations ON organizations.id = meetings.organization_id
        WHERE meetings.id = :id""",
    "attendance": """
        SELECT participations.*, people.name AS person FROM participations
        JOIN people ON people.id = participations.person_id
        WHERE meeting_id = :id ORDER BY status DESC, participations.id""",
    "items": """
        SELECT agenda_items.*, decisions.id AS decision_id, decisions.outcome, decisions.unanimous,
               decisions.votes_for, decisions.votes_against, decisions.votes_abstain,
               decisions.text AS decision, decisions.page AS decision_page
        FROM agenda_items LEFT JOIN decisions ON decisions.agenda_item_id = agenda_items.id
        WHERE agenda_items.meeting_id = :id ORDER BY agenda_items.position""",
    "actions": "SELECT * FROM action_items WHERE meeting_id = :id ORDER BY id",
}

PERSON_QUERIES = {
    "person": "SELECT * FROM people WHERE id = :id",
    "meetings": """
        SELECT meetings.id AS meeting_id, meetings.date, meetings.title, bodies.name AS body,
               participations.status, participations.excused, participations.function,
               participations.agenda_item_id, agenda_items.title AS item_title,
               participations.document_id, participations.page
        FROM participations JOIN meetings ON meetings.id = participations.meeting_id
        LEFT JOIN bodies ON bodies.id = meetings.body_id
        LEFT JOIN agenda_items ON agenda_items.id = participations.agenda_item_id
        WHERE participations.person_id = :id ORDER BY meetings.date DESC, participations.id""",
    "actions": """
        SELECT action_items.*, meetings.date AS meeting_date FROM action_item_owners
        JOIN action_items ON action_items.id = action_item_owners.action_item_id
        JOIN meetings ON meetings.id = action_items.meeting_id
        WHERE action_item_owners.person_id = :id ORDER BY action_items.due""",
}

ROW_QUERIES = {"meetings": MEETING_QUERIES, "people": PERSON_QUERIES}


@hookimpl
def extra_template_vars(view_name: str, database: str, table: str, request, datasette) -> Any:
    queries = ROW_QUERIES.get(table) if view_name == "row" else None
    if not queries or request is None:
        return None

    async def related() -> dict[str, Any]:
        row_id = request.url_vars.get("pks")
        db = datasette.get_database(database)
        found = {}
        for name, sql in queries.items():
            found[name] = [dict(row) for row in (await db.execute(sql, {"id": row_id})).rows]
        return {"minutes": found}

    return related


async def source_file(datasette, request) -> Response:
    document_id = int(request.url_vars["document_id"])
    for database in datasette.databases.values():
        if database.path is None or "document_files" not in await database.table_names():
            continue
        found = await asyncio.to_thread(_read_source, Path(database.path), document_id)
        if found:
            return _source_response(*found)
    # a response, not NotFound: a custom route's exception is logged with a whole traceback
    return Response.text("No published source file for this document", status=404, headers=SAFE_HEADERS)


def _read_source(path: Path, document_id: int) -> tuple[str, str, bytes] | None:
    """A source file, read through a connection of its own: a file may be larger than the cap on
    what the site's SQL connections may read."""
    connection = sqlite3.connect(f"file:{path.resolve()}?mode=ro", uri=True)
    try:
        row = connection.execute(
            "SELECT filename, media_type, content FROM document_files WHERE document_id = ?", [document_id]
        ).fetchone()
        return (row[0], row[1], bytes(row[2])) if row else None
    finally:
        connection.close()


def _source_response(filename: str, media_type: str, content: bytes) -> Response:
    named = f"filename*=UTF-8''{quote(filename)}"
    if media_type == "application/pdf":
        headers = {**SAFE_HEADERS, "content-disposition": f"inline; {named}"}
        return Response(content, content_type="application/pdf", headers=headers)
    headers = {**SAFE_HEADERS, "content-security-policy": "sandbox"}
    if media_type.split(";")[0].strip() in SHOWN_AS_TEXT:
        best = from_bytes(content).best()
        text = str(best) if best is not None else content.decode("utf-8", errors="replace")
        return Response(
            text.encode("utf-8"),
            content_type="text/plain; charset=utf-8",
            headers={**headers, "content-disposition": f"inline; {named}"},
        )
    return Response(
        content,
        content_type="application/octet-stream",
        headers={**headers, "content-disposition": f"attachment; {named}"},
    )


@hookimpl
def register_routes():
    # at most 18 digits: a SQLite integer, so a longer number is simply not found
    return [(r"^/-/source/(?P<document_id>\d{1,18})$", source_file)]
