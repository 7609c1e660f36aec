"""Synthetic newcomers: the only "people" demos, tests and benchmarks ever see.

One seeded generator feeds the demo caseload (store.demo), the intake server's demo submissions
(intake.synthetic) and the matching benchmark. ``person(seed, i)`` depends only on ``(seed, i)``, so
two parts that agree on a seed agree on who "client 17" is: the intake demo can submit a retyped copy of
a demo client without reading the caseload.

A person carries names as they write them (native script) and in Latin letters, a date of birth with
its precision (many newcomers know only the year), languages as ISO 639 codes, an immigration category,
a Canadian address with a well-formed postal code, a fictional phone number (NANP 555-01xx, reserved
for fiction, but valid to libphonenumber), an optional UCI, household members and needs.

``variant()`` retypes a person the way another desk would: another transliteration (Mohammed /
Muhammad), given and family swapped, day and month swapped, year-only date of birth, native script
only, Latin only, a typo. The result keeps ``key``, which is the ground truth for matching.

No I/O, no Qt, no clock: ``today`` is a parameter (default REFERENCE_DATE) so output is reproducible.
"""

from __future__ import annotations

import random
import string
import unicodedata
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from anyascii import anyascii
from faker.providers.person import en_US as _faker_en
from faker.providers.person import es_CO as _faker_es_co
from faker.providers.person import es_MX as _faker_es_mx
from faker.providers.person import fr_CA as _faker_fr
from faker.providers.person import uk_UA as _faker_uk
from faker.providers.person import zh_CN as _faker_zh

from caseworker.core import synthetic_data as data
from caseworker.core.domain import (
    ContactPreference,
    DobPrecision,
    Gender,
    ImmigrationCategory,
    NeedDomain,
    OfficialLanguagePreference,
    Relationship,
)

REFERENCE_DATE = date(2026, 6, 1)
"""Default 'today' of the generator: fixed so that a seed always yields the same people."""

MARITAL_STATUSES = ("single", "married", "common_law", "widowed", "divorced", "separated")


class Origin(StrEnum):
    """Which naming tradition and script a synthetic person comes from."""

    ARABIC = "arabic"  # Syrian, Iraqi, Sudanese
    PERSIAN = "persian"  # Afghan Dari, Iranian Farsi
    UKRAINIAN = "ukrainian"
    SPANISH = "spanish"  # Latin American
    CHINESE = "chinese"  # Simplified Chinese with pinyin
    TIGRINYA = "tigrinya"  # Eritrean, Ge'ez script
    ENGLISH = "english"
    FRENCH = "french"


SCRIPTS: dict[Origin, str] = {
    Origin.ARABIC: "Arab",
    Origin.PERSIAN: "Arab",
    Origin.UKRAINIAN: "Cyrl",
    Origin.SPANISH: "Latn",
    Origin.CHINESE: "Hans",
    Origin.TIGRINYA: "Ethi",
    Origin.ENGLISH: "Latn",
    Origin.FRENCH: "Latn",
}

FORM_LANGUAGE: dict[Origin, str] = {
    Origin.ARABIC: "ar",
    Origin.PERSIAN: "fa",
    Origin.UKRAINIAN: "uk",
    Origin.SPANISH: "es",
    Origin.CHINESE: "zh_Hans",
    Origin.TIGRINYA: "ti",
    Origin.ENGLISH: "en",
    Origin.FRENCH: "fr",
}

DEFAULT_MIX: dict[Origin, float] = {
    Origin.ARABIC: 0.22,
    Origin.PERSIAN: 0.15,
    Origin.UKRAINIAN: 0.18,
    Origin.SPANISH: 0.12,
    Origin.CHINESE: 0.10,
    Origin.TIGRINYA: 0.10,
    Origin.ENGLISH: 0.07,
    Origin.FRENCH: 0.06,
}


@dataclass(frozen=True, slots=True)
class SyntheticDob:
    year: int
    month: int | None = None
    day: int | None = None

    @property
    def precision(self) -> DobPrecision:
        if self.day is not None:
            return DobPrecision.FULL
        if self.month is not None:
            return DobPrecision.YEAR_MONTH
        return DobPrecision.YEAR

    def as_date(self) -> date:
        """The date to store in a DATE column: missing month/day become 1 (precision says which)."""
        return date(self.year, self.month or 1, self.day or 1)


@dataclass(frozen=True, slots=True)
class SyntheticMember:
    given_name: str
    family_name: str
    given_name_latin: str
    family_name_latin: str
    relationship: Relationship
    gender: Gender
    birth_year: int


@dataclass(frozen=True, slots=True)
class SyntheticNeed:
    domain: NeedDomain
    is_asset: bool
    priority: int  # 1 high, 2 medium, 3 low
    text: str  # English, as a worker would record it
    text_native: str | None  # the same need in the client's language, when we have a phrase for it
    language: str | None  # ISO 639 code of text_native


@dataclass(frozen=True, slots=True)
class SyntheticPerson:
    key: str  # stable identity "seed-index": the ground truth for matching
    origin: Origin
    script: str  # ISO 15924 of the native names
    given_name: str  # as the person writes it (native script)
    family_name: str
    given_name_latin: str
    family_name_latin: str
    preferred_name: str | None
    dob: SyntheticDob
    gender: Gender
    marital_status: str
    languages: tuple[str, ...]  # ISO 639 codes, main language first
    official_language: OfficialLanguagePreference
    interpreter_needed: bool
    country_of_birth: str  # ISO 3166-1 alpha-2
    citizenship: str
    immigration_category: ImmigrationCategory
    arrival_date: date
    phone: str | None  # E.164
    email: str | None
    contact_preference: ContactPreference
    street_address: str
    city: str
    province: str
    postal_code: str  # "A1A 1A1"
    uci: str | None
    household: tuple[SyntheticMember, ...]
    needs: tuple[SyntheticNeed, ...]

    @property
    def full_name_latin(self) -> str:
        return " ".join(p for p in (self.given_name_latin, self.family_name_latin) if p)

    @property
    def full_name(self) -> str:
        return " ".join(p for p in (self.given_name, self.family_name) if p)


# name pools -------------------------------------------------------------------------------------


def _names(values: Any) -> tuple[str, ...]:
    return tuple(str(v) for v in values)


@dataclass(frozen=True, slots=True)
class _Pool:
    """Names with cumulative weights (Faker lists some by frequency: Wang and Li should dominate)."""

    names: tuple[str, ...]
    cum: tuple[float, ...]

    @classmethod
    def of(cls, *sources: Any) -> _Pool:
        names: list[str] = []
        weights: list[float] = []
        for src in sources:
            items = src.items() if isinstance(src, dict) else ((v, 1.0) for v in src)
            for name, weight in items:
                names.append(str(name))
                weights.append(float(weight))
        cum: list[float] = []
        total = 0.0
        for w in weights:
            total += w
            cum.append(total)
        return cls(tuple(names), tuple(cum))

    def pick(self, rng: random.Random) -> str:
        return rng.choices(self.names, cum_weights=self.cum)[0]


_UK_COMMON_MALE = (
    "Олександр",
    "Андрій",
    "Дмитро",
    "Сергій",
    "Юрій",
    "Олексій",
    "Михайло",
    "Іван",
    "Максим",
    "Богдан",
    "Тарас",
    "Віктор",
    "Володимир",
)
_UK_COMMON_FEMALE = (
    "Олена",
    "Ірина",
    "Наталія",
    "Ольга",
    "Тетяна",
    "Юлія",
    "Катерина",
    "Оксана",
    "Анна",
    "Марія",
    "Світлана",
    "Вікторія",
)
_UK_MALE = _UK_COMMON_MALE + _names(_faker_uk.Provider.first_names_male)
_UK_FEMALE = _UK_COMMON_FEMALE + _names(_faker_uk.Provider.first_names_female)
_UK_FAMILY_MALE = _names(_faker_uk.Provider.last_names_male)
_UK_FAMILY_FEMALE = _names(_faker_uk.Provider.last_names_female)
_ZH_MALE = _names(_faker_zh.Provider.first_names_male)
_ZH_FEMALE = _names(_faker_zh.Provider.first_names_female)
_ZH_FAMILY = _Pool.of(_faker_zh.Provider.last_names)
_ES_MALE = _names(_faker_es_co.Provider.first_names_male) + _names(_faker_es_mx.Provider.first_names_male)
_ES_FEMALE = _names(_faker_es_co.Provider.first_names_female) + _names(
    _faker_es_mx.Provider.first_names_female
)
_ES_FAMILY = _names(_faker_es_co.Provider.last_names) + _names(_faker_es_mx.Provider.last_names)
_EN_MALE = _Pool.of(_faker_en.Provider.first_names_male)
_EN_FEMALE = _Pool.of(_faker_en.Provider.first_names_female)
_EN_FAMILY = _Pool.of(_faker_en.Provider.last_names)
_FR_MALE = _names(_faker_fr.Provider.first_names_male)
_FR_FEMALE = _names(_faker_fr.Provider.first_names_female)
_FR_FAMILY = _names(_faker_fr.Provider.last_names)

_TI_FAMILY = data.TIGRINYA_MALE + data.TIGRINYA_FAMILY_EXTRA
_ARABIC_FAMILY_ALL = tuple(entry for group in data.ARABIC_FAMILY.values() for entry in group)

# native -> every Latin spelling we know, per origin (for alternative transliterations)
_SPELLINGS: dict[Origin, dict[str, tuple[str, ...]]] = {
    Origin.ARABIC: {n: s for n, s in data.ARABIC_MALE + data.ARABIC_FEMALE + _ARABIC_FAMILY_ALL},
    Origin.PERSIAN: {n: s for n, s in data.PERSIAN_MALE + data.PERSIAN_FEMALE + data.PERSIAN_FAMILY},
    Origin.TIGRINYA: {n: s for n, s in data.TIGRINYA_FEMALE + _TI_FAMILY},
}

# Ukrainian national transliteration (Cabinet of Ministers resolution 55, 2010)
_UK_TRANSLIT = {
    "а": "a", "б": "b", "в": "v", "г": "h", "ґ": "g", "д": "d", "е": "e", "є": "ie", "ж": "zh",
    "з": "z", "и": "y", "і": "i", "ї": "i", "й": "i", "к": "k", "л": "l", "м": "m", "н": "n",
    "о": "o", "п": "p", "р": "r", "с": "s", "т": "t", "у": "u", "ф": "f", "х": "kh", "ц": "ts",
    "ч": "ch", "ш": "sh", "щ": "shch", "ь": "", "ю": "iu", "я": "ia", "'": "", "’": "", "ʼ": "",
}  # fmt: skip
_UK_INITIAL = {"є": "ye", "ї": "yi", "й": "y", "ю": "yu", "я": "ya"}
# an older, Russian-influenced passport style: г->g, й->y, я->ya everywhere
_UK_ALT = {**_UK_TRANSLIT, "г": "g", "й": "y", "ї": "yi", "є": "ye", "ю": "yu", "я": "ya", "х": "kh"}
_CANTONESE_STYLE = {
    "Chen": "Chan", "Wang": "Wong", "Huang": "Wong", "Zhang": "Cheung", "Li": "Lee", "Liu": "Lau",
    "Wu": "Ng", "Zhou": "Chow", "Lin": "Lam", "Xu": "Hsu", "Zheng": "Cheng", "Guo": "Kwok",
    "Yang": "Yeung", "Zhao": "Chiu", "Hu": "Woo", "He": "Ho", "Ma": "Mah", "Zhu": "Chu",
}  # fmt: skip


def transliterate_ukrainian(text: str, *, alt: bool = False) -> str:
    """Cyrillic Ukrainian in Latin letters: the 2010 national system, or an older passport style."""
    table = _UK_ALT if alt else _UK_TRANSLIT
    out: list[str] = []
    word_start = True
    prev = ""
    for ch in text:
        low = ch.lower()
        if low in table:
            piece = _UK_INITIAL[low] if (word_start and low in _UK_INITIAL) else table[low]
            if low == "г" and prev == "з" and not alt:
                piece = "gh"  # зг -> zgh, so it is not read as ж
            if ch != low and piece:
                piece = piece[0].upper() + piece[1:]
            out.append(piece)
            word_start = False
        else:
            out.append(ch)
            word_start = not ch.isalpha()
        prev = low
    return "".join(out)


def pinyin(text: str, *, surname: bool = False) -> str:
    """Simplified Chinese in pinyin without tones, syllables joined, first letter capital: 秀英 -> Xiuying."""
    if surname and text in data.CHINESE_SURNAME_PINYIN:
        return data.CHINESE_SURNAME_PINYIN[text]
    syllables = [anyascii(ch).lower() for ch in text]
    joined = "".join(syllables)
    return joined[:1].upper() + joined[1:]


def strip_accents(text: str) -> str:
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFC", "".join(c for c in decomposed if not unicodedata.combining(c)))


# the generator ----------------------------------------------------------------------------------


def _rng(seed: int | str, index: int, salt: str = "") -> random.Random:
    # str seeds go through SHA-512 in CPython, so this does not depend on PYTHONHASHSEED
    return random.Random(f"{seed}/{index}{salt}")


def _weighted(rng: random.Random, options: dict[Any, float]) -> Any:
    keys = list(options)
    return rng.choices(keys, weights=[options[k] for k in keys])[0]


def _dob(rng: random.Random, today: date, min_age: int, max_age: int, year_only_share: float) -> SyntheticDob:
    age = rng.randint(min_age, max_age)
    year = today.year - age
    roll = rng.random()
    if roll < year_only_share:
        return SyntheticDob(year)
    if roll < year_only_share + 0.05:
        return SyntheticDob(year, rng.randint(1, 12))
    if rng.random() < 0.05:  # registered as 1 January when the day was unknown
        return SyntheticDob(year, 1, 1)
    month = rng.randint(1, 12)
    day = rng.randint(1, 28 if month == 2 else 30 if month in (4, 6, 9, 11) else 31)
    dob = SyntheticDob(year, month, day)
    if dob.as_date() > today:
        return SyntheticDob(year - 1, month, day)
    return dob


def _postal_code(rng: random.Random, fsa: str) -> str:
    letters = "ABCEGHJKLMNPRSTVWXYZ"
    return f"{fsa} {rng.randint(0, 9)}{rng.choice(letters)}{rng.randint(0, 9)}"


def fictional_phone(rng: random.Random, area_code: str) -> str:
    """A NANP number in the 555-0100..0199 block that North America reserves for fiction."""
    return f"+1{area_code}55501{rng.randint(0, 99):02d}"


def _uci(rng: random.Random) -> str:
    if rng.random() < 0.3:
        digits = f"{rng.randint(0, 99_999_999):08d}"
        return f"{digits[:4]}-{digits[4:]}"
    digits = f"{rng.randint(0, 9_999_999_999):010d}"
    return f"{digits[:2]}-{digits[2:6]}-{digits[6:]}"


def _ascii_handle(text: str) -> str:
    return "".join(c for c in anyascii(text).lower() if c in string.ascii_lowercase)


class _Names:
    """Name choice per origin: returns (given, family, given_latin, family_latin, country)."""

    @staticmethod
    def pick(rng: random.Random, origin: Origin, female: bool) -> tuple[str, str, str, str, str]:
        if origin is Origin.ARABIC:
            country = _weighted(rng, {"SY": 0.55, "IQ": 0.25, "SD": 0.20})
            g = rng.choice(data.ARABIC_FEMALE if female else data.ARABIC_MALE)
            f = rng.choice(data.ARABIC_FAMILY[country])
            return g[0], f[0], g[1][0], f[1][0], country
        if origin is Origin.PERSIAN:
            country = "AF" if rng.random() < 0.85 else "IR"
            g = rng.choice(data.PERSIAN_FEMALE if female else data.PERSIAN_MALE)
            f = rng.choice(data.PERSIAN_FAMILY)
            return g[0], f[0], g[1][0], f[1][0], country
        if origin is Origin.TIGRINYA:
            country = "ER" if rng.random() < 0.85 else "ET"
            g = rng.choice(data.TIGRINYA_FEMALE if female else data.TIGRINYA_MALE)
            f = rng.choice(_TI_FAMILY)
            return g[0], f[0], g[1][0], f[1][0], country
        if origin is Origin.UKRAINIAN:
            common = _UK_COMMON_FEMALE if female else _UK_COMMON_MALE
            given = rng.choice(common if rng.random() < 0.6 else (_UK_FEMALE if female else _UK_MALE))
            family = rng.choice(_UK_FAMILY_FEMALE if female else _UK_FAMILY_MALE)
            return given, family, transliterate_ukrainian(given), transliterate_ukrainian(family), "UA"
        if origin is Origin.CHINESE:
            pool = _ZH_FEMALE if female else _ZH_MALE
            given = rng.choice(pool)
            if len(given) == 1 and rng.random() < 0.5:
                given += rng.choice(pool)[0]
            family = _ZH_FAMILY.pick(rng)
            return given, family, pinyin(given), pinyin(family, surname=True), "CN"
        if origin is Origin.SPANISH:
            country = _weighted(rng, {"MX": 0.35, "CO": 0.3, "VE": 0.15, "SV": 0.1, "HN": 0.05, "GT": 0.05})
            given = rng.choice(_ES_FEMALE if female else _ES_MALE)
            if rng.random() < 0.15:
                given = f"{given} {rng.choice(_ES_FEMALE if female else _ES_MALE)}"
            family = f"{rng.choice(_ES_FAMILY)} {rng.choice(_ES_FAMILY)}"
            return given, family, given, family, country
        if origin is Origin.FRENCH:
            country = _weighted(rng, {"FR": 0.3, "HT": 0.3, "CD": 0.15, "CM": 0.15, "CI": 0.1})
            given = rng.choice(_FR_FEMALE if female else _FR_MALE)
            family = rng.choice(_FR_FAMILY)
            return given, family, given, family, country
        country = _weighted(rng, {"GB": 0.25, "NG": 0.3, "PH": 0.15, "JM": 0.15, "KE": 0.15})
        given = (_EN_FEMALE if female else _EN_MALE).pick(rng)
        family = _EN_FAMILY.pick(rng)
        return given, family, given, family, country


_CATEGORIES: dict[Origin, dict[ImmigrationCategory, float]] = {
    Origin.ARABIC: {
        ImmigrationCategory.GAR: 0.4,
        ImmigrationCategory.PSR: 0.3,
        ImmigrationCategory.BVOR: 0.05,
        ImmigrationCategory.JAS: 0.03,
        ImmigrationCategory.ASYLUM_CLAIMANT: 0.07,
        ImmigrationCategory.FAMILY: 0.07,
        ImmigrationCategory.PROTECTED_PERSON: 0.05,
        ImmigrationCategory.UNKNOWN: 0.03,
    },
    Origin.PERSIAN: {
        ImmigrationCategory.GAR: 0.45,
        ImmigrationCategory.PSR: 0.25,
        ImmigrationCategory.JAS: 0.05,
        ImmigrationCategory.ASYLUM_CLAIMANT: 0.05,
        ImmigrationCategory.ECONOMIC: 0.08,
        ImmigrationCategory.FAMILY: 0.07,
        ImmigrationCategory.UNKNOWN: 0.05,
    },
    Origin.UKRAINIAN: {
        ImmigrationCategory.CUAET: 0.75,
        ImmigrationCategory.TEMPORARY_RESIDENT: 0.08,
        ImmigrationCategory.ECONOMIC: 0.1,
        ImmigrationCategory.FAMILY: 0.05,
        ImmigrationCategory.OTHER: 0.02,
    },
    Origin.SPANISH: {
        ImmigrationCategory.ASYLUM_CLAIMANT: 0.35,
        ImmigrationCategory.PROTECTED_PERSON: 0.15,
        ImmigrationCategory.TEMPORARY_RESIDENT: 0.2,
        ImmigrationCategory.ECONOMIC: 0.15,
        ImmigrationCategory.FAMILY: 0.1,
        ImmigrationCategory.UNKNOWN: 0.05,
    },
    Origin.CHINESE: {
        ImmigrationCategory.ECONOMIC: 0.45,
        ImmigrationCategory.FAMILY: 0.25,
        ImmigrationCategory.TEMPORARY_RESIDENT: 0.2,
        ImmigrationCategory.CITIZEN: 0.05,
        ImmigrationCategory.OTHER: 0.05,
    },
    Origin.TIGRINYA: {
        ImmigrationCategory.PSR: 0.45,
        ImmigrationCategory.GAR: 0.25,
        ImmigrationCategory.BVOR: 0.05,
        ImmigrationCategory.ASYLUM_CLAIMANT: 0.15,
        ImmigrationCategory.PROTECTED_PERSON: 0.1,
    },
    Origin.ENGLISH: {
        ImmigrationCategory.ECONOMIC: 0.45,
        ImmigrationCategory.FAMILY: 0.2,
        ImmigrationCategory.TEMPORARY_RESIDENT: 0.2,
        ImmigrationCategory.ASYLUM_CLAIMANT: 0.1,
        ImmigrationCategory.CITIZEN: 0.05,
    },
    Origin.FRENCH: {
        ImmigrationCategory.ECONOMIC: 0.35,
        ImmigrationCategory.FAMILY: 0.15,
        ImmigrationCategory.ASYLUM_CLAIMANT: 0.25,
        ImmigrationCategory.PROTECTED_PERSON: 0.15,
        ImmigrationCategory.TEMPORARY_RESIDENT: 0.1,
    },
}

_NEED_WEIGHTS: dict[NeedDomain, float] = {
    NeedDomain.HOUSING: 0.9,
    NeedDomain.EMPLOYMENT: 0.8,
    NeedDomain.LANGUAGE: 0.8,
    NeedDomain.EDUCATION: 0.3,
    NeedDomain.HEALTH: 0.6,
    NeedDomain.MENTAL_HEALTH: 0.25,
    NeedDomain.LEGAL_IMMIGRATION: 0.4,
    NeedDomain.FINANCIAL: 0.45,
    NeedDomain.CHILDCARE: 0.25,
    NeedDomain.TRANSPORTATION: 0.2,
    NeedDomain.COMMUNITY: 0.3,
    NeedDomain.DIGITAL_SKILLS: 0.2,
}

_YEAR_ONLY_SHARE = {Origin.PERSIAN: 0.35, Origin.TIGRINYA: 0.3, Origin.ARABIC: 0.15}


def _languages(rng: random.Random, origin: Origin, country: str) -> tuple[str, ...]:
    langs: list[str]
    if origin is Origin.ARABIC:
        langs = ["ar"] + (["ku"] if country == "IQ" and rng.random() < 0.2 else [])
    elif origin is Origin.PERSIAN:
        langs = ["fa"] + (["ps"] if country == "AF" and rng.random() < 0.3 else [])
    elif origin is Origin.UKRAINIAN:
        langs = ["uk"] + (["ru"] if rng.random() < 0.5 else [])
    elif origin is Origin.SPANISH:
        langs = ["es"]
    elif origin is Origin.CHINESE:
        langs = ["zh"] + (["yue"] if rng.random() < 0.1 else [])
    elif origin is Origin.TIGRINYA:
        langs = ["ti"] + (["am"] if rng.random() < 0.3 else []) + (["ar"] if rng.random() < 0.15 else [])
    elif origin is Origin.FRENCH:
        extra = {"HT": "ht", "CD": "ln"}.get(country)
        langs = ["fr"] + ([extra] if extra else [])
    else:
        extra = {"NG": "yo", "PH": "tl", "KE": "sw"}.get(country)
        langs = ["en"] + ([extra] if extra and rng.random() < 0.6 else [])
    if "en" not in langs and rng.random() < (0.5 if origin is Origin.FRENCH else 0.25):
        langs.append("en")
    return tuple(langs)


def _needs(rng: random.Random, languages: tuple[str, ...]) -> tuple[SyntheticNeed, ...]:
    count = rng.choices((1, 2, 3, 4), weights=(0.25, 0.35, 0.25, 0.15))[0]
    domains: list[NeedDomain] = []
    while len(domains) < count:
        d = _weighted(rng, _NEED_WEIGHTS)
        if d not in domains:
            domains.append(d)
    main = languages[0]
    out: list[SyntheticNeed] = []
    for d in domains:
        native = data.NEED_TEXTS_NATIVE.get(main, {}).get(d)
        out.append(
            SyntheticNeed(
                domain=d,
                is_asset=False,
                priority=rng.choices((1, 2, 3), weights=(0.3, 0.5, 0.2))[0],
                text=rng.choice(data.NEED_TEXTS_EN[d]),
                text_native=native,
                language=main if native else None,
            )
        )
    if rng.random() < 0.5:
        domain = rng.choice((NeedDomain.EMPLOYMENT, NeedDomain.LANGUAGE, NeedDomain.COMMUNITY))
        text = rng.choice(data.ASSET_TEXTS_EN)
        out.append(SyntheticNeed(domain, True, 3, text, None, None))
    return tuple(out)


def _household(
    rng: random.Random,
    origin: Origin,
    head_given: tuple[str, str],
    head_family: tuple[str, str],
    head_female: bool,
    head_age: int,
    married: bool,
    today: date,
) -> tuple[SyntheticMember, ...]:
    members: list[SyntheticMember] = []
    large = origin in (Origin.ARABIC, Origin.PERSIAN, Origin.TIGRINYA)
    spouse: tuple[str, str, str, str, str] | None = None
    if married and rng.random() < 0.85:
        spouse = _Names.pick(rng, origin, not head_female)
        # most traditions here keep the spouse's own family name; English/French/Ukrainian often share it
        if origin in (Origin.ENGLISH, Origin.FRENCH) or (origin is Origin.UKRAINIAN and rng.random() < 0.7):
            s_family = head_family
        else:
            s_family = (spouse[1], spouse[3])
        members.append(
            SyntheticMember(
                spouse[0],
                s_family[0],
                spouse[2],
                s_family[1],
                Relationship.SPOUSE,
                Gender.MALE if head_female else Gender.FEMALE,
                today.year - max(18, head_age + rng.randint(-6, 6)),
            )
        )
    if head_age >= 22 and (married or rng.random() < 0.3):
        n_children = rng.choices((0, 1, 2, 3, 4, 5), weights=(1, 2, 3, 2, 1 + large, 1 + 2 * large))[0]
        for _ in range(n_children):
            female = rng.random() < 0.5
            c = _Names.pick(rng, origin, female)
            # children's family name: the father's given name (Eritrean, Sudanese), both surnames
            # (Spanish), otherwise the head's family name
            if origin is Origin.TIGRINYA:
                father = (
                    head_given if not head_female else ((spouse[0], spouse[2]) if spouse else head_family)
                )
                family = father
            elif origin is Origin.SPANISH and spouse:
                family = (
                    f"{head_family[0].split(' ')[0]} {spouse[1].split(' ')[0]}",
                    f"{head_family[1].split(' ')[0]} {spouse[3].split(' ')[0]}",
                )
            elif origin is Origin.UKRAINIAN:
                family = head_family  # not gender-adjusted: fine for synthetic data
            else:
                family = head_family
            age = rng.randint(0, max(0, min(head_age - 18, 25)))
            members.append(
                SyntheticMember(
                    c[0],
                    family[0],
                    c[2],
                    family[1],
                    Relationship.CHILD,
                    Gender.FEMALE if female else Gender.MALE,
                    today.year - age,
                )
            )
    if large and head_age < 45 and rng.random() < 0.12:
        p = _Names.pick(rng, origin, True)
        members.append(
            SyntheticMember(
                p[0],
                p[1],
                p[2],
                p[3],
                Relationship.PARENT,
                Gender.FEMALE,
                today.year - head_age - rng.randint(20, 35),
            )
        )
    return tuple(members)


def person(
    seed: int | str,
    index: int,
    *,
    today: date = REFERENCE_DATE,
    mix: dict[Origin, float] | None = None,
    origin: Origin | None = None,
) -> SyntheticPerson:
    """The synthetic person number ``index`` of ``seed``: the same inputs always give the same person."""
    rng = _rng(seed, index)
    if origin is None:
        origin = _weighted(rng, mix or DEFAULT_MIX)
    gender = rng.choices(
        (Gender.FEMALE, Gender.MALE, Gender.ANOTHER, Gender.PREFER_NOT), weights=(0.48, 0.48, 0.02, 0.02)
    )[0]
    female = gender is Gender.FEMALE or (gender is not Gender.MALE and rng.random() < 0.5)
    given, family, given_l, family_l, country = _Names.pick(rng, origin, female)
    dob = _dob(rng, today, 18, 75, _YEAR_ONLY_SHARE.get(origin, 0.05))
    age = today.year - dob.year
    marital = rng.choices(MARITAL_STATUSES, weights=(0.3, 0.5, 0.05, 0.06, 0.06, 0.03))[0]
    married = marital in ("married", "common_law")
    languages = _languages(rng, origin, country)
    city, province, fsas, area_codes, _ = rng.choices(data.CITIES, weights=[c[4] for c in data.CITIES])[0]
    if origin is Origin.FRENCH or province == "QC":
        official = (
            OfficialLanguagePreference.FRENCH if rng.random() < 0.8 else OfficialLanguagePreference.ENGLISH
        )
    else:
        official = (
            OfficialLanguagePreference.ENGLISH if rng.random() < 0.9 else OfficialLanguagePreference.NONE
        )
    category = _weighted(rng, _CATEGORIES[origin])
    if category is ImmigrationCategory.CUAET:
        arrival = date(2022, 4, 1) + timedelta(days=rng.randint(0, 900))
    else:
        arrival = today - timedelta(days=rng.randint(10, 5 * 365))
    arrival = min(arrival, today)
    contact = rng.choices(
        (ContactPreference.PHONE, ContactPreference.WHATSAPP, ContactPreference.SMS, ContactPreference.EMAIL),
        weights=(0.45, 0.3, 0.15, 0.1),
    )[0]
    has_email = contact is ContactPreference.EMAIL or rng.random() < 0.45
    email = None
    if has_email:
        handle = f"{_ascii_handle(given_l)}.{_ascii_handle(family_l)}{rng.randint(1, 999)}"
        email = f"{handle.strip('.') or 'client'}@{rng.choice(('example.org', 'example.com', 'example.net'))}"
    phone = fictional_phone(rng, rng.choice(area_codes)) if rng.random() < 0.97 or not email else None
    refugee = category in (
        ImmigrationCategory.GAR,
        ImmigrationCategory.PSR,
        ImmigrationCategory.BVOR,
        ImmigrationCategory.JAS,
    )
    has_uci = category is not ImmigrationCategory.CITIZEN and (refugee or rng.random() < 0.6)
    street = f"{rng.randint(1, 2999)} {rng.choice(data.STREETS)}"
    if rng.random() < 0.5:
        street += f", Apt {rng.randint(1, 40)}{rng.choice(('', '', 'A', 'B'))}"
    preferred = None
    if origin is Origin.CHINESE and rng.random() < 0.2:
        preferred = (_EN_FEMALE if female else _EN_MALE).pick(rng)
    household = _household(rng, origin, (given, given_l), (family, family_l), female, age, married, today)
    return SyntheticPerson(
        key=f"{seed}-{index}",
        origin=origin,
        script=SCRIPTS[origin],
        given_name=given,
        family_name=family,
        given_name_latin=given_l,
        family_name_latin=family_l,
        preferred_name=preferred,
        dob=dob,
        gender=gender,
        marital_status=marital,
        languages=languages,
        official_language=official,
        interpreter_needed=not ({"en", "fr"} & set(languages)) and rng.random() < 0.9,
        country_of_birth=country,
        citizenship=country if rng.random() < 0.95 else ("AF" if country == "IR" else "XX"),
        immigration_category=category,
        arrival_date=arrival,
        phone=phone,
        email=email,
        contact_preference=contact,
        street_address=street,
        city=city,
        province=province,
        postal_code=_postal_code(rng, rng.choice(fsas)),
        uci=_uci(rng) if has_uci else None,
        household=household,
        needs=_needs(rng, languages),
    )


def people(
    seed: int | str,
    count: int,
    *,
    start: int = 0,
    today: date = REFERENCE_DATE,
    mix: dict[Origin, float] | None = None,
) -> Iterator[SyntheticPerson]:
    """Persons ``start .. start+count-1`` of ``seed``."""
    for i in range(start, start + count):
        yield person(seed, i, today=today, mix=mix)


def people_for_clients(seed: int | str, clients: int, *, start: int = 0) -> int:
    """How many people a demo caseload of ``clients`` client files draws (each person brings their
    household members as client files too): the demo uses persons ``start .. start+result-1``."""
    made = 0
    n = 0
    while made < clients:
        made += 1 + len(person(seed, start + n).household)
        n += 1
    return n


# variants: the same person typed again elsewhere ---------------------------------------------------


class VariantKind(StrEnum):
    TRANSLITERATION = "transliteration"  # Mohammed -> Muhammad, Serhii -> Sergiy, Chen -> Chan
    SWAP_NAMES = "swap_names"  # given and family in each other's fields
    SWAP_DAY_MONTH = "swap_day_month"  # 03/07 read as 07/03
    YEAR_ONLY = "year_only"  # only the year of birth given
    NATIVE_ONLY = "native_only"  # no Latin spelling typed (non-Latin scripts only)
    LATIN_ONLY = "latin_only"  # no native script typed (non-Latin scripts only)
    TYPO = "typo"  # one letter wrong, missing, doubled or swapped in a Latin name
    PARTIAL_FAMILY = "partial_family"  # "García López" -> "García", "Al-Khatib" -> "Khatib"
    ACCENTS_DROPPED = "accents_dropped"  # José -> Jose
    NEW_PHONE = "new_phone"  # a different phone number
    NO_IDENTIFIERS = "no_identifiers"  # UCI and email not given


_LATIN_SPELLING_KINDS = frozenset(
    {
        VariantKind.LATIN_ONLY,
        VariantKind.TRANSLITERATION,
        VariantKind.TYPO,
        VariantKind.PARTIAL_FAMILY,
        VariantKind.ACCENTS_DROPPED,
    }
)


@dataclass(frozen=True, slots=True)
class Variant:
    person: SyntheticPerson
    kinds: tuple[VariantKind, ...]


def applicable_variant_kinds(p: SyntheticPerson) -> tuple[VariantKind, ...]:
    kinds = [VariantKind.TYPO, VariantKind.NEW_PHONE]
    if (p.given_name, p.given_name_latin) != (p.family_name, p.family_name_latin):  # "Mohamed Mohamed"
        kinds.append(VariantKind.SWAP_NAMES)
    if _alt_spellings(p, p.given_name, p.given_name_latin, family=False) or _alt_spellings(
        p, p.family_name, p.family_name_latin, family=True
    ):
        kinds.append(VariantKind.TRANSLITERATION)
    if p.dob.day is not None and p.dob.month is not None and p.dob.day <= 12 and p.dob.day != p.dob.month:
        kinds.append(VariantKind.SWAP_DAY_MONTH)
    if p.dob.precision is not DobPrecision.YEAR:
        kinds.append(VariantKind.YEAR_ONLY)
    if p.script != "Latn":
        kinds += [VariantKind.NATIVE_ONLY, VariantKind.LATIN_ONLY]
    if _partial_family(p.family_name_latin) != p.family_name_latin:
        kinds.append(VariantKind.PARTIAL_FAMILY)
    if strip_accents(p.full_name_latin) != p.full_name_latin:
        kinds.append(VariantKind.ACCENTS_DROPPED)
    if p.uci or (p.email and p.phone):  # one way to reach them is always kept
        kinds.append(VariantKind.NO_IDENTIFIERS)
    return tuple(kinds)


def _alt_spellings(p: SyntheticPerson, native: str, latin: str, *, family: bool) -> tuple[str, ...]:
    options: tuple[str, ...] = ()
    if p.origin in _SPELLINGS:
        options = _SPELLINGS[p.origin].get(native, ())
    elif p.origin is Origin.UKRAINIAN:
        options = (transliterate_ukrainian(native, alt=True),)
        if not family:
            options += data.UKRAINIAN_EQUIVALENTS.get(native, ())
    elif p.origin is Origin.CHINESE:
        if family:
            options = tuple(x for x in (_CANTONESE_STYLE.get(latin),) if x)
        elif len(native) == 2:
            a, b = (anyascii(ch).capitalize() for ch in native)
            options = (f"{a} {b}", f"{a}-{b}", f"{a}-{b.lower()}")
    return tuple(o for o in options if o != latin)


def _partial_family(latin: str) -> str:
    for prefix in ("Al-", "Al ", "El ", "El-"):
        if latin.startswith(prefix) and len(latin) > len(prefix) + 2:
            return latin[len(prefix) :]
    if " " in latin:
        return latin.split(" ")[0]
    return latin


def _typo(rng: random.Random, word: str) -> str:
    letters = [i for i, c in enumerate(word) if c.isalpha()]
    if len(letters) < 3:
        return word + word[-1:]
    for _ in range(10):
        i = rng.choice(letters[1:])  # first letters are rarely mistyped
        op = rng.randrange(4)
        if op == 0:
            out = word[:i] + word[i + 1 :]
        elif op == 1:
            out = word[:i] + word[i] + word[i:]
        elif op == 2 and i + 1 < len(word) and word[i + 1].isalpha():
            out = word[:i] + word[i + 1] + word[i] + word[i + 2 :]
        else:
            repl = rng.choice("aeioun" if word[i].lower() in "aeiou" else "aeiouymnr")
            out = word[:i] + repl + word[i + 1 :]
        if out != word:
            return out
    return word + word[-1]


def variant(
    p: SyntheticPerson,
    seed: int | str,
    *,
    kinds: Sequence[VariantKind] | None = None,
    max_changes: int = 3,
) -> Variant:
    """``p`` as another desk would type it. Kinds not applicable to ``p`` are skipped.

    ``seed`` makes the choice reproducible; without ``kinds``, 1..max_changes applicable kinds are drawn.
    """
    rng = _rng(seed, 0, f"/variant/{p.key}")
    possible = applicable_variant_kinds(p)
    if kinds is None:
        chosen = rng.sample(possible, k=min(len(possible), rng.randint(1, max_changes)))
        # native-only and Latin-only exclude each other
        if VariantKind.NATIVE_ONLY in chosen:
            # nothing Latin is left to misspell
            chosen = [k for k in chosen if k not in _LATIN_SPELLING_KINDS]
    else:
        chosen = [k for k in kinds if k in possible]
        if VariantKind.NATIVE_ONLY in chosen:
            chosen = [k for k in chosen if k not in _LATIN_SPELLING_KINDS]
    if VariantKind.YEAR_ONLY in chosen and VariantKind.SWAP_DAY_MONTH in chosen:
        chosen.remove(VariantKind.SWAP_DAY_MONTH)  # nothing left to swap
    order = list(VariantKind)
    chosen.sort(key=order.index)  # spelling changes before swaps and removals
    q = p
    for kind in chosen:
        q = _apply(rng, p, q, kind)
    return Variant(q, tuple(chosen))


def _apply(
    rng: random.Random, orig: SyntheticPerson, q: SyntheticPerson, kind: VariantKind
) -> SyntheticPerson:
    if kind is VariantKind.TRANSLITERATION:
        g = _alt_spellings(orig, orig.given_name, q.given_name_latin, family=False)
        f = _alt_spellings(orig, orig.family_name, q.family_name_latin, family=True)
        changes: dict[str, Any] = {}
        if g and (not f or rng.random() < 0.7):
            changes["given_name_latin"] = rng.choice(g)
        if f and (not changes or rng.random() < 0.5):
            changes["family_name_latin"] = rng.choice(f)
        return replace(q, **changes)
    if kind is VariantKind.SWAP_NAMES:
        return replace(
            q,
            given_name=q.family_name,
            family_name=q.given_name,
            given_name_latin=q.family_name_latin,
            family_name_latin=q.given_name_latin,
        )
    if kind is VariantKind.SWAP_DAY_MONTH and q.dob.day is not None:
        return replace(q, dob=SyntheticDob(q.dob.year, q.dob.day, q.dob.month))
    if kind is VariantKind.YEAR_ONLY:
        return replace(q, dob=SyntheticDob(q.dob.year))
    if kind is VariantKind.NATIVE_ONLY:
        return replace(q, given_name_latin="", family_name_latin="")
    if kind is VariantKind.LATIN_ONLY:
        return replace(q, given_name=q.given_name_latin, family_name=q.family_name_latin)
    if kind is VariantKind.TYPO:
        if rng.random() < 0.5 and q.family_name_latin:
            return replace(q, family_name_latin=_typo(rng, q.family_name_latin))
        if q.given_name_latin:
            return replace(q, given_name_latin=_typo(rng, q.given_name_latin))
        return replace(q, family_name_latin=_typo(rng, q.family_name_latin))
    if kind is VariantKind.PARTIAL_FAMILY:
        changes2: dict[str, Any] = {"family_name_latin": _partial_family(q.family_name_latin)}
        if orig.script == "Latn":
            changes2["family_name"] = _partial_family(q.family_name)
        return replace(q, **changes2)
    if kind is VariantKind.ACCENTS_DROPPED:
        return replace(
            q,
            given_name_latin=strip_accents(q.given_name_latin),
            family_name_latin=strip_accents(q.family_name_latin),
            given_name=strip_accents(q.given_name) if orig.script == "Latn" else q.given_name,
            family_name=strip_accents(q.family_name) if orig.script == "Latn" else q.family_name,
        )
    if kind is VariantKind.NEW_PHONE:
        area = (q.phone or "+1613")[2:5]
        new = fictional_phone(rng, area)
        while new == q.phone:
            new = fictional_phone(rng, area)
        return replace(q, phone=new)
    if kind is VariantKind.NO_IDENTIFIERS:
        contact = (
            ContactPreference.PHONE
            if q.contact_preference is ContactPreference.EMAIL and q.phone is not None
            else None
        )
        email = q.email if q.phone is None else None  # keep one way to reach them
        return replace(q, uci=None, email=email, contact_preference=contact or q.contact_preference)
    return q


def namesake(p: SyntheticPerson, seed: int | str, index: int) -> SyntheticPerson:
    """A *different* person with a confusable name: same family name, often the same given name.

    The hard negatives of the matching benchmark (cousins, common names like Mohammed Ahmed).
    """
    other = person(seed, index, origin=p.origin)
    rng = _rng(seed, index, "/namesake")
    changes: dict[str, Any] = {
        "family_name": p.family_name,
        "family_name_latin": p.family_name_latin,
        "key": f"{seed}-{index}",
    }
    if rng.random() < 0.5 and (other.gender is p.gender):
        changes["given_name"] = p.given_name
        changes["given_name_latin"] = p.given_name_latin
    if rng.random() < 0.3:
        # same birth year, different day: the hardest kind of negative
        changes["dob"] = SyntheticDob(p.dob.year, other.dob.month, other.dob.day)
    return replace(other, **changes)


def note_text(p: SyntheticPerson, rng: random.Random, *, language: str = "en") -> str:
    """A short case note a worker might write about ``p`` (English, or French with ``language='fr'``)."""
    templates = data.NOTE_TEMPLATES_FR if language == "fr" else data.NOTE_TEMPLATES_EN
    given = p.preferred_name or p.given_name_latin or p.given_name
    return rng.choice(templates).format(given=given)
