"""Small, careful edits of SPARQL text for the remote backend.

The remote store sends queries as text, so a few things that the embedded engine does
through its API are done here on the text: binding variables to RDF terms, and finding
where a query's WHERE group starts and ends. The scanner skips comments, strings and IRIs,
so a brace or keyword inside them is never taken for syntax.
"""
from __future__ import annotations

import re
from typing import Mapping

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD
from rdflib.term import Identifier

from ..errors import UsageError

_IRI = re.compile(r'<[^<>"{}|^`\\\s]*>')
_WORD = re.compile(r"[A-Za-z_][A-Za-z_0-9]*")
_STRINGS = ('"""', "'''", '"', "'")


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


def _tokens(text: str):
    """(kind, start, end) of the syntax tokens that matter here: words, braces, parentheses.

    Comments and strings are skipped; variables come out as kind 'var', IRIs as 'iri'.
    """
    i, n = 0, len(text)
    while i < n:
        c = text[i]
        if c == "#":
            j = text.find("\n", i)
            i = n if j < 0 else j + 1
            continue
        if c in "\"'":
            quote = next(q for q in _STRINGS if text.startswith(q, i))
            j = i + len(quote)
            while j < n and not text.startswith(quote, j):
                j += 2 if text[j] == "\\" else 1
            i = j + len(quote)
            continue
        if c == "<":
            m = _IRI.match(text, i)
            if m:
                yield "iri", i, m.end()
                i = m.end()
                continue
        if c in "{}()":
            yield c, i, i + 1
            i += 1
            continue
        if c in "?$":
            m = _WORD.match(text, i + 1)
            if m:
                yield "var", i, m.end()
                i = m.end()
                continue
        m = _WORD.match(text, i)
        if m:
            yield "word", m.start(), m.end()
            i = m.end()
            continue
        i += 1


def query_form(text: str) -> str:
    """SELECT, ASK, CONSTRUCT or DESCRIBE (the first query-form keyword outside comments, strings, IRIs)."""
    for kind, a, b in _tokens(text):
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
    for kind, a, b in _tokens(text):
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
    used = {inner[x + 1:y] for kind, x, y in _tokens(inner) if kind == "var"}
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
    for kind, x, y in _tokens(head):
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
    for kind, a, b in _tokens(text):
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
    return any(kind == "word" and text[a:b].upper() == "FROM" for kind, a, b in _tokens(text))


_PREFIX_DECL = re.compile(r"\bPREFIX\s+([A-Za-z][\w.-]*)?:\s*<([^<>\s]*)>", re.IGNORECASE)


def graph_constants(text: str) -> list[str]:
    """The IRIs a query names after GRAPH (`GRAPH <iri>`, `GRAPH prefix:name`), prefixed names expanded."""
    prefixes = {m.group(1) or "": m.group(2) for m in _PREFIX_DECL.finditer(text)}
    tokens = list(_tokens(text))
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
    tokens = list(_tokens(text))
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
