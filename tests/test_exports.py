"""Prepared dump files (unkg.store.dumps): served only for the store state they were dumped
from, never left half-written, bounded, usable by a read-only store; on real on-disk stores."""
from __future__ import annotations

import io
import os
import signal
import subprocess
import sys
import time

import pyoxigraph as ox
import pytest
from rdflib import Graph, Literal, URIRef

from tests.conftest import UNKG_BIN, run_unkg
from unkg.config import Settings
from unkg.errors import UsageError
from unkg.store import dumps
from unkg.store.dumps import DumpCache
from unkg.store.oxigraph import OxigraphStore

EX = "https://example.org/"


def graph_of(n: int, tag: str = "") -> Graph:
    g = Graph()
    for i in range(n):
        g.add((URIRef(f"{EX}s{i}"), URIRef(f"{EX}p"), Literal(f"value {tag} {i} " + "x" * 60)))
    return g


@pytest.fixture
def store_dir(tmp_path):
    path = tmp_path / "store"
    with OxigraphStore(path) as s:
        s.replace_graphs({f"{EX}g1": graph_of(50, "one"), f"{EX}g2": graph_of(20, "two")})
    return path


def settled(path) -> None:
    """Wait until RocksDB's background work after opening a store or writing to it (flushes,
    compactions), which changes the folder and so the store state, has finished: an export
    during that work is correct but prepares no file."""
    state, deadline = None, time.monotonic() + 30
    while time.monotonic() < deadline:
        now = dumps.store_state(path)
        if now == state:
            return
        state = now
        time.sleep(0.3)


def writable(path) -> OxigraphStore:
    store = OxigraphStore(path)
    settled(path)
    return store


def exported_cold(store, fmt, cache) -> bytes:
    """The first export after a change, which prepares a file: a compaction during the dump moves
    the state, and the export is then correct but prepares none; it is tried again."""
    for _ in range(10):
        how, data = exported(store, fmt, cache)
        assert data == live(store, fmt)
        if how == "cold":
            return data
        assert how == "live"
        settled(store.location)
    raise AssertionError("no export prepared a file")


def exported(store, fmt, cache) -> tuple[str, bytes]:
    buf = io.BytesIO()
    how = dumps.export(store, buf, fmt, None, cache)
    return how, buf.getvalue()


def live(store, fmt) -> bytes:
    buf = io.BytesIO()
    store.dump(buf, fmt)
    return buf.getvalue()


def quads(data: bytes, fmt="nq") -> set:
    return set(ox.parse(data, format=ox.RdfFormat.N_QUADS if fmt == "nq" else ox.RdfFormat.TURTLE))


def prepared_files(folder):
    return sorted(p.name for p in folder.iterdir()) if folder.exists() else []


@pytest.mark.parametrize("fmt", ["nq", "ttl", "nt", "trig", "jsonld", "rdfxml"])
def test_second_export_is_the_prepared_file_with_the_same_bytes(store_dir, tmp_path, fmt):
    cache = DumpCache(store_dir, tmp_path / "dumps")
    with writable(store_dir) as s:
        first = exported_cold(s, fmt, cache)
        second = exported(s, fmt, cache)
        assert second == ("prepared", first)
        assert prepared_files(tmp_path / "dumps") == [f"unkg-{cache.state()}.{fmt}"]
    # closing a writable store flushes it: a new state, whose first export dumps again
    with OxigraphStore(store_dir, read_only=True) as s:
        assert exported(s, fmt, cache) == ("cold", first)


def test_a_write_after_a_prepared_export_shows_in_the_next_export(store_dir, tmp_path):
    cache = DumpCache(store_dir, tmp_path / "dumps")
    with writable(store_dir) as s:
        exported_cold(s, "nq", cache)
        exported_cold(s, "ttl", cache)
        assert exported(s, "nq", cache)[0] == "prepared"
        s.replace_graphs({f"{EX}g3": graph_of(1, "new")})
        data = exported_cold(s, "nq", cache)
        assert ox.Quad(ox.NamedNode(f"{EX}s0"), ox.NamedNode(f"{EX}p"), ox.Literal("value new 0 " + "x" * 60),
                       ox.NamedNode(f"{EX}g3")) in quads(data)
        assert data == live(s, "nq")
        # the Turtle file of the old state is gone, not served
        assert prepared_files(tmp_path / "dumps") == [f"unkg-{cache.state()}.nq"]
        assert b"value new 0" in exported_cold(s, "ttl", cache)
        s.drop_graphs([f"{EX}g1"])
        data = exported_cold(s, "nq", cache)
        assert b"value one" not in data and b"value new" in data


def test_an_interrupted_dump_leaves_no_file_that_is_served(store_dir, tmp_path):
    cache = DumpCache(store_dir, tmp_path / "dumps")

    class Broken(io.RawIOBase):
        def writable(self):
            return True

        def write(self, b):
            raise BrokenPipeError("the reader went away")

    with writable(store_dir) as s:
        with pytest.raises(Exception):
            dumps.export(s, Broken(), "nq", None, cache)
        assert prepared_files(tmp_path / "dumps") == []
        exported_cold(s, "nq", cache)


def test_a_killed_export_leaves_a_part_file_that_is_never_served(tmp_path):
    store_dir = tmp_path / "store"
    with OxigraphStore(store_dir) as s:
        s.replace_graphs({f"{EX}g{i}": graph_of(400, str(i)) for i in range(10)})   # ~1 MB of N-Quads
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
    # stdout is a pipe nobody reads: the dump stops when the pipe is full, and is killed there
    proc = subprocess.Popen([str(UNKG_BIN), "--store", str(store_dir), "export", "-f", "nq"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env)
    folder = tmp_path / "store.dumps"
    deadline = time.monotonic() + 60
    while not any(n.endswith(".part") for n in prepared_files(folder)):
        assert proc.poll() is None and time.monotonic() < deadline, "the export did not start a prepared file"
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stdout.close()
    proc.stderr.close()
    assert [n for n in prepared_files(folder) if not n.endswith(".part")] == []
    r = run_unkg("export", "-f", "nq", store=store_dir)
    assert r.returncode == 0, r.stderr
    with OxigraphStore(store_dir, read_only=True) as s:
        assert r.stdout.encode() == live(s, "nq")
    # the dead process's .part file is gone; the finished dump is in place
    assert [n for n in prepared_files(folder)] == [f"unkg-{dumps.store_state(store_dir)}.nq"]


def test_a_read_only_store_exports_the_folder_as_it_is_now(store_dir, tmp_path):
    """A read-only store sees the folder as it was when opened; a writer may have changed it since
    (the CLI ingests while a read-only service runs): the export, and the file it prepares, show
    the folder as it is, never the older view."""
    cache = DumpCache(store_dir, tmp_path / "dumps")
    opened_at = cache.state()
    reader = OxigraphStore(store_dir, read_only=True)
    try:
        assert exported(reader, "nq", cache)[0] == "cold"
        assert exported(reader, "nq", cache)[0] == "prepared"
        with OxigraphStore(store_dir) as writer:
            writer.replace_graphs({f"{EX}g3": graph_of(2, "later")})
            expected = live(writer, "nq")
        assert b"value later" not in live(reader, "nq")        # the reader's own view is older
        buf = io.BytesIO()          # the state the reader was opened at is not the state now
        assert dumps.export(reader, buf, "nq", None, cache, opened_at) == "cold" and buf.getvalue() == expected
        for f in prepared_files(tmp_path / "dumps"):
            (tmp_path / "dumps" / f).unlink()
        how, data = exported(reader, "nq", cache)
        assert how == "cold" and data == expected
        how, data = exported(reader, "nq", cache)
        assert how == "prepared" and data == expected
    finally:
        reader.close()


def test_the_cli_prepares_and_then_copies_and_sees_writes(store_dir, tmp_path):
    first = run_unkg("export", "-f", "nq", store=store_dir)
    folder = tmp_path / "store.dumps"
    assert first.returncode == 0, first.stderr
    assert prepared_files(folder) == [f"unkg-{dumps.store_state(store_dir)}.nq"]
    out = tmp_path / "out.nq"
    again = run_unkg("export", "-f", "nq", "-o", str(out), store=store_dir)
    assert again.returncode == 0 and out.read_bytes() == first.stdout.encode()
    live_run = run_unkg("export", "-f", "nq", "--live", store=store_dir)
    assert live_run.stdout == first.stdout
    doc = tmp_path / "more.ttl"
    graph_of(3, "ingested").serialize(doc, format="turtle")
    r = run_unkg("ingest", "--quiet", str(doc), store=store_dir)
    assert r.returncode == 0, r.stderr
    after = run_unkg("export", "-f", "nq", store=store_dir)
    assert "value ingested 2" in after.stdout and len(after.stdout) > len(first.stdout)
    off = run_unkg("export", "-f", "ttl", store=store_dir, env={"UNKG_DUMP_CACHE": "off"})
    assert off.returncode == 0 and "value ingested 2" in off.stdout
    assert not any(n.endswith(".ttl") for n in prepared_files(folder))


def test_one_graph_and_memory_stores_stay_live(store_dir, tmp_path):
    cache = DumpCache(store_dir, tmp_path / "dumps")
    with OxigraphStore(store_dir) as s:
        buf = io.BytesIO()
        assert dumps.export(s, buf, "nt", f"{EX}g2", cache) == "live"
    assert dumps.export(OxigraphStore(None), io.BytesIO(), "nq", None, cache) == "live"
    assert prepared_files(tmp_path / "dumps") == []


def test_the_cache_folder_is_beside_the_store_and_never_inside_it(tmp_path):
    s = Settings.from_env({}, store=str(tmp_path / "data" / "store"))
    assert dumps.for_settings(s).folder == tmp_path / "data" / "store.dumps"
    assert dumps.for_settings(s.replace(dump_cache="off")) is None
    assert dumps.for_settings(s.replace(dump_cache=str(tmp_path / "x"))).folder == tmp_path / "x"
    with pytest.raises(UsageError):
        DumpCache(tmp_path / "store", tmp_path / "store" / "dumps")


def test_a_prepared_file_streams_in_bounded_chunks(store_dir, tmp_path):
    """Memory stays flat: a large prepared file (sparse, 64 MiB) goes out in chunks of at most
    1 MiB, through the service's queue and through `unkg export` (peak memory of the process)."""
    from unkg.api.exports import stream_dump

    cache = DumpCache(store_dir, tmp_path / "store.dumps")
    cache.folder.mkdir()
    size = 64 << 20
    with open(cache.path("nq", cache.state()), "wb") as f:
        f.truncate(size)
    with OxigraphStore(store_dir, read_only=True) as s:
        total = biggest = 0
        for chunk in stream_dump(s, "nq", None, cache):
            total += len(chunk)
            biggest = max(biggest, len(chunk))
    assert total == size and biggest <= 1 << 20
    code = ("import resource, subprocess, sys; subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, check=True); "
            "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)")
    env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_")}
    r = subprocess.run([sys.executable, "-c", code, str(UNKG_BIN), "--store", str(store_dir), "export", "-f", "nq"],
                       capture_output=True, text=True, env=env, check=True)
    assert int(r.stdout) < 200 * 1024      # KiB: the unkg process, well under the 64 MiB streamed


def test_the_read_only_service_prepares_serves_and_sees_writes_from_the_cli(store_dir, tmp_path):
    from tests.test_api_data import make_client

    folder = tmp_path / "store.dumps"
    with make_client(store_dir) as client:
        first = client.get("/export", params={"format": "nq"})
        assert first.status_code == 200
        assert prepared_files(folder) == [f"unkg-{dumps.store_state(store_dir)}.nq"]
        with open(folder / prepared_files(folder)[0], "rb") as f:
            assert f.read() == first.content
        assert client.get("/export", params={"format": "nq"}).content == first.content
        with OxigraphStore(store_dir) as writer:         # what `unkg ingest` does beside the service
            writer.replace_graphs({f"{EX}g3": graph_of(2, "from the cli")})
        after = client.get("/export", params={"format": "nq"})
        assert after.status_code == 200 and b"value from the cli 1" in after.content
        assert prepared_files(folder) == [f"unkg-{dumps.store_state(store_dir)}.nq"]
        assert client.get("/export", params={"format": "nq"}).content == after.content


def test_the_bench_reports_cold_and_prepared_apart_and_a_stopped_dump_prepares_nothing(store_dir, tmp_path):
    from bench.exports import prepared_throughput

    with OxigraphStore(store_dir, read_only=True) as s:
        n = s.count()
        r = prepared_throughput(s, ["nq", "ttl"], n, tmp_path / "dumps")["formats"]
        assert [(r[f]["cold"]["how"], r[f]["prepared"]["how"]) for f in ("nq", "ttl")] == [("cold", "prepared")] * 2
        assert r["nq"]["cold"]["bytes"] == r["nq"]["prepared"]["bytes"] == len(live(s, "nq"))
        stopped = prepared_throughput(s, ["nq"], n, tmp_path / "dumps", budget=0.0)["formats"]["nq"]
        assert stopped["cold"]["finished"] is False and "prepared" not in stopped and stopped["files"] == []
