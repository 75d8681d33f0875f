"""The public endpoint is safe by default: read-only, no outbound request, bounded in time,
rows and size; HTTP ingest only with the token. Every refusal here is a real request."""
from __future__ import annotations

import csv
import io
import os
import socket
import threading

import pytest

from unkg.vocab import UNKG

from tests.conftest import free_port
from tests.test_api_data import (  # noqa: F401  (fixtures)
    M, REPORT, REPORT_GRAPH, api_client, api_store, make_client, strict_client,
)
from tests.test_api import assert_error

# --- read-only ---------------------------------------------------------------------

#: one example of every SPARQL 1.1 Update operation
UPDATES = {
    "insert data": "INSERT DATA { <urn:a> <urn:b> <urn:c> }",
    "delete data": "DELETE DATA { <urn:a> <urn:b> <urn:c> }",
    "delete/insert": "DELETE { ?s ?p ?o } INSERT { ?s ?p 1 } WHERE { ?s ?p ?o }",
    "delete where": "DELETE WHERE { ?s ?p ?o }",
    "with": "WITH <urn:g> DELETE { ?s ?p ?o } WHERE { ?s ?p ?o }",
    "load": "LOAD <http://example.org/data.ttl>",
    "load into": "LOAD SILENT <http://example.org/data.ttl> INTO GRAPH <urn:g>",
    "clear": "CLEAR ALL",
    "create": "CREATE GRAPH <urn:g>",
    "drop": "DROP GRAPH <https://w3id.org/unkg/graph/ontology>",
    "copy": "COPY DEFAULT TO <urn:g>",
    "move": "MOVE <urn:a> TO <urn:g>",
    "add": "ADD <urn:a> TO <urn:g>",
    "lower case": "prefix ex: <urn:x> insert data { ex:a ex:b ex:c }",
    "after a comment": "# a comment\nDELETE WHERE { ?s ?p ?o }",
}


def count_quads(client) -> int:
    r = client.get("/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"})
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


@pytest.mark.parametrize("name", sorted(UPDATES))
def test_every_update_form_is_refused(api_client, name):
    text = UPDATES[name]
    before = count_quads(api_client)
    attempts = [
        api_client.get("/sparql", params={"query": text}),
        api_client.get("/sparql", params={"update": text}),
        api_client.post("/sparql", data={"update": text}),
        api_client.post("/sparql", data={"query": text}),
        api_client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-update"}),
        api_client.post("/sparql", content=text.encode(), headers={"content-type": "application/sparql-query"}),
    ]
    for r in attempts:
        err = assert_error(r, 403, "read_only")
        assert "read-only" in err["message"]
    assert count_quads(api_client) == before


def test_update_words_inside_strings_are_not_updates(api_client):
    q = 'SELECT ?x WHERE { BIND("INSERT DATA { } SERVICE LOAD" AS ?x) } # DROP ALL'
    r = api_client.get("/sparql", params={"query": q})
    assert r.status_code == 200 and r.json()["results"]["bindings"][0]["x"]["value"].startswith("INSERT")


# --- no outbound request -------------------------------------------------------------

class Listener:
    """A loopback TCP server that records every connection: proof that nothing called out."""

    def __init__(self):
        self.port = free_port()
        self.hits = 0
        self.sock = socket.socket()
        self.sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        self.sock.bind(("127.0.0.1", self.port))
        self.sock.listen(8)
        self.sock.settimeout(0.2)
        self.running = True
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _serve(self):
        while self.running:
            try:
                conn, _ = self.sock.accept()
            except OSError:
                continue
            self.hits += 1
            conn.close()

    def close(self):
        self.running = False
        self.thread.join(timeout=2)
        self.sock.close()


@pytest.fixture
def listener():
    lst = Listener()
    yield lst
    lst.close()


OUTBOUND = {
    "service": "SELECT * WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "service silent": "SELECT * WHERE { SERVICE SILENT <{url}> { ?s ?p ?o } }",
    "service lower case": "select * where { service <{url}> { ?s ?p ?o } }",
    "service by prefix": "PREFIX r: <{url}> SELECT * WHERE { SERVICE r: { ?s ?p ?o } }",
    "service in escapes": "SELECT * WHERE { SERVI\\u0043E <{url}> { ?s ?p ?o } }",
    "service after comment": "SELECT * WHERE { # } \n SERVICE <{url}> { ?s ?p ?o } }",
    "service in a construct": "CONSTRUCT { ?s ?p ?o } WHERE { SERVICE <{url}> { ?s ?p ?o } }",
    "from": "SELECT * FROM <{url}> WHERE { ?s ?p ?o }",
    "from named": "SELECT * FROM NAMED <{url}> WHERE { GRAPH ?g { ?s ?p ?o } }",
    "from by prefix": "PREFIX r: <{url}> SELECT * FROM r:data WHERE { ?s ?p ?o }",
    "from relative to base": "BASE <{url}> SELECT * FROM <data.ttl> WHERE { ?s ?p ?o }",
    "ask from": "ASK FROM <{url}> { ?s ?p ?o }",
}


@pytest.mark.parametrize("name", sorted(OUTBOUND))
def test_outbound_queries_are_refused_before_the_engine(api_client, listener, name):
    url = f"http://127.0.0.1:{listener.port}/sparql"
    q = OUTBOUND[name].replace("{url}", url)
    err = assert_error(api_client.get("/sparql", params={"query": q}), 403, "outbound_refused")
    assert "fetch" in err["message"] or "never calls" in err["message"]
    assert listener.hits == 0


def test_protocol_dataset_of_remote_graphs_is_refused(api_client, listener):
    url = f"http://127.0.0.1:{listener.port}/data.ttl"
    for param in ("default-graph-uri", "named-graph-uri"):
        r = api_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }", param: url})
        assert_error(r, 403, "outbound_refused")
    q = f"CONSTRUCT {{ ?s ?p ?o }} WHERE {{ SERVICE <http://127.0.0.1:{listener.port}/> {{ ?s ?p ?o }} }}"
    assert_error(api_client.get("/graph/subgraph", params={"query": q}), 403, "outbound_refused")
    assert listener.hits == 0


def test_deep_nesting_is_refused_before_the_engine(api_client):
    q = "SELECT * WHERE { FILTER(" + "(" * 5000 + "1" + ")" * 5000 + ") }"
    err = assert_error(api_client.post("/sparql", content=q.encode(),
                                       headers={"content-type": "application/sparql-query"}), 400, "query_error")
    assert "nests" in err["message"]
    assert api_client.get("/sparql", params={"query": "ASK {}"}).status_code == 200


def test_graphs_of_the_store_are_accepted_in_from(api_client):
    q = f"SELECT (COUNT(*) AS ?n) FROM <{REPORT_GRAPH}> WHERE {{ ?s ?p ?o }}"
    r = api_client.get("/sparql", params={"query": q})
    assert r.status_code == 200 and int(r.json()["results"]["bindings"][0]["n"]["value"]) > 0


# --- timeout -----------------------------------------------------------------------

#: a cross product of five triple patterns: far longer than the test timeout on any machine
ENDLESS = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l . ?m ?n2 ?o }"


def _worker_pids(client) -> set[int]:
    pool = client.app.state.service.runner
    return {w.process.pid for w in list(pool._idle.queue)}


def test_timeout_stops_the_query_and_the_next_one_works(strict_client):
    strict_client.get("/sparql", params={"query": "ASK {}"})      # the worker is up
    before = _worker_pids(strict_client)
    assert before
    r = strict_client.get("/sparql", params={"query": ENDLESS})
    err = assert_error(r, 503, "timeout")
    assert "stopped" in err["message"]
    # the worker that ran it was killed, so the work really stopped
    for pid in before:
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)
    r = strict_client.get("/sparql", params={"query": "ASK { ?s ?p ?o }"})
    assert r.status_code == 200 and r.json()["boolean"] is True


# --- bounded lookups, answered without a worker process ------------------------------

LOOKUPS = [
    "SELECT ?p ?o WHERE { <https://x.org/a> ?p ?o }",
    "select * { <https://x.org/a> a ?c . }",
    "PREFIX ex: <https://x.org/> SELECT ?o WHERE { ex:a ex:b ?o } ORDER BY DESC(?o) LIMIT 10 OFFSET 2",
    'ASK { <https://x.org/a> <https://x.org/b> "x"@en }',
    "ASK {}",
    "DESCRIBE <https://x.org/a> <https://x.org/b>",
    "SELECT ?p ?o WHERE { GRAPH ?g { <https://x.org/a> ?p ?o } }",
]
NOT_LOOKUPS = [
    "SELECT * WHERE { ?s ?p ?o }",                                  # a scan
    "SELECT * WHERE { ?s a <https://x.org/C> }",                     # every member of a class
    "SELECT * WHERE { <https://x.org/a> ?p ?o . ?o ?q ?r }",        # a join
    "SELECT * WHERE { <https://x.org/a> ?p ?o ; ?q ?r }",           # a product
    "SELECT * WHERE { <https://x.org/a> <https://x.org/b>* ?o }",   # a path
    "SELECT * WHERE { <https://x.org/a> <https://x.org/b>/<https://x.org/c> ?o }",
    "SELECT * WHERE { <https://x.org/a> ^<https://x.org/b> ?o }",
    "SELECT * WHERE { <https://x.org/a> ? ?o }",
    "SELECT (COUNT(*) AS ?n) WHERE { <https://x.org/a> ?p ?o }",
    "SELECT * WHERE { <https://x.org/a> ?p ?o FILTER EXISTS { ?x ?y ?z } }",
    "SELECT * WHERE { <https://x.org/a> ?p ?o } VALUES ?p { <https://x.org/b> }",
    "SELECT * WHERE { <https://x.org/a> ?p ?o } ORDER BY STRLEN(?o)",
    "SELECT * FROM <https://x.org/g> WHERE { <https://x.org/a> ?p ?o }",
    "SELECT * WHERE { _:b ?p ?o }",
    "ASK { ?s ?p ?o }",
    "CONSTRUCT WHERE { <https://x.org/a> ?p ?o }",
    ENDLESS,
]


@pytest.mark.parametrize("query", LOOKUPS)
def test_bounded_lookups_are_recognised(query):
    from unkg.api.query_guard import inspect_query

    assert inspect_query(query).lookup


@pytest.mark.parametrize("query", NOT_LOOKUPS)
def test_everything_else_goes_to_a_worker(query):
    from unkg.api.query_guard import inspect_query

    assert not inspect_query(query).lookup


def test_a_lookup_answers_as_the_worker_would(api_client):
    """The same query, once as a lookup (in the server process) and once made a non-lookup
    by a FILTER that keeps every row (in a worker): the same rows."""
    lookup = f"SELECT ?p ?o WHERE {{ <{REPORT}> ?p ?o }} ORDER BY ?p ?o"
    worker = f"SELECT ?p ?o WHERE {{ <{REPORT}> ?p ?o FILTER(true) }} ORDER BY ?p ?o"
    a = api_client.get("/sparql", params={"query": lookup})
    b = api_client.get("/sparql", params={"query": worker})
    assert a.status_code == b.status_code == 200
    rows = a.json()["results"]["bindings"]
    assert len(rows) > 3 and rows == b.json()["results"]["bindings"]


def test_a_lookup_is_cut_at_the_row_limit(strict_client):
    r = strict_client.get("/sparql", params={"query": f"SELECT ?p ?o WHERE {{ <{REPORT}> ?p ?o }}"})
    assert r.headers["x-unkg-truncated"] == "true"
    assert len(r.json()["results"]["bindings"]) == 3 and r.json()["head"]["truncated"] is True


def test_lookups_leave_the_workers_alone_and_a_long_query_is_still_stopped(strict_client):
    strict_client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o } LIMIT 1"})   # the worker is up
    before = _worker_pids(strict_client)
    for q in (f"SELECT ?p ?o WHERE {{ <{REPORT}> ?p ?o }}", f"DESCRIBE <{REPORT}>", "ASK {}"):
        assert strict_client.get("/sparql", params={"query": q}).status_code == 200
    assert _worker_pids(strict_client) == before
    assert_error(strict_client.get("/sparql", params={"query": ENDLESS}), 503, "timeout")


# --- row cap -----------------------------------------------------------------------

ALL = "SELECT ?s ?p ?o WHERE { ?s ?p ?o } ORDER BY ?s ?p ?o"


def test_row_cap_json(strict_client):
    r = strict_client.get("/sparql", params={"query": ALL})
    assert r.headers["x-unkg-truncated"] == "true" and r.headers["x-unkg-row-limit"] == "3"
    body = r.json()
    assert len(body["results"]["bindings"]) == 3 and body["head"]["truncated"] is True


def test_row_cap_xml_csv_tsv(strict_client):
    import xml.etree.ElementTree as ET

    r = strict_client.get("/sparql", params={"query": ALL, "format": "xml"})
    root = ET.fromstring(r.content)
    ns = "{http://www.w3.org/2005/sparql-results#}"
    assert len(root.findall(f"{ns}results/{ns}result")) == 3
    assert root.find(f"{ns}head/{ns}link").get("href") == "urn:unkg:truncated"
    assert r.headers["x-unkg-truncated"] == "true"
    r = strict_client.get("/sparql", params={"query": ALL, "format": "csv"})
    assert len(list(csv.reader(io.StringIO(r.text)))) == 4 and r.headers["x-unkg-truncated"] == "true"
    r = strict_client.get("/sparql", params={"query": ALL, "format": "tsv"})
    assert len(r.text.strip("\n").split("\n")) == 4


ROW_LIMITS = {   # query → what the engine is asked (row_limited with 4 rows)
    "SELECT * WHERE { ?s ?p ?o }": "SELECT * WHERE { ?s ?p ?o }\nLIMIT 4\n",
    "SELECT * WHERE { ?s ?p ?o } LIMIT 2": "SELECT * WHERE { ?s ?p ?o } LIMIT 2",
    "SELECT * WHERE { ?s ?p ?o } limit 40 OFFSET 1": "SELECT * WHERE { ?s ?p ?o } limit 4 OFFSET 1",
    "SELECT * WHERE { ?s ?p ?o } OFFSET 1": "SELECT * WHERE { ?s ?p ?o } OFFSET 1\nLIMIT 4\n",
    "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 99 } }": "SELECT * WHERE { { SELECT ?s WHERE { ?s ?p ?o } LIMIT 99 } }\nLIMIT 4\n",
    "SELECT * WHERE { ?s ?p ?o } VALUES ?s { <urn:a> }": "SELECT * WHERE { ?s ?p ?o } \nLIMIT 4\nVALUES ?s { <urn:a> }",
    'SELECT * WHERE { ?s ?p "LIMIT 99" } # LIMIT 99': 'SELECT * WHERE { ?s ?p "LIMIT 99" }\nLIMIT 4\n # LIMIT 99',
    "SELECT * WHERE { ?s ?p ?o } LIMIT 10 0": "SELECT * WHERE { ?s ?p ?o } LIMIT 4 0",       # still malformed
    "SELECT * WHERE { ?s ?p ?o } LIMIT ?x": "SELECT * WHERE { ?s ?p ?o } LIMIT ?x",          # the engine says why
    "SELECT * WHERE { ?s ?p '\\u0041' } LIMIT 99": "SELECT * WHERE { ?s ?p '\\u0041' } LIMIT 99",  # escapes: as it is
}


@pytest.mark.parametrize("query", sorted(ROW_LIMITS))
def test_a_select_asks_the_engine_for_no_more_rows_than_the_cap(query):
    from unkg.api.query_guard import row_limited

    assert row_limited(query, 4) == ROW_LIMITS[query]


@pytest.mark.parametrize("modifiers", ["", " OFFSET 2", " LIMIT 50 OFFSET 1"])
def test_the_capped_rows_are_the_first_rows_of_the_whole_result(strict_client, api_store, modifiers):
    """The engine stops after the cap; the rows are those the uncapped query begins with."""
    from unkg.store.oxigraph import OxigraphStore

    with OxigraphStore(api_store, read_only=True) as store:
        whole = store.select(ALL + modifiers).rows
    r = strict_client.get("/sparql", params={"query": ALL + modifiers})
    got = [tuple(b[v]["value"] for v in ("s", "p", "o")) for b in r.json()["results"]["bindings"]]
    assert got == [tuple(str(t) for t in row) for row in whole[:3]] and len(whole) > 3
    assert r.headers["x-unkg-truncated"] == "true"


def test_a_graph_result_is_cut_at_the_cap_in_triples(strict_client):
    from rdflib import Graph

    r = strict_client.get("/sparql", params={"query": "CONSTRUCT WHERE { ?s ?p ?o }", "format": "nt"})
    assert r.status_code == 200 and r.headers["x-unkg-truncated"] == "true"
    assert len(Graph().parse(data=r.text, format="nt")) == 3 and "3 triples" in r.headers["warning"]
    small = "CONSTRUCT { ?s ?p ?o } WHERE { VALUES (?s ?p ?o) { (<urn:a> <urn:b> 1) (<urn:a> <urn:b> 2) } }"
    r = strict_client.get("/sparql", params={"query": small, "format": "nt"})
    assert len(Graph().parse(data=r.text, format="nt")) == 2 and "x-unkg-truncated" not in r.headers


def test_under_the_cap_nothing_is_flagged(strict_client):
    r = strict_client.get("/sparql", params={"query": "SELECT ?x WHERE { VALUES ?x { 1 2 3 } }"})
    assert len(r.json()["results"]["bindings"]) == 3 and "x-unkg-truncated" not in r.headers
    assert "truncated" not in r.json()["head"]


def test_row_cap_on_named_queries(strict_client):
    full = strict_client.get("/queries/recommendations", params={"limit": 2})
    assert full.status_code == 200 and "x-unkg-truncated" not in full.headers
    assert len(full.json()["results"]["bindings"]) == 2
    r = strict_client.get("/queries/recommendations", params={"limit": 1})
    assert r.headers.get("x-unkg-truncated") == "true" and r.headers["x-unkg-row-limit"] == "1"
    assert len(r.json()["results"]["bindings"]) == 1 and r.json()["head"]["truncated"] is True


def test_cap_of_csv_with_line_breaks_in_cells():
    from unkg.api.query_runner import cap_rows

    body = b'x\r\n"a\r\nb"\r\nc\r\n"d"\r\n'
    cut, truncated = cap_rows(body, "csv", 2)
    assert truncated and cut == b'x\r\n"a\r\nb"\r\nc\r\n'
    assert cap_rows(body, "csv", 3) == (body, False)


# --- size caps ---------------------------------------------------------------------

def test_query_size_caps(strict_client):
    big = "SELECT * WHERE { ?s ?p ?o } #" + "x" * 3000
    assert_error(strict_client.get("/sparql", params={"query": big}), 414, "uri_too_long")
    assert_error(strict_client.post("/sparql", data={"query": big}), 413, "too_large")
    assert_error(strict_client.post("/sparql", content=big.encode(),
                                     headers={"content-type": "application/sparql-query"}), 413, "too_large")
    huge = "x" * 20_000
    assert_error(strict_client.post("/sparql", content=huge.encode(),
                                    headers={"content-type": "application/sparql-query"}), 413)


# --- CSV of named queries guards formulas ------------------------------------------

def test_named_query_csv_guards_formula_cells(api_client):
    """The same cell is exact through /sparql and quoted in a named query's CSV."""
    from unkg.output import guard_formula

    assert guard_formula('=HYPERLINK("x")') == "'=HYPERLINK(\"x\")"
    r = api_client.get("/queries/documents", params={"format": "csv"})
    assert r.status_code == 200, r.text
    cells = [c for row in csv.reader(io.StringIO(r.text)) for c in row]
    assert not any(c.startswith(("=", "+", "@")) for c in cells)
    assert not any(c.startswith("-") and not c.lstrip("-").replace(".", "").isdigit() for c in cells)


# --- ingest over HTTP --------------------------------------------------------------

TOKEN = "s3cret-token"


@pytest.fixture(scope="module")
def ingest_client(tmp_path_factory):
    path = tmp_path_factory.mktemp("ingest") / "store"      # empty: the first upload loads the reference data
    with make_client(path, ingest_token=TOKEN, max_upload_bytes=50_000) as client:
        yield client


def _upload(client, name: str, data: bytes, token: str | None = TOKEN, **form):
    headers = {"authorization": f"Bearer {token}"} if token else {}
    return client.post("/documents", files={"file": (name, data)}, data=form, headers=headers)


TTL = b"<https://w3id.org/unkg/id/test/a> <https://w3id.org/unkg/ontology#title> \"uploaded\"@en .\n"


def test_ingest_disabled_without_token(api_client):
    err = assert_error(_upload(api_client, "a.ttl", TTL), 403, "ingest_disabled")
    assert "UNKG_INGEST_TOKEN" in err["message"]


def test_ingest_needs_the_right_token(ingest_client):
    r = _upload(ingest_client, "a.ttl", TTL, token="wrong")
    assert_error(r, 401, "unauthorized")
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert_error(_upload(ingest_client, "a.ttl", TTL, token=None), 401)


def test_ingest_rdf_then_query_it(ingest_client):
    r = _upload(ingest_client, "upload-test.ttl", TTL)
    assert r.status_code == 201, r.text
    assert r.json()["status"] == "restored" and r.json()["triples"] == 1
    # named after the uploaded file under the base IRI, not after where the service saved it
    graph = "https://w3id.org/unkg/graph/file/upload-test.ttl"
    assert r.json()["graph"] == graph
    q = 'ASK { <https://w3id.org/unkg/id/test/a> ?p "uploaded"@en }'
    assert ingest_client.get("/sparql", params={"query": q}).json()["boolean"] is True
    q = f'SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <{graph}> {{ ?s ?p ?o }} }}'
    assert ingest_client.get("/sparql", params={"query": q}).json()["results"]["bindings"][0]["n"]["value"] == "1"
    q = 'ASK { GRAPH ?g { ?s ?p ?o } FILTER(STRSTARTS(STR(?g), "file:")) }'
    assert ingest_client.get("/sparql", params={"query": q}).json()["boolean"] is False


def test_upload_size_cap(ingest_client):
    assert_error(_upload(ingest_client, "big.ttl", b"#" * 60_000), 413, "too_large")


@pytest.mark.parametrize("name, data, needle", [
    ("remote.jsonld", b'{"@context": "http://127.0.0.1:9/ctx.jsonld", "@id": "urn:a", "name": "x"}', "remote"),
    ("import.jsonld", b'{"@context": {"@import": "http://127.0.0.1:9/c"}, "@id": "urn:a"}', "remote"),
    ("xxe.rdf", b'<?xml version="1.0"?><!DOCTYPE r [<!ENTITY e SYSTEM "file:///etc/passwd">]>'
                b'<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"/>', "entity"),
    ("broken.ttl", b"<a> <b> .", "not valid"),
    ("empty.ttl", b"", "empty"),
])
def test_refused_uploads_leave_the_store_untouched(ingest_client, name, data, needle):
    before = count_quads(ingest_client)
    err = assert_error(_upload(ingest_client, name, data), 422, "bad_input")
    assert needle in err["message"].lower()
    assert count_quads(ingest_client) == before


def test_upload_fetches_nothing(ingest_client, listener):
    data = ('{"@context": "http://127.0.0.1:%d/ctx.jsonld", "@id": "urn:a", "name": "x"}' % listener.port).encode()
    assert_error(_upload(ingest_client, "remote.jsonld", data), 422)
    assert listener.hits == 0


def test_upload_of_a_un_document_passes_the_same_gate_as_the_cli(ingest_client, corpus, unkg, tmp_path):
    """A real UN document: the API accepts it exactly when `unkg ingest` does, and writes the same graph."""
    path = sorted((corpus / "resolutions" / "ga-80").glob("*.md"))[0]
    cli = unkg("ingest", str(path), store=tmp_path / "cli-store")
    before = count_quads(ingest_client)
    r = _upload(ingest_client, path.name, path.read_bytes())
    if cli.returncode != 0:
        # the CLI refuses it (the extraction does not conform to the shapes yet): so must the API, writing nothing
        assert cli.returncode == 1, cli.stderr
        assert_error(r, 422, "invalid_data")
        assert count_quads(ingest_client) == before
        return
    assert r.status_code == 201, r.text
    graph = r.json()["graph"]
    assert graph.startswith(M.base + "graph/") and graph in cli.stdout
    q = f"ASK {{ GRAPH <{graph}> {{ ?e <{UNKG.sourceFile}> ?f }} }}"
    assert ingest_client.get("/sparql", params={"query": q}).json()["boolean"] is True


# --- unexpected failures ------------------------------------------------------------

def test_unexpected_error_is_500_with_the_one_shape_and_no_trace(api_store, caplog):
    from fastapi.testclient import TestClient

    from unkg.api.app import create_app
    from unkg.config import Settings

    app = create_app(Settings.from_env({}, store=str(api_store)), query_workers=1)

    @app.get("/fails")
    def fails():
        raise RuntimeError("secret detail of the server")

    with TestClient(app, raise_server_exceptions=False) as client:
        r = client.get("/fails")
    err = assert_error(r, 500, "internal_error")
    assert "secret" not in r.text and "Traceback" not in r.text and "RuntimeError" in err["message"]
    assert any("secret detail" in (rec.exc_text or "") or rec.exc_info for rec in caplog.records)
