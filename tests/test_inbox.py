"""The inbox: the real watcher as a subprocess on a temporary folder, and the file rules in process.

Each test drops files the way clerks do (slowly, many at once, twice, broken, with odd names) and
then asserts exactly which files lie where and which rows the archive holds.
"""

from __future__ import annotations

import errno
import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest
import sqlite_utils
from click.testing import CliRunner

from minutes import Archive, store
from minutes.batch import InProcess
from minutes.cli import cli
from minutes.inbox import Inbox, InboxSettings

from fixture_builders import GERMAN_MINUTES

MONTH = Path(f"{datetime.now():%Y}") / f"{datetime.now():%m}"
JUNK = [
    "~$protokoll.docx",
    ".~lock.protokoll.odt#",
    "scan.pdf.part",
    ".DS_Store",
    "._protokoll.pdf",
    "Thumbs.db",
]


def protocol(number: int) -> bytes:
    """A distinct German protocol per number (the text fixture with its own file reference)."""
    return GERMAN_MINUTES.read_bytes() + f"\nAktenzeichen 61-{number:04d}\n".encode()


@pytest.fixture
def place(tmp_path: Path) -> Path:
    (tmp_path / "inbox").mkdir()
    return tmp_path


def start_watcher(place: Path, *options: str, ignoring_interrupts: bool = False) -> subprocess.Popen:
    """A watcher process; `ignoring_interrupts` starts it as a shell starts a background job,
    with SIGINT ignored."""
    command = [
        sys.executable,
        "-m",
        "minutes",
        "watch",
        str(place / "inbox"),
        "--db",
        str(place / "minutes.db"),
    ]
    log = (place / f"watcher-{time.monotonic_ns()}.log").open("w")
    return subprocess.Popen(
        [*command, "--settle", "0.5", "--rescan", "2", *options],
        stdout=log,
        stderr=subprocess.STDOUT,
        preexec_fn=(lambda: signal.signal(signal.SIGINT, signal.SIG_IGN)) if ignoring_interrupts else None,
    )


def wait_for(condition, timeout: float = 90) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out"
        time.sleep(0.2)


def files(folder: Path) -> set[str]:
    """Files below `folder`, as POSIX paths relative to it; a folder the watcher moves away while
    it is being listed is listed again."""
    for _ in range(20):
        if not folder.exists():
            return set()
        try:
            found = [p for p in folder.rglob("*") if p.is_file() or p.is_symlink()]
            return {p.relative_to(folder).as_posix() for p in found}
        except FileNotFoundError:
            time.sleep(0.05)
    raise AssertionError(f"{folder} kept changing while it was listed")


def settled(place: Path, count: int) -> bool:
    filed = files(place / "archive") | files(place / "duplicates") | files(place / "failed")
    return len(filed) >= count and not files(place / "inbox" / ".minutes" / "processing")


def rows(place: Path, sql: str) -> list[tuple]:
    return list(sqlite_utils.Database(place / "minutes.db").execute(sql).fetchall())


def stop(watcher: subprocess.Popen) -> None:
    watcher.send_signal(signal.SIGINT)
    watcher.wait(timeout=30)


@pytest.mark.parametrize("signum", [signal.SIGINT, signal.SIGTERM])
def test_a_watcher_stops_on_an_interrupt_or_a_terminate_even_started_in_the_background(place, signum):
    watcher = start_watcher(place, ignoring_interrupts=True)
    try:
        (place / "inbox" / "niederschrift.txt").write_bytes(protocol(1))
        wait_for(lambda: settled(place, 1))
    finally:
        watcher.send_signal(signum)
        assert watcher.wait(timeout=30) == 0
    assert files(place / "archive") and not files(place / "inbox" / ".minutes" / "processing")


def test_a_slowly_copied_file_is_taken_only_when_complete(place):
    watcher = start_watcher(place, "--settle", "1.5")
    try:
        data = protocol(1)
        with (place / "inbox" / "niederschrift.txt").open("wb") as copy:
            for start in range(0, len(data), len(data) // 8):  # a scanner on a slow share
                copy.write(data[start : start + len(data) // 8])
                copy.flush()
                time.sleep(0.4)
        wait_for(lambda: settled(place, 1))
    finally:
        stop(watcher)
    assert (place / "archive" / MONTH / "niederschrift.txt").read_bytes() == data
    [(text,)] = rows(place, "SELECT text FROM documents")
    assert text.rstrip().endswith("Aktenzeichen 61-0001")


def test_many_files_at_once_with_a_duplicate_a_broken_file_and_junk(place):
    inbox = place / "inbox"
    for number in range(25):
        (inbox / f"protokoll-{number:02d}.txt").write_bytes(protocol(number))
    (inbox / "zweitschrift.txt").write_bytes(protocol(3))  # sorted after its original
    (inbox / "kaputt.pdf").write_bytes(b"%PDF-1.7\n1 0 obj <<")
    for name in JUNK:
        (inbox / name).write_bytes(b"junk")
    watcher = start_watcher(place)
    try:
        wait_for(lambda: settled(place, 28))
    finally:
        stop(watcher)

    assert files(place / "archive") == {f"{MONTH.as_posix()}/protokoll-{n:02d}.txt" for n in range(25)}
    assert files(place / "duplicates") == {"zweitschrift.txt"}
    assert files(place / "failed") == {"kaputt.pdf", "kaputt.pdf.error.txt"}
    reason = (place / "failed" / "kaputt.pdf.error.txt").read_text(encoding="utf-8")
    assert "kaputt.pdf" in reason and "cannot be read" in reason
    assert files(inbox) == set(JUNK) | {".minutes/watch.lock"}
    assert rows(place, "SELECT count(*) FROM documents") == [(25,)]
    outcomes = rows(
        place,
        "SELECT outcome, count(*) FROM ingest_log WHERE outcome NOT IN ('claimed', 'waiting')"
        " GROUP BY outcome ORDER BY outcome",
    )
    assert outcomes == [("failed", 1), ("stored", 25), ("unchanged", 1)]
    ended = "outcome IN ('stored', 'unchanged', 'failed')"
    assert rows(place, f"SELECT count(DISTINCT claim) FROM ingest_log WHERE {ended}") == [(27,)]


def test_killed_mid_batch_and_restarted_loses_nothing_and_stores_nothing_twice(place):
    inbox = place / "inbox"
    names = {f"sitzung-{number:02d}.txt" for number in range(40)}
    for number, name in enumerate(sorted(names)):
        (inbox / name).write_bytes(protocol(number))
    watcher = start_watcher(place)
    wait_for(lambda: len(files(place / "archive")) >= 5)
    watcher.send_signal(signal.SIGKILL)
    watcher.wait()

    # At the kill every file is somewhere: waiting, claimed, or archived with its rows committed.
    archived = {Path(name).name for name in files(place / "archive")}
    claimed = {Path(name).name for name in files(inbox / ".minutes" / "processing")}
    waiting = {name for name in files(inbox) if not name.startswith(".minutes/")}
    assert archived | claimed | waiting == names and len(archived) < len(names)
    stored = {name for (name,) in rows(place, "SELECT filename FROM documents")}
    assert archived <= stored

    watcher = start_watcher(place)
    try:
        wait_for(lambda: settled(place, 40))
    finally:
        stop(watcher)
    assert {Path(name).name for name in files(place / "archive")} == names
    assert not files(place / "duplicates") and not files(place / "failed")
    assert rows(place, "SELECT count(*), count(DISTINCT sha256) FROM documents") == [(40, 40)]
    assert rows(place, "SELECT count(*) FROM ingest_log WHERE outcome = 'stored'") == [(40,)]


def test_two_watchers_on_one_inbox_ingest_each_file_once(place):
    first, second = start_watcher(place), start_watcher(place)
    try:
        time.sleep(1)
        for number in range(20):
            (place / "inbox" / f"referat-{number:02d}.txt").write_bytes(protocol(number))
        wait_for(lambda: settled(place, 20))
        time.sleep(2)  # give a second taker the chance to do harm
    finally:
        stop(first)
        stop(second)
    assert len(files(place / "archive")) == 20
    assert not files(place / "duplicates") and not files(place / "failed")
    assert rows(place, "SELECT count(*) FROM ingest_log WHERE outcome = 'stored'") == [(20,)]


def test_a_folder_moved_in_is_found_when_polling(place):
    watcher = start_watcher(place, "--poll")
    try:
        time.sleep(1)
        folder = place / "elsewhere" / "Bauausschuss 2024"
        folder.mkdir(parents=True)
        (folder / "januar.txt").write_bytes(protocol(1))
        (folder / "februar.txt").write_bytes(protocol(2))
        os.rename(folder, place / "inbox" / "Bauausschuss 2024")
        wait_for(lambda: settled(place, 2))
    finally:
        stop(watcher)
    assert files(place / "archive") == {
        f"{MONTH.as_posix()}/Bauausschuss 2024/januar.txt",
        f"{MONTH.as_posix()}/Bauausschuss 2024/februar.txt",
    }


# The file rules, in process: one pass over what is waiting (`watch --once`).


def run_once(place: Path, **settings) -> Inbox:
    inbox = Inbox(Archive(place / "minutes.db"), InboxSettings(place / "inbox", **settings))
    inbox.run(once=True)
    return inbox


def test_odd_names_are_archived_under_their_own_names(place):
    names = ["Protokoll vom 3. März.txt", "Referat æøå ÆØÅ.txt", "zwei\nZeilen.txt", "ä" * 120 + ".txt"]
    for number, name in enumerate(names):
        (place / "inbox" / name).write_bytes(protocol(number))
    run_once(place)
    assert files(place / "archive") == {f"{MONTH.as_posix()}/{name}" for name in names}


def test_the_same_name_again_with_new_content_is_kept_beside_the_first(place):
    (place / "inbox" / "protokoll.txt").write_bytes(protocol(1))
    run_once(place)
    (place / "inbox" / "protokoll.txt").write_bytes(protocol(2))
    run_once(place)
    assert files(place / "archive") == {
        f"{MONTH.as_posix()}/protokoll.txt",
        f"{MONTH.as_posix()}/protokoll (2).txt",
    }
    assert rows(place, "SELECT version, is_current FROM documents ORDER BY id") == [(1, 0), (2, 1)]


def test_links_are_refused_not_followed(place):
    (place / "inbox" / "passwd.txt").symlink_to("/etc/passwd")
    (place / "inbox" / "system").symlink_to("/etc")
    run_once(place)
    assert files(place / "failed") == {"passwd.txt", "passwd.txt.error.txt", "system", "system.error.txt"}
    assert (place / "failed" / "passwd.txt").is_symlink()
    assert "symbolic link (to /etc/passwd)" in (place / "failed" / "passwd.txt.error.txt").read_text()
    assert rows(place, "SELECT count(*) FROM documents") == [(0,)]


def test_files_over_the_size_limit_are_refused(place):
    (place / "inbox" / "riesig.txt").write_bytes(protocol(1))
    run_once(place, max_size=1000)
    assert files(place / "failed") == {"riesig.txt", "riesig.txt.error.txt"}
    assert "larger than the limit" in (place / "failed" / "riesig.txt.error.txt").read_text()


def test_a_claim_committed_before_a_crash_is_filed_at_the_next_start(place):
    """The state a kill -9 between the commit and the move leaves: filed, not stored again."""
    inbox = run_once(place)
    claimed = inbox.processing / "20240105-abc" / "protokoll.txt"
    claimed.parent.mkdir(parents=True)
    claimed.write_bytes(protocol(1))
    inbox.archive.ingest_file(claimed, source="protokoll.txt", claim="20240105-abc")
    run_once(place)
    assert files(place / "archive") == {"2024/01/protokoll.txt"}
    assert rows(place, "SELECT count(*) FROM documents") == [(1,)]
    assert not files(inbox.processing)


def test_status_counts_every_outcome_and_shows_errors(place):
    for number in range(3):
        (place / "inbox" / f"p{number}.txt").write_bytes(protocol(number))
    (place / "inbox" / "kopie.txt").write_bytes(protocol(0))
    (place / "inbox" / "leer.txt").write_bytes(b"")
    run_once(place)
    (place / "inbox" / "neu.txt").write_bytes(protocol(9))
    result = CliRunner().invoke(cli, ["status", "--db", str(place / "minutes.db")])
    assert result.exit_code == 0
    assert result.output.splitlines()[:4] == [
        "archived    3",
        "failed      1",
        "duplicates  1",
        "waiting     1",
    ]
    assert '"leer.txt": the file contains no text' in result.output


# --- files stored whole and exactly once, whatever the writer or the disk does ---


def test_a_writer_that_pauses_longer_than_the_settle_time_is_waited_for(place):
    """A scanner or a network copy that stops for twice the settle time mid-file, holding it open."""
    watcher = start_watcher(place, "--settle", "0.5")
    data = protocol(7)
    try:
        with (place / "inbox" / "scan.txt").open("wb") as copy:
            for start in range(0, len(data), len(data) // 3):
                copy.write(data[start : start + len(data) // 3])
                copy.flush()
                time.sleep(1.0)  # 2 × settle
            time.sleep(1.5)  # done, but still open: an editor or a copy tool that closes late
        wait_for(lambda: settled(place, 1))
    finally:
        stop(watcher)
    assert (place / "archive" / MONTH / "scan.txt").read_bytes() == data
    assert rows(place, "SELECT count(*) FROM documents") == [(1,)]
    assert files(place / "duplicates") == set() and files(place / "failed") == set()


class AppendingWhileParsed(InProcess):
    """A parse during which the file grows: a writer that reopens the file to append."""

    def __init__(self, tail: bytes) -> None:
        super().__init__()
        self.tail = tail

    def result(self, path, future):
        parsed = super().result(path, future)
        if self.tail:
            with open(path, "ab") as file:
                file.write(self.tail)
            self.tail = b""
        return parsed


def test_a_file_that_grows_during_the_parse_waits_and_is_stored_whole(place):
    data = protocol(8)
    (place / "inbox" / "wachsend.txt").write_bytes(data[:-40])
    inbox = Inbox(
        Archive(place / "minutes.db"), InboxSettings(place / "inbox"), AppendingWhileParsed(data[-40:])
    )
    [path] = inbox.waiting()
    assert inbox.process(path) is None  # the claim is released: the file is back, waiting
    assert (place / "inbox" / "wachsend.txt").read_bytes() == data
    [path] = inbox.waiting()
    assert inbox.process(path).outcome == "archived"
    assert (place / "archive" / MONTH / "wachsend.txt").read_bytes() == data
    assert rows(place, "SELECT count(*) FROM documents") == [(1,)]
    [(reason,)] = rows(place, "SELECT error FROM ingest_log WHERE outcome = 'waiting'")
    assert reason == "the file changed while it was being read; it waits until it is complete"


def test_the_same_name_in_two_folders_is_two_documents(place):
    for folder, number in (("bauausschuss", 1), ("sozialausschuss", 2)):
        (place / "inbox" / folder).mkdir()
        (place / "inbox" / folder / "protokoll.txt").write_bytes(protocol(number))
    run_once(place)
    assert rows(place, "SELECT path, version, is_current FROM documents ORDER BY path") == [
        ("bauausschuss/protokoll.txt", 1, 1),
        ("sozialausschuss/protokoll.txt", 1, 1),
    ]
    (place / "inbox" / "bauausschuss" / "protokoll.txt").write_bytes(protocol(3))
    run_once(place)
    assert rows(place, "SELECT path, version, is_current FROM documents ORDER BY path, version") == [
        ("bauausschuss/protokoll.txt", 1, 0),
        ("bauausschuss/protokoll.txt", 2, 1),
        ("sozialausschuss/protokoll.txt", 1, 1),
    ]


def test_minutes_ingest_of_two_folders_keeps_their_files_apart(tmp_path):
    for folder, number in (("2023", 1), ("2024", 2)):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "protokoll.txt").write_bytes(protocol(number))
    db = tmp_path / "minutes.db"
    result = CliRunner().invoke(
        cli, ["ingest", "--db", str(db), str(tmp_path / "2023"), str(tmp_path / "2024")]
    )
    assert result.exit_code == 0, result.output
    current = sqlite_utils.Database(db).execute("SELECT path FROM documents WHERE is_current = 1").fetchall()
    assert sorted(Path(p).parent.name for (p,) in current) == ["2023", "2024"]


def test_a_named_pipe_fails_with_its_reason_and_hangs_nothing(place):
    os.mkfifo(place / "inbox" / "pipe.txt")
    (place / "inbox" / "protokoll.txt").write_bytes(protocol(1))
    watcher = start_watcher(place)
    try:
        wait_for(lambda: settled(place, 2))  # the archived file and the reason (a pipe is no file)
    finally:
        stop(watcher)
    assert files(place / "archive") == {f"{MONTH.as_posix()}/protokoll.txt"}
    assert (place / "failed" / "pipe.txt").is_fifo()
    reason = (place / "failed" / "pipe.txt.error.txt").read_text(encoding="utf-8")
    assert "not a regular file but a named pipe" in reason


def test_a_path_too_long_to_claim_is_archived_under_its_name(place):
    folder = place / "inbox"
    # nested folders until the file's path is a little short of the system's limit, so that the
    # claim folder's name added to it is too long
    limit = os.pathconf(folder, "PC_PATH_MAX")
    while len(str(folder)) + 100 < limit - 60:
        folder = folder / ("o" * 90)
    folder = folder / ("x" * (limit - 60 - len(str(folder)) - 20))
    folder.mkdir(parents=True)
    (folder / "protokoll.txt").write_bytes(protocol(4))
    watcher = start_watcher(place)
    try:
        wait_for(lambda: bool(files(place / "archive") | files(place / "failed")))
        wait_for(lambda: not files(place / "inbox" / ".minutes" / "processing"))
    finally:
        stop(watcher)
    [archived] = files(place / "archive")
    assert archived.endswith("protokoll.txt")
    assert rows(place, "SELECT count(*) FROM documents") == [(1,)]


def test_a_name_that_is_not_utf8_is_archived_and_logged_escaped(place):
    name = os.fsdecode(b"protokoll-\xff.txt")
    (place / "inbox" / name).write_bytes(protocol(5))
    run_once(place)
    assert (place / "archive" / MONTH / name).read_bytes() == protocol(5)
    assert rows(place, "SELECT path FROM documents") == [("protokoll-\\xff.txt",)]


def test_no_room_to_file_away_keeps_the_claim_until_there_is(place, monkeypatch):
    (place / "inbox" / "protokoll.txt").write_bytes(protocol(6))
    import minutes.inbox as inbox_module

    real_move = inbox_module._move_to

    def disk_full(*args, **kwargs):
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(inbox_module, "_move_to", disk_full)
    inbox = run_once(place)  # does not raise: the file stays claimed
    assert len(files(place / "inbox" / ".minutes" / "processing")) == 1
    monkeypatch.setattr(inbox_module, "_move_to", real_move)
    [filed] = inbox.recover()
    assert filed.outcome == "archived"
    assert rows(place, "SELECT count(*) FROM documents") == [(1,)]


def test_a_full_archive_database_keeps_the_claim_and_retries(place, monkeypatch):
    (place / "inbox" / "protokoll.txt").write_bytes(protocol(9))

    def full(*args, **kwargs):
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(store, "store_document", full)
    inbox = run_once(place)
    assert files(place / "failed") == set()
    assert len(files(place / "inbox" / ".minutes" / "processing")) == 1
    monkeypatch.undo()
    [filed] = inbox.recover()
    assert filed.outcome == "archived"


def test_two_inboxes_feed_one_archive(place):
    (place / "second").mkdir()
    for number in range(12):
        (place / "inbox" / f"a-{number:02d}.txt").write_bytes(protocol(number))
        (place / "second" / f"b-{number:02d}.txt").write_bytes(protocol(100 + number))
    first = start_watcher(place)
    second_log = (place / "second.log").open("w")
    second = subprocess.Popen(
        [sys.executable, "-m", "minutes", "watch", str(place / "second"), "--db", str(place / "minutes.db"),
         "--settle", "0.5", "--rescan", "2", "--folders", str(place / "second-folders")],
        stdout=second_log, stderr=subprocess.STDOUT,
    )  # fmt: skip
    try:
        wait_for(
            lambda: len(files(place / "archive")) + len(files(place / "second-folders" / "archive")) >= 24
        )
    finally:
        stop(first)
        stop(second)
    assert rows(place, "SELECT count(*) FROM documents") == [(24,)]
    assert rows(place, "SELECT count(*) FROM ingest_log WHERE outcome = 'failed'") == [(0,)]


def test_a_broken_pdf_just_written_waits_and_fails_once_it_is_old(place):
    """A PDF cut short may still be arriving: it waits while it is new, and fails when it is not."""
    broken = place / "inbox" / "scan.pdf"
    broken.write_bytes(b"%PDF-1.7\n1 0 obj <<")
    inbox = Inbox(Archive(place / "minutes.db"), InboxSettings(place / "inbox", settle=0.5))
    [path] = inbox.waiting()
    assert inbox.process(path) is None  # released: back in the inbox
    [(reason,)] = rows(place, "SELECT error FROM ingest_log WHERE outcome = 'waiting'")
    assert reason.startswith("it cannot be read yet and was written moments ago")
    written = time.time() - 3600
    os.utime(broken, (written, written))
    [path] = inbox.waiting()
    assert inbox.process(path).outcome == "failed"
    assert files(place / "failed") == {"scan.pdf", "scan.pdf.error.txt"}
