"""Running the service with uvicorn (`unkg serve`)."""
from __future__ import annotations

import os

import uvicorn

from unkg.config import Settings
from unkg.errors import UsageError
from unkg.store import open_store


def app_from_env():
    """The application factory each of several uvicorn worker processes calls."""
    from .app import create_app

    return create_app(Settings.from_env())


def run_server(settings: Settings) -> None:
    from .app import create_app

    # Fail here with one line (no store yet, store locked) rather than inside uvicorn's startup.
    open_store(settings, read_only=not (settings.ingest_token or settings.is_remote)).close()
    mode = "read-write, POST /documents enabled" if settings.ingest_token else "read-only"
    print(f"unkg serves {settings.store} ({mode}) on http://{settings.host}:{settings.port}/ "
          f"- SPARQL at /sparql, API docs at /docs", flush=True)
    # no access log: its lines are INFO, below the log level, and cost time per request
    if settings.workers > 1:
        if settings.ingest_token and not settings.is_remote:
            raise UsageError("several workers cannot share the embedded store read-write: "
                             "unset UNKG_INGEST_TOKEN or serve with --workers 1")
        os.environ.update(settings.to_env())
        uvicorn.run("unkg.api.server:app_from_env", factory=True, workers=settings.workers,
                    host=settings.host, port=settings.port, log_level="warning", access_log=False)
    else:
        uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning",
                    access_log=False)
