"""Citations in a paragraph: resolutions, decisions, Convention articles and paragraphs,
document symbols, the Convention and its Protocols — each a node, a qualified
unkg:Citation (with the title given with it) and a Mention with its span."""
from __future__ import annotations

import re
from dataclasses import dataclass

from rdflib import URIRef

from unkg.identifiers import UNSymbol

from . import vocabulary as v
from .builder import DocumentBuilder
from .tables import LanguageTable
from .terms import RDF, UNKG


@dataclass
class Cited:
    kind: str            # resolution, decision, article, article-paragraph, document, convention, protocol
    node: URIRef
    start: int
    end: int
    article: int | None = None


class CitationReader:
    """Reads citations; `default_body` decides the resolutions and decisions cited without
    a body ("sa résolution 7/1" in a report of a Conference working group → the Conference)."""

    def __init__(self, b: DocumentBuilder, table: LanguageTable, default_body: str | None,
                 convention: str = "untoc"):
        self.b, self.table = b, table
        self.default_body = default_body
        self.convention = convention

    def _body_for(self, number: str, after: str) -> str:
        session = int(number.split("/")[0])
        ga = self.table.alternation("ga_names")
        if (ga and re.search(ga, after[:80])) or not self.default_body or session >= 20:
            return "ga"
        return self.default_body

    def cite(self, where: URIRef, node: URIRef, title: str | None = None) -> None:
        b = self.b
        b.add(b.work, UNKG.cites, node)
        tail = str(node)[len(b.minter.base):]
        c = URIRef(f"{where}/cite/{tail}")
        b.add(b.work, UNKG.citation, c)
        b.add(c, RDF.type, UNKG.Citation)
        b.add(c, UNKG.citedResource, node)
        b.add(c, UNKG.inParagraph, where)
        if title:
            b.add(c, UNKG.title, b.literal(title))

    def read(self, para: URIRef, text: str, cite_in: URIRef | None = None) -> list[Cited]:
        """All citations of a paragraph (or footnote) text; `cite_in` is the paragraph the
        Citation is recorded in (the calling paragraph, for a footnote)."""
        b, t = self.b, self.table
        where = cite_in or para
        if cite_in is not None:
            # a footnote is not a paragraph: what it cites is derived from the calling paragraph
            def mention(node, paragraph, s, e):
                b.add(node, UNKG.derivedFrom, cite_in)
        else:
            mention = b.mention
        found: list[Cited] = []
        taken: list[tuple[int, int]] = []

        def free(s: int, e: int) -> bool:
            return all(e <= a or s >= z for a, z in taken)

        for section, maker, kind in (("resolution_refs", v.resolution, "resolution"),
                                     ("decision_refs", v.decision, "decision")):
            for _, m in t.match(section, text):
                base = m.start("list")
                for k, (number, s, e) in enumerate(v.numbers_in(m["list"])):
                    s, e = base + s, base + e
                    node = maker(b, self._body_for(number, text[m.end():]), number)
                    title = None
                    hit = t.search("citation_titles", text[e:])
                    if hit:
                        title = re.sub(r"\s+", " ", hit[1]["title"]).strip()
                    if kind == "resolution":          # "53/199 of 15 December 1998": its adoption date
                        for d, dm in v.find_dates(t, text[e:e + 40]):
                            if dm.start() <= 5:
                                b.add(node, UNKG.adoptedOn, v.date_literal(d))
                            break
                    start = m.start() if k == 0 else s
                    mention(node, para, start, e)
                    self.cite(where, node, title)
                    found.append(Cited(kind, node, start, e))
                    taken.append((start, e))
        for entry, m in t.match("article_refs", text):
            if not free(m.start(), m.end()):
                continue
            taken.append((m.start(), m.end()))
            art = int(m["art"])
            conv = self._convention_after(text[m.end():])
            art_node = v.article(b, conv, art)
            mention(art_node, para, m.start(), m.end())
            self.cite(where, art_node)
            found.append(Cited("article", art_node, m.start(), m.end(), art))
            paras = m.groupdict().get("paras")
            if paras:
                for p in re.findall(r"\d+", paras):
                    node = v.article_paragraph(b, conv, art, int(p))
                    mention(node, para, m.start(), m.end())
                    self.cite(where, node)
                    found.append(Cited("article-paragraph", node, m.start(), m.end(), art))
        for entry, m in t.match("instrument_refs", text):
            slugs = entry.value if isinstance(entry.value, list) else [entry.value]
            for slug in slugs:
                node = v.instrument(b, slug)
                mention(node, para, m.start(), m.end())
                self.cite(where, node)
                found.append(Cited("protocol" if v.is_protocol(slug) else "convention", node, m.start(), m.end()))
        for sym, s, e in UNSymbol.find_all(text):
            if not free(s, e) or len(str(sym).split("/")) < 2:
                continue
            node = v.document(b, sym)
            mention(node, para, s, e)
            self.cite(where, node)
            found.append(Cited("document", node, s, e))
        return found

    def _convention_after(self, after: str) -> str:
        hit = self.table.first("instrument_refs", after[:120])
        if hit and hit[1].start() <= 12:
            value = hit[0].value
            return value[0] if isinstance(value, list) else value
        return self.convention
