"""A small closed-loop HTTP/1.1 load generator: C keep-alive connections on loopback, each
sending its next request as soon as the previous response is complete, for D seconds.

Written on asyncio + uvloop with httptools' response parser (both ship with
uvicorn[standard]), so that one client process can keep two server workers busy. It is the
fallback: `run_wrk` drives wrk, a C client that takes far less of the CPU the servers share.
"""
from __future__ import annotations

import asyncio
import time

import httptools


class _Response:
    def __init__(self):
        self.done = False
        self.status = 0

    def on_message_complete(self):
        self.done = True


async def _connection(host, port, paths, offset, deadline, latencies, errors):
    reader, writer = await asyncio.open_connection(host, port)
    i = offset
    try:
        while time.perf_counter() < deadline:
            path = paths[i % len(paths)]
            i += 1
            req = (f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n"
                   f"Accept: application/sparql-results+json, application/json\r\n\r\n").encode()
            t0 = time.perf_counter()
            writer.write(req)
            resp = _Response()
            parser = httptools.HttpResponseParser(resp)
            while not resp.done:
                data = await reader.read(65536)
                if not data:
                    raise ConnectionError("the server closed the connection")
                parser.feed_data(data)
            latencies.append(time.perf_counter() - t0)
            status = parser.get_status_code()
            if status >= 400:
                errors[status] = errors.get(status, 0) + 1
            if not parser.should_keep_alive():
                writer.close()
                reader, writer = await asyncio.open_connection(host, port)
    finally:
        writer.close()


async def _run(host, port, paths, connections, seconds, warmup):
    if warmup:
        await asyncio.gather(*(_connection(host, port, paths, k * 7, time.perf_counter() + warmup, [], {})
                               for k in range(connections)))
    latencies: list[float] = []
    errors: dict[int, int] = {}
    t0 = time.perf_counter()
    await asyncio.gather(*(_connection(host, port, paths, k * 7, t0 + seconds, latencies, errors)
                           for k in range(connections)))
    return latencies, errors, time.perf_counter() - t0


def run_load(host: str, port: int, paths: list[str], *, connections: int = 8, seconds: float = 5.0,
             warmup: float = 1.0) -> tuple[list[float], dict[int, int], float]:
    """(latencies in seconds, {HTTP error status: count}, wall seconds)."""
    try:
        import uvloop

        return uvloop.run(_run(host, port, paths, connections, seconds, warmup))
    except ImportError:
        return asyncio.run(_run(host, port, paths, connections, seconds, warmup))


# --- wrk: a C load generator, when installed ---------------------------------------

#: rotates through the paths of a file (one a line), each thread from its own offset, and
#: prints the summary as one JSON line (latencies in microseconds)
WRK_SCRIPT = r"""
local paths, n, i = {}, 0, 0
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end
function init(args)
  for line in io.lines(args[1]) do
    if #line > 0 then n = n + 1; paths[n] = line end
  end
  i = (id or 0) * 7
end
local headers = { ["Accept"] = "application/sparql-results+json, application/json" }
function request()
  i = i + 1
  return wrk.format("GET", paths[(i % n) + 1], headers)
end
function done(summary, latency, requests)
  local e = summary.errors
  io.write(string.format(
    'WRK-JSON {"requests": %d, "duration_us": %d, "p50_us": %d, "p90_us": %d, "p99_us": %d, "mean_us": %.1f, ' ..
    '"max_us": %d, "status_errors": %d, "connect": %d, "read": %d, "write": %d, "timeout": %d}\n',
    summary.requests, summary.duration, latency:percentile(50), latency:percentile(90), latency:percentile(99),
    latency.mean, latency.max, e.status, e.connect, e.read, e.write, e.timeout))
end
"""


def wrk_version() -> str | None:
    """`wrk 4.1.0` (or similar) when wrk is on the PATH, else None."""
    import shutil
    import subprocess

    exe = shutil.which("wrk")
    if not exe:
        return None
    try:
        out = subprocess.run([exe, "-v"], capture_output=True, text=True, timeout=10)
    except (OSError, subprocess.TimeoutExpired):
        return None
    first = (out.stdout + out.stderr).strip().splitlines()
    return first[0].split(" Copyright")[0].strip() if first else "wrk"


def run_wrk(host: str, port: int, paths: list[str], *, connections: int = 8, seconds: float = 5.0,
            warmup: float = 1.0, threads: int = 1) -> dict:
    """One wrk run (after a warm-up run): {requests, seconds, p50_ms, p90_ms, p99_ms, mean_ms,
    max_ms, errors}. `errors` counts non-2xx/3xx answers and socket errors."""
    import json
    import math
    import subprocess
    import tempfile
    from pathlib import Path

    with tempfile.TemporaryDirectory(prefix="unkg-wrk-") as tmp:
        script, listing = Path(tmp) / "rotate.lua", Path(tmp) / "paths.txt"
        script.write_text(WRK_SCRIPT, encoding="utf-8")
        listing.write_text("\n".join(paths) + "\n", encoding="utf-8")

        def once(duration: float) -> dict:
            cmd = ["wrk", "-t", str(threads), "-c", str(connections), "-d", f"{max(1, math.ceil(duration))}s",
                   "--timeout", "30s", "-s", str(script), f"http://{host}:{port}/", "--", str(listing)]
            out = subprocess.run(cmd, capture_output=True, text=True, timeout=duration + 60)
            line = next((ln for ln in out.stdout.splitlines() if ln.startswith("WRK-JSON ")), None)
            if line is None:
                err = (out.stderr or out.stdout).strip().splitlines()
                raise RuntimeError(f"wrk failed: {err[-1] if err else 'exit ' + str(out.returncode)}")
            return json.loads(line[len("WRK-JSON "):])

        if warmup:
            once(warmup)
        r = once(seconds)
    ms = lambda us: round(us / 1000, 3)  # noqa: E731
    errors = {k: r[k] for k in ("status_errors", "connect", "read", "write", "timeout") if r[k]}
    return {"requests": r["requests"], "seconds": round(r["duration_us"] / 1e6, 2),
            "p50_ms": ms(r["p50_us"]), "p90_ms": ms(r["p90_us"]), "p99_ms": ms(r["p99_us"]),
            "mean_ms": ms(r["mean_us"]), "max_ms": ms(r["max_us"]), "errors": errors}
