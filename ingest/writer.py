"""The ingest writer: validated documents are committed in order, on a background thread
when the store allows it, so that the next documents are read, extracted and validated
while the store writes (pyoxigraph releases the GIL while it applies an update).

Documents queued together are written in one transaction; when that transaction fails,
they are written again one by one, so that a failure is the failing document's alone.
Each document is still either wholly in the store or wholly out of it. Results come back
in the order the documents were queued.
"""
from __future__ import annotations

import queue
import threading
from dataclasses import dataclass, field

from rdflib import Graph

from unkg.errors import StoreError, UnkgError
from unkg.store import Store
from unkg.store.base import RenderedGraph

#: triples written in one transaction at most (several documents queued meanwhile)
BATCH_TRIPLES = 40_000


@dataclass
class Ticket:
    """One document on its way to the store; `done` is set once it is written or refused
    (`error`), and stays unset when a failure before it stopped the writes."""

    graph_iri: str
    graph: Graph | RenderedGraph
    error: UnkgError | None = None
    done: threading.Event = field(default_factory=threading.Event)


class Writer:
    """Commits queued graphs in order. `keep_going=False`: after a failed write nothing
    queued later is written."""

    def __init__(self, store: Store, *, background: bool, keep_going: bool):
        self.store = store
        self.keep_going = keep_going
        self._failure: UnkgError | None = None
        self._lock = threading.Lock()
        self._pending: dict[str, Graph | RenderedGraph] = {}
        self._queue: queue.Queue[Ticket | None] | None = None
        self._thread: threading.Thread | None = None
        if background:
            # a bounded queue: extraction waits for the store rather than piling graphs up
            self._queue = queue.Queue(maxsize=64)
            self._thread = threading.Thread(target=self._run, name="unkg-writer", daemon=True)
            self._thread.start()

    # --- the ingest side
    def is_pending(self, graph_iri: str) -> bool:
        with self._lock:
            return graph_iri in self._pending

    def put(self, ticket: Ticket) -> None:
        """Queue a graph (written at once without a background thread); a failed write is
        told by the ticket and by `failure`, never raised here."""
        with self._lock:
            self._pending[ticket.graph_iri] = ticket.graph
        if self._queue is None:
            self._write([ticket])
        else:
            self._queue.put(ticket)

    @property
    def failure(self) -> UnkgError | None:
        """The first failed write (None: none)."""
        return self._failure

    def wait(self) -> None:
        """Return once every queued graph is written (or skipped after a failure)."""
        if self._queue is not None:
            self._queue.join()

    def stop(self) -> None:
        """Write what is queued (up to a failure, without `keep_going`) and stop the thread."""
        if self._thread is not None:
            self._queue.put(None)
            self._thread.join()
            self._thread = None

    # --- the writing side
    def _run(self) -> None:
        assert self._queue is not None
        stop = False
        while not stop:
            first = self._queue.get()
            if first is None:
                self._queue.task_done()
                return
            batch, size = [first], len(first.graph)
            names = {first.graph_iri}
            while size < BATCH_TRIPLES:
                try:
                    nxt = self._queue.get_nowait()
                except queue.Empty:
                    break
                if nxt is None:
                    stop = True
                    self._queue.task_done()
                    break
                if nxt.graph_iri in names:          # the same graph twice: the later one in its own write
                    self._write(batch)
                    for _ in batch:
                        self._queue.task_done()
                    batch, size, names = [], 0, set()
                batch.append(nxt)
                names.add(nxt.graph_iri)
                size += len(nxt.graph)
            if batch:
                self._write(batch)
                for _ in batch:
                    self._queue.task_done()

    def _write(self, batch: list[Ticket]) -> None:
        if self._failure is not None and not self.keep_going:
            for t in batch:                          # a write failed: what came after it is not written
                self._release(t)
            return
        try:
            self.store.replace_graphs({t.graph_iri: t.graph for t in batch})
        except Exception as e:  # noqa: BLE001 - the failure is the document's, and the thread goes on
            if len(batch) > 1:                       # find the document at fault: one by one
                for t in batch:
                    self._write([t])
                return
            if not isinstance(e, UnkgError):
                e = StoreError(f"the store could not write {batch[0].graph_iri}: {type(e).__name__}: {e}")
            self._failure = self._failure or e
            batch[0].error = e
            self._release(batch[0], done=True)
            return
        for t in batch:
            self._release(t, done=True)

    def _release(self, ticket: Ticket, *, done: bool = False) -> None:
        with self._lock:
            if self._pending.get(ticket.graph_iri) is ticket.graph:
                del self._pending[ticket.graph_iri]
        if done:
            ticket.done.set()
