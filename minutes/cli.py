"""The `minutes` command: thin wrappers around the library; errors become messages here."""

from __future__ import annotations

import contextlib
import json
import logging
import signal
import sys
import threading
from pathlib import Path

import click
from tqdm import tqdm

from minutes import store
from minutes.archive import Archive, files_under
from minutes.batch import Limits, WorkerPool, all_cores
from minutes.errors import MinutesError
from minutes.inbox import Inbox, InboxSettings, count_waiting
from minutes.parse import parse
from minutes.publish import PublishSettings, keep_published, write_site


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
@click.option(
    "--explain",
    is_flag=True,
    help="Print, per field, what was found and the rule or score that chose it, with the runners-up.",
)
def parse_command(files: tuple[Path, ...], out: Path | None, lang: str | None, explain: bool) -> None:
    """Parse FILES into records (JSON, schema version 1).

    One file prints its record as indented JSON; several print one record per line (JSON Lines).
    With --out, each record is written to DIR/<file name>.json instead.
    """
    if explain:
        _explain(files, lang)
        return
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


def _explain(files: tuple[Path, ...], lang: str | None) -> None:
    from minutes.explain import explain

    failed = 0
    for path in files:
        try:
            click.echo(explain(path, lang=lang))
        except MinutesError as error:
            failed += 1
            click.echo(f"error: {error}", err=True)
    if failed:
        raise SystemExit(1)


DB_OPTION = click.option(
    "--db",
    "db_path",
    default="minutes.db",
    show_default=True,
    type=click.Path(dir_okay=False, path_type=Path),
)


def limit_options(command):
    """--timeout, --memory and --max-size: what one file may cost the process that parses it."""
    command = click.option(
        "--max-size", default=Limits.file_mb, show_default=True, help="Largest file accepted, in MB."
    )(command)
    command = click.option(
        "--memory", default=Limits.memory_mb, show_default=True, help="MB of memory one parse may use."
    )(command)
    return click.option(
        "--timeout",
        default=Limits.seconds,
        show_default=True,
        help="Seconds one file may take to parse; a longer parse is stopped and the file fails.",
    )(command)


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(exists=True, path_type=Path))
@DB_OPTION
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    help="Processes that parse in parallel (0: this process, no time or memory limit).  [default: all cores]",
)
@limit_options
@click.option(
    "--scheduler",
    metavar="ADDRESS",
    help="Parse on the Dask cluster at ADDRESS (tcp://host:8786); the files must be at the same paths there.",
)
def ingest(
    paths: tuple[Path, ...],
    db_path: Path,
    workers: int | None,
    timeout: float,
    memory: int,
    max_size: int,
    scheduler: str | None,
) -> None:
    """Parse and store files and folders (recursively) in the archive.

    Parsing runs on every core (or on a Dask cluster); this process alone writes the archive, one
    transaction per document, in the order of the files, so the rows are those of a serial run.
    """
    archive = Archive(db_path)
    files = list(files_under(paths))
    results = archive.ingest_each(
        *files,
        workers=all_cores() if workers is None else workers,
        limits=Limits(timeout, memory, max_size),
        scheduler=scheduler,
    )
    counts: dict[str, int] = {}
    for result in tqdm(results, total=len(files), unit="file", disable=not sys.stderr.isatty()):
        counts[result.outcome] = counts.get(result.outcome, 0) + 1
        if result.error:
            tqdm.write(f"error: {result.path}: {result.error}", file=sys.stderr)
    click.echo(", ".join(f"{count} {outcome}" for outcome, count in sorted(counts.items())) or "no files")
    if counts.get("failed"):
        raise SystemExit(1)


@cli.command()
@DB_OPTION
def reparse(db_path: Path) -> None:
    """Re-extract every stored document with this version of the parser (no source files needed)."""
    click.echo(f"{Archive(_existing(db_path)).reparse()} documents re-extracted")


@cli.command(name="search")
@click.argument("query")
@DB_OPTION
@click.option("--limit", default=20, show_default=True)
def search_command(query: str, db_path: Path, limit: int) -> None:
    """Search documents, agenda items, decisions and action items; one JSON line per hit."""
    for hit in Archive(_existing(db_path)).search(query, limit):
        click.echo(json.dumps(hit, ensure_ascii=False))


@cli.command()
@click.argument("inbox", type=click.Path(file_okay=False, path_type=Path))
@DB_OPTION
@click.option(
    "--folders",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where archive/, failed/ and duplicates/ go.  [default: beside INBOX]",
)
@click.option(
    "--settle", default=2.0, show_default=True, help="Seconds a file must stay unchanged before it is taken."
)
@click.option("--rescan", default=60.0, show_default=True, help="Seconds between full rescans of the inbox.")
@click.option("--poll", is_flag=True, help="Poll for changes instead of OS events (network shares).")
@click.option("--once", is_flag=True, help="Process the files waiting now, then stop.")
@limit_options
def watch(
    inbox: Path,
    db_path: Path,
    folders: Path | None,
    settle: float,
    max_size: int,
    rescan: float,
    poll: bool,
    once: bool,
    timeout: float,
    memory: int,
) -> None:
    """Ingest every file put into INBOX and file it away under archive/, duplicates/ or failed/."""
    logging.basicConfig(format="%(asctime)s %(message)s", datefmt="%Y-%m-%d %H:%M:%S", level=logging.INFO)
    logging.getLogger("watchfiles").setLevel(logging.WARNING)  # one line per file, not per event
    inbox.mkdir(parents=True, exist_ok=True)
    settings = InboxSettings(inbox, folders, settle, max_size * 1024 * 1024, rescan, poll)
    engine = WorkerPool(1, Limits(timeout, memory, max_size))
    stop = _stop_on_signals()
    try:
        with contextlib.suppress(KeyboardInterrupt):
            Inbox(Archive(db_path), settings, engine).run(stop=stop, once=once)
    finally:
        engine.close()


def _stop_on_signals() -> threading.Event:
    """An event set by Ctrl-C or SIGTERM (a service manager's stop): the watcher files the file in
    hand, then stops. A second signal stops at once; a claimed file is taken up at the next start.
    Set here rather than inherited: a shell starting the watcher in the background ignores SIGINT."""
    stop = threading.Event()

    def stopping(signum: int, _frame: object) -> None:
        if stop.is_set():
            raise KeyboardInterrupt
        logging.getLogger("minutes.inbox").info("stopping (%s)", signal.Signals(signum).name)
        stop.set()

    for signum in (signal.SIGINT, signal.SIGTERM):
        signal.signal(signum, stopping)
    return stop


@cli.command()
@DB_OPTION
@click.option("--errors", default=10, show_default=True, help="How many recent errors to show.")
def status(db_path: Path, errors: int) -> None:
    """Count the inbox's archived, failed, duplicate and waiting files; show the latest errors."""
    db = store.open_database(_existing(db_path))
    counts = store.inbox_counts(db)
    waiting = sum(count_waiting(Path(inbox["path"])) for inbox in store.inboxes(db))
    click.echo(f"archived    {counts.get('stored', 0)}")
    click.echo(f"failed      {counts.get('failed', 0)}")
    click.echo(f"duplicates  {counts.get('unchanged', 0)}")
    click.echo(f"waiting     {waiting}")
    withheld = store.withheld_documents(db)
    if withheld:
        click.echo("\nwithheld from publishing (text and source file; public items are published):")
        for row in withheld:
            click.echo(f"  {json.dumps(row['filename'], ensure_ascii=False)}: {row['text_withheld']}")
    recent = store.recent_failures(db, errors)
    if recent:
        click.echo("\nrecent errors:")
        for row in recent:
            click.echo(
                f"  {row['attempted_at']}  {json.dumps(row['path'], ensure_ascii=False)}: {row['error']}"
            )


def publish_options(command):
    command = click.option(
        "--attendance/--no-attendance",
        default=True,
        show_default=True,
        help="Publish who attended and who was absent (personal data).",
    )(command)
    command = click.option(
        "--allow-sql",
        is_flag=True,
        help="Let visitors run their own SQL queries (only for a trusted setting).",
    )(command)
    return click.option(
        "--sources/--no-sources",
        default=True,
        show_default=True,
        help="Publish the source files for download.",
    )(command)


@cli.command()
@DB_OPTION
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", default=8001, show_default=True)
@click.option(
    "--site",
    type=click.Path(file_okay=False, path_type=Path),
    help="Folder for the published database.  [default: <db name>-site beside the archive]",
)
@publish_options
def serve(
    db_path: Path, host: str, port: int, site: Path | None, attendance: bool, sources: bool, allow_sql: bool
) -> None:
    """Serve the archive with Datasette, read-only, closed items withheld; kept up to date as files arrive."""
    from datasette.cli import serve as datasette_serve

    folder = site or db_path.with_name(f"{db_path.stem}-site")
    settings = PublishSettings(attendance=attendance, sources=sources, allow_sql=allow_sql)
    store.open_database(db_path).close()  # a new archive is served empty rather than refused
    _published(db_path, folder, settings)
    stop = threading.Event()
    threading.Thread(target=keep_published, args=(db_path, folder, settings, stop), daemon=True).start()
    datasette_serve.main([str(folder), "--host", host, "--port", str(port)], prog_name="minutes serve")


@cli.command(name="publish")
@DB_OPTION
@click.option("--out", required=True, type=click.Path(file_okay=False, path_type=Path))
@publish_options
def publish_command(db_path: Path, out: Path, attendance: bool, sources: bool, allow_sql: bool) -> None:
    """Write the published database with its Datasette metadata and settings to OUT."""
    settings = PublishSettings(attendance=attendance, sources=sources, allow_sql=allow_sql)
    counts = _published(_existing(db_path), out, settings)
    click.echo(", ".join(f"{count} {table}" for table, count in counts.items()))
    click.echo(f"serve it with: datasette serve {out}   (minutes installed, for search and page templates)")


def _existing(db_path: Path) -> Path:
    """The archive a reading command was given; a path with none is a typo, never a new archive."""
    if not db_path.is_file():
        raise click.ClickException(
            f"{db_path}: no archive there (minutes ingest or minutes watch creates one)"
        )
    return db_path


def _published(db_path: Path, folder: Path, settings: PublishSettings) -> dict[str, int]:
    try:
        return write_site(db_path, folder, settings)
    except MinutesError as error:
        raise click.ClickException(str(error)) from error
