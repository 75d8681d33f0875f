"""The reference graph: conventions and their articles, bodies, States and concept schemes."""
from __future__ import annotations

import pytest
from rdflib import OWL, RDF, RDFS, Literal, URIRef
from rdflib.namespace import SKOS

from unkg.identifiers import Minter
from unkg.reference import catalogue, ontology_graph, reference_graphs
from unkg.vocab import UNKG

M = Minter()


@pytest.fixture(scope="module")
def ref():
    graphs = reference_graphs(M)
    assert set(graphs) == {M.ontology_graph, M.reference_graph}
    return graphs[M.reference_graph]


@pytest.mark.parametrize("slug,kind,articles", [
    ("untoc", UNKG.Convention, 41), ("uncac", UNKG.Convention, 71),
    ("untoc-tip", UNKG.Protocol, 20), ("untoc-som", UNKG.Protocol, 25), ("untoc-firearms", UNKG.Protocol, 21),
])
def test_instruments_have_every_article(ref, slug, kind, articles):
    node = M.convention(slug)
    assert (node, RDF.type, kind) in ref
    numbers = sorted(int(ref.value(a, UNKG.number)) for a in ref.objects(node, UNKG.hasArticle))
    assert numbers == list(range(1, articles + 1))
    assert (M.article(slug, articles + 1), RDF.type, UNKG.Article) not in ref
    if kind == UNKG.Protocol:
        assert ref.value(node, UNKG.supplements) == M.convention("untoc")


@pytest.mark.parametrize("slug,n,en,fr", [
    ("untoc", 6, "Criminalization of the laundering of proceeds of crime", "Incrimination du blanchiment du produit du crime"),
    ("untoc", 23, "Criminalization of obstruction of justice", "Incrimination de l'entrave au bon fonctionnement de la justice"),
    ("untoc", 32, "Conference of the Parties to the Convention", "Conférence des Parties à la Convention"),
    ("uncac", 25, "Obstruction of justice", "Entrave au bon fonctionnement de la justice"),
    ("uncac", 71, "Depositary and languages", "Dépositaire et langues"),
])
def test_article_titles_in_english_and_french(ref, slug, n, en, fr):
    titles = {t.language: str(t) for t in ref.objects(M.article(slug, n), UNKG.title)}
    assert titles == {"en": en, "fr": fr}


def test_every_untoc_article_has_both_titles_and_every_uncac_article_an_english_one(ref):
    for n in range(1, 42):
        assert {t.language for t in ref.objects(M.article("untoc", n), UNKG.title)} == {"en", "fr"}, n
    for n in range(1, 72):
        assert "en" in {t.language for t in ref.objects(M.article("uncac", n), UNKG.title)}, n


def test_working_group_on_technical_assistance(ref):
    wg2 = M.body("ctoc-cop-wg2")
    assert (wg2, RDF.type, UNKG.WorkingGroup) in ref
    assert ref.value(wg2, UNKG.subsidiaryOf) == M.body("ctoc-cop")
    assert ref.value(wg2, UNKG.establishedBy) == M.decision("ctoc-cop", "2/6")
    assert ref.value(wg2, UNKG.madePermanentBy) == M.decision("ctoc-cop", "4/3")
    assert ref.value(wg2, UNKG.code) == Literal("WORKING_GROUP")
    assert Literal("Working Group of Government Experts on Technical Assistance", lang="en") in set(ref.objects(wg2, SKOS.prefLabel))
    assert Literal("Working Group on International Cooperation", lang="en") in set(ref.objects(M.body("ctoc-cop-wg3"), SKOS.prefLabel))
    assert ref.value(M.body("ctoc-cop"), UNKG.code) == Literal("CONFERENCE")
    assert ref.value(M.organization("unodc"), UNKG.code) == Literal("UNODC")
    assert ref.value(M.organization("secretariat"), UNKG.code) == Literal("SECRETARIAT")
    assert {str(l) for l in ref.objects(M.place("vienna"), RDFS.label)} >= {"Vienna", "Vienne", "Viena"}


def test_states(ref):
    states = set(ref.subjects(RDF.type, UNKG.State))
    assert len(states) == 197
    iran = M.state("IRN")
    assert ref.value(iran, UNKG.iso2) == Literal("IR") and ref.value(iran, UNKG.m49) == Literal("364")
    assert {l.language for l in ref.objects(iran, SKOS.prefLabel)} == {"en", "fr", "es", "ru", "zh", "ar"}
    assert Literal("République islamique d'Iran", lang="fr") in set(ref.objects(iran, SKOS.altLabel))
    assert Literal("Turkey", lang="en") in set(ref.objects(M.state("TUR"), SKOS.altLabel))
    assert ref.value(M.state("AFG"), UNKG.m49) == Literal("004")


@pytest.mark.parametrize("scheme,codes", [
    ("addressee", {"STATES", "STATES_PARTIES", "SIGNATORY_STATES", "OTHER"}),
    ("participation-status", {"party", "signatory", "observer", "member"}),
    ("paragraph-kind", {"preambular", "operative", "narrative"}),
])
def test_concept_schemes(ref, scheme, codes):
    concepts = set(ref.objects(M.scheme(scheme), SKOS.hasTopConcept))
    assert {str(ref.value(c, UNKG.code)) for c in concepts} == codes
    for c in concepts:
        assert (c, SKOS.inScheme, M.scheme(scheme)) in ref


def test_modality_and_role_codes_of_the_model_exist(ref):
    for code in ("recalls", "should", "should_consider", "recommends", "encouraged", "decides", "requests",
                 "invites", "urges", "encourages", "notes", "welcomes", "reaffirms"):
        assert (M.concept("modality", code), RDF.type, UNKG.Modality) in ref, code
    for code in ("chair", "panellist", "moderator", "speaker"):
        assert (M.concept("role", code), RDF.type, UNKG.Role) in ref, code


def test_every_class_and_property_used_is_declared_in_the_ontology(ref):
    onto = ontology_graph()
    ns = str(UNKG._NS)
    for cls in set(ref.objects(None, RDF.type)):
        if str(cls).startswith(ns):
            assert (cls, RDF.type, OWL.Class) in onto, cls
    for p in set(ref.predicates()):
        if str(p).startswith(ns):
            assert any((p, RDF.type, k) in onto for k in (OWL.ObjectProperty, OWL.DatatypeProperty)), p
    for d in ref.objects(None, UNKG.adoptedOn):
        assert d.datatype == URIRef("http://www.w3.org/2001/XMLSchema#date")


def test_reference_graph_follows_the_base_iri():
    graphs = reference_graphs(Minter("http://example.org/kg/"))
    ref = graphs[URIRef("http://example.org/kg/graph/reference")]
    assert (URIRef("http://example.org/kg/id/state/FIN"), RDF.type, UNKG.State) in ref


@pytest.mark.parametrize("lookup,name,slug", [
    (catalogue.instrument_slug, "la Convention contre la criminalité organisée", "untoc"),
    (catalogue.instrument_slug, "United Nations Convention against Corruption", "uncac"),
    (catalogue.instrument_slug, "Trafficking in Persons Protocol", "untoc-tip"),
    (catalogue.body_slug, "Groupe de travail sur la coopération internationale", "ctoc-cop-wg3"),
    (catalogue.body_slug, "Conférence des Parties", "ctoc-cop"),
    (catalogue.organization_slug, "ONUDC", "unodc"),
    (catalogue.organization_slug, "Groupe d’action financière", "fatf"),
    (catalogue.place_slug, "Vienne", "vienna"),
    (catalogue.place_slug, "Nueva York", "new-york"),
    (catalogue.place_slug, "Paris", None),
])
def test_catalogue_lookups(lookup, name, slug):
    assert lookup(name) == slug


def test_reference_graph_states_the_fingerprint_of_its_sources(ref):
    from rdflib import OWL

    from unkg.reference import reference_version

    stated = ref.value(M.reference_graph, OWL.versionInfo)
    assert stated == Literal(reference_version()) and len(str(stated)) == 16
