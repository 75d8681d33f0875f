"""The unkg command line: ingest, validate, query, queries, export, stats, drop, serve, push.

Exit status: 0 success, 1 data invalid, 2 usage or runtime error, always with one line
on stderr that says what to do.
"""
from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from .config import Settings
from .errors import UnkgError, UsageError
from .store import RDF_FORMATS, open_store

EXPORT_FORMATS = list(RDF_FORMATS)


class Context:
    def __init__(self, settings: Settings):
        self.settings = settings

    def store(self, *, read_only: bool = False):
        return open_store(self.settings, read_only=read_only)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.option("--store", "store", metavar="PATH|URL", help="Store folder or sparql+http://… URL [env UNKG_STORE; default data/store].")
@click.option("--base-iri", metavar="IRI", help="Base of every minted IRI [env UNKG_BASE_IRI].")
@click.version_option(package_name="unkg")
@click.pass_context
def cli(ctx, store, base_iri):
    """unkg: a knowledge graph of UN conventions, resolutions and recommendations."""
    ctx.obj = Context(Settings.from_env(store=store, base_iri=base_iri))


@cli.command()
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--replace", is_flag=True, help="Extract documents already in the store again and replace their graphs.")
@click.option("--keep-going", is_flag=True, help="Go on after a file that cannot be ingested (exit non-zero at the end).")
@click.option("--no-validate", is_flag=True, help="Skip the SHACL gate (for benchmarks; never for published data).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only the summary line.")
@click.pass_obj
def ingest(obj: Context, paths, replace, keep_going, no_validate, quiet):
    """Read UN documents (txt, md, pdf, xml) or RDF files (ttl, nt, nq, trig, jsonld, rdf) into the store.

    Folders are read recursively. Each document is written atomically into its own named graph.
    """
    from unkg.ingest.pipeline import expand_paths, ingest_paths

    progress = None
    if not quiet and len(expand_paths(paths)) > 1 and sys.stderr.isatty():
        from tqdm import tqdm

        progress = lambda files: tqdm(files, desc="ingest", unit="doc", file=sys.stderr)

    def report(r):
        if r.status == "failed":
            click.echo(f"unkg: {r.path}: {r.message}", err=True)
        elif not quiet and progress is None:
            click.echo(f"{r.status:9} {r.path} -> {r.graph} ({r.triples} triples)" if r.graph else f"{r.status:9} {r.path}")

    with obj.store() as store:
        summary = ingest_paths(store, paths, obj.settings, replace=replace, keep_going=keep_going,
                               validate=not no_validate, progress=progress, on_result=report)
    click.echo(summary.line())
    if summary.failed:
        sys.exit(max(f.exit_code for f in summary.failed))


@cli.command()
@click.pass_obj
def validate(obj: Context):
    """Validate the whole store against the shapes; exit 1 when it does not conform."""
    from .validation import validate_store

    with obj.store(read_only=_reader(obj)) as store:
        report = validate_store(store, obj.settings)
    click.echo(report.text())
    sys.exit(0 if report.conforms else 1)


@cli.command()
@click.argument("query")
@click.option("--param", "-p", "params", multiple=True, metavar="K=V", help="Bind a parameter of a named query.")
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "csv", "tsv", "json"]), default="table", show_default=True)
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
@click.pass_obj
def query(obj: Context, query, params, fmt, output):
    """Run a named query (see `unkg queries`), a .rq file, or - for a query on stdin."""
    from .querylib import run_cli_query

    values = {}
    for p in params:
        if "=" not in p:
            raise UsageError(f"--param {p!r}: write it as name=value")
        k, v = p.split("=", 1)
        values[k.strip()] = v
    with obj.store(read_only=_reader(obj)) as store:
        text = run_cli_query(store, obj.settings, query, values, fmt)
    _write(text, output)


@cli.command()
@click.pass_obj
def queries(obj: Context):
    """List the named queries with their research questions and parameters."""
    from .querylib import list_queries

    for q in list_queries():
        params = ", ".join(f"{p.name}:{p.type}" for p in q.params)
        click.echo(f"{q.name:24} {q.title}" + (f"  [{params}]" if params else ""))


@cli.command()
@click.option("--format", "-f", "fmt", type=click.Choice(EXPORT_FORMATS), default="nq", show_default=True)
@click.option("--graph", metavar="IRI", help="Export one named graph only.")
@click.option("-o", "--output", type=click.Path(path_type=Path), help="Write to a file instead of stdout.")
@click.option("--live", is_flag=True, help="Dump from the store even when a prepared file of the same store state exists "
              "(and prepare none).")
@click.pass_obj
def export(obj: Context, fmt, graph, output, live):
    """Write the store (or one graph) as Turtle, N-Triples, N-Quads, TriG, JSON-LD or RDF/XML.

    The first whole-store export of a format after the store changed also writes a prepared file
    (UNKG_DUMP_CACHE, by default beside the store); later exports of the same store state copy it.
    """
    from .store import dumps

    cache = None if live else dumps.for_settings(obj.settings)
    opened_at = cache.state() if cache is not None and not graph and Path(obj.settings.store).is_dir() else None
    with obj.store(read_only=_reader(obj)) as store:
        if output:
            tmp = output.with_name(output.name + ".part")
            with open(tmp, "wb") as out:
                dumps.export(store, out, fmt, graph, cache, opened_at)
            tmp.replace(output)
        else:
            dumps.export(store, sys.stdout.buffer, fmt, graph, cache, opened_at)
            sys.stdout.buffer.flush()


@cli.command()
@click.option("--format", "-f", "fmt", type=click.Choice(["table", "json"]), default="table", show_default=True)
@click.pass_obj
def stats(obj: Context, fmt):
    """Triples per graph and instances per class."""
    from .stats import store_stats

    with obj.store(read_only=_reader(obj)) as store:
        click.echo(store_stats(store, fmt))


@cli.command()
@click.argument("document")
@click.pass_obj
def drop(obj: Context, document):
    """Remove a document (by symbol, document IRI, graph IRI or source file name) from the store."""
    from .stats import graphs_of_document

    with obj.store() as store:
        graphs = graphs_of_document(store, document)
        if not graphs:
            raise UsageError(f"no document {document!r} in the store: `unkg query documents` lists them")
        store.drop_graphs(graphs)
    for g in graphs:
        click.echo(f"dropped {g}")


@cli.command()
@click.option("--to", "to", required=True, metavar="URL", help="The server: sparql+http(s)://host:port/sparql (updates go to "
              "UNKG_UPDATE_URL when set; credentials from UNKG_STORE_USER/UNKG_STORE_PASSWORD or UNKG_STORE_TOKEN).")
@click.option("-q", "--quiet", is_flag=True, help="No progress bar, only the summary line.")
@click.pass_obj
def push(obj: Context, to, quiet):
    """Copy every graph of the embedded store into a SPARQL 1.1 server, each graph replaced whole."""
    from .store.sparql import SparqlStore, push as push_graphs

    if obj.settings.is_remote:
        raise UsageError("push copies an embedded store: give its folder with --store, and the server with --to")
    target_settings = obj.settings.replace(store=to)
    if not target_settings.is_remote:
        raise UsageError(f"--to {to!r}: give the server as sparql+http://host:port/sparql")
    with obj.store(read_only=True) as source, SparqlStore.from_settings(target_settings) as target:
        graphs, triples = push_graphs(source, target, progress=not quiet and sys.stderr.isatty())
    click.echo(f"pushed {graphs} graph(s), {triples} triples to {to}")


@cli.command()
@click.option("--host", help="Interface to listen on [env UNKG_HOST; default 127.0.0.1].")
@click.option("--port", type=int, help="Port [env UNKG_PORT; default 8000].")
@click.option("--workers", type=click.IntRange(1, 64), help="HTTP worker processes [env UNKG_WORKERS; default 1].")
@click.pass_obj
def serve(obj: Context, host, port, workers):
    """Serve the SPARQL endpoint, linked data, the graph API and the explorer over HTTP."""
    from .api.server import run_server

    run_server(obj.settings.replace(host=host, port=port, workers=workers))


def _reader(obj: Context) -> bool:
    """Commands that only read open an embedded store read-only, so a running server does not block them."""
    return not obj.settings.is_remote


def _write(text: str, output: Path | None) -> None:
    if output:
        output.write_text(text, encoding="utf-8")
    else:
        sys.stdout.write(text)


def main(argv: list[str] | None = None) -> None:
    try:
        cli.main(args=argv, prog_name="unkg", standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("unkg: aborted", err=True)
        sys.exit(2)
    except click.ClickException as e:
        e.show()
        sys.exit(2)
    except UnkgError as e:
        click.echo(f"unkg: {e.message}", err=True)
        report = getattr(e, "report", "")
        if report:
            click.echo(report, err=True)
        sys.exit(e.exit_code)
    except BrokenPipeError:
        sys.exit(0)
    except KeyboardInterrupt:
        click.echo("unkg: interrupted; every document written so far is complete", err=True)
        sys.exit(130)
    except Exception as e:  # the last line of defence: one line, never a stack trace
        if os.environ.get("UNKG_DEBUG"):
            raise
        click.echo(f"unkg: internal error: {type(e).__name__}: {str(e).splitlines()[0] if str(e) else ''} "
                   f"(set UNKG_DEBUG=1 for the trace, and please report it)", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
