"""Ingest throughput and database size: documents/s, pages/s and MB per 1,000 pages, ingesting a
folder into a fresh archive. `make bench` uses the sample protocols and the test fixtures; set
BENCH_DOCS to a folder of real protocols to measure on those. Writes build/ingest_bench.json."""

from __future__ import annotations

import os
import tempfile
import time
from pathlib import Path

from minutes import Archive

from report import report

ROOT = Path(__file__).resolve().parent.parent


def main() -> None:
    folders = (
        [Path(os.environ["BENCH_DOCS"])]
        if os.environ.get("BENCH_DOCS")
        else [
            ROOT / "data" / "samples",
            ROOT / "tests" / "fixtures",
        ]
    )
    with tempfile.TemporaryDirectory() as scratch:
        db_path = Path(scratch) / "bench.db"
        archive = Archive(db_path)
        archive.ingest(ROOT / "data" / "samples")  # warm up models and pipelines, then start afresh
        archive.db.close()
        db_path.unlink()
        for suffix in ("-wal", "-shm"):
            Path(f"{db_path}{suffix}").unlink(missing_ok=True)
        archive = Archive(db_path)
        started = time.perf_counter()
        results = archive.ingest(*folders)
        seconds = time.perf_counter() - started
        stored = [r for r in results if r.outcome == "stored"]
        pages = archive.db.execute("SELECT coalesce(sum(pages), 0) FROM documents").fetchone()[0]
        archive.db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        size_mb = db_path.stat().st_size / 1e6
    result = {
        "documents": len(stored),
        "failed": sum(r.outcome == "failed" for r in results),
        "pages": pages,
        "seconds": round(seconds, 3),
        "documents_per_second": round(len(stored) / seconds, 2),
        "pages_per_second": round(pages / seconds, 2),
        "database_mb_per_1000_pages": round(size_mb / max(pages, 1) * 1000, 1),
    }
    report(result, "ingest_bench")


if __name__ == "__main__":
    main()
