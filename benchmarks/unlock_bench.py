"""Unlock cost of an encrypted caseload, split into its parts. Prints JSON.

    .venv/bin/python benchmarks/unlock_bench.py [--clients 2000] [--repeat 5]

Figures (median seconds unless named otherwise):
  kdf_s                  Argon2id with the production parameters (the passphrase share of unlock)
  unwrap_s               whole passphrase-slot unwrap (KDF + AES-GCM + X25519)
  recovery_unwrap_s      recovery-key unwrap (HKDF: no KDF cost, the key is 160 random bits)
  open_engine_s          first keyed connection: key check + pinned-setting checks
  integrity_check_s      PRAGMA cipher_integrity_check over the whole file (done at every open)
  migrate_s              migrate.upgrade when already current
  open_total_excl_kdf_s  Caseload.open through the recovery slot: engine, checks, migrate, user
  connection_open_ms     one more pooled connection (raw key, no KDF), median of 200
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))


def median_time(fn, repeat: int) -> float:  # type: ignore[no-untyped-def]
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--clients", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=5)
    args = parser.parse_args()

    from caseworker.store import keyslots, migrate
    from caseworker.store.caseload import Caseload, Unlocker
    from caseworker.store.engine import DB_NAME, connect_raw, open_engine
    from caseworker.store.repos import clients

    params = keyslots.DEFAULT_KDF
    kdf = {
        "algorithm": "argon2id",
        "salt": keyslots._b64(os.urandom(16)),
        "iterations": params.iterations,
        "memory_kib": params.memory_kib,
        "lanes": params.lanes,
    }
    kdf_s = median_time(lambda: keyslots._derive_argon2(b"benchmark passphrase", kdf), args.repeat)

    with tempfile.TemporaryDirectory() as tmp:
        directory = Path(tmp) / "caseload"
        passphrase = "benchmark passphrase"
        cl, recovery = Caseload.create(directory, "bench", passphrase)
        with cl.session() as session:
            for i in range(args.clients):
                clients.create_client(session, cl.user.id, given_name=f"Given{i}", family_name=f"Family{i}")
        cl.close()
        size = (directory / DB_NAME).stat().st_size

        ks = keyslots.load(directory)
        unwrap_s = median_time(lambda: keyslots.unwrap_passphrase(ks, "bench", passphrase), args.repeat)
        recovery_s = median_time(lambda: keyslots.unwrap_recovery(ks, recovery), args.repeat)
        key = keyslots.unwrap_passphrase(ks, "bench", passphrase).data_key

        def engine_only() -> None:
            open_engine(directory / DB_NAME, key).dispose()

        open_engine_s = median_time(engine_only, args.repeat)
        engine = open_engine(directory / DB_NAME, key)

        def integrity() -> None:
            with engine.connect() as conn:
                conn.exec_driver_sql("PRAGMA cipher_integrity_check").fetchall()

        integrity_s = median_time(integrity, args.repeat)
        migrate_s = median_time(lambda: migrate.upgrade(engine), args.repeat)
        engine.dispose()

        totals = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            Caseload.open(directory, Unlocker.passphrase("bench", passphrase)).close()
            totals.append(time.perf_counter() - start)
        open_total = statistics.median(totals)
        # The same open through the recovery slot (HKDF, ~0.1 ms): everything but the KDF.
        excl = []
        for _ in range(args.repeat):
            start = time.perf_counter()
            Caseload.open(directory, Unlocker.recovery(recovery)).close()
            excl.append(time.perf_counter() - start)
        open_excl_kdf = statistics.median(excl)

        conn_times = []
        for _ in range(200):
            start = time.perf_counter()
            connect_raw(directory / DB_NAME, key).close()
            conn_times.append(time.perf_counter() - start)

    print(
        json.dumps(
            {
                "benchmark": "unlock",
                "clients": args.clients,
                "db_bytes": size,
                "kdf": {
                    "algorithm": "argon2id",
                    "iterations": params.iterations,
                    "memory_kib": params.memory_kib,
                    "lanes": params.lanes,
                },
                "kdf_s": round(kdf_s, 4),
                "unwrap_s": round(unwrap_s, 4),
                "recovery_unwrap_s": round(recovery_s, 5),
                "open_engine_s": round(open_engine_s, 5),
                "integrity_check_s": round(integrity_s, 5),
                "migrate_s": round(migrate_s, 5),
                "open_total_s": round(open_total, 4),
                "open_total_excl_kdf_s": round(open_excl_kdf, 4),
                "connection_open_ms": round(statistics.median(conn_times) * 1000, 3),
                "connection_open_p95_ms": round(sorted(conn_times)[int(len(conn_times) * 0.95)] * 1000, 3),
            },
            indent=2,
        )
    )


if __name__ == "__main__":
    main()
