"""Child process of the named-query benchmark: opens the store read-only and times each case
through unkg's store layer (`run_named`) and on raw pyoxigraph (same text and bindings, bound
the way unkg's store binds them: bench.queries.split_bindings), the two run in turn.

    python -m bench.query_worker JOB.json

prints {"start": label} before a case and the case's figures after it, one JSON object per
line, so that the parent can stop a case that runs past its time limit (pyoxigraph cannot be
interrupted from Python) and go on with the next one in a new worker."""
from __future__ import annotations

import json
import sys

from .measure import percentiles, repeat, repeat_paired


def main(job_path: str) -> None:
    import pyoxigraph as ox

    from unkg.querylib import load, prepare, run_named
    from unkg.store.oxigraph import OxigraphStore, to_ox

    from .queries import split_bindings

    job = json.loads(open(job_path, encoding="utf-8").read())
    store = OxigraphStore(job["store"], read_only=True)
    raw_store = store._store            # the pyoxigraph.Store under unkg's store layer
    max_rows, budget = job["max_rows"], job["budget"]
    for case in job["cases"]:
        print(json.dumps({"start": case["label"]}), flush=True)
        entry: dict = {"label": case["label"]}
        rows = {}

        def through_unkg():
            try:
                rows["n"] = len(run_named(store, case["name"], case["raw"], limit=max_rows).rows)
            except Exception:
                rows["failed"] = True
                raise

        def failed(e: Exception) -> None:
            """One failing query is reported; the others are measured."""
            side = "unkg" if rows.get("failed") else "pyoxigraph"
            entry[side] = {"error": f"{type(e).__name__}: {getattr(e, 'message', str(e)).splitlines()[0][:200]}"}
            print(json.dumps(entry), flush=True)

        # the text and bindings run_named runs; a symbol or a name it narrows to its subject is
        # given to raw pyoxigraph as run_named found it (the lookup is not timed there)
        try:
            plan = prepare(store, load(case["name"]), case["raw"])
        except Exception as e:  # noqa: BLE001
            rows["failed"] = True
            failed(e)
            continue
        if plan is None:            # the value names nothing: run_named answers from the lookup alone
            try:
                entry["unkg"] = percentiles(repeat(through_unkg, min_runs=3, budget=budget))
            except Exception as e:  # noqa: BLE001
                failed(e)
                continue
            entry["rows"] = rows.get("n")
            print(json.dumps({**entry, "pyoxigraph": {"skipped": "no subject to narrow to"}}), flush=True)
            continue
        text, pushed, _ = split_bindings(*plan[:2])
        substitutions = {ox.Variable(k): to_ox(v) for k, v in pushed.items()}
        entry["substituted"] = sorted(pushed)

        def raw():
            # the default graph: unkg keeps the union there
            for i, _ in enumerate(raw_store.query(text, substitutions=substitutions)):
                if i + 1 >= max_rows:
                    break

        # in turn, so that the ratio compares runs made under the same load
        try:
            through, bare = repeat_paired(through_unkg, raw, min_runs=3, budget=budget)
        except Exception as e:  # noqa: BLE001
            failed(e)
            continue
        entry["unkg"], entry["rows"] = percentiles(through), rows.get("n")
        entry["pyoxigraph"] = percentiles(bare)
        p_u, p_r = entry["unkg"]["p50_ms"], entry["pyoxigraph"]["p50_ms"]
        entry["store_over_raw"] = round(p_u / p_r, 2) if p_r else None
        print(json.dumps(entry), flush=True)
    print(json.dumps({"done": True}), flush=True)


if __name__ == "__main__":
    main(sys.argv[1])
