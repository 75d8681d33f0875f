"""The repairs of the PDF text layer and the structure read from it, on small texts that
show one artefact each; and the participants' forms a report may use."""
from __future__ import annotations

from rdflib import URIRef

from unkg.identifiers import Minter
from unkg.ingest.extract import extract
from unkg.ingest.reader import read_source
from unkg.ingest.structure import parse
from unkg.ingest.tables import load_table
from unkg.ingest.text import clean, sentence_spans
from unkg.vocab import PREFIXES

FR = load_table("fr")
UNKG = PREFIXES["unkg"]


def structure(text: str):
    return parse(clean(text, FR), FR)


def test_superscripts_on_their_own_line_are_joined():
    st = structure("1. À sa 1\n\nre\n\n séance, tenue le 17 octobre, M\n\nme\n\n Virginia Prugh a parlé.\n")
    assert st.paragraphs[0].text == "À sa 1re séance, tenue le 17 octobre, Mme Virginia Prugh a parlé."


def test_a_footnote_block_in_mid_text_is_cut_out_and_kept():
    st = structure("1. L’intervenante a fait un exposé2. L’intervenante et\n\n__________________\n\n"
                   " 2  CTOC/COP/WG.2/2016/1.\n\n 3  Voir la résolution 7/1.\n d’autres orateurs ont parlé.\n")
    assert st.paragraphs[0].text == "L’intervenante a fait un exposé2. L’intervenante et d’autres orateurs ont parlé."
    assert st.footnotes == {2: "CTOC/COP/WG.2/2016/1.", 3: "Voir la résolution 7/1."}


def test_a_paragraph_number_glued_to_the_previous_line_starts_the_next_paragraph():
    st = structure("1. Les États devraient agir.\n2. Les États devraient aussi agir. 3. L’ONUDC devrait aider.\n")
    assert [(p.number, p.text) for p in st.paragraphs] == [
        (1, "Les États devraient agir."), (2, "Les États devraient aussi agir."), (3, "L’ONUDC devrait aider.")]


def test_numbers_out_of_sequence_are_text_not_paragraphs():
    st = structure("1. Le Groupe a examiné les chapitres\n3. à 5. du rapport.\n2. Autre paragraphe.\n")
    assert [p.number for p in st.paragraphs] == [1, 2]
    assert st.paragraphs[0].text == "Le Groupe a examiné les chapitres 3. à 5. du rapport."


def test_page_headers_dotted_leaders_and_hyphenation():
    st = structure("Table des matières\nI. Introduction ........................ 3\n"
                   " I. Introduction\n1. Les sociétés -\nécrans et la coopé-\nration internationale\n"
                   "V.16-07958 (F)\n2/7\nsont examinées .\n")
    assert [c.title for c in st.chapters] == ["Introduction"]
    assert st.paragraphs[0].text == "Les sociétés-écrans et la coopération internationale sont examinées."


def test_chapters_sections_with_titles_over_several_lines():
    st = structure(" II. Recommandations\n A. Recensement des besoins d’assistance\ntechnique (article 23)\n"
                   "1. Les États devraient agir.\n B. Autres questions\n2. Rien.\n")
    assert [(s.chapter, s.letter, s.title) for s in st.sections] == [
        ("II", "A", "Recensement des besoins d’assistance technique (article 23)"), ("II", "B", "Autres questions")]
    assert st.chapters[0].kind == "recommendations"
    assert [(p.number, p.section.letter) for p in st.paragraphs] == [(1, "A"), (2, "B")]


def test_sub_paragraphs_in_sequence():
    st = structure("1. Les États devraient: a) désigner un point de contact; b) fournir des informations;\n"
                   "c) coopérer.\n")
    assert st.paragraphs[0].subparagraphs == [("a", "désigner un point de contact"),
                                              ("b", "fournir des informations"), ("c", "coopérer.")]


def test_sentences_do_not_end_after_an_honorific_or_an_abbreviation():
    text = "Sous la conduite de M. Taylor (art. 23), MM. Akapin et Wang ont parlé. Puis la séance a été levée."
    assert [text[s:e] for s, e in sentence_spans(text)] == [
        "Sous la conduite de M. Taylor (art. 23), MM. Akapin et Wang ont parlé.", "Puis la séance a été levée."]


REPORT = """ I. Introduction
1. Le Groupe de travail d’experts gouvernementaux sur l’assistance technique a tenu sa
douzième réunion à Vienne, du 3 au 5 juin 2030.
 II. Organisation de la réunion
2. Des déclarations ont été faites par les représentants des États parties à la Convention
ci-après: Égypte (au nom du Groupe des 77 et de la Chine), Iran (République islamique d’)
et Finlande.
3. Des déclarations ont été faites par les observateurs des organisations
intergouvernementales ci-après: Union européenne.
4. Les États devraient: a) désigner un point de contact; b) fournir des informations.
5. La réunion a été présidée par Mme María García (Espagne).
"""


def test_groups_organisations_and_inverted_state_names(tmp_path):
    path = tmp_path / "r.txt"
    path.write_text(REPORT, encoding="utf-8")
    doc = extract(read_source(path), Minter())
    assert doc.kind == "report" and doc.warnings == []
    q = f"""PREFIX unkg: <{UNKG}> SELECT ?who ?status ?for WHERE {{ ?p a unkg:Participation ; unkg:participant ?who ;
            unkg:participationStatus/unkg:code ?status OPTIONAL {{ ?p unkg:inTheNameOf ?for }} }}"""
    b = "https://w3id.org/unkg/id/"
    got = {tuple(x if x is None or not str(x).startswith(b) else str(x)[len(b):] for x in map(lambda t: t and str(t), r))
           for r in doc.graph.query(q)}
    assert got == {("state/EGY", "party", "org/g77"), ("state/IRN", "party", None), ("state/FIN", "party", None),
                   ("org/eu", "observer", None)}
    assert (URIRef(b + "org/g77"), URIRef("http://www.w3.org/1999/02/22-rdf-syntax-ns#type"),
            URIRef(UNKG + "StateGroup")) in doc.graph
    chair = {tuple(map(str, r)) for r in doc.graph.query(f"""PREFIX unkg: <{UNKG}> SELECT ?name ?hon ?iso ?role WHERE {{
        ?p unkg:participant ?x ; unkg:role/unkg:code ?role ; unkg:inTheNameOf/unkg:iso3 ?iso .
        ?x unkg:name ?name ; unkg:honorific ?hon }}""")}
    assert chair == {("María García", "Ms.", "ESP", "chair")}
    sub = URIRef(str(doc.work) + "/para/4/b")
    assert str(doc.graph.value(sub, URIRef(UNKG + "text"))) == "fournir des informations."
    assert doc.graph.value(sub, URIRef(UNKG + "subParagraphOf")) == URIRef(str(doc.work) + "/para/4")


CITATIONS = """1. Recalling its resolutions 53/199 of 15 December 1998 and 61/185 of 20 December 2006,
the Conference noted article 18, paragraph 13, of the United Nations Convention against
Transnational Organized Crime and paragraphs 4 and 5 of article 32 (art. 23).

2. See document CTOC/COP/WG.2/2016/1 and the Protocols thereto.

3. General Assembly resolution 70/1, entitled “Transforming our world”, applies.
"""


def test_citations_in_a_generic_english_document(tmp_path):
    path = tmp_path / "c.txt"
    path.write_text(CITATIONS, encoding="utf-8")
    doc = extract(read_source(path), Minter())
    assert (doc.kind, doc.lang) == ("document", "en")
    b = "https://w3id.org/unkg/id/"
    q = f"""PREFIX unkg: <{UNKG}> SELECT ?x ?n ?t ?exact WHERE {{ ?c unkg:citedResource ?x ; unkg:inParagraph ?p .
            BIND(xsd:integer(REPLACE(STR(?p), "^.*/", "")) AS ?n) OPTIONAL {{ ?c unkg:title ?t }}
            ?m unkg:mentionOf ?x ; unkg:inParagraph ?p ; unkg:exact ?exact }}"""
    q = "PREFIX xsd: <http://www.w3.org/2001/XMLSchema#>\n" + q
    got = {(str(x)[len(b):], int(n), t and str(t), str(e)) for x, n, t, e in doc.graph.query(q)}
    assert got == {
        ("resolution/ga/53/199", 1, None, "resolutions 53/199"), ("resolution/ga/61/185", 1, None, "61/185"),
        ("convention/untoc/article/18", 1, None, "article 18, paragraph 13"),
        ("convention/untoc/article/18/para/13", 1, None, "article 18, paragraph 13"),
        ("convention/untoc/article/32", 1, None, "paragraphs 4 and 5 of article 32"),
        ("convention/untoc/article/32/para/4", 1, None, "paragraphs 4 and 5 of article 32"),
        ("convention/untoc/article/32/para/5", 1, None, "paragraphs 4 and 5 of article 32"),
        ("convention/untoc/article/23", 1, None, "art. 23"),
        ("convention/untoc", 1, None, "United Nations Convention against Transnational Organized Crime"),
        ("convention/untoc-tip", 2, None, "the Protocols thereto"),
        ("convention/untoc-som", 2, None, "the Protocols thereto"),
        ("convention/untoc-firearms", 2, None, "the Protocols thereto"),
        ("doc/CTOC/COP/WG.2/2016/1", 2, None, "CTOC/COP/WG.2/2016/1"),
        ("resolution/ga/70/1", 3, "Transforming our world", "resolution 70/1")}
    dates = {(str(s)[len(b):], str(o)) for s, o in doc.graph.subject_objects(URIRef(UNKG + "adoptedOn"))}
    assert dates == {("resolution/ga/53/199", "1998-12-15"), ("resolution/ga/61/185", "2006-12-20")}


VARIANTS_EN = """ I. Introduction
1. The Working Group on International Cooperation held its seventh meeting in Vienna on
19 October 2031.
 II. Recommendations
2. The following recommendations were adopted by the Working Group at its meeting held on
19 October 2031, which were endorsed, as amended, by the Conference in its resolution 11/2.
3. States parties should designate central authorities. The Secretariat is requested to assist.
4. Member States are encouraged to share good practices.
 III. Summary of deliberations
5. At its first meeting, held on 19 October 2031, the Working Group considered agenda item 2.
The discussion was moderated by the following panellists: Ana Lima (Brazil) and Kenji Sato (Japan).
The observers for the following signatory States also made statements: Japan.
"""


def test_english_phrasings_without_honorifics_and_a_one_day_meeting(tmp_path):
    path = tmp_path / "v.txt"
    path.write_text(VARIANTS_EN, encoding="utf-8")
    doc = extract(read_source(path), Minter())
    assert (doc.kind, str(doc.work)) == ("report", "https://w3id.org/unkg/id/report/ctoc-cop-wg3/7")
    p = f"PREFIX unkg: <{UNKG}> "
    g = doc.graph
    meeting = {tuple(map(str, r)) for r in g.query(p + "SELECT ?s ?e WHERE { ?m a unkg:Meeting ; unkg:startDate ?s ; unkg:endDate ?e }")}
    assert meeting == {("2031-10-19", "2031-10-19")}
    recs = {tuple(map(str, r)) for r in g.query(p + """SELECT ?n ?c ?mod ?res ?am WHERE { ?r a unkg:Recommendation ;
        unkg:paragraphNumber ?n ; unkg:addressedTo/unkg:code ?c ; unkg:modality/unkg:code ?mod ;
        unkg:endorsedBy/unkg:number ?res ; unkg:qualifiedEndorsement/unkg:asAmended ?am }""")}
    assert recs == {("3", "STATES_PARTIES", "should", "11/2", "true"), ("3", "SECRETARIAT", "should", "11/2", "true"),
                    ("4", "STATES", "encouraged", "11/2", "true")}
    people = {tuple(map(str, r)) for r in g.query(p + """SELECT ?name ?iso ?role ?item ?sit WHERE { ?x unkg:participant ?who ;
        unkg:inTheNameOf/unkg:iso3 ?iso ; unkg:role/unkg:code ?role ; unkg:onAgendaItem/unkg:itemNumber ?item ;
        unkg:atSitting/unkg:ordinal ?sit . ?who unkg:name ?name FILTER NOT EXISTS { ?who unkg:honorific ?h } }""")}
    assert people == {("Ana Lima", "BRA", "panellist", "2", "1"), ("Kenji Sato", "JPN", "panellist", "2", "1")}
    states = {tuple(map(str, r)) for r in g.query(p + """SELECT ?iso ?st WHERE { ?x unkg:participant/unkg:iso3 ?iso ;
        unkg:participationStatus/unkg:code ?st }""")}
    assert states == {("JPN", "signatory")}


def test_the_symbol_repeated_at_the_top_of_each_page_is_dropped():
    st = structure("CTOC/COP/WG.2/2016/5\nDistr. générale\n I. Introduction\n1. Le Groupe de travail a\n"
                   "CTOC/COP/WG.2/2016/5\ntenu sa réunion.\n")
    assert st.header == ["CTOC/COP/WG.2/2016/5", "Distr. générale"]
    assert st.paragraphs[0].text == "Le Groupe de travail a tenu sa réunion."


def test_pdf_page_furniture_of_a_un_headquarters_document():
    st = structure("United Nations  A/80/100 \n  \nGeneral Assembly \nDistr.: General \n18-17962 (E)    021118 \n"
                   "*1817962*\n I. Introduction \n1. The Working Group met \nA/80/100  \n \n18-17962 2/5 \nin Vienna.\n")
    assert st.paragraphs[0].text == "The Working Group met in Vienna."
