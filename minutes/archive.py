"""Archive(db_path): ingest files and folders into the archive database and query it.

>>> archive = minutes.Archive("minutes.db")
>>> archive.ingest("inbox/")
>>> archive.search("Bürgermeisterin Haushalt")
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from minutes import store
from minutes.errors import ParseError
from minutes.parse import analyse
from minutes.read import read


@dataclass(frozen=True)
class IngestResult:
    """What happened to one file: "stored", "unchanged" (same bytes again) or "failed"."""

    path: Path
    outcome: str
    document_id: int | None = None
    error: str | None = None


def files_under(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named, and every file below the folders named, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


class Archive:
    def __init__(self, db_path: str | Path) -> None:
        from minutes import __version__

        self.db = store.open_database(db_path)
        self.parser_version = __version__

    def ingest_file(
        self, path: str | Path, *, source: str | None = None, claim: str | None = None
    ) -> IngestResult:
        """Parse and store one file; a file that cannot be parsed or stored is logged and reported.

        `source` is the name logged for the file (the inbox logs its place in the inbox, not its
        working copy) and `claim` the inbox's claim id.
        """
        path = Path(path)
        logged_as = source or str(path)
        try:
            raw = read(path)
            content = path.read_bytes()
            if hashlib.sha256(content).hexdigest() != raw.sha256:
                raise ParseError(path, "it changed while it was being read; it is still being written")
            document_id, outcome = store.store_document(
                self.db, logged_as, raw, analyse(raw), self.parser_version, content, claim=claim
            )
        except ParseError as error:
            reason = error.explanation
        except Exception as error:  # a bug or a full disk on one file must not stop the others
            reason = f"internal error ({type(error).__name__}: {error})"
        else:
            return IngestResult(path, outcome, document_id)
        store.log_attempt(self.db, logged_as, "failed", error=reason, claim=claim)
        return IngestResult(path, "failed", error=reason)

    def ingest(self, *paths: str | Path) -> list[IngestResult]:
        """Ingest files and folders (recursively); returns one result per file."""
        return [self.ingest_file(path) for path in files_under(paths)]

    def reparse(self) -> int:
        """Re-extract every stored document from its stored blocks (after a parser upgrade)."""
        count = 0
        for document_id, raw in store.stored_documents(self.db):
            store.replace_extracted(self.db, document_id, analyse(raw), raw.text, self.parser_version)
            count += 1
        return count

    def meetings(self, body: str | None = None) -> list[dict[str, Any]]:
        return store.meetings(self.db, body)

    def search(self, query: str, limit: int = 20) -> list[dict[str, Any]]:
        return store.search(self.db, query, limit)

    def attendance(self, name: str) -> list[dict[str, Any]]:
        return store.attendance(self.db, name)

    def action_items(self, *, due_before: str | None = None) -> list[dict[str, Any]]:
        return store.action_items(self.db, due_before=due_before)
