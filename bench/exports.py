"""Export throughput: Store.dump (what `unkg export` and GET /export stream) into a sink that
counts bytes, in every RDF format.

The rate of a format is the statements it writes per second: the quads of the named graphs
for the dataset formats (nq, trig, jsonld), the triples of their union (the default graph,
a set: fewer than the quads) for the triple formats. Each format gets a time budget. A dump
that runs past it is stopped, and its rate is estimated from the lines written (nt, nq) or
from the bytes written and the bytes per statement of the same format at the last size where
the whole dump finished (marked "estimated"). `first_byte_s`: when the first bytes came out.

`prepared_throughput` measures what `unkg export` and GET /export do (unkg.store.dumps): the
first export of each format after a change (cold: the live dump, also written to a prepared
file) and the next one (prepared: the file streamed), reported apart; the live rate is the
cold one, the prepared rate holds only while the store does not change."""
from __future__ import annotations

import io
import time

from .measure import measurement


class OutOfTime(Exception):
    """Raised by the sink to stop a dump at its time budget."""


class CountingSink(io.RawIOBase):
    """A raw stream that counts bytes and lines, and stops the writer after `budget` seconds;
    wrapped in a BufferedWriter as a file opened "wb" is."""

    def __init__(self, budget: float | None = None):
        self.bytes = 0
        self.lines = 0
        self.start = time.perf_counter()
        self.first = None
        self.budget = budget

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        if self.budget is not None and time.perf_counter() - self.start > self.budget:
            raise OutOfTime
        if self.first is None and len(b):
            self.first = time.perf_counter() - self.start
        self.bytes += len(b)
        self.lines += bytes(b).count(b"\n")
        return len(b)


def timed_dump(write, budget: float | None) -> dict:
    """Run write(out) into a counting sink; {seconds, cpu_s (of this process: the dump runs in it,
    a fairer figure on a shared machine), bytes, lines, first_byte_s, finished}."""
    cpu = time.process_time()
    sink = CountingSink(budget)
    finished = True
    try:
        with io.BufferedWriter(sink, buffer_size=1 << 20) as buf:
            write(buf)
    except OutOfTime:
        finished = False
    return {"seconds": round(time.perf_counter() - sink.start, 3), "cpu_s": round(time.process_time() - cpu, 3), "bytes": sink.bytes, "lines": sink.lines,
            "first_byte_s": None if sink.first is None else round(sink.first, 3), "finished": finished}


@measurement
def export_throughput(store, formats: list[str], quads: int, *, budget: float | None = None,
                      bytes_per_quad: dict | None = None) -> dict:
    """`quads`: the quads of the named graphs. `bytes_per_quad` (format → bytes per statement
    at a smaller size) turns a stopped dump into an estimate; it is updated with the formats
    that finish."""
    from unkg.store import DATASET_FORMATS

    union = None
    if any(fmt not in DATASET_FORMATS for fmt in formats):
        union = int(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
    out = {}
    for fmt in formats:
        statements = quads if fmt in DATASET_FORMATS else union
        try:
            r = timed_dump(lambda buf: store.dump(buf, fmt), budget)
        except Exception as e:  # one format failing is reported; the others are measured
            out[fmt] = {"status": "error", "reason": f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"}
            continue
        r["quads"] = quads
        r["statements"] = statements
        if r["finished"]:
            r["triples_per_s"] = round(statements / r["seconds"]) if r["seconds"] else None
            if bytes_per_quad is not None and statements:
                bytes_per_quad[fmt] = r["bytes"] / statements
        elif not r["bytes"]:
            r["triples_per_s"] = 0
            r["note"] = "nothing written within the time budget"
        elif fmt in ("nq", "nt") and r["lines"]:
            r["triples_per_s"] = round(r["lines"] / r["seconds"])
            r["estimated"] = "lines written before the time budget"
        elif bytes_per_quad and bytes_per_quad.get(fmt):
            r["triples_per_s"] = round(r["bytes"] / bytes_per_quad[fmt] / r["seconds"])
            r["estimated"] = "bytes written before the time budget / bytes per triple at a smaller size"
        out[fmt] = r
    return {"formats": out, "budget_s": budget}


@measurement
def prepared_throughput(store, formats: list[str], quads: int, folder, *, budget: float | None = None) -> dict:
    """What `unkg export` and GET /export do (dumps.export) with an empty prepared-dump folder:
    `cold`, the first export of each format (a live dump that also writes the prepared file), then
    `prepared`, the same export again, streamed from that file. The prepared rate holds only while
    the store does not change: the live rate is `cold` (or export_throughput). A cold dump stopped
    at `budget` leaves no prepared file, and its format gets no prepared figure."""
    import shutil
    from pathlib import Path

    from unkg.store import DATASET_FORMATS
    from unkg.store.dumps import DumpCache, export

    folder = Path(folder)
    shutil.rmtree(folder, ignore_errors=True)
    cache = DumpCache(store.location, folder)
    union = None
    if any(fmt not in DATASET_FORMATS for fmt in formats):
        union = int(store.select("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }").rows[0][0])
    out = {}
    try:
        for fmt in formats:
            statements = quads if fmt in DATASET_FORMATS else union
            entry = {"statements": statements}
            for run in ("cold", "prepared"):
                how = []
                r = timed_dump(lambda buf: how.append(export(store, buf, fmt, None, cache)), budget)
                r["how"] = how[0] if how else "stopped"
                if r["finished"] and r["seconds"]:
                    r["triples_per_s"] = round(statements / r["seconds"])
                    r["triples_per_cpu_s"] = round(statements / r["cpu_s"]) if r["cpu_s"] else None
                entry[run] = r
                if not r["finished"]:
                    break
                if r["how"] == "live":      # the store state moved during the dump (a compaction)
                    entry["note"] = "no prepared file: the store changed during the cold export"
                    break
            entry["files"] = sorted(p.name for p in folder.iterdir()) if folder.exists() else []
            out[fmt] = entry
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return {"formats": out, "budget_s": budget,
            "note": "cold: first export after a change (live dump + prepared file written); "
                    "prepared: later exports of the unchanged store, streamed from the file"}
