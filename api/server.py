"""Running the service with uvicorn (`unkg serve`)."""
from __future__ import annotations

import uvicorn

from unkg.config import Settings
from unkg.store import open_store


def run_server(settings: Settings) -> None:
    from .app import create_app

    # Fail here with one line (no store yet, store locked) rather than inside uvicorn's startup.
    open_store(settings, read_only=not (settings.ingest_token or settings.is_remote)).close()
    mode = "read-write, POST /documents enabled" if settings.ingest_token else "read-only"
    print(f"unkg serves {settings.store} ({mode}) on http://{settings.host}:{settings.port}/ "
          f"- SPARQL at /sparql, API docs at /docs", flush=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
