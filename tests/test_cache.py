"""The start-up cache (unkg/cache.py) and the State table it keeps."""
from __future__ import annotations

import json
import subprocess
import sys

import pytest

from unkg import cache
from unkg.reference import reference_version
from unkg.reference.states import _load_index, _states_from_hdx, _states_from_rows

load_index = _load_index.__wrapped__        # without the per-process lru_cache


@pytest.fixture
def folder(tmp_path, monkeypatch):
    monkeypatch.setenv("UNKG_CACHE_DIR", str(tmp_path / "cache"))
    return tmp_path / "cache"


def test_the_states_read_back_from_the_cache_are_those_read_from_hdx(folder):
    built = load_index()
    entry = json.loads((folder / "states.json").read_text(encoding="utf-8"))
    assert entry["key"] == reference_version()
    again = load_index()
    assert list(again) == list(built) == list(_states_from_hdx().values())
    assert {lang: again.names(lang) for lang in ("en", "fr", "es")} == \
        {lang: built.names(lang) for lang in ("en", "fr", "es")}
    assert again.lookup("de l’Australie", "fr") == "AUS"
    assert again.info("IRN").variants["fr"] == built.info("IRN").variants["fr"]
    assert isinstance(again.info("IRN").variants["fr"], tuple)


def test_a_warm_cache_spares_reading_hdx(folder):
    load_index()
    probe = ("import sys; from unkg.reference.states import StateIndex; StateIndex.load(); "
             "print('hdx.location.country' in sys.modules)")
    warm = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert warm.stdout.strip() == "False"
    env_off = {"UNKG_CACHE_DIR": "off", "PATH": "/usr/bin:/bin"}
    cold = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True, env=env_off)
    assert cold.stdout.strip() == "True"


@pytest.mark.parametrize("content", [
    "not json {",
    json.dumps({"key": "an older version", "data": []}),
    json.dumps({"key": reference_version(), "data": [{"iso3": "FRA"}]}),
    json.dumps({"key": reference_version(), "data": {"FRA": {}}}),
])
def test_an_unreadable_or_stale_entry_is_read_again_from_hdx_and_replaced(folder, content):
    folder.mkdir()
    (folder / "states.json").write_text(content, encoding="utf-8")
    index = load_index()
    assert len(index) == len(_states_from_hdx()) and index.lookup("Finland") == "FIN"
    assert json.loads((folder / "states.json").read_text(encoding="utf-8"))["key"] == reference_version()


def test_a_folder_that_cannot_be_written_is_skipped(tmp_path, monkeypatch):
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    monkeypatch.setenv("UNKG_CACHE_DIR", str(blocker / "cache"))
    assert cache.write("states", "k", [1]) is False
    assert load_index().lookup("Finlandia", "es") == "FIN"
    assert cache.read("states", "k") is None


def test_off_writes_nothing(tmp_path, monkeypatch):
    monkeypatch.setenv("UNKG_CACHE_DIR", "off")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() is None
    assert cache.write("states", "k", [1]) is False
    assert load_index().lookup("Finland") == "FIN"
    assert list(tmp_path.iterdir()) == []


def test_the_default_folder_follows_xdg(tmp_path, monkeypatch):
    monkeypatch.delenv("UNKG_CACHE_DIR", raising=False)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert cache.cache_dir() == tmp_path / "unkg"
    assert cache.write("probe", "k", {"a": 1}) and cache.read("probe", "k") == {"a": 1}
    assert cache.read("probe", "another key") is None
    assert [p.name for p in (tmp_path / "unkg").iterdir()] == ["probe.json"]   # no temporary file left


def test_rows_of_another_shape_are_not_states():
    assert _states_from_rows(None) is None
    assert _states_from_rows({"FRA": {}}) is None
    assert _states_from_rows([{"iso3": "FRA"}]) is None
    assert _states_from_rows(["FRA"]) is None


def test_another_unkg_variable_set_wrong_is_not_the_caches_error(tmp_path, monkeypatch):
    monkeypatch.setenv("UNKG_PORT", "not a number")
    monkeypatch.setenv("UNKG_CACHE_DIR", f" {tmp_path} ")
    assert cache.cache_dir() == tmp_path
    monkeypatch.setenv("UNKG_CACHE_DIR", "OFF")
    assert cache.cache_dir() is None
