"""What every measurement shares: timing, percentiles, memory, and reporting a part that is
not there yet as "not available" instead of failing the run."""
from __future__ import annotations

import functools
import os
import resource
import statistics
import time
import traceback
from pathlib import Path
from typing import Callable


class NotAvailable(Exception):
    """The part a measurement needs is not there (yet): reported, not raised."""


def measurement(fn: Callable) -> Callable:
    """Run a measurement; a missing part becomes {"status": "not available"}, a failure
    {"status": "error"} with its one-line cause, so one broken part never stops the run."""

    @functools.wraps(fn)
    def wrapper(*args, **kwargs):
        t0 = time.perf_counter()
        try:
            out = fn(*args, **kwargs)
        except NotAvailable as e:
            return {"status": "not available", "reason": str(e)}
        except ImportError as e:
            return {"status": "not available", "reason": f"{type(e).__name__}: {e}"}
        except Exception as e:  # a benchmark records a failing part and measures the others
            if os.environ.get("BENCH_DEBUG"):
                traceback.print_exc()
            first = str(e).splitlines()[0] if str(e) else ""
            return {"status": "error", "reason": f"{type(e).__name__}: {first}"[:300]}
        if isinstance(out, dict):
            out.setdefault("status", "ok")
            out.setdefault("seconds", round(time.perf_counter() - t0, 3))
        return out

    return wrapper


def percentiles(samples: list[float]) -> dict:
    """p50/p99/mean of durations in seconds, reported in milliseconds."""
    if not samples:
        return {"n": 0}
    s = sorted(samples)
    def pct(p):
        k = min(len(s) - 1, max(0, int(round(p / 100 * (len(s) - 1)))))
        return s[k]
    return {"n": len(s), "p50_ms": round(pct(50) * 1000, 3), "p99_ms": round(pct(99) * 1000, 3),
            "mean_ms": round(statistics.fmean(s) * 1000, 3)}


def repeat(fn: Callable[[], object], *, min_runs: int = 5, max_runs: int = 200, budget: float = 2.0) -> list[float]:
    """Durations of fn(): as many runs as fit the budget (seconds), at most max_runs, and at
    least min_runs unless one run takes more than a third of the budget."""
    samples: list[float] = []
    start = time.perf_counter()
    while len(samples) < max_runs:
        t0 = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - start
        if elapsed > budget and (len(samples) >= min_runs or samples[0] > budget / 3):
            break
    return samples


def repeat_paired(first: Callable[[], object], second: Callable[[], object], *, min_runs: int = 5,
                  max_runs: int = 200, budget: float = 2.0) -> tuple[list[float], list[float]]:
    """Durations of first() and second() run in turn, their order swapped at each round
    (first, second; second, first; …), so that the drift of a shared machine (another
    tenant, a background compaction) touches both alike and their ratio stays fair: as
    many rounds as fit twice the budget, at least min_runs unless one round takes more
    than a third of it."""
    a: list[float] = []
    b: list[float] = []
    start = time.perf_counter()
    while len(a) < max_runs:
        rounds = ((first, a), (second, b)) if len(a) % 2 == 0 else ((second, b), (first, a))
        for fn, samples in rounds:
            t0 = time.perf_counter()
            fn()
            samples.append(time.perf_counter() - t0)
        elapsed = time.perf_counter() - start
        if elapsed > 2 * budget and (len(a) >= min_runs or a[0] + b[0] > 2 * budget / 3):
            break
    return a, b


def peak_rss_self() -> int:
    """Peak resident memory of this process, in bytes."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def vm_hwm(pid: int) -> int | None:
    """Peak resident memory of a running process (VmHWM), in bytes."""
    try:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def children(pid: int) -> list[int]:
    try:
        return [int(x) for x in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
    except OSError:
        return []


def descendants(pid: int) -> list[int]:
    """A process and every process below it."""
    out, todo = [], [pid]
    while todo:
        p = todo.pop()
        out.append(p)
        todo.extend(children(p))
    return out


def cpu_seconds(pid: int) -> float:
    """CPU time (user + system) used so far by a process and the processes below it."""
    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for p in descendants(pid):
        try:
            fields = Path(f"/proc/{p}/stat").read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        total += int(fields[11]) + int(fields[12])        # utime, stime
    return total / tick


def dir_size(path: Path) -> int:
    return sum(f.stat().st_size for f in Path(path).rglob("*") if f.is_file())


def mib(n: int | None) -> float | None:
    return None if n is None else round(n / 2**20, 1)
