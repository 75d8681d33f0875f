"""Reference data: the ontology graph and the reference graph (conventions, bodies, States).

    reference_graphs(minter)  → {minter.ontology_graph: Graph, minter.reference_graph: Graph}
    StateIndex.load()         → States and their names in the six UN languages (states.py)
    catalogue                 → conventions, bodies, organizations, places, concept schemes
"""
from __future__ import annotations

import hashlib
from functools import lru_cache
from importlib.metadata import version as package_version
from pathlib import Path

from rdflib import OWL, Graph, Literal, URIRef

from ..identifiers import Minter
from ..resources import artifact_dir
from .states import State, StateIndex

__all__ = ["ontology_graph", "reference_graph", "reference_graphs", "reference_version", "State", "StateIndex"]


@lru_cache(maxsize=1)
def ontology_version() -> str:
    """A fingerprint of the ontology files, recorded on the ontology graph of a store."""
    h = hashlib.sha256()
    for f in sorted(artifact_dir("ontology").glob("*.ttl")):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    return h.hexdigest()[:16]


def reference_version() -> str:
    """A fingerprint of what the reference graph is built from (data files, code, the State table).

    The reference graph states it as `<graph/reference> owl:versionInfo "…"`: a store whose
    reference graph carries another fingerprint holds reference data to rebuild.
    """
    h = hashlib.sha256()
    here = Path(__file__).resolve().parent
    for f in sorted([*here.glob("*.json"), *here.glob("*.py")]):
        h.update(f.name.encode() + b"\0" + f.read_bytes())
    h.update(package_version("hdx-python-country").encode())
    return h.hexdigest()[:16]


def ontology_graph() -> Graph:
    """ontology/unkg.ttl and ontology/alignments.ttl in one graph."""
    g = Graph()
    for f in sorted(artifact_dir("ontology").glob("*.ttl")):
        g.parse(f, format="turtle")
    return g


@lru_cache(maxsize=4)
def _reference_graph(base: str) -> Graph:
    from .build import build_reference_graph

    minter = Minter(base)
    g = build_reference_graph(minter)
    g.add((minter.reference_graph, OWL.versionInfo, Literal(reference_version())))
    return g


def reference_graph(minter: Minter) -> Graph:
    """The reference graph under the minter's base IRI (built once per base; do not modify it)."""
    return _reference_graph(minter.base)


def reference_graphs(minter: Minter) -> dict[URIRef, Graph]:
    """{graph IRI: graph} for the ontology and the reference data."""
    return {minter.ontology_graph: ontology_graph(), minter.reference_graph: reference_graph(minter)}
