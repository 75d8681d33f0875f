"""Reading table values into RDF: dates, ordinals, concepts, cited resources.

Shared by the report and generic extractors: each function takes the language table and
the `DocumentBuilder` and writes the node with the triples ontology/MODEL.md gives it.
"""
from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache, wraps

from rdflib import Literal, URIRef

from unkg.identifiers import UNSymbol

from .builder import DocumentBuilder
from .tables import LanguageTable
from .terms import RDF, RDFS, SKOS, UNKG, XSD, lit

CONCEPT_CLASSES = {"modality": UNKG.Modality, "role": UNKG.Role, "participation-status": UNKG.ParticipationStatus,
                   "addressee": UNKG.AddresseeCategory, "paragraph-kind": UNKG.ParagraphKind}


@lru_cache(maxsize=1)
def bodies() -> dict[str, dict]:
    """Treaty bodies by slug, from the reference catalogue (unkg/reference/bodies.json):
    class, parent (the body whose resolutions and decisions it cites), convention, code."""
    from unkg.reference.catalogue import bodies as catalogue_bodies

    return {slug: {"class": e.kind, "parent": e.subsidiary_of, "convention": e.convention, "code": e.code}
            for slug, e in catalogue_bodies().items()}


def parent_convention(instrument: str) -> str:
    """The convention an instrument supplements ('untoc-som' → 'untoc'), or the instrument itself."""
    from unkg.reference.catalogue import instruments

    found = instruments().get(instrument)
    return found.supplements if found and found.supplements else instrument


def ordinal(table: LanguageTable, word: str) -> int | None:
    """'neuvième' → 9, 'ninth' → 9, 'Eightieth' → 80, 'seventy-ninth' → 79, '9th' / '9e' → 9."""
    m = re.fullmatch(r"(\d{1,3})\s*\D{0,3}", word.strip())
    if m:
        return int(m.group(1))
    value = table.lookup("ordinals", word)
    if value is not None:
        return int(value)
    parts = re.split(r"[-\s]+", word.strip())
    if len(parts) == 2:                               # seventy-ninth, septuagésimo noveno
        tens = table.lookup("tens", parts[0])
        if tens is None:
            tens = table.lookup("ordinals", parts[0])
        unit = table.lookup("ordinals", parts[1])
        if tens is not None and unit is not None and int(unit) < 10:
            return int(tens) + int(unit)
    if "hundreds" in table:
        return _additive_ordinal(table, parts)
    return _spelled_ordinal(table, word)


def _additive_ordinal(table: LanguageTable, parts: list[str]) -> int | None:
    """An ordinal whose words add up, largest first ('centésima décima segunda' → 112)."""
    total, last = 0, None
    for part in parts:
        value = None
        for form in (part, re.sub(r"a$", "o", part)):
            for section in ("hundreds", "ordinals", "tens"):
                value = value if value is not None else table.lookup(section, form)
        if value is None or (last is not None and int(value) >= last):
            return None
        total, last = total + int(value), int(value)
    return total or None


#: what text2num leaves after the digits of an ordinal it converted ("53ème", "112th", "53ª")
_ORDINAL_SUFFIX = re.compile(r"(\d{1,4})(?:e|er|re|ème|ère|st|nd|rd|th|º|ª|\.[ºª])")


def _spelled_ordinal(table: LanguageTable, word: str) -> int | None:
    """French and English ordinals the table does not list word by word ('cent
    cinquante-troisième', 'one hundred and twelfth'), read by text2num; None unless the whole
    word is one ordinal. (Spanish ordinals add up: _additive_ordinal.)"""
    if table.lang not in ("fr", "en") or any(c.isdigit() for c in word):
        return None
    from text_to_num import alpha2digit

    digits = alpha2digit(word.strip().lower(), table.lang)
    m = _ORDINAL_SUFFIX.fullmatch(digits)
    if m:
        return int(m.group(1))
    # text2num leaves some round tens as words: "five hundred and sixtieth" → "500 and sixtieth"
    m = re.fullmatch(r"(\d{1,4})00 (?:and |et )?(\S+)", digits)
    if m:
        tail = table.lookup("ordinals", m.group(2))
        if tail is not None and int(tail) < 100:
            return int(m.group(1)) * 100 + int(tail)
    return None


def cardinal(table: LanguageTable, word: str) -> int | None:
    if word.isdigit():
        return int(word)
    value = table.lookup("cardinals", word)
    return int(value) if value is not None else None


def make_date(table: LanguageTable, day: str, month: str, year: str | int) -> dt.date | None:
    m = table.lookup("months", month)
    d = re.match(r"\d+", day or "")
    if m is None or not d or not year:
        return None
    try:
        return dt.date(int(year), int(m), int(d.group()))
    except ValueError:
        return None


def find_dates(table: LanguageTable, text: str) -> list[tuple[dt.date, re.Match]]:
    out = []
    for _, m in table.match("dates", text):
        d = make_date(table, m["day"], m["month"], m["year"])
        if d:
            out.append((d, m))
    return out


def find_range(table: LanguageTable, text: str, default_year: int | None = None):
    """The first date range in text: (start, end, match) or None."""
    for _, m in table.match("date_ranges", text):
        gd = m.groupdict()
        y2 = gd.get("y2") or default_year
        m2 = gd.get("m2")
        end = make_date(table, gd["d2"], m2, y2)
        start = make_date(table, gd["d1"], gd.get("m1") or m2, gd.get("y1") or y2)
        if start and end:
            return start, end, m
    return None


def described_once(make):
    """A node maker that states its node's triples once per document: later calls with the
    same arguments return the node (a State named in ten paragraphs is described once)."""
    @wraps(make)
    def once(b: DocumentBuilder, *args):
        key = (make, *args, *map(type, args))        # the types keep 5 and 5.0 apart
        node = b.nodes.get(key)
        if node is None:
            node = b.nodes[key] = make(b, *args)
        return node

    return once


def date_literal(d: dt.date) -> Literal:
    return lit(d.isoformat(), None, XSD.date)


@described_once
def concept(b: DocumentBuilder, scheme: str, code: str) -> URIRef:
    node = b.minter.concept(scheme, code)
    b.add(node, RDF.type, SKOS.Concept)
    if scheme in CONCEPT_CLASSES:
        b.add(node, RDF.type, CONCEPT_CLASSES[scheme])
    b.add(node, SKOS.inScheme, b.minter.scheme(scheme))
    b.add(node, UNKG.code, lit(code))
    return node


@described_once
def body_node(b: DocumentBuilder, slug: str, label: str | None = None) -> URIRef:
    node = b.minter.body(slug)
    info = bodies().get(slug, {})
    b.add(node, RDF.type, UNKG.Body)
    cls = info.get("class")
    if cls:
        b.add(node, RDF.type, getattr(UNKG, cls))
    if info.get("code"):
        b.add(node, UNKG.code, lit(info["code"]))
    if info.get("parent"):
        b.add(node, UNKG.subsidiaryOf, b.minter.body(info["parent"]))
    if info.get("convention"):
        b.add(node, UNKG.convention, b.minter.convention(info["convention"]))
    if label:
        b.add(node, SKOS.prefLabel, b.literal(label))
    return node


@described_once
def organization(b: DocumentBuilder, slug: str, code: str | None = None, label: str | None = None) -> URIRef:
    node = b.minter.organization(slug)
    b.add(node, RDF.type, UNKG.Organization)
    if code:
        b.add(node, UNKG.code, lit(code))
    if label:
        b.add(node, SKOS.prefLabel, b.literal(label))
    return node


@described_once
def state(b: DocumentBuilder, iso3: str) -> URIRef:
    node = b.minter.state(iso3)
    b.add(node, RDF.type, UNKG.State)
    b.add(node, UNKG.iso3, lit(iso3))
    return node


def place(b: DocumentBuilder, table: LanguageTable, name: str) -> URIRef:
    english = table.lookup("places", name) or name
    node = b.minter.place(english)
    b.add(node, RDF.type, UNKG.Place)
    b.add(node, RDFS.label, b.literal(name))
    return node


def addressee(b: DocumentBuilder, code: str, body_slug: str | None = None) -> URIRef:
    """The agent or category an addressee code stands for."""
    if code == "UNODC":
        return organization(b, "unodc", "UNODC")
    if code == "SECRETARIAT":
        return organization(b, "secretariat", "SECRETARIAT")
    if code in ("CONFERENCE", "WORKING_GROUP") and body_slug:
        return body_node(b, body_slug)
    return concept(b, "addressee", code)


# --- cited resources -------------------------------------------------------------------

@described_once
def resolution(b: DocumentBuilder, body: str, number: str) -> URIRef:
    return _numbered_act(b, b.minter.resolution(body, number), UNKG.Resolution, body, number)


@described_once
def decision(b: DocumentBuilder, body: str, number: str) -> URIRef:
    return _numbered_act(b, b.minter.decision(body, number), UNKG.Decision, body, number)


def _numbered_act(b: DocumentBuilder, node: URIRef, cls: URIRef, body: str, number: str) -> URIRef:
    b.add(node, RDF.type, cls)
    b.add(node, UNKG.number, lit(number))
    b.add(node, UNKG.body, b.minter.body(body))
    return node


def is_protocol(slug: str) -> bool:
    return parent_convention(slug) != slug


@described_once
def instrument(b: DocumentBuilder, slug: str) -> URIRef:
    node = b.minter.convention(slug)
    if is_protocol(slug):
        b.add(node, RDF.type, UNKG.Protocol)
        b.add(node, UNKG.supplements, b.minter.convention(parent_convention(slug)))
    else:
        b.add(node, RDF.type, UNKG.Convention)
    return node


@described_once
def article(b: DocumentBuilder, convention: str, number: int) -> URIRef:
    node = b.minter.article(convention, number)
    b.add(node, RDF.type, UNKG.Article)
    b.add(node, UNKG.number, lit(number))
    b.add(node, UNKG.convention, b.minter.convention(convention))
    b.add(b.minter.convention(convention), UNKG.hasArticle, node)
    return node


@described_once
def article_paragraph(b: DocumentBuilder, convention: str, art: int, para: int) -> URIRef:
    art_node = article(b, convention, art)
    node = b.minter.article_paragraph(convention, art, para)
    b.add(node, RDF.type, UNKG.ArticleParagraph)
    b.add(node, UNKG.number, lit(para))
    b.add(node, UNKG.article, art_node)
    b.add(art_node, UNKG.hasParagraph, node)
    return node


@described_once
def document(b: DocumentBuilder, symbol: UNSymbol | str) -> URIRef:
    node = b.minter.document(symbol)
    b.add(node, RDF.type, UNKG.Document)
    b.add(node, UNKG.symbol, lit(str(symbol)))
    return node


def numbers_in(text: str) -> list[tuple[str, int, int]]:
    """'7/1', '53/199' … with their spans inside a matched list."""
    return [(m.group(), m.start(), m.end()) for m in re.finditer(r"\d{1,3}/\d{1,4}", text)]
