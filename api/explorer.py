"""The web explorer: the page at `/` and its static files under `/static/explorer/`.

The explorer is a plain front end of the public API (/sparql, /queries, /graph/…,
/resolve, /id/…): this module only serves files. The page and its libraries (vendored
from npm into api/explorer/vendor/ by scripts/build-explorer.sh) load nothing from
elsewhere, so the explorer works offline.
"""
from __future__ import annotations

import html
from pathlib import Path

from fastapi import APIRouter, Request
from fastapi.responses import FileResponse, HTMLResponse

from unkg.config import Settings
from unkg.errors import NotFound

ASSETS = Path(__file__).resolve().with_name("explorer")

MEDIA_TYPES = {
    ".js": "text/javascript; charset=utf-8",
    ".mjs": "text/javascript; charset=utf-8",
    ".css": "text/css; charset=utf-8",
    ".html": "text/html; charset=utf-8",
    ".json": "application/json",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".txt": "text/plain; charset=utf-8",
}
# The explorer's own files change with the code; the vendored libraries only with a rebuild.
NO_CACHE = {"Cache-Control": "no-cache"}

router = APIRouter(include_in_schema=False)


def _settings(request: Request) -> Settings:
    """The settings of the running app (set by create_app), else the defaults."""
    settings = getattr(request.app.state, "settings", None)
    return settings if isinstance(settings, Settings) else Settings()


@router.get("/", response_class=HTMLResponse)
def explorer_page(request: Request) -> HTMLResponse:
    """The explorer: query editor, graph view and search in one page."""
    settings = _settings(request)
    page = (ASSETS / "index.html").read_text(encoding="utf-8")
    page = page.replace("{{base_iri}}", html.escape(settings.base_iri, quote=True))
    page = page.replace("{{languages}}", html.escape(" ".join(settings.languages), quote=True))
    return HTMLResponse(page, headers=NO_CACHE)


@router.get("/static/explorer/{path:path}")
def explorer_asset(path: str) -> FileResponse:
    """A file of api/explorer/ (never one outside it)."""
    target = (ASSETS / path).resolve()
    if not target.is_relative_to(ASSETS) or not target.is_file() or target.suffix not in MEDIA_TYPES:
        raise NotFound(f"no explorer file {path!r}: the explorer's files are listed in api/explorer/")
    return FileResponse(target, media_type=MEDIA_TYPES[target.suffix], headers=NO_CACHE)
