"""The baseline most Python users would pick, run in a child process of the benchmark:
rdflib's in-memory Dataset loaded with the same quads, rdflib's SPARQL engine on the same
named queries and bindings (pre-bound with initBindings where unkg substitutes them, a
trailing VALUES otherwise), rdflib's serializers, and pySHACL on the whole graph.

    python -m bench.baseline JOB.json

prints one JSON object per line as each step finishes, so that the parent keeps what was
measured when it stops a step that runs past its budget. Results are ratios in the table.
"""
from __future__ import annotations

import json
import resource
import signal
import sys
import time


def emit(**kw):
    kw["peak_rss_mib"] = round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
    print(json.dumps(kw), flush=True)


class _Null:
    def __init__(self):
        self.n = 0

    def write(self, b):
        self.n += len(b)
        return len(b)

    def flush(self):
        pass


def union_graph(ds):
    """The union of a dataset's graphs as one rdflib Graph (iterating a Dataset yields quads)."""
    from rdflib import Graph

    g = Graph()
    for s, p, o, _ in ds.quads((None, None, None, None)):
        g.add((s, p, o))
    return g


def main(job_path: str) -> None:
    from rdflib import Dataset, Graph

    from bench.queries import split_bindings, unbind_values
    from unkg.store.query_text import bind_values

    job = json.loads(open(job_path, encoding="utf-8").read())
    t0 = time.perf_counter()
    ds = Dataset(default_union=True)
    ds.parse(job["nq"], format="nquads")
    load_s = time.perf_counter() - t0
    quads = len(ds)
    emit(step="load", seconds=round(load_s, 3), quads=quads, triples_per_s=round(quads / load_s))

    budget = job.get("query_budget", 1.0)
    limit = job.get("query_limit", 10.0)

    def too_long(signum, frame):
        raise TimeoutError

    signal.signal(signal.SIGALRM, too_long)
    for case in job["cases"]:
        # the variables unkg's store substitutes are pre-bound (initBindings), the others stay a
        # trailing VALUES: the same answers, bound the way unkg binds them
        query, bindings = unbind_values(case["text"])
        _, pushed, trailing = split_bindings(query, bindings)
        text = bind_values(query, trailing)
        samples = []
        start = time.perf_counter()
        n = 0
        try:
            while len(samples) < 50:
                q0 = time.perf_counter()
                signal.setitimer(signal.ITIMER_REAL, limit)
                n = 0
                for _ in ds.query(text, initBindings=pushed):
                    n += 1
                    if n >= job["max_rows"]:
                        break
                signal.setitimer(signal.ITIMER_REAL, 0)
                samples.append(time.perf_counter() - q0)
                elapsed = time.perf_counter() - start
                if elapsed > budget and (len(samples) >= 3 or samples[0] > budget / 3):
                    break
        except TimeoutError:
            emit(step="query", label=case["label"], timeout_s=limit)
            continue
        except Exception as e:  # rdflib refusing a query is reported, the others go on
            signal.setitimer(signal.ITIMER_REAL, 0)
            emit(step="query", label=case["label"], error=f"{type(e).__name__}: {str(e)[:160]}")
            continue
        s = sorted(samples)
        emit(step="query", label=case["label"], n=len(s), rows=n,
             p50_ms=round(s[(len(s) - 1) // 2] * 1000, 3), p99_ms=round(s[min(len(s) - 1, round(0.99 * (len(s) - 1)))] * 1000, 3))

    from bench.exports import timed_dump

    for fmt, rdflib_fmt in (("nq", "nquads"), ("ttl", "turtle")):
        union = ds if fmt == "nq" else union_graph(ds)  # a triple format takes the union of the graphs
        r = timed_dump(lambda buf: union.serialize(destination=buf, format=rdflib_fmt, encoding="utf-8"),
                       job.get("export_budget"))
        n = len(union)
        if r["finished"]:
            rate = round(n / r["seconds"])
        elif fmt == "nq":
            rate = round(r["lines"] / r["seconds"])
        else:  # estimated from the bytes written, at the bytes per triple of unkg's export of the same data
            per = job.get("bytes_per_quad", {}).get(fmt)
            rate = round(r["bytes"] / per / r["seconds"]) if per else None
        emit(step="export", format=fmt, triples=n, triples_per_s=rate, **r)

    if job.get("shapes"):
        from pyshacl import validate

        shapes = Graph()
        for f in job["shapes"]:
            shapes.parse(f, format="turtle")
        data = union_graph(ds)
        limit = job.get("shacl_limit", 60.0)
        t0 = time.perf_counter()
        signal.setitimer(signal.ITIMER_REAL, limit)
        try:
            conforms, _, _ = validate(data, shacl_graph=shapes, inference="none", advanced=True)
        except TimeoutError:
            emit(step="shacl", timeout_s=limit, seconds=limit, triples=len(data), lower_bound=True)
        else:
            signal.setitimer(signal.ITIMER_REAL, 0)
            secs = time.perf_counter() - t0
            emit(step="shacl", seconds=round(secs, 3), triples=len(data), conforms=bool(conforms),
                 triples_per_s=round(len(data) / secs))
    emit(step="done")


if __name__ == "__main__":
    main(sys.argv[1])
