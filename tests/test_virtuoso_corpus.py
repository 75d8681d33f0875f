"""The real UN corpus over Virtuoso: the named queries answer as on the embedded store, and
every CLI command works over the server.

The embedded store is built from ../shared/corpus with the ingest pipeline, then copied
into Virtuoso with `unkg push`. Rows are compared sorted, after one normalisation: numbers
are compared by datatype family and value (a server may write an integer in another
lexical form, e.g. "07" as "7", and the SPARQL result formats carry only the form), and
language tags without case (BCP 47 tags are case-insensitive; Virtuoso lower-cases them).
"""
from __future__ import annotations

import json
import subprocess
import time
import urllib.parse
import urllib.request

import pytest

from unkg.querylib import list_queries, run_named
from unkg.store.oxigraph import OxigraphStore

from .conftest import UNKG_BIN, free_port, run_unkg
from .virtuoso import ENGINE_DIFFERENCES, comparable

pytestmark = [pytest.mark.corpus, pytest.mark.virtuoso]


@pytest.fixture(scope="module")
def stores(embedded_corpus, virtuoso):
    """(embedded store, Virtuoso store, embedded folder) holding the same corpus; copied with `unkg push`."""
    remote = virtuoso.store()
    remote.drop_graphs(remote.graphs())
    env = virtuoso.env()
    env.pop("UNKG_STORE")
    out = run_unkg("push", "--to", virtuoso.store_url, store=embedded_corpus, env=env)
    assert out.returncode == 0, out.stderr
    embedded = OxigraphStore(embedded_corpus, read_only=True)
    yield embedded, remote, embedded_corpus
    embedded.close()


def test_push_copied_every_graph(stores):
    embedded, remote, _ = stores
    assert remote.graphs() == embedded.graphs()
    assert [remote.count(g) for g in remote.graphs()] == [embedded.count(g) for g in embedded.graphs()]
    assert remote.count() == embedded.count()
    # `unkg push` filled the union graph: the default graph holds each triple once, as on the embedded store
    union = set(embedded.triples())
    assert len(union) < embedded.count()                  # the corpus has triples held by several graphs
    remote_union = list(remote.triples())
    assert len(remote_union) == len(union)
    n = remote.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0]
    assert int(n) == len(union)


@pytest.mark.parametrize("name", [
    pytest.param(q.name, marks=pytest.mark.xfail(strict=True, reason=ENGINE_DIFFERENCES[q.name]))
    if q.name in ENGINE_DIFFERENCES else q.name
    for q in list_queries()])
def test_named_query_answers_are_identical(stores, name):
    embedded, remote, _ = stores
    a, b = run_named(embedded, name, {}), run_named(remote, name, {})
    assert b.variables == a.variables
    rows_a = sorted(tuple(map(comparable, r)) for r in a.rows)
    rows_b = sorted(tuple(map(comparable, r)) for r in b.rows)
    assert rows_b == rows_a


def test_cli_commands_work_over_the_server(stores, virtuoso, corpus, tmp_path):
    embedded, remote, _ = stores
    env = virtuoso.env()
    stats = run_unkg("stats", "--format", "json", env=env)
    assert stats.returncode == 0, stats.stderr
    assert json.loads(stats.stdout)["quads"] == embedded.count()

    docs = run_unkg("query", "documents", "--format", "json", env=env)
    assert docs.returncode == 0, docs.stderr
    assert docs.stdout == run_unkg("query", "documents", "--format", "json", store=stores[2]).stdout

    graph = next(g for g in embedded.graphs() if "/graph/report/" in g)    # the reference report's
    exported = run_unkg("export", "--format", "nt", "--graph", graph, env=env)
    assert exported.returncode == 0, exported.stderr
    assert len([ln for ln in exported.stdout.splitlines() if ln.strip()]) == embedded.count(graph)

    validate = run_unkg("validate", env=env)
    local = run_unkg("validate", store=stores[2])
    assert validate.returncode == local.returncode

    drop = run_unkg("drop", graph, env=env)
    assert drop.returncode == 0, drop.stderr
    assert drop.stdout.strip() == f"dropped {graph}"
    assert remote.graphs() == [g for g in embedded.graphs() if g != graph]

    again = run_unkg("ingest", str(corpus / "reports" / "000_1d9cb22d05a27e8d.txt"), env=env)
    assert again.returncode == 0, again.stderr
    assert remote.graphs() == embedded.graphs()
    assert remote.count(graph) == embedded.count(graph)


def test_serve_answers_over_the_server(stores, virtuoso):
    embedded, remote, _ = stores
    port = free_port()
    env = {k: v for k, v in __import__("os").environ.items() if not k.startswith("UNKG_")}
    env.update(virtuoso.env())
    proc = subprocess.Popen([str(UNKG_BIN), "serve", "--port", str(port)], env=env,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        url = f"http://127.0.0.1:{port}"
        for _ in range(300):
            try:
                urllib.request.urlopen(url + "/health", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None:
                    pytest.fail(f"unkg serve exited: {proc.stderr.read().decode()[-500:]}")
                time.sleep(0.1)
        q = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
        req = urllib.request.Request(url + "/sparql?" + urllib.parse.urlencode({"query": q}),
                                     headers={"Accept": "application/sparql-results+json"})
        body = json.loads(urllib.request.urlopen(req, timeout=60).read())
        assert int(body["results"]["bindings"][0]["n"]["value"]) == remote.count() == embedded.count()
    finally:
        proc.terminate()
        proc.wait(timeout=30)
