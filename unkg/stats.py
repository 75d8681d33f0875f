"""What is in a store: triples per graph, instances per class; finding a document's graphs."""
from __future__ import annotations

import json

from rdflib import Literal, URIRef

from .store import Store
from .vocab import UNKG

CLASS_COUNTS = """
SELECT ?class (COUNT(DISTINCT ?s) AS ?n) WHERE { ?s a ?class }
GROUP BY ?class ORDER BY DESC(?n) ?class
"""


def store_stats(store: Store, fmt: str = "table") -> str:
    graphs = [(g, store.count(g)) for g in store.graphs()]
    classes = [(str(c), int(n)) for c, n in store.select(CLASS_COUNTS).rows]
    total = store.count()
    if fmt == "json":
        return json.dumps({"store": store.location, "quads": total,
                           "graphs": {g: n for g, n in graphs},
                           "classes": {c: n for c, n in classes}}, indent=1)
    lines = [f"store {store.location}: {total} quads in {len(graphs)} named graphs", "", "triples  graph"]
    lines += [f"{n:7d}  {g}" for g, n in graphs]
    lines += ["", "instances  class"]
    lines += [f"{n:9d}  {_short(c)}" for c, n in classes]
    return "\n".join(lines)


def _short(iri: str) -> str:
    ns = str(UNKG._NS)
    return "unkg:" + iri[len(ns):] if iri.startswith(ns) else iri


# ?key is bound by a trailing VALUES (joined after the pattern), so each branch binds it
GRAPHS_OF_DOCUMENT = """
PREFIX unkg: <%s>
SELECT DISTINCT ?g WHERE {
  { GRAPH ?g { ?expr unkg:realizes ?key } }
  UNION { GRAPH ?key { ?expr unkg:realizes ?work } BIND(?key AS ?g) }
  UNION { GRAPH ?g { ?expr unkg:realizes ?work . ?work unkg:symbol ?key } }
  UNION { GRAPH ?g { ?expr unkg:sourceFile ?key } }
}""" % UNKG._NS


def graphs_of_document(store: Store, key: str) -> list[str]:
    term = URIRef(key) if key.startswith(("http://", "https://")) else Literal(key)
    rows = store.select(GRAPHS_OF_DOCUMENT, {"key": term}).rows
    return sorted(str(r[0]) for r in rows)
