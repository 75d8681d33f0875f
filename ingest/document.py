"""What an extractor hands to the loader: one source document as one named graph."""
from __future__ import annotations

from dataclasses import dataclass, field

from rdflib import Graph, URIRef


@dataclass
class ExtractedDocument:
    work: URIRef              # the document (work) IRI
    expression: URIRef        # its language version
    graph_iri: URIRef         # the named graph holding everything read from this file
    graph: Graph              # the triples
    lang: str
    kind: str                 # "report", "resolution", "decision", "document"
    symbol: str | None = None
    title: str | None = None
    warnings: list[str] = field(default_factory=list)
