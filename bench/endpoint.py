"""Throughput and latency of the SPARQL endpoint and the REST API under a bounded load on
loopback: unkg's service and a bare FastAPI + pyoxigraph endpoint, each with 1 and 2
uvicorn workers, on the same store. The load comes from wrk when it is installed
(scripts/bench-deps.sh), else from bench/load.py; each result names its client and the CPU
the server's processes spent per request."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path
from urllib.parse import quote

from .load import run_load, run_wrk, wrk_version
from .measure import NotAvailable, children, cpu_seconds, measurement, mib, percentiles, vm_hwm

ROOT = Path(__file__).resolve().parent.parent


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    """`uvicorn bench.apps:APP --factory --workers N` on a free loopback port."""

    def __init__(self, app: str, store: Path, workers: int, probe: str):
        self.port = free_port()
        env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
        env["UNKG_STORE"] = str(store)
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "uvicorn", f"bench.apps:{app}", "--factory", "--host", "127.0.0.1",
             "--port", str(self.port), "--workers", str(workers), "--log-level", "warning", "--no-access-log"],
            cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, start_new_session=True)
        deadline = time.time() + 60
        while True:
            if self.proc.poll() is not None:
                err = self.proc.stderr.read().decode(errors="replace").strip().splitlines()
                raise NotAvailable(f"{app} did not start: {err[-1] if err else 'exit ' + str(self.proc.returncode)}")
            try:
                with urllib.request.urlopen(self.url(probe), timeout=5) as r:
                    if r.status < 500:
                        break
            except urllib.error.HTTPError as e:
                if e.code < 500:
                    break
            except OSError:
                pass
            if time.time() > deadline:
                self.stop()
                raise NotAvailable(f"{app} did not answer within 60 s")
            time.sleep(0.2)
        self.settle()

    def settle(self, quiet: float = 0.03, every: float = 0.3, limit: float = 60.0) -> None:
        """Wait until the server's processes use (almost) no CPU: every worker has started, and
        so have the processes the workers start (unkg's query workers import and open the
        store), so that none of that start-up is measured as serving."""
        deadline = time.time() + limit
        before = cpu_seconds(self.proc.pid)
        while time.time() < deadline:
            time.sleep(every)
            now = cpu_seconds(self.proc.pid)
            if now - before <= quiet:
                return
            before = now

    def url(self, path: str) -> str:
        return f"http://127.0.0.1:{self.port}{path}"

    def status(self, path: str) -> int:
        try:
            with urllib.request.urlopen(self.url(path), timeout=30) as r:
                r.read()
                return r.status
        except urllib.error.HTTPError as e:
            return e.code

    def worker_peak_rss(self) -> int | None:
        pids = children(self.proc.pid) or [self.proc.pid]
        peaks = [vm_hwm(p) for p in pids]
        peaks = [p for p in peaks if p]
        return max(peaks) if peaks else None

    def stop(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGTERM)
            try:
                self.proc.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.proc.pid, signal.SIGKILL)
                self.proc.wait()


def sparql_paths(iris: list[str]) -> list[str]:
    """Lookups: every property of one resource, one request per IRI."""
    return ["/sparql?query=" + quote(f"SELECT ?p ?o WHERE {{ <{iri}> ?p ?o }}", safe="") for iri in iris]


def load_client() -> str:
    """The load generator the endpoint runs use: wrk when installed (a C client that leaves
    the CPU to the servers), else the Python one in bench/load.py."""
    return wrk_version() or PYTHON_CLIENT


PYTHON_CLIENT = "python (asyncio + httptools, bench/load.py)"
WARMUP = 1.0          # seconds of load before each measured run


def _load(server: Server, paths: list[str], connections: int, seconds: float, client: str) -> dict:
    bad = [p for p in paths[:5] if server.status(p) >= 400]
    if bad:
        raise NotAvailable(f"GET {bad[0][:80]} answers {server.status(bad[0])}")
    wrk = client != PYTHON_CLIENT
    warm = run_wrk if wrk else run_load
    warm("127.0.0.1", server.port, paths, connections=connections, seconds=WARMUP, warmup=0)
    cpu0 = cpu_seconds(server.proc.pid)
    if wrk:
        r = run_wrk("127.0.0.1", server.port, paths, connections=connections, seconds=seconds, warmup=0)
        n, wall, errors = r["requests"], r["seconds"], r["errors"]
        lat = {"n": n, **{k: r[k] for k in ("p50_ms", "p90_ms", "p99_ms", "mean_ms")}}
    else:
        samples, errors, wall = run_load("127.0.0.1", server.port, paths, connections=connections,
                                         seconds=seconds, warmup=0)
        n, lat = len(samples), percentiles(samples)
    cpu = cpu_seconds(server.proc.pid) - cpu0
    out = {"requests": n, "requests_per_s": round(n / wall, 1), **lat, "connections": connections,
           "seconds": round(wall, 2), "client": client,
           # CPU of the server's processes per request: comparable on a machine busy with other work
           "server_cpu_ms_per_request": round(1000 * cpu / n, 3) if n else None}
    if errors:
        out["http_errors"] = errors
    return out


@measurement
def endpoint(app: str, store: Path, workers: int, loads: dict[str, list[str]], *, probe: str,
             connections: int = 8, seconds: float = 5.0) -> dict:
    """Start APP with WORKERS workers and run each named load (a list of GET paths) against it."""
    server = Server(app, store, workers, probe)
    try:
        client = load_client()
        out = {"workers": workers, "client": client}
        for name, paths in loads.items():
            try:
                out[name] = _load(server, paths, connections, seconds, client)
            except NotAvailable as e:
                out[name] = {"status": "not available", "reason": str(e)}
        out["worker_peak_rss_mib"] = mib(server.worker_peak_rss())
        return out
    finally:
        server.stop()
