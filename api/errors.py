"""One error body on every route: {"error": {"code", "message", "status"}}.

UnkgError carries its own code and status; FastAPI's own refusals (404, 405, 422 …) and
any unexpected exception are mapped onto the same shape. An unexpected exception is
logged with its trace and answered as `internal_error`, never with the trace itself.
"""
from __future__ import annotations

import logging

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from unkg.errors import UnkgError

from .query_runner import InternalQueryError

log = logging.getLogger("unkg.api")

HTTP_CODES = {
    400: "bad_request", 401: "unauthorized", 403: "forbidden", 404: "not_found", 405: "method_not_allowed",
    406: "not_acceptable", 413: "too_large", 414: "uri_too_long", 415: "unsupported_media_type",
    422: "invalid_parameter", 429: "too_many_requests", 500: "internal_error", 503: "unavailable",
}


def error_body(status: int, code: str, message: str) -> dict:
    return {"error": {"code": code, "message": message, "status": status}}


def error_response(status: int, code: str, message: str, headers: dict | None = None) -> JSONResponse:
    return JSONResponse(error_body(status, code, message), status_code=status, headers=headers)


def unkg_error_response(e: UnkgError) -> JSONResponse:
    headers = getattr(e, "headers", None)
    return JSONResponse(e.as_dict(), status_code=e.http_status, headers=headers)


def _validation_message(exc: RequestValidationError) -> str:
    parts = []
    for err in exc.errors()[:3]:
        loc = ".".join(str(x) for x in err.get("loc", ()) if x not in ("query", "path", "body"))
        parts.append(f"{loc or 'request'}: {err.get('msg', 'invalid')}")
    return "invalid request parameter: " + "; ".join(parts) + " (see /docs)"


def install(app: FastAPI) -> None:
    @app.exception_handler(UnkgError)
    async def unkg_error(request: Request, exc: UnkgError):
        return unkg_error_response(exc)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(request: Request, exc: StarletteHTTPException):
        status = exc.status_code
        message = exc.detail if isinstance(exc.detail, str) else str(exc.detail)
        if status == 404 and message == "Not Found":
            message = f"nothing at {request.url.path}: /api lists the endpoints, /docs documents them"
        elif status == 405:
            message = f"{request.method} is not allowed on {request.url.path}: see /docs for the methods"
        return error_response(status, HTTP_CODES.get(status, "error"), message, getattr(exc, "headers", None))

    @app.exception_handler(RequestValidationError)
    async def validation_error(request: Request, exc: RequestValidationError):
        return error_response(422, "invalid_parameter", _validation_message(exc))

    @app.exception_handler(InternalQueryError)
    async def worker_failure(request: Request, exc: InternalQueryError):
        log.error("query worker failed on %s:\n%s", request.url.path, exc)
        return error_response(500, "internal_error", "the query failed inside the server; it has been logged")

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception):
        log.exception("unexpected error on %s %s", request.method, request.url.path)
        return error_response(500, "internal_error",
                              f"unexpected {type(exc).__name__} inside the server; it has been logged")
