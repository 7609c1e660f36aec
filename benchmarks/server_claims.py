"""Claims per second on the intake server with concurrent claimers, on PostgreSQL and SQLite.

Each engine: a fresh database with ITEMS queued requests, a real ``caseworker-server`` subprocess
(uvicorn, one process), WORKERS separate processes each claiming BATCH items at a time and acking
them in one batch call until the queue is empty. Reports items claimed+acked per second, request
latency figures, and the exactness checks (double claims, double acks, lost items: all must be 0).

    .venv/bin/python benchmarks/server_claims.py [--items 20000] [--workers 8] [--batch 10]
                                                 [--engines postgresql,sqlite]

PostgreSQL runs durable (fsync and synchronous_commit on, as in production); SQLite runs in WAL
with synchronous=FULL, as the server configures it. Client processes share the machine's cores
with the server (on 2 cores, the HTTP layer is the limit; see PLATFORM-NOTES "Work queues").
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import os
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import httpx  # noqa: E402
from sqlalchemy.orm import Session  # noqa: E402

from caseworker.server import migrations  # noqa: E402
from caseworker.server.db import make_engine  # noqa: E402
from caseworker.server.demo import seed_bulk  # noqa: E402
from tests.helpers.live_server import provision_device, start_live_server  # noqa: E402
from tests.helpers.postgres import start_postgres  # noqa: E402
from tests.helpers.queue_worker import drain  # noqa: E402


def log(msg: str) -> None:
    print(msg, file=sys.stderr, flush=True)


def run_engine(engine_name: str, items: int, workers: int, batch: int, tmp: Path) -> dict[str, Any]:
    pg = None
    if engine_name.startswith("postgresql"):
        # "postgresql-async": synchronous_commit=off (a crash may lose the last few hundred ms of
        # commits, never corrupts); plain "postgresql" is fully durable.
        extra = {"synchronous_commit": "off"} if engine_name == "postgresql-async" else {}
        pg = start_postgres(durable=True, extra_settings=extra)
        url = pg.create_database("bench")
    else:
        url = f"sqlite:///{tmp / 'bench.sqlite3'}"
    try:
        engine = make_engine(url)
        migrations.upgrade(engine)
        t = time.perf_counter()
        with Session(engine) as session:
            sids = set(seed_bulk(session, items, seed=1))
        engine.dispose()
        log(f"{engine_name}: seeded {items} items in {time.perf_counter() - t:.1f}s")
        server = start_live_server(url, log_dir=tmp)
        try:
            tokens = []
            for i in range(workers):
                code = provision_device(url, f"agency-{i % 3}")
                r = httpx.post(
                    server.api + "/enrol", json={"code": code, "device_name": f"bench-{i}"}, timeout=30
                )
                r.raise_for_status()
                tokens.append(r.json()["token"])
            ctx = multiprocessing.get_context("spawn")
            with ctx.Pool(workers) as pool:
                pool.map(abs, range(workers))  # start the processes before the clock starts
                started = time.perf_counter()
                results = pool.starmap(
                    drain, [(server.api, tok, batch, 0.0, i) for i, tok in enumerate(tokens)]
                )
                elapsed = time.perf_counter() - started
        finally:
            server.stop()
    finally:
        if pg is not None:
            pg.stop()
    acked = Counter(sid for r in results for sid in r["acked"])
    claims = Counter(c for r in results for c in r["claimed"])
    claimed_items = Counter(c[0] for c in claims)
    requests = sum(r["requests"] for r in results)
    out = {
        "engine": engine_name,
        "items": items,
        "workers": workers,
        "batch": batch,
        "seconds": round(elapsed, 2),
        "claims_per_second": round(sum(claims.values()) / elapsed, 1),
        "acked_per_second": round(sum(acked.values()) / elapsed, 1),
        "http_requests_per_second": round(requests / elapsed, 1),
        "double_claims": sum(1 for n in claimed_items.values() if n > 1),
        "double_acks": sum(1 for n in acked.values() if n > 1),
        "lost": len(sids - set(acked)),
        "per_worker_acked": sorted(len(r["acked"]) for r in results),
    }
    log(json.dumps(out))
    return out


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--items", type=int, default=20000)
    parser.add_argument("--workers", type=int, default=8)
    parser.add_argument("--batch", type=int, default=10)
    parser.add_argument("--engines", default="postgresql,sqlite", help="also: postgresql-async")
    args = parser.parse_args()
    results = []
    with tempfile.TemporaryDirectory(prefix="cw-claims-") as tmp:
        for name in args.engines.split(","):
            results.append(run_engine(name.strip(), args.items, args.workers, args.batch, Path(tmp)))
    print(
        json.dumps(
            {
                "benchmark": "server_claims",
                "cpu_count": os.cpu_count(),
                "load_average_1m": round(os.getloadavg()[0], 2),
                "results": results,
            },
            indent=2,
        )
    )
    return (
        0 if all(r["double_claims"] == 0 and r["double_acks"] == 0 and r["lost"] == 0 for r in results) else 1
    )


if __name__ == "__main__":
    raise SystemExit(main())
