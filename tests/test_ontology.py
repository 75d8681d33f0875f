"""The ontology: parses, declares every term of unkg.vocab with labels, and is consistent under HermiT."""
from __future__ import annotations

import shutil

import pytest
from rdflib import OWL, RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, SKOS

from unkg.reference import ontology_graph
from unkg.resources import artifact_dir
from unkg.vocab import ONTOLOGY_IRI, PREFIXES, UNKG

ONTOLOGY = URIRef(ONTOLOGY_IRI)
NS = str(UNKG._NS)
KINDS = {OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty}


@pytest.fixture(scope="module")
def core() -> Graph:
    g = Graph()
    g.parse(artifact_dir("ontology") / "unkg.ttl", format="turtle")
    return g


@pytest.fixture(scope="module")
def full() -> Graph:
    return ontology_graph()


def test_ontology_header(core):
    assert (ONTOLOGY, RDF.type, OWL.Ontology) in core
    version_iri = core.value(ONTOLOGY, OWL.versionIRI)
    assert version_iri is not None and str(version_iri).startswith(ONTOLOGY_IRI + "/")
    assert core.value(ONTOLOGY, OWL.versionInfo) is not None
    assert core.value(ONTOLOGY, DCTERMS.license) is not None


def test_every_vocab_term_is_declared_and_every_declared_term_is_in_vocab(core):
    vocab = {NS + name for name in UNKG.__annotations__}
    declared = {str(s) for kind in KINDS for s in core.subjects(RDF.type, kind) if str(s).startswith(NS)}
    assert vocab - declared == set(), "terms of unkg/vocab.py missing from ontology/unkg.ttl"
    assert declared - vocab == set(), "terms of ontology/unkg.ttl missing from unkg/vocab.py"


def test_classes_are_capitalised_and_properties_are_not(core):
    for s in core.subjects(RDF.type, OWL.Class):
        if str(s).startswith(NS):
            assert str(s)[len(NS)].isupper(), s
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for s in core.subjects(RDF.type, kind):
            assert str(s)[len(NS)].islower(), s


@pytest.mark.parametrize("name", sorted(UNKG.__annotations__))
def test_every_term_has_english_and_french_labels_and_an_english_definition(core, name):
    term = URIRef(NS + name)
    labels = {lit.language: str(lit) for lit in core.objects(term, RDFS.label) if isinstance(lit, Literal)}
    assert labels.get("en"), f"{name}: no English rdfs:label"
    assert labels.get("fr"), f"{name}: no French rdfs:label"
    definitions = [lit for lit in core.objects(term, SKOS.definition) if lit.language == "en"]
    assert len(definitions) == 1 and len(definitions[0]) > 20, f"{name}: no English skos:definition"


def test_domains_and_ranges_name_declared_terms(core):
    for prop in (RDFS.domain, RDFS.range):
        for s, o in core.subject_objects(prop):
            if str(o).startswith(NS):
                assert (o, RDF.type, OWL.Class) in core, f"{s} {prop} {o}: undeclared class"


def test_alignments_reach_every_standard_vocabulary(full):
    targets = {str(o) for p in (RDFS.subClassOf, RDFS.subPropertyOf, OWL.equivalentClass, SKOS.closeMatch)
               for s, o in full.subject_objects(p) if str(s).startswith(NS)}
    for prefix in ("undo", "allot", "eli", "eli-dl", "org", "foaf", "dcterms", "skos", "prov", "oa", "time"):
        assert any(t.startswith(PREFIXES[prefix]) for t in targets), f"no alignment to {prefix}: {PREFIXES[prefix]}"
    # every external term used in an alignment is declared (OWL 2 DL needs the kind of each entity)
    for p in (RDFS.subClassOf, RDFS.subPropertyOf):
        for s, o in full.subject_objects(p):
            assert any((o, RDF.type, k) in full for k in KINDS), f"{o} is used in an alignment but not declared"


@pytest.fixture(scope="module")
def owl_world(full, tmp_path_factory):
    owlready2 = pytest.importorskip("owlready2")
    path = tmp_path_factory.mktemp("ontology") / "unkg.nt"
    full.serialize(path, format="nt", encoding="utf-8")
    world = owlready2.World()
    onto = world.get_ontology(path.as_uri()).load()
    return owlready2, world, onto


def test_loads_in_owlready2(owl_world):
    _, world, onto = owl_world
    names = {c.iri for c in world.classes()}
    assert NS + "Recommendation" in names and NS + "Participation" in names
    assert world[NS + "WorkingGroup"] in world[NS + "SubsidiaryBody"].descendants()


def test_consistent_under_hermit(owl_world):
    if shutil.which("java") is None:
        pytest.skip("HermiT needs Java: install a JRE (scripts/system-deps.sh installs default-jre-headless)")
    owlready2, world, onto = owl_world
    with onto:
        owlready2.sync_reasoner_hermit(world, infer_property_values=False, debug=0)
    assert list(world.inconsistent_classes()) == []
    # the reasoner did reason: a working group is a PROV/FOAF agent through Body ⊑ Organization ⊑ Agent
    foaf_agent = world["http://xmlns.com/foaf/0.1/Agent"]
    assert foaf_agent in world[NS + "WorkingGroup"].ancestors()
