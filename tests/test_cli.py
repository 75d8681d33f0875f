"""The unkg command: refusals leave the store as it was, ingest is idempotent and atomic,
an export restores the store, a second writer is refused."""
from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from rdflib import Dataset
from rdflib.compare import isomorphic

from .conftest import UNKG_BIN, run_unkg


def quads(store: Path) -> str:
    """The whole store as sorted N-Quads: the fingerprint of 'exactly as it was'."""
    r = run_unkg("export", "--format", "nq", store=store)
    assert r.returncode == 0, r.stderr
    return "\n".join(sorted(r.stdout.splitlines()))


@pytest.fixture
def seeded(tmp_path) -> Path:
    """A store holding one small document."""
    doc = tmp_path / "note.txt"
    doc.write_text("1. Le Groupe de travail a tenu sa réunion à Vienne.\n\n2. Les États devraient agir.\n", encoding="utf-8")
    store = tmp_path / "store"
    r = run_unkg("ingest", str(doc), store=store)
    assert r.returncode == 0, r.stderr
    return store


def test_help_everywhere():
    for cmd in ([], ["ingest"], ["validate"], ["query"], ["export"], ["stats"], ["drop"], ["serve"], ["queries"]):
        r = run_unkg(*cmd, "--help")
        assert r.returncode == 0 and "Usage:" in r.stdout, (cmd, r.stderr)


BAD_INPUTS = {
    "missing": (None, "no such file"),
    "empty": (b"", "empty"),
    "blank": (b"  \n\n \t\n", "empty"),
    "binary": (bytes(range(256)) * 4, "binary"),
    "latin1": ("Les États parties devraient désigner un point de contact.".encode("latin-1"), "not UTF-8"),
}


@pytest.mark.parametrize("case", sorted(BAD_INPUTS))
def test_bad_input_is_refused_and_the_store_is_unchanged(seeded, tmp_path, case):
    content, message = BAD_INPUTS[case]
    path = tmp_path / f"{case}.txt"
    if content is not None:
        path.write_bytes(content)
    before = quads(seeded)
    r = run_unkg("ingest", str(path), store=seeded)
    assert r.returncode == 2
    lines = r.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0] and lines[0].startswith("unkg: ")
    assert "Traceback" not in r.stderr
    assert quads(seeded) == before


def test_unknown_store_scheme_and_bad_param_are_usage_errors(tmp_path):
    r = run_unkg("stats", store="ftp://example.org/x")
    assert r.returncode == 2 and "unknown store" in r.stderr
    r = run_unkg("query", "documents", "--param", "novalue", store=tmp_path / "s")
    assert r.returncode == 2


def test_reading_a_store_that_does_not_exist_says_so(tmp_path):
    r = run_unkg("stats", store=tmp_path / "nothing")
    assert r.returncode == 2 and "no store at" in r.stderr


def test_ingest_twice_is_idempotent(seeded, tmp_path):
    doc = tmp_path / "note.txt"
    before = quads(seeded)
    r = run_unkg("ingest", str(doc), store=seeded)
    assert r.returncode == 0 and "unchanged" in r.stdout
    assert quads(seeded) == before
    r = run_unkg("ingest", "--replace", str(doc), store=seeded)
    assert r.returncode == 0 and "replaced" in r.stdout
    assert quads(seeded) == before


def test_export_restores_an_isomorphic_dataset(seeded, tmp_path):
    dump = tmp_path / "dump.nq"
    r = run_unkg("export", "--format", "nq", "-o", str(dump), store=seeded)
    assert r.returncode == 0, r.stderr
    restored = tmp_path / "restored"
    r = run_unkg("ingest", str(dump), store=restored)
    assert r.returncode == 0, r.stderr
    a, b = Dataset(), Dataset()
    a.parse(dump, format="nquads")
    b.parse(data=quads(restored), format="nquads")
    assert len(a) > 0
    names = lambda d: sorted(str(g.identifier) for g in d.graphs() if len(g))
    assert names(a) == names(b)
    for g in a.graphs():
        if len(g):
            assert isomorphic(g, b.graph(g.identifier)), g.identifier


@pytest.mark.parametrize("fmt", ["ttl", "nt", "nq", "trig", "jsonld", "rdfxml"])
def test_export_formats_parse(seeded, fmt):
    r = run_unkg("export", "--format", fmt, store=seeded)
    assert r.returncode == 0, r.stderr
    rdflib_fmt = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig", "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    ds = Dataset()
    ds.parse(data=r.stdout, format=rdflib_fmt)
    assert len(list(ds.quads())) > 0


def test_export_of_an_unknown_graph_is_refused(seeded):
    r = run_unkg("export", "--graph", "https://w3id.org/unkg/graph/nothing", store=seeded)
    assert r.returncode == 2 and "no graph" in r.stderr


def test_a_file_of_triples_lands_in_a_graph_named_after_the_file(tmp_path):
    store = tmp_path / "store"
    for folder, value in (("one", "first"), ("two", "second")):
        f = tmp_path / folder / "notes.ttl"
        f.parent.mkdir()
        f.write_text(f'<item> <http://example.org/says> "{value}" .\n', encoding="utf-8")
        r = run_unkg("ingest", "--replace", str(f), store=store)
        assert r.returncode == 0, r.stderr
    # one graph for the file name wherever the file was; the later load replaced the earlier one,
    # and relative IRIs resolve against the graph's IRI
    graph = "https://w3id.org/unkg/graph/file/notes.ttl"
    mine = [line for line in quads(store).splitlines() if "example.org" in line or "/graph/file/" in line]
    assert mine == [f'<https://w3id.org/unkg/graph/file/item> <http://example.org/says> "second" <{graph}> .']


def test_invalid_rdf_is_refused_and_the_store_is_unchanged(seeded, tmp_path):
    bad = tmp_path / "bad.ttl"
    bad.write_text("<http://a> <http://b> .\n", encoding="utf-8")
    before = quads(seeded)
    r = run_unkg("ingest", str(bad), store=seeded)
    assert r.returncode == 2 and "not valid ttl" in r.stderr
    assert quads(seeded) == before


def test_jsonld_with_a_remote_context_is_refused(tmp_path):
    doc = tmp_path / "remote.jsonld"
    doc.write_text(json.dumps({"@context": "http://example.org/context.jsonld", "@id": "http://a", "name": "x"}))
    r = run_unkg("ingest", str(doc), store=tmp_path / "s")
    assert r.returncode == 2 and "remote JSON-LD @context" in r.stderr


def test_drop_removes_a_document(seeded, tmp_path):
    r = run_unkg("drop", "note.txt", store=seeded)
    assert r.returncode == 0 and r.stdout.startswith("dropped ")
    dropped = r.stdout.split()[1]
    assert dropped not in quads(seeded)
    r = run_unkg("drop", "note.txt", store=seeded)
    assert r.returncode == 2 and "no document" in r.stderr


def test_a_second_writer_is_refused_with_a_clear_error(seeded, tmp_path):
    holder = subprocess.Popen([sys.executable, "-c",
                               "import sys, time; from unkg.store.oxigraph import OxigraphStore; "
                               "s = OxigraphStore(sys.argv[1]); print('open', flush=True); time.sleep(60)", str(seeded)],
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "open"
        doc = tmp_path / "other.txt"
        doc.write_text("Un autre document des Nations Unies.\n", encoding="utf-8")
        r = run_unkg("ingest", str(doc), store=seeded)
        assert r.returncode == 2
        assert "in use by another unkg process" in r.stderr
        # readers still work while the writer holds the store
        r = run_unkg("stats", store=seeded)
        assert r.returncode == 0, r.stderr
    finally:
        holder.kill()
        holder.wait()


def test_sigkill_during_a_folder_ingest_leaves_whole_documents(tmp_path):
    folder = tmp_path / "docs"
    folder.mkdir()
    paragraph = "Les États devraient envisager de renforcer la coopération internationale. " * 40
    for i in range(60):
        body = "\n\n".join(f"{n}. {paragraph} (document {i})" for n in range(1, 80))
        (folder / f"doc{i:03}.txt").write_text(body, encoding="utf-8")
    store = tmp_path / "store"
    proc = subprocess.Popen([str(UNKG_BIN), "--store", str(store), "ingest", "--no-validate", str(folder)],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    # kill it once some documents are in, before all are
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline and proc.poll() is None:
        line = proc.stdout.readline().decode()
        if line.startswith("ingested") and "doc005" in line:
            break
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    r = run_unkg("export", "--format", "nq", store=store)
    assert r.returncode == 0, r.stderr
    ds = Dataset()
    ds.parse(data=r.stdout, format="nquads")
    per_graph = {}
    for s, p, o, g in ds.quads():
        per_graph[str(g)] = per_graph.get(str(g), 0) + 1
    docs = {g: n for g, n in per_graph.items() if "/graph/doc/" in g}
    assert 0 < len(docs) < 60
    counts = set(docs.values())
    assert len(counts) == 1, f"a document was written in part: {docs}"
    # the next run completes the folder
    r = run_unkg("ingest", "--no-validate", "--quiet", str(folder), store=store)
    assert r.returncode == 0, r.stderr
    r = run_unkg("stats", "--format", "json", store=store)
    graphs = json.loads(r.stdout)["graphs"]
    assert len([g for g in graphs if "/graph/doc/" in g]) == 60


def test_reference_graphs_are_loaded_once_and_refreshed_when_outdated(settings):
    from rdflib import Graph, Literal, URIRef
    from rdflib.namespace import OWL

    from unkg.ingest.pipeline import ensure_reference
    from unkg.store import open_store

    ref = URIRef(settings.base_iri + "graph/reference")
    with open_store(settings) as store:
        assert ensure_reference(store, settings) is True
        assert ensure_reference(store, settings) is False
        stale = Graph()
        for t in store.triples(str(ref)):
            stale.add(t)
        stale.set((ref, OWL.versionInfo, Literal("an older build")))
        store.replace_graph(str(ref), stale)
        assert ensure_reference(store, settings) is True
        assert not store.ask('ASK { GRAPH ?g { ?g ?v "an older build" } }', {"g": ref, "v": OWL.versionInfo})
        assert ensure_reference(store, settings) is False


def test_the_reference_report_twice_and_its_stats(reference_report, tmp_path):
    store = tmp_path / "store"
    r = run_unkg("ingest", str(reference_report), store=store)
    assert r.returncode == 0, r.stderr
    before = quads(store)
    r = run_unkg("ingest", str(reference_report), store=store)
    assert r.returncode == 0 and "unchanged" in r.stdout
    r = run_unkg("ingest", "--replace", str(reference_report), store=store)
    assert r.returncode == 0 and "replaced" in r.stdout
    assert quads(store) == before
    r = run_unkg("stats", "--format", "json", store=store)
    classes = json.loads(r.stdout)["classes"]
    unkg = "https://w3id.org/unkg/ontology#"
    assert classes[unkg + "Recommendation"] == 19
    assert classes[unkg + "Meeting"] >= 1
    assert classes[unkg + "State"] >= 193                 # the reference data: every Member State
    assert classes[unkg + "Participation"] >= 12 + 6      # the 12 States and the 6 panellists who spoke
    r = run_unkg("stats", store=store)
    assert "unkg:Recommendation" in r.stdout
