"""End to end: `unkg serve` in a subprocess on a free loopback port, over the graph of the
real UN corpus, queried by real SPARQL clients (SPARQLWrapper, rdflib's SPARQLStore) and
by plain HTTP as a linked-data client would."""
from __future__ import annotations

import os
import subprocess
import urllib.error
import urllib.request

import pytest
from rdflib import Graph, URIRef
from rdflib.namespace import RDF

from unkg.vocab import UNKG

from tests.conftest import UNKG_BIN, free_port
from tests.servers import start_server, stop_server, wait_until_up

pytestmark = pytest.mark.corpus

PREFIX = "PREFIX unkg: <https://w3id.org/unkg/ontology#>\n"
TIMEOUT = 4.0


@pytest.fixture(scope="module")
def corpus_store(corpus, tmp_path_factory):
    from unkg.config import Settings
    from unkg.ingest.pipeline import ingest_paths
    from unkg.store import open_store

    path = tmp_path_factory.mktemp("e2e") / "store"
    settings = Settings.from_env({}, store=str(path))
    with open_store(settings) as store:
        # the text, Markdown and Akoma Ntoso documents (the PDFs add time, not service coverage);
        # the validation gate has its own tests
        summary = ingest_paths(store, [corpus / "reports", corpus / "resolutions", corpus / "akn"], settings,
                               keep_going=True, validate=False)
    ingested = [r for r in summary.results if r.status in ("ingested", "replaced")]
    assert ingested, summary.line()
    return path, len(ingested)


@pytest.fixture(scope="module")
def server(corpus_store):
    path, _ = corpus_store
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
    env.update(UNKG_QUERY_TIMEOUT=str(TIMEOUT), UNKG_MAX_ROWS="50")
    proc, base = start_server(str(path), env)
    wait_until_up(proc, base)
    yield base
    stop_server(proc)


def wrapper(base: str, query: str, fmt: str):
    from SPARQLWrapper import SPARQLWrapper

    sw = SPARQLWrapper(base + "/sparql")
    sw.setQuery(query)
    sw.setReturnFormat(fmt)
    return sw


def test_sparqlwrapper_select_json(server, corpus_store):
    from SPARQLWrapper import JSON

    _, n_files = corpus_store
    q = PREFIX + "SELECT (COUNT(DISTINCT ?d) AS ?docs) (COUNT(DISTINCT ?p) AS ?paras) WHERE { ?d a unkg:Document . " \
                 "OPTIONAL { ?p unkg:inDocument ?d ; a unkg:Paragraph } }"
    row = wrapper(server, q, JSON).queryAndConvert()["results"]["bindings"][0]
    assert int(row["docs"]["value"]) >= n_files // 2 > 0
    assert int(row["paras"]["value"]) > int(row["docs"]["value"])


def test_sparqlwrapper_select_xml_by_post(server):
    from SPARQLWrapper import POST, XML

    sw = wrapper(server, PREFIX + "SELECT ?d WHERE { ?d a unkg:Document } ORDER BY ?d LIMIT 5", XML)
    sw.setMethod(POST)
    doc = sw.queryAndConvert()          # an xml.dom.minidom document
    uris = [n.firstChild.data for n in doc.getElementsByTagName("uri")]
    assert len(uris) == 5 and all(u.startswith("https://w3id.org/unkg/id/") for u in uris)


def test_sparqlwrapper_construct_turtle(server):
    from SPARQLWrapper import TURTLE

    q = PREFIX + "CONSTRUCT { ?e unkg:realizes ?d } WHERE { ?e unkg:realizes ?d }"
    data = wrapper(server, q, TURTLE).queryAndConvert()
    g = Graph().parse(data=data, format="turtle")
    assert len(g) > 0 and all(p == UNKG.realizes for p in g.predicates())


def test_rdflib_sparqlstore(server):
    from rdflib.plugins.stores.sparqlstore import SPARQLStore

    g = Graph(store=SPARQLStore(server + "/sparql", returnFormat="json"))
    rows = list(g.query(PREFIX + "SELECT ?e ?lang WHERE { ?e unkg:language ?lang } LIMIT 10"))
    assert rows and {str(lang) for _, lang in rows} <= {"en", "fr", "es", "ar", "ru", "zh"}
    assert list(g.query(PREFIX + "ASK { ?d a unkg:Document }"))[0] is True


def test_update_refused_over_http(server):
    from SPARQLWrapper import SPARQLWrapper
    from SPARQLWrapper.SPARQLExceptions import SPARQLWrapperException

    sw = SPARQLWrapper(server + "/sparql")
    sw.setMethod("POST")
    sw.setQuery("INSERT DATA { <urn:a> <urn:b> <urn:c> }")
    with pytest.raises((SPARQLWrapperException, urllib.error.HTTPError)) as info:
        sw.query()
    assert "403" in str(info.value) or "read-only" in str(info.value)


def test_linked_data_conneg_over_http(server):
    from SPARQLWrapper import JSON

    q = PREFIX + "SELECT ?d WHERE { ?d a unkg:Document } ORDER BY ?d LIMIT 1"
    doc = wrapper(server, q, JSON).queryAndConvert()["results"]["bindings"][0]["d"]["value"]
    url = server + "/" + doc[len("https://w3id.org/unkg/"):]
    g = Graph().parse(url, format="turtle")     # rdflib asks for Turtle, as a linked-data client does
    assert (URIRef(doc), RDF.type, UNKG.Document) in g
    req = urllib.request.Request(url, headers={"Accept": "text/html"})
    with urllib.request.urlopen(req, timeout=10) as r:
        assert r.headers["Content-Type"].startswith("text/html") and doc in r.read().decode()


def test_named_query_and_rest_over_http(server):
    import json

    with urllib.request.urlopen(server + "/queries/documents", timeout=20) as r:
        rows = json.load(r)["results"]["bindings"]
    assert rows
    with urllib.request.urlopen(server + "/documents?page_size=5", timeout=20) as r:
        body = json.load(r)
    assert body["totalItems"] > 0 and len(body["items"]) == min(5, body["totalItems"])


def test_recommendations_agree_across_sparql_rest_and_named_query(server):
    """The same recommendations of the corpus, by three roads through the service."""
    import json
    from SPARQLWrapper import JSON

    q = PREFIX + "SELECT DISTINCT ?r WHERE { ?r a unkg:Recommendation ; unkg:addressedTo ?a . ?a unkg:code ?c }"
    by_sparql = {b["r"]["value"] for b in wrapper(server, q, JSON).queryAndConvert()["results"]["bindings"]}
    with urllib.request.urlopen(server + "/queries/recommendations", timeout=30) as r:
        named_cut = r.headers.get("X-Unkg-Truncated") == "true"      # the server's row cap is 50
        rows = json.load(r)["results"]["bindings"]
    by_named = {b["recommendation"]["value"] for b in rows}
    with urllib.request.urlopen(server + "/recommendations?page_size=500", timeout=30) as r:
        body = json.load(r)
    by_rest = {i["id"] for i in body["items"]}
    if not by_sparql:
        pytest.skip("the extraction found no recommendation with an addressee in the corpus")
    assert by_named <= by_sparql <= by_rest and body["totalItems"] == len(by_rest)
    if not named_cut:
        assert by_named == by_sparql


def test_timeout_and_row_cap_over_http(server):
    import json

    q = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    req = urllib.request.Request(server + "/sparql?query=" + urllib.request.quote(q))
    with pytest.raises(urllib.error.HTTPError) as info:
        urllib.request.urlopen(req, timeout=TIMEOUT + 30)
    assert info.value.code == 503 and json.load(info.value)["error"]["code"] == "timeout"
    with urllib.request.urlopen(server + "/sparql?query=" + urllib.request.quote("SELECT * WHERE { ?s ?p ?o }"),
                                timeout=20) as r:
        assert r.headers["X-Unkg-Truncated"] == "true"
        assert len(json.load(r)["results"]["bindings"]) == 50


def test_the_curl_commands_of_the_docs_work(server):
    """docs/service.md is executable: each curl command of its shell blocks runs against the server."""
    import re
    import shutil

    from tests.conftest import ROOT

    if not shutil.which("curl"):
        pytest.skip("curl is not installed")
    doc = (ROOT / "docs" / "service.md").read_text(encoding="utf-8")
    blocks = re.findall(r"```sh\n(.*?)```", doc, flags=re.S)
    commands = [c for b in blocks for c in re.split(r"\n(?=curl )", b.strip()) if c.startswith("curl ")
                and "/documents" not in c]       # POST /documents needs a token and is tested elsewhere
    assert len(commands) >= 3
    for cmd in commands:
        cmd = cmd.replace("http://127.0.0.1:8000", server)
        out = subprocess.run(["bash", "-c", cmd.replace("curl ", "curl -sSf ", 1)], capture_output=True, text=True,
                             timeout=60)
        assert out.returncode == 0, (cmd, out.stderr)
        assert out.stdout.strip(), cmd


def test_serve_without_a_store_says_what_to_do(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
    out = subprocess.run([str(UNKG_BIN), "--store", str(tmp_path / "none"), "serve", "--port", str(free_port())],
                         capture_output=True, text=True, env=env, timeout=60)
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0 and "unkg ingest" in out.stderr
