"""The text layer of a PDF, page by page, as the text route expects it."""
from __future__ import annotations

import io
import logging
from pathlib import Path

from unkg.errors import InputError


def pdf_text(path: Path, raw: bytes) -> str:
    from pypdf import PdfReader
    from pypdf.errors import PdfReadError

    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(io.BytesIO(raw))
        pages = [page.extract_text() or "" for page in reader.pages]
    except (PdfReadError, ValueError, KeyError, TypeError) as e:
        raise InputError(f"{path}: unreadable PDF ({str(e).splitlines()[0] if str(e) else type(e).__name__})") from None
    text = "\n".join(pages)
    if not text.strip():
        raise InputError(f"{path}: the PDF has no text layer (a scan?); unkg needs text, run OCR first")
    return text
