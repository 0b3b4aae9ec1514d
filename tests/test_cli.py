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
