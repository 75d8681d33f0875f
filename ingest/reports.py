"""Meeting reports of treaty bodies (the Conference of the Parties and its working groups).

Reads, in the document's language (every word and phrase comes from the language table):
the header (symbol, distribution date, original language, title); chapters, sections
(with the article a section concerns), numbered paragraphs, sub-paragraphs and footnotes;
the body, what established it and made it permanent; the meeting (ordinal, place, dates,
the Conference session it ran during); the sittings with their dates and agenda items;
who made statements and in what capacity; persons with honorific, State and role; the
citations; the recommendations (section, article, addressees, modality, adoption,
endorsement); and the annexed list of documents.

A text that does not name a known body and the meeting's ordinal is not read as a report
(`extract_report` returns None and the generic extractor takes it).
"""
from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from rdflib import URIRef

from unkg.errors import InputError, UsageError
from unkg.identifiers import Minter, UNSymbol, slug

from . import vocabulary as v
from .builder import DocumentBuilder
from .citations import CitationReader, Cited
from .document import ExtractedDocument
from .reader import SourceText
from .structure import Para, Section, Structure, parse
from .tables import LanguageTable, load_table
from .terms import FOAF, RDF, SKOS, UNKG, lit
from .text import clean, sentence_spans


def extract_report(source: SourceText, minter: Minter, lang: str) -> ExtractedDocument | None:
    table = load_table(lang)
    if "bodies" not in table:
        return None
    st = parse(clean(source.text, table), table)
    if not st.paragraphs or not st.chapters:
        return None
    identity = identify(st, table)
    if identity is None:
        return None
    body, ordinal, header = identity
    symbol = header.get("symbol")
    work = minter.document(symbol) if symbol else minter.report(body, ordinal)
    b = DocumentBuilder(minter, work, lang, source)
    return ReportReader(b, table, st, body, ordinal, header).read()


def header_fields(lines: list[str], table: LanguageTable) -> dict:
    """Symbol, distribution, distribution date, original language and title of the header."""
    out: dict = {}
    title_lines: list[str] = []
    for ln in lines:
        if "symbol" not in out:
            whole = re.fullmatch(r"\s*(\S+)\s*", ln) or re.fullmatch(
                rf"\s*(?:{table.alternation('un_names') or '(?!)'})\s+(\S+)\s*", ln)
            if whole:
                try:
                    sym = UNSymbol.parse(whole.group(1))
                    if "/" in str(sym):
                        out["symbol"] = str(sym)
                        continue
                except UsageError:      # a line of one word that is not a symbol
                    pass
        hit = table.search("header_fields", ln)
        if hit:
            entry, m = hit
            if entry.value == "original":
                code = table.lookup("language_names", m["language"])
                if code:
                    out["original"] = code
            else:
                out[entry.value] = m[entry.value]
            continue
        dates = v.find_dates(table, ln)
        if dates and "date" not in out and dates[0][1].start() == 0:
            out["date"] = dates[0][0]
            continue
        if title_lines or table.search("report_titles", ln):
            title_lines.append(ln)
    if title_lines:
        out["title"] = " ".join(" ".join(title_lines).split())
    return out


def identify(st: Structure, table: LanguageTable) -> tuple[str, int, dict] | None:
    """(body slug, meeting ordinal, header fields) when the text is a report of a known body."""
    header = header_fields(st.header, table)
    intro = [p for p in st.paragraphs if p.chapter is st.chapters[0]][:4] or st.paragraphs[:3]
    texts = [header.get("title", "")] + [p.text for p in intro]
    body = ordinal = None
    for text in texts:
        hit = body or table.first("bodies", text)
        if hit and body is None:
            body = hit[0].value
        if ordinal is None:
            for _, m in table.match("meeting_ordinal", text):
                ordinal = v.ordinal(table, m["ord"])
                if ordinal:
                    break
    if body and ordinal:
        return body, ordinal, header
    return None


@dataclass
class SittingInfo:
    node: URIRef
    number: int
    date: dt.date | None = None


class ReportReader:
    def __init__(self, b: DocumentBuilder, table: LanguageTable, st: Structure, body: str, ordinal: int,
                 header: dict):
        self.b, self.t, self.st = b, table, st
        self.minter = b.minter
        self.body_slug = body
        self.parent = v.bodies().get(body, {}).get("parent") or body
        # "the Convention" of a report is the convention itself, even for a working group on
        # one of its Protocols (that group's instrument supplements it)
        self.convention = v.parent_convention(v.bodies().get(body, {}).get("convention") or "untoc")
        self.ordinal = ordinal
        self.header = header
        self.meeting = self.minter.meeting(body, ordinal)
        self.citations = CitationReader(b, table, self.parent, self.convention)
        self.sittings: dict[int, SittingInfo] = {}
        self.paras: dict[int, URIRef] = {}
        self.cited: dict[int, list[Cited]] = {}
        self.meeting_year: int | None = None
        self.states = None
        self._called: set[int] = set()

    # --- helpers
    def mention(self, node: URIRef, para: URIRef, start: int, end: int) -> None:
        self.b.mention(node, para, start, end)

    def state_index(self):
        if self.states is None:
            from unkg.reference.states import StateIndex

            self.states = StateIndex.load()
        return self.states

    def lookup_state(self, name: str) -> str | None:
        return self.state_index().lookup(name.strip(" .,;:"), self.b.lang)

    def sitting(self, number: int) -> URIRef:
        if number not in self.sittings:
            node = Minter.sitting(self.meeting, number)
            self.sittings[number] = SittingInfo(node, number)
            self.b.add(node, RDF.type, UNKG.Sitting)
            self.b.add(node, UNKG.partOfMeeting, self.meeting)
            self.b.add(node, UNKG.ordinal, lit(number))
        return self.sittings[number].node

    def agenda_item(self, label: str) -> URIRef:
        m = re.fullmatch(r"(\d{1,2})\s*\(?([a-z])?\)?", label.strip())
        text = f"{m.group(1)} ({m.group(2)})" if m and m.group(2) else (m.group(1) if m else label.strip())
        node = Minter.agenda_item(self.meeting, text)
        self.b.add(node, RDF.type, UNKG.AgendaItem)
        self.b.add(node, UNKG.agendaItemOf, self.meeting)
        self.b.add(node, UNKG.itemNumber, lit(text))
        return node

    # --- reading
    def read(self) -> ExtractedDocument:
        b = self.b
        body = v.body_node(b, self.body_slug)
        b.add(b.work, UNKG.body, body)
        b.add(b.work, UNKG.adoptedAt, self.meeting)
        b.add(self.meeting, RDF.type, UNKG.Meeting)
        b.add(self.meeting, UNKG.meetingOf, body)
        b.add(self.meeting, UNKG.ordinal, lit(self.ordinal))
        self.read_header()
        sections = self.read_sections()
        for p in self.st.paragraphs:
            self.read_paragraph(p, sections)
        self.read_meeting_facts()
        self.read_sittings()
        self.read_participation()
        self.read_recommendations(sections)
        self.read_annex()
        return b.finish("report", symbol=self.header.get("symbol"), title=self.header.get("title"))

    def read_header(self) -> None:
        b, h = self.b, self.header
        if h.get("date"):
            b.add(b.work, UNKG.distributionDate, v.date_literal(h["date"]))
        if h.get("original"):
            b.add(b.work, UNKG.originalLanguage, lit(h["original"]))
        if h.get("title"):
            hit = self.t.first("meeting_place", h["title"])
            if hit:
                b.add(self.meeting, UNKG.heldIn, v.place(b, self.t, hit[1]["place"]))

    def read_sections(self) -> dict[int, URIRef]:
        """Section nodes; returns id(Section) → IRI."""
        b, out = self.b, {}
        for sec in (*self.st.chapters, *self.st.sections):
            if sec.chapter == "annex":
                node = Minter.section(b.work, "annex")
                number = "annex"
            else:
                node = Minter.section(b.work, sec.chapter, sec.letter)
                number = f"{sec.chapter}.{sec.letter}" if sec.letter else sec.chapter
            out[id(sec)] = node
            b.add(node, RDF.type, UNKG.Section)
            b.add(node, UNKG.inDocument, b.work)
            b.add(node, UNKG.sectionNumber, lit(number))
            if not (sec.chapter == "annex" and self.st.annex_title):
                b.add(node, UNKG.title, b.literal(sec.title))
            if sec.letter:
                b.add(node, UNKG.subSectionOf, Minter.section(b.work, sec.chapter))
            for _, m in self.t.match("article_refs", sec.title):
                b.add(node, UNKG.concernsArticle, v.article(b, self.convention, int(m["art"])))
        return out

    def read_paragraph(self, p: Para, sections: dict[int, URIRef]) -> None:
        b = self.b
        text, calls = self.footnote_calls(p.text)
        para = b.paragraph(p.number, text)
        self.paras[p.number] = para
        sec = p.section or p.chapter
        if sec is not None:
            b.add(para, UNKG.inSection, sections[id(sec)])
        for letter, sub in p.subparagraphs:
            node = b.paragraph(p.number, sub, letter=letter)
            if sec is not None:
                b.add(node, UNKG.inSection, sections[id(sec)])
        self.cited[p.number] = self.citations.read(para, text)
        for n in calls:
            fn = b.footnote(n, self.st.footnotes[n], called_from=para)
            self.citations.read(fn, self.st.footnotes[n], cite_in=para)

    def footnote_calls(self, text: str) -> tuple[str, list[int]]:
        """Footnote numbers glued to a word ("séance1.") → removed from the text, returned."""
        calls = []
        for n in sorted(self.st.footnotes):
            if n in self._called:
                continue
            m = str(n) in text and re.search(rf"(?<=[^\W\d_\)»”]){n}(?=[.,;:]?(?:\s|$))", text)
            if m:
                calls.append(n)
                self._called.add(n)
                text = text[:m.start()] + text[m.end():]
        return text, calls

    # --- the meeting, the body and its mandate
    def read_meeting_facts(self) -> None:
        b, t = self.b, self.t
        intro = [p for p in self.st.paragraphs if p.chapter is self.st.chapters[0]] or self.st.paragraphs[:3]
        for p in intro:
            para, text = self.paras[p.number], b.text_of(self.paras[p.number])
            hit = t.first("bodies", text)
            if hit and hit[0].value == self.body_slug:
                body = v.body_node(b, self.body_slug, hit[1].group())
                self.mention(body, para, hit[1].start(), hit[1].end())
            for entry, m in t.match("establishment", text):
                node = v.decision(b, self.parent, m["n"])
                b.add(self.minter.body(self.body_slug), getattr(UNKG, entry.value), node)
                self.mention(node, para, m.start("n"), m.end("n"))
            for _, m in t.match("meeting_ordinal", text):
                if v.ordinal(t, m["ord"]) == self.ordinal:
                    self.mention(self.meeting, para, m.start(), m.end())
                    break
            hit = t.first("meeting_place", text)
            if hit:
                place = v.place(b, t, hit[1]["place"])
                b.add(self.meeting, UNKG.heldIn, place)
                self.mention(place, para, hit[1].start("place"), hit[1].end("place"))
            rng = v.find_range(t, text)
            if rng and self.meeting_year is None:
                start, end, m = rng
                if end < start:
                    raise InputError(f"{b.source.path.name}: paragraph {p.number} says the meeting ends ({end}) "
                                     f"before it starts ({start}); correct the dates in the source and ingest it again")
                b.add(self.meeting, UNKG.startDate, v.date_literal(start))
                b.add(self.meeting, UNKG.endDate, v.date_literal(end))
                self.meeting_year = end.year
                self.mention(self.meeting, para, m.start(), m.end())
            if rng is None and self.meeting_year is None and hit:
                # a one-day meeting: "in Vienna on 19 October 2016"
                for d, dm in v.find_dates(t, text[hit[1].end():hit[1].end() + 40]):
                    if dm.start() <= 6:
                        b.add(self.meeting, UNKG.startDate, v.date_literal(d))
                        b.add(self.meeting, UNKG.endDate, v.date_literal(d))
                        self.meeting_year = d.year
                        s0 = hit[1].end() + dm.start()
                        self.mention(self.meeting, para, s0, s0 + len(dm.group()))
                    break
            for _, m in t.match("meeting_session", text):
                n = v.ordinal(t, m["ord"])
                if n:
                    session = self.minter.session(self.parent, n)
                    b.add(session, RDF.type, UNKG.Session)
                    b.add(session, UNKG.meetingOf, v.body_node(b, self.parent))
                    b.add(session, UNKG.ordinal, lit(n))
                    b.add(self.meeting, UNKG.duringSession, session)
                    self.mention(session, para, m.start(), m.end())
        if self.meeting_year is None and self.st.annex_title:
            rng = v.find_range(t, self.st.annex_title)
            if rng:
                b.add(self.meeting, UNKG.startDate, v.date_literal(rng[0]))
                b.add(self.meeting, UNKG.endDate, v.date_literal(rng[1]))
                self.meeting_year = rng[1].year
        for p in self.st.paragraphs:
            para, text = self.paras[p.number], b.text_of(self.paras[p.number])
            hit = t.first("report_adoption", text)
            if hit:
                d = v.find_dates(t, hit[1]["date"])
                if d:
                    b.add(b.work, UNKG.adoptedOn, v.date_literal(d[0][0]))

    # --- sittings and agenda items
    def items_in(self, para: URIRef, text: str, start: int = 0, end: int | None = None) -> list[URIRef]:
        out = []
        for _, m in self.t.match("agenda_item_refs", text[start:end]):
            labels = re.findall(r"\d{1,2}(?: ?\(?[a-z]\))?", m["items"])
            base = start + m.start("items")
            for label in labels:
                node = self.agenda_item(label)
                out.append(node)
                self.mention(node, para, start + m.start(), base + len(m["items"]))
            title = m.groupdict().get("title")
            if not title and m.groupdict().get("about"):
                title = self.title_from_text(m["about"])
            if title and len(labels) == 1:
                self.b.add(out[-1], UNKG.title, self.b.literal(title.strip().rstrip(".")))
        return out

    def title_from_text(self, text: str) -> str:
        """'la situation quant …' → 'Situation quant …'."""
        text = text.strip()
        for art in self.t.get("leading_articles") or ():
            if text.lower().startswith(art):
                text = text[len(art):]
                break
        return text[:1].upper() + text[1:]

    def read_sittings(self) -> None:
        b, t = self.b, self.t
        count = None
        by_date: list[tuple[dt.date, URIRef, int, int]] = []
        for p in self.st.paragraphs:
            para, text = self.paras[p.number], b.text_of(self.paras[p.number])
            for _, m in t.match("sitting_count", text):
                count = v.cardinal(t, m["count"])
                self.mention(self.meeting, para, m.start(), m.end())
            for s0, s1 in sentence_spans(text):
                sentence = text[s0:s1]
                numbers: list[int] = []
                for _, m in t.match("sitting_refs", sentence):
                    nums = self.ordinals_in(m["ords"])
                    dates = self.dates_of(m.groupdict().get("dates") or "")
                    for k, n in enumerate(nums):
                        node = self.sitting(n)
                        self.mention(node, para, s0 + m.start(), s0 + m.end())
                        if k < len(dates) and self.sittings[n].date is None:
                            self.sittings[n].date = dates[k]
                    numbers += nums
                if numbers and t.search("considered_items", sentence):
                    for item in self.items_in(para, text, s0, s1):
                        for n in numbers:
                            b.add(self.sittings[n].node, UNKG.considersAgendaItem, item)
                for _, m in t.match("sitting_by_date", sentence):
                    d = v.find_dates(t, m["date"])
                    if d:
                        by_date.append((d[0][0], para, s0 + m.start(), s0 + m.end()))
        for n in range(1, (count or 0) + 1):
            self.sitting(n)
        for d, para, s, e in by_date:
            same = [x for x in self.sittings.values() if x.date == d]
            if not same:
                later = [x for x in sorted(self.sittings.values(), key=lambda x: x.number) if x.date is None
                         and all(y.date is None or y.date <= d or y.number > x.number for y in self.sittings.values())]
                if later:
                    later[0].date = d
                    same = [later[0]]
            if same:
                self.mention(same[0].node, para, s, e)
        for x in self.sittings.values():
            if x.date:
                b.add(x.node, UNKG.date, v.date_literal(x.date))

    def ordinals_in(self, text: str) -> list[int]:
        """'1re et 2e' → [1, 2]; '1st and 2nd', 'first and second' → [1, 2]."""
        out = []
        for token in re.findall(r"[^\W_]+", text):
            n = v.ordinal(self.t, token)
            if n is not None and n not in out:
                out.append(n)
        return out

    def dates_of(self, text: str) -> list[dt.date]:
        if not text:
            return []
        rng = v.find_range(self.t, text, self.meeting_year)
        if rng:
            return [rng[0], rng[1]]
        found = v.find_dates(self.t, text)
        return [d for d, _ in found]

    # --- who spoke
    def read_participation(self) -> None:
        b, t = self.b, self.t
        status_seen: dict[str, str] = {}
        for p in self.st.paragraphs:
            para, text = self.paras[p.number], b.text_of(self.paras[p.number])
            for entry, m in t.match("statement_lists", text):
                status = entry.value
                if m.groupdict().get("name"):
                    self.participant(para, m["name"], m.start("name"), m.end("name"), status, status_seen)
                    continue
                end = next((e for s, e in sentence_spans(text) if s <= m.end() < e), len(text))
                self.read_list(para, text, m.end(), end, status, status_seen)
        self.read_persons()

    def read_list(self, para: URIRef, text: str, start: int, end: int, status: str, seen: dict) -> None:
        seps = [(m.start(), m.end()) for _, m in self.t.match("list_separators", text[start:end])]
        # separators inside parentheses do not split ("Égypte (au nom du Groupe des 77 et de la Chine)"),
        # nor those inside a State's name ("Royaume-Uni de Grande-Bretagne et d'Irlande du Nord")
        inside_names = [(m.start() - start, m.end() - start)
                        for m in state_name_regex(self.state_index(), self.b.lang).finditer(text, start, end)]
        depth_ok = []
        for s, e in seps:
            before = text[start:start + s]
            if before.count("(") == before.count(")") and not any(a < s and e < b for a, b in inside_names):
                depth_ok.append((s, e))
        pos = 0
        pieces = []
        for s, e in depth_ok + [(end - start, end - start)]:
            pieces.append((start + pos, start + s))
            pos = e
        for s, e in pieces:
            raw = text[s:e]
            lead = len(raw) - len(raw.lstrip())
            s += lead
            name = raw.strip().rstrip(".,;: ")
            if not name:
                continue
            e = s + len(name)
            self.participant(para, name, s, e, status, seen)

    def participant(self, para: URIRef, name: str, s: int, e: int, status: str, seen: dict) -> None:
        b, t = self.b, self.t
        on_behalf = None
        paren = re.match(r"(?P<main>[^()]+?)\s*\((?P<inner>[^()]*)\)$", name)
        if paren and not self.lookup_state(name):     # "Iran (République islamique d’)" is one name
            name = paren["main"]
            e = s + len(name)
            hit = t.first("agents", paren["inner"])
            if hit:
                on_behalf = hit
        iso3 = self.lookup_state(name)
        if iso3:
            agent = v.state(b, iso3)
            key = iso3
        else:
            hit = t.first("agents", name)
            if not hit:
                b.warnings.append(f"paragraph {para.rsplit('/', 1)[-1]}: {name!r} is neither a State nor a known organisation")
                return
            entry = hit[0]
            agent = self.agent(entry)
            key = entry.value
        self.mention(agent, para, s, e)
        part = URIRef(f"{self.meeting}/participation/{key}")
        b.add(part, RDF.type, UNKG.Participation)
        b.add(part, UNKG.atMeeting, self.meeting)
        b.add(part, UNKG.participant, agent)
        b.add(part, UNKG.participationStatus, v.concept(b, "participation-status", status))
        b.add(part, UNKG.role, v.concept(b, "role", "speaker"))
        b.add(part, UNKG.derivedFrom, para)
        if on_behalf:
            b.add(part, UNKG.inTheNameOf, self.agent(on_behalf[0]))

    def agent(self, entry) -> URIRef:
        b = self.b
        if entry.get("kind") == "group":
            node = b.minter.organization(entry.value)
            b.add(node, RDF.type, UNKG.StateGroup)
            b.add(node, SKOS.prefLabel, b.literal(entry.get("label") or entry.value))
            return node
        code = "UNODC" if entry.value == "unodc" else None
        return v.organization(b, entry.value, code, entry.get("label"))

    def read_persons(self) -> None:
        b, t = self.b, self.t
        honorifics = t.get("honorifics") or {}
        items: list[URIRef] = []
        current_section = None
        for p in self.st.paragraphs:
            para, text = self.paras[p.number], b.text_of(self.paras[p.number])
            if p.section is not current_section:
                items, current_section = [], p.section
            own = self.items_considered(text)
            if own:
                items = own
            sittings = [self.sittings[n].node for _, m in t.match("sitting_refs", text)
                        for n in self.ordinals_in(m["ords"]) if n in self.sittings]
            prev_end, prev_hon = None, None
            for _, m in t.match("persons", text):
                iso3 = self.lookup_state(m["state"])
                if not iso3:
                    continue
                hon = m["hon"]
                if not hon:
                    gap = text[prev_end:m.start()] if prev_end is not None else None
                    in_list = gap is not None and re.fullmatch(r"\s*(?:,\s*)?(?:\w{1,3}\s+)?", gap)
                    if in_list:
                        hon = prev_hon
                    elif self.role_before(text, m.start(), default=None) is None:
                        continue        # a capitalised name with a State, but nothing says it is a person
                prev_end, prev_hon = m.end(), hon
                name = m["name"]
                person = b.minter.person(name)
                b.add(person, RDF.type, UNKG.Person)
                b.add(person, UNKG.name, lit(name))
                b.add(person, FOAF.name, lit(name))
                if hon:
                    b.add(person, UNKG.honorific, lit(honorifics.get(hon, hon)))
                state = v.state(b, iso3)
                b.add(person, UNKG.representsState, state)
                self.mention(person, para, m.start("name"), m.end("name"))
                self.mention(state, para, m.start("state"), m.end("state"))
                role = self.role_before(text, m.start())
                item_nodes = items or [None]
                for item in item_nodes:
                    tail = slug(name) + (f"/{str(item).rsplit('/', 1)[-1]}" if item is not None else "")
                    part = URIRef(f"{self.meeting}/participation/{tail}")
                    b.add(part, RDF.type, UNKG.Participation)
                    b.add(part, UNKG.atMeeting, self.meeting)
                    b.add(part, UNKG.participant, person)
                    b.add(part, UNKG.inTheNameOf, state)
                    b.add(part, UNKG.role, v.concept(b, "role", role))
                    b.add(part, UNKG.derivedFrom, para)
                    if item is not None:
                        b.add(part, UNKG.onAgendaItem, item)
                    if len(set(sittings)) == 1:      # a participation is at one sitting at most
                        b.add(part, UNKG.atSitting, sittings[0])

    def items_considered(self, text: str) -> list[URIRef]:
        out = []
        for s0, s1 in sentence_spans(text):
            sentence = text[s0:s1]
            if self.t.search("considered_items", sentence):
                for _, m in self.t.match("agenda_item_refs", sentence):
                    out += [self.agenda_item(x) for x in re.findall(r"\d{1,2}(?: ?\(?[a-z]\))?", m["items"])]
        return out

    def role_before(self, text: str, pos: int, default: str | None = "speaker") -> str | None:
        """The role named last before `pos` in the same sentence ("les intervenants ci-après … : MM. X")."""
        sentence_start = max((s for s, e in sentence_spans(text) if s <= pos), default=0)
        hits = [(m.start(), e.value) for e, m in self.t.match("roles", text[sentence_start:pos])]
        return max(hits)[1] if hits else default

    # --- recommendations
    def read_recommendations(self, sections: dict[int, URIRef]) -> None:
        b, t = self.b, self.t
        chapters = [c for c in self.st.chapters if c.kind == "recommendations"]
        for chapter in chapters:
            paras = [p for p in self.st.paragraphs if p.chapter is chapter]
            adopted = endorsement = None
            recs = []
            for p in paras:
                para, text = self.paras[p.number], b.text_of(self.paras[p.number])
                if t.search("adoption_chapeau", text):
                    dates = v.find_dates(t, text)
                    if dates:
                        adopted = dates[0][0]
                    hit = t.search("endorsement", text)
                    if hit:
                        m = hit[1]
                        res = v.resolution(b, self.parent, m["n"])
                        endorsement = (res, bool(m["amended"]))
                        self.mention(res, para, m.start(), m.end())
                    continue
                recs.append(p)
            section_articles = self.section_articles(recs)
            for p in recs:
                self.recommendation(p, sections, section_articles, adopted, endorsement)

    def section_articles(self, recs: list[Para]) -> dict[int, set[URIRef]]:
        """The articles each section concerns: named in its title, else the one article its paragraphs cite."""
        out: dict[int, set[URIRef]] = {}
        by_section: dict[int, list[Para]] = {}
        for p in recs:
            if p.section is not None:
                by_section.setdefault(id(p.section), []).append(p)
        for key, ps in by_section.items():
            sec = ps[0].section
            titled = {v.article(self.b, self.convention, int(m["art"])) for _, m in self.t.match("article_refs", sec.title)}
            if titled:
                out[key] = titled
                continue
            cited = {c.node for p in ps for c in self.cited.get(p.number, []) if c.kind == "article"}
            if len(cited) == 1:
                out[key] = cited
                self.b.add(self.section_node(sec), UNKG.concernsArticle, next(iter(cited)))
        return out

    def section_node(self, sec: Section) -> URIRef:
        return Minter.section(self.b.work, sec.chapter, sec.letter)

    def recommendation(self, p: Para, sections, section_articles, adopted, endorsement) -> None:
        b, t = self.b, self.t
        para, text = self.paras[p.number], b.text_of(self.paras[p.number])
        rec = Minter.recommendation(b.work, p.number)
        b.add(rec, RDF.type, UNKG.Recommendation)
        b.add(rec, UNKG.derivedFrom, para)
        b.add(rec, UNKG.inDocument, b.work)
        b.add(rec, UNKG.paragraphNumber, lit(p.number))
        sec = p.section or p.chapter
        b.add(rec, UNKG.inSection, sections[id(sec)])
        articles = set(section_articles.get(id(p.section), set())) if p.section else set()
        for c in self.cited.get(p.number, []):
            if c.kind == "article":
                articles.add(c.node)
            elif c.kind == "article-paragraph":
                b.add(rec, UNKG.concernsArticleParagraph, c.node)
        for art in articles:
            b.add(rec, UNKG.concernsArticle, art)
        seen = set()
        for entry, m in t.match("addressees", text):
            code = entry.value
            body_slug = None
            if code == "WORKING_GROUP":
                hit = t.first("bodies", m.group())
                body_slug = hit[0].value if hit else None
            elif code == "CONFERENCE":
                body_slug = self.parent
            node = v.addressee(b, code, body_slug)
            if node in seen:
                continue
            seen.add(node)
            b.add(rec, UNKG.addressedTo, node)
            self.mention(node, para, m.start(), m.end())
        hit = t.first("modalities", text)
        if hit:
            b.add(rec, UNKG.modality, v.concept(b, "modality", hit[0].value))
        if adopted:
            b.add(rec, UNKG.adoptedOn, v.date_literal(adopted))
        b.add(rec, UNKG.adoptedAt, self.meeting)
        if endorsement:
            res, amended = endorsement
            b.add(rec, UNKG.endorsedBy, res)
            q = URIRef(f"{rec}/endorsement")
            b.add(rec, UNKG.qualifiedEndorsement, q)
            b.add(q, RDF.type, UNKG.Endorsement)
            b.add(q, UNKG.endorsingResolution, res)
            b.add(q, UNKG.asAmended, lit(amended))

    # --- annex: the documents before the meeting
    def read_annex(self) -> None:
        b = self.b
        cols = self.t.search("annex_columns", self.st.annex_title)
        if self.st.annex_title:
            title = self.st.annex_title[:cols[1].start()] if cols else self.st.annex_title
            b.add(Minter.section(b.work, "annex"), UNKG.title, b.literal(title.strip()))
        for k, row in enumerate(self.st.annex_rows, start=1):
            text = f"{row.symbol} {row.item} {row.title}"
            para = b.paragraph(k, text, kind="annex")
            b.add(para, UNKG.inSection, Minter.section(b.work, "annex"))
            doc = v.document(b, row.symbol)
            b.add(doc, UNKG.listedInAnnexOf, b.work)
            b.add(doc, UNKG.title, b.literal(row.title))
            item = self.agenda_item(row.item)
            b.add(doc, UNKG.considersAgendaItem, item)
            self.mention(doc, para, 0, len(row.symbol))
            start = len(row.symbol) + 1
            self.mention(item, para, start, start + len(row.item))
            self.citations.cite(para, doc)


_STATE_NAME_REGEX: dict[tuple[int, str], re.Pattern] = {}


def state_name_regex(index, lang: str) -> re.Pattern:
    """Every surface form of a State name in `lang`, longest first, as one alternation."""
    key = (id(index), lang)
    if key not in _STATE_NAME_REGEX:
        names = sorted((n for n in index.names(lang) if len(n) > 3), key=len, reverse=True)
        _STATE_NAME_REGEX[key] = re.compile(r"(?<!\w)(?:" + "|".join(map(re.escape, names)) + r")(?!\w)",
                                            re.IGNORECASE)
    return _STATE_NAME_REGEX[key]
