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
from decimal import Decimal

import pytest
from rdflib import Literal
from rdflib.namespace import XSD

from unkg.config import Settings
from unkg.ingest.pipeline import ingest_paths
from unkg.querylib import list_queries, run_named
from unkg.store.oxigraph import OxigraphStore

from .conftest import UNKG_BIN, free_port, run_unkg

pytestmark = [pytest.mark.corpus, pytest.mark.virtuoso]

INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger,
            XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt, XSD.unsignedLong}
#: queries the two engines answer differently, with the reason (kept strict: when the
#: query is made portable, the xfail fails and this entry must go)
ENGINE_DIFFERENCES: dict[str, str] = {
    "lineage": "Virtuoso 7.2 answers this query wrongly: in some rows ?related is another resource than "
               "the one ?label and ?kind were computed from (its grouped sub-select over UNIONs of "
               "property paths mixes bindings); the same happens without unkg's graph exclusions",
    "resolutions": "Virtuoso 7.2 casts xsd:integer(\"\") to 0 where SPARQL 1.1 makes it an error: for a "
                   "resolution whose number has no '/' (ITU res. 2), ?session is 0 on Virtuoso and unbound "
                   "on the embedded store; the query should test the string before casting it",
}


def normal(term):
    if isinstance(term, Literal):
        if term.datatype in INTEGERS:
            return ("integer", int(str(term)))
        if term.datatype == XSD.decimal:
            return ("decimal", Decimal(str(term)))
        return ("literal", str(term), (term.language or "").lower(), str(term.datatype or ""))
    return (type(term).__name__, str(term) if term is not None else "")


@pytest.fixture(scope="module")
def stores(corpus, virtuoso, tmp_path_factory):
    """(embedded store, Virtuoso store) holding the same corpus."""
    folder = tmp_path_factory.mktemp("corpus") / "store"
    settings = Settings.from_env({}, store=str(folder))
    embedded = OxigraphStore(folder)
    summary = ingest_paths(embedded, [corpus], settings, keep_going=True)
    assert len(summary.results) > len(summary.failed)
    embedded.close()
    remote = virtuoso.store()
    remote.drop_graphs(remote.graphs())
    env = virtuoso.env()
    env.pop("UNKG_STORE")
    out = run_unkg("push", "--to", virtuoso.store_url, store=folder, env=env)
    assert out.returncode == 0, out.stderr
    embedded = OxigraphStore(folder, read_only=True)
    yield embedded, remote, folder
    embedded.close()


def test_push_copied_every_graph(stores):
    embedded, remote, _ = stores
    assert remote.graphs() == embedded.graphs()
    assert [remote.count(g) for g in remote.graphs()] == [embedded.count(g) for g in embedded.graphs()]
    assert remote.count() == embedded.count()


@pytest.mark.parametrize("name", [
    pytest.param(q.name, marks=pytest.mark.xfail(strict=True, reason=ENGINE_DIFFERENCES[q.name]))
    if q.name in ENGINE_DIFFERENCES else q.name
    for q in list_queries()])
def test_named_query_answers_are_identical(stores, name):
    embedded, remote, _ = stores
    a, b = run_named(embedded, name, {}), run_named(remote, name, {})
    assert b.variables == a.variables
    rows_a = sorted(tuple(map(normal, r)) for r in a.rows)
    rows_b = sorted(tuple(map(normal, r)) for r in b.rows)
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
