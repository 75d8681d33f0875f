"""Building the graph of one source document, as ontology/MODEL.md lays it out.

Every extractor (meeting reports, resolutions, generic documents) writes through one
`DocumentBuilder`, so documents, expressions, paragraphs and mentions look the same
whatever the kind. Paragraph IRIs are language independent (the French and English
paragraph 11 are one node, with a text per language); mentions are per language version.
"""
from __future__ import annotations

import re

from rdflib import RDF, Graph, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.plugins.stores.memory import SimpleMemory

from unkg.identifiers import Minter
from unkg.vocab import UNKG

from .document import ExtractedDocument
from .reader import SourceText

KIND_CLASSES = {"report": UNKG.Report, "resolution": UNKG.Resolution, "decision": UNKG.Decision}


def normalise_space(text: str) -> str:
    """One space between words, none at the ends: the form stored in unkg:text."""
    return re.sub(r"\s+", " ", text).strip()


class DocumentBuilder:
    """Accumulates the triples read from one source file into one graph."""

    def __init__(self, minter: Minter, work: URIRef, lang: str, source: SourceText):
        self.minter = minter
        self.work = work
        self.lang = lang
        self.source = source
        self.expression = minter.expression(work, lang)
        # a context-unaware store: adding a triple costs half what rdflib's default store does
        self.graph = Graph(store=SimpleMemory())
        self._added: set = set()
        self._texts: dict[URIRef, str] = {}
        self._mentions: dict[URIRef, int] = {}
        self.warnings: list[str] = []

    def add(self, s, p, o) -> None:
        # the extractors state many triples more than once (a State mentioned in ten
        # paragraphs): a set lookup is far cheaper than rdflib's add
        t = (s, p, o)
        if t not in self._added:
            self._added.add(t)
            self.graph.add(t)

    def literal(self, text: str) -> Literal:
        """Text in this document's language."""
        return Literal(text, lang=self.lang)

    def text_of(self, paragraph: URIRef) -> str:
        """The normalised text stored for a paragraph (mention offsets index into it)."""
        return self._texts[paragraph]

    def paragraph(self, number: int | str, text: str, kind: str = "para", letter: str | None = None,
                  kind_code: str = "narrative") -> URIRef:
        """A numbered paragraph (or sub-paragraph `letter` of paragraph `number`) with its text."""
        para = self.minter.paragraph(self.work, number, letter, kind)
        norm = normalise_space(text)
        self._texts[para] = norm
        self.add(para, RDF.type, UNKG.Paragraph)
        self.add(para, UNKG.inDocument, self.work)
        self.add(self.work, UNKG.hasParagraph, para)
        self.add(para, UNKG.paragraphNumber, Literal(int(number)) if str(number).isdigit() else Literal(str(number)))
        self.add(para, UNKG.paragraphKind, self.minter.concept("paragraph-kind", kind_code))
        self.add(para, UNKG.text, Literal(norm, lang=self.lang))
        if letter:
            parent = self.minter.paragraph(self.work, number, None, kind)
            self.add(para, UNKG.subParagraphOf, parent)
            self.add(para, UNKG.subParagraphLetter, Literal(letter))
        return para

    def footnote(self, number: int, text: str, called_from: URIRef | None = None) -> URIRef:
        """A footnote with its text (mentions may point into it), linked from the calling paragraph."""
        fn = self.minter.footnote(self.work, number)
        norm = normalise_space(text)
        self._texts[fn] = norm
        self.add(fn, RDF.type, UNKG.Footnote)
        self.add(fn, UNKG.inDocument, self.work)
        self.add(fn, UNKG.paragraphNumber, Literal(int(number)))
        self.add(fn, UNKG.text, Literal(norm, lang=self.lang))
        if called_from is not None:
            self.add(called_from, UNKG.footnote, fn)
        return fn

    def mention(self, entity: URIRef, paragraph: URIRef, start: int, end: int) -> URIRef:
        """Record that `entity` was read at [start, end) of a paragraph's text in this language."""
        text = self._texts[paragraph]
        if not (0 <= start < end <= len(text)):
            raise ValueError(f"mention span {start}:{end} outside paragraph {paragraph} ({len(text)} chars)")
        n = self._mentions.get(paragraph, 0) + 1
        self._mentions[paragraph] = n
        m = URIRef(f"{paragraph}/m/{self.lang}/{n}")
        self.add(m, RDF.type, UNKG.Mention)
        self.add(m, UNKG.mentionOf, entity)
        self.add(m, UNKG.inParagraph, paragraph)
        self.add(m, UNKG.inExpression, self.expression)
        self.add(m, UNKG.spanStart, Literal(start))
        self.add(m, UNKG.spanEnd, Literal(end))
        self.add(m, UNKG.exact, Literal(text[start:end]))
        self.add(entity, UNKG.derivedFrom, paragraph)
        return m

    def finish(self, kind: str, symbol: str | None = None, title: str | None = None) -> ExtractedDocument:
        """Add the document and language-version triples and hand the graph over."""
        work, expr = self.work, self.expression
        self.add(work, RDF.type, UNKG.Document)
        if kind in KIND_CLASSES:
            self.add(work, RDF.type, KIND_CLASSES[kind])
        self.add(work, UNKG.expression, expr)
        if symbol:
            self.add(work, UNKG.symbol, Literal(symbol))
        self.add(expr, RDF.type, UNKG.Expression)
        self.add(expr, UNKG.realizes, work)
        self.add(expr, UNKG.language, Literal(self.lang, datatype=XSD.language))
        self.add(expr, UNKG.sourceFile, Literal(self.source.path.name))
        self.add(expr, UNKG.contentHash, Literal(self.source.sha256))
        if title:
            self.add(work, UNKG.title, Literal(title, lang=self.lang))
            self.add(expr, UNKG.title, Literal(title, lang=self.lang))
        return ExtractedDocument(work, expr, self.minter.graph(expr), self.graph, self.lang, kind,
                                 symbol=symbol, title=title, warnings=list(self.warnings))
