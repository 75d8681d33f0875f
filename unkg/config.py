"""All settings of unkg in one place.

Each setting has a default, an environment variable (UNKG_<NAME>) and, for the CLI,
a flag where it makes sense. The README's configuration table lists them all.
"""
from __future__ import annotations

import dataclasses
import os
from dataclasses import dataclass, fields

from .errors import UsageError

DEFAULT_BASE_IRI = "https://w3id.org/unkg/"


@dataclass(frozen=True)
class Settings:
    #: where the graph lives: a folder (embedded pyoxigraph store) or sparql+http(s)://… URL
    store: str = "data/store"
    #: the IRI under which unkg mints every resource, document and graph
    base_iri: str = DEFAULT_BASE_IRI
    #: a separate SPARQL Update URL for a remote store (default: the query URL)
    update_url: str = ""
    #: credentials for a remote store: "user:password" (HTTP basic) or a bearer token
    store_user: str = ""
    store_password: str = ""
    store_token: str = ""
    #: HTTP service
    host: str = "127.0.0.1"
    port: int = 8000
    #: seconds a SPARQL query may run before it is stopped
    query_timeout: float = 30.0
    #: HTTP worker processes of `unkg serve` (more than one needs a read-only or remote store)
    workers: int = 1
    #: worker processes that run SPARQL queries for the service (each can be stopped on timeout)
    query_workers: int = 2
    #: rows a SELECT may return before the result is cut (and flagged as cut)
    max_rows: int = 10_000
    #: bytes of query text accepted
    max_query_bytes: int = 100_000
    #: bytes of an uploaded document accepted by POST /documents
    max_upload_bytes: int = 20_000_000
    #: bearer token that enables POST /documents; empty disables HTTP ingest
    ingest_token: str = ""
    #: languages of the explorer's labels, in order of preference
    languages: tuple[str, ...] = ("en", "fr", "es", "ar", "ru", "zh")
    #: what runs the SHACL shapes: "sparql" (compiled to SPARQL, pyoxigraph) or "pyshacl"
    shacl_engine: str = "sparql"
    #: folder of the prepared export files of an embedded store ("off": none; empty: `<store>.dumps` beside the store)
    dump_cache: str = ""
    #: folder of the start-up cache (the State table read from hdx-python-country); empty:
    #: $XDG_CACHE_HOME/unkg or ~/.cache/unkg; "off": none (unkg/cache.py)
    cache_dir: str = ""

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None, **overrides) -> "Settings":
        """Defaults, then UNKG_* environment variables, then explicit overrides (flags)."""
        env = os.environ if environ is None else environ
        values: dict = {}
        for f in fields(cls):
            raw = env.get(f"UNKG_{f.name.upper()}")
            if raw is None or raw == "":
                continue
            values[f.name] = _convert(f, raw)
        values.update({k: v for k, v in overrides.items() if v is not None})
        settings = cls(**values)
        if not settings.base_iri.endswith(("/", "#")):
            raise UsageError(f"base IRI {settings.base_iri!r} must end with '/': set UNKG_BASE_IRI accordingly")
        return settings

    def replace(self, **changes) -> "Settings":
        return dataclasses.replace(self, **{k: v for k, v in changes.items() if v is not None})

    def to_env(self) -> dict[str, str]:
        """These settings as UNKG_* variables, for processes started from them."""
        out = {}
        for f in fields(self):
            value = getattr(self, f.name)
            out[f"UNKG_{f.name.upper()}"] = ",".join(value) if isinstance(value, tuple) else str(value)
        return out

    @property
    def is_remote(self) -> bool:
        return self.store.startswith(("sparql+http://", "sparql+https://"))


def _convert(f: dataclasses.Field, raw: str):
    kind = f.type if isinstance(f.type, str) else getattr(f.type, "__name__", str(f.type))
    try:
        if kind == "int":
            return int(raw)
        if kind == "float":
            return float(raw)
        if kind.startswith("tuple"):
            return tuple(x.strip() for x in raw.split(",") if x.strip())
    except ValueError:
        raise UsageError(f"UNKG_{f.name.upper()}={raw!r} is not a valid {kind}") from None
    return raw


SETTINGS_DOC = {f.name: f for f in fields(Settings)}
