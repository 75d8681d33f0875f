"""The store interface: what every backend of unkg can do, and what it refuses.

Nothing above this package imports pyoxigraph or SPARQLWrapper. A backend declares its
capabilities; a write on a read-only store raises ReadOnlyStore rather than being
silently ignored. The same contract tests (tests/test_store_contract.py) run on every
backend.

Terms crossing this interface are rdflib terms (URIRef, Literal, BNode).
"""
from __future__ import annotations

import abc
import functools
import re
from dataclasses import dataclass
from typing import BinaryIO, Iterable, Iterator, Mapping

from rdflib import Graph
from rdflib.term import Identifier, Node

from ..errors import UsageError
from .sparql_text import where_group_is_short

#: serialisation names accepted by dump() and load_rdf(), with their media types
RDF_FORMATS = {
    "ttl": "text/turtle",
    "nt": "application/n-triples",
    "nq": "application/n-quads",
    "trig": "application/trig",
    "jsonld": "application/ld+json",
    "rdfxml": "application/rdf+xml",
}
#: formats that carry named graphs
DATASET_FORMATS = {"nq", "trig", "jsonld"}

#: result serialisations of SELECT / ASK
RESULT_FORMATS = {
    "json": "application/sparql-results+json",
    "xml": "application/sparql-results+xml",
    "csv": "text/csv",
    "tsv": "text/tab-separated-values",
}

Triple = tuple[Node, Node, Node]


class RenderedGraph:
    """A graph with its N-Triples text, rendered once: the validation gate loads the text into
    its scratch store and the embedded store writes it, neither converting the triples again.
    It iterates as its triples, which is what other backends read, and knows its size."""

    __slots__ = ("graph", "ntriples", "_size")

    def __init__(self, graph: Graph, ntriples: str):
        self.graph = graph
        self.ntriples = ntriples
        self._size = ntriples.count("\n") + 1 if ntriples else 0    # N-Triples escapes newlines in terms

    def __iter__(self) -> Iterator[Triple]:
        return iter(self.graph.triples((None, None, None)))

    def __len__(self) -> int:
        return self._size


@dataclass
class SelectResult:
    """Rows of a SELECT: variable names in order, each row a tuple of terms (None = unbound)."""

    variables: list[str]
    rows: list[tuple[Identifier | None, ...]]
    truncated: bool = False

    def dicts(self) -> list[dict[str, Identifier | None]]:
        return [dict(zip(self.variables, row)) for row in self.rows]


class SparqlAnswer(tuple):
    """(media type, body) of Store.sparql; `truncated` when `max_triples` cut a graph result."""

    def __new__(cls, media_type: str, body: bytes, truncated: bool = False):
        answer = super().__new__(cls, (media_type, body))
        answer.truncated = truncated
        return answer


def first_triples(triples: Iterable, limit: int, cut: list) -> Iterator:
    """The first `limit` items of `triples`; appends True to `cut` when there were more."""
    for i, triple in enumerate(triples):
        if i == limit:
            cut.append(True)
            return
        yield triple


@dataclass(frozen=True)
class Capabilities:
    writable: bool = True
    #: replace_graph / replace_graphs are atomic (all or nothing)
    atomic_replace: bool = True
    #: writes may run on a thread of their own while the same store object is read
    background_writes: bool = False
    #: the backend can stop a query after a deadline on its own
    query_timeout: bool = False
    #: description shown by `unkg stats` and the service description
    description: str = ""


def bind_values(query: str, bindings: Mapping[str, Identifier] | None) -> str:
    """Bind variables as RDF terms with a trailing VALUES clause (SPARQL 1.1, 18.2.4.3).

    Terms are rendered by rdflib's n3(), which escapes them; nothing from a user is ever
    spliced into the query text as syntax.
    """
    bound = {k: v for k, v in (bindings or {}).items() if v is not None}
    return f"{query}\n{_values_block(bound)}" if bound else query


def _values_block(bindings: Mapping[str, Identifier]) -> str:
    """`VALUES (?a ?b) { (term term) }`, the terms escaped by rdflib's n3()."""
    names = " ".join(f"?{k}" for k in bindings)
    try:
        terms = " ".join(v.n3() for v in bindings.values())
    except Exception as e:  # noqa: BLE001 - rdflib refuses an IRI it cannot write (a space, a backslash)
        raise UsageError(f"cannot bind a parameter: {e}") from None
    return f"VALUES ({names}) {{ ({terms}) }}"


# --- when a binding can be substituted into the patterns instead of joined at the end
#
# A trailing VALUES keeps the solutions of the WHERE clause whose variable is unbound or equal
# to the value. Substituting the value into the patterns (Oxigraph's `substitutions`, the
# pre-binding of SPARQL's SEP-0007) gives the same solutions when the variable is bound in
# every solution of the WHERE clause by its patterns: that is what `substitutable` checks,
# on the query text, conservatively (anything it cannot read means "no").

_TOKEN_RE = re.compile(r"""
    (?P<ws>\s+|\#[^\n]*)
  | (?P<string>'''(?:[^'\\]|\\.|'(?!''))*'''|\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
              |'(?:[^'\\\n]|\\.)*'|"(?:[^"\\\n]|\\.)*")
  | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
  | (?P<var>[?$][A-Za-z0-9_\u00B7-\uFFFF]+)
  | (?P<number>[+-]?[0-9]*\.?[0-9]+(?:[eE][+-]?[0-9]+)?)
  | (?P<word>[A-Za-z_][A-Za-z0-9_\-.]*(?::[^\s{}()\[\];,]*)?|:[^\s{}()\[\];,]*)
  | (?P<punct>[{}()\[\]])
  | (?P<other>.)
""", re.VERBOSE | re.DOTALL)
#: keywords that start an element of a group graph pattern other than a triples block
_GROUP_KEYWORDS = {"OPTIONAL", "MINUS", "UNION", "FILTER", "BIND", "VALUES", "GRAPH", "SERVICE"}


class _Unreadable(Exception):
    pass


def _tokens(query: str) -> tuple[list[tuple[str, str]], list[int]]:
    out, starts = [], []
    for m in _TOKEN_RE.finditer(query):
        kind = m.lastgroup
        if kind == "ws":
            continue
        text = m.group()
        if kind == "var":
            text = text[1:]
        elif kind == "word" and ":" not in text:
            text = text.upper()
        out.append((kind, text))
        starts.append(m.start())
    return out, starts


class _Reader:
    """Reads the variables a group graph pattern binds in every solution."""

    def __init__(self, tokens):
        self.t = tokens
        self.i = 0
        self.assigned: set[str] = set()

    def peek(self, k: int = 0) -> tuple[str, str]:
        return self.t[self.i + k] if self.i + k < len(self.t) else ("end", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        if tok[0] == "end":
            raise _Unreadable
        self.i += 1
        return tok

    def expect(self, text: str) -> None:
        if self.take()[1] != text:
            raise _Unreadable

    def skip_balanced(self, open_: str, close: str) -> None:
        """Skip from an opening bracket to its match, noting the variables assigned by AS."""
        self.expect(open_)
        depth = 1
        while depth:
            kind, text = self.take()
            if text == open_:
                depth += 1
            elif text == close:
                depth -= 1
            elif kind == "var" and self.t[self.i - 2][1] == "AS":
                self.assigned.add(text)

    def group(self) -> set[str]:
        """`{ ... }`: a sub-select or a group of elements; the variables bound in every solution."""
        self.expect("{")
        if self.peek()[1] == "SELECT":
            return self.subselect()
        bound: set[str] = set()
        while self.peek()[1] != "}":
            kind, text = self.peek()
            if text == "{":
                branches = [self.group()]
                while self.peek()[1] == "UNION":
                    self.take()
                    branches.append(self.group())
                bound |= set.intersection(*branches)
            elif text in ("OPTIONAL", "MINUS"):
                self.take()
                self.group()
            elif text == "FILTER":
                self.take()
                if self.peek()[1] == "(":
                    self.skip_balanced("(", ")")
                else:                                 # FILTER EXISTS {…}, FILTER NOT EXISTS {…}, FILTER fn(…)
                    while self.peek()[1] not in ("{", "(", "}"):
                        self.take()
                    if self.peek()[1] == "{":
                        self.group()
                    else:
                        self.skip_balanced("(", ")")
            elif text == "BIND":
                self.take()
                bound |= self.bind()
            elif text == "VALUES":
                self.take()
                if self.peek()[1] == "(":
                    self.skip_balanced("(", ")")
                else:
                    self.take()
                self.skip_balanced("{", "}")
            elif text == "GRAPH":
                self.take()
                kind, name = self.take()
                bound |= self.group() | ({name} if kind == "var" else set())
            elif text in ("SERVICE", "UNION"):
                raise _Unreadable
            elif text == ".":
                self.take()
            else:
                bound |= self.triples()
        self.expect("}")
        return bound

    def bind(self) -> set[str]:
        """`BIND(expression AS ?v)`: {v} when the expression is a constant (it always binds v),
        else nothing, and v is noted as assigned."""
        start, before = self.i, set(self.assigned)
        self.skip_balanced("(", ")")
        inner = self.t[start + 1:self.i - 1]
        expression = inner[:-2]
        if len(inner) >= 3 and inner[-2][1] == "AS" and inner[-1][0] == "var" and all(
                kind in ("string", "number", "iri") or (kind == "other" and text in ("@", "^", "-"))
                or (kind == "word" and (":" in text or text in ("TRUE", "FALSE") or (n and expression[n - 1][1] == "@")))
                for n, (kind, text) in enumerate(expression)):
            self.assigned = before
            return {inner[-1][1]}
        return set()

    def triples(self) -> set[str]:
        """A triples block (paths, blank-node property lists and collections included): every
        variable in it is bound."""
        bound: set[str] = set()
        depth = 0
        while True:
            kind, text = self.peek()
            if kind == "end" or (depth == 0 and (text in ("}", "{", ".") or
                                                 (kind == "word" and text in _GROUP_KEYWORDS))):
                return bound
            self.take()
            if text in "([":
                depth += 1
            elif text in ")]":
                depth -= 1
            elif kind == "var":
                bound.add(text)

    def projection(self, until: tuple[str, ...]) -> set[str]:
        """The variables a SELECT clause projects plainly ('*' for all); `(expr AS ?v)` skipped."""
        projected: set[str] = set()
        while self.peek()[1] not in until:
            kind, text = self.peek()
            if text == "(":
                self.skip_balanced("(", ")")
                continue
            self.take()
            if kind == "var":
                projected.add(text)
            elif text == "*":
                projected.add("*")
        return projected

    def subselect(self) -> set[str]:
        """`{ SELECT … WHERE { … } modifiers }`: the plainly projected variables bound inside."""
        self.expect("SELECT")
        projected = self.projection(("WHERE", "{"))
        star = "*" in projected
        if self.peek()[1] == "WHERE":
            self.take()
        inner = self.group()
        depth = 0
        while depth or self.peek()[1] != "}":        # GROUP BY, HAVING, ORDER BY, LIMIT, VALUES
            kind, text = self.take()
            depth += text in "({"
            depth -= text in ")}"
            if kind == "var" and self.t[self.i - 2][1] == "AS":
                self.assigned.add(text)
        self.expect("}")
        return inner if star else inner & projected


@functools.lru_cache(maxsize=256)
def _query_shape(query: str) -> tuple[str, frozenset, frozenset, frozenset, int] | None:
    """(form, plainly projected variables or {'*'}, variables bound in every solution of the
    WHERE clause, variables assigned by AS anywhere, offset of the WHERE clause's opening
    brace, or -1 - offset when a UNION stands directly in it), or None if the text cannot
    be read."""
    tokens, starts = _tokens(query)
    r = _Reader(tokens)
    try:
        while r.peek()[1] in ("PREFIX", "BASE"):
            if r.take()[1] == "PREFIX":
                r.take()                              # the prefix name
            if r.take()[0] != "iri":
                return None
        form = r.take()[1]
        projected: set[str] = set()
        if form == "SELECT":
            projected = r.projection(("WHERE", "{", "FROM"))
        elif form == "CONSTRUCT":
            if r.peek()[1] == "{":
                r.skip_balanced("{", "}")
        elif form != "ASK":
            return None
        if r.peek()[1] == "FROM":
            return None
        if r.peek()[1] == "WHERE":
            r.take()
        if r.peek()[1] != "{":
            return None
        brace, depth = starts[r.i], 0
        for _, text in tokens[r.i:]:                  # a UNION directly in the WHERE clause?
            depth += (text == "{") - (text == "}")
            if depth == 1 and text == "UNION":
                brace = -brace - 1
                break
            if depth == 0:
                break
        bound = r.group()
        while r.peek()[0] != "end":                   # solution modifiers; a trailing VALUES means no
            kind, text = r.take()
            if text == "VALUES":
                return None
            if kind == "var" and r.t[r.i - 2][1] == "AS":
                r.assigned.add(text)
    except (_Unreadable, IndexError):
        return None
    return form, frozenset(projected), frozenset(bound), frozenset(r.assigned), brace


def always_bound(query: str) -> frozenset[str]:
    """The variables the patterns of the WHERE clause bind in every solution, never assigned by
    BIND or AS (empty when the text cannot be read): a binding of one of them is a plain
    equality, of any other a join that keeps the solutions where it is unbound."""
    shape = _query_shape(query)
    return frozenset() if shape is None else shape[2] - shape[3]


def substitutable(query: str, names: Iterable[str]) -> bool:
    """Whether binding `names` by substitution gives the same solutions as bind_values: each
    is projected (SELECT) and bound by the patterns of the WHERE clause in every solution,
    never assigned by BIND or AS."""
    shape = _query_shape(query)
    if shape is None:
        return False
    form, projected = shape[0], shape[1]
    visible = form != "SELECT" or "*" in projected
    bound = always_bound(query)
    return all(name in bound and (visible or name in projected) for name in names)


class Store(abc.ABC):
    """A quad store holding one named graph per source document."""

    capabilities: Capabilities = Capabilities()
    location: str = ""

    # --- writes
    @abc.abstractmethod
    def replace_graphs(self, graphs: Mapping[str, Iterable[Triple] | Graph]) -> None:
        """Atomically replace each named graph's content (an absent graph is created)."""

    def replace_graph(self, graph: str, triples: Iterable[Triple] | Graph) -> None:
        self.replace_graphs({graph: triples})

    @abc.abstractmethod
    def drop_graphs(self, graphs: Iterable[str]) -> None:
        """Atomically remove named graphs; unknown graphs are ignored."""

    def drop_graph(self, graph: str) -> None:
        self.drop_graphs([graph])

    # --- reads
    @abc.abstractmethod
    def graphs(self) -> list[str]:
        """IRIs of the named graphs, sorted."""

    def has_graph(self, graph: str) -> bool:
        return graph in set(self.graphs())

    @abc.abstractmethod
    def select(self, query: str, bindings: Mapping[str, Identifier] | None = None,
               *, limit: int | None = None, union_default_graph: bool = True) -> SelectResult:
        """Run a SELECT. `bindings` are bound as RDF terms (never spliced into the text)."""

    @abc.abstractmethod
    def ask(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> bool:
        ...

    @abc.abstractmethod
    def construct(self, query: str, bindings: Mapping[str, Identifier] | None = None) -> Graph:
        """Run a CONSTRUCT or DESCRIBE and return the triples as an rdflib Graph."""

    @abc.abstractmethod
    def triples(self, graph: str | None = None) -> Iterator[Triple]:
        """The triples of one named graph, or of the union of all graphs."""

    @abc.abstractmethod
    def count(self, graph: str | None = None) -> int:
        """Number of quads in one graph, or in the whole store."""

    @abc.abstractmethod
    def dump(self, out: BinaryIO, fmt: str, graph: str | None = None) -> None:
        """Stream the store (or one graph) to `out` in one of RDF_FORMATS."""

    @abc.abstractmethod
    def sparql(self, query: str, result_format: str, *, union_default_graph: bool = True,
               default_graphs: list[str] | None = None, named_graphs: list[str] | None = None,
               max_triples: int | None = None) -> SparqlAnswer:
        """Run any read query and return (media type, serialised result) in `result_format`:
        a RESULT_FORMATS key for SELECT/ASK, an RDF_FORMATS key for CONSTRUCT/DESCRIBE. A graph
        result holds at most `max_triples` triples (`truncated` says it was cut)."""

    def close(self) -> None:
        pass

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


def bind_inline(query: str, bindings: Mapping[str, Identifier]) -> str:
    """The query with the bindings as a VALUES block opening its WHERE clause, where a query
    planner sees them; the same solutions as bind_values when `substitutable` says so (a
    join is commutative, and a variable bound in every solution can be selected before the
    OPTIONALs, FILTERs and UNIONs of the WHERE clause as well as after them).

    When the WHERE clause opens with a UNION, the block opens each of its branches instead
    (a join distributes over a union): before the UNION, Oxigraph would join it to the whole
    UNION by hashing (citations by document, 12.8 against 5.3 ms at 10,000 documents), and
    with Oxigraph's substitution alone its planner does not see the value (speakers by meeting
    at 10,000 documents, 18.9 s against 39 ms). The query is returned as it is when a branch is
    a sub-select or does not bind every variable by its patterns, and when every branch opens
    with a pattern whose subject is the variable: the substitution then restricts the first
    pattern already, and the block only adds a join (citations by document, 33 against 18 ms).

    The block also opens the sub-selects that pass the variables through (_subselect_openings),
    where substitution alone leaves Oxigraph evaluating the sub-select whole."""
    shape = _query_shape(query)
    if shape is None or not bindings:
        raise ValueError("bind_inline needs a query that substitutable() accepts")
    if where_group_is_short(query):                     # (CONSTRUCT WHERE { … }: the group is the template)
        return query
    block = _values_block(bindings)
    names = frozenset(bindings)
    opens = (shape[4] + 1,) if shape[4] >= 0 else _union_branch_openings(query, -shape[4] - 1, names)
    for at in sorted(set(opens) | set(_subselect_openings(query, names)), reverse=True):
        query = f"{query[:at]} {block}{query[at:]}"
    return query


@functools.lru_cache(maxsize=256)
def _subselect_openings(query: str, names: frozenset[str]) -> tuple[int, ...]:
    """Where a VALUES block of `names` opens the sub-selects that pass them through: each
    sub-select that projects every name plainly, binds it by its patterns in every solution
    (never by BIND or AS), and has no modifier but a GROUP BY over plain variables that
    include the names. Joining the block outside such a sub-select or inside its WHERE gives
    the same solutions; inside, Oxigraph's planner sees it (resolutions by symbol at 10,000
    documents: the paragraphs of one resolution counted instead of every resolution's).
    Offsets just inside the WHERE group, or inside each branch of the UNION that opens it."""
    tokens, starts = _tokens(query)
    out: list[int] = []
    refused: list[tuple[int, int]] = []                 # spans of sub-selects that do not pass the names
    for i in range(len(tokens) - 1):
        if tokens[i][1] != "{" or tokens[i + 1][1] != "SELECT":
            continue
        if any(a < i < b for a, b in refused):          # inside one, ?key is another variable
            continue
        refused.append((i, _matching_brace(tokens, i) or len(tokens)))
        r = _Reader(tokens)
        r.i = i + 2
        try:
            projected = r.projection(("WHERE", "{"))
            if r.peek()[1] == "WHERE":
                r.take()
            inner = r.i
            if not names <= projected or tokens[inner][1] != "{":
                continue
            bound = r.group()
        except (_Unreadable, IndexError):
            continue
        close = r.i - 1
        if not names <= bound or names & _assigned(tokens, inner, close):
            continue
        rest = tokens[close + 1:]
        end = next((k for k, (_, text) in enumerate(rest) if text == "}"), None)
        modifiers = rest[:end] if end is not None else None
        if modifiers is None or (modifiers and not (
                [t for _, t in modifiers[:2]] == ["GROUP", "BY"] and all(kind == "var" for kind, _ in modifiers[2:])
                and names <= {t for _, t in modifiers[2:]})):
            continue
        refused.pop()
        opens_union = tokens[inner + 1][1] == "{" and _opens_union(tokens, inner + 1)
        if opens_union:
            out += _union_branch_openings(query, starts[inner], names)
        else:
            out.append(starts[inner] + 1)
    return tuple(out)


def _opens_union(tokens: list[tuple[str, str]], at: int) -> bool:
    """Whether the group opening at token `at` is followed by UNION."""
    close = _matching_brace(tokens, at)
    return close is not None and close + 1 < len(tokens) and tokens[close + 1][1] == "UNION"


@functools.lru_cache(maxsize=64)
def inline_subselects(query: str) -> str:
    """The query with each sub-select that is only a projection written as its plain group:
    `{ SELECT ?a ?b WHERE { P } }` becomes `{ P }` when the SELECT projects plain variables
    (no DISTINCT, `*` or expression) and has no modifier (GROUP BY, ORDER BY, LIMIT,
    VALUES…). A variable of P that the SELECT leaves out is renamed when the query uses its
    name elsewhere (`?k` → `?k_1`), so the solutions are the same, as bags, with the left-out
    variables now visible where nothing reads them.

    Oxigraph evaluates a sub-select whole and joins it by hashing (one scan of its predicate,
    ≈ 1 µs a triple), where it looks a plain pattern up for each row it has (≈ 30–80 µs at
    10,000 documents): sub-selects suit a listing, plain patterns a lookup that leaves few
    rows. A named query is written for its listing; a parameter declared `lookup` runs it
    through this function (recommendations by document at 10,000 documents: 896 → 6 ms)."""
    while True:
        tokens, starts = _tokens(query)
        for i in range(len(tokens) - 1):
            if tokens[i][1] != "{" or tokens[i + 1][1] != "SELECT":
                continue
            j, projected = i + 2, set()
            while j < len(tokens) and tokens[j][0] == "var":
                projected.add(tokens[j][1])
                j += 1
            if not projected or tokens[j][1] != "WHERE" or tokens[j + 1][1] != "{":
                continue
            inner = j + 1
            close = _matching_brace(tokens, inner)
            if close is None or close + 1 >= len(tokens) or tokens[close + 1][1] != "}":
                continue
            inside = {text for kind, text in tokens[inner:close] if kind == "var"}
            outside = {text for kind, text in tokens[:i] + tokens[close + 2:] if kind == "var"}
            taken = inside | outside
            fresh = {}
            for name in sorted((inside - projected) & outside):
                n = 1
                while f"{name}_{n}" in taken:
                    n += 1
                fresh[name] = f"{name}_{n}"
                taken.add(fresh[name])
            body, at = [], starts[inner] + 1
            for k in range(inner + 1, close):
                if tokens[k][0] == "var" and tokens[k][1] in fresh:
                    body += [query[at:starts[k]], "?" + fresh[tokens[k][1]]]
                    at = starts[k] + 1 + len(tokens[k][1])
            body.append(query[at:starts[close]])
            query = query[:starts[i] + 1] + "".join(body) + query[starts[close + 1]:]
            break
        else:
            return _flattened(query)


def _flattened(query: str) -> str:
    """The query with each group of triple patterns only that stands in another group as a
    plain join (after `{`, `.` or `}`, not a branch of a UNION) written without its braces:
    `A { P } B` is `A P . B` (a join is associative). Oxigraph evaluates a nested group on its
    own and joins it by hashing, so a lookup would otherwise read all of P."""
    while True:
        tokens, starts = _tokens(query)
        for i in range(1, len(tokens)):
            if tokens[i][1] != "{" or tokens[i - 1][1] not in ("{", ".", "}"):
                continue
            close = _matching_brace(tokens, i)
            if close is None or close == i + 1 or (close + 1 < len(tokens) and tokens[close + 1][1] == "UNION"):
                continue
            inside = tokens[i + 1:close]
            if not all(kind in ("var", "iri", "string", "number") or (kind == "other" and text in ".;,")
                       or (kind == "word" and (text == "A" or ":" in text)) for kind, text in inside):
                continue
            body = query[starts[i] + 1:starts[close]].rstrip()
            body = body[:-1] if body.endswith(".") else body
            end = "" if close + 1 < len(tokens) and tokens[close + 1][1] == "." else " ."
            query = f"{query[:starts[i]]}{body.strip()}{end}{query[starts[close] + 1:]}"
            break
        else:
            return query


def _assigned(tokens: list[tuple[str, str]], start: int, end: int) -> set[str]:
    """The variables that tokens[start:end] assign by `AS` (in BIND or a projection)."""
    return {text for n, (kind, text) in enumerate(tokens[start:end], start=start)
            if kind == "var" and tokens[n - 1][1] == "AS"}


def _matching_brace(tokens: list[tuple[str, str]], at: int) -> int | None:
    depth = 0
    for k in range(at, len(tokens)):
        depth += (tokens[k][1] == "{") - (tokens[k][1] == "}")
        if depth == 0:
            return k
    return None


@functools.lru_cache(maxsize=256)                     # per query text and bound names: read once, not per call
def _union_branch_openings(query: str, brace: int, names: frozenset[str]) -> tuple[int, ...]:
    """The offsets just inside each branch of the UNION that opens the group whose brace is at
    `brace`, when every branch binds `names` by its patterns, never by BIND or AS, none is a
    sub-select and not every branch opens with one of `names`; else ()."""
    tokens, starts = _tokens(query)
    i = starts.index(brace) + 1
    opens: list[int] = []
    from_the_key = True                                 # does every branch open with a pattern of the key?
    while True:
        if tokens[i][1] != "{" or tokens[i + 1][1] == "SELECT":
            return ()
        from_the_key &= tokens[i + 1][0] == "var" and tokens[i + 1][1] in names
        r = _Reader(tokens)
        r.i = i
        try:
            bound = r.group()
        except (_Unreadable, IndexError):
            return ()
        if not names <= bound or names & _assigned(tokens, i, r.i):  # (a VALUES before `BIND(… AS ?v)` is an error)
            return ()
        opens.append(starts[i] + 1)
        i = r.i
        if tokens[i][1] != "UNION":
            return tuple(opens) if len(opens) > 1 and not from_the_key else ()
        i += 1
