"""The validation gate: a document's graph must conform to shapes/ before it is written.

Validating one document stays cheap: the data graph is the document's own graph plus the
few triples the shapes need about the nodes it links to (their classes, State and concept
codes, labels, adoption and meeting dates), read from the store's other graphs in one
query, and the subclass axioms of the ontology. The shapes graph is parsed once.

On violation, InvalidData carries a report that names, for each result, the focus node,
the path, the value, the message and the text of the source paragraph the value was read
from (through unkg:derivedFrom, unkg:inParagraph or the paragraph itself).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from typing import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH
from rdflib.term import Node

from .config import Settings
from .errors import InvalidData, StoreError, UsageError
from .identifiers import Minter
from .resources import artifact_dir
from .vocab import PREFIXES, UNKG

#: what the shapes read about a linked node that lives in another graph
CONTEXT_PREDICATES = (RDF.type, RDFS.label, UNKG.iso3, UNKG.m49, UNKG.code, UNKG.adoptedOn,
                      UNKG.startDate, UNKG.endDate, UNKG.date, UNKG.number, UNKG.convention)
_CHUNK = 400
_MAX_RESULTS_SHOWN = 50


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
def _subclass_axioms() -> tuple[tuple[Node, Node, Node], ...]:
    """rdfs:subClassOf between unkg classes: sh:class and sh:targetClass follow them."""
    from .reference import ontology_graph

    ns = str(UNKG._NS)
    return tuple((s, RDFS.subClassOf, o) for s, o in ontology_graph().subject_objects(RDFS.subClassOf)
                 if str(s).startswith(ns) and str(o).startswith(ns))


# --- the data graph ------------------------------------------------------------------

def _linked_iris(graph: Graph, minter: Minter) -> tuple[list[URIRef], URIRef | None]:
    """The IRIs of the graph that may be described elsewhere, and the graph's own named-graph IRI."""
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
    for s, p, o in graph:
        if isinstance(s, URIRef):
            iris.add(s)
        if isinstance(o, URIRef) and p != RDF.type:
            iris.add(o)
    linked = sorted(i for i in iris if not any(str(i).startswith(w) for w in works))
    return linked, own


def _context_from_graph(source: Graph, iris: Iterable[URIRef]) -> Iterable[tuple[Node, Node, Node]]:
    for iri in iris:
        for p in CONTEXT_PREDICATES:
            for o in source.objects(iri, p):
                yield iri, p, o


def _context_from_store(store, iris: list[URIRef], exclude: list[URIRef]) -> Iterable[tuple[Node, Node, Node]]:
    preds = " ".join(p.n3() for p in CONTEXT_PREDICATES)
    excluded = f"FILTER (?g NOT IN ({', '.join(g.n3() for g in exclude)}))" if exclude else ""
    for i in range(0, len(iris), _CHUNK):
        values = " ".join(iri.n3() for iri in iris[i:i + _CHUNK])
        query = (f"SELECT DISTINCT ?s ?p ?o WHERE {{ VALUES ?s {{ {values} }} VALUES ?p {{ {preds} }} "
                 f"GRAPH ?g {{ ?s ?p ?o }} {excluded} }}")
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
    settings = settings or Settings()
    minter = Minter(settings.base_iri)
    linked, own = _linked_iris(graph, minter)
    data = Graph()
    data += graph
    for t in _subclass_axioms():
        data.add(t)
    own = exclude_graph or own
    if store is None:
        from .reference import reference_graph

        ref = reference_graph(minter)
        fetch = lambda iris: _context_from_graph(ref, iris)  # noqa: E731
    elif _store_reference_is_current(store, minter):
        fetch = lambda iris: _context_from_store(store, iris, [own] if own else [])  # noqa: E731
    else:
        # the store's reference data is missing or older than this unkg: use the built-in one
        from .reference import reference_graph

        ref = reference_graph(minter)
        skip = [g for g in (own, minter.reference_graph) if g is not None]
        fetch = lambda iris: [*_context_from_graph(ref, iris), *_context_from_store(store, iris, skip)]  # noqa: E731
    seen = set(linked)
    todo = linked
    for _ in range(2):          # the linked nodes, then what they link to (an article's convention)
        found: set[URIRef] = set()
        for t in fetch(todo):
            data.add(t)
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


def run_shapes(data: Graph) -> ValidationResult:
    """Validate a prepared data graph (see data_graph) against the compiled shapes."""
    from pyshacl import Validator
    from pyshacl.graph_abstraction import DataGraph

    # built over an empty shapes graph, then given the shapes compiled once (pySHACL would
    # otherwise harvest the shapes again for every document)
    validator = Validator(DataGraph.from_rdflib(data), shacl_graph=Graph(), options={"inference": "none", "inplace": True,
                                                                      "advanced": True, "allow_warnings": True})
    validator.shacl_graph = _compiled_shapes()
    target = validator.data_graph
    target.query = lambda query, *args, **kwargs: target.impl.query(_prepared(query), *args, **kwargs)
    conforms, report, _ = validator.run()
    if conforms:
        return ValidationResult(True, graph=data)
    violations = []
    for result in report.objects(None, SH.result):        # top-level results, not their sh:detail
        severity = report.value(result, SH.resultSeverity)
        if severity is not None and severity != SH.Violation:
            continue
        focus = report.value(result, SH.focusNode)
        messages = [m for m in report.objects(result, SH.resultMessage) if isinstance(m, Literal)]
        english = [m for m in messages if m.language in (None, "en")] or messages
        message = english[0] if english else Literal("does not conform")
        violations.append(Violation(
            focus=focus, path=report.value(result, SH.resultPath), value=report.value(result, SH.value),
            message=str(message), severity="Violation", source=_source_text(data, focus),
            shape=_node_shape(report.value(result, SH.sourceShape), message)))
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
                      graph_iri: URIRef | str | None = None) -> None:
    """Raise InvalidData with a readable report when `graph` violates the shapes.

    `store` gives the context of the linked nodes (None: the built-in reference data);
    `graph_iri`, when the document is already in the store, is left out of that context.
    """
    if len(shapes_graph()) == 0:
        return
    exclude = URIRef(str(graph_iri)) if graph_iri else None
    result = run_shapes(data_graph(graph, store, settings, exclude_graph=exclude))
    if not result.conforms:
        name = source_name or "the document"
        raise InvalidData(f"{name} does not conform to the shapes ({len(result.violations)} violation(s)); "
                          f"nothing was written: fix the source or the extraction and ingest it again",
                          result.text())


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


def validate_store(store, settings: Settings) -> StoreReport:
    """Validate every document graph of the store, each with the context of the others."""
    minter = Minter(settings.base_iri)
    skip = {str(minter.ontology_graph), str(minter.reference_graph)}
    details = []
    checked = 0
    for g in store.graphs():
        if g in skip:
            continue
        checked += 1
        graph = Graph()
        for t in store.triples(g):
            graph.add(t)
        try:
            validate_document(graph, store, settings, source_name=g, graph_iri=g)
        except InvalidData as e:
            details.append(f"{g}:\n{e.report}")
    return StoreReport(not details, details, checked)
