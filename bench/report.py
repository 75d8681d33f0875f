"""The table printed at the end of a run, and the targets of the project checked against it."""
from __future__ import annotations

import statistics


def _get(d, *keys, default=None):
    for k in keys:
        if not isinstance(d, dict) or k not in d:
            return default
        d = d[k]
    return d


def _fmt(v, unit="", nd=1):
    if v is None:
        return "n/a"
    if isinstance(v, float):
        v = round(v, nd)
        if v >= 1000:
            v = int(v)
    if isinstance(v, int) and v >= 10000:
        return f"{v:,}{unit}"
    return f"{v}{unit}"


def _status(entry) -> str | None:
    if isinstance(entry, dict) and entry.get("status") not in (None, "ok"):
        return f"{entry['status']}: {entry.get('reason', '')}"[:110]
    return None


def ratios(results: dict) -> dict:
    """unkg against the rdflib/pySHACL baseline and against raw pyoxigraph, at each size."""
    out = {}
    for size, r in results["sizes"].items():
        q = _get(r, "queries", "queries") or {}
        b = _get(r, "baseline", "queries") or {}
        speedups, bounds, over_raw = {}, [], []
        for label, e in q.items():
            u = _get(e, "unkg", "p50_ms")
            base = _get(b, label, "p50_ms")
            if u and not base and _get(b, label, "timeout_s"):
                # rdflib was stopped at its time limit: the speed-up is at least limit / unkg's p50
                base = b[label]["timeout_s"] * 1000
                bounds.append(label)
            if u and base:
                speedups[label] = round(base / u, 1)
            if e.get("store_over_raw"):
                over_raw.append(e["store_over_raw"])
        entry = {}
        if speedups:
            # with lower bounds among them, the median is a lower bound of the median speed-up
            entry["query_speedup_vs_rdflib"] = speedups
            entry["query_speedup_median"] = round(statistics.median(speedups.values()), 1)
            entry["query_speedup_min"] = min(speedups.values())
            if bounds:
                entry["query_speedup_lower_bounds"] = sorted(bounds)
                finished = [v for k, v in speedups.items() if k not in bounds]
                if finished:
                    # the cases rdflib finished: unbiased only if the stopped ones were like them
                    entry["query_speedup_median_finished"] = round(statistics.median(finished), 1)
        if over_raw:
            entry["store_over_raw_median"] = round(statistics.median(over_raw), 2)
            entry["store_over_raw_max"] = max(over_raw)
        v_s = _get(r, "validate", "seconds") if _get(r, "validate", "status") == "ok" else None
        b_s = _get(r, "baseline", "shacl", "seconds")
        if v_s and b_s:
            key = "validation_speedup_vs_pyshacl" + ("_at_least" if _get(r, "baseline", "shacl", "timeout_s") else "")
            entry[key] = round(b_s / v_s, 2)
        for fmt in ("nq", "ttl"):
            u = _get(r, "exports", "formats", fmt, "triples_per_s")
            base = _get(r, "baseline", "exports", fmt, "triples_per_s")
            if u and base:
                entry[f"export_{fmt}_speedup_vs_rdflib"] = round(u / base, 1)
        w = _get(r, "ingest", "stage_rates", "write", "triples_per_s")
        base = _get(r, "baseline", "load", "triples_per_s")
        if w and base:
            entry["write_speedup_vs_rdflib_load"] = round(w / base, 2)
        out[size] = entry
    return out


def targets(results: dict) -> list[dict]:
    """Each target of the project with the measured figure and whether it is met."""
    sizes = sorted(results["sizes"], key=int)
    if not sizes:
        return []
    small, large = results["sizes"][sizes[0]], results["sizes"][sizes[-1]]
    rat = results.get("ratios", {})
    rows = []

    def add(target, measured, ok, note=""):
        rows.append({"target": target, "measured": measured, "met": ok, "note": note})

    # throughput: `unkg ingest FOLDER` (a run); the one-by-one figures are latency
    run = "ingest_run" if _get(large, "ingest_run", "per_kind") else "ingest"
    kinds = _get(large, run, "per_kind") or {}
    rep = _get(kinds, "reports", "docs_per_s")
    add(">= 20 reports/s ingested end to end (with validation)",
        f"{_fmt(rep)} reports/s, {_fmt(_get(large, run, 'docs_per_s'))} docs/s (all kinds)"
        + ("; one at a time: " + _fmt(_get(large, "ingest", "per_kind", "reports", "docs_per_s")) + " reports/s" if run == "ingest_run" else ""),
        None if rep is None else rep >= 20, f"at {sizes[-1]} documents, {'one run per kind' if run == 'ingest_run' else 'one by one'}")
    growth = {}
    for kind in ("reports", "resolutions"):     # per kind: the samples of two sizes mix kinds differently
        a, b = _get(small, run, "per_kind", kind, "ms_per_doc"), _get(large, run, "per_kind", kind, "ms_per_doc")
        if a and b:
            growth[kind] = (a, b)
    add("per-document ingest cost constant within 25% from smallest to largest size",
        "; ".join(f"{k} {a} -> {b} ms/doc ({b / a:.2f}x)" for k, (a, b) in growth.items()) or "n/a",
        None if not growth or len(sizes) == 1 else all(b / a <= 1.25 for a, b in growth.values()))
    vs = _get(large, "validate", "triples_per_s") if _get(large, "validate", "status") == "ok" else None
    add("whole-store validation: 1M triples <= 5 s (>= 200k triples/s)",
        f"{_fmt(vs)} triples/s" if vs else (_status(large.get("validate")) or "n/a"),
        None if vs is None and _get(large, "validate", "status") not in ("not finished",) else bool(vs and vs >= 200_000))
    q = _get(large, "queries", "queries") or {}
    p50s = {k: _get(e, "unkg", "p50_ms") for k, e in q.items() if _get(e, "unkg", "p50_ms") is not None}
    stopped = [k for k, e in q.items() if "timeout_s" in e or "skipped" in e]
    if p50s or stopped:
        worst = max(p50s, key=p50s.get) if p50s else None
        add(f"every named query p50 <= 20 ms at {sizes[-1]} documents",
            (f"worst measured {worst}: {p50s[worst]} ms; " if worst else "")
            + f"{sum(v <= 20 for v in p50s.values())}/{len(q)} cases within, {len(stopped)} stopped after the time limit",
            not stopped and all(v <= 20 for v in p50s.values()))
    else:
        add("every named query p50 <= 20 ms", _status(large.get("queries")) or "n/a", None)
    with_base = [s for s in sizes if "query_speedup_median" in rat.get(s, {})]
    if with_base:
        s = with_base[-1]
        bounds = rat[s].get("query_speedup_lower_bounds", [])
        add("named-query suite >= 50x faster than rdflib (median)",
            f"{'at least ' if bounds else ''}{rat[s]['query_speedup_median']}x median at {s} documents "
            f"({len(rat[s]['query_speedup_vs_rdflib'])} cases"
            + (f"; {len(bounds)} counted at rdflib's time limit, a lower bound; "
               f"{rat[s].get('query_speedup_median_finished', 'n/a')}x over the cases rdflib finished)" if bounds else ")"),
            rat[s]["query_speedup_median"] >= 50)
    else:
        add("named-query suite >= 50x faster than rdflib (median)", "n/a", None)
    m = _get(rat, sizes[-1], "store_over_raw_median")
    add("store layer within 1.5x of raw pyoxigraph", f"median {m}x, max {_get(rat, sizes[-1], 'store_over_raw_max')}x",
        None if m is None else m <= 1.5)
    u2 = _get(large, "endpoint", "unkg_2w", "sparql")
    b2 = _get(large, "endpoint", "bare_2w", "sparql")
    if _get(u2, "requests_per_s"):
        rps, p99 = u2["requests_per_s"], u2["p99_ms"]
        bare = _get(b2, "requests_per_s")
        cpu, bare_cpu = _get(u2, "server_cpu_ms_per_request"), _get(b2, "server_cpu_ms_per_request")
        add("SPARQL endpoint >= 3,000 lookups/s with 2 workers, p99 <= 15 ms, >= half the bare endpoint",
            f"{_fmt(rps)}/s, p99 {p99} ms; bare FastAPI+pyoxigraph {_fmt(bare)}/s"
            + (f"; server CPU per lookup {cpu} ms, bare {bare_cpu} ms" if cpu and bare_cpu else ""),
            rps >= 3000 and p99 <= 15 and (bare is None or rps >= bare / 2),
            _get(u2, "client") or "")
    else:
        add("SPARQL endpoint >= 3,000 lookups/s with 2 workers", _status(_get(large, "endpoint", "unkg_2w")) or "n/a", None)
    fm = _get(large, "exports", "formats") or {}
    rates = {f: e.get("triples_per_s") for f, e in fm.items() if e.get("triples_per_s")}
    if rates:
        worst = min(rates, key=rates.get)
        # judged on the live dump: a prepared file is only as fast while the store does not change
        sizes_prepared = [sz for sz in sizes if _get(results["sizes"][sz], "exports_prepared", "formats")]
        note = ""
        if sizes_prepared:
            sz = sizes_prepared[-1]
            prep = {f: _get(e, "prepared", "triples_per_s")
                    for f, e in results["sizes"][sz]["exports_prepared"]["formats"].items()}
            prep = {f: v for f, v in prep.items() if v}
            if prep:
                slow = min(prep, key=prep.get)
                note = f"prepared files at {sz} documents: slowest {slow} {_fmt(prep[slow])} triples/s"
        add(">= 400k triples/s exported in every format", f"live dump, slowest {worst}: {_fmt(rates[worst])} triples/s",
            all(v >= 400_000 for v in rates.values()), note)
    mem = peak_memory(large)
    add(f"peak memory <= 1.5 GiB at {sizes[-1]} documents",
        f"{_fmt(mem['max'])} MiB ({mem['which']})" if mem["max"] else "n/a",
        None if not mem["max"] else mem["max"] <= 1536)
    return rows


def peak_memory(r: dict) -> dict:
    """The largest peak resident memory of the unkg processes measured at one size."""
    peaks = {}
    for key in ("validate", "ingest_cli"):
        v = _get(r, key, "peak_rss_mib")
        if v:
            peaks[f"unkg {key.replace('_cli', '')}"] = v
    for fmt, e in (r.get("export_memory") or {}).items():
        if _get(e, "peak_rss_mib"):
            peaks[f"unkg export {fmt}"] = e["peak_rss_mib"]
    for name, e in (r.get("endpoint") or {}).items():
        if _get(e, "worker_peak_rss_mib") and name.startswith("unkg"):
            peaks[f"{name} worker"] = e["worker_peak_rss_mib"]
    if not peaks:
        return {"max": None, "which": "", "all": {}}
    which = max(peaks, key=peaks.get)
    return {"max": peaks[which], "which": which, "all": peaks}


def table(results: dict) -> str:
    sizes = sorted(results["sizes"], key=int)
    L = []
    m = results["machine"]
    L.append(f"machine: {m['cpu']} ({m['cores']} cores), {m['memory_gib']} GiB, Python {m['python']}, "
             f"pyoxigraph {m['versions'].get('pyoxigraph')}, rdflib {m['versions'].get('rdflib')}, "
             f"pyshacl {m['versions'].get('pyshacl')}; load average at start {m.get('load_average_at_start')}")
    g = results.get("generate", {})
    L.append(f"corpus: {g.get('documents')} generated documents ({g.get('reports')} report files), "
             f"languages {g.get('languages')}, {g.get('mib')} MiB, in {g.get('seconds')} s")
    L.append("")
    L.append("STORE            " + "".join(f"{s:>14}" for s in sizes))
    L.append("quads            " + "".join(f"{_fmt(results['sizes'][s].get('quads')):>14}" for s in sizes))
    L.append("graphs           " + "".join(f"{_fmt(results['sizes'][s].get('graphs')):>14}" for s in sizes))
    L.append("on disk (MiB)    " + "".join(f"{_fmt(results['sizes'][s].get('store_mib')):>14}" for s in sizes))
    L.append("bulk load docs/s " + "".join(f"{_fmt(_get(results['sizes'][s], 'bulk', 'docs_per_s')):>14}" for s in sizes))
    L.append("")
    L.append("INGEST, one document at a time through the pipeline (sample of the last documents of each size)")
    rows = [("documents measured", ("ingest", "documents")), ("docs/s", ("ingest", "docs_per_s")),
            ("ms per document", ("ingest", "ms_per_doc")), ("  parse+extract ms", ("ingest", "stage_ms_per_doc", "parse_extract")),
            ("  validate ms", ("ingest", "stage_ms_per_doc", "validate")), ("  write ms", ("ingest", "stage_ms_per_doc", "write")),
            ("  other ms", ("ingest", "stage_ms_per_doc", "other")),
            ("reports/s", ("ingest", "per_kind", "reports", "docs_per_s")),
            ("resolutions/s", ("ingest", "per_kind", "resolutions", "docs_per_s")),
            ("triples per document", ("ingest", "triples_per_doc")), ("triples/s", ("ingest", "triples_per_s")),
            ("SHACL per doc p50 ms", ("ingest", "shacl_ms_per_doc", "p50_ms")),
            ("SHACL per doc p99 ms", ("ingest", "shacl_ms_per_doc", "p99_ms"))]
    for label, path in rows:
        L.append(f"{label:22}" + "".join(f"{_fmt(_get(results['sizes'][s], *path)):>14}" for s in sizes))
    L.append("")
    L.append("INGEST, one run per kind (`unkg ingest FOLDER`: validated several at a time, writes on a thread)")
    rows = [("documents measured", ("ingest_run", "documents")), ("docs/s", ("ingest_run", "docs_per_s")),
            ("triples/s", ("ingest_run", "triples_per_s"))]
    for kind in ("reports", "resolutions"):
        rows += [(f"{kind}/s", ("ingest_run", "per_kind", kind, "docs_per_s")),
                 (f"  ms per {kind[:-1]}", ("ingest_run", "per_kind", kind, "ms_per_doc")),
                 (f"  CPU ms per {kind[:-1]}", ("ingest_run", "per_kind", kind, "cpu_ms_per_doc"))]
    for label, path in rows:
        L.append(f"{label:22}" + "".join(f"{_fmt(_get(results['sizes'][s], *path)):>14}" for s in sizes))
    for s in sizes:
        st = _status(results["sizes"][s].get("ingest"))
        if st:
            L.append(f"  {s}: {st}")
        fails = _get(results["sizes"][s], "ingest", "failed")
        if fails:
            L.append(f"  {s}: {fails} document(s) refused, e.g. {_get(results['sizes'][s], 'ingest', 'failures')[0]}")
    L.append("")
    L.append("NAMED QUERIES p50 / p99 ms (unkg store layer | raw pyoxigraph | rdflib), rows returned")
    labels = []
    for s in sizes:
        for k in (_get(results["sizes"][s], "queries", "queries") or {}):
            if k not in labels:
                labels.append(k)
    for s in sizes:
        st = _status(results["sizes"][s].get("queries"))
        if st:
            L.append(f"  {s}: {st}")
    for label in labels:
        cells = []
        for s in sizes:
            e = _get(results["sizes"][s], "queries", "queries", label) or {}
            u, raw = e.get("unkg") or {}, e.get("pyoxigraph") or {}
            b = _get(results["sizes"][s], "baseline", "queries", label) or {}
            if "error" in u:
                cells.append(f"{s}: error {u['error'][:60]}")
                continue
            if "timeout_s" in e or "skipped" in e:
                cells.append(f"{s}: over {e['timeout_s']:.0f} s" if "timeout_s" in e else f"{s}: skipped ({e['skipped']})")
                continue
            if "timeout_s" in b:
                b = {"p50_ms": f">{b['timeout_s'] * 1000:.0f}"}
            cells.append(f"{s}: {_fmt(u.get('p50_ms'))}/{_fmt(u.get('p99_ms'))} | {_fmt(raw.get('p50_ms'))} | "
                         f"{_fmt(b.get('p50_ms')) if b else '-'}  ({e.get('rows')})")
        L.append(f"  {label[:34]:34} " + "   ".join(cells))
    L.append("")
    L.append("WHOLE-STORE VALIDATION (unkg validate) and pySHACL on the whole rdflib graph")
    for s in sizes:
        v = results["sizes"][s].get("validate") or {}
        b = _get(results["sizes"][s], "baseline", "shacl") or {}
        vtxt = (f"{_fmt(v.get('seconds'))} s, {_fmt(v.get('triples_per_s'))} triples/s, conforms={v.get('conforms')}"
                if v.get("status") == "ok" else _status(v) or "n/a")
        btxt = (f"over {b['timeout_s']:.0f} s (not run: {b['skipped']})" if b.get("skipped") else
                f"over {b['timeout_s']:.0f} s (stopped) on {_fmt(b.get('triples'))} triples" if b.get("timeout_s") else
                f"{_fmt(b.get('seconds'))} s, {_fmt(b.get('triples_per_s'))} triples/s") if b else "-"
        L.append(f"  {s:>6}: unkg {vtxt}  | pySHACL {btxt}")
    L.append("")
    L.append("EXPORTS triples/s (Store.dump; rdflib serialize for nq/ttl; ~ estimated from a dump stopped at its "
             "time budget) and peak memory of `unkg export`")
    for s in sizes:
        fm = _get(results["sizes"][s], "exports", "formats") or {}
        be = _get(results["sizes"][s], "baseline", "exports") or {}
        cells = [(f"{f} nothing written in {_get(e, 'seconds')} s" if _get(e, "finished") is False and not _get(e, "bytes")
                  else f"{f} {_fmt(_get(e, 'triples_per_s'))}{'~' if _get(e, 'estimated') else ''}")
                 + (f" (rdflib {_fmt(_get(be, f, 'triples_per_s'))}{'~' if not _get(be, f, 'finished') else ''})" if f in be else "")
                 for f, e in fm.items()]
        mem = [f"{f} {_fmt(_get(e, 'peak_rss_mib'))} MiB" for f, e in (results["sizes"][s].get("export_memory") or {}).items()]
        L.append(f"  {s:>6}: " + ", ".join(cells))
        L.append(f"          memory: " + ", ".join(mem))
        pf = _get(results["sizes"][s], "exports_prepared", "formats") or {}
        if pf:
            L.append("          first export after a change (live, writes the prepared file) -> "
                     "later exports of the same store (from the file): "
                     + ", ".join(f"{f} {_fmt(_get(e, 'cold', 'triples_per_s'))} -> {_fmt(_get(e, 'prepared', 'triples_per_s'))}"
                                 for f, e in pf.items()))
    L.append("")
    large = results["sizes"][sizes[-1]]
    ep = large.get("endpoint") or {}
    if ep:
        clients = sorted({e.get("client") for e in ep.values() if isinstance(e, dict) and e.get("client")})
        L.append(f"ENDPOINTS at {sizes[-1]} documents, {results['options']['connections']} connections, "
                 f"{results['options']['server_seconds']} s each: requests/s, p50/p99 ms, server CPU ms per request"
                 + (f"; load generator {', '.join(clients)}" if clients else ""))
        for name, e in ep.items():
            st = _status(e)
            if st:
                L.append(f"  {name:10} {st}")
                continue
            for load in ("sparql", "rest"):
                x = e.get(load)
                if not x:
                    continue
                if _status(x):
                    L.append(f"  {name:10} {load:7} {_status(x)}")
                    continue
                errs = f" errors {x['http_errors']}" if x.get("http_errors") else ""
                cpu = f"  cpu {x['server_cpu_ms_per_request']}" if x.get("server_cpu_ms_per_request") else ""
                L.append(f"  {name:10} {load:7} {_fmt(x.get('requests_per_s')):>8}/s  p50 {_fmt(x.get('p50_ms'))}  "
                         f"p99 {_fmt(x.get('p99_ms'))}{cpu}{errs}")
            L.append(f"  {name:10} worker peak memory {_fmt(e.get('worker_peak_rss_mib'))} MiB")
        L.append("")
    ic = large.get("ingest_cli")
    if ic:
        L.append(f"unkg ingest (CLI, {ic.get('documents')} documents, start-up included): "
                 f"{_fmt(ic.get('docs_per_s'))} docs/s, peak {_fmt(ic.get('peak_rss_mib'))} MiB"
                 if ic.get("status") == "ok" else f"unkg ingest (CLI): {_status(ic)}")
    mem = peak_memory(large)
    L.append(f"peak memory of unkg processes at {sizes[-1]}: {mem['all']}")
    L.append("")
    L.append("RATIOS (x faster than the baseline; store/raw: unkg store layer over raw pyoxigraph)")
    for s, e in results.get("ratios", {}).items():
        short = {k: v for k, v in e.items() if k not in ("query_speedup_vs_rdflib", "query_speedup_lower_bounds")}
        L.append(f"  {s:>6}: {short}")
    L.append("")
    L.append("TARGETS")
    for t in results.get("targets", []):
        mark = {True: "met    ", False: "NOT MET", None: "n/a    "}[t["met"]]
        L.append(f"  [{mark}] {t['target']}: {t['measured']}" + (f" ({t['note']})" if t["note"] else ""))
    L.append(f"\nwall time {results.get('wall_seconds')} s")
    return "\n".join(L)
