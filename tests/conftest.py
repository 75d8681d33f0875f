"""Shared fixtures: the real corpus (skipped when absent), fresh on-disk stores, the CLI."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
from pathlib import Path

import pytest

from unkg.config import Settings
from unkg.identifiers import Minter

ROOT = Path(__file__).resolve().parent.parent
CORPUS = Path(os.environ.get("UNKG_CORPUS", ROOT.parent / "shared" / "corpus"))
REFERENCE_REPORT = CORPUS / "reports" / "000_1d9cb22d05a27e8d.txt"
UNKG_BIN = Path(sys.executable).parent / "unkg"
# the `virtuoso` session fixture: one real Virtuoso server shared by every test module
pytest_plugins = ["tests.virtuoso"]


@pytest.fixture(scope="session", autouse=True)
def start_up_cache(tmp_path_factory) -> Path:
    """The suite's own start-up cache (unkg/cache.py), passed on to the `unkg` it runs, so
    that no test reads or writes the user's ~/.cache/unkg."""
    folder = tmp_path_factory.mktemp("unkg-cache")
    previous = os.environ.get("UNKG_CACHE_DIR")
    os.environ["UNKG_CACHE_DIR"] = str(folder)
    yield folder
    if previous is None:
        os.environ.pop("UNKG_CACHE_DIR", None)
    else:
        os.environ["UNKG_CACHE_DIR"] = previous


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not CORPUS.is_dir():
        pytest.skip(f"the UN corpus is not at {CORPUS} (set UNKG_CORPUS); corpus tests need real documents")
    return CORPUS


@pytest.fixture(scope="session")
def reference_report(corpus) -> Path:
    return corpus / "reports" / "000_1d9cb22d05a27e8d.txt"


@pytest.fixture
def store_path(tmp_path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def settings(store_path) -> Settings:
    return Settings.from_env({}, store=str(store_path))


@pytest.fixture
def minter() -> Minter:
    return Minter()


def run_unkg(*args: str, store: Path | str | None = None, input: str | None = None,
             env: dict | None = None, timeout: float = 300) -> subprocess.CompletedProcess:
    """Run the real `unkg` command in a subprocess."""
    cmd = [str(UNKG_BIN)]
    if store is not None:
        cmd += ["--store", str(store)]
    cmd += list(args)
    full_env = {k: v for k, v in os.environ.items() if not k.startswith("UNKG_") or k == "UNKG_CACHE_DIR"}
    full_env.update(env or {})
    return subprocess.run(cmd, capture_output=True, text=True, input=input, env=full_env, timeout=timeout)


@pytest.fixture
def unkg():
    return run_unkg


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]
