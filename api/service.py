"""What every route needs: the settings, the open store, the query runner, the minter.

One Service lives in `app.state.service` from startup to shutdown (the app's lifespan);
nothing is global, so each test builds its own app over its own store.
"""
from __future__ import annotations

import threading
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

from fastapi import Request
from rdflib import Literal, URIRef

from unkg.config import Settings
from unkg.errors import NotFound, UsageError
from unkg.identifiers import Minter, UNSymbol
from unkg.store import Store, open_store
from unkg.vocab import UNKG

from .query_runner import InThreadRunner, QueryPool, answer

#: threads answering lookups at once (the engine releases the GIL while it reads the store)
LOOKUP_THREADS = 8
#: characters that cannot occur in an IRI written as <…> in SPARQL or Turtle
_BAD_IRI_CHARS = set('<>"{}|^`\\') | {chr(c) for c in range(0x21)}


@dataclass
class Service:
    settings: Settings
    store: Store
    runner: QueryPool | InThreadRunner
    minter: Minter
    ingest_lock: threading.Lock = field(default_factory=threading.Lock)
    #: threads that answer bounded lookups (see run), off the event loop
    lookup_threads: ThreadPoolExecutor = field(
        default_factory=lambda: ThreadPoolExecutor(LOOKUP_THREADS, thread_name_prefix="unkg-lookup"))

    @classmethod
    def start(cls, settings: Settings, query_workers: int = 2) -> "Service":
        # The read-write store is opened only when HTTP ingest is enabled, so that by default the
        # CLI can still write to the store while the service runs.
        writable = bool(settings.ingest_token) or settings.is_remote
        store = open_store(settings, read_only=not writable)
        try:
            runner = InThreadRunner(store) if settings.is_remote else QueryPool(settings, query_workers)
        except BaseException:
            store.close()
            raise
        return cls(settings, store, runner, Minter(settings.base_iri))

    def close(self) -> None:
        try:
            self.lookup_threads.shutdown(wait=True)
            self.runner.close()
        finally:
            self.store.close()

    def run(self, job):
        """Answer a query job: a bounded lookup (query_guard.is_lookup) on the store of this
        process, since a worker-process hop costs more than the lookup; anything else through
        the runner, which stops it at the query timeout."""
        if getattr(job, "lookup", False):
            return answer(self.store, job)
        return self.runner.run(job, self.settings.query_timeout)

    @property
    def base(self) -> str:
        return self.minter.base

    def local_path(self, iri: str) -> str | None:
        """The path on this server that serves an IRI minted under the base, or None."""
        if iri.startswith(self.base):
            return "/" + iri[len(self.base):]
        return None

    def link(self, iri: str) -> str:
        return self.local_path(iri) or iri


def add_routes(router, path: str, endpoint, methods: list[str], **kw) -> None:
    """One route per method, each with its own OpenAPI operation id (HEAD is left out of the docs)."""
    for method in methods:
        router.add_api_route(path, endpoint, methods=[method], operation_id=f"{endpoint.__name__}_{method.lower()}",
                             include_in_schema=method != "HEAD", **kw)


def get_service(request: Request) -> Service:
    return request.app.state.service


def checked_iri(value: str, what: str = "iri") -> URIRef:
    """A user-given IRI as an rdflib term, refused when it could not be written as <…>."""
    value = (value or "").strip()
    if not value or any(c in _BAD_IRI_CHARS for c in value) or ":" not in value:
        raise UsageError(f"{what}={value[:80]!r} is not an absolute IRI (e.g. https://w3id.org/unkg/id/state/FIN)",
                         code="bad_iri")
    return URIRef(value)


def document_by_symbol(service: Service, symbol: str, *, held: bool = False) -> URIRef:
    """The IRI of the document with a UN symbol (`held`: only one whose text the graph holds);
    NotFound otherwise."""
    sym = str(UNSymbol.parse(symbol))
    held_pattern = f"?doc {UNKG.expression.n3()} ?e ." if held else ""
    # unkg writes symbols as plain strings, which an index answers; a symbol typed otherwise
    # (data from elsewhere) is found by the scan that compares the strings
    for match in (f"?doc {UNKG.symbol.n3()} {Literal(sym).n3()} .",
                  f"?doc {UNKG.symbol.n3()} ?l FILTER(STR(?l) = {Literal(sym).n3()})"):
        rows = service.store.select(f"SELECT DISTINCT ?doc WHERE {{ {match} {held_pattern} }} ORDER BY ?doc LIMIT 1").rows
        if rows:
            return rows[0][0]
    raise NotFound(f"no document with symbol {sym} in the graph: /documents lists the documents")
