"""The FastAPI application of unkg, built per settings (no global app or store)."""
from __future__ import annotations

from fastapi import FastAPI

from unkg.config import Settings


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(title="unkg", description="Knowledge graph of UN conventions, resolutions and recommendations")

    @app.get("/health")
    def health():
        return {"status": "ok"}

    return app
