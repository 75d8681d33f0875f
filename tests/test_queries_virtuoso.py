"""The same named queries give the same rows on Virtuoso as on the embedded store."""
from __future__ import annotations

import pytest
from rdflib import Dataset

from unkg.querylib import list_qc_queries, run_named
from unkg.store.oxigraph import OxigraphStore

from .test_queries import GRAPH, REPORT

CASES = [
    ("recommendations", {}),
    ("recommendations", {"article": "23"}),
    ("recommendations", {"addressee": "UNODC", "lang": "fr", "from": "2016-10-19"}),
    ("recommendations", {"document": REPORT, "article": "6"}),
    ("speakers", {}),
    ("speakers", {"state": "USA", "name": "Virginia Prugh"}),
    ("state-participation", {}),
    ("state-participation", {"status": "signatory"}),
    ("state-participation", {"state": "FIN"}),
    ("state-participation", {"meeting": "https://w3id.org/unkg/id/meeting/ctoc-cop-wg2/9"}),
    ("speakers", {"name": "Virginia Prugh"}),
    ("recommendations", {"document": REPORT}),
    ("citations", {}),
    ("citations", {"document": REPORT, "kind": "resolution"}),
    ("meetings", {}),
    ("documents", {}),
    ("documents", {"symbol": "A/RES/80/9"}),
    ("documents", {"kind": "resolution"}),
    ("resolutions", {}),
    ("resolutions", {"session": "80"}),
    ("resolutions", {"session": "79"}),
    ("resolutions", {"symbol": "A/RES/80/9"}),
    ("resolution-paragraphs", {"resolution": "80/9"}),
    ("resolution-paragraphs", {"verb": "requests"}),
    ("article-history", {}),
    ("article-history", {"article": "32"}),
    ("lineage", {}),
    ("lineage", {"resolution": "8/4"}),
    ("lineage", {"resolution": "80/9", "direction": "back"}),
    ("lineage", {"resolution": "40/1", "direction": "forward"}),
] + [(q.name, {}) for q in list_qc_queries()]


def _graphs():
    ds = Dataset()
    ds.parse(data=GRAPH, format="trig")
    return {str(g.identifier): list(g) for g in ds.graphs() if len(g)}


@pytest.fixture(scope="module")
def both(virtuoso):
    remote = virtuoso.store()
    remote.drop_graphs(remote.graphs())
    remote.replace_graphs(_graphs())
    local = OxigraphStore()
    local.replace_graphs(_graphs())
    yield local, remote
    remote.drop_graphs(remote.graphs())
    remote.close()
    local.close()


@pytest.mark.parametrize("name,params", CASES, ids=lambda x: x if isinstance(x, str) else ",".join(f"{k}={v}" for k, v in x.items()) or "-")
def test_virtuoso_gives_the_same_rows(both, name, params):
    local, remote = both
    expected = run_named(local, name, params)
    got = run_named(remote, name, params)
    assert got.variables == expected.variables
    assert [tuple(map(str, r)) for r in got.rows] == [tuple(map(str, r)) for r in expected.rows]


def test_virtuoso_finds_the_same_defects(both):
    from rdflib import URIRef

    from .test_queries import B

    local, remote = both
    ns, a = "https://w3id.org/unkg/ontology#", URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    bad = [(URIRef(B + "id/r/1"), a, URIRef(ns + "Recommendation")), (URIRef(B + "id/p/1"), a, URIRef(ns + "Paragraph")),
           (URIRef(B + "id/m/1"), a, URIRef(ns + "Meeting")), (URIRef(B + "id/x/1"), a, URIRef(ns + "Participation")),
           (URIRef(B + "id/d/1"), URIRef(ns + "cites"), URIRef(B + "id/what"))]
    for store in both:
        store.replace_graph(B + "graph/bad", bad)
    try:
        found = 0
        for q in list_qc_queries():
            expected = run_named(local, q.name, {}).rows
            found += len(expected)
            assert [tuple(map(str, r)) for r in run_named(remote, q.name, {}).rows] == \
                [tuple(map(str, r)) for r in expected], q.name
        assert found >= 10
    finally:
        for store in both:
            store.drop_graph(B + "graph/bad")
