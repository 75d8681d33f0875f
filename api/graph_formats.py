"""A small property graph (nodes, edges) and its serialisations for drawing tools:
Cytoscape.js elements JSON, d3 (nodes/links), GraphML, and GEXF for Gephi (dates as
time attributes, so Gephi's timeline can play the graph).
"""
from __future__ import annotations

import xml.etree.ElementTree as ET
from dataclasses import dataclass, field

FORMATS = ("cytoscape", "d3", "graphml", "gexf")
MEDIA = {"cytoscape": "application/json", "d3": "application/json",
         "graphml": "application/graphml+xml; charset=utf-8", "gexf": "application/gexf+xml; charset=utf-8"}


@dataclass
class Node:
    id: str
    label: str
    type: str = ""
    types: list[str] = field(default_factory=list)
    date: str | None = None              # an ISO date (adoption, start, sitting) when the node has one
    data: dict = field(default_factory=dict)


@dataclass
class Edge:
    source: str
    target: str
    predicate: str
    label: str
    graph: str | None = None
    document: str | None = None
    paragraph: str | None = None

    @property
    def id(self) -> str:
        return f"{self.source} {self.predicate} {self.target}"


@dataclass
class PropertyGraph:
    nodes: dict[str, Node] = field(default_factory=dict)
    edges: dict[str, Edge] = field(default_factory=dict)
    truncated: bool = False

    def add_edge(self, e: Edge) -> None:
        old = self.edges.get(e.id)
        if old is None or (old.paragraph is None and e.paragraph is not None):
            self.edges[e.id] = e


def _node_data(n: Node) -> dict:
    d = {"id": n.id, "label": n.label, "type": n.type, "types": n.types, **n.data}
    if n.date:
        d["date"] = n.date
    return d


def _edge_data(e: Edge) -> dict:
    d = {"id": e.id, "source": e.source, "target": e.target, "predicate": e.predicate, "label": e.label}
    for k in ("graph", "document", "paragraph"):
        v = getattr(e, k)
        if v:
            d[k] = v
    return d


def to_cytoscape(g: PropertyGraph) -> dict:
    return {"elements": {"nodes": [{"data": _node_data(n)} for n in g.nodes.values()],
                         "edges": [{"data": _edge_data(e)} for e in g.edges.values()]},
            "truncated": g.truncated}


def to_d3(g: PropertyGraph) -> dict:
    return {"nodes": [_node_data(n) for n in g.nodes.values()],
            "links": [_edge_data(e) for e in g.edges.values()], "truncated": g.truncated}


def to_graphml(g: PropertyGraph) -> bytes:
    ns = "http://graphml.graphdrawing.org/xmlns"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}graphml")
    keys = [("label", "node"), ("type", "node"), ("date", "node"), ("label", "edge"), ("predicate", "edge"),
            ("document", "edge"), ("paragraph", "edge"), ("graph", "edge"), ("truncated", "graph")]
    for name, target in keys:
        ET.SubElement(root, f"{{{ns}}}key", {"id": f"{target[0]}_{name}", "for": target, "attr.name": name,
                                             "attr.type": "boolean" if name == "truncated" else "string"})
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"id": "G", "edgedefault": "directed"})
    ET.SubElement(graph, f"{{{ns}}}data", {"key": "g_truncated"}).text = "true" if g.truncated else "false"
    for n in g.nodes.values():
        el = ET.SubElement(graph, f"{{{ns}}}node", {"id": n.id})
        for k in ("label", "type", "date"):
            v = getattr(n, k)
            if v:
                ET.SubElement(el, f"{{{ns}}}data", {"key": f"n_{k}"}).text = v
    for e in g.edges.values():
        el = ET.SubElement(graph, f"{{{ns}}}edge", {"id": e.id, "source": e.source, "target": e.target})
        for k in ("label", "predicate", "document", "paragraph", "graph"):
            v = getattr(e, k)
            if v:
                ET.SubElement(el, f"{{{ns}}}data", {"key": f"e_{k}"}).text = v
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def to_gexf(g: PropertyGraph) -> bytes:
    ns = "http://gexf.net/1.3"
    ET.register_namespace("", ns)
    root = ET.Element(f"{{{ns}}}gexf", {"version": "1.3"})
    meta = ET.SubElement(root, f"{{{ns}}}meta")
    ET.SubElement(meta, f"{{{ns}}}creator").text = "unkg"
    ET.SubElement(meta, f"{{{ns}}}description").text = "truncated" if g.truncated else "complete"
    graph = ET.SubElement(root, f"{{{ns}}}graph", {"defaultedgetype": "directed", "mode": "dynamic",
                                                    "timeformat": "date"})
    nattrs = ET.SubElement(graph, f"{{{ns}}}attributes", {"class": "node", "mode": "static"})
    for i, name in enumerate(("type", "iri")):
        ET.SubElement(nattrs, f"{{{ns}}}attribute", {"id": f"n{i}", "title": name, "type": "string"})
    eattrs = ET.SubElement(graph, f"{{{ns}}}attributes", {"class": "edge", "mode": "static"})
    for i, name in enumerate(("predicate", "document", "paragraph")):
        ET.SubElement(eattrs, f"{{{ns}}}attribute", {"id": f"e{i}", "title": name, "type": "string"})
    nodes = ET.SubElement(graph, f"{{{ns}}}nodes")
    for n in g.nodes.values():
        attrs = {"id": n.id, "label": n.label}
        if n.date:
            attrs["start"] = n.date
        el = ET.SubElement(nodes, f"{{{ns}}}node", attrs)
        av = ET.SubElement(el, f"{{{ns}}}attvalues")
        ET.SubElement(av, f"{{{ns}}}attvalue", {"for": "n0", "value": n.type})
        ET.SubElement(av, f"{{{ns}}}attvalue", {"for": "n1", "value": n.id})
    edges = ET.SubElement(graph, f"{{{ns}}}edges")
    for i, e in enumerate(g.edges.values()):
        attrs = {"id": str(i), "source": e.source, "target": e.target, "label": e.label}
        start = g.nodes[e.source].date if e.source in g.nodes else None
        if start:
            attrs["start"] = start
        el = ET.SubElement(edges, f"{{{ns}}}edge", attrs)
        av = ET.SubElement(el, f"{{{ns}}}attvalues")
        for j, k in enumerate(("predicate", "document", "paragraph")):
            v = getattr(e, k)
            if v:
                ET.SubElement(av, f"{{{ns}}}attvalue", {"for": f"e{j}", "value": v})
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


def serialize(g: PropertyGraph, fmt: str):
    """(body, media type): a dict for the JSON formats, bytes for the XML ones."""
    if fmt == "cytoscape":
        return to_cytoscape(g), MEDIA[fmt]
    if fmt == "d3":
        return to_d3(g), MEDIA[fmt]
    if fmt == "graphml":
        return to_graphml(g), MEDIA[fmt]
    return to_gexf(g), MEDIA[fmt]
