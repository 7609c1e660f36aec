"""Plan rendering figures (JSON on stdout).

    .venv/bin/python benchmarks/plans_bench.py [--batch 500]

- one_plan_en_ar_ms: a 3-page English + Arabic plan, fonts registered but nothing shaped yet (the shaping
  cache is emptied before each of 15 renders; median); wall clock, and *_cpu_ms the process CPU time
  (less disturbed by other work on the machine); *_shaping_cached_* the same plan re-rendered
- first_plan_ms: the first render in a fresh process (font registration included)
- batch_ms / batch_per_plan_ms: N plans cycling through all 14 client languages, one process
- peak_rss_mb: ru_maxrss after the batch; tracemalloc_peak_mb: Python-heap peak of one en+ar render
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import statistics
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from caseworker.plans.fonts import load_font_book
from caseworker.plans.model import RenderOptions
from caseworker.plans.render import render_plan_bytes
from caseworker.plans.samples import SAMPLE_TEXT, sample_plan


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--batch", type=int, default=500)
    args = ap.parse_args()
    plan = sample_plan("ar")
    opts = RenderOptions(official="en", language="ar")
    t0 = time.perf_counter()
    data, result = render_plan_bytes(plan, opts)
    first = (time.perf_counter() - t0) * 1000
    book = load_font_book()
    times, cpu = [], []
    for _ in range(15):
        book.shape_cache.clear()  # nothing shaped before: as for the first plan of a session
        t0, c0 = time.perf_counter(), time.process_time()
        data, result = render_plan_bytes(plan, opts)
        times.append((time.perf_counter() - t0) * 1000)
        cpu.append((time.process_time() - c0) * 1000)
    cached = []
    for _ in range(15):
        c0 = time.process_time()
        render_plan_bytes(plan, opts)
        cached.append((time.process_time() - c0) * 1000)
    tracemalloc.start()
    render_plan_bytes(plan, opts)
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    langs = list(SAMPLE_TEXT)
    plans = [
        (sample_plan(langs[i % len(langs)], index=i), RenderOptions(language=langs[i % len(langs)]))
        for i in range(args.batch)
    ]
    t0, c0 = time.perf_counter(), time.process_time()
    total_bytes = 0
    for p, o in plans:
        d, _ = render_plan_bytes(p, o)
        total_bytes += len(d)
    batch = (time.perf_counter() - t0) * 1000
    batch_cpu = (time.process_time() - c0) * 1000
    print(
        json.dumps(
            {
                "one_plan_en_ar_ms": round(statistics.median(times), 1),
                "one_plan_en_ar_cpu_ms": round(statistics.median(cpu), 1),
                "one_plan_en_ar_shaping_cached_cpu_ms": round(statistics.median(cached), 1),
                "one_plan_en_ar_pages": result.pages,
                "one_plan_en_ar_bytes": len(data),
                "first_plan_ms": round(first, 1),
                "batch_plans": args.batch,
                "batch_ms": round(batch, 1),
                "batch_per_plan_ms": round(batch / args.batch, 2),
                "batch_cpu_ms": round(batch_cpu, 1),
                "load_average_1min": round(os.getloadavg()[0], 2),
                "batch_total_mb": round(total_bytes / 1e6, 1),
                "tracemalloc_peak_mb": round(peak / 1e6, 1),
                "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
