"""A small on-disk cache of what unkg derives from its installed data at start-up.

Each entry is one JSON file, `<cache dir>/<name>.json`, holding the key it was made for
(a fingerprint of what it is derived from) and the data. An entry whose key differs, or a
file that cannot be read, counts as missing; a cache folder that cannot be written is
skipped. The cache only saves time: deleting it is always safe.

The folder is the `cache_dir` setting (UNKG_CACHE_DIR): empty means $XDG_CACHE_HOME/unkg,
else ~/.cache/unkg; `off` turns the cache off.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path

from .config import Settings


def cache_dir(settings: Settings | None = None) -> Path | None:
    """The cache folder, or None when the cache is off. Without settings, UNKG_CACHE_DIR is
    read alone: another UNKG_* variable set wrong is not this cache's error to report."""
    chosen = (settings.cache_dir if settings is not None else os.environ.get("UNKG_CACHE_DIR", "")).strip()
    if chosen.lower() == "off":
        return None
    if chosen:
        return Path(chosen)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "unkg"


def read(name: str, key: str, settings: Settings | None = None):
    """The data cached under `name` for `key`, or None."""
    folder = cache_dir(settings)
    if folder is None:
        return None
    try:
        entry = json.loads((folder / f"{name}.json").read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    if not isinstance(entry, dict) or entry.get("key") != key:
        return None
    return entry.get("data")


def write(name: str, key: str, data, settings: Settings | None = None) -> bool:
    """Cache `data` (JSON) under `name` for `key`, replacing the file at once; False when the
    folder cannot be written (the cache is then skipped, not an error)."""
    folder = cache_dir(settings)
    if folder is None:
        return False
    tmp = None
    try:
        folder.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=folder, prefix=f".{name}.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"key": key, "data": data}, f, ensure_ascii=False)
        os.replace(tmp, folder / f"{name}.json")
        return True
    except OSError:
        if tmp is not None:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        return False
