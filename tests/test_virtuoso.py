"""unkg over a real Virtuoso: refusals, a server that is down, `unkg push` and the CLI.

The contract every backend meets is in test_store_contract.py; here is what only a remote
store can get wrong.
"""
from __future__ import annotations

import json

import pytest
from rdflib import Literal, Namespace
from rdflib.namespace import RDF

from unkg.errors import StoreError
from unkg.store.oxigraph import OxigraphStore
from unkg.store.sparql import SparqlStore

from .conftest import free_port, run_unkg

pytestmark = pytest.mark.virtuoso

EX = Namespace("http://example.org/")
G = "https://w3id.org/unkg/graph/test/doc"


def triples(n: int, tag: str = "t"):
    return [(EX[f"{tag}/{i}"], RDF.value, Literal(i)) for i in range(n)]


def test_a_wrong_password_is_refused_with_what_to_do(virtuoso, virtuoso_store):
    store = SparqlStore(virtuoso.store_url, update_url=virtuoso.update_url, user="dba", password="wrong", retries=1)
    with pytest.raises(StoreError) as e:
        store.replace_graph(G, triples(3))
    assert e.value.code == "store_refused"
    assert virtuoso.update_url in e.value.message and "UNKG_STORE_PASSWORD" in e.value.message
    assert "\n" not in e.value.message
    assert virtuoso_store.graphs() == []


def test_an_endpoint_without_update_rights_is_refused(virtuoso, virtuoso_store):
    anonymous = SparqlStore(virtuoso.store_url, retries=1)
    with pytest.raises(StoreError) as e:
        anonymous.replace_graph(G, triples(3))
    assert virtuoso.sparql_url in e.value.message and "UNKG_UPDATE_URL" in e.value.message
    assert virtuoso_store.graphs() == []
    assert anonymous.graphs() == []        # reading needs no rights


def test_a_server_that_is_down_gives_one_clear_error_after_retries():
    url = f"sparql+http://127.0.0.1:{free_port()}/sparql"
    store = SparqlStore(url, retries=2, backoff=0.01)
    with pytest.raises(StoreError) as e:
        store.graphs()
    msg = e.value.message
    assert url.removeprefix("sparql+") in msg and "refused the connection" in msg and "3 attempt(s)" in msg
    assert "start it" in msg


def test_a_url_that_is_no_endpoint_is_named(virtuoso):
    store = SparqlStore(f"sparql+http://127.0.0.1:{virtuoso.http_port}/no-such-endpoint", retries=0)
    with pytest.raises(StoreError) as e:
        store.graphs()
    assert "no SPARQL endpoint" in e.value.message and "/no-such-endpoint" in e.value.message


def test_virtuoso_system_graphs_are_hidden_but_present(virtuoso, virtuoso_store):
    raw = json.loads(virtuoso_store._call("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g",
                                          accept="application/sparql-results+json")[1])
    on_server = {b["g"]["value"] for b in raw["results"]["bindings"]}
    assert "http://www.openlinksw.com/schemas/virtrdf#" in on_server       # the server's own graph is there …
    virtuoso_store.replace_graph(G, triples(4))
    virtuoso_store.replace_graph("http://example.org/graph/of-a-user", triples(2, "u"))
    assert virtuoso_store.graphs() == ["http://example.org/graph/of-a-user", G]   # … but not shown
    assert virtuoso_store.count() == 6
    classes = virtuoso_store.select("SELECT DISTINCT ?c WHERE { ?s a ?c }").rows
    assert classes == []


def test_unkg_push_copies_the_embedded_store(virtuoso, virtuoso_store, tmp_path):
    emb = OxigraphStore(tmp_path / "store")
    emb.replace_graphs({G: triples(30), G + "/2": triples(5, "b"), "http://example.org/graph/x": triples(1, "x")})
    emb.close()
    virtuoso_store.replace_graph(G, triples(2, "stale"))
    env = virtuoso.env()
    env.pop("UNKG_STORE")
    out = run_unkg("push", "--to", virtuoso.store_url, store=tmp_path / "store", env=env)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == f"pushed 3 graph(s), 36 triples to {virtuoso.store_url}"
    assert virtuoso_store.graphs() == sorted([G, G + "/2", "http://example.org/graph/x"])
    assert set(virtuoso_store.triples(G)) == set(triples(30))


def test_unkg_push_refuses_a_target_that_is_no_server(tmp_path):
    OxigraphStore(tmp_path / "store").close()
    out = run_unkg("push", "--to", str(tmp_path / "other"), store=tmp_path / "store")
    assert out.returncode == 2 and "sparql+http://" in out.stderr


def test_a_server_loaded_without_the_union_graph_gets_it_once(virtuoso, virtuoso_store):
    """Graphs written by an older unkg (or by hand) have no union graph: the first writable
    unkg builds it; a read-only one says what to do instead of answering from an empty union."""
    shared = triples(3, "shared")
    old = virtuoso.store(union_graph=False)
    old.replace_graphs({G: shared + triples(2, "a"), G + "/2": shared})
    read_only = virtuoso.store(read_only=True, retries=0)
    with pytest.raises(StoreError) as e:
        read_only.select("SELECT * WHERE { ?s ?p ?o }")
    assert "unkg push" in e.value.message and "\n" not in e.value.message
    fresh = virtuoso.store()
    assert len(fresh.select("SELECT * WHERE { ?s ?p ?o }").rows) == 5
    assert fresh.graphs() == [G, G + "/2"] and fresh.count() == 8
    fresh.drop_graph(G)
    assert set(fresh.triples()) == set(shared)
