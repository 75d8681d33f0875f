"""/export: the whole graph (or one named graph) streamed in an RDF format, by the same
code as `unkg export` (Store.dump)."""
from __future__ import annotations

import queue
import threading

from fastapi import APIRouter, Query, Request
from fastapi.responses import StreamingResponse

from unkg.errors import NotFound
from unkg.store import RDF_FORMATS

from .service import checked_iri, get_service

router = APIRouter(tags=["export"])

SUFFIX = {"ttl": "ttl", "nt": "nt", "nq": "nq", "trig": "trig", "jsonld": "jsonld", "rdfxml": "rdf"}
_END = object()


class _QueueWriter:
    """A file-like object whose writes become chunks of a streamed response (with back-pressure):
    writes are gathered into chunks of at least CHUNK bytes (a dump of many small graphs writes
    a few bytes around each one)."""

    CHUNK = 1 << 16

    def __init__(self, chunks: queue.Queue):
        self.chunks = chunks
        self.pending = bytearray()

    def write(self, data) -> int:
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


def stream_dump(store, fmt: str, graph: str | None):
    chunks: queue.Queue = queue.Queue(maxsize=64)
    failure: list[BaseException] = []

    def produce():
        try:
            out = _QueueWriter(chunks)
            store.dump(out, fmt, graph)
            out.finish()
        except BaseException as e:  # handed to the consumer, which ends the response
            failure.append(e)
        finally:
            chunks.put(_END)

    threading.Thread(target=produce, daemon=True, name="unkg-export").start()
    while True:
        item = chunks.get()
        if item is _END:
            break
        yield item
    if failure:
        raise failure[0]


@router.get("/export", summary="The graph (or one named graph) as a file, streamed",
            description="Formats: ttl, nt, nq, trig, jsonld, rdfxml. Without `graph`, nq/trig/jsonld keep the "
                        "named graphs and the triple formats give the union of all graphs.")
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
    return StreamingResponse(stream_dump(svc.store, format, name), media_type=RDF_FORMATS[format], headers=headers)
