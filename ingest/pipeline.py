"""ingest: read → extract → validate → write.

Each document lands in its own named graph, written atomically (several documents may share
a transaction), so a failure (or a SIGKILL) leaves every document either wholly in the store
or wholly out of it. RDF files
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
from unkg.store.base import RenderedGraph
from unkg.store.oxigraph import render

from .reader import DOCUMENT_SUFFIXES, RDF_SUFFIXES, read_source
from .writer import Ticket, Writer


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


#: documents validated together at most (one run of the shapes over their union)
VALIDATION_BATCH = 16


@dataclass
class _Item:
    """A file of an ingest run, from extraction to its result."""

    path: Path
    doc: object = None                  # the extracted document, when it is to be written
    rendered: RenderedGraph | None = None   # its graph with the N-Triples text
    present: bool = False
    result: IngestResult | None = None  # known without writing (unchanged, failed, restored)
    error: UnkgError | None = None
    ticket: Ticket | None = None


def ingest_paths(store: Store, paths: Iterable[str | Path], settings: Settings, *, replace: bool = False,
                 keep_going: bool = False, validate: bool = True,
                 progress: Callable[[Iterable], Iterable] | None = None,
                 on_result: Callable[[IngestResult], None] | None = None) -> IngestSummary:
    """Ingest files and folders; `on_result` hears of each file, in order, once it is done.

    Documents are extracted one by one and validated VALIDATION_BATCH at a time: a document
    is validated with the context of the store and of the other documents of the run not
    written yet, whatever their order. The writes run on a background thread (embedded
    store), several documents per transaction; each document is wholly written or not at all.
    Without `keep_going`, the first failure stops the run: the documents before it are
    written, none after it.
    """
    files = expand_paths(paths)
    ensure_reference(store, settings)
    minter = Minter(settings.base_iri)
    summary = IngestSummary()
    writer = Writer(store, background=store.capabilities.background_writes, keep_going=keep_going)
    items: list[_Item] = []             # in file order; emitted from the front once done
    group: list[_Item] = []             # extracted, waiting for validation
    run_graphs: set[str] = set()        # graphs written or queued by this run
    run = None
    if validate:
        from unkg.validation import RunContext

        run = RunContext(store)

    def emit(wait: bool = False) -> None:
        """Hand on the results at the front that are known; without `keep_going`, raise the
        first failure once the results before it are handed on."""
        while items:
            item = items[0]
            if item.ticket is None and item.error is None and item.result is None:
                return                      # waiting for validation
            if item.ticket is not None:
                if not item.ticket.done.is_set():
                    if not wait:
                        return
                    item.ticket.done.wait()
                if run is not None:
                    run.written(item.ticket.graph_iri)
                if item.ticket.error is not None:
                    item.error = item.ticket.error
                else:
                    d = item.doc
                    item.result = IngestResult(item.path, "replaced" if item.present else "ingested",
                                               str(d.graph_iri), len(item.rendered))
            if item.error is not None:
                if not keep_going:
                    raise item.error
                item.result = IngestResult(item.path, "failed", message=item.error.message,
                                           exit_code=item.error.exit_code)
            items.pop(0)
            summary.results.append(item.result)
            if on_result:
                on_result(item.result)

    def stop_at_failure() -> None:
        """Without `keep_going`, a failure ends the run: what came before it is written
        (and reported), then the failure is raised."""
        if not keep_going and (writer.failure is not None or any(i.error is not None for i in items)):
            writer.stop()
            emit(wait=True)

    def flush() -> None:
        """Validate the waiting documents and queue the valid ones for writing."""
        batch = list(group)
        group.clear()
        if not batch:
            return
        verdicts: list = [None] * len(batch)
        if validate:
            from unkg.validation import validate_documents

            try:
                verdicts = validate_documents([(i.rendered, i.path.name) for i in batch], store, settings, run=run)
            except UnkgError as e:      # the store could not give the context: none of them is checked
                verdicts = [e] * len(batch)
        for item, error in zip(batch, verdicts):
            if error is not None:
                item.error = error
                if not item.present:
                    run_graphs.discard(str(item.doc.graph_iri))
                if not keep_going:
                    return                  # the documents after it are not written
                continue
            item.ticket = Ticket(str(item.doc.graph_iri), item.rendered)
            if run is not None:
                run.queued(item.ticket.graph_iri, item.doc.graph, replaces=item.present)
            writer.put(item.ticket)

    try:
        for path in (progress(files) if progress else files):
            rdf_format = RDF_SUFFIXES.get(path.suffix.lower())
            if rdf_format:
                flush()                         # an RDF file is loaded once what came before it is written
                writer.wait()
                stop_at_failure()
            item = _Item(path)
            items.append(item)
            try:
                if rdf_format:
                    item.result = restore_rdf(store, path, rdf_format, minter)
                    run_graphs.update(item.result.graph.split(", "))
                else:
                    item.doc = _extract(path, minter)
                    iri = str(item.doc.graph_iri)
                    if iri in run_graphs and writer.is_pending(iri) or any(str(i.doc.graph_iri) == iri for i in group):
                        # the same graph twice in one run: the earlier one is written first
                        flush()
                        writer.wait()
                    item.present = iri in run_graphs or store.has_graph(iri)
                    if item.present and not replace:
                        item.result = IngestResult(path, "unchanged", iri, 0,
                                                   "already in the store (use --replace to extract it again)")
                    else:
                        item.rendered = render(item.doc.graph)
                        run_graphs.add(iri)
                        group.append(item)
                        if len(group) >= VALIDATION_BATCH:
                            flush()
            except UnkgError as e:
                item.doc = None
                item.error = e
            stop_at_failure()
            emit()
        flush()
        stop_at_failure()
    finally:
        writer.stop()
    emit(wait=True)
    return summary


def _extract(path: Path, minter: Minter):
    from .extract import extract

    return extract(read_source(path), minter)


def ingest_file(store: Store, path: Path, settings: Settings, *, replace: bool = False,
                validate: bool = True) -> IngestResult:
    """Ingest one file: extract, validate, write in one transaction (what the service's upload runs)."""
    if path.suffix.lower() in RDF_SUFFIXES:
        return restore_rdf(store, path, RDF_SUFFIXES[path.suffix.lower()], Minter(settings.base_iri))
    minter = Minter(settings.base_iri)
    doc = _extract(path, minter)
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
