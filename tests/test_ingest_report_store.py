"""The reference report through the real pipeline and the real `unkg` command: validated,
written as one named graph, idempotent on re-ingest; a document that fails in the middle
of its extraction writes nothing; a text that is not a UN document ingests as a generic
document."""
from __future__ import annotations

import pytest
from rdflib import Graph, URIRef
from rdflib.compare import isomorphic

from unkg.config import Settings
from unkg.errors import InputError
from unkg.ingest.pipeline import ingest_paths
from unkg.store import open_store

GRAPH = "https://w3id.org/unkg/graph/report/ctoc-cop-wg2/9/fr"


@pytest.fixture(scope="module")
def loaded(reference_report, tmp_path_factory):
    """A store holding the reference report, ingested with validation."""
    path = tmp_path_factory.mktemp("report-store") / "store"
    settings = Settings.from_env({}, store=str(path))
    store = open_store(settings)
    summary = ingest_paths(store, [reference_report], settings)
    yield store, settings, summary
    store.close()


def graph_of(store, name: str) -> Graph:
    g = Graph()
    for t in store.triples(name):
        g.add(t)
    return g


def test_the_report_is_validated_and_written_as_one_graph(loaded):
    store, _, summary = loaded
    [result] = summary.results
    assert (result.status, result.graph) == ("ingested", GRAPH)
    assert result.triples == store.count(GRAPH) > 2000


def test_ingesting_again_changes_nothing_and_replace_gives_the_same_graph(loaded, reference_report):
    store, settings, _ = loaded
    before = graph_of(store, GRAPH)
    again = ingest_paths(store, [reference_report], settings)
    assert [r.status for r in again.results] == ["unchanged"]
    replaced = ingest_paths(store, [reference_report], settings, replace=True)
    assert [r.status for r in replaced.results] == ["replaced"]
    assert isomorphic(graph_of(store, GRAPH), before)


def test_a_failure_in_the_middle_of_a_document_writes_nothing(loaded, reference_report, tmp_path):
    """The meeting dates of paragraph 1 reversed: extraction stops at paragraph 1, after the
    structure and paragraphs were read; the store keeps exactly what it had."""
    store, settings, _ = loaded
    text = reference_report.read_text(encoding="utf-8")
    assert "du 17 au 19 octobre 2016" in text
    bad = tmp_path / "reversed-dates.txt"
    bad.write_text(text.replace("du 17 au 19 octobre 2016", "du 19 au 17 octobre 2016", 1), encoding="utf-8")
    graphs_before, count_before = sorted(store.graphs()), store.count()
    with pytest.raises(InputError, match=r"reversed-dates.txt: paragraph 1 says the meeting ends \(2016-10-17\) "
                                         r"before it starts \(2016-10-19\)"):
        ingest_paths(store, [bad], settings, replace=True)
    assert sorted(store.graphs()) == graphs_before
    assert store.count() == count_before


def test_the_cli_refuses_it_with_one_line_and_a_non_zero_exit(unkg, reference_report, tmp_path):
    bad = tmp_path / "reversed-dates.txt"
    bad.write_text(reference_report.read_text(encoding="utf-8").replace(
        "du 17 au 19 octobre 2016", "du 19 au 17 octobre 2016", 1), encoding="utf-8")
    store = tmp_path / "store"
    p = unkg("ingest", str(bad), store=store)
    assert p.returncode == 2
    assert "meeting ends (2016-10-17) before it starts (2016-10-19)" in p.stderr
    assert "Traceback" not in p.stderr
    opened = open_store(Settings.from_env({}, store=str(store)))
    try:
        assert GRAPH not in opened.graphs()
        assert opened.has_graph("https://w3id.org/unkg/graph/ontology")     # the store itself was set up
    finally:
        opened.close()


def test_a_text_that_is_not_a_un_document_ingests_as_a_generic_document(tmp_path):
    note = tmp_path / "notes.txt"
    note.write_text("Minutes of the garden club\n\nWe planted tulips along the fence and the gate.\n\n"
                    "The next meeting is on the first Monday of the month, with tea.\n", encoding="utf-8")
    settings = Settings.from_env({}, store=str(tmp_path / "store"))
    store = open_store(settings)
    try:
        summary = ingest_paths(store, [note], settings)
        [result] = summary.results
        assert result.status == "ingested"
        rows = store.select("""PREFIX unkg: <https://w3id.org/unkg/ontology#>
            SELECT ?n ?t WHERE { ?p a unkg:Paragraph ; unkg:paragraphNumber ?n ; unkg:text ?t } ORDER BY ?n""").rows
        assert [(int(n), str(t)) for n, t in rows] == [
            (1, "Minutes of the garden club"),
            (2, "We planted tulips along the fence and the gate."),
            (3, "The next meeting is on the first Monday of the month, with tea.")]
    finally:
        store.close()


def test_a_text_in_a_language_without_a_table_ingests_as_a_generic_document(tmp_path):
    from unkg.identifiers import Minter
    from unkg.ingest.extract import extract
    from unkg.ingest.reader import read_source

    path = tmp_path / "ru.txt"
    path.write_text("Генеральная Ассамблея,\n\nссылаясь на свои резолюции,\n\nпостановляет продолжить работу.\n",
                    encoding="utf-8")
    doc = extract(read_source(path), Minter())
    assert (doc.lang, doc.kind) == ("ru", "document")
    texts = sorted(str(o) for o in doc.graph.objects(None, URIRef("https://w3id.org/unkg/ontology#text")))
    assert texts == ["Генеральная Ассамблея,", "постановляет продолжить работу.", "ссылаясь на свои резолюции,"]
    assert all(o.language == "ru" for o in doc.graph.objects(None, URIRef("https://w3id.org/unkg/ontology#text")))
