"""Synthetic submissions for demos, tests and benchmarks: invented people only, never real data.

Names come from short hand-written lists per language, written in their own scripts (Arabic,
Persian, Cyrillic, Ge'ez, Chinese, Latin), with a Latin transliteration as a newcomer might type it.
A fixed seed gives the same submissions (and the same submission ids), so seeding twice is harmless.
"""

from __future__ import annotations

import hashlib
import json
import random
import time
import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

from anyascii import anyascii
from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from caseworker.core.domain import (
    ContactPreference,
    ImmigrationCategory,
    NeedDomain,
    NewcomerStatus,
    Relationship,
)
from caseworker.intake.schema import IntakeSubmission
from caseworker.server import ids, intake_store, migrations, routing
from caseworker.server.admin import create_agency
from caseworker.server.clock import now_ms
from caseworker.server.config import Settings
from caseworker.server.db import make_engine, make_session_factory
from caseworker.server.errors import Conflict
from caseworker.server.models import Agency, QueueItem, Submission

NAMES: dict[str, tuple[list[str], list[str]]] = {
    "ar": (
        ["سارة", "محمد", "فاطمة", "أحمد", "ليلى", "يوسف", "مريم", "عمر", "خالد", "نور"],
        ["الحسن", "خليل", "حداد", "منصور", "العلي", "السيد", "نصر"],
    ),
    "fa": (
        ["زهرا", "علی", "مریم", "رضا", "فاطمه", "حسین", "نرگس", "امید"],
        ["احمدی", "محمدی", "حسینی", "رضایی", "کریمی"],
    ),
    "prs": (["شبنم", "احمد", "فریده", "نجیب"], ["رحیمی", "نوری", "صدیقی"]),
    "uk": (
        ["Олена", "Андрій", "Марія", "Іван", "Оксана", "Дмитро", "Юлія", "Богдан"],
        ["Шевченко", "Коваленко", "Бондаренко", "Ткаченко", "Мельник"],
    ),
    "ti": (["ሰላም", "ዳዊት", "ሳባ", "ተስፋይ", "ሚኪኤል", "ኤልሳ"], ["ገብረ", "ኪዳነ", "ተኽለ", "ሃይለ", "ወልደ"]),
    "zh_Hans": (["伟", "芳", "娜", "敏", "静", "磊", "秀英"], ["王", "李", "张", "刘", "陈"]),
    "es": (
        ["María", "José", "Lucía", "Carlos", "Ana", "Luis", "Valentina"],
        ["García", "Rodríguez", "Martínez", "López", "Hernández"],
    ),
    "fr": (["Amélie", "Jean", "Fatou", "Moïse", "Aïcha"], ["Diallo", "Traoré", "Kabila", "Nkurunziza"]),
    "so": (["Hodan", "Abdi", "Faadumo", "Cabdi"], ["Warsame", "Farah", "Jama"]),
}
FSAS = ["K1A", "K2P", "K1N", "M5V", "M4C", "M6H", "H3B", "H2X", "T2P", "V5K", "R3C", "B3H"]
DEMO_AGENCIES: list[tuple[str, str, dict[str, Any]]] = [
    ("nwd-ottawa", "Newcomer Welcome Desk Ottawa", {"postal_prefixes": ["K1", "K2"]}),
    ("toronto-settlement", "Toronto Settlement Partners", {"postal_prefixes": ["M"]}),
    ("arabic-family-services", "Arabic Family Services", {"languages": ["ar"], "needs": ["mental_health"]}),
]
_LETTERS = "ABCEGHJKLMNPRSTVWXYZ"


def _postal(rng: random.Random) -> str:
    return f"{rng.choice(FSAS)} {rng.randint(0, 9)}{rng.choice(_LETTERS)}{rng.randint(0, 9)}"


def submission_dict(
    rng: random.Random, *, language: str | None = None, now: datetime | None = None
) -> dict[str, Any]:
    """One invented request, as the wire dictionary (edit it, then validate with IntakeSubmission)."""
    now = now or datetime.now(UTC)
    lang = language or rng.choice(list(NAMES))
    given, family = NAMES[lang]
    g, f = rng.choice(given), rng.choice(family)
    form_language = lang if rng.random() < 0.8 else rng.choice(["en", "fr"])
    year = rng.randint(1950, 2006)
    dob: dict[str, Any] = {"year": year}
    if rng.random() < 0.7:
        dob |= {"month": rng.randint(1, 12), "day": rng.randint(1, 28)}
    created = now - timedelta(minutes=rng.randint(5, 60 * 24 * 20))
    household = [
        {
            "given_name": rng.choice(given),
            "family_name": f,
            "relationship": rng.choice([Relationship.CHILD, Relationship.SPOUSE, Relationship.PARENT]).value,
            "birth_year": rng.randint(1950, 2024),
        }
        for _ in range(rng.choice([0, 0, 1, 2, 3, 4]))
    ]
    languages = [lang] + (["en"] if rng.random() < 0.4 else [])
    return {
        "submission_id": str(uuid.UUID(int=rng.getrandbits(128), version=4)),
        "created_at": created.isoformat(),
        "source": rng.choice(["web", "web", "web", "volunteer"]),
        "form_language": form_language,
        "consent": {
            "given": True,
            "notice_version": "2026-11",
            "language": form_language,
            "at": created.isoformat(),
        },
        "person": {
            "given_name": g,
            "family_name": f,
            "given_name_latin": anyascii(g).title() if not g.isascii() else "",
            "family_name_latin": anyascii(f).title() if not f.isascii() else "",
            "date_of_birth": dob,
            "phone": f"+1 613 555 01{rng.randint(0, 99):02d}",
            "contact_preference": rng.choice([ContactPreference.PHONE, ContactPreference.WHATSAPP]).value,
            "languages": languages,
            "interpreter_needed": "en" not in languages and rng.random() < 0.7,
            "city": rng.choice(
                ["Ottawa", "Toronto", "Montréal", "Calgary", "Vancouver", "Winnipeg", "Halifax"]
            ),
            "postal_code": _postal(rng),
            "immigration_status": rng.choice(list(ImmigrationCategory)).value,
        },
        "household": household,
        "needs": rng.sample([n.value for n in NeedDomain], k=rng.randint(1, 3)),
        "needs_text": rng.choice(
            ["", "Looking for an apartment near a school.", "Besoin d'aide pour un CV."]
        ),
    }


def make_submission(rng: random.Random, *, language: str | None = None) -> IntakeSubmission:
    return IntakeSubmission.model_validate(submission_dict(rng, language=language))


def ensure_demo_agencies(session: Session) -> dict[str, int]:
    now = now_ms(time.time)
    out: dict[str, int] = {}
    for slug, name, rule in DEMO_AGENCIES:
        agency = session.execute(select(Agency).where(Agency.slug == slug)).scalar_one_or_none()
        if agency is None:
            agency = create_agency(session, slug, name, now=now)
            routing.set_rules(session, agency.id, [routing.Rule.create(**rule)], now_ms=now, replace=True)
            session.commit()
        out[slug] = agency.id
    return out


def seed_database(settings: Settings, *, submissions: int, seed: int) -> dict[str, Any]:
    """Demo agencies with routing rules, then ``submissions`` invented requests through the real submit."""
    from caseworker.server.app import load_secret_key

    engine = make_engine(settings.db_url)
    try:
        migrations.upgrade(engine)
        key = load_secret_key(engine, settings)
        factory = make_session_factory(engine, secret_key=key)
        rng = random.Random(seed)
        created = 0
        with factory() as session:
            agencies = ensure_demo_agencies(session)
            for _ in range(submissions):
                try:
                    result = intake_store.submit(session, make_submission(rng))
                except Conflict:  # seeded before with the same seed (ages differ): keep the first copy
                    continue
                created += int(result.created)
    finally:
        engine.dispose()
    return {"agencies": sorted(agencies), "submissions": submissions, "created": created}


def seed_bulk(session: Session, n: int, *, agency_id: int | None = None, seed: int = 0) -> list[str]:
    """``n`` small queue items inserted in bulk (tests and benchmarks: thousands in a second).

    They skip routing and the full submit path on purpose; each is still a valid IntakeSubmission.
    Returns their submission ids. Commits.
    """
    rng = random.Random(seed)
    now = now_ms(time.time)
    base = submission_dict(rng, language="ar")
    metadata = IntakeSubmission.model_validate(base).metadata().model_dump_json()
    subs: list[dict[str, Any]] = []
    sids: list[str] = []
    for i in range(n):
        sid = str(uuid.UUID(int=rng.getrandbits(128), version=4))
        body = dict(base, submission_id=sid)
        payload = json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        reference = ids.new_reference()
        subs.append(
            {
                "submission_id": sid,
                "body_hash": hashlib.sha256(payload.encode()).hexdigest(),
                "reference": reference,
                "secret_hash": ids.secret_hash(reference, "BULK00"),
                "source": "web",
                "received_at": now + i,
                "payload": payload,
                "metadata_json": metadata,
                "newcomer_status": NewcomerStatus.RECEIVED.value,
            }
        )
        sids.append(sid)
    pk_by_sid: dict[str, int] = {}
    for start in range(0, n, 1000):
        session.execute(insert(Submission), subs[start : start + 1000])
        chunk = sids[start : start + 1000]
        pk_by_sid.update(
            (row[0], row[1])
            for row in session.execute(
                select(Submission.submission_id, Submission.id).where(Submission.submission_id.in_(chunk))
            )
        )
    rows = [
        {"id": pk_by_sid[sid], "agency_id": agency_id, "enqueued_at": now + i, "fence": 0}
        for i, sid in enumerate(sids)
    ]
    for start in range(0, n, 1000):
        session.execute(insert(QueueItem), rows[start : start + 1000])
    session.commit()
    return sids
