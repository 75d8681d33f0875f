"""Reading one resource from the store: its triples, labels, and the text it was read from.

Every IRI put into a query here has passed `checked_iri` (or comes from the store), so
writing it as <…> cannot change the query's syntax.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Iterable

from rdflib import Graph, Literal, URIRef
from rdflib.namespace import FOAF, RDF, RDFS, SKOS

from unkg.store import Store
from unkg.vocab import UNKG

#: properties giving a human label, best first
LABEL_PROPERTIES = (SKOS.prefLabel, RDFS.label, UNKG.title, UNKG.name, FOAF.name, UNKG.symbol, SKOS.notation)
#: at most this many triples pointing at a resource are listed on its page
INBOUND_LIMIT = 200


def n3(term) -> str:
    return term.n3()


def values(var: str, terms: Iterable) -> str:
    return f"VALUES ?{var} {{ {' '.join(n3(t) for t in terms)} }}"


def outbound(store: Store, iri: URIRef) -> Graph:
    """The triples about a resource, with one level of the blank nodes it points to."""
    g = Graph()
    q = f"SELECT ?p ?o ?bp ?bo WHERE {{ {n3(iri)} ?p ?o OPTIONAL {{ FILTER(isBlank(?o)) ?o ?bp ?bo }} }}"
    for p, o, bp, bo in store.select(q).rows:
        g.add((iri, p, o))
        if bp is not None:
            g.add((o, bp, bo))
    return g


def inbound(store: Store, iri: URIRef, limit: int = INBOUND_LIMIT) -> list[tuple[URIRef, URIRef]]:
    q = f"SELECT DISTINCT ?s ?p WHERE {{ ?s ?p {n3(iri)} FILTER(isIRI(?s)) }} ORDER BY ?p ?s LIMIT {int(limit)}"
    return [(s, p) for s, p in store.select(q).rows]


def exists(store: Store, iri: URIRef) -> bool:
    return store.ask(f"ASK {{ {{ {n3(iri)} ?p ?o }} UNION {{ ?s ?p {n3(iri)} }} }}")


def pick_label(candidates: list[tuple[URIRef, Literal]], languages: tuple[str, ...]) -> str | None:
    """The best label: by property rank, then language preference (untagged counts as a match)."""
    if not candidates:
        return None
    rank = {p: i for i, p in enumerate(LABEL_PROPERTIES)}

    def key(pl):
        p, lit = pl
        lang = getattr(lit, "language", None)
        lrank = languages.index(lang) if lang in languages else (len(languages) if lang is None else len(languages) + 1)
        return (rank.get(p, 99), lrank, str(lit))

    return str(sorted(candidates, key=key)[0][1])


def labels(store: Store, iris: Iterable, languages: tuple[str, ...]) -> dict[str, str]:
    """Labels of many IRIs in one query."""
    terms = sorted({t for t in iris if isinstance(t, URIRef)})
    out: dict[str, str] = {}
    for chunk in _chunks(terms, 400):
        props = " ".join(n3(p) for p in LABEL_PROPERTIES)
        q = f"SELECT ?x ?p ?l WHERE {{ {values('x', chunk)} VALUES ?p {{ {props} }} ?x ?p ?l FILTER(isLiteral(?l)) }}"
        found: dict[str, list] = {}
        for x, p, l in store.select(q).rows:
            found.setdefault(str(x), []).append((p, l))
        for x, cands in found.items():
            out[x] = pick_label(cands, languages)
    unlabelled = [t for t in terms if str(t) not in out]
    out.update(numbered_labels(store, unlabelled))
    return out


#: properties holding the number that names an unlabelled node, best first
NUMBER_PROPERTIES = (UNKG.number, UNKG.paragraphNumber, UNKG.sectionNumber, UNKG.itemNumber, UNKG.ordinal)


def numbered_labels(store: Store, terms: list) -> dict[str, str]:
    """'Resolution 8/4', 'Recommendation 7', 'Meeting 9' for nodes that have a number but no label."""
    out: dict[str, str] = {}
    ns = str(UNKG._NS)
    for chunk in _chunks(terms, 400):
        q = f"""SELECT ?x ?t ?p ?n WHERE {{ {values('x', chunk)}
          VALUES ?p {{ {' '.join(n3(p) for p in NUMBER_PROPERTIES)} }} ?x ?p ?n .
          OPTIONAL {{ ?x a ?t FILTER(STRSTARTS(STR(?t), {Literal(ns).n3()})) }} }}"""
        best: dict[str, tuple] = {}
        for x, t, p, n in store.select(q).rows:
            rank = (NUMBER_PROPERTIES.index(p), str(t or ""))
            if str(x) not in best or rank < best[str(x)][0]:
                best[str(x)] = (rank, t, n)
        for x, (_, t, n) in best.items():
            kind = local_name(str(t)) if t is not None else ""
            out[x] = f"{kind} {n}".strip()
    return out


def types(store: Store, iris: Iterable) -> dict[str, list[str]]:
    terms = sorted({t for t in iris if isinstance(t, URIRef)})
    out: dict[str, list[str]] = {}
    for chunk in _chunks(terms, 400):
        for x, t in store.select(f"SELECT ?x ?t WHERE {{ {values('x', chunk)} ?x a ?t }} ORDER BY ?t").rows:
            out.setdefault(str(x), []).append(str(t))
    return out


def local_name(iri: str) -> str:
    for sep in ("#", "/"):
        if sep in iri:
            tail = iri.rsplit(sep, 1)[1]
            if tail:
                return tail
    return iri


def _chunks(items: list, n: int):
    for i in range(0, len(items), n):
        yield items[i:i + n]


# --- source text -------------------------------------------------------------------

@dataclass
class Mark:
    start: int
    end: int
    target: str
    own: bool = False          # the mention is of the resource whose page this is


@dataclass
class SourceText:
    """One language version of a paragraph, with the spans extracted from it."""

    paragraph: str
    lang: str
    text: str
    marks: list[Mark] = field(default_factory=list)

    def segments(self) -> list[tuple[str, Mark | None]]:
        """The text cut into plain and marked runs (overlapping spans: the first wins)."""
        out, pos = [], 0
        for m in sorted(self.marks, key=lambda m: (m.start, -m.end)):
            if m.start < pos or m.end > len(self.text) or m.start >= m.end:
                continue
            if m.start > pos:
                out.append((self.text[pos:m.start], None))
            out.append((self.text[m.start:m.end], m))
            pos = m.end
        if pos < len(self.text):
            out.append((self.text[pos:], None))
        return out


def source_paragraphs(store: Store, iri: URIRef, description: Graph) -> list[URIRef]:
    """The paragraphs a resource was read from (or the resource itself when it is a paragraph)."""
    paras = set(description.objects(iri, UNKG.derivedFrom))
    if (iri, RDF.type, UNKG.Paragraph) in description or (iri, UNKG.text, None) in description:
        paras.add(iri)
    return sorted(p for p in paras if isinstance(p, URIRef))


def source_texts(store: Store, iri: URIRef, paragraphs: list[URIRef]) -> list[SourceText]:
    if not paragraphs:
        return []
    texts = store.select(f"SELECT ?para ?text WHERE {{ {values('para', paragraphs)} ?para {n3(UNKG.text)} ?text }}"
                         " ORDER BY ?para ?text").rows
    out = {(str(p), t.language or ""): SourceText(str(p), t.language or "", str(t)) for p, t in texts}
    q = f"""SELECT ?para ?lang ?start ?end ?target WHERE {{
      {values('para', paragraphs)}
      ?m {n3(UNKG.inParagraph)} ?para ; {n3(UNKG.spanStart)} ?start ; {n3(UNKG.spanEnd)} ?end .
      OPTIONAL {{ ?m {n3(UNKG.mentionOf)} ?target }}
      OPTIONAL {{ ?m {n3(UNKG.inExpression)}/{n3(UNKG.language)} ?lang }}
    }}"""
    for para, lang, start, end, target in store.select(q).rows:
        key = (str(para), str(lang) if lang is not None else "")
        st = out.get(key)
        if st is None and lang is None:
            st = next((s for (p, _), s in out.items() if p == str(para)), None)
        if st is None:
            continue
        try:
            mark = Mark(int(start), int(end), str(target or ""), own=(target == iri))
        except ValueError:
            continue
        st.marks.append(mark)
    return list(out.values())
