"""The synthetic newcomers: reproducible, well-formed, in the right scripts, and variants that mean it."""

from __future__ import annotations

import random
import re
import unicodedata
from collections import Counter

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from caseworker.core import synthetic as s
from caseworker.core.domain import DobPrecision, NeedDomain, Relationship
from caseworker.core.identifiers import normalise_phone, normalise_postal_code, normalise_uci

_SCRIPT_WORD = {"Arab": "ARABIC", "Cyrl": "CYRILLIC", "Hans": "CJK", "Ethi": "ETHIOPIC", "Latn": "LATIN"}
_LATIN_NAME = re.compile(r"^[A-Za-zÀ-ÖØ-öø-ÿĀ-ž' .-]+$")


def _letters_in_script(text: str, script: str) -> bool:
    word = _SCRIPT_WORD[script]
    letters = [c for c in text if c.isalpha() and c != "\u02bc"]  # ʼ: the Ukrainian apostrophe
    return bool(letters) and all(word in unicodedata.name(c, "") for c in letters)


@pytest.fixture(scope="module")
def sample() -> list[s.SyntheticPerson]:
    return list(s.people(11, 1500))


def test_same_seed_and_index_give_the_same_person() -> None:
    assert s.person(5, 42) == s.person(5, 42)
    assert list(s.people(5, 3, start=40)) == [s.person(5, 40), s.person(5, 41), s.person(5, 42)]
    assert s.person(5, 42) != s.person(6, 42)
    assert s.person(5, 42).key == "5-42"


def test_every_origin_appears_with_its_script(sample: list[s.SyntheticPerson]) -> None:
    origins = Counter(p.origin for p in sample)
    assert set(origins) == set(s.Origin)
    for p in sample:
        assert _letters_in_script(p.given_name, p.script), (p.origin, p.key)
        assert _letters_in_script(p.family_name, p.script), (p.origin, p.key)
        assert _LATIN_NAME.match(p.given_name_latin), p.key
        assert _LATIN_NAME.match(p.family_name_latin), p.key
        if p.script != "Latn":
            # transliterations are plain ASCII letters, never left in the native script
            assert p.given_name_latin.isascii() and p.family_name_latin.isascii(), p.key


def test_contact_details_pass_the_validators_unchanged(sample: list[s.SyntheticPerson]) -> None:
    for p in sample:
        assert p.phone or p.email
        if p.phone:
            assert normalise_phone(p.phone) == p.phone
            assert p.phone[5:10] == "55501"  # the block reserved for fiction
        assert normalise_postal_code(p.postal_code) == p.postal_code
        if p.uci:
            assert normalise_uci(p.uci) == p.uci
        if p.email:
            assert p.email.rsplit("@", 1)[1] in {"example.org", "example.com", "example.net"}


def test_dates_of_birth_have_precision_and_are_in_the_past(sample: list[s.SyntheticPerson]) -> None:
    precisions = Counter(p.dob.precision for p in sample)
    assert precisions[DobPrecision.YEAR] > 50
    assert precisions[DobPrecision.YEAR_MONTH] > 10
    assert precisions[DobPrecision.FULL] > 800
    for p in sample:
        assert p.dob.as_date() <= s.REFERENCE_DATE
        assert 18 <= s.REFERENCE_DATE.year - p.dob.year <= 76
        assert p.arrival_date <= s.REFERENCE_DATE


def test_languages_needs_and_households_are_consistent(sample: list[s.SyntheticPerson]) -> None:
    main_language = {
        s.Origin.ARABIC: "ar",
        s.Origin.PERSIAN: "fa",
        s.Origin.UKRAINIAN: "uk",
        s.Origin.SPANISH: "es",
        s.Origin.CHINESE: "zh",
        s.Origin.TIGRINYA: "ti",
        s.Origin.ENGLISH: "en",
        s.Origin.FRENCH: "fr",
    }
    with_household = 0
    for p in sample:
        assert p.languages[0] == main_language[p.origin]
        assert all(re.fullmatch(r"[a-z]{2,3}", code) for code in p.languages)
        assert len(set(p.languages)) == len(p.languages)
        needs = [n for n in p.needs if not n.is_asset]
        assert needs and len({n.domain for n in needs}) == len(needs)
        assert all(isinstance(n.domain, NeedDomain) and n.text for n in p.needs)
        for n in p.needs:
            if n.text_native:
                assert n.language == p.languages[0]
        for m in p.household:
            with_household += 1
            if m.relationship is Relationship.CHILD:
                assert m.birth_year >= p.dob.year + 14
            assert m.given_name and m.family_name_latin
    assert with_household > 500


def test_native_need_phrases_exist_for_the_main_form_languages(sample: list[s.SyntheticPerson]) -> None:
    native = {n.language for p in sample for n in p.needs if n.text_native}
    assert {"ar", "fa", "uk", "es", "zh", "ti", "fr"} <= native


def test_eritrean_children_carry_the_fathers_given_name() -> None:
    found = 0
    for i in range(3000):
        p = s.person(2, i, origin=s.Origin.TIGRINYA)
        if p.gender.value != "male":
            continue
        for m in p.household:
            if m.relationship is Relationship.CHILD:
                assert m.family_name == p.given_name
                found += 1
        if found > 20:
            break
    assert found > 20


def test_ukrainian_transliteration_follows_the_2010_rules() -> None:
    assert s.transliterate_ukrainian("Олександр") == "Oleksandr"
    assert s.transliterate_ukrainian("Юрій") == "Yurii"
    assert s.transliterate_ukrainian("Згурський") == "Zghurskyi"
    assert s.transliterate_ukrainian("Їжакевич") == "Yizhakevych"
    assert s.transliterate_ukrainian("Знам'янка") == "Znamianka"
    assert s.transliterate_ukrainian("Щербухи") == "Shcherbukhy"
    assert s.transliterate_ukrainian("Сергій", alt=True) == "Sergiy"


def test_pinyin_joins_syllables_and_knows_surname_readings() -> None:
    assert s.pinyin("秀英") == "Xiuying"
    assert s.pinyin("王", surname=True) == "Wang"
    assert s.pinyin("单", surname=True) == "Shan"
    assert s.pinyin("曾", surname=True) == "Zeng"


def _first_with(kind: s.VariantKind, origin: s.Origin | None = None) -> s.SyntheticPerson:
    for i in range(5000):
        p = s.person(9, i, origin=origin)
        if kind in s.applicable_variant_kinds(p):
            return p
    raise AssertionError(f"no person for {kind}")


def test_each_variant_kind_does_what_it_says() -> None:
    K = s.VariantKind
    p = _first_with(K.SWAP_NAMES)
    q = s.variant(p, 1, kinds=[K.SWAP_NAMES]).person
    assert (q.given_name, q.family_name_latin) == (p.family_name, p.given_name_latin)

    p = _first_with(K.SWAP_DAY_MONTH)
    q = s.variant(p, 1, kinds=[K.SWAP_DAY_MONTH]).person
    assert (q.dob.month, q.dob.day) == (p.dob.day, p.dob.month)

    p = _first_with(K.YEAR_ONLY)
    q = s.variant(p, 1, kinds=[K.YEAR_ONLY]).person
    assert q.dob == s.SyntheticDob(p.dob.year)

    p = _first_with(K.NATIVE_ONLY, s.Origin.ARABIC)
    q = s.variant(p, 1, kinds=[K.NATIVE_ONLY, K.TYPO]).person
    assert q.given_name_latin == q.family_name_latin == ""
    assert q.given_name == p.given_name

    p = _first_with(K.LATIN_ONLY, s.Origin.CHINESE)
    q = s.variant(p, 1, kinds=[K.LATIN_ONLY]).person
    assert q.given_name == p.given_name_latin and q.given_name.isascii()

    p = _first_with(K.TYPO)
    q = s.variant(p, 1, kinds=[K.TYPO]).person
    edits = OSA.distance(p.given_name_latin, q.given_name_latin) + OSA.distance(
        p.family_name_latin, q.family_name_latin
    )
    assert edits == 1

    p = _first_with(K.PARTIAL_FAMILY, s.Origin.SPANISH)
    q = s.variant(p, 1, kinds=[K.PARTIAL_FAMILY]).person
    assert q.family_name == p.family_name.split(" ")[0]

    p = _first_with(K.NEW_PHONE)
    q = s.variant(p, 1, kinds=[K.NEW_PHONE]).person
    assert q.phone != p.phone and q.phone is not None and normalise_phone(q.phone) == q.phone


def test_transliteration_variants_use_real_alternative_spellings() -> None:
    K = s.VariantKind
    seen: set[str] = set()
    for i in range(400):
        p = s.person(4, i, origin=s.Origin.ARABIC)
        v = s.variant(p, i, kinds=[K.TRANSLITERATION])
        q = v.person
        if not v.kinds:  # "Rana Haddad" has one usual spelling: nothing to vary
            assert q == p
            continue
        assert (q.given_name_latin, q.family_name_latin) != (p.given_name_latin, p.family_name_latin)
        if p.given_name == "محمد":
            seen.add(q.given_name_latin)
    assert seen and seen <= {"Muhammad", "Mohamad", "Mohamed", "Mohammad"}


@settings(max_examples=150, deadline=None)
@given(seed=st.integers(0, 10_000), index=st.integers(0, 10**9), vseed=st.integers(0, 1000))
def test_variants_keep_the_identity_and_stay_well_formed(seed: int, index: int, vseed: int) -> None:
    p = s.person(seed, index)
    v = s.variant(p, vseed)
    assert v.person.key == p.key
    assert v.kinds and set(v.kinds) <= set(s.applicable_variant_kinds(p))
    assert v.person != p  # every chosen kind changes something
    q = v.person
    assert q.given_name or q.given_name_latin
    assert q.phone or q.email
    if q.dob.day is not None:
        q.dob.as_date()  # a real calendar date


def test_namesakes_are_different_people_with_confusable_names() -> None:
    p = s.person(1, 0, origin=s.Origin.ARABIC)
    others = [s.namesake(p, 1, 10_000 + i) for i in range(30)]
    assert all(o.key != p.key and o.family_name == p.family_name for o in others)
    assert any(o.given_name == p.given_name for o in others)


def test_notes_mention_the_client_by_their_latin_name() -> None:
    p = s.person(1, 3)
    rng = random.Random(1)
    notes = {s.note_text(p, rng) for i in range(60)}
    assert len(notes) > 5
    assert any(p.given_name_latin in n for n in notes if p.preferred_name is None)
    assert all(n.strip() for n in notes)
