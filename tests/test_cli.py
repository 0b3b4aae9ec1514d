"""The `minutes parse` command: JSON to stdout, --out per file, bad files reported, batch goes on."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from minutes.cli import cli

from fixture_builders import DANISH_MINUTES, GERMAN_MINUTES


def test_parse_prints_json_of_one_file():
    result = CliRunner().invoke(cli, ["parse", str(DANISH_MINUTES)])
    assert result.exit_code == 0
    record = json.loads(result.output)
    assert (record["schema_version"], record["language"], record["kind"]) == ("1", "da", "minutes")


def test_parse_out_writes_one_json_per_input_and_goes_on_after_a_bad_file(tmp_path):
    bad = tmp_path / "kaputt.pdf"
    bad.write_bytes(b"%PDF-1.4 broken")
    out = tmp_path / "out"
    result = CliRunner().invoke(cli, ["parse", "--out", str(out), str(bad), str(GERMAN_MINUTES)])
    assert result.exit_code == 1
    assert "kaputt.pdf: cannot be read" in result.output
    assert sorted(p.name for p in out.iterdir()) == ["bauausschuss-niederschrift.txt.json"]
    record = json.loads((out / "bauausschuss-niederschrift.txt.json").read_text())
    assert record["source"]["filename"] == "bauausschuss-niederschrift.txt"


@pytest.mark.parametrize(
    "command", [["status"], ["search", "Haushalt"], ["reparse"], ["publish", "--out", "site"]]
)
def test_reading_commands_refuse_an_archive_that_is_not_there(tmp_path, command):
    typo = tmp_path / "minutse.db"
    result = CliRunner().invoke(cli, [*command, "--db", str(typo)])
    assert result.exit_code == 1
    assert (
        result.output.strip()
        == f"Error: {typo}: no archive there (minutes ingest or minutes watch creates one)"
    )
    assert not typo.exists()


def test_explain_shows_each_task_candidate_with_its_score_and_why(tmp_path):
    path = tmp_path / "vorstand.md"
    path.write_text(
        "# Protokoll der Vorstandssitzung\n\nDatum: 14.05.2024\nAnwesend: Greta Linde, Paul Roth\n\n"
        "## TOP 1 Sommerfest\n\nHerr Roth berichtet über die Kasse. Frau Linde wird den Saal buchen.\n\n"
        "## TOP 2 Zuschuss\n\nDer Kassenwart erläutert den Antrag.\n\n"
        "Der Antrag wurde einstimmig angenommen.\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(cli, ["parse", "--explain", str(path)])
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[0] == "vorstand.md: language de, kind minutes"
    assert "  date          2024-05-14" in lines
    assert "  present Greta Linde   ← attendance list or label" in lines
    kept = next(i for i, line in enumerate(lines) if "“Frau Linde wird den Saal buchen.”" in line)
    assert lines[kept].startswith("  kept ") and lines[kept].endswith("owners: Greta Linde")
    assert "verb:future" in lines[kept + 1] and "bias" in lines[kept + 1]
    rejected = next(line for line in lines if "“Herr Roth berichtet über die Kasse.”" in line)
    assert rejected.startswith("  not kept ")
    assert "        decision: approved  “Der Antrag wurde einstimmig angenommen.”" in lines
    result_line = next(i for i, line in enumerate(lines) if line.startswith("        kept "))
    assert lines[result_line].endswith("  “Der Antrag wurde einstimmig angenommen.”")
    assert "outcome:approved" in lines[result_line + 1]
