"""Open the store named by the settings: a folder (embedded) or a sparql+http(s):// URL (remote)."""
from __future__ import annotations

from ..config import Settings
from ..errors import UsageError
from .base import DATASET_FORMATS, RDF_FORMATS, RESULT_FORMATS, Capabilities, SelectResult, Store

__all__ = ["open_store", "Store", "SelectResult", "Capabilities", "RDF_FORMATS", "DATASET_FORMATS", "RESULT_FORMATS"]


def open_store(settings: Settings, *, read_only: bool = False) -> Store:
    location = settings.store
    if settings.is_remote:
        try:
            from .sparql import SparqlStore
        except ImportError as e:  # pragma: no cover - the remote backend ships with unkg
            raise UsageError(f"the remote SPARQL backend is not available: {e}") from None
        return SparqlStore.from_settings(settings, read_only=read_only)
    if "://" in location:
        raise UsageError(f"unknown store {location!r}: give a folder, or sparql+http://host:port/sparql")
    from .oxigraph import OxigraphStore

    return OxigraphStore(location, read_only=read_only)
