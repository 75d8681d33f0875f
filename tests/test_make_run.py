"""`make run` builds the graph from the corpus and serves it; the README's first query answers."""
from __future__ import annotations

import csv
import io
import os
import re
import signal
import subprocess
import time

import httpx
import pytest

from .conftest import ROOT, free_port


def readme_query() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    m = re.search(r"--data-urlencode \\\n\s*'query=(.*?)' \\", readme, flags=re.S)
    assert m, "the README's quickstart has no curl query"
    return m.group(1)


@pytest.mark.timeout(600)
def test_make_run_serves_the_corpus(corpus, tmp_path):
    port = free_port()
    store = tmp_path / "store"
    proc = subprocess.Popen(["make", "--no-print-directory", "run", f"STORE={store}", f"PORT={port}", f"CORPUS={corpus}"],
                            cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    output = []
    try:
        deadline = time.monotonic() + 400
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                pytest.fail("make run stopped:\n" + "".join(output))
            output.append(line)
            if line.startswith("Example:"):
                break
        text = "".join(output)
        assert f"{base}/sparql" in text and f"{base}/docs" in text
        while time.monotonic() < deadline:
            try:
                if httpx.get(f"{base}/sparql", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                time.sleep(0.5)
        r = httpx.post(f"{base}/sparql", data={"query": readme_query()}, headers={"Accept": "text/csv"}, timeout=30)
        assert r.status_code == 200, r.text
        rows = list(csv.DictReader(io.StringIO(r.text)))
        assert [int(row["n"]) for row in rows] == [5, 6, 7]
        assert rows[0]["text"].startswith("Le Groupe de travail")
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
