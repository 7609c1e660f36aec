"""The agency queue API on both engines: enrolment, queue, claims with leases, acks, referrals, push."""

from __future__ import annotations

import json
import random
import uuid
from typing import Any

import pytest

from caseworker.core.domain import NewcomerStatus
from caseworker.intake.schema import IntakeSubmission
from caseworker.server import intake_store
from caseworker.server.demo import make_submission, submission_dict
from tests.server.conftest import ServerEnv

API = "/api/v1"


def _submit(env: ServerEnv, sub: IntakeSubmission) -> intake_store.SubmitResult:
    with env.session_factory() as session:
        return intake_store.submit(session, sub, clock=env.clock)


def _seed(
    env: ServerEnv, n: int, seed: int = 1, **edit: Any
) -> list[tuple[IntakeSubmission, intake_store.SubmitResult]]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        raw = submission_dict(rng)
        for key, value in edit.items():
            if key in raw["person"]:
                raw["person"][key] = value
            else:
                raw[key] = value
        sub = IntakeSubmission.model_validate(raw)
        out.append((sub, _submit(env, sub)))
        env.clock.advance(1)
    return out


def _status(env: ServerEnv, result: intake_store.SubmitResult) -> NewcomerStatus | None:
    with env.session_factory() as session:
        return intake_store.status(session, result.reference, result.secret)


def _claim(env: ServerEnv, dev: dict[str, str], n: int = 1, **extra: Any) -> list[dict[str, Any]]:
    r = env.client.post(f"{API}/claims", json={"max_items": n, **extra}, headers=dev)
    assert r.status_code == 200, r.text
    return list(r.json()["items"])


# --- enrolment and tokens ---------------------------------------------------------------------


def test_enrolment_code_works_once_and_the_token_identifies_the_device(env: ServerEnv) -> None:
    code = env.code("nwd-ottawa")
    r = env.client.post(f"{API}/enrol", json={"code": code.lower(), "device_name": "Front desk"})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["agency"]["slug"] == "nwd-ottawa" and body["token"].startswith("cwd_")
    me = env.client.get(f"{API}/device", headers={"Authorization": f"Bearer {body['token']}"})
    assert me.status_code == 200 and me.json()["name"] == "Front desk"
    again = env.client.post(f"{API}/enrol", json={"code": code, "device_name": "Another"})
    assert again.status_code == 403 and again.json()["error"] == "enrolment_refused"


def test_expired_or_unknown_codes_are_refused(env: ServerEnv) -> None:
    code = env.code("nwd-ottawa", hours=1)
    env.clock.advance(3601)
    r = env.client.post(f"{API}/enrol", json={"code": code, "device_name": "late"})
    assert r.status_code == 403
    r = env.client.post(f"{API}/enrol", json={"code": "AAAA-BBBB-CCCC-DDDD", "device_name": "guess"})
    assert r.status_code == 403


def test_tokens_are_stored_hashed(env: ServerEnv) -> None:
    dev = env.device("nwd-ottawa")
    token = dev["Authorization"].split()[1]
    from sqlalchemy import select

    from caseworker.server.models import Device

    with env.session_factory() as session:
        stored = list(session.execute(select(Device.token_hash)).scalars())
    assert stored and token not in stored and all(len(h) == 64 for h in stored)


def test_missing_wrong_and_revoked_tokens_get_401(env: ServerEnv) -> None:
    assert env.client.get(f"{API}/queue").status_code == 401
    r = env.client.get(f"{API}/queue", headers={"Authorization": "Bearer cwd_nope"})
    assert r.status_code == 401 and r.json()["error"] == "unauthorized"
    dev = env.device("nwd-ottawa")
    assert env.client.get(f"{API}/queue", headers=dev).status_code == 200
    from caseworker.server import auth

    me = env.client.get(f"{API}/device", headers=dev).json()
    with env.session_factory() as session:
        assert auth.revoke(session, me["device_id"], now_ms=int(env.clock() * 1000))
    r = env.client.get(f"{API}/queue", headers=dev)
    assert r.status_code == 401 and r.json()["error"] == "device_revoked"


# --- queue, claims, leases -------------------------------------------------------------------------


def test_queue_lists_metadata_only_oldest_first(env: ServerEnv) -> None:
    seeded = _seed(env, 5)
    dev = env.device("nwd-ottawa")
    r = env.client.get(f"{API}/queue", headers=dev)
    assert r.status_code == 200
    items = r.json()["items"]
    assert [i["item_id"] for i in items] == [str(s.submission_id) for s, _ in seeded]
    assert items[0]["age_seconds"] >= items[-1]["age_seconds"] >= 0
    assert set(items[0]["metadata"]) == {
        "languages",
        "needs",
        "region",
        "household_size",
        "interpreter_needed",
        "form_language",
    }
    text = r.text
    for sub, result in seeded:
        assert sub.person.given_name not in text and result.reference not in text
        assert (sub.person.phone or "") not in text


def test_two_devices_never_claim_the_same_item(env: ServerEnv) -> None:
    _seed(env, 7)
    a, b = env.device("nwd-ottawa", "a"), env.device("nwd-ottawa", "b")
    first = _claim(env, a, 4)
    second = _claim(env, b, 10)
    ids_a = {i["item_id"] for i in first}
    ids_b = {i["item_id"] for i in second}
    assert len(ids_a) == 4 and len(ids_b) == 3 and not ids_a & ids_b
    assert _claim(env, b, 5) == []
    item = first[0]
    assert item["fence"] == 1 and item["reference"].startswith("NWD-")
    IntakeSubmission.model_validate(item["submission"])  # the full request travels with the claim


def test_ack_closes_the_item_and_a_replay_is_harmless(env: ServerEnv) -> None:
    [(_sub, result)] = _seed(env, 1)
    dev = env.device("nwd-ottawa")
    [item] = _claim(env, dev)
    assert _status(env, result) == NewcomerStatus.WITH_AGENCY
    body = {"fence": item["fence"], "outcome": "accepted", "reason": ""}
    r = env.client.post(f"{API}/items/{item['item_id']}/ack", json=body, headers=dev)
    assert r.status_code == 200 and r.json()["result"] == "acked"
    assert _status(env, result) == NewcomerStatus.CONTACTED
    r = env.client.post(f"{API}/items/{item['item_id']}/ack", json=body, headers=dev)
    assert r.status_code == 200 and r.json()["result"] == "already_acked"
    other = dict(body, outcome="rejected")
    r = env.client.post(f"{API}/items/{item['item_id']}/ack", json=other, headers=dev)
    assert r.status_code == 409
    assert _claim(env, dev) == []


def test_an_expired_lease_returns_the_item_and_the_late_ack_is_refused(env: ServerEnv) -> None:
    [(_sub, result)] = _seed(env, 1)
    slow, fast = env.device("nwd-ottawa", "slow"), env.device("nwd-ottawa", "fast")
    [old] = _claim(env, slow, lease_seconds=60)
    assert _claim(env, fast) == []  # leased: not claimable
    env.clock.advance(61)
    listed = env.client.get(f"{API}/queue", headers=fast).json()["items"]
    assert [i["item_id"] for i in listed] == [old["item_id"]]
    late_renew = env.client.post(
        f"{API}/items/{old['item_id']}/renew", json={"fence": old["fence"]}, headers=slow
    )
    assert late_renew.status_code == 409 and late_renew.json()["error"] == "lease_lost"
    [new] = _claim(env, fast)
    assert new["item_id"] == old["item_id"] and new["fence"] == old["fence"] + 1
    late = env.client.post(
        f"{API}/items/{old['item_id']}/ack", json={"fence": old["fence"], "outcome": "rejected"}, headers=slow
    )
    assert late.status_code == 409 and late.json()["error"] == "lease_lost"
    # the stale ack changed nothing: the new holder's ack works and the outcome is theirs
    ok = env.client.post(
        f"{API}/items/{new['item_id']}/ack", json={"fence": new["fence"], "outcome": "accepted"}, headers=fast
    )
    assert ok.status_code == 200
    assert _status(env, result) == NewcomerStatus.CONTACTED


def test_stale_fence_from_the_same_device_is_refused_and_changes_nothing(env: ServerEnv) -> None:
    _seed(env, 1)
    dev = env.device("nwd-ottawa")
    [first] = _claim(env, dev, lease_seconds=10)
    env.clock.advance(11)
    [second] = _claim(env, dev)
    assert second["fence"] == first["fence"] + 1
    for action, body in [
        ("ack", {"fence": first["fence"], "outcome": "accepted"}),
        ("release", {"fence": first["fence"]}),
        ("renew", {"fence": first["fence"]}),
        ("refer", {"fence": first["fence"], "to_agency": "nwd-ottawa", "note": "x"}),
    ]:
        r = env.client.post(f"{API}/items/{first['item_id']}/{action}", json=body, headers=dev)
        assert r.status_code == 409, (action, r.text)
    r = env.client.post(
        f"{API}/items/{second['item_id']}/ack",
        json={"fence": second["fence"], "outcome": "accepted"},
        headers=dev,
    )
    assert r.status_code == 200


def test_renew_extends_the_lease(env: ServerEnv) -> None:
    _seed(env, 1)
    dev, other = env.device("nwd-ottawa"), env.device("nwd-ottawa", "other")
    [item] = _claim(env, dev, lease_seconds=30)
    env.clock.advance(20)
    r = env.client.post(
        f"{API}/items/{item['item_id']}/renew",
        json={"fence": item["fence"], "lease_seconds": 30},
        headers=dev,
    )
    assert r.status_code == 200 and r.json()["lease_expires_at"] > item["lease_expires_at"]
    env.clock.advance(20)  # 40 s after the claim: expired without the renewal
    assert _claim(env, other) == []
    r = env.client.post(f"{API}/items/{item['item_id']}/renew", json={"fence": item["fence"]}, headers=other)
    assert r.status_code == 409  # not the holder


def test_release_returns_the_item_at_once(env: ServerEnv) -> None:
    _seed(env, 1)
    a, b = env.device("nwd-ottawa", "a"), env.device("nwd-ottawa", "b")
    [item] = _claim(env, a)
    r = env.client.post(f"{API}/items/{item['item_id']}/release", json={"fence": item["fence"]}, headers=a)
    assert r.status_code == 204
    [again] = _claim(env, b)
    assert again["item_id"] == item["item_id"] and again["fence"] == item["fence"] + 1


def test_unknown_item_is_404(env: ServerEnv) -> None:
    dev = env.device("nwd-ottawa")
    r = env.client.post(
        f"{API}/items/{uuid.uuid4()}/ack", json={"fence": 1, "outcome": "accepted"}, headers=dev
    )
    assert r.status_code == 404 and r.json()["error"] == "not_found"


def test_batch_ack_reports_each_item(env: ServerEnv) -> None:
    _seed(env, 3)
    dev = env.device("nwd-ottawa")
    items = _claim(env, dev, 3)
    acks = [{"item_id": i["item_id"], "fence": i["fence"], "outcome": "accepted"} for i in items]
    acks[1]["fence"] += 5
    acks.append({"item_id": str(uuid.uuid4()), "fence": 1, "outcome": "rejected", "reason": "spam"})
    r = env.client.post(f"{API}/acks", json={"acks": acks}, headers=dev)
    assert r.status_code == 200, r.text
    assert [x["result"] for x in r.json()["results"]] == ["acked", "lease_lost", "acked", "not_found"]
    [left] = env.client.get(f"{API}/queue", headers=dev, params={"include_leased": True}).json()["items"]
    assert left["item_id"] == items[1]["item_id"]


# --- referral and routing ----------------------------------------------------------------------


def test_referral_moves_the_item_with_its_note_and_keeps_its_age(env: ServerEnv) -> None:
    from caseworker.server import routing

    ottawa = env.agency("nwd-ottawa")
    env.agency("toronto-settlement")
    with env.session_factory() as session:
        routing.set_rules(session, ottawa, [routing.Rule.create(["K"])], now_ms=0, replace=True)
        session.commit()
    [(_sub, result)] = _seed(env, 1, postal_code="K1A 0B1")
    ott, tor = env.device("nwd-ottawa"), env.device("toronto-settlement")
    assert env.client.get(f"{API}/queue", headers=tor).json()["items"] == []
    [item] = _claim(env, ott)
    assert item["queue"] == "agency"
    note = "Moving to Toronto next week — يحتاج سكن"
    r = env.client.post(
        f"{API}/items/{item['item_id']}/refer",
        json={"fence": item["fence"], "to_agency": "toronto-settlement", "note": note},
        headers=ott,
    )
    assert r.status_code == 200, r.text
    assert _claim(env, ott) == []
    [listed] = env.client.get(f"{API}/queue", headers=tor).json()["items"]
    [moved] = _claim(env, tor)
    assert moved["item_id"] == item["item_id"] and moved["fence"] == item["fence"] + 1
    assert moved["referrals"] == [
        {
            "at": moved["referrals"][0]["at"],
            "from_agency": "nwd-ottawa",
            "to_agency": "toronto-settlement",
            "note": note,
        }
    ]
    assert (
        listed["received_at"]
        == env.client.get(f"{API}/queue", headers=tor, params={"include_leased": True}).json()["items"][0][
            "received_at"
        ]
    )
    assert _status(env, result) == NewcomerStatus.WITH_AGENCY


def test_refer_to_unknown_agency_is_a_clear_422(env: ServerEnv) -> None:
    _seed(env, 1)
    dev = env.device("nwd-ottawa")
    [item] = _claim(env, dev)
    r = env.client.post(
        f"{API}/items/{item['item_id']}/refer",
        json={"fence": item["fence"], "to_agency": "nobody"},
        headers=dev,
    )
    assert r.status_code == 422 and r.json()["error"] == "unknown_agency"
    # nothing changed: still ours
    r = env.client.post(
        f"{API}/items/{item['item_id']}/ack",
        json={"fence": item["fence"], "outcome": "accepted"},
        headers=dev,
    )
    assert r.status_code == 200


def test_routing_places_items_and_unrouted_is_shared(env: ServerEnv) -> None:
    from caseworker.server import routing

    ar = env.agency("arabic-family-services")
    tor = env.agency("toronto-settlement")
    env.agency("nwd-ottawa")
    with env.session_factory() as session:
        routing.set_rules(
            session,
            ar,
            [routing.Rule.create(languages=["ar"], needs=["mental_health"])],
            now_ms=0,
            replace=True,
        )
        routing.set_rules(session, tor, [routing.Rule.create(["M"])], now_ms=0, replace=True)
        session.commit()
    rng = random.Random(5)

    def sub(lang: str, postal: str, needs: list[str]) -> str:
        raw = submission_dict(rng, language=lang)
        raw["person"]["postal_code"] = postal
        raw["person"]["languages"] = [lang]
        raw["form_language"] = lang
        raw["needs"] = needs
        s = IntakeSubmission.model_validate(raw)
        _submit(env, s)
        return str(s.submission_id)

    to_ar = sub("ar", "K1A 0B1", ["mental_health", "housing"])
    to_tor = sub("es", "M5V 2T6", ["housing"])
    unrouted = sub("uk", "H3B 1A1", ["housing"])
    ar_and_toronto = sub("ar", "M4C 1B5", ["mental_health"])  # both match: equal priority, more specific wins

    def visible(slug: str) -> set[str]:
        dev = env.device(slug)
        return {i["item_id"] for i in env.client.get(f"{API}/queue", headers=dev).json()["items"]}

    assert visible("arabic-family-services") == {to_ar, unrouted, ar_and_toronto}
    assert visible("toronto-settlement") == {to_tor, unrouted}
    assert visible("nwd-ottawa") == {unrouted}


# --- push (offline submissions) -------------------------------------------------------------------


def test_push_is_idempotent_on_the_submission_id(env: ServerEnv) -> None:
    dev = env.device("nwd-ottawa", "volunteer laptop")
    raw = submission_dict(random.Random(9))
    raw["source"] = "volunteer"
    first = env.client.post(f"{API}/submissions", json=raw, headers=dev)
    assert first.status_code == 200, first.text
    again = env.client.post(f"{API}/submissions", json=raw, headers=dev)
    assert again.status_code == 200 and again.json() == first.json()
    assert again.headers.get("Idempotent-Replay") == "true" and "Idempotent-Replay" not in first.headers
    changed = json.loads(json.dumps(raw))
    changed["needs_text"] = "something else"
    r = env.client.post(f"{API}/submissions", json=changed, headers=dev)
    assert r.status_code == 409 and r.json()["error"] == "conflict"
    [item] = env.client.get(f"{API}/queue", headers=dev).json()["items"]
    assert item["item_id"] == raw["submission_id"]


def test_push_needs_a_device_token(env: ServerEnv) -> None:
    raw = submission_dict(random.Random(9))
    assert env.client.post(f"{API}/submissions", json=raw).status_code == 401


def test_agencies_list_for_referrals(env: ServerEnv) -> None:
    env.agency("b-agency", "B Agency")
    dev = env.device("a-agency")
    r = env.client.get(f"{API}/agencies", headers=dev)
    assert {a["slug"] for a in r.json()} == {"a-agency", "b-agency"}


# --- strict edge --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "body",
    [
        b'{"max_items": NaN}',
        b'{"max_items": Infinity}',
        b'{"max_items": 1, "max_items": 2}',
        b'{"max_items": 1, "surprise": true}',
        b'{"max_items": 0}',
        b'{"max_items": 1000}',
        b"[1, 2]",
        b"{not json",
    ],
)
def test_strict_json_is_refused_with_422(env: ServerEnv, body: bytes) -> None:
    dev = env.device("nwd-ottawa")
    r = env.client.post(f"{API}/claims", content=body, headers={**dev, "Content-Type": "application/json"})
    assert r.status_code == 422, r.text


def test_duplicate_keys_in_a_pushed_submission_are_refused(env: ServerEnv) -> None:
    dev = env.device("nwd-ottawa")
    raw = json.dumps(submission_dict(random.Random(1)))
    tampered = raw[:-1] + ', "needs_text": "second"}'
    r = env.client.post(
        f"{API}/submissions", content=tampered.encode(), headers={**dev, "Content-Type": "application/json"}
    )
    assert r.status_code == 422
    assert env.client.get(f"{API}/queue", headers=dev).json()["items"] == []


def test_body_cap_gives_413_before_reading_everything(env: ServerEnv) -> None:
    dev = env.device("nwd-ottawa")
    big = b'{"max_items": 1, "x": "' + b"a" * (env.settings.body_cap_bytes + 10) + b'"}'
    r = env.client.post(f"{API}/claims", content=big, headers={**dev, "Content-Type": "application/json"})
    assert r.status_code == 413 and r.json()["error"] == "too_large"
    r = env.client.post("/anything", content=big)
    assert r.status_code == 413 and "text/html" in r.headers["content-type"]


def test_control_characters_in_a_reason_are_refused(env: ServerEnv) -> None:
    _seed(env, 1)
    dev = env.device("nwd-ottawa")
    [item] = _claim(env, dev)
    r = env.client.post(
        f"{API}/items/{item['item_id']}/ack",
        json={"fence": item["fence"], "outcome": "rejected", "reason": "bad\x00reason"},
        headers=dev,
    )
    assert r.status_code == 422


def test_healthz_and_openapi(env: ServerEnv) -> None:
    assert env.client.get("/healthz").json() == {"status": "ok"}
    schema = env.client.get("/openapi.json").json()
    assert "/api/v1/claims" in schema["paths"] and "/api/v1/items/{item_id}/ack" in schema["paths"]


def test_the_secret_key_is_generated_once_and_kept(env: ServerEnv) -> None:
    from caseworker.server.app import load_secret_key

    key = env.app.state.ctx.secret_key
    assert len(key) >= 32
    assert load_secret_key(env.app.state.ctx.engine, env.settings) == key
    assert key.decode() not in repr(env.settings) and key.decode() not in repr(env.app.state.ctx)


def test_make_submission_is_valid() -> None:
    assert make_submission(random.Random(3)).person.given_name
