"""The demo queue: enrol the demo caseload with the embedded intake server and fill the queue with a few
dozen multilingual requests, some of them retyped copies of demo clients (so triage has matches to find).

No Qt. Used by the demo launcher (``python -m caseworker.gui.demo``) after it has started the server,
and by ``scripts/intake_screenshots.py``::

    from caseworker.gui.intake.demo import prepare_demo_intake
    prepare_demo_intake(folder, db_url, url)     # caseload folder, server database URL, server address

Safe to run at every start: enrolment happens once (the token is kept in the caseload); the requests
have fixed submission ids, so pushing them again is a harmless replay.
"""

from __future__ import annotations

import json
import random
import socket
import subprocess
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from caseworker.core import synthetic
from caseworker.intake.schema import IntakeSubmission
from caseworker.intake.sync import Device, NotEnrolled, enrol, load_device
from caseworker.intake.synthetic import demo_submissions
from caseworker.store.caseload import Caseload, Unlocker

DEMO_AGENCY = "nwd-ottawa"  # one of caseworker.server.demo.DEMO_AGENCIES (postal codes K1, K2)
OTTAWA_FSAS = ("K1N", "K1R", "K1S", "K2P", "K1Y", "K2B")


@dataclass(frozen=True)
class DemoQueue:
    pushed: int
    duplicates: int
    agency: str


def _server_cli() -> list[str]:
    exe = Path(sys.executable).with_name("caseworker-server")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "caseworker.server.cli"]


def enrolment_code(db_url: str, agency: str = DEMO_AGENCY) -> str:
    """A one-time code from the server's admin command (what agency IT would hand out)."""
    out = subprocess.run(
        [*_server_cli(), "admin", "--db", db_url, "create-enrolment-code", agency, "--label", "demo desk"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    data = json.loads(out)
    code = data.get("code") if isinstance(data, dict) else None
    if not code:
        raise RuntimeError("the server did not print an enrolment code")
    return str(code)


def _at(seconds: float) -> Callable[[], float]:
    return lambda: seconds


def _submit_at(db_url: str, subs: list[IntakeSubmission]) -> None:
    from caseworker.server.app import load_secret_key
    from caseworker.server.config import Settings
    from caseworker.server.db import make_engine, make_session_factory
    from caseworker.server.errors import Conflict
    from caseworker.server.intake_store import submit

    engine = make_engine(db_url)
    try:
        factory = make_session_factory(engine, secret_key=load_secret_key(engine, Settings(db_url=db_url)))
        for sub in subs:
            with factory() as session:
                try:
                    submit(session, sub, clock=_at(sub.created_at.timestamp()))
                except Conflict:  # seeded before: keep the first copy
                    session.rollback()
    finally:
        engine.dispose()


def demo_requests(
    seed: int | str, clients: int, count: int, *, duplicate_share: float = 0.3, now: datetime | None = None
) -> list[tuple[IntakeSubmission, bool]]:
    """``count`` requests; about ``duplicate_share`` retype a demo client. Two in three live in Ottawa
    (the demo desk's area); the rest are routed elsewhere or stay unrouted."""
    people = synthetic.people_for_clients(seed, clients)
    rng = random.Random(f"{seed}/demo-desk")
    out: list[tuple[IntakeSubmission, bool]] = []
    for sub, key in demo_submissions(
        seed, count, now=now or datetime.now(UTC), existing_people=people, duplicate_share=duplicate_share
    ):
        if rng.random() < 0.67:
            postal = f"{rng.choice(OTTAWA_FSAS)} {rng.randint(1, 9)}A{rng.randint(1, 9)}"
            sub = sub.model_copy(update={"person": sub.person.model_copy(update={"postal_code": postal})})
        out.append((sub, key is not None))
    return out


def prepare_demo_intake(
    caseload_dir: Path,
    db_url: str,
    server_url: str,
    *,
    username: str | None = None,
    passphrase: str | None = None,
    seed: int | str = 1,
    clients: int = 400,
    count: int = 30,
    kdf: object | None = None,
) -> DemoQueue:
    """Enrol the demo caseload (once) and submit the demo requests (replays are harmless)."""
    from caseworker.store.demo import DEMO_PASSPHRASE, DEMO_USERS

    unlocker = Unlocker.passphrase(username or DEMO_USERS[0].username, passphrase or DEMO_PASSPHRASE)
    options = {"kdf": kdf} if kdf is not None else {}
    caseload = Caseload.open(caseload_dir, unlocker, **options)  # type: ignore[arg-type]
    try:
        device: Device | None = None
        try:
            device = load_device(caseload)
        except NotEnrolled:
            pass
        if device is None or device.server_url != server_url.rstrip("/"):
            # first start, or the demo server came up on another port: enrol (again)
            device = enrol(caseload, server_url, enrolment_code(db_url), socket.gethostname() or "demo desk")
    finally:
        caseload.close()
    requests = demo_requests(seed, clients, count)
    # through the server's own submit, on the day the newcomer sent it, so waiting times vary
    _submit_at(db_url, [sub for sub, _dup in requests])
    pushed, dups = len(requests), sum(1 for _sub, dup in requests if dup)
    return DemoQueue(pushed, dups, device.agency_name)
