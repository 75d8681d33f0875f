#!/usr/bin/env bash
# Builds the graph `make run` serves: reference data + the corpus (or a generated sample),
# then validates it. usage: build-graph.sh STORE [CORPUS]
set -eu
store=$1; corpus=${2:-}
bin=.venv/bin
if [ -z "$corpus" ]; then
  corpus=data/sample
  [ -d "$corpus" ] || $bin/python -m unkg.sample "$corpus"
fi
echo "building the graph in $store from $corpus"
$bin/unkg --store "$store" ingest --quiet --keep-going "$corpus" || echo "(some files were refused; see above)"
$bin/unkg --store "$store" validate >/dev/null && echo "the graph conforms to the shapes" || echo "validation found problems: run 'unkg --store $store validate'"
