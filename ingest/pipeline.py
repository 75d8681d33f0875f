"""ingest: read → extract → validate → write, one document per transaction.

Each document lands in its own named graph in one atomic write, so a failure (or a
SIGKILL) leaves every document either wholly in the store or wholly out of it. RDF files
(an export) are loaded graph by graph, so that `unkg export` output restores a store.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable, Iterable
from xml.sax import SAXException

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError

from unkg.config import Settings
from unkg.errors import InputError, UnkgError
from unkg.identifiers import Minter
from unkg.store import Store

from .reader import DOCUMENT_SUFFIXES, RDF_SUFFIXES, read_source


@dataclass
class IngestResult:
    path: Path
    status: str                 # "ingested", "replaced", "unchanged", "failed", "restored"
    graph: str | None = None
    triples: int = 0
    message: str = ""
    exit_code: int = 0          # of a failure: 1 invalid data, 2 unreadable input or runtime error


@dataclass
class IngestSummary:
    results: list[IngestResult] = field(default_factory=list)

    @property
    def failed(self) -> list[IngestResult]:
        return [r for r in self.results if r.status == "failed"]

    def line(self) -> str:
        counts: dict[str, int] = {}
        for r in self.results:
            counts[r.status] = counts.get(r.status, 0) + 1
        parts = ", ".join(f"{n} {s}" for s, n in sorted(counts.items()))
        triples = sum(r.triples for r in self.results if r.status in ("ingested", "replaced", "restored"))
        return f"{len(self.results)} file(s): {parts}; {triples} triples written"


def expand_paths(paths: Iterable[str | Path]) -> list[Path]:
    """Files named, and the document and RDF files inside folders named (sorted, recursive)."""
    files: list[Path] = []
    for p in map(Path, paths):
        if not p.exists():
            raise InputError(f"{p}: no such file or folder")
        if p.is_dir():
            found = sorted(f for f in p.rglob("*") if f.is_file() and not f.name.startswith(".")
                           and (f.suffix.lower() in DOCUMENT_SUFFIXES or f.suffix.lower() in RDF_SUFFIXES)
                           and f.stem.upper() not in {"README", "CHANGELOG"} and not f.name.upper().startswith("LICENSE"))
            if not found:
                raise InputError(f"{p}: the folder holds no document (.txt, .md, .pdf, .xml) or RDF file")
            files.extend(found)
        else:
            files.append(p)
    return files


def ensure_reference(store: Store, settings: Settings) -> bool:
    """Load (or refresh) the ontology and reference graphs when the store lacks them or holds
    an older version: each graph records the fingerprint of what it was built from."""
    from rdflib import Literal, URIRef
    from rdflib.namespace import OWL

    from unkg.reference import ontology_version, reference_graphs, reference_version

    minter = Minter(settings.base_iri)
    onto, ref = minter.ontology_graph, minter.reference_graph
    current = store.ask("ASK { GRAPH ?o { ?o ?v ?ov } GRAPH ?r { ?r ?v ?rv } }",
                        {"o": onto, "r": ref, "v": OWL.versionInfo,
                         "ov": Literal(ontology_version()), "rv": Literal(reference_version())})
    if current:
        return False
    graphs = reference_graphs(minter)
    ontology = Graph()
    ontology += graphs[onto]
    ontology.add((URIRef(onto), OWL.versionInfo, Literal(ontology_version())))
    store.replace_graphs({str(onto): ontology, str(ref): graphs[ref]})
    return True


def ingest_paths(store: Store, paths: Iterable[str | Path], settings: Settings, *, replace: bool = False,
                 keep_going: bool = False, validate: bool = True,
                 progress: Callable[[Iterable], Iterable] | None = None,
                 on_result: Callable[[IngestResult], None] | None = None) -> IngestSummary:
    """Ingest files and folders; `on_result` hears of each file as soon as it is done."""
    files = expand_paths(paths)
    ensure_reference(store, settings)
    summary = IngestSummary()
    iterator = progress(files) if progress else files
    for path in iterator:
        try:
            result = ingest_file(store, path, settings, replace=replace, validate=validate)
        except UnkgError as e:
            if not keep_going:
                raise
            result = IngestResult(path, "failed", message=e.message, exit_code=e.exit_code)
        summary.results.append(result)
        if on_result:
            on_result(result)
    return summary


def ingest_file(store: Store, path: Path, settings: Settings, *, replace: bool = False,
                validate: bool = True) -> IngestResult:
    if path.suffix.lower() in RDF_SUFFIXES:
        return restore_rdf(store, path, RDF_SUFFIXES[path.suffix.lower()], Minter(settings.base_iri))
    from .extract import extract

    source = read_source(path)
    minter = Minter(settings.base_iri)
    doc = extract(source, minter)
    present = store.has_graph(str(doc.graph_iri))
    if present and not replace:
        return IngestResult(path, "unchanged", str(doc.graph_iri), 0,
                            "already in the store (use --replace to extract it again)")
    if validate:
        from unkg.validation import validate_document

        validate_document(doc.graph, store, settings, source_name=path.name)
    store.replace_graph(str(doc.graph_iri), doc.graph)
    return IngestResult(path, "replaced" if present else "ingested", str(doc.graph_iri), len(doc.graph))


def restore_rdf(store: Store, path: Path, fmt: str, minter: Minter) -> IngestResult:
    """Load an RDF file: quads keep their graph; triples of a triple format go to the graph
    `graph/file/{file name}` under the base IRI, which is also the base of its relative IRIs."""
    raw = path.read_bytes()
    if not raw.strip():
        raise InputError(f"{path}: the file is empty")
    rdflib_format = {"ttl": "turtle", "nt": "nt", "nq": "nquads", "trig": "trig",
                     "jsonld": "json-ld", "rdfxml": "xml"}[fmt]
    if fmt == "jsonld":
        refuse_remote_context(path, raw)
    if fmt == "rdfxml" and b"<!ENTITY" in raw:
        raise InputError(f"{path}: XML entity declarations are refused (they can read files or the network)")
    file_graph = str(minter.file_graph(path.name))
    ds = Dataset(default_union=False)
    try:
        ds.parse(data=raw, format=rdflib_format, publicID=file_graph)
    except (SyntaxError, ValueError, ParserError, SAXException, UnicodeDecodeError) as e:
        raise InputError(f"{path}: not valid {fmt} ({str(e).splitlines()[0][:160] if str(e) else type(e).__name__})") from None
    graphs: dict[str, Graph] = {}
    for ctx in ds.graphs():
        if len(ctx) == 0:
            continue
        name = str(ctx.identifier)
        if name == "urn:x-rdflib:default":
            name = file_graph
        graphs.setdefault(name, Graph()).__iadd__(ctx)
    if not graphs:
        raise InputError(f"{path}: no triples in the file")
    store.replace_graphs(graphs)
    return IngestResult(path, "restored", ", ".join(sorted(graphs))[:200], sum(len(g) for g in graphs.values()))


def refuse_remote_context(path: Path, raw: bytes) -> None:
    """JSON-LD whose @context is fetched from elsewhere is refused: unkg makes no outbound request."""
    try:
        data = json.loads(raw)
    except ValueError as e:
        raise InputError(f"{path}: not valid JSON-LD ({e})") from None

    def walk(node):
        if isinstance(node, dict):
            for k, v in node.items():
                if k == "@context" and _has_remote(v):
                    raise InputError(f"{path}: a remote JSON-LD @context is refused (unkg fetches nothing); inline the context")
                walk(v)
        elif isinstance(node, list):
            for v in node:
                walk(v)

    walk(data)


def _has_remote(ctx) -> bool:
    if isinstance(ctx, str):
        return True
    if isinstance(ctx, list):
        return any(_has_remote(c) for c in ctx)
    if isinstance(ctx, dict):
        return "@import" in ctx
    return False
