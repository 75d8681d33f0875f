"""Export throughput: Store.dump (what `unkg export` and GET /export stream) into a sink that
counts bytes, in every RDF format.

Each format gets a time budget. A dump that runs past it is stopped, and its rate is
estimated from the bytes written and the bytes per triple of the same format at the last
size where the whole dump finished (marked "estimated")."""
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
        self.budget = budget

    def writable(self) -> bool:
        return True

    def write(self, b) -> int:
        if self.budget is not None and time.perf_counter() - self.start > self.budget:
            raise OutOfTime
        self.bytes += len(b)
        self.lines += bytes(b).count(b"\n")
        return len(b)


def timed_dump(write, budget: float | None) -> dict:
    """Run write(out) into a counting sink; {seconds, bytes, lines, finished}."""
    sink = CountingSink(budget)
    finished = True
    try:
        with io.BufferedWriter(sink, buffer_size=1 << 20) as buf:
            write(buf)
    except OutOfTime:
        finished = False
    return {"seconds": round(time.perf_counter() - sink.start, 3), "bytes": sink.bytes, "lines": sink.lines,
            "finished": finished}


@measurement
def export_throughput(store, formats: list[str], quads: int, *, budget: float | None = None,
                      bytes_per_quad: dict | None = None) -> dict:
    """`bytes_per_quad` (format → bytes per quad at a smaller size) turns a stopped dump into an estimate;
    it is updated with the formats that finish."""
    out = {}
    for fmt in formats:
        try:
            r = timed_dump(lambda buf: store.dump(buf, fmt), budget)
        except Exception as e:  # one format failing is reported; the others are measured
            out[fmt] = {"status": "error", "reason": f"{type(e).__name__}: {str(e).splitlines()[0][:200] if str(e) else ''}"}
            continue
        r["quads"] = quads
        if r["finished"]:
            r["triples_per_s"] = round(quads / r["seconds"]) if r["seconds"] else None
            if bytes_per_quad is not None and quads:
                bytes_per_quad[fmt] = r["bytes"] / quads
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
