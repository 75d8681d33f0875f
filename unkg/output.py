"""Rendering SELECT results for the terminal and for files: table, CSV, TSV, SPARQL JSON."""
from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef

from .store import SelectResult

FORMATS = ("table", "csv", "tsv", "json")
FORMULA_START = ("=", "+", "-", "@")


def plain(term) -> str:
    """A term as a plain string: IRI, literal lexical form, or empty when unbound."""
    if term is None:
        return ""
    return str(term)


def guard_formula(cell: str) -> str:
    """Prefix cells a spreadsheet would run as a formula (CSV injection) with a quote."""
    if cell.startswith(FORMULA_START) and not _is_number(cell):
        return "'" + cell
    return cell


def _is_number(cell: str) -> bool:
    try:
        float(cell)
        return True
    except ValueError:
        return False


def to_csv(result: SelectResult, delimiter: str = ",", *, guard: bool = False) -> str:
    buf = io.StringIO()
    w = csv.writer(buf, delimiter=delimiter, lineterminator="\r\n" if delimiter == "," else "\n")
    w.writerow(result.variables)
    for row in result.rows:
        cells = [plain(t) for t in row]
        if delimiter == "\t":
            cells = [c.replace("\t", " ").replace("\n", " ") for c in cells]
        w.writerow([guard_formula(c) for c in cells] if guard else cells)
    return buf.getvalue()


def term_json(term) -> dict | None:
    if term is None:
        return None
    if isinstance(term, URIRef):
        return {"type": "uri", "value": str(term)}
    if isinstance(term, BNode):
        return {"type": "bnode", "value": str(term)}
    out = {"type": "literal", "value": str(term)}
    if isinstance(term, Literal):
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype is not None:
            out["datatype"] = str(term.datatype)
    return out


def to_json(result: SelectResult) -> str:
    bindings = []
    for row in result.rows:
        bindings.append({v: term_json(t) for v, t in zip(result.variables, row) if t is not None})
    doc = {"head": {"vars": result.variables}, "results": {"bindings": bindings}}
    if result.truncated:
        doc["head"]["truncated"] = True
    return json.dumps(doc, ensure_ascii=False, indent=1)


def to_table(result: SelectResult, width: int = 60) -> str:
    rows = [[_short(plain(t), width) for t in row] for row in result.rows]
    widths = [len(v) for v in result.variables]
    for row in rows:
        widths = [max(w, len(c)) for w, c in zip(widths, row)]
    line = lambda cells: " | ".join(c.ljust(w) for c, w in zip(cells, widths)).rstrip()
    out = [line(result.variables), "-+-".join("-" * w for w in widths)]
    out += [line(r) for r in rows]
    out.append(f"({len(rows)} row{'s' if len(rows) != 1 else ''}{', truncated' if result.truncated else ''})")
    return "\n".join(out) + "\n"


def _short(s: str, width: int) -> str:
    s = " ".join(s.split())
    return s if len(s) <= width else s[: width - 1] + "…"


def render(result: SelectResult, fmt: str, *, guard: bool = False) -> str:
    if fmt == "csv":
        return to_csv(result, ",", guard=guard)
    if fmt == "tsv":
        return to_csv(result, "\t", guard=guard)
    if fmt == "json":
        return to_json(result)
    return to_table(result)
