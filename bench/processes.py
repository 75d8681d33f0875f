"""Measurements of the `unkg` command itself, in child processes: time, exit status and
peak resident memory (VmHWM, sampled every 20 ms), with a time limit after which the
command is stopped and reported as not finished."""
from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from .measure import NotAvailable, measurement, mib, vm_hwm

UNKG = str(Path(sys.executable).parent / "unkg")


def run(args: list[str], *, timeout: float, stdin=None) -> dict:
    """Run `unkg ARGS`; {seconds, cpu_s (user + system time of the child: the fairer figure on
    a shared machine), exit, peak_rss_mib, finished, stderr}."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
    t0 = time.perf_counter()
    proc = subprocess.Popen([UNKG, *args], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env,
                            start_new_session=True)
    finished = True
    peak = 0
    while True:
        # VmHWM, not rusage: a forked child's ru_maxrss starts at the parent's peak
        peak = max(peak, vm_hwm(proc.pid) or 0)
        pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
        if pid:
            break
        if time.perf_counter() - t0 > timeout:
            os.killpg(proc.pid, signal.SIGKILL)
            pid, status, usage = os.wait4(proc.pid, 0)
            finished = False
            break
        time.sleep(0.02)
    seconds = time.perf_counter() - t0
    proc.returncode = os.waitstatus_to_exitcode(status)
    err = proc.stderr.read().decode(errors="replace").strip().splitlines()
    return {"seconds": round(seconds, 3), "cpu_s": round(usage.ru_utime + usage.ru_stime, 3),
            "exit": proc.returncode, "finished": finished,
            "peak_rss_mib": mib(peak or None), "stderr": err[-1][:200] if err else ""}


@measurement
def validate_whole_store(store_path: Path, quads: int, *, timeout: float) -> dict:
    """`unkg validate` on the whole store."""
    r = run(["--store", str(store_path), "validate"], timeout=timeout)
    if r["finished"] and r["exit"] not in (0, 1):
        raise NotAvailable(f"unkg validate failed: {r['stderr']}")
    out = {"quads": quads, **r}
    if r["finished"]:
        out["conforms"] = r["exit"] == 0
        out["triples_per_s"] = round(quads / r["seconds"]) if r["seconds"] else None
        out["triples_per_cpu_s"] = round(quads / r["cpu_s"]) if r["cpu_s"] else None
    else:
        out["status"] = "not finished"
        out["reason"] = f"stopped after {timeout:.0f} s"
    return out


@measurement
def export_memory(store_path: Path, fmt: str, quads: int, *, timeout: float) -> dict:
    """`unkg export -f FMT > /dev/null`: wall time (start-up included) and peak memory, stopped
    after `timeout` seconds (memory flat in the dataset size shows within that time too)."""
    r = run(["--store", str(store_path), "export", "-f", fmt], timeout=timeout)
    if r["finished"] and r["exit"] != 0:
        raise NotAvailable(f"unkg export -f {fmt} failed: {r['stderr']}")
    out = {"format": fmt, "quads": quads, **r}
    if not r["finished"]:
        out["note"] = f"stopped after {timeout:.0f} s; peak memory until then"
    return out


@measurement
def ingest_cli(store_path: Path, paths: list[Path], *, timeout: float) -> dict:
    """`unkg ingest --quiet FILES` into the store: end to end, start-up included, and peak memory."""
    r = run(["--store", str(store_path), "ingest", "--quiet", "--keep-going", *map(str, paths)], timeout=timeout)
    if r["finished"] and r["exit"] not in (0, 1):
        raise NotAvailable(f"unkg ingest failed: {r['stderr']}")
    return {"documents": len(paths), "docs_per_s": round(len(paths) / r["seconds"], 2), **r}
