"""Every endpoint of the service, through FastAPI's TestClient, over a real on-disk store."""
from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET

import pytest
from rdflib import Graph, Literal, URIRef
from rdflib.namespace import RDF

from unkg.vocab import UNKG

from tests.test_api_data import (  # noqa: F401  (fixtures)
    ART_23, FIN, GA, M, MEETING, PARA_TEXTS, REPORT, REPORT_GRAPH, RES_8_4, api_client, api_store,
)

SELECT_RECS = "PREFIX unkg: <https://w3id.org/unkg/ontology#> SELECT ?r WHERE { ?r a unkg:Recommendation } ORDER BY ?r"


def assert_error(r, status: int, code: str | None = None):
    assert r.status_code == status, r.text
    body = r.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message", "status"}
    assert body["error"]["status"] == status and body["error"]["message"]
    if code:
        assert body["error"]["code"] == code
    return body["error"]


# --- SPARQL -------------------------------------------------------------------------

@pytest.mark.parametrize("accept, media", [
    ("application/sparql-results+json", "application/sparql-results+json"),
    ("application/sparql-results+xml", "application/sparql-results+xml"),
    ("text/csv", "text/csv"),
    ("text/tab-separated-values", "text/tab-separated-values"),
    (None, "application/sparql-results+json"),
    ("*/*", "application/sparql-results+json"),
])
def test_select_by_accept(api_client, accept, media):
    headers = {"accept": accept} if accept else {}
    r = api_client.get("/sparql", params={"query": SELECT_RECS}, headers=headers)
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(media)
    assert str(M.recommendation(REPORT, 11)) in r.text and str(M.recommendation(REPORT, 12)) in r.text


def test_select_json_rows(api_client):
    r = api_client.get("/sparql", params={"query": SELECT_RECS})
    rows = [b["r"]["value"] for b in r.json()["results"]["bindings"]]
    assert rows == [str(M.recommendation(REPORT, 11)), str(M.recommendation(REPORT, 12))]
    assert "X-Unkg-Truncated" not in r.headers


@pytest.mark.parametrize("fmt, media", [("xml", "application/sparql-results+xml"), ("csv", "text/csv"),
                                         ("tsv", "text/tab-separated-values"), ("json", "application/sparql-results+json")])
def test_select_by_format_parameter(api_client, fmt, media):
    r = api_client.get("/sparql", params={"query": SELECT_RECS, "format": fmt}, headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)


def test_post_form_and_direct(api_client):
    r = api_client.post("/sparql", data={"query": SELECT_RECS})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 2
    r = api_client.post("/sparql", content=SELECT_RECS.encode(),
                        headers={"content-type": "application/sparql-query; charset=UTF-8"})
    assert r.status_code == 200 and len(r.json()["results"]["bindings"]) == 2


def test_ask_and_construct(api_client):
    r = api_client.get("/sparql", params={"query": f"ASK {{ <{FIN}> ?p ?o }}"})
    assert r.json()["boolean"] is True
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ GRAPH <{REPORT_GRAPH}> {{ ?s ?p ?o }} }}"
    for accept, fmt in (("text/turtle", "turtle"), ("application/n-triples", "nt"),
                        ("application/ld+json", "json-ld"), ("application/rdf+xml", "xml")):
        r = api_client.get("/sparql", params={"query": q}, headers={"accept": accept})
        assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
        g = Graph().parse(data=r.text, format=fmt)
        assert (M.recommendation(REPORT, 11), RDF.type, UNKG.Recommendation) in g


def test_csv_is_exact(api_client):
    """/sparql CSV is the W3C format: a cell starting with '=' is not altered."""
    q = f"SELECT ?t WHERE {{ <{GA}> <{UNKG.title}> ?t }}"
    r = api_client.get("/sparql", params={"query": q, "format": "csv"})
    rows = list(csv.reader(io.StringIO(r.text)))
    assert rows[1][0].startswith("=HYPERLINK")


def test_dataset_parameters(api_client):
    q = "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"
    whole = int(api_client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"])
    one = api_client.get("/sparql", params={"query": q, "default-graph-uri": str(REPORT_GRAPH)})
    n_one = int(one.json()["results"]["bindings"][0]["n"]["value"])
    assert 0 < n_one < whole
    named = api_client.get("/sparql", params={"query": "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }",
                                              "named-graph-uri": str(REPORT_GRAPH)})
    assert [b["g"]["value"] for b in named.json()["results"]["bindings"]] == [str(REPORT_GRAPH)]


def test_service_description(api_client):
    r = api_client.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/turtle")
    g = Graph().parse(data=r.text, format="turtle")
    sd = "http://www.w3.org/ns/sparql-service-description#"
    assert (None, URIRef(sd + "supportedLanguage"), URIRef(sd + "SPARQL11Query")) in g
    assert (None, URIRef(sd + "name"), REPORT_GRAPH) in g


def test_cors(api_client):
    r = api_client.options("/sparql", headers={"origin": "https://yasgui.example", "access-control-request-method": "POST"})
    assert r.status_code == 200 and r.headers["access-control-allow-origin"] == "*"
    r = api_client.get("/sparql", params={"query": SELECT_RECS}, headers={"origin": "https://yasgui.example"})
    assert r.headers["access-control-allow-origin"] == "*"


def test_syntax_error_is_400(api_client):
    err = assert_error(api_client.get("/sparql", params={"query": "SELECT ?x WHERE { ?x"}), 400, "query_error")
    assert "syntax" in err["message"].lower()


# --- linked data --------------------------------------------------------------------

def local(iri) -> str:
    return "/" + str(iri)[len(M.base):]


@pytest.mark.parametrize("accept, fmt", [("text/turtle", "turtle"), ("application/ld+json", "json-ld"),
                                         ("application/n-triples", "nt"), ("application/rdf+xml", "xml")])
def test_conneg_rdf(api_client, accept, fmt):
    rec = M.recommendation(REPORT, 11)
    r = api_client.get(local(rec), headers={"accept": accept})
    assert r.status_code == 200, r.text
    assert r.headers["content-type"].startswith(accept) and "Accept" in r.headers["vary"]
    g = Graph().parse(data=r.text, format=fmt)
    assert (rec, UNKG.concernsArticle, ART_23) in g
    assert (rec, UNKG.derivedFrom, M.paragraph(REPORT, 11)) in g
    # the blank node of the qualified endorsement travels with its resource
    assert any(True for _ in g.triples((None, UNKG.endorsingResolution, RES_8_4)))


@pytest.mark.parametrize("suffix, media", [(".ttl", "text/turtle"), (".jsonld", "application/ld+json"),
                                           (".nt", "application/n-triples"), (".rdf", "application/rdf+xml"),
                                           (".html", "text/html")])
def test_suffixes(api_client, suffix, media):
    r = api_client.get(local(FIN) + suffix, headers={"accept": "text/html"})
    assert r.status_code == 200 and r.headers["content-type"].startswith(media)
    assert r.headers["content-location"] == local(FIN) + suffix


def test_dereference_is_direct_not_redirect(api_client):
    r = api_client.get(local(FIN), headers={"accept": "text/turtle"}, follow_redirects=False)
    assert r.status_code == 200
    assert r.headers["content-location"] == local(FIN) + ".ttl"
    assert 'rel="alternate"; type="application/ld+json"' in r.headers["link"]
    head = api_client.head(local(FIN), headers={"accept": "application/ld+json"})
    assert head.status_code == 200 and head.headers["content-type"].startswith("application/ld+json")
    assert api_client.head("/id/state/XXX").status_code == 404


def test_html_page(api_client):
    rec = M.recommendation(REPORT, 11)
    r = api_client.get(local(rec), headers={"accept": "text/html,application/xhtml+xml;q=0.9,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    html = r.text
    assert '<script src="/static/explorer/resource.js" defer>' in html
    assert '<link rel="stylesheet" href="/static/explorer/explorer.css">' in html
    assert '<meta name="unkg-base-iri" content="https://w3id.org/unkg/">' in html
    assert f'<link rel="canonical" href="{rec}">' in html and f'<article class="resource" data-iri="{rec}">' in html
    # links to resources under the base are rewritten to this server
    assert f'href="{local(ART_23)}"' in html and "Article 23 (obstruction of justice)" in html
    # the source paragraph, with the extracted spans marked at their offsets
    text = PARA_TEXTS[11]
    start = text.index("Finlande")
    assert f'<mark data-start="{start}" data-end="{start + len("Finlande")}" data-iri="{FIN}">Finlande</mark>' in html
    # embedded JSON-LD describes the resource
    blob = html.split('<script type="application/ld+json">', 1)[1].split("</script>", 1)[0]
    g = Graph().parse(data=blob, format="json-ld")
    assert (rec, RDF.type, UNKG.Recommendation) in g


def test_html_labels_follow_lang(api_client):
    page = lambda lang: api_client.get(local(FIN) + ".html", params={"lang": lang}).text.split("<h1>", 1)[1]
    assert page("fr").startswith("Finlande") and page("en").startswith("Finland")


def test_paragraph_page_marks_spans(api_client):
    r = api_client.get(local(M.paragraph(REPORT, 12)) + ".html")
    text = PARA_TEXTS[12]
    s = text.index("ONUDC")
    assert f'data-start="{s}" data-end="{s + 5}"' in r.text


def test_html_escapes_literals(api_client):
    r = api_client.get(local(GA) + ".html")
    assert r.status_code == 200
    assert "=HYPERLINK(&#34;http://evil.example&#34;)" in r.text or "=HYPERLINK(&quot;" in r.text


def test_percent_escaped_iri(api_client):
    from tests.test_api_data import ESCAPED

    assert "%20" in str(ESCAPED)
    r = api_client.get(local(ESCAPED) + ".ttl")
    assert r.status_code == 200, r.text
    assert (ESCAPED, UNKG.code, Literal("should consider")) in Graph().parse(data=r.text, format="turtle")


def test_unknown_resource_404(api_client):
    assert_error(api_client.get("/id/state/XXX", headers={"accept": "text/turtle"}), 404, "not_found")


def test_named_graph(api_client):
    path = local(REPORT_GRAPH)
    r = api_client.get(path + ".nt")
    assert r.status_code == 200
    g = Graph().parse(data=r.text, format="nt")
    assert len(g) > 20 and (REPORT, RDF.type, UNKG.Report) in g
    html = api_client.get(path, headers={"accept": "text/html"}).text
    assert "report.txt" in html and f'href="{local(REPORT)}"' in html
    assert_error(api_client.get("/graph/doc/nothing/fr"), 404)


def test_ontology(api_client):
    r = api_client.get("/ontology", headers={"accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    assert (UNKG.Recommendation, RDFS_label(), Literal("Recommendation", lang="en")) in g
    html = api_client.get("/ontology", headers={"accept": "text/html"}).text
    assert "unkg:Recommendation" in html and "addressed to" in html
    assert api_client.get("/ontology.ttl").headers["content-type"].startswith("text/turtle")


def RDFS_label():
    from rdflib.namespace import RDFS

    return RDFS.label


def test_void(api_client):
    r = api_client.get("/.well-known/void", headers={"accept": "text/turtle"})
    g = Graph().parse(data=r.text, format="turtle")
    void = "http://rdfs.org/ns/void#"
    ds = next(g.subjects(RDF.type, URIRef(void + "Dataset")))
    assert int(next(g.objects(None, URIRef(void + "triples")))) > 50
    assert (None, URIRef(void + "sparqlEndpoint"), URIRef("http://testserver/sparql")) in g
    assert (None, URIRef("http://www.w3.org/ns/dcat#downloadURL"), URIRef("http://testserver/export?format=nq")) in g
    assert ds is not None


def test_resolve(api_client):
    r = api_client.get("/resolve", params={"symbol": "CTOC/COP/WG.2/2016/4"}, follow_redirects=False)
    assert r.status_code == 303 and r.headers["location"] == local(REPORT)
    r = api_client.get("/resolve", params={"symbol": "A/RES/80/10"}, follow_redirects=False)
    assert r.headers["location"] == local(GA)
    assert_error(api_client.get("/resolve", params={"symbol": "A/RES/1/1"}), 404)
    assert_error(api_client.get("/resolve", params={"symbol": "not a symbol"}), 400)


# --- REST ---------------------------------------------------------------------------

def test_context(api_client):
    ctx = api_client.get("/context.jsonld").json()["@context"]
    assert ctx["@vocab"] == str(UNKG._NS) and ctx["addressedTo"] == {"@type": "@id"}


def test_recommendations_collection_is_jsonld(api_client):
    r = api_client.get("/recommendations")
    body = r.json()
    assert r.headers["content-type"].startswith("application/ld+json")
    assert body["totalItems"] == 2 and [i["id"] for i in body["items"]] == [str(M.recommendation(REPORT, 11)),
                                                                               str(M.recommendation(REPORT, 12))]
    # the published @context makes the items real JSON-LD
    ctx = api_client.get("/context.jsonld").json()
    doc = dict(body, **{"@context": ctx["@context"]})
    g = Graph().parse(data=json.dumps(doc), format="json-ld")
    assert (M.recommendation(REPORT, 11), UNKG.addressedTo, M.concept("addressee", "STATES")) in g


@pytest.mark.parametrize("params, expected", [
    ({"addressee": "STATES"}, [11]), ({"addressee": "unodc"}, [12]),
    ({"article": "untoc/23"}, [11, 12]), ({"article": "23"}, [11, 12]), ({"article": "32"}, []),
    ({"state": "FIN"}, [11]), ({"q": "ONUDC"}, [12]), ({"q": "finlande"}, [11]),
    ({"from": "2016-10-19", "to": "2016-10-19"}, [11, 12]), ({"from": "2017-01-01"}, []),
    ({"document": "CTOC/COP/WG.2/2016/4"}, [11, 12]),
])
def test_recommendation_filters(api_client, params, expected):
    body = api_client.get("/recommendations", params=params).json()
    assert [i["id"] for i in body["items"]] == [str(M.recommendation(REPORT, n)) for n in expected]
    assert body["totalItems"] == len(expected)


def test_pagination(api_client):
    first = api_client.get("/recommendations", params={"page_size": 1}).json()
    assert first["totalItems"] == 2 and len(first["items"]) == 1 and "next" in first and "previous" not in first
    second = api_client.get(first["next"]).json()
    assert second["items"][0]["id"] != first["items"][0]["id"] and "next" not in second


def test_bad_filters_are_422_or_400(api_client):
    assert_error(api_client.get("/recommendations", params={"from": "yesterday"}), 422, "invalid_parameter")
    assert_error(api_client.get("/recommendations", params={"page": 0}), 422)
    assert_error(api_client.get("/recommendations", params={"article": "x/y"}), 400)
    assert_error(api_client.get("/recommendations", params={"addressee": "http://a b"}), 400, "bad_iri")


def test_resolutions_meetings_documents(api_client):
    res = api_client.get("/resolutions").json()
    assert {i["id"] for i in res["items"]} == {str(GA), str(RES_8_4)}
    assert [i["id"] for i in api_client.get("/resolutions", params={"body": "ga"}).json()["items"]] == [str(GA)]
    assert [i["id"] for i in api_client.get("/resolutions", params={"session": 8}).json()["items"]] == [str(RES_8_4)]
    meetings = api_client.get("/meetings", params={"body": "ctoc-cop-wg2"}).json()
    assert [i["id"] for i in meetings["items"]] == [str(MEETING)] and meetings["items"][0]["startDate"] == "2016-10-17"
    docs = api_client.get("/documents").json()
    assert {i["id"] for i in docs["items"]} == {str(GA), str(REPORT)}


def test_document_by_symbol(api_client):
    body = api_client.get("/documents/CTOC/COP/WG.2/2016/4").json()
    assert body["id"] == str(REPORT) and body["paragraphCount"] == 2 and body["recommendationCount"] == 2
    assert body["symbol"] == "CTOC/COP/WG.2/2016/4" and body["expressions"][0]["language"] == "fr"
    assert_error(api_client.get("/documents/A/RES/1/1"), 404)


def test_state_and_article(api_client):
    fin = api_client.get("/states/fin").json()
    assert fin["id"] == str(FIN) and fin["mentionCount"] == 1
    assert {"@value": "Finlande", "@language": "fr"} in fin["skos:prefLabel"]
    assert [p["id"] for p in fin["participations"]] == [f"{MEETING}/participation/FIN"]
    assert_error(api_client.get("/states/FI"), 400)
    art = api_client.get("/articles/untoc/23").json()
    assert art["id"] == str(ART_23) and len(art["recommendations"]) == 2 and art["citedBy"] == [str(REPORT)]
    assert_error(api_client.get("/articles/untoc/999"), 404)


def test_named_queries(api_client):
    listing = api_client.get("/queries").json()["queries"]
    names = {q["name"] for q in listing}
    assert "recommendations" in names
    rec = next(q for q in listing if q["name"] == "recommendations")
    assert rec["title"] and rec["columns"] and any(p["name"] == "article" for p in rec["params"])
    assert "SELECT" in rec["text"] and rec["href"] == "/queries/recommendations"
    r = api_client.get("/queries/recommendations", params={"article": "23"})
    assert r.status_code == 200, r.text
    rows = r.json()["results"]["bindings"]
    assert {b["recommendation"]["value"] for b in rows} == {str(M.recommendation(REPORT, 11)),
                                                             str(M.recommendation(REPORT, 12))}
    assert_error(api_client.get("/queries/recommendations", params={"article": "x"}), 400)
    assert_error(api_client.get("/queries/no-such-query"), 404)


def test_named_query_csv_guards_formulas(api_client):
    r = api_client.get("/queries/documents", params={"format": "csv"})
    if r.status_code != 200 or "title" not in r.text.splitlines()[0]:
        pytest.skip("the documents query returns no title column")
    assert "=HYPERLINK" not in r.text.replace("'=HYPERLINK", "")
    assert "'=HYPERLINK" in r.text


# --- graph API ----------------------------------------------------------------------

def test_neighbourhood_cytoscape(api_client):
    r = api_client.get("/graph/neighbourhood", params={"iri": str(RES_8_4), "depth": 1, "lang": "fr"})
    assert r.status_code == 200, r.text
    body = r.json()
    nodes = {n["data"]["id"]: n["data"] for n in body["elements"]["nodes"]}
    edges = [e["data"] for e in body["elements"]["edges"]]
    assert str(RES_8_4) in nodes and str(M.recommendation(REPORT, 11)) in nodes and str(GA) in nodes
    endorse = next(e for e in edges if e["source"] == str(M.recommendation(REPORT, 11)) and e["predicate"] == str(UNKG.endorsedBy))
    # provenance on the edge: source document and paragraph
    assert endorse["document"] == str(REPORT) and endorse["paragraph"] == str(M.paragraph(REPORT, 11))
    assert endorse["graph"] == str(REPORT_GRAPH)
    assert nodes[str(RES_8_4)]["type"] == "Resolution" and body["truncated"] is False
    for e in edges:
        assert e["source"] in nodes and e["target"] in nodes


def test_neighbourhood_labels_by_language(api_client):
    fr = api_client.get("/graph/neighbourhood", params={"iri": str(FIN), "lang": "fr"}).json()
    en = api_client.get("/graph/neighbourhood", params={"iri": str(FIN), "lang": "en"}).json()
    label = lambda body: next(n["data"]["label"] for n in body["elements"]["nodes"] if n["data"]["id"] == str(FIN))
    assert label(fr) == "Finlande" and label(en) == "Finland"


def test_neighbourhood_limit_and_depth(api_client):
    deep = api_client.get("/graph/neighbourhood", params={"iri": str(RES_8_4), "depth": 3}).json()
    shallow = api_client.get("/graph/neighbourhood", params={"iri": str(RES_8_4), "depth": 1}).json()
    assert len(deep["elements"]["nodes"]) > len(shallow["elements"]["nodes"])
    cut = api_client.get("/graph/neighbourhood", params={"iri": str(RES_8_4), "depth": 3, "limit": 3}).json()
    assert len(cut["elements"]["nodes"]) == 3 and cut["truncated"] is True
    assert_error(api_client.get("/graph/neighbourhood", params={"iri": str(RES_8_4), "depth": 4}), 422)
    assert_error(api_client.get("/graph/neighbourhood", params={"iri": "https://w3id.org/unkg/id/none"}), 404)


@pytest.mark.parametrize("fmt", ["d3", "graphml", "gexf"])
def test_graph_formats(api_client, fmt):
    r = api_client.get("/graph/neighbourhood", params={"iri": str(RES_8_4), "format": fmt})
    assert r.status_code == 200
    if fmt == "d3":
        body = r.json()
        assert body["nodes"] and body["links"] and {"source", "target"} <= set(body["links"][0])
        return
    root = ET.fromstring(r.content)
    ns = {"graphml": "{http://graphml.graphdrawing.org/xmlns}", "gexf": "{http://gexf.net/1.3}"}[fmt]
    nodes = root.iter(ns + "node")
    assert any(n.get("id") == str(RES_8_4) for n in nodes)
    if fmt == "gexf":
        starts = {n.get("id"): n.get("start") for n in root.iter(ns + "node")}
        assert starts[str(GA)] == "2025-11-26"       # adoption date as a time attribute
        assert root.find(f"{ns}graph").get("mode") == "dynamic"


def test_path(api_client):
    r = api_client.get("/graph/path", params={"from": str(FIN), "to": str(ART_23)})
    assert r.status_code == 200, r.text
    data = r.json()["elements"]
    ids = {n["data"]["id"] for n in data["nodes"]}
    assert {str(FIN), str(ART_23)} <= ids and len(data["edges"]) == len(ids) - 1
    assert_error(api_client.get("/graph/path", params={"from": str(FIN), "to": "https://w3id.org/unkg/id/none"}), 404)


def test_subgraph(api_client):
    q = f"CONSTRUCT {{ ?r <{UNKG.endorsedBy}> ?res }} WHERE {{ ?r <{UNKG.endorsedBy}> ?res }}"
    body = api_client.get("/graph/subgraph", params={"query": q}).json()
    assert {e["data"]["source"] for e in body["elements"]["edges"]} == {str(M.recommendation(REPORT, n)) for n in (11, 12)}
    named = api_client.get("/graph/subgraph", params={"name": "recommendations"})
    assert named.status_code == 200, named.text
    assert any(e["data"]["label"] == "document" for e in named.json()["elements"]["edges"])
    assert_error(api_client.get("/graph/subgraph", params={"query": "SELECT * WHERE { ?s ?p ?o }"}), 400)
    assert_error(api_client.get("/graph/subgraph"), 400)
    assert_error(api_client.get("/graph/subgraph", params={"query": "CONSTRUCT WHERE { SERVICE <http://x> { ?s ?p ?o } }"}), 403)


# --- export -------------------------------------------------------------------------

@pytest.mark.parametrize("fmt, rdflib_fmt", [("nq", "nquads"), ("trig", "trig"), ("ttl", "turtle"), ("nt", "nt"),
                                             ("jsonld", "json-ld"), ("rdfxml", "xml")])
def test_export(api_client, api_store, fmt, rdflib_fmt):
    r = api_client.get("/export", params={"format": fmt})
    assert r.status_code == 200 and "attachment" in r.headers["content-disposition"]
    from rdflib import Dataset

    ds = Dataset()
    ds.parse(data=r.content, format=rdflib_fmt)
    triples = {t for t in ds.triples((None, None, None))} if fmt not in ("nq", "trig", "jsonld") else \
        {(s, p, o) for s, p, o, _ in ds.quads((None, None, None, None))}
    assert (M.recommendation(REPORT, 11), RDF.type, UNKG.Recommendation) in triples


def test_export_one_graph_same_as_cli(api_client, api_store, unkg):
    r = api_client.get("/export", params={"format": "nt", "graph": str(REPORT_GRAPH)})
    cli = unkg("export", "--format", "nt", "--graph", str(REPORT_GRAPH), store=api_store)
    assert cli.returncode == 0, cli.stderr
    assert Graph().parse(data=r.text, format="nt").isomorphic(Graph().parse(data=cli.stdout, format="nt"))
    assert_error(api_client.get("/export", params={"format": "nt", "graph": "https://w3id.org/unkg/graph/none"}), 404)
    assert_error(api_client.get("/export", params={"format": "docx"}), 422)


# --- errors, docs -------------------------------------------------------------------

@pytest.mark.parametrize("method, path, status", [
    ("get", "/no/such/route", 404), ("delete", "/sparql", 405), ("put", "/export", 405),
    ("get", "/graph/neighbourhood", 422), ("get", "/recommendations?page_size=100000", 422),
])
def test_one_error_shape(api_client, method, path, status):
    assert_error(getattr(api_client, method)(path), status)


def test_openapi_docs(api_client):
    spec = api_client.get("/openapi.json").json()
    for path in ("/sparql", "/recommendations", "/graph/neighbourhood", "/export", "/documents", "/resolve"):
        assert path in spec["paths"]
    assert "swagger" in api_client.get("/docs").text.lower()


def test_api_index_and_health(api_client):
    assert api_client.get("/api").json()["sparql"] == "/sparql"
    assert api_client.get("/health").json()["graphs"] == 4


@pytest.mark.parametrize("accept", [None, "application/sparql-results+xml", "text/csv"])
@pytest.mark.parametrize("origin", [None, "https://yasgui.example"])
def test_a_lookup_answered_before_the_routes_is_the_routed_answer(api_client, accept, origin, monkeypatch):
    """GET lookups are answered ahead of the application's routing and middleware
    (api.sparql.answer_lookup); a POST of the same query takes the route: same answer."""
    from unkg.api import sparql

    answered = []
    real = sparql.answer_lookup

    async def spy(*args):
        answered.append(await real(*args))
        return answered[-1]

    monkeypatch.setattr(sparql, "answer_lookup", spy)
    rows = api_client.get("/sparql", params={"query": "SELECT ?s WHERE { ?s a ?c FILTER(isIRI(?s)) } ORDER BY ?s LIMIT 1"},
                          headers={"accept": "application/sparql-results+json"}).json()["results"]["bindings"]
    lookup = f"SELECT ?p ?o WHERE {{ <{rows[0]['s']['value']}> ?p ?o }}"
    headers = {k: v for k, v in (("accept", accept), ("origin", origin)) if v}
    answered.clear()
    fast = api_client.get("/sparql", params={"query": lookup}, headers=headers)
    assert answered == [True]
    routed = api_client.post("/sparql", data={"query": lookup}, headers=headers)
    assert answered == [True, False]
    assert fast.status_code == routed.status_code == 200, (fast.text[:300], routed.text[:300])
    assert fast.content == routed.content and len(fast.content) > 100
    same = {"content-type", "content-length", "vary", "cache-control", "x-unkg-row-limit", "x-unkg-truncated",
            "access-control-allow-origin", "access-control-expose-headers"}
    assert {k: v for k, v in fast.headers.items() if k in same} == {k: v for k, v in routed.headers.items() if k in same}
    assert ("access-control-allow-origin" in fast.headers) == bool(origin)


@pytest.mark.parametrize("path", ["/resolutions", "/meetings"])
def test_a_body_slug_that_no_iri_can_hold_is_refused(api_client, path):
    r = api_client.get(path, params={"body": "\\"})
    assert 400 <= r.status_code < 500 and r.json()["error"]["code"]
    assert api_client.get(path, params={"body": " GA "}).status_code == 200
