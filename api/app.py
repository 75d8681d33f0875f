"""The FastAPI application of unkg, built per settings (no global app or store).

The store is opened when the app starts (its lifespan) and closed when it stops. Routes:
/sparql (SPARQL 1.1 Protocol), /id/… and /graph/… (linked data), /ontology,
/.well-known/void, /resolve, the REST collections, /graph/neighbourhood|path|subgraph,
/export, POST /documents (only with a bearer token), /api (an index), /docs (OpenAPI).
"""
from __future__ import annotations

import importlib
import logging
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware

from unkg.config import Settings

from . import errors, sparql
from .service import Service, get_service

log = logging.getLogger("unkg.api")


CORS = dict(allow_origins=["*"], allow_methods=["GET", "POST"], allow_headers=["*"],
            expose_headers=["X-Unkg-Truncated", "X-Unkg-Row-Limit", "Link", "Content-Location"])


class _App(FastAPI):
    """The application, with SPARQL lookups (`GET /sparql`, the endpoint's most frequent
    request) answered before the middleware stack: see sparql.answer_lookup."""

    _cors_headers = CORSMiddleware(None, **CORS).simple_headers

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http" and scope["path"] == "/sparql" and \
                await sparql.answer_lookup(getattr(self.state, "service", None), scope, send, self._cors_headers):
            return
        await super().__call__(scope, receive, send)


def create_app(settings: Settings, *, query_workers: int | None = None) -> FastAPI:
    @asynccontextmanager
    async def lifespan(app: FastAPI):
        service = Service.start(settings, query_workers=query_workers or settings.query_workers)
        app.state.service = service
        try:
            yield
        finally:
            service.close()

    app = _App(
        title="unkg",
        description="Knowledge graph of UN conventions, resolutions and recommendations: SPARQL endpoint, "
                    "linked data, REST collections, graph API for visualisation, exports.",
        version=_version(),
        lifespan=lifespan,
    )
    app.state.settings = settings
    errors.install(app)
    app.add_middleware(CORSMiddleware, **CORS)

    from . import exports, graph_api, linked_data, rest, uploads

    app.include_router(sparql.router)
    app.include_router(graph_api.router)     # before linked data: /graph/neighbourhood is not a named graph
    app.include_router(rest.router)
    app.include_router(exports.router)
    app.include_router(uploads.router)
    app.include_router(linked_data.router)
    _include_explorer(app)

    @app.get("/health", tags=["service"], summary="Liveness and store size")
    def health(request: Request):
        svc = get_service(request)
        return {"status": "ok", "graphs": len(svc.store.graphs())}

    @app.get("/api", tags=["service"], summary="Index of the endpoints")
    def index(request: Request):
        return {
            "name": "unkg",
            "sparql": "/sparql", "docs": "/docs", "openapi": "/openapi.json",
            "void": "/.well-known/void", "ontology": "/ontology", "context": "/context.jsonld",
            "resolve": "/resolve?symbol=CTOC/COP/WG.2/2016/1",
            "collections": ["/documents", "/recommendations", "/resolutions", "/meetings", "/queries"],
            "resources": ["/states/{iso3}", "/articles/{convention}/{number}", "/documents/{symbol}", "/id/…"],
            "graph": ["/graph/neighbourhood?iri=…", "/graph/path?from=…&to=…", "/graph/subgraph?query=…"],
            "export": "/export?format=nq",
        }

    return app


def _include_explorer(app: FastAPI) -> None:
    """The explorer (a separate part of unkg) serves / and /static/explorer/ when it is installed."""
    try:
        explorer = importlib.import_module("unkg.api.explorer")
    except ModuleNotFoundError as e:
        if e.name not in ("unkg.api.explorer",):
            raise
        return
    router = getattr(explorer, "router", None)
    if router is not None:
        app.include_router(router)


def _version() -> str:
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("unkg")
    except PackageNotFoundError:
        return "0"
