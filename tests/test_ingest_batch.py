"""An ingest run of many documents: validated several at a time, written on a background
thread several per transaction, and still the same store, the same refusals and the same
order of results as ingesting the documents one by one."""
from __future__ import annotations

import pytest
from rdflib import RDF, Graph, Literal, URIRef

from unkg.errors import InvalidData, StoreError
from unkg.ingest.pipeline import VALIDATION_BATCH, ensure_reference, ingest_file, ingest_paths
from unkg.ingest.writer import Ticket, Writer
from unkg.sample import write_corpus
from unkg.store import open_store
from unkg.store.oxigraph import OxigraphStore
from unkg.validation import validate_document, validate_documents
from unkg.vocab import UNKG

COUNT = 2 * VALIDATION_BATCH + 5          # two whole validation batches and a part
BROKEN = VALIDATION_BATCH + 2             # a document in the middle of the second batch


@pytest.fixture(scope="module")
def corpus_files(tmp_path_factory) -> list:
    folder = tmp_path_factory.mktemp("sample")
    return sorted(write_corpus(folder, COUNT, seed=7))


def _dump(store) -> dict[str, set[str]]:
    """Every graph's triples as N-Triples lines (the sample documents have no blank nodes)."""
    out: dict[str, set[str]] = {}
    for g in store.graphs():
        out[g] = {f"{s.n3()} {p.n3()} {o.n3()}" for s, p, o in store.triples(g)}
    return out


def _break(graph: Graph) -> Graph:
    """A copy of the graph whose dates are words, as a careless extractor would leave them
    (the shapes want xsd:date)."""
    broken = Graph()
    for s, p, o in graph:
        if p in (UNKG.adoptedOn, UNKG.distributionDate, UNKG.startDate, UNKG.date):
            o = Literal("le dix-neuf octobre")
        broken.add((s, p, o))
    assert broken != graph and set(broken) != set(graph), "the document has no date to break"
    return broken


@pytest.fixture
def break_one(monkeypatch, corpus_files):
    """Extraction that breaks the graph of the BROKEN-th file (its name is returned)."""
    import unkg.ingest.extract as extract_module

    real = extract_module.extract
    target = corpus_files[BROKEN].name

    def extract(source, minter):
        doc = real(source, minter)
        if source.path.name == target:
            doc.graph = _break(doc.graph)
        return doc

    monkeypatch.setattr(extract_module, "extract", extract)
    return target


def test_a_run_gives_the_store_that_one_by_one_ingests_give(corpus_files, tmp_path, settings):
    seen = []
    with open_store(settings) as store:
        summary = ingest_paths(store, corpus_files, settings, on_result=seen.append)
        batched = _dump(store)
    assert [r.path for r in seen] == corpus_files                      # in file order
    assert {r.status for r in summary.results} == {"ingested"}
    one_by_one = OxigraphStore(tmp_path / "one-by-one")
    ensure_reference(one_by_one, settings)
    for f in corpus_files:
        assert ingest_file(one_by_one, f, settings).status == "ingested"
    assert _dump(one_by_one) == batched
    assert one_by_one.count() == sum(len(t) for t in batched.values())
    one_by_one.close()


def test_the_gate_still_refuses_a_broken_document_of_a_batch(corpus_files, break_one, settings):
    """Without --keep-going the run stops at the broken document: the ones before it are
    written and reported, none after it."""
    seen = []
    with open_store(settings) as store:
        with pytest.raises(InvalidData) as caught:
            ingest_paths(store, corpus_files, settings, on_result=seen.append)
        assert caught.value.message.startswith(f"{break_one} does not conform to the shapes")
        assert [r.path for r in seen] == corpus_files[:BROKEN]
        written = [g for g in store.graphs() if "/graph/" in g and not g.endswith(("/ontology", "/reference"))]
        assert sorted(written) == sorted(r.graph for r in seen)


def test_keep_going_writes_every_document_but_the_broken_one(corpus_files, break_one, settings):
    seen = []
    with open_store(settings) as store:
        summary = ingest_paths(store, corpus_files, settings, keep_going=True, on_result=seen.append)
        graphs = set(store.graphs())
    assert [r.path for r in seen] == corpus_files
    statuses = [r.status for r in summary.results]
    assert statuses[BROKEN] == "failed" and statuses.count("ingested") == COUNT - 1
    failed = summary.results[BROKEN]
    assert failed.exit_code == 1 and "does not conform" in failed.message
    assert all(r.graph in graphs for r in summary.results if r.status == "ingested")


def test_a_batch_names_the_documents_at_fault_as_one_by_one_validation_does(corpus_files, settings):
    from unkg.identifiers import Minter
    from unkg.ingest.extract import extract
    from unkg.ingest.reader import read_source

    docs = [extract(read_source(f), Minter(settings.base_iri)) for f in corpus_files[:VALIDATION_BATCH]]
    batch = [(d.graph, f.name) for d, f in zip(docs, corpus_files)]
    assert validate_documents(batch, None, settings) == [None] * len(batch)
    batch[3] = (_break(docs[3].graph), corpus_files[3].name)
    verdicts = validate_documents(batch, None, settings)
    assert [v is None for v in verdicts] == [i != 3 for i in range(len(batch))]
    # what ingesting them one by one gives: the documents before it written, then the broken one refused
    with pytest.raises(InvalidData) as alone:
        validate_document(batch[3][0], None, settings, source_name=corpus_files[3].name,
                          also=[g for g, _ in batch[:3]])
    assert verdicts[3].message == alone.value.message
    assert verdicts[3].report == alone.value.report and "le dix-neuf octobre" in alone.value.report


def _graph(name: str, iri: str = "http://example.org/a") -> tuple[str, Graph]:
    g = Graph()
    g.add((URIRef(iri), RDF.type, URIRef("http://example.org/Thing")))
    g.add((URIRef(iri), URIRef("http://example.org/name"), Literal(name)))
    return f"http://example.org/graph/{name}", g


@pytest.mark.parametrize("background", [True, False])
@pytest.mark.parametrize("keep_going", [True, False])
def test_a_refused_write_is_the_failing_documents_alone(tmp_path, background, keep_going):
    """Graphs queued together share a transaction; when the store refuses it, they are
    written one by one, so only the document the store refuses fails."""
    store = OxigraphStore(tmp_path / "store")
    tickets = [Ticket(*_graph("first")), Ticket(*_graph("bad", "http://example.org/not an iri")), Ticket(*_graph("third"))]
    writer = Writer(store, background=background, keep_going=keep_going)
    for t in tickets:
        writer.put(t)
    writer.stop()
    first, bad, third = tickets
    assert first.done.is_set() and first.error is None
    assert bad.done.is_set() and isinstance(bad.error, StoreError) and "not an iri" in bad.error.message
    assert isinstance(writer.failure, StoreError)
    graphs = set(store.graphs())
    assert first.graph_iri in graphs and bad.graph_iri not in graphs
    if keep_going:
        assert third.done.is_set() and third.error is None and third.graph_iri in graphs
    else:
        assert not third.done.is_set() and third.graph_iri not in graphs
    store.close()


def test_the_run_context_sees_queued_documents_and_keeps_up_with_the_store(tmp_path, settings):
    """A document validated while another of the run waits to be written sees what that one
    says of the nodes it links to; once it is written, the cached context of the store has it."""
    from rdflib import RDFS

    from unkg.validation import RunContext, data_triples

    store = OxigraphStore(tmp_path / "store")
    ensure_reference(store, settings)
    x = URIRef("https://w3id.org/unkg/id/person/test-x")
    a_iri, a = "https://w3id.org/unkg/graph/test/a", Graph()
    a.add((x, RDFS.label, Literal("X")))
    b = Graph()
    b.add((URIRef("https://w3id.org/unkg/id/person/test-b"), UNKG.representsState, x))
    label = (x, RDFS.label, Literal("X"))

    run = RunContext(store)
    assert label not in data_triples(b, store, settings, run=run)      # nothing known of x yet (and that is cached)
    run.queued(a_iri, a, replaces=False)
    assert data_triples(b, store, settings, run=run).count(label) == 1
    store.replace_graph(a_iri, a)
    run.written(a_iri)
    assert data_triples(b, store, settings, run=run).count(label) == 1   # from the cache, now the store's
    assert data_triples(b, store, settings, run=RunContext(store)).count(label) == 1
    renamed = Graph()
    renamed.add((x, RDFS.label, Literal("Y")))
    run.queued(a_iri, renamed, replaces=True)
    store.replace_graph(a_iri, renamed)
    run.written(a_iri)
    seen = data_triples(b, store, settings, run=run)
    assert label not in seen and (x, RDFS.label, Literal("Y")) in seen
    store.close()


@pytest.mark.parametrize("keep_going", [False, True])
def test_an_rdf_file_in_a_run_is_loaded_in_its_turn(corpus_files, tmp_path, settings, keep_going):
    """Documents before a broken RDF file are written before it is read; without
    --keep-going, none after it."""
    from unkg.errors import InputError

    bad = tmp_path / "broken.ttl"
    bad.write_text("<http://example.org/a> <http://example.org/b> .\n", encoding="utf-8")
    files = [*corpus_files[:3], bad, corpus_files[3]]
    seen = []
    with open_store(settings) as store:
        if keep_going:
            summary = ingest_paths(store, files, settings, keep_going=True, on_result=seen.append)
            assert [r.status for r in summary.results] == ["ingested"] * 3 + ["failed", "ingested"]
            assert summary.results[3].exit_code == 2 and "broken.ttl" in summary.results[3].message
        else:
            with pytest.raises(InputError, match="broken.ttl"):
                ingest_paths(store, files, settings, on_result=seen.append)
            assert [r.path for r in seen] == corpus_files[:3]
        graphs = set(store.graphs())
    assert all(r.graph in graphs for r in seen if r.status == "ingested")
    assert len([r for r in seen if r.status == "ingested"]) == (4 if keep_going else 3)
