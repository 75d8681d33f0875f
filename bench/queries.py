"""Latency of every named query (unkg.querylib) at a store size, three ways on the same data:
through unkg's store layer (`run_named`, what the CLI and the API run), on raw pyoxigraph
(the same text and bindings, bound the same way: `split_bindings`), and, in
bench/baseline.py, on rdflib's in-memory graph with rdflib's SPARQL engine (the variables
unkg substitutes given as `initBindings`, the others as the same trailing VALUES).

Each query runs unparameterised ("all", cut at Settings.max_rows rows as the API does) and
with one parameter bound to a value present in the data ("by <param>")."""
from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

from .measure import NotAvailable, measurement


@dataclass
class QueryCase:
    label: str          # "recommendations" or "recommendations by article"
    name: str
    raw: dict           # raw parameter values, as a user types them
    text: str           # the query text with the equality bindings appended (VALUES)


def split_bindings(query: str, bindings: dict) -> tuple[str, dict, dict]:
    """How unkg's embedded store binds parameters, for the raw-pyoxigraph and rdflib runs:
    (text, pushed, trailing). `pushed` are substituted into the patterns (pyoxigraph's
    `substitutions`, rdflib's `initBindings`: both pre-bind the variable) and, for
    pyoxigraph, opened as a VALUES block; `trailing` stay a trailing VALUES in `text`.
    The same rule as OxigraphStore._query (unkg.store.query_text.substitutable)."""
    from rdflib import Literal, URIRef
    from unkg.store.query_text import bind_inline, bind_values, substitutable

    pushed = {k: v for k, v in bindings.items() if isinstance(v, (URIRef, Literal)) and substitutable(query, [k])}
    trailing = {k: v for k, v in bindings.items() if k not in pushed}
    return bind_values(bind_inline(query, pushed) if pushed else query, trailing), pushed, trailing


_TERM_RE = r'<[^<>"\s]*>|"(?:[^"\\]|\\.)*"(?:@[A-Za-z0-9-]+|\^\^<[^<>"\s]*>)?'


def unbind_values(text: str) -> tuple[str, dict]:
    """The query and its bindings from a text bind_values wrote (a last `VALUES (…) { (…) }` line)."""
    import re
    from rdflib.util import from_n3

    head, sep, last = text.rpartition("\nVALUES (")
    m = re.fullmatch(r"((?:\?\w+ ?)+)\) \{ \((.*)\) \}", last, flags=re.S) if sep else None
    if not m:
        return text, {}
    names = [n.lstrip("?") for n in m.group(1).split()]
    terms = [from_n3(t) for t in re.findall(_TERM_RE, m.group(2))]
    if len(names) != len(terms):
        return text, {}
    return head, dict(zip(names, terms))


def param_value(param, hints: dict) -> str | None:
    """A value for a parameter that exists in the benchmark data, from its name and type."""
    name, kind = param.name.lower(), param.type
    if param.column:                       # a range parameter
        return None
    if kind == "iso3":
        return hints.get("iso3")
    if kind == "int":
        if "article" in name:
            return str(hints.get("article", 23))
        if "session" in name:
            return str(hints.get("session", 40))
        return hints.get("int") or "1"
    if kind == "resolution":
        return hints.get("resolution")
    if kind == "symbol":
        return hints.get("symbol")
    if kind == "lang":
        return "fr"
    if kind == "date":
        return None
    if kind == "iri":
        for key in ("document", "body", "state", "meeting", "person", "resolution", "article"):
            if key in name and hints.get(f"iri_{key}"):
                return hints[f"iri_{key}"]
        return hints.get("iri_document")
    if kind == "code":
        if "preambular" in param.description:
            return "preambular"
        if "verb" in name:
            return "requests"
        for key, value in (("addressee", "STATES"), ("kind", "resolution"), ("role", "panellist"),
                           ("status", "party"), ("convention", "untoc"), ("modality", "should"),
                           ("body", "ctoc-cop-wg2"), ("direction", "forward")):
            if key in name:
                return value
        return param.default
    if kind == "string":
        if "name" in name and hints.get("person"):
            return hints["person"]
        return param.default or hints.get("text", "assistance")
    return param.default


def query_cases(hints: dict, every_param: bool = False) -> list[QueryCase]:
    """Each named query unparameterised and by its first parameter with a value in the data
    (`every_param`: by each such parameter)."""
    try:
        from unkg.querylib import bind_params, list_queries, text_for
    except ImportError as e:
        raise NotAvailable(f"no query library ({e})")
    from unkg.store.query_text import bind_values

    queries = list_queries()
    if not queries:
        raise NotAvailable("no named query in queries/")
    cases = []
    for q in queries:
        def case(label, raw):
            terms = bind_params(q, raw)
            bindings = {q.param(k).variable: v for k, v in terms.items() if q.param(k).column is None}
            return QueryCase(label, q.name, raw, bind_values(text_for(q, terms), bindings))
        cases.append(case(q.name, {}))
        for p in q.params:
            value = param_value(p, hints)
            if value is not None and value != p.default:
                cases.append(case(f"{q.name} by {p.name}", {p.name: value}))
                if not every_param:
                    break
    return cases


class LineReader:
    """The JSON lines of a child process, read by a thread, so that waiting for the next one
    can time out (select() on a buffered pipe misses lines already read into the buffer)."""

    def __init__(self, stream):
        import queue
        import threading

        self.lines: "queue.Queue[str | None]" = queue.Queue()

        def pump():
            for line in stream:
                self.lines.put(line)
            self.lines.put(None)

        threading.Thread(target=pump, daemon=True).start()

    def next(self, deadline: float):
        """The next JSON object; {"exited": True} at the end of the stream; None past the deadline."""
        import json
        import queue

        try:
            line = self.lines.get(timeout=max(0.0, deadline - time.time()))
        except queue.Empty:
            return None
        return {"exited": True} if line is None else json.loads(line)


@measurement
def store_latency(store_path: Path, cases: list[QueryCase], *, max_rows: int, budget: float = 1.0,
                  limit: float = 10.0, skip: dict | None = None) -> dict:
    """p50/p99 of each case through unkg's store layer and on raw pyoxigraph, in a child process.

    A case whose first runs take longer than `limit` seconds is stopped and reported as such;
    `skip` maps labels to the reason they are not run (too slow at a smaller size)."""
    import json
    import os
    import subprocess
    import sys
    import tempfile

    out: dict = {label: {"skipped": reason} for label, reason in (skip or {}).items()}
    todo = [c for c in cases if c.label not in out]
    root = Path(__file__).resolve().parent.parent
    while todo:
        with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
            json.dump({"store": str(store_path), "max_rows": max_rows, "budget": budget,
                       "cases": [{"label": c.label, "name": c.name, "raw": c.raw, "text": c.text} for c in todo]}, f)
            job = f.name
        errors = tempfile.TemporaryFile("w+")      # a pipe left unread could fill and block the worker
        proc = subprocess.Popen([sys.executable, "-m", "bench.query_worker", job], cwd=root,
                                stdout=subprocess.PIPE, stderr=errors, text=True)
        try:
            current = None
            reader = LineReader(proc.stdout)
            while True:
                msg = reader.next(time.time() + (2 * limit + 4 * budget if current else 60))
                if os.environ.get("BENCH_DEBUG"):
                    print("query worker:", current, str(msg)[:120], file=sys.stderr, flush=True)
                if msg is None or msg.get("exited"):
                    if current is None:
                        errors.seek(0)
                        err = errors.read().strip().splitlines() if msg else []
                        reason = f"the query worker did not start: {err[-1] if err else 'no answer'}"
                        for c in todo:
                            out.setdefault(c.label, {"unkg": {"error": reason[:240]}})
                        break
                    out[current] = {"timeout_s": limit} if msg is None else {"unkg": {"error": "the worker died"}}
                    break
                if msg.get("done"):
                    current = None
                    break
                if "start" in msg:
                    current = msg["start"]
                    continue
                out[msg.pop("label")] = msg
                current = None
        finally:
            if proc.poll() is None:
                proc.kill()
            proc.wait()
            errors.close()
            Path(job).unlink(missing_ok=True)
        todo = [c for c in todo if c.label not in out]
    return {"queries": {c.label: out[c.label] for c in cases}, "time_limit_s": limit}
