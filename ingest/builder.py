"""Building the graph of one source document, as ontology/MODEL.md lays it out.

Every extractor (meeting reports, resolutions, generic documents) writes through one
`DocumentBuilder`, so documents, expressions, paragraphs and mentions look the same
whatever the kind. Paragraph IRIs are language independent (the French and English
paragraph 11 are one node, with a text per language); mentions are per language version.
"""
from __future__ import annotations

from rdflib import Graph, Literal, URIRef
from rdflib.plugins.stores.memory import SimpleMemory

from unkg.identifiers import Minter

from .document import ExtractedDocument
from .reader import SourceText
from .terms import RDF, UNKG, XSD, lit
from .text import SPACES

KIND_CLASSES = {"report": UNKG.Report, "resolution": UNKG.Resolution, "decision": UNKG.Decision}


def normalise_space(text: str) -> str:
    """One space between words, none at the ends: the form stored in unkg:text."""
    return SPACES.sub(" ", text).strip()


def _put(index: dict, a, b, c) -> None:
    """index[a][b][c] = 1, as SimpleMemory keeps its indexes."""
    inner = index.get(a)
    if inner is None:
        inner = index[a] = {}
    leaf = inner.get(b)
    if leaf is None:
        leaf = inner[b] = {}
    leaf[c] = 1


_NO_CONTEXTS = iter(())         # SimpleMemory reports no contexts for a triple


class DocumentStore(SimpleMemory):
    """rdflib's context-unaware memory store over the distinct triples of one document.

    A document graph is mostly read whole (loaded into the store, validated, written as
    N-Quads): that walks the triples in the order they were stated, and `len` is the
    count. SimpleMemory's three indexes are built on the first change, or once lookups by
    pattern outnumber `SCANS` (until then a lookup scans the triples).
    """

    SCANS = 16

    def __init__(self, triples: dict[tuple, None]):
        super().__init__()
        self._pending: dict[tuple, None] | None = triples     # None once indexed
        self._scans = 0

    def _index(self) -> None:
        triples, self._pending = self._pending, None
        spo, pos, osp = self._SimpleMemory__spo, self._SimpleMemory__pos, self._SimpleMemory__osp
        for s, p, o in triples:          # what SimpleMemory.add does, without its call per triple
            _put(spo, s, p, o)
            _put(pos, p, o, s)
            _put(osp, o, s, p)

    def add(self, triple, context, quoted=False) -> None:
        if self._pending is not None:
            self._index()
        super().add(triple, context, quoted)

    def remove(self, triple_pattern, context=None) -> None:
        if self._pending is not None:
            self._index()
        super().remove(triple_pattern, context)

    def triples(self, triple_pattern, context=None):
        triples = self._pending
        if triples is None:
            return super().triples(triple_pattern, context)
        s, p, o = triple_pattern
        if s is None and p is None and o is None:
            return ((t, _NO_CONTEXTS) for t in triples)
        if s is not None and p is not None and o is not None:
            return iter([((s, p, o), _NO_CONTEXTS)] if (s, p, o) in triples else [])
        self._scans += 1
        if self._scans > self.SCANS:
            self._index()
            return super().triples(triple_pattern, context)
        return ((t, _NO_CONTEXTS) for t in triples
                if (s is None or t[0] == s) and (p is None or t[1] == p) and (o is None or t[2] == o))

    def __len__(self, context=None) -> int:
        if self._pending is not None:
            return len(self._pending)
        return super().__len__(context)


class DocumentBuilder:
    """Accumulates the triples read from one source file into one graph."""

    def __init__(self, minter: Minter, work: URIRef, lang: str, source: SourceText):
        self.minter = minter
        self.work = work
        self.lang = lang
        self.source = source
        self.expression = minter.expression(work, lang)
        # the triples in the order first stated (the extractors state many more than once: a
        # State mentioned in ten paragraphs); the graph is built from them by `finish`
        self._triples: dict[tuple, None] = {}
        self._texts: dict[URIRef, str] = {}
        self._mentions: dict[URIRef, int] = {}
        self._kinds: dict[str, URIRef] = {}
        self.nodes: dict[tuple, URIRef] = {}          # vocabulary.described_once
        self.warnings: list[str] = []

    def add(self, s, p, o) -> None:
        self._triples[(s, p, o)] = None

    def literal(self, text: str) -> Literal:
        """Text in this document's language."""
        return lit(text, self.lang)

    def to_graph(self) -> Graph:
        """The triples stated so far, as an rdflib graph."""
        return Graph(store=DocumentStore(dict(self._triples)))

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
        self.add(para, UNKG.paragraphNumber, lit(int(number)) if str(number).isdigit() else lit(str(number)))
        kind_node = self._kinds.get(kind_code)
        if kind_node is None:
            kind_node = self._kinds[kind_code] = self.minter.concept("paragraph-kind", kind_code)
        self.add(para, UNKG.paragraphKind, kind_node)
        self.add(para, UNKG.text, Literal(norm, lang=self.lang))
        if letter:
            parent = self.minter.paragraph(self.work, number, None, kind)
            self.add(para, UNKG.subParagraphOf, parent)
            self.add(para, UNKG.subParagraphLetter, lit(letter))
        return para

    def footnote(self, number: int, text: str, called_from: URIRef | None = None) -> URIRef:
        """A footnote with its text (mentions may point into it), linked from the calling paragraph."""
        fn = self.minter.footnote(self.work, number)
        norm = normalise_space(text)
        self._texts[fn] = norm
        self.add(fn, RDF.type, UNKG.Footnote)
        self.add(fn, UNKG.inDocument, self.work)
        self.add(fn, UNKG.paragraphNumber, lit(int(number)))
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
        self.add(m, UNKG.spanStart, lit(start))
        self.add(m, UNKG.spanEnd, lit(end))
        self.add(m, UNKG.exact, lit(text[start:end]))
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
            self.add(work, UNKG.symbol, lit(symbol))
        self.add(expr, RDF.type, UNKG.Expression)
        self.add(expr, UNKG.realizes, work)
        self.add(expr, UNKG.language, lit(self.lang, None, XSD.language))
        self.add(expr, UNKG.sourceFile, lit(self.source.path.name))
        self.add(expr, UNKG.contentHash, lit(self.source.sha256))
        if title:
            self.add(work, UNKG.title, lit(title, self.lang))
            self.add(expr, UNKG.title, lit(title, self.lang))
        return ExtractedDocument(work, expr, self.minter.graph(expr), self.to_graph(), self.lang, kind,
                                 symbol=symbol, title=title, warnings=list(self.warnings))
