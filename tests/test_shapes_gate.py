"""The validation gate on the real reference report: it conforms, and broken copies of its
graph are refused with readable reports, leaving the store as it was."""
from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from unkg.errors import InvalidData
from unkg.identifiers import Minter
from unkg.store import open_store
from unkg.validation import validate_document, validate_store
from unkg.vocab import UNKG

XSD_DATE = URIRef("http://www.w3.org/2001/XMLSchema#date")

from .conftest import run_unkg


@pytest.fixture(scope="module")
def extracted(reference_report):
    from unkg.ingest.extract import extract
    from unkg.ingest.reader import read_source

    return extract(read_source(reference_report), Minter())


def _copy(graph: Graph) -> Graph:
    g = Graph()
    g += graph
    return g


def _recommendation(graph: Graph, number: int) -> URIRef:
    for rec in graph.subjects(RDF.type, UNKG.Recommendation):
        if graph.value(rec, UNKG.paragraphNumber) == Literal(number):
            return rec
    raise AssertionError(f"the extraction has no recommendation {number}")


def _snapshot(store) -> tuple[list[str], int]:
    return store.graphs(), store.count()


def test_reference_report_conforms_with_the_builtin_reference_data(extracted, settings):
    assert len(list(extracted.graph.subjects(RDF.type, UNKG.Recommendation))) == 19
    validate_document(extracted.graph, None, settings, source_name="reference report")


def test_reference_report_is_ingested_through_the_gate_and_the_store_validates(reference_report, settings):
    from unkg.ingest.pipeline import ingest_paths

    with open_store(settings) as store:
        summary = ingest_paths(store, [reference_report], settings)
        assert [r.status for r in summary.results] == ["ingested"]
        report = validate_store(store, settings)
    assert report.conforms, report.text()
    assert report.graphs_checked == 1


def _broken(extracted) -> tuple[Graph, dict[str, URIRef]]:
    """A copy of the reference report's graph with three faults a human would make."""
    g = _copy(extracted.graph)
    rec6 = _recommendation(g, 6)
    g.remove((rec6, UNKG.paragraphNumber, None))                       # a recommendation without a number
    rec11 = _recommendation(g, 11)
    g.remove((rec11, UNKG.adoptedOn, None))
    g.add((rec11, UNKG.adoptedOn, Literal("19 octobre 2016")))           # a date that is not a date
    finland = URIRef(Minter().state("FIN"))
    fake = URIRef(Minter().state("XXX"))
    for s, p in list(g.subject_predicates(finland)):                     # a State code that does not exist
        g.remove((s, p, finland))
        g.add((s, p, fake))
    for p, o in list(g.predicate_objects(finland)):
        g.remove((finland, p, o))
        g.add((fake, p, Literal("XXX") if p == UNKG.iso3 else o))
    return g, {"rec6": rec6, "rec11": rec11, "fake": fake}


def test_broken_copy_is_refused_with_readable_messages(extracted, settings):
    broken, nodes = _broken(extracted)
    with pytest.raises(InvalidData) as caught:
        validate_document(broken, None, settings, source_name="broken.txt")
    err = caught.value
    assert err.exit_code == 1
    assert err.message.startswith("broken.txt does not conform to the shapes")
    report = err.report
    expectations = [
        (nodes["rec6"], "exactly one paragraph number"),
        (nodes["rec11"], "an xsd:date"),
        (nodes["fake"], "Not a State of the reference data"),
    ]
    blocks = report.split("\n- ")
    for focus, message in expectations:
        block = next((b for b in blocks if f"<{focus}>" in b.splitlines()[0] and message in b), None)
        assert block is not None, f"no violation on {focus} saying {message!r}:\n{report}"
        assert "path:" in block and "message:" in block
    # the source paragraph of the bad date is quoted, so that a reader can fix the source
    rec11_block = next(b for b in blocks if f"<{nodes['rec11']}>" in b and "xsd:date" in b)
    paragraph_text = str(broken.value(broken.value(nodes["rec11"], UNKG.derivedFrom), UNKG.text))
    assert "source:" in rec11_block and paragraph_text[:60] in rec11_block
    assert '"19 octobre 2016"' in rec11_block


def test_broken_copy_leaves_the_store_unchanged(extracted, reference_report, settings, monkeypatch):
    """Through the ingest pipeline: the broken extraction is refused and nothing is written."""
    import unkg.ingest.extract as extract_module
    from unkg.ingest.pipeline import ensure_reference, ingest_paths

    broken, _ = _broken(extracted)
    real_extract = extract_module.extract

    def extract_then_break(source, minter):
        doc = real_extract(source, minter)
        doc.graph = broken
        return doc

    with open_store(settings) as store:
        ensure_reference(store, settings)
        before = _snapshot(store)
        monkeypatch.setattr(extract_module, "extract", extract_then_break)
        with pytest.raises(InvalidData) as caught:
            ingest_paths(store, [reference_report], settings)
        assert "nothing was written" in caught.value.message
        assert _snapshot(store) == before
        assert str(extracted.graph_iri) not in store.graphs()


def test_unkg_validate_reports_a_broken_graph_and_exits_1(extracted, store_path, tmp_path):
    broken, nodes = _broken(extracted)
    dump = tmp_path / "broken.nq"
    graph = URIRef(extracted.graph_iri).n3()
    dump.write_text("".join(f"{s.n3()} {p.n3()} {o.n3()} {graph} .\n" for s, p, o in broken), encoding="utf-8")
    loaded = run_unkg("ingest", str(dump), store=store_path)          # an RDF restore is not validated
    assert loaded.returncode == 0, loaded.stderr
    result = run_unkg("validate", store=store_path)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "Not a State of the reference data" in result.stdout
    assert f"<{nodes['rec6']}>" in result.stdout
    assert "do not conform to the shapes" in result.stdout


def test_unkg_validate_exits_0_on_a_conforming_store(reference_report, store_path):
    assert run_unkg("ingest", str(reference_report), store=store_path).returncode == 0
    result = run_unkg("validate", store=store_path)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "conforms" in result.stdout


def test_the_gate_reads_linked_nodes_from_the_other_graphs_of_the_store(extracted, reference_report, settings):
    """Another document dates resolution 8/4 before the recommendations it endorses: the
    report is refused on that cross-document rule; re-ingesting with --replace does not
    compare the report with its own earlier version."""
    from unkg.ingest.pipeline import ingest_paths

    resolution = Minter().resolution("ctoc-cop", "8/4")
    endorsed = {rec for rec in extracted.graph.subjects(UNKG.endorsedBy, resolution)}
    assert endorsed, "the extraction links no recommendation to resolution 8/4"
    with open_store(settings) as store:
        ingest_paths(store, [reference_report], settings)
        again = ingest_paths(store, [reference_report], settings, replace=True)
        assert [r.status for r in again.results] == ["replaced"]
        other = "https://w3id.org/unkg/graph/test/other-document"
        store.replace_graph(other, [(resolution, RDF.type, UNKG.Resolution),
                                    (resolution, UNKG.adoptedOn, Literal("2015-01-01", datatype=XSD_DATE))])
        before = _snapshot(store)
        with pytest.raises(InvalidData) as caught:
            ingest_paths(store, [reference_report], settings, replace=True)
        assert _snapshot(store) == before
    report = caught.value.report
    assert "was adopted before the recommendation" in report
    assert any(f"<{rec}>" in report for rec in endorsed)


def test_a_store_with_stale_reference_data_is_validated_against_the_current_one(extracted, settings):
    """A store made by an older unkg (here: an empty reference graph) does not make the
    gate refuse every State: the built-in reference data stands in for it."""
    from unkg.validation import _store_reference_is_current

    minter = Minter()
    with open_store(settings) as store:
        store.replace_graphs({str(minter.ontology_graph): Graph(), str(minter.reference_graph): Graph()})
        assert not _store_reference_is_current(store, minter)
        validate_document(extracted.graph, store, settings, source_name="reference report")
        broken, nodes = _broken(extracted)
        with pytest.raises(InvalidData) as caught:
            validate_document(broken, store, settings, source_name="broken.txt")
    assert f"<{nodes['fake']}>" in caught.value.report


def test_every_document_of_the_corpus_conforms(corpus, settings):
    """The shapes and the extractors agree on the whole corpus (resolutions, PDFs, AKN)."""
    from unkg.ingest.extract import extract
    from unkg.ingest.reader import read_source

    files = sorted((corpus / "resolutions").rglob("*.md")) + sorted((corpus / "pdf").glob("*.pdf")) \
        + sorted((corpus / "akn").glob("*.xml"))
    assert len(files) >= 20
    refused = {}
    for f in files:
        doc = extract(read_source(f), Minter())
        try:
            validate_document(doc.graph, None, settings, source_name=f.name)
        except InvalidData as e:
            refused[f.name] = e.report
    assert refused == {}


def test_the_context_of_a_linked_node_comes_from_the_other_graphs_only(settings):
    """The context read for the gate: what another graph says about a linked node counts;
    what only the document's own earlier graph says does not; what both say does."""
    from unkg.store.oxigraph import OxigraphStore
    from unkg.validation import _context_from_store

    node = URIRef("https://w3id.org/unkg/id/resolution/ctoc-cop/8/4")
    own, other = URIRef("https://w3id.org/unkg/graph/test/own"), URIRef("https://w3id.org/unkg/graph/test/other")
    date = Literal("2016-10-21", datatype=XSD_DATE)
    store = OxigraphStore()
    store.replace_graphs({str(own): [(node, RDF.type, UNKG.Resolution), (node, UNKG.adoptedOn, date),
                                     (node, UNKG.number, Literal("8/4"))],
                          str(other): [(node, RDF.type, UNKG.Resolution), (node, UNKG.title, Literal("x"))]})
    assert set(_context_from_store(store, [node], [])) == {
        (node, RDF.type, UNKG.Resolution), (node, UNKG.adoptedOn, date), (node, UNKG.number, Literal("8/4"))}
    assert set(_context_from_store(store, [node], [own])) == {(node, RDF.type, UNKG.Resolution)}
    # a graph to leave out that the store does not hold leaves nothing out
    assert len(set(_context_from_store(store, [node], [URIRef("https://w3id.org/unkg/graph/test/none")]))) == 3
