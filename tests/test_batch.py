"""Batch ingest: worker processes and a Dask cluster store exactly the rows of a serial run."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from minutes import Archive
from minutes.cli import cli

FIXTURES = Path(__file__).parent / "fixtures"
# When a row was written differs between runs; everything else must not.
CLOCK_COLUMNS = {"ingested_at", "attempted_at", "applied_at"}


@pytest.fixture(scope="module")
def batch_folder(tmp_path_factory, built) -> Path:
    """Every format of the authored fixtures plus a broken file, in one folder."""
    folder = tmp_path_factory.mktemp("batch")
    for name in ("pdf", "docx", "odt", "aspx", "text-cp1252", "encrypted"):
        shutil.copy(built[name], folder / built[name].name)
    for path in FIXTURES.rglob("*.*"):
        shutil.copy(path, folder / path.name)
    (folder / "kaputt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    return folder


def rows(archive: Archive) -> dict[str, list[tuple]]:
    tables = {}
    for table in archive.db.tables:
        columns = [c.name for c in table.columns if c.name not in CLOCK_COLUMNS]
        query = f"select {', '.join(f'[{c}]' for c in columns)} from [{table.name}]"
        tables[table.name] = sorted(archive.db.execute(query).fetchall(), key=repr)
    return tables


@pytest.fixture(scope="module")
def serial_rows(batch_folder, tmp_path_factory) -> dict[str, list[tuple]]:
    archive = Archive(tmp_path_factory.mktemp("serial") / "serial.db")
    results = archive.ingest(batch_folder)
    assert [r.outcome for r in results].count("failed") == 2
    return rows(archive)


def test_worker_processes_store_the_rows_of_a_serial_run(batch_folder, serial_rows, tmp_path):
    archive = Archive(tmp_path / "parallel.db")
    results = archive.ingest(batch_folder, workers=2)
    assert [r.path.name for r in results] == sorted(p.name for p in batch_folder.iterdir())
    assert {r.path.name: r.error for r in results if r.error} == {
        "kaputt.pdf": "the file cannot be read "
        "(broken PDF: Failed to load document (PDFium: Data format error))",
        "verschluesselt.pdf": "the file is encrypted (password protected)",
    }
    assert all(set(r.seconds) == {"read", "detect", "extract", "store"} for r in results if not r.error)
    assert rows(archive) == serial_rows
    assert sum(len(table) for table in serial_rows.values()) > 400


def test_cli_ingest_parses_on_a_dask_cluster(batch_folder, serial_rows, tmp_path):
    distributed = pytest.importorskip("distributed")
    db_path = tmp_path / "dask.db"
    with distributed.LocalCluster(
        n_workers=2, threads_per_worker=1, processes=True, dashboard_address=None
    ) as cluster:
        result = CliRunner().invoke(
            cli, ["ingest", "--db", str(db_path), "--scheduler", cluster.scheduler_address, str(batch_folder)]
        )
    assert result.exit_code == 1  # two files failed, and said so
    assert "2 failed" in result.output and "encrypted" in result.output
    assert rows(Archive(db_path)) == serial_rows


def test_a_parse_past_the_time_limit_is_stopped_and_the_batch_goes_on(tmp_path):
    folder = tmp_path / "inbox"
    folder.mkdir()
    shutil.copy(FIXTURES / "de" / "bauausschuss-niederschrift.txt", folder / "a.txt")
    # 10 MB in one line: a parse of tens of seconds
    (folder / "b-endlos.txt").write_text(" ".join(["Beschluss einstimmig Haushalt"] * 350_000), "utf-8")
    shutil.copy(FIXTURES / "da" / "teknik-udvalg-referat.md", folder / "c.md")
    result = CliRunner().invoke(
        cli, ["ingest", "--db", str(tmp_path / "t.db"), "--workers", "2", "--timeout", "3", str(folder)]
    )
    assert result.exit_code == 1
    assert "2 stored, 1 failed" in result.output or "1 failed, 2 stored" in result.output
    assert "b-endlos.txt: the parse took longer than 3 s and was stopped" in result.output
