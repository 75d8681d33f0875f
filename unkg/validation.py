"""The validation gate: a document's graph must conform to shapes/ before it is written."""
from __future__ import annotations

from functools import lru_cache

from rdflib import Graph

from .config import Settings
from .errors import InvalidData
from .resources import artifact_dir


@lru_cache(maxsize=1)
def shapes_graph() -> Graph:
    g = Graph()
    for f in sorted(artifact_dir("shapes").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


def validate_document(graph: Graph, store, settings: Settings, *, source_name: str = "") -> None:
    """Raise InvalidData with a readable report when `graph` violates the shapes."""
    shapes = shapes_graph()
    if len(shapes) == 0:
        return
    from pyshacl import validate

    conforms, _, text = validate(graph, shacl_graph=shapes, inference="none", advanced=True)
    if not conforms:
        raise InvalidData(f"{source_name or 'document'} does not conform to the shapes; nothing was written", text)


class StoreReport:
    def __init__(self, conforms: bool, details: list[str]):
        self.conforms = conforms
        self.details = details

    def text(self) -> str:
        if self.conforms:
            return "the store conforms to the shapes"
        return "\n".join(self.details)


def validate_store(store, settings: Settings) -> StoreReport:
    """Validate every document graph of the store."""
    from .identifiers import Minter

    minter = Minter(settings.base_iri)
    skip = {str(minter.ontology_graph), str(minter.reference_graph)}
    details = []
    for g in store.graphs():
        if g in skip:
            continue
        graph = Graph()
        for t in store.triples(g):
            graph.add(t)
        try:
            validate_document(graph, store, settings, source_name=g)
        except InvalidData as e:
            details.append(f"{e.message}\n{e.report}")
    return StoreReport(not details, details)
