"""Benchmarks of unkg: ingest, validation, named queries, the SPARQL endpoint and REST API,
exports, memory and disk, each against the baseline most Python users would pick (rdflib's
in-memory graph, its SPARQL engine and pySHACL) in the same run.

    python -m bench [--quick] [--sizes 100,1000,10000] [--out bench/results]

docs/performance.md explains what is measured and how to read the table.
"""
