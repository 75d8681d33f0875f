"""The remote backend: any SPARQL 1.1 server (Virtuoso, Apache Jena Fuseki, GraphDB, …) over HTTP.

Selected by configuration alone: `UNKG_STORE=sparql+http://host:8890/sparql` (the
`sparql+` prefix is dropped), `UNKG_UPDATE_URL` when updates go to another URL, and
`UNKG_STORE_USER`/`UNKG_STORE_PASSWORD` (HTTP basic, or digest when the server asks for
it) or `UNKG_STORE_TOKEN` (bearer).

Reads are SPARQL 1.1 Query requests built by SPARQLWrapper; writes are SPARQL 1.1 Update
requests. Replacing a document's graph is ONE update request (`DROP SILENT GRAPH` and
`INSERT DATA` operations in chunks of `chunk_triples`), which Virtuoso runs as one
transaction: a server killed mid-request rolls it back on restart. A graph too large for
one request is loaded into a hidden staging graph and moved into place by one final
request, so readers see it either whole or not at all. Transient failures (connection
refused while the server restarts, 502/503/504, deadlocks) are retried with exponential
backoff; then a StoreError says which URL, what happened and what to do.

What the server holds for itself is hidden (see `hidden_graph`): graphs() lists the
graphs under the base IRI and any other graph loaded into the server, never Virtuoso's
system graphs nor the union graph below.

The default graph is the union of the named graphs as a SET, as on the embedded store.
Virtuoso's own default graph yields a triple once per graph that holds it (n documents
citing one resolution make a join of k patterns over it n^k rows), so on Virtuoso unkg
keeps the union materialised in a hidden graph, `{base}graph/union`, maintained by the
same update request that replaces or drops a named graph: the triples of the old graph
that no other graph holds leave the union, the graph is dropped and written, and its
triples are added to the union. Every query runs with that graph as its default graph
(`define input:default-graph-uri`), and each `GRAPH ?g` of a query is kept off the hidden
graphs by a FILTER. Servers whose default graph is already a set union (Fuseki's
`unionDefaultGraph`) get queries unchanged and no union graph (`union_graph=False`).
"""
from __future__ import annotations

import hashlib
import http.client
import io
import json
import re
import socket
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from itertools import islice
from typing import BinaryIO, Iterable, Iterator, Mapping

import pyoxigraph as ox
from rdflib import BNode, Dataset, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier
from SPARQLWrapper import POST, POSTDIRECTLY, URLENCODED, SPARQLWrapper

from ..config import DEFAULT_BASE_IRI, Settings
from ..errors import QueryError, QueryTimeout, ReadOnlyStore, StoreError, UsageError
from .base import RDF_FORMATS, RESULT_FORMATS, Capabilities, SelectResult, SparqlAnswer, Store, Triple
from .oxigraph import to_rdflib
from .query_text import (always_bound, bind_inside, exclude_from_graph_variables, graph_constants, has_from, query_form,
                         spell_out_sameterm, term_text)

#: graphs a Virtuoso server creates for itself
VIRTUOSO_SYSTEM_GRAPHS = frozenset({
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/sparql",
    "http://www.w3.org/2002/07/owl#",
})
#: prefixes of further server-owned graphs (Virtuoso's schemas, its URIQA and DAV graphs)
VIRTUOSO_SYSTEM_PREFIXES = ("http://www.openlinksw.com/schemas/", "http://localuriqaserver/")
#: where a graph too large for one request is loaded before it is moved into place
STAGING_PREFIX = "urn:x-unkg:staging:"
#: a graph nobody writes: the default graph of a query that asks for no union
EMPTY_GRAPH = "urn:x-unkg:empty"
#: where, under the base IRI, the union of the named graphs is kept as a set (see above)
UNION_GRAPH_PATH = "graph/union"


def union_graph_iri(base_iri: str = DEFAULT_BASE_IRI) -> str:
    return base_iri + UNION_GRAPH_PATH

# how rdflib names the formats unkg writes itself
_RDFLIB_FORMAT = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdfxml": "xml"}
#: RDF formats a server's graph result is passed through in; the others are written here
#: (Virtuoso 7 cannot write N-Quads or TriG, and drops language tags in its JSON-LD)
_PASS_THROUGH_RDF = {"ttl", "nt", "rdfxml"}
_XSD_BOOLEAN = str(XSD.boolean)
_XSD_STRING = str(XSD.string)
_TRANSIENT_STATUS = {502, 503, 504}
#: SQL states of errors worth another try (deadlock, serialisation failure, lost connection)
_TRANSIENT_SQLSTATE = re.compile(r"^Virtuoso (40001|40003|08\w{3}) Error", re.MULTILINE)
_VIRTUOSO_ERROR = re.compile(r"Virtuoso \w{5} Error [A-Z]{2}\d{3}: ?(.*)")


class _Failure(Exception):
    """One failed HTTP exchange, classified: `transient` ones are tried again."""

    def __init__(self, what: str, *, transient: bool, status: int | None = None, body: str = "", headers=None):
        super().__init__(what)
        self.what, self.transient, self.status, self.body, self.headers = what, transient, status, body, headers


def _first_line(body: str) -> str:
    m = _VIRTUOSO_ERROR.search(body)
    line = m.group(0) if m else next((ln.strip() for ln in body.splitlines() if ln.strip()), "")
    line = re.sub(r"<[^>]+>", " ", line).strip()
    return line[:240]


def hidden_graph(iri: str, base_iri: str = DEFAULT_BASE_IRI) -> bool:
    """True for graphs that are not unkg's to show: the server's own, and staging graphs.

    A graph under the base IRI is shown, but for the union graph; so is any other graph a user loaded.
    """
    if iri.startswith(base_iri):
        return iri == union_graph_iri(base_iri)
    return (iri in VIRTUOSO_SYSTEM_GRAPHS or iri.startswith(VIRTUOSO_SYSTEM_PREFIXES)
            or iri.startswith(STAGING_PREFIX) or iri == EMPTY_GRAPH)


def _not_hidden(var: str, hidden: Iterable[str], union: str) -> str:
    """A FILTER expression true when graph `var` is a graph unkg shows."""
    listed = ", ".join(term_text(URIRef(g)) for g in sorted(set(hidden) | {union, EMPTY_GRAPH}))
    return f'{var} NOT IN ({listed}) && !STRSTARTS(STR({var}), "{STAGING_PREFIX}")'


def _check_iri(iri: str) -> str:
    if not iri or any(c in iri for c in '<>"{}|^`\\ \n\t'):
        raise UsageError(f"{iri!r} is not a valid graph IRI")
    return iri


def _normal(term: Identifier) -> Identifier:
    """The same normalisation for terms parsed from an RDF serialisation."""
    if isinstance(term, Literal) and not term.language and term.datatype is not None:
        dt = str(term.datatype)
        if dt == _XSD_STRING:
            return Literal(str(term))
        if dt == _XSD_BOOLEAN and str(term) in ("1", "0"):
            return Literal("true" if str(term) == "1" else "false", datatype=XSD.boolean)
    if isinstance(term, BNode):
        return BNode(re.sub(r"[^A-Za-z0-9_]", "_", str(term).removeprefix("nodeID://")))
    return term


def _normalise_json_results(body: bytes) -> bytes:
    """SPARQL JSON results in the 1.1 spelling: 'typed-literal' → 'literal', booleans true/false."""
    doc = json.loads(body)
    for row in doc.get("results", {}).get("bindings", []):
        for b in row.values():
            if b.get("type") == "typed-literal":
                b["type"] = "literal"
            dt = b.get("datatype")
            if dt == _XSD_BOOLEAN and b.get("value") in ("1", "0"):
                b["value"] = "true" if b["value"] == "1" else "false"
            elif dt == _XSD_STRING:
                del b["datatype"]
    if doc.get("head", {}).get("link") == []:
        del doc["head"]["link"]           # Virtuoso's empty "link": [] says nothing
    return json.dumps(doc, ensure_ascii=False).encode("utf-8")


def _write_graph(graph: Graph, out: BinaryIO, fmt: str) -> None:
    """A graph (no graph name) in any RDF format; in N-Quads and TriG its triples are in the default graph."""
    if fmt in ("nq", "nt"):
        out.write("".join(f"{term_text(s)} {term_text(p)} {term_text(o)} .\n" for s, p, o in graph).encode("ascii"))
    else:
        graph.serialize(out, format="turtle" if fmt == "trig" else _RDFLIB_FORMAT[fmt])


class SparqlStore(Store):
    """A store on a SPARQL 1.1 server."""

    def __init__(self, query_url: str, *, update_url: str = "", user: str = "", password: str = "",
                 token: str = "", base_iri: str = DEFAULT_BASE_IRI, read_only: bool = False,
                 timeout: float = 30.0, update_timeout: float = 600.0, retries: int = 5, backoff: float = 0.5,
                 chunk_triples: int = 1000, request_triples: int = 50_000, progress: bool | None = None,
                 union_graph: bool | None = None):
        self.query_url = query_url.removeprefix("sparql+")
        if not self.query_url.startswith(("http://", "https://")):
            raise UsageError(f"{query_url!r} is not a SPARQL endpoint URL: write sparql+http://host:port/sparql")
        self.update_url = (update_url or self.query_url).removeprefix("sparql+")
        self.location = "sparql+" + self.query_url
        if user and ":" in user and not password:
            user, password = user.split(":", 1)
        self.user, self.password, self.token = user, password, token
        self._digest = False
        self.base_iri = base_iri
        self.read_only = read_only
        self.timeout, self.update_timeout = timeout, update_timeout
        self.retries, self.backoff = retries, backoff
        self.chunk_triples, self.request_triples = chunk_triples, request_triples
        #: show a progress bar for large loads (default: when stderr is a terminal)
        self.progress = sys.stderr.isatty() if progress is None else progress
        self._server: str | None = None
        self._hidden: set[str] | None = None
        #: keep the union graph (None: when the server is Virtuoso, whose default graph is a bag)
        self._union_wanted = union_graph
        self.union_iri = union_graph_iri(base_iri)
        self.capabilities = Capabilities(writable=not read_only, atomic_replace=True, query_timeout=False,
                                         description=f"SPARQL 1.1 server at {self.query_url}")

    @classmethod
    def from_settings(cls, settings: Settings, read_only: bool = False) -> "SparqlStore":
        return cls(settings.store, update_url=settings.update_url, user=settings.store_user,
                   password=settings.store_password, token=settings.store_token, base_iri=settings.base_iri,
                   read_only=read_only, timeout=settings.query_timeout)

    # --- HTTP -------------------------------------------------------------------------

    def _wrapper(self, text: str, *, update: bool, accept: str | None,
                 default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()) -> SPARQLWrapper:
        sw = SPARQLWrapper(self.query_url, updateEndpoint=self.update_url, agent="unkg")
        sw.setOnlyConneg(True)
        sw.setMethod(POST)
        sw.setRequestMethod(POSTDIRECTLY if update else URLENCODED)
        # set directly: SPARQLWrapper's setQuery() runs regular expressions over the whole
        # text to guess its form, which costs seconds on a bulk load
        sw.queryString = text
        sw.queryType = "INSERT" if update else (query_form(text) or "SELECT")
        for g in default_graphs:
            sw.addDefaultGraph(g)
        for g in named_graphs:
            sw.addNamedGraph(g)
        if update:
            sw.addCustomHttpHeader("Content-Type", "application/sparql-update; charset=utf-8")
        if accept:
            sw.addCustomHttpHeader("Accept", accept)
        if self.token:
            sw.addCustomHttpHeader("Authorization", f"Bearer {self.token}")
        elif self.user and not self._digest:
            sw.setCredentials(self.user, self.password)       # HTTP basic, sent up front
        return sw

    def _exchange(self, text: str, *, update: bool = False, accept: str | None = None,
                  default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()):
        """One request → (content type, body bytes, headers); raises _Failure."""
        sw = self._wrapper(text, update=update, accept=accept, default_graphs=default_graphs, named_graphs=named_graphs)
        request = sw._createRequest()
        handlers = []
        if self._digest:
            mgr = urllib.request.HTTPPasswordMgrWithDefaultRealm()
            mgr.add_password(None, self.update_url if update else self.query_url, self.user, self.password)
            handlers.append(urllib.request.HTTPDigestAuthHandler(mgr))
        opener = urllib.request.build_opener(*handlers)
        url = self.update_url if update else self.query_url
        timeout = self.update_timeout if update else self.timeout
        try:
            with opener.open(request, timeout=timeout) as response:
                body = response.read()
                headers = response.headers
        except urllib.error.HTTPError as e:
            raw = e.read().decode("utf-8", "replace")
            status = e.code
            if status == 401 and self.user and not self.token and not self._digest:
                # basic refused: try digest once (Virtuoso's /sparql-auth answers a basic
                # Authorization header with a bare 401, without a challenge)
                self._digest = True
                raise _Failure("asks for digest authentication", transient=True, status=status) from None
            transient = status in _TRANSIENT_STATUS or (status == 500 and bool(_TRANSIENT_SQLSTATE.search(raw)))
            raise _Failure(f"answered HTTP {status}", transient=transient, status=status, body=raw,
                           headers=e.headers) from None
        except urllib.error.URLError as e:
            reason = e.reason
            if isinstance(reason, (socket.timeout, TimeoutError)):
                raise _Failure("did not answer in time", transient=False, status=-1) from None
            if isinstance(reason, ConnectionRefusedError):
                raise _Failure("refused the connection", transient=True) from None
            if isinstance(reason, (ConnectionError, OSError)) and not isinstance(reason, socket.gaierror):
                raise _Failure(f"cannot be reached ({reason})", transient=True) from None
            raise _Failure(f"cannot be reached ({reason})", transient=False) from None
        except (socket.timeout, TimeoutError):
            raise _Failure("did not answer in time", transient=False, status=-1) from None
        except (http.client.RemoteDisconnected, ConnectionError, http.client.IncompleteRead) as e:
            raise _Failure(f"closed the connection ({type(e).__name__})", transient=True) from None
        if self._server is None:
            self._server = headers.get("Server", "") or ""
        ctype = (headers.get("Content-Type") or "").split(";")[0].strip().lower()
        return ctype, body, headers

    def _call(self, text: str, *, update: bool = False, accept: str | None = None,
              default_graphs: Iterable[str] = (), named_graphs: Iterable[str] = ()):
        """A request with retries on transient failures, then one clear UnkgError."""
        url = self.update_url if update else self.query_url
        delay = self.backoff
        for attempt in range(self.retries + 1):
            try:
                return self._exchange(text, update=update, accept=accept,
                                      default_graphs=default_graphs, named_graphs=named_graphs)
            except _Failure as f:
                failure = f
                if not f.transient or attempt == self.retries:
                    break
                if f.status != 401:
                    time.sleep(delay)
                    delay *= 2
        raise self._error(failure, url, update, attempts=attempt + 1)

    def _error(self, f: _Failure, url: str, update: bool, attempts: int):
        detail = _first_line(f.body) if f.body else ""
        if f.status == -1:
            if update:
                return StoreError(f"the SPARQL server at {url} did not answer an update within "
                                  f"{self.update_timeout:g} s: check the server, then run the command again")
            return QueryTimeout(f"the SPARQL server at {url} did not answer within {self.timeout:g} s: "
                                f"simplify the query or raise UNKG_QUERY_TIMEOUT")
        if f.status is None:
            return StoreError(f"the SPARQL server at {url} {f.what} after {attempts} attempt(s): "
                              f"start it, or check UNKG_STORE / UNKG_UPDATE_URL")
        if f.status in (401, 403) or (f.status == 500 and re.search(r"SR186|permission", f.body, re.I)):
            what = "write" if update else "read"
            return StoreError(f"the SPARQL server at {url} refused to let unkg {what} (HTTP {f.status}"
                              f"{': ' + detail if detail else ''}): set UNKG_STORE_USER and UNKG_STORE_PASSWORD "
                              f"(or UNKG_STORE_TOKEN){', or UNKG_UPDATE_URL to an endpoint that accepts updates' if update else ''}",
                              code="store_refused")
        if f.status == 404:
            return StoreError(f"there is no SPARQL endpoint at {url} (HTTP 404): check UNKG_STORE"
                              f"{' / UNKG_UPDATE_URL' if update else ''}")
        if f.status in (400, 500) and not f.transient:
            if update:
                return StoreError(f"the SPARQL server at {url} refused the update (HTTP {f.status}: {detail}); "
                                  f"nothing of this request was written")
            return QueryError(f"the SPARQL server rejected the query (HTTP {f.status}): {detail}")
        return StoreError(f"the SPARQL server at {url} {f.what}{': ' + detail if detail else ''} after "
                          f"{attempts} attempt(s): check the server, then run the command again")

    # --- datasets ---------------------------------------------------------------------

    @property
    def is_virtuoso(self) -> bool:
        if self._server is None:
            self._call("ASK { }", accept=RESULT_FORMATS["json"])
        return "virtuoso" in (self._server or "").lower()

    def _all_graphs(self) -> list[str]:
        """Every graph on the server, its own included."""
        # GROUP BY, not DISTINCT: Virtuoso 7 answers DISTINCT ?g by a scan that takes seconds
        # on a few thousand quads, GROUP BY ?g from its graph index at once
        ctype, body, _ = self._call("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g", accept=RESULT_FORMATS["xml"])
        result = ox.parse_query_results(body, ox.QueryResultsFormat.XML)
        return [sol["g"].value for sol in result if isinstance(sol["g"], ox.NamedNode)]

    @property
    def keeps_union(self) -> bool:
        """True when the union of the named graphs is kept in the union graph (see the module)."""
        if self._union_wanted is None:
            self._union_wanted = self.is_virtuoso
        return self._union_wanted

    def _hidden_graphs(self) -> set[str]:
        if self._hidden is None:
            graphs = self._all_graphs()
            self._hidden = {g for g in graphs if hidden_graph(g, self.base_iri)}
            if self.keeps_union and self.union_iri not in graphs and any(
                    not hidden_graph(g, self.base_iri) for g in graphs):
                self._build_union()
        return self._hidden

    def _build_union(self) -> None:
        """Fill the union graph of a server loaded by an older unkg (or by hand), once."""
        if self.read_only:
            raise StoreError(f"the SPARQL server at {self.query_url} holds graphs but no unkg union graph "
                             f"({self.union_iri}): run `unkg push` or `unkg ingest` once with write access")
        shown = f"FILTER({_not_hidden('?g', self._hidden or set(), self.union_iri)})"
        self._update([f"INSERT {{ GRAPH {term_text(URIRef(self.union_iri))} {{ ?s ?p ?o }} }} "
                      f"WHERE {{ GRAPH ?g {{ ?s ?p ?o }} {shown} }}"])

    def _prepare(self, query: str, bindings: Mapping[str, Identifier] | None, union_default_graph: bool = True,
                 explicit_dataset: bool = False) -> str:
        """Bind parameters, and on Virtuoso set the query's dataset.

        The default graph is the union graph (or an empty one when no union is asked for),
        each `GRAPH ?g` is kept off the hidden graphs by a FILTER, and a graph a query names
        (`GRAPH <iri>`) is declared a named graph: Virtuoso 7 answers nothing for `GRAPH <iri>`
        once the default graph is set unless it is. A query with its own FROM, or a request
        with its own dataset, is sent as it is.
        """
        text = bind_inside(query, bindings, always_bound(query)) if bindings else query
        if not self.is_virtuoso:
            return text
        text = spell_out_sameterm(text)
        if explicit_dataset or has_from(text):
            return text
        hidden = sorted(self._hidden_graphs() | {self.union_iri, EMPTY_GRAPH})
        text = exclude_from_graph_variables(text, hidden)
        default = self.union_iri if union_default_graph and self.keeps_union else None
        if not union_default_graph:
            default = EMPTY_GRAPH
        named = graph_constants(text)
        if default:
            defines = [f"define input:default-graph-uri <{default}>"]
            defines += [f"define input:named-graph-uri {term_text(URIRef(g))}" for g in dict.fromkeys(named)]
        elif not named:
            defines = [f"define input:default-graph-exclude <{g}>" for g in hidden]
        else:
            return text
        return "\n".join(defines) + "\n" + text

    def _results(self, query: str, bindings=None, union_default_graph: bool = True):
        """A SELECT or ASK in SPARQL XML results (exact on Virtuoso, which writes JSON slowly
        and TSV lossily), read by pyoxigraph's parser."""
        text = self._prepare(query, bindings, union_default_graph)
        ctype, body, headers = self._call(text, accept=RESULT_FORMATS["xml"])
        if ctype != RESULT_FORMATS["xml"]:
            raise QueryError(f"expected a SELECT or ASK query (the server answered {ctype or 'nothing'})")
        try:
            return ox.parse_query_results(body, ox.QueryResultsFormat.XML), headers
        except SyntaxError as e:
            raise StoreError(f"the SPARQL server at {self.query_url} sent results unkg cannot read "
                             f"({str(e).splitlines()[0][:160]}): check that it speaks SPARQL 1.1") from None

    # --- reads ------------------------------------------------------------------------

    def graphs(self) -> list[str]:
        graphs = self._all_graphs()
        self._hidden = {g for g in graphs if hidden_graph(g, self.base_iri)} | (self._hidden or set())
        return sorted(g for g in graphs if not hidden_graph(g, self.base_iri))

    def has_graph(self, graph: str) -> bool:
        if hidden_graph(graph, self.base_iri):
            return False
        _check_iri(graph)
        result, _ = self._results(f"ASK {{ GRAPH {term_text(URIRef(graph))} {{ ?s ?p ?o }} }}")
        return bool(result)

    def select(self, query, bindings=None, *, limit=None, union_default_graph=True) -> SelectResult:
        result, headers = self._results(query, bindings, union_default_graph)
        if not isinstance(result, ox.QuerySolutions):
            raise QueryError("expected a SELECT query")
        variables = [v.value for v in result.variables]
        rows = [tuple(_normal(to_rdflib(x)) for x in sol) for sol in result]
        # a bound variable left unbound in a row takes its value, as a VALUES join gives it
        fill = {i: bindings[v] for i, v in enumerate(variables) if bindings and bindings.get(v) is not None}
        if fill:
            rows = [tuple(fill[i] if cell is None and i in fill else cell for i, cell in enumerate(row))
                    for row in rows]
        cut = headers.get("X-SPARQL-MaxRows")
        truncated = False
        if limit is not None and len(rows) > limit:
            rows, truncated = rows[:limit], True
        elif cut is not None and len(rows) >= int(cut):
            if limit is None:
                raise StoreError(f"the SPARQL server at {self.query_url} cut the result at {cut} rows: raise its "
                                 f"limit (Virtuoso: ResultSetMaxRows in the [SPARQL] section of virtuoso.ini)")
            truncated = True
        return SelectResult(variables, rows, truncated)

    def ask(self, query, bindings=None) -> bool:
        result, _ = self._results(query, bindings)
        if not isinstance(result, ox.QueryBoolean):
            raise QueryError("expected an ASK query")
        return bool(result)

    def _graph_result(self, text: str, accept: str = "application/n-triples") -> tuple[str, bytes]:
        ctype, body, _ = self._call(text, accept=f"{accept}, text/turtle;q=0.5")
        if ctype in ("application/sparql-results+json", "application/sparql-results+xml"):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        return ctype, body

    def _parse_graph(self, ctype: str, body: bytes) -> Graph:
        fmt = {"application/n-triples": ox.RdfFormat.N_TRIPLES, "text/plain": ox.RdfFormat.N_TRIPLES,
               "text/ntriples": ox.RdfFormat.N_TRIPLES, "application/rdf+xml": ox.RdfFormat.RDF_XML}.get(ctype, ox.RdfFormat.TURTLE)
        g = Graph()
        try:
            for q in ox.parse(body, fmt):
                g.add((_normal(to_rdflib(q.subject)), to_rdflib(q.predicate), _normal(to_rdflib(q.object))))
        except SyntaxError as e:
            raise StoreError(f"the SPARQL server at {self.query_url} sent RDF unkg cannot read "
                             f"({str(e).splitlines()[0][:160]})") from None
        return g

    def construct(self, query, bindings=None) -> Graph:
        if query_form(query) not in ("CONSTRUCT", "DESCRIBE"):
            raise QueryError("expected a CONSTRUCT or DESCRIBE query")
        text = self._prepare(query, bindings)
        return self._parse_graph(*self._graph_result(text))

    def _graph_triples(self, graph: str) -> Graph:
        text = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {term_text(URIRef(graph))} {{ ?s ?p ?o }} }}"
        return self._parse_graph(*self._graph_result(text))

    def triples(self, graph: str | None = None) -> Iterator[Triple]:
        if graph is not None:
            yield from self._graph_triples(_check_iri(graph))
            return
        if self.keeps_union:
            self._hidden_graphs()
            yield from self._graph_triples(self.union_iri)
            return
        seen: set = set()
        for g in self.graphs():
            for t in self._graph_triples(g):
                if t not in seen:
                    seen.add(t)
                    yield t

    def count(self, graph: str | None = None) -> int:
        if graph is not None:
            q = f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH {term_text(URIRef(_check_iri(graph)))} {{ ?s ?p ?o }} }}"
        else:
            q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        rows = self.select(q).rows
        return int(rows[0][0]) if rows and rows[0][0] is not None else 0

    def dump(self, out: BinaryIO, fmt: str, graph: str | None = None) -> None:
        if fmt not in RDF_FORMATS:
            raise UsageError(f"unknown RDF format {fmt!r}: use one of {', '.join(RDF_FORMATS)}")
        if graph:
            if not self.has_graph(graph):
                raise UsageError(f"no graph {graph} in the store: `unkg stats` lists the graphs")
            if fmt in _PASS_THROUGH_RDF:
                text = self._prepare(f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH {term_text(URIRef(graph))} {{ ?s ?p ?o }} }}", None)
                ctype, body = self._graph_result(text, RDF_FORMATS[fmt])
                if ctype == RDF_FORMATS[fmt] or (fmt == "nt" and ctype in ("text/plain", "text/ntriples")):
                    out.write(body)
                    return
                _write_graph(self._parse_graph(ctype, body), out, fmt)
                return
            _write_graph(self._graph_triples(graph), out, fmt)
            return
        graphs = self.graphs()
        if fmt == "nq":
            # streamed graph by graph: scales with the size of the largest graph, not of the store
            for g in graphs:
                name = term_text(URIRef(g))
                out.write("".join(f"{term_text(s)} {term_text(p)} {term_text(o)} {name} .\n"
                                  for s, p, o in self._graph_triples(g)).encode("ascii"))
            return
        if fmt == "nt" and self.keeps_union:
            out.write("".join(f"{term_text(s)} {term_text(p)} {term_text(o)} .\n"
                              for s, p, o in self.triples()).encode("ascii"))
            return
        if fmt == "nt":
            seen: set = set()
            for g in graphs:
                lines = []
                for t in self._graph_triples(g):
                    if t not in seen:
                        seen.add(t)
                        lines.append(f"{term_text(t[0])} {term_text(t[1])} {term_text(t[2])} .\n")
                out.write("".join(lines).encode("ascii"))
            return
        if fmt in ("trig", "jsonld"):
            ds = Dataset()
            for g in graphs:
                target = ds.graph(URIRef(g))
                for t in self._graph_triples(g):
                    target.add(t)
            ds.serialize(out, format=_RDFLIB_FORMAT[fmt])
            return
        union = Graph()
        for t in self.triples():
            union.add(t)
        union.serialize(out, format=_RDFLIB_FORMAT[fmt])

    def sparql(self, query, result_format, *, union_default_graph=True, default_graphs=None, named_graphs=None,
               max_triples=None):
        if result_format not in RESULT_FORMATS and result_format not in RDF_FORMATS:
            raise UsageError(f"unknown result format {result_format!r}")
        explicit = bool(default_graphs or named_graphs)
        text = self._prepare(query, None, union_default_graph, explicit_dataset=explicit)
        form = query_form(query)
        graph_form = form in ("CONSTRUCT", "DESCRIBE")
        if graph_form and result_format not in RDF_FORMATS:
            raise UsageError(f"a graph result cannot be given as {result_format!r}")
        if form in ("SELECT", "ASK") and result_format not in RESULT_FORMATS:
            raise UsageError(f"a SELECT or ASK result cannot be given as {result_format!r}")
        if result_format in RESULT_FORMATS:
            accept = RESULT_FORMATS[result_format]
        elif result_format in _PASS_THROUGH_RDF:
            accept = f"{RDF_FORMATS[result_format]}, application/n-triples;q=0.5"
        else:
            accept = "application/n-triples, text/turtle;q=0.5"
        ctype, body, _ = self._call(text, accept=accept, default_graphs=default_graphs or (),
                                    named_graphs=named_graphs or ())
        if result_format == "json":
            return SparqlAnswer(RESULT_FORMATS["json"], _normalise_json_results(body))
        if result_format in RESULT_FORMATS:
            return SparqlAnswer(RESULT_FORMATS[result_format], body)
        media = RDF_FORMATS[result_format]
        if ctype == media and max_triples is None:
            return SparqlAnswer(media, body)
        graph = self._parse_graph(ctype, body)
        truncated = max_triples is not None and len(graph) > max_triples
        if truncated:
            kept = Graph()
            for triple in islice(graph, max_triples):
                kept.add(triple)
            graph = kept
        elif ctype == media:
            return SparqlAnswer(media, body)
        buf = io.BytesIO()
        _write_graph(graph, buf, result_format)
        return SparqlAnswer(media, buf.getvalue(), truncated)

    # --- writes -----------------------------------------------------------------------

    def _writable(self):
        if self.read_only:
            raise ReadOnlyStore(f"the store at {self.location} is open read-only")

    def _insert_ops(self, graph: str, triples: list[Triple]) -> list[str]:
        """INSERT DATA operations of at most chunk_triples each.

        Blank nodes are scoped to one operation, so every triple with a blank node goes
        into the same (first) operation, where its labels keep meaning the same node.
        """
        name = term_text(URIRef(graph))
        with_bnodes = [t for t in triples if any(isinstance(x, BNode) for x in t)]
        plain = [t for t in triples if not any(isinstance(x, BNode) for x in t)]
        chunks = ([with_bnodes] if with_bnodes else []) + [plain[i:i + self.chunk_triples]
                                                          for i in range(0, len(plain), self.chunk_triples)]
        ops = []
        for chunk in chunks:
            body = "\n".join(f"{term_text(s)} {term_text(p)} {term_text(o)} ." for s, p, o in chunk)
            if chunk is with_bnodes:
                # INSERT DATA may not hold blank nodes on every server (Virtuoso refuses them);
                # a template over one empty solution makes one fresh node per label
                ops.append(f"INSERT {{ GRAPH {name} {{\n{body}\n}} }} WHERE {{ }}")
            else:
                ops.append(f"INSERT DATA {{ GRAPH {name} {{\n{body}\n}} }}")
        return ops

    def _leave_union(self, graph: str) -> list[str]:
        """Operations that take out of the union graph the triples of `graph` that no other
        graph unkg shows holds (staging graphs and the server's own graphs do not count)."""
        if not self.keeps_union:
            return []
        g, u = term_text(URIRef(graph)), term_text(URIRef(self.union_iri))
        return [f"DELETE {{ GRAPH {u} {{ ?s ?p ?o }} }} WHERE {{ GRAPH {g} {{ ?s ?p ?o }} "
                f"FILTER NOT EXISTS {{ GRAPH ?other {{ ?s ?p ?o }} FILTER(?other != {g} && "
                f"{_not_hidden('?other', self._hidden_graphs(), self.union_iri)}) }} }}"]

    def _enter_union(self, graph: str) -> list[str]:
        """The operation that adds the triples of `graph` to the union graph (blank nodes stay the same nodes)."""
        if not self.keeps_union:
            return []
        return [f"INSERT {{ GRAPH {term_text(URIRef(self.union_iri))} {{ ?s ?p ?o }} }} "
                f"WHERE {{ GRAPH {term_text(URIRef(graph))} {{ ?s ?p ?o }} }}"]

    def _update(self, operations: list[str]) -> None:
        if operations:
            self._call(" ;\n".join(operations), update=True)

    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple] | Graph]) -> None:
        """Replace graphs; as many as fit go into one update request (one transaction).

        A graph larger than `request_triples` is loaded into a staging graph in several
        requests and moved into place by a last one: it is replaced whole or not at all.
        """
        self._writable()
        plan = [(_check_iri(str(g)), list(ts)) for g, ts in graphs.items()]
        if self.keeps_union:
            self._hidden_graphs()          # a server without the union graph gets it first
        total = sum(len(ts) for _, ts in plan)
        bar = self._bar(total, "load")
        try:
            batch, size = [], 0
            for g, ts in plan:
                if len(ts) > self.request_triples:
                    self._update(batch)
                    batch, size = [], 0
                    self._load_staged(g, ts, bar)
                    continue
                if batch and size + len(ts) > self.request_triples:
                    self._update(batch)
                    batch, size = [], 0
                batch += self._leave_union(g) + [f"DROP SILENT GRAPH {term_text(URIRef(g))}"]
                if ts:
                    batch += self._insert_ops(g, ts) + self._enter_union(g)
                size += len(ts)
                if bar is not None:
                    bar.update(len(ts))
            self._update(batch)
        finally:
            if bar is not None:
                bar.close()

    def _load_staged(self, graph: str, triples: list[Triple], bar) -> None:
        stage = STAGING_PREFIX + hashlib.sha256(graph.encode("utf-8")).hexdigest()[:32]
        if self._hidden is not None:
            self._hidden.add(stage)
        stage_t, graph_t = term_text(URIRef(stage)), term_text(URIRef(graph))
        self._update([f"DROP SILENT GRAPH {stage_t}"])
        step = self.request_triples
        # triples with blank nodes all go into the first request (see _insert_ops)
        ordered = sorted(triples, key=lambda t: not any(isinstance(x, BNode) for x in t))
        for i in range(0, len(ordered), step):
            self._update(self._insert_ops(stage, ordered[i:i + step]))
            if bar is not None:
                bar.update(len(ordered[i:i + step]))
        self._update(self._leave_union(graph) + [f"DROP SILENT GRAPH {graph_t}",
                                                 f"MOVE SILENT GRAPH {stage_t} TO GRAPH {graph_t}"]
                     + self._enter_union(graph))

    def _bar(self, total: int, desc: str):
        if not self.progress or total < 10 * self.chunk_triples:
            return None
        from tqdm import tqdm

        return tqdm(total=total, desc=desc, unit="triple", unit_scale=True, file=sys.stderr)

    def drop_graphs(self, graphs: Iterable[str]) -> None:
        self._writable()
        ops = []
        for g in graphs:
            g = _check_iri(str(g))
            ops += self._leave_union(g) + [f"DROP SILENT GRAPH {term_text(URIRef(g))}"]
        self._update(ops)


def push(source: Store, target: SparqlStore, *, progress: bool | None = None) -> tuple[int, int]:
    """Copy every graph of `source` into `target`, many small graphs per update request.

    Each graph on the server is replaced whole; a graph of the server that the source
    lacks is left alone. Returns (graphs, triples) copied.
    """
    graphs = source.graphs()
    show = target.progress if progress is None else progress
    bar = None
    if show:
        from tqdm import tqdm

        bar = tqdm(total=source.count(), desc="push", unit="triple", unit_scale=True, file=sys.stderr)
    shown, target.progress = target.progress, False
    copied = 0

    def flush(batch: dict[str, list[Triple]]) -> None:
        target.replace_graphs(batch)
        if bar is not None:
            bar.update(sum(len(ts) for ts in batch.values()))

    try:
        batch: dict[str, list[Triple]] = {}
        size = 0
        for g in graphs:
            ts = list(source.triples(g))
            if batch and size + len(ts) > target.request_triples:
                flush(batch)
                batch, size = {}, 0
            batch[g] = ts
            size += len(ts)
            copied += len(ts)
        if batch:
            flush(batch)
    finally:
        target.progress = shown
        if bar is not None:
            bar.close()
    return len(graphs), copied
