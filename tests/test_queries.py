"""The query library: headers, parameter binding and refusals, and each query's rows on a
small graph written by hand to the contract of ontology/MODEL.md."""
from __future__ import annotations

import json
import re

import pytest
from rdflib import Dataset, Literal, URIRef
from rdflib.namespace import XSD

from unkg.errors import NotFound, QueryError, UsageError
from unkg.querylib import (PARAM_TYPES, bind_params, list_qc_queries, list_queries, load, parse_header,
                           query_from_source, run_cli_query, run_named, to_term)
from unkg.store.query_text import bind_values, substitutable
from unkg.store.oxigraph import OxigraphStore

from .conftest import run_unkg

REQUIRED_COLUMNS = {
    "recommendations": "recommendation, document, number, section, articleNumber, addresseeCode, addressee, "
                       "modality, text, lang, adopted, endorsedBy",
    "speakers": "person, name, honorific, stateCode, role, agendaItem, meeting, date",
    "state-participation": "stateCode, state, status, meeting, document",
    "citations": "document, kind, cited, label, paragraph",
    "meetings": "meeting, body, ordinal, place, start, end, conferenceSession",
    "documents": "document, symbol, kind, lang, title, date",
    "resolutions": "resolution, number, symbol, body, title, adopted, session, agendaItem, plenaryMeeting, "
                   "preambularCount, operativeCount",
    "resolution-paragraphs": "resolution, kind, number, verb, text",
    "article-history": None,
    "lineage": None,
}
ALL = list_queries() + list_qc_queries()
B = "https://w3id.org/unkg/"
ONT = "https://w3id.org/unkg/ontology#"
REPORT = B + "id/report/ctoc-cop-wg2/9"
GA = B + "id/resolution/ga/80/9"

# Two documents in two named graphs, as ingest writes them; resolution 8/4 and article 32
# are repeated in both graphs (shared nodes), which must not duplicate rows.
GRAPH = """
@prefix unkg: <https://w3id.org/unkg/ontology#> .
@prefix id: <https://w3id.org/unkg/id/> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .

<https://w3id.org/unkg/graph/reference> {
  id:state\\/FIN a unkg:State ; unkg:iso3 "FIN" ; skos:prefLabel "Finland"@en, "Finlande"@fr .
  id:state\\/JPN a unkg:State ; unkg:iso3 "JPN" ; skos:prefLabel "Japan"@en .
  id:state\\/USA a unkg:State ; unkg:iso3 "USA" ; skos:prefLabel "United States of America"@en .
  id:concept\\/addressee\\/STATES a unkg:AddresseeCategory ; unkg:code "STATES" .
  id:concept\\/addressee\\/STATES_PARTIES a unkg:AddresseeCategory ; unkg:code "STATES_PARTIES" .
  id:org\\/unodc a unkg:Organization ; unkg:code "UNODC" .
  id:concept\\/modality\\/should unkg:code "should" .
  id:concept\\/participation-status\\/party unkg:code "party" .
  id:concept\\/participation-status\\/signatory unkg:code "signatory" .
  id:concept\\/role\\/speaker unkg:code "speaker" .
  id:concept\\/role\\/panellist unkg:code "panellist" .
  id:concept\\/paragraph-kind\\/preambular unkg:code "preambular" .
  id:concept\\/paragraph-kind\\/operative unkg:code "operative" .
  id:concept\\/paragraph-kind\\/narrative unkg:code "narrative" .
  id:convention\\/untoc a unkg:Convention .
  id:convention\\/untoc\\/article\\/23 a unkg:Article ; unkg:convention id:convention\\/untoc ; unkg:number 23 .
  id:convention\\/untoc\\/article\\/32 a unkg:Article ; unkg:convention id:convention\\/untoc ; unkg:number 32 .
  id:place\\/vienna a unkg:Place ; rdfs:label "Vienna"@en .
}

<https://w3id.org/unkg/graph/report/ctoc-cop-wg2/9/fr> {
  id:report\\/ctoc-cop-wg2\\/9 a unkg:Document, unkg:Report ; unkg:expression id:report\\/ctoc-cop-wg2\\/9\\/fr ;
      unkg:adoptedOn "2016-10-19"^^xsd:date ; unkg:title "Rapport"@fr ;
      unkg:cites id:resolution\\/ctoc-cop\\/7\\/1, id:resolution\\/ctoc-cop\\/8\\/4, id:decision\\/ctoc-cop\\/2\\/6,
          id:convention\\/untoc\\/article\\/32, id:doc\\/CTOC\\/COP\\/WG.2\\/2016\\/1, id:convention\\/untoc ;
      unkg:citation id:report\\/ctoc-cop-wg2\\/9\\/cite\\/1 .
  id:report\\/ctoc-cop-wg2\\/9\\/fr a unkg:Expression ; unkg:language "fr"^^xsd:language .
  id:report\\/ctoc-cop-wg2\\/9\\/cite\\/1 a unkg:Citation ; unkg:citedResource id:resolution\\/ctoc-cop\\/7\\/1 ;
      unkg:inParagraph id:report\\/ctoc-cop-wg2\\/9\\/para\\/2 .
  id:resolution\\/ctoc-cop\\/7\\/1 a unkg:Resolution ; unkg:number "7/1" .
  id:resolution\\/ctoc-cop\\/8\\/4 a unkg:Resolution ; unkg:number "8/4" .
  id:decision\\/ctoc-cop\\/2\\/6 a unkg:Decision ; unkg:number "2/6" .
  id:doc\\/CTOC\\/COP\\/WG.2\\/2016\\/1 a unkg:Document ; unkg:symbol "CTOC/COP/WG.2/2016/1" .
  id:convention\\/untoc\\/article\\/32 a unkg:Article ; unkg:convention id:convention\\/untoc ; unkg:number 32 .

  id:report\\/ctoc-cop-wg2\\/9\\/sec\\/II\\/A a unkg:Section ; unkg:sectionNumber "II.A" ;
      unkg:concernsArticle id:convention\\/untoc\\/article\\/32 .
  id:report\\/ctoc-cop-wg2\\/9\\/sec\\/II\\/B a unkg:Section ; unkg:sectionNumber "II.B" ;
      unkg:concernsArticle id:convention\\/untoc\\/article\\/23 .
  id:report\\/ctoc-cop-wg2\\/9\\/para\\/2 a unkg:Paragraph ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:paragraphNumber 2 ; unkg:text "Rappelant la résolution 7/1."@fr .
  id:report\\/ctoc-cop-wg2\\/9\\/para\\/6 a unkg:Paragraph ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:paragraphNumber 6 ; unkg:text "Les États parties et l'ONUDC devraient …"@fr .
  id:report\\/ctoc-cop-wg2\\/9\\/para\\/11 a unkg:Paragraph ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:paragraphNumber 11 ; unkg:text "Les États devraient …"@fr .
  id:report\\/ctoc-cop-wg2\\/9\\/para\\/16 a unkg:Paragraph ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:paragraphNumber 16 ; unkg:text "L'ONUDC devrait …"@fr ; unkg:inSection id:report\\/ctoc-cop-wg2\\/9\\/sec\\/II\\/B .
  id:report\\/ctoc-cop-wg2\\/9\\/para\\/25 a unkg:Paragraph ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:paragraphNumber 25 ; unkg:text "La Finlande et le Japon ont fait des déclarations."@fr .
  id:report\\/ctoc-cop-wg2\\/9\\/para\\/29 a unkg:Paragraph ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:paragraphNumber 29 ; unkg:text "Mme Virginia Prugh (États-Unis) a présenté …"@fr .

  id:report\\/ctoc-cop-wg2\\/9\\/rec\\/6 a unkg:Recommendation ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:derivedFrom id:report\\/ctoc-cop-wg2\\/9\\/para\\/6 ; unkg:paragraphNumber 6 ;
      unkg:inSection id:report\\/ctoc-cop-wg2\\/9\\/sec\\/II\\/A ; unkg:concernsArticle id:convention\\/untoc\\/article\\/32 ;
      unkg:addressedTo id:concept\\/addressee\\/STATES_PARTIES, id:org\\/unodc ; unkg:modality id:concept\\/modality\\/should ;
      unkg:adoptedOn "2016-10-19"^^xsd:date ; unkg:adoptedAt id:meeting\\/ctoc-cop-wg2\\/9 ;
      unkg:endorsedBy id:resolution\\/ctoc-cop\\/8\\/4 .
  id:report\\/ctoc-cop-wg2\\/9\\/rec\\/11 a unkg:Recommendation ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:derivedFrom id:report\\/ctoc-cop-wg2\\/9\\/para\\/11 ; unkg:paragraphNumber 11 ;
      unkg:inSection id:report\\/ctoc-cop-wg2\\/9\\/sec\\/II\\/B ; unkg:concernsArticle id:convention\\/untoc\\/article\\/23 ;
      unkg:addressedTo id:concept\\/addressee\\/STATES ; unkg:modality id:concept\\/modality\\/should ;
      unkg:adoptedOn "2016-10-19"^^xsd:date ; unkg:adoptedAt id:meeting\\/ctoc-cop-wg2\\/9 ;
      unkg:endorsedBy id:resolution\\/ctoc-cop\\/8\\/4 .
  id:report\\/ctoc-cop-wg2\\/9\\/rec\\/16 a unkg:Recommendation ; unkg:inDocument id:report\\/ctoc-cop-wg2\\/9 ;
      unkg:derivedFrom id:report\\/ctoc-cop-wg2\\/9\\/para\\/16 ; unkg:paragraphNumber 16 ;
      unkg:inSection id:report\\/ctoc-cop-wg2\\/9\\/sec\\/II\\/B ; unkg:concernsArticle id:convention\\/untoc\\/article\\/23 ;
      unkg:addressedTo id:org\\/unodc ; unkg:modality id:concept\\/modality\\/should ;
      unkg:adoptedOn "2016-10-19"^^xsd:date ; unkg:endorsedBy id:resolution\\/ctoc-cop\\/8\\/4 .

  id:meeting\\/ctoc-cop-wg2\\/9 a unkg:Meeting ; unkg:meetingOf id:body\\/ctoc-cop-wg2 ; unkg:ordinal 9 ;
      unkg:heldIn id:place\\/vienna ; unkg:startDate "2016-10-17"^^xsd:date ; unkg:endDate "2016-10-19"^^xsd:date ;
      unkg:duringSession id:session\\/ctoc-cop\\/8 .
  id:session\\/ctoc-cop\\/8 a unkg:Session ; unkg:meetingOf id:body\\/ctoc-cop ; unkg:ordinal 8 .
  id:place\\/vienna a unkg:Place ; rdfs:label "Vienne"@fr .
  id:meeting\\/ctoc-cop-wg2\\/9\\/sitting\\/1 a unkg:Sitting ; unkg:partOfMeeting id:meeting\\/ctoc-cop-wg2\\/9 ;
      unkg:ordinal 1 ; unkg:date "2016-10-17"^^xsd:date .
  id:meeting\\/ctoc-cop-wg2\\/9\\/item\\/2 a unkg:AgendaItem ; unkg:itemNumber "2" .

  id:meeting\\/ctoc-cop-wg2\\/9\\/participation\\/FIN a unkg:Participation ; unkg:atMeeting id:meeting\\/ctoc-cop-wg2\\/9 ;
      unkg:participant id:state\\/FIN ; unkg:participationStatus id:concept\\/participation-status\\/party ;
      unkg:role id:concept\\/role\\/speaker ; unkg:derivedFrom id:report\\/ctoc-cop-wg2\\/9\\/para\\/25 .
  id:meeting\\/ctoc-cop-wg2\\/9\\/participation\\/JPN a unkg:Participation ; unkg:atMeeting id:meeting\\/ctoc-cop-wg2\\/9 ;
      unkg:participant id:state\\/JPN ; unkg:participationStatus id:concept\\/participation-status\\/signatory ;
      unkg:role id:concept\\/role\\/speaker ; unkg:derivedFrom id:report\\/ctoc-cop-wg2\\/9\\/para\\/25 .
  id:meeting\\/ctoc-cop-wg2\\/9\\/participation\\/virginia-prugh\\/2 a unkg:Participation ;
      unkg:atMeeting id:meeting\\/ctoc-cop-wg2\\/9 ; unkg:participant id:person\\/virginia-prugh ;
      unkg:inTheNameOf id:state\\/USA ; unkg:role id:concept\\/role\\/panellist ;
      unkg:onAgendaItem id:meeting\\/ctoc-cop-wg2\\/9\\/item\\/2 ; unkg:atSitting id:meeting\\/ctoc-cop-wg2\\/9\\/sitting\\/1 ;
      unkg:derivedFrom id:report\\/ctoc-cop-wg2\\/9\\/para\\/29 .
  id:person\\/virginia-prugh a unkg:Person ; unkg:name "Virginia Prugh" ; unkg:honorific "Ms." ;
      unkg:representsState id:state\\/USA .
}

<https://w3id.org/unkg/graph/resolution/ga/80/9/en> {
  id:resolution\\/ga\\/80\\/9 a unkg:Document, unkg:Resolution ; unkg:symbol "A/RES/80/9" ; unkg:number "80/9" ;
      unkg:expression id:resolution\\/ga\\/80\\/9\\/en ; unkg:title "Trafficking in persons"@en ;
      unkg:body id:body\\/ga ; unkg:adoptedOn "2025-11-20"^^xsd:date ; unkg:session id:session\\/ga\\/80 ;
      unkg:considersAgendaItem id:session\\/ga\\/80\\/item\\/27, id:session\\/ga\\/80\\/item\\/99-bb ;
      unkg:plenaryMeeting 50 ;
      unkg:cites id:resolution\\/ga\\/53\\/199, id:resolution\\/ctoc-cop\\/8\\/4, id:convention\\/untoc\\/article\\/32 ;
      unkg:citation id:resolution\\/ga\\/80\\/9\\/cite\\/1 .
  id:resolution\\/ga\\/80\\/9\\/en a unkg:Expression ; unkg:language "en"^^xsd:language .
  id:session\\/ga\\/80 a unkg:Session ; unkg:ordinal 80 .
  id:session\\/ga\\/80\\/item\\/27 a unkg:AgendaItem ; unkg:itemNumber "27" .
  id:session\\/ga\\/80\\/item\\/99-bb a unkg:AgendaItem ; unkg:itemNumber "99 (bb)" .
  id:resolution\\/ga\\/53\\/199 a unkg:Resolution ; unkg:number "53/199" ; unkg:cites id:resolution\\/ga\\/40\\/1 .
  id:resolution\\/ga\\/40\\/1 a unkg:Resolution ; unkg:number "40/1" .
  id:resolution\\/ctoc-cop\\/8\\/4 a unkg:Resolution ; unkg:number "8/4" .
  id:convention\\/untoc\\/article\\/32 a unkg:Article ; unkg:convention id:convention\\/untoc ; unkg:number 32 .
  id:resolution\\/ga\\/80\\/9\\/cite\\/1 a unkg:Citation ; unkg:citedResource id:convention\\/untoc\\/article\\/32 ;
      unkg:inParagraph id:resolution\\/ga\\/80\\/9\\/op\\/2 .
  id:resolution\\/ga\\/80\\/9\\/pp\\/1 a unkg:Paragraph ; unkg:inDocument id:resolution\\/ga\\/80\\/9 ; unkg:paragraphNumber 1 ;
      unkg:paragraphKind id:concept\\/paragraph-kind\\/preambular ; unkg:verb "recalling" ; unkg:text "Recalling its resolution 53/199,"@en .
  id:resolution\\/ga\\/80\\/9\\/pp\\/2 a unkg:Paragraph ; unkg:inDocument id:resolution\\/ga\\/80\\/9 ; unkg:paragraphNumber 2 ;
      unkg:paragraphKind id:concept\\/paragraph-kind\\/preambular ; unkg:verb "noting" ; unkg:text "Noting with concern …"@en .
  id:resolution\\/ga\\/80\\/9\\/op\\/1 a unkg:Paragraph ; unkg:inDocument id:resolution\\/ga\\/80\\/9 ; unkg:paragraphNumber 1 ;
      unkg:paragraphKind id:concept\\/paragraph-kind\\/operative ; unkg:verb "urges" ; unkg:text "Urges Member States …"@en .
  id:resolution\\/ga\\/80\\/9\\/op\\/2 a unkg:Paragraph ; unkg:inDocument id:resolution\\/ga\\/80\\/9 ; unkg:paragraphNumber 2 ;
      unkg:paragraphKind id:concept\\/paragraph-kind\\/operative ; unkg:verb "requests" ;
      unkg:text "Requests the Secretary-General, in line with article 32 of the Convention: …"@en .
  id:resolution\\/ga\\/80\\/9\\/op\\/2\\/a a unkg:Paragraph ; unkg:inDocument id:resolution\\/ga\\/80\\/9 ;
      unkg:subParagraphOf id:resolution\\/ga\\/80\\/9\\/op\\/2 ; unkg:subParagraphLetter "a" ;
      unkg:paragraphKind id:concept\\/paragraph-kind\\/operative ; unkg:text "(a) to report …"@en .
}
"""


@pytest.fixture(scope="module")
def graph_store():
    ds = Dataset()
    ds.parse(data=GRAPH, format="trig")
    store = OxigraphStore()
    store.replace_graphs({str(g.identifier): list(g) for g in ds.graphs() if len(g)})
    yield store
    store.close()


def rows(result, *columns):
    """Rows as tuples of plain strings ('' for unbound), for the columns named (default: all)."""
    idx = [result.variables.index(c) for c in columns] if columns else range(len(result.variables))
    return [tuple("" if r[i] is None else str(r[i]) for i in idx) for r in result.rows]


def select_variables(text: str) -> list[str]:
    body = re.sub(r"#[^\n]*", "", text)
    m = re.search(r"SELECT\s+(?:DISTINCT\s+)?(.*?)\s+WHERE", body, flags=re.S | re.I)
    return re.findall(r"\?(\w+)", m.group(1))


# --- headers ---------------------------------------------------------------------------

def test_required_queries_exist_with_their_exact_columns():
    names = {q.name for q in list_queries()}
    assert set(REQUIRED_COLUMNS) <= names
    for name, columns in REQUIRED_COLUMNS.items():
        if columns:
            assert load(name).columns == [c.strip() for c in columns.split(",")], name


@pytest.mark.parametrize("query", ALL, ids=lambda q: q.name)
def test_header_is_complete_and_matches_the_select(query):
    assert query.title and query.question.endswith("?"), query.name
    # the SELECT projects the columns, in order, and may add variables that parameters bind
    # (so that the embedded store can substitute them; run_named leaves them out)
    selected = select_variables(query.text)
    assert [v for v in selected if v in query.columns] == query.columns
    assert set(selected) - set(query.columns) <= {p.variable for p in query.params}, query.name
    assert selected[:len(query.columns)] == query.columns, "the columns come first"
    for p in query.params:
        assert p.type in PARAM_TYPES and p.description
        if p.column:
            assert p.column in query.columns, f"{query.name}: {p.name} compares an unknown column"
        else:
            # the parameter's variable is bound inside the WHERE clause (so the VALUES join filters)
            assert re.search(rf"\?{p.variable}\b", query.text), f"{query.name}: {p.name} binds ?{p.variable}, unused"


SUBSTITUTED = [(q, p) for q in ALL for p in q.params
               if p.column is None and substitutable(q.text, [p.variable])]


def test_the_fast_parameters_are_substituted():
    """The parameters the queries were written to substitute (docs/queries.md)."""
    got = {(q.name, p.name) for q, p in SUBSTITUTED}
    assert {("state-participation", "state"), ("state-participation", "status"), ("state-participation", "meeting"),
            ("resolution-paragraphs", "resolution"), ("resolution-paragraphs", "kind"),
            ("citations", "document"), ("speakers", "meeting"), ("recommendations", "document"),
            ("speakers", "state"), ("speakers", "role"), ("recommendations", "article"), ("meetings", "body"),
            ("article-history", "article"), ("resolutions", "session")} <= got


@pytest.mark.parametrize("query,param", SUBSTITUTED, ids=lambda x: getattr(x, "name", ""))
def test_a_substituted_parameter_gives_the_rows_of_a_trailing_values(graph_store, query, param):
    everything = graph_store.select(query.text)
    values = sorted({r[everything.variables.index(param.variable)] for r in everything.rows} - {None}, key=str)[:4]
    assert values, f"{query.name}: no value of ?{param.variable} in the test graph"
    for value in values + [Literal("absent"), URIRef("http://example.org/absent")]:
        got = graph_store.select(query.text, {param.variable: value})
        want = graph_store.select(bind_values(query.text, {param.variable: value}))
        assert got.variables == want.variables and got.rows == want.rows, (query.name, param.name, value)


def _subjects(node, out):
    """The subjects of every triple pattern of a query's algebra, sub-selects included."""
    if isinstance(node, dict):
        for triple in node.get("triples") or ():
            out.add(triple[0])
        for value in node.values():
            _subjects(value, out)
    elif isinstance(node, (list, tuple)):
        for value in node:
            _subjects(value, out)
    return out


LITERAL_PARAMS = [(q, p) for q in ALL for p in q.params if p.column is None and p.type != "iri"]


@pytest.mark.parametrize("query,param", LITERAL_PARAMS, ids=lambda x: getattr(x, "name", ""))
def test_a_literal_parameter_never_binds_a_subject(query, param):
    """A parameter whose value is a literal (a number, a code, a symbol) binds a variable that no
    triple pattern has as its subject: a SPARQL server may push the bound value into every
    position of the variable, and Virtuoso then fails on a number in a subject ("Unsupported
    case in CONVERT (INTEGER -> IRI_ID)"), as `resolutions` by session once did."""
    from rdflib.plugins.sparql import prepareQuery
    from rdflib.term import Variable

    subjects = _subjects(prepareQuery(query.text).algebra, set())
    assert Variable(param.variable) not in subjects, f"{query.name}: ?{param.variable} is a subject"


NARROWING = [(q, p) for q in ALL for p in q.params if p.narrow]


def test_the_symbol_parameters_narrow_to_their_document_and_a_name_to_its_person():
    assert {(q.name, p.name, p.narrow) for q, p in NARROWING} == {
        ("documents", "symbol", ("document", "symbol")), ("resolutions", "symbol", ("resolution", "symbol")),
        ("resolution-paragraphs", "symbol", ("resolution", "symbol")), ("speakers", "name", ("person", "name"))}


@pytest.mark.parametrize("query,param", NARROWING, ids=lambda x: getattr(x, "name", ""))
def test_a_narrowing_parameter_gives_the_rows_of_its_plain_binding(graph_store, query, param):
    """The rows found from the looked-up document or person are those of the trailing VALUES
    alone, for every value of the column in the test graph, a value that names nothing, and a
    value stored as a string with a language tag (found by its string, as STR() compares it)."""
    from unkg.querylib import _columns

    tagged = URIRef(B + "id/resolution/ga/80/99")
    person, said = URIRef(B + "id/person/ana-silva"), URIRef(B + "id/meeting/ctoc-cop-wg2/9/participation/ana-silva/1")
    rdf_type = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    graph_store.replace_graph(B + "graph/tagged", [
        (person, rdf_type, URIRef(ONT + "Person")), (person, URIRef(ONT + "name"), Literal("Ana Silva", lang="es")),
        (said, rdf_type, URIRef(ONT + "Participation")), (said, URIRef(ONT + "participant"), person),
        (said, URIRef(ONT + "atMeeting"), URIRef(B + "id/meeting/ctoc-cop-wg2/9")),
        (said, URIRef(ONT + "role"), URIRef(B + "id/concept/role/speaker")),
        (tagged, URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"), URIRef(ONT + "Resolution")),
        (tagged, URIRef(ONT + "symbol"), Literal("A/RES/80/99", lang="en")),
        (tagged, URIRef(ONT + "number"), Literal("80/99")),
        (tagged, URIRef(ONT + "expression"), URIRef(B + "id/resolution/ga/80/99/en")),
        (URIRef(B + "id/resolution/ga/80/99/en"), URIRef(ONT + "language"), Literal("en", datatype=XSD.language)),
        (URIRef(B + "id/resolution/ga/80/99/en"), URIRef(ONT + "realizes"), tagged)])
    try:
        symbols = sorted({str(r[0]) for r in graph_store.select(
            f"SELECT DISTINCT ?v WHERE {{ ?s <{ONT}{param.narrow[1]}> ?v }}").rows})
        assert len(symbols) >= 2, f"{query.name}: too few values in the test graph"
        extra = {"symbol": ["A/RES/80/99", "A/RES/1/1"], "string": ["Ana Silva", "Nobody Here"]}[param.type]
        assert extra[0] in symbols                      # the value stored with a language tag
        for value in symbols + extra[1:]:
            got = run_named(graph_store, query.name, {param.name: value})
            want = _columns(query, graph_store.select(bind_values(query.text, {param.variable: Literal(value)})))
            assert got.variables == want.variables and got.rows == want.rows, (query.name, value)
    finally:
        graph_store.drop_graph(B + "graph/tagged")


LOOKUPS = [(q, p) for q in ALL for p in q.params if p.lookup]


def test_the_lookup_parameters_are_those_measured_faster_so():
    """docs/performance.md, "Lookups by the other parameters": each was measured at 1,000 and
    10,000 documents with and without its sub-selects."""
    assert {(q.name, p.name) for q, p in LOOKUPS} == {
        ("documents", "symbol"), ("recommendations", "article"), ("recommendations", "document"),
        ("state-participation", "state"), ("state-participation", "meeting"), ("resolutions", "symbol")}


@pytest.mark.parametrize("query,param", LOOKUPS, ids=lambda x: getattr(x, "name", ""))
def test_a_lookup_parameter_gives_the_rows_of_the_query_as_written(graph_store, query, param):
    """Run with plain patterns for its sub-selects, the query gives, for every value of the
    parameter's variable in the test graph and one that no row has, the rows of its own text."""
    from unkg.querylib import _columns, text_for
    from unkg.store.query_text import inline_subselects

    assert text_for(query, {param.name: Literal("x")}) == inline_subselects(query.text) != query.text
    assert text_for(query, {}) == query.text
    listing = graph_store.select(query.text)
    column = param.variable if param.variable in listing.variables else param.name
    values = {r[listing.variables.index(column)] for r in listing.rows} - {None}
    assert values, f"{query.name}: no value of ?{column} in the test graph"
    absent = {"iri": B + "id/absent", "int": "9999", "iso3": "ZZZ", "symbol": "A/RES/1/1"}[param.type]
    for value in sorted(values, key=str) + [absent]:
        got = run_named(graph_store, query.name, {param.name: str(value)})
        want = _columns(query, graph_store.select(bind_values(query.text, {param.variable: to_term(param, str(value))})))
        assert got.rows == want.rows, (query.name, value)


@pytest.mark.parametrize("query", ALL, ids=lambda q: q.name)
def test_query_runs_on_an_empty_store(query):
    with OxigraphStore() as store:
        result = run_named(store, query.name, {})
    assert result.variables == query.columns and result.rows == []


def test_qc_queries_are_separate_from_the_research_queries():
    assert all(q.name.startswith("qc/") for q in list_qc_queries())
    assert len(list_qc_queries()) >= 8
    assert not any("/" in q.name for q in list_queries())


@pytest.mark.parametrize("line", [
    '#+ param: article integer "x"',          # unknown type
    '#+ param: article int',                  # no description
    '#+ param: article int "x" colour=red',   # unknown option
    '#+ param: article int "x" default=abc',  # default of the wrong type
    '#+ param: symbol symbol "x" narrow=document',         # narrow= without a property
    '#+ param: from date "x" min=adopted narrow=document:date',  # a range parameter cannot narrow
    '#+ param: from date "x" min=adopted lookup',            # … nor be a lookup
    '#+ param: document iri "x" lookup=yes',                 # lookup takes no value
    '#+ colour: blue',                        # unknown key
])
def test_malformed_header_is_refused(line):
    with pytest.raises(QueryError):
        parse_header("bad", line + "\nSELECT * WHERE { }")


def test_a_narrowing_query_declares_its_columns():
    text = '#+ param: symbol symbol "x" bind=symbolKey narrow=document:symbol\nSELECT ?document WHERE { }'
    with pytest.raises(QueryError, match="declares its columns"):
        parse_header("bad", text)
    assert parse_header("good", "#+ columns: document\n" + text).param("symbol").narrow == ("document", "symbol")


def test_unknown_query_name_is_not_found():
    with pytest.raises(NotFound, match="unkg queries"):
        load("no-such-query")
    with pytest.raises(NotFound):
        load("../pyproject")


# --- parameters ------------------------------------------------------------------------

def test_parameters_become_typed_rdf_terms():
    terms = bind_params(load("recommendations"), {"article": "23", "addressee": "UNODC", "from": "2016-10-01",
                                                  "document": REPORT, "lang": "fr"})
    assert terms["article"] == Literal(23) and terms["article"].datatype == XSD.integer
    assert terms["from"].datatype == XSD.date and str(terms["from"]) == "2016-10-01"
    assert terms["document"] == URIRef(REPORT)
    assert terms["addressee"] == Literal("UNODC") and terms["lang"] == Literal("fr")
    assert bind_params(load("state-participation"), {"state": "fin"})["state"] == Literal("FIN")
    assert bind_params(load("article-history"), {})["convention"] == Literal("untoc")  # default


def test_unknown_parameter_is_refused():
    with pytest.raises(UsageError, match=r"no parameter 'articel'.*article"):
        bind_params(load("recommendations"), {"articel": "23"})


@pytest.mark.parametrize("query,param,value,expected", [
    ("recommendations", "article", "twenty-three", "int"),
    ("recommendations", "article", "23.5", "int"),
    ("recommendations", "from", "19/10/2016", "date"),
    ("recommendations", "from", "2016-02-30", "date"),
    ("recommendations", "document", "report 9", "iri"),
    ("recommendations", "document", "https://x/a>b", "iri"),
    ("recommendations", "addressee", "STATES PARTIES", "code"),
    ("speakers", "state", "Finland", "iso3"),
    ("lineage", "resolution", "8-4", "resolution"),
    ("resolutions", "symbol", "a/res 80", "symbol"),
    ("documents", "lang", "French", "lang"),
    ("speakers", "name", "line\nbreak", "string"),
])
def test_value_of_the_wrong_type_is_refused(query, param, value, expected):
    with pytest.raises(UsageError) as e:
        bind_params(load(query), {param: value})
    assert f"parameter {param!r} expects {expected}" in e.value.message
    assert "\n" not in e.value.message.replace(repr(value), "")


def test_hostile_value_is_bound_as_a_literal(graph_store, tmp_path):
    hostile = 'x" } ; DROP ALL ; SELECT * { ?s ?p ?o } # \' {} \\ <>'
    before = graph_store.count()
    # a query that returns its parameter: the value comes back unchanged, as one literal
    echo = tmp_path / "echo.rq"
    echo.write_text('#+ title: Echo\n#+ question: What was bound?\n#+ param: text string "any text"\n'
                    '#+ columns: text\nSELECT ?text WHERE { }\n')
    result = run_named(graph_store, query_from_source(str(echo)), {"text": hostile})
    assert result.rows == [(Literal(hostile),)]
    # in a named query it is just a name nobody has
    assert run_named(graph_store, "speakers", {"name": hostile}).rows == []
    assert graph_store.count() == before
    assert len(run_named(graph_store, "speakers", {}).rows) == 1


def test_parameters_are_only_for_queries_that_declare_them(tmp_path, graph_store):
    plain = tmp_path / "plain.rq"
    plain.write_text("SELECT ?s WHERE { ?s a <https://w3id.org/unkg/ontology#Meeting> }")
    assert "meeting/ctoc-cop-wg2/9" in run_cli_query(graph_store, None, str(plain), {}, "csv")
    with pytest.raises(UsageError, match="no parameter 'x'.*none"):
        run_cli_query(graph_store, None, str(plain), {"x": "1"}, "csv")


# --- the queries on a graph of the contract --------------------------------------------

def test_recommendations_one_row_per_article_and_addressee(graph_store):
    r = run_named(graph_store, "recommendations", {})
    assert r.variables == load("recommendations").columns
    assert rows(r, "number", "section", "articleNumber", "addresseeCode", "modality", "lang", "adopted", "endorsedBy") == [
        ("6", "II.A", "32", "STATES_PARTIES", "should", "fr", "2016-10-19", "8/4"),
        ("6", "II.A", "32", "UNODC", "should", "fr", "2016-10-19", "8/4"),
        ("11", "II.B", "23", "STATES", "should", "fr", "2016-10-19", "8/4"),
        ("16", "II.B", "23", "UNODC", "should", "fr", "2016-10-19", "8/4"),
    ]
    assert r.rows[2][r.variables.index("text")] == Literal("Les États devraient …", lang="fr")


def test_recommendations_filters(graph_store):
    number = lambda params: [x[0] for x in rows(run_named(graph_store, "recommendations", params), "number")]
    assert number({"article": "23"}) == ["11", "16"]
    assert number({"article": "6"}) == []
    assert number({"addressee": "UNODC"}) == ["6", "16"]
    assert number({"article": "32", "addressee": "UNODC"}) == ["6"]
    assert number({"from": "2016-10-19", "to": "2016-10-19"}) == ["6", "6", "11", "16"]
    assert number({"from": "2016-10-20"}) == []
    assert number({"to": "2016-10-18"}) == []
    assert number({"lang": "en"}) == []
    assert number({"document": REPORT, "lang": "fr", "article": "23"}) == ["11", "16"]
    assert number({"document": GA}) == []


def test_limit_truncates(graph_store):
    r = run_named(graph_store, "recommendations", {}, limit=2)
    assert len(r.rows) == 2 and r.truncated
    r = run_named(graph_store, "recommendations", {"from": "2016-01-01"}, limit=3)
    assert len(r.rows) == 3 and r.truncated


def test_speakers(graph_store):
    r = run_named(graph_store, "speakers", {})
    assert rows(r, "name", "honorific", "stateCode", "role", "agendaItem", "date") == [
        ("Virginia Prugh", "Ms.", "USA", "panellist", "2", "2016-10-17")]
    assert len(run_named(graph_store, "speakers", {"state": "USA"}).rows) == 1
    assert run_named(graph_store, "speakers", {"state": "FIN"}).rows == []
    assert len(run_named(graph_store, "speakers", {"role": "panellist", "name": "Virginia Prugh"}).rows) == 1


def test_state_participation(graph_store):
    r = run_named(graph_store, "state-participation", {})
    assert rows(r, "stateCode", "state", "status", "document") == [
        ("FIN", "Finland", "party", REPORT), ("JPN", "Japan", "signatory", REPORT)]
    assert rows(run_named(graph_store, "state-participation", {"status": "signatory"}), "stateCode") == [("JPN",)]
    assert rows(run_named(graph_store, "state-participation", {"state": "FIN", "status": "party"}), "stateCode") == [("FIN",)]
    assert run_named(graph_store, "state-participation", {"state": "FIN", "status": "signatory"}).rows == []


def test_citations(graph_store):
    r = run_named(graph_store, "citations", {"document": REPORT})
    assert rows(r, "kind", "label", "paragraph") == [
        ("article", "32", ""), ("convention", "convention/untoc", ""), ("decision", "2/6", ""),
        ("document", "CTOC/COP/WG.2/2016/1", ""), ("resolution", "7/1", REPORT + "/para/2"),
        ("resolution", "8/4", "")]
    assert rows(run_named(graph_store, "citations", {"kind": "resolution"}), "document", "label") == [
        (REPORT, "7/1"), (REPORT, "8/4"), (B + "id/resolution/ga/53/199", "40/1"), (GA, "53/199"), (GA, "8/4")]


def test_meetings(graph_store):
    r = run_named(graph_store, "meetings", {})
    assert rows(r) == [(B + "id/meeting/ctoc-cop-wg2/9", B + "id/body/ctoc-cop-wg2", "9", "Vienna",
                        "2016-10-17", "2016-10-19", "8")]
    assert run_named(graph_store, "meetings", {"body": B + "id/body/ga"}).rows == []


def test_documents(graph_store):
    r = run_named(graph_store, "documents", {})
    assert rows(r, "document", "symbol", "kind", "lang", "title", "date") == [
        (REPORT, "", "report", "fr", "Rapport", "2016-10-19"),
        (GA, "A/RES/80/9", "resolution", "en", "Trafficking in persons", "2025-11-20")]
    assert rows(run_named(graph_store, "documents", {"symbol": "A/RES/80/9"}), "document") == [(GA,)]
    assert rows(run_named(graph_store, "documents", {"kind": "report"}), "document") == [(REPORT,)]


def test_resolutions(graph_store):
    r = run_named(graph_store, "resolutions", {})
    assert rows(r, "number", "symbol", "adopted", "session", "agendaItem", "plenaryMeeting",
                "preambularCount", "operativeCount") == [
        ("80/9", "A/RES/80/9", "2025-11-20", "80", "27", "50", "2", "2"),
        ("80/9", "A/RES/80/9", "2025-11-20", "80", "99 (bb)", "50", "2", "2")]
    assert len(run_named(graph_store, "resolutions", {"session": "80", "from": "2025-01-01"}).rows) == 2
    assert run_named(graph_store, "resolutions", {"session": "79"}).rows == []
    assert run_named(graph_store, "resolutions", {"to": "2025-11-19"}).rows == []


def test_resolutions_without_a_stored_session(tmp_path):
    """A resolution the graph gives no session (loaded as RDF: ingest writes the session of every
    General Assembly resolution): listed without one, its paragraphs counted, and not found by
    session; the column and the parameter agree."""
    ttl = """
    @prefix unkg: <https://w3id.org/unkg/ontology#> .
    @prefix id: <https://w3id.org/unkg/id/> .
    @prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
    id:resolution\\/ga\\/79\\/3 a unkg:Resolution ; unkg:number "79/3" ; unkg:symbol "A/RES/79/3" ;
        unkg:expression id:resolution\\/ga\\/79\\/3\\/en .
    id:resolution\\/ga\\/79\\/3\\/en a unkg:Expression ; unkg:language "en"^^xsd:language ;
        unkg:realizes id:resolution\\/ga\\/79\\/3 .
    id:resolution\\/ga\\/79\\/3\\/op\\/1 a unkg:Paragraph ; unkg:inDocument id:resolution\\/ga\\/79\\/3 ;
        unkg:paragraphKind id:concept\\/paragraph-kind\\/operative .
    id:concept\\/paragraph-kind\\/operative unkg:code "operative" .
    id:resolution\\/ga\\/79\\/4 a unkg:Resolution ; unkg:number "79/4" ; unkg:symbol "A/RES/79/4" ;
        unkg:session id:session\\/ga\\/79 ; unkg:expression id:resolution\\/ga\\/79\\/4\\/en .
    id:session\\/ga\\/79 unkg:ordinal 79 .
    id:resolution\\/ga\\/79\\/4\\/en a unkg:Expression ; unkg:language "en"^^xsd:language ;
        unkg:realizes id:resolution\\/ga\\/79\\/4 .
    """
    from rdflib import Graph
    store = OxigraphStore(str(tmp_path / "store"))
    try:
        store.replace_graphs({"https://w3id.org/unkg/graph/test": list(Graph().parse(data=ttl, format="turtle"))})
        r = run_named(store, "resolutions", {})
        assert rows(r, "symbol", "session", "operativeCount") == [("A/RES/79/3", "", "1"), ("A/RES/79/4", "79", "0")]
        assert rows(run_named(store, "resolutions", {"session": "79"}), "symbol") == [("A/RES/79/4",)]
    finally:
        store.close()


def test_resolution_paragraphs(graph_store):
    r = run_named(graph_store, "resolution-paragraphs", {"resolution": "80/9"})
    assert rows(r, "kind", "number", "verb") == [
        ("preambular", "1", "recalling"), ("preambular", "2", "noting"),
        ("operative", "1", "urges"), ("operative", "2", "requests")]
    assert rows(run_named(graph_store, "resolution-paragraphs", {"verb": "requests"}), "number") == [("2",)]
    assert run_named(graph_store, "resolution-paragraphs", {"resolution": "8/4"}).rows == []


def test_article_history(graph_store):
    r = run_named(graph_store, "article-history", {"article": "32"})
    assert rows(r, "articleNumber", "date", "kind", "label") == [
        ("32", "2016-10-17", "meeting", "9"),
        ("32", "2016-10-19", "recommendation", "6"),
        ("32", "2025-11-20", "resolution-paragraph", "operative 2")]
    r = run_named(graph_store, "article-history", {"article": "23"})
    assert rows(r, "kind", "label") == [("meeting", "9"), ("recommendation", "11"), ("recommendation", "16")]
    assert run_named(graph_store, "article-history", {"article": "23", "convention": "cac"}).rows == []


def test_lineage(graph_store):
    r = run_named(graph_store, "lineage", {"resolution": "8/4"})
    assert rows(r, "direction", "depth", "relation", "label", "kind") == [
        ("back", "1", "endorses", "report/ctoc-cop-wg2/9", "report"),
        ("back", "2", "recalls", "convention/untoc", "convention"),
        ("back", "2", "recalls", "2/6", "decision"),
        ("back", "2", "recalls", "CTOC/COP/WG.2/2016/1", "document"),
        ("back", "2", "recalls", "7/1", "resolution"),
        ("forward", "1", "recalls", "report/ctoc-cop-wg2/9", "report"),
        ("forward", "1", "recalls", "80/9", "resolution"),
    ]
    r = run_named(graph_store, "lineage", {"resolution": "80/9", "direction": "back"})
    assert rows(r, "depth", "label") == [("1", "53/199"), ("1", "8/4"), ("2", "report/ctoc-cop-wg2/9"), ("2", "40/1"),
                                         ("3", "convention/untoc"), ("3", "2/6"), ("3", "CTOC/COP/WG.2/2016/1"),
                                         ("3", "7/1")]
    r = run_named(graph_store, "lineage", {"resolution": "40/1"})
    assert rows(r, "direction", "depth", "label") == [("forward", "1", "53/199"), ("forward", "2", "80/9")]


@pytest.mark.parametrize("query", list_qc_queries(), ids=lambda q: q.name)
def test_qc_queries_pass_on_a_graph_of_the_contract(graph_store, query):
    assert run_named(graph_store, query.name, {}).rows == []


def test_qc_queries_find_what_they_guard():
    ns = "https://w3id.org/unkg/ontology#"
    a = URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    bad = [
        (URIRef(B + "id/r/1"), a, URIRef(ns + "Recommendation")),          # no addressee, number, document
        (URIRef(B + "id/p/1"), a, URIRef(ns + "Paragraph")),               # no text, no document
        (URIRef(B + "id/m/1"), a, URIRef(ns + "Meeting")),                 # nothing
        (URIRef(B + "id/x/1"), a, URIRef(ns + "Participation")),           # no meeting, no role
        (URIRef(B + "id/d/1"), URIRef(ns + "cites"), URIRef(B + "id/what")),  # cites an untyped, unlabelled node
    ]
    with OxigraphStore() as store:
        store.replace_graph(B + "graph/bad", bad)
        found = {q.name: rows(run_named(store, q.name, {})) for q in list_qc_queries()}
    assert found["qc/recommendation-without-addressee"] == [(B + "id/r/1", "")]
    assert found["qc/recommendation-without-number"] == [(B + "id/r/1", "inDocument"), (B + "id/r/1", "paragraphNumber")]
    assert found["qc/paragraph-without-text"] == [(B + "id/p/1", "inDocument"), (B + "id/p/1", "text")]
    assert [p for _, p in found["qc/meeting-without-dates"]] == ["no body", "no end date", "no ordinal", "no start date"]
    assert [p for _, p in found["qc/participation-without-role"]] == ["no meeting", "no role of the contract"]
    assert found["qc/cited-resource-without-kind"] == [(B + "id/d/1", B + "id/what")]
    assert found["qc/cited-resource-without-label"] == [(B + "id/d/1", B + "id/what")]


# --- the command line -----------------------------------------------------------------

@pytest.fixture(scope="module")
def cli_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("querystore") / "store"
    ds = Dataset()
    ds.parse(data=GRAPH, format="trig")
    with OxigraphStore(path) as store:
        store.replace_graphs({str(g.identifier): list(g) for g in ds.graphs() if len(g)})
    return path


def test_cli_runs_a_named_query_with_parameters(cli_store):
    p = run_unkg("query", "recommendations", "--param", "article=23", "--format", "csv", store=cli_store)
    assert p.returncode == 0, p.stderr
    lines = p.stdout.splitlines()
    assert lines[0] == REQUIRED_COLUMNS["recommendations"].replace(", ", ",")
    assert [line.split(",")[2] for line in lines[1:]] == ["11", "16"]
    p = run_unkg("query", "speakers", "--format", "json", store=cli_store)
    doc = json.loads(p.stdout)
    assert doc["head"]["vars"] == load("speakers").columns
    assert doc["results"]["bindings"][0]["stateCode"] == {"type": "literal", "value": "USA"}


def test_cli_refuses_a_bad_parameter_in_one_line(cli_store):
    p = run_unkg("query", "recommendations", "--param", "article=abc", store=cli_store)
    assert p.returncode == 2 and "article" in p.stderr and "int" in p.stderr
    assert len(p.stderr.strip().splitlines()) == 1
    p = run_unkg("query", "recommendations", "--param", "colour=red", store=cli_store)
    assert p.returncode == 2 and "colour" in p.stderr and len(p.stderr.strip().splitlines()) == 1


def test_cli_lists_the_queries():
    p = run_unkg("queries")
    assert p.returncode == 0
    for name in REQUIRED_COLUMNS:
        assert re.search(rf"^{re.escape(name)}\s", p.stdout, flags=re.M), name


def test_docs_describe_every_query():
    from .conftest import ROOT

    doc = (ROOT / "docs" / "queries.md").read_text(encoding="utf-8")
    for q in ALL:
        assert f"`{q.name}`" in doc, q.name
        assert q.question in doc, q.name
