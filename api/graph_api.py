"""The graph API for visualisation front ends: neighbourhood, path, subgraph.

Answers are Cytoscape.js elements by default (`format=d3|graphml|gexf` for the others).
Nodes: id = IRI, label in the requested language (falling back through the configured
languages), type (the unkg class), date when the node has one. Edges: source, target,
predicate and its label, and their provenance: the named graph, the source document and,
for extracted facts, the paragraph. Mentions (provenance records) and rdf:type links are
not drawn. Every answer is capped (`limit` nodes) and says `truncated` when cut.
"""
from __future__ import annotations

from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from unkg.errors import NotFound, QueryError, UsageError
from unkg.vocab import UNKG

from . import describe
from .describe import n3, values
from .graph_formats import Edge, Node, PropertyGraph, serialize
from .query_guard import check_graphs, inspect_query
from .query_runner import NamedQueryJob, QueryJob
from .service import Service, checked_iri, get_service

router = APIRouter(prefix="/graph", tags=["graph API"])

MAX_NODES = 1000
DATE_PROPERTIES = (UNKG.adoptedOn, UNKG.startDate, UNKG.date)

FormatQ = Query("cytoscape", pattern="^(cytoscape|d3|graphml|gexf)$", description="cytoscape, d3, graphml or gexf")
LimitQ = Query(200, ge=1, le=MAX_NODES, description="most nodes returned")
LangQ = Query(None, max_length=12, pattern="^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$", description="preferred label language")


def _edges_of(store, nodes: list[URIRef], cap: int) -> tuple[list[tuple], bool]:
    """Edges (s, p, o, graph) touching any of `nodes`, IRI to IRI, at most `cap` (and whether cut)."""
    q = f"""SELECT DISTINCT ?s ?p ?o ?g WHERE {{
      {values('n', nodes)}
      {{ GRAPH ?g {{ ?n ?p ?o }} BIND(?n AS ?s) }} UNION {{ GRAPH ?g {{ ?s ?p ?n }} BIND(?n AS ?o) }}
      FILTER(isIRI(?s) && isIRI(?o) && ?p != {n3(RDF.type)})
      FILTER NOT EXISTS {{ ?s a {n3(UNKG.Mention)} }} FILTER NOT EXISTS {{ ?o a {n3(UNKG.Mention)} }}
    }} LIMIT {int(cap) + 1}"""
    rows = [tuple(r) for r in store.select(q).rows]
    return rows[:cap], len(rows) > cap


def _languages(svc: Service, lang: str | None) -> tuple[str, ...]:
    prefs = tuple(svc.settings.languages)
    return (lang.lower(), *[l for l in prefs if l != lang.lower()]) if lang else prefs


def _finish(svc: Service, pg: PropertyGraph, node_ids: list[str], raw_edges: list[tuple], lang: str | None) -> PropertyGraph:
    """Fill labels, types, dates and provenance for the chosen nodes and edges."""
    store, langs = svc.store, _languages(svc, lang)
    terms = [URIRef(i) for i in node_ids]
    preds = {p for _, p, _, _ in raw_edges}
    label_of = describe.labels(store, terms + sorted(preds), langs)
    type_of = describe.types(store, terms)
    dates: dict[str, str] = {}
    paragraphs: dict[str, str] = {}
    docs: dict[str, str] = {}
    for chunk in describe._chunks(terms, 400):
        q = f"SELECT ?x ?d WHERE {{ {values('x', chunk)} VALUES ?p {{ {' '.join(n3(p) for p in DATE_PROPERTIES)} }} ?x ?p ?d }}"
        for x, d in store.select(q).rows:
            dates[str(x)] = min(dates.get(str(x), str(d)), str(d))
        q = f"SELECT ?x ?para WHERE {{ {values('x', chunk)} ?x {n3(UNKG.derivedFrom)} ?para }}"
        for x, para in store.select(q).rows:
            paragraphs.setdefault(str(x), str(para))
    graphs = sorted({g for *_, g in raw_edges if g is not None})
    for chunk in describe._chunks(graphs, 400):
        q = f"SELECT ?g ?doc WHERE {{ {values('g', chunk)} GRAPH ?g {{ ?e {n3(UNKG.realizes)} ?doc }} }}"
        for g, doc in store.select(q).rows:
            docs.setdefault(str(g), str(doc))
    for i in node_ids:
        ts = type_of.get(i, [])
        main = next((t for t in ts if t.startswith(str(UNKG._NS))), ts[0] if ts else "")
        pg.nodes[i] = Node(i, label_of.get(i) or _short(svc, i), describe.local_name(main) if main else "",
                           ts, dates.get(i), {"href": svc.link(i)})
    for s, p, o, g in raw_edges:
        if str(s) in pg.nodes and str(o) in pg.nodes:
            pg.add_edge(Edge(str(s), str(o), str(p), label_of.get(str(p)) or describe.local_name(str(p)),
                             str(g) if g is not None else None, docs.get(str(g)), paragraphs.get(str(s))))
    return pg


def _short(svc: Service, iri: str) -> str:
    """An unlabelled node's name: its path below the base (report/ctoc-cop-wg2/9), or its local name."""
    path = svc.local_path(iri)
    return path[len("/id/"):] if path and path.startswith("/id/") else describe.local_name(iri)


def _respond(pg: PropertyGraph, fmt: str) -> Response:
    body, media = serialize(pg, fmt)
    if isinstance(body, dict):
        return JSONResponse(body, media_type=media)
    return Response(body, media_type=media)


def neighbourhood_graph(svc: Service, iri: URIRef, depth: int, limit: int, lang: str | None) -> PropertyGraph:
    store = svc.store
    if not describe.exists(store, iri):
        raise NotFound(f"no resource {iri} in the graph")
    order = [str(iri)]
    seen = {str(iri)}
    frontier = [iri]
    raw_edges: list[tuple] = []
    truncated = False
    for _ in range(depth):
        if not frontier:
            break
        rows, cut = _edges_of(store, frontier, max(50, 5 * limit))
        truncated |= cut
        new: list[str] = []
        for s, p, o, g in rows:
            for x in (str(s), str(o)):
                if x not in seen:
                    if len(seen) >= limit:
                        truncated = True
                        continue
                    seen.add(x)
                    order.append(x)
                    new.append(x)
            raw_edges.append((s, p, o, g))
        frontier = [URIRef(x) for x in new]
    return _finish(svc, PropertyGraph(truncated=truncated), order, raw_edges, lang)


@router.get("/neighbourhood", summary="Nodes and edges around a resource, up to 3 steps")
async def neighbourhood(request: Request, iri: str = Query(..., max_length=2000),
                        depth: int = Query(1, ge=1, le=3), limit: int = LimitQ, lang: str | None = LangQ,
                        format: str = FormatQ):
    svc = get_service(request)
    pg = await run_in_threadpool(neighbourhood_graph, svc, checked_iri(iri), depth, limit, lang)
    return _respond(pg, format)


MAX_PATH_HOPS = 6
FRONTIER_CAP = 500


def path_graph(svc: Service, start: URIRef, end: URIRef, lang: str | None) -> PropertyGraph:
    """A shortest path (edges taken in either direction), by breadth-first search from both ends."""
    store = svc.store
    for x in (start, end):
        if not describe.exists(store, x):
            raise NotFound(f"no resource {x} in the graph")
    if start == end:
        return _finish(svc, PropertyGraph(), [str(start)], [], lang)
    parents = [{str(start): None}, {str(end): None}]        # node → (neighbour towards the root, edge)
    frontiers = [[start], [end]]
    truncated = False
    for hop in range(MAX_PATH_HOPS):
        side = 0 if len(frontiers[0]) <= len(frontiers[1]) else 1
        if not frontiers[side]:
            break
        rows, cut = _edges_of(store, frontiers[side][:FRONTIER_CAP], 20 * FRONTIER_CAP)
        truncated |= cut or len(frontiers[side]) > FRONTIER_CAP
        nxt = []
        meet = None
        for s, p, o, g in rows:
            for a, b in ((str(s), str(o)), (str(o), str(s))):
                if a in parents[side] and b not in parents[side]:
                    parents[side][b] = (a, (s, p, o, g))
                    nxt.append(URIRef(b))
                    if b in parents[1 - side]:
                        meet = b
                        break
            if meet:
                break
        if meet:
            nodes, edges = [meet], []
            for tree in parents:
                x = meet
                while tree[x] is not None:
                    x, edge = tree[x]
                    edges.append(edge)
                    nodes.append(x)
            pg = _finish(svc, PropertyGraph(truncated=False), list(dict.fromkeys(nodes)), edges, lang)
            return pg
        frontiers[side] = nxt
    raise NotFound(f"no path of at most {MAX_PATH_HOPS} steps between {start} and {end}"
                   + (" (the search was capped; try nodes closer together)" if truncated else ""))


@router.get("/path", summary="A shortest path between two resources (edges in either direction)")
async def path(request: Request, from_: str = Query(..., alias="from", max_length=2000),
               to: str = Query(..., max_length=2000), lang: str | None = LangQ, format: str = FormatQ):
    svc = get_service(request)
    pg = await run_in_threadpool(path_graph, svc, checked_iri(from_, "from"), checked_iri(to, "to"), lang)
    return _respond(pg, format)


@router.get("/subgraph", summary="The graph of a CONSTRUCT query, or of a named query's rows",
            description="`query`: a CONSTRUCT (or DESCRIBE) run like /sparql (read-only, timeout); its IRI-to-IRI "
                        "triples are drawn. Or `name` (a named query) with its parameters in the query string: "
                        "each row links its first IRI column to its other IRI columns, labelled by column name.")
async def subgraph(request: Request, query: str | None = Query(None), name: str | None = Query(None, max_length=100),
                   limit: int = LimitQ, lang: str | None = LangQ, format: str = FormatQ):
    svc = get_service(request)
    if bool(query) == bool(name):
        raise UsageError("give either query=CONSTRUCT … or name=<named query>, not both or neither")
    if query:
        if len(query.encode("utf-8")) > svc.settings.max_query_bytes:
            from .sparql import UriTooLong

            raise UriTooLong(f"the query is longer than {svc.settings.max_query_bytes} bytes (max_query_bytes)")
        info = inspect_query(query)
        if info.tabular:
            raise QueryError("/graph/subgraph needs a CONSTRUCT or DESCRIBE query; use /sparql for SELECT and ASK")
        if info.from_graphs or info.from_named:
            known = set(svc.store.graphs())
            check_graphs(info.from_graphs + info.from_named, known, "FROM")
        answer = await run_in_threadpool(svc.runner.run, QueryJob(query, "nt", False, svc.settings.max_rows),
                                         svc.settings.query_timeout)
        g = Graph()
        g.parse(data=answer.body.decode("utf-8"), format="nt")
        triples = sorted((s, p, o) for s, p, o in g if isinstance(s, URIRef) and isinstance(o, URIRef) and p != RDF.type)
    else:
        raw = {k: v for k, v in request.query_params.items() if k not in ("name", "limit", "lang", "format")}
        result = await run_in_threadpool(svc.runner.run, NamedQueryJob(name, raw, svc.settings.max_rows),
                                         svc.settings.query_timeout)
        triples = []
        for row in result.rows:
            cells = [(v, t) for v, t in zip(result.variables, row) if isinstance(t, URIRef)]
            for v, t in cells[1:]:
                triples.append((cells[0][1], URIRef(f"urn:unkg:column:{v}"), t))
    pg = await run_in_threadpool(_from_triples, svc, triples, limit, lang)
    return _respond(pg, format)


def _from_triples(svc: Service, triples: list[tuple], limit: int, lang: str | None) -> PropertyGraph:
    order: list[str] = []
    seen: set[str] = set()
    kept, truncated = [], False
    for s, p, o in triples:
        ok = True
        for x in (str(s), str(o)):
            if x not in seen:
                if len(seen) >= limit:
                    ok, truncated = False, True
                    continue
                seen.add(x)
                order.append(x)
        if ok:
            kept.append((s, p, o, None))
    pg = _finish(svc, PropertyGraph(truncated=truncated), order, kept, lang)
    for e in pg.edges.values():
        if e.predicate.startswith("urn:unkg:column:"):
            e.label = e.predicate[len("urn:unkg:column:"):]
    return pg
