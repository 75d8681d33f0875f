"""End to end over Virtuoso: the service answers the same over the embedded store and over the server.

The corpus (../shared/corpus, ingested once per session) is copied into the session's
Virtuoso; then two real `unkg serve` processes run on free loopback ports, one over the
embedded store and one with `--store sparql+http://…` over Virtuoso, and are asked the
same things over HTTP: every named query of GET /queries, a SELECT and a CONSTRUCT through
/sparql with SPARQLWrapper, and a linked-data resource as Turtle.

What the result formats cannot carry identically is normalised, and nothing else
(tests/virtuoso.py `comparable`): numbers by value, language tags without case, blank
node labels. Rows are compared as sorted lists, so a repeated row counts.
"""
from __future__ import annotations

import io
import json
import os
import urllib.error
import urllib.request

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.compare import isomorphic
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser

from unkg.querylib import list_queries
from unkg.store.oxigraph import OxigraphStore
from unkg.store.sparql import push

from .servers import start_server, stop_server, wait_until_up
from .virtuoso import ENGINE_DIFFERENCES, comparable

pytestmark = [pytest.mark.corpus, pytest.mark.virtuoso]

PREFIX = "PREFIX unkg: <https://w3id.org/unkg/ontology#>\n"
RESOLUTION = "https://w3id.org/unkg/id/resolution/ctoc-cop/8/4"


@pytest.fixture(scope="module")
def services(embedded_corpus, virtuoso):
    """(base URL over the embedded store, base URL over Virtuoso), both serving the corpus."""
    remote = virtuoso.store()
    remote.drop_graphs(remote.graphs())
    with OxigraphStore(embedded_corpus, read_only=True) as embedded:
        graphs, _ = push(embedded, remote, progress=False)
    assert graphs == len(remote.graphs()) > 20
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
    env.update(UNKG_QUERY_TIMEOUT="60")
    # reading needs no credentials: the Virtuoso service gets the query endpoint only
    procs = [start_server(str(embedded_corpus), env), start_server(virtuoso.store_url, env)]
    try:
        for proc, base in procs:
            wait_until_up(proc, base)
        yield procs[0][1], procs[1][1]
    finally:
        for proc, _ in procs:
            stop_server(proc)


def get(url: str, accept: str | None = None):
    """(body, headers) of a GET; headers are looked up without case."""
    req = urllib.request.Request(url, headers={"Accept": accept} if accept else {})
    with urllib.request.urlopen(req, timeout=120) as r:
        return r.read(), r.headers


def rows(body: bytes) -> tuple[list[str], list[tuple]]:
    """Variables and rows of a SPARQL JSON result, each term made comparable."""
    result = JSONResultParser().parse(io.BytesIO(body))
    variables = [str(v) for v in result.vars]
    return variables, sorted(tuple(comparable(row.get(v)) for v in result.vars) for row in result.bindings)


def normal_graph(g: Graph) -> Graph:
    """Language tags in lower case (Virtuoso lower-cases them; BCP 47 tags are case-insensitive)."""
    out = Graph()
    for s, p, o in g:
        if isinstance(o, Literal) and o.language:
            o = Literal(str(o), lang=o.language.lower())
        out.add((s, p, o))
    return out


def test_both_services_list_the_same_named_queries(services):
    local, remote = services
    names = [q["name"] for q in json.loads(get(local + "/queries")[0])["queries"]]
    assert names == [q["name"] for q in json.loads(get(remote + "/queries")[0])["queries"]]
    assert sorted(names) == sorted(q.name for q in list_queries()) and len(names) >= 5


@pytest.mark.parametrize("name", [
    pytest.param(q.name, marks=pytest.mark.xfail(strict=True, reason=ENGINE_DIFFERENCES[q.name]))
    if q.name in ENGINE_DIFFERENCES else q.name
    for q in list_queries()])
def test_named_query_over_http_answers_the_same(services, name):
    local, remote = services
    body_a, headers_a = get(f"{local}/queries/{name}")
    body_b, headers_b = get(f"{remote}/queries/{name}")
    assert headers_a.get("X-Unkg-Truncated") is None and headers_b.get("X-Unkg-Truncated") is None
    vars_a, rows_a = rows(body_a)
    vars_b, rows_b = rows(body_b)
    assert vars_b == vars_a
    assert rows_b == rows_a


def sparqlwrapper(base: str, query: str, fmt: str):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(base + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw.queryAndConvert()


def test_a_select_through_sparql_answers_the_same(services):
    """A join without DISTINCT over a resolution many documents cite: a default graph that
    repeated shared triples would repeat rows."""
    from SPARQLWrapper import JSON

    q = PREFIX + f"""SELECT ?recommendation ?document ?type ?number ?body WHERE {{
      ?recommendation unkg:endorsedBy <{RESOLUTION}> ; unkg:inDocument ?document .
      <{RESOLUTION}> a ?type ; unkg:number ?number ; unkg:body ?body .
    }}"""
    answers = []
    for base in services:
        doc = sparqlwrapper(base, q, JSON)
        answers.append(rows(json.dumps(doc).encode()))
    assert len(answers[0][1]) >= 10, "the corpus has recommendations that resolution 8/4 endorsed"
    assert len(set(answers[0][1])) == len(answers[0][1])
    assert answers[1] == answers[0]


def test_a_construct_through_sparql_answers_the_same(services):
    from SPARQLWrapper import TURTLE

    q = PREFIX + f"""CONSTRUCT {{
      ?resolution ?p ?o . ?citation unkg:citedResource ?resolution ; unkg:inParagraph ?paragraph .
      ?paragraph unkg:inDocument ?document . ?document ?dp ?do .
    }} WHERE {{
      {{ BIND(<{RESOLUTION}> AS ?resolution) ?resolution ?p ?o }}
      UNION {{ ?citation unkg:citedResource <{RESOLUTION}> ; unkg:inParagraph ?paragraph .
               ?paragraph unkg:inDocument ?document . ?document ?dp ?do BIND(<{RESOLUTION}> AS ?resolution) }}
    }}"""
    graphs = [normal_graph(Graph().parse(data=sparqlwrapper(base, q, TURTLE), format="turtle")) for base in services]
    assert len(graphs[0]) > 10
    assert isomorphic(graphs[1], graphs[0])


@pytest.mark.parametrize("iri", [RESOLUTION, "https://w3id.org/unkg/id/report/ctoc-cop-wg2/9/para/4"])
def test_a_linked_data_resource_as_turtle_is_the_same_graph(services, iri):
    path = iri[len("https://w3id.org/unkg"):]
    graphs = []
    for base in services:
        body, headers = get(base + path, accept="text/turtle")
        assert headers["Content-Type"].startswith("text/turtle")
        graphs.append(normal_graph(Graph().parse(data=body, format="turtle")))
    assert (URIRef(iri), None, None) in graphs[0] and len(graphs[0]) >= 4
    assert isomorphic(graphs[1], graphs[0])
