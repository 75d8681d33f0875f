"""Reference data: the ontology graph and the reference graph (conventions, bodies, States)."""
from __future__ import annotations

from rdflib import Graph, URIRef

from ..identifiers import Minter
from ..resources import artifact_dir


def ontology_graph() -> Graph:
    g = Graph()
    for f in sorted(artifact_dir("ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def reference_graphs(minter: Minter) -> dict[URIRef, Graph]:
    """{graph IRI: graph} for the ontology and the reference data."""
    return {minter.ontology_graph: ontology_graph(), minter.reference_graph: Graph()}
