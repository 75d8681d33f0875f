"""Any other document with text: header metadata (when present), paragraphs and citations.

Numbered paragraphs are read as in a report when the text has them; otherwise each
blank-line separated block is a paragraph, numbered in order. A document with a UN symbol
in its header is identified by it; one without is identified by its content hash.
"""
from __future__ import annotations

from unkg.identifiers import Minter

from . import vocabulary as v
from .builder import DocumentBuilder
from .citations import CitationReader
from .document import ExtractedDocument
from .reader import SourceText
from .structure import parse
from .tables import available_languages, load_table
from .terms import UNKG, lit
from .text import clean, clean_blocks


def extract_generic(source: SourceText, minter: Minter, lang: str) -> ExtractedDocument:
    table = load_table(lang) if lang in available_languages() else None
    header: dict = {}
    paragraphs: list[tuple[int, str]] = []
    if table is not None:
        from .reports import header_fields

        st = parse(clean(source.text, table), table)
        header = header_fields(st.header, table)
        if len(st.paragraphs) >= 3:
            paragraphs = [(p.number, p.text) for p in st.paragraphs]
    if not paragraphs:
        paragraphs = list(enumerate(clean_blocks(source.text), start=1))
    symbol = header.get("symbol")
    work = minter.document(symbol) if symbol else minter.unnamed_document(source.sha256[:16])
    b = DocumentBuilder(minter, work, lang, source)
    if header.get("date"):
        b.add(work, UNKG.distributionDate, v.date_literal(header["date"]))
    if header.get("original"):
        b.add(work, UNKG.originalLanguage, lit(header["original"]))
    citations = CitationReader(b, table, None) if table is not None else None
    for number, text in paragraphs:
        para = b.paragraph(number, text)
        if citations is not None:
            citations.read(para, b.text_of(para))
    return b.finish("document", symbol=symbol, title=header.get("title"))
