"""python -m bench [--quick] …: run the benchmarks, print the table, write bench/results/*.json."""
from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

from .report import ratios, table, targets
from .run import Options, run

RESULTS = Path(__file__).resolve().parent / "results"
CACHE = Path(os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache") / "unkg-bench"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m bench", description="Benchmarks of unkg against rdflib + pySHACL.")
    ap.add_argument("--quick", action="store_true", help="100 documents only, short loads (about a minute)")
    ap.add_argument("--sizes", help="comma-separated corpus sizes (default 100,1000,10000)")
    ap.add_argument("--seed", type=int, default=0)
    ap.add_argument("--sample", type=int, default=100, help="documents ingested one by one at each size")
    ap.add_argument("--baseline-max", type=int, default=1000, help="largest size the rdflib baseline loads")
    ap.add_argument("--server-seconds", type=float, help="seconds of load per endpoint run")
    ap.add_argument("--workdir", type=Path, help="keep the corpus and the store here (emptied first)")
    ap.add_argument("--out", type=Path, default=RESULTS, help="folder of the JSON results")
    ap.add_argument("--cache", type=Path, default=CACHE,
                    help=f"where bulk-extracted N-Quads are kept between runs (default {CACHE})")
    ap.add_argument("--no-cache", action="store_true", help="extract every bulk-loaded document again")
    ap.add_argument("--all-params", action="store_true",
                    help="time every parameter of each named query (default: its first; adds minutes)")
    args = ap.parse_args(argv)
    if args.sizes:
        try:
            sizes = sorted({int(s) for s in args.sizes.split(",") if s.strip()})
        except ValueError:
            print("bench: --sizes takes whole numbers such as 100,1000", file=sys.stderr)
            return 2
    else:
        sizes = [100] if args.quick else [100, 1000, 10000]
    opts = Options(sizes=sizes, seed=args.seed, sample=args.sample, baseline_max=args.baseline_max,
                   workdir=args.workdir, keep=args.workdir is not None, quick=args.quick, all_params=args.all_params,
                   server_seconds=args.server_seconds or (2.0 if args.quick else 5.0),
                   validate_timeout=30.0 if args.quick else 90.0,
                   cache=None if args.no_cache else args.cache,
                   baseline_timeout=120.0 if args.quick else 300.0,
                   shacl_limit=20.0 if args.quick else 30.0)
    results = run(opts)
    results["ratios"] = ratios(results)
    results["targets"] = targets(results)
    text = table(results)
    print(text)
    args.out.mkdir(parents=True, exist_ok=True)
    name = "quick" if args.quick else ("full" if sizes == [100, 1000, 10000] else "sizes-" + "-".join(map(str, sizes)))
    name += "-all-params.json" if args.all_params else ".json"
    (args.out / name).write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nresults written to {args.out / name}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
