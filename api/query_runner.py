"""Running user queries with a real deadline and a row cap.

The embedded engine cannot cancel a running query from inside the process, so user
queries run in worker processes that open the store read-only. A query that passes its
deadline gets its worker killed (the work really stops) and a fresh worker takes its
place; the caller gets a QueryTimeout. A remote store answers in-thread: the remote
server applies its own limits.

SELECT results larger than the row cap are cut in the worker and flagged; the bytes of a
result under the cap are exactly those of the engine.
"""
from __future__ import annotations

import json
import logging
import multiprocessing as mp
import queue
import re
import threading
import time
import traceback
from dataclasses import dataclass, field

from unkg import errors
from unkg.config import Settings
from unkg.errors import QueryTimeout, StoreError, UnkgError

log = logging.getLogger("unkg.api")


@dataclass
class QueryJob:
    query: str
    fmt: str
    tabular: bool
    max_rows: int
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    lookup: bool = False        # a bounded lookup (query_guard.is_lookup): answered in the server process


@dataclass
class NamedQueryJob:
    """A query of the library with its raw parameters; answered with a SelectResult."""

    name: str
    params: dict[str, str]
    limit: int


@dataclass
class QueryAnswer:
    media_type: str
    body: bytes
    truncated: bool = False


# --- row cap on serialised results -------------------------------------------------

def cap_rows(body: bytes, fmt: str, max_rows: int) -> tuple[bytes, bool]:
    """Cut a serialised SELECT result to `max_rows` rows; (body, truncated)."""
    if fmt == "json":
        return _cap_json(body, max_rows)
    if fmt == "xml":
        return _cap_xml(body, max_rows)
    if fmt == "csv":
        return _cap_lines(body, max_rows, b"\r\n", quoted=True)
    if fmt == "tsv":
        return _cap_lines(body, max_rows, b"\n", quoted=False)
    return body, False


def _cap_json(body: bytes, max_rows: int) -> tuple[bytes, bool]:
    # every row is an object, so a body with no more "{" than the head, the results and
    # max_rows rows need not be parsed (a "{" in a value only makes the bound larger)
    if body.count(b"{") <= max_rows + 3:
        return body, False
    doc = json.loads(body)
    bindings = doc.get("results", {}).get("bindings")
    if bindings is None or len(bindings) <= max_rows:
        return body, False
    doc["results"]["bindings"] = bindings[:max_rows]
    doc["head"]["truncated"] = True
    doc["head"]["rowLimit"] = max_rows
    return json.dumps(doc, ensure_ascii=False).encode("utf-8"), True


def _cap_xml(body: bytes, max_rows: int) -> tuple[bytes, bool]:
    # element markup cannot occur inside XML text (it is escaped), so <result> counts rows
    pos, n = 0, 0
    while True:
        pos = body.find(b"<result>", pos)
        if pos < 0:
            return body, False
        if n == max_rows:
            break
        n += 1
        pos += 8
    note = f"<!-- unkg: truncated at the row limit of {max_rows} rows -->".encode()
    head_end = body.find(b"</head>")
    cut = body[:pos] + b"</results>" + note + b"</sparql>"
    if 0 <= head_end < pos:
        link = b'<link href="urn:unkg:truncated"/>'
        cut = cut[:head_end] + link + cut[head_end:]
    return cut, True


#: a quoted CSV field (a doubled quote inside is two adjacent matches) or a record end
_CSV_TOKEN = re.compile(rb'"[^"]*"|\r\n')


def _cap_lines(body: bytes, max_rows: int, eol: bytes, *, quoted: bool) -> tuple[bytes, bool]:
    """Keep the header line and `max_rows` records; CSV records may hold quoted line breaks."""
    if body.count(eol) <= max_rows + 1:          # no more records than line ends: nothing to cut
        return body, False
    end = None
    if not quoted or b'"' not in body:
        pos = -len(eol)
        for _ in range(max_rows + 1):
            pos = body.find(eol, pos + len(eol))
        end = pos + len(eol)
    else:
        records = 0
        for m in _CSV_TOKEN.finditer(body):
            if m.group() == eol:
                records += 1
                if records == max_rows + 1:
                    end = m.end()
                    break
    if end is None or end >= len(body):
        return body, False
    return body[:end], True


# --- the worker process ------------------------------------------------------------

def _worker_main(settings: Settings, conn) -> None:
    """Loop of one worker process: open the store read-only, answer jobs until told to stop."""
    from unkg.store import open_store

    try:
        store = open_store(settings, read_only=True)
        opened: UnkgError | None = None
    except UnkgError as e:
        store, opened = None, e
    while True:
        try:
            job = conn.recv()
        except (EOFError, KeyboardInterrupt):
            return
        if job is None:
            return
        try:
            if opened is not None:
                raise opened
            conn.send(("ok", answer(store, job)))
        except UnkgError as e:
            conn.send(("error", type(e).__name__, e.message, e.code, e.http_status))
        except Exception:  # reported to the server process, which logs it and answers internal_error
            conn.send(("internal", traceback.format_exc()))


def answer(store, job):
    """Run a job on an open store: a QueryAnswer, or a SelectResult for a NamedQueryJob."""
    if isinstance(job, NamedQueryJob):
        from unkg.querylib import run_named

        return run_named(store, job.name, job.params, limit=job.limit)
    answer = store.sparql(job.query, job.fmt, union_default_graph=True, default_graphs=job.default_graphs or None,
                          named_graphs=job.named_graphs or None, max_triples=None if job.tabular else job.max_rows)
    (media, body), truncated = answer, answer.truncated
    if job.tabular:
        body, truncated = cap_rows(body, job.fmt, job.max_rows)
    return QueryAnswer(media, body, truncated)


def _rebuild_error(name: str, message: str, code: str, status: int) -> UnkgError:
    cls = getattr(errors, name, None)
    if not (isinstance(cls, type) and issubclass(cls, UnkgError)):
        cls = UnkgError
    err = cls.__new__(cls)
    UnkgError.__init__(err, message, code=code, http_status=status)
    return err


class _Worker:
    def __init__(self, ctx, settings: Settings, generation: int):
        self.conn, child = ctx.Pipe()
        self.process = ctx.Process(target=_worker_main, args=(settings, child), daemon=True, name="unkg-query")
        self.process.start()
        child.close()
        self.generation = generation

    def stop(self, kill: bool = False) -> None:
        if kill:
            self.process.kill()
        else:
            try:
                self.conn.send(None)
            except (OSError, BrokenPipeError):
                self.process.kill()
        self.process.join(timeout=5)
        if self.process.is_alive():
            self.process.kill()
            self.process.join(timeout=5)
        self.conn.close()


class InternalQueryError(Exception):
    """A worker failed in a way that is not a UnkgError: the trace is logged, the user gets internal_error."""


class QueryPool:
    """Worker processes that run queries; a worker past its deadline is killed and replaced."""

    def __init__(self, settings: Settings, size: int = 2):
        self.settings = settings
        self.size = max(1, size)
        self._ctx = mp.get_context("spawn")
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._generation = 0
        self._closed = False
        self._lock = threading.Lock()
        self._owned = self.size          # workers idle, busy or being started
        for _ in range(self.size):
            self._idle.put(self._spawn())

    def _spawn(self) -> _Worker:
        return _Worker(self._ctx, self.settings, self._generation)

    def _replace_later(self) -> None:
        def spawn():
            if self._closed:
                return
            try:
                self._idle.put(self._spawn())
            except OSError:
                log.exception("cannot start a query worker; the next query will try again")
                with self._lock:
                    self._owned -= 1

        threading.Thread(target=spawn, daemon=True, name="unkg-query-spawn").start()

    def refresh(self) -> None:
        """Make workers reopen the store (after a write), so they see the new data."""
        self._generation += 1

    def run(self, job: QueryJob | NamedQueryJob, timeout: float):
        """A QueryAnswer for a QueryJob, a SelectResult for a NamedQueryJob; QueryTimeout past `timeout`."""
        deadline = time.monotonic() + timeout
        try:
            worker = self._idle.get(timeout=timeout if self._owned >= self.size else 0.05)
        except queue.Empty:
            with self._lock:
                lost = self._owned < self.size
                if lost:
                    self._owned += 1
            if not lost:
                raise QueryTimeout(f"every query worker stayed busy for {timeout:g} s; try again later") from None
            try:
                worker = self._spawn()
            except OSError:
                with self._lock:
                    self._owned -= 1
                raise StoreError("cannot start a query worker process; try again later") from None
        if worker.generation != self._generation or not worker.process.is_alive():
            worker.stop(kill=not worker.process.is_alive())
            worker = self._spawn()
        try:
            worker.conn.send(job)
            ready = worker.conn.poll(max(0.0, deadline - time.monotonic()))
            message = worker.conn.recv() if ready else None
        except (EOFError, OSError):
            worker.stop(kill=True)
            self._replace_later()
            raise StoreError("the query crashed its worker process (out of memory, or too complex); "
                             "simplify or narrow it") from None
        if message is None:
            worker.stop(kill=True)
            self._replace_later()
            raise QueryTimeout(f"the query ran longer than the limit of {timeout:g} s and was stopped; "
                               f"narrow it (more specific patterns, a LIMIT)")
        self._idle.put(worker)
        kind = message[0]
        if kind == "ok":
            return message[1]
        if kind == "error":
            raise _rebuild_error(*message[1:])
        raise InternalQueryError(message[1])

    def close(self) -> None:
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break


class InThreadRunner:
    """For a remote store: the query runs in the server process; the remote server limits it."""

    def __init__(self, store):
        self.store = store

    def run(self, job, timeout: float):
        return answer(self.store, job)

    def refresh(self) -> None:
        pass

    def close(self) -> None:
        pass
