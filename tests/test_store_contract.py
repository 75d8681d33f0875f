"""The store contract: the same tests on every backend.

`store` is parametrised over the embedded pyoxigraph store on disk and a real Virtuoso
(tests/virtuoso.py). Properties only the embedded store has (one writer per folder,
SIGKILL mid-write) are tested at the end of this file.
"""
from __future__ import annotations

import csv
import io
import json
import os
import signal
import subprocess
import sys
import textwrap

import pytest
from rdflib import BNode, Dataset, Graph, Literal, Namespace, URIRef, Variable
from rdflib.namespace import RDF, XSD
from rdflib.plugins.sparql.results.jsonresults import JSONResultParser
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from unkg.errors import QueryError, ReadOnlyStore, UsageError
from unkg.store import DATASET_FORMATS, RDF_FORMATS
from unkg.store.oxigraph import OxigraphStore
from unkg.store.sparql import SparqlStore


EX = Namespace("http://example.org/")
B = "https://w3id.org/unkg/"
G1, G2, G3 = B + "graph/test/one", B + "graph/test/two", "http://example.org/graph/loaded-by-a-user"

TRICKY = [
    Literal("plain"),
    Literal('with "double" and \'single\' quotes'),
    Literal("two\nlines\r\nand a\ttab and a back\\slash"),
    Literal("États, Ünïcode — 中文, العربية, русский 😀"),
    Literal("Recommandations", lang="fr"),
    Literal("Colour", lang="en-GB"),
    Literal("", lang="en"),
    Literal(""),
    Literal("2016-10-19", datatype=XSD.date),
    Literal("2016-10-19T10:30:00", datatype=XSD.dateTime),
    Literal(11),
    Literal(-5),
    Literal("2.5", datatype=XSD.decimal),
    Literal(True),
    Literal("2016", datatype=XSD.gYear),
    Literal("A/RES/80/10", datatype=URIRef("http://example.org/symbol")),
    Literal("typed string", datatype=XSD.string),
]


def _expected(lit: Literal) -> Literal:
    """xsd:string literals are plain literals in RDF 1.1: both backends hand them back plain."""
    return Literal(str(lit)) if isinstance(lit, Literal) and lit.datatype == XSD.string else lit


def tricky_triples():
    return [(EX[f"s{i:02d}"], EX.value, lit) for i, lit in enumerate(TRICKY)]


def doc_triples(tag: str, n: int = 5):
    return [(EX[f"{tag}/{i}"], RDF.type, EX.Paragraph) for i in range(n)] + \
           [(EX[f"{tag}/{i}"], EX.text, Literal(f"paragraph {i} of {tag}", lang="fr")) for i in range(n)]


@pytest.fixture(params=["oxigraph", pytest.param("virtuoso", marks=pytest.mark.virtuoso)])
def store(request, tmp_path):
    if request.param == "oxigraph":
        s = OxigraphStore(tmp_path / "store")
        yield s
        s.close()
    else:
        yield request.getfixturevalue("virtuoso_store")


def reopen_read_only(store, tmp_path):
    if isinstance(store, OxigraphStore):
        store.close()
        return OxigraphStore(tmp_path / "store", read_only=True)
    return SparqlStore(store.location, update_url=store.update_url, user=store.user, password=store.password,
                       read_only=True)


# --- writes ---------------------------------------------------------------------------

def test_an_empty_store_shows_nothing_of_the_server(store):
    assert store.graphs() == []
    assert store.count() == 0
    assert store.select("SELECT * WHERE { ?s ?p ?o }").rows == []
    assert store.select("SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }").rows == []
    assert store.select("SELECT ?c WHERE { ?s a ?c }").rows == []
    assert not store.ask("ASK { ?s ?p ?o }")


def test_replace_creates_lists_and_counts_graphs(store):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two", 3), G3: tricky_triples()})
    assert store.graphs() == sorted([G1, G2, G3])
    assert store.has_graph(G1) and store.has_graph(G3) and not store.has_graph(B + "graph/test/absent")
    assert store.count(G1) == 10 and store.count(G2) == 6 and store.count(G3) == len(TRICKY)
    assert store.count() == 16 + len(TRICKY)


def test_replace_replaces_the_whole_graph_and_leaves_others(store):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two")})
    store.replace_graph(G1, doc_triples("new", 2))
    assert set(store.triples(G1)) == set(doc_triples("new", 2))
    assert set(store.triples(G2)) == set(doc_triples("two"))


def test_replace_with_nothing_removes_the_graph(store):
    store.replace_graph(G1, doc_triples("one"))
    store.replace_graph(G1, [])
    assert store.graphs() == [] and store.count() == 0


def test_drop_graphs_removes_them_and_ignores_unknown_ones(store):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two"), G3: doc_triples("three")})
    store.drop_graphs([G1, G3, B + "graph/test/never-there"])
    assert store.graphs() == [G2]
    store.drop_graph(G2)
    assert store.graphs() == [] and store.count() == 0


def test_a_refused_write_leaves_the_previous_graph_whole(store):
    store.replace_graph(G1, doc_triples("one"))
    with pytest.raises(UsageError):
        store.replace_graphs({G2: doc_triples("two"), "not an iri": doc_triples("x")})
    assert store.graphs() == [G1]
    assert set(store.triples(G1)) == set(doc_triples("one"))


def test_blank_nodes_keep_their_structure(store):
    b1, b2 = BNode(), BNode()
    triples = [(EX.thing, EX.part, b1), (b1, EX.label, Literal("first")), (b1, EX.next, b2),
               (b2, EX.label, Literal("second"))] + doc_triples("bn", 30)
    if isinstance(store, SparqlStore):
        store.chunk_triples, store.request_triples = 7, 20      # several operations, staged load
    store.replace_graph(G1, triples)
    assert store.count(G1) == len(triples)
    rows = store.select("SELECT ?l1 ?l2 WHERE { ?t <http://example.org/part> ?a . ?a <http://example.org/label> ?l1 ; "
                        "<http://example.org/next> ?b . ?b <http://example.org/label> ?l2 }").rows
    assert rows == [(Literal("first"), Literal("second"))]
    assert store.graphs() == [G1]
    read = [t for t in store.triples(G1) if any(isinstance(x, BNode) for x in t)]
    assert len(read) == 4
    first = next(o for s, p, o in read if p == EX.part)
    second = next(o for s, p, o in read if s == first and p == EX.next)
    assert {(p, o) for s, p, o in read if s == second} == {(EX.label, Literal("second"))}


def test_a_graph_larger_than_one_request_is_loaded_whole(store):
    if isinstance(store, SparqlStore):
        store.chunk_triples, store.request_triples = 50, 300
    store.replace_graph(G1, doc_triples("old", 10))
    big = doc_triples("big", 700)
    store.replace_graph(G1, big)
    assert store.count(G1) == 1400
    assert set(store.triples(G1)) == set(big)
    assert store.graphs() == [G1]


# --- reads ----------------------------------------------------------------------------

def test_tricky_literals_round_trip_exactly(store):
    store.replace_graph(G3, tricky_triples())
    got = {s: o for s, _, o in store.triples(G3)}
    for i, lit in enumerate(TRICKY):
        o = got[EX[f"s{i:02d}"]]
        want = _expected(lit)
        assert (str(o), o.language and o.language.lower(), o.datatype) == \
               (str(want), want.language and want.language.lower(), want.datatype), lit.n3()


@pytest.mark.parametrize("i", range(len(TRICKY)))
def test_select_binds_tricky_literals(store, i):
    store.replace_graph(G3, tricky_triples())
    result = store.select("SELECT ?s WHERE { ?s <http://example.org/value> ?o }", {"o": TRICKY[i]})
    assert result.variables == ["s"]
    assert result.rows == [(EX[f"s{i:02d}"],)]


@pytest.mark.parametrize("i", [0, 4, 6, 7, 10, 13, 15])
def test_sameterm_in_a_query_is_term_equality(store, i):
    store.replace_graph(G3, tricky_triples())
    term = _expected(TRICKY[i]).n3()
    rows = store.select("SELECT ?s WHERE { ?s <http://example.org/value> ?o FILTER(sameTerm(?o, %s)) }" % term).rows
    assert rows == [(EX[f"s{i:02d}"],)]
    if TRICKY[i].datatype == XSD.boolean:
        return      # Virtuoso turns a boolean constant of an expression (BIND) into the integer 1
    rows = store.select("SELECT ?s WHERE { { ?s <http://example.org/value> ?o } UNION { BIND(%s AS ?o) } "
                        "FILTER(!sameTerm(?o, %s)) }" % (term, term)).rows
    assert len(rows) == len(TRICKY) - 1 and (EX[f"s{i:02d}"],) not in rows


def test_select_returns_terms_unbound_values_and_honours_limit(store):
    store.replace_graphs({G1: doc_triples("one"), G3: tricky_triples()})
    result = store.select("SELECT ?p ?text WHERE { ?p a <http://example.org/Paragraph> "
                          "OPTIONAL { ?p <http://example.org/missing> ?text } } ORDER BY ?p")
    assert result.variables == ["p", "text"]
    assert [r[0] for r in result.rows] == [EX[f"one/{i}"] for i in range(5)]
    assert all(r[1] is None for r in result.rows)
    cut = store.select("SELECT ?p WHERE { ?p a <http://example.org/Paragraph> } ORDER BY ?p", limit=2)
    assert cut.truncated and len(cut.rows) == 2
    n = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s <http://example.org/value> ?o }").rows[0][0]
    assert n == Literal(len(TRICKY)) and n.datatype == XSD.integer


def test_a_binding_filters_after_the_pattern_as_a_trailing_values_does(store):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two")})
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?p a <http://example.org/Paragraph> } }"
    assert store.select(q, {"g": URIRef(G2)}).rows == [(URIRef(G2),)]
    q2 = "SELECT ?p WHERE { GRAPH ?g { ?p a <http://example.org/Paragraph> } } ORDER BY ?p"
    assert [r[0] for r in store.select(q2, {"g": URIRef(G2)}).rows] == [EX[f"two/{i}"] for i in range(5)]


def _paragraphs_one_without_text():
    """doc_triples("one") with a fifth paragraph that has no text."""
    return doc_triples("one") + [(EX["one/5"], RDF.type, EX.Paragraph)]


def test_a_binding_reaches_into_a_sub_select_that_projects_it(store):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two", 3)})
    q = """SELECT ?g ?n WHERE {
      { SELECT ?g (COUNT(?p) AS ?n) WHERE { GRAPH ?g { ?p a <http://example.org/Paragraph> } } GROUP BY ?g }
    }"""
    assert store.select(q, {"g": URIRef(G2)}).rows == [(URIRef(G2), Literal(3))]
    q2 = """SELECT ?p ?t WHERE {
      ?p a <http://example.org/Paragraph> .
      { SELECT ?p ?t WHERE { ?p <http://example.org/text> ?t } }
    }"""
    t = Literal("paragraph 1 of two", lang="fr")
    assert store.select(q2, {"t": t}).rows == [(EX["two/1"], t)]


def test_a_sub_select_variable_it_does_not_project_is_another_variable(store):
    store.replace_graphs({G1: doc_triples("one", 2)})
    q = """SELECT ?p ?t WHERE {
      { SELECT ?p WHERE { ?p <http://example.org/text> ?t } }
    } ORDER BY ?p"""
    t = Literal("absent")
    # ?t is never bound outside the sub-select, so the binding joins every row
    assert store.select(q, {"t": t}).rows == [(EX["one/0"], t), (EX["one/1"], t)]


def test_a_binding_of_an_optional_variable_keeps_the_rows_where_it_is_unbound(store):
    store.replace_graphs({G1: _paragraphs_one_without_text()})
    q = """SELECT ?p ?t WHERE {
      ?p a <http://example.org/Paragraph> OPTIONAL { ?p <http://example.org/text> ?t }
    } ORDER BY ?p"""
    t = Literal("paragraph 2 of one", lang="fr")
    # joined as a trailing VALUES: the paragraph whose text is that one, and the one with no text
    assert store.select(q, {"t": t}).rows == [(EX["one/2"], t), (EX["one/5"], t)]


def test_a_binding_of_a_variable_bound_in_one_branch_of_a_union(store):
    store.replace_graphs({G1: _paragraphs_one_without_text()})
    q = """SELECT ?p ?t WHERE {
      { ?p <http://example.org/text> ?t } UNION { ?p a <http://example.org/Paragraph> FILTER(?p = <%s>) }
    } ORDER BY ?p""" % EX["one/5"]
    t = Literal("paragraph 3 of one", lang="fr")
    assert store.select(q, {"t": t}).rows == [(EX["one/3"], t), (EX["one/5"], t)]


def test_a_binding_of_a_bind_variable_and_of_a_filtered_one(store):
    store.replace_graphs({G1: _paragraphs_one_without_text()})
    q = """SELECT ?p ?key WHERE {
      ?p a <http://example.org/Paragraph> OPTIONAL { ?p <http://example.org/text> ?t }
      BIND(COALESCE(STR(?t), "") AS ?key)
    }"""
    assert store.select(q, {"key": Literal("")}).rows == [(EX["one/5"], Literal(""))]
    q2 = """SELECT ?p ?t WHERE {
      ?p <http://example.org/text> ?t FILTER(LANGMATCHES(LANG(?t), "fr") && ?p != <%s>)
    }""" % EX["one/4"]
    assert store.select(q2, {"t": Literal("paragraph 4 of one", lang="fr")}).rows == []
    t = Literal("paragraph 0 of one", lang="fr")
    assert store.select(q2, {"t": t}).rows == [(EX["one/0"], t)]


def test_a_binding_of_a_key_a_union_branch_sets_to_a_constant(store):
    store.replace_graphs({G1: _paragraphs_one_without_text()})
    q = """SELECT ?p ?key WHERE {
      { ?p <http://example.org/text> ?key }
      UNION { ?p a <http://example.org/Paragraph> FILTER NOT EXISTS { ?p <http://example.org/text> ?t } BIND("" AS ?key) }
    }"""
    t = Literal("paragraph 1 of one", lang="fr")
    assert store.select(q, {"key": t}).rows == [(EX["one/1"], t)]
    assert store.select(q, {"key": Literal("")}).rows == [(EX["one/5"], Literal(""))]
    assert store.select(q, {"key": Literal("absent")}).rows == []


def test_a_binding_of_a_key_every_union_branch_binds(store):
    """A WHERE clause that opens with a UNION whose every branch binds the key: the rows of a
    trailing VALUES, and on the embedded store the key opens each branch (bind_inline)."""
    store.replace_graphs({G1: _paragraphs_one_without_text()})
    q = """SELECT ?p ?key ?t WHERE {
      { ?p <http://example.org/text> ?key . BIND("text" AS ?how) }
      UNION { ?p a ?key . ?p a <http://example.org/Paragraph> }
      OPTIONAL { ?p <http://example.org/text> ?t }
    } ORDER BY ?p ?t"""
    everything = store.select(q).rows
    for key in (Literal("paragraph 1 of one", lang="fr"), EX.Paragraph, Literal("absent")):
        assert store.select(q, {"key": key}).rows == [r for r in everything if r[1] == key]
    assert [r[0] for r in store.select(q, {"key": EX.Paragraph}).rows] == [EX[f"one/{i}"] for i in range(6)]


def test_bind_inline_opens_each_union_branch_only_where_that_is_a_plain_join():
    from unkg.store.query_text import bind_inline

    key = {"key": Literal(1)}
    union = "SELECT ?key WHERE { { ?a <p> ?key } UNION { ?key <q> ?b } OPTIONAL { ?a <r> ?c } }"
    v = f"VALUES (?key) {{ ({Literal(1).n3()}) }}"
    assert bind_inline(union, key) == (f"SELECT ?key WHERE {{ {{ {v} ?a <p> ?key }} UNION "
                                       f"{{ {v} ?key <q> ?b }} OPTIONAL {{ ?a <r> ?c }} }}")
    plain = "SELECT ?key WHERE { ?a <p> ?key }"
    assert bind_inline(plain, key) == f"SELECT ?key WHERE {{ {v} ?a <p> ?key }}"
    # a branch that assigns the key, branches that all open with the key
    for text in ('SELECT ?key WHERE { { ?a <p> ?key } UNION { ?a <q> ?b BIND(1 AS ?key) } }',
                 'SELECT ?key WHERE { { ?key <p> ?a } UNION { ?key <q> ?b . ?b <r> ?c } }'):
        assert bind_inline(text, key) == text
    # a sub-select branch: the union is left alone, the sub-select opens with the block
    text = 'SELECT ?key WHERE { { ?a <p> ?key } UNION { SELECT ?key WHERE { ?key <q> ?b } } }'
    assert bind_inline(text, key) == text.replace("WHERE { ?key <q>", f"WHERE {{ {v} ?key <q>")


def test_bind_inline_opens_the_sub_selects_that_pass_the_key_through():
    from unkg.store.query_text import bind_inline

    key = {"key": Literal(1)}
    v = f"VALUES (?key) {{ ({Literal(1).n3()}) }}"
    grouped = ("SELECT ?key ?n WHERE { ?key <p> ?a OPTIONAL { SELECT ?key (COUNT(?b) AS ?n) "
               "WHERE { { ?key <q> ?b } UNION { ?b <r> ?key } } GROUP BY ?key } }")
    assert bind_inline(grouped, key) == (
        f"SELECT ?key ?n WHERE {{ {v} ?key <p> ?a OPTIONAL {{ SELECT ?key (COUNT(?b) AS ?n) "
        f"WHERE {{ {{ {v} ?key <q> ?b }} UNION {{ {v} ?b <r> ?key }} }} GROUP BY ?key }} }}")
    # what would change the sub-select's solutions keeps it as it is: grouping without the
    # key, a LIMIT, the key not projected, or assigned by BIND
    outer = f"SELECT ?key WHERE {{ {v} ?key <p> ?a "
    for sub in ("{ SELECT ?key (COUNT(?b) AS ?n) WHERE { ?key <q> ?b } GROUP BY ?key ?b HAVING (?n > 1) }",
                "{ SELECT ?b WHERE { { SELECT ?key ?b WHERE { ?key <q> ?b } } } }",     # another ?key inside
                "{ SELECT ?key WHERE { ?key <q> ?b } LIMIT 1 }",
                "{ SELECT ?b WHERE { ?key <q> ?b } }",
                "{ SELECT ?key WHERE { ?b <q> ?c BIND(?c AS ?key) } }"):
        text = f"SELECT ?key WHERE {{ ?key <p> ?a {sub} }}"
        assert bind_inline(text, key) == f"{outer}{sub} }}"


@pytest.mark.parametrize("key", ["one/0", "two/3", "absent"])
def test_a_key_bound_inside_a_grouped_sub_select_gives_the_rows_of_the_listing(store, key):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two")})
    q = """SELECT ?p ?n WHERE {
      ?p a <http://example.org/Paragraph> .
      OPTIONAL { SELECT ?p (COUNT(?t) AS ?n) WHERE {
        { ?p <http://example.org/text> ?t } UNION { ?p a ?t } } GROUP BY ?p }
    } ORDER BY ?p"""
    everything = store.select(q).rows
    assert len(everything) == 10 and all(int(n) == 2 for _, n in everything)
    assert store.select(q, {"p": EX[key]}).rows == [r for r in everything if r[0] == EX[key]]


def test_inline_subselects_writes_only_plain_projections_as_groups():
    from unkg.store.query_text import inline_subselects

    text = ("SELECT ?a ?c WHERE { ?a <p> ?b OPTIONAL { SELECT ?a ?c WHERE { ?a <q> ?c } } "
            "OPTIONAL { SELECT ?a ?d WHERE { { SELECT ?a ?n WHERE { ?a <r> ?n } } "
            "{ SELECT ?n ?d WHERE { ?n <s> ?d } } } } }")
    assert inline_subselects(text) == ("SELECT ?a ?c WHERE { ?a <p> ?b OPTIONAL { ?a <q> ?c } "
                                       "OPTIONAL { ?a <r> ?n . ?n <s> ?d . } }")
    # what a sub-select changes is kept: DISTINCT, `*`, an expression, a modifier
    # a group of triple patterns only, joined where it stands, loses its braces
    assert inline_subselects("SELECT ?a WHERE { ?x <p> ?a . { SELECT ?a WHERE { ?a <q> ?c . ?c <r> ?d } } }") == \
        "SELECT ?a WHERE { ?x <p> ?a . ?a <q> ?c . ?c <r> ?d . }"
    for text in ("SELECT ?a WHERE { ?x <p> ?a { SELECT DISTINCT ?a WHERE { ?a <q> ?c } } }",
                 "SELECT ?a WHERE { ?x <p> ?a { SELECT * WHERE { ?a <q> ?c } } }",
                 "SELECT ?a WHERE { ?x <p> ?a { SELECT ?a (COUNT(?c) AS ?n) WHERE { ?a <q> ?c } GROUP BY ?a } }",
                 "SELECT ?a WHERE { ?x <p> ?a { SELECT ?a WHERE { ?a <q> ?c } LIMIT 1 } }",
                 "SELECT ?a WHERE { ?x <p> ?a # { SELECT ?a WHERE { ?a <q> ?c } }\n }"):
        assert inline_subselects(text) == text
    # a variable it leaves out that the query reads elsewhere is renamed
    assert inline_subselects("SELECT ?a WHERE { ?b <p> ?a OPTIONAL { SELECT ?a WHERE { ?a <q> ?b } } }") == \
        "SELECT ?a WHERE { ?b <p> ?a OPTIONAL { ?a <q> ?b_1 } }"
    # a group followed by its optional dot
    assert inline_subselects("SELECT ?a WHERE { ?x <p> ?a . { SELECT ?a WHERE { ?a <q> ?c } } . ?a <r> ?d }") == \
        "SELECT ?a WHERE { ?x <p> ?a . ?a <q> ?c . ?a <r> ?d }"
    # a group in a UNION, or after OPTIONAL, keeps its braces
    assert inline_subselects("SELECT ?a WHERE { { SELECT ?a WHERE { ?a <q> ?c } } UNION { ?a <r> ?c } }") == \
        "SELECT ?a WHERE { { ?a <q> ?c_1 } UNION { ?a <r> ?c } }"


@pytest.mark.parametrize("key", [None, "one/0", "two/3"])
def test_inline_subselects_gives_the_same_rows(store, key):
    """Plain patterns give the rows of the sub-selects they replace, duplicates included (no
    DISTINCT here), on every backend, bound or not."""
    from unkg.store.query_text import inline_subselects

    links = [(EX[f"one/{i}"], EX.next, EX[f"one/{i + 1}"]) for i in range(4)] + [(EX["one/0"], EX.next, EX["two/0"])]
    store.replace_graphs({G1: doc_triples("one") + links, G2: doc_triples("two")})
    q = """SELECT ?p ?t ?v WHERE {
      ?p a <http://example.org/Paragraph> .
      OPTIONAL { SELECT ?p ?t WHERE { ?p <http://example.org/text> ?t } }
      OPTIONAL { SELECT ?p ?v WHERE { { SELECT ?p ?n WHERE { ?p <http://example.org/next> ?n } }
                                      { SELECT ?n ?v WHERE { ?n <http://example.org/text> ?v } } } }
    } ORDER BY ?p ?t ?v"""
    plain = inline_subselects(q)
    assert "SELECT" not in plain.split("WHERE", 1)[1]
    bindings = {} if key is None else {"p": EX[key]}
    want = store.select(q, bindings).rows
    assert store.select(plain, bindings).rows == want
    assert len(want) == {None: 11, "one/0": 2, "two/3": 1}[key]


def test_several_bindings_at_once_and_a_binding_no_row_has(store):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two")})
    q = """SELECT DISTINCT ?g ?p ?t WHERE { GRAPH ?g { ?p <http://example.org/text> ?t } }"""
    t = Literal("paragraph 1 of two", lang="fr")
    assert store.select(q, {"g": URIRef(G2), "p": EX["two/1"], "t": t}).rows == [(URIRef(G2), EX["two/1"], t)]
    assert store.select(q, {"g": URIRef(G1), "p": EX["two/1"]}).rows == []
    assert store.select(q, {"t": Literal("paragraph 1 of two")}).rows == []     # no language tag: another term


def test_a_bound_graph_name_selects_only_that_graph(store):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two"), G3: tricky_triples()})
    # the shape of `unkg drop`'s lookup: a key that is a graph name, a value or a symbol
    q = """SELECT DISTINCT ?g WHERE {
      { GRAPH ?g { ?p <http://example.org/value> ?key } }
      UNION { GRAPH ?key { ?p a <http://example.org/Paragraph> } BIND(?key AS ?g) }
    }"""
    assert store.select(q, {"key": URIRef(G2)}).rows == [(URIRef(G2),)]
    assert store.select(q, {"key": Literal("plain")}).rows == [(URIRef(G3),)]
    assert store.select(q, {"key": Literal(11)}).rows == [(URIRef(G3),)]


def test_ask_and_construct_with_bindings(store):
    store.replace_graphs({G1: doc_triples("one"), G3: tricky_triples()})
    assert store.ask("ASK { ?s <http://example.org/value> ?o }", {"o": TRICKY[3]})
    assert not store.ask("ASK { ?s <http://example.org/value> ?o }", {"o": Literal("absent")})
    g = store.construct("CONSTRUCT { ?p <http://example.org/says> ?t } WHERE { ?p <http://example.org/text> ?t }",
                        {"p": EX["one/2"]})
    assert set(g) == {(EX["one/2"], EX.says, Literal("paragraph 2 of one", lang="fr"))}
    short = store.construct("CONSTRUCT WHERE { ?s <http://example.org/value> ?o }")
    assert {o for _, _, o in short} == {_expected(t) for t in TRICKY}


def test_construct_fills_the_template_with_a_binding_of_an_optional_variable(store):
    """As with a trailing VALUES: the rows where ?t is unbound take the bound term."""
    store.replace_graphs({G1: _paragraphs_one_without_text()})
    t = Literal("paragraph 2 of one", lang="fr")
    g = store.construct("""CONSTRUCT { ?p <http://example.org/says> ?t } WHERE {
      ?p a <http://example.org/Paragraph> OPTIONAL { ?p <http://example.org/text> ?t } }""", {"t": t})
    assert set(g) == {(EX["one/2"], EX.says, t), (EX["one/5"], EX.says, t)}
    short = store.construct("CONSTRUCT WHERE { ?p <http://example.org/text> ?t }", {"t": t})
    assert set(short) == {(EX["one/2"], EX.text, t)}


def test_triples_of_one_graph_and_of_the_union(store):
    shared = (EX.shared, EX.value, Literal("in both"))
    store.replace_graphs({G1: doc_triples("one") + [shared], G2: doc_triples("two") + [shared]})
    assert set(store.triples(G1)) == set(doc_triples("one")) | {shared}
    union = list(store.triples())
    assert len(union) == len(set(union)) == 21
    assert set(union) == set(doc_triples("one")) | set(doc_triples("two")) | {shared}


def test_a_triple_held_by_several_graphs_is_one_answer_of_a_distinct_query(store):
    shared = [(EX.res, RDF.type, EX.Resolution), (EX.res, EX.symbol, Literal("A/RES/80/9"))]
    store.replace_graphs({G1: shared, G2: shared, G3: shared + doc_triples("three", 1)})
    q = ("SELECT DISTINCT ?r ?s WHERE { ?r a <http://example.org/Resolution> ; "
         "<http://example.org/symbol> ?s }")
    assert store.select(q).rows == [(EX.res, Literal("A/RES/80/9"))]
    n = store.select("SELECT (COUNT(DISTINCT ?r) AS ?n) WHERE { ?r a ?c }").rows[0][0]
    assert int(n) == 2
    assert store.count() == 8 and len(list(store.triples())) == 4


@pytest.mark.parametrize("fmt", sorted(RDF_FORMATS))
def test_dump_in_every_format(store, fmt):
    store.replace_graphs({G1: doc_triples("one"), G3: tricky_triples()})
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    out = io.BytesIO()
    store.dump(out, fmt, G3)
    one = Dataset()
    one.parse(data=out.getvalue(), format=rdflib_fmt)
    xml = fmt == "rdfxml"
    assert {(s, p, _canon(o, xml)) for s, p, o, _ in one.quads()} == \
           {(s, p, _canon(_expected(o), xml)) for s, p, o in tricky_triples()}
    out = io.BytesIO()
    store.dump(out, fmt)
    whole = Dataset()
    whole.parse(data=out.getvalue(), format=rdflib_fmt)
    if fmt in DATASET_FORMATS:
        quads = {(s, p, _canon(o), str(c)) for s, p, o, c in whole.quads()}
        assert quads == {(s, p, _canon(_expected(o)), G3) for s, p, o in tricky_triples()} | \
                        {(s, p, _canon(o), G1) for s, p, o in doc_triples("one")}
    else:
        assert {(s, p, _canon(o, xml)) for s, p, o, _ in whole.quads()} == \
               {(s, p, _canon(_expected(o), xml)) for s, p, o in tricky_triples() + doc_triples("one")}


def _canon(o, xml: bool = False):
    """Literals compared by lexical form, lower-cased language and datatype.

    `xml`: an XML parser turns a raw CR LF into LF (XML 1.0, 2.11), and neither engine
    escapes CR in RDF/XML or SPARQL XML results, so there a CR LF compares as LF.
    """
    if isinstance(o, Literal):
        dt = None if o.datatype == XSD.string else o.datatype
        text = str(o).replace("\r\n", "\n") if xml else str(o)
        return (text, (o.language or "").lower(), dt)
    return o


def test_dump_refuses_unknown_graphs_and_formats(store):
    store.replace_graph(G1, doc_triples("one"))
    with pytest.raises(UsageError):
        store.dump(io.BytesIO(), "nq", B + "graph/test/absent")
    with pytest.raises(UsageError):
        store.dump(io.BytesIO(), "n3")


SELECT_TRICKY = "SELECT ?s ?o WHERE { ?s <http://example.org/value> ?o } ORDER BY ?s"


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_sparql_structured_results(store, fmt):
    store.replace_graph(G3, tricky_triples())
    media, body = store.sparql(SELECT_TRICKY, fmt)
    assert media == {"json": "application/sparql-results+json", "xml": "application/sparql-results+xml"}[fmt]
    parser = JSONResultParser() if fmt == "json" else XMLResultParser()
    result = parser.parse(io.BytesIO(body))
    got = {row[Variable("s")]: _canon(row[Variable("o")], fmt == "xml") for row in result.bindings}
    assert got == {EX[f"s{i:02d}"]: _canon(_expected(lit), fmt == "xml") for i, lit in enumerate(TRICKY)}
    media, body = store.sparql("ASK { ?s <http://example.org/value> 11 }", fmt)
    assert parser.parse(io.BytesIO(body)).askAnswer is True


@pytest.mark.parametrize("fmt,delimiter", [("csv", ","), ("tsv", "\t")])
def test_sparql_tabular_results(store, fmt, delimiter):
    store.replace_graph(G1, doc_triples("one"))
    media, body = store.sparql("SELECT ?p ?t WHERE { ?p <http://example.org/text> ?t } ORDER BY ?p", fmt)
    assert media == {"csv": "text/csv", "tsv": "text/tab-separated-values"}[fmt]
    rows = list(csv.reader(io.StringIO(body.decode("utf-8")), delimiter=delimiter))
    header = [h.lstrip("?") for h in rows[0]]
    assert header == ["p", "t"]
    assert len([r for r in rows[1:] if r]) == 5
    assert "paragraph 3 of one" in body.decode("utf-8")


def test_sparql_graph_results_in_turtle(store):
    store.replace_graphs({G1: doc_triples("one"), G3: tricky_triples()})
    media, body = store.sparql("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % G3, "ttl")
    assert media == "text/turtle"
    g = Graph().parse(data=body, format="turtle")
    assert {(s, p, _canon(o)) for s, p, o in g} == {(s, p, _canon(_expected(o))) for s, p, o in tricky_triples()}
    with pytest.raises(UsageError):
        store.sparql("CONSTRUCT WHERE { ?s ?p ?o }", "csv")


@pytest.mark.parametrize("cap", [3, 4, 50])
def test_sparql_graph_results_are_cut_at_max_triples(store, cap):
    store.replace_graphs({G1: doc_triples("one"), G3: tricky_triples()})
    whole = {(s, p, _canon(_expected(o))) for s, p, o in tricky_triples()}
    answer = store.sparql("CONSTRUCT { ?s ?p ?o } WHERE { GRAPH <%s> { ?s ?p ?o } }" % G3, "nt", max_triples=cap)
    g = Graph().parse(data=answer[1], format="nt")
    got = {(s, p, _canon(o)) for s, p, o in g}
    assert len(got) == min(cap, len(whole)) and got <= whole
    assert answer.truncated is (cap < len(whole))


def test_sparql_with_an_explicit_dataset(store):
    store.replace_graphs({G1: doc_triples("one"), G2: doc_triples("two")})
    media, body = store.sparql("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }", "json", default_graphs=[G2])
    assert json.loads(body)["results"]["bindings"][0]["n"]["value"] == "10"


def test_read_only_store_refuses_writes(store, tmp_path):
    store.replace_graph(G1, doc_triples("one"))
    ro = reopen_read_only(store, tmp_path)
    try:
        with pytest.raises(ReadOnlyStore):
            ro.replace_graph(G2, doc_triples("two"))
        with pytest.raises(ReadOnlyStore):
            ro.drop_graphs([G1])
        assert ro.graphs() == [G1] and ro.count(G1) == 10
    finally:
        ro.close()


@pytest.mark.parametrize("query,call", [
    ("SELEC ?s WHERE { ?s ?p ?o }", "select"),
    ("SELECT ?s WHERE { ?s ?p ?o ", "select"),
    ("ASK { ?s ?p ?o }", "select"),
    ("SELECT ?s WHERE { ?s ?p ?o }", "ask"),
    ("SELECT ?s WHERE { ?s ?p ?o }", "construct"),
])
def test_bad_queries_raise_query_error(store, query, call):
    store.replace_graph(G1, doc_triples("one"))
    with pytest.raises(QueryError):
        getattr(store, call)(query)
    with pytest.raises(QueryError):
        store.sparql("SELECT WHERE {", "json")


def test_bad_graph_iris_are_refused(store):
    with pytest.raises(UsageError):
        store.replace_graph("http://example.org/a graph", doc_triples("x"))
    with pytest.raises(UsageError):
        store.drop_graphs(["<http://example.org/g>"])
    assert store.graphs() == []


# --- the default graph is the union of the named graphs as a set ------------------------

SHARED = (EX.a, EX.b, EX.c)
UNION_GRAPHS = [B + f"graph/test/u{i}" for i in range(3)]


def three_graphs_sharing_a_triple(store):
    store.replace_graphs({g: [SHARED, (EX.a, EX.n, Literal(i))] for i, g in enumerate(UNION_GRAPHS)})


def test_a_triple_held_by_three_graphs_matches_once_in_a_join(store):
    three_graphs_sharing_a_triple(store)
    rows = store.select("SELECT ?s ?o ?o2 ?s2 WHERE { ?s ?p ?o . ?s ?p ?o2 . ?s2 ?p ?o }", {"p": EX.b}).rows
    assert rows == [(EX.a, EX.c, EX.c, EX.a)]                       # a bag would give 3 × 3 × 3 rows
    n = store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o . ?s ?q ?o2 }", {"s": EX.a}).rows[0][0]
    assert int(n) == 16                                             # 4 distinct triples of ?s, squared
    in_graphs = store.select("SELECT ?g WHERE { GRAPH ?g { ?s ?p ?o } } ORDER BY ?g",
                             {"s": EX.a, "p": EX.b, "o": EX.c}).rows
    assert in_graphs == [(URIRef(g),) for g in UNION_GRAPHS]        # GRAPH ?g sees the named graphs only
    assert store.graphs() == UNION_GRAPHS and store.count() == 6
    assert sorted(store.triples()) == sorted([SHARED] + [(EX.a, EX.n, Literal(i)) for i in range(3)])


def test_a_triple_leaves_the_union_only_with_the_last_graph_holding_it(store):
    three_graphs_sharing_a_triple(store)
    there = "ASK { <http://example.org/a> <http://example.org/b> <http://example.org/c> }"
    store.drop_graph(UNION_GRAPHS[0])
    assert store.ask(there)
    if isinstance(store, SparqlStore):
        store.chunk_triples, store.request_triples = 7, 20          # the next graph takes the staged path
    store.replace_graph(UNION_GRAPHS[1], [(EX.c, EX.b, EX.a)] + doc_triples("big", 15))
    assert store.ask(there)
    store.replace_graphs({UNION_GRAPHS[2]: [(EX.c, EX.b, EX.a)]})
    assert not store.ask(there)
    assert not store.ask("ASK { ?s <http://example.org/n> ?o }")
    assert set(store.triples()) == {(EX.c, EX.b, EX.a)} | set(doc_triples("big", 15))
    store.drop_graphs(UNION_GRAPHS)
    assert not store.ask("ASK { ?s ?p ?o }") and list(store.triples()) == [] and store.count() == 0


def test_dumps_hold_each_named_graph_once_and_no_union_copy(store):
    three_graphs_sharing_a_triple(store)
    out = io.BytesIO()
    store.dump(out, "nq")
    quads = Dataset()
    quads.parse(data=out.getvalue(), format="nquads")
    assert len(out.getvalue().decode().splitlines()) == 6
    assert {str(c) for _, _, _, c in quads.quads()} == set(UNION_GRAPHS)
    out = io.BytesIO()
    store.dump(out, "trig")
    trig = Dataset()
    trig.parse(data=out.getvalue(), format="trig")
    assert len(list(trig.quads())) == 6 and {str(c) for _, _, _, c in trig.quads()} == set(UNION_GRAPHS)
    out = io.BytesIO()
    store.dump(out, "nt")
    assert len(out.getvalue().decode().splitlines()) == 4


# --- embedded store only ----------------------------------------------------------------

def test_a_second_writer_process_gets_store_locked(tmp_path):
    path = tmp_path / "store"
    s = OxigraphStore(path)
    s.replace_graph(G1, doc_triples("one"))
    code = textwrap.dedent(f"""
        from unkg.store.oxigraph import OxigraphStore
        from unkg.errors import StoreLocked
        try:
            OxigraphStore({str(path)!r})
        except StoreLocked as e:
            print("LOCKED", e.message)
    """)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    s.close()
    assert out.stdout.startswith("LOCKED"), out.stdout + out.stderr
    assert "in use by another unkg process" in out.stdout


def test_sigkill_mid_write_leaves_each_graph_whole(tmp_path):
    path = tmp_path / "store"
    code = textwrap.dedent(f"""
        import sys
        from rdflib import Literal, URIRef
        from unkg.store.oxigraph import OxigraphStore
        s = OxigraphStore({str(path)!r})
        for k in range(10_000):
            triples = [(URIRef(f"http://example.org/{{k}}/{{i}}"), URIRef("http://example.org/v"), Literal(i))
                       for i in range(2000)]
            s.replace_graph(f"https://w3id.org/unkg/graph/test/{{k}}", triples)
            print(k, flush=True)
    """)
    proc = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    written = 0
    for line in proc.stdout:
        written = int(line) + 1
        if written >= 5:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait(timeout=30)
    s = OxigraphStore(path, read_only=True)
    graphs = s.graphs()
    assert len(graphs) >= written
    assert all(s.count(g) == 2000 for g in graphs)
