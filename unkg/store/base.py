"""The store interface: what every backend of unkg can do, and what it refuses.

Nothing above this package imports pyoxigraph or SPARQLWrapper. A backend declares its
capabilities; a write on a read-only store raises ReadOnlyStore rather than being
silently ignored. The same contract tests (tests/test_store_contract.py) run on every
backend.

Terms crossing this interface are rdflib terms (URIRef, Literal, BNode).
"""
from __future__ import annotations

import abc
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator, Mapping

from rdflib import Graph
from rdflib.term import Identifier, Node


#: serialisation names accepted by dump() and load_rdf(), with their media types
RDF_FORMATS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
#: formats that carry named graphs
DATASET_FORMATS = {"nq", "trig", "jsonld"}

#: result serialisations of SELECT / ASK
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

Triple = tuple[Node, Node, Node]


class RenderedGraph:
    """A graph with its N-Triples text, rendered once: the validation gate loads the text into
    its scratch store and the embedded store writes it, neither converting the triples again.
    It iterates as its triples, which is what other backends read, and knows its size."""

    __slots__ = ("graph", "ntriples", "_size")

    def __init__(self, graph: Graph, ntriples: str):
        self.graph = graph
        self.ntriples = ntriples
        self._size = ntriples.count("\n") + 1 if ntriples else 0    # N-Triples escapes newlines in terms

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.graph.triples((None, None, None)))

    def __len__(self) -> int:
        return self._size


@dataclass
class SelectResult:
    """Rows of a SELECT: variable names in order, each row a tuple of terms (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Identifier | None, ...]]
    truncated: bool = False

    def dicts(self) -> list[dict[str, Identifier | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


class SparqlAnswer(tuple):
    """(media type, body) of Store.sparql; `truncated` when `max_triples` cut a graph result."""

    def __new__(cls, media_type: str, body: bytes, truncated: bool = False):
        answer = super().__new__(cls, (media_type, body))
        answer.truncated = truncated
        return answer


def first_triples(triples: Iterable, limit: int, cut: list) -> Iterator:
    """The first `limit` items of `triples`; appends True to `cut` when there were more."""
    for i, triple in enumerate(triples):
        if i == limit:
            cut.append(True)
            return
        yield triple


@dataclass(frozen=True)
class Capabilities:
    writable: bool = True
    #: replace_graph / replace_graphs are atomic (all or nothing)
    atomic_replace: bool = True
    #: writes may run on a thread of their own while the same store object is read
    background_writes: bool = False
    #: the backend can stop a query after a deadline on its own
    query_timeout: bool = False
    #: description shown by `unkg stats` and the service description
    description: str = ""


class Store(abc.ABC):
    """A quad store holding one named graph per source document."""

    capabilities: Capabilities = Capabilities()
    location: str = ""

    # --- writes
    @abc.abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple] | Graph]) -> None:
        """Atomically replace each named graph's content (an absent graph is created)."""

    def replace_graph(self, graph: str, triples: Iterable[Triple] | Graph) -> None:
        self.replace_graphs({graph: triples})

    @abc.abstractmethod
    def drop_graphs(self, graphs: Iterable[str]) -> None:
        """Atomically remove named graphs; unknown graphs are ignored."""

    def drop_graph(self, graph: str) -> None:
        self.drop_graphs([graph])

    # --- reads
    @abc.abstractmethod
    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    def has_graph(self, graph: str) -> bool:
        return graph in set(self.graphs())

    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None,
               *, limit: int | None = None, union_default_graph: bool = True) -> SelectResult:
        """Run a SELECT. `bindings` are bound as RDF terms (never spliced into the text)."""

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        ...

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return the triples as an rdflib Graph."""

    @abc.abstractmethod
    def triples(self, graph: str | None = None) -> Iterator[Triple]:
        """The triples of one named graph, or of the union of all graphs."""

    @abc.abstractmethod
    def count(self, graph: str | None = None) -> int:
        """Number of quads in one graph, or in the whole store."""

    @abc.abstractmethod
    def dump(self, out: BinaryIO, fmt: str, graph: str | None = None) -> None:
        """Stream the store (or one graph) to `out` in one of RDF_FORMATS."""

    @abc.abstractmethod
    def sparql(self, query: str, result_format: str, *, union_default_graph: bool = True,
               default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
               max_triples: int | None = None) -> SparqlAnswer:
        """Run any read query and return (media type, serialised result) in `result_format`:
        a RESULT_FORMATS key for SELECT/ASK, an RDF_FORMATS key for CONSTRUCT/DESCRIBE. A graph
        result holds at most `max_triples` triples (`truncated` says it was cut)."""

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
