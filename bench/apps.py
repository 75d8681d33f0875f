"""The applications the endpoint benchmark serves with uvicorn (`--factory`), configured by
environment: UNKG_STORE (the store folder) for both.

- `unkg_app`: unkg's own service, `unkg.api.app.create_app(Settings.from_env())`, as
  `unkg serve` builds it.
- `bare_app`: the reference: FastAPI + pyoxigraph and nothing else — a read-only store and
  a GET /sparql that runs the query on it (on the default graph, where unkg keeps the union
  of the named graphs) and returns SPARQL JSON results.
"""
from __future__ import annotations

import io
import os


def unkg_app():
    from unkg.api.app import create_app
    from unkg.config import Settings

    return create_app(Settings.from_env())


def bare_app():
    import pyoxigraph as ox
    from fastapi import FastAPI, Response

    store = ox.Store.read_only(os.environ["UNKG_STORE"])
    app = FastAPI()

    @app.get("/sparql")
    def sparql(query: str):
        buf = io.BytesIO()
        store.query(query).serialize(buf, format=ox.QueryResultsFormat.JSON)
        return Response(buf.getvalue(), media_type="application/sparql-results+json")

    return app
