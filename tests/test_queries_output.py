"""Rendering query results: terminal table, CSV, TSV and SPARQL JSON."""
from __future__ import annotations

import csv
import io
import json

from rdflib import BNode, Literal, URIRef
from rdflib.namespace import XSD

from unkg.output import render
from unkg.store import SelectResult

RESULT = SelectResult(
    ["document", "number", "text", "adopted", "note"],
    [
        (URIRef("https://w3id.org/unkg/id/report/ctoc-cop-wg2/9"), Literal(11),
         Literal("Les États devraient,\tdans la mesure du possible,\n« coopérer »", lang="fr"),
         Literal("2016-10-19", datatype=XSD.date), None),
        (BNode("b0"), Literal(16), Literal('=HYPERLINK("x") "quoted", comma'), None, Literal("-5")),
    ],
)


def test_csv_is_rfc4180_with_a_header():
    text = render(RESULT, "csv")
    assert text.startswith("document,number,text,adopted,note\r\n")
    rows = list(csv.reader(io.StringIO(text)))
    assert rows[1] == ["https://w3id.org/unkg/id/report/ctoc-cop-wg2/9", "11",
                       "Les États devraient,\tdans la mesure du possible,\n« coopérer »", "2016-10-19", ""]
    assert rows[2][2] == '=HYPERLINK("x") "quoted", comma'


def test_csv_guard_quotes_formula_cells_but_not_numbers():
    rows = list(csv.reader(io.StringIO(render(RESULT, "csv", guard=True))))
    assert rows[2][2].startswith("'=HYPERLINK") and rows[2][4] == "-5"


def test_tsv_keeps_one_line_per_row():
    lines = render(RESULT, "tsv").splitlines()
    assert len(lines) == 3 and lines[0].split("\t") == RESULT.variables
    assert lines[1].split("\t")[2] == "Les États devraient, dans la mesure du possible, « coopérer »"


def test_json_is_sparql_results_json():
    doc = json.loads(render(RESULT, "json"))
    assert doc["head"]["vars"] == RESULT.variables
    first, second = doc["results"]["bindings"]
    assert first["document"] == {"type": "uri", "value": "https://w3id.org/unkg/id/report/ctoc-cop-wg2/9"}
    assert first["number"] == {"type": "literal", "value": "11", "datatype": str(XSD.integer)}
    assert first["text"]["xml:lang"] == "fr" and "note" not in first   # unbound: left out
    assert second["document"] == {"type": "bnode", "value": "b0"}
    assert "truncated" not in doc["head"]


def test_table_aligns_columns_and_counts_rows():
    text = render(SelectResult(RESULT.variables, RESULT.rows, truncated=True), "table")
    lines = text.splitlines()
    assert lines[0].split(" | ")[0].strip() == "document"
    assert set(lines[1]) <= {"-", "+"}
    assert lines[-1] == "(2 rows, truncated)"
    assert "\n« coopérer" not in text   # newlines inside a cell are folded
    assert len({line.index("|") for line in lines[2:4]}) == 1


def test_empty_result():
    empty = SelectResult(["a", "b"], [])
    assert render(empty, "csv") == "a,b\r\n"
    assert render(empty, "table").splitlines()[-1] == "(0 rows)"
    assert json.loads(render(empty, "json"))["results"]["bindings"] == []
