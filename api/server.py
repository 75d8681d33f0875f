"""Running the service with uvicorn."""
from __future__ import annotations

import uvicorn

from unkg.config import Settings


def run_server(settings: Settings) -> None:
    from .app import create_app

    print(f"unkg serves {settings.store} on http://{settings.host}:{settings.port}/", flush=True)
    uvicorn.run(create_app(settings), host=settings.host, port=settings.port, log_level="warning")
