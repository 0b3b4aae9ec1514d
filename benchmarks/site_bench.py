"""Datasette latency on a large archive: search and facet requests over 100,000 agenda items.

Generates an archive of 5,000 meetings with 21 agenda items each, one of them closed (German and
Danish, with decisions, attendance and search rows; words drawn by Zipf's law from a vocabulary
grown from the project's own protocols) and builds the published database (timed). Then requests
through Datasette's in-process client: table searches for topical words, and the facet pages
researchers open most. Reports p50/p95 per kind (target: p95 under 100 ms). BENCH_SITE_MEETINGS
changes the size. Writes build/site_bench.json.
"""

from __future__ import annotations

import asyncio
import itertools
import os
import random
import re
import sqlite3
import statistics
import tempfile
import time
from pathlib import Path

import yaml
from datasette.app import Datasette

from minutes import store
from minutes.publish import DATASETTE_SETTINGS, SITE, build
from minutes.search_text import index_text
from minutes.site import minutes_match

from report import report

ROOT = Path(__file__).resolve().parent.parent
ITEMS_PER_MEETING = 21  # the last one closed: 100,000 published of 105,000
OUTCOMES = ["approved", "rejected", "postponed", "referred", "noted", "discussed"]
SEARCH_ROW = "INSERT INTO search (title, body, document_id, source_table, source_id) VALUES (?, ?, ?, ?, ?)"
FACET_PAGES = [
    "/minutes/agenda_items.json?_facet=language&_facet=body_id&_facet=year&_facet=organization_id&_size=50",
    "/minutes/decisions.json?_facet=outcome&_facet=body_id&_facet=year&_facet=language&_size=50",
    "/minutes/meetings.json?_facet=language&_facet=body_id&_facet=year&_size=50",
]


def vocabulary() -> dict[str, list[str]]:
    """Per language, about 20,000 word types in Zipf rank order, as real protocols have them.

    The project's own protocols give the common words; compounds of two of them (as German and
    Danish form them) give the long tail that makes most search terms selective.
    """
    rng = random.Random(2)
    words: dict[str, list[str]] = {}
    for lang in ("de", "da"):
        text = " ".join(p.read_text(encoding="utf-8") for p in (ROOT / "tests" / "fixtures" / lang).iterdir())
        common = sorted({w for w in re.findall(r"[^\W\d_]{4,}", text)})
        compounds = {f"{rng.choice(common)}{rng.choice(common).lower()}" for _ in range(20_000)}
        words[lang] = common + sorted(compounds - set(common))
    return words


def zipf_sampler(rng: random.Random, words: list[str]):
    weights = list(itertools.accumulate(1 / rank for rank in range(1, len(words) + 1)))
    return lambda n: rng.choices(words, cum_weights=weights, k=n)


def generate(db_path: Path, meetings: int) -> None:
    rng = random.Random(0)
    words = vocabulary()
    db = store.open_database(db_path).conn
    db.execute("INSERT INTO organizations (id, name) VALUES (1, 'Kommune A'), (2, 'Gemeinde B')")
    bodies = [(i, 1 + i % 2, f"Ausschuss {i}") for i in range(1, 41)]
    db.executemany("INSERT INTO bodies (id, organization_id, name) VALUES (?, ?, ?)", bodies)
    people = [(i, 1 + i % 2, f"Person {i}") for i in range(1, 801)]
    db.executemany("INSERT INTO people (id, organization_id, name) VALUES (?, ?, ?)", people)
    item_id = 0
    stems: dict[tuple[str, str], str] = {}
    samplers = {lang: zipf_sampler(rng, vocab) for lang, vocab in words.items()}
    with db:
        for meeting in range(1, meetings + 1):
            lang = "de" if meeting % 3 else "da"
            date = f"{2010 + meeting % 15}-{1 + meeting % 12:02d}-{1 + meeting % 28:02d}"

            def sentence(n: int, lang: str = lang) -> str:
                return " ".join(samplers[lang](n))

            def indexed(text: str, lang: str = lang) -> str:  # word by word, each stemmed once
                for word in text.split():
                    if (lang, word) not in stems:
                        stems[lang, word] = index_text(word, lang)
                return " ".join(stems[lang, word] for word in text.split())

            text = sentence(400)
            db.execute(
                "INSERT INTO documents (id, filename, sha256, media_type, pages, language, kind, text, "
                "page_starts, blocks, warnings, parser_version, version, is_current, ingested_at) "
                "VALUES (?, ?, ?, 'text/plain', 1, ?, 'minutes', ?, '[0]', '[]', '[]', 'bench', 1, 1, ?)",
                [
                    meeting,
                    f"protokoll-{meeting}.txt",
                    f"{meeting:064x}",
                    lang,
                    text,
                    f"{date}T12:00:00+00:00",
                ],
            )
            db.execute(
                SEARCH_ROW,
                [f"protokoll {meeting}", indexed(text), meeting, "documents", meeting],
            )
            db.execute(
                "INSERT INTO meetings (id, document_id, body_id, title, date) VALUES (?, ?, ?, ?, ?)",
                [meeting, meeting, 1 + meeting % 40, f"Sitzung {meeting}", date],
            )
            for position in range(ITEMS_PER_MEETING):
                item_id += 1
                title, body = sentence(5), sentence(60)
                db.execute(
                    "INSERT INTO agenda_items (id, meeting_id, document_id, position, number, title, text, "
                    "public, page, span_start, span_end) VALUES (?, ?, ?, ?, ?, ?, ?, ?, 1, 0, 10)",
                    [item_id, meeting, meeting, position, str(position + 1), title, body, int(position < 20)],
                )
                db.execute(
                    "INSERT INTO decisions (id, agenda_item_id, document_id, text, outcome, unanimous) "
                    "VALUES (?, ?, ?, ?, ?, ?)",
                    [item_id, item_id, meeting, sentence(15), rng.choice(OUTCOMES), rng.random() < 0.6],
                )
                db.executemany(
                    SEARCH_ROW,
                    [
                        (indexed(title), indexed(body), meeting, "agenda_items", item_id),
                        (indexed(title), "", meeting, "decisions", item_id),
                    ],
                )
            for person in rng.sample(range(1, 801), 12):
                db.execute(
                    "INSERT INTO participations (meeting_id, document_id, person_id, name_as_written, "
                    "status, excused) VALUES (?, ?, ?, ?, ?, ?)",
                    [
                        meeting,
                        meeting,
                        person,
                        f"Person {person}",
                        rng.choice(["present"] * 5 + ["absent"]),
                        1,
                    ],
                )
    db.close()


async def timings(datasette: Datasette, paths: list[str]) -> list[float]:
    spent = []
    for path in paths:
        started = time.perf_counter()
        response = await datasette.client.get(path)
        spent.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (path, response.text[:300])
    return spent


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return round(ordered[min(len(ordered) - 1, int(share * len(ordered)))], 1)


def main() -> None:
    meetings = int(os.environ.get("BENCH_SITE_MEETINGS", 5000))
    rng = random.Random(1)
    with tempfile.TemporaryDirectory() as scratch:
        archive, published = Path(scratch) / "archive.db", Path(scratch) / "minutes.db"
        started = time.perf_counter()
        generate(archive, meetings)
        generated = time.perf_counter() - started
        started = time.perf_counter()
        counts = build(archive, published)
        built = time.perf_counter() - started
        metadata = yaml.safe_load((SITE / "metadata.yaml").read_text(encoding="utf-8"))
        datasette = Datasette([str(published)], metadata=metadata, settings=DATASETTE_SETTINGS)
        # what researchers search: topical words, neither the commonest nor one-off ones
        words = [w for lang_words in vocabulary().values() for w in lang_words[50:3000]]
        searches = [f"/minutes/agenda_items.json?_search={rng.choice(words)}" for _ in range(200)]
        facets = FACET_PAGES * 34
        asyncio.run(timings(datasette, searches[:10] + facets[:3]))  # warm the page cache
        search_ms = asyncio.run(timings(datasette, searches))
        with sqlite3.connect(published) as connection:
            connection.create_function("minutes_match", 1, minutes_match)
            matches = [
                connection.execute(
                    "SELECT count(*) FROM agenda_items_fts WHERE agenda_items_fts MATCH minutes_match(?)",
                    [path.rsplit("=", 1)[1]],
                ).fetchone()[0]
                for path in searches
            ]
        facet_ms = asyncio.run(timings(datasette, facets))
    report(
        {
            "agenda_items": counts["agenda_items"],
            "decisions": counts["decisions"],
            "generate_s": round(generated, 1),
            "publish_build_s": round(built, 1),
            "search_requests": len(search_ms),
            "search_median_matches": statistics.median(matches),
            "search_p50_ms": percentile(search_ms, 0.5),
            "search_p95_ms": percentile(search_ms, 0.95),
            "facet_requests": len(facet_ms),
            "facet_p50_ms": percentile(facet_ms, 0.5),
            "facet_p95_ms": percentile(facet_ms, 0.95),
            "facet_mean_ms": round(statistics.mean(facet_ms), 1),
        },
        "site_bench",
    )


if __name__ == "__main__":
    main()
