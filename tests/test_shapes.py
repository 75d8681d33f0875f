"""The shapes, driven by tests/shapes/manifest.yaml: every shape has a conforming and a violating case."""
from __future__ import annotations

from pathlib import Path

import pytest
import yaml
from rdflib import RDF, RDFS, Graph, Literal, URIRef
from rdflib.namespace import SH

from unkg.validation import data_graph, run_shapes, shapes_graph

HERE = Path(__file__).resolve().parent / "shapes"
BASE = "https://w3id.org/unkg/"
SHAPES_NS = "https://w3id.org/unkg/shapes#"
MANIFEST = yaml.safe_load((HERE / "manifest.yaml").read_text(encoding="utf-8"))
PREAMBLE = "".join(line + "\n" for line in (HERE / MANIFEST["base"]).read_text(encoding="utf-8").splitlines()
                   if line.startswith("@"))


def _turtle(snippet: str) -> Graph:
    g = Graph()
    g.parse(data=PREAMBLE + snippet, format="turtle")
    return g


@pytest.fixture(scope="module")
def base() -> Graph:
    g = Graph()
    g.parse(HERE / MANIFEST["base"], format="turtle")
    return g


def _case_graph(base: Graph, case: dict) -> Graph:
    g = Graph()
    g += base
    if case.get("remove"):
        removed = _turtle(case["remove"])
        for t in removed:
            assert t in g, f"{case['name']}: the triple to remove is not in the base fixture: {t}"
            g.remove(t)
    if case.get("add"):
        g += _turtle(case["add"])
    return g


def _iri(relative: str) -> URIRef:
    return URIRef(BASE + relative)


def node_shapes() -> set[str]:
    sg = shapes_graph()
    return {str(s)[len(SHAPES_NS):] for s in sg.subjects(RDF.type, SH.NodeShape)}


CASES = MANIFEST["cases"]


@pytest.mark.parametrize("case", CASES, ids=[c["name"] for c in CASES])
def test_manifest_case(base, case):
    result = run_shapes(data_graph(_case_graph(base, case)))
    if case.get("conforms"):
        assert result.conforms, result.text()
        return
    assert not result.conforms, f"{case['name']}: expected a violation"
    assert {v.focus for v in result.violations} == {_iri(f) for f in case["focus"]}, result.text()
    messages = [v.message for v in result.violations]
    for expected in case["messages"]:
        assert any(expected in m for m in messages), f"{expected!r} not in {messages}"
    shape = URIRef(SHAPES_NS + case["shape"])
    owners = {shape} | set(shapes_graph().subjects(SH.node, shape))
    owners |= {shapes_graph().value(None, SH.property, o) for o in list(owners)}
    assert any(v.shape in owners for v in result.violations), [str(v.shape) for v in result.violations]


def test_every_shape_has_a_conforming_and_a_violating_case():
    conforming = {s for c in CASES if c.get("conforms") for s in c["shapes"]}
    violating = {c["shape"] for c in CASES if not c.get("conforms")}
    assert node_shapes() - conforming == set(), "shapes without a conforming case"
    assert node_shapes() - violating == set(), "shapes without a violating case"
    assert conforming <= node_shapes() and violating <= node_shapes(), "the manifest names unknown shapes"


def test_the_conforming_case_exercises_every_targeted_shape(base):
    """The conforming fixture is not vacuous: every shape with a target has focus nodes in it."""
    data = data_graph(base)
    sg = shapes_graph()
    for shape in sg.subjects(RDF.type, SH.NodeShape):
        targets = set()
        for cls in sg.objects(shape, SH.targetClass):
            subclasses = set(data.transitive_subjects(RDFS.subClassOf, cls))
            targets |= {s for c in subclasses for s in data.subjects(RDF.type, c)}
        for prop in sg.objects(shape, SH.targetObjectsOf):
            targets |= set(data.objects(None, prop))
        has_target = any(True for p in (SH.targetClass, SH.targetObjectsOf) for _ in sg.objects(shape, p))
        if has_target:
            assert targets, f"{shape} has no focus node in {MANIFEST['base']}"


def test_shapes_graph_has_labels_version_and_english_messages():
    sg = shapes_graph()
    header = URIRef("https://w3id.org/unkg/shapes")
    assert sg.value(header, URIRef("http://www.w3.org/2002/07/owl#versionInfo")) is not None
    assert any(l.language == "en" for l in sg.objects(header, RDFS.label))
    for shape in sg.subjects(RDF.type, SH.NodeShape):
        assert any(isinstance(l, Literal) and l.language == "en" for l in sg.objects(shape, RDFS.label)), shape
        for prop in sg.objects(shape, SH.property):
            assert any(m.language == "en" for m in sg.objects(prop, SH.message)), f"{shape}: property shape without message"
        for sparql in sg.objects(shape, SH.sparql):
            assert any(m.language == "en" for m in sg.objects(sparql, SH.message)), f"{shape}: SPARQL constraint without message"
        if (shape, SH.closed, Literal(True)) in sg:
            assert any(m.language == "en" for m in sg.objects(shape, SH.message)), f"{shape}: closed shape without message"
