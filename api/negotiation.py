"""Content negotiation: choosing a serialisation from the Accept header or a `format` parameter."""
from __future__ import annotations

from unkg.errors import UsageError

#: SELECT / ASK results: format key → media types it answers to (the first is the one sent)
RESULT_MEDIA = {
    "json": ("application/sparql-results+json", "application/json"),
    "xml": ("application/sparql-results+xml", "application/xml", "text/xml"),
    "csv": ("text/csv",),
    "tsv": ("text/tab-separated-values",),
}
#: RDF graphs: format key → media types
RDF_MEDIA = {
    "ttl": ("text/turtle", "application/x-turtle"),
    "nt": ("application/n-triples", "text/plain"),
    "jsonld": ("application/ld+json", "application/json"),
    "rdfxml": ("application/rdf+xml", "application/xml", "text/xml"),
    "nq": ("application/n-quads",),
    "trig": ("application/trig",),
}
HTML_MEDIA = {"html": ("text/html", "application/xhtml+xml")}

#: names accepted in a `format` parameter
FORMAT_ALIASES = {
    "json": "json", "srj": "json", "xml": "xml", "srx": "xml", "csv": "csv", "tsv": "tsv",
    "ttl": "ttl", "turtle": "ttl", "n3": "ttl", "nt": "nt", "ntriples": "nt", "n-triples": "nt",
    "jsonld": "jsonld", "json-ld": "jsonld", "rdfxml": "rdfxml", "rdf": "rdfxml", "owl": "rdfxml",
    "nq": "nq", "nquads": "nq", "trig": "trig", "html": "html",
}
#: a file suffix on a resource IRI → format
SUFFIXES = {".ttl": "ttl", ".jsonld": "jsonld", ".nt": "nt", ".rdf": "rdfxml", ".html": "html"}


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header, best first (stable for equal q)."""
    ranges = []
    for i, part in enumerate((header or "").split(",")):
        bits = [b.strip() for b in part.split(";")]
        media = bits[0].lower()
        if not media:
            continue
        q = 1.0
        for b in bits[1:]:
            if b.lower().startswith("q="):
                try:
                    q = max(0.0, min(1.0, float(b[2:])))
                except ValueError:
                    q = 0.0
        if q > 0:
            ranges.append((media, q, i))
    ranges.sort(key=lambda r: (-r[1], r[2]))
    return [(m, q) for m, q, _ in ranges]


def negotiate(accept: str | None, offers: dict[str, tuple[str, ...]], default: str) -> str:
    """The format key whose media type the client prefers; `default` for */* or no match."""
    for media, _ in parse_accept(accept):
        if media in ("*/*", "*"):
            return default
        major = media.split("/", 1)[0]
        for key, types in offers.items():
            if media in types:
                return key
        if media.endswith("/*"):
            if any(t.startswith(major + "/") for t in offers.get(default, ())):
                return default
            for key, types in offers.items():
                if any(t.startswith(major + "/") for t in types):
                    return key
    return default


def format_param(value: str | None, offers: dict[str, tuple[str, ...]]) -> str | None:
    """A `format` parameter (a short name or a media type) as a format key of `offers`."""
    if not value:
        return None
    v = value.strip().lower()
    key = FORMAT_ALIASES.get(v)
    if key is None:
        key = next((k for k, types in offers.items() if v.split(";")[0].strip() in types), None)
    if key == "xml" and "xml" not in offers and "rdfxml" in offers:
        key = "rdfxml"
    if key == "json" and "json" not in offers and "jsonld" in offers:
        key = "jsonld"
    if key not in offers:
        raise UsageError(f"format {value!r} is not offered here: use one of {', '.join(offers)}", code="bad_format")
    return key


def choose(accept: str | None, fmt: str | None, offers: dict[str, tuple[str, ...]], default: str) -> str:
    return format_param(fmt, offers) or negotiate(accept, offers, default)


def media_type(key: str) -> str:
    for table in (RESULT_MEDIA, RDF_MEDIA, HTML_MEDIA):
        if key in table:
            return table[key][0]
    raise KeyError(key)
