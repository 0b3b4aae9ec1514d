"""Parse throughput over the sample protocols and the test fixtures: documents/s, pages/s and the time
per stage. Run with `make bench`; results are printed and written to build/bench.json."""

from __future__ import annotations

import time
from pathlib import Path

from minutes.detect import detect
from minutes.extract import extract
from minutes.read import read

from report import report

ROOT = Path(__file__).resolve().parent.parent
ROUNDS = 3


def main() -> None:
    files = sorted(p for p in (ROOT / "data" / "samples").rglob("*") if p.is_file())
    stages = {"read": 0.0, "detect": 0.0, "extract": 0.0}
    pages = 0
    detect(read(files[0]))  # build language models and spaCy pipelines outside the timing
    for _ in range(ROUNDS):
        for path in files:
            t0 = time.perf_counter()
            raw = read(path)
            t1 = time.perf_counter()
            detection = detect(raw)
            t2 = time.perf_counter()
            extract(raw, detection)
            t3 = time.perf_counter()
            stages["read"] += t1 - t0
            stages["detect"] += t2 - t1
            stages["extract"] += t3 - t2
            pages += raw.pages
    total = sum(stages.values())
    result = {
        "documents": len(files) * ROUNDS,
        "pages": pages,
        "seconds": round(total, 3),
        "documents_per_second": round(len(files) * ROUNDS / total, 2),
        "pages_per_second": round(pages / total, 2),
        "stage_share": {name: round(seconds / total, 3) for name, seconds in stages.items()},
    }
    report(result, "bench")


if __name__ == "__main__":
    main()
