"""The corpus engine: every document processed once into the store, locally or on Dask.

:func:`process_task` is the per-document work, a pure function of the document's bytes and
the configuration: it parses the report and makes every row of every per-document table
(the core tables and each registered :class:`~gkmine.registry.DocumentFeature`), in the
worker. :func:`run_corpus` walks the inputs, skips what the store already holds, sends the
rest to an engine, and streams the results into the store in transactional batches.

Identity: a file is its resolved path; a document is its content hash (``doc_id``) under a
configuration (``config_hash``). A re-run skips files whose size, modification time and
configuration are unchanged without reading them, reuses documents already processed under
the same configuration, and deletes what was derived from a file's old version.

Engines: :class:`LocalEngine` (a spawn process pool over all cores that survives a dying
worker) and :class:`DaskEngine` (an existing ``distributed`` cluster). Both give identical
database contents.
"""

from __future__ import annotations

import hashlib
import json
import os
import signal
import sys
import threading
import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from typing import Any

from gkmine.config import DEFAULT, Config
from gkmine.errors import GkmineError, ReadError, display_source
from gkmine.store import WRITE_MEMORY_LIMIT, DocumentResult, Store, resolve_path

#: Results written to the database per transaction. The parent holds up to one batch of
#: results as Python rows (~300 KB a report); half of 256 costs no more CPU per document.
BATCH_SIZE = 128
#: Bytes above which a worker reads the file itself instead of receiving it from the parent.
SHIP_LIMIT = 8 * 1024 * 1024
#: Documents in flight per worker, and the bytes they may carry in all: while the parent
#: writes a batch (0.3 s of CPU, 0.9 s of wall time on a busy machine) the workers live on
#: what is in flight (with four a worker they sat idle for most of each write). A dead worker
#: puts every document in flight under suspicion, so the window stays small.
INFLIGHT_PER_WORKER = 16
INFLIGHT_BYTES = 64 * 1024 * 1024

# Error codes of the engine (see gkmine.errors.CODES).
E_TIME = "E311"
E_WORKER = "E312"
E_TOO_LARGE = "E005"


@dataclass(frozen=True)
class Task:
    """One document to process: where it is, and (optionally) its bytes."""

    path: str
    source: str
    size: int | None = None
    mtime_ns: int | None = None
    data: bytes | None = None
    doc_id: str | None = None
    sha256: str | None = None
    #: the page's address, from a URL manifest: evidence of the document's place
    url: str | None = None


# --- configuration identity ----------------------------------------------------------------


def document_settings(config: Config) -> dict[str, Any]:
    """The part of the configuration that shapes per-document output: every top-level
    setting, and of each stage's options only its ``DOCUMENT_FIELDS`` (an option of a corpus
    analysis, such as the number of clusters, never reprocesses the documents).

    >>> settings = str(document_settings(DEFAULT))
    >>> "k_range" in settings, "hash_bits" in settings
    (False, True)
    """
    out: dict[str, Any] = {}
    for name, value in config.to_dict().items():
        kept = getattr(getattr(config, name), "DOCUMENT_FIELDS", None)
        out[name] = value if kept is None else {k: value[k] for k in kept}
    return out


def document_id(content_id: str, url: str | None) -> str:
    """A document's identity in the store: its content hash, and the hash of its address
    when it has one (the address decides metadata, so the same bytes under another URL are
    another document).

    >>> document_id("e3b0c44298fc1c14", None)
    'e3b0c44298fc1c14'
    >>> document_id("e3b0c44298fc1c14", "http://www.htq.gov.cn/1.html")
    'e3b0c44298fc1c14-...'
    """
    if not url:
        return content_id
    return f"{content_id}-{hashlib.sha256(url.encode('utf-8')).hexdigest()[:8]}"


def _same_url(doc_id: str, url: str | None) -> bool:
    """Whether a stored ``doc_id`` was made under ``url`` (see :func:`document_id`)."""
    return doc_id.partition("-")[2] == document_id("", url).lstrip("-")


def config_hash(config: Config) -> str:
    """A short hash of everything that shapes per-document output: the document settings,
    the gkmine version and the registered features."""
    from gkmine.registry import features
    from gkmine.versions import gkmine_version

    blob = json.dumps({"config": document_settings(config), "gkmine": gkmine_version(),
                       "features": sorted(f.name for f in features())},
                      sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


# --- the per-document work ------------------------------------------------------------------


class TimeLimitExceeded(GkmineError):
    """A document took longer than ``max_seconds_per_document``."""


@contextmanager
def time_limit(seconds: float | None, source: str):
    """Raise :class:`TimeLimitExceeded` in this (main) thread after ``seconds``."""
    usable = (seconds and seconds > 0 and hasattr(signal, "setitimer")
              and threading.current_thread() is threading.main_thread())
    if not usable:
        yield
        return

    def on_alarm(signum, frame):
        raise TimeLimitExceeded.of(E_TIME, source, limit=seconds)

    previous = signal.signal(signal.SIGALRM, on_alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)


def feature_rows(report, config: Config | None) -> dict[str, list[dict[str, Any]]]:
    """Rows of every registered per-document feature for one report.

    A feature that fails on a document costs that feature's rows only; the report keeps a
    warning that says which feature failed and why.
    """
    from gkmine.registry import features

    config = config or DEFAULT
    out: dict[str, list[dict[str, Any]]] = {}
    for feature in features():
        if feature.requires and not getattr(config, feature.requires, True):
            out[feature.name] = []
            continue
        if report.status == "error":
            out[feature.name] = []
            continue
        try:
            out[feature.name] = list(feature.func(report, config))
        except TimeLimitExceeded:
            raise
        except Exception as err:  # one feature's bug must not lose the document
            out[feature.name] = []
            report.warnings.append(
                f"[W301] feature {feature.name} failed: {type(err).__name__}: {err}")
    return out


def _error_report(task: Task, code: str, message: str):
    """An error record: keyed by the content hash when the bytes were read, else the path."""
    from gkmine.record import Report, path_id

    return Report(source=task.source, doc_id=task.doc_id or path_id(task.path), status="error",
                  error_code=code, error=message)


def process_task(task: Task, config: Config = DEFAULT, chash: str = "") -> DocumentResult:
    """Parse one document and make all its rows. Never raises for a bad document."""
    from gkmine.pipeline import parse_bytes
    from gkmine.read import doc_id_of, os_error
    from gkmine.store.rows import document_rows

    started = time.perf_counter()
    limit = getattr(config, "max_seconds_per_document", None)
    try:
        with time_limit(limit, task.source):
            data = task.data if task.data is not None else _read_file(task.path)
            if not task.doc_id:
                task = replace(task, doc_id=document_id(doc_id_of(data), task.url))
            report = parse_bytes(data, source=task.source, config=config, url=task.url)
            report.doc_id = task.doc_id
            tables = document_rows(report, config_hash=chash)
            tables.update(feature_rows(report, config))
    except TimeLimitExceeded as err:
        report = _error_report(task, err.code, str(err))
        tables = document_rows(report, config_hash=chash)
    except GkmineError as err:
        report = _error_report(task, err.code, str(err))
        tables = document_rows(report, config_hash=chash)
    except OSError as err:
        failure = os_error(err, task.source)
        report = _error_report(task, failure.code, str(failure))
        tables = document_rows(report, config_hash=chash)
    return DocumentResult(path=task.path, source=task.source, doc_id=report.doc_id,
                          status=report.status, error_code=report.error_code, size=task.size,
                          mtime_ns=task.mtime_ns, sha256=task.sha256, tables=tables,
                          seconds=time.perf_counter() - started,
                          action="error" if report.status == "error" else "processed",
                          url=task.url)


def _read_file(path: str) -> bytes:
    with open(path, "rb") as fh:
        return fh.read()


def _failed(task: Task, code: str, chash: str, **fields) -> DocumentResult:
    """The result of a document whose worker died or hung: the catalogue's message."""
    error = GkmineError.of(code, task.source, **fields)
    return error_result(task, code, str(error), chash)


def error_result(task: Task, code: str, message: str, chash: str = "") -> DocumentResult:
    """The result for a document that could not be processed at all (its worker died, …)."""
    from gkmine.store.rows import document_rows

    report = _error_report(task, code, message)
    return DocumentResult(path=task.path, source=task.source, doc_id=report.doc_id,
                          status="error", error_code=code, size=task.size,
                          mtime_ns=task.mtime_ns,
                          tables=document_rows(report, config_hash=chash), action="error",
                          url=task.url)


# --- engines --------------------------------------------------------------------------------


def _worker_init(parent_pid: int) -> None:
    """Runs in each worker: exit when the parent is gone, so no worker outlives a killed run."""

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent_pid:
                os._exit(1)

    threading.Thread(target=watch, name="gkmine-parent-watch", daemon=True).start()


@dataclass
class LocalEngine:
    """A spawn process pool over ``n_jobs`` cores (0: all). ``n_jobs=1`` runs in-process.

    A worker that dies (out of memory, a crash in C code) or hangs past twice the time limit
    costs only the document it was working on: the documents that were in flight with it are
    retried one at a time, and the one that kills a worker again gets error ``E312``.
    """

    n_jobs: int = 0
    name: str = "local"

    def workers(self) -> int:
        return self.n_jobs if self.n_jobs > 0 else (os.cpu_count() or 1)

    def run(self, tasks: Iterable[Task], config: Config, chash: str) -> Iterator[DocumentResult]:
        if self.workers() == 1:
            for task in tasks:
                yield process_task(task, config, chash)
            return
        yield from _PoolRun(self.workers(), config, chash).run(iter(tasks))


@contextmanager
def process_pool(workers: int, **options) -> Iterator[Any]:
    """A loky process pool, stopped with :func:`stop_pool` when the block ends.

    loky's executor (shipped with joblib) starts clean interpreters without re-running the
    user's ``__main__``, so a plain script needs no ``if __name__`` guard.
    """
    from joblib.externals.loky import ProcessPoolExecutor

    pool = ProcessPoolExecutor(max_workers=workers, **options)
    try:
        yield pool
    finally:
        stop_pool(pool)


def stop_pool(pool, *, grace: float = 5.0) -> None:
    """Kill a loky pool's workers and see its manager thread end.

    A worker killed while it writes a result (by this engine, by the kernel's out-of-memory
    killer) leaves half a message in the pool's result pipe. loky's manager thread then waits
    for the rest forever, and the interpreter's exit joins that thread: the process would never
    end. Once the workers are gone, this process holds the pipe's last writer; closing it turns
    the wait into an end of file, which the manager reads as a broken pool, and it ends.
    """
    processes = list((getattr(pool, "_processes", None) or {}).values())
    results = getattr(pool, "_result_queue", None)  # the pool forgets it as it shuts down
    manager = getattr(pool, "_executor_manager_thread", None)
    for proc in processes:
        if proc.exitcode is None:  # not reaped yet, so its pid is still its own
            try:
                os.kill(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
    pool.shutdown(wait=False, kill_workers=True)
    if manager is None:
        return
    manager.join(grace)
    if manager.is_alive() and results is not None:
        results._writer.close()
        manager.join(grace)


class _PoolRun:
    """One run of a resilient process pool (see :class:`LocalEngine`)."""

    def __init__(self, workers: int, config: Config, chash: str) -> None:
        self.workers = workers
        self.config = config
        self.chash = chash
        limit = getattr(config, "max_seconds_per_document", None) or 0
        self.hang_after = (2 * limit + 30) if limit else None
        self.pool = None

    def _new_pool(self, workers: int):
        # loky's executor, as in :func:`process_pool`; stopped by ``_kill_pool``
        from joblib.externals.loky import ProcessPoolExecutor

        return ProcessPoolExecutor(max_workers=workers, initializer=_worker_init,
                                   initargs=(os.getpid(),))

    def _kill_pool(self) -> None:
        pool, self.pool = self.pool, None
        if pool is not None:
            stop_pool(pool)

    def run(self, tasks: Iterator[Task]) -> Iterator[DocumentResult]:
        from concurrent.futures import FIRST_COMPLETED, wait
        from concurrent.futures.process import BrokenProcessPool

        window = self.workers * INFLIGHT_PER_WORKER
        inflight: dict[Any, tuple[Task, float]] = {}
        suspects: list[Task] = []
        try:
            self.pool = self._new_pool(self.workers)
            exhausted = False
            while True:
                carried = sum(len(t.data or b"") for t, _ in inflight.values())
                while not exhausted and len(inflight) < window and (
                        carried < INFLIGHT_BYTES or len(inflight) < 2 * self.workers):
                    task = next(tasks, None)
                    if task is None:
                        exhausted = True
                        break
                    fut = self.pool.submit(process_task, task, self.config, self.chash)
                    inflight[fut] = (task, time.monotonic())
                    carried += len(task.data or b"")
                if not inflight:
                    break
                done, _ = wait(list(inflight), timeout=1.0, return_when=FIRST_COMPLETED)
                broken = False
                for fut in done:
                    task, _ = inflight.pop(fut)
                    try:
                        yield fut.result()
                    except BrokenProcessPool:
                        suspects.append(task)
                        broken = True
                if not broken and (self._hung(inflight) or self._lost_worker()):
                    broken = True
                if broken:
                    suspects.extend(task for task, _ in inflight.values())
                    inflight.clear()
                    self._kill_pool()
                    yield from self._isolate(suspects)
                    suspects = []
                    self.pool = self._new_pool(self.workers)
        finally:
            self._kill_pool()

    def _lost_worker(self) -> bool:
        """A worker that died without the pool noticing (killed as it took a task: its
        futures would never finish, and with no time limit the run would wait forever)."""
        processes = getattr(self.pool, "_processes", None) or {}
        return any(proc.exitcode is not None for proc in list(processes.values()))

    def _hung(self, inflight: dict) -> bool:
        if self.hang_after is None or not inflight:
            return False
        oldest = min(started for _, started in inflight.values())
        return time.monotonic() - oldest > self.hang_after * max(1, len(inflight) //
                                                                 self.workers)

    def _isolate(self, suspects: list[Task]) -> Iterator[DocumentResult]:
        """Run each suspect alone in a one-worker pool: the one that kills it is named."""
        from concurrent.futures import TimeoutError as FutureTimeout
        from concurrent.futures.process import BrokenProcessPool

        for task in sorted(suspects, key=lambda t: t.path):
            pool = self._new_pool(1)
            self.pool = pool
            try:
                fut = pool.submit(process_task, task, self.config, self.chash)
                try:
                    yield fut.result(timeout=self.hang_after)
                except BrokenProcessPool:
                    yield _failed(task, E_WORKER, self.chash, detail="out of memory, or a "
                                  "crash in a native library")
                except FutureTimeout:
                    yield _failed(task, E_TIME, self.chash, limit=self.hang_after)
            finally:
                self._kill_pool()


@dataclass
class DaskEngine:
    """Per-document work on an existing Dask cluster; results stream back as they complete.

    ``ship`` decides how documents reach the workers: ``"paths"`` (workers see the same
    files), ``"bytes"`` (the client reads and sends them), or ``"auto"`` (bytes unless a
    worker can see the first path).
    """

    client: Any = None
    scheduler: str | None = None
    ship: str = "auto"
    name: str = "dask"

    def _client(self):
        if self.client is not None:
            return self.client
        from distributed import Client

        self.client = Client(self.scheduler)
        return self.client

    def run(self, tasks: Iterable[Task], config: Config, chash: str) -> Iterator[DocumentResult]:
        from distributed import as_completed

        client = self._client()
        tasks = iter(tasks)
        first = next(tasks, None)
        if first is None:
            return
        ship_bytes = self.ship == "bytes" or (
            self.ship == "auto" and not client.submit(os.path.exists, first.path,
                                                      pure=False).result())
        window = max(4, 4 * sum(client.nthreads().values()))
        pending: dict[Any, Task] = {}

        def submit(task: Task) -> None:
            if ship_bytes and task.data is None:
                task = replace(task, data=_read_file(task.path))
            fut = client.submit(process_task, task, config, chash, pure=False)
            pending[fut] = task

        submit(first)
        for task in tasks:
            submit(task)
            if len(pending) >= window:
                break
        stream = as_completed(list(pending))
        for fut in stream:
            task = pending.pop(fut)
            try:
                yield fut.result()
            except Exception as err:  # KilledWorker and the like: that document only
                yield _failed(task, E_WORKER, chash, detail=f"Dask: {type(err).__name__}")
            fut.release()
            nxt = next(tasks, None)
            if nxt is not None:
                submit(nxt)
                stream.add(next(reversed(pending)))


# --- a corpus run -----------------------------------------------------------------------------


@dataclass
class RunSummary:
    """What one run did: counts by action and by status, and where it went."""

    run_id: int
    db_path: str
    counts: dict[str, int] = field(default_factory=dict)
    statuses: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0


def run_corpus(paths: Sequence[str | os.PathLike], *, db_path: str | os.PathLike,
               config: Config = DEFAULT, engine=None, progress: bool = False,
               command: str = "", on_result: Callable[[DocumentResult], None] | None = None,
               urls: Mapping[str, str] | None = None) -> RunSummary:
    """Process every document under ``paths`` into the database at ``db_path``.

    Exactly one ``files`` row per distinct input file, one ``docs`` row per distinct content
    (and address: ``urls`` maps a file's resolved path to its page's URL, as
    :func:`gkmine.pipeline.read_url_manifest` reads a manifest; the run log records each
    file's); documents already stored under the same configuration are not processed again.
    ``on_result`` sees every result (processed, reused, unchanged, error) as it is written.
    """
    engine = engine or LocalEngine()
    chash = config_hash(config)
    started = time.perf_counter()
    counts = {"n_inputs": 0, "n_processed": 0, "n_unchanged": 0, "n_reused": 0,
              "n_errors": 0, "n_skipped": 0}
    statuses: dict[str, int] = {}
    with Store(db_path, memory_limit=WRITE_MEMORY_LIMIT) as store:
        run_id = store.start_run(command=command, config=config.to_dict(), config_hash=chash,
                                 engine=getattr(engine, "name", type(engine).__name__))
        entries = discover_entries([os.fspath(p) for p in paths], config)
        plan = _Plan(store, config, chash, urls or {})
        bar = _progress(len(entries), progress)
        writer = _BatchWriter(store, run_id, chash)

        def emit(result: DocumentResult) -> None:
            key = {"processed": "n_processed", "unchanged": "n_unchanged",
                   "reused": "n_reused", "error": "n_errors"}.get(result.action)
            if key:
                counts[key] += 1
            counts["n_inputs"] += 1
            statuses[result.status] = statuses.get(result.status, 0) + 1
            writer.add(result)
            for twin in plan.twins.pop(result.doc_id if result.tables else "", []):
                emit(plan.reused(twin, result))
            if on_result is not None:
                on_result(result)
            if bar is not None:
                bar.update(1)

        try:
            # The plan hands results that need no engine straight to ``emit``, so that
            # neither those results nor the documents' bytes pile up in the parent.
            for result in engine.run(plan.tasks(entries, emit), config, chash):
                emit(result)
            for twins in list(plan.twins.values()):  # never lose a file (defensive)
                for twin in twins:
                    emit(plan.reused(twin))
            plan.twins.clear()
            counts["n_skipped"] = plan.skipped
            if bar is not None:
                bar.update(plan.skipped)
            writer.flush()
            store.remove_orphans()
            store.finish_run(run_id, counts)
        finally:
            if bar is not None:
                bar.close()
    return RunSummary(run_id, os.fspath(db_path), counts, statuses,
                      time.perf_counter() - started)


def discover_entries(paths: list[str], config: Config):
    """Every input entry: documents, errors and skipped files (``gkmine.read.walk``).

    Entries have ``source`` (as given), ``kind`` (document | error | skipped), ``resolved``,
    and for errors ``code`` and ``message``.
    """
    from gkmine.read.walk import discover

    return discover(paths, config=config)


def _progress(total: int, enabled: bool):
    if not enabled or total == 0:
        return None
    from tqdm.auto import tqdm

    return tqdm(total=total, unit="doc", desc="gkmine", file=sys.stderr)


class _BatchWriter:
    def __init__(self, store: Store, run_id: int, chash: str) -> None:
        self.store = store
        self.run_id = run_id
        self.chash = chash
        self.pending: list[DocumentResult] = []
        self.last = time.monotonic()

    def add(self, result: DocumentResult) -> None:
        self.pending.append(result)
        if len(self.pending) >= BATCH_SIZE or time.monotonic() - self.last > 5.0:
            self.flush()

    def flush(self) -> None:
        if not self.pending:
            return
        to_write = [r for r in self.pending if r.action != "unchanged"]
        self.store.write_results(to_write, config_hash=self.chash)
        self.store.log_documents(self.run_id, self.pending)
        self.pending = []
        self.last = time.monotonic()


class _Plan:
    """Decides, per discovered entry, whether it needs the engine at all."""

    def __init__(self, store: Store, config: Config, chash: str,
                 urls: Mapping[str, str]) -> None:
        self.config = config
        self.chash = chash
        self.urls = urls
        self.index = store.file_index()
        self.known = store.known_documents(chash)
        self.skipped = 0
        #: doc_id -> tasks with the same content as one already sent to the engine
        self.twins: dict[str, list[Task]] = {}

    def tasks(self, entries, emit: Callable[[DocumentResult], None]) -> Iterator[Task]:
        """The entries that need the engine, one at a time; every other entry's result
        (unchanged, reused, error, twin of a document already sent) goes to ``emit``."""
        seen_paths: set[str] = set()
        sent: set[str] = set()
        for entry in entries:
            if entry.kind == "skipped":
                self.skipped += 1
                continue
            path = entry.resolved or resolve_path(entry.source)
            if path in seen_paths:  # the same file given twice: one row
                continue
            seen_paths.add(path)
            task = self._task(entry, path, emit)
            if task is None:
                continue
            if task.doc_id in self.known:
                emit(self.reused(task))
            elif task.doc_id in sent:
                self.twins.setdefault(task.doc_id, []).append(task)
            else:
                sent.add(task.doc_id)
                yield task

    def _task(self, entry, path: str, emit) -> Task | None:
        """The task for one entry, or None when ``emit`` already had its result."""
        from gkmine.pipeline import url_key
        from gkmine.read import os_error

        url = self.urls.get(url_key(path)) if self.urls else None
        task = Task(path, entry.source, url=url)
        if entry.kind == "error":
            emit(error_result(task, entry.code, entry.message, self.chash))
            return None
        try:
            stat = os.stat(path)
        except OSError as err:
            failure = os_error(err, entry.source)
            emit(error_result(task, failure.code, str(failure), self.chash))
            return None
        task = Task(path, entry.source, stat.st_size, stat.st_mtime_ns, url=url)
        old = self.index.get(display_source(path))
        if (old and old[:3] == (stat.st_size, stat.st_mtime_ns, self.chash)
                and _same_url(old[3] or "", url)):
            emit(DocumentResult(path, entry.source, old[3], old[4] or "ok", size=stat.st_size,
                                mtime_ns=stat.st_mtime_ns, action="unchanged", url=url))
            return None
        max_bytes = getattr(self.config, "max_file_bytes", None)
        if max_bytes and stat.st_size > max_bytes:
            failure = ReadError.of(E_TOO_LARGE, entry.source, size=stat.st_size,
                                   limit=max_bytes)
            emit(error_result(task, failure.code, str(failure), self.chash))
            return None
        try:
            return self._with_content(task)
        except OSError as err:
            failure = os_error(err, entry.source)
            emit(error_result(task, failure.code, str(failure), self.chash))
            return None

    def _with_content(self, task: Task) -> Task:
        """Read the file once in the parent: its hash is its identity; small files travel
        to the worker with the task, so the worker does not read them again."""
        data = _read_file(task.path)
        digest = hashlib.sha256(data).hexdigest()
        return Task(task.path, task.source, task.size, task.mtime_ns,
                    data if len(data) <= SHIP_LIMIT else None,
                    document_id(digest[:16], task.url), digest, task.url)

    def reused(self, task: Task, like: DocumentResult | None = None) -> DocumentResult:
        """A file whose content is already stored (``like``: processed in this run)."""
        status = like.status if like is not None else self.known.get(task.doc_id, "ok")
        return DocumentResult(task.path, task.source, task.doc_id, status, size=task.size,
                              mtime_ns=task.mtime_ns, sha256=task.sha256, action="reused",
                              url=task.url)


# --- corpus analyses --------------------------------------------------------------------------


def analysis_fingerprint(store: Store, analysis, config: Config) -> str:
    from gkmine.versions import gkmine_version

    blob = json.dumps({"inputs": store.versions(analysis.inputs),
                       "config": config.to_dict(), "gkmine": gkmine_version()},
                      sort_keys=True, default=str)
    return hashlib.sha256(blob.encode("utf-8")).hexdigest()[:16]


def run_analyses(store: Store, config: Config = DEFAULT, *, names: Sequence[str] | None = None,
                 run_id: int = 0, force: bool = False,
                 echo: Callable[[str], None] | None = None) -> dict[str, str]:
    """Build the registered corpus analyses whose inputs changed; returns name -> what
    happened (``built`` or ``unchanged``)."""
    from gkmine.registry import analyses

    done: dict[str, str] = {}
    for item in analyses(names):
        fingerprint = analysis_fingerprint(store, item, config)
        outputs_exist = set(item.outputs) <= set(store.tables())
        if not force and outputs_exist and store.analysis_fingerprint(item.name) == fingerprint:
            done[item.name] = "unchanged"
            continue
        if echo:
            echo(f"analysis {item.name}")
        store.replace_tables(item.outputs, item.batches(store, config))
        # the analysis's own writes changed its outputs' versions, not its inputs'
        store.set_analysis_fingerprint(item.name, analysis_fingerprint(store, item, config),
                                       run_id)
        done[item.name] = "built"
    return done
