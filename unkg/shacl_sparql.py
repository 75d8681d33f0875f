"""SHACL shapes compiled to SPARQL SELECT queries, run on the embedded engine.

The shapes graph is compiled once into one query per node shape: a UNION of one branch
per constraint (a property shape's sh:minCount, sh:datatype, …, a closed shape, a SPARQL
constraint). Each branch finds the focus nodes of its shape (sh:targetClass with the
subclasses of the ontology, sh:targetNode, sh:targetSubjectsOf/ObjectsOf, SPARQL targets)
and returns the results that pySHACL would report: the focus node, the path, the value
and, through ?k, the constraint (component, source shape, message, severity).

Components compiled: targets as above; sh:path with any SPARQL property path (inverse,
sequence, alternative, *, +, ?); sh:minCount, sh:maxCount, sh:datatype (well-formed
lexical forms only), sh:class (rdfs:subClassOf* of the ontology), sh:nodeKind, sh:pattern
and sh:flags, sh:in, sh:hasValue, sh:languageIn, sh:uniqueLang, sh:minLength,
sh:maxLength, sh:min/maxInclusive, sh:min/maxExclusive, sh:closed with
sh:ignoredProperties, sh:node, sh:or, sh:and, sh:not (as value conditions), sh:sparql
constraints (with $this and $PATH, and {?var} in messages), sh:severity, sh:message,
sh:deactivated. A node shape using anything else is reported in `CompiledShapes.fallback`
and left to pySHACL.

Known differences with pySHACL, none of which the shapes or the corpus exercise: regular
expressions run on the engine's regex dialect (Rust `regex`: `$` does not match before a
final newline), and a plain literal equals the same xsd:string literal in sh:in.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Iterable

from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.collection import Collection
from rdflib.namespace import SH, XSD
from rdflib.term import BNode, Node

#: datatypes whose lexical form the engine can check with a cast (ill-typed literals fail sh:datatype)
_CASTABLE = {XSD.integer, XSD.decimal, XSD.double, XSD.float, XSD.boolean, XSD.date, XSD.dateTime,
             XSD.time, XSD.duration, XSD.dayTimeDuration, XSD.yearMonthDuration}

#: shape predicates that are not constraints, or that the compiler handles where they occur
_STRUCTURAL = {RDF.type, RDFS.label, RDFS.comment, SH.message, SH.severity, SH.name, SH.description, SH.order,
               SH.group, SH.deactivated, SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf,
               SH.target, SH.property, SH.sparql, SH.closed, SH.ignoredProperties, SH.path, SH.defaultValue,
               SH.declare, SH.prefixes, SH.flags}
#: constraints on each value node, compiled to a SPARQL condition
_VALUE_COMPONENTS = {
    SH.datatype: SH.DatatypeConstraintComponent, SH["class"]: SH.ClassConstraintComponent,
    SH.nodeKind: SH.NodeKindConstraintComponent, SH.pattern: SH.PatternConstraintComponent,
    SH["in"]: SH.InConstraintComponent, SH.languageIn: SH.LanguageInConstraintComponent,
    SH.minLength: SH.MinLengthConstraintComponent, SH.maxLength: SH.MaxLengthConstraintComponent,
    SH.minInclusive: SH.MinInclusiveConstraintComponent, SH.maxInclusive: SH.MaxInclusiveConstraintComponent,
    SH.minExclusive: SH.MinExclusiveConstraintComponent, SH.maxExclusive: SH.MaxExclusiveConstraintComponent,
    SH.node: SH.NodeConstraintComponent, SH["or"]: SH.OrConstraintComponent,
    SH["and"]: SH.AndConstraintComponent, SH["not"]: SH.NotConstraintComponent,
}
#: constraints on the set of values of a path
_PATH_COMPONENTS = {SH.minCount: SH.MinCountConstraintComponent, SH.maxCount: SH.MaxCountConstraintComponent,
                    SH.uniqueLang: SH.UniqueLangConstraintComponent, SH.hasValue: SH.HasValueConstraintComponent}
_COMPARISONS = {SH.minInclusive: ">=", SH.maxInclusive: "<=", SH.minExclusive: ">", SH.maxExclusive: "<"}
_LOCAL = re.compile(r"[A-Za-z][A-Za-z0-9_]*")
_MESSAGE_VAR = re.compile(r"\{[?$]([A-Za-z_][A-Za-z0-9_]*)\}")


class Unsupported(Exception):
    """A shape uses a SHACL feature the compiler does not translate."""


@dataclass(frozen=True)
class Constraint:
    """What a result row of a compiled query stands for (the row's ?k is its index)."""

    component: URIRef
    #: the property shape, node shape or SPARQL constraint node the result comes from
    source: Node
    #: the NodeShape the constraint belongs to
    node_shape: Node
    #: the path reported when the query does not bind ?path
    path: Node | None
    messages: tuple[Literal, ...]
    severity: URIRef
    #: results without ?value report the focus node as value (SPARQL constraints of node shapes)
    value_is_focus: bool = False


@dataclass(frozen=True)
class Result:
    focus: Node
    path: Node | None
    value: Node | None
    component: URIRef
    severity: URIRef
    message: str
    node_shape: Node | None
    source: Node | None


@dataclass(frozen=True)
class ShapeQuery:
    """The SELECT of one node shape, and what its focus nodes need to exist."""

    shape: Node
    #: PREFIX lines and the SELECT clause
    head: str
    #: the UNION branches of the WHERE clause
    branches: tuple[str, ...]
    #: rdf:type values that make a focus node (sh:targetClass and its subclasses)
    classes: frozenset[Node] = frozenset()
    #: predicates of sh:targetSubjectsOf / sh:targetObjectsOf
    predicates: frozenset[Node] = frozenset()
    #: sh:targetNode or a SPARQL target: the query always runs
    always: bool = False
    #: the branches as run over a whole on-disk store (texts()), when worded otherwise
    store_branches: tuple[str, ...] = ()
    #: per branch of the store wording, (kind, shared part, own part, pre-check): see
    #: CompiledShapes.store_texts
    store_parts: tuple[tuple[str, str, str, str], ...] = ()

    @property
    def text(self) -> str:
        """One query: the UNION of every branch."""
        body = "\n  UNION\n".join(f"  {{ {b} }}" for b in self.branches)
        return f"{self.head} WHERE {{\n{body}\n}}"

    def texts(self) -> list[str]:
        """One query per branch, worded for a whole on-disk store (see store_branches)."""
        return [f"{self.head} WHERE {{ {b} }}" for b in self.store_branches or self.branches]

    def may_match(self, types: set[Node], predicates: set[Node]) -> bool:
        return self.always or not self.classes.isdisjoint(types) or not self.predicates.isdisjoint(predicates)


@dataclass
class CompiledShapes:
    constraints: list[Constraint] = field(default_factory=list)
    #: one SELECT per node shape with a target
    queries: list[ShapeQuery] = field(default_factory=list)
    #: node shapes left to pySHACL, with the reason
    fallback: dict[Node, str] = field(default_factory=dict)

    def results(self, select, *, types: set[Node] | None = None, predicates: set[Node] | None = None,
                split: bool = False, workers: int = 1) -> list[Result]:
        """Run the queries with `select(query) -> (variables, rows)` and decode the rows.

        With `types` and `predicates` (those of the data), the queries of shapes that can
        have no focus node in the data are skipped. `split`: one query per branch instead of
        one per shape (on a large store, the engine plans each branch better alone);
        `workers`: queries run at once in threads (the engine releases the GIL).
        """
        chosen = [q for q in self.queries if types is None or q.may_match(types, predicates or set())]
        texts = self.store_texts(chosen) if split else [q.text for q in chosen]
        if workers > 1:
            from concurrent.futures import ThreadPoolExecutor

            texts.sort(key=lambda t: len(t if isinstance(t, str) else t[1]), reverse=True)
            with ThreadPoolExecutor(workers) as pool:
                answers = list(pool.map(lambda t: _run(select, t), texts))
        else:
            answers = [_run(select, t) for t in texts]
        out: list[Result] = []
        for variables, rows in answers:
            index = {v: i for i, v in enumerate(variables)}
            extra = [v for v in variables if v not in ("k", "this", "path", "value", "d")]
            for row in rows:
                c = self.constraints[int(row[index["k"]])]
                focus = row[index["this"]]
                path = row[index["path"]] if row[index["path"]] is not None else c.path
                value = row[index["value"]]
                if value is None and c.value_is_focus:
                    value = focus
                bound = {"this": focus, "path": path, "value": value}
                bound.update({v: row[index[v]] for v in extra if row[index[v]] is not None})
                out.append(Result(focus, path, value, c.component, c.severity, _message(c, bound),
                                  c.node_shape, c.source))
        return out

    @staticmethod
    def store_texts(queries: list[ShapeQuery]) -> list[str | tuple[str, str]]:
        """One query per branch, worded for a whole on-disk store; the branches of several
        shapes that read the same values the same way (a property shared by several classes)
        run as one query, the focus nodes of each shape in a UNION, read once. A (pre-check,
        query) pair: the query runs only when the pre-check returns a row."""
        groups: dict[tuple[str, str], list[str]] = {}
        checks: dict[tuple[str, str], str] = {}
        head = None
        for q in queries:
            head = q.head
            for kind, shared, own, check in q.store_parts or (("", "", b, "") for b in q.store_branches or q.branches):
                key = (kind, shared) if kind else ("", own)
                groups.setdefault(key, []).append(own)
                if check:
                    checks[key] = check
        out: list[str | tuple[str, str]] = []
        for (kind, shared), owns in groups.items():
            own = owns[0] if len(owns) == 1 else "{ { " + " } UNION { ".join(owns) + " } }"
            if not kind:
                text = f"{head} WHERE {{ {shared} }}"
            elif kind == "join":
                text = f"{head} WHERE {{ {shared} {own} }}"
            else:
                text = f"{head} WHERE {{ {own} {shared} }}"
            check = checks.get((kind, shared))
            out.append((check, text) if check else text)
        return out


def _run(select, text: str | tuple[str, str]):
    """select(text), or for a (pre-check, query) pair the query only when the pre-check finds a row."""
    if isinstance(text, tuple):
        check, text = text
        if not select(check)[1]:
            return [], []
    return select(text)


def _message(c: Constraint, bound: dict[str, Node | None]) -> str:
    english = [m for m in c.messages if m.language in (None, "en")] or list(c.messages)
    if not english:
        return f"does not conform to {c.component.split('#')[-1]}"
    text = str(english[0])
    if c.component == SH.SPARQLConstraintComponent:
        text = _MESSAGE_VAR.sub(lambda m: str(bound[m.group(1)]) if bound.get(m.group(1)) is not None
                                else m.group(0), text)
    return text


# --- compiling -------------------------------------------------------------------------

def _n3(term: Node) -> str:
    if isinstance(term, BNode):
        raise Unsupported("a blank node as a constraint parameter")
    return term.n3()


class _Compiler:
    def __init__(self, shapes: Graph, subclass_axioms: Iterable[tuple[Node, Node]]):
        self.sg = shapes
        self.sub: dict[Node, set[Node]] = {}
        for s, o in subclass_axioms:
            self.sub.setdefault(o, set()).add(s)
        self.out = CompiledShapes()
        self._vars = 0
        self.prefixes = self._prefixes()
        #: (SPARQL target or constraint, its wording for a whole on-disk store) of the shape compiled
        self.rewrites: list[tuple[str, str]] = []
        #: branch → (kind, shared part, own part, pre-check), see share()
        self.parts: dict[str, tuple[str, str, str, str]] = {}

    def n3(self, term: Node) -> str:
        """The term in SPARQL, as a prefixed name when a declared prefix allows it (shorter
        queries: the engine's parser is a good part of the cost of a small document)."""
        if isinstance(term, URIRef):
            iri = str(term)
            for ns, prefix in self.namespaces:
                if iri.startswith(ns) and _LOCAL.fullmatch(iri[len(ns):]):
                    return f"{prefix}:{iri[len(ns):]}"
        return _n3(term)

    def var(self) -> str:
        self._vars += 1
        return f"?u_{self._vars}"

    def _prefixes(self) -> str:
        lines = {}
        self.namespaces = []
        for decl in self.sg.objects(None, SH.declare):
            prefix, ns = self.sg.value(decl, SH.prefix), self.sg.value(decl, SH.namespace)
            if prefix is not None and ns is not None and _LOCAL.fullmatch(str(prefix)):
                lines[str(prefix)] = f"PREFIX {prefix}: <{ns}>"
                self.namespaces.append((str(ns), str(prefix)))
        self.namespaces.sort(key=lambda x: -len(x[0]))
        return "\n".join(lines[k] for k in sorted(lines))

    def closure(self, cls: Node) -> list[Node]:
        seen, todo = {cls}, [cls]
        while todo:
            for s in self.sub.get(todo.pop(), ()):
                if s not in seen:
                    seen.add(s)
                    todo.append(s)
        return sorted(seen, key=str)

    def messages(self, node: Node) -> tuple[Literal, ...]:
        return tuple(m for m in self.sg.objects(node, SH.message) if isinstance(m, Literal))

    def severity(self, node: Node) -> URIRef:
        return self.sg.value(node, SH.severity) or SH.Violation

    def add(self, **kw) -> str:
        self.out.constraints.append(Constraint(**kw))
        return f"{len(self.out.constraints) - 1}"

    # --- paths and targets
    def path(self, node: Node) -> str:
        if isinstance(node, URIRef):
            return self.n3(node)
        g = self.sg
        if (node, RDF.first, None) in g:
            return "(" + "/".join(self.path(p) for p in Collection(g, node)) + ")"
        for pred, op in ((SH.inversePath, "^"),):
            inner = g.value(node, pred)
            if inner is not None:
                return f"{op}({self.path(inner)})"
        alt = g.value(node, SH.alternativePath)
        if alt is not None:
            return "(" + "|".join(self.path(p) for p in Collection(g, alt)) + ")"
        for pred, op in ((SH.zeroOrMorePath, "*"), (SH.oneOrMorePath, "+"), (SH.zeroOrOnePath, "?")):
            inner = g.value(node, pred)
            if inner is not None:
                return f"({self.path(inner)}){op}"
        raise Unsupported(f"the path {node}")

    def target(self, shape: Node) -> str | None:
        g = self.sg
        parts = []
        classes = [c for t in g.objects(shape, SH.targetClass) for c in self.closure(t)]
        if (shape, RDF.type, RDFS.Class) in g or (shape, RDF.type, URIRef("http://www.w3.org/2002/07/owl#Class")) in g:
            classes += self.closure(shape)
        if classes:
            t = self.var()
            parts.append(f"?this a {t} . VALUES {t} {{ {' '.join(self.n3(c) for c in sorted(set(classes), key=str))} }}")
        nodes = list(g.objects(shape, SH.targetNode))
        if nodes:
            parts.append(f"VALUES ?this {{ {' '.join(self.n3(n) for n in nodes)} }}")
        for p in g.objects(shape, SH.targetSubjectsOf):
            parts.append(f"?this {self.n3(p)} {self.var()} .")
        for p in g.objects(shape, SH.targetObjectsOf):
            parts.append(f"{self.var()} {self.n3(p)} ?this .")
        for t in g.objects(shape, SH.target):
            select = g.value(t, SH.select)
            if select is None:
                raise Unsupported("a SHACL-AF target that is not a SPARQL SELECT target")
            text = _strip_prefixes(str(select))
            self.rewrites.append((text, hash_joined(text)))
            parts.append(f"{{ {text} }}")
        if not parts:
            return None
        if len(parts) == 1 and classes:
            # a plain pattern (a node of two target classes repeats: the results are DISTINCT)
            classes = sorted(set(classes), key=str)
            return f"?this a {self.n3(classes[0])} ." if len(classes) == 1 else parts[0]
        return "{ SELECT DISTINCT ?this WHERE { " + " UNION ".join(f"{{ {p} }}" for p in parts) + " } }"

    # --- conditions on one value node
    def condition(self, shape: Node, v: str, *, nested: bool) -> list[tuple[URIRef, str]]:
        """(component, SPARQL condition on v) for each value constraint of `shape`."""
        g = self.sg
        out = []
        for pred, comp in _VALUE_COMPONENTS.items():
            for param in g.objects(shape, pred):
                out.append((comp, self.value_condition(shape, pred, param, v)))
        if nested:
            for pred in set(g.predicates(shape)):
                if pred in (SH.sparql, SH.path) or pred not in _STRUCTURAL | set(_VALUE_COMPONENTS):
                    raise Unsupported(f"{pred} in a shape used as a value condition")
            if g.value(shape, SH.closed) == Literal(True):
                raise Unsupported("sh:closed in a shape used as a value condition")
            for prop in g.objects(shape, SH.property):
                out.append((SH.NodeConstraintComponent, self.nested_property(prop, v)))
        return out

    def nested_property(self, prop: Node, v: str) -> str:
        """A property shape of a shape used through sh:node / sh:or: holds for the node v."""
        g = self.sg
        path = self.path(g.value(prop, SH.path))
        conds = []
        for pred in set(g.predicates(prop)):
            if pred in (SH.sparql, SH.property, SH.closed):
                raise Unsupported(f"{pred} in a property shape used as a value condition")
            if pred in _STRUCTURAL or pred in _VALUE_COMPONENTS:
                continue
            if pred not in (SH.minCount, SH.maxCount) or pred in (SH.sparql, SH.property, SH.closed):
                raise Unsupported(f"{pred} in a property shape used as a value condition")
        n = g.value(prop, SH.minCount)
        if n is not None:
            x = self.var()
            if int(n) == 1:
                conds.append(f"EXISTS {{ {v} {path} {x} }}")
            elif int(n) > 1:
                raise Unsupported("sh:minCount > 1 in a shape used as a value condition")
        n = g.value(prop, SH.maxCount)
        if n is not None:
            x, y = self.var(), self.var()
            if int(n) == 0:
                conds.append(f"NOT EXISTS {{ {v} {path} {x} }}")
            elif int(n) == 1:
                conds.append(f"NOT EXISTS {{ {v} {path} {x}, {y} FILTER (!sameTerm({x}, {y})) }}")
            else:
                raise Unsupported("sh:maxCount > 1 in a shape used as a value condition")
        x = self.var()
        value_conds = self.condition(prop, x, nested=False)
        if value_conds:
            each = " && ".join(f"({c})" for _, c in value_conds)
            conds.append(f"NOT EXISTS {{ {v} {path} {x} FILTER (!({each})) }}")
        return " && ".join(f"({c})" for c in conds) or "true"

    def shape_condition(self, shape: Node, v: str) -> str:
        conds = self.condition(shape, v, nested=True)
        return " && ".join(f"({c})" for _, c in conds) or "true"

    def value_condition(self, shape: Node, pred: Node, param: Node, v: str) -> str:
        """A condition that holds when `v` meets the constraint, false (never an error) otherwise.

        Each names `v` once outside sameTerm where it can: the engine reads a term's text
        from disk for every other mention of it in an expression (~3 µs each on a large store)."""
        g = self.sg
        if pred == SH.datatype:
            if param == RDF.langString:
                return f"COALESCE(LANG({v}) != \"\", false)"
            if param == RDFS.Literal:
                return f"isLiteral({v})"
            if param == XSD.string:
                # STR gives back the very term for an xsd:string literal only
                return f"COALESCE(sameTerm({v}, STR({v})), false)"
            if param in _CASTABLE:
                # a well-formed literal of the type is the same term as its lexical form cast to
                # the type; anything else (another type, an ill-formed form, a non-literal) is not
                return f"COALESCE(sameTerm({v}, {self.n3(param)}(STR({v}))), false)"
            return f"COALESCE(DATATYPE({v}) = {self.n3(param)}, false)"
        if pred == SH["class"]:
            t = self.var()
            return f"EXISTS {{ {v} a {t} . VALUES {t} {{ {' '.join(self.n3(c) for c in self.closure(param))} }} }}"
        if pred == SH.nodeKind:
            kinds = {SH.IRI: f"isIRI({v})", SH.Literal: f"isLiteral({v})", SH.BlankNode: f"isBlank({v})",
                     SH.BlankNodeOrIRI: f"!isLiteral({v})", SH.BlankNodeOrLiteral: f"!isIRI({v})",
                     SH.IRIOrLiteral: f"!isBlank({v})"}
            if param not in kinds:
                raise Unsupported(f"sh:nodeKind {param}")
            return kinds[param]
        if pred == SH.pattern:
            flags = g.value(shape, SH.flags)
            args = f", {Literal(str(flags)).n3()}" if flags is not None else ""
            return f"COALESCE(REGEX(STR({v}), {Literal(str(param)).n3()}{args}), false)"
        if pred == SH["in"]:
            members = list(Collection(g, param))
            return "(" + " || ".join(f"sameTerm({v}, {self.n3(m)})" for m in members) + ")" if members else "false"
        if pred == SH.languageIn:
            langs = [str(m) for m in Collection(g, param)]
            return "(" + " || ".join(f"langMatches(LANG({v}), {Literal(l).n3()})" for l in langs) + ")" \
                if langs else "false"
        if pred == SH.minLength:
            return f"COALESCE(STRLEN(STR({v})) >= {int(param)}, false)"
        if pred == SH.maxLength:
            return f"COALESCE(STRLEN(STR({v})) <= {int(param)}, false)"
        if pred in _COMPARISONS:
            return f"COALESCE({v} {_COMPARISONS[pred]} {self.n3(param)}, false)"
        if pred == SH.node:
            return self.shape_condition(param, v)
        if pred == SH["or"]:
            return "(" + " || ".join(f"({self.shape_condition(s, v)})" for s in Collection(g, param)) + ")"
        if pred == SH["and"]:
            return "(" + " && ".join(f"({self.shape_condition(s, v)})" for s in Collection(g, param)) + ")"
        if pred == SH["not"]:
            return f"!({self.shape_condition(param, v)})"
        raise Unsupported(str(pred))

    # --- branches
    def property_branches(self, node_shape: Node, prop: Node, target: str, out: list[str]) -> None:
        """Add the branches of a property shape to `out`.

        A branch that reads values first looks them up in a sub-query and joins the focus
        nodes last: most values conform, and joining the target on every value costs more
        than the check itself on a large store."""
        g = self.sg
        if g.value(prop, SH.deactivated) == Literal(True):
            return
        for pred in set(g.predicates(prop)):
            if pred not in _STRUCTURAL and pred not in _VALUE_COMPONENTS and pred not in _PATH_COMPONENTS:
                raise Unsupported(f"{pred} on a property shape")
        if g.value(prop, SH.closed) == Literal(True) or any(True for _ in g.objects(prop, SH.sparql)) \
                or any(True for _ in g.objects(prop, SH.property)):
            raise Unsupported("sh:closed, sh:sparql or sh:property on a property shape")
        path_node = g.value(prop, SH.path)
        path = self.path(path_node)
        common = dict(source=prop, node_shape=node_shape, path=path_node, messages=self.messages(prop),
                      severity=self.severity(prop))
        x, y = self.var(), self.var()
        n = g.value(prop, SH.minCount)
        if n is not None and int(n) > 0:
            k = self.add(component=SH.MinCountConstraintComponent, **common)
            if int(n) == 1:
                out.append(f"{target} MINUS {{ ?this {path} {x} }} BIND({k} AS ?k)")
                self.share(out[-1], "minus", f"MINUS {{ ?this {path} {x} }}", x, f"{target} BIND({k} AS ?k)")
            else:
                c = self.var()
                out.append(f"{{ SELECT ?this (COUNT(DISTINCT {x}) AS {c}) WHERE {{ {target} OPTIONAL {{ ?this {path} {x} }} }} "
                           f"GROUP BY ?this }} FILTER ({c} < {int(n)}) BIND({k} AS ?k)")
        n = g.value(prop, SH.maxCount)
        if n is not None:
            k = self.add(component=SH.MaxCountConstraintComponent, **common)
            if int(n) == 0:
                found = f"SELECT DISTINCT ?this WHERE {{ ?this {path} {x} }}"
            else:       # grouped, not pairs of values: a node with many values stays linear
                found = f"SELECT ?this WHERE {{ ?this {path} {x} }} GROUP BY ?this HAVING (COUNT(DISTINCT {x}) > {int(n)})"
            out.append(f"{{ {found} }} {target} BIND({k} AS ?k)")
            # more than n ≥ 1 values means two rows for one node: when the path has as many
            # rows as subjects (counted without reading a term), no node can break it
            check = (f"{self.prefixes}\nSELECT ?a ?b WHERE {{ {{ SELECT (COUNT(*) AS ?a) (COUNT(DISTINCT ?this) AS ?b) "
                     f"WHERE {{ ?this {path} ?o_ }} }} FILTER (?a != ?b) }}") if int(n) > 0 else ""
            self.share(out[-1], "join", f"{{ {found} }}", x, f"{target} BIND({k} AS ?k)", check)
        if g.value(prop, SH.uniqueLang) == Literal(True):
            k = self.add(component=SH.UniqueLangConstraintComponent, **common)
            # LANG of a non-literal is an error: ?d stays unbound, and the row is filtered out
            found = (f"{{ SELECT ?this ?d WHERE {{ ?this {path} {x} BIND(LCASE(LANG({x})) AS ?d) "
                     f"FILTER (COALESCE(?d != \"\", false)) }} GROUP BY ?this ?d HAVING (COUNT(DISTINCT {x}) > 1) }}")
            out.append(f"{found} {target} BIND({k} AS ?k)")
            self.share(out[-1], "join", found, x, f"{target} BIND({k} AS ?k)")
        for value in g.objects(prop, SH.hasValue):
            k = self.add(component=SH.HasValueConstraintComponent, **common)
            out.append(f"{target} MINUS {{ ?this {path} {self.n3(value)} }} BIND({k} AS ?k)")
            self.share(out[-1], "minus", f"MINUS {{ ?this {path} {self.n3(value)} }}", None, f"{target} BIND({k} AS ?k)")
        for pred, comp in _VALUE_COMPONENTS.items():
            for param in g.objects(prop, pred):
                k = self.add(component=comp, **common)
                classes = self.class_union(pred, param)
                t = None
                if classes is not None:
                    t = self.var()
                    found = (f"SELECT ?this ?value WHERE {{ ?this {path} ?value "
                             f"MINUS {{ ?value a {t} . VALUES {t} {{ {' '.join(self.n3(c) for c in classes)} }} }} }}")
                else:
                    found = (f"SELECT ?this ?value WHERE {{ ?this {path} ?value "
                             f"FILTER (!({self.value_condition(prop, pred, param, '?value')})) }}")
                out.append(f"{{ {found} }} {target} BIND({k} AS ?k)")
                self.share(out[-1], "join", f"{{ {found} }}", t, f"{target} BIND({k} AS ?k)")

    def share(self, branch: str, kind: str, shared: str, var: str | None, own: str, check: str = "") -> None:
        """Record that `branch` is `shared` (a sub-query joined, or a MINUS, which reads the
        values of a path and does not depend on the shape) with `own` (the shape's focus nodes
        and ?k): on a whole store, the branches of every shape with the same shared part run
        as one query, reading the values once. `var`, local to `shared`, gets a fixed name."""
        if var is not None:
            shared = re.sub(re.escape(var) + r"\b", "?o_", shared)
        self.parts[branch] = (kind, shared, own, check)

    def class_union(self, pred: Node, param: Node) -> list[Node] | None:
        """The classes (with subclasses) a value must be an instance of, when that is all
        sh:class, or sh:or of shapes holding only sh:class, asks (checked with MINUS)."""
        if pred == SH["class"] and not isinstance(param, BNode):
            return self.closure(param)
        if pred != SH["or"]:
            return None
        classes: set[Node] = set()
        for member in Collection(self.sg, param):
            preds = set(self.sg.predicates(member)) - {RDF.type}
            cls = self.sg.value(member, SH["class"])
            if preds != {SH["class"]} or len(list(self.sg.objects(member, SH["class"]))) != 1 or isinstance(cls, BNode):
                return None
            classes.update(self.closure(cls))
        return sorted(classes, key=str)

    def node_branches(self, shape: Node, target: str) -> list[str]:
        """The branches of a node shape's query."""
        g = self.sg
        for pred in set(g.predicates(shape)):
            if pred not in _STRUCTURAL and pred not in _VALUE_COMPONENTS:
                raise Unsupported(f"{pred} on a node shape")
        common = dict(source=shape, node_shape=shape, path=None, messages=self.messages(shape),
                      severity=self.severity(shape))
        out: list[str] = []
        for comp, cond in self.condition(shape, "?this", nested=False):
            k = self.add(component=comp, value_is_focus=True, **common)
            out.append(f"{target} FILTER (!({cond})) BIND({k} AS ?k)")
        if g.value(shape, SH.closed) == Literal(True):
            allowed = {p for prop in g.objects(shape, SH.property) for p in g.objects(prop, SH.path)
                       if isinstance(p, URIRef)}
            ignored = g.value(shape, SH.ignoredProperties)
            if ignored is not None:
                allowed |= set(Collection(g, ignored))
            k = self.add(component=SH.ClosedConstraintComponent, **common)
            # sameTerm compares the stored terms; NOT IN would read each predicate's IRI
            allowed_test = " && ".join(f"!sameTerm(?path, {self.n3(p)})" for p in sorted(allowed, key=str)) or "true"
            out.append(f"{target} ?this ?path ?value . FILTER ({allowed_test}) BIND({k} AS ?k)")
        for prop in g.objects(shape, SH.property):
            self.property_branches(shape, prop, target, out)
        for constraint in g.objects(shape, SH.sparql):
            if g.value(constraint, SH.deactivated) == Literal(True):
                continue
            select = g.value(constraint, SH.select)
            if select is None:
                raise Unsupported("a SPARQL constraint without sh:select")
            k = self.add(component=SH.SPARQLConstraintComponent, source=constraint, node_shape=shape, path=None,
                         messages=self.messages(constraint), severity=self.severity(constraint),
                         value_is_focus=True)
            sub = _sparql_constraint(str(select), target)
            self.rewrites.append((sub[2:-2], hash_joined(sub[2:-2])))
            out.append(f"{sub} BIND({k} AS ?k)")
        return out

    def compile(self) -> CompiledShapes:
        g = self.sg
        shapes = sorted(set(g.subjects(RDF.type, SH.NodeShape)), key=str)
        extra_vars: set[str] = set()
        for m in g.objects(None, SH.message):
            extra_vars |= set(_MESSAGE_VAR.findall(str(m)))
        extra_vars -= {"this", "path", "value"}
        projection = "?k ?this ?path ?value ?d" + "".join(f" ?{v}" for v in sorted(extra_vars))
        for shape in shapes:
            if g.value(shape, SH.deactivated) == Literal(True):
                continue
            mark = len(self.out.constraints)
            self.rewrites = []
            try:
                target = self.target(shape)
                if target is None:
                    continue            # used only through sh:node
                branches = self.node_branches(shape, target)
            except Unsupported as e:
                del self.out.constraints[mark:]
                self.out.fallback[shape] = str(e)
                continue
            if branches:
                worded = self.store_wording(branches)
                self.out.queries.append(ShapeQuery(
                    shape, f"{self.prefixes}\nSELECT DISTINCT {projection}", tuple(branches),
                    classes=frozenset(c for t in g.objects(shape, SH.targetClass) for c in self.closure(t)),
                    predicates=frozenset(g.objects(shape, SH.targetSubjectsOf)) | frozenset(g.objects(shape, SH.targetObjectsOf)),
                    always=any(True for p in (SH.targetNode, SH.target) for _ in g.objects(shape, p))
                    or (shape, RDF.type, RDFS.Class) in g, store_branches=worded,
                    store_parts=tuple(self.parts.get(b, ("", "", b, "")) for b in worded or branches)))
        return self.out

    def store_wording(self, branches: list[str]) -> tuple[str, ...]:
        """The branches worded for a whole on-disk store (empty: as they are)."""
        out = []
        for b in branches:
            for text, worded in self.rewrites:
                b = b.replace(text, worded)
            out.append(b)
        return tuple(out) if out != branches else ()


_IRI = re.compile(r"<[^<>\"{}|^`\\\s]*>")
_VAR = re.compile(r"[?$][A-Za-z_][A-Za-z0-9_]*")
_PNAME = re.compile(r"[A-Za-z][A-Za-z0-9_-]*:[A-Za-z0-9_](?:[A-Za-z0-9_.-]*[A-Za-z0-9_-])?")
_A = re.compile(r"a(?=\s)")
_FILTER = re.compile(r"FILTER\s*\(", re.IGNORECASE)
_STRING = re.compile(r"\"(?:[^\"\\\n]|\\.)*\"|'(?:[^'\\\n]|\\.)*'")


def _balanced(text: str, start: int) -> int | None:
    """The end of the parenthesised expression opening at text[start] ("("), strings skipped;
    None when it holds a brace (EXISTS) or does not close."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c in "\"'":
            m = _STRING.match(text, i)
            if m is None:
                return None
            i = m.end()
            continue
        if c in "{}":
            return None
        depth += (c == "(") - (c == ")")
        i += 1
        if depth == 0:
            return i
    return None


def hash_joined(select: str) -> str:
    """A SPARQL target or constraint `SELECT … WHERE { triple patterns and FILTER (…) }` with
    each triple pattern of a constant predicate in a sub-query of its own.

    On an on-disk store, Oxigraph joins the patterns of a basic graph pattern by looking up
    each row of one in the index of the next (a few µs per lookup); sub-queries are joined
    by hashing, after one scan of each predicate (~1 µs per row): 3x faster for the span
    check of every mention of a large store. The query is returned unchanged when its WHERE
    clause holds anything else (literals, blank nodes, property paths, groups, OPTIONAL …)."""
    m = re.match(r"\s*(SELECT\b[^{}]*?\bWHERE\s*\{)(.*)\}\s*$", select, re.IGNORECASE | re.DOTALL)
    if m is None:
        return select
    head, body = m.group(1), m.group(2)
    triples: list[tuple[str, str, str]] = []
    filters: list[str] = []
    terms: list[str] = []           # the subject, predicate, object being read
    i = 0
    while i < len(body):
        c = body[i]
        if c.isspace():
            i += 1
        elif c == "#":
            end = body.find("\n", i)
            i = len(body) if end < 0 else end
        elif c in ";,.":
            if len(terms) != 3:
                if c == "." and not terms:
                    i += 1
                    continue
                if len(terms) == 1 and c in ";.":        # a ";" ending a predicate-object list
                    terms = [] if c == "." else terms
                    i += 1
                    continue
                return select
            triples.append((terms[0], terms[1], terms[2]))
            terms = [terms[0], terms[1]] if c == "," else [terms[0]] if c == ";" else []
            i += 1
        elif not terms and _FILTER.match(body, i):
            start = _FILTER.match(body, i).end() - 1
            end = _balanced(body, start)
            if end is None:
                return select
            filters.append(f"FILTER {body[start:end]}")
            i = end
        else:
            found = _IRI.match(body, i) or _VAR.match(body, i) or _PNAME.match(body, i) \
                or (_A.match(body, i) if len(terms) == 1 else None)
            if found is None or len(terms) == 3:
                return select
            terms.append("?" + found.group(0)[1:] if found.group(0)[0] == "$" else found.group(0))
            i = found.end()
    if len(terms) == 3:
        triples.append((terms[0], terms[1], terms[2]))
    elif terms:
        return select
    if len(triples) < 2:
        return select
    parts = []
    for s, p, o in triples:
        variables = list(dict.fromkeys(t for t in (s, o) if t[0] in "?$"))
        if p[0] in "?$" or not variables:
            parts.append(f"{s} {p} {o} .")
        else:
            parts.append(f"{{ SELECT {' '.join(variables)} WHERE {{ {s} {p} {o} }} }}")
    return f"{head} {' '.join(parts)} {' '.join(filters)} }}"


_PREFIX_LINE = re.compile(r"^\s*PREFIX\s+\S*:\s*<[^>]*>\s*$", re.IGNORECASE | re.MULTILINE)


def _strip_prefixes(query: str) -> str:
    if _PREFIX_LINE.search(query) or re.search(r"^\s*BASE\s", query, re.IGNORECASE | re.MULTILINE):
        raise Unsupported("PREFIX or BASE inside a SPARQL target or constraint (use sh:prefixes)")
    return query.strip()


def _sparql_constraint(select: str, target: str) -> str:
    """A SPARQL constraint as a sub-query: $this is the focus node, the target comes first."""
    text = _strip_prefixes(select)
    if "$PATH" in text or re.search(r"\$(value|currentShape|shapesGraph)\b", text):
        raise Unsupported("$PATH, $value, $currentShape or $shapesGraph in a SPARQL constraint")
    text = re.sub(r"\$this\b", "?this", text)
    where = re.search(r"\bWHERE\s*\{", text, re.IGNORECASE)
    if where is None or not re.match(r"\s*SELECT\b", text, re.IGNORECASE):
        raise Unsupported("a SPARQL constraint that is not SELECT … WHERE { … }")
    head = text[:where.end()]
    if not re.search(r"\?this\b", head[:where.start()]) and "*" not in head[:where.start()]:
        head = re.sub(r"^\s*SELECT\b", "SELECT ?this", head, flags=re.IGNORECASE)
    return f"{{ {head} {target} {text[where.end():]} }}"


def compile_shapes(shapes: Graph, subclass_axioms: Iterable[tuple[Node, Node]] = ()) -> CompiledShapes:
    """Compile `shapes` (SHACL Core + SPARQL constraints and targets) into SELECT queries.

    `subclass_axioms` are the (subclass, class) pairs sh:targetClass and sh:class follow.
    """
    return _Compiler(shapes, subclass_axioms).compile()


def load_memory_store(triples: Iterable[tuple[Node, Node, Node]], texts: Iterable[str] = ()):
    """An in-memory store holding `triples` and the N-Triples `texts` in its default graph (the
    compiled queries read the default graph; a few ms for a document's ~2,500 triples)."""
    from .store.oxigraph import OxigraphStore

    return OxigraphStore.in_memory(triples, texts)


def fallback_shapes_graph(shapes: Graph, compiled: CompiledShapes) -> Graph:
    """The shapes graph with the targets of every compiled shape removed: what pySHACL still checks."""
    g = Graph()
    g += shapes
    for shape in set(shapes.subjects(RDF.type, SH.NodeShape)) - set(compiled.fallback):
        for p in (SH.targetClass, SH.targetNode, SH.targetSubjectsOf, SH.targetObjectsOf, SH.target):
            g.remove((shape, p, None))
        g.remove((shape, RDF.type, RDFS.Class))
    return g
