"""A small closed-loop HTTP/1.1 load generator: C keep-alive connections on loopback, each
sending its next request as soon as the previous response is complete, for D seconds.

Written on asyncio + uvloop with httptools' response parser (both ship with
uvicorn[standard]), so that one client process can keep two server workers busy.
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
