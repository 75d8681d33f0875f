"""Resolutions and decisions (General Assembly, Conferences of the Parties, councils).

Two steps. `parse_resolution` reads the text alone — Markdown (its YAML front matter is
only a cross-check), the text layer of a PDF, or plain text — into a `ParsedResolution`:
symbol, number, body, session, agenda items, adoption and distribution dates, draft and
committee report, title, preambular paragraphs with their opening participle, operative
paragraphs with their number, verb and sub-paragraphs, the annexed text, the plenary
meeting, the footnotes and the citations (resolutions, decisions, document symbols,
conventions, protocols and their articles) with their character spans. Every word it
looks for comes from the language table (ingest/languages/<lang>/resolution.yaml), so a
French or Spanish resolution parses by the same code. `extract_resolution` then writes
the graph of ontology/MODEL.md through `DocumentBuilder`.

Akoma Ntoso XML goes to `unkg.ingest.akn`.
"""
from __future__ import annotations

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from datetime import date
from functools import lru_cache

from rdflib import URIRef

from unkg.errors import UsageError
from unkg.identifiers import Minter, UNSymbol

from .builder import DocumentBuilder, normalise_space
from .document import ExtractedDocument
from .reader import SourceText, split_front_matter
from .tables import LanguageTable, load_table
from .terms import RDF, UNKG, XSD, lit

#: the sections a language table needs for resolutions to be recognised in that language
REQUIRED_SECTIONS = ("resolution_adoption", "resolution_enacting_formula", "preambular_openings", "operative_verbs")

_TERMINAL = ",;:."
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


# --------------------------------------------------------------------------- parsed facts

@dataclass
class Citation:
    kind: str                   # resolution, decision, document, convention, article
    key: str                    # "53/199", "A/80/257", "untoc", "untoc:24"
    start: int                  # span in the paragraph's stored text
    end: int
    body: str | None = None     # body slug of a resolution or decision
    title: str | None = None    # title given with the citation ("entitled …")
    date: date | None = None    # "of 15 December 1998"
    paragraphs: tuple[int, ...] = ()   # article paragraphs, when stated


@dataclass
class SubParagraph:
    letter: str
    text: str
    footnotes: list[int] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


@dataclass
class Paragraph:
    kind: str                   # "pp" preambular, "op" operative, "annex" annexed text
    number: int
    text: str
    verb: str | None = None     # lemma of the opening participle or verb
    subparagraphs: list[SubParagraph] = field(default_factory=list)
    footnotes: list[int] = field(default_factory=list)
    citations: list[Citation] = field(default_factory=list)


class ParagraphsByKind:
    """Preambular, operative and annexed paragraphs of a parsed text, by kind."""

    paragraphs: list[Paragraph]

    @property
    def preambular(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "pp"]

    @property
    def operative(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "op"]

    @property
    def annex(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "annex"]


@dataclass
class ParsedResolution(ParagraphsByKind):
    kind: str                   # "resolution" or "decision"
    number: str                 # "80/10"
    body: str                   # body slug: ga, ctoc-cop …
    symbol: str | None = None
    session: int | None = None
    agenda_items: list[str] = field(default_factory=list)
    agenda_title: str | None = None
    adopted: date | None = None
    distributed: date | None = None
    draft_symbols: list[str] = field(default_factory=list)
    committee: str | None = None
    committee_reports: list[str] = field(default_factory=list)
    title: str | None = None
    paragraphs: list[Paragraph] = field(default_factory=list)
    plenary_meeting: int | None = None
    footnotes: dict[int, str] = field(default_factory=dict)
    warnings: list[str] = field(default_factory=list)


# --------------------------------------------------------------------------- small readers

def _first(table: LanguageTable, section: str, text: str):
    found = table.search(section, text)
    return found[1] if found else None


def parse_date(table: LanguageTable, text: str) -> date | None:
    m = _first(table, "resolution_date", text)
    if not m:
        return None
    month = table.lookup("months", m["month"])
    if month is None:
        return None
    try:
        return date(int(m["year"]), int(month), int(re.sub(r"\D", "", m["day"])))
    except ValueError:
        return None


def parse_ordinal(table: LanguageTable, word: str) -> int | None:
    """'Seventy-third' → 73, 'quatre-vingtième' → 80, 'septuagésimo tercer' → 73: the
    longest known parts, summed from the left."""
    folded, keys = _ordinal_parts(table)
    rest, total = _fold(word), 0
    while rest:
        rest = rest.lstrip(" -")
        if not rest:
            break
        for k in keys:
            if rest.startswith(k):
                total += folded[k]
                rest = rest[len(k):]
                break
        else:
            skip = re.match(r"(?:et|y|and)\b", rest)
            if not skip:
                return None
            rest = rest[skip.end():]
    return total or None


@lru_cache(maxsize=None)
def _ordinal_parts(table: LanguageTable) -> tuple[dict[str, int], list[str]]:
    """The folded ordinal parts of a table and their keys, longest first."""
    parts = table.get("ordinal_parts") or {}
    folded = {_fold(k): int(v) for k, v in parts.items()}
    return folded, sorted(folded, key=len, reverse=True)


def _fold(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().casefold().strip()


def _opening_regex(table: LanguageTable, section: str, before: bool) -> re.Pattern:
    """Regex of the opening words of a paragraph: optional adverb, the phrase, optional adverb."""
    phrases = sorted(map(str, table.get(section) or {}), key=len, reverse=True)
    alt = "|".join(f"[{p[0].upper()}{p[0].lower()}]{re.escape(p[1:])}" for p in phrases)
    pre = "|".join(re.escape(a) for a in sorted(table.get("verb_adverbs_before") or [], key=len, reverse=True))
    post = "|".join(re.escape(a) for a in sorted(table.get("verb_adverbs_after") or [], key=len, reverse=True))
    rx = r"^(?P<adv>(?:" + pre + r")\s+)?" if (before and pre) else r"^"
    rx += r"(?P<phrase>" + alt + r")(?![\w\-])"
    if post:
        rx += r"(?:,?\s+(?:" + post + r")(?![\w\-]))?"
    return re.compile(rx)


class _Vocabulary:
    """The compiled opening-word regexes of one language table."""

    def __init__(self, table: LanguageTable):
        self.table = table
        self.pp = _opening_regex(table, "preambular_openings", before=True)
        self.op = _opening_regex(table, "operative_verbs", before=True)
        self.pp_lemmas = {_fold(k): v for k, v in (table.get("preambular_openings") or {}).items()}
        self.op_lemmas = {_fold(k): v for k, v in (table.get("operative_verbs") or {}).items()}

    def preambular(self, text: str) -> str | None:
        m = self.pp.match(text)
        return self.pp_lemmas.get(_fold(m["phrase"])) if m else None

    def operative(self, text: str) -> str | None:
        m = self.op.match(text)
        return self.op_lemmas.get(_fold(m["phrase"])) if m else None


_VOCABULARIES: dict[str, _Vocabulary] = {}


def _vocabulary(table: LanguageTable) -> _Vocabulary:
    v = _VOCABULARIES.get(table.lang)
    if v is None or v.table is not table:
        v = _VOCABULARIES[table.lang] = _Vocabulary(table)
    return v


# --------------------------------------------------------------------------- layout clean-up

MD_FOOTNOTE_RE = re.compile(r"^\[\^(?P<n>\d+)\]:\s*(?P<text>.*)$")
PDF_FOOTNOTE_RULE_RE = re.compile(r"^\s*_{5,}\s*$")
PDF_FOOTNOTE_RE = re.compile(r"^\s*(?P<n>\d{1,3})\s+(?P<text>\S.*)$")
#: page furniture of UN PDFs: job number lines, barcodes, page numbers, symbol headers
JOB_LINE_RE = re.compile(r"^\s*(?:\d{1,3}/\d{1,3}\s+)?\d{2}-\d{5}\b.*$|^\s*\*\d{5,}\*\s*$")
SYMBOL_LINE_RE = re.compile(r"^\s*[A-Z][A-Z0-9.\-]*(?:/[A-Za-z0-9.\-]+)+\s*$")


def looks_like_pdf_text(text: str) -> bool:
    """The text layer of a UN PDF: footnote rules or job-number lines on their own."""
    lines = text.split("\n")
    return any(PDF_FOOTNOTE_RULE_RE.match(x) for x in lines) or sum(bool(JOB_LINE_RE.match(x)) for x in lines) >= 2


def split_markdown_footnotes(text: str) -> tuple[list[str], dict[int, str]]:
    """Body lines and the `[^n]: …` footnote definitions (a definition whose number breaks
    the sequence, such as `[^1994]:`, is the previous footnote's next line)."""
    lines, notes, last = [], {}, None
    for line in text.split("\n"):
        m = MD_FOOTNOTE_RE.match(line)
        if m:
            n = int(m["n"])
            if last is None or n == last + 1 or n not in notes and n < (last or 0) + 3:
                notes[n] = m["text"].strip()
                last = n
            else:
                notes[last] += f" {m['n']} {m['text'].strip()}"
            continue
        if last is not None and line.startswith((" ", "\t")) and line.strip():
            notes[last] += " " + line.strip()
            continue
        lines.append(line)
    while lines and lines[-1].strip() in ("", "---"):
        lines.pop()
    return lines, {n: normalise_space(t) for n, t in notes.items()}


def split_pdf_layout(text: str) -> tuple[list[str], dict[int, str]]:
    """Body lines of a PDF text layer without page furniture, and the footnotes collected
    from the blocks under `_____` rules."""
    raw = text.split("\n")
    # running titles repeated just above the page number lines are page furniture too
    jobs = [i for i, x in enumerate(raw) if JOB_LINE_RE.match(x)]
    seen = Counter(raw[j].strip() for i in jobs for j in range(max(0, i - 4), i) if raw[j].strip())
    repeated = {x for x, n in seen.items() if n >= 2}
    drop = set()
    for i in jobs:
        j = i - 1
        while j >= 0 and (not raw[j].strip() or raw[j].strip() in repeated):
            drop.add(j)
            j -= 1
    lines: list[str] = []
    notes: dict[int, str] = {}
    last: int | None = None
    i, in_notes = 0, False
    while i < len(raw):
        line = raw[i]
        if i in drop:
            i += 1
            continue
        if PDF_FOOTNOTE_RULE_RE.match(line):
            in_notes = True
            i += 1
            continue
        if SYMBOL_LINE_RE.match(line) or JOB_LINE_RE.match(line):
            # a page header: the symbol, a running title, the job number and page
            j = i + 1
            while j < len(raw) and j <= i + 5 and not JOB_LINE_RE.match(raw[j]):
                j += 1
            if SYMBOL_LINE_RE.match(line) and j < len(raw) and j <= i + 5:
                i = j + 1
            else:
                i += 1
            in_notes = False
            continue
        if in_notes:
            m = PDF_FOOTNOTE_RE.match(line)
            if m and (last is None or int(m["n"]) == last + 1):
                last = int(m["n"])
                notes[last] = m["text"].strip()
            elif last is not None and line.strip():
                notes[last] += " " + line.strip()
            i += 1
            continue
        lines.append(line)
        i += 1
    return lines, {n: normalise_space(t) for n, t in notes.items()}


# --------------------------------------------------------------------------- header

@dataclass
class _Line:
    text: str       # stripped
    fresh: bool     # starts a block: after a blank line (text) or indented (PDF)


def _lines(raw: list[str], fmt: str) -> list[_Line]:
    out, blank = [], True
    for line in raw:
        if not line.strip():
            blank = True
            continue
        fresh = line[:1].isspace() if fmt == "pdf" else blank
        out.append(_Line(line.strip(), fresh))
        blank = False
    return out


def _symbols(text: str) -> list[str]:
    return [str(sym) for sym, _, _ in UNSymbol.find_all(text)]


def parse_header(table: LanguageTable, header: str, res: ParsedResolution) -> None:
    flat = normalise_space(header)
    m = _first(table, "resolution_session", flat)
    if m:
        res.session = parse_ordinal(table, m["ordinal"])
    m = _first(table, "resolution_agenda_items", flat)
    adoption = _first(table, "resolution_adoption", flat)
    if m:
        res.agenda_items = [normalise_space(x["item"]) for x in
                            (mm[1] for mm in table.match("resolution_agenda_item", m["items"]))]
        # "99 (bb)", "99 bb)", "99(bb)" → "99 (bb)"
        res.agenda_items = [re.sub(r"^(\d+) ?\(?([a-z]{1,3})\)$", r"\1 (\2)", x) for x in res.agenda_items]
        end = adoption.start() if adoption and adoption.start() > m.end() else len(flat)
        title = flat[m.end():end].strip(" :")
        res.agenda_title = title or None
    m = _first(table, "resolution_distribution", flat)
    if m:
        res.distributed = parse_date(table, m["date"])
    for entry, m in table.match("resolution_committee", flat):
        symbols = _symbols(m["symbols"])
        if entry.value == "draft":
            res.draft_symbols = symbols
        else:
            res.committee = normalise_space(m["committee"])
            res.committee_reports = symbols
    stated = [s for s in _symbols(flat) if UNSymbol.parse(s).ga_resolution or "/RES/" in s]
    if stated:
        res.symbol = stated[0]


def _body_slug(table: LanguageTable, name: str) -> str | None:
    name = normalise_space(name)
    bodies = table.get("resolution_bodies") or {}
    for key in sorted(bodies, key=len, reverse=True):
        if _fold(name).startswith(_fold(key)):
            return bodies[key]
    return None


# --------------------------------------------------------------------------- paragraphs

class _Segmenter:
    """Cuts the lines of a resolution's text into preambular, operative and annexed
    paragraphs with their sub-paragraphs."""

    def __init__(self, vocab: _Vocabulary, fmt: str, title: str | None, warnings: list[str]):
        self.v = vocab
        self.fmt = fmt
        self.title = _fold(title or "")
        self.warnings = warnings
        self.paragraphs: list[Paragraph] = []
        self.current: Paragraph | None = None
        self.sub: SubParagraph | None = None
        self.list_mode = False
        self.next_op = 1
        self.next_annex = 1

    # text of the unit being written
    def _tail(self) -> str:
        if self.sub is not None:
            return self.sub.text
        return self.current.text if self.current else ""

    def _append(self, text: str) -> None:
        if self.sub is not None:
            self.sub.text = _join(self.sub.text, text)
        elif self.current is not None:
            self.current.text = _join(self.current.text, text)

    def _open(self, kind: str, number: int, text: str, verb: str | None) -> None:
        self.current = Paragraph(kind, number, text, verb)
        self.paragraphs.append(self.current)
        self.sub = None
        self.list_mode = text.rstrip().endswith(":")

    def _open_sub(self, letter: str | None, text: str) -> None:
        assert self.current is not None
        if letter is None:
            letter = item_letter(len(self.current.subparagraphs))
        self.sub = SubParagraph(letter, text)
        self.current.subparagraphs.append(self.sub)
        self.list_mode = True

    def _is_running_header(self, line: _Line) -> bool:
        """A page header repeating (a part of) the title: no final punctuation, and the
        title starts with it or it starts with the title."""
        t = _fold(line.text)
        if not self.title or line.text[-1:] in _TERMINAL or len(t) < 12:
            return False
        return self.title.startswith(t) or t.startswith(self.title)

    def feed(self, lines: list[_Line], *, annex: bool = False) -> None:
        if annex:                        # an annexed text starts afresh
            self.current, self.sub, self.list_mode = None, None, False
        for line in lines:
            self._feed(line, annex)

    def _feed(self, line: _Line, annex: bool) -> None:
        s = line.text
        tail = _TRAILING_CALL.sub("", self._tail().rstrip())
        ended = not tail or tail[-1] in _TERMINAL or tail.endswith(("”", "’")) and tail[-2:-1] in _TERMINAL
        if line.fresh and self._is_running_header(line):
            return
        numbered = re.match(r"^(?P<n>\d{1,3})\.\s+(?P<rest>\S.*)$", s)
        expected = self.next_annex if annex else self.next_op
        if numbered and int(numbered["n"]) == expected and (numbered["rest"][0].isupper() or annex):
            rest = numbered["rest"]
            if annex:
                self._open("annex", expected, rest, None)
                self.next_annex += 1
            else:
                verb = self.v.operative(rest)
                if verb is None:
                    verb = _first_word(rest)
                    self.warnings.append(f"operative paragraph {expected}: unknown opening verb {verb!r}")
                self._open("op", expected, rest, verb)
                self.next_op += 1
            if annex:
                self._split_glued_annex()
            return
        lettered = re.match(r"^\(?(?P<l>[a-z]{1,2}|[ivx]{1,5})\)\s+(?P<rest>\S.*)$", s)
        if lettered and self.current is not None:
            self._open_sub(lettered["l"], lettered["rest"])
            return
        if annex:
            if self.current is None:
                return                           # headings before paragraph 1 of an annex
            if line.fresh and ended and s[0].isupper() and self.list_mode:
                self._open_sub(None, s)
            else:
                self._append(s)
            self._split_glued_annex()
            return
        in_preamble = self.next_op == 1
        if in_preamble:
            verb = self.v.preambular(s)
            if verb and ended and (line.fresh or self.fmt != "pdf") and not (self.list_mode and not line.fresh):
                self._open("pp", len(self.preambular()) + 1, s, verb)
                return
            if self.current is None and not self.paragraphs:
                verb = self.v.operative(s)
                if verb:                          # a single unnumbered operative paragraph
                    self._open("op", 1, s, verb)
                    self.next_op = 2
                    return
        if self.current is None:
            if in_preamble and s[0].isupper():
                self._open("pp", 1, s, _first_word(s))
                self.warnings.append(f"preambular paragraph 1: unknown opening {_first_word(s)!r}")
            return
        if line.fresh and ended and s[0].isupper() and tail:
            if self.list_mode:
                self._open_sub(None, s)
                return
            if in_preamble and tail[-1] in ",;":
                word = _first_word(s)
                self.warnings.append(f"preambular paragraph {len(self.preambular()) + 1}: unknown opening {word!r}")
                self._open("pp", len(self.preambular()) + 1, s, word)
                return
        self._append(s)

    def _split_glued_annex(self) -> None:
        """Annexed texts lose line breaks: '… persons.8 6. We recall …' holds paragraph 6."""
        while self.current is not None and self.current.kind == "annex" and self.sub is None:
            n = self.next_annex
            m = re.search(rf"(?<=[.;:”\d])\s+{n}\.\s+(?=[A-Z])", self.current.text)
            if not m:
                return
            head, rest = self.current.text[:m.start()], self.current.text[m.end():]
            self.current.text = head
            self._open("annex", n, rest, None)
            self.next_annex += 1

    def preambular(self) -> list[Paragraph]:
        return [p for p in self.paragraphs if p.kind == "pp"]


def item_letter(index: int) -> str:
    """The letter of the index-th item of a list whose letters the text lost: a … z, aa, bb …"""
    return _LETTERS[index % 26] * (index // 26 + 1)


#: a footnote call at the end of a line ("… Women,5", "… Bodies, 5", "… girls[^12]")
_TRAILING_CALL = re.compile(r"(?:\s*\[\^\d+\]|(?<=[,;:.”’])\s?\d{1,3})\s*$")


def _join(a: str, b: str) -> str:
    if a.endswith("-") and not a.endswith(" -") and b[:1].islower():
        return a + b                     # a word hyphenated over two lines
    return f"{a} {b}" if a else b


def _first_word(text: str) -> str:
    m = re.match(r"[\w\-’']+", text)
    return (m.group(0) if m else text.split()[0]).lower()


# --------------------------------------------------------------------------- footnote calls

_CALL_BLOCKERS = re.compile(r"(?i)^(?:art(?:icle)?s?|paras?|paragraphs?|no|nos|vol|chap|chapter|annex|item|items|"
                            r"section|rule|goal|principle|part|page|pages|protocol|resolution|resolutions|"
                            r"decision|decisions|and|or|to|of|on|in|from|by|for|at|the|a|an|et|y|de|du|des|la|le|"
                            r"les|el|los|las|del|al)\.?$")


def _call_at(text: str, k: int, pos: int) -> tuple[int, int] | None:
    """Where footnote k is called in text at or after pos: an explicit [^k], or a
    superscript number glued to a word or punctuation or standing after one."""
    explicit = re.compile(rf"\s?\[\^{k}\]")
    bare = re.compile(rf"(?<![\d/\-–])(?<!\d\.)(\s{{0,2}})({k})(?![\d/])(?=\s|[,;.:)]|$)")
    best = None
    m = explicit.search(text, pos)
    if m:
        best = (m.start(), m.end())
    for m in bare.finditer(text, pos):
        if best and m.start() >= best[0]:
            break
        start = m.start(2)
        before = text[:m.start()]
        if not before:
            continue
        prev = before[-1]
        if m.group(1):                    # "Rights, 1 the": a space before the number
            token = before.split()[-1] if before.split() else ""
            if not token or _CALL_BLOCKERS.match(token) or token.lower() in _MONTHS_LOWER:
                continue
            if not (token[-1] in ",;:.”’)" or token[0].isupper()) or token[-1].isdigit():
                continue
            after = text[m.end():m.end() + 12]
            if re.match(r"\s*(?:[A-Z][a-z]+ \d{4}|January|February|March|April|May|June|July|August|"
                        r"September|October|November|December|per cent|and \d)", after):
                continue
        elif not (prev.isalpha() or prev in ",;:.”’)"):
            continue
        elif prev == "." and not (len(before) > 1 and (before[-2].islower() or before[-2] in ")”’")):
            continue                      # "C-24/DEC.4", "E.96": a symbol, not a call
        best = (m.start() if m.group(1) else start, m.end(2))
        break
    # a call glued to a year: "Political Declarations of 20172 and 2021,3" (2017 + call 2)
    m = re.compile(rf"(?<=[\s–-])(?:19|20)\d\d({k})(?=\s|[,;.:)]|$)").search(text, pos)
    if m and (best is None or m.start(1) < best[0]):
        best = (m.start(1), m.end(1))
    return best


_MONTHS_LOWER = {"january", "february", "march", "april", "may", "june", "july", "august",
                 "september", "october", "november", "december"}


def attach_footnotes(units: list, footnotes: dict[int, str]) -> None:
    """Find, in reading order, where each footnote is called; record the number on the
    paragraph or sub-paragraph and remove the call from its text."""
    if not footnotes:
        for u in units:
            u.text = normalise_space(re.sub(r"\s?\[\^\d+\]", "", u.text))
        return
    nxt = min(footnotes)
    last = max(footnotes)
    for u in units:
        text = normalise_space(u.text)
        pos = 0
        while nxt <= last:
            found = None
            for k in range(nxt, min(nxt + 3, last + 1)):
                if k not in footnotes:
                    continue
                hit = _call_at(text, k, pos)
                if hit:
                    found = (k, hit)
                    break
            if not found:
                break
            k, (s, e) = found
            u.footnotes.append(k)
            text = text[:s] + text[e:]
            pos = s
            nxt = k + 1
        u.text = normalise_space(re.sub(r"\s?\[\^\d+\]", "", text))


# --------------------------------------------------------------------------- citations

def find_citations(table: LanguageTable, text: str, own_body: str) -> list[Citation]:
    """Resolutions, decisions, document symbols, instruments and their articles cited in a text."""
    out: list[Citation] = []
    taken: list[tuple[int, int]] = []
    for entry, m in table.match("citation_keywords", text):
        kind = entry.value
        body = own_body
        found = table.search("citing_bodies", text[max(0, m.start() - 120):m.start()])
        if found:
            body = found[0].value
        pos = m.end()
        while True:
            item = _first(table, "citation_item", text[pos:])
            if not item or item.start() != 0:
                break
            cit = None
            if item["number"]:
                start, end = pos + item.start("number"), pos + item.end("number")
                cit = Citation(kind, item["number"], start, end, body=body,
                               date=parse_date(table, item["date"]) if item["date"] else None)
                out.append(cit)
                taken.append((start, end))
            pos += item.end()
            titled = _first(table, "citation_title", text[pos:])
            if titled and titled.start() == 0:
                if cit is not None:
                    cit.title = normalise_space(titled["title"])
                pos += titled.end()
            sep = _first(table, "citation_separator", text[pos:])
            if not sep or sep.start() != 0:
                break
            pos += sep.end()
    instruments = table.match("instruments", text) + table.match("instrument_refs", text)
    instruments.sort(key=lambda em: (em[1].start(), -em[1].end()))
    for entry, m in instruments:
        if any(s <= m.start() < e for s, e in taken):
            continue
        taken.append((m.start(), m.end()))
        slugs = entry.value if isinstance(entry.value, list) else [entry.value]
        for value in slugs:
            out.append(Citation("convention", value, m.start(), m.end()))
        art = _first(table, "article_citation", text[max(0, m.start() - 160):m.start()])
        if art and len(slugs) == 1:
            offset = max(0, m.start() - 160)
            numbers = [int(x) for x in re.findall(r"\d+", art["articles"])]
            paras = tuple(int(x) for x in re.findall(r"\d+", art["paragraphs"] or ""))
            end = offset + max(art.end("articles"), art.end("paragraphs") if art["paragraphs"] else 0)
            start = offset + art.start()
            for num in numbers:
                out.append(Citation("article", f"{slugs[0]}:{num}", start, end,
                                    paragraphs=paras if len(numbers) == 1 else ()))
    for sym, s, e in UNSymbol.find_all(text):
        if any(a <= s < b for a, b in taken):
            continue
        if not re.search(r"\d", str(sym)) or re.fullmatch(r"[A-Z]/\d+", str(sym)):
            continue
        out.append(Citation("document", str(sym), s, e))
    out.sort(key=lambda c: (c.start, c.end))
    return out


# --------------------------------------------------------------------------- the parser

def parse_resolution(text: str, lang: str, fmt: str = "text") -> ParsedResolution | None:
    """The facts a resolution or decision states, read from its text alone; None when the
    text is not one (no adoption line or enacting formula, or no number)."""
    try:
        table = load_table(lang)
    except UsageError:                   # no table for the language: not parseable here
        return None
    if not all(s in table for s in REQUIRED_SECTIONS):
        return None
    front, body_text = split_front_matter(text) if fmt == "markdown" else ({}, text)
    if fmt == "text" and looks_like_pdf_text(body_text):
        fmt = "pdf"                      # a PDF's text layer saved as text reads like the PDF
    if fmt == "pdf":
        raw_lines, footnotes = split_pdf_layout(body_text)
    else:
        raw_lines, footnotes = split_markdown_footnotes(body_text)
    joined = "\n".join(raw_lines)
    formula = _first(table, "resolution_enacting_formula", joined)
    if not formula:
        return None
    heading = table.search("resolution_number_title", joined[:formula.start()])
    found = table.search("resolution_adoption", normalise_space(joined[:formula.start()]))
    if not heading:
        return None
    numbered = heading[1]
    kind = heading[0].value or "resolution"
    body = _body_slug(table, formula["body"])
    adoption = found[1] if found else None
    if found:
        kind = found[0].value
        body = _body_slug(table, adoption["body"]) or body
    if body is None:
        return None
    res = ParsedResolution(kind=kind, number=numbered["number"], body=body)
    if adoption:
        res.adopted = parse_date(table, adoption["date"])
    header = joined[:formula.start()]
    parse_header(table, header[:numbered.start()], res)
    res.title = normalise_space(header[numbered.start("title"):]) or None
    if res.title:
        res.title = res.title.rstrip(" :")
    derived = f"A/RES/{res.number}" if body == "ga" and kind == "resolution" else None
    if res.symbol and derived and res.symbol != derived:
        res.warnings.append(f"the symbol printed ({res.symbol}) and the number ({res.number}) disagree")
    res.symbol = res.symbol or derived
    if res.session is None and body == "ga" and re.fullmatch(r"\d+/\d+", res.number):
        # 80/10 (A/RES/80/10, A/DEC/80/510) is of the eightieth session, whether the header says so or not
        res.session = int(res.number.split("/")[0])
    res.footnotes = footnotes

    rest = joined[formula.end():]
    plenary = _first(table, "resolution_plenary_meeting", rest)
    main, after = (rest[:plenary.start()], rest[plenary.end():]) if plenary else (rest, "")
    if plenary:
        res.plenary_meeting = int(plenary["n"])
    annex_text = ""
    annex = _first(table, "resolution_annex", after)
    if annex:
        annex_text = after[annex.start():]
    seg = _Segmenter(_vocabulary(table), fmt, res.title, res.warnings)
    main_lines = _lines(main.split("\n"), fmt)
    # A resolution that adopts a text ("Adopts the following political declaration …:")
    # has one unnumbered operative paragraph; what follows it is the adopted text.
    if main_lines and not _vocabulary(table).preambular(main_lines[0].text) and _vocabulary(table).operative(main_lines[0].text):
        k = 0
        while k < len(main_lines) - 1 and main_lines[k].text[-1:] not in ".:;":
            k += 1
        if not re.match(r"^\d+\.\s", main_lines[k + 1].text if k + 1 < len(main_lines) else "") or annex:
            seg.feed(main_lines[:k + 1])
            seg.feed(main_lines[k + 1:], annex=True)
            main_lines = []
    seg.feed(main_lines)
    if annex_text:
        seg.feed(_lines(annex_text.split("\n"), fmt), annex=True)
    res.paragraphs = seg.paragraphs
    units: list = []
    for p in res.paragraphs:
        units.append(p)
        units.extend(p.subparagraphs)
    attach_footnotes(units, footnotes)
    for u in units:
        u.citations = find_citations(table, u.text, res.body)
    cross_check(front, res)
    return res


def cross_check(front: dict, res: ParsedResolution) -> None:
    """Compare the facts read from the text with a Markdown front matter; differences are warnings."""
    if not front:
        return
    if front.get("symbol") and str(front["symbol"]).strip() != (res.symbol or ""):
        res.warnings.append(f"front matter symbol {front['symbol']!r} differs from the text's {res.symbol!r}")
    fdate = str(front.get("date") or "")
    known = {d.isoformat() for d in (res.adopted, res.distributed) if d}
    if fdate and known and fdate not in known:
        res.warnings.append(f"front matter date {fdate} is neither the adoption nor the distribution date "
                            f"read from the text ({', '.join(sorted(known))})")
    ftitle = str(front.get("title") or "").strip().rstrip(" :")
    if ftitle and res.title and _norm_title(ftitle) != _norm_title(res.title):
        res.warnings.append(f"front matter title {ftitle!r} differs from the text's title {res.title!r}")


def _norm_title(t: str) -> str:
    return re.sub(r"[^a-z0-9]+", " ", _fold(re.sub(r"[\W_]+", " ", t))).strip()


# --------------------------------------------------------------------------- the graph

def extract_resolution(source: SourceText, text: str, lang: str, minter: Minter) -> ExtractedDocument | None:
    """The graph of a resolution or decision; None when the text is not one."""
    if source.format == "xml":
        from .akn import extract_akn

        return extract_akn(source, minter)
    parsed = parse_resolution(text, lang, source.format)
    if parsed is None:
        return None
    return build_graph(parsed, source, lang, minter)


def work_iri(parsed: ParsedResolution, minter: Minter) -> URIRef:
    if parsed.symbol and UNSymbol.parse(parsed.symbol).ga_resolution:
        return minter.document(parsed.symbol)
    if parsed.kind == "decision":
        return minter.decision(parsed.body, parsed.number)
    return minter.resolution(parsed.body, parsed.number)


def build_graph(parsed: ParsedResolution, source: SourceText, lang: str, minter: Minter,
                work: URIRef | None = None) -> ExtractedDocument:
    """Write the parsed facts as ontology/MODEL.md lays them out (work: the document IRI
    when it is not minted from the symbol or number)."""
    work = work or work_iri(parsed, minter)
    b = DocumentBuilder(minter, work, lang, source)
    b.warnings.extend(parsed.warnings)
    body = minter.body(parsed.body)
    b.add(work, UNKG.number, lit(parsed.number))
    b.add(work, UNKG.body, body)
    b.add(work, UNKG.adoptedBy, body)
    if parsed.adopted:
        b.add(work, UNKG.adoptedOn, lit(parsed.adopted.isoformat(), None, XSD.date))
    if parsed.distributed:
        b.add(work, UNKG.distributionDate, lit(parsed.distributed.isoformat(), None, XSD.date))
    if parsed.plenary_meeting is not None:
        b.add(work, UNKG.plenaryMeeting, lit(parsed.plenary_meeting))
    for s in parsed.draft_symbols:
        b.add(work, UNKG.draftSymbol, lit(s))
    for s in parsed.committee_reports:
        b.add(work, UNKG.committeeReport, lit(s))
    if parsed.session is not None:
        session = minter.session(parsed.body, parsed.session)
        b.add(work, UNKG.session, session)
        b.add(session, RDF.type, UNKG.Session)
        b.add(session, UNKG.meetingOf, body)
        b.add(session, UNKG.ordinal, lit(parsed.session))
        for label in parsed.agenda_items:
            item = minter.agenda_item(session, label)
            b.add(work, UNKG.considersAgendaItem, item)
            b.add(item, RDF.type, UNKG.AgendaItem)
            b.add(item, UNKG.agendaItemOf, session)
            b.add(item, UNKG.itemNumber, lit(label))
            if parsed.agenda_title and len(parsed.agenda_items) == 1:
                b.add(item, UNKG.title, b.literal(parsed.agenda_title))
    for n, text in parsed.footnotes.items():
        fn = minter.footnote(work, n)
        b.add(fn, RDF.type, UNKG.Footnote)
        b.add(fn, UNKG.inDocument, work)
        b.add(fn, UNKG.paragraphNumber, lit(n))
        b.add(fn, UNKG.text, b.literal(text))
    kind_code = {"pp": "preambular", "op": "operative", "annex": "narrative"}
    for p in parsed.paragraphs:
        units = [(None, p)] + [(s.letter, s) for s in p.subparagraphs]
        for letter, u in units:
            para = b.paragraph(p.number, u.text or p.text, kind=p.kind, letter=letter, kind_code=kind_code[p.kind])
            if letter is None and p.verb:
                b.add(para, UNKG.verb, lit(p.verb))
            for n in u.footnotes:
                if n in parsed.footnotes:
                    b.add(para, UNKG.footnote, minter.footnote(work, n))
            for c in u.citations:
                target = _cited_node(b, minter, c)
                if target is None or target == work:
                    continue
                # keyed by paragraph and cited resource: the language versions share it
                node = URIRef(f"{para}/cite/{str(target).split('/id/', 1)[-1]}")
                b.add(work, UNKG.cites, target)
                b.add(work, UNKG.citation, node)
                b.add(node, RDF.type, UNKG.Citation)
                b.add(node, UNKG.citedResource, target)
                b.add(node, UNKG.inParagraph, para)
                if c.title:
                    b.add(node, UNKG.title, b.literal(c.title))
                b.mention(target, para, c.start, c.end)
    return b.finish(parsed.kind, symbol=parsed.symbol, title=parsed.title)


def _cited_node(b: DocumentBuilder, minter: Minter, c: Citation) -> URIRef | None:
    if c.kind in ("resolution", "decision"):
        try:
            node = (minter.resolution if c.kind == "resolution" else minter.decision)(c.body or "ga", c.key)
        except UsageError:               # a number the minter refuses (1980/67) is not cited
            return None
        b.add(node, RDF.type, UNKG.Resolution if c.kind == "resolution" else UNKG.Decision)
        b.add(node, UNKG.number, lit(c.key))
        b.add(node, UNKG.body, minter.body(c.body or "ga"))
        if c.date:
            b.add(node, UNKG.adoptedOn, lit(c.date.isoformat(), None, XSD.date))
        return node
    if c.kind == "document":
        node = minter.document(c.key)
        sym = UNSymbol.parse(c.key)
        if sym.ga_resolution:
            s, n = sym.ga_resolution
            b.add(node, RDF.type, UNKG.Resolution)
            b.add(node, UNKG.number, lit(f"{s}/{n}"))
            b.add(node, UNKG.body, minter.body("ga"))
        else:
            b.add(node, RDF.type, UNKG.Document)
        b.add(node, UNKG.symbol, lit(c.key))
        return node
    if c.kind == "convention":
        node = minter.convention(c.key)
        b.add(node, RDF.type, UNKG.Protocol if "-" in c.key else UNKG.Convention)
        return node
    if c.kind == "article":
        conv, num = c.key.split(":")
        node = minter.article(conv, int(num))
        b.add(node, RDF.type, UNKG.Article)
        b.add(node, UNKG.convention, minter.convention(conv))
        b.add(node, UNKG.number, lit(int(num)))
        for p in c.paragraphs:
            ap = minter.article_paragraph(conv, int(num), p)
            b.add(node, UNKG.hasParagraph, ap)
            b.add(ap, RDF.type, UNKG.ArticleParagraph)
            b.add(ap, UNKG.article, node)
        return node
    return None
