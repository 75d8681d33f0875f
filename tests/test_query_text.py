"""The one reader of SPARQL text (unkg/store/query_text.py): the remote backend's edits read
the same tokens as the embedded store's bindings, so a keyword inside a string, a comment, an
IRI or a prefixed name is never taken for syntax."""
from __future__ import annotations

from rdflib import Literal, URIRef

from unkg.store.query_text import (bind_inside, exclude_from_graph_variables, graph_constants, has_from,
                                   query_form, where_group, where_group_is_short)


def test_the_query_form_is_the_first_keyword_outside_comments_strings_and_iris():
    assert query_form('# SELECT in a comment\nASK { ?s ?p "SELECT" }') == "ASK"
    assert query_form("PREFIX select: <http://e/SELECT> CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }") == "CONSTRUCT"
    assert query_form('"DESCRIBE"') == ""


def test_a_prefixed_name_is_one_token():
    assert not has_from("PREFIX ex: <http://e/> SELECT * WHERE { ?s ex:from ?o }")
    assert has_from("SELECT * FROM <http://e/g> WHERE { ?s ?p ?o }")
    assert not has_from("SELECT * WHERE { ?s <http://e/FROM> 'FROM' } # FROM")
    text = "PREFIX ex: <http://e/> SELECT * WHERE { GRAPH ex:g { ?s ?p ?o } GRAPH <http://e/h> { ?s ?p ?o } GRAPH ?v { } }"
    assert graph_constants(text) == ["http://e/g", "http://e/h"]


def test_the_where_group_of_each_form():
    select = 'SELECT ?s WHERE { ?s ?p "}" . { ?s ?p ?o } } ORDER BY ?s'
    a, b = where_group(select)
    assert select[a:b] == '{ ?s ?p "}" . { ?s ?p ?o } }'
    construct = "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o FILTER(?o != 1) }"
    a, b = where_group(construct)
    assert construct[a:b] == "{ ?s ?p ?o FILTER(?o != 1) }"
    short = "CONSTRUCT WHERE { ?s ?p ?o }"
    assert where_group_is_short(short) and not where_group_is_short(construct)
    assert short[slice(*where_group(short))] == "{ ?s ?p ?o }"
    assert where_group("SELECT * {") is None


def test_bind_inside_filters_a_used_variable_and_binds_an_unused_one():
    text = bind_inside("SELECT ?s WHERE { ?s ?p ?o } ORDER BY ?s",
                       {"o": Literal("x", lang="fr"), "g": URIRef("http://e/g")}, frozenset({"o"}))
    assert text.startswith("SELECT ?s WHERE { ?s ?p ?o \n")
    assert 'FILTER(isLITERAL(?o) && STR(?o) = "x" && LCASE(LANG(?o)) = "fr")' in text
    assert "BIND(<http://e/g> AS ?g)" in text and text.endswith("\n} ORDER BY ?s")


def test_graph_variables_are_kept_from_excluded_graphs_after_their_group():
    text = exclude_from_graph_variables('SELECT * WHERE { GRAPH ?g { ?s ?p "GRAPH ?x {" } }', ["http://e/sys"])
    assert text == 'SELECT * WHERE { GRAPH ?g { ?s ?p "GRAPH ?x {" } FILTER(?g NOT IN (<http://e/sys>)) }'
