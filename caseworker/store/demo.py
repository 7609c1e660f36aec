"""A synthetic demo caseload: users, clients, households, consents, assessments, plans, notes, services.

Everything comes from :mod:`caseworker.core.synthetic` (seeded, so the same ``seed`` gives the same
caseload, and the intake demo can submit retyped copies of demo clients by index).

Rows are written with Core bulk inserts (``executemany``) in batches, whatever the size: the ORM would
take minutes for 100k clients and 1M notes. What stays the same as writing through the repositories:

- the folded search columns (``search_text``, ``search_cjk``, ``sort_name``) are computed with the
  same functions the ORM hook uses, and the full-text indexes are filled by the schema's triggers;
- every inserted client, identifier, household, consent, assessment, plan, referral, note and service
  gets its audit event (``audit.record_many``: the same hash chain, linked to its client file).

What bulk mode skips (documented in docs/demo-and-benchmarks.md): no audit event for the child rows a
repository would fold into its parent's event (client languages, household members, assessment items,
goals and actions), and no validation beyond what the generator already guarantees (its output passes
the identifier, phone and postal-code validators; tests check that).
"""

from __future__ import annotations

import enum
import json
import random
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from types import SimpleNamespace
from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.orm import Session

from caseworker.core import synthetic
from caseworker.core.domain import (
    ContactPreference,
    DobPrecision,
    NeedDomain,
    Relationship,
    Role,
)
from caseworker.store import audit, search
from caseworker.store.models import (
    Action,
    ActionOwner,
    ActionStatus,
    Assessment,
    AssessmentItem,
    AssessmentItemKind,
    AuditAction,
    CaseloadMeta,
    Client,
    ClientLanguage,
    Consent,
    ConsentMethod,
    ConsentScope,
    FileStatus,
    Goal,
    GoalStatus,
    Household,
    HouseholdMember,
    Identifier,
    IdentifierKind,
    MaritalStatus,
    MessagingApp,
    Note,
    Plan,
    PlanStatus,
    Priority,
    Referral,
    ReferralStatus,
    ServiceChannel,
    ServiceRecord,
    ServiceType,
    User,
)

if TYPE_CHECKING:
    from caseworker.store.caseload import Caseload

DEMO_PASSPHRASE = "demo-caseworker-2026"  # noqa: S105 - printed by `caseworker-admin demo`; demo data only


#: caseload_meta key set in every caseload :func:`build_demo` filled: it holds invented people only
#: (or, after ``caseworker-admin demo --force``, invented people mixed in). Value: when it was marked.
META_DEMO = "demo.caseload"


def mark_demo(caseload: Caseload) -> None:
    """Record inside the (encrypted) caseload that it is a demo caseload."""
    with caseload.session() as session:
        if session.get(CaseloadMeta, META_DEMO) is None:
            session.add(CaseloadMeta(key=META_DEMO, value=datetime.now(UTC).isoformat(timespec="seconds")))


def is_demo(caseload: Caseload) -> bool:
    """True for a caseload made (or filled) by :func:`build_demo`; False for a real one."""
    with caseload.session() as session:
        return session.get(CaseloadMeta, META_DEMO) is not None


@dataclass(frozen=True)
class DemoUser:
    username: str
    display_name: str
    role: Role


DEMO_USERS: tuple[DemoUser, ...] = (
    DemoUser("supervisor", "Dana Okafor (demo supervisor)", Role.SUPERVISOR),
    DemoUser("caseworker1", "Samira Haddad (demo caseworker)", Role.CASEWORKER),
    DemoUser("caseworker2", "Luc Tremblay (demo caseworker)", Role.CASEWORKER),
    DemoUser("volunteer", "Oksana Melnyk (demo volunteer)", Role.VOLUNTEER),
)


@dataclass
class DemoSummary:
    """What a demo run wrote (counts per table) and the ids of the demo users."""

    seed: int | str
    first_person_index: int
    people: int = 0
    counts: dict[str, int] = field(default_factory=dict)
    user_ids: dict[str, int] = field(default_factory=dict)

    def add(self, table: str, n: int) -> None:
        self.counts[table] = self.counts.get(table, 0) + n


# texts of plans (English + some translations: demo quality, written for synthetic data) ----------

PLAN_TITLE = {
    "en": "Settlement plan",
    "fr": "Plan d'établissement",
    "ar": "خطة الاستقرار",
    "fa": "برنامهٔ اسکان",
    "uk": "План облаштування",
    "es": "Plan de asentamiento",
    "zh": "安置计划",
}
GOALS: dict[NeedDomain, dict[str, str]] = {
    NeedDomain.HOUSING: {
        "en": "Find stable, affordable housing",
        "fr": "Trouver un logement stable et abordable",
        "ar": "إيجاد سكن مستقر بسعر مناسب",
        "fa": "پیدا کردن خانهٔ دائمی و ارزان",
        "uk": "Знайти постійне доступне житло",
        "es": "Encontrar una vivienda estable y asequible",
        "zh": "找到稳定、负担得起的住房",
    },
    NeedDomain.EMPLOYMENT: {
        "en": "Find work that uses my skills",
        "fr": "Trouver un emploi qui correspond à mes compétences",
        "ar": "إيجاد عمل يناسب مهاراتي",
        "fa": "پیدا کردن کاری که با مهارت‌هایم جور باشد",
        "uk": "Знайти роботу за фахом",
        "es": "Encontrar trabajo acorde con mis habilidades",
        "zh": "找到能发挥我技能的工作",
    },
    NeedDomain.LANGUAGE: {
        "en": "Improve English to CLB 5",
        "fr": "Améliorer mon anglais jusqu'au niveau CLB 5",
        "ar": "تحسين اللغة الإنجليزية إلى المستوى 5",
        "fa": "بهتر کردن انگلیسی تا سطح ۵",
        "uk": "Покращити англійську до рівня CLB 5",
        "es": "Mejorar mi inglés hasta el nivel CLB 5",
        "zh": "把英语提高到CLB 5级",
    },
    NeedDomain.HEALTH: {
        "en": "Register with a family doctor",
        "fr": "M'inscrire auprès d'un médecin de famille",
        "ar": "التسجيل لدى طبيب عائلة",
        "fa": "ثبت نام نزد داکتر خانواده",
        "uk": "Зареєструватися у сімейного лікаря",
        "es": "Registrarme con un médico de familia",
        "zh": "在家庭医生处登记",
    },
}
GOAL_EN_OTHER: dict[NeedDomain, str] = {
    NeedDomain.EDUCATION: "Register the children at school",
    NeedDomain.MENTAL_HEALTH: "Connect with counselling in my language",
    NeedDomain.LEGAL_IMMIGRATION: "Get advice on my immigration file",
    NeedDomain.FINANCIAL: "Open a bank account and apply for benefits",
    NeedDomain.CHILDCARE: "Find childcare near home",
    NeedDomain.TRANSPORTATION: "Get a transit pass and learn the routes",
    NeedDomain.COMMUNITY: "Meet people and join community activities",
    NeedDomain.DIGITAL_SKILLS: "Use email and online forms on my own",
}
ACTIONS_EN = (
    ("Bring ID documents to the next appointment", ActionOwner.CLIENT),
    ("Book an appointment with the partner agency", ActionOwner.WORKER),
    ("Fill in the application form together", ActionOwner.WORKER),
    ("Attend the information session", ActionOwner.CLIENT),
    ("Call back with the outcome", ActionOwner.CLIENT),
    ("Sponsor group to drive to the appointment", ActionOwner.OTHER),
)
REFERRAL_PLACES = (
    "Northside Housing Help Centre (demo)",
    "Riverside Employment Services (demo)",
    "Community Language Assessment Centre (demo)",
    "Newcomer Health Clinic (demo)",
    "Family Counselling Network (demo)",
    "Legal Clinic for Newcomers (demo)",
)
FUNDERS = ("IRCC", "IRCC", "IRCC", "Province", "United Way", "City")
_SERVICE_FOR: dict[NeedDomain, ServiceType] = {
    NeedDomain.HOUSING: ServiceType.HOUSING_SEARCH,
    NeedDomain.EMPLOYMENT: ServiceType.EMPLOYMENT,
    NeedDomain.LANGUAGE: ServiceType.LANGUAGE_ASSESSMENT,
    NeedDomain.COMMUNITY: ServiceType.COMMUNITY_CONNECTIONS,
}
_PRIORITY = {1: Priority.HIGH, 2: Priority.MEDIUM, 3: Priority.LOW}
_MESSAGING = {ContactPreference.WHATSAPP: MessagingApp.WHATSAPP, ContactPreference.SMS: MessagingApp.SMS}


def _at(day: date, rng: random.Random) -> str:
    """A working-hours UTC timestamp on ``day``, already in the form SQLAlchemy stores (see _db_value)."""
    return f"{day.isoformat()} {8 + int(rng.random() * 10):02d}:{int(rng.random() * 60):02d}:00.000000"


class _Ids:
    """Next free primary key per table: bulk rows carry explicit ids so children can point at parents.

    Read once from the database at the start; afterwards counted in Python, so generating rows does
    not touch the database (the benchmark generates once and writes the same rows to two files)."""

    def __init__(self, start: dict[str, int]) -> None:
        self._next = dict(start)

    @classmethod
    def from_db(cls, conn: Connection) -> _Ids:
        start: dict[str, int] = {}
        for table in _TABLES:
            if "id" in table.c:
                current = conn.execute(sa.select(sa.func.max(table.c.id))).scalar()
                start[table.name] = int(current or 0) + 1
        return cls(start)

    def take(self, table: sa.Table) -> int:
        value = self._next[table.name]
        self._next[table.name] = value + 1
        return value


@dataclass
class DemoBatch:
    """Rows for a slice of the demo, ready to insert (explicit ids), and the audit events they need."""

    rows: dict[str, list[dict[str, Any]]] = field(default_factory=dict)
    # per entity table: (entity id, client id) of each row a repository would have audited
    events: dict[str, list[tuple[int, int]]] = field(default_factory=dict)
    clients: int = 0
    people: int = 0

    def add(self, table: sa.Table, row: dict[str, Any], *, client_id: int | None = None) -> None:
        self.rows.setdefault(table.name, []).append(row)
        if client_id is not None:
            self.events.setdefault(table.name, []).append((row["id"], client_id))


# insert order respects foreign keys
_TABLES: tuple[sa.Table, ...] = tuple(
    m.__table__  # type: ignore[misc]
    for m in (
        Client,
        ClientLanguage,
        Identifier,
        Household,
        HouseholdMember,
        Consent,
        Assessment,
        AssessmentItem,
        Plan,
        Goal,
        Action,
        Referral,
        Note,
        ServiceRecord,
    )
)
_TABLE_BY_NAME = {tab.name: tab for tab in _TABLES}
_AUDIT_FIELDS: dict[str, list[str]] = {
    "clients": ["given_name", "family_name", "date_of_birth", "phone", "immigration_category"],
    "identifiers": ["kind", "value"],
    "households": ["label"],
    "consents": ["scope", "method", "given_at"],
    "assessments": ["assessed_on", "items"],
    "plans": ["title", "goals"],
    "referrals": ["to_whom", "status", "follow_up_on"],
    "notes": ["body"],
    "services": ["service_type", "channel", "minutes", "delivered_on"],
}
BULK_CACHE_KIB = 256 * 1024
AUDIT_PER_ROW = "per_row"
AUDIT_PER_CLIENT = "per_client"


def ensure_users(session: Session) -> dict[str, int]:
    """The demo users (rows only; :func:`build_demo` gives them passphrases). Existing ones are kept."""
    from caseworker.store.repos import users as users_repo

    ids: dict[str, int] = {}
    actor: int | None = None
    first = session.scalars(sa.select(User).order_by(User.id).limit(1)).first()
    if first is not None:
        actor = first.id
    for u in DEMO_USERS:
        row = users_repo.get_user_by_name(session, u.username)
        if row is None:
            row = users_repo.create_user(session, u.username, u.role, u.display_name, actor_id=actor)
        ids[u.username] = row.id
        actor = actor or row.id
    session.flush()
    return ids


def generate(
    clients: int,
    seed: int | str,
    *,
    user_ids: dict[str, int],
    ids: _Ids,
    first_person: int = 0,
    notes_per_client: float = 3.0,
    today: date,
    batch_size: int = 2000,
) -> Iterator[DemoBatch]:
    """Rows for ``clients`` client files (principals and household members), in batches of about
    ``batch_size`` clients. No database access."""
    workers = [user_ids["caseworker1"], user_ids["caseworker2"], user_ids["supervisor"]]
    worker_weights = [0.45, 0.45, 0.1]
    person_index = first_person
    written = 0
    while written < clients:
        batch = DemoBatch()
        while batch.clients < batch_size and written + batch.clients < clients:
            # people are drawn at the generator's fixed reference date, so demo client i is the same
            # person the intake demo retypes, whatever the day; file dates are relative to today
            p = synthetic.person(seed, person_index)
            rng = random.Random(f"{seed}/demo/{person_index}")
            person_index += 1
            batch.people += 1
            batch.clients += _add_person(
                batch,
                ids,
                p,
                rng,
                today,
                workers,
                worker_weights,
                user_ids,
                notes_per_client,
                room=clients - written - batch.clients,
            )
        written += batch.clients
        yield batch


def _db_value(value: Any) -> Any:
    """A Python value as SQLAlchemy would bind it for these models on SQLite (checked by the tests,
    which read demo rows back through the ORM)."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, datetime):
        return value.astimezone(UTC).strftime("%Y-%m-%d %H:%M:%S.%f")
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return int(value)
    return value


def write_batch(conn: Connection, batch: DemoBatch, *, actor_id: int, audit_mode: str = AUDIT_PER_ROW) -> int:
    """Insert a batch with plain ``executemany`` (no per-row SQLAlchemy work) plus its audit events.
    Returns the number of audit events written. The caller commits."""
    for table in _TABLES:
        rows = batch.rows.get(table.name)
        if not rows:
            continue
        cols = list(rows[0])
        sql = f"INSERT INTO {table.name} ({', '.join(cols)}) VALUES ({', '.join('?' * len(cols))})"
        conn.exec_driver_sql(sql, [tuple(_db_value(r[c]) for c in cols) for r in rows])
    if audit_mode == AUDIT_PER_ROW:
        events = [
            (entity, eid, cid, _AUDIT_FIELDS.get(entity, []))
            for entity, pairs in batch.events.items()
            for eid, cid in pairs
        ]
    else:
        # one "import" event per client file, naming what was imported into it
        kinds: dict[int, set[str]] = {}
        for entity, pairs in batch.events.items():
            for _eid, cid in pairs:
                kinds.setdefault(cid, set()).add(entity)
        events = [("clients", cid, cid, sorted(kinds[cid])) for cid in sorted(kinds)]
    return _append_audit(conn, actor_id, events)


def _append_audit(conn: Connection, actor_id: int, events: list[tuple[str, int, int, list[str]]]) -> int:
    """Append events to the hash chain with :func:`audit.compute_hash` (the chain's own rule) but
    without building ORM objects: 10x faster than ``audit.record_many`` for a million events."""
    if not events:
        return 0
    last_id, prev = audit.chain_head(Session(bind=conn))
    now = datetime.now(UTC)
    stamp = _db_value(now)
    action = AuditAction.IMPORT.value
    rows: list[tuple[Any, ...]] = []
    fields_cache: dict[tuple[str, ...], str] = {}
    for entity, eid, cid, fields in events:
        key = tuple(fields)
        fields_json = fields_cache.get(key)
        if fields_json is None:
            fields_json = json.dumps(sorted(set(fields)), separators=(",", ":"))
            fields_cache[key] = fields_json
        last_id += 1
        ev = SimpleNamespace(
            id=last_id,
            at=now,
            actor_id=actor_id,
            entity=entity,
            entity_id=eid,
            client_id=cid,
            action=action,
            fields=fields_json,
            prev_hash=prev,
        )
        digest = audit.compute_hash(ev)  # type: ignore[arg-type]  # reads these attributes only
        rows.append((last_id, stamp, actor_id, entity, eid, cid, action, fields_json, prev, digest))
        prev = digest
    conn.exec_driver_sql(
        "INSERT INTO audit_events (id, at, actor_id, entity, entity_id, client_id, action, fields, "
        "prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        rows,
    )
    return len(rows)


def load(
    engine: Engine,
    clients: int,
    seed: int | str,
    *,
    notes_per_client: float = 3.0,
    today: date | None = None,
    batch_size: int = 2000,
    audit_mode: str | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Add ``clients`` client rows (principal applicants and their household members) to the caseload
    behind ``engine``, with about ``notes_per_client`` notes per client. Appends after existing demo
    people, so running it twice adds more people rather than the same ones again.

    ``audit_mode``: ``per_row`` (an event per row a repository would audit; default up to 5,000
    clients) or ``per_client`` (one import event per client file; default above)."""
    today = today or datetime.now(UTC).date()
    mode = audit_mode or (AUDIT_PER_ROW if clients <= 5000 else AUDIT_PER_CLIENT)
    with Session(engine) as session:
        user_ids = ensure_users(session)
        session.commit()
        conn = session.connection()
        existing = conn.execute(sa.select(sa.func.count()).select_from(Client)).scalar() or 0
        ids = _Ids.from_db(conn)
        session.rollback()
    summary = DemoSummary(seed=seed, first_person_index=int(existing), user_ids=user_ids)
    done = 0
    with engine.connect() as conn:
        # a large page cache for the load only: index and full-text pages stay in memory
        conn.exec_driver_sql(f"PRAGMA cache_size = -{BULK_CACHE_KIB}")
        try:
            for batch in generate(
                clients,
                seed,
                user_ids=user_ids,
                ids=ids,
                first_person=int(existing),
                notes_per_client=notes_per_client,
                today=today,
                batch_size=batch_size,
            ):
                n_events = write_batch(conn, batch, actor_id=user_ids["supervisor"], audit_mode=mode)
                conn.commit()
                for name, rows in batch.rows.items():
                    summary.add(name, len(rows))
                summary.add("audit_events", n_events)
                summary.people += batch.people
                done += batch.clients
                if progress is not None:
                    progress(done, clients)
        finally:
            conn.rollback()
            conn.exec_driver_sql("PRAGMA cache_size = -2000")
            conn.commit()
    return summary


def _client_row(
    cid: int,
    given: str,
    family: str,
    given_l: str,
    family_l: str,
    preferred: str,
    p: synthetic.SyntheticPerson,
    **extra: Any,
) -> dict[str, Any]:
    names = (given, family, given_l, family_l, preferred)
    row = {
        "id": cid,
        "given_name": given,
        "family_name": family,
        "given_name_latin": given_l,
        "family_name_latin": family_l,
        "preferred_name": preferred,
        "search_text": search.client_search_text(*names),
        "search_cjk": search.client_search_cjk(*names),
        "sort_name": search.client_sort_name(*names),
        "preferred_official_language": p.official_language,
        "interpreter_needed": p.interpreter_needed,
        "country_of_birth": p.country_of_birth,
        "citizenship": p.citizenship if len(p.citizenship) == 2 and p.citizenship != "XX" else None,
        "immigration_category": p.immigration_category,
        "arrival_date": p.arrival_date,
        "landing_date": None,
        "status_date": None,
        "address": p.street_address,
        "city": p.city,
        "province": p.province,
        "postal_code": p.postal_code,
        "merged_into_id": None,
        "email": None,
        "phone": None,
        "messaging_app": MessagingApp.NONE,
        "marital_status": None,
        "last_contact": None,
        "next_follow_up": None,
    }
    row.update(extra)
    return row


def _add_person(
    batch: DemoBatch,
    ids: _Ids,
    p: synthetic.SyntheticPerson,
    rng: random.Random,
    today: date,
    workers: list[int],
    worker_weights: list[float],
    user_ids: dict[str, int],
    notes_per_client: float,
    *,
    room: int,
) -> int:
    """Rows for one synthetic person (and as many household members as ``room`` allows)."""
    t = _TABLE_BY_NAME
    worker = rng.choices(workers, weights=worker_weights)[0]
    status = rng.choices(
        (FileStatus.ACTIVE, FileStatus.WAITLIST, FileStatus.INACTIVE, FileStatus.CLOSED),
        weights=(0.78, 0.05, 0.1, 0.07),
    )[0]
    opened = max(p.arrival_date, today - timedelta(days=3 * 365)) + timedelta(days=rng.randint(3, 60))
    opened = min(opened, today)
    created = _at(opened, rng)
    follow_up = None
    if status in (FileStatus.ACTIVE, FileStatus.WAITLIST):
        # about one in six follow-ups is overdue
        follow_up = today + timedelta(
            days=rng.randint(-45, -1) if rng.random() < 0.17 else rng.randint(0, 60)
        )
    last_contact = min(today, opened + timedelta(days=rng.randint(0, max(0, (today - opened).days))))
    cid = ids.take(t["clients"])
    batch.add(
        t["clients"],
        _client_row(
            cid,
            p.given_name,
            p.family_name,
            p.given_name_latin if p.script != "Latn" else "",
            p.family_name_latin if p.script != "Latn" else "",
            p.preferred_name or "",
            p,
            date_of_birth=p.dob.as_date(),
            dob_precision=p.dob.precision,
            gender=p.gender,
            marital_status=MaritalStatus(p.marital_status),
            phone=p.phone,
            email=p.email,
            messaging_app=(
                MessagingApp.WECHAT
                if p.origin is synthetic.Origin.CHINESE and rng.random() < 0.5
                else _MESSAGING.get(p.contact_preference, MessagingApp.NONE)
            ),
            file_status=status,
            assigned_worker_id=worker,
            next_follow_up=follow_up,
            last_contact=last_contact,
            created_at=created,
            updated_at=created,
        ),
        client_id=cid,
    )
    for pos, code in enumerate(p.languages):
        batch.add(t["client_languages"], {"client_id": cid, "code": code, "position": pos})
    if p.uci:
        iid = ids.take(t["identifiers"])
        batch.add(
            t["identifiers"],
            {
                "id": iid,
                "client_id": cid,
                "kind": IdentifierKind.UCI,
                "value": p.uci,
                "value_key": search.identifier_key(p.uci),
                "created_at": created,
            },
            client_id=cid,
        )
    made = 1
    # household: members become (small) client files of their own
    members = p.household[: max(0, room - 1)]
    if members:
        hid = ids.take(t["households"])
        batch.add(
            t["households"],
            {"id": hid, "label": p.family_name_latin or p.family_name, "created_at": created},
            client_id=cid,
        )
        batch.add(
            t["household_members"],
            {"id": ids.take(t["household_members"]), "household_id": hid, "client_id": cid}
            | {"relationship": None, "is_principal": True},
        )
        for m in members:
            mid = ids.take(t["clients"])
            latin = p.script != "Latn"
            batch.add(
                t["clients"],
                _client_row(
                    mid,
                    m.given_name,
                    m.family_name,
                    m.given_name_latin if latin else "",
                    m.family_name_latin if latin else "",
                    "",
                    p,
                    date_of_birth=date(m.birth_year, 1, 1),
                    dob_precision=DobPrecision.YEAR,
                    gender=m.gender,
                    marital_status=MaritalStatus.MARRIED
                    if m.relationship is Relationship.SPOUSE
                    else MaritalStatus.SINGLE
                    if m.relationship is Relationship.CHILD
                    else None,
                    file_status=status,
                    assigned_worker_id=worker,
                    created_at=created,
                    updated_at=created,
                ),
                client_id=mid,
            )
            for pos, code in enumerate(p.languages[:1] + (("en",) if m.birth_year > today.year - 18 else ())):
                if pos == 0 or code not in p.languages[:1]:
                    batch.add(t["client_languages"], {"client_id": mid, "code": code, "position": pos})
            batch.add(
                t["household_members"],
                {
                    "id": ids.take(t["household_members"]),
                    "household_id": hid,
                    "client_id": mid,
                    "relationship": m.relationship,
                    "is_principal": False,
                },
            )
            made += 1
    main_lang = p.languages[0]
    # consents
    privacy_id = ids.take(t["consents"])
    batch.add(
        t["consents"],
        {
            "id": privacy_id,
            "client_id": cid,
            "scope": ConsentScope.PRIVACY_STATEMENT,
            "recipient": "",
            "method": rng.choice((ConsentMethod.WRITTEN, ConsentMethod.VERBAL, ConsentMethod.ONLINE)),
            "language": main_lang,
            "notice_version": "demo-2026-01",
            "given_at": created,
            "expires_on": opened + timedelta(days=3 * 365),
            "revoked_at": None,
            "recorded_by": worker,
            "created_at": created,
        },
        client_id=cid,
    )
    if rng.random() < 0.15:
        batch.add(
            t["consents"],
            {
                "id": ids.take(t["consents"]),
                "client_id": cid,
                "scope": ConsentScope.RESEARCH,
                "recipient": "",
                "method": ConsentMethod.WRITTEN,
                "language": main_lang,
                "notice_version": "demo-2026-01",
                "given_at": created,
                "expires_on": None,
                "revoked_at": _at(today - timedelta(days=rng.randint(1, 30)), rng)
                if rng.random() < 0.1
                else None,
                "recorded_by": worker,
                "created_at": created,
            },
            client_id=cid,
        )
    needs = [n for n in p.needs if not n.is_asset]
    # assessment with its needs and assets
    if status is not FileStatus.WAITLIST and rng.random() < 0.85:
        aid = ids.take(t["assessments"])
        assessed = min(today, opened + timedelta(days=rng.randint(0, 14)))
        batch.add(
            t["assessments"],
            {
                "id": aid,
                "client_id": cid,
                "assessed_on": assessed,
                "assessor_id": worker,
                "summary": "; ".join(n.text for n in p.needs)[:2000],
                "created_at": _at(assessed, rng),
            },
            client_id=cid,
        )
        for n in p.needs:
            batch.add(
                t["assessment_items"],
                {
                    "id": ids.take(t["assessment_items"]),
                    "assessment_id": aid,
                    "domain": n.domain,
                    "kind": AssessmentItemKind.ASSET if n.is_asset else AssessmentItemKind.NEED,
                    "priority": None if n.is_asset else _PRIORITY[n.priority],
                    "description": n.text_native or n.text,
                },
            )
        # plan with goals, actions and a referral
        if rng.random() < 0.8:
            _add_plan(batch, ids, t, p, rng, today, assessed, cid, worker, user_ids, needs, main_lang)
    # notes
    count = _poisson_like(rng, notes_per_client * made)  # the household's notes live on the principal
    authors = [worker, worker, worker, user_ids["supervisor"], user_ids["volunteer"]]
    span = max(1, (today - opened).days)
    for _ in range(count):
        day = opened + timedelta(days=rng.randint(0, span))
        nid = ids.take(t["notes"])
        at = _at(min(day, today), rng)
        batch.add(
            t["notes"],
            {
                "id": nid,
                "client_id": cid,
                "author_id": rng.choice(authors),
                "created_at": at,
                "updated_at": at,
                "private": rng.random() < 0.05,
                "body": synthetic.note_text(p, rng, language="fr" if main_lang == "fr" else "en"),
            },
            client_id=cid,
        )
    # services
    for _ in range(rng.randint(0, 4)):
        served = rng.choice(needs) if needs else None
        stype = _SERVICE_FOR.get(served.domain, ServiceType.SUPPORT_SERVICES) if served else ServiceType.OTHER
        if rng.random() < 0.3:
            stype = rng.choice((ServiceType.INFORMATION_ORIENTATION, ServiceType.NEEDS_ASSESSMENT))
        delivered = opened + timedelta(days=rng.randint(0, span))
        batch.add(
            t["services"],
            {
                "id": ids.take(t["services"]),
                "client_id": cid,
                "service_type": stype,
                "channel": rng.choices(list(ServiceChannel), weights=(5, 3, 1, 1, 1))[0],
                "minutes": rng.choice((15, 30, 45, 60, 90)),
                "funder": rng.choice(FUNDERS),
                "delivered_on": min(delivered, today),
                "provider_id": worker,
                "note": "",
                "created_at": _at(min(delivered, today), rng),
            },
            client_id=cid,
        )
    return made


def _add_plan(
    batch: DemoBatch,
    ids: _Ids,
    t: dict[str, sa.Table],
    p: synthetic.SyntheticPerson,
    rng: random.Random,
    today: date,
    assessed: date,
    cid: int,
    worker: int,
    user_ids: dict[str, int],
    needs: list[synthetic.SyntheticNeed],
    main_lang: str,
) -> None:
    translate = main_lang in PLAN_TITLE and main_lang != "en" and rng.random() < 0.7
    lang = main_lang if translate else None
    status = rng.choices(
        (PlanStatus.DRAFT, PlanStatus.ACTIVE, PlanStatus.APPROVED, PlanStatus.CLOSED), weights=(2, 4, 3, 1)
    )[0]
    created = _at(assessed, rng)
    plan_id = ids.take(t["plans"])
    batch.add(
        t["plans"],
        {
            "id": plan_id,
            "client_id": cid,
            "title": PLAN_TITLE["en"],
            "title_translation": PLAN_TITLE[main_lang] if lang else "",
            "translation_language": lang,
            "status": status,
            "approved_by": user_ids["supervisor"] if status is PlanStatus.APPROVED else None,
            "approved_at": _at(min(today, assessed + timedelta(days=7)), rng)
            if status is PlanStatus.APPROVED
            else None,
            "created_at": created,
            "updated_at": created,
        },
        client_id=cid,
    )
    first_goal: int | None = None
    for pos, need in enumerate(needs):
        texts = GOALS.get(need.domain)
        en = texts["en"] if texts else GOAL_EN_OTHER[need.domain]
        goal_id = ids.take(t["goals"])
        first_goal = first_goal or goal_id
        batch.add(
            t["goals"],
            {
                "id": goal_id,
                "plan_id": plan_id,
                "position": pos,
                "domain": need.domain,
                "text": en,
                "text_translation": (texts or {}).get(main_lang, "") if lang else "",
                "status": rng.choices(list(GoalStatus), weights=(6, 3, 1))[0],
                "target_date": assessed + timedelta(days=rng.randint(30, 240)),
            },
        )
        for apos in range(rng.randint(1, 2)):
            text, owner = rng.choice(ACTIONS_EN)
            due = assessed + timedelta(days=rng.randint(7, 120))
            done = due < today and rng.random() < 0.7
            batch.add(
                t["actions"],
                {
                    "id": ids.take(t["actions"]),
                    "goal_id": goal_id,
                    "position": apos,
                    "text": text,
                    "text_translation": "",
                    "owner": owner,
                    "owner_name": "Sponsor group (demo)" if owner is ActionOwner.OTHER else "",
                    "owner_user_id": worker if owner is ActionOwner.WORKER else None,
                    "due_date": due,
                    "status": ActionStatus.DONE
                    if done
                    else rng.choice((ActionStatus.OPEN, ActionStatus.IN_PROGRESS)),
                    "completed_at": _at(due, rng) if done else None,
                },
            )
    if needs and rng.random() < 0.6:
        consent_id = ids.take(t["consents"])
        place = rng.choice(REFERRAL_PLACES)
        batch.add(
            t["consents"],
            {
                "id": consent_id,
                "client_id": cid,
                "scope": ConsentScope.SHARING,
                "recipient": place,
                "method": ConsentMethod.VERBAL,
                "language": main_lang,
                "notice_version": "demo-2026-01",
                "given_at": created,
                "expires_on": assessed + timedelta(days=365),
                "revoked_at": None,
                "recorded_by": worker,
                "created_at": created,
            },
            client_id=cid,
        )
        referred = min(today, assessed + timedelta(days=rng.randint(0, 10)))
        status_r = rng.choices(
            (ReferralStatus.SENT, ReferralStatus.ACCEPTED, ReferralStatus.COMPLETED, ReferralStatus.PLANNED),
            weights=(4, 3, 2, 1),
        )[0]
        follow = referred + timedelta(days=rng.randint(7, 45))
        batch.add(
            t["referrals"],
            {
                "id": ids.take(t["referrals"]),
                "plan_id": plan_id,
                "goal_id": first_goal,
                "to_whom": place,
                "contact_details": "+16135550100",
                "reason": needs[0].text,
                "reason_translation": (needs[0].text_native or "") if lang else "",
                "consent_id": consent_id,
                "status": status_r,
                "referred_on": referred if status_r is not ReferralStatus.PLANNED else None,
                "follow_up_on": follow if status_r is not ReferralStatus.COMPLETED else None,
                "created_at": created,
            },
            client_id=cid,
        )


def _poisson_like(rng: random.Random, mean: float) -> int:
    """A count around ``mean`` (0..3*mean), cheap and seeded."""
    if mean <= 0:
        return 0
    return max(0, round(rng.triangular(0, 2 * mean, mean)))


def build_demo(
    caseload: Caseload,
    clients: int = 200,
    seed: int | str = 1,
    *,
    user_passphrase: str | None = None,
    notes_per_client: float = 3.0,
    today: date | None = None,
    progress: Callable[[int, int], None] | None = None,
) -> DemoSummary:
    """Fill an open :class:`~caseworker.store.caseload.Caseload` with a synthetic demo.

    With ``user_passphrase`` the demo users get passphrase slots (they can unlock the caseload);
    without, they exist only as rows (authors and assignees of the demo data).
    """
    mark_demo(caseload)  # first: a demo interrupted half-way is still known as one
    if user_passphrase is not None:
        slots = caseload.slots()
        for u in DEMO_USERS:
            if slots.find_passphrase_slot(u.username) is None:
                caseload.add_user(u.username, user_passphrase, u.role, display_name=u.display_name)
    return load(
        caseload.engine,
        clients,
        seed,
        notes_per_client=notes_per_client,
        today=today,
        progress=progress,
    )
