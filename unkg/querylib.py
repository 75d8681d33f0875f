"""The query library: named queries in queries/*.rq, run from the CLI and the API."""
from __future__ import annotations

import sys
from dataclasses import dataclass, field
from pathlib import Path

from .config import Settings
from .errors import NotFound, UsageError
from .output import render
from .resources import artifact_dir
from .store import Store


@dataclass
class Param:
    name: str
    type: str = "string"
    default: str | None = None


@dataclass
class NamedQuery:
    name: str
    text: str
    title: str = ""
    params: list[Param] = field(default_factory=list)


def list_queries() -> list[NamedQuery]:
    return [load(p.stem) for p in sorted(artifact_dir("queries").glob("*.rq"))]


def load(name: str) -> NamedQuery:
    path = artifact_dir("queries") / f"{name}.rq"
    if not path.is_file():
        raise NotFound(f"no named query {name!r}: `unkg queries` lists them")
    return NamedQuery(name, path.read_text(encoding="utf-8"))


def run_cli_query(store: Store, settings: Settings, query: str, params: dict[str, str], fmt: str) -> str:
    if query == "-":
        text = sys.stdin.read()
    elif query.endswith(".rq") or Path(query).is_file():
        text = Path(query).read_text(encoding="utf-8")
    else:
        text = load(query).text
    if params:
        raise UsageError("parameters are only for named queries")
    return render(store.select(text), fmt)
