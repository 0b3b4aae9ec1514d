"""The inbox: files dropped into a folder are claimed, parsed, stored and filed away.

The only module that moves files. A file's life, each step safe to interrupt:

1. **waiting** in the inbox until its size and modification time have been stable for
   `settle` seconds (scanners and network shares write slowly) and no process holds it open for
   writing (on Linux, seen in /proc; elsewhere the settle time alone);
2. **claimed** by an atomic rename into `INBOX/.minutes/processing/<claim>/`, its sha256 logged
   under the claim id before anything else; a writer that still holds it sends it back to wait;
3. parsed and stored in one transaction whose ingest-log row names the claim; the hash at the
   claim, the hash of what the parser read and the hash just before the commit must agree, else
   the file goes back to wait (so does a PDF or ZIP cut short that was written moments ago);
4. only then moved to `archive/YYYY/MM/`, or to `duplicates/` (same bytes as a stored document),
   or to `failed/` with `<name>.error.txt` beside it.

Whatever one file does (a name too long to claim, a name that is not UTF-8, a named pipe, no room
left to file it away), it ends in `failed/` with its reason or waits with the reason logged; the
watcher goes on. An error of the archive itself (disk full, locked) keeps the claim, and the file
is tried again at the next rescan.

A watcher killed at any moment finds its claims at the next start: a claim whose outcome is
committed is filed away as logged, any other is processed again. Nothing is half-stored (the
store's transaction) and nothing is lost (a file is only ever renamed, or copied and verified
before the original goes).
"""

from __future__ import annotations

import contextlib
import errno
import fnmatch
import hashlib
import logging
import os
import shutil
import stat
import threading
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import watchfiles
from filelock import FileLock, Timeout

from minutes import store
from minutes.archive import Archive
from minutes.batch import Engine, InProcess
from minutes.errors import FileChanged
from minutes.names import printable

log = logging.getLogger("minutes.inbox")

# Files that are still being written or belong to the operating system, never documents.
IGNORED = ("~$*", ".*", "*.part", "*.filepart", "*.crdownload", "*.tmp", "thumbs.db", "desktop.ini")
WORK_FOLDER = ".minutes"
NAME_MAX = 255  # bytes in one file name on the file systems clerks use
SOURCE_NOTE = ".source"  # in a claim folder: the file's place in the inbox, where it could not be kept
# A PDF or an Office/ODF file (a ZIP) that cannot be read and was written this many settle times
# ago or less is taken to be incomplete: it waits instead of failing.
INCOMPLETE_WINDOW = 10
CONTAINERS = (b"%PDF", b"PK\x03\x04")


@dataclass(frozen=True)
class InboxSettings:
    """How the watcher treats the inbox; every field has a CLI flag of the same name."""

    inbox: Path
    folders: Path | None = None  # where archive/, failed/ and duplicates/ go; default: beside the inbox
    settle: float = 2.0  # seconds a file's size and mtime must stay unchanged before it is taken
    max_size: int = 200 * 1024 * 1024  # bytes; larger files are refused
    rescan: float = 60.0  # seconds between full rescans, for events a watcher missed
    poll: bool = False  # poll instead of OS events (network shares do not send events)

    def __post_init__(self) -> None:
        if self.settle < 0 or self.rescan <= 0 or self.max_size <= 0:
            raise ValueError("settle must be ≥ 0, rescan and max_size > 0")
        object.__setattr__(self, "inbox", self.inbox.resolve())
        object.__setattr__(self, "folders", (self.folders or self.inbox.parent).resolve())


@dataclass(frozen=True)
class Filed:
    """Where one inbox file went: "archived", "duplicate" or "failed"."""

    source: str
    outcome: str
    destination: Path
    document_id: int | None = None
    error: str | None = None


def is_ignored(name: str) -> bool:
    return any(fnmatch.fnmatch(name.lower(), pattern) for pattern in IGNORED)


def files_in(inbox: Path, under: Path | None = None) -> Iterator[Path]:
    """Files waiting in `inbox` (or in `under`, a path inside it).

    Links are listed too, to be refused rather than followed.
    """
    top = under or inbox
    if any(is_ignored(part) for part in top.relative_to(inbox).parts):
        return
    if top.is_symlink() or top.is_file():
        yield top
        return
    for folder, subfolders, files in os.walk(top):
        here = Path(folder)
        links = [here / name for name in subfolders if (here / name).is_symlink()]
        subfolders[:] = sorted(
            name for name in subfolders if not is_ignored(name) and here / name not in links
        )
        yield from (here / name for name in sorted(files) if not is_ignored(name))
        yield from links


def count_waiting(inbox: Path) -> int:
    """Files not yet filed away: waiting in the inbox or claimed by a watcher."""
    claimed = inbox / WORK_FOLDER / "processing"
    in_work = sum(1 for path in claimed.rglob("*") if path.is_file() or path.is_symlink())
    return sum(1 for _ in files_in(inbox)) + in_work if inbox.is_dir() else 0


class Inbox:
    def __init__(self, archive: Archive, settings: InboxSettings, engine: Engine | None = None) -> None:
        """`engine` parses the files (`minutes watch` gives a worker process with time and memory
        limits, so that no file can stall the watcher); without one they are parsed in this process."""
        self.archive = archive
        self.engine = engine
        self.settings = settings
        self.inbox = settings.inbox
        self.work = self.inbox / WORK_FOLDER
        self.processing = self.work / "processing"
        self.folders = settings.folders or settings.inbox.parent
        self.archived = self.folders / "archive"
        self.failed = self.folders / "failed"
        self.duplicates = self.folders / "duplicates"

    def waiting(self, under: Path | None = None) -> Iterator[Path]:
        return files_in(self.inbox, under)

    def process(self, path: Path) -> Filed | None:
        """Claim one waiting file and see it through; None if it was gone (taken by another
        watcher), or went back to wait."""
        source = path.relative_to(self.inbox).as_posix()
        claim = f"{datetime.now():%Y%m%d}-{uuid.uuid4().hex[:12]}"
        try:
            claimed = self._claim(path, claim, source)
        except OSError as error:
            _remove_empty(self.processing / claim)
            self._note_waiting(source, f"it cannot be taken from the inbox ({_os_reason(error)})")
            return None
        if claimed is None:
            return None
        if _held_for_writing(claimed):
            self._release(claim, source, claimed, "another program still has it open for writing")
            return None
        filed = self._see_through(claim, source, claimed)
        _remove_empty(self.processing / claim)
        return filed

    def _claim(self, path: Path, claim: str, source: str) -> Path | None:
        """Rename the file into a claim folder of its own; a place in the inbox too long to repeat
        there is written down beside a shortened name."""
        folder = self.processing / claim
        claimed = folder / source
        try:
            claimed.parent.mkdir(parents=True, exist_ok=True)
            os.rename(path, claimed)
            return claimed
        except FileNotFoundError:
            _remove_empty(folder)
            return None
        except OSError as error:
            if error.errno != errno.ENAMETOOLONG:
                raise
        _remove_empty(folder)
        folder.mkdir(parents=True, exist_ok=True)
        (folder / SOURCE_NOTE).write_bytes(os.fsencode(source))
        claimed = _fit(folder / path.name, "")
        try:
            os.rename(path, claimed)
        except FileNotFoundError:
            (folder / SOURCE_NOTE).unlink()
            _remove_empty(folder)
            return None
        return claimed

    def recover(self) -> list[Filed]:
        """Finish the claims a stopped watcher left behind."""
        filed: list[Filed] = []
        for claim_folder in sorted(self.processing.glob("*")) if self.processing.is_dir() else []:
            note = claim_folder / SOURCE_NOTE
            claimed_files = [
                p for p in claim_folder.rglob("*") if (p.is_file() or p.is_symlink()) and p != note
            ]
            for claimed in sorted(claimed_files):
                source = (
                    os.fsdecode(note.read_bytes())
                    if note.exists()
                    else claimed.relative_to(claim_folder).as_posix()
                )
                done = store.claim_outcome(self.archive.db, claim_folder.name)
                if done and done["outcome"] in ("stored", "unchanged", "failed"):
                    outcome = self._file_away(claim_folder.name, source, claimed, done)
                else:
                    outcome = self._see_through(claim_folder.name, source, claimed)
                if outcome:
                    filed.append(outcome)
            if not any(p for p in claim_folder.rglob("*") if p.is_file() and p != note):
                note.unlink(missing_ok=True)
            _remove_empty(claim_folder)
        return filed

    def _see_through(self, claim: str, source: str, claimed: Path) -> Filed | None:
        db = self.archive.db
        label = printable(source)
        try:
            refusal = self._refusal(claimed)
            sha256 = None if refusal else _sha256(claimed)
        except OSError as error:
            refusal, sha256 = f"the file cannot be read ({_os_reason(error)})", None
        try:
            if refusal:
                store.log_attempt(db, label, "failed", error=refusal, claim=claim)
                return self._file_away(claim, source, claimed, store.claim_outcome(db, claim))
            store.log_attempt(db, label, "claimed", sha256=sha256, claim=claim)
            existing = store.document_with_sha256(db, sha256)
            if existing:
                store.log_attempt(db, label, "unchanged", sha256=sha256, document_id=existing, claim=claim)
            else:
                engine = self.engine or InProcess()
                parsed = engine.result(claimed, engine.submit(claimed))
                unfinished = self._unfinished(claimed, sha256, parsed)
                if unfinished:
                    self._release(claim, source, claimed, unfinished)
                    return None
                self.archive.store_parsed(parsed, source=label, claim=claim, expected_sha256=sha256)
        except FileChanged as changed:
            self._release(claim, source, claimed, changed.explanation)
            return None
        except Exception as error:  # the archive itself failing: the claim is retried at the next rescan
            log.error("error %s: %s (kept in %s, retried later)", _quoted(source), error, claimed.parent)
            return None
        return self._file_away(claim, source, claimed, store.claim_outcome(db, claim))

    def _unfinished(self, claimed: Path, sha256: str, parsed) -> str | None:
        """Why a claimed file is still being written, if it seems to be."""
        if _held_for_writing(claimed):
            return "another program still has it open for writing"
        if parsed.raw is not None and parsed.raw.sha256 != sha256:
            return FileChanged.explanation
        if parsed.error and _looks_cut_short(claimed, INCOMPLETE_WINDOW * max(self.settings.settle, 1.0)):
            return f"it cannot be read yet and was written moments ago ({parsed.error})"
        return None

    def _release(self, claim: str, source: str, claimed: Path, reason: str) -> None:
        """Send a claimed file back to the inbox to wait, with the reason logged."""
        try:
            back = next(p for p in _free_names(self.inbox / source) if not (p.exists() or p.is_symlink()))
            back.parent.mkdir(parents=True, exist_ok=True)
            os.rename(claimed, back)
        except OSError as error:  # it stays claimed: the next rescan tries it again
            log.error("error %s: cannot put it back (%s)", _quoted(source), _os_reason(error))
            return
        (self.processing / claim / SOURCE_NOTE).unlink(missing_ok=True)
        _remove_empty(self.processing / claim)
        self._note_waiting(source, reason, claim)

    def _note_waiting(self, source: str, reason: str, claim: str | None = None) -> None:
        log.info("waiting %s: %s", _quoted(source), reason)
        with contextlib.suppress(Exception):  # only a note: the archive may be what is failing
            store.log_attempt(self.archive.db, printable(source), "waiting", error=reason, claim=claim)

    def _refusal(self, claimed: Path) -> str | None:
        if claimed.is_symlink():
            return (
                f"the file is a symbolic link (to {printable(os.readlink(claimed))}); links are not "
                "followed, copy the file itself into the inbox"
            )
        status = claimed.lstat()
        if not stat.S_ISREG(status.st_mode):
            return f"it is not a regular file but {_file_type(status.st_mode)}; only documents are archived"
        size = status.st_size
        if size > self.settings.max_size:
            limit = self.settings.max_size / 1e6
            return f"the file is {size / 1e6:.1f} MB, larger than the limit of {limit:.1f} MB"
        return None

    def _file_away(self, claim: str, source: str, claimed: Path, done: dict | None) -> Filed | None:
        """Move a file whose outcome is committed to where it belongs; where that fails (no room,
        no permission) it stays claimed, and the next rescan files it away."""
        assert done is not None
        try:
            return self._move_away(claim, source, claimed, done)
        except OSError as error:
            log.error(
                "error %s: cannot be filed away (%s); kept in %s, retried later",
                _quoted(source),
                _os_reason(error),
                claimed.parent,
            )
            return None

    def _move_away(self, claim: str, source: str, claimed: Path, done: dict) -> Filed:
        outcome = done["outcome"]
        if outcome == "stored":
            month = datetime.strptime(claim[:8], "%Y%m%d")
            destination = _move(claimed, self.archived / f"{month:%Y}" / f"{month:%m}", source)
            filed = Filed(source, "archived", destination, done["document_id"])
            log.info(
                "archived %s → %s (document %s)", _quoted(source), self._shown(destination), filed.document_id
            )
        elif outcome == "unchanged":
            destination = _move(claimed, self.duplicates, source)
            filed = Filed(source, "duplicate", destination, done["document_id"])
            log.info(
                "duplicate %s of document %s → %s",
                _quoted(source),
                filed.document_id,
                self._shown(destination),
            )
        else:
            destination = _move(claimed, self.failed, source, reason=done["error"], when=done["attempted_at"])
            filed = Filed(source, "failed", destination, error=done["error"])
            log.warning("failed %s: %s → %s", _quoted(source), done["error"], self._shown(destination))
        return filed

    def _shown(self, path: Path) -> str:
        return _quoted(path.relative_to(self.folders).as_posix())

    def run(self, stop: threading.Event | None = None, once: bool = False) -> None:
        """Process what is waiting, then (unless `once`) every file that arrives, until `stop` is set.

        One watcher per inbox: a second one waits for the first to stop, then takes over.
        """
        self.processing.mkdir(parents=True, exist_ok=True)
        lock = FileLock(self.work / "watch.lock")
        waiting_for_lock = False
        while True:
            try:
                lock.acquire(timeout=1 if waiting_for_lock else 0)
                break
            except Timeout:
                if not waiting_for_lock:
                    log.info("another watcher is working on %s; waiting until it stops", self.inbox)
                    waiting_for_lock = True
                if stop is not None and stop.is_set():
                    return
        try:
            store.register_inbox(self.archive.db, self.inbox, self.folders, os.getpid())
            self.recover()
            if once:
                for path in list(self.waiting()):
                    if stop is not None and stop.is_set():
                        break
                    self.process(path)
            else:
                self._watch(stop)
        finally:
            lock.release()

    def _watch(self, stop: threading.Event | None) -> None:
        settings = self.settings
        tick_ms = int(min(max(settings.settle / 2, 0.1), 1.0) * 1000)
        stable = Stability(settings.settle)
        stable.see(self.waiting())
        last_scan = time.monotonic()
        log.info("watching %s (%s)", self.inbox, "polling" if settings.poll else "file system events")
        for changes in watchfiles.watch(
            self.inbox,
            watch_filter=lambda _change, path: WORK_FOLDER not in Path(path).parts,
            debounce=tick_ms,
            step=min(50, tick_ms),
            rust_timeout=tick_ms,
            yield_on_timeout=True,
            stop_event=stop,
            force_polling=settings.poll,
            poll_delay_ms=tick_ms,
            recursive=True,
            ignore_permission_denied=True,
        ):
            for change, path in changes:
                if change != watchfiles.Change.deleted:  # a folder moved in arrives as one event
                    stable.see(self.waiting(Path(path)))
            if time.monotonic() - last_scan >= settings.rescan:  # events can be missed; files must not be
                self.recover()
                stable.see(self.waiting())
                last_scan = time.monotonic()
            for path in stable.ready():
                if stop is not None and stop.is_set():
                    break
                self.process(path)


class Stability:
    """Files whose size and modification time have not changed for `settle` seconds."""

    def __init__(self, settle: float) -> None:
        self.settle = settle
        self.seen: dict[Path, tuple[tuple[int, int], float]] = {}

    def see(self, paths: Iterator[Path]) -> None:
        for path in paths:
            self.seen.setdefault(path, ((-1, -1), time.monotonic()))

    def ready(self) -> list[Path]:
        now, quiet = time.monotonic(), []
        for path, (signature, since) in list(self.seen.items()):
            try:
                status = path.lstat()
            except OSError:  # gone, or no longer reachable: a rescan finds it again if it is there
                del self.seen[path]
                continue
            current = (status.st_size, status.st_mtime_ns)
            if current != signature:
                self.seen[path] = (current, now)
            elif now - since >= self.settle:
                quiet.append((path, status))
        writing = open_for_writing() if quiet else set()
        ready = []
        for path, status in quiet:
            if (status.st_dev, status.st_ino) in writing:  # quiet, but its writer may go on
                self.seen[path] = ((status.st_size, status.st_mtime_ns), now)
            else:
                ready.append(path)
                del self.seen[path]
        return ready


def _remove_empty(folder: Path) -> None:
    """Remove a claim folder and its subfolders once the claimed file has left it."""
    for here, _subfolders, _files in os.walk(folder, topdown=False):
        with contextlib.suppress(OSError):  # not empty: something is still in work there
            os.rmdir(here)


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as file:
        while chunk := file.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def _quoted(name: str) -> str:
    """A file name on one log line, whatever it contains (newlines included)."""
    return f'"{printable(name)}"'


def open_for_writing() -> set[tuple[int, int]]:
    """(device, inode) of every file some process has open for writing, as far as /proc shows
    (Linux; elsewhere, and for processes of other users without privileges, nothing)."""
    found: set[tuple[int, int]] = set()
    try:
        pids = [name for name in os.listdir("/proc") if name.isdigit()]
    except OSError:
        return found
    for pid in pids:
        try:
            descriptors = os.listdir(f"/proc/{pid}/fdinfo")
        except OSError:  # gone meanwhile, or not ours to see
            continue
        for fd in descriptors:
            written = _written_file(pid, fd)
            if written:
                found.add(written)
    return found


def _written_file(pid: str, fd: str) -> tuple[int, int] | None:
    """The regular file behind one descriptor, if the descriptor was opened for writing."""
    try:
        with open(f"/proc/{pid}/fdinfo/{fd}", encoding="ascii") as info:
            flags = next((line.split()[1] for line in info if line.startswith("flags:")), "0")
        if (int(flags, 8) & os.O_ACCMODE) not in (os.O_WRONLY, os.O_RDWR):
            return None
        status = os.stat(f"/proc/{pid}/fd/{fd}")
    except (OSError, ValueError, IndexError):
        return None
    return (status.st_dev, status.st_ino) if stat.S_ISREG(status.st_mode) else None


def _held_for_writing(path: Path) -> bool:
    try:
        status = path.lstat()
    except OSError:
        return False
    return (status.st_dev, status.st_ino) in open_for_writing()


def _looks_cut_short(path: Path, window: float) -> bool:
    """A PDF or ZIP (DOCX, ODT) written less than `window` seconds ago: possibly incomplete."""
    try:
        with path.open("rb") as file:
            head = file.read(4)
        recent = time.time() - path.stat().st_mtime < window
    except OSError:
        return False
    return recent and head.startswith(CONTAINERS)


def _file_type(mode: int) -> str:
    kinds = {
        stat.S_ISFIFO: "a named pipe",
        stat.S_ISSOCK: "a socket",
        stat.S_ISCHR: "a character device",
        stat.S_ISBLK: "a block device",
        stat.S_ISDIR: "a folder",
    }
    return next((name for test, name in kinds.items() if test(mode)), "a special file")


def _os_reason(error: OSError) -> str:
    return {
        errno.ENOSPC: "no space left on the disk",
        errno.ENAMETOOLONG: "its name or folder path is too long",
        errno.EACCES: "permission denied",
        errno.EPERM: "operation not permitted",
        errno.EROFS: "the file system is read-only",
        errno.EDQUOT: "the disk quota is used up",
    }.get(error.errno, error.strerror or str(error))


def _move(claimed: Path, base: Path, source: str, reason: str | None = None, when: str | None = None) -> Path:
    """Move a claimed file to `base/source`, or to "name (2).ext" … if another file has that name;
    where that path is too long, to `base/name`.

    A file already there with the same bytes is this one, moved by a run that stopped before it
    could remove the claimed copy. A failed file gets its reason written beside it first.
    """
    try:
        return _move_to(claimed, base / source, reason, when)
    except OSError as error:
        if error.errno != errno.ENAMETOOLONG:
            raise
        return _move_to(claimed, base / Path(source).name, reason, when)


def _move_to(claimed: Path, wanted: Path, reason: str | None, when: str | None) -> Path:
    for destination in _free_names(wanted):
        if destination.exists() or destination.is_symlink():
            if _same_file_contents(claimed, destination):
                claimed.unlink()
                return destination
            continue
        destination.parent.mkdir(parents=True, exist_ok=True)
        if reason is not None:
            _write_reason(_reason_file(destination), printable(wanted.name), reason, when)
        try:
            os.rename(claimed, destination)
        except OSError as error:
            if error.errno != errno.EXDEV:
                raise
            _copy_across(claimed, destination)
        return destination
    raise AssertionError("unreachable")


def _same_file_contents(a: Path, b: Path) -> bool:
    regular = not a.is_symlink() and not b.is_symlink() and a.is_file() and b.is_file()
    return regular and a.stat().st_size == b.stat().st_size and _sha256(a) == _sha256(b)


def _free_names(wanted: Path) -> Iterator[Path]:
    yield _fit(wanted, "")
    for number in range(2, 10_000):
        yield _fit(wanted, f" ({number})")
    raise OSError(f"no free name for {wanted}")


def _fit(path: Path, tag: str, suffix: str = "") -> Path:
    """`path` with `tag` before its extension and `suffix` after it, shortened to fit NAME_MAX."""
    stem, extension = path.stem, path.suffix
    while len(os.fsencode(f"{stem}{tag}{extension}{suffix}")) > NAME_MAX and stem:
        stem = stem[:-1]
    return path.with_name(f"{stem}{tag}{extension}{suffix}")


def _reason_file(destination: Path) -> Path:
    return _fit(destination, "", ".error.txt")


def _write_reason(path: Path, name: str, reason: str, when: str | None) -> None:
    path.write_text(
        f"minutes could not archive this file.\n\n"
        f"File:   {name}\nWhen:   {when or datetime.now().isoformat(timespec='seconds')}\n"
        f"Reason: {reason}\n\n"
        "Correct the file (or export it again) and put it back into the inbox.\n",
        encoding="utf-8",
    )


def _copy_across(claimed: Path, destination: Path) -> None:
    """A move to another file system: copy under a hidden name, make it durable, then swap it in."""
    partial = destination.with_name(f".{destination.name[: NAME_MAX - 9]}.partial")
    shutil.copy2(claimed, partial)
    with partial.open("rb") as file:
        os.fsync(file.fileno())
    os.replace(partial, destination)
    claimed.unlink()
