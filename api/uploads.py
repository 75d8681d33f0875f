"""POST /documents: ingest one uploaded file over HTTP, behind a bearer token.

Disabled (403) unless `ingest_token` is set. The upload goes through the same gate as
`unkg ingest`: read, extract, validate against the shapes, then one atomic write of the
document's named graph, so a refused upload leaves the store untouched. RDF uploads are
read without fetching anything (no remote JSON-LD context, no XML entities).
"""
from __future__ import annotations

import re
import secrets
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import JSONResponse

from unkg.errors import InputError, UnkgError

from .service import get_service

router = APIRouter(tags=["ingest"])
CHUNK = 1 << 16


class IngestDisabled(UnkgError):
    code = "ingest_disabled"
    http_status = 403


class Unauthorized(UnkgError):
    code = "unauthorized"
    http_status = 401

    def __init__(self, message: str):
        super().__init__(message)
        self.headers = {"WWW-Authenticate": 'Bearer realm="unkg"'}


class UploadTooLarge(UnkgError):
    code = "too_large"
    http_status = 413


def check_token(request: Request, expected: str) -> None:
    if not expected:
        raise IngestDisabled("ingest over HTTP is disabled: set UNKG_INGEST_TOKEN on the server, or use `unkg ingest`")
    scheme, _, token = request.headers.get("authorization", "").partition(" ")
    if scheme.lower() != "bearer" or not secrets.compare_digest(token.strip().encode(), expected.encode()):
        raise Unauthorized("POST /documents needs the header Authorization: Bearer <ingest token>")


def safe_name(filename: str | None) -> str:
    name = Path(filename or "upload").name
    name = re.sub(r"[^A-Za-z0-9._-]+", "_", name).lstrip(".") or "upload"
    return name[:120]


async def _guard(request: Request) -> None:
    """Refuse before the body is read: no token, a wrong token, or a declared size over the limit."""
    svc = get_service(request)
    check_token(request, svc.settings.ingest_token)
    declared = request.headers.get("content-length", "")
    limit = svc.settings.max_upload_bytes
    if declared.isdigit() and int(declared) > limit + CHUNK:
        raise UploadTooLarge(f"the upload has {declared} bytes; the limit is {limit} (max_upload_bytes)")


@router.post("/documents", status_code=201, summary="Ingest a document (needs the bearer ingest token)",
             dependencies=[Depends(_guard)])
async def upload(request: Request, file: UploadFile = File(..., description="a UN document (txt, md, pdf, xml) or RDF"),
                 replace: bool = Form(False, description="extract again when the document is already in the store")):
    svc = get_service(request)
    limit = svc.settings.max_upload_bytes
    with tempfile.TemporaryDirectory(prefix="unkg-upload-") as tmp:
        path = Path(tmp) / safe_name(file.filename)
        size = 0
        with open(path, "wb") as out:
            while chunk := await file.read(CHUNK):
                size += len(chunk)
                if size > limit:
                    raise UploadTooLarge(f"the upload is larger than the limit of {limit} bytes (max_upload_bytes)")
                out.write(chunk)
        if size == 0:
            raise InputError(f"{path.name}: the uploaded file is empty")
        result = await run_in_threadpool(_ingest, svc, path, replace)
    return JSONResponse({"status": result.status, "graph": result.graph, "triples": result.triples,
                         "file": path.name, "message": result.message},
                        status_code=201 if result.status in ("ingested", "replaced", "restored") else 200)


def _ingest(svc, path: Path, replace: bool):
    from unkg.ingest.pipeline import ensure_reference, ingest_file

    with svc.ingest_lock:
        ensure_reference(svc.store, svc.settings)
        # an RDF file of triples lands in graph/file/{uploaded file name}, whatever folder it was saved in
        result = ingest_file(svc.store, path, svc.settings, replace=replace, validate=True)
        if hasattr(svc.store, "flush"):
            svc.store.flush()
        svc.runner.refresh()
    return result
