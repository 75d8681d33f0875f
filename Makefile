# unkg — the two commands a newcomer needs: `make run` and `make test`.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
STORE  ?= data/store
HOST   ?= 127.0.0.1
PORT   ?= 8000
# the documents `make run` ingests: CORPUS=path, else ../shared/corpus when present, else a generated sample
CORPUS ?= $(if $(wildcard ../shared/corpus),../shared/corpus,)
PIP    := $(BIN)/pip install --quiet --disable-pip-version-check

.PHONY: run test install dev system-deps graph serve bench clean

$(BIN)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PIP) --upgrade pip
	$(PIP) -e '.[dev]'
	touch $@

install dev: $(BIN)/.installed

system-deps:
	bash scripts/system-deps.sh

graph: $(BIN)/.installed
	bash scripts/build-graph.sh "$(STORE)" "$(CORPUS)"

run: graph
	@echo "SPARQL endpoint: http://$(HOST):$(PORT)/sparql"
	@echo "API docs:        http://$(HOST):$(PORT)/docs"
	@echo "Example:         http://$(HOST):$(PORT)/id/resolution/ctoc-cop/8/4"
	$(BIN)/unkg --store $(STORE) serve --host $(HOST) --port $(PORT)

test: $(BIN)/.installed system-deps
	$(BIN)/python -m pytest -q -ra

bench: $(BIN)/.installed
	-@bash scripts/bench-deps.sh
	$(BIN)/python -m bench $(BENCHFLAGS)

clean:
	rm -rf $(VENV) data/store data/sample .pytest_cache
