"""Reading and editing SPARQL query text: one tokenizer for every store.

The tokenizer skips comments and reads strings and IRIs as single tokens, so that a brace or
keyword inside them is never taken for syntax. On it stand:

* binding variables to RDF terms as text: a trailing VALUES clause (`bind_values`), a VALUES
  block opening the WHERE clause and the sub-selects that pass the variables through
  (`bind_inline`), or FILTER/BIND inside the WHERE group for servers that mishandle VALUES
  (`bind_inside`);
* what a WHERE clause binds in every solution (`always_bound`), and so where a binding can be
  substituted into the patterns (`substitutable`);
* the rewrite of a named query for a lookup parameter (`inline_subselects`);
* the edits the remote backend makes: finding the WHERE group and the query form, the graphs a
  query names, leaving graphs out, and spelling out sameTerm().

Anything it cannot read makes the readers answer "no" (the query is run as written). The
service's read-only guard (api/query_guard.py) has its own tokenizer: it reads a query the way
the SPARQL grammar does, escapes decoded, to refuse updates and outbound requests, and must
never read less than the engine will.
"""
from __future__ import annotations

import functools
import re
from typing import Iterable, Iterator, Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from ..errors import UsageError

# --- the tokenizer

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
    """(kind, text) of each token but white space and comments, and the offset each starts
    at: a variable's text without its ? or $, a keyword upper-cased, a prefixed name as written."""
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


def _spans(text: str) -> Iterator[tuple[str, int, int]]:
    """(kind, start, end) of each token but white space and comments: kind is "word" (a
    keyword or a prefixed name), "var", "iri", "string", "number", the bracket itself for
    ( ) { } [ ], or "other"."""
    for m in _TOKEN_RE.finditer(text):
        kind = m.lastgroup
        if kind == "ws":
            continue
        yield (m.group() if kind == "punct" else kind), m.start(), m.end()


# --- terms as text, and bindings as a trailing VALUES clause

_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")


def ascii_escape(text: str) -> str:
    """Escape every non-ASCII character as \\uXXXX / \\UXXXXXXXX (valid in SPARQL strings and IRIs)."""
    if text.isascii():
        return text
    return "".join(c if ord(c) < 128 else (f"\\u{ord(c):04X}" if ord(c) < 0x10000 else f"\\U{ord(c):08X}")
                   for c in text)


_ECHAR = str.maketrans({"\\": "\\\\", '"': '\\"', "\n": "\\n", "\r": "\\r", "\t": "\\t",
                        "\b": "\\b", "\f": "\\f"})
_BNODE_LABEL = re.compile(r"[^A-Za-z0-9_]")


def term_text(term: Identifier) -> str:
    """An RDF term as N-Triples / SPARQL text, in ASCII (so no server can misread its encoding).

    xsd:string literals are written as plain literals (the same term in RDF 1.1), so a
    server that keeps the difference never hands back a typed twin of a plain string.
    """
    if isinstance(term, Literal):
        text = '"' + str(term).translate(_ECHAR) + '"'
        if term.language:
            text += "@" + term.language
        elif term.datatype is not None and term.datatype != XSD.string:
            text += f"^^<{term.datatype}>"
        return ascii_escape(text)
    if isinstance(term, URIRef):
        return ascii_escape(f"<{term}>")
    if isinstance(term, BNode):
        return "_:b" + _BNODE_LABEL.sub("_", str(term))
    raise UsageError(f"cannot write {term!r}: only IRIs, literals and blank nodes")


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


# --- the remote backend's edits

def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (the first query-form keyword outside comments, strings, IRIs)."""
    for kind, a, b in _spans(text):
        if kind == "word" and text[a:b].upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
            return text[a:b].upper()
    return ""


def where_group(text: str) -> tuple[int, int] | None:
    """(start, end) of the braces of the query's WHERE group, or None when it has none.

    For SELECT, ASK and DESCRIBE it is the first top-level group after the keyword; for
    CONSTRUCT the second (the first is the template), or the first in the short form
    `CONSTRUCT WHERE { … }`.
    """
    form, depth, paren, blocks, start = "", 0, 0, [], None
    short_construct = False
    prev_word = ""
    for kind, a, b in _spans(text):
        tok = text[a:b]
        if not form:
            if kind == "word" and tok.upper() in ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE"):
                form = prev_word = tok.upper()
            continue
        if kind == "word":
            if form == "CONSTRUCT" and not blocks and depth == 0 and tok.upper() == "WHERE" and prev_word == "CONSTRUCT":
                short_construct = True
            prev_word = tok.upper()
            continue
        if tok == "(":
            paren += 1
        elif tok == ")":
            paren -= 1
        elif tok == "{":
            if depth == 0 and paren == 0:
                start = a
            depth += 1
        elif tok == "}":
            depth -= 1
            if depth == 0 and paren == 0 and start is not None:
                blocks.append((start, b))
                wanted = 2 if form == "CONSTRUCT" and not short_construct else 1
                if len(blocks) == wanted:
                    return blocks[-1]
    return None


def bind_inside(text: str, bindings: Mapping[str, Identifier], always_bound: frozenset[str] = frozenset()) -> str:
    """Bind variables to RDF terms inside the query's WHERE group.

    A variable the group uses gets `FILTER(?k = term)` (plus its datatype for a typed
    literal, its lexical form and language for a language-tagged one) at the end of the
    group: filters apply to the group's solutions as a whole, so a FILTER of the query that
    uses ?k still sees it unbound, as with a trailing VALUES clause (SPARQL 1.1, 18.2.4.3).
    Unless ?k is in `always_bound`, the FILTER also keeps the solutions where ?k is unbound,
    which a VALUES join keeps too (the caller then fills in the term). A variable the group
    does not use gets `BIND(term AS ?k)`. Virtuoso 7 only accepts a trailing VALUES over
    variables a SELECT returns, and loses language tags and datatypes when it joins a VALUES
    block; this form it answers right.
    """
    bound = {k: v for k, v in bindings.items() if v is not None}
    if not bound:
        return text
    span = where_group(text)
    if span is None:
        raise UsageError("cannot bind parameters: the query has no WHERE group")
    a, b = span
    inner = text[a + 1:b - 1]
    used = {inner[x + 1:y] for kind, x, y in _spans(inner) if kind == "var"}
    extra = []
    for k, v in bound.items():
        if not _WORD.fullmatch(k):
            raise UsageError(f"{k!r} is not a variable name")
        if k not in used:
            extra.append(f"BIND({term_text(v)} AS ?{k})")
        else:
            if isinstance(v, Literal) and v.language:
                # Virtuoso 7 matches a language-tagged value from a sub-select or a UNION with
                # no `=`; its parts it compares right
                test = (f"isLITERAL(?{k}) && STR(?{k}) = {term_text(Literal(str(v)))} "
                        f"&& LCASE(LANG(?{k})) = {term_text(Literal(v.language.lower()))}")
            elif isinstance(v, Literal) and v.datatype not in (None, XSD.string):
                # a typed literal: `=` compares values (11 = 11.0), the datatype makes it the term
                test = f"?{k} = {term_text(v)} && DATATYPE(?{k}) = <{v.datatype}>"
            else:
                # an IRI or a simple literal: `=` is term equality for these. (Virtuoso's
                # sameTerm() never matches a simple literal, and answers wrongly when the
                # variable also names a graph: `GRAPH ?k { … } BIND(?k AS ?g)`.)
                test = f"?{k} = {term_text(v)}"
            extra.append(f"FILTER({test})" if k in always_bound else f"FILTER(!BOUND(?{k}) || ({test}))")
    head = text[:a]
    if query_form(text) == "CONSTRUCT":
        if where_group_is_short(text):
            # CONSTRUCT WHERE { P }: the template is P itself
            kw = re.search(r"\bWHERE\s*$", head, re.IGNORECASE)
            head = head[:kw.start()] + "{" + inner + "} WHERE " if kw else head
        # in a solution the binding keeps, ?k is the term or unbound, and a VALUES join would
        # give it the term: the template takes the term itself
        head = _template_with_terms(head, bound)
    return head + "{" + inner + "\n" + " ".join(extra) + "\n}" + text[b:]


def _template_with_terms(head: str, bound: Mapping[str, Identifier]) -> str:
    """The part of a CONSTRUCT query before its WHERE group, with the bound variables of its
    template written as their terms."""
    out, last, depth, seen = [], 0, 0, False
    for kind, x, y in _spans(head):
        if kind == "word" and head[x:y].upper() == "CONSTRUCT":
            seen = True
        elif seen and kind == "{":
            depth += 1
        elif seen and kind == "}":
            depth -= 1
            if depth == 0:
                break
        elif depth and kind == "var" and head[x + 1:y] in bound:
            out += [head[last:x], term_text(bound[head[x + 1:y]])]
            last = y
    return "".join(out) + head[last:]


def where_group_is_short(text: str) -> bool:
    """True for the short form `CONSTRUCT WHERE { … }`."""
    seen_construct = False
    for kind, a, b in _spans(text):
        tok = text[a:b].upper()
        if not seen_construct:
            if kind == "word" and tok in ("SELECT", "ASK", "DESCRIBE"):
                return False            # another query form: the rest of the text need not be read
            seen_construct = kind == "word" and tok == "CONSTRUCT"
            continue
        return kind == "word" and tok == "WHERE"
    return False


def has_from(text: str) -> bool:
    """True when the query sets its own dataset with FROM or FROM NAMED."""
    return any(kind == "word" and text[a:b].upper() == "FROM" for kind, a, b in _spans(text))


_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)


def graph_constants(text: str) -> list[str]:
    """The IRIs a query names after GRAPH (`GRAPH <iri>`, `GRAPH prefix:name`), prefixed names expanded."""
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX_DECL.finditer(text)}
    tokens = list(_spans(text))
    found = []
    for (kind, a, b), nxt in zip(tokens, tokens[1:] + [("", 0, 0)]):
        if kind != "word" or text[a:b].upper() != "GRAPH" or nxt[0] not in ("iri", "word"):
            continue
        if nxt[0] == "iri":
            found.append(text[nxt[1] + 1:nxt[2] - 1])
            continue
        # a prefixed name: the scanner stops a word at ':', so read it from the text
        m = re.compile(r"([A-Za-z][\w.-]*)?:([\w.-]*)").match(text, nxt[1])
        if m and (m.group(1) or "") in prefixes:
            found.append(prefixes[m.group(1) or ""] + m.group(2))
    return found


def exclude_from_graph_variables(text: str, excluded: list[str]) -> str:
    """After each `GRAPH ?v { … }` group, `FILTER(?v NOT IN (<excluded>, …))` in the enclosing group.

    For servers that cannot leave graphs out of a query's named graphs by configuration.
    """
    if not excluded:
        return text
    tokens = list(_spans(text))
    inserts = []
    for i, (kind, a, b) in enumerate(tokens[:-2]):
        if kind != "word" or text[a:b].upper() != "GRAPH":
            continue
        var, brace = tokens[i + 1], tokens[i + 2]
        if var[0] != "var" or brace[0] != "{":
            continue
        depth = 0
        for kind2, x, y in tokens[i + 2:]:
            if kind2 == "{":
                depth += 1
            elif kind2 == "}":
                depth -= 1
                if depth == 0:
                    name = "?" + text[var[1] + 1:var[2]]
                    inserts.append((y, f" FILTER({name} NOT IN ({', '.join(term_text(URIRef(g)) for g in excluded)}))"))
                    break
    for at, filter_text in sorted(inserts, reverse=True):
        text = text[:at] + filter_text + text[at:]
    return text


_ARG = r"""(?:[?$][A-Za-z_][A-Za-z_0-9]*|<[^<>"{}|^`\\\s]*>|"(?:[^"\\\n]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^<>\s]*>)?|[A-Za-z_][\w.-]*:[\w.-]*|-?\d+)"""
_SAMETERM = re.compile(rf"\bsameTerm\s*\(\s*({_ARG})\s*,\s*({_ARG})\s*\)", re.IGNORECASE)


def spell_out_sameterm(text: str) -> str:
    """`sameTerm(a, b)` written with STR, LANG and DATATYPE, for servers whose sameTerm() is wrong.

    Virtuoso 7 never finds sameTerm(?v, "plain") true, turns sameTerm(?v, term) on a
    variable bound by BIND or in UNION branches into an assignment, and has no DATATYPE()
    for a constant. Two terms are the same when their kinds, strings, language tags and
    datatypes are equal; that is what is sent, with the constant's parts written out.
    Only arguments that are a variable or an RDF term are rewritten.
    """
    def spell(m: re.Match) -> str:
        a, b = m.group(1), m.group(2)
        if not a.startswith(("?", "$")):
            a, b = b, a
        if not a.startswith(("?", "$")):
            return m.group(0)                      # two constants: left as they are
        if b.startswith(("?", "$")):
            return (f"(STR({a}) = STR({b}) && isIRI({a}) = isIRI({b}) && isLiteral({a}) = isLiteral({b}) "
                    f"&& LCASE(COALESCE(LANG({a}), \"\")) = LCASE(COALESCE(LANG({b}), \"\")) "
                    f"&& COALESCE(STR(DATATYPE({a})), \"\") = COALESCE(STR(DATATYPE({b})), \"\"))")
        if not b.startswith('"') and not re.fullmatch(r"-?\d+", b):
            return f"(isIRI({a}) && STR({a}) = STR({b}))"
        lit = _constant_literal(b)
        if lit is None:
            return m.group(0)
        checks = [f"isLiteral({a})", f"STR({a}) = {term_text(Literal(str(lit)))}"]
        if lit.language:
            checks.append(f"LCASE(LANG({a})) = {term_text(Literal(lit.language.lower()))}")
        else:
            checks.append(f"LANG({a}) = \"\"")
            dt = str(lit.datatype or XSD.string)
            checks.append(f"COALESCE(STR(DATATYPE({a})), \"{XSD.string}\") = \"{dt}\"")
        return "(" + " && ".join(checks) + ")"
    return _SAMETERM.sub(spell, text)


_LITERAL = re.compile(r'"((?:[^"\\]|\\.)*)"(?:@([A-Za-z0-9-]+)|\^\^<([^<>\s]*)>)?')
_UNESCAPE = {"t": "\t", "b": "\b", "n": "\n", "r": "\r", "f": "\f", '"': '"', "'": "'", "\\": "\\"}


def _constant_literal(text: str) -> Literal | None:
    if re.fullmatch(r"-?\d+", text):
        return Literal(text, datatype=XSD.integer)
    m = _LITERAL.fullmatch(text)
    if not m:
        return None
    lex = re.sub(r"\\U([0-9A-Fa-f]{8})|\\u([0-9A-Fa-f]{4})|\\(.)",
                 lambda e: chr(int(e.group(1) or e.group(2), 16)) if (e.group(1) or e.group(2))
                 else _UNESCAPE.get(e.group(3), e.group(3)), m.group(1))
    if m.group(2):
        return Literal(lex, lang=m.group(2))
    if m.group(3) and m.group(3) != str(XSD.string):
        return Literal(lex, datatype=URIRef(m.group(3)))
    return Literal(lex)


# --- when a binding can be substituted into the patterns instead of joined at the end
#
# A trailing VALUES keeps the solutions of the WHERE clause whose variable is unbound or equal
# to the value. Substituting the value into the patterns (Oxigraph's `substitutions`, the
# pre-binding of SPARQL's SEP-0007) gives the same solutions when the variable is bound in
# every solution of the WHERE clause by its patterns: that is what `substitutable` checks,
# on the query text, conservatively (anything it cannot read means "no").

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
