"""The reference meeting report (French, text from the UN PDF) against a hand-verified
expectation: every recommendation, State, panellist, sitting, citation, annexed document
and meeting fact, compared as exact sets."""
from __future__ import annotations

import datetime as dt

import pytest
from rdflib import Literal, URIRef
from rdflib.compare import isomorphic

from unkg.identifiers import Minter
from unkg.ingest.extract import extract
from unkg.ingest.reader import read_source
from unkg.vocab import PREFIXES

B = "https://w3id.org/unkg/"
WORK = URIRef(B + "id/report/ctoc-cop-wg2/9")
MEETING = URIRef(B + "id/meeting/ctoc-cop-wg2/9")
PREFIX = "\n".join(f"PREFIX {k}: <{v}>" for k, v in PREFIXES.items())

# hand-verified against the text (and the corpus README): number → (section, articles, addressees, modality)
RECOMMENDATIONS = {
    5: ("II.A", {32}, {"STATES_PARTIES"}, "recalls"),
    6: ("II.A", {32}, {"STATES_PARTIES", "UNODC"}, "should"),
    7: ("II.A", {32}, {"STATES"}, "should_consider"),
    8: ("II.A", {32}, {"STATES"}, "should_consider"),
    9: ("II.A", {32}, {"WORKING_GROUP", "STATES", "UNODC"}, "recommends"),
    10: ("II.A", {32}, {"UNODC"}, "should"),
    11: ("II.B", {23}, {"STATES"}, "should"),
    12: ("II.B", {23}, {"STATES"}, "should"),
    13: ("II.B", {23}, {"STATES"}, "should_consider"),
    14: ("II.B", {23}, {"STATES"}, "should"),
    15: ("II.B", {23}, {"STATES"}, "should_consider"),
    16: ("II.B", {23}, {"UNODC"}, "should"),
    17: ("II.C", {6}, {"STATES"}, "should"),
    18: ("II.C", {6}, {"STATES"}, "should"),
    19: ("II.C", {6}, {"STATES"}, "should_consider"),
    20: ("II.C", {6}, {"STATES"}, "should_consider"),
    21: ("II.C", {6}, {"STATES"}, "should_consider"),
    22: ("II.C", {6}, {"STATES"}, "should_consider"),
    23: ("II.C", {6}, {"STATES"}, "should_consider"),
}
STATES = {("FIN", "party"), ("CAN", "party"), ("USA", "party"), ("NLD", "party"), ("ROU", "party"),
          ("CHN", "party"), ("PHL", "party"), ("AUS", "party"), ("MEX", "party"), ("MAR", "party"),
          ("JPN", "signatory"), ("IRN", "signatory")}
PANELLISTS = {("Virginia Prugh", "Ms.", "USA", "panellist", "2"),
              ("Andreas Schloenhardt", "Mr.", "AUS", "panellist", "3"),
              ("Matthew Taylor", "Mr.", "CAN", "panellist", "3"),
              ("Chatchom Akapin", "Mr.", "THA", "panellist", "3"),
              ("Mei-Lin Wang", "Ms.", "AUS", "panellist", "4"),
              ("Rafael Edmundo Mateos Poumián", "Mr.", "MEX", "panellist", "4")}
SITTINGS = {(1, "2016-10-17", frozenset({"2", "3"})), (2, "2016-10-18", frozenset({"3", "4", "5"})),
            (3, "2016-10-19", frozenset())}
ANNEX = {("CTOC/COP/WG.2/2016/1", "1 (b)", "Ordre du jour provisoire annoté"),
         ("CTOC/COP/WG.2/2016/2", "2", "Document d’information établi par le Secrétariat sur la situation quant aux "
          "informations communiquées par les États parties et signataires au sujet de l’application de la Convention "
          "des Nations Unies contre la criminalité transnationale organisée et des Protocoles s’y rapportant"),
         ("CTOC/COP/WG.2/2016/3", "3", "Document d’information établi par le Secrétariat sur le recensement des "
          "besoins d’assistance technique et des bonnes pratiques en matière d’incrimination de l’entrave au bon "
          "fonctionnement de la justice (art. 23)"),
         ("CTOC/COP/WG.2/2016/4", "4", "Document d’information établi par le Secrétariat sur le recensement des "
          "besoins d’assistance technique et des bonnes pratiques en matière d’incrimination du blanchiment du "
          "produit du crime (art. 6)")}


@pytest.fixture(scope="session")
def report(reference_report):
    return extract(read_source(reference_report), Minter())


def rows(doc, query: str) -> set[tuple]:
    return {tuple(None if x is None else str(x) for x in r) for r in doc.graph.query(PREFIX + query)}


def test_it_is_read_as_the_report_of_the_ninth_meeting(report):
    assert report.kind == "report"
    assert report.lang == "fr"
    assert report.work == WORK
    assert report.expression == URIRef(str(WORK) + "/fr")
    assert report.graph_iri == URIRef(B + "graph/report/ctoc-cop-wg2/9/fr")
    assert report.warnings == []


def test_recommendations_5_to_23_with_section_article_addressees_modality(report):
    got = {}
    for n, sec, art, code, mod in rows(report, """
        SELECT ?n ?sec ?art ?code ?mod WHERE {
          ?r a unkg:Recommendation ; unkg:paragraphNumber ?n ; unkg:inSection/unkg:sectionNumber ?sec ;
             unkg:concernsArticle/unkg:number ?art ; unkg:addressedTo/unkg:code ?code ; unkg:modality/unkg:code ?mod }"""):
        entry = got.setdefault(int(n), (sec, set(), set(), set()))
        entry[1].add(int(art))
        entry[2].add(code)
        entry[3].add(mod)
    assert set(got) == set(range(5, 24))
    assert {n: (s, a, c, next(iter(m))) for n, (s, a, c, m) in got.items()} == RECOMMENDATIONS
    assert all(len(m) == 1 for *_, m in got.values())


def test_recommendations_are_derived_from_their_paragraph_and_adopted_and_endorsed(report):
    got = rows(report, """
        SELECT ?n ?para ?on ?at ?res ?amended WHERE {
          ?r a unkg:Recommendation ; unkg:paragraphNumber ?n ; unkg:derivedFrom ?para ; unkg:adoptedOn ?on ;
             unkg:adoptedAt ?at ; unkg:endorsedBy ?res ;
             unkg:qualifiedEndorsement [ a unkg:Endorsement ; unkg:endorsingResolution ?res ; unkg:asAmended ?amended ] }""")
    assert got == {(str(n), f"{WORK}/para/{n}", "2016-10-19", str(MEETING), B + "id/resolution/ctoc-cop/8/4", "true")
                   for n in range(5, 24)}


def test_recommendation_6_concerns_paragraphs_4_and_5_of_article_32(report):
    got = rows(report, "SELECT ?r ?ap WHERE { ?r unkg:concernsArticleParagraph ?ap }")
    assert got == {(f"{WORK}/rec/6", B + "id/convention/untoc/article/32/para/4"),
                   (f"{WORK}/rec/6", B + "id/convention/untoc/article/32/para/5")}


def test_sections_and_the_articles_they_concern(report):
    got = rows(report, """SELECT ?num ?art WHERE { ?s a unkg:Section ; unkg:sectionNumber ?num ;
                          unkg:concernsArticle/unkg:number ?art }""")
    assert got == {("II.A", "32"), ("II.B", "23"), ("II.C", "6"), ("IV.B", "23"), ("IV.C", "6")}
    numbers = {r[0] for r in rows(report, "SELECT ?n WHERE { ?s a unkg:Section ; unkg:sectionNumber ?n }")}
    assert numbers == {"I", "II", "II.A", "II.B", "II.C", "III", "III.A", "III.B", "IV", "IV.A", "IV.B", "IV.C",
                       "IV.D", "V", "annex"}


def test_the_twelve_states_and_their_status(report):
    got = rows(report, """SELECT ?iso ?status WHERE { ?p a unkg:Participation ; unkg:atMeeting ?m ;
        unkg:participant [ a unkg:State ; unkg:iso3 ?iso ] ; unkg:participationStatus/unkg:code ?status }""")
    assert got == STATES


def test_the_six_panellists_with_state_and_agenda_item(report):
    got = rows(report, """SELECT ?name ?hon ?iso ?role ?item WHERE {
        ?p a unkg:Participation ; unkg:participant ?x ; unkg:role/unkg:code ?role ;
           unkg:inTheNameOf/unkg:iso3 ?iso ; unkg:onAgendaItem/unkg:itemNumber ?item .
        ?x a unkg:Person ; unkg:name ?name ; unkg:honorific ?hon ; unkg:representsState/unkg:iso3 ?iso }""")
    assert got == PANELLISTS


def test_the_sittings_with_dates_and_agenda_items(report):
    got = {}
    for o, d, item in rows(report, """SELECT ?o ?d ?item WHERE { ?s a unkg:Sitting ; unkg:partOfMeeting ?m ;
                                       unkg:ordinal ?o ; unkg:date ?d OPTIONAL { ?s unkg:considersAgendaItem/unkg:itemNumber ?item } }"""):
        got.setdefault((int(o), d), set())
        if item:
            got[(int(o), d)].add(item)
    assert {(o, d, frozenset(i)) for (o, d), i in got.items()} == SITTINGS


def test_the_meeting_place_dates_ordinal_session_and_body(report):
    got = rows(report, f"""SELECT ?ord ?place ?start ?end ?session ?body WHERE {{
        <{MEETING}> a unkg:Meeting ; unkg:ordinal ?ord ; unkg:heldIn ?place ; unkg:startDate ?start ;
          unkg:endDate ?end ; unkg:duringSession ?session ; unkg:meetingOf ?body }}""")
    assert got == {("9", B + "id/place/vienna", "2016-10-17", "2016-10-19", B + "id/session/ctoc-cop/8",
                    B + "id/body/ctoc-cop-wg2")}
    assert rows(report, f"SELECT ?o WHERE {{ <{B}id/session/ctoc-cop/8> unkg:ordinal ?o ; unkg:meetingOf <{B}id/body/ctoc-cop> }}") == {("8",)}
    body = rows(report, f"SELECT ?e ?p WHERE {{ <{B}id/body/ctoc-cop-wg2> unkg:establishedBy ?e ; unkg:madePermanentBy ?p ; unkg:subsidiaryOf <{B}id/body/ctoc-cop> }}")
    assert body == {(B + "id/decision/ctoc-cop/2/6", B + "id/decision/ctoc-cop/4/3")}
    assert rows(report, f"SELECT ?l WHERE {{ <{B}id/place/vienna> rdfs:label ?l }}") == {("Vienne",)}
    assert rows(report, f"SELECT ?d WHERE {{ <{WORK}> unkg:adoptedOn ?d }}") == {("2016-10-19",)}


def test_citations_by_kind(report):
    cited = rows(report, f"SELECT ?x ?c WHERE {{ <{WORK}> unkg:cites ?x . ?x a ?c }}")
    by_kind: dict[str, set[str]] = {}
    for x, c in cited:
        by_kind.setdefault(c.rsplit("#", 1)[-1], set()).add(x[len(B):])
    assert by_kind == {
        "Resolution": {"id/resolution/ctoc-cop/7/1", "id/resolution/ctoc-cop/7/3", "id/resolution/ctoc-cop/8/4"},
        "Decision": {"id/decision/ctoc-cop/2/6", "id/decision/ctoc-cop/4/3"},
        "Article": {"id/convention/untoc/article/6", "id/convention/untoc/article/23", "id/convention/untoc/article/32"},
        "ArticleParagraph": {"id/convention/untoc/article/32/para/4", "id/convention/untoc/article/32/para/5"},
        "Document": {f"id/doc/CTOC/COP/WG.2/2016/{n}" for n in (1, 2, 3, 4)},
        "Convention": {"id/convention/untoc"},
        "Protocol": {"id/convention/untoc-tip", "id/convention/untoc-som", "id/convention/untoc-firearms"},
    }


def test_resolution_titles_are_kept_with_their_citation(report):
    got = rows(report, """SELECT ?n ?para ?title WHERE { ?c a unkg:Citation ; unkg:citedResource ?r ;
                          unkg:inParagraph ?para ; unkg:title ?title . ?r unkg:number ?n }""")
    t71 = ("Renforcement de l’application de la Convention des Nations Unies contre la criminalité "
           "transnationale organisée et des Protocoles s’y rapportant")
    t73 = ("Application des dispositions de la Convention des Nations Unies contre la criminalité "
           "transnationale organisée relatives à l’assistance technique")
    assert got == {("7/1", f"{WORK}/para/2", t71), ("7/1", f"{WORK}/para/31", t71),
                   ("7/3", f"{WORK}/para/3", t73), ("8/4", f"{WORK}/para/4", t73)}


def test_the_four_annexed_documents(report):
    got = rows(report, f"""SELECT ?sym ?item ?title WHERE {{ ?d unkg:listedInAnnexOf <{WORK}> ; unkg:symbol ?sym ;
                            unkg:considersAgendaItem/unkg:itemNumber ?item ; unkg:title ?title }}""")
    assert got == ANNEX


def test_paragraphs_are_the_41_numbered_ones_with_clean_text(report):
    got = rows(report, f"""SELECT ?n ?text WHERE {{ ?p a unkg:Paragraph ; unkg:inDocument <{WORK}> ;
                            unkg:paragraphNumber ?n ; unkg:text ?text FILTER(STRSTARTS(STR(?p), "{WORK}/para/")) }}""")
    texts = {int(n): t for n, t in got}
    assert set(texts) == set(range(1, 42))
    # superscripts joined, footnote call and footnote block cut out, hyphenated compound rejoined
    assert texts[24].endswith("qui a été adopté à la 1re séance.")
    assert "Mme Virginia Prugh (États-Unis)" in texts[29]
    assert "L’intervenante et d’autres orateurs ont insisté" in texts[30]
    assert "CTOC/COP/WG.2/2016/1" not in texts[30]
    assert "sociétés-écrans" in texts[37]
    assert "ce type d’acte" in texts[34]
    assert texts[11].endswith("le stade préparatoire aux procès.")
    assert texts[12].startswith("Les États devraient combiner")


def test_the_footnote_hangs_off_the_paragraph_that_calls_it(report):
    got = rows(report, "SELECT ?p ?fn ?n ?t WHERE { ?p unkg:footnote ?fn . ?fn a unkg:Footnote ; unkg:paragraphNumber ?n ; unkg:text ?t }")
    assert got == {(f"{WORK}/para/24", f"{WORK}/fn/1", "1", "CTOC/COP/WG.2/2016/1.")}


def test_every_mention_points_at_its_exact_text(report):
    g = report.graph
    got = rows(report, """SELECT ?m ?para ?s ?e ?exact ?text ?what WHERE { ?m a unkg:Mention ; unkg:inParagraph ?para ;
        unkg:inExpression ?x ; unkg:spanStart ?s ; unkg:spanEnd ?e ; unkg:exact ?exact ; unkg:mentionOf ?what .
        ?para unkg:text ?text }""")
    assert len(got) > 100
    for m, para, s, e, exact, text, what in got:
        assert text[int(s):int(e)] == exact, m
        assert (URIRef(what), URIRef(PREFIXES["unkg"] + "derivedFrom"), URIRef(para)) in g
    finland = {(r[0], r[1]) for r in rows(report, f"""SELECT ?para ?exact WHERE {{ ?m unkg:mentionOf <{B}id/state/FIN> ;
                                               unkg:inParagraph ?para ; unkg:exact ?exact }}""")}
    assert finland == {(f"{WORK}/para/25", "Finlande")}


def test_extraction_is_deterministic(report, reference_report):
    again = extract(read_source(reference_report), Minter())
    assert again.graph_iri == report.graph_iri
    assert len(again.graph) == len(report.graph)
    assert isomorphic(again.graph, report.graph)


def test_document_and_expression_metadata(report, reference_report):
    got = rows(report, f"""SELECT ?lang ?file ?hash WHERE {{ <{WORK}> a unkg:Document, unkg:Report ;
        unkg:expression ?x . ?x a unkg:Expression ; unkg:realizes <{WORK}> ; unkg:language ?lang ;
        unkg:sourceFile ?file ; unkg:contentHash ?hash }}""")
    import hashlib

    assert got == {("fr", reference_report.name, hashlib.sha256(reference_report.read_bytes()).hexdigest())}
    assert report.graph.value(MEETING, URIRef(PREFIXES["unkg"] + "startDate")) == Literal(dt.date(2016, 10, 17))
