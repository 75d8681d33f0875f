"""The benchmark run: grow one store through the sizes, measure everything at each size,
run the rdflib/pySHACL baseline on the same data, load the endpoints at the largest size."""
from __future__ import annotations

import gc
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from . import endpoint, exports, ingest, processes, queries
from .measure import NotAvailable, dir_size, measurement, mib, peak_rss_self

ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Options:
    sizes: list[int]
    seed: int = 0
    sample: int = 100                 # documents ingested at each size (one by one, then in runs)
    one_by_one: int = 24              # of which ingested one by one (latency, stages)
    baseline_max: int = 1000          # largest size the rdflib baseline loads
    validate_timeout: float = 90.0
    baseline_timeout: float = 150.0
    server_seconds: float = 5.0
    connections: int = 8
    query_budget: float = 0.5         # seconds of repeated runs per named-query case (at least 5 runs)
    query_limit: float = 2.0          # seconds a named query may take before it is stopped
    export_budget: float = 2.0        # seconds per export format before the dump is stopped
    export_memory_budget: float = 4.0  # seconds of `unkg export` whose peak memory is read
    prepared_max: int = 1000          # largest size whose whole exports are prepared as files and read again
    prepared_budget: float = 30.0     # seconds for a whole first export (a stopped one prepares no file)
    shacl_limit: float = 60.0         # seconds pySHACL may take on the whole graph
    large_sample: int = 100           # documents ingested at sizes above 100
    cache: Path | None = None         # where bulk-extracted N-Quads are kept between runs
    workdir: Path | None = None
    keep: bool = False
    quick: bool = False
    all_params: bool = False          # time every parameter of each named query, not only its first
    log: list[str] = field(default_factory=list)


def say(msg: str) -> None:
    print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)


def machine() -> dict:
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    try:
        mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    except (OSError, ValueError, IndexError):
        pass
    from importlib.metadata import PackageNotFoundError, version

    versions = {}
    for pkg in ("unkg", "pyoxigraph", "rdflib", "pyshacl", "fastapi", "uvicorn", "uvloop", "httptools"):
        try:
            versions[pkg] = version(pkg)
        except PackageNotFoundError:
            versions[pkg] = None
    try:
        load = os.getloadavg()[0]
    except OSError:
        load = None
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gib": round(mem / 2**30, 1),
            "python": platform.python_version(), "os": platform.platform(), "versions": versions,
            "load_average_at_start": load}


def _hints(docs: list, size: int, minter) -> dict:
    """Values that exist in the first `size` documents, for query parameters and endpoint lookups."""
    reports = [d for d in docs[:size] if d.kind == "report"]
    resolutions = [d for d in docs[:size] if d.kind == "resolution"]
    states = Counter(s for d in reports for s in d.facts["states_parties"])
    articles = Counter(a for d in reports for r in d.facts["recommendations"] for a in r["articles"])
    h: dict = {"session": 40, "text": "assistance"}
    panellists = [p for d in reports for p in d.facts["panellists"]]
    if panellists:
        h["person"] = panellists[0]["name"]
    if states:
        iso3 = states.most_common(1)[0][0]
        h.update(iso3=iso3, iri_state=str(minter.state(iso3)), states=[s for s, _ in states.most_common(10)])
    if articles:
        h["article"] = articles.most_common(1)[0][0]
    if reports:
        f = reports[0].facts
        h["iri_body"] = str(minter.body(f["body"]))
        h["iri_meeting"] = str(minter.meeting(f["body"], f["meeting"]))
        h["iri_document"] = str(minter.report(f["body"], f["meeting"]))
    if resolutions:
        last = resolutions[-1].facts
        h.update(resolution=last["number"], symbol=last["symbol"],
                 iri_resolution=str(minter.resolution("ga", last["number"])),
                 symbols=[d.facts["symbol"] for d in resolutions[-10:]])
    return h


def _as_dict(x) -> dict:
    return x if isinstance(x, dict) else {}


def _lookup_iris(store, n: int = 200) -> list[str]:
    rows = store.select("SELECT DISTINCT ?s WHERE { GRAPH ?g { ?s a ?c } FILTER(isIRI(?s)) } LIMIT 5000").rows
    iris = [str(r[0]) for r in rows]
    step = max(1, len(iris) // n)
    return iris[::step][:n]


@measurement
def baseline(nq: Path, cases, workdir: Path, opts: Options, max_rows: int, skip: dict, bytes_per_quad: dict,
             shacl_skipped: str = "") -> dict:
    """rdflib + pySHACL on the same quads (an N-Quads dump of the store), in a child process
    with a time limit. Cases that unkg could not answer within the limit are not run, nor is
    pySHACL when it did not finish on a smaller store (`shacl_skipped` says why)."""
    from unkg.resources import artifact_dir

    job = {"nq": str(nq), "max_rows": max_rows, "query_budget": opts.query_budget, "query_limit": opts.query_limit,
           "export_budget": opts.export_budget, "shacl_limit": opts.shacl_limit, "bytes_per_quad": bytes_per_quad,
           "cases": [{"label": c.label, "text": c.text} for c in cases if c.label not in skip],
           "shapes": [] if shacl_skipped else [str(p) for p in sorted(artifact_dir("shapes").glob("*.ttl"))]}
    job_path = workdir / "baseline-job.json"
    job_path.write_text(json.dumps(job), encoding="utf-8")
    errors = tempfile.TemporaryFile("w+")          # a pipe left unread could fill and block the child
    proc = subprocess.Popen([sys.executable, "-m", "bench.baseline", str(job_path)], cwd=ROOT,
                            stdout=subprocess.PIPE, stderr=errors, text=True)
    out: dict = {"queries": {}, "exports": {}}
    deadline = time.time() + opts.baseline_timeout
    reader = queries.LineReader(proc.stdout)
    finished = False
    while time.time() < deadline:
        rec = reader.next(deadline)
        if rec is None or rec.get("exited"):
            break
        step = rec.pop("step")
        if step == "query":
            out["queries"][rec.pop("label")] = rec
        elif step == "export":
            out["exports"][rec.pop("format")] = rec
        elif step == "done":
            finished = True
            out["peak_rss_mib"] = rec["peak_rss_mib"]
            break
        else:
            out[step] = rec
    if proc.poll() is None:
        proc.kill()
    proc.wait()
    errors.seek(0)
    err = errors.read().strip().splitlines()
    errors.close()
    if not finished:
        out["unfinished"] = (f"stopped after {opts.baseline_timeout:.0f} s" if time.time() >= deadline
                             else f"exited: {err[-1] if err else proc.returncode}")
    if shacl_skipped:
        # a larger graph takes pySHACL longer: its limit stays a lower bound of its time
        out["shacl"] = {"skipped": shacl_skipped, "timeout_s": opts.shacl_limit, "seconds": opts.shacl_limit,
                        "lower_bound": True}
    return out


def _shacl_beyond_limit(done: tuple[float, int, int], quads: int, limit: float) -> str:
    """Why pySHACL is not run on `quads` quads, or "" when it may finish within `limit`.

    pySHACL visits every focus node of every shape, so its time grows at least in proportion
    to the data: the time of a smaller run scaled by the size ratio is a lower bound."""
    seconds, smaller_quads, documents = done
    at_least = seconds * quads / smaller_quads
    if at_least <= limit:
        return ""
    return (f"{seconds:.1f} s for {smaller_quads:,} quads at {documents} documents: at least {at_least:.0f} s for "
            f"{quads:,} quads (its time grows at least in proportion to the data), over the {limit:.0f} s limit")


def run(opts: Options) -> dict:
    from unkg.config import Settings
    from unkg.identifiers import Minter
    from unkg.sample import generate
    from unkg.store import RDF_FORMATS
    from unkg.store.oxigraph import OxigraphStore

    started = time.time()
    own_tmp = opts.workdir is None
    workdir = Path(tempfile.mkdtemp(prefix="unkg-bench-")) if own_tmp else Path(opts.workdir)
    if workdir.exists() and not own_tmp:
        shutil.rmtree(workdir)
    workdir.mkdir(parents=True, exist_ok=True)
    store_path = workdir / "store"
    settings = Settings.from_env({}, store=str(store_path))
    minter = Minter(settings.base_iri)
    sizes = sorted(opts.sizes)
    extra = 20                                   # documents `unkg ingest` adds at the end (memory, end to end)

    results: dict = {"machine": machine(), "options": {
        "sizes": sizes, "seed": opts.seed, "sample_per_size": opts.sample, "baseline_max": opts.baseline_max,
        "server_seconds": opts.server_seconds, "connections": opts.connections, "quick": opts.quick},
        "sizes": {}}
    say(f"generating {sizes[-1] + extra} documents (seed {opts.seed}) in {workdir}")
    t0 = time.perf_counter()
    docs = generate(sizes[-1] + extra, opts.seed)
    corpus = workdir / "corpus"
    paths = []
    for d in docs:
        p = corpus / d.path
        p.parent.mkdir(parents=True, exist_ok=True)
        p.write_text(d.text, encoding="utf-8")
        paths.append(p)
    results["generate"] = {"documents": len(docs), "seconds": round(time.perf_counter() - t0, 2),
                           "reports": sum(d.kind == "report" for d in docs),
                           "languages": dict(Counter(d.lang for d in docs)),
                           "mib": mib(dir_size(corpus))}

    store = OxigraphStore(store_path)
    done = 0
    too_slow: dict[str, str] = {}       # named-query cases not run again at larger sizes
    shacl_skipped = ""                  # why pySHACL is not run again at larger sizes
    shacl_done: tuple[float, int, int] | None = None   # (seconds, quads, documents) of its last finished run
    bytes_per_quad: dict[str, float] = {}   # per export format, from the last complete dump
    try:
        for size in sizes:
            say(f"size {size}")
            r: dict = {"documents": size}
            n_sample = min(opts.sample if size <= 100 else opts.large_sample, size - done)
            bulk_paths, sample_paths = paths[done:size - n_sample], paths[size - n_sample:size]
            if bulk_paths:
                say(f"  bulk-loading {len(bulk_paths)} documents")
                r["bulk"] = ingest.bulk(store, settings, bulk_paths, processes=os.cpu_count() or 2, cache=opts.cache)
            one_by_one, in_runs = sample_paths[:opts.one_by_one], sample_paths[opts.one_by_one:]
            say(f"  ingesting {len(one_by_one)} documents one by one (store holds {store.count()} quads)")
            r["ingest"] = ingest.per_document(store, settings, one_by_one)
            if r["ingest"].get("status") == "ok":
                r["ingest"]["sample_kinds"] = dict(Counter(p.parent.name for p in one_by_one))
            if in_runs:
                say(f"  ingesting {len(in_runs)} documents in one run per kind")
                r["ingest_run"] = ingest.per_run(store, settings, in_runs)
            done = size
            quads = store.count()
            r["quads"] = quads
            r["graphs"] = len(store.graphs())
            hints = _hints(docs, size, minter)
            try:
                cases = queries.query_cases(hints, every_param=opts.all_params)
            except NotAvailable as e:
                cases = []
                r["queries"] = {"status": "not available", "reason": str(e)}
            say("  exports")
            r["exports"] = exports.export_throughput(store, list(RDF_FORMATS), quads, budget=opts.export_budget,
                                                     bytes_per_quad=bytes_per_quad)
            nq = None
            if size <= opts.baseline_max:
                nq = workdir / "baseline.nq"
                with open(nq, "wb") as f:
                    store.dump(f, "nq")
            lookups = _lookup_iris(store) if size == sizes[-1] else []
            store.close()
            gc.collect()
            if size <= opts.prepared_max:
                # read-only: a store open for writing may compact in the background, which changes
                # its files and so the state a prepared file is kept for
                say("  exports, first and prepared (dumps.export)")
                formats = list(RDF_FORMATS) if size <= 100 else ["nq", "ttl"]
                with OxigraphStore(store_path, read_only=True) as ro:
                    r["exports_prepared"] = exports.prepared_throughput(ro, formats, quads, workdir / "dumps",
                                                                        budget=opts.prepared_budget)
            r["store_mib"] = mib(dir_size(store_path))
            if cases:
                say(f"  {len(cases)} named-query cases (each stopped after {opts.query_limit:.0f} s)")
                r["queries"] = queries.store_latency(store_path, cases, max_rows=settings.max_rows,
                                                     budget=opts.query_budget, limit=opts.query_limit, skip=too_slow)
                for label, e in (_as_dict(r["queries"]).get("queries") or {}).items():
                    if "timeout_s" in e:
                        too_slow[label] = f"over {e['timeout_s']:.0f} s at {size} documents"
            if nq is not None:
                if not shacl_skipped and shacl_done:
                    shacl_skipped = _shacl_beyond_limit(shacl_done, quads, opts.shacl_limit)
                say("  rdflib + pySHACL baseline")
                r["baseline"] = baseline(nq, cases, workdir, opts, settings.max_rows, too_slow, bytes_per_quad,
                                         shacl_skipped)
                nq.unlink(missing_ok=True)
                shacl = _as_dict(_as_dict(r["baseline"]).get("shacl"))
                if not shacl_skipped and shacl.get("timeout_s"):
                    shacl_skipped = f"not finished in {opts.shacl_limit:.0f} s at {size} documents"
                elif shacl.get("seconds") and not shacl.get("lower_bound"):
                    shacl_done = (shacl["seconds"], quads, size)
            say("  whole-store validation (unkg validate)")
            r["validate"] = processes.validate_whole_store(store_path, quads, timeout=opts.validate_timeout)
            say("  export memory (unkg export)")
            r["export_memory"] = {fmt: processes.export_memory(store_path, fmt, quads, timeout=opts.export_memory_budget)
                                  for fmt in ("nq", "ttl")}
            if size == sizes[-1]:
                r["endpoint"] = endpoints(store_path, lookups, hints, opts)
                say(f"  unkg ingest of {extra} more documents (end to end, peak memory)")
                r["ingest_cli"] = processes.ingest_cli(store_path, paths[size:size + extra], timeout=300)
            store = OxigraphStore(store_path)
            results["sizes"][str(size)] = r
    finally:
        store.close()
        results["bench_peak_rss_mib"] = mib(peak_rss_self())
        results["wall_seconds"] = round(time.time() - started, 1)
        if own_tmp and not opts.keep:
            shutil.rmtree(workdir, ignore_errors=True)
    return results


def endpoints(store_path: Path, lookups: list[str], hints: dict, opts: Options) -> dict:
    sparql = endpoint.sparql_paths(lookups) if lookups else []
    rest = [f"/states/{s}" for s in hints.get("states", [])] + \
           [f"/documents/{s}" for s in hints.get("symbols", [])]
    ask = "/sparql?query=ASK%7B%7D"
    out = {}
    for workers in (1, 2):
        say(f"  endpoint: unkg service, {workers} worker(s)")
        out[f"unkg_{workers}w"] = endpoint.endpoint("unkg_app", store_path, workers, {"sparql": sparql, "rest": rest},
                                                probe="/health", connections=opts.connections,
                                                seconds=opts.server_seconds)
        say(f"  endpoint: bare FastAPI + pyoxigraph, {workers} worker(s)")
        out[f"bare_{workers}w"] = endpoint.endpoint("bare_app", store_path, workers, {"sparql": sparql},
                                                probe=ask, connections=opts.connections, seconds=opts.server_seconds)
    return out
