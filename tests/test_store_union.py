"""The default graph of the embedded store is the union of the named graphs as a set:
a triple held by several documents matches once, and leaves only with the last of them."""
from rdflib import Literal, URIRef

from unkg.store.oxigraph import OxigraphStore

A, B, C = URIRef("http://example.org/a"), URIRef("http://example.org/b"), URIRef("http://example.org/c")
SHARED = (A, B, C)
GRAPHS = [f"http://example.org/g{i}" for i in range(3)]
JOIN = "SELECT * WHERE { ?s ?p ?o . ?s ?p ?o2 . ?s2 ?p ?o . ?s2 ?p2 ?o2 }"


def filled(path=None) -> OxigraphStore:
    store = OxigraphStore(path)
    for i, g in enumerate(GRAPHS):
        store.replace_graph(g, [SHARED, (A, URIRef("http://example.org/n"), Literal(i))])
    return store


def test_a_shared_triple_matches_once(tmp_path):
    store = filled(tmp_path / "s")
    assert len(store.select("SELECT * WHERE { ?s ?p ?o . ?s ?p ?o2 . ?s2 ?p ?o } ", {"p": B}).rows) == 1
    assert len(store.select(JOIN).rows) == len({r for r in store.select(JOIN).rows})
    assert len(list(store.triples())) == 4
    assert store.count() == 6


def test_a_triple_leaves_the_union_with_the_last_graph_that_holds_it(tmp_path):
    store = filled(tmp_path / "s")
    store.drop_graph(GRAPHS[0])
    assert store.ask("ASK { ?s ?p ?o }", {"s": A, "p": B, "o": C})
    store.replace_graph(GRAPHS[1], [(C, B, A)])
    assert store.ask("ASK { ?s ?p ?o }", {"s": A, "p": B, "o": C})
    store.drop_graph(GRAPHS[2])
    assert not store.ask("ASK { ?s ?p ?o }", {"s": A, "p": B, "o": C})
    assert set(store.triples()) == {(C, B, A)}


def test_dumps_hold_each_named_graph_once_and_no_union_copy(tmp_path):
    import io

    store = filled(tmp_path / "s")
    out = io.BytesIO()
    store.dump(out, "nq")
    lines = out.getvalue().decode().splitlines()
    assert len(lines) == 6 and all(line.rstrip(" .").endswith(">") for line in lines)
    out = io.BytesIO()
    store.dump(out, "nt")
    assert len(out.getvalue().decode().splitlines()) == 4


def test_a_store_without_the_union_gets_it_on_open(tmp_path):
    import pyoxigraph as ox

    raw = ox.Store(str(tmp_path / "old"))
    raw.add(ox.Quad(ox.NamedNode(str(A)), ox.NamedNode(str(B)), ox.NamedNode(str(C)), ox.NamedNode(GRAPHS[0])))
    raw.flush()
    del raw
    store = OxigraphStore(tmp_path / "old")
    assert store.ask("ASK { ?s ?p ?o }", {"s": A, "p": B, "o": C})


def test_a_refused_triple_leaves_the_graph_and_the_union_as_they_were(tmp_path):
    import pytest
    from rdflib import BNode

    from unkg.errors import StoreError

    store = filled(tmp_path / "s")
    before_union, before_g0 = set(store.triples()), set(store.triples(GRAPHS[0]))
    for bad in ((A, B, URIRef("http://example.org/a b")), (Literal("x"), B, C)):   # invalid IRI; literal subject
        with pytest.raises(StoreError):
            store.replace_graphs({GRAPHS[0]: [(A, B, BNode())], GRAPHS[1]: [bad]})
        assert set(store.triples()) == before_union
        assert set(store.triples(GRAPHS[0])) == before_g0


def test_a_blank_node_is_one_node_in_its_graph_and_in_the_union(tmp_path):
    store = filled(tmp_path / "s")
    from rdflib import BNode

    node = BNode()
    store.replace_graph(GRAPHS[0], [(A, B, node), (node, B, C)])
    rows = store.select("SELECT ?x WHERE { GRAPH ?g { ?a ?b ?x . ?x ?b ?c } ?a ?b ?x . ?x ?b ?c }",
                        {"g": URIRef(GRAPHS[0]), "a": A, "b": B, "c": C}).rows
    assert len(rows) == 1
