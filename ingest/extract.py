"""Entry point of extraction: source text → ExtractedDocument.

Takes the language a Markdown file's front matter declares (`language: ES`), else detects it
(from the `stopwords` of each language table; Arabic, Cyrillic and Han script are
recognised even before their tables exist), then tries the document
kinds in turn: resolution or decision, meeting report, and finally a generic document
(header metadata and paragraphs), so any text ingests.
"""
from __future__ import annotations

import importlib
import re
from collections import Counter
from functools import lru_cache

from unkg.identifiers import Minter

from .document import ExtractedDocument
from .reader import SourceText, split_front_matter
from .tables import available_languages, load_table

#: scripts recognised without a table: their share of letters decides
SCRIPTS = {"ar": re.compile(r"[\u0600-\u06FF]"), "ru": re.compile(r"[\u0400-\u04FF]"),
           "zh": re.compile(r"[\u4E00-\u9FFF]")}


_WORDS = re.compile(r"[^\W\d_]+")


def detect_language(text: str) -> str:
    sample = text[:20000]
    letters = None
    for lang, rx in SCRIPTS.items():
        found = len(rx.findall(sample))
        if found:                           # letters are counted only for a text with such script
            letters = letters or sum(map(str.isalpha, sample)) or 1
            if found / letters > 0.3:
                return lang
    words = Counter(_WORDS.findall(sample.lower()))
    scores = {lang: sum(n for w, n in words.items() if w in stop) for lang, stop in _distinctive_stopwords().items()}
    if not scores or max(scores.values()) == 0:
        return "en"
    return max(sorted(scores), key=lambda k: scores[k])


@lru_cache(maxsize=1)                   # the tables are read once per process (load_table)
def _distinctive_stopwords() -> dict[str, set[str]]:
    """Each language's stop words less those another table lists too ("la" is French and Spanish)."""
    tables = {lang: load_table(lang).word_set("stopwords") for lang in available_languages()}
    tables = {lang: stop for lang, stop in tables.items() if stop}
    return {lang: {w for w in stop if not any(w in other for o, other in tables.items() if o != lang)}
            for lang, stop in tables.items()}


def declared_language(source: SourceText) -> str | None:
    """The language a Markdown file's front matter names, when unkg reads that language."""
    if source.format != "markdown" or not source.text.startswith("---"):
        return None
    declared = split_front_matter(source.text)[0].get("language")
    code = str(declared).strip().lower() if declared else ""
    return code if code in available_languages() or code in SCRIPTS else None


def _resolution_extractor():
    """The resolutions extractor, when that module is installed."""
    try:
        module = importlib.import_module("unkg.ingest.resolutions")
    except ModuleNotFoundError as e:
        if e.name == "unkg.ingest.resolutions":
            return None
        raise
    return getattr(module, "extract_resolution", None)


def extract(source: SourceText, minter: Minter) -> ExtractedDocument:
    lang = declared_language(source) or detect_language(source.text)
    if lang in available_languages():
        resolution = _resolution_extractor()
        if resolution is not None:
            doc = resolution(source, source.text, lang, minter)
            if doc is not None:
                return doc
        from .reports import extract_report

        doc = extract_report(source, minter, lang)
        if doc is not None:
            return doc
    from .generic import extract_generic

    return extract_generic(source, minter, lang)

