"""Prepared dump files of an embedded store, as large open-data publishers serve their dumps.

A whole-store export (`unkg export`, GET /export) of a format is written, while it streams, to a
prepared file beside the store; later exports of the same store state stream that file instead
of decoding every quad from RocksDB again (the live dump runs at 30–190k quads/s, a file at
disk speed).

The state of a store is a digest of its folder: the name, size and modification time of every
file but RocksDB's info log and lock. Every write changes it: a transaction appends to the
write-ahead log, a bulk load adds table files; compactions change it too, which only costs a
miss. A prepared file is named by the state it was dumped from, and kept only when the state
read before the dump equals the one read after it, on a view of the store that was opened after
the first read:

* a writable store holds the folder's lock, so only its own process writes, and a write during
  the dump changes the state read after it;
* a read-only store sees the folder as it was when it was opened, which may be older than the
  folder now (the CLI writes while a read-only service runs): a miss therefore dumps from a view
  opened afresh, so that the file holds what its name says (and the export shows the store as it
  is on disk, which queries of a long-running read-only process may not see yet), unless the
  state read just before the store was opened (`opened_at`, as `unkg export` does) still holds.

A dump is written to a hidden `.part` file, synced, and renamed into place only when it
finished, `out` took every byte and the state did not move; an interrupted dump leaves a `.part`
that is never served and is removed by a later cold export once its process is gone. The cache holds at most one file per format: a new
state's first file removes every file of older states. Exports of one named graph are small
and stay live.
"""
from __future__ import annotations

import hashlib
import os
import shutil
from pathlib import Path
from typing import BinaryIO

import pyoxigraph as ox

from ..errors import UsageError

#: bumped when the bytes a dump writes for the same data change (a new serialisation)
LAYOUT = 1
#: files of the store folder that hold no data: RocksDB's info logs and its lock
_NOT_DATA = ("LOG", "LOCK")
_CHUNK = 1 << 20


def cache_folder(store: str, setting: str) -> Path | None:
    """Where the prepared dumps of the embedded store at `store` live: `setting` (UNKG_DUMP_CACHE)
    names a folder, "off" turns them off, empty puts them beside the store (`<store>.dumps`)."""
    if setting.strip().lower() == "off":
        return None
    if setting.strip():
        return Path(setting)
    folder = Path(store).resolve()
    return folder.with_name(folder.name + ".dumps")


def for_settings(settings) -> "DumpCache | None":
    """The prepared dumps of the store the settings name (None for a remote store, or when off)."""
    if settings.is_remote:
        return None
    folder = cache_folder(settings.store, settings.dump_cache)
    return None if folder is None else DumpCache(settings.store, folder)


def store_state(path: str | Path) -> str:
    """A digest of the store folder at `path` that every write changes (see the module docstring)."""
    h = hashlib.sha256(f"{LAYOUT} {ox.__version__} {Path(path).resolve()}".encode())
    with os.scandir(path) as entries:
        for e in sorted(entries, key=lambda e: e.name):
            if e.name.startswith(_NOT_DATA) or not e.is_file(follow_symlinks=False):
                continue
            st = e.stat(follow_symlinks=False)
            h.update(f"\n{e.name} {st.st_size} {st.st_mtime_ns}".encode())
    return h.hexdigest()[:24]


class DumpCache:
    """The prepared dumps of one embedded store, in `folder`."""

    def __init__(self, store_path: str | Path, folder: str | Path):
        self.store_path = Path(store_path)
        self.folder = Path(folder)
        if self.folder.resolve() == self.store_path.resolve() or self.store_path.resolve() in self.folder.resolve().parents:
            raise UsageError(f"UNKG_DUMP_CACHE={folder} is inside the store folder {store_path}: give a folder beside it")

    def state(self) -> str:
        return store_state(self.store_path)

    def path(self, fmt: str, state: str) -> Path:
        return self.folder / f"unkg-{state}.{fmt}"

    def open(self, fmt: str, state: str) -> BinaryIO | None:
        """The prepared file of `fmt` at `state`, open for reading, or None."""
        try:
            return open(self.path(fmt, state), "rb")
        except OSError:
            return None

    def start(self, fmt: str, state: str) -> "_Prepared | None":
        """A `.part` file to write a dump into, or None when the folder cannot be written."""
        try:
            self.folder.mkdir(parents=True, exist_ok=True)
            self._prune(keep=None)
            return _Prepared(self, fmt, state)
        except OSError:
            return None

    def _prune(self, keep: str | None) -> None:
        """Remove prepared files of other states than `keep` (none when `keep` is None), and
        `.part` files left by processes that are gone."""
        for p in self.folder.iterdir():
            name = p.name
            if name.startswith(".unkg-") and name.endswith(".part"):
                if not _alive(name.rsplit(".", 2)[-2]):
                    p.unlink(missing_ok=True)
            elif keep is not None and name.startswith("unkg-") and not name.startswith(f"unkg-{keep}."):
                p.unlink(missing_ok=True)


def _alive(pid: str) -> bool:
    try:
        os.kill(int(pid), 0)
    except (ValueError, ProcessLookupError):
        return False
    except PermissionError:
        return True
    return True


class _Prepared:
    """A dump being written to a `.part` file; `keep` renames it into place, `discard` drops it.
    Writes that fail (a full disk) only stop the file: the export goes on."""

    def __init__(self, cache: DumpCache, fmt: str, state: str):
        self.cache, self.fmt, self.state = cache, fmt, state
        self.final = cache.path(fmt, state)
        self.part = cache.folder / f".unkg-{state}.{fmt}.{os.urandom(4).hex()}.{os.getpid()}.part"
        self.file: BinaryIO | None = open(self.part, "wb")

    def write(self, data) -> None:
        if self.file is not None:
            try:
                self.file.write(data)
            except OSError:
                self.discard()

    def keep(self) -> bool:
        """Sync the file and rename it into place, unless the store moved since the dump began."""
        if self.file is None:
            return False
        try:
            self.file.flush()
            os.fsync(self.file.fileno())
            self.file.close()
            self.file = None
            if self.cache.state() != self.state:
                self.discard()
                return False
            os.replace(self.part, self.final)
            self.cache._prune(keep=self.state)
            return True
        except OSError:
            self.discard()
            return False

    def discard(self) -> None:
        if self.file is not None:
            try:
                self.file.close()
            except OSError:
                pass
            self.file = None
        self.part.unlink(missing_ok=True)


class _Tee:
    """A writer that passes every write to `out` and to the prepared file."""

    def __init__(self, out: BinaryIO, prepared: _Prepared):
        self.out, self.prepared = out, prepared

    def write(self, data) -> int:
        n = self.out.write(data)
        self.prepared.write(data)
        return len(data) if n is None else n

    def flush(self) -> None:
        flush = getattr(self.out, "flush", None)
        if flush is not None:
            flush()


def export(store, out: BinaryIO, fmt: str, graph: str | None = None, cache: DumpCache | None = None,
           opened_at: str | None = None) -> str:
    """Write the store (or one graph) to `out` in `fmt`, from a prepared file when the store has
    not changed since one was written. `opened_at`: the state read just before a read-only
    `store` was opened (its view is that state while the state holds). Returns how: "prepared"
    (streamed from the file), "cold" (dumped and the file written), or "live" (no file)."""
    from .oxigraph import OX_RDF_FORMATS, OxigraphStore

    if (cache is None or graph or fmt not in OX_RDF_FORMATS or not isinstance(store, OxigraphStore)
            or store.location == ":memory:" or Path(store.location).resolve() != cache.store_path.resolve()):
        store.dump(out, fmt, graph)         # (an unknown format is refused there, with its message)
        return "live"
    state = cache.state()
    prepared = cache.open(fmt, state)
    if prepared is not None:
        with prepared:
            _copy(prepared, out)
        return "prepared"
    view, fresh = store, False
    if store.read_only and opened_at != state:
        # a read-only store shows the folder as it was when opened: dump a view opened now
        view, fresh = type(store)(cache.store_path, read_only=True), True
    try:
        part = cache.start(fmt, state) if cache.state() == state else None
        if part is None:
            view.dump(out, fmt, graph)
            return "live"
        try:
            tee = _Tee(out, part)
            view.dump(tee, fmt, graph)
            tee.flush()             # the file is kept only once `out` took every byte
        except BaseException:
            part.discard()
            raise
        return "cold" if part.keep() else "live"
    finally:
        if fresh:
            view.close()


def _copy(src: BinaryIO, out: BinaryIO) -> None:
    """Copy a file to `out`: by the kernel (sendfile) when `out` is a file or pipe."""
    try:
        fd = out.fileno()
    except (AttributeError, OSError, ValueError):
        fd = None
    if fd is not None:
        out.flush()
        offset, size = 0, os.fstat(src.fileno()).st_size
        try:
            while offset < size:
                sent = os.sendfile(fd, src.fileno(), offset, size - offset)
                if sent == 0:
                    break
                offset += sent
            return
        except OSError:
            if offset:
                raise
    shutil.copyfileobj(src, out, _CHUNK)
