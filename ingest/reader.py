"""Reading an input file into text, refusing what is not a readable document.

Accepts UTF-8 text (.txt, .md, anything textual; UTF-16 with a BOM), PDF (text layer via
pypdf) and XML (Akoma Ntoso). Refuses, with one line that says what to do: a missing
path, an empty file, a binary file, a file in an encoding that is not UTF-8.
"""
from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

from unkg.errors import InputError

#: suffixes read as RDF (restoring an export) rather than as a document
RDF_SUFFIXES = {".ttl": "ttl", ".nt": "nt", ".nq": "nq", ".trig": "trig", ".jsonld": "jsonld",
                ".rdf": "rdfxml", ".owl": "rdfxml"}
DOCUMENT_SUFFIXES = {".txt", ".md", ".markdown", ".pdf", ".xml", ".akn", ".text", ""}

FRONT_MATTER_RE = re.compile(r"\A---\s*\n(?P<yaml>.*?)\n---\s*\n", re.S)


def split_front_matter(text: str) -> tuple[dict, str]:
    """The YAML front matter of a Markdown text (a mapping, {} when absent or unreadable) and the rest."""
    m = FRONT_MATTER_RE.match(text)
    if not m:
        return {}, text
    try:
        data = yaml.load(m["yaml"], Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader)) or {}
    except yaml.YAMLError:
        data = {}
    return (data if isinstance(data, dict) else {}), text[m.end():]


@dataclass
class SourceText:
    path: Path
    text: str
    format: str          # "text", "markdown", "pdf", "xml"
    sha256: str
    raw: bytes = b""


def read_source(path: Path) -> SourceText:
    if not path.exists():
        raise InputError(f"{path}: no such file or folder")
    if not path.is_file():
        raise InputError(f"{path}: not a regular file")
    raw = path.read_bytes()
    digest = hashlib.sha256(raw).hexdigest()
    if not raw.strip():
        raise InputError(f"{path}: the file is empty; give a UN document (text, Markdown, PDF or Akoma Ntoso XML)")
    suffix = path.suffix.lower()
    if raw.startswith(b"%PDF-"):
        from .pdf import pdf_text

        return SourceText(path, pdf_text(path, raw), "pdf", digest, raw)
    text = decode(path, raw)
    if suffix in {".md", ".markdown"}:
        fmt = "markdown"
    elif suffix in {".xml", ".akn"} or text.lstrip().startswith("<?xml"):
        fmt = "xml"
    else:
        fmt = "text"
    if not text.strip():
        raise InputError(f"{path}: the file has no text")
    return SourceText(path, text, fmt, digest, raw)


def decode(path: Path, raw: bytes) -> str:
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return raw.decode("utf-16")
        except UnicodeDecodeError:
            pass
    if b"\x00" in raw[:8192]:
        raise InputError(f"{path}: binary file, not a text document; give a UN document as text, Markdown, PDF or XML")
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as e:
        raise InputError(f"{path}: not UTF-8 text (undecodable byte at offset {e.start}); "
                         f"convert it with e.g. `iconv -f LATIN1 -t UTF-8`") from None
