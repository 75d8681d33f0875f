"""Build the reference graph: instruments and their articles, bodies, organizations,
places, States and the SKOS concept schemes, with IRIs from unkg.identifiers.Minter."""
from __future__ import annotations

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SKOS, XSD

from ..identifiers import Minter
from ..vocab import UNKG
from . import catalogue
from .states import LANGUAGES, StateIndex


def _labels(g: Graph, node: URIRef, names: dict[str, str], alt: dict[str, tuple[str, ...]] | None = None) -> None:
    for lang, name in names.items():
        g.add((node, SKOS.prefLabel, Literal(name, lang=lang)))
        g.add((node, RDFS.label, Literal(name, lang=lang)))
    for lang, forms in (alt or {}).items():
        for form in forms:
            if form != names.get(lang):
                g.add((node, SKOS.altLabel, Literal(form, lang=lang)))


def add_instruments(g: Graph, minter: Minter) -> None:
    for inst in catalogue.instruments().values():
        node = minter.convention(inst.slug)
        g.add((node, RDF.type, UNKG[inst.kind]))
        _labels(g, node, inst.names, inst.short_names)
        for lang, name in inst.names.items():
            g.add((node, UNKG.title, Literal(name, lang=lang)))
        if inst.supplements:
            g.add((node, UNKG.supplements, minter.convention(inst.supplements)))
        if inst.adopted_on:
            g.add((node, UNKG.adoptedOn, Literal(inst.adopted_on, datatype=XSD.date)))
        if inst.adopted_by:
            g.add((node, UNKG.adoptedBy, minter.body(inst.adopted_by)))
        if inst.adopting_resolution and inst.adopted_by:
            g.add((node, UNKG.mandatedBy, minter.resolution(inst.adopted_by, inst.adopting_resolution)))
        short_en = (inst.short_names.get("en") or (inst.names["en"],))[0]
        short_fr = (inst.short_names.get("fr") or (inst.names.get("fr", inst.names["en"]),))[0]
        for n in range(1, inst.articles + 1):
            art = minter.article(inst.slug, n)
            g.add((art, RDF.type, UNKG.Article))
            g.add((node, UNKG.hasArticle, art))
            g.add((art, UNKG.convention, node))
            g.add((art, UNKG.number, Literal(n)))
            g.add((art, RDFS.label, Literal(f"{short_en}, article {n}", lang="en")))
            g.add((art, RDFS.label, Literal(f"{short_fr}, article {n}", lang="fr")))
            for lang, title in inst.titles.get(n, {}).items():
                g.add((art, UNKG.title, Literal(title, lang=lang)))
    # the adopting resolutions, as the documents that the conventions' mandatedBy names
    for inst in catalogue.instruments().values():
        if inst.adopting_resolution and inst.adopted_by:
            res = minter.resolution(inst.adopted_by, inst.adopting_resolution)
            g.add((res, RDF.type, UNKG.Document))
            g.add((res, RDF.type, UNKG.Resolution))
            g.add((res, UNKG.number, Literal(inst.adopting_resolution)))
            g.add((res, UNKG.body, minter.body(inst.adopted_by)))
            if inst.adopted_by == "ga":
                g.add((res, UNKG.symbol, Literal(f"A/RES/{inst.adopting_resolution}")))


def add_bodies(g: Graph, minter: Minter) -> None:
    for body in catalogue.bodies().values():
        node = minter.body(body.slug)
        g.add((node, RDF.type, UNKG[body.kind]))
        _labels(g, node, body.names, body.short_names)
        if body.code:
            g.add((node, UNKG.code, Literal(body.code)))
        if body.subsidiary_of:
            g.add((node, UNKG.subsidiaryOf, minter.body(body.subsidiary_of)))
        if body.convention:
            g.add((node, UNKG.convention, minter.convention(body.convention)))
        for prop, number in ((UNKG.establishedBy, body.established_by), (UNKG.madePermanentBy, body.made_permanent_by)):
            if number:
                parent = body.subsidiary_of or body.slug
                decision = minter.decision(parent, number)
                g.add((node, prop, decision))
                g.add((decision, RDF.type, UNKG.Document))
                g.add((decision, RDF.type, UNKG.Decision))
                g.add((decision, UNKG.number, Literal(number)))
                g.add((decision, UNKG.body, minter.body(parent)))
                g.add((decision, UNKG.adoptedBy, minter.body(parent)))
    for org in catalogue.organizations().values():
        node = minter.organization(org.slug)
        g.add((node, RDF.type, UNKG.Organization))
        _labels(g, node, org.names, org.short_names)
        if org.code:
            g.add((node, UNKG.code, Literal(org.code)))
    for place in catalogue.places().values():
        node = minter.place(place.slug)
        g.add((node, RDF.type, UNKG.Place))
        _labels(g, node, place.names)


def add_states(g: Graph, minter: Minter, index: StateIndex | None = None) -> None:
    for state in index or StateIndex.load():
        node = minter.state(state.iso3)
        g.add((node, RDF.type, UNKG.State))
        g.add((node, UNKG.iso3, Literal(state.iso3)))
        g.add((node, UNKG.iso2, Literal(state.iso2)))
        g.add((node, UNKG.m49, Literal(f"{state.m49:03d}")))
        for lang in LANGUAGES:
            name = state.names.get(lang)
            if name:
                g.add((node, SKOS.prefLabel, Literal(name, lang=lang)))
                g.add((node, RDFS.label, Literal(name, lang=lang)))
            for form in state.variants.get(lang, ()):
                if "’" not in form:       # the curly-apostrophe twin of a form is for matching only
                    g.add((node, SKOS.altLabel, Literal(form, lang=lang)))


def add_concepts(g: Graph, minter: Minter) -> None:
    for scheme in catalogue.schemes().values():
        scheme_node = minter.scheme(scheme.slug)
        g.add((scheme_node, RDF.type, SKOS.ConceptScheme))
        _labels(g, scheme_node, scheme.names)
        for code, labels in scheme.concepts.items():
            node = minter.concept(scheme.slug, code)
            g.add((node, RDF.type, SKOS.Concept))
            g.add((node, RDF.type, UNKG[scheme.kind]))
            g.add((node, SKOS.inScheme, scheme_node))
            g.add((node, SKOS.topConceptOf, scheme_node))
            g.add((scheme_node, SKOS.hasTopConcept, node))
            g.add((node, SKOS.notation, Literal(code)))
            g.add((node, UNKG.code, Literal(code)))
            _labels(g, node, labels)


def build_reference_graph(minter: Minter) -> Graph:
    """The whole reference graph (about 10,000 triples)."""
    g = Graph()
    for ns, prefix in (("unkg", UNKG._NS), ("skos", SKOS)):
        g.bind(ns, prefix)
    add_instruments(g, minter)
    add_bodies(g, minter)
    add_states(g, minter)
    add_concepts(g, minter)
    return g
