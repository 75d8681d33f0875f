"""The embedded backend: a pyoxigraph store on disk (or in memory for tests).

Writes go through one SPARQL Update per call, which Oxigraph applies in a transaction:
a document's graph is either wholly replaced or untouched, even if the process is killed.
Oxigraph allows one writing process per folder; a second one gets StoreLocked.

The default graph holds the union of the named graphs as a SET. Oxigraph's own union
mode (use_default_graph_as_union) yields a triple once per graph that holds it, so a
pattern of k triples over a resolution cited by n documents would match n^k times; unkg
therefore keeps the union materialised in the default graph, maintained by the same
transaction that writes a named graph: a triple leaves the default graph only when no
other named graph still holds it. Queries read the default graph; dumps and counts
leave it out.
"""
from __future__ import annotations

import io
import json
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO, Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Graph, Literal, URIRef
from rdflib.term import Identifier

from ..errors import QueryError, ReadOnlyStore, StoreError, StoreLocked, UsageError
from .base import (RDF_FORMATS, RESULT_FORMATS, Capabilities, RenderedGraph, SelectResult, SparqlAnswer, Store, Triple,
                   first_triples)
from .query_text import bind_inline, bind_values, substitutable

XSD_STRING = "http://www.w3.org/2001/XMLSchema#string"
RDF_LANG_STRING = "http://www.w3.org/1999/02/22-rdf-syntax-ns#langString"

OX_RDF_FORMATS = {
    "ttl": ox.RdfFormat.TURTLE,
    "nt": ox.RdfFormat.N_TRIPLES,
    "nq": ox.RdfFormat.N_QUADS,
    "trig": ox.RdfFormat.TRIG,
    "jsonld": ox.RdfFormat.JSON_LD,
    "rdfxml": ox.RdfFormat.RDF_XML,
}
OX_RESULT_FORMATS = {
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
}


@lru_cache(maxsize=256)
def _datatype(iri: str) -> URIRef:
    return URIRef(iri)


@lru_cache(maxsize=1 << 15)
def to_rdflib(term) -> Identifier | None:
    """pyoxigraph term → rdflib term. Recent conversions are kept: an rdflib Literal costs
    10-40 µs to build (its value is parsed), and queries return the same terms again."""
    if term is None:
        return None
    if isinstance(term, ox.NamedNode):
        return URIRef(term.value)
    if isinstance(term, ox.Literal):
        if term.language:
            return Literal(term.value, lang=term.language)
        dt = term.datatype.value
        if dt == XSD_STRING:
            return Literal(term.value)
        return Literal(term.value, datatype=_datatype(dt))
    if isinstance(term, ox.BlankNode):
        return BNode(term.value)
    raise StoreError(f"unsupported term in result: {term!r}")


def to_ox(term: Identifier):
    """rdflib term → pyoxigraph term."""
    if isinstance(term, URIRef):
        return ox.NamedNode(str(term))
    if isinstance(term, Literal):
        if term.language:
            return ox.Literal(str(term), language=term.language)
        if term.datatype is not None:
            return ox.Literal(str(term), datatype=ox.NamedNode(str(term.datatype)))
        return ox.Literal(str(term))
    if isinstance(term, BNode):
        return ox.BlankNode(str(term))
    raise UsageError(f"cannot bind {term!r}: only IRIs, literals and blank nodes")


def _check_iri(iri: str) -> str:
    if any(c in iri for c in '<>"{}|^`\\ \n'):
        raise UsageError(f"{iri!r} is not a valid graph IRI")
    return iri


class OxigraphStore(Store):
    """pyoxigraph on disk (`path`) or in memory (`path=None`)."""

    def __init__(self, path: str | Path | None = None, *, read_only: bool = False):
        self.location = str(path) if path else ":memory:"
        self.read_only = read_only
        self.capabilities = Capabilities(writable=not read_only, atomic_replace=True, background_writes=True, query_timeout=False,
                                         description=f"embedded pyoxigraph {ox.__version__ if hasattr(ox, '__version__') else ''} at {self.location}".strip())
        try:
            if path is None:
                self._store = ox.Store()
            elif read_only:
                if not (Path(path) / "CURRENT").exists():
                    raise StoreError(f"no store at {path}: run `unkg ingest` first, or pass --store")
                self._store = ox.Store.read_only(str(path))
            else:
                Path(path).mkdir(parents=True, exist_ok=True)
                self._store = ox.Store(str(path))
            if path is not None:
                self._ensure_union()
        except OSError as e:
            if "lock" in str(e).lower():
                raise StoreLocked(f"the store at {path} is in use by another unkg process (a running `unkg serve` "
                                  f"or ingest): stop it, or pass --store for another store") from None
            raise StoreError(f"cannot open the store at {path}: {str(e).splitlines()[0]}") from None

    @classmethod
    def in_memory(cls, triples: Iterable[Triple], texts: Iterable[str] = ()) -> "OxigraphStore":
        """A scratch in-memory store holding `triples` and the N-Triples `texts` in its default
        graph (no named graphs, no union upkeep): for validating documents' graphs."""
        store = cls(None)
        for text in texts:
            store._store.load(text, ox.RdfFormat.N_TRIPLES)
        terms: dict = {}

        def term(t):
            found = terms.get(t)
            if found is None:
                found = terms[t] = to_ox(t)
            return found

        store._store.extend([ox.Quad(term(s), term(p), term(o)) for s, p, o in triples])
        return store

    # --- writes
    def _writable(self):
        if self.read_only:
            raise ReadOnlyStore(f"the store at {self.location} is open read-only")

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple] | Graph]) -> None:
        self._writable()
        parts = []
        for g, triples in graphs.items():
            g = _check_iri(str(g))
            if self.has_graph(g):
                # (a new graph skips the deletes: with them, the same update costs a third
                # more; one process writes a store, and the service serialises its ingests)
                parts += _drop_from_union(g)
            body = _ntriples(triples)
            if body:
                # one INSERT DATA, so a blank node is the same node in both places
                parts.append(f"INSERT DATA {{ GRAPH <{g}> {{\n{body}\n}}\n{body}\n}}")
        if parts:
            self._update(" ;\n".join(parts))

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        self._writable()
        parts = [op for g in graphs for op in _drop_from_union(_check_iri(str(g)))]
        if parts:
            self._update(" ;\n".join(parts))

    def _ensure_union(self) -> None:
        """A store written before the union was materialised gets it built once."""
        has_named = next(iter(self._store.named_graphs()), None) is not None
        has_default = next(iter(self._store.quads_for_pattern(None, None, None, ox.DefaultGraph())), None) is not None
        if has_named and not has_default:
            if self.read_only:
                raise StoreError(f"the store at {self.location} was written by an older unkg: "
                                 f"run any `unkg ingest` on it once to upgrade it")
            self._update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    def _update(self, text: str) -> None:
        try:
            self._store.update(text)
        except SyntaxError as e:
            raise StoreError(f"the store refused the update: {str(e).splitlines()[0]}") from None
        except OSError as e:
            raise StoreError(f"the store could not write: {str(e).splitlines()[0]}") from None

    def load_quads_file(self, path: str | Path, fmt: str) -> None:
        """Bulk-load a dataset file as it is (used by benchmarks and restore); not atomic."""
        self._writable()
        self._store.bulk_load(path=str(path), format=OX_RDF_FORMATS[fmt])
        self._update("INSERT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }")

    # --- reads
    def graphs(self) -> list[str]:
        return sorted(g.value for g in self._store.named_graphs() if isinstance(g, ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        return self._store.contains_named_graph(ox.NamedNode(graph))

    def _query(self, query: str, bindings=None, union_default_graph=True, **kw):
        """Bindings are substituted into the patterns when that gives the same solutions as a
        trailing VALUES (query_text.substitutable), which Oxigraph joins only after the whole WHERE."""
        bound = {k: v for k, v in (bindings or {}).items() if v is not None}
        pushed = {k: v for k, v in bound.items() if isinstance(v, (URIRef, Literal)) and substitutable(query, [k])}
        if pushed:
            # substituted into the patterns (sub-selects included) and, unless the WHERE clause
            # is a UNION, stated by an opening VALUES so that the planner starts from them; the
            # others stay a trailing VALUES
            kw["substitutions"] = {ox.Variable(k): to_ox(v) for k, v in pushed.items()}
            text = bind_values(bind_inline(query, pushed), {k: v for k, v in bound.items() if k not in pushed})
        else:
            text = bind_values(query, bound)
        try:
            try:
                return self._store.query(text, **kw)
            except RuntimeError:                      # a substituted variable Oxigraph does not project
                if "substitutions" not in kw:
                    raise
                del kw["substitutions"]
                return self._store.query(bind_values(query, bound), **kw)
        except SyntaxError as e:
            raise QueryError(f"SPARQL syntax error: {str(e).splitlines()[0]}") from None
        except OSError as e:
            raise StoreError(f"the store could not answer: {str(e).splitlines()[0]}") from None
        except ValueError as e:
            raise QueryError(f"the query cannot run: {str(e).splitlines()[0]}") from None

    def select(self, query, bindings=None, *, limit=None, union_default_graph=True) -> SelectResult:
        result = self._query(query, bindings, union_default_graph)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        rows, truncated = [], False
        for i, solution in enumerate(result):      # a solution iterates its values in variable order
            if limit is not None and i >= limit:
                truncated = True
                break
            rows.append(tuple(map(to_rdflib, solution)))
        return SelectResult(variables, rows, truncated)

    def ask(self, query, bindings=None) -> bool:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def construct(self, query, bindings=None) -> Graph:
        result = self._query(query, bindings)
        if not isinstance(result, ox.QueryTriples):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        g = Graph()
        for t in result:
            g.add((to_rdflib(t.subject), to_rdflib(t.predicate), to_rdflib(t.object)))
        return g

    def triples(self, graph: str | None = None) -> Iterator[Triple]:
        g = ox.NamedNode(graph) if graph else ox.DefaultGraph()
        for q in self._store.quads_for_pattern(None, None, None, g):
            yield (to_rdflib(q.subject), to_rdflib(q.predicate), to_rdflib(q.object))

    def count(self, graph: str | None = None) -> int:
        """Quads of one named graph, or of all named graphs (the union copy is not counted)."""
        # counted by the engine, which does not decode the terms (10x faster than iterating)
        pattern = "?s ?p ?o" if graph is None else f"GRAPH <{_check_iri(graph)}> {{ ?s ?p ?o }}"
        n = int(next(iter(self._store.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ {pattern} }}")))[0].value)
        return len(self._store) - n if graph is None else n

    def dump(self, out: BinaryIO, fmt: str, graph: str | None = None) -> None:
        if fmt not in OX_RDF_FORMATS:
            raise UsageError(f"unknown RDF format {fmt!r}: use one of {', '.join(RDF_FORMATS)}")
        ox_fmt = OX_RDF_FORMATS[fmt]
        if graph:
            if not self.has_graph(graph):
                raise UsageError(f"no graph {graph} in the store: `unkg stats` lists the graphs")
            self._store.dump(out, format=ox_fmt, from_graph=ox.NamedNode(graph))
        elif ox_fmt.supports_datasets:
            # the named graphs, each dumped natively in turn (the default graph is only their
            # union): N-Triples lines given the graph's name, Turtle in a TriG graph block,
            # JSON-LD nodes in a named-graph object; no quad goes through Python
            if fmt == "jsonld":
                out.write(b"[")
            first = True
            for g in self._store.named_graphs():
                name = str(g).encode()          # <iri> or _:id
                if fmt == "nq":
                    self._store.dump(_GraphLines(out, name), format=ox.RdfFormat.N_TRIPLES, from_graph=g)
                    continue
                if next(iter(self._store.quads_for_pattern(None, None, None, g)), None) is None:
                    continue
                if fmt == "trig":
                    out.write(name + b" {\n")
                    self._store.dump(out, format=ox.RdfFormat.TURTLE, from_graph=g)
                    out.write(b"}\n")
                else:
                    out.write((b"" if first else b",") + b'{"@id":' + json.dumps(g.value if isinstance(
                        g, ox.NamedNode) else f"_:{g.value}").encode() + b',"@graph":')
                    self._store.dump(out, format=ox.RdfFormat.JSON_LD, from_graph=g)
                    out.write(b"}")
                first = False
            if fmt == "jsonld":
                out.write(b"]")
        else:
            # a triple format of the whole dataset: the union of its graphs, as a set
            self._store.dump(out, format=ox_fmt, from_graph=ox.DefaultGraph())

    def sparql(self, query, result_format, *, union_default_graph=True, default_graphs=None, named_graphs=None,
               max_triples=None):
        kw = {}
        if default_graphs:
            kw["default_graph"] = [ox.NamedNode(g) for g in default_graphs]
        if named_graphs:
            kw["named_graphs"] = [ox.NamedNode(g) for g in named_graphs]
        result = self._query(query, None, union_default_graph, **kw)
        buf = io.BytesIO()
        if isinstance(result, ox.QueryTriples):
            if result_format not in OX_RDF_FORMATS:
                raise UsageError(f"a graph result cannot be given as {result_format!r}")
            cut: list = []
            triples = result if max_triples is None else first_triples(result, max_triples, cut)
            ox.serialize(triples, buf, format=OX_RDF_FORMATS[result_format])
            return SparqlAnswer(RDF_FORMATS[result_format], buf.getvalue(), bool(cut))
        if result_format not in OX_RESULT_FORMATS:
            raise UsageError(f"a SELECT or ASK result cannot be given as {result_format!r}")
        result.serialize(buf, format=OX_RESULT_FORMATS[result_format])
        return SparqlAnswer(RESULT_FORMATS[result_format], buf.getvalue())

    def flush(self) -> None:
        if not self.read_only:
            self._store.flush()

    def close(self) -> None:
        if getattr(self, "_store", None) is not None:
            try:
                self.flush()
            finally:
                del self._store
                self._store = None


def render(graph: Graph) -> RenderedGraph:
    """The graph with its N-Triples text (see RenderedGraph); StoreError for a term the store
    would refuse."""
    return RenderedGraph(graph, _ntriples(graph.triples((None, None, None))))


def _ntriples(triples: Iterable[Triple]) -> str:
    """Triples as N-Triples lines (valid in an INSERT DATA): each term rendered once by
    pyoxigraph, which also checks it (faster than rdflib's n3())."""
    if isinstance(triples, RenderedGraph):
        return triples.ntriples
    rendered: dict = {}

    def text(term) -> str:
        found = rendered.get(term)
        if found is None:
            try:
                found = rendered[term] = str(to_ox(term))
            except ValueError as e:             # an invalid IRI or language tag
                raise StoreError(f"the store refused the update: {str(e).splitlines()[0]} ({term!r})") from None
        return found

    return "\n".join(f"{text(s)} {text(p)} {text(o)} ." for s, p, o in triples)


def _drop_from_union(graph: str) -> list[str]:
    """Update operations that empty a named graph and take out of the default graph the
    triples no other named graph holds."""
    return [
        f"DELETE {{ ?s ?p ?o }} WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} "
        f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != <{graph}>) }} }}",
        f"DROP SILENT GRAPH <{graph}>",
    ]


class _GraphLines:
    """A writer that turns the N-Triples lines written to it into N-Quads lines of one graph
    (a line ends with " .\n" and holds no other newline: N-Triples escapes them)."""

    def __init__(self, out: BinaryIO, graph: bytes):
        self.out = out
        self.end = b" " + graph + b" .\n"
        self.rest = b""

    def write(self, data) -> int:
        chunk = self.rest + bytes(data)
        cut = chunk.rfind(b"\n") + 1
        self.rest = chunk[cut:]
        if cut:
            self.out.write(chunk[:cut].replace(b" .\n", self.end))
        return len(data)

    def flush(self) -> None:
        pass
