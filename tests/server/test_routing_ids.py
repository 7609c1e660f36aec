"""Routing rules and human-friendly identifiers (pure logic, no server)."""

from __future__ import annotations

import random
import string

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from caseworker.intake.schema import IntakeSubmission
from caseworker.server import ids
from caseworker.server.demo import submission_dict
from caseworker.server.routing import Router, Rule


def _sub(
    postal: str | None, languages: list[str], needs: list[str], form_language: str = "en"
) -> IntakeSubmission:
    raw = submission_dict(random.Random(1))
    raw["person"]["postal_code"] = postal
    raw["person"]["languages"] = languages
    raw["needs"] = needs
    raw["form_language"] = form_language
    raw["consent"]["language"] = form_language
    return IntakeSubmission.model_validate(raw)


def _rule(agency: int, rule_id: int, **kw: object) -> Rule:
    base = Rule.create(**kw)  # type: ignore[arg-type]
    return Rule(base.postal_prefixes, base.languages, base.needs, base.priority, agency, rule_id)


def test_all_criteria_of_a_rule_must_match() -> None:
    router = Router([_rule(1, 1, postal_prefixes=["K1"], languages=["ar"])])
    assert router.route(_sub("K1A 0B1", ["ar"], ["housing"])) == 1
    assert router.route(_sub("K1A 0B1", ["uk"], ["housing"])) is None
    assert router.route(_sub("M5V 2T6", ["ar"], ["housing"])) is None
    assert router.route(_sub(None, ["ar"], ["housing"])) is None


def test_priority_then_specificity_then_longest_prefix_then_age() -> None:
    router = Router(
        [
            _rule(1, 1, postal_prefixes=["K"]),
            _rule(2, 2, postal_prefixes=["K1A"]),
            _rule(3, 3, postal_prefixes=["K"], needs=["housing"]),
            _rule(4, 4, languages=["fa"], priority=10),
        ]
    )
    assert router.route(_sub("K1A 0B1", ["fa"], ["housing"])) == 4  # lowest priority number wins
    assert router.route(_sub("K1A 0B1", ["ar"], ["housing"])) == 3  # two criteria beat one
    assert router.route(_sub("K1A 0B1", ["ar"], ["legal_immigration"])) == 2  # longer prefix
    assert router.route(_sub("K2P 1L4", ["ar"], ["legal_immigration"])) == 1


def test_form_language_and_script_variants_count_as_languages() -> None:
    router = Router([_rule(7, 1, languages=["zh"])])
    assert router.route(_sub("K1A 0B1", ["zh_Hans"], ["housing"], form_language="zh_Hans")) == 7
    assert Router([_rule(8, 1, languages=["fr"])]).route(_sub("K1A 0B1", ["ar"], [], form_language="fr")) == 8


@pytest.mark.parametrize(
    "kw",
    [{}, {"postal_prefixes": ["K1A-0B1!"]}, {"languages": ["Arabic"]}, {"needs": ["pizza"]}],
)
def test_bad_rules_are_refused_with_a_message(kw: dict[str, list[str]]) -> None:
    with pytest.raises(ValueError, match=r"\w"):
        Rule.create(**kw)  # type: ignore[arg-type]


def test_reference_format() -> None:
    for _ in range(200):
        ref = ids.new_reference()
        assert len(ref) == 13 and ref.startswith("NWD-") and ref[8] == "-"
        assert not set(ref[4:].replace("-", "")) & set("ILOU")


@given(st.text(alphabet=ids.ALPHABET, min_size=8, max_size=8), st.sampled_from(["", " ", "-"]), st.booleans())
@settings(deadline=None, max_examples=100)
def test_references_are_forgiving_to_type(body: str, sep: str, lower: bool) -> None:
    canonical = f"NWD-{body[:4]}-{body[4:]}"
    typed = f"nwd{sep}{body[:4]}{sep}{body[4:]}" if lower else f"{body[:4]}{sep}{body[4:]}"
    typed = typed.lower() if lower else typed
    typed = typed.replace("0", "O").replace("1", "l")  # what people write for zero and one
    assert ids.normalise_reference(typed) == canonical


@given(st.text(max_size=30))
@settings(deadline=None, max_examples=200)
def test_any_text_is_either_a_reference_or_none(typed: str) -> None:
    result = ids.normalise_reference(typed)
    assert result is None or (len(result) == 13 and result.startswith("NWD-"))


def test_secrets_are_derived_per_submission_and_key() -> None:
    a = ids.derive_secret(b"k1" * 16, "id-1")
    assert a == ids.derive_secret(b"k1" * 16, "id-1")
    assert a != ids.derive_secret(b"k1" * 16, "id-2") and a != ids.derive_secret(b"k2" * 16, "id-1")
    assert len(a) == ids.SECRET_LENGTH and set(a) <= set(ids.ALPHABET)
    assert ids.secret_hash("NWD-AAAA-BBBB", a.lower()) == ids.secret_hash("NWD-AAAA-BBBB", a)


def test_enrolment_codes_and_tokens_are_high_entropy() -> None:
    codes = {ids.new_enrolment_code() for _ in range(500)}
    tokens = {ids.new_device_token() for _ in range(500)}
    assert len(codes) == 500 and len(tokens) == 500
    assert all(len(t) > 40 and set(t[4:]) <= set(string.ascii_letters + string.digits + "-_") for t in tokens)
    code = next(iter(codes))
    assert ids.code_hash(code) == ids.code_hash(code.lower().replace("-", " "))
