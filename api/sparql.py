"""The SPARQL 1.1 Protocol endpoint at /sparql (query only), and its Service Description."""
from __future__ import annotations

import asyncio
from urllib.parse import parse_qs

from fastapi import APIRouter, Request
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import Response
from rdflib import BNode, Graph, Literal, Namespace, URIRef
from rdflib.namespace import RDF, XSD
from starlette.datastructures import MultiDict, QueryParams

from unkg.errors import QueryError, UnkgError
from unkg.store import RESULT_FORMATS

from .negotiation import RDF_MEDIA, RESULT_MEDIA, choose, media_type
from .query_guard import check_graphs, inspect_query, refuse_update_request, row_limited
from .query_runner import QueryAnswer, QueryJob
from .service import Service, add_routes, get_service

SD = Namespace("http://www.w3.org/ns/sparql-service-description#")
FORMATS_NS = Namespace("http://www.w3.org/ns/formats/")
VOID = Namespace("http://rdfs.org/ns/void#")

router = APIRouter(tags=["SPARQL"])

SPARQL_DOC = """SPARQL 1.1 Protocol, read-only.

* `GET /sparql?query=…`, `POST` form-encoded (`query=…`) or `POST` with `Content-Type:
  application/sparql-query` (UTF-8).
* `default-graph-uri` / `named-graph-uri` (repeatable) set the dataset; they must name graphs of
  this store. Without them the default graph is the union of all graphs.
* Results by `Accept` or `format`: SELECT/ASK as json, xml, csv, tsv; CONSTRUCT/DESCRIBE as
  ttl, nt, jsonld, rdfxml.
* Refused: SPARQL Update (403 `read_only`), SERVICE and graphs from elsewhere (403
  `outbound_refused`). A query runs at most `query_timeout` seconds (503 `timeout`); a SELECT
  returns at most `max_rows` rows (header `X-Unkg-Truncated: true`, and in the body), a
  CONSTRUCT or DESCRIBE at most `max_rows` triples (the header says it), as Virtuoso's
  ResultSetMaxRows does.
* Without a query, `GET /sparql` returns the SPARQL Service Description (Turtle by default).
"""


class PayloadTooLarge(UnkgError):
    code = "too_large"
    http_status = 413


class UriTooLong(UnkgError):
    code = "uri_too_long"
    http_status = 414


class UnsupportedMediaType(UnkgError):
    code = "unsupported_media_type"
    http_status = 415


def parse_media_type(header: str) -> tuple[str, dict[str, str]]:
    parts = [p.strip() for p in (header or "").split(";")]
    params = {}
    for p in parts[1:]:
        if "=" in p:
            k, v = p.split("=", 1)
            params[k.strip().lower()] = v.strip().strip('"')
    return parts[0].lower(), params


async def read_body(request: Request, limit: int) -> bytes:
    """The request body, refused with 413 past `limit` bytes (counted as it arrives)."""
    declared = request.headers.get("content-length")
    if declared and declared.isdigit() and int(declared) > limit:
        raise PayloadTooLarge(f"the request body has {declared} bytes; the limit is {limit} (max_query_bytes)")
    chunks, size = [], 0
    async for chunk in request.stream():
        size += len(chunk)
        if size > limit:
            raise PayloadTooLarge(f"the request body is larger than the limit of {limit} bytes (max_query_bytes)")
        chunks.append(chunk)
    return b"".join(chunks)


def _decode(raw: bytes, what: str) -> str:
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        raise UnsupportedMediaType(f"the {what} is not UTF-8; send SPARQL as UTF-8") from None


async def protocol_params(request: Request, svc: Service) -> tuple[list[str], MultiDict, bool]:
    """(queries, parameters, came in the URL) of a protocol request; updates are refused here."""
    limit = svc.settings.max_query_bytes
    url_params = request.query_params
    if "update" in url_params:
        refuse_update_request()
    if request.method == "GET":
        if len(request.scope.get("query_string", b"")) > 3 * limit + 4096:
            raise UriTooLong(f"the request URL is longer than the limit ({limit} bytes of query); POST the query")
        return url_params.getlist("query"), url_params, True
    media, params = parse_media_type(request.headers.get("content-type", ""))
    if media == "application/sparql-update":
        refuse_update_request()
    body = await read_body(request, 3 * limit + 4096)
    if media == "application/x-www-form-urlencoded":
        form = parse_qs(_decode(body, "form"), keep_blank_values=True)
        if "update" in form:
            refuse_update_request()
        merged = MultiDict(list(url_params.multi_items()) + [(k, v) for k, vs in form.items() for v in vs])
        return form.get("query", []), merged, False
    if media == "application/sparql-query":
        charset = params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"charset {charset!r} is refused: send the query as UTF-8 (charset=utf-8)")
        return [_decode(body, "query")], url_params, False
    if not media:
        raise UnsupportedMediaType("a POST to /sparql needs a Content-Type: application/x-www-form-urlencoded "
                                   "or application/sparql-query")
    raise UnsupportedMediaType(f"Content-Type {media!r} is not a SPARQL query: use "
                               f"application/x-www-form-urlencoded or application/sparql-query")


def prepare_job(svc: Service, query: str, params, *, in_url: bool, accept: str | None) -> QueryJob:
    """Check a query (size, form, dataset) and choose its result format."""
    limit = svc.settings.max_query_bytes
    if len(query.encode("utf-8")) > limit:
        cls = UriTooLong if in_url else PayloadTooLarge
        raise cls(f"the query has {len(query.encode('utf-8'))} bytes; the limit is {limit} (max_query_bytes)")
    if not query.strip():
        raise QueryError("the query is empty")
    info = inspect_query(query)
    default_graphs = params.getlist("default-graph-uri")
    named_graphs = params.getlist("named-graph-uri")
    dataset = default_graphs + named_graphs + info.from_graphs + info.from_named
    if dataset:
        known = set(svc.store.graphs())
        check_graphs(default_graphs, known, "default-graph-uri")
        check_graphs(named_graphs, known, "named-graph-uri")
        check_graphs(info.from_graphs, known, "FROM")
        check_graphs(info.from_named, known, "FROM NAMED")
    if info.form == "ASK":
        offers = {k: RESULT_MEDIA[k] for k in ("json", "xml")}
    elif info.tabular:
        offers = RESULT_MEDIA
    else:
        offers = {k: RDF_MEDIA[k] for k in ("ttl", "nt", "jsonld", "rdfxml")}
    fmt = choose(accept, params.get("format") or params.get("output"), offers, "json" if info.tabular else "ttl")
    if info.form == "SELECT" and not info.lookup:
        # one row past the cap: the engine stops there, and cap_rows still sees the result was cut
        query = row_limited(query, svc.settings.max_rows + 1)
    return QueryJob(query, fmt, info.form == "SELECT", svc.settings.max_rows, default_graphs, named_graphs,
                    lookup=info.lookup)


def answer_headers(svc: Service, answer: QueryAnswer) -> tuple[str, dict[str, str]]:
    """(Content-Type, other headers) of a query answer."""
    headers = {"Vary": "Accept", "X-Unkg-Row-Limit": str(svc.settings.max_rows)}
    if answer.truncated:
        headers["X-Unkg-Truncated"] = "true"
        unit = "rows" if answer.media_type in RESULT_FORMATS.values() else "triples"
        headers["Warning"] = f'199 unkg "result cut at the limit of {svc.settings.max_rows} {unit}"'
    media = answer.media_type
    if media.startswith("text/") or media.endswith(("+json", "+xml")) or media == "application/n-triples":
        media += "; charset=utf-8"
    return media, headers


def answer_response(svc: Service, answer: QueryAnswer, fmt: str) -> Response:
    media, headers = answer_headers(svc, answer)
    return Response(answer.body, media_type=media, headers=headers)


async def run_job(svc: Service, job: QueryJob) -> QueryAnswer:
    if job.lookup:
        # in a thread even for a lookup: the engine releases the GIL, so the event loop reads
        # the next request meanwhile, and the resource with the most triples cannot stall the
        # loop; the service's own pool, which costs less per call than the shared one
        return await asyncio.get_running_loop().run_in_executor(svc.lookup_threads, svc.run, job)
    return await run_in_threadpool(svc.run, job)


async def sparql(request: Request):
    svc = get_service(request)
    queries, params, in_url = await protocol_params(request, svc)
    if not queries:
        if request.method == "GET":
            return service_description(request, svc)
        raise QueryError("no query: send query=… (form) or a SPARQL query body (application/sparql-query)")
    if len(queries) > 1:
        raise QueryError("more than one query parameter: send exactly one query")
    job = prepare_job(svc, queries[0], params, in_url=in_url, accept=request.headers.get("accept"))
    answer = await run_job(svc, job)
    return answer_response(svc, answer, job.fmt)


async def answer_lookup(svc: Service | None, scope, send, cors_headers: dict[str, str]) -> bool:
    """Answer `GET /sparql?query=…` for a bounded lookup (query_guard.is_lookup) straight from
    the ASGI scope, without the routing, middleware and request objects of the application
    (which cost more CPU than the lookup itself); False, with nothing sent, for any other
    request or any failure, which the application then answers (with its error shape).

    The response is the one the route gives: the same body and headers, and the headers of
    the CORS middleware (`cors_headers` when the request has an Origin; Vary: Origin)."""
    if svc is None or scope["method"] != "GET":
        return False
    try:
        raw_query = scope.get("query_string", b"")
        if len(raw_query) > 3 * svc.settings.max_query_bytes + 4096:
            return False
        params = QueryParams(raw_query)
        queries = params.getlist("query")
        if len(queries) != 1 or "update" in params:
            return False
        accept = origin = None
        for name, value in scope["headers"]:
            if name == b"accept" and accept is None:
                accept = value.decode("latin-1")
            elif name == b"origin" and origin is None:
                origin = value.decode("latin-1")
        job = prepare_job(svc, queries[0], params, in_url=True, accept=accept)
        if not job.lookup:
            return False
        answer = await run_job(svc, job)
    except Exception:  # noqa: BLE001 - refused or failed: the application answers it, with its error shape
        return False
    media, headers = answer_headers(svc, answer)
    headers["Vary"] += ", Origin"
    if origin is not None:
        headers.update(cors_headers)
    raw = [(b"content-length", str(len(answer.body)).encode()), (b"content-type", media.encode("latin-1"))]
    raw += [(k.lower().encode("latin-1"), v.encode("latin-1")) for k, v in headers.items()]
    await send({"type": "http.response.start", "status": 200, "headers": raw})
    await send({"type": "http.response.body", "body": answer.body})
    return True


add_routes(router, "/sparql", sparql, ["GET", "POST"], name="sparql", response_class=Response,
           summary="SPARQL 1.1 Protocol endpoint (read-only)", description=SPARQL_DOC)


def service_description(request: Request, svc: Service) -> Response:
    endpoint = URIRef(str(request.url_for("sparql")))
    g = Graph()
    g.bind("sd", SD)
    g.bind("void", VOID)
    g.add((endpoint, RDF.type, SD.Service))
    g.add((endpoint, SD.endpoint, endpoint))
    g.add((endpoint, SD.supportedLanguage, SD.SPARQL11Query))
    g.add((endpoint, SD.feature, SD.UnionDefaultGraph))
    for fmt in ("SPARQL_Results_JSON", "SPARQL_Results_XML", "SPARQL_Results_CSV", "SPARQL_Results_TSV",
                "Turtle", "N-Triples", "JSON-LD", "RDF_XML"):
        g.add((endpoint, SD.resultFormat, FORMATS_NS[fmt]))
    dataset = BNode()
    g.add((endpoint, SD.defaultDataset, dataset))
    g.add((dataset, RDF.type, SD.Dataset))
    default = BNode()
    g.add((dataset, SD.defaultGraph, default))
    g.add((default, RDF.type, SD.Graph))
    g.add((default, VOID.triples, Literal(svc.store.count(), datatype=XSD.integer)))
    for name in svc.store.graphs():
        ng = BNode()
        g.add((dataset, SD.namedGraph, ng))
        g.add((ng, RDF.type, SD.NamedGraph))
        g.add((ng, SD.name, URIRef(name)))
    return rdf_response(g, request, default="ttl")


def rdf_response(g: Graph, request: Request, *, default: str = "ttl", fmt: str | None = None,
                 headers: dict | None = None) -> Response:
    """An rdflib graph serialised as the client asks (Accept or `format`)."""
    offers = {k: RDF_MEDIA[k] for k in ("ttl", "nt", "jsonld", "rdfxml")}
    key = fmt or choose(request.headers.get("accept"), request.query_params.get("format"), offers, default)
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "jsonld": "json-ld", "rdfxml": "xml"}[key]
    body = g.serialize(format=rdflib_fmt, encoding="utf-8")
    return Response(body, media_type=media_type(key) + "; charset=utf-8",
                    headers={"Vary": "Accept", **(headers or {})})
