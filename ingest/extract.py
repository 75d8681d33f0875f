"""Entry point of extraction: source text → ExtractedDocument.

Generic route only (document, language version, paragraphs); the document kinds
(meeting reports, resolutions) refine it.
"""
from __future__ import annotations

import re

from rdflib import RDF, Graph, Literal
from rdflib.namespace import DCTERMS, XSD

from unkg.identifiers import Minter
from unkg.vocab import UNKG

from .document import ExtractedDocument
from .reader import SourceText


def detect_language(text: str) -> str:
    words = re.findall(r"[a-zà-ÿ]+", text[:20000].lower())
    scores = {
        "fr": sum(w in {"le", "la", "les", "des", "et", "du", "une", "sur", "aux", "dans"} for w in words),
        "en": sum(w in {"the", "of", "and", "to", "in", "on", "for", "with", "that", "its"} for w in words),
        "es": sum(w in {"el", "los", "las", "del", "y", "en", "por", "con", "que", "una"} for w in words),
    }
    return max(scores, key=scores.get)


def extract(source: SourceText, minter: Minter) -> ExtractedDocument:
    lang = detect_language(source.text)
    work = minter.unnamed_document(source.sha256[:16])
    expression = minter.expression(work, lang)
    g = Graph()
    g.add((work, RDF.type, UNKG.Document))
    g.add((work, UNKG.expression, expression))
    g.add((expression, RDF.type, UNKG.Expression))
    g.add((expression, UNKG.realizes, work))
    g.add((expression, UNKG.language, Literal(lang, datatype=XSD.language)))
    g.add((expression, UNKG.contentHash, Literal(source.sha256)))
    g.add((expression, UNKG.sourceFile, Literal(source.path.name)))
    for i, block in enumerate((b for b in re.split(r"\n\s*\n", source.text) if b.strip()), start=1):
        para = minter.paragraph(work, i)
        g.add((para, RDF.type, UNKG.Paragraph))
        g.add((para, UNKG.inDocument, work))
        g.add((para, UNKG.paragraphNumber, Literal(i)))
        g.add((para, UNKG.text, Literal(" ".join(block.split()), lang=lang)))
    return ExtractedDocument(work, expression, minter.graph(expression), g, lang, "document")
