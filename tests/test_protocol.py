"""The W3C SPARQL 1.1 Protocol test cases that apply to a read-only endpoint.

Rewritten from rdf-tests `sparql/sparql11/protocol/manifest.ttl`: every query case, with
the graphs it names (kasei.us data0–data3) loaded as named graphs of the store so that
they are graphs of *this* store, not remote ones; and every update case, where a
read-only endpoint must refuse (the W3C expectation of 2xx becomes our 403 `read_only`;
the `bad_update_*` cases expect 4xx in both readings).
"""
from __future__ import annotations

from urllib.parse import quote, urlencode

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF

from tests.test_api_data import make_client

DATA = "http://kasei.us/2009/09/sparql/data/data{}.rdf"
D0, D1, D2, D3 = (DATA.format(i) for i in range(4))
TABULAR = ("application/sparql-results+xml", "application/sparql-results+json", "text/csv", "text/tab-separated-values")
BOOLEAN = ("application/sparql-results+xml", "application/sparql-results+json")
RDF_TYPES = ("application/rdf+xml", "text/turtle", "application/n-triples", "application/ld+json")
FORM = "application/x-www-form-urlencoded"
DIRECT = "application/sparql-query"
UPDATE = "application/sparql-update"


def q(**params) -> str:
    """A query string with repeatable parameters: q(query=…, default_graph_uri=[…])."""
    pairs = []
    for k, v in params.items():
        for one in (v if isinstance(v, list) else [v]):
            pairs.append((k.replace("_", "-"), one))
    return "?" + urlencode(pairs, quote_via=quote)


ASK_D1_D2 = f"ASK {{ <{D1}> a ?type . <{D2}> a ?type . }}"
ASK_NAMED = f"ASK {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
ASK_FULL = f"ASK {{ <{D3}> a ?type GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
ASK_FROM = f"ASK FROM <{D3}> {{ GRAPH ?g1 {{ <{D1}> a ?type }} GRAPH ?g2 {{ <{D2}> a ?type }} }}"
UPDATE_TEXT = (f"PREFIX foaf: <http://xmlns.com/foaf/0.1/> CLEAR ALL ; INSERT DATA {{ GRAPH <{D1}> "
               f"{{ <{D1}> a foaf:Document }} }}")

# (id, method, path, content-type, body, expectation)
# expectation: ("boolean", True) | ("tabular",) | ("rdf",) | ("status", code) | ("4xx",)
CASES = [
    ("query_post_form", "POST", "/sparql" + q(default_graph_uri=D0), FORM, "query=ASK%20%7B%7D", ("boolean", True)),
    ("query_dataset_default_graphs_get", "GET", "/sparql" + q(query=ASK_D1_D2, default_graph_uri=[D1, D2]), None, None,
     ("boolean", True)),
    ("query_dataset_default_graphs_post", "POST", "/sparql" + q(default_graph_uri=[D1, D2]), DIRECT, ASK_D1_D2,
     ("boolean", True)),
    ("query_dataset_named_graphs_post", "POST", "/sparql" + q(named_graph_uri=[D1, D2]), DIRECT, ASK_NAMED,
     ("boolean", True)),
    ("query_dataset_named_graphs_get", "GET", "/sparql" + q(query=ASK_NAMED, named_graph_uri=[D1, D2]), None, None,
     ("boolean", True)),
    ("query_dataset_full", "POST", "/sparql" + q(default_graph_uri=D3, named_graph_uri=[D1, D2]), DIRECT, ASK_FULL,
     ("boolean", True)),
    ("query_multiple_dataset", "POST", "/sparql" + q(named_graph_uri=[D1, D2]), DIRECT, ASK_FROM, ("boolean", True)),
    ("query_get", "GET", "/sparql" + q(query="ASK {}", default_graph_uri=D0), None, None, ("boolean", True)),
    ("query_content_type_select", "POST", "/sparql" + q(default_graph_uri=D0), DIRECT, "SELECT (1 AS ?value) {}",
     ("tabular",)),
    ("query_content_type_ask", "POST", "/sparql" + q(default_graph_uri=D0), DIRECT, "ASK {}", ("boolean", True)),
    ("query_content_type_describe", "POST", "/sparql" + q(default_graph_uri=D0), DIRECT, "DESCRIBE <http://example.org/>",
     ("rdf",)),
    ("query_content_type_construct", "POST", "/sparql" + q(default_graph_uri=D0), DIRECT,
     "CONSTRUCT { <http://example.org/s> <http://example.org/p> 1 } WHERE {}", ("rdf",)),
    ("query_post_direct", "POST", "/sparql" + q(default_graph_uri=D0), DIRECT, "ASK {}", ("boolean", True)),
    # update cases: a read-only endpoint refuses them all
    ("update_dataset_default_graph", "POST", "/sparql" + q(using_graph_uri=D1), UPDATE, UPDATE_TEXT, ("status", 403)),
    ("update_dataset_default_graphs", "POST", "/sparql" + q(using_graph_uri=[D1, D2]), UPDATE, UPDATE_TEXT,
     ("status", 403)),
    ("update_dataset_named_graphs", "POST", "/sparql" + q(using_named_graph_uri=[D1, D2]), UPDATE, UPDATE_TEXT,
     ("status", 403)),
    ("update_dataset_full", "POST", "/sparql" + q(using_graph_uri=D3, using_named_graph_uri=[D1, D2]), UPDATE,
     UPDATE_TEXT, ("status", 403)),
    ("update_post_form", "POST", "/sparql", FORM, "update=" + quote(UPDATE_TEXT), ("status", 403)),
    ("update_post_direct", "POST", "/sparql", UPDATE, UPDATE_TEXT, ("status", 403)),
    ("update_base_uri", "POST", "/sparql", UPDATE, "BASE <http://example.org/> CLEAR ALL ; INSERT DATA { <s> <p> <o> }",
     ("status", 403)),
    # negative cases
    ("bad_query_method", "PUT", "/sparql" + q(query="ASK {}"), None, None, ("4xx",)),
    ("bad_multiple_queries", "GET", "/sparql" + q(query=["ASK {}", "SELECT * {}"]), None, None, ("4xx",)),
    ("bad_query_wrong_media_type", "POST", "/sparql", "text/plain", "ASK {}", ("4xx",)),
    ("bad_query_missing_form_type", "POST", "/sparql", None, "query=ASK%20%7B%7D", ("4xx",)),
    ("bad_query_missing_direct_type", "POST", "/sparql", None, "ASK {}", ("4xx",)),
    ("bad_query_non_utf8", "POST", "/sparql", "application/sparql-query; charset=UTF-16", "ASK {}".encode("utf-16"),
     ("4xx",)),
    ("bad_query_syntax", "GET", "/sparql" + q(query="ASK {"), None, None, ("4xx",)),
    ("bad_update_get", "GET", "/sparql" + q(update="CLEAR ALL"), None, None, ("4xx",)),
    ("bad_multiple_updates", "POST", "/sparql", FORM, "update=CLEAR%20NAMED&update=CLEAR%20DEFAULT", ("4xx",)),
    ("bad_update_wrong_media_type", "POST", "/sparql", "text/plain", "CLEAR NAMED", ("4xx",)),
    ("bad_update_missing_form_type", "POST", "/sparql", None, "update=CLEAR%20NAMED", ("4xx",)),
    ("bad_update_non_utf8", "POST", "/sparql", "application/sparql-update; charset=UTF-16",
     "CLEAR NAMED".encode("utf-16"), ("4xx",)),
    ("bad_update_syntax", "POST", "/sparql", FORM, "update=CLEAR%20XYZ", ("4xx",)),
    ("bad_update_dataset_conflict", "POST", "/sparql" + q(using_graph_uri=D1), UPDATE,
     f"PREFIX foaf: <http://xmlns.com/foaf/0.1/> CLEAR ALL ; INSERT {{ GRAPH <{D1}> {{ ?s a foaf:Document }} }} "
     f"USING <{D2}> WHERE {{ ?s a foaf:Document }}", ("4xx",)),
]


@pytest.fixture(scope="module")
def protocol_client(tmp_path_factory):
    from unkg.config import Settings
    from unkg.store import open_store

    path = tmp_path_factory.mktemp("protocol") / "store"
    graphs = {}
    for iri in (D0, D1, D2, D3):
        g = Graph()
        g.add((URIRef(iri), RDF.type, FOAF.Document))
        g.add((URIRef(iri), FOAF.name, Literal(iri.rsplit("/", 1)[1])))
        graphs[iri] = g
    with open_store(Settings.from_env({}, store=str(path))) as store:
        store.replace_graphs(graphs)
    with make_client(path) as client:
        yield client


@pytest.mark.parametrize("case", CASES, ids=[c[0] for c in CASES])
def test_w3c_protocol_case(protocol_client, case):
    _, method, path, ctype, body, expected = case
    headers = {"content-type": ctype} if ctype else {}
    content = body.encode("utf-8") if isinstance(body, str) else body
    r = protocol_client.request(method, path, content=content, headers=headers)
    kind = expected[0]
    media = r.headers.get("content-type", "").split(";")[0]
    if kind == "boolean":
        assert r.status_code == 200, r.text
        assert media in BOOLEAN
        assert r.json()["boolean"] is expected[1]
    elif kind == "tabular":
        assert r.status_code == 200 and media in TABULAR
        assert r.json()["results"]["bindings"][0]["value"]["value"] == "1"
    elif kind == "rdf":
        assert r.status_code == 200 and media in RDF_TYPES
        Graph().parse(data=r.text, format="turtle")
    elif kind == "status":
        assert r.status_code == expected[1], r.text
        assert r.json()["error"]["code"] == "read_only"
    else:
        assert 400 <= r.status_code < 500, r.text
        assert set(r.json()["error"]) == {"code", "message", "status"}


def test_store_is_unchanged_after_the_update_cases(protocol_client):
    r = protocol_client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    assert r.json()["results"]["bindings"][0]["n"]["value"] == "8"
