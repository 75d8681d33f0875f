"""Ingest measured two ways.

- The per-document path is `unkg.ingest.pipeline.ingest_file`, exactly what `unkg ingest`
  runs (read → extract → SHACL gate → one atomic write per document), with its stages
  timed by wrapping the functions it calls (read_source, extract, validate_document and
  the store's replace_graph[s]); nothing is replaced, only timed. Figures are given per
  folder of the corpus (`per_kind`) and per kind of extracted document
  (`per_extracted_kind`: report, resolution, document), with the stages of each.
- The bulk path, used to grow the store between the measured samples, extracts documents
  with the same extractor in worker processes (no SHACL gate), writes N-Quads (each triple
  in its document's graph and in the default graph, which unkg's embedded store keeps as
  the union of the named graphs) and loads them with Oxigraph's bulk loader. It is how the 10,000-document store is built within
  the time budget; its own throughput is reported separately and never mixed with the
  per-document figures.
"""
from __future__ import annotations

import hashlib
import json
import multiprocessing
import os
import shutil
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

from .measure import NotAvailable, measurement, percentiles

ROOT = Path(__file__).resolve().parent.parent


class TimedStore:
    """Delegates to a store, timing its graph writes."""

    def __init__(self, store, clock: dict):
        self._store = store
        self._clock = clock

    def __getattr__(self, name):
        return getattr(self._store, name)

    def replace_graphs(self, graphs):
        t0 = time.perf_counter()
        try:
            return self._store.replace_graphs(graphs)
        finally:
            self._clock["write"] = self._clock.get("write", 0.0) + time.perf_counter() - t0

    def replace_graph(self, graph, triples):
        return self.replace_graphs({graph: triples})


@contextmanager
def staged(clock: dict):
    """Time read_source, extract and validate_document while the pipeline runs."""
    import unkg.ingest.extract as extract_mod
    import unkg.ingest.pipeline as pipeline
    import unkg.validation as validation

    patched = []

    def wrap(module, name, stage):
        original = getattr(module, name, None)
        if original is None:
            return

        def timed(*args, **kwargs):
            t0 = time.perf_counter()
            try:
                out = original(*args, **kwargs)
                if stage == "extract":
                    clock["kind"] = getattr(out, "kind", "?")
                return out
            finally:
                clock[stage] = clock.get(stage, 0.0) + time.perf_counter() - t0

        setattr(module, name, timed)
        patched.append((module, name, original))

    wrap(pipeline, "read_source", "read")
    wrap(extract_mod, "extract", "extract")
    if "extract" in vars(pipeline):
        wrap(pipeline, "extract", "extract")
    wrap(validation, "validate_document", "validate")
    if "validate_document" in vars(pipeline):
        wrap(pipeline, "validate_document", "validate")
    try:
        yield
    finally:
        for module, name, original in reversed(patched):
            setattr(module, name, original)


@measurement
def per_document(store, settings, paths: list[Path], *, validate: bool = True) -> dict:
    """Ingest `paths` one by one through the real pipeline; per-stage cost per document."""
    try:
        from unkg.ingest.pipeline import ensure_reference, ingest_file
    except ImportError as e:
        raise NotAvailable(f"no ingest pipeline ({e})")
    ensure_reference(store, settings)
    totals, stages, triples, failed = [], {"read": [], "extract": [], "validate": [], "write": []}, 0, []
    by_kind: dict[str, list[float]] = {}
    # per kind of extracted document (report, resolution, document): stage seconds of each
    by_extracted: dict[str, dict[str, list[float]]] = {}
    for path in paths:
        clock: dict = {}
        timed = TimedStore(store, clock)
        t0 = time.perf_counter()
        try:
            with staged(clock):
                result = ingest_file(timed, path, settings, replace=False, validate=validate)
        except Exception as e:  # a refused document is counted, and the run goes on
            failed.append(f"{path.name}: {getattr(e, 'message', str(e)).splitlines()[0][:160]}")
            continue
        totals.append(time.perf_counter() - t0)
        by_kind.setdefault(path.parent.name, []).append(totals[-1])
        triples += result.triples
        for k in stages:
            stages[k].append(clock.get(k, 0.0))
        kind = by_extracted.setdefault(clock.get("kind", "?"), {"total": [], "triples": [], **{k: [] for k in stages}})
        kind["total"].append(totals[-1])
        kind["triples"].append(result.triples)
        for k in stages:
            kind[k].append(clock.get(k, 0.0))
    n = len(totals)
    if n == 0:
        raise NotAvailable(f"no document could be ingested: {failed[0] if failed else 'none given'}")
    wall = sum(totals)
    per_stage = {k: round(sum(v) / n * 1000, 3) for k, v in stages.items()}
    per_stage["parse_extract"] = round(per_stage["read"] + per_stage["extract"], 3)
    per_stage["other"] = round(wall / n * 1000 - sum(per_stage[k] for k in ("read", "extract", "validate", "write")), 3)
    def rate(stage):
        s = sum(stages[stage]) if stage != "parse_extract" else sum(stages["read"]) + sum(stages["extract"])
        return {"docs_per_s": round(n / s, 1) if s else None, "triples_per_s": round(triples / s) if s else None}
    return {
        "documents": n, "failed": len(failed), "failures": failed[:5], "triples": triples,
        "triples_per_doc": round(triples / n, 1),
        "docs_per_s": round(n / wall, 2), "triples_per_s": round(triples / wall),
        "ms_per_doc": round(wall / n * 1000, 3), "latency": percentiles(totals),
        "stage_ms_per_doc": per_stage,
        "stage_rates": {s: rate(s) for s in ("parse_extract", "validate", "write")},
        "shacl_ms_per_doc": percentiles(stages["validate"]),
        "validated": validate,
        "per_kind": {k: {"documents": len(v), "docs_per_s": round(len(v) / sum(v), 2), "ms_per_doc": round(sum(v) / len(v) * 1000, 1)}
                     for k, v in sorted(by_kind.items())},
        "per_extracted_kind": {k: {"documents": len(v["total"]), "docs_per_s": round(len(v["total"]) / sum(v["total"]), 2),
                                   "triples_per_doc": round(sum(v["triples"]) / len(v["triples"])),
                                   "ms_per_doc": round(sum(v["total"]) / len(v["total"]) * 1000, 1),
                                   "stage_ms_per_doc": {s: round(sum(v[s]) / len(v[s]) * 1000, 1) for s in stages}}
                               for k, v in sorted(by_extracted.items())},
    }


def _extract_chunk(job) -> dict:
    """Worker: extract documents and write their graphs as N-Quads (runs in a child process)."""
    paths, base_iri, out = job
    from unkg.identifiers import Minter
    from unkg.ingest.extract import extract
    from unkg.ingest.reader import read_source
    from unkg.store.oxigraph import render

    minter = Minter(base_iri)
    seconds, triples, failed = 0.0, 0, 0
    with open(out, "w", encoding="utf-8") as f:
        for p in paths:
            t0 = time.perf_counter()
            try:
                doc = extract(read_source(Path(p)), minter)
            except Exception:  # counted; the bulk path only grows the store
                failed += 1
                continue
            seconds += time.perf_counter() - t0
            g = f"<{doc.graph_iri}> .\n"
            rendered = render(doc.graph)
            # each triple in its named graph and in the default graph, which holds their union
            f.write("".join(f"{t[:-1]}{g}{t}\n" for t in rendered.ntriples.split("\n")) if rendered.ntriples else "")
            triples += len(rendered)
    return {"seconds": seconds, "triples": triples, "docs": len(paths) - failed, "failed": failed}


def code_fingerprint() -> str:
    """A hash of everything extraction depends on: the extractors and their language tables,
    identifiers, vocabulary, reference data and the ontology."""
    h = hashlib.sha256()
    files = [ROOT / "unkg" / "identifiers.py", ROOT / "unkg" / "vocab.py", ROOT / "unkg" / "config.py"]
    for folder in ("ingest", "unkg/reference", "ontology"):
        files += sorted((ROOT / folder).rglob("*"))
    for f in files:
        if f.suffix in (".py", ".yaml", ".json", ".ttl") and f.is_file() and "__pycache__" not in f.parts:
            h.update(str(f.relative_to(ROOT)).encode())
            h.update(f.read_bytes())
    return h.hexdigest()


def _settle(store) -> float:
    """Compact a store just bulk-loaded (Oxigraph's optimize), so that the measurements that
    follow do not share the machine with RocksDB's background compaction (a core for tens of
    seconds at 10,000 documents); the seconds it took."""
    raw = getattr(store, "_store", None)
    if raw is None or not hasattr(raw, "optimize"):
        return 0.0
    t0 = time.perf_counter()
    raw.optimize()
    return round(time.perf_counter() - t0, 2)


def _bulk_load(store, path: Path) -> None:
    """Oxigraph's bulk loader on the store's pyoxigraph Store (the files carry the default-graph
    union themselves), else the store's own loader."""
    raw = getattr(store, "_store", None)
    if raw is not None and hasattr(raw, "bulk_load"):
        import pyoxigraph as ox

        raw.bulk_load(path=str(path), format=ox.RdfFormat.N_QUADS)
    else:
        store.load_quads_file(path, "nq")


def _cache_key(paths: list[Path], base_iri: str) -> str:
    h = hashlib.sha256(code_fingerprint().encode() + base_iri.encode())
    for p in paths:
        h.update(p.name.encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:32]


@measurement
def bulk(store, settings, paths: list[Path], *, processes: int = 2, cache: Path | None = None) -> dict:
    """Grow the store fast: parallel extraction to N-Quads, then Oxigraph's bulk loader.

    With `cache`, the N-Quads of a set of documents are kept there, keyed by the documents and
    by a hash of unkg's code and data, and loaded again as long as neither changed."""
    if not hasattr(store, "load_quads_file") and not hasattr(getattr(store, "_store", None), "bulk_load"):
        raise NotAvailable("the store has no bulk loader")
    from unkg.ingest.pipeline import ensure_reference

    ensure_reference(store, settings)
    if not paths:
        return {"documents": 0}
    cached = None
    if cache is not None:
        cached = cache / f"{_cache_key(paths, settings.base_iri)}.nq"
        if cached.is_file():
            t1 = time.perf_counter()
            _bulk_load(store, cached)
            t_load = time.perf_counter() - t1
            meta = json.loads(cached.with_suffix(".json").read_text())
            return {**meta, "from_cache": str(cached), "load_s": round(t_load, 2),
                    "load_triples_per_s": round(meta["triples"] / t_load) if t_load else None,
                    "optimize_s": _settle(store)}
    with tempfile.TemporaryDirectory(prefix="unkg-bench-") as tmp:
        chunks = [paths[i::processes] for i in range(processes)]
        jobs = [([str(p) for p in c], settings.base_iri, os.path.join(tmp, f"part{i}.nq")) for i, c in enumerate(chunks)]
        t0 = time.perf_counter()
        ctx = multiprocessing.get_context("fork")
        with ctx.Pool(processes) as pool:
            parts = pool.map(_extract_chunk, jobs)
        t_extract = time.perf_counter() - t0
        t1 = time.perf_counter()
        for _, _, out in jobs:
            _bulk_load(store, Path(out))
        t_load = time.perf_counter() - t1
        if cached is not None:
            cache.mkdir(parents=True, exist_ok=True)
            with open(cached.with_suffix(".part"), "wb") as f:
                for _, _, out in jobs:
                    with open(out, "rb") as part:
                        shutil.copyfileobj(part, f)
            cached.with_suffix(".part").replace(cached)
    docs = sum(p["docs"] for p in parts)
    triples = sum(p["triples"] for p in parts)
    cpu_extract = sum(p["seconds"] for p in parts)
    out = {"documents": docs, "failed": sum(p["failed"] for p in parts), "triples": triples,
           "processes": processes, "extract_wall_s": round(t_extract, 2), "load_s": round(t_load, 2),
           "extract_ms_per_doc_cpu": round(cpu_extract / max(docs, 1) * 1000, 3),
           "load_triples_per_s": round(triples / t_load) if t_load else None,
           "docs_per_s": round(docs / (t_extract + t_load), 1)}
    if cached is not None:
        cached.with_suffix(".json").write_text(json.dumps(out))
    out["optimize_s"] = _settle(store)
    return out


@measurement
def per_run(store, settings, paths: list[Path]) -> dict:
    """`ingest_paths` over the documents of each folder of the corpus (reports, resolutions) in
    one run each: what `unkg ingest FOLDER` does (documents validated several at a time, writes
    on a background thread). Wall time per document, and CPU time of all threads per document."""
    try:
        from unkg.ingest.pipeline import ensure_reference, ingest_paths
    except ImportError as e:
        raise NotAvailable(f"no ingest pipeline ({e})")
    ensure_reference(store, settings)
    groups: dict[str, list[Path]] = {}
    for p in paths:
        groups.setdefault(p.parent.name, []).append(p)
    per_kind, total_docs, total_wall, total_triples, failures = {}, 0, 0.0, 0, []
    for kind, group in sorted(groups.items()):
        c0, t0 = time.process_time(), time.perf_counter()
        summary = ingest_paths(store, group, settings, keep_going=True)
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        done = [r for r in summary.results if r.status in ("ingested", "replaced")]
        failures += [f"{r.path.name}: {r.message.splitlines()[0][:160]}" for r in summary.failed]
        triples = sum(r.triples for r in done)
        n = len(done)
        if n:
            per_kind[kind] = {"documents": n, "docs_per_s": round(n / wall, 2), "ms_per_doc": round(wall / n * 1000, 1),
                              "cpu_ms_per_doc": round(cpu / n * 1000, 1), "triples_per_doc": round(triples / n),
                              "triples_per_s": round(triples / wall)}
        total_docs, total_wall, total_triples = total_docs + n, total_wall + wall, total_triples + triples
    if not total_docs:
        raise NotAvailable(f"no document could be ingested: {failures[0] if failures else 'none given'}")
    return {"documents": total_docs, "failed": len(failures), "failures": failures[:5],
            "docs_per_s": round(total_docs / total_wall, 2), "triples_per_s": round(total_triples / total_wall),
            "per_kind": per_kind}
