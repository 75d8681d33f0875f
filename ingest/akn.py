"""Resolutions and decisions in Akoma Ntoso 3.0 XML (AKN4UN).

Everything is read from the XML structure: the FRBR identification (work URI, adoption
date, author body, language), the preface (document type, number, title), the preamble
(each `recital` is a preambular paragraph; the `intro` of its `recitals` group —
"considering", "recalling" — is its participle) and the main body (each `paragraph` is an
operative paragraph, its verb the heading of its `hcontainer` — "resolves", "instructs";
`point`s are its sub-paragraphs).

The XML is parsed with defusedxml and any DTD is refused, so no entity is expanded and
nothing is fetched from the network or the file system.

Operative paragraphs are numbered in document order (op/1, op/2 …): AKN4UN texts restart
their printed numbering under each heading ("decides 1–7, instructs the Secretary-General
1–3"), which would make two paragraphs share one IRI.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from xml.etree.ElementTree import Element, ParseError

from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from unkg.errors import InputError, UsageError
from unkg.identifiers import Minter, slug

from .builder import normalise_space
from .document import ExtractedDocument
from .reader import SourceText
from .resolutions import Paragraph, ParagraphsByKind, ParsedResolution, SubParagraph, build_graph, find_citations, item_letter

AKN_NS = "http://docs.oasis-open.org/legaldocml/ns/akn/3.0"
NS = {"a": AKN_NS}

#: ISO 639-2 (FRBRlanguage) → the two-letter codes unkg uses
LANGUAGES = {"eng": "en", "fra": "fr", "spa": "es", "ara": "ar", "rus": "ru", "zho": "zh", "chi": "zh", "fre": "fr"}


@dataclass
class AknDocument(ParagraphsByKind):
    kind: str                       # resolution, decision
    frbr_uri: str                   # /akn/un/statement/deliberation/itu-pp/2018-11-15/res-2
    number: str                     # "2 (REV. DUBAI, 2018)"
    body: str                       # body slug from the FRBR author: itu-pp
    body_name: str | None
    lang: str
    adopted: date | None
    title: str | None
    paragraphs: list[Paragraph] = field(default_factory=list)


def _text(el: Element | None) -> str:
    return normalise_space("".join(el.itertext())) if el is not None else ""


def _letter(num: str) -> str:
    return num.strip().rstrip(").").lstrip("(").strip()


def parse_akn(raw: bytes | str, name: str = "the file") -> AknDocument | None:
    """The facts of an Akoma Ntoso resolution or decision; None for other XML."""
    try:
        root = fromstring(raw, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException:
        raise InputError(f"{name}: XML with a DTD or entity declarations is refused "
                         "(it could read files or the network); remove the DOCTYPE") from None
    except ParseError as e:
        raise InputError(f"{name}: not well-formed XML ({e})") from None
    if root.tag != f"{{{AKN_NS}}}akomaNtoso":
        return None
    doc_el = next(iter(root), None)
    if doc_el is None:
        return None
    kind = (doc_el.get("name") or "").lower()
    doc_type = _text(doc_el.find("a:preface//a:docType", NS)).lower()
    kind = kind if kind in ("resolution", "decision") else doc_type
    if kind not in ("resolution", "decision"):
        return None
    work = doc_el.find("a:meta/a:identification/a:FRBRWork", NS)
    if work is None:
        return None
    uri_el = work.find("a:FRBRuri", NS)
    frbr_uri = uri_el.get("value", "") if uri_el is not None else ""
    adopted = None
    for d in work.findall("a:FRBRdate", NS):
        if d.get("name") in ("adoption", None) and d.get("date"):
            try:
                adopted = date.fromisoformat(d.get("date"))
            except ValueError:
                adopted = None
            break
    author = work.find("a:FRBRauthor", NS)
    body_id = (author.get("href", "") if author is not None else "").lstrip("#")
    body_name = None
    for org in doc_el.findall("a:meta/a:references/*", NS):
        if org.get("eId") == body_id:
            body_name = org.get("showAs")
    number = _text(doc_el.find("a:preface//a:docNumber", NS))
    if not number:
        num_el = work.find("a:FRBRnumber", NS)
        number = num_el.get("value", "") if num_el is not None else ""
    lang_el = doc_el.find("a:meta/a:identification/a:FRBRExpression/a:FRBRlanguage", NS)
    lang = LANGUAGES.get(lang_el.get("language", "") if lang_el is not None else "", "")
    lang = lang or (doc_el.get("{http://www.w3.org/XML/1998/namespace}lang") or "en")[:2]
    title = _text(doc_el.find("a:preface/a:container[@name='title']", NS)) or None
    doc = AknDocument(kind, frbr_uri, number, slug(body_id) or "unknown-body", body_name, lang, adopted, title)

    for group in doc_el.findall("a:preamble/a:recitals", NS):
        verb = _text(group.find("a:intro", NS)).lower() or None
        for recital in group.findall("a:recital", NS):
            text = _text(recital.find("a:p", NS)) or _text(recital)
            text = re.sub(r"^\(?[a-z]{1,2}\)\s+", "", text)        # a leading "a) " letter
            doc.paragraphs.append(Paragraph("pp", len(doc.preambular) + 1, text, verb))
    main = doc_el.find("a:mainBody", NS)
    if main is not None:
        for container in main.iter(f"{{{AKN_NS}}}hcontainer"):
            heading = _text(container.find("a:heading", NS)).lower()
            verb = heading.split()[0] if heading else None
            for para in container.findall("a:paragraph", NS):
                text = _text(para.find("a:content", NS))
                if para.find("a:num", NS) is None:
                    text = re.sub(r"^\d{1,2}\s+", "", text)          # "1 to hold …": a number left in the text
                op = Paragraph("op", len(doc.operative) + 1, text, verb)
                for point in para.findall("a:list/a:point", NS):
                    printed = _letter(_text(point.find("a:num", NS)))
                    text = _text(point.find("a:content", NS))
                    if not re.fullmatch(r"[a-z]{1,2}|[ivx]{1,5}", printed):
                        # a numbered point ("4.1"): lettered in order, its number kept in the text
                        text = f"{printed} {text}".strip()
                        printed = item_letter(len(op.subparagraphs))
                    op.subparagraphs.append(SubParagraph(printed, text))
                doc.paragraphs.append(op)
    return doc


def extract_akn(source: SourceText, minter: Minter) -> ExtractedDocument | None:
    """The graph of an Akoma Ntoso resolution or decision; None for other XML."""
    doc = parse_akn(source.raw or source.text.encode("utf-8"), source.path.name)
    if doc is None:
        return None
    from .tables import load_table

    try:
        table = load_table(doc.lang)
    except UsageError:
        table = None
    if table is not None and "citation_keywords" in table:
        for p in doc.paragraphs:
            for u in [p, *p.subparagraphs]:
                u.citations = find_citations(table, u.text, doc.body)
    work = minter.unnamed_document(slug(doc.frbr_uri) or source.sha256[:16])
    parsed = ParsedResolution(kind=doc.kind, number=doc.number, body=doc.body, adopted=doc.adopted,
                              title=doc.title, paragraphs=doc.paragraphs)
    return build_graph(parsed, source, doc.lang, minter, work=work)


__all__ = ["parse_akn", "extract_akn", "AknDocument"]
