"""A small graph written to the contract of ontology/MODEL.md, for the service tests.

It holds what the REST collections, linked-data pages and graph API read: a report with
paragraphs, recommendations (article, addressee, modality, endorsement), mentions with
character spans, a meeting, States, resolution 8/4 and a GA resolution with a symbol.
Built with the Minter, so its IRIs are those ingest mints. No tests here.
"""
from __future__ import annotations

from rdflib import BNode, Graph, Literal, URIRef
from rdflib.namespace import RDF, RDFS, SKOS, XSD

from unkg.identifiers import Minter
from unkg.vocab import UNKG

M = Minter()
REPORT = M.document("CTOC/COP/WG.2/2016/4")
REPORT_FR = M.expression(REPORT, "fr")
REPORT_GRAPH = M.graph(REPORT_FR)
GA = M.document("A/RES/80/10")
GA_EN = M.expression(GA, "en")
GA_GRAPH = M.graph(GA_EN)
RES_8_4 = M.resolution("ctoc-cop", "8/4")
MEETING = M.meeting("ctoc-cop-wg2", 9)
FIN = M.state("FIN")
USA = M.state("USA")
ART_23 = M.article("untoc", 23)
STATES = M.concept("addressee", "STATES")
UNODC = M.organization("unodc")
SHOULD = M.concept("modality", "should")
ESCAPED = M.concept("modality", "should consider")          # minted with a percent-escape
FORMULA_TITLE = "=HYPERLINK(\"http://evil.example\")"

PARA_TEXTS = {
    11: "Les États parties devraient envisager de renforcer la coopération, comme la Finlande l'a proposé.",
    12: "L'ONUDC devrait continuer à aider les États parties à appliquer l'article 23.",
}


def _span(text: str, exact: str) -> tuple[int, int]:
    start = text.index(exact)
    return start, start + len(exact)


def report_graph() -> Graph:
    g = Graph()
    a = lambda s, o: g.add((s, RDF.type, o))
    a(REPORT, UNKG.Document)
    a(REPORT, UNKG.Report)
    g.add((REPORT, UNKG.symbol, Literal("CTOC/COP/WG.2/2016/4")))
    g.add((REPORT, UNKG.title, Literal("Rapport sur la réunion du Groupe de travail", lang="fr")))
    g.add((REPORT, UNKG.expression, REPORT_FR))
    g.add((REPORT, UNKG.adoptedOn, Literal("2016-10-19", datatype=XSD.date)))
    g.add((REPORT, UNKG.cites, RES_8_4))
    g.add((REPORT, UNKG.cites, ART_23))
    a(REPORT_FR, UNKG.Expression)
    g.add((REPORT_FR, UNKG.realizes, REPORT))
    g.add((REPORT_FR, UNKG.language, Literal("fr")))
    g.add((REPORT_FR, UNKG.sourceFile, Literal("report.txt")))
    for n, text in PARA_TEXTS.items():
        para = M.paragraph(REPORT, n)
        rec = M.recommendation(REPORT, n)
        a(para, UNKG.Paragraph)
        g.add((para, UNKG.inDocument, REPORT))
        g.add((para, UNKG.paragraphNumber, Literal(n)))
        g.add((para, UNKG.text, Literal(text, lang="fr")))
        a(rec, UNKG.Recommendation)
        g.add((rec, UNKG.derivedFrom, para))
        g.add((rec, UNKG.inDocument, REPORT))
        g.add((rec, UNKG.paragraphNumber, Literal(n)))
        g.add((rec, UNKG.concernsArticle, ART_23))
        g.add((rec, UNKG.modality, SHOULD))
        g.add((rec, UNKG.adoptedOn, Literal("2016-10-19", datatype=XSD.date)))
        g.add((rec, UNKG.adoptedAt, MEETING))
        g.add((rec, UNKG.endorsedBy, RES_8_4))
        q = BNode()
        g.add((rec, UNKG.qualifiedEndorsement, q))
        a(q, UNKG.Endorsement)
        g.add((q, UNKG.endorsingResolution, RES_8_4))
        g.add((q, UNKG.asAmended, Literal(True)))
    g.add((M.recommendation(REPORT, 11), UNKG.addressedTo, STATES))
    g.add((M.recommendation(REPORT, 12), UNKG.addressedTo, UNODC))
    # mentions with spans into the French text
    for i, (n, exact, target) in enumerate([(11, "Finlande", FIN), (11, "États parties", STATES), (12, "ONUDC", UNODC)], 1):
        m = URIRef(f"{M.paragraph(REPORT, n)}/m/{i}")
        start, end = _span(PARA_TEXTS[n], exact)
        a(m, UNKG.Mention)
        g.add((m, UNKG.mentionOf, target))
        g.add((m, UNKG.inParagraph, M.paragraph(REPORT, n)))
        g.add((m, UNKG.inExpression, REPORT_FR))
        g.add((m, UNKG.spanStart, Literal(start)))
        g.add((m, UNKG.spanEnd, Literal(end)))
        g.add((m, UNKG.exact, Literal(exact)))
    a(RES_8_4, UNKG.Resolution)
    g.add((RES_8_4, UNKG.number, Literal("8/4")))
    g.add((RES_8_4, UNKG.body, M.body("ctoc-cop")))
    a(MEETING, UNKG.Meeting)
    g.add((MEETING, UNKG.meetingOf, M.body("ctoc-cop-wg2")))
    g.add((MEETING, UNKG.ordinal, Literal(9)))
    g.add((MEETING, UNKG.startDate, Literal("2016-10-17", datatype=XSD.date)))
    g.add((MEETING, UNKG.endDate, Literal("2016-10-19", datatype=XSD.date)))
    part = URIRef(f"{MEETING}/participation/FIN")
    a(part, UNKG.Participation)
    g.add((part, UNKG.atMeeting, MEETING))
    g.add((part, UNKG.participant, FIN))
    g.add((part, UNKG.derivedFrom, M.paragraph(REPORT, 11)))
    return g


def ga_graph() -> Graph:
    g = Graph()
    g.add((GA, RDF.type, UNKG.Document))
    g.add((GA, RDF.type, UNKG.Resolution))
    g.add((GA, UNKG.symbol, Literal("A/RES/80/10")))
    g.add((GA, UNKG.number, Literal("80/10")))
    g.add((GA, UNKG.body, M.body("ga")))
    g.add((GA, UNKG.title, Literal(FORMULA_TITLE, lang="en")))
    g.add((GA, UNKG.adoptedOn, Literal("2025-11-26", datatype=XSD.date)))
    g.add((GA, UNKG.expression, GA_EN))
    g.add((GA_EN, RDF.type, UNKG.Expression))
    g.add((GA_EN, UNKG.realizes, GA))
    g.add((GA_EN, UNKG.language, Literal("en")))
    g.add((GA, UNKG.cites, RES_8_4))
    return g


def reference_graph() -> Graph:
    g = Graph()
    for iri, en, fr, iso in ((FIN, "Finland", "Finlande", "FIN"), (USA, "United States of America", "États-Unis", "USA")):
        g.add((iri, RDF.type, UNKG.State))
        g.add((iri, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((iri, SKOS.prefLabel, Literal(fr, lang="fr")))
        g.add((iri, UNKG.iso3, Literal(iso)))
    g.add((STATES, RDF.type, UNKG.AddresseeCategory))
    g.add((STATES, UNKG.code, Literal("STATES")))
    g.add((STATES, SKOS.prefLabel, Literal("States", lang="en")))
    g.add((UNODC, RDF.type, UNKG.Organization))
    g.add((UNODC, UNKG.code, Literal("UNODC")))
    g.add((UNODC, SKOS.prefLabel, Literal("UNODC", lang="en")))
    g.add((SHOULD, UNKG.code, Literal("should")))
    g.add((ESCAPED, UNKG.code, Literal("should consider")))
    g.add((ART_23, RDF.type, UNKG.Article))
    g.add((ART_23, UNKG.number, Literal(23)))
    g.add((ART_23, UNKG.convention, M.convention("untoc")))
    g.add((ART_23, RDFS.label, Literal("Article 23 (obstruction of justice)", lang="en")))
    return g


def ontology_graph() -> Graph:
    g = Graph()
    g.add((URIRef("https://w3id.org/unkg/ontology"), RDFS.label, Literal("unkg ontology", lang="en")))
    from rdflib.namespace import OWL

    g.add((UNKG.Recommendation, RDF.type, OWL.Class))
    g.add((UNKG.Recommendation, RDFS.label, Literal("Recommendation", lang="en")))
    g.add((UNKG.addressedTo, RDF.type, OWL.ObjectProperty))
    g.add((UNKG.addressedTo, RDFS.label, Literal("addressed to", lang="en")))
    return g


def fixture_graphs() -> dict[str, Graph]:
    return {str(REPORT_GRAPH): report_graph(), str(GA_GRAPH): ga_graph(),
            str(M.reference_graph): reference_graph(), str(M.ontology_graph): ontology_graph()}


def build_store(path) -> None:
    """Write the fixture graphs into an on-disk store at `path`."""
    from unkg.config import Settings
    from unkg.store import open_store

    with open_store(Settings.from_env({}, store=str(path))) as store:
        store.replace_graphs(fixture_graphs())


# --- shared fixtures (imported by the service test modules) ---------------------------

import pytest


@pytest.fixture(scope="session")
def api_store(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "store"
    build_store(path)
    return path


def make_client(store_path, **settings):
    from fastapi.testclient import TestClient

    from unkg.api.app import create_app
    from unkg.config import Settings

    app = create_app(Settings.from_env({}, store=str(store_path), **settings), query_workers=1)
    return TestClient(app, raise_server_exceptions=False)


@pytest.fixture(scope="session")
def api_client(api_store):
    """The service over the fixture graph, with the default limits."""
    with make_client(api_store) as client:
        yield client


@pytest.fixture(scope="session")
def strict_client(api_store):
    """The service with small limits: 3 rows, 2 s per query, 2000 bytes of query."""
    with make_client(api_store, max_rows=3, query_timeout=2.0, max_query_bytes=2000) as client:
        yield client
