"""Encrypted caseload vs the same schema in a plain SQLite file, side by side in one run. Prints JSON.

    .venv/bin/python benchmarks/store_bench.py                               # 100k clients, 1M notes
    .venv/bin/python benchmarks/store_bench.py --clients 5000 --notes 50000  # a quick run

Both files get exactly the same rows: the demo generator (caseworker.store.demo) produces each batch
once and it is written to the encrypted caseload and to the plain file in turn, each write timed on
its own (generation is timed separately and counted in neither). The plain file is opened with the
same sqlcipher3 module and SQLite build, without a key, with the same pragmas and the same migrations.

Figures (seconds, or milliseconds where named _ms; p50/p95 over --queries queries after a warm-up):
  bulk_load_s            executemany of every row + FTS triggers + audit events (one per client file)
  name_search_latin      repos.clients.search_clients("moh al-kh")-style prefix queries in Latin letters
  name_search_native     the same in the client's own script (Arabic, Cyrillic, Ge'ez, Chinese...)
  identifier_lookup      a UCI typed without dashes (exact identifier path of search_client_ids)
  phone_lookup           a phone number as typed, e.g. "613-555-0142"
  note_search_word       repos.notes.search_notes with one common word (tens of thousands of matches)
  note_search_word_and_name  the same with a word and a client's given name (few matches)
  unlock                 encrypted: passphrase unlock (Caseload.open, its defaults) and its parts:
                         kdf_s (passphrase-slot unwrap, Argon2id); open_excl_kdf (through the recovery
                         slot, which needs no memory-hard KDF) with the default integrity policy, with
                         the full-file HMAC check forced, and without it;
                         plain: engine + first connection + migration check + user lookup
  file_size_bytes        database + WAL after a checkpoint
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import sqlalchemy as sa
import sqlcipher3
from sqlalchemy.orm import Session
from sqlalchemy.pool import QueuePool

from caseworker.core.domain import Role
from caseworker.store import demo, keyslots, migrate, search
from caseworker.store.caseload import Caseload, Unlocker
from caseworker.store.engine import DB_NAME
from caseworker.store.models import Client, Identifier
from caseworker.store.repos import clients as clients_repo
from caseworker.store.repos import notes as notes_repo
from caseworker.store.repos import users as users_repo

USER = "supervisor"
PASSPHRASE = "benchmark passphrase 2026"
NOTE_WORDS = ("bank", "housing", "interpreter", "LINC", "voicemail", "doctor", "résumé", "tax", "school")


def log(msg: str) -> None:
    sys.stderr.write(f"[store_bench] {msg}\n")
    sys.stderr.flush()


def plain_engine(path: Path) -> sa.Engine:
    """The same SQLite build without a key, with the pragmas store/engine.py sets."""

    def creator() -> Any:
        conn = sqlcipher3.connect(str(path), timeout=5, check_same_thread=False)
        conn.execute("PRAGMA temp_store = MEMORY")
        conn.execute("PRAGMA busy_timeout = 5000")
        conn.execute("PRAGMA journal_mode = WAL")
        conn.execute("PRAGMA synchronous = NORMAL")
        conn.execute("PRAGMA foreign_keys = ON")
        return conn

    return sa.create_engine(
        "sqlite://", creator=creator, module=sqlcipher3, poolclass=QueuePool, pool_size=4, max_overflow=4
    )


def open_plain(path: Path) -> sa.Engine:
    engine = plain_engine(path)
    migrate.upgrade(engine)
    with Session(engine) as s:
        users_repo.get_user_by_name(s, USER)
    return engine


def pct(values: list[float]) -> dict[str, float]:
    ordered = sorted(values)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"p50_ms": round(statistics.median(ordered) * 1000, 3), "p95_ms": round(p95 * 1000, 3)}


def timed_pair(
    engines: dict[str, sa.Engine], fn: Any, queries: list[str], warmup: int = 20
) -> dict[str, Any]:
    """Time each query on both files in turn (alternating which goes first), so that a busy machine
    slows both sides alike rather than whichever happened to run during a burst."""
    sessions = {name: Session(engine) for name, engine in engines.items()}
    names = list(sessions)
    times: dict[str, list[float]] = {name: [] for name in names}
    hits: dict[str, int] = {name: 0 for name in names}
    try:
        for q in queries[:warmup]:
            for session in sessions.values():
                fn(session, q)
        for i, q in enumerate(queries):
            for name in names if i % 2 == 0 else names[::-1]:
                start = time.perf_counter()
                found = fn(sessions[name], q)
                times[name].append(time.perf_counter() - start)
                hits[name] += bool(found)
    finally:
        for session in sessions.values():
            session.close()
    out: dict[str, Any] = {}
    for name in names:
        out[name] = pct(times[name]) | {"hit_rate": round(hits[name] / max(1, len(queries)), 3)}
    out["queries"] = len(queries)
    return out


def search_names(s: Session, q: str) -> list[Any]:
    return clients_repo.search_clients(s, q, 50)


def search_ids(s: Session, q: str) -> list[int]:
    return clients_repo.search_client_ids(s, q, 50)


def search_notes(s: Session, q: str) -> list[Any]:
    """repos.notes.search_notes as the supervisor (sees private notes too)."""
    viewer = users_repo.get_user_by_name(s, USER)
    assert viewer is not None
    return notes_repo.search_notes(s, q, viewer.id)


def build_queries(engine: sa.Engine, n: int, seed: int) -> dict[str, list[str]]:
    rng = random.Random(seed)
    with Session(engine) as s:
        total = s.scalar(sa.select(sa.func.max(Client.id))) or 0
        ids = sorted(rng.sample(range(1, total + 1), min(total, n * 3)))
        rows = s.execute(
            sa.select(
                Client.id,
                Client.given_name,
                Client.family_name,
                Client.given_name_latin,
                Client.family_name_latin,
                Client.phone,
            ).where(Client.id.in_(ids))
        ).all()
        ucis = s.scalars(sa.select(Identifier.value).limit(n * 20)).all()
    latin, native, phones = [], [], []
    for r in rows:
        g_l = r.given_name_latin or r.given_name
        f_l = r.family_name_latin or r.family_name
        if g_l and f_l and g_l.isascii():
            latin.append(f"{g_l[: rng.randint(3, 5)]} {f_l[: rng.randint(3, 6)]}".lower())
        if r.given_name_latin:  # the client has a native script name
            if search.has_no_space_script(r.family_name):
                native.append(r.family_name + r.given_name)  # Chinese typed as one word
            else:
                native.append(f"{r.given_name[: rng.randint(2, 4)]} {r.family_name[: rng.randint(2, 5)]}")
        if r.phone:
            p = r.phone[2:]
            phones.append(f"{p[:3]}-{p[3:6]}-{p[6:]}")
    note_words = [rng.choice(NOTE_WORDS) for _ in range(n)]  # many matches each, ranked
    note_names = [  # a word and a client's name: few matches
        f"{rng.choice(NOTE_WORDS)} {(r.given_name_latin or r.given_name).split(' ')[0]}" for r in rows[:n]
    ]
    return {
        "name_search_latin": latin[:n],
        "name_search_native": native[:n],
        "identifier_lookup": [u.replace("-", "") for u in rng.sample(list(ucis), min(n, len(ucis)))],
        "phone_lookup": phones[:n],
        "note_search_word": note_words,
        "note_search_word_and_name": note_names,
    }


def file_size(engine: sa.Engine, path: Path) -> int:
    with engine.connect() as conn:
        conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*") if p.is_file())


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=100_000)
    parser.add_argument("--notes", type=int, default=1_000_000)
    parser.add_argument("--queries", type=int, default=300)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--batch", type=int, default=5000, help="clients per bulk-insert transaction")
    parser.add_argument("--workdir", type=Path, default=None, help="where to build (default: a temp dir)")
    parser.add_argument("--keep", action="store_true", help="keep the two files for --reuse (prints where)")
    parser.add_argument("--reuse", type=Path, default=None, help="measure the files an earlier --keep left")
    args = parser.parse_args(argv)

    if args.reuse is not None:
        result = measure(args, args.reuse, json.loads((args.reuse / "load.json").read_text()))
    else:
        work = Path(tempfile.mkdtemp(prefix="store_bench_", dir=args.workdir))
        try:
            loaded = load(args, work)
            (work / "load.json").write_text(json.dumps(loaded))
            result = measure(args, work, loaded)
        finally:
            if args.keep:
                log(f"kept {work} (measure again with --reuse {work})")
            else:
                shutil.rmtree(work, ignore_errors=True)
    print(json.dumps(result, indent=2, ensure_ascii=False))


def load(args: argparse.Namespace, work: Path) -> dict[str, Any]:
    enc_dir = work / "encrypted"
    plain_path = work / "plain" / DB_NAME
    plain_path.parent.mkdir(parents=True)

    caseload, recovery = Caseload.create(enc_dir, USER, PASSPHRASE, role=Role.SUPERVISOR)
    plain = plain_engine(plain_path)
    migrate.upgrade(plain)
    with Session(plain) as s:
        users_repo.create_user(s, USER, Role.SUPERVISOR)
        s.commit()

    engines = {"encrypted": caseload.engine, "plain": plain}
    user_ids: dict[str, dict[str, int]] = {}
    ids: dict[str, Any] = {}
    for name, engine in engines.items():
        with Session(engine) as s:
            user_ids[name] = demo.ensure_users(s)
            s.commit()
        with engine.connect() as conn:
            ids[name] = demo._Ids.from_db(conn)
    assert user_ids["encrypted"] == user_ids["plain"]

    from datetime import UTC, datetime

    today = datetime.now(UTC).date()
    notes_per_client = args.notes / max(1, args.clients)
    load_s = {"encrypted": 0.0, "plain": 0.0}
    gen_s = 0.0
    counts: dict[str, int] = {}
    conns = {name: engine.connect() for name, engine in engines.items()}
    for conn in conns.values():
        conn.exec_driver_sql(f"PRAGMA cache_size = -{demo.BULK_CACHE_KIB}")
        conn.commit()
    batches = demo.generate(
        args.clients,
        args.seed,
        user_ids=user_ids["encrypted"],
        ids=ids["encrypted"],
        notes_per_client=notes_per_client,
        today=today,
        batch_size=args.batch,
    )
    done = 0
    while True:
        start = time.perf_counter()
        batch = next(batches, None)
        gen_s += time.perf_counter() - start
        if batch is None:
            break
        for name, conn in conns.items():
            start = time.perf_counter()
            demo.write_batch(
                conn, batch, actor_id=user_ids[name]["supervisor"], audit_mode=demo.AUDIT_PER_CLIENT
            )
            conn.commit()
            load_s[name] += time.perf_counter() - start
        for table, rows in batch.rows.items():
            counts[table] = counts.get(table, 0) + len(rows)
        done += batch.clients
        log(
            f"loaded {done:,}/{args.clients:,} clients "
            f"(enc {load_s['encrypted']:.1f}s, plain {load_s['plain']:.1f}s)"
        )
    for conn in conns.values():
        conn.exec_driver_sql("PRAGMA cache_size = -2000")
        conn.commit()
        conn.close()

    sizes = {
        "encrypted": file_size(caseload.engine, enc_dir / DB_NAME),
        "plain": file_size(plain, plain_path),
    }
    caseload.close()
    plain.dispose()
    return {
        "recovery_key": recovery,
        "rows": counts,
        "generate_s": round(gen_s, 2),
        "bulk_load_s": {k: round(v, 2) for k, v in load_s.items()},
        "file_size_bytes": sizes,
    }


def measure(args: argparse.Namespace, work: Path, loaded: dict[str, Any]) -> dict[str, Any]:
    enc_dir = work / "encrypted"
    plain_path = work / "plain" / DB_NAME
    recovery = loaded["recovery_key"]
    load_s = loaded["bulk_load_s"]
    sizes = loaded["file_size_bytes"]

    log("unlock")
    slots = keyslots.load(enc_dir)
    runs: dict[str, list[float]] = {
        k: [] for k in ("kdf", "total", "open", "open_int", "open_noint", "plain")
    }

    def clock(key: str, fn: Any) -> Any:
        start = time.perf_counter()
        value = fn()
        runs[key].append(time.perf_counter() - start)
        return value

    for _ in range(3):
        clock("kdf", lambda: keyslots.unwrap_passphrase(slots, USER, PASSPHRASE))
        clock("total", lambda: Caseload.open(enc_dir, Unlocker.passphrase(USER, PASSPHRASE))).close()
        # the recovery slot unwraps with HKDF, not the memory-hard KDF: the open cost without the KDF
        clock("open", lambda: Caseload.open(enc_dir, Unlocker.recovery(recovery))).close()
        clock(
            "open_int", lambda: Caseload.open(enc_dir, Unlocker.recovery(recovery), check_integrity=True)
        ).close()
        clock(
            "open_noint", lambda: Caseload.open(enc_dir, Unlocker.recovery(recovery), check_integrity=False)
        ).close()
        clock("plain", lambda: open_plain(plain_path)).dispose()
    med = {k: statistics.median(v) for k, v in runs.items()}

    log("queries")
    caseload = Caseload.open(enc_dir, Unlocker.passphrase(USER, PASSPHRASE), check_integrity=False)
    plain = open_plain(plain_path)
    engines = {"encrypted": caseload.engine, "plain": plain}
    queries = build_queries(plain, args.queries, args.seed)
    fns = {
        "name_search_latin": search_names,
        "name_search_native": search_names,
        "identifier_lookup": search_ids,
        "phone_lookup": search_ids,
        "note_search_word": search_notes,
        "note_search_word_and_name": search_notes,
    }
    figures: dict[str, dict[str, Any]] = {}
    for kind, qs in queries.items():
        log(kind)
        figures[kind] = timed_pair(engines, fns[kind], qs)
    caseload.close()
    plain.dispose()

    def ratio(a: float, b: float) -> float | None:
        return round(a / b, 3) if b else None

    ratios: dict[str, Any] = {"bulk_load": ratio(load_s["encrypted"], load_s["plain"])}
    for kind, fig in figures.items():
        ratios[f"{kind}_p50"] = ratio(fig["encrypted"]["p50_ms"], fig["plain"]["p50_ms"])
        ratios[f"{kind}_p95"] = ratio(fig["encrypted"]["p95_ms"], fig["plain"]["p95_ms"])
    ratios["open_excl_kdf"] = ratio(med["open"], med["plain"])
    ratios["open_excl_kdf_no_integrity_check"] = ratio(med["open_noint"], med["plain"])
    ratios["file_size"] = ratio(sizes["encrypted"], sizes["plain"])
    return {
        "benchmark": "store_bench",
        "parameters": {
            "clients": args.clients,
            "notes_target": args.notes,
            "seed": args.seed,
            "batch": args.batch,
        },
        "rows": loaded["rows"],
        "generate_s": loaded["generate_s"],
        "bulk_load_s": load_s,
        "search": figures,
        "unlock": {
            "encrypted_passphrase_unlock_total_s": round(med["total"], 3),
            "encrypted_kdf_s": round(med["kdf"], 3),
            "encrypted_open_excl_kdf_s": round(med["open"], 3),
            "encrypted_open_excl_kdf_with_integrity_check_s": round(med["open_int"], 3),
            "encrypted_open_excl_kdf_no_integrity_check_s": round(med["open_noint"], 3),
            "plain_open_s": round(med["plain"], 3),
        },
        "file_size_bytes": sizes,
        "ratios_encrypted_over_plain": ratios,
        "goal": "encrypted/plain <= 1.25 on every figure; name search p95 <= 20 ms",
    }


if __name__ == "__main__":
    main()
