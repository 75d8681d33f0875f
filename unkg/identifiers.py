"""Identifiers: UN document symbols, and the IRIs unkg mints from content identifiers.

One class parses and renders UN symbols (as cobalt's FrbrUri does for Akoma Ntoso), and
one class, `Minter`, renders every IRI of the graph from the identifiers in the text:
symbol, resolution number and body, ISO code, convention and article number, a person's
normalised name. The same input always gives the same IRI, so re-ingest is idempotent
and resolution 8/4 named in two documents is one node.

IRI patterns (below the configured base, default https://w3id.org/unkg/):

    id/doc/{symbol}                      a document (work), e.g. id/doc/CTOC/COP/WG.2/2016/1
    id/resolution/{body}/{session}/{n}   a resolution, e.g. id/resolution/ctoc-cop/8/4;
                                         a GA resolution is also its document A/RES/80/10
    id/decision/{body}/{session}/{n}     a decision, e.g. id/decision/ctoc-cop/2/6
    id/report/{body}/{meeting}           a meeting report that carries no symbol
    {work}/{lang}                        a language version (expression): …/fr, …/en
    {work}/para/{n}[/{letter}]           a numbered paragraph; pp/{n} preambular, op/{n} operative
    {work}/rec/{n}                       the recommendation made in paragraph n
    {work}/fn/{n}                        a footnote
    {work}/sec/{II}[/{A}]                a chapter or section
    graph/{work path}/{lang}             the named graph holding one source document
    graph/file/{file name}               the triples of an RDF file in a triple format (ttl, nt, rdf)
    id/body/{slug}  id/session/{body}/{n}  id/meeting/{body}/{n}  …/sitting/{n}  …/item/{1-b}
    id/state/{ISO3}  id/org/{slug}  id/person/{slug}  id/place/{slug}
    id/convention/{slug}[/article/{n}[/para/{p}]]
    id/concept/{scheme}/{code}           SKOS concepts: modality, role, status, addressee…
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from urllib.parse import quote

from rdflib import URIRef

from .config import DEFAULT_BASE_IRI
from .errors import UsageError

# A UN document symbol: slash-separated components of capitals, digits and dots,
# optionally followed by modifiers (/Add.1, /Corr.2, /Rev.1, /Amend.1, /Summary).
SYMBOL_RE = re.compile(
    r"""
    (?P<stem>
        [A-Z](?:[A-Z0-9.\-]*[A-Z0-9])?  # series: A, S, E, CTOC, CAC, ST, UNEP …
        (?:/(?!(?:Add|Corr|Rev|Amend|Summary|Sup)\b)[A-Z0-9](?:[A-Za-z0-9.\-]*[A-Za-z0-9])?)+   # RES, COP, WG.2, 2016, L.11
    )
    (?P<modifiers>(?:/(?:Add|Corr|Rev|Amend|Summary|Sup)(?:\.\d+)?)*)
    """,
    re.VERBOSE,
)
GA_RESOLUTION_RE = re.compile(r"^A/RES/(?P<session>\d+)/(?P<n>\d+)$")
# session numbers (8/4, 80/10) or, for ECOSOC, years (1980/67)
RESOLUTION_NUMBER_RE = re.compile(r"^(?P<session>\d{1,3}|(?:19|20)\d\d)/(?P<n>\d{1,4})$")

#: symbol prefixes → body slug, longest first wins
BODY_BY_PREFIX = {
    "A/RES": "ga",
    "A": "ga",
    "CTOC/COP/WG.2": "ctoc-cop-wg2",
    "CTOC/COP/WG.3": "ctoc-cop-wg3",
    "CTOC/COP/WG.4": "ctoc-cop-wg4",
    "CTOC/COP/WG.6": "ctoc-cop-wg6",
    "CTOC/COP/WG.7": "ctoc-cop-wg7",
    "CTOC/COP": "ctoc-cop",
    "CAC/COSP": "cac-cosp",
    "E/CN.15": "ccpcj",
    "S/RES": "sc",
    "S": "sc",
    "E": "ecosoc",
    "A/HRC": "hrc",
}


@dataclass(frozen=True)
class UNSymbol:
    """A parsed UN document symbol such as CTOC/COP/WG.2/2016/1 or A/73/L.6/Add.1."""

    stem: str
    modifiers: tuple[str, ...] = ()

    @classmethod
    def parse(cls, text: str) -> "UNSymbol":
        cleaned = re.sub(r"\s*/\s*", "/", text.strip())
        m = SYMBOL_RE.fullmatch(cleaned)
        if not m:
            raise UsageError(f"{text!r} is not a UN document symbol (expected e.g. A/RES/80/10 or CTOC/COP/WG.2/2016/1)")
        mods = tuple(x for x in m.group("modifiers").split("/") if x)
        return cls(m.group("stem"), mods)

    @classmethod
    def find_all(cls, text: str) -> list[tuple["UNSymbol", int, int]]:
        """Every symbol in a text with its character span."""
        out = []
        for m in SYMBOL_RE.finditer(text):
            if "/" not in m.group(0) or not re.search(r"\d", m.group(0)):
                continue
            mods = tuple(x for x in m.group("modifiers").split("/") if x)
            out.append((cls(m.group("stem"), mods), m.start(), m.end()))
        return out

    def __str__(self) -> str:
        return "/".join((self.stem, *self.modifiers))

    @property
    def body(self) -> str | None:
        parts = self.stem.split("/")
        for i in range(len(parts), 0, -1):
            slug = BODY_BY_PREFIX.get("/".join(parts[:i]))
            if slug:
                return slug
        return None

    @property
    def ga_resolution(self) -> tuple[int, int] | None:
        """(session, number) when this is a General Assembly resolution symbol."""
        m = GA_RESOLUTION_RE.match(self.stem)
        return (int(m["session"]), int(m["n"])) if m and not self.modifiers else None


def slug(text: str) -> str:
    """ASCII, lower case, hyphen-separated: 'Rafael Edmundo Mateos Poumián' → 'rafael-edmundo-mateos-poumian'."""
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", folded.lower()).strip("-")


def item_slug(label: str) -> str:
    """Agenda item label → path segment: '99 (bb)' → '99-bb', '1 b)' → '1-b', '2' → '2'."""
    return slug(label.replace("(", " ").replace(")", " "))


def parse_resolution_number(text: str) -> tuple[int, int]:
    m = RESOLUTION_NUMBER_RE.match(text.strip())
    if not m:
        raise UsageError(f"{text!r} is not a resolution or decision number (expected e.g. 8/4 or 80/10)")
    return int(m["session"]), int(m["n"])


def _path(text: str) -> str:
    return quote(text, safe="/.-_~")


class Minter:
    """Renders every IRI of the graph below one base IRI."""

    def __init__(self, base: str = DEFAULT_BASE_IRI):
        self.base = base if base.endswith("/") else base + "/"

    def _iri(self, path: str) -> URIRef:
        return URIRef(self.base + path)

    # documents
    def document(self, symbol: str | UNSymbol) -> URIRef:
        sym = symbol if isinstance(symbol, UNSymbol) else UNSymbol.parse(symbol)
        ga = sym.ga_resolution
        if ga:
            return self.resolution("ga", f"{ga[0]}/{ga[1]}")
        return self._iri("id/doc/" + _path(str(sym)))

    def report(self, body: str, meeting_ordinal: int) -> URIRef:
        return self._iri(f"id/report/{body}/{meeting_ordinal}")

    def unnamed_document(self, content_key: str) -> URIRef:
        """A document with no symbol and no meeting: keyed by a content hash."""
        return self._iri(f"id/doc/-/{content_key}")

    def resolution(self, body: str, number: str) -> URIRef:
        session, n = parse_resolution_number(number)
        return self._iri(f"id/resolution/{body}/{session}/{n}")

    def decision(self, body: str, number: str) -> URIRef:
        session, n = parse_resolution_number(number)
        return self._iri(f"id/decision/{body}/{session}/{n}")

    @staticmethod
    def expression(work: URIRef, lang: str) -> URIRef:
        return URIRef(f"{work}/{lang}")

    @staticmethod
    def paragraph(work: URIRef, number: int | str, letter: str | None = None, kind: str = "para") -> URIRef:
        """kind: 'para' (report), 'pp' (preambular), 'op' (operative), 'annex' …"""
        tail = f"/{letter}" if letter else ""
        return URIRef(f"{work}/{kind}/{number}{tail}")

    @staticmethod
    def recommendation(work: URIRef, number: int) -> URIRef:
        return URIRef(f"{work}/rec/{number}")

    @staticmethod
    def footnote(work: URIRef, number: int | str) -> URIRef:
        return URIRef(f"{work}/fn/{number}")

    @staticmethod
    def section(work: URIRef, chapter: str, letter: str | None = None) -> URIRef:
        return URIRef(f"{work}/sec/{chapter}" + (f"/{letter}" if letter else ""))

    def graph(self, expression: URIRef) -> URIRef:
        """The named graph that holds one source document (one language version)."""
        path = str(expression)
        if not path.startswith(self.base + "id/"):
            raise UsageError(f"{expression} is not an IRI minted under {self.base}")
        return self._iri("graph/" + path[len(self.base) + 3:])

    def file_graph(self, file_name: str) -> URIRef:
        """The named graph of the triples of an RDF file loaded as it is, named after the file
        alone, so that loading a file of that name again replaces it."""
        return self._iri("graph/file/" + quote(file_name, safe="-._~"))

    @property
    def ontology_graph(self) -> URIRef:
        return self._iri("graph/ontology")

    @property
    def reference_graph(self) -> URIRef:
        return self._iri("graph/reference")

    # bodies, sessions, meetings
    def body(self, slug_: str) -> URIRef:
        return self._iri(f"id/body/{slug_}")

    def session(self, body: str, number: int) -> URIRef:
        return self._iri(f"id/session/{body}/{number}")

    def meeting(self, body: str, ordinal: int) -> URIRef:
        return self._iri(f"id/meeting/{body}/{ordinal}")

    @staticmethod
    def sitting(meeting: URIRef, number: int) -> URIRef:
        return URIRef(f"{meeting}/sitting/{number}")

    @staticmethod
    def agenda_item(meeting_or_session: URIRef, label: str) -> URIRef:
        return URIRef(f"{meeting_or_session}/item/{item_slug(label)}")

    # agents, places
    def state(self, iso3: str) -> URIRef:
        if not re.fullmatch(r"[A-Z]{3}", iso3):
            raise UsageError(f"{iso3!r} is not an ISO 3166-1 alpha-3 code")
        return self._iri(f"id/state/{iso3}")

    def organization(self, slug_: str) -> URIRef:
        return self._iri(f"id/org/{slug_}")

    def person(self, name: str) -> URIRef:
        return self._iri(f"id/person/{slug(name)}")

    def place(self, name: str) -> URIRef:
        return self._iri(f"id/place/{slug(name)}")

    # instruments
    def convention(self, slug_: str) -> URIRef:
        return self._iri(f"id/convention/{slug_}")

    def article(self, convention: str, number: int) -> URIRef:
        return self._iri(f"id/convention/{convention}/article/{number}")

    def article_paragraph(self, convention: str, article: int, paragraph: int) -> URIRef:
        return self._iri(f"id/convention/{convention}/article/{article}/para/{paragraph}")

    # concepts and runs
    def concept(self, scheme: str, code: str) -> URIRef:
        return self._iri(f"id/concept/{scheme}/{_path(code)}")

    def scheme(self, scheme: str) -> URIRef:
        return self._iri(f"id/concept/{scheme}")

    def run(self, run_id: str) -> URIRef:
        return self._iri(f"id/run/{run_id}")
