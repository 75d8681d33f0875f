"""The benchmark harness: a missing part is reported, not fatal; percentiles; a dump is stopped
at its time budget; every named query becomes a benchmark case with its bindings as VALUES.
(No timing is asserted: speed is measured by `make bench`, not tested.)"""
from __future__ import annotations

import pytest

from bench.exports import timed_dump
from bench.measure import NotAvailable, measurement, percentiles, repeat_paired
from bench.queries import param_value, query_cases
from bench.report import ratios, targets


def test_a_missing_part_is_reported_as_not_available_and_a_failure_as_an_error():
    @measurement
    def missing():
        raise NotAvailable("no named queries yet")

    @measurement
    def not_installed():
        import unkg_module_that_does_not_exist  # noqa: F401

    @measurement
    def broken():
        raise ValueError("boom\nsecond line")

    @measurement
    def fine():
        return {"x": 1}

    assert missing() == {"status": "not available", "reason": "no named queries yet"}
    assert not_installed()["status"] == "not available"
    assert broken() == {"status": "error", "reason": "ValueError: boom"}
    assert fine()["status"] == "ok" and fine()["x"] == 1


def test_percentiles_in_milliseconds():
    p = percentiles([i / 1000 for i in range(1, 101)])
    assert (p["n"], p["p50_ms"], p["p99_ms"]) == (100, 51.0, 99.0)
    assert percentiles([]) == {"n": 0}


def test_a_dump_past_its_budget_is_stopped_and_counted():
    def endless(out):
        while True:
            out.write(b"<s> <p> <o> .\n")

    r = timed_dump(endless, 0.05)
    assert r["finished"] is False and r["lines"] > 0 and r["bytes"] == 14 * r["lines"]
    done = timed_dump(lambda out: out.write(b"a\nb\n"), None)
    assert (done["finished"], done["bytes"], done["lines"]) == (True, 4, 2)


def test_every_named_query_is_a_case_and_a_parameter_is_bound_as_values():
    from unkg.querylib import list_queries

    hints = {"iso3": "FIN", "article": 23, "resolution": "40/1", "symbol": "A/RES/40/1",
             "iri_document": "https://w3id.org/unkg/id/report/ctoc-cop-wg2/1"}
    cases = query_cases(hints)
    names = {q.name for q in list_queries()}
    assert {c.label for c in cases if c.label in names} == names
    bound = [c for c in cases if " by " in c.label]
    assert bound and all("VALUES" in c.text and c.raw for c in bound)
    assert len(bound) <= len(names)                       # the first parameter with a value, at most


def test_every_parameter_is_a_case_with_all_params():
    """`--all-params`: a case for each equality parameter with a value in the hints, run with
    the text run_named runs (a lookup parameter's sub-selects as plain patterns)."""
    from unkg.querylib import list_queries
    from unkg.store.query_text import inline_subselects

    hints = {"iso3": "FIN", "article": 23, "resolution": "40/1", "symbol": "A/RES/40/1", "person": "Ana Silva",
             "iri_document": "https://w3id.org/unkg/id/report/ctoc-cop-wg2/1",
             "iri_meeting": "https://w3id.org/unkg/id/meeting/ctoc-cop-wg2/1",
             "iri_body": "https://w3id.org/unkg/id/body/ctoc-cop-wg2"}
    cases = {c.label: c for c in query_cases(hints, every_param=True)}
    assert len(cases) > len(query_cases(hints))
    assert cases["speakers by name"].raw == {"name": "Ana Silva"}
    assert cases["resolution-paragraphs by kind"].raw == {"kind": "preambular"}
    assert cases["resolution-paragraphs by verb"].raw == {"verb": "requests"}
    for q in list_queries():
        for p in q.params:
            label = f"{q.name} by {p.name}"
            if p.column or p.default is not None:          # ranges, and parameters set by default
                assert label not in cases
                continue
            assert label in cases
            plain = inline_subselects(q.text)
            assert cases[label].text.startswith(plain if p.lookup else q.text), label


def test_parameter_values_come_from_the_data_by_name_and_type():
    class P:
        def __init__(self, name, type, default=None, column=None, description=""):
            self.name, self.type, self.default, self.column = name, type, default, column
            self.description = description

    hints = {"iso3": "FIN", "article": 23, "iri_body": "https://w3id.org/unkg/id/body/ctoc-cop-wg2"}
    assert param_value(P("state", "iso3"), hints) == "FIN"
    assert param_value(P("article", "int"), hints) == "23"
    assert param_value(P("body", "iri"), hints) == hints["iri_body"]
    assert param_value(P("addressee", "code"), hints) == "STATES"
    assert param_value(P("from", "date", column="adopted"), hints) is None


def test_targets_are_judged_from_the_results():
    results = {"sizes": {
        "100": {"ingest": {"per_kind": {"reports": {"ms_per_doc": 40.0}}, "docs_per_s": 30.0},
                "queries": {"queries": {"q": {"unkg": {"p50_ms": 2.0}, "store_over_raw": 1.1}}}},
        "1000": {"ingest": {"per_kind": {"reports": {"ms_per_doc": 60.0, "docs_per_s": 25.0}}, "docs_per_s": 20.0},
                 "queries": {"queries": {"q": {"unkg": {"p50_ms": 30.0}, "store_over_raw": 1.2},
                                         "slow": {"timeout_s": 2.0}}},
                 "baseline": {"queries": {"q": {"p50_ms": 3000.0}}}}}}
    results["ratios"] = ratios(results)
    assert results["ratios"]["1000"]["query_speedup_median"] == 100.0
    by_text = {t["target"]: t["met"] for t in targets(results)}
    assert by_text[">= 20 reports/s ingested end to end (with validation)"] is True
    assert by_text["per-document ingest cost constant within 25% from smallest to largest size"] is False
    assert by_text["every named query p50 <= 20 ms at 1000 documents"] is False
    assert by_text["named-query suite >= 50x faster than rdflib (median)"] is True


def test_ingest_targets_are_judged_on_runs_when_they_were_measured():
    """`unkg ingest FOLDER` is the throughput users see; one-by-one figures are latency."""
    def size(one, run):
        return {"ingest": {"per_kind": {"reports": {"ms_per_doc": 1000 / one, "docs_per_s": one}}},
                "ingest_run": {"per_kind": {"reports": {"ms_per_doc": 1000 / run, "docs_per_s": run}}, "docs_per_s": run}}

    results = {"sizes": {"100": size(6.0, 24.0), "1000": size(5.0, 21.0)}}
    rows = {t["target"]: t for t in targets(results)}
    speed = rows[">= 20 reports/s ingested end to end (with validation)"]
    assert speed["met"] is True and "21.0 reports/s" in speed["measured"] and "one at a time: 5.0" in speed["measured"]
    assert rows["per-document ingest cost constant within 25% from smallest to largest size"]["met"] is True
    results = {"sizes": {"100": size(6.0, 24.0), "1000": size(5.0, 18.0)}}
    assert {t["target"]: t["met"] for t in targets(results)}[">= 20 reports/s ingested end to end (with validation)"] is False


def test_a_baseline_stopped_at_its_limit_counts_as_a_lower_bound():
    results = {"sizes": {"1000": {
        "queries": {"queries": {"fast": {"unkg": {"p50_ms": 4.0}}, "slow": {"unkg": {"p50_ms": 500.0}},
                                "both": {"timeout_s": 2.0}, "mid": {"unkg": {"p50_ms": 10.0}}}},
        "baseline": {"queries": {"fast": {"timeout_s": 2.0}, "slow": {"p50_ms": 1000.0},
                                 "both": {"timeout_s": 2.0}, "mid": {"p50_ms": 300.0}}}}}}
    r = ratios(results)["1000"]
    assert r["query_speedup_vs_rdflib"] == {"fast": 500.0, "slow": 2.0, "mid": 30.0}
    assert r["query_speedup_median"] == 30.0 and r["query_speedup_lower_bounds"] == ["fast"]
    assert r["query_speedup_median_finished"] == 16.0                   # (2 + 30) / 2
    results["ratios"] = {"1000": r}
    row = {t["target"]: t for t in targets(results)}["named-query suite >= 50x faster than rdflib (median)"]
    assert row["met"] is False and row["measured"].startswith("at least 30.0x median at 1000 documents (3 cases; 1 counted")


def test_pyshacl_is_not_run_where_its_smaller_run_scaled_to_the_size_passes_the_limit():
    from bench.run import _shacl_beyond_limit

    assert _shacl_beyond_limit((2.5, 76_000, 100), 760_000, 30.0) == ""            # at least 25 s: run it
    why = _shacl_beyond_limit((29.6, 76_665, 100), 708_278, 30.0)
    assert why.startswith("29.6 s for 76,665 quads at 100 documents: at least 273 s for 708,278 quads")
    assert why.endswith("over the 30 s limit")


def test_exports_are_judged_live_and_prepared_files_only_noted():
    results = {"sizes": {"1000": {
        "exports": {"formats": {"nq": {"triples_per_s": 120_000}, "ttl": {"triples_per_s": 450_000}}},
        "exports_prepared": {"formats": {"nq": {"cold": {"triples_per_s": 110_000}, "prepared": {"triples_per_s": 3_000_000}},
                                         "ttl": {"cold": {"triples_per_s": 100_000}, "prepared": {"triples_per_s": 900_000}}}}}}}
    row = {t["target"]: t for t in targets(results)}[">= 400k triples/s exported in every format"]
    assert row["met"] is False and "slowest nq: 120,000" in row["measured"]
    assert row["note"] == "prepared files at 1000 documents: slowest ttl 900,000 triples/s"


class _Server:
    """A loopback HTTP server answering 200 on /ok… and 404 elsewhere, in a thread."""

    def __enter__(self):
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def do_GET(self):
                status = 200 if self.path.startswith("/ok") else 404
                self.send_response(status)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            def log_message(self, *args):
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.httpd.server_address[1]
        threading.Thread(target=self.httpd.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc):
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.mark.skipif(not __import__("shutil").which("wrk"), reason="wrk is not installed (scripts/bench-deps.sh)")
def test_wrk_rotates_the_paths_and_counts_errors():
    from bench.load import run_wrk, wrk_version

    assert wrk_version().startswith("wrk")
    with _Server() as s:
        good = run_wrk("127.0.0.1", s.port, ["/ok/1", "/ok/2"], connections=2, seconds=1, warmup=0)
        mixed = run_wrk("127.0.0.1", s.port, ["/ok", "/missing"], connections=1, seconds=1, warmup=0)
    assert good["requests"] > 0 and not good["errors"]
    assert 0 < good["p50_ms"] <= good["p99_ms"]
    # one connection alternates the two paths, so about half the answers are 404
    assert mixed["requests"] > 0 and abs(mixed["errors"]["status_errors"] - mixed["requests"] / 2) <= 2


def test_python_client_counts_errors_by_status():
    from bench.load import run_load

    with _Server() as s:
        lat, errors, wall = run_load("127.0.0.1", s.port, ["/ok", "/missing"], connections=1, seconds=0.5, warmup=0)
    assert lat and wall > 0 and abs(errors[404] - len(lat) / 2) <= 1


def test_cpu_seconds_counts_a_process_and_its_children():
    import subprocess
    import sys

    from bench.measure import cpu_seconds

    # the child burns 0.5 s of CPU, then sleeps; the parent only waits
    child = "import time\nwhile time.process_time() < 0.5: pass\nprint('done', flush=True)\ntime.sleep(60)"
    parent = f"import subprocess, sys, time\nsubprocess.Popen([sys.executable, '-c', {child!r}])\ntime.sleep(60)"
    p = subprocess.Popen([sys.executable, "-c", parent], stdout=subprocess.PIPE, text=True, start_new_session=True)
    try:
        assert p.stdout.readline().strip() == "done"
        assert cpu_seconds(p.pid) >= 0.5
    finally:
        import os
        import signal

        os.killpg(p.pid, signal.SIGKILL)
        p.wait()


def test_paired_runs_take_turns_and_stop_at_the_budget():
    import time

    calls = []
    first, second = repeat_paired(lambda: calls.append("a"), lambda: calls.append("b"), max_runs=3, budget=60)
    assert (len(first), len(second)) == (3, 3)
    assert calls == ["a", "b", "b", "a", "a", "b"]
    first, second = repeat_paired(lambda: time.sleep(0.001), lambda: time.sleep(0.001), min_runs=3, budget=0.01)
    assert len(first) == len(second) >= 3 and sum(first) + sum(second) >= 0.02
    first, second = repeat_paired(lambda: None, lambda: None, min_runs=3, budget=0.0)
    assert (len(first), len(second)) == (1, 1)      # one round past a third of the budget: no more


@pytest.fixture(scope="module")
def sample_store(tmp_path_factory):
    """A store of twelve generated documents, loaded the way the bench grows its stores."""
    from bench.ingest import bulk
    from unkg.config import Settings
    from unkg.sample import write_corpus
    from unkg.store.oxigraph import OxigraphStore

    root = tmp_path_factory.mktemp("bench-store")
    paths = write_corpus(root / "corpus", 12, 0)
    settings = Settings.from_env({}, store=str(root / "store"))
    with OxigraphStore(root / "store") as store:
        loaded = bulk(store, settings, paths, processes=1, cache=None)
        assert loaded["status"] == "ok" and loaded["documents"] == 12
        symbol = next(r[2] for r in store.select(
            "PREFIX unkg: <https://w3id.org/unkg/ontology#> SELECT ?d ?s (STR(?s) AS ?text) "
            "WHERE { ?d unkg:symbol ?s } ORDER BY ?s LIMIT 1").rows)
    return root / "store", str(symbol)


def test_the_query_worker_times_each_case_through_unkg_and_on_raw_pyoxigraph(sample_store):
    from bench.queries import QueryCase, store_latency
    from unkg.querylib import run_named
    from unkg.store.oxigraph import OxigraphStore

    path, symbol = sample_store
    cases = [QueryCase("documents", "documents", {}, ""),
             QueryCase("documents by symbol", "documents", {"symbol": symbol}, ""),
             QueryCase("documents by absent symbol", "documents", {"symbol": "A/RES/999/999"}, ""),
             QueryCase("documents by bad lang", "documents", {"lang": "not a language"}, ""),
             QueryCase("meetings", "meetings", {}, "")]
    out = store_latency(path, cases, max_rows=10_000, budget=0.05, limit=60.0)
    assert out["status"] == "ok"
    got = out["queries"]
    with OxigraphStore(path, read_only=True) as store:
        expected = {c.label: len(run_named(store, c.name, c.raw).rows) for c in cases if "bad" not in c.label}
    for label in ("documents", "documents by symbol", "meetings"):
        entry = got[label]
        assert entry["rows"] == expected[label]
        assert entry["unkg"]["n"] == entry["pyoxigraph"]["n"] >= 3            # taken in turn, as many of each
        assert entry["store_over_raw"] == round(entry["unkg"]["p50_ms"] / entry["pyoxigraph"]["p50_ms"], 2)
    assert expected["documents by symbol"] == 1 and expected["documents"] >= 12
    assert got["documents by symbol"]["substituted"]
    assert got["documents by absent symbol"]["rows"] == 0
    assert got["documents by absent symbol"]["pyoxigraph"] == {"skipped": "no subject to narrow to"}
    assert "not a language" in got["documents by bad lang"]["unkg"]["error"]
