"""The reference catalogue: conventions and protocols, bodies, organizations, places and concepts.

The facts live in the JSON files beside this module (instruments.json, bodies.json,
concepts.json); this module reads them once and offers look-ups by name, so that ingest
turns "la Convention contre la criminalité organisée" or "Vienne" into the slug of the
node the reference graph holds.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from .states import normalize

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Instrument:
    """A convention or protocol: slug (id/convention/{slug}), class, number of articles, titles."""

    slug: str
    kind: str                                   # "Convention" or "Protocol"
    articles: int
    names: dict[str, str]
    short_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    titles: dict[int, dict[str, str]] = field(default_factory=dict)
    supplements: str | None = None
    adopted_on: str | None = None
    adopted_by: str | None = None
    adopting_resolution: str | None = None


@dataclass(frozen=True)
class Entity:
    """A body, organization or place of the reference graph."""

    slug: str
    kind: str
    names: dict[str, str]
    short_names: dict[str, tuple[str, ...]] = field(default_factory=dict)
    code: str | None = None
    subsidiary_of: str | None = None
    convention: str | None = None
    established_by: str | None = None        # decision number of the parent body, "2/6"
    made_permanent_by: str | None = None


@dataclass(frozen=True)
class Scheme:
    slug: str
    kind: str
    names: dict[str, str]
    concepts: dict[str, dict[str, str]]


def _read(name: str) -> dict:
    return json.loads((HERE / name).read_text(encoding="utf-8"))


def _short(raw: dict | None) -> dict[str, tuple[str, ...]]:
    return {lang: tuple(v) for lang, v in (raw or {}).items()}


@lru_cache(maxsize=1)
def instruments() -> dict[str, Instrument]:
    """Conventions and protocols by slug: untoc, untoc-tip, untoc-som, untoc-firearms, uncac."""
    out = {}
    for i in _read("instruments.json")["instruments"]:
        out[i["slug"]] = Instrument(
            slug=i["slug"], kind=i["class"], articles=i["articles"], names=i["names"],
            short_names=_short(i.get("short_names")),
            titles={int(n): t for n, t in i.get("titles", {}).items()},
            supplements=i.get("supplements"), adopted_on=i.get("adopted_on"),
            adopted_by=i.get("adopted_by"), adopting_resolution=i.get("adopting_resolution"))
    return out


@lru_cache(maxsize=1)
def _entities() -> dict[str, dict[str, Entity]]:
    raw = _read("bodies.json")
    out: dict[str, dict[str, Entity]] = {"bodies": {}, "organizations": {}, "places": {}}
    for group, default_kind in (("bodies", "Body"), ("organizations", "Organization"), ("places", "Place")):
        for e in raw[group]:
            out[group][e["slug"]] = Entity(
                slug=e["slug"], kind=e.get("class", default_kind), names=e["names"],
                short_names=_short(e.get("short_names")), code=e.get("code"),
                subsidiary_of=e.get("subsidiary_of"), convention=e.get("convention"),
                established_by=e.get("established_by"), made_permanent_by=e.get("made_permanent_by"))
    return out


def bodies() -> dict[str, Entity]:
    """Bodies by slug (ga, ctoc-cop, ctoc-cop-wg2, cac-cosp …)."""
    return _entities()["bodies"]


def organizations() -> dict[str, Entity]:
    """Organizations by slug (unodc, secretariat, fatf)."""
    return _entities()["organizations"]


def places() -> dict[str, Entity]:
    """Places by slug (vienna, new-york, geneva)."""
    return _entities()["places"]


@lru_cache(maxsize=1)
def schemes() -> dict[str, Scheme]:
    """SKOS concept schemes by slug: modality, role, participation-status, addressee, paragraph-kind."""
    raw = _read("concepts.json")
    return {slug: Scheme(slug, s["class"], s["names"], s["concepts"])
            for slug, s in raw.items() if not slug.startswith("_")}


@lru_cache(maxsize=None)
def _name_table(group: str) -> dict[str, str]:
    table: dict[str, str] = {}
    items = instruments().values() if group == "instruments" else _entities()[group].values()
    for item in items:
        forms = list(item.names.values()) + [f for fs in item.short_names.values() for f in fs]
        for form in forms:
            table.setdefault(normalize(form), item.slug)
    return table


def _lookup(group: str, name: str) -> str | None:
    key = normalize(name)
    table = _name_table(group)
    if key in table:
        return table[key]
    for article in ("the ", "la ", "le ", "l'", "les ", "el ", "los "):
        if key.startswith(article) and key[len(article):].strip() in table:
            return table[key[len(article):].strip()]
    return None


def instrument_slug(name: str) -> str | None:
    """'Organized Crime Convention', 'Convention des Nations Unies contre la corruption' → 'untoc', 'uncac'."""
    return _lookup("instruments", name)


def body_slug(name: str) -> str | None:
    """'Conférence des Parties', 'Working Group on International Cooperation' → 'ctoc-cop', 'ctoc-cop-wg3'."""
    return _lookup("bodies", name)


def organization_slug(name: str) -> str | None:
    """'ONUDC', 'Secrétariat', 'Groupe d'action financière' → 'unodc', 'secretariat', 'fatf'."""
    return _lookup("organizations", name)


def place_slug(name: str) -> str | None:
    """'Vienne', 'Viena', 'Vienna' → 'vienna'; mint with `minter.place(place_slug(name) or name)`,
    so that a place named in any language is the one node of the reference graph."""
    return _lookup("places", name)
