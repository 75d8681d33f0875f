"""A real Virtuoso for the tests: Debian's virtuoso-t, started from a temporary folder.

Each server gets its own virtuoso.ini, database folder and free loopback ports (SQL and
HTTP), and is stopped by its PID. Reads go to /sparql (anonymous); writes go to
/sparql-auth as the dba user (HTTP digest), so the tests also cover authentication.
The tests that need it skip only when virtuoso-t is not installed (`make system-deps`
or scripts/system-deps.sh installs the virtuoso-opensource package).

tests/conftest.py registers this module as a plugin, so every test module can ask for
the `virtuoso` (session) and `virtuoso_store` (empty store) fixtures, and for
`embedded_corpus` (an embedded store of ../shared/corpus, built once per session). The
answers of the two backends are compared with `comparable`; ENGINE_DIFFERENCES lists the
named queries Virtuoso answers wrongly.
"""
from __future__ import annotations

import atexit
import os
import shutil
import signal
import subprocess
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest

from decimal import Decimal

from rdflib import BNode, Literal
from rdflib.namespace import XSD

from unkg.config import Settings
from unkg.store.oxigraph import OxigraphStore
from unkg.store.sparql import SparqlStore

from .conftest import free_port

VIRTUOSO_BIN = shutil.which("virtuoso-t") or next(
    (p for p in ("/usr/bin/virtuoso-t", "/usr/lib/virtuoso-opensource-7/bin/virtuoso-t") if os.path.exists(p)), None)
#: the HTTP root of Debian's package (Virtuoso needs one; nothing in it is served to the tests)
_VSP = next((p for p in ("/var/lib/virtuoso-opensource-7/vsp", "/usr/share/virtuoso-opensource-7/vsp") if os.path.isdir(p)), ".")

INI = """\
[Database]
DatabaseFile       = {db}/virtuoso.db
ErrorLogFile       = {db}/virtuoso.log
LockFile           = {db}/virtuoso.lck
TransactionFile    = {db}/virtuoso.trx
xa_persistent_file = {db}/virtuoso.pxa
ErrorLogLevel      = 7
FileExtend         = 200
MaxCheckpointRemap = 2000
Striping           = 0
TempStorage        = TempDatabase

[TempDatabase]
DatabaseFile       = {db}/virtuoso-temp.db
TransactionFile    = {db}/virtuoso-temp.trx
MaxCheckpointRemap = 2000
Striping           = 0

[Parameters]
ServerPort               = 127.0.0.1:{sql_port}
DisableUnixSocket        = 1
DisableTcpSocket         = 0
MaxClientConnections     = 8
CheckpointInterval       = 60
CaseMode                 = 2
DirsAllowed              = .
NumberOfBuffers          = 10000
MaxDirtyBuffers          = 6000
ThreadsPerQuery          = 2
AsyncQueueMaxThreads     = 4

[HTTPServer]
ServerPort                  = 127.0.0.1:{http_port}
ServerRoot                  = {vsp}
MaxClientConnections        = 8
ServerThreads               = 8
Charset                     = UTF-8
EnabledGzipContent          = 0

[SPARQL]
; unkg reads whole results: never cut them at Virtuoso's default of 10 000 rows
ResultSetMaxRows           = 1000000
MaxQueryExecutionTime      = 120
MaxQueryCostEstimationTime = 0
"""


class VirtuosoServer:
    """One virtuoso-t process on a database folder; start(), kill(), start() again, stop()."""

    def __init__(self, folder: Path):
        self.folder = Path(folder)
        self.folder.mkdir(parents=True, exist_ok=True)
        self.http_port = free_port()
        self.sql_port = free_port()
        (self.folder / "virtuoso.ini").write_text(INI.format(db=self.folder, sql_port=self.sql_port,
                                                             http_port=self.http_port, vsp=_VSP))
        self.process: subprocess.Popen | None = None

    @property
    def sparql_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql"

    @property
    def update_url(self) -> str:
        return f"http://127.0.0.1:{self.http_port}/sparql-auth"

    @property
    def store_url(self) -> str:
        return "sparql+" + self.sparql_url

    def settings(self, **changes) -> Settings:
        values = dict(store=self.store_url, update_url=self.update_url, store_user="dba", store_password="dba")
        values.update(changes)
        return Settings.from_env({}, **values)

    def env(self) -> dict[str, str]:
        """UNKG_* variables that point the `unkg` command at this server."""
        return {"UNKG_STORE": self.store_url, "UNKG_UPDATE_URL": self.update_url,
                "UNKG_STORE_USER": "dba", "UNKG_STORE_PASSWORD": "dba"}

    def store(self, **kw) -> SparqlStore:
        kw.setdefault("backoff", 0.2)
        return SparqlStore(self.store_url, update_url=self.update_url, user="dba", password="dba", **kw)

    def start(self, timeout: float = 180) -> "VirtuosoServer":
        log = open(self.folder / "stdout.log", "ab")
        self.process = subprocess.Popen([VIRTUOSO_BIN, "-f", "-c", str(self.folder / "virtuoso.ini")],
                                        cwd=self.folder, stdout=log, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
        log.close()
        _running.add(self)
        deadline = time.monotonic() + timeout
        probe = self.sparql_url + "?" + urllib.parse.urlencode({"query": "ASK { }"})
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"virtuoso-t exited with {self.process.returncode}: {self.log_tail()}")
            try:
                with urllib.request.urlopen(probe, timeout=2) as r:
                    if r.status == 200:
                        return self
            except (urllib.error.URLError, ConnectionError, TimeoutError):
                pass
            time.sleep(0.1)
        self.stop()
        raise RuntimeError(f"virtuoso-t did not answer on {self.sparql_url} within {timeout:g} s: {self.log_tail()}")

    def log_tail(self, lines: int = 8) -> str:
        path = self.folder / "virtuoso.log"
        text = path.read_text(errors="replace") if path.exists() else ""
        return " | ".join(text.strip().splitlines()[-lines:])

    def kill(self) -> None:
        """SIGKILL, as a crash or an OOM killer would."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGKILL)
            self.process.wait(timeout=30)
        _running.discard(self)

    def stop(self) -> None:
        """Stop by PID: SIGTERM (Virtuoso checkpoints and exits), SIGKILL if it lingers."""
        if self.process and self.process.poll() is None:
            os.kill(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                os.kill(self.process.pid, signal.SIGKILL)
                self.process.wait(timeout=30)
        _running.discard(self)


_running: set[VirtuosoServer] = set()


@atexit.register
def _stop_all() -> None:        # a session interrupted before its fixtures' teardown
    for server in list(_running):
        server.stop()


def require_virtuoso() -> None:
    if VIRTUOSO_BIN is None:
        pytest.skip("virtuoso-t is not installed (Debian package virtuoso-opensource; `make system-deps` installs it)")


def temporary_server() -> VirtuosoServer:
    """A server in a fresh temporary folder (not pytest's numbered folders, which a
    concurrent pytest session may clean up under a running server)."""
    require_virtuoso()
    return VirtuosoServer(Path(tempfile.mkdtemp(prefix="unkg-virtuoso-")))


@pytest.fixture(scope="session")
def virtuoso() -> VirtuosoServer:
    """A Virtuoso server for the whole test session."""
    server = temporary_server().start()
    yield server
    server.stop()
    shutil.rmtree(server.folder, ignore_errors=True)


@pytest.fixture
def virtuoso_store(virtuoso) -> SparqlStore:
    """The session's Virtuoso as an empty unkg store (every graph dropped before the test)."""
    store = virtuoso.store()
    store.drop_graphs(store.graphs())
    store._update([f"DROP SILENT GRAPH <{store.union_iri}>"])     # whatever a failed test left in it
    store._hidden = None
    yield store
    store.close()


@pytest.fixture(scope="session")
def embedded_corpus(corpus, tmp_path_factory) -> Path:
    """The folder of an embedded store holding all of ../shared/corpus (built once per session;
    tests only read it)."""
    from unkg.ingest.pipeline import ingest_paths

    folder = tmp_path_factory.mktemp("corpus") / "store"
    settings = Settings.from_env({}, store=str(folder))
    with OxigraphStore(folder) as store:
        summary = ingest_paths(store, [corpus], settings, keep_going=True)
    assert len(summary.results) > len(summary.failed)
    return folder


# --- comparing the answers of the two backends ---------------------------------------

INTEGERS = {XSD.integer, XSD.int, XSD.long, XSD.short, XSD.byte, XSD.nonNegativeInteger, XSD.positiveInteger,
            XSD.nonPositiveInteger, XSD.negativeInteger, XSD.unsignedInt, XSD.unsignedLong}

#: named queries Virtuoso 7.2 answers wrongly, with the reason (kept as strict xfails: when
#: the query is made portable, the xfail fails and the entry must go)
ENGINE_DIFFERENCES: dict[str, str] = {}


def comparable(term):
    """A term as the two backends can both carry it through the SPARQL result formats.

    Numbers by datatype family and value (a server may write "07" as 7), language tags
    without case (BCP 47 tags are case-insensitive; Virtuoso lower-cases them), blank
    nodes all alike (their labels are the engine's own).
    """
    if isinstance(term, Literal):
        if term.datatype in INTEGERS:
            return ("integer", int(str(term)))
        if term.datatype == XSD.decimal:
            return ("decimal", Decimal(str(term)))
        return ("literal", str(term), (term.language or "").lower(), str(term.datatype or ""))
    if isinstance(term, BNode):
        return ("BNode", "")
    return (type(term).__name__, str(term) if term is not None else "")
