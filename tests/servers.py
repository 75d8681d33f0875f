"""Starting and stopping a real `unkg serve` on a free loopback port, for end-to-end tests."""
from __future__ import annotations

import subprocess
import time
import urllib.error
import urllib.request

import pytest

from .conftest import UNKG_BIN, free_port


def start_server(store: str, env: dict, *args: str) -> tuple[subprocess.Popen, str]:
    """Start `unkg serve` over `store` (with extra `args`); returns the process and its base URL (not yet up)."""
    port = free_port()
    proc = subprocess.Popen([str(UNKG_BIN), "--store", store, "serve", "--host", "127.0.0.1", "--port", str(port), *args],
                            env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    return proc, f"http://127.0.0.1:{port}"


def wait_until_up(proc: subprocess.Popen, base: str, timeout: float = 60) -> None:
    """Poll /health until the server answers; fail the test with its output if it stops or is late."""
    deadline = time.monotonic() + timeout
    while True:
        try:
            with urllib.request.urlopen(base + "/health", timeout=2) as r:
                if r.status == 200:
                    return
        except (urllib.error.URLError, ConnectionError, TimeoutError):
            pass
        if proc.poll() is not None or time.monotonic() > deadline:
            stop_server(proc)
            pytest.fail(f"unkg serve did not start on {base}: {proc.stdout.read()[-800:]}")
        time.sleep(0.2)


def stop_server(proc: subprocess.Popen) -> None:
    """Stop one server by its PID."""
    if proc.poll() is None:
        proc.terminate()
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
