"""Submission latency with 50 concurrent submitters (p50/p95/p99), on SQLite and PostgreSQL.

Each submitter posts complete, valid intake submissions (synthetic, multilingual) as JSON to the
server's submission endpoint (``POST /api/v1/submissions``, the path a volunteer's laptop uses; the
public HTML form's final step calls the same ``intake_store.submit``: strict parsing, validation,
routing, one durable transaction). A real ``caseworker-server`` subprocess; clients are asyncio
tasks in one other process.

    .venv/bin/python benchmarks/server_submit.py [--submitters 50] [--per-submitter 20]
                                                 [--engines sqlite,postgresql]
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402

from caseworker.server.demo import submission_dict  # noqa: E402
from tests.helpers.live_server import provision_device, start_live_server  # noqa: E402
from tests.helpers.postgres import start_postgres  # noqa: E402
from tests.helpers.submitters import run  # noqa: E402


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    k = max(0, min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1))))
    return ordered[k]


def run_engine(name: str, submitters: int, per: int, tmp: Path) -> dict[str, Any]:
    pg = None
    if name == "postgresql":
        pg = start_postgres(durable=True)
        url = pg.create_database("bench")
    else:
        url = f"sqlite:///{tmp / f'submit-{time.time_ns()}.sqlite3'}"
    extra = ["--sqlite-synchronous", "NORMAL"] if name == "sqlite-normal" else []
    rng = random.Random(5)
    work = [
        [json.dumps(submission_dict(rng), ensure_ascii=False).encode() for _ in range(per)]
        for _ in range(submitters)
    ]
    try:
        server = start_live_server(url, log_dir=tmp, extra_args=extra)
        try:
            code = provision_device(url, "bench-agency")
            token = httpx.post(server.api + "/enrol", json={"code": code, "device_name": "bench"}).json()[
                "token"
            ]
            try:
                latencies, errors, elapsed = run(server.url, token, work)
            except Exception:
                log(server.log_text()[-3000:])
                raise
        finally:
            server.stop()
    finally:
        if pg is not None:
            pg.stop()
    ms = [x * 1000 for x in latencies]
    out = {
        "engine": name,
        "submitters": submitters,
        "submissions": len(ms),
        "errors": len(errors),
        "seconds": round(elapsed, 2),
        "submissions_per_second": round(len(ms) / elapsed, 1),
        "p50_ms": round(statistics.median(ms), 1),
        "p95_ms": round(percentile(ms, 95), 1),
        "p99_ms": round(percentile(ms, 99), 1),
        "max_ms": round(max(ms), 1),
        "mean_body_bytes": round(sum(len(b) for w in work for b in w) / len(ms)),
    }
    log(json.dumps(out))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--submitters", type=int, default=50)
    parser.add_argument("--per-submitter", type=int, default=20)
    parser.add_argument(
        "--engines", default="sqlite,postgresql", help="also: sqlite-normal (synchronous=NORMAL)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="cw-submit-", ignore_cleanup_errors=True) as tmp:
        results = [
            run_engine(name.strip(), args.submitters, args.per_submitter, Path(tmp))
            for name in args.engines.split(",")
        ]
    print(
        json.dumps(
            {
                "benchmark": "server_submit",
                "cpu_count": os.cpu_count(),
                "load_average_1m": round(os.getloadavg()[0], 2),
                "results": results,
            },
            indent=2,
        )
    )
    return 0 if all(r["errors"] == 0 for r in results) else 1


if __name__ == "__main__":
    raise SystemExit(main())
