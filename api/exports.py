"""/export: the whole graph (or one named graph) streamed in an RDF format, by the same
code as `unkg export` (Store.dump)."""
from __future__ import annotations

import queue
import threading

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from unkg.errors import NotFound
from unkg.store import RDF_FORMATS, dumps

from .service import checked_iri, get_service

router = APIRouter(tags=["export"])

SUFFIX = {"ttl": "ttl", "nt": "nt", "nq": "nq", "trig": "trig", "jsonld": "jsonld", "rdfxml": "rdf"}
_END = object()


class _Cancelled(Exception):
    """Raised into the dump when the client went away."""


class _QueueWriter:
    """A file-like object whose writes become chunks of a streamed response (with back-pressure):
    writes are gathered into chunks of at least CHUNK bytes (a dump of many small graphs writes
    a few bytes around each one). Once `cancelled` is set, a write stops the dump."""

    CHUNK = 1 << 16

    def __init__(self, chunks: queue.Queue, cancelled: threading.Event):
        self.chunks = chunks
        self.cancelled = cancelled
        self.pending = bytearray()

    def write(self, data) -> int:
        if self.cancelled.is_set():
            raise _Cancelled
        self.pending += data
        if len(self.pending) >= self.CHUNK:
            self.finish()
        return len(data)

    def flush(self) -> None:
        pass            # the serialiser flushes after each graph: chunks stay large

    def finish(self) -> None:
        if self.pending:
            self.chunks.put(bytes(self.pending))
            self.pending = bytearray()


def stream_dump(store, fmt: str, graph: str | None, cache=None):
    """The dump (dumps.export: a prepared file when the store has not changed) as chunks, made
    by a thread; a client that goes away stops the dump, which then prepares no file."""
    chunks: queue.Queue = queue.Queue(maxsize=64)
    cancelled = threading.Event()
    failure: list[BaseException] = []

    def produce():
        try:
            out = _QueueWriter(chunks, cancelled)
            dumps.export(store, out, fmt, graph, cache)
            out.finish()
        except _Cancelled:
            pass
        except BaseException as e:  # handed to the consumer, which ends the response
            failure.append(e)
        finally:
            chunks.put(_END)

    threading.Thread(target=produce, daemon=True, name="unkg-export").start()
    try:
        while True:
            item = chunks.get()
            if item is _END:
                break
            yield item
    finally:
        cancelled.set()
        while True:     # unblock a producer waiting on a full queue; it stops at its next write
            try:
                if chunks.get_nowait() is _END:
                    break
            except queue.Empty:
                break
    if failure:
        raise failure[0]


@router.get("/export", summary="The graph (or one named graph) as a file, streamed",
            description="Formats: ttl, nt, nq, trig, jsonld, rdfxml. Without `graph`, nq/trig/jsonld keep the "
                        "named graphs and the triple formats give the union of all graphs. The whole store is "
                        "served from a prepared file when one was written at the same store state.")
def export(request: Request, format: str = Query("nq", pattern="^(ttl|nt|nq|trig|jsonld|rdfxml)$"),
           graph: str | None = Query(None, max_length=2000)):
    svc = get_service(request)
    name = None
    if graph:
        name = str(checked_iri(graph, "graph"))
        if not svc.store.has_graph(name):
            raise NotFound(f"no graph {name} in the store: /sparql (no query) lists the graphs")
    filename = "unkg" if not name else name.rstrip("/").rsplit("/", 2)[-2] + "-" + name.rstrip("/").rsplit("/", 1)[-1]
    headers = {"Content-Disposition": f'attachment; filename="{filename}.{SUFFIX[format]}"'}
    return StreamingResponse(stream_dump(svc.store, format, name, dumps.for_settings(svc.settings)), media_type=RDF_FORMATS[format], headers=headers)
