"""The query library: named SPARQL queries in queries/*.rq, run from the CLI and the API.

Each .rq file describes itself in a header of `#+ key: value` comment lines (the format is
documented in docs/queries.md):

    #+ title: Recommendations by article and addressee
    #+ question: Which recommendations concern an article, and whom do they address?
    #+ param: article int "Article number of the Convention" bind=articleFilter
    #+ param: from date "Adopted on or after this date" min=adopted
    #+ columns: recommendation, document, number

Parameters are bound as RDF terms, never spliced into the query text:

- an *equality* parameter (the default) is handed to `Store.select` as a binding of the
  variable named by `bind=` (default: the parameter's name), with the meaning of a trailing
  VALUES clause, which SPARQL joins with the solutions of the WHERE clause. The query must
  therefore bind that variable in every solution (a FILTER inside WHERE never sees a
  trailing VALUES, SPARQL 1.1 section 18.2.4.3). When the variable is projected and bound by
  a triple pattern in every solution, the embedded store substitutes the value into the
  patterns instead (store.query_text.substitutable), which is much faster; a query may project
  such a variable without declaring it a column: run_named leaves it out of the answer.
- an equality parameter may also *narrow* another variable (`narrow=VAR:PROPERTY`): the
  query's author states that a row whose key equals the value has a ?VAR whose
  unkg:PROPERTY, as a string, is the value (a symbol names its document). run_named looks
  the value up first, binds ?VAR to the one subject found, and returns no rows when there is
  none; the parameter's own binding stays, so the rows are the same, found from the document
  rather than by reading every row (resolution-paragraphs by symbol at 10,000 documents).
- an equality parameter may be a *lookup* (`lookup`): bound, it leaves few rows, and the
  query runs with its sub-selects written as plain patterns (store.query_text.inline_subselects),
  looked up row by row instead of read whole and joined by hashing, as its listing is.
- a *range* parameter (`min=COLUMN` / `max=COLUMN`) keeps the rows whose COLUMN value is
  at least / at most the given value, compared as typed values after the query has run
  (a VALUES join can only test equality).
"""
from __future__ import annotations

import datetime as _dt
import re
import shlex
import sys
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from stat import S_ISREG
from typing import Mapping

from rdflib import Literal, URIRef
from rdflib.term import Identifier

from .config import Settings
from .errors import NotFound, QueryError, UsageError
from .output import render
from .resources import artifact_dir
from .store import SelectResult, Store
from .store.query_text import inline_subselects
from .vocab import ONTOLOGY_IRI

#: parameter types: a pattern the raw value must match and what it means, for messages
PARAM_TYPES: dict[str, tuple[str, str]] = {
    "string": (r"[^\x00-\x1f]+", "any text on one line"),
    "int": (r"[0-9]{1,9}", "a whole number such as 23"),
    "date": (r"[0-9]{4}-[0-9]{2}-[0-9]{2}", "a date written YYYY-MM-DD"),
    "iri": (r"https?://[^\s<>\"{}|\\^`]+", "an absolute http(s) IRI"),
    "iso3": (r"[A-Za-z]{3}", "an ISO 3166-1 alpha-3 code such as FIN"),
    "code": (r"[A-Za-z][A-Za-z0-9_-]{0,63}", "a code such as STATES, party or panellist"),
    "resolution": (r"[0-9]{1,3}/[0-9]{1,4}", "a resolution or decision number such as 8/4"),
    "symbol": (r"[A-Z][A-Za-z0-9.()\-]*(/[A-Za-z0-9.()\-]+)+", "a UN document symbol such as A/RES/80/10"),
    "lang": (r"[a-z]{2,3}(-[A-Za-z0-9]{1,8})*", "a language tag such as fr or en"),
}
HEADER_RE = re.compile(r"^#\+\s*(?P<key>[a-z]+)\s*:\s*(?P<value>.*?)\s*$")
NAME_RE = re.compile(r"[A-Za-z_][A-Za-z0-9_]*")
QUERY_NAME_RE = re.compile(r"(qc/)?[a-z0-9][a-z0-9-]*")


@dataclass
class Param:
    name: str
    type: str = "string"
    description: str = ""
    default: str | None = None
    #: the query variable an equality parameter binds (default: the parameter's name)
    bind: str | None = None
    #: for a range parameter: the result column compared, and how ("min" or "max")
    column: str | None = None
    bound: str | None = None
    #: (variable, property local name in the unkg ontology) this parameter narrows, if any
    narrow: tuple[str, str] | None = None
    #: bound, the query runs with its sub-selects as plain patterns (store.query_text.inline_subselects)
    lookup: bool = False

    @property
    def variable(self) -> str:
        return self.bind or self.name

    def as_dict(self) -> dict:
        d = {"name": self.name, "type": self.type, "description": self.description, "default": self.default}
        if self.column:
            d[self.bound] = self.column
        return d


@dataclass
class NamedQuery:
    name: str
    text: str
    title: str = ""
    question: str = ""
    params: list[Param] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)

    def as_dict(self) -> dict:
        """The header as data (for `GET /queries`)."""
        return {"name": self.name, "title": self.title, "question": self.question,
                "params": [p.as_dict() for p in self.params], "columns": self.columns}


def parse_header(name: str, text: str) -> NamedQuery:
    """Read the `#+ key: value` lines of a query into a NamedQuery; refuse a malformed header."""
    q = NamedQuery(name, text)
    for n, line in enumerate(text.splitlines(), start=1):
        m = HEADER_RE.match(line)
        if not m:
            continue
        key, value = m["key"], m["value"]
        where = f"query {name}, line {n}"
        if key == "title":
            q.title = value
        elif key == "question":
            q.question = f"{q.question} {value}".strip()
        elif key == "columns":
            q.columns = [c.strip() for c in value.split(",") if c.strip()]
        elif key == "param":
            q.params.append(_parse_param(value, where))
        else:
            raise QueryError(f"{where}: unknown header key {key!r} (title, question, param, columns)")
    names = [p.name for p in q.params]
    if len(set(names)) != len(names):
        raise QueryError(f"query {name}: a parameter is declared twice")
    if any(p.narrow for p in q.params) and not q.columns:
        raise QueryError(f"query {name}: a query whose parameter narrows declares its columns (#+ columns:)")
    return q


def _parse_param(value: str, where: str) -> Param:
    try:
        words = shlex.split(value)
    except ValueError as e:
        raise QueryError(f"{where}: cannot read the param line ({e})") from None
    if len(words) < 3 or not NAME_RE.fullmatch(words[0]) or words[1] not in PARAM_TYPES:
        raise QueryError(f'{where}: write a parameter as NAME TYPE "description" [default=V] [bind=VAR|min=COL|max=COL], '
                         f"TYPE one of {', '.join(PARAM_TYPES)}")
    p = Param(words[0], words[1], words[2])
    for option in words[3:]:
        key, _, val = option.partition("=")
        if key == "default":
            p.default = val
        elif key == "bind" and NAME_RE.fullmatch(val):
            p.bind = val
        elif key in ("min", "max") and NAME_RE.fullmatch(val):
            p.column, p.bound = val, key
        elif key == "narrow" and re.fullmatch(r"[A-Za-z_][A-Za-z0-9_]*:[A-Za-z_][A-Za-z0-9_]*", val):
            p.narrow = tuple(val.split(":"))
        elif option == "lookup":
            p.lookup = True
        else:
            raise QueryError(f"{where}: unknown parameter option {option!r} "
                             f"(default=, bind=, min=, max=, narrow=VAR:PROPERTY, lookup)")
    if p.column and (p.narrow or p.lookup):
        raise QueryError(f"{where}: a range parameter (min=, max=) cannot narrow a variable or be a lookup")
    if p.default is not None:
        try:
            to_term(p, p.default)
        except UsageError as e:
            raise QueryError(f"{where}: the default does not fit: {e.message}") from None
    return p


def _queries_dir() -> Path:
    return artifact_dir("queries")


def list_queries() -> list[NamedQuery]:
    """The named queries (queries/*.rq), sorted by name."""
    return [load(p.stem) for p in sorted(_queries_dir().glob("*.rq"))]


def list_qc_queries() -> list[NamedQuery]:
    """The quality-control queries (queries/qc/*.rq): each must return no row on a built graph."""
    return [load(f"qc/{p.stem}") for p in sorted((_queries_dir() / "qc").glob("*.rq"))]


def load(name: str) -> NamedQuery:
    """A named query by name (`recommendations`, or `qc/NAME` for a quality-control query)."""
    if not QUERY_NAME_RE.fullmatch(name or ""):
        raise NotFound(f"no named query {name!r}: `unkg queries` lists them")
    path = _queries_dir() / f"{name}.rq"
    try:
        info = path.stat()
    except OSError:
        info = None
    if info is None or not S_ISREG(info.st_mode):
        raise NotFound(f"no named query {name!r}: `unkg queries` lists them")
    return _parsed(name, str(path), info.st_mtime_ns, info.st_size)


@lru_cache(maxsize=256)
def _parsed(name: str, path: str, mtime_ns: int, size: int) -> NamedQuery:
    """A query file read and its header parsed once per version of the file (its time and size)."""
    return parse_header(name, Path(path).read_text(encoding="utf-8"))


def to_term(param: Param, raw: str) -> Identifier:
    """One raw value as the RDF term of the parameter's type; refuse a value of the wrong type."""
    pattern, expected = PARAM_TYPES[param.type]
    value = raw.strip()
    if not re.fullmatch(pattern, value):
        raise UsageError(f"parameter {param.name!r} expects {param.type}: {expected}; got {raw!r}")
    if param.type == "int":
        return Literal(int(value))
    if param.type == "date":
        try:
            return Literal(_dt.date.fromisoformat(value))
        except ValueError:
            raise UsageError(f"parameter {param.name!r} expects date: {value!r} is not a calendar date") from None
    if param.type == "iri":
        return URIRef(value)
    if param.type == "iso3":
        return Literal(value.upper())
    return Literal(value)


def bind_params(query: NamedQuery, raw: dict[str, str]) -> dict[str, Identifier]:
    """Typed RDF terms for the query's parameters, keyed by parameter name (defaults applied).

    Refuses an unknown parameter or a value of the wrong type with one line naming both.
    """
    unknown = [k for k in raw if query.param(k) is None]
    if unknown:
        known = ", ".join(p.name for p in query.params) or "none"
        raise UsageError(f"query {query.name} has no parameter {unknown[0]!r} (its parameters: {known})")
    terms: dict[str, Identifier] = {}
    for p in query.params:
        value = raw.get(p.name)
        if value is None or value == "":
            value = p.default
        if value is not None:
            terms[p.name] = to_term(p, value)
    return terms


def run_named(store: Store, name: str | NamedQuery, raw_params: dict[str, str] | None = None,
              limit: int | None = None) -> SelectResult:
    """Run a named query with its parameters bound as RDF terms; rows in the query's order."""
    query = name if isinstance(name, NamedQuery) else load(name)
    plan = prepare(store, query, raw_params or {})
    if plan is None:
        return SelectResult(list(query.columns), [], False)
    text, bindings, ranges = plan
    if not ranges:
        return _columns(query, store.select(text, bindings, limit=limit))
    result = store.select(text, bindings)
    rows = [row for row in result.rows if all(_in_range(result.variables, row, p, v) for p, v in ranges)]
    truncated = limit is not None and len(rows) > limit
    return _columns(query, SelectResult(result.variables, rows[:limit] if truncated else rows,
                                        truncated or result.truncated))


def prepare(store: Store, query: NamedQuery, raw_params: dict[str, str]
            ) -> tuple[str, dict[str, Identifier], list[tuple[Param, Identifier]]] | None:
    """What run_named runs: the text, the variable bindings (narrowed subjects included) and the
    range parameters; None when a narrowing parameter names nothing, so that no row can match."""
    terms = bind_params(query, raw_params)
    bindings = {query.param(k).variable: v for k, v in terms.items() if query.param(k).column is None}
    ranges = [(query.param(k), v) for k, v in terms.items() if query.param(k).column is not None]
    for k, v in terms.items():
        narrow = query.param(k).narrow
        if narrow is None:
            continue
        subjects = _narrowed(store, narrow[1], v)
        if not subjects:
            return None
        if len(subjects) == 1 and isinstance(subjects[0], URIRef):      # (a blank node cannot be bound)
            if bindings.setdefault(narrow[0], subjects[0]) != subjects[0]:
                return None
    return text_for(query, terms), bindings, ranges


def text_for(query: NamedQuery, terms: Mapping[str, Identifier]) -> str:
    """The text a named query runs with these parameters bound: its sub-selects written as
    plain patterns when a bound parameter is declared `lookup` (docs/queries.md)."""
    if any(query.param(k).lookup for k in terms):
        return inline_subselects(query.text)
    return query.text


def _narrowed(store: Store, prop: str, value: Literal) -> list:
    """Up to two subjects whose unkg:`prop`, as a string, is `value`: none means no row has
    the value, one IRI is the subject to bind, two mean the query runs without narrowing.
    The stored term is looked up first, the strings of every value of the property only
    when it is absent."""
    iri = URIRef(f"{ONTOLOGY_IRI}#{prop}").n3()
    found = store.select(f"SELECT DISTINCT ?s WHERE {{ ?s {iri} ?value }} LIMIT 2", {"value": value}).rows
    if not found:
        text = f"SELECT DISTINCT ?s WHERE {{ ?s {iri} ?o FILTER(STR(?o) = {Literal(str(value)).n3()}) }} LIMIT 2"
        found = store.select(text).rows
    return [row[0] for row in found]


def _columns(query: NamedQuery, result: SelectResult) -> SelectResult:
    """The declared columns only: a query may also project the variable a parameter binds, so
    that the store can substitute it into the patterns (docs/queries.md)."""
    if not query.columns or result.variables == query.columns or not set(query.columns) <= set(result.variables):
        return result
    idx = [result.variables.index(c) for c in query.columns]
    return SelectResult(list(query.columns), [tuple(row[i] for i in idx) for row in result.rows], result.truncated)


def _in_range(variables: list[str], row: tuple, param: Param, bound: Literal) -> bool:
    if param.column not in variables:
        raise QueryError(f"parameter {param.name!r} compares column {param.column!r}, which the query does not return")
    cell = row[variables.index(param.column)]
    if not isinstance(cell, Literal):
        return False
    got, want = cell.toPython(), bound.toPython()
    if isinstance(want, _dt.date) and isinstance(got, _dt.datetime):
        got = got.date()
    try:
        return got >= want if param.bound == "min" else got <= want
    except TypeError:
        return False


def query_from_source(query: str) -> NamedQuery:
    """A named query, a .rq file (its header is read too) or `-` for the text on stdin."""
    if query == "-":
        return parse_header("stdin", sys.stdin.read())
    path = Path(query)
    if query.endswith(".rq") or path.is_file():
        try:
            return parse_header(path.stem, path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise UsageError(f"{query}: no such query file") from None
        except (OSError, UnicodeDecodeError) as e:
            raise UsageError(f"{query}: cannot read the query file ({e.__class__.__name__})") from None
    return load(query)


def run_cli_query(store: Store, settings: Settings, query: str, params: dict[str, str], fmt: str) -> str:
    """What `unkg query NAME|FILE.rq|-` prints."""
    return render(run_named(store, query_from_source(query), params), fmt)
