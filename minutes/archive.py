"""Archive(db_path): ingest files and folders into the archive database and query it.

>>> archive = minutes.Archive("minutes.db")
>>> archive.ingest("inbox/")
>>> archive.search("Bürgermeisterin Haushalt")
"""

from __future__ import annotations

import hashlib
import sqlite3
import time
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from minutes import store
from minutes.batch import Engine, InProcess, Limits, Parsed, open_engine, parse_in_order
from minutes.errors import FileChanged, ParseError
from minutes.parse import analyse


@dataclass(frozen=True)
class IngestResult:
    """What happened to one file: "stored", "unchanged" (same bytes again) or "failed".

    `seconds` is the time each stage took on it: read, detect, extract, store."""

    path: Path
    outcome: str
    document_id: int | None = None
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def files_under(paths: Iterable[str | Path]) -> Iterator[Path]:
    """The files named, and every file below the folders named, in a stable order."""
    for path in map(Path, paths):
        if path.is_dir():
            yield from sorted(p for p in path.rglob("*") if p.is_file() and not p.name.startswith("."))
        else:
            yield path


def identity(path: Path) -> str:
    """What a file ingested from the command line is known by in the archive: its full path, so
    that files of one name in two folders are two documents and new bytes at the same place are
    a new version of one (the inbox knows its files by their path in the inbox)."""
    return str(path.resolve())


class Archive:
    def __init__(self, db_path: str | Path) -> None:
        from minutes import __version__

        self.db = store.open_database(db_path)
        self.parser_version = __version__

    def ingest_file(
        self,
        path: str | Path,
        *,
        source: str | None = None,
        claim: str | None = None,
        engine: Engine | None = None,
    ) -> IngestResult:
        """Parse (with `engine`, else in this process) and store one file; failures are logged and reported.

        `source` is the name logged for the file (the inbox logs its place in the inbox, not its
        working copy) and `claim` the inbox's claim id.
        """
        path = Path(path)
        engine = engine or InProcess()
        return self.store_parsed(engine.result(path, engine.submit(path)), source=source, claim=claim)

    def store_parsed(
        self,
        parsed: Parsed,
        *,
        source: str | None = None,
        claim: str | None = None,
        expected_sha256: str | None = None,
    ) -> IngestResult:
        """Store a parsed file in one transaction, or log why it failed.

        `source` is the document's identity (the inbox gives its path in the inbox), by default
        the file's full path.
        With `expected_sha256` (the hash taken when the inbox claimed the file), bytes that differ
        when read again just before storing raise `FileChanged` instead of being logged: the file
        is still being written and must wait. An error of the archive itself (disk full, locked)
        is raised too: it is not the file's fault, and the file is tried again.
        """
        logged_as = source or identity(parsed.path)
        seconds = dict(parsed.seconds)
        started = time.perf_counter()
        reason = parsed.error
        if parsed.raw is not None and parsed.record is not None:
            try:
                content = parsed.path.read_bytes()
                read_again = hashlib.sha256(content).hexdigest()
                # the hash at the claim, what the parser read and what is stored must agree
                if expected_sha256 and not expected_sha256 == parsed.raw.sha256 == read_again:
                    raise FileChanged(parsed.path)
                if read_again != parsed.raw.sha256:
                    raise ParseError(
                        parsed.path, "it changed while it was being read; it is still being written"
                    )
                document_id, outcome = store.store_document(
                    self.db, logged_as, parsed.raw, parsed.record, self.parser_version, content, claim=claim
                )
            except (FileChanged, sqlite3.OperationalError):
                raise
            except ParseError as error:
                reason = error.explanation
            except OSError as error:
                reason = f"the file could not be read again to be stored ({error.strerror or error})"
            except Exception as error:  # a bug on one file must not stop the others
                reason = f"internal error ({type(error).__name__}: {error})"
            else:
                seconds["store"] = time.perf_counter() - started
                return IngestResult(parsed.path, outcome, document_id, seconds=seconds)
        store.log_attempt(self.db, logged_as, "failed", error=reason, claim=claim)
        return IngestResult(parsed.path, "failed", error=reason, seconds=seconds)

    def ingest_each(
        self, *paths: str | Path, workers: int = 0, limits: Limits | None = None, scheduler: str | None = None
    ) -> Iterator[IngestResult]:
        """Ingest files and folders (recursively), yielding one result per file in input order.

        `workers` processes parse in parallel (0: this process), or the Dask cluster at `scheduler`
        does; this process alone writes, each document in one transaction, in input order.
        """
        engine = open_engine(workers, limits, scheduler)
        try:
            for parsed in parse_in_order(engine, files_under(paths)):
                yield self.store_parsed(parsed)
        finally:
            engine.close()

    def ingest(
        self, *paths: str | Path, workers: int = 0, limits: Limits | None = None, scheduler: str | None = None
    ) -> list[IngestResult]:
        """Ingest files and folders (recursively); returns one result per file."""
        return list(self.ingest_each(*paths, workers=workers, limits=limits, scheduler=scheduler))

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
