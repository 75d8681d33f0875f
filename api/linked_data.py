"""Linked data: every IRI minted under the base dereferences on this server.

`/id/{path}` serves the resource `{base}id/{path}` and `/graph/{path}` the named graph
`{base}graph/{path}`, directly (200, `Vary: Accept`, a `Content-Location` naming the
format-specific document) rather than by a 303 redirect: one round trip, and the
suffixed URLs (`.ttl`, `.jsonld`, `.nt`, `.rdf`, `.html`) give each representation
its own address. Formats: HTML (a readable page with the source text and embedded
JSON-LD), Turtle, JSON-LD, N-Triples, RDF/XML; chosen by suffix, `format`, or Accept.
"""
from __future__ import annotations

import io
import json
from urllib.parse import quote, unquote

from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import DCAT, DCTERMS, FOAF, OWL, PROV, RDF, RDFS, SKOS, XSD

from unkg.errors import NotFound, QueryError, UsageError
from unkg.resources import artifact_dir
from unkg.stats import CLASS_COUNTS
from unkg.vocab import ONTOLOGY_IRI, UNKG

from . import describe
from .negotiation import HTML_MEDIA, RDF_MEDIA, SUFFIXES, choose, media_type
from .pages import render, script_json
from .service import Service, add_routes, checked_iri, document_by_symbol, get_service

VOID = Namespace("http://rdfs.org/ns/void#")
router = APIRouter(tags=["linked data"])

RESOURCE_OFFERS = {"html": HTML_MEDIA["html"], **{k: RDF_MEDIA[k] for k in ("ttl", "jsonld", "nt", "rdfxml")}}
RDFLIB_FORMATS = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}
SUFFIX_OF = {"ttl": ".ttl", "jsonld": ".jsonld", "nt": ".nt", "rdfxml": ".rdf", "html": ".html"}
PREFIXES = {"unkg": str(UNKG._NS), "skos": str(SKOS), "rdfs": str(RDFS), "rdf": str(RDF), "xsd": str(XSD),
            "prov": str(PROV), "foaf": str(FOAF), "dcterms": str(DCTERMS), "owl": str(OWL)}


def split_suffix(path: str) -> tuple[str, str | None]:
    for suffix, fmt in SUFFIXES.items():
        if path.endswith(suffix) and len(path) > len(suffix):
            return path[: -len(suffix)], fmt
    return path, None


def pick_format(request: Request, suffix_fmt: str | None, default: str = "ttl") -> str:
    if suffix_fmt:
        return suffix_fmt
    return choose(request.headers.get("accept"), request.query_params.get("format"), RESOURCE_OFFERS, default)


def serialize(g: Graph, fmt: str) -> bytes:
    for prefix, ns in PREFIXES.items():
        g.bind(prefix, ns)
    if fmt == "jsonld":
        return g.serialize(format="json-ld", context=PREFIXES, encoding="utf-8")
    return g.serialize(format=RDFLIB_FORMATS[fmt], encoding="utf-8")


def _alternates(path: str) -> list[dict]:
    return [{"name": name, "href": path + SUFFIX_OF[fmt], "type": media_type(fmt)}
            for name, fmt in (("Turtle", "ttl"), ("JSON-LD", "jsonld"), ("N-Triples", "nt"), ("RDF/XML", "rdfxml"))]


def _headers(path: str, fmt: str) -> dict:
    return {"Vary": "Accept", "Content-Location": path + SUFFIX_OF[fmt],
            "Link": ", ".join(f'<{a["href"]}>; rel="alternate"; type="{a["type"]}"' for a in _alternates(path))}


# --- resources ---------------------------------------------------------------------

def resource(path: str, request: Request):
    svc = get_service(request)
    path, suffix_fmt = split_suffix(_raw_tail(request, "/id/") or path)
    fmt = pick_format(request, suffix_fmt)
    iri, g = svc.base + "id/" + path, Graph()
    for candidate, iri in _candidates(svc.base + "id/", path):
        try:
            g = describe.outbound(svc.store, iri)
            found = len(g) > 0 or describe.exists(svc.store, iri)
        except QueryError:          # a spelling the engine does not take as an IRI names nothing here
            continue
        if found:
            path = candidate
            break
    else:
        raise NotFound(f"no resource {iri} in the graph: /resolve?symbol=… finds documents by symbol")
    local = "/id/" + path
    if fmt != "html":
        return Response(serialize(g, fmt), media_type=media_type(fmt) + "; charset=utf-8", headers=_headers(local, fmt))
    page = resource_page(svc, iri, g, local, request.query_params.get("lang"))
    return HTMLResponse(page, headers=_headers(local, "html"))


add_routes(router, "/id/{path:path}", resource, ["GET", "HEAD"], response_class=Response,
           summary="A resource of the graph (content negotiation)",
           description="Serves `{base}id/{path}` as HTML, Turtle, JSON-LD, N-Triples or RDF/XML "
                       "(Accept, `format`, or a suffix .html/.ttl/.jsonld/.nt/.rdf).")


def _raw_tail(request: Request, prefix: str) -> str | None:
    """The request path after `prefix` as sent (percent-escapes kept), so escaped IRIs match."""
    raw = request.scope.get("raw_path")
    if not raw:
        return None
    text = raw.decode("latin-1").split("?", 1)[0]
    return text[len(prefix):] if text.startswith(prefix) else None


def _spellings(path: str) -> list[str]:
    """The path as sent, decoded, and escaped the way the Minter escapes symbols."""
    decoded = unquote(path)
    return list(dict.fromkeys([path, decoded, quote(decoded, safe="/.-_~")]))


def _candidates(prefix: str, path: str):
    """(path, IRI) for each spelling of the path that makes a well-formed IRI."""
    for candidate in _spellings(path):
        try:
            yield candidate, checked_iri(prefix + candidate)
        except UsageError:
            continue


def _literal_view(lit: Literal) -> dict:
    note = ""
    if lit.datatype is not None and lit.datatype != XSD.string:
        note = describe.local_name(str(lit.datatype))
    return {"text": str(lit), "lang": lit.language or "", "note": note}


def resource_page(svc: Service, iri: URIRef, g: Graph, local: str, lang: str | None = None) -> str:
    langs = svc.settings.languages
    if lang and lang.isalpha() and len(lang) <= 8:
        langs = (lang.lower(), *[x for x in langs if x != lang.lower()])
    inbound = describe.inbound(svc.store, iri)
    linked = {o for o in g.objects() if isinstance(o, URIRef)} | set(g.predicates()) | {s for s, _ in inbound} | \
             {p for _, p in inbound} | {iri}
    label_of = describe.labels(svc.store, linked, langs)

    def text(x) -> str:
        return label_of.get(str(x)) or svc.local_path(str(x)) or str(x)

    def plabel(p) -> str:
        return label_of.get(str(p)) or describe.local_name(str(p))

    rows: dict[URIRef, list] = {}
    for p, o in sorted(g.predicate_objects(iri), key=lambda po: (str(po[0]), str(po[1]))):
        if p == RDF.type:
            continue
        if isinstance(o, URIRef):
            view = {"href": svc.link(str(o)), "iri": str(o), "text": text(o)}
        elif isinstance(o, BNode):
            inner = "; ".join(f"{plabel(bp)}: {text(bo) if isinstance(bo, URIRef) else bo}" for bp, bo in g.predicate_objects(o))
            view = {"text": f"[ {inner} ]", "lang": "", "note": ""}
        else:
            view = _literal_view(o)
        rows.setdefault(p, []).append(view)
    type_links = [{"href": svc.link(str(t)), "label": plabel(t)} for t in sorted(g.objects(iri, RDF.type))]
    sources = describe.source_texts(svc.store, iri, describe.source_paragraphs(svc.store, iri, g))
    jsonld = json.loads(serialize(Graph() + g, "jsonld"))
    return render(
        "resource.html", iri=str(iri), title=text(iri), label=text(iri), type_links=type_links,
        rows=[{"p": str(p), "phref": svc.link(str(p)), "plabel": plabel(p), "vals": vs} for p, vs in rows.items()],
        inbound=[{"plabel": plabel(p), "href": svc.link(str(s)), "iri": str(s), "text": text(s)} for s, p in inbound],
        inbound_cut=len(inbound) >= describe.INBOUND_LIMIT,
        sources=sources, link=svc.link, alternates=_alternates(local), jsonld=script_json(jsonld), base=svc.base,
    )


# --- named graphs ------------------------------------------------------------------

def named_graph(path: str, request: Request):
    svc = get_service(request)
    path, suffix_fmt = split_suffix(_raw_tail(request, "/graph/") or path)
    iri = svc.base + "graph/" + path
    for candidate, name in _candidates(svc.base + "graph/", path):
        if svc.store.has_graph(str(name)):
            iri, path = str(name), candidate
            break
    else:
        raise NotFound(f"no named graph {iri} in the store: `unkg stats` or /sparql (no query) lists them")
    fmt = pick_format(request, suffix_fmt)
    local = "/graph/" + path
    if fmt != "html":
        buf = io.BytesIO()
        svc.store.dump(buf, fmt, iri)
        return Response(buf.getvalue(), media_type=media_type(fmt) + "; charset=utf-8", headers=_headers(local, fmt))
    rows = svc.store.select(f"SELECT ?doc ?file WHERE {{ GRAPH <{iri}> {{ ?e {UNKG.realizes.n3()} ?doc "
                            f"OPTIONAL {{ ?e {UNKG.sourceFile.n3()} ?file }} }} }} LIMIT 1").rows
    document, source_file = None, None
    if rows:
        doc, source_file = rows[0]
        label = describe.labels(svc.store, [doc], svc.settings.languages).get(str(doc), str(doc))
        document = {"href": svc.link(str(doc)), "text": label}
    return HTMLResponse(render("graph.html", title="graph " + path, iri=iri, triples=svc.store.count(iri),
                               document=document, source_file=source_file, alternates=_alternates(local),
                               jsonld=None, base=svc.base), headers=_headers(local, "html"))


def register_named_graphs(router_: APIRouter) -> None:
    add_routes(router_, "/graph/{path:path}", named_graph, ["GET", "HEAD"], response_class=Response,
               summary="A named graph (one source document, the ontology or the reference data)")


register_named_graphs(router)


# --- ontology ----------------------------------------------------------------------

def ontology_graph(svc: Service) -> Graph:
    g = Graph()
    name = str(svc.minter.ontology_graph)
    if svc.store.has_graph(name):
        for t in svc.store.triples(name):
            g.add(t)
        return g
    for f in sorted(artifact_dir("ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def ontology(request: Request):
    return _ontology(request, None)


add_routes(router, "/ontology", ontology, ["GET", "HEAD"], response_class=Response,
           summary="The unkg ontology (HTML or Turtle, by Accept)")


@router.get("/ontology.ttl", summary="The unkg ontology in Turtle", response_class=Response)
def ontology_ttl(request: Request):
    return _ontology(request, "ttl")


def _ontology(request: Request, fmt: str | None):
    svc = get_service(request)
    g = ontology_graph(svc)
    if len(g) == 0:
        raise NotFound("the ontology is not in the store and not installed: run `unkg ingest` once")
    fmt = fmt or pick_format(request, None, default="html")
    if fmt != "html":
        return Response(serialize(g, fmt), media_type=media_type(fmt) + "; charset=utf-8", headers={"Vary": "Accept"})
    sections = []
    for name, kinds in (("Classes", (OWL.Class, RDFS.Class)),
                        ("Properties", (OWL.ObjectProperty, OWL.DatatypeProperty, RDF.Property, OWL.AnnotationProperty))):
        terms = sorted({s for k in kinds for s in g.subjects(RDF.type, k) if isinstance(s, URIRef)})
        sections.append({"name": name, "terms": [_term(g, t) for t in terms]})
    title = next((str(o) for o in g.objects(URIRef(ONTOLOGY_IRI), RDFS.label)), "unkg ontology")
    return HTMLResponse(render("ontology.html", title=title, iri=ONTOLOGY_IRI, sections=sections, alternates=[],
                               jsonld=None), headers={"Vary": "Accept"})


def _term(g: Graph, t: URIRef) -> dict:
    ns = str(UNKG._NS)
    curie = "unkg:" + t[len(ns):] if t.startswith(ns) else t.n3(g.namespace_manager)
    label = next((str(o) for o in g.objects(t, RDFS.label) if getattr(o, "language", None) in (None, "en")), "")
    comment = next((str(o) for o in g.objects(t, RDFS.comment) if getattr(o, "language", None) in (None, "en")), "")
    return {"curie": curie, "anchor": describe.local_name(str(t)), "label": label, "comment": comment}


# --- VoID / DCAT -------------------------------------------------------------------

FORMAT_TITLES = {"nq": "N-Quads", "trig": "TriG", "ttl": "Turtle", "nt": "N-Triples", "jsonld": "JSON-LD",
                 "rdfxml": "RDF/XML"}


def void(request: Request):
    from .sparql import rdf_response

    svc = get_service(request)
    server = str(request.base_url).rstrip("/")
    ds = URIRef(svc.base + ".well-known/void#dataset")    # dereferences here, as the base maps onto this server
    g = Graph()
    g.bind("void", VOID)
    g.bind("dcat", DCAT)
    g.bind("dcterms", DCTERMS)
    g.add((ds, RDF.type, VOID.Dataset))
    g.add((ds, RDF.type, DCAT.Dataset))
    g.add((ds, DCTERMS.title, Literal("unkg: knowledge graph of UN conventions, resolutions and recommendations", lang="en")))
    g.add((ds, DCTERMS.description, Literal("Facts read from United Nations documents, each with the paragraph "
                                            "it was read from.", lang="en")))
    g.add((ds, VOID.sparqlEndpoint, URIRef(server + "/sparql")))
    g.add((ds, VOID.uriSpace, Literal(svc.base + "id/")))
    g.add((ds, VOID.vocabulary, URIRef(ONTOLOGY_IRI)))
    g.add((ds, VOID.triples, Literal(svc.store.count(), datatype=XSD.integer)))
    graphs = svc.store.graphs()
    g.add((ds, VOID.documents, Literal(len(graphs), datatype=XSD.integer)))
    g.add((ds, VOID.dataDump, URIRef(server + "/export?format=nq")))
    for key, title in FORMAT_TITLES.items():
        dist = URIRef(f"{server}/export?format={key}")
        g.add((ds, DCAT.distribution, dist))
        g.add((dist, RDF.type, DCAT.Distribution))
        g.add((dist, DCAT.downloadURL, dist))
        g.add((dist, DCAT.mediaType, Literal(media_type(key))))
        g.add((dist, DCTERMS.title, Literal(f"the whole graph as {title}", lang="en")))
    for cls, n in svc.store.select(CLASS_COUNTS).rows:
        part = BNode()
        g.add((ds, VOID.classPartition, part))
        g.add((part, VOID["class"], cls))
        g.add((part, VOID.entities, Literal(int(n), datatype=XSD.integer)))
    for name in graphs:
        g.add((ds, VOID.subset, URIRef(name)))
        g.add((URIRef(name), RDF.type, VOID.Dataset))
    return rdf_response(g, request, default="ttl")


add_routes(router, "/.well-known/void", void, ["GET", "HEAD"], response_class=Response,
           summary="VoID and DCAT description of the dataset")


# --- symbol resolver ---------------------------------------------------------------

@router.get("/resolve", summary="Redirect a UN document symbol to its IRI", response_class=RedirectResponse,
            status_code=303)
def resolve(request: Request, symbol: str = Query(..., max_length=200, description="e.g. CTOC/COP/WG.2/2016/1")):
    svc = get_service(request)
    target = svc.link(str(document_by_symbol(svc, symbol)))
    accept_fmt = request.query_params.get("format")
    if accept_fmt:
        target += "?format=" + quote(accept_fmt)
    return RedirectResponse(target, status_code=303)
