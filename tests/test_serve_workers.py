"""`unkg serve --workers N` serves from several processes; a read-write store refuses it."""
import os

import httpx

from .conftest import run_unkg
from .servers import start_server, stop_server, wait_until_up


def test_several_workers_answer(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("1. Les États devraient envisager de coopérer.\n", encoding="utf-8")
    store = tmp_path / "store"
    assert run_unkg("ingest", str(doc), store=store).returncode == 0
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
    proc, base = start_server(str(store), env, "--workers", "2")
    try:
        wait_until_up(proc, base)
        counts = {httpx.get(f"{base}/sparql", params={"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"},
                            headers={"Accept": "text/csv"}, timeout=30).text for _ in range(6)}
        assert len(counts) == 1 and int(counts.pop().split()[1]) > 0
    finally:
        stop_server(proc)


def test_several_workers_refuse_a_read_write_store(tmp_path):
    doc = tmp_path / "note.txt"
    doc.write_text("1. Les États devraient envisager de coopérer.\n", encoding="utf-8")
    store = tmp_path / "store"
    assert run_unkg("ingest", str(doc), store=store).returncode == 0
    r = run_unkg("serve", "--workers", "2", "--port", "1", store=store, env={"UNKG_INGEST_TOKEN": "secret"})
    assert r.returncode == 2 and "several workers" in r.stderr
