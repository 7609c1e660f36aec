"""Matching speed: candidates for one request against a 100k-client index, and index build time.

    .venv/bin/python benchmarks/matching_speed.py [--clients 100000] [--queries 500] [--seed 11]

The caseload and the requests come from the labelled generator in matching_quality.py (families in
seven cultures, native scripts and Latin spellings); half the requests are retyped clients, half
new people. Prints JSON: index build seconds, rank() p50/p95/max milliseconds.
"""

from __future__ import annotations

import argparse
import json
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from matching_quality import hard_negative, make_population, to_record

from caseworker.core.matching import MatchIndex, rank


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--queries", type=int, default=500)
    parser.add_argument("--seed", type=int, default=11)
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    people = make_population(rng, args.clients)
    records = [to_record(f"c{i}", p, rng, retyped=False) for i, p in enumerate(people)]
    t0 = time.perf_counter()
    index = MatchIndex.build(records)
    build_s = time.perf_counter() - t0
    queries = []
    for q in range(args.queries):
        if q % 2:
            queries.append(to_record(f"q{q}", rng.choice(people), rng, retyped=True))
        else:
            queries.append(to_record(f"q{q}", hard_negative(rng, people)[1], rng, retyped=True))
    timings = []
    for query in queries:
        t0 = time.perf_counter()
        rank(query, index, limit=5)
        timings.append((time.perf_counter() - t0) * 1000)
    timings.sort()
    print(
        json.dumps(
            {
                "benchmark": "matching_speed",
                "clients": len(index),
                "queries": len(queries),
                "index_build_s": round(build_s, 2),
                "rank_ms_p50": round(statistics.median(timings), 2),
                "rank_ms_p95": round(timings[int(0.95 * (len(timings) - 1))], 2),
                "rank_ms_max": round(timings[-1], 2),
                "goal_ms": 100,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
