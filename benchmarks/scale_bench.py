"""End-to-end ingest against bare pdfplumber text extraction, on generated German and Danish protocols.

One run measures, on the same PDFs (1 to 500 pages):
- pdfplumber's `extract_text` on every page, each page closed after use: the baseline;
- `minutes ingest` (read, detect, extract, store with search index) on one core and on all cores,
  and its ratio to the baseline;
- the time of each stage, the peak memory of ingesting the 500-page PDF in one process;
- documents/s over the same protocols as PDF, DOCX and TXT.

Printed as a table and written to build/scale_bench.json. BENCH_PAGES="1 10" BENCH_COPIES=1 makes a
quick run.
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import pdfplumber

from minutes import Archive
from minutes.batch import all_cores

from generate import generate
from report import report

PAGES = [int(n) for n in os.environ.get("BENCH_PAGES", "1 2 3 5 10 20 30 50 100").split()]
# Each length is written this many times with other content: a backlog of many files, as offices have.
COPIES = int(os.environ.get("BENCH_COPIES", "3"))
LONG_PDF_PAGES = int(os.environ.get("BENCH_LONG_PAGES", "500"))

PEAK_MEMORY = """
import resource, sys
from minutes import Archive
results = Archive(sys.argv[2]).ingest(sys.argv[1])
assert results[0].outcome == "stored", results
print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)
"""


def pdfplumber_seconds(pdfs: list[Path]) -> tuple[float, int]:
    started, pages = time.perf_counter(), 0
    for path in pdfs:
        with pdfplumber.open(path) as pdf:
            for page in pdf.pages:
                page.extract_text()
                page.close()
                pages += 1
    return time.perf_counter() - started, pages


def ingest(files: list[Path], workers: int, scratch: Path) -> tuple[float, list]:
    db_path = scratch / f"bench-{workers}-{time.monotonic_ns()}.db"
    archive = Archive(db_path)
    started = time.perf_counter()
    results = archive.ingest(*files, workers=workers)
    seconds = time.perf_counter() - started
    failed = [r for r in results if r.outcome != "stored"]
    if failed:
        raise SystemExit(f"benchmark documents failed: {failed}")
    return seconds, results


def peak_memory_mb(pdf: Path, scratch: Path) -> float:
    output = subprocess.run(
        [sys.executable, "-c", PEAK_MEMORY, str(pdf), str(scratch / "memory.db")],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    return int(output.split()[-1]) / 1024


def main() -> None:
    cores = all_cores()
    with tempfile.TemporaryDirectory() as folder:
        scratch = Path(folder)
        files = [
            path
            for seed in range(1, COPIES + 1)
            for path in generate(scratch / "docs", PAGES, ["pdf", "docx", "txt"], ["de", "da"], seed=seed)
        ]
        long_pdf = generate(scratch / "long", [LONG_PDF_PAGES], ["pdf"], ["de"], seed=COPIES + 1)[0]
        pdfs = [p for p in files if p.suffix == ".pdf"] + [long_pdf]

        Archive(scratch / "warm.db").ingest(files[0])  # load models outside the timing
        baseline, pages = pdfplumber_seconds(pdfs)
        one_core, serial = ingest(pdfs, 0, scratch)
        parallel_seconds, _ = ingest(pdfs, cores, scratch)
        all_formats, mixed = ingest(files, cores, scratch)
        memory = peak_memory_mb(long_pdf, scratch)

    stages: Counter[str] = Counter()
    for result in serial:
        stages.update(result.seconds)
    staged = sum(stages.values())
    report(
        {
            "pdf_documents": len(pdfs),
            "pdf_pages": pages,
            "longest_pdf_pages": LONG_PDF_PAGES,
            "cores": cores,
            "pdfplumber_extract_text_s": round(baseline, 2),
            "pdfplumber_pages_per_s": round(pages / baseline, 1),
            "ingest_1_core_s": round(one_core, 2),
            "ingest_1_core_pages_per_s": round(pages / one_core, 1),
            "ingest_all_cores_s": round(parallel_seconds, 2),
            "ingest_all_cores_pages_per_s": round(pages / parallel_seconds, 1),
            "ingest_all_cores_documents_per_s": round(len(pdfs) / parallel_seconds, 2),
            "ratio_to_pdfplumber": round(baseline / parallel_seconds, 2),
            "ratio_to_pdfplumber_1_core": round(baseline / one_core, 2),
            "speedup_all_cores": round(one_core / parallel_seconds, 2),
            "stage_share": {name: round(seconds / staged, 3) for name, seconds in sorted(stages.items())},
            "peak_memory_mb_500_page_pdf": round(memory, 1),
            "mixed_documents": len(mixed),
            "mixed_formats": dict(sorted(Counter(p.suffix[1:] for p in files).items())),
            "mixed_documents_per_s": round(len(mixed) / all_formats, 2),
        },
        "scale_bench",
    )


if __name__ == "__main__":
    main()
