"""Reading a SPARQL request before the engine sees it: what it is, and whether it may run.

The public endpoint is read-only and makes no outbound request. The embedded engine would
run an update, and would call a remote endpoint for `SERVICE`, so those are refused here,
before the query reaches the store. The check works on tokens, not on raw text: strings,
IRIs and comments are skipped, so `"SERVICE"` inside a literal is harmless, and the
`\\uXXXX` escapes SPARQL allows anywhere in a query are decoded first (SPARQL 1.1, 19.2),
so `SERVI\\u0043E` is still a SERVICE.

A graph named in `FROM`, `FROM NAMED`, `default-graph-uri` or `named-graph-uri` must be a
named graph of this store: anything else would be a remote dataset, which unkg never fetches.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from urllib.parse import urljoin

from unkg.errors import QueryError, UnkgError

#: keywords that only occur in SPARQL Update requests (LOAD reads the network as well)
UPDATE_KEYWORDS = {"INSERT", "DELETE", "LOAD", "CLEAR", "CREATE", "DROP", "COPY", "MOVE", "ADD", "WITH", "USING"}
QUERY_FORMS = {"SELECT", "CONSTRUCT", "DESCRIBE", "ASK"}
#: deeper nesting of (), {} and [] is refused: the engine's parser would exhaust its stack
MAX_NESTING = 200

_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_TOKEN = re.compile(
    r"""
      (?P<ws>\s+)
    | (?P<comment>\#[^\n\r]*)
    | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
                 |'(?:[^'\\\n\r]|\\.)*'|"(?:[^"\\\n\r]|\\.)*")
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<var>[?$][\w\u00B7\u0300-\u036F\u203F-\u2040]*)
    | (?P<lang>@[A-Za-z]+(?:-[A-Za-z0-9]+)*)
    | (?P<pname>(?:[^\W\d_][\w.-]*)?:(?:[\w:%\\.-])*)
    | (?P<word>[^\W\d][\w-]*)
    | (?P<other>.)
    """,
    re.VERBOSE | re.DOTALL,
)


class UpdateRefused(UnkgError):
    code = "read_only"
    http_status = 403


class OutboundRefused(UnkgError):
    code = "outbound_refused"
    http_status = 403


@dataclass
class QueryInfo:
    """What a query asks for: its form and the graphs its dataset clauses name."""

    form: str                                   # SELECT, CONSTRUCT, DESCRIBE or ASK
    from_graphs: list[str] = field(default_factory=list)
    from_named: list[str] = field(default_factory=list)
    lookup: bool = False                        # a bounded lookup (see `is_lookup`)

    @property
    def tabular(self) -> bool:
        return self.form in ("SELECT", "ASK")


def decode_escapes(text: str) -> str:
    def one(m: re.Match) -> str:
        code = int(m.group(1) or m.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else m.group(0)

    return _ESCAPE.sub(one, text)


def tokens(text: str) -> list[tuple[str, str]]:
    """(kind, text) for every token but white space and comments."""
    out = []
    for m in _TOKEN.finditer(text):
        kind = m.lastgroup
        if kind in ("ws", "comment"):
            continue
        out.append((kind, m.group()))
    return out


#: the most frequent lookup, every property of one IRI (`SELECT ?p ?o WHERE { <iri> ?p ?o }`),
#: recognised without tokenizing: its only words are SELECT, DISTINCT/REDUCED and WHERE, and
#: it has no backslash (no escape), no string, no comment and no dataset clause
_PLAIN_LOOKUP = re.compile(
    r"""\s*SELECT\s+(?:(?:DISTINCT|REDUCED)\s+)?(?:\*|[?$]\w+(?:\s+[?$]\w+)*)\s*(?:WHERE\s*)?"""
    r"""\{\s*<[^<>"{}|^`\\\x00-\x20]*>\s*[?$]\w+\s+[?$]\w+\s*\.?\s*\}\s*""",
    re.IGNORECASE,
)


def inspect_query(text: str) -> QueryInfo:
    """Classify a query and refuse what must not run on the public endpoint."""
    if _PLAIN_LOOKUP.fullmatch(text):
        return QueryInfo("SELECT", lookup=True)
    toks = tokens(decode_escapes(text))
    depth = 0
    for kind, t in toks:
        if kind == "other" and t in "({[":
            depth += 1
            if depth > MAX_NESTING:
                raise QueryError(f"the query nests brackets more than {MAX_NESTING} deep; simplify it")
        elif kind == "other" and t in ")}]":
            depth = max(0, depth - 1)
    words = [(i, t.upper()) for i, (kind, t) in enumerate(toks) if kind == "word"]
    upper = {w for _, w in words}
    if "SERVICE" in upper:
        raise OutboundRefused("SERVICE is refused: this endpoint never calls other endpoints; "
                              "query the remote endpoint directly")
    found = upper & UPDATE_KEYWORDS
    if found:
        raise UpdateRefused(f"this endpoint is read-only: {sorted(found)[0]} and every other SPARQL Update "
                            f"is refused; change the graph with `unkg ingest` or `unkg drop`")
    form = next((w for _, w in words if w in QUERY_FORMS), None)
    if form is None:
        raise QueryError("not a SPARQL query: expected SELECT, CONSTRUCT, DESCRIBE or ASK")
    base, prefixes = "", {}
    info = QueryInfo(form)
    i = 0
    while i < len(toks):
        kind, t = toks[i]
        up = t.upper() if kind == "word" else ""
        if up == "BASE" and i + 1 < len(toks) and toks[i + 1][0] == "iri":
            base = urljoin(base, toks[i + 1][1][1:-1])
            i += 2
            continue
        if up == "PREFIX" and i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            prefixes[toks[i + 1][1].split(":", 1)[0]] = urljoin(base, toks[i + 2][1][1:-1])
            i += 3
            continue
        if up == "FROM":
            named = i + 1 < len(toks) and toks[i + 1][0] == "word" and toks[i + 1][1].upper() == "NAMED"
            j = i + 2 if named else i + 1
            iri = _resolve(toks[j] if j < len(toks) else ("other", ""), base, prefixes)
            (info.from_named if named else info.from_graphs).append(iri)
            i = j + 1
            continue
        i += 1
    info.lookup = not (info.from_graphs or info.from_named) and is_lookup(toks)
    return info


def row_limited(text: str, rows: int) -> str:
    """The SELECT query asking for at most `rows` rows: its top-level LIMIT lowered, or one
    added (before a trailing VALUES clause), so that the engine stops where the endpoint's row
    cap would cut the result instead of computing and serialising all of it. Unchanged when it
    already asks for no more, or when it holds \\u escapes (its tokens would not be its text's)."""
    if "\\u" in text or "\\U" in text:
        return text
    toks = [(m.lastgroup, m.start(), m.end()) for m in _TOKEN.finditer(text) if m.lastgroup not in ("ws", "comment")]
    depth, values_at = 0, None
    for i, (kind, a, b) in enumerate(toks):
        t = text[a:b]
        if kind == "other" and t in "({[":
            depth += 1
        elif kind == "other" and t in ")}]":
            depth -= 1
        elif depth == 0 and kind == "word" and t.upper() == "LIMIT":
            start = end = toks[i + 1][1] if i + 1 < len(toks) else len(text)
            for kind_d, x, y in toks[i + 1:]:       # the digits, read one by one by the tokenizer
                if kind_d != "other" or x != end or not text[x:y].isdigit():
                    break
                end = y
            if end == start:
                return text                 # not a number: the engine will say what is wrong
            return text if int(text[start:end]) <= rows else f"{text[:start]}{rows}{text[end:]}"
        elif depth == 0 and kind == "word" and t.upper() == "VALUES" and values_at is None:
            values_at = a
    if not toks:
        return text
    at = values_at if values_at is not None else toks[-1][2]
    return f"{text[:at]}\nLIMIT {rows}\n{text[at:]}"


# --- bounded lookups ------------------------------------------------------------------
#
# A lookup is a query whose work is bounded by the triples of the IRIs it names: one triple
# pattern with an IRI as subject (so no join, no path, no scan of the store), or a DESCRIBE of
# IRIs, or an ASK of such a pattern. The service answers these in its own process (a worker
# process hop would cost more than the query); everything else runs in a query worker that is
# killed at the deadline.

_TERM = ("iri", "pname")


def _skip_literal(toks, i: int) -> int | None:
    """The index after a string literal with its optional @lang or ^^datatype, or None."""
    if i >= len(toks) or toks[i][0] != "string":
        return None
    i += 1
    if i < len(toks) and toks[i][0] == "lang":
        return i + 1
    if i + 2 < len(toks) and toks[i] == ("other", "^") and toks[i + 1] == ("other", "^") and toks[i + 2][0] in _TERM:
        return i + 3
    return i


def _var(tok) -> bool:
    return tok[0] == "var" and len(tok[1]) > 1


def _triple(toks, i: int) -> int | None:
    """The index after `IRI (IRI | a | ?var) (IRI | ?var | "literal")`, or None."""
    if i + 2 >= len(toks) or toks[i][0] not in _TERM:
        return None
    p = toks[i + 1]
    if not (p[0] in _TERM or _var(p) or (p[0] == "word" and p[1] == "a")):
        return None
    o = toks[i + 2]
    if o[0] in _TERM or _var(o):
        return i + 3
    if o[0] == "word" and o[1].lower() in ("true", "false"):
        return i + 3
    return _skip_literal(toks, i + 2)


def _group(toks, i: int, *, empty: bool) -> int | None:
    """The index after `{ [GRAPH g {] triple [.] [}] }` (or `{ }` when `empty`), or None."""
    if i >= len(toks) or toks[i] != ("other", "{"):
        return None
    i += 1
    if empty and i < len(toks) and toks[i] == ("other", "}"):
        return i + 1
    graph = i + 1 < len(toks) and toks[i][0] == "word" and toks[i][1].upper() == "GRAPH"
    if graph:
        if not (toks[i + 1][0] in _TERM or _var(toks[i + 1])):
            return None
        i = _group(toks, i + 2, empty=False)
    else:
        i = _triple(toks, i)
        if i is not None and i < len(toks) and toks[i] == ("other", "."):
            i += 1
    if i is None or i >= len(toks) or toks[i] != ("other", "}"):
        return None
    return i + 1


def _word(toks, i: int, *words: str) -> bool:
    return i < len(toks) and toks[i][0] == "word" and toks[i][1].upper() in words


def _number(toks, i: int) -> int:
    """The index after a run of digits (the tokenizer reads digits one by one)."""
    j = i
    while j < len(toks) and toks[j][0] == "other" and toks[j][1].isdigit():
        j += 1
    return j


def is_lookup(toks: list[tuple[str, str]]) -> bool:
    """Whether a tokenized query is a bounded lookup (see above)."""
    i = 0
    while _word(toks, i, "PREFIX", "BASE"):        # the prologue
        if toks[i][1].upper() == "BASE":
            if i + 1 >= len(toks) or toks[i + 1][0] != "iri":
                return False
            i += 2
        elif i + 2 < len(toks) and toks[i + 1][0] == "pname" and toks[i + 2][0] == "iri":
            i += 3
        else:
            return False
    if i >= len(toks) or toks[i][0] != "word":
        return False
    form = toks[i][1].upper()
    i += 1
    if form == "DESCRIBE":
        start = i
        while i < len(toks) and toks[i][0] in _TERM:
            i += 1
        return i > start and i == len(toks)
    if form == "ASK":
        i += _word(toks, i, "WHERE")
        return _group(toks, i, empty=True) == len(toks)
    if form != "SELECT":
        return False
    i += _word(toks, i, "DISTINCT", "REDUCED")
    if i < len(toks) and toks[i] == ("other", "*"):
        i += 1
    else:
        start = i
        while i < len(toks) and _var(toks[i]):
            i += 1
        if i == start:
            return False
    i += _word(toks, i, "WHERE")
    i = _group(toks, i, empty=False)
    if i is None:
        return False
    if _word(toks, i, "ORDER") and _word(toks, i + 1, "BY"):
        i += 2
        start = i
        while i < len(toks):
            if _var(toks[i]):
                i += 1
            elif (_word(toks, i, "ASC", "DESC") and i + 3 < len(toks) and toks[i + 1] == ("other", "(")
                  and _var(toks[i + 2]) and toks[i + 3] == ("other", ")")):
                i += 4
            else:
                break
        if i == start:
            return False
    seen = set()
    while _word(toks, i, "LIMIT", "OFFSET") and toks[i][1].upper() not in seen:
        seen.add(toks[i][1].upper())
        j = _number(toks, i + 1)
        if j == i + 1:
            return False
        i = j
    return i == len(toks)


def _resolve(tok: tuple[str, str], base: str, prefixes: dict[str, str]) -> str:
    kind, t = tok
    if kind == "iri":
        return urljoin(base, t[1:-1])
    if kind == "pname":
        prefix, local = t.split(":", 1)
        if prefix in prefixes:
            return prefixes[prefix] + local
        raise QueryError(f"prefix {prefix!r} of FROM {t} is not declared")
    raise QueryError("FROM must be followed by an IRI")


def check_graphs(graphs: list[str], known: set[str], where: str) -> None:
    """Every graph of the dataset must be a named graph of this store."""
    for g in graphs:
        if g not in known:
            raise OutboundRefused(f"{where} <{g}> is not a graph of this store, and unkg fetches nothing "
                                  f"from elsewhere; /export lists nothing remote, `unkg stats` lists the graphs")


def refuse_update_request(text: str | None = None) -> None:
    raise UpdateRefused("this endpoint is read-only: SPARQL Update is refused; "
                        "change the graph with `unkg ingest` or `unkg drop`")
