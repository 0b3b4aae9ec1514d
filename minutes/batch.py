"""Parsing many files at once: in this process, in worker processes on every core, or on a Dask
cluster. Whatever parses, the results come back in input order to the one process that writes the
archive, so a parallel run stores exactly the rows a serial run stores.

A worker process is capped in memory and a parse that runs past its time limit is stopped (pebble
kills the worker and starts a new one), so a hostile file costs only its own result.
"""

from __future__ import annotations

import multiprocessing
import os
import resource
import time
from collections import deque
from collections.abc import Iterable, Iterator
from concurrent.futures import Future
from concurrent.futures import TimeoutError as FutureTimeout
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from minutes.detect import detect
from minutes.errors import ParseError
from minutes.extract import extract
from minutes.model import Minutes, RawDocument
from minutes.parse import warm_up
from minutes.read import read

# Parses in flight per worker: enough to keep every worker busy while the writer stores a result.
QUEUE_PER_WORKER = 2


@dataclass(frozen=True)
class Limits:
    """What one file may cost a worker: seconds of parsing and MB of memory (heap and stacks)."""

    seconds: float = 300.0
    memory_mb: int = 2048
    file_mb: int = 200

    def __post_init__(self) -> None:
        if self.seconds <= 0 or self.memory_mb <= 0 or self.file_mb <= 0:
            raise ValueError("limits must be positive")


@dataclass(frozen=True)
class Parsed:
    """A file after read → detect → extract, or the reason it could not get there.

    `seconds` holds the time of each stage that ran (read, detect, extract)."""

    path: Path
    raw: RawDocument | None = None
    record: Minutes | None = None
    error: str | None = None
    seconds: dict[str, float] = field(default_factory=dict)


def parse_file(path: Path, limits: Limits | None = None) -> Parsed:
    """Read, detect and extract one file; every failure becomes `Parsed.error`, never an exception."""
    limits = limits or Limits()
    if path.is_symlink():  # a link in a folder of protocols can point at any file of the system
        return Parsed(
            path, error=f"the file is a symbolic link (to {os.readlink(path)}); links are not followed"
        )
    try:
        size = path.stat().st_size
    except OSError as error:
        return Parsed(path, error=f"the file cannot be read ({error.strerror or error})")
    if size > limits.file_mb * 1024 * 1024:
        return Parsed(
            path, error=f"the file is {size / 1024 / 1024:.0f} MB, more than the limit of {limits.file_mb} MB"
        )
    seconds: dict[str, float] = {}
    started = time.perf_counter()

    def lap(stage: str) -> None:
        nonlocal started
        now = time.perf_counter()
        seconds[stage] = now - started
        started = now

    try:
        raw = read(path)
        lap("read")
        detection = detect(raw)
        lap("detect")
        record = extract(raw, detection)
        lap("extract")
    except ParseError as error:
        return Parsed(path, error=error.explanation, seconds=seconds)
    except MemoryError:
        return Parsed(path, error="the file needs more memory than one parse may use", seconds=seconds)
    except RecursionError:
        return Parsed(path, error="the file is nested too deeply to be read", seconds=seconds)
    except Exception as error:  # a bug on one file must not cost the others
        return Parsed(path, error=f"internal error ({type(error).__name__}: {error})", seconds=seconds)
    return Parsed(path, raw, record, seconds=seconds)


class Engine(Protocol):
    """Where parses run. `slots` is how many may be in flight at once."""

    slots: int

    def submit(self, path: Path) -> Any: ...

    def result(self, path: Path, future: Any) -> Parsed: ...

    def close(self) -> None: ...


class InProcess:
    """Parses in this process, one file at a time, with no bound on time or memory: for the API and
    small batches."""

    slots = 1

    def __init__(self, limits: Limits | None = None) -> None:
        self.limits = limits or Limits()

    def submit(self, path: Path) -> Future[Parsed]:
        future: Future[Parsed] = Future()
        future.set_result(parse_file(path, self.limits))
        return future

    def result(self, path: Path, future: Future[Parsed]) -> Parsed:
        return future.result()

    def close(self) -> None:
        pass


def _start_worker(memory_mb: int) -> None:
    # RLIMIT_DATA counts what a process writes to (heap, stacks), not the address space it only
    # reserves, so many threads or a large mapped PDF do not hit it; running out raises MemoryError.
    limit = memory_mb * 1024 * 1024
    _, hard = resource.getrlimit(resource.RLIMIT_DATA)
    resource.setrlimit(
        resource.RLIMIT_DATA, (limit if hard == resource.RLIM_INFINITY else min(limit, hard), hard)
    )
    warm_up()  # load models before the first file, so that its time limit measures parsing only


class WorkerPool:
    """Parses in `workers` processes of this machine, each capped by `limits`."""

    def __init__(self, workers: int, limits: Limits) -> None:
        import pebble

        self.limits = limits
        self.slots = workers * QUEUE_PER_WORKER
        # Workers come from a fork server, never from this process: a fork of a process whose
        # threads hold locks (lingua's thread pool, sqlite) can hang.
        context = multiprocessing.get_context("forkserver")
        context.set_forkserver_preload(["minutes.batch"])
        self.pool = pebble.ProcessPool(
            max_workers=workers, initializer=_start_worker, initargs=(limits.memory_mb,), context=context
        )

    def submit(self, path: Path) -> Any:
        return self.pool.schedule(parse_file, args=(path, self.limits), timeout=self.limits.seconds)

    def result(self, path: Path, future: Any) -> Parsed:
        import pebble

        try:
            return future.result()
        except FutureTimeout:
            return Parsed(path, error=f"the parse took longer than {self.limits.seconds:g} s and was stopped")
        except pebble.ProcessExpired as error:
            return Parsed(
                path,
                error=f"the process parsing the file died (exit code {error.exitcode}); "
                f"it may need more than {self.limits.memory_mb} MB",
            )
        except BrokenProcessPool as error:  # workers that cannot start at all
            return Parsed(path, error=f"no worker process could parse the file ({error})")

    def close(self) -> None:
        # Every result has been taken, or the caller gave up on the rest (Ctrl-C): nothing to wait for.
        self.pool.stop()
        self.pool.join()


class DaskCluster:
    """Parses on the workers of a Dask distributed cluster; they must see the files at the same paths.

    Dask bounds memory itself (each worker's `memory_limit`; its nanny restarts a worker past it). A
    parse that has not finished `limits.seconds` after its turn to be stored is cancelled.
    """

    def __init__(self, address: str, limits: Limits) -> None:
        from distributed import Client

        self.limits = limits
        self.client = Client(address)
        self.slots = max(1, sum(self.client.nthreads().values())) * QUEUE_PER_WORKER

    def submit(self, path: Path) -> Any:
        return self.client.submit(parse_file, path, self.limits, pure=False)

    def result(self, path: Path, future: Any) -> Parsed:
        from distributed import KilledWorker

        try:
            return future.result(timeout=self.limits.seconds)
        except TimeoutError:
            future.cancel()
            return Parsed(
                path, error=f"the parse took longer than {self.limits.seconds:g} s and was cancelled"
            )
        except KilledWorker:
            return Parsed(path, error="the Dask workers parsing the file died (out of memory?)")

    def close(self) -> None:
        self.client.close()


def open_engine(workers: int = 0, limits: Limits | None = None, scheduler: str | None = None) -> Engine:
    """Dask when a scheduler address is given, else `workers` local processes; 0 parses in this process."""
    limits = limits or Limits()
    if scheduler:
        return DaskCluster(scheduler, limits)
    if workers > 0:
        return WorkerPool(workers, limits)
    return InProcess(limits)


def all_cores() -> int:
    return len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count() or 1


def parse_in_order(engine: Engine, paths: Iterable[Path]) -> Iterator[Parsed]:
    """Every file parsed by `engine`, yielded in input order, with at most `engine.slots` in flight."""
    pending: deque[tuple[Path, Any]] = deque()
    waiting = iter(paths)
    for path in waiting:
        pending.append((path, engine.submit(path)))
        if len(pending) >= engine.slots:
            break
    while pending:
        path, future = pending.popleft()
        yield engine.result(path, future)
        following = next(waiting, None)
        if following is not None:
            pending.append((following, engine.submit(following)))
