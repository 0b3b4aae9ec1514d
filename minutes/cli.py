"""The `minutes` command: thin wrappers around the library; errors become messages here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from tqdm import tqdm

from minutes.errors import MinutesError
from minutes.parse import parse


@click.group()
@click.version_option(package_name="minutes")
def cli() -> None:
    """Turn German and Danish meeting protocols into a structured, searchable archive."""


@cli.command(name="parse")
@click.argument("files", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option(
    "--out",
    type=click.Path(file_okay=False, path_type=Path),
    help="Write DIR/<file name>.json per input instead of printing.",
)
@click.option("--lang", help="Language code to use instead of the detected one.")
def parse_command(files: tuple[Path, ...], out: Path | None, lang: str | None) -> None:
    """Parse FILES into records (JSON, schema version 1)."""
    if out:
        out.mkdir(parents=True, exist_ok=True)
    failed = 0
    for path in tqdm(files, unit="file", disable=out is None or not sys.stderr.isatty()):
        try:
            record = parse(path, lang=lang).to_dict()
        except MinutesError as error:
            failed += 1
            click.echo(f"error: {error}", err=True)
            continue
        except Exception as error:  # a bug on one file must not cost the others
            failed += 1
            click.echo(f"error: {path.name}: internal error ({type(error).__name__}: {error})", err=True)
            continue
        if out:
            (out / f"{path.name}.json").write_text(json.dumps(record, ensure_ascii=False, indent=2), "utf-8")
        else:
            click.echo(json.dumps(record, ensure_ascii=False, indent=None if len(files) > 1 else 2))
    if failed:
        raise SystemExit(1)
