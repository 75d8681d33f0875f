"""Where the non-Python artifacts live: ontology/, shapes/, queries/.

In a checkout (and an editable install) they are the top-level folders beside unkg/;
in a wheel they ship inside the package as unkg.ontology, unkg.shapes, unkg.queries.
"""
from __future__ import annotations

import importlib.resources
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parent.parent


def artifact_dir(name: str) -> Path:
    """The folder of one artifact kind: 'ontology', 'shapes' or 'queries'."""
    checkout = PROJECT_ROOT / name
    if checkout.is_dir():
        return checkout
    return Path(str(importlib.resources.files(f"unkg.{name}")))
