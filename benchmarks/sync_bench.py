"""Pull + store + ack: N requests from a real caseworker-server into a real encrypted caseload.

    .venv/bin/python benchmarks/sync_bench.py [--items 10000] [--batch 100] [--create-clients]

Starts ``caseworker-server serve`` on a temporary SQLite file (127.0.0.1, a free port), seeds N queue
items, enrols a fresh caseload (SQLCipher), then times ``SyncEngine.pull_and_accept``: claim 100 at a
time, store each batch in one durable (synchronous=FULL) transaction, ack the batch. Prints JSON.
``--create-clients`` times agency IT's bulk mode instead: each request also becomes a client file
(profile, household, consent, first needs) in the storing transaction; acks go through the outbox.
The passphrase key derivation is set cheap: unlocking is not what is measured.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from caseworker.intake.sync import SyncEngine, enrol
from caseworker.server.db import make_engine
from caseworker.server.demo import seed_bulk
from caseworker.server.models import QueueItem
from caseworker.store import keyslots
from caseworker.store.caseload import Caseload
from caseworker.store.models import Client, IntakeSubmissionRow
from tests.helpers.live_server import provision_device, start_live_server


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--items", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=100)
    parser.add_argument("--create-clients", action="store_true")
    args = parser.parse_args(argv)
    keyslots.DEFAULT_KDF = keyslots.KdfParams.insecure_fast()
    with tempfile.TemporaryDirectory() as tmp:
        tmpdir = Path(tmp)
        db_url = f"sqlite:///{tmpdir / 'intake.sqlite3'}"
        server = start_live_server(db_url, log_dir=tmpdir)
        try:
            engine = make_engine(db_url)
            with Session(engine) as session:
                seed_bulk(session, args.items, seed=1)
            caseload, _ = Caseload.create(tmpdir / "caseload", "bench", "correct horse battery staple")
            try:
                enrol(caseload, server.url, provision_device(db_url), "bench desk")
                sync = SyncEngine.for_caseload(caseload)
                t0 = time.perf_counter()
                report = sync.pull_and_accept(batch=args.batch, create_clients=args.create_clients)
                elapsed = time.perf_counter() - t0
                sync.close()
                with caseload.session() as s:
                    stored = s.scalar(select(func.count()).select_from(IntakeSubmissionRow))
                    clients = s.scalar(select(func.count()).select_from(Client))
            finally:
                caseload.close()
            with Session(engine) as session:
                still_open = session.scalar(select(func.count()).select_from(QueueItem))
            engine.dispose()
        finally:
            server.stop()
    print(
        json.dumps(
            {
                "benchmark": "sync_pull_store_ack" + ("_create_clients" if args.create_clients else ""),
                "items": args.items,
                "batch": args.batch,
                "seconds": round(elapsed, 2),
                "items_per_second": round(args.items / elapsed, 1),
                "stored": stored,
                "acked": report.acked + report.outbox_sent,
                "clients_created": report.clients_created,
                "client_files_in_caseload": clients,
                "server_items_still_open": still_open,
                "goal_seconds": 30,
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
