"""REST collections for apps: JSON-LD with a published @context, paginated and filterable.

Every item is the resource's own triples in compact JSON-LD: keys are unkg terms (or
prefixed names for other vocabularies), IRIs are strings typed by the context,
language-tagged text is {"@value", "@language"}. A collection is
{"@context", "@id", "@type": "Collection", "totalItems", "page", "pageSize", "next",
"previous", "items": […]}.

User values enter queries only as escaped RDF terms (rdflib `n3()`), never as syntax.
"""
from __future__ import annotations

import datetime as dt
import json
from fastapi import APIRouter, Query, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse, Response
from rdflib import Literal, URIRef
from rdflib.namespace import XSD

from unkg.errors import NotFound, UsageError
from unkg.identifiers import UNSymbol
from unkg.output import render
from unkg.vocab import UNKG

from .describe import values
from .query_runner import NamedQueryJob
from .linked_data import PREFIXES
from .service import Service, checked_iri, document_by_symbol, get_service

router = APIRouter(tags=["REST"])

NS = str(UNKG._NS)
#: unkg properties whose values are IRIs (typed "@id" in the context)
IRI_PROPERTIES = (
    "inDocument", "concernsArticle", "concernsArticleParagraph", "addressedTo", "modality", "endorsedBy",
    "endorsingResolution", "adoptedAt", "adoptedBy", "derivedFrom", "inSection", "subSectionOf", "body",
    "expression", "realizes", "meetingOf", "heldIn", "duringSession", "partOfMeeting", "participant",
    "inTheNameOf", "atMeeting", "atSitting", "role", "participationStatus", "session", "cites", "citation",
    "citedResource", "subsidiaryOf", "establishedBy", "madePermanentBy", "convention", "hasArticle",
    "hasParagraph", "article", "considersAgendaItem", "agendaItemOf", "onAgendaItem", "representsState",
    "listedInAnnexOf", "mentionOf", "inParagraph", "inExpression", "paragraphKind", "footnote",
    "subParagraphOf", "qualifiedEndorsement", "aboutTopic", "supplements", "publishedBy", "mandatedBy",
)
DATE_PROPERTIES = ("adoptedOn", "startDate", "endDate", "date", "distributionDate")

CONTEXT = {
    "@context": {
        "@vocab": NS,
        **PREFIXES,
        "hydra": "http://www.w3.org/ns/hydra/core#",
        "id": "@id",
        "type": {"@id": "@type", "@type": "@vocab"},
        "Collection": "hydra:Collection",
        "items": {"@id": "hydra:member", "@container": "@list"},
        "totalItems": "hydra:totalItems",
        "next": {"@id": "hydra:next", "@type": "@id"},
        "previous": {"@id": "hydra:previous", "@type": "@id"},
        "page": "hydra:pageIndex",
        "pageSize": "hydra:itemsPerPage",
        **{p: {"@type": "@id"} for p in IRI_PROPERTIES},
        **{p: {"@type": "xsd:date"} for p in DATE_PROPERTIES},
    }
}


def _key(p: str) -> str:
    if p.startswith(NS):
        return p[len(NS):]
    if p == PREFIXES["rdf"] + "type":
        return "type"
    for prefix, ns in PREFIXES.items():
        if p.startswith(ns):
            return f"{prefix}:{p[len(ns):]}"
    return p


_XSD = str(XSD)
#: datatypes whose values become JSON numbers or booleans
_NUMBER_TYPES = {_XSD + "integer": int, _XSD + "int": int, _XSD + "double": float}
_BOOLEANS = {"true": True, "1": True, "false": False, "0": False}


def _value(term: dict):
    """A SPARQL JSON results term as a compact JSON-LD value (None for a blank node)."""
    kind, text = term.get("type"), term.get("value", "")
    if kind == "uri":
        return text
    if kind not in ("literal", "typed-literal"):
        return None
    if "xml:lang" in term:
        return {"@value": text, "@language": term["xml:lang"]}
    datatype = term.get("datatype")
    if datatype in _NUMBER_TYPES:
        try:
            return _NUMBER_TYPES[datatype](text)
        except ValueError:
            return text
    if datatype == _XSD + "boolean":
        return _BOOLEANS.get(text.strip(), text)
    return text


def compact(store, iris: list[URIRef]) -> list[dict]:
    """Each resource's triples as a compact JSON-LD object, in the order of `iris`.

    Read as SPARQL JSON results (the engine's own serialisation, on either store), which
    costs far less than building an rdflib term for every value."""
    if not iris:
        return []
    out = {str(i): {"id": str(i)} for i in iris}
    # DISTINCT: a triple stated in many graphs comes once; blank nodes are skipped below (cheaper
    # than a FILTER in the query)
    query = f"SELECT DISTINCT ?s ?p ?o WHERE {{ {values('s', iris)} ?s ?p ?o }}"
    _, body = store.sparql(query, "json")
    rows = [(b["s"]["value"], b["p"]["value"], b["o"]) for b in json.loads(body)["results"]["bindings"]]
    rows.sort(key=lambda r: (r[1], r[2].get("value", "")))
    for s, p, o in rows:
        item = out.get(s)
        val = _value(o)
        if item is None or val is None:
            continue
        key = _key(p)
        if key in item:
            if not isinstance(item[key], list):
                item[key] = [item[key]]
            if val not in item[key]:
                item[key].append(val)
        else:
            item[key] = val
    return [out[str(i)] for i in iris]


def collection(request: Request, svc: Service, where: str, order: str, page: int, page_size: int,
               var: str = "x") -> JSONResponse:
    """Page through the resources ?x matched by `where`, ordered by `order`."""
    total = int(svc.store.select(f"SELECT (COUNT(DISTINCT ?{var}) AS ?n) WHERE {{ {where} }}").rows[0][0])
    offset = (page - 1) * page_size
    q = f"SELECT DISTINCT ?{var} WHERE {{ {where} }} ORDER BY {order} LIMIT {int(page_size)} OFFSET {int(offset)}"
    iris = [r[0] for r in svc.store.select(q).rows]
    url = request.url
    body = {
        "@context": str(request.url_for("context")), "@id": str(url), "type": "Collection",
        "totalItems": total, "page": page, "pageSize": page_size, "items": compact(svc.store, iris),
    }
    if offset + page_size < total:
        body["next"] = str(url.include_query_params(page=page + 1))
    if page > 1:
        body["previous"] = str(url.include_query_params(page=page - 1))
    return JSONResponse(body, media_type="application/ld+json")


def ordered_iris(svc: Service, var: str, where: str) -> list[URIRef]:
    """The distinct values of ?var matched by `where`, ordered by IRI. Sorted here: the engine's
    ORDER BY reads the text of the terms at every comparison, which costs several times the
    lookup itself."""
    rows = svc.store.select(f"SELECT DISTINCT ?{var} WHERE {{ {where} }}").rows
    return sorted((r[0] for r in rows), key=str)


def single(request: Request, svc: Service, iri: URIRef, extra: dict | None = None, *,
           item: dict | None = None) -> JSONResponse:
    """One resource (`item`: its compact form, when read with others in one query)."""
    item = compact(svc.store, [iri])[0] if item is None else item
    if len(item) == 1:
        raise NotFound(f"no resource {iri} in the graph")
    body = {"@context": str(request.url_for("context")), **item, **(extra or {})}
    return JSONResponse(body, media_type="application/ld+json")


Page = Query(1, ge=1, le=100_000, description="page number, from 1")
PageSize = Query(50, ge=1, le=500, description="items per page")


@router.get("/context.jsonld", summary="The JSON-LD @context of the REST responses", name="context")
def context():
    return JSONResponse(CONTEXT, media_type="application/ld+json")


def _t(iri) -> str:
    return URIRef(iri).n3()


def _lit(text: str) -> str:
    return Literal(text).n3()


def _date(d: dt.date) -> str:
    return Literal(d.isoformat(), datatype=XSD.date).n3()


def _article_pattern(svc: Service, var: str, article: str) -> str:
    """article = an IRI, convention/number (untoc/23), or a number (23)."""
    a = article.strip()
    if "://" in a:
        return f"?{var} {_t(UNKG.concernsArticle)} {checked_iri(a, 'article').n3()} ."
    if "/" in a:
        conv, _, num = a.partition("/")
        if not num.isdigit():
            raise UsageError(f"article={article!r}: write convention/number (untoc/23), a number or an IRI")
        return f"?{var} {_t(UNKG.concernsArticle)} {svc.minter.article(conv.strip().lower(), int(num)).n3()} ."
    if not a.isdigit():
        raise UsageError(f"article={article!r}: write convention/number (untoc/23), a number or an IRI")
    return (f"?{var} {_t(UNKG.concernsArticle)} ?_art . ?_art {_t(UNKG.number)} ?_an "
            f"FILTER(STR(?_an) = {_lit(str(int(a)))})")


def _code_or_iri(var: str, prop: URIRef, value: str, name: str) -> str:
    v = value.strip()
    if "://" in v:
        return f"?{var} {_t(prop)} {checked_iri(v, name).n3()} ."
    return f"?{var} {_t(prop)} ?_{name} . ?_{name} {_t(UNKG.code)} ?_{name}c FILTER(UCASE(STR(?_{name}c)) = {_lit(v.upper())})"


def _text_filter(var: str, prop_path: str, q: str) -> str:
    return (f"?{var} {prop_path} ?_txt FILTER(CONTAINS(LCASE(STR(?_txt)), {_lit(q.lower())}))")


def _dates(var: str, prop: URIRef, date_from: dt.date | None, date_to: dt.date | None) -> str:
    parts = []
    if date_from or date_to:
        parts.append(f"?{var} {_t(prop)} ?_d .")
        if date_from:
            parts.append(f"FILTER(?_d >= {_date(date_from)})")
        if date_to:
            parts.append(f"FILTER(?_d <= {_date(date_to)})")
    return " ".join(parts)


@router.get("/recommendations", summary="Recommendations, filterable by article, addressee, State, date, text")
def recommendations(
    request: Request,
    article: str | None = Query(None, max_length=300, description="untoc/23, 23, or an article IRI"),
    addressee: str | None = Query(None, max_length=300, description="addressee code (STATES, UNODC, …) or IRI"),
    state: str | None = Query(None, max_length=3, min_length=3, description="ISO 3166-1 alpha-3: addressed to or named in the paragraph"),
    document: str | None = Query(None, max_length=200, description="symbol of the document that makes the recommendation"),
    date_from: dt.date | None = Query(None, alias="from", description="adopted on or after (YYYY-MM-DD)"),
    date_to: dt.date | None = Query(None, alias="to", description="adopted on or before (YYYY-MM-DD)"),
    q: str | None = Query(None, max_length=200, description="words in the paragraph text (case-insensitive)"),
    page: int = Page, page_size: int = PageSize,
):
    svc = get_service(request)
    where = [f"?x a {_t(UNKG.Recommendation)} ."]
    if article:
        where.append(_article_pattern(svc, "x", article))
    if addressee:
        where.append(_code_or_iri("x", UNKG.addressedTo, addressee, "addressee"))
    if state:
        s = svc.minter.state(state.upper()).n3()
        where.append(f"{{ ?x {_t(UNKG.addressedTo)} {s} }} UNION {{ ?x {_t(UNKG.derivedFrom)} ?_sp . "
                     f"?_m {_t(UNKG.inParagraph)} ?_sp ; {_t(UNKG.mentionOf)} {s} }}")
    if document:
        sym = str(UNSymbol.parse(document))
        where.append(f"?x {_t(UNKG.inDocument)} ?_doc . ?_doc {_t(UNKG.symbol)} ?_sym FILTER(STR(?_sym) = {_lit(sym)})")
    where.append(_dates("x", UNKG.adoptedOn, date_from, date_to))
    if q:
        where.append(_text_filter("x", f"{_t(UNKG.derivedFrom)}/{_t(UNKG.text)}", q))
    order = f"?_ord ?x"
    where.append(f"OPTIONAL {{ ?x {_t(UNKG.inDocument)} ?_od }} OPTIONAL {{ ?x {_t(UNKG.paragraphNumber)} ?_on }} "
                 f"BIND(CONCAT(STR(COALESCE(?_od, \"\")), \"#\", SUBSTR(CONCAT(\"000000\", STR(COALESCE(?_on, 0))), "
                 f"STRLEN(STR(COALESCE(?_on, 0))) + 1)) AS ?_ord)")
    return collection(request, svc, " ".join(where), order, page, page_size)


@router.get("/resolutions", summary="Resolutions (and the documents that are resolutions)")
def resolutions(
    request: Request,
    body: str | None = Query(None, max_length=60, pattern=r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*$", description="body slug: ga, ctoc-cop, …"),
    session: int | None = Query(None, ge=1, le=1000),
    date_from: dt.date | None = Query(None, alias="from"), date_to: dt.date | None = Query(None, alias="to"),
    q: str | None = Query(None, max_length=200, description="words in the title"),
    page: int = Page, page_size: int = PageSize,
):
    svc = get_service(request)
    where = [f"?x a {_t(UNKG.Resolution)} ."]
    if body:
        where.append(f"?x {_t(UNKG.body)}|{_t(UNKG.adoptedBy)} {svc.minter.body(body.strip().lower()).n3()} .")
    if session:
        where.append(f"?x {_t(UNKG.number)} ?_num FILTER(STRSTARTS(STR(?_num), {_lit(f'{session}/')}))")
    where.append(_dates("x", UNKG.adoptedOn, date_from, date_to))
    if q:
        where.append(_text_filter("x", _t(UNKG.title), q))
    return collection(request, svc, " ".join(where), "?x", page, page_size)


@router.get("/meetings", summary="Meetings of UN bodies")
def meetings(
    request: Request,
    body: str | None = Query(None, max_length=60, pattern=r"^\s*[A-Za-z0-9][A-Za-z0-9._-]*\s*$", description="body slug: ctoc-cop-wg2, …"),
    date_from: dt.date | None = Query(None, alias="from"), date_to: dt.date | None = Query(None, alias="to"),
    page: int = Page, page_size: int = PageSize,
):
    svc = get_service(request)
    where = [f"?x a {_t(UNKG.Meeting)} ."]
    if body:
        where.append(f"?x {_t(UNKG.meetingOf)} {svc.minter.body(body.strip().lower()).n3()} .")
    where.append(_dates("x", UNKG.startDate, date_from, date_to))
    return collection(request, svc, " ".join(where), "?x", page, page_size)


@router.get("/documents", summary="Documents in the graph")
def documents(request: Request, q: str | None = Query(None, max_length=200, description="words in the title"),
              page: int = Page, page_size: int = PageSize):
    svc = get_service(request)
    where = [f"?x a {_t(UNKG.Document)} ; {_t(UNKG.expression)} ?_e ."]
    if q:
        where.append(_text_filter("x", _t(UNKG.title), q))
    return collection(request, svc, " ".join(where), "?x", page, page_size)


@router.get("/documents/{symbol:path}", summary="One document, by its UN symbol")
def document(symbol: str, request: Request):
    svc = get_service(request)
    doc = document_by_symbol(svc, symbol, held=True)
    counts = svc.store.select(f"""SELECT
      (COUNT(DISTINCT ?para) AS ?paragraphs) (COUNT(DISTINCT ?rec) AS ?recs) WHERE {{
      {{ ?para {_t(UNKG.inDocument)} {doc.n3()} ; a {_t(UNKG.Paragraph)} }}
      UNION {{ ?rec {_t(UNKG.inDocument)} {doc.n3()} ; a {_t(UNKG.Recommendation)} }} }}""").rows[0]
    item, *expressions = compact(svc.store, [doc, *(r[0] for r in svc.store.select(
        f"SELECT ?e WHERE {{ {doc.n3()} {_t(UNKG.expression)} ?e }} ORDER BY ?e").rows)])
    extra = {"paragraphCount": int(counts[0]), "recommendationCount": int(counts[1]),
             "expressions": expressions, "page": svc.link(str(doc))}
    return single(request, svc, doc, extra, item=item)


@router.get("/states/{iso3}", summary="A State: labels, participations, recommendations addressed to it")
def state(iso3: str, request: Request,
          participations: int = Query(50, ge=0, le=500, description="participations given in full (the first "
                                      "by IRI); participationCount counts them all")):
    svc = get_service(request)
    iri = svc.minter.state(iso3.upper())
    parts = ordered_iris(svc, "p", f"{{ ?p {_t(UNKG.participant)} {iri.n3()} }} UNION "
                                   f"{{ ?p {_t(UNKG.inTheNameOf)} {iri.n3()} }}")
    recs = [str(r) for r in ordered_iris(
        svc, "r", f"?r {_t(UNKG.addressedTo)} {iri.n3()} ; a {_t(UNKG.Recommendation)}")[:500]]
    mentions = int(svc.store.select(
        f"SELECT (COUNT(?m) AS ?n) WHERE {{ ?m {_t(UNKG.mentionOf)} {iri.n3()} }}").rows[0][0])
    # the State and the participations it gives in full, in one query
    item, *shown = compact(svc.store, [iri, *parts[:participations]])
    extra = {"participations": shown, "participationCount": len(parts), "recommendationsAddressed": recs,
             "mentionCount": mentions, "page": svc.link(str(iri))}
    return single(request, svc, iri, extra, item=item)


@router.get("/articles/{convention}/{number}", summary="An article of a convention, with what concerns it")
def article(convention: str, number: int, request: Request):
    svc = get_service(request)
    iri = svc.minter.article(convention.lower(), number)
    recs = [str(r) for r in ordered_iris(
        svc, "r", f"{{ ?r {_t(UNKG.concernsArticle)} {iri.n3()} }} UNION "
                  f"{{ ?r {_t(UNKG.concernsArticleParagraph)}/{_t(UNKG.article)} {iri.n3()} }} "
                  f"?r a {_t(UNKG.Recommendation)}")[:1000]]
    citing = [str(r) for r in ordered_iris(svc, "d", f"?d {_t(UNKG.cites)} {iri.n3()}")[:1000]]
    exists = svc.store.ask(f"ASK {{ {{ {iri.n3()} ?p ?o }} UNION {{ ?s ?p {iri.n3()} }} }}")
    if not exists:
        raise NotFound(f"no article {number} of {convention} in the graph")
    item = compact(svc.store, [iri])[0]
    body = {"@context": str(request.url_for("context")), **item, "recommendations": recs, "citedBy": citing,
            "page": svc.link(str(iri))}
    return JSONResponse(body, media_type="application/ld+json")


# --- the query library -------------------------------------------------------------

def _querylib():
    from unkg import querylib

    return querylib


def _query_view(q) -> dict:
    return {**q.as_dict(), "href": f"/queries/{q.name}", "text": q.text}


@router.get("/queries", summary="The named queries of the query library")
def queries():
    return {"queries": [_query_view(q) for q in _querylib().list_queries()]}


NAMED_FORMATS = {"json": "application/sparql-results+json", "csv": "text/csv; charset=utf-8",
                 "tsv": "text/tab-separated-values; charset=utf-8"}


@router.get("/queries/{name}", summary="Run a named query; its parameters are query-string parameters",
            description="Parameters of the query (see /queries) go in the query string. `format`: json "
                        "(default), csv or tsv; CSV/TSV cells that a spreadsheet would run as a formula "
                        "are prefixed with a quote.")
async def run_named_query(name: str, request: Request,
                          format: str = Query("json", pattern="^(json|csv|tsv)$"),
                          limit: int | None = Query(None, ge=1, le=1_000_000)):
    svc = get_service(request)
    raw = {k: v for k, v in request.query_params.items() if k not in ("format", "limit")}
    cap = min(limit or svc.settings.max_rows, svc.settings.max_rows)
    result = await run_in_threadpool(svc.runner.run, NamedQueryJob(name, raw, cap), svc.settings.query_timeout)
    headers = {"X-Unkg-Row-Limit": str(cap)}
    if result.truncated:
        headers["X-Unkg-Truncated"] = "true"
    text = render(result, format, guard=format in ("csv", "tsv"))
    if format in ("csv", "tsv"):
        headers["Content-Disposition"] = f'attachment; filename="{name}.{format}"'
    return Response(text.encode("utf-8"), media_type=NAMED_FORMATS[format], headers=headers)
