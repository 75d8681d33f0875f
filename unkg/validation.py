"""The validation gate: a document's graph must conform to shapes/ before it is written.

Validating one document stays cheap: the data graph is the document's own graph plus the
few triples the shapes need about the nodes it links to (their classes, State and concept
codes, labels, adoption and meeting dates), read from the store's default graph (the union
of its graphs) one index lookup per node and predicate, so the cost does not grow with the
store, and the subclass axioms of the ontology. The shapes graph is parsed once.

On violation, InvalidData carries a report that names, for each result, the focus node,
the path, the value, the message and the text of the source paragraph the value was read
from (through unkg:derivedFrom, unkg:inParagraph or the paragraph itself).

The shapes run as SPARQL queries compiled once (unkg/shacl_sparql.py) on an in-memory
pyoxigraph store holding the data graph, or, for `validate_store`, once over the union of
the store's graphs. pySHACL is the reference implementation: `engine="pyshacl"` or
UNKG_SHACL_ENGINE=pyshacl (docs/validation-performance.md).
"""
from __future__ import annotations

import os
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable, Sequence

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .config import Settings
from .errors import InvalidData, StoreError, UsageError
from .identifiers import Minter
from .resources import artifact_dir
from .store.base import RenderedGraph
from .vocab import PREFIXES, UNKG

#: what the shapes read about a linked node that lives in another graph
CONTEXT_PREDICATES = (RDF.type, RDFS.label, UNKG.iso3, UNKG.m49, UNKG.code, UNKG.adoptedOn,
                      UNKG.startDate, UNKG.endDate, UNKG.date, UNKG.number, UNKG.convention)
_CONTEXT_SET = frozenset(CONTEXT_PREDICATES)
#: rdf:type as a plain string: predicates are IRIs, and str equality spares rdflib's __eq__,
#: a Python call per triple (8x faster over a batch's 20,000 triples)
_RDF_TYPE = str(RDF.type)
_CHUNK = 400
_MAX_RESULTS_SHOWN = 50
#: the engines that run the shapes: the shapes compiled to SPARQL on pyoxigraph (unkg/shacl_sparql.py),
#: or pySHACL, the reference implementation (slower: ~0.15 ms per triple)
ENGINES = ("sparql", "pyshacl")


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    """shapes/*.ttl, parsed once per process."""
    g = Graph()
    for f in sorted(artifact_dir("shapes").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


@lru_cache(maxsize=1)
def _compiled_shapes():
    """pySHACL's compiled form of the shapes graph, built once and shared by every validation."""
    from pyshacl.shapes_graph import ShapesGraph

    sg = ShapesGraph(shapes_graph())
    sg.shapes  # harvest the shapes now  # noqa: B018
    return sg


@lru_cache(maxsize=1)
def sparql_shapes():
    """The shapes compiled to SPARQL SELECT queries, once per process."""
    from .shacl_sparql import compile_shapes

    return compile_shapes(shapes_graph(), [(s, o) for s, _, o in _subclass_axioms()])


@lru_cache(maxsize=1)
def _fallback_shapes():
    """pySHACL's compiled form of the shapes the SPARQL compiler leaves to it (None: none,
    and pySHACL, 0.3 s to import, is not imported)."""
    compiled = sparql_shapes()
    if not compiled.fallback:
        return None
    from pyshacl.shapes_graph import ShapesGraph

    from .shacl_sparql import fallback_shapes_graph

    sg = ShapesGraph(fallback_shapes_graph(shapes_graph(), compiled))
    sg.shapes  # noqa: B018
    return sg


def engine_name(engine: str | None = None, settings: Settings | None = None) -> str:
    """`engine`, else the settings' shacl_engine, else $UNKG_SHACL_ENGINE, else "sparql"."""
    name = engine or (settings.shacl_engine if settings is not None else None) \
        or os.environ.get("UNKG_SHACL_ENGINE") or "sparql"
    if name not in ENGINES:
        raise UsageError(f"unknown SHACL engine {name!r}: use one of {', '.join(ENGINES)} (UNKG_SHACL_ENGINE)")
    return name


@lru_cache(maxsize=1)
def _subclass_axioms() -> tuple[tuple[Node, Node, Node], ...]:
    """rdfs:subClassOf between unkg classes: sh:class and sh:targetClass follow them."""
    from .reference import ontology_graph

    ns = str(UNKG._NS)
    return tuple((s, RDFS.subClassOf, o) for s, o in ontology_graph().subject_objects(RDFS.subClassOf)
                 if str(s).startswith(ns) and str(o).startswith(ns))


# --- the data graph ------------------------------------------------------------------

def _linked_iris(graph: Graph, minter: Minter, triples: list | None = None) -> tuple[list[URIRef], URIRef | None]:
    """The IRIs of the graph that may be described elsewhere, and the graph's own named-graph IRI
    (`triples`: the graph's triples, when already listed)."""
    own: URIRef | None = None
    works: set[str] = set()
    for expr, work in graph.subject_objects(UNKG.realizes):
        works.add(str(work) + "/")
        if own is None and isinstance(expr, URIRef):
            try:
                own = minter.graph(expr)
            except UsageError:          # an expression minted under another base has no graph of ours
                own = None
    iris: set[URIRef] = set()
    for s, p, o in (graph if triples is None else triples):
        if isinstance(s, URIRef):
            iris.add(s)
        if isinstance(o, URIRef) and not str.__eq__(p, _RDF_TYPE):
            iris.add(o)
    linked = sorted(i for i in iris if not any(str(i).startswith(w) for w in works))
    return linked, own


def _context_from_graph(source: Graph, iris: Iterable[URIRef]) -> Iterable[tuple[Node, Node, Node]]:
    for iri in iris:
        for p in CONTEXT_PREDICATES:
            for o in source.objects(iri, p):
                yield iri, p, o


def _context_from_store(store, iris: list[URIRef], exclude: list[URIRef]) -> Iterable[tuple[Node, Node, Node]]:
    """The CONTEXT_PREDICATES triples of `iris` in the store's other graphs.

    Read from the default graph, which is the union of the named graphs as a set: a shared
    node's triples come once however many documents hold them, and each (node, predicate)
    is one index lookup, so the cost does not grow with the store. (A VALUES ?p list joined
    with VALUES ?s made Oxigraph scan every triple of the predicates: 0.5 s per report at
    1,000 documents, 3 s at 10,000.)
    """
    exclude = [g for g in exclude if store.has_graph(str(g))]
    condition = ""
    if exclude:
        # the document's own earlier version must not vouch for itself: a triple it holds
        # counts only when another graph holds it too
        own = " ".join(f"GRAPH {g.n3()} {{ ?s ?p ?o }}" for g in exclude)
        others = ", ".join(g.n3() for g in exclude)
        condition = (f"FILTER (NOT EXISTS {{ {own} }} || "
                     f"EXISTS {{ GRAPH ?g {{ ?s ?p ?o }} FILTER (?g NOT IN ({others})) }})")
    branches = " UNION ".join(f"{{ ?s {p.n3()} ?o BIND({p.n3()} AS ?p) }}" for p in CONTEXT_PREDICATES)
    for i in range(0, len(iris), _CHUNK):
        values = " ".join(iri.n3() for iri in iris[i:i + _CHUNK])
        query = f"SELECT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} {{ {branches} }} {condition} }}"
        result = store.select(query)
        if result.truncated:
            raise StoreError("the store cut the answer to the validation context query; raise its row limit")
        for s, p, o in result.rows:
            yield s, p, o


def _store_reference_is_current(store, minter: Minter) -> bool:
    """Whether the store's reference graph was built from the reference data of this version."""
    from rdflib import OWL

    from .reference import reference_version

    return store.ask("ASK { GRAPH ?g { ?g ?p ?v } }", {"g": minter.reference_graph, "p": OWL.versionInfo,
                                                       "v": Literal(reference_version())})


def data_graph(graph: Graph, store=None, settings: Settings | None = None, *,
               exclude_graph: URIRef | None = None) -> Graph:
    """The graph the shapes see: the document, the subclass axioms and the linked nodes' context.

    The context comes from the store's other graphs, or from the built-in reference graph
    when no store is given or when the store's reference graph is not the current one.
    """
    return _graph(data_triples(graph, store, settings, exclude_graph=exclude_graph))


def data_triples(graph: Graph, store=None, settings: Settings | None = None, *,
                 exclude_graph: URIRef | None = None, also: Sequence[Graph] = (),
                 run: "RunContext | None" = None) -> list[tuple[Node, Node, Node]]:
    """The triples of data_graph(), without building an rdflib Graph (duplicates possible).

    `also`: graphs not in the store that give context too; `run`: the context of an ingest run."""
    settings = settings or Settings()
    minter = Minter(settings.base_iri)
    data = list(graph.triples((None, None, None)))  # (list(graph) would count it first)
    linked, own = _linked_iris(graph, minter, data)
    own = exclude_graph or own
    return _with_context(data, linked, _context_fetcher(store, minter, [own] if own else [], also, run))


def batch_triples(graphs: Sequence[Graph], store, settings: Settings, *,
                  run: "RunContext | None" = None) -> list[tuple[Node, Node, Node]]:
    """The data graph of several documents validated together: their triples and the context
    of the nodes they link to, read once for all of them."""
    minter = Minter(settings.base_iri)
    data: list = []
    linked: set[URIRef] = set()
    own: list[URIRef] = []
    for graph in graphs:
        triples = list(graph.triples((None, None, None)))
        data.extend(triples)
        iris, g = _linked_iris(graph, minter, triples)
        linked.update(iris)
        if g is not None:
            own.append(g)
    return _with_context(data, sorted(linked), _context_fetcher(store, minter, own, (), run))


class RunContext:
    """The context of linked nodes during an ingest run.

    What the store holds about a node is read once per run (a report links to some 80 nodes,
    each one index lookup per context predicate, ~15 µs each on disk), and the documents of
    the run that are queued but not yet written add theirs. Once a document is written, what
    it says of a node already read is added to that node's cached context, as the store now
    holds it too. Replacing a document empties the cache: its earlier version may have
    described them.
    """

    MAX_CACHED = 200_000

    def __init__(self, store):
        self.store = store
        self._cache: dict[URIRef, list] = {}
        self._queued: dict[str, dict[URIRef, list]] = {}

    def queued(self, graph_iri: str, graph: Graph, *, replaces: bool) -> None:
        if replaces:
            self._cache.clear()
        described: dict[URIRef, list] = {}
        for t in graph.triples((None, None, None)):
            if t[1] in _CONTEXT_SET and isinstance(t[0], URIRef):
                described.setdefault(t[0], []).append(t)
        self._queued[graph_iri] = described

    def written(self, graph_iri: str) -> None:
        """The document is in the store now: what it says of a node cached is added to it."""
        for iri, triples in self._queued.pop(graph_iri, {}).items():
            cached = self._cache.get(iri)
            if cached is not None:
                cached.extend(t for t in triples if t not in cached)

    def from_run(self, iris: list[URIRef]) -> list:
        return [t for described in self._queued.values() for i in iris for t in described.get(i, ())]

    def from_store(self, iris: list[URIRef]) -> list:
        missing = [i for i in iris if i not in self._cache]
        if missing:
            if len(self._cache) + len(missing) > self.MAX_CACHED:
                self._cache.clear()
            for i in missing:
                self._cache[i] = []
            for t in _context_from_store(self.store, missing, []):
                self._cache.setdefault(t[0], []).append(t)
        return [t for i in iris for t in self._cache.get(i, ())]


def _context_fetcher(store, minter: Minter, own: list[URIRef], also: Sequence[Graph], run: RunContext | None = None):
    """A function from linked IRIs to their context triples: from the store (leaving out the
    graphs in `own`, earlier versions of the documents being validated), the graphs in `also`
    and the run's queued documents, or the built-in reference data when there is no store or
    its reference data is not current."""
    if store is None:
        from .reference import reference_graph

        ref = reference_graph(minter)
        sources = [lambda iris: _context_from_graph(ref, iris)]
    elif _store_reference_is_current(store, minter):
        own = [g for g in own if store.has_graph(str(g))]
        if run is not None and not own:
            sources = [run.from_store]
        else:
            sources = [lambda iris: _context_from_store(store, iris, own)]
    else:
        # the store's reference data is missing or older than this unkg: use the built-in one
        from .reference import reference_graph

        ref = reference_graph(minter)
        skip = [*own, minter.reference_graph]
        sources = [lambda iris: _context_from_graph(ref, iris), lambda iris: _context_from_store(store, iris, skip)]
    sources += [lambda iris, g=g: _context_from_graph(g, iris) for g in also]
    if run is not None:
        sources.append(run.from_run)
    return lambda iris: [t for source in sources for t in source(iris)]


def _with_context(data: list, linked: list[URIRef], fetch) -> list:
    """`data` with the subclass axioms and the context of the linked nodes, then of what they
    link to (an article's convention)."""
    data.extend(_subclass_axioms())
    seen = set(linked)
    todo = linked
    for _ in range(2):
        found: set[URIRef] = set()
        for t in fetch(todo):
            data.append(t)
            if isinstance(t[2], URIRef) and t[1] != RDF.type and t[2] not in seen:
                found.add(t[2])
        seen |= found
        todo = sorted(found)
        if not todo:
            break
    return data


# --- running the shapes --------------------------------------------------------------

@lru_cache(maxsize=256)
def _prepared(query):
    """The SPARQL constraints of the shapes, parsed once (rdflib's parser takes ~0.1 s per query)."""
    from rdflib.plugins.sparql import prepareQuery

    return prepareQuery(query) if isinstance(query, str) else query


@dataclass
class Violation:
    focus: Node
    path: Node | None
    value: Node | None
    message: str
    severity: str
    source: str = ""
    #: the NodeShape the violated constraint belongs to
    shape: Node | None = None

    def lines(self, graph: Graph) -> list[str]:
        out = [f"- focus:   {_show(graph, self.focus)}"]
        if self.path is not None:
            out.append(f"  path:    {_show(graph, self.path)}")
        if self.value is not None:
            out.append(f"  value:   {_show(graph, self.value)}")
        out.append(f"  message: {self.message}")
        if self.source:
            out.append(f"  source:  {self.source}")
        return out


@dataclass
class ValidationResult:
    conforms: bool
    violations: list[Violation] = field(default_factory=list)
    graph: Graph = field(default_factory=Graph)

    def text(self) -> str:
        if self.conforms:
            return "conforms to the shapes"
        lines = [f"{len(self.violations)} violation(s):"]
        for v in self.violations[:_MAX_RESULTS_SHOWN]:
            lines.extend(v.lines(self.graph))
        if len(self.violations) > _MAX_RESULTS_SHOWN:
            lines.append(f"… and {len(self.violations) - _MAX_RESULTS_SHOWN} more")
        return "\n".join(lines)


def shape_results(data: Graph, engine: str | None = None) -> list:
    """Every result (unkg.shacl_sparql.Result, any severity) of the shapes on a prepared data graph."""
    if engine_name(engine) == "pyshacl":
        return _pyshacl_results(data, _compiled_shapes())
    return _sparql_results(list(data), data)


def _sparql_results(triples: list, data: Graph | None, rendered: Sequence[RenderedGraph] = ()) -> list:
    """The compiled queries on `triples` loaded into an in-memory store (pySHACL for the shapes
    the compiler leaves to it, on `data`, built from the triples when not given). `rendered`:
    the graphs whose triples open the list, their N-Triples loaded instead of them."""
    from .shacl_sparql import load_memory_store

    skip = sum(len(r) for r in rendered)
    memory = load_memory_store(triples[skip:], [r.ntriples for r in rendered])
    types = {o for _, p, o in triples if str.__eq__(p, _RDF_TYPE)}
    predicates = {p for _, p, _ in triples}
    results = _store_results(memory, types=types, predicates=predicates)
    fallback = _fallback_shapes()
    if fallback is not None:
        results += _pyshacl_results(data if data is not None else _graph(triples), fallback)
    return results


def _graph(triples) -> Graph:
    g = Graph()
    for t in triples:
        g.add(t)
    return g


def _store_results(store, **relevant) -> list:
    """The compiled queries over the union of `store`'s graphs."""
    def select(query):
        result = store.select(query)
        if result.truncated:
            raise StoreError("the store cut the answer to a validation query; raise its row limit")
        return result.variables, result.rows

    return sparql_shapes().results(select, **relevant)


def _pyshacl_results(data: Graph, shapes) -> list:
    from pyshacl import Validator
    from pyshacl.graph_abstraction import DataGraph

    from .shacl_sparql import Result

    # built over an empty shapes graph, then given the shapes compiled once (pySHACL would
    # otherwise harvest the shapes again for every document)
    validator = Validator(DataGraph.from_rdflib(data), shacl_graph=Graph(), options={"inference": "none", "inplace": True,
                                                                      "advanced": True, "allow_warnings": True})
    validator.shacl_graph = shapes
    target = validator.data_graph
    target.query = lambda query, *args, **kwargs: target.impl.query(_prepared(query), *args, **kwargs)
    conforms, report, _ = validator.run()
    if conforms:
        return []
    out = []
    for result in report.objects(None, SH.result):        # top-level results, not their sh:detail
        messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        english = [m for m in messages if m.language in (None, "en")] or messages
        message = english[0] if english else Literal("does not conform")
        source = report.value(result, SH.sourceShape)
        out.append(Result(
            focus=report.value(result, SH.focusNode), path=report.value(result, SH.resultPath),
            value=report.value(result, SH.value), component=report.value(result, SH.sourceConstraintComponent),
            severity=report.value(result, SH.resultSeverity) or SH.Violation, message=str(message),
            node_shape=_node_shape(source, message), source=source if isinstance(source, URIRef) else None))
    return out


def run_shapes(data: Graph, engine: str | None = None) -> ValidationResult:
    """Validate a prepared data graph (see data_graph) against the shapes."""
    return _violations(shape_results(data, engine), data)


def _violations(results, data: Graph) -> ValidationResult:
    violations = [Violation(focus=r.focus, path=r.path, value=r.value, message=r.message, severity="Violation",
                            source=_source_text(data, r.focus), shape=r.node_shape)
                  for r in results if r.severity == SH.Violation]
    violations.sort(key=lambda v: (str(v.focus), str(v.path), str(v.value), v.message))
    return ValidationResult(not violations, violations, data)


def _node_shape(source: Node | None, message: Literal) -> Node | None:
    """The NodeShape of a result: its source shape, or the node shape owning the property shape
    (pySHACL copies blank property shapes into the report, so they are found by their message)."""
    shapes = shapes_graph()
    if isinstance(source, URIRef):
        return shapes.value(None, SH.property, source) or source
    for shape in shapes.subjects(SH.message, message):
        return shapes.value(None, SH.property, shape) or shape
    return None


def _source_text(graph: Graph, focus: Node | None, limit: int = 240) -> str:
    """The paragraph the focus node was read from, with its text."""
    if focus is None:
        return ""
    paragraphs = list(graph.objects(focus, UNKG.derivedFrom)) or list(graph.objects(focus, UNKG.inParagraph))
    if not paragraphs and (focus, RDF.type, UNKG.Paragraph) in graph:
        paragraphs = [focus]
    if not paragraphs:
        for subject in graph.subjects(None, focus):
            paragraphs = list(graph.objects(subject, UNKG.derivedFrom))
            if paragraphs:
                break
    for para in sorted(paragraphs, key=str):
        for text in graph.objects(para, UNKG.text):
            body = str(text)
            if len(body) > limit:
                body = body[:limit - 1] + "…"
            lang = f"@{text.language}" if isinstance(text, Literal) and text.language else ""
            return f"paragraph {para}{lang}: \"{body}\""
    return ""


def _show(graph: Graph, node: Node) -> str:
    if isinstance(node, URIRef):
        for prefix in ("unkg", "rdfs", "skos", "prov"):
            ns = PREFIXES[prefix]
            if str(node).startswith(ns):
                return f"{prefix}:{str(node)[len(ns):]}"
        return f"<{node}>"
    if isinstance(node, Literal):
        return node.n3()
    return str(node)


# --- the gate and the store check ----------------------------------------------------

def validate_document(graph: Graph, store, settings: Settings, *, source_name: str = "",
                      graph_iri: URIRef | str | None = None, engine: str | None = None,
                      also: Sequence[Graph] = (), run: RunContext | None = None) -> None:
    """Raise InvalidData with a readable report when `graph` violates the shapes.

    `store` gives the context of the linked nodes (None: the built-in reference data);
    `graph_iri`, when the document is already in the store, is left out of that context;
    `also` (graphs not in the store) and `run` (an ingest run's documents) give context too.
    `engine`: "sparql" (default) or "pyshacl" (see ENGINES).
    """
    if len(shapes_graph()) == 0:
        return
    engine = engine_name(engine, settings)
    exclude = URIRef(str(graph_iri)) if graph_iri else None
    triples = data_triples(graph, store, settings, exclude_graph=exclude, also=also, run=run)
    if engine == "pyshacl":
        result = run_shapes(_graph(triples), engine)
    else:
        results = _sparql_results(triples, None)
        # the report's graph (source paragraphs) is only built when there is something to report
        result = _violations(results, _graph(triples) if results else Graph())
    if not result.conforms:
        name = source_name or "the document"
        raise InvalidData(f"{name} does not conform to the shapes ({len(result.violations)} violation(s)); "
                          f"nothing was written: fix the source or the extraction and ingest it again",
                          result.text())


def validate_documents(documents: Sequence[tuple[Graph | RenderedGraph, str]], store, settings: Settings, *,
                       run: RunContext | None = None) -> list[InvalidData | None]:
    """Validate several documents (graph, source name) together: one run of the shapes over
    their union with the context of what they link to; the result says, per document, why it
    is refused (None: it conforms).

    When that run finds a violation, the documents are validated again one by one in their
    order, each with the context of the ones before it that conform: the verdicts of
    ingesting them one by one, so a broken document is named and does not taint the others.
    """
    if not documents:
        return []
    rendered = [g for g, _ in documents if isinstance(g, RenderedGraph)]
    documents = [(g.graph if isinstance(g, RenderedGraph) else g, name) for g, name in documents]
    if len(shapes_graph()) and engine_name(None, settings) == "sparql" and len(documents) > 1:
        # the documents' triples come first in the data: their N-Triples stand in for them
        triples = batch_triples([g for g, _ in documents], store, settings, run=run)
        results = _sparql_results(triples, None, rendered if len(rendered) == len(documents) else ())
        if not [r for r in results if r.severity == SH.Violation]:
            return [None] * len(documents)
    out: list[InvalidData | None] = []
    passed: list[Graph] = []
    for graph, name in documents:
        try:
            validate_document(graph, store, settings, source_name=name, also=passed, run=run)
            out.append(None)
            passed.append(graph)
        except InvalidData as e:
            out.append(e)
    return out


@dataclass
class StoreReport:
    """The outcome of `unkg validate`: one entry per non-conforming document graph."""

    conforms: bool
    details: list[str]
    graphs_checked: int = 0

    def text(self) -> str:
        if self.conforms:
            return f"the store conforms to the shapes ({self.graphs_checked} document graph(s) checked)"
        return "\n".join(self.details + [f"{len(self.details)} of {self.graphs_checked} document graph(s) "
                                         f"do not conform to the shapes"])


def validate_store(store, settings: Settings, *, engine: str | None = None) -> StoreReport:
    """Validate every document graph of the store, each with the context of the others.

    With the SPARQL engine, each compiled query runs once over the union of the store's
    graphs and the results are then attributed to the document graphs that describe their
    focus nodes. With pySHACL, or when the store's reference data is not the current one
    (the built-in reference data then stands in for it), each document graph is validated
    on its own with the context of its linked nodes; so is a remote store.
    """
    minter = Minter(settings.base_iri)
    skip = {str(minter.ontology_graph), str(minter.reference_graph)}
    documents = [g for g in store.graphs() if g not in skip]
    engine = engine_name(engine, settings)
    if engine == "sparql" and len(shapes_graph()) and not sparql_shapes().fallback \
            and _runs_compiled_queries(store) and _store_reference_is_current(store, minter):
        return _validate_union(store, documents, skip)
    details = []
    for g in documents:
        graph = Graph()
        for t in store.triples(g):
            graph.add(t)
        try:
            validate_document(graph, store, settings, source_name=g, graph_iri=g, engine=engine)
        except InvalidData as e:
            details.append(f"{g}:\n{e.report}")
    return StoreReport(not details, details, len(documents))


def _runs_compiled_queries(store) -> bool:
    """Whether the store's own engine runs the compiled queries: the embedded pyoxigraph store.
    A remote store (another SPARQL dialect) is validated document by document, the queries
    running on an in-memory pyoxigraph store."""
    from .store.oxigraph import OxigraphStore

    return isinstance(store, OxigraphStore)


def _validate_union(store, documents: list[str], skip: set[str]) -> StoreReport:
    results = [r for r in _store_results(store, split=True, workers=min(2, os.cpu_count() or 1))
               if r.severity == SH.Violation]
    if not results:
        return StoreReport(True, [], len(documents))
    by_graph: dict[str, list] = {}
    for r, graphs in zip(results, _owners(store, [r.focus for r in results], skip)):
        for g in graphs:
            by_graph.setdefault(g, []).append(r)
    sources = _source_triples(store, by_graph)
    details = [f"{g}:\n{_violations(by_graph[g], sources.get(g, Graph())).text()}" for g in sorted(by_graph)]
    return StoreReport(False, details, len(documents))


_SOURCE_QUERY = """
PREFIX rdf: <http://www.w3.org/1999/02/22-rdf-syntax-ns#>
PREFIX unkg: <https://w3id.org/unkg/ontology#>
SELECT DISTINCT ?g ?s ?p ?o WHERE { VALUES (?f ?g) { %s } GRAPH ?g {
    { ?f ?p ?o . FILTER (?p IN (unkg:derivedFrom, unkg:inParagraph, unkg:text, rdf:type)) BIND(?f AS ?s) }
    UNION { ?f unkg:derivedFrom|unkg:inParagraph ?s . ?s unkg:text ?o . BIND(unkg:text AS ?p) }
    UNION { ?s ?p ?f . ?s unkg:derivedFrom [] . BIND(?f AS ?o) }
    UNION { ?x ?link ?f . ?x unkg:derivedFrom ?o . BIND(?x AS ?s) BIND(unkg:derivedFrom AS ?p) }
    UNION { ?x ?link ?f . ?x unkg:derivedFrom ?s . ?s unkg:text ?o . BIND(unkg:text AS ?p) }
} }"""


def _source_triples(store, by_graph: dict[str, list]) -> dict[str, Graph]:
    """Per graph, the triples _source_text reads about its focus nodes (their source
    paragraphs and texts), rather than the whole graph."""
    pairs = sorted({(r.focus, g) for g, results in by_graph.items() if g.startswith(("http://", "https://"))
                    for r in results}, key=str)
    out: dict[str, Graph] = {}
    for i in range(0, len(pairs), _CHUNK):
        values = " ".join(f"({f.n3()} <{g}>)" for f, g in pairs[i:i + _CHUNK])
        result = store.select(_SOURCE_QUERY % values)
        for g, s, p, o in result.rows:
            out.setdefault(str(g), Graph()).add((s, p, o))
    return out


def _owners(store, nodes: list[Node], skip: set[str]) -> list[list[str]]:
    """For each node, the document graphs that describe it (else those that link to it; else
    the reference or ontology graph that holds it)."""
    subject_of: dict[Node, set[str]] = {}
    object_of: dict[Node, set[str]] = {}
    unique = sorted(set(nodes), key=str)
    for i in range(0, len(unique), _CHUNK):
        values = " ".join(n.n3() for n in unique[i:i + _CHUNK])
        rows = store.select(f"SELECT DISTINCT ?n ?g ?as WHERE {{ VALUES ?n {{ {values} }} "
                            f"{{ GRAPH ?g {{ ?n ?p ?o }} BIND(\"s\" AS ?as) }} UNION "
                            f"{{ GRAPH ?g {{ ?s ?p ?n }} BIND(\"o\" AS ?as) }} }}").rows
        for n, g, kind in rows:
            (subject_of if str(kind) == "s" else object_of).setdefault(n, set()).add(str(g))
    out = []
    for n in nodes:
        for found in (subject_of.get(n, set()), object_of.get(n, set())):
            docs = sorted(found - skip)
            if docs:
                break
        else:
            docs = sorted(subject_of.get(n, set()) | object_of.get(n, set())) or ["(no graph)"]
        out.append(docs)
    return out
