"""Inbox latency: the time from a file's arrival in the inbox to its rows being committed.

Starts the real watcher (`minutes watch`) on a fresh folder, drops 200 distinct protocols into it
at a steady pace, and watches the ingest log for each file's commit. Reports the median and p95
latency; the settle delay (how long a file must stay unchanged) is part of it and is reported too.
BENCH_INBOX_FILES, BENCH_INBOX_INTERVAL and BENCH_INBOX_SETTLE change the run. Writes
build/inbox_bench.json.
"""

from __future__ import annotations

import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import sqlite_utils

from report import report

ROOT = Path(__file__).resolve().parent.parent
SAMPLE = ROOT / "data" / "samples" / "bauausschuss-niederschrift.txt"


def committed(db_path: Path) -> set[str]:
    if not db_path.exists():
        return set()
    try:
        rows = sqlite_utils.Database(db_path).execute("SELECT path FROM ingest_log WHERE outcome = 'stored'")
        return {path for (path,) in rows.fetchall()}
    except Exception:  # the watcher is still creating the database
        return set()


def main() -> None:
    count = int(os.environ.get("BENCH_INBOX_FILES", 200))
    interval = float(os.environ.get("BENCH_INBOX_INTERVAL", 0.2))
    settle = float(os.environ.get("BENCH_INBOX_SETTLE", 0.5))
    text = SAMPLE.read_bytes()
    with tempfile.TemporaryDirectory() as scratch:
        inbox, db_path = Path(scratch) / "inbox", Path(scratch) / "bench.db"
        inbox.mkdir()
        watcher = subprocess.Popen(
            [
                sys.executable,
                "-m",
                "minutes",
                "watch",
                str(inbox),
                "--db",
                str(db_path),
                "--settle",
                str(settle),
            ],
            stderr=subprocess.DEVNULL,
        )
        try:
            (inbox / "warm-up.txt").write_bytes(text)  # the first file loads the language pipelines
            while "warm-up.txt" not in committed(db_path):
                time.sleep(0.1)
            arrived: dict[str, float] = {}
            seen: dict[str, float] = {}
            next_drop = time.perf_counter()
            while len(arrived) < count or not arrived.keys() <= seen.keys():
                now = time.perf_counter()
                if len(arrived) < count and now >= next_drop:
                    name = f"protokoll-{len(arrived):04d}.txt"
                    (inbox / name).write_bytes(text + f"\nAktenzeichen {len(arrived)}\n".encode())
                    arrived[name] = time.perf_counter()
                    next_drop += interval
                for name in committed(db_path) - seen.keys():
                    seen[name] = time.perf_counter()
                time.sleep(0.01)
        finally:
            watcher.send_signal(signal.SIGINT)
            watcher.wait(timeout=60)
    latencies = sorted(seen[name] - arrived[name] for name in arrived)
    report(
        {
            "files": count,
            "arrival_interval_s": interval,
            "settle_s": settle,
            "median_latency_s": round(statistics.median(latencies), 3),
            "p95_latency_s": round(latencies[int(0.95 * (len(latencies) - 1))], 3),
            "max_latency_s": round(latencies[-1], 3),
        },
        "inbox_bench",
    )


if __name__ == "__main__":
    main()
