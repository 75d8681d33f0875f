"""The shapes compiled to SPARQL report exactly what pySHACL reports: on every case of the
shape manifest, on every document of the corpus, on broken copies of the reference report,
and on a whole store."""
from __future__ import annotations

import pytest
from rdflib import RDF, BNode, Graph, Literal, URIRef
from rdflib.namespace import SH

from unkg.errors import InvalidData, UsageError
from unkg.identifiers import Minter
from unkg.shacl_sparql import compile_shapes, fallback_shapes_graph, load_memory_store
from unkg.store import open_store
from unkg.validation import (data_graph, shape_results, shapes_graph, sparql_shapes, validate_document,
                             validate_store)
from unkg.vocab import UNKG

from .test_shapes import CASES, HERE, MANIFEST, _case_graph
from .test_shapes_gate import _broken

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")
EX = "http://example.org/"


def _keys(results) -> set[tuple]:
    return {(r.focus, r.path, r.component, r.value) for r in results}


def _same_results(data: Graph) -> set[tuple]:
    """The results of both engines on `data`, asserted equal; returned for further checks."""
    compiled = shape_results(data, "sparql")
    reference = shape_results(data, "pyshacl")
    assert _keys(compiled) == _keys(reference), (
        f"only the compiled queries: {_keys(compiled) - _keys(reference)}\n"
        f"only pySHACL: {_keys(reference) - _keys(compiled)}")
    assert {(r.focus, r.message) for r in compiled} == {(r.focus, r.message) for r in reference}
    return _keys(compiled)


@pytest.fixture(scope="module")
def base() -> Graph:
    g = Graph()
    g.parse(HERE / MANIFEST["base"], format="turtle")
    return g


@pytest.fixture(scope="module")
def extracted(reference_report):
    from unkg.ingest.extract import extract
    from unkg.ingest.reader import read_source

    return extract(read_source(reference_report), Minter())


def test_every_shape_is_compiled():
    compiled = sparql_shapes()
    assert compiled.fallback == {}
    targeted = {s for s in shapes_graph().subjects(RDF.type, SH.NodeShape)
                if any(True for p in (SH.targetClass, SH.targetObjectsOf, SH.target) for _ in shapes_graph().objects(s, p))}
    assert {q.shape for q in compiled.queries} == targeted
    components = {c.component for c in compiled.constraints}
    for used in (SH.MinCountConstraintComponent, SH.MaxCountConstraintComponent, SH.DatatypeConstraintComponent,
                 SH.ClassConstraintComponent, SH.NodeKindConstraintComponent, SH.PatternConstraintComponent,
                 SH.InConstraintComponent, SH.UniqueLangConstraintComponent, SH.MinLengthConstraintComponent,
                 SH.MinInclusiveConstraintComponent, SH.ClosedConstraintComponent, SH.NodeConstraintComponent,
                 SH.OrConstraintComponent, SH.SPARQLConstraintComponent):
        assert used in components, used


def test_a_shape_the_compiler_cannot_translate_is_left_to_pyshacl():
    shapes = Graph()
    shapes.parse(data="""
        @prefix sh: <http://www.w3.org/ns/shacl#> . @prefix ex: <http://example.org/> .
        ex:Pairs a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:a ; sh:equals ex:b ] .
        ex:Simple a sh:NodeShape ; sh:targetClass ex:Thing ;
            sh:property [ sh:path ex:a ; sh:minCount 1 ] .
        """, format="turtle")
    compiled = compile_shapes(shapes)
    assert set(compiled.fallback) == {URIRef(EX + "Pairs")}
    assert "equals" in compiled.fallback[URIRef(EX + "Pairs")]
    assert [str(q.shape) for q in compiled.queries] == [EX + "Simple"]
    # the compiled queries check ex:Simple, pySHACL only ex:Pairs
    data = Graph().parse(data=f"@prefix ex: <{EX}> . ex:t a ex:Thing ; ex:a 1 ; ex:b 2 . ex:u a ex:Thing .",
                         format="turtle")
    memory = load_memory_store(data)
    found = compiled.results(lambda q: (lambda r: (r.variables, r.rows))(memory.select(q)))
    assert {(str(r.focus), r.component) for r in found} == {(EX + "u", SH.MinCountConstraintComponent)}
    from pyshacl import validate

    _, report, _ = validate(data, shacl_graph=fallback_shapes_graph(shapes, compiled))
    left = {(str(report.value(r, SH.focusNode)), report.value(r, SH.sourceConstraintComponent))
            for r in report.objects(None, SH.result)}
    assert left == {(EX + "t", SH.EqualsConstraintComponent)}


def test_an_unknown_engine_is_refused(extracted, settings):
    with pytest.raises(UsageError, match="unknown SHACL engine"):
        validate_document(extracted.graph, None, settings, engine="jena")
    from unkg.config import Settings

    configured = Settings.from_env({"UNKG_SHACL_ENGINE": "jena"}, store=settings.store)
    with pytest.raises(UsageError, match="unknown SHACL engine 'jena'"):
        validate_document(extracted.graph, None, configured)
    with open_store(settings) as store, pytest.raises(UsageError, match="unknown SHACL engine"):
        validate_store(store, configured)


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_manifest_case_same_results_as_pyshacl(base, case):
    found = _same_results(data_graph(_case_graph(base, case)))
    assert bool(found) != bool(case.get("conforms")), found


def _store_wide_keys(data: Graph) -> set[tuple]:
    """The results of the queries as worded for a whole store (one per branch, as `unkg
    validate` runs them), on `data` in a store of its own."""
    memory = load_memory_store(data)
    found = sparql_shapes().results(lambda q: (lambda r: (r.variables, r.rows))(memory.select(q)), split=True)
    return {(r.focus, r.path, r.component, r.value, r.message) for r in found}


def _reference_keys(data: Graph) -> set[tuple]:
    return {(r.focus, r.path, r.component, r.value, r.message) for r in shape_results(data, "pyshacl")}


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_manifest_case_store_wide_queries_same_results_as_pyshacl(base, case):
    data = data_graph(_case_graph(base, case))
    assert _store_wide_keys(data) == _reference_keys(data)


def test_the_store_wide_wording_differs_where_it_pays():
    """SPARQL targets and constraints made of triple patterns and filters are joined by
    hashing on a whole store; the gate keeps them as written."""
    by_shape = {str(q.shape).rsplit("#", 1)[-1]: q for q in sparql_shapes().queries}
    span = by_shape["MentionSpanShape"]
    assert span.store_branches and span.store_branches != span.branches
    assert "{ SELECT ?para ?text WHERE { ?para unkg:text ?text } }" in span.store_branches[0]
    assert "?para unkg:text ?text ." in span.branches[0]


def test_hash_joined_rewords_only_triple_patterns_and_filters():
    from unkg.shacl_sparql import hash_joined

    q = "SELECT ?this WHERE { $this a ex:C ; ex:p ?v , ?w ; . ?v ex:q ?x . FILTER (STR(?x) != \"a)b{\") }"
    assert hash_joined(q) == ("SELECT ?this WHERE { { SELECT ?this WHERE { ?this a ex:C } } "
                              "{ SELECT ?this ?v WHERE { ?this ex:p ?v } } { SELECT ?this ?w WHERE { ?this ex:p ?w } } "
                              "{ SELECT ?v ?x WHERE { ?v ex:q ?x } } FILTER (STR(?x) != \"a)b{\") }")
    memory = load_memory_store(Graph().parse(data=f"""@prefix ex: <{EX}> .
        ex:t a ex:C ; ex:p ex:v . ex:v ex:q "a)b{{" . ex:u a ex:C ; ex:p ex:w . ex:w ex:q "z" .""", format="turtle"))
    prefixed = lambda text: f"PREFIX ex: <{EX}>\n{text}"  # noqa: E731
    assert memory.select(prefixed(hash_joined(q))).rows == memory.select(prefixed(q)).rows == [(URIRef(EX + "u"),)]
    for unchanged in ("SELECT ?this WHERE { ?this ex:p \"lit\" . ?this ex:q ?w }",
                      "SELECT ?this WHERE { ?this ex:p ?v . FILTER NOT EXISTS { ?v a ex:C } }",
                      "SELECT ?this WHERE { ?this ex:p/ex:q ?v . ?v ex:r ?w }",
                      "SELECT ?this WHERE { ?this ex:p ?v . OPTIONAL { ?v ex:r ?w } }",
                      "SELECT ?this WHERE { ?this ex:p ?v }"):
        assert hash_joined(unchanged) == unchanged


# Faults beyond the manifest, each reaching a component the manifest does not break.
P = "https://w3id.org/unkg/id/report/ctoc-cop-wg2/9/para/2"
EXTRA_FAULTS = {
    "two French texts on one paragraph (uniqueLang)":
        [(URIRef(P), UNKG.text, Literal("Un autre texte.", lang="fr"))],
    "an ill-formed date (datatype)":
        [(URIRef("https://w3id.org/unkg/id/meeting/ctoc-cop-wg2/9"), UNKG.startDate,
          Literal("2016-13-45", datatype=XSD_DATE))],
    "a paragraph number that is an IRI (nodeKind, pattern)":
        [(URIRef(P), UNKG.paragraphNumber, URIRef("https://example.org/2"))],
    "an empty paragraph text (minLength)":
        [(URIRef(P), UNKG.text, Literal("", lang="en"))],
    "a mention offset below zero (minInclusive)":
        [(URIRef("https://w3id.org/unkg/id/report/ctoc-cop-wg2/9/para/25/m/fr/1"), UNKG.spanStart, Literal(-1))],
    "a literal where a class member is due (class)":
        [(URIRef(P), UNKG.inDocument, Literal("the report"))],
    # the conditions that name a value once (sameTerm with its cast or its STR, COALESCE)
    "an xsd:decimal where an xsd:integer is due (datatype)":
        [(URIRef("https://w3id.org/unkg/id/session/ctoc-cop/8"), UNKG.ordinal,
          Literal("8.5", datatype=URIRef("http://www.w3.org/2001/XMLSchema#decimal")))],
    "an xsd:token where an xsd:string is due (datatype)":
        [(URIRef(P), UNKG.subParagraphLetter, Literal("a", datatype=URIRef("http://www.w3.org/2001/XMLSchema#token")))],
    "a text in a language where a plain string is due (datatype)":
        [(URIRef(P), UNKG.subParagraphLetter, Literal("a", lang="en"))],
    "a blank node where a pattern is due (nodeKind, pattern)":
        [(URIRef(P), UNKG.paragraphNumber, BNode())],
}


@pytest.mark.parametrize("fault", sorted(EXTRA_FAULTS))
def test_extra_fault_same_results_as_pyshacl(base, fault):
    g = Graph()
    g += base
    for t in EXTRA_FAULTS[fault]:
        g.add(t)
    data = data_graph(g)
    assert _same_results(data)
    assert _store_wide_keys(data) == _reference_keys(data)


def test_reference_report_and_its_broken_copy_same_results_as_pyshacl(extracted):
    assert _same_results(data_graph(extracted.graph)) == set()
    broken, nodes = _broken(extracted)
    data = data_graph(broken)
    found = _same_results(data)
    assert {nodes["rec6"], nodes["rec11"], nodes["fake"]} <= {f for f, *_ in found}
    assert _store_wide_keys(data) == _reference_keys(data)


def test_every_document_of_the_corpus_same_results_as_pyshacl(corpus):
    from unkg.ingest.extract import extract
    from unkg.ingest.reader import read_source

    files = sorted((corpus / "resolutions").rglob("*.md")) + sorted((corpus / "pdf").glob("*.pdf")) \
        + sorted((corpus / "akn").glob("*.xml")) + sorted((corpus / "reports").glob("*.txt"))
    assert len(files) >= 20
    for f in files:
        doc = extract(read_source(f), Minter())
        data = data_graph(doc.graph)
        assert _same_results(data) == set(), f.name
        # and once broken: the first resolution or recommendation loses its number, the
        # first paragraph gets a second text in its own language
        broken = Graph()
        broken += data
        numbered = sorted(set(data.subjects(UNKG.number, None)) | set(data.subjects(UNKG.paragraphNumber, None)),
                          key=str)
        broken.remove((numbered[0], UNKG.number, None))
        broken.remove((numbered[0], UNKG.paragraphNumber, None))
        para = sorted(data.subjects(RDF.type, UNKG.Paragraph), key=str)[0]
        lang = next(t.language for t in data.objects(para, UNKG.text))
        broken.add((para, UNKG.text, Literal("another text", lang=lang)))
        assert _same_results(broken), f.name


def test_the_gate_refuses_the_broken_copy_with_the_same_report_on_both_engines(extracted, settings):
    broken, nodes = _broken(extracted)
    reports = {}
    for engine in ("sparql", "pyshacl"):
        with pytest.raises(InvalidData) as caught:
            validate_document(broken, None, settings, source_name="broken.txt", engine=engine)
        reports[engine] = (caught.value.message, caught.value.report)
    assert reports["sparql"] == reports["pyshacl"]
    assert f"<{nodes['rec11']}>" in reports["sparql"][1] and "source:" in reports["sparql"][1]


def test_whole_store_validation_agrees_with_pyshacl(extracted, reference_report, settings):
    """The compiled queries over the union of the graphs find the same faulty graphs and
    focus nodes as pySHACL run document by document."""
    from unkg.ingest.pipeline import ingest_paths

    broken, nodes = _broken(extracted)
    with open_store(settings) as store:
        ingest_paths(store, [reference_report], settings)
        clean = {engine: validate_store(store, settings, engine=engine) for engine in ("sparql", "pyshacl")}
        assert clean["sparql"].conforms and clean["pyshacl"].conforms
        assert clean["sparql"].graphs_checked == clean["pyshacl"].graphs_checked
        store.replace_graph(str(extracted.graph_iri), broken)
        reports = {engine: validate_store(store, settings, engine=engine) for engine in ("sparql", "pyshacl")}
    for report in reports.values():
        assert not report.conforms
        assert report.graphs_checked == clean["sparql"].graphs_checked
    assert [d.split(":\n")[0] for d in reports["sparql"].details] == \
        [d.split(":\n")[0] for d in reports["pyshacl"].details] == [str(extracted.graph_iri)]
    for node in nodes.values():
        assert f"<{node}>" in reports["sparql"].text()
    # the same report, source paragraphs included
    assert reports["sparql"].text() == reports["pyshacl"].text()
