"""Matching quality on a labelled synthetic set: recall and precision of the top-5 candidates.

A caseload of synthetic families (Arabic, Persian, Ukrainian, Chinese, Tigrinya, Spanish, Somali) is
indexed; queries are either the same person retyped (own script or Latin, another spelling, given and
family swapped, compound name shortened, date of birth year-only or day/month swapped, phone changed)
or a different person made hard on purpose (a sibling: same family name, often the same phone; a
namesake: the same common name with another date of birth; a stranger).

Definitions (also in docs/matching.md):

- recall: of the queries whose person is in the caseload, the fraction whose record is in the top 5
  with a score >= the threshold;
- precision: of all candidates in the top 5 with a score >= the threshold (over every query, matches
  and non-matches alike), the fraction that are the query's person;
- recall_at_5_any_score: the true record is in the top 5 whatever its score (what a worker scrolling
  the list would see).

    .venv/bin/python benchmarks/matching_quality.py [--clients 20000] [--queries 2000] [--seed 7]

Prints JSON.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from anyascii import anyascii

from caseworker.core.matching import LIKELY_THRESHOLD, MatchIndex, MatchRecord, rank

Name = tuple[str, tuple[str, ...]]  # native, Latin spellings (first: most common)

ARABIC_GIVEN_M: tuple[Name, ...] = (
    ("محمد", ("Mohammed", "Muhammad", "Mohamad", "Mohamed", "Mohammad")),
    ("أحمد", ("Ahmad", "Ahmed")),
    ("محمود", ("Mahmoud", "Mahmud", "Mahmood")),
    ("علي", ("Ali", "Aly")),
    ("عمر", ("Omar", "Umar")),
    ("خالد", ("Khaled", "Khalid")),
    ("يوسف", ("Yousef", "Youssef", "Yusuf")),
    ("إبراهيم", ("Ibrahim", "Ebrahim")),
    ("حسن", ("Hassan", "Hasan")),
    ("حسين", ("Hussein", "Hussain", "Husein")),
    ("مصطفى", ("Mustafa", "Moustafa", "Mostafa")),
    ("عبد الله", ("Abdullah", "Abdallah", "Abdulla")),
    ("عبد الرحمن", ("Abdulrahman", "Abdul Rahman", "Abdelrahman")),
    ("طارق", ("Tarek", "Tariq")),
    ("وليد", ("Walid", "Waleed")),
    ("زياد", ("Ziad", "Ziyad")),
    ("جمال", ("Jamal", "Gamal")),
    ("كريم", ("Karim", "Kareem")),
    ("سامر", ("Samer", "Sameer")),
    ("باسل", ("Basel", "Basil")),
)
ARABIC_GIVEN_F: tuple[Name, ...] = (
    ("فاطمة", ("Fatima", "Fatma", "Fatimah")),
    ("مريم", ("Maryam", "Mariam", "Meryem")),
    ("عائشة", ("Aisha", "Aicha", "Ayesha")),
    ("زينب", ("Zainab", "Zeinab", "Zaynab")),
    ("نور", ("Nour", "Noor", "Nur")),
    ("ريم", ("Reem", "Rim")),
    ("هدى", ("Huda", "Houda", "Hoda")),
    ("سارة", ("Sara", "Sarah")),
    ("ليلى", ("Layla", "Leila", "Laila")),
    ("رنا", ("Rana",)),
    ("خديجة", ("Khadija", "Khadijah")),
    ("أمل", ("Amal",)),
    ("ياسمين", ("Yasmin", "Yasmine", "Jasmin")),
    ("رغد", ("Raghad",)),
)
ARABIC_FAMILY: tuple[Name, ...] = (
    ("الحسن", ("Al-Hassan", "Alhassan", "El Hassan", "Hassan")),
    ("الأحمد", ("Al-Ahmad", "Alahmad", "Ahmad")),
    ("الخطيب", ("Al-Khatib", "Alkhatib", "Khatib")),
    ("حداد", ("Haddad", "Hadad")),
    ("المصري", ("Al-Masri", "Almasri", "El Masry")),
    ("الشامي", ("Al-Shami", "Alshami", "Shami")),
    ("النجار", ("Al-Najjar", "Alnajjar", "Najjar")),
    ("عثمان", ("Othman", "Osman", "Uthman")),
    ("سليمان", ("Suleiman", "Sulaiman", "Soliman")),
    ("يوسف", ("Youssef", "Yousef", "Yusuf")),
    ("الزعبي", ("Al-Zoubi", "Alzoubi", "Zoubi")),
    ("قاسم", ("Kassem", "Qasim", "Kasem")),
    ("درويش", ("Darwish", "Darweesh")),
    ("عبد الله", ("Abdullah", "Abdallah")),
    ("الرفاعي", ("Al-Rifai", "Alrifai", "Rifai")),
    ("صالح", ("Saleh", "Salih")),
    ("العلي", ("Al-Ali", "Alali")),
    ("حمدان", ("Hamdan",)),
    ("الجبوري", ("Al-Jubouri", "Aljubouri", "Jubouri")),
    ("خليل", ("Khalil", "Khaleel")),
)
PERSIAN_GIVEN: tuple[Name, ...] = (
    ("محمد", ("Mohammad", "Mohammed", "Muhammad")),
    ("علی", ("Ali",)),
    ("حسین", ("Hossein", "Hussain", "Hosein")),
    ("رضا", ("Reza", "Raza")),
    ("مهدی", ("Mehdi", "Mahdi")),
    ("احمد", ("Ahmad", "Ahmed")),
    ("جواد", ("Javad", "Jawad")),
    ("فاطمه", ("Fatemeh", "Fatima")),
    ("زهرا", ("Zahra",)),
    ("مریم", ("Maryam", "Mariam")),
    ("معصومه", ("Masoumeh", "Masuma")),
    ("شکیبا", ("Shakiba",)),
    ("نرگس", ("Narges", "Nargis")),
    ("داوود", ("Davood", "Dawood", "Dawud")),
    ("فرشته", ("Fereshteh", "Freshta")),
)
PERSIAN_FAMILY: tuple[Name, ...] = (
    ("احمدی", ("Ahmadi",)),
    ("محمدی", ("Mohammadi", "Muhammadi")),
    ("حسینی", ("Hosseini", "Husseini", "Hussaini")),
    ("رضایی", ("Rezaei", "Rezaie", "Rezai")),
    ("کریمی", ("Karimi",)),
    ("رحیمی", ("Rahimi",)),
    ("نوری", ("Noori", "Nouri", "Nuri")),
    ("هاشمی", ("Hashemi", "Hashimi")),
    ("صدیقی", ("Siddiqui", "Sediqi", "Sadiqi")),
    ("قربانی", ("Ghorbani", "Qurbani")),
    ("عزیزی", ("Azizi",)),
    ("یوسفی", ("Yousefi", "Yusufi")),
    ("جعفری", ("Jafari", "Jafary")),
    ("حیدری", ("Heydari", "Haidari")),
)
UKRAINIAN_GIVEN: tuple[Name, ...] = (
    ("Олександр", ("Oleksandr", "Alexander", "Aleksandr")),
    ("Андрій", ("Andrii", "Andriy", "Andrey")),
    ("Дмитро", ("Dmytro", "Dmitro", "Dmitry")),
    ("Сергій", ("Serhii", "Serhiy", "Sergey")),
    ("Юрій", ("Yurii", "Yuriy", "Iurii")),
    ("Михайло", ("Mykhailo", "Mykhaylo", "Mikhail")),
    ("Олена", ("Olena", "Elena", "Helen")),
    ("Ірина", ("Iryna", "Irina")),
    ("Наталія", ("Nataliia", "Natalia", "Natalya")),
    ("Юлія", ("Yuliia", "Iuliia", "Yulia", "Julia")),
    ("Оксана", ("Oksana",)),
    ("Тетяна", ("Tetiana", "Tetyana", "Tatiana")),
    ("Вікторія", ("Viktoriia", "Viktoria", "Victoria")),
    ("Григорій", ("Hryhorii", "Hryhoriy", "Grigory")),
)
UKRAINIAN_FAMILY: tuple[Name, ...] = (
    ("Шевченко", ("Shevchenko", "Chevtchenko")),
    ("Коваленко", ("Kovalenko",)),
    ("Бондаренко", ("Bondarenko",)),
    ("Ткаченко", ("Tkachenko",)),
    ("Кравченко", ("Kravchenko",)),
    ("Олійник", ("Oliinyk", "Oliynyk", "Oleynik")),
    ("Мельник", ("Melnyk", "Melnik")),
    ("Ковальчук", ("Kovalchuk",)),
    ("Гончаренко", ("Honcharenko", "Goncharenko")),
    ("Лисенко", ("Lysenko", "Lisenko")),
    ("Петренко", ("Petrenko",)),
    ("Сидоренко", ("Sydorenko", "Sidorenko")),
    ("Павленко", ("Pavlenko",)),
    ("Захарченко", ("Zakharchenko", "Zaharchenko")),
)
CHINESE_FAMILY: tuple[Name, ...] = (
    ("王", ("Wang",)),
    ("李", ("Li", "Lee")),
    ("张", ("Zhang", "Chang")),
    ("刘", ("Liu",)),
    ("陈", ("Chen", "Chan")),
    ("杨", ("Yang",)),
    ("黄", ("Huang", "Wong")),
    ("赵", ("Zhao",)),
    ("吴", ("Wu",)),
    ("周", ("Zhou", "Chow")),
)
CHINESE_GIVEN: tuple[Name, ...] = (
    ("伟", ("Wei",)),
    ("芳", ("Fang",)),
    ("娜", ("Na",)),
    ("敏", ("Min",)),
    ("静", ("Jing",)),
    ("小明", ("Xiaoming", "Xiao Ming", "Xiao-Ming")),
    ("秀英", ("Xiuying", "Xiu Ying")),
    ("建华", ("Jianhua", "Jian Hua")),
    ("丽娟", ("Lijuan", "Li Juan")),
    ("海燕", ("Haiyan", "Hai Yan")),
    ("子涵", ("Zihan", "Zi Han")),
    ("宇轩", ("Yuxuan", "Yu Xuan")),
    ("浩然", ("Haoran", "Hao Ran")),
    ("欣怡", ("Xinyi", "Xin Yi")),
)
TIGRINYA_GIVEN: tuple[Name, ...] = (
    ("ተስፋይ", ("Tesfay", "Tesfai", "Tesfaye")),
    ("ዮሃንስ", ("Yohannes", "Yohanes", "Johannes")),
    ("ሓጎስ", ("Hagos", "Hagoss")),
    ("ብርሃነ", ("Berhane", "Birhane", "Brhane")),
    ("ኣብርሃም", ("Abraham", "Abrham")),
    ("ሰናይት", ("Senait", "Senayt")),
    ("ሳባ", ("Saba",)),
    ("ሉል", ("Lul", "Lula")),
    ("ኤልሳ", ("Elsa",)),
    ("ፍረወይኒ", ("Freweini", "Frewoyni", "Fireweyni")),
    ("ዳኒኤል", ("Daniel", "Danel")),
    ("መሓሪ", ("Mehari", "Mahari")),
    ("ሚካኤል", ("Michael", "Mikael", "Mikiel")),
    ("ኣዜብ", ("Azeb",)),
)
TIGRINYA_FAMILY: tuple[Name, ...] = (
    ("ገብረመድህን", ("Gebremedhin", "Gebre Medhin", "Gebremedhn")),
    ("ተወልደ", ("Tewelde", "Tewolde")),
    ("ገብረሂወት", ("Gebrehiwet", "Gebrehiwot")),
    ("ሃይለ", ("Haile", "Hayle")),
    ("ወልደሚካኤል", ("Woldemichael", "Weldemikael", "Woldemikael")),
    ("ተኽለ", ("Tekle", "Tekhle")),
    ("ኪዳነ", ("Kidane", "Kidani")),
    ("ገብረየሱስ", ("Gebreyesus", "Gebre Yesus")),
    ("ሃብተ", ("Habte", "Habtey")),
    ("ዘርኣይ", ("Zerai", "Zeray")),
    ("በየነ", ("Beyene", "Beyne")),
    ("ኣስፍሃ", ("Asfaha", "Asfha")),
)
SPANISH_GIVEN = (
    "María José",
    "José Luis",
    "Juan Carlos",
    "Ana María",
    "Luis Fernando",
    "María Fernanda",
    "Carlos",
    "Andrés",
    "Sofía",
    "Valentina",
    "Camila",
    "Diego",
    "Jesús",
    "Mariana",
    "Alejandro",
)
SPANISH_FAMILY = (
    "García",
    "López",
    "Martínez",
    "Rodríguez",
    "Hernández",
    "González",
    "Pérez",
    "Sánchez",
    "Ramírez",
    "Torres",
    "Flores",
    "Rivera",
    "Gómez",
    "Díaz",
    "Morales",
    "Castillo",
)
SOMALI_GIVEN = ("Abdirahman", "Abdullahi", "Hodan", "Faadumo", "Hamza", "Ayaan", "Mohamed", "Sahra", "Ilhan")
SOMALI_FAMILY = ("Warsame", "Farah", "Hussein", "Abdi", "Osman", "Jama", "Yusuf", "Mohamud", "Ali", "Nur")


@dataclass(frozen=True)
class Person:
    """A synthetic person, with enough structure to retype them the way real forms do."""

    culture: str
    given: Name
    family: Name
    dob: tuple[int, int, int]
    phone: str | None
    uci: str | None


CULTURES = ("arabic", "persian", "ukrainian", "chinese", "tigrinya", "spanish", "somali")
CULTURE_WEIGHTS = (0.3, 0.15, 0.15, 0.1, 0.12, 0.1, 0.08)


def _latin_only(name: str) -> Name:
    return (name, (name, anyascii(name)) if anyascii(name) != name else (name,))


def pick_given(rng: random.Random, culture: str) -> Name:
    if culture == "arabic":
        return rng.choice(ARABIC_GIVEN_M if rng.random() < 0.5 else ARABIC_GIVEN_F)
    if culture == "persian":
        return rng.choice(PERSIAN_GIVEN)
    if culture == "ukrainian":
        return rng.choice(UKRAINIAN_GIVEN)
    if culture == "chinese":
        return rng.choice(CHINESE_GIVEN)
    if culture == "tigrinya":
        return rng.choice(TIGRINYA_GIVEN)
    if culture == "spanish":
        return _latin_only(rng.choice(SPANISH_GIVEN))
    return _latin_only(rng.choice(SOMALI_GIVEN))


def pick_family(rng: random.Random, culture: str) -> Name:
    if culture == "arabic":
        return rng.choice(ARABIC_FAMILY)
    if culture == "persian":
        return rng.choice(PERSIAN_FAMILY)
    if culture == "ukrainian":
        return rng.choice(UKRAINIAN_FAMILY)
    if culture == "chinese":
        return rng.choice(CHINESE_FAMILY)
    if culture == "tigrinya":
        # Tigrinya family names are a father's given name: as varied as given names
        return rng.choice(TIGRINYA_FAMILY + TIGRINYA_GIVEN)
    if culture == "spanish":
        return _latin_only(f"{rng.choice(SPANISH_FAMILY)} {rng.choice(SPANISH_FAMILY)}")
    return _latin_only(rng.choice(SOMALI_FAMILY))


def random_dob(rng: random.Random) -> tuple[int, int, int]:
    return (rng.randint(1940, 2020), rng.randint(1, 12), rng.randint(1, 28))


def random_phone(rng: random.Random) -> str:
    return f"+1{rng.choice(('416', '514', '613', '780', '604'))}555{rng.randint(0, 9999):04d}"


def make_population(rng: random.Random, size: int) -> list[Person]:
    """Families of 1-5: siblings share a family name and often a phone."""
    people: list[Person] = []
    while len(people) < size:
        culture = rng.choices(CULTURES, CULTURE_WEIGHTS)[0]
        family = pick_family(rng, culture)
        phone = random_phone(rng) if rng.random() < 0.85 else None
        for _ in range(rng.choice((1, 1, 2, 3, 4, 5))):
            people.append(make_relative(rng, culture, family, phone))
    return people[:size]


def make_relative(rng: random.Random, culture: str, family: Name, phone: str | None) -> Person:
    return Person(
        culture=culture,
        given=pick_given(rng, culture),
        family=family,
        dob=random_dob(rng),
        phone=phone if rng.random() < 0.6 else (random_phone(rng) if rng.random() < 0.7 else None),
        uci=f"{rng.randint(0, 99_999_999):08d}" if rng.random() < 0.25 else None,
    )


def _typo(rng: random.Random, text: str) -> str:
    if len(text) < 4:
        return text
    i = rng.randrange(1, len(text) - 1)
    op = rng.random()
    if op < 0.4:
        return text[:i] + text[i + 1 :]  # dropped letter
    if op < 0.7:
        return text[:i] + text[i + 1] + text[i] + text[i + 2 :]  # transposed
    return text[:i] + text[i] + text[i:]  # doubled


def to_record(rid: str, person: Person, rng: random.Random, *, retyped: bool) -> MatchRecord:
    """A record as a form would hold it. ``retyped`` applies the ways the same person gets written."""
    given_native, given_latins = person.given
    family_native, family_latins = person.family
    native_script = given_native != given_latins[0] or family_native != family_latins[0]
    g_lat = rng.choice(given_latins) if retyped else given_latins[0]
    f_lat = rng.choice(family_latins) if retyped else family_latins[0]
    g_nat, f_nat = given_native, family_native
    if retyped:
        if rng.random() < 0.1:
            g_lat = _typo(rng, g_lat)
        if person.culture == "spanish" and rng.random() < 0.5:
            # compound names shortened: the second given name or the second family name dropped
            if rng.random() < 0.5:
                f_lat = f_lat.split()[0]
            else:
                g_lat = g_lat.split()[0]
            f_nat, g_nat = f_lat, g_lat
        if rng.random() < 0.3:
            g_lat, f_lat = g_lat.upper(), f_lat.upper()
    forms = rng.random()
    if not native_script:
        given, family, given_l, family_l = g_lat, f_lat, "", ""
    elif not retyped or forms < 0.5:
        given, family, given_l, family_l = g_nat, f_nat, g_lat, f_lat
    elif forms < 0.75:
        given, family, given_l, family_l = g_nat, f_nat, "", ""  # own script only
    else:
        given, family, given_l, family_l = g_lat, f_lat, "", ""  # Latin only
    if retyped and rng.random() < 0.15:
        given, family = family, given  # given/family swapped (an IRCC letter: SURNAME first)
        given_l, family_l = family_l, given_l
    year, month, day = person.dob
    y: int | None = year
    m: int | None = month
    d: int | None = day
    phone, uci = person.phone, person.uci
    if retyped:
        r = rng.random()
        if r < 0.15 and day <= 12 and day != month:
            m, d = day, month
        elif r < 0.32:
            m = d = None  # only the year
        elif r < 0.40:
            y = m = d = None
        elif r < 0.43:
            y = year + rng.choice((-1, 1))
        r = rng.random()
        if r < 0.25:
            phone = None
        elif r < 0.4:
            phone = random_phone(rng)
        if rng.random() < 0.6:
            uci = None
    return MatchRecord(
        id=rid,
        given_name=given,
        family_name=family,
        given_name_latin=given_l,
        family_name_latin=family_l,
        birth_year=y,
        birth_month=m,
        birth_day=d,
        phone=phone,
        identifiers={"uci": uci} if uci else {},
    )


def hard_negative(rng: random.Random, people: list[Person]) -> tuple[str, Person]:
    """A person who is NOT in the caseload but looks like someone who is."""
    base = rng.choice(people)
    kind = rng.random()
    if kind < 0.45:
        # a sibling: same family, another given name, another date of birth, often the same phone
        given = pick_given(rng, base.culture)
        while given == base.given:
            given = pick_given(rng, base.culture)
        dob = random_dob(rng)
        return "sibling", replace(base, given=given, dob=dob, uci=None)
    if kind < 0.85:
        # a namesake: the same name (e.g. Mohammed Ali), born another year, another phone
        year = base.dob[0] + rng.choice((-1, 1)) * rng.randint(2, 30)
        dob = (year, rng.randint(1, 12), rng.randint(1, 28))
        return "namesake", replace(base, dob=dob, phone=random_phone(rng), uci=None)
    culture = rng.choices(CULTURES, CULTURE_WEIGHTS)[0]
    stranger = Person(
        culture, pick_given(rng, culture), pick_family(rng, culture), random_dob(rng), random_phone(rng), None
    )
    return "stranger", stranger


def _indistinguishable(query: MatchRecord, person: Person, other: Person) -> bool:
    """Another client with the very same names whose date of birth agrees with all the query shows.

    With the small name tables above, a large synthetic caseload holds such namesakes (two Hossein
    Karimi born in 1946); when the query gives only the names and a year, no method can tell them
    apart, and a worker must ask. Counted apart so the figure says what the matcher gets wrong.
    """
    if (person.given, person.family) != (other.given, other.family):
        return False
    y, m, d = other.dob
    if query.birth_year is None:
        return True
    if query.birth_year != y:
        return False
    if query.birth_month is None:
        return True
    return {query.birth_month, query.birth_day} == {m, d}


def _show(r: MatchRecord) -> str:
    dob = "-".join(str(x) for x in (r.birth_year, r.birth_month, r.birth_day) if x is not None)
    names = f"{r.given_name} / {r.family_name}"
    if r.given_name_latin or r.family_name_latin:
        names += f" ({r.given_name_latin} / {r.family_name_latin})"
    return f"{names} dob={dob or '?'} phone={r.phone or '-'} uci={r.identifiers.get('uci', '-')}"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--clients", type=int, default=20_000)
    parser.add_argument("--queries", type=int, default=2_000, help="positive queries; as many negatives")
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--threshold", type=int, default=LIKELY_THRESHOLD)
    parser.add_argument(
        "--generator",
        choices=("own", "synthetic"),
        default="own",
        help="own: this file's families and hard negatives (the weights were tuned on it); synthetic: "
        "caseworker.core.synthetic people, variant() and namesake() (never used for tuning)",
    )
    args = parser.parse_args(argv)
    if args.generator == "synthetic":
        run_synthetic(args)
        return

    rng = random.Random(args.seed)
    people = make_population(rng, args.clients)
    records = [to_record(f"c{i}", p, rng, retyped=False) for i, p in enumerate(people)]
    t0 = time.perf_counter()
    index = MatchIndex.build(records)
    build_s = time.perf_counter() - t0

    queries: list[tuple[str, MatchRecord, str | None, Person]] = []  # kind, record, true id, person
    for q in range(args.queries):
        i = rng.randrange(len(people))
        queries.append(("same_person", to_record(f"q{q}", people[i], rng, retyped=True), f"c{i}", people[i]))
    for q in range(args.queries):
        kind, person = hard_negative(rng, people)
        queries.append((kind, to_record(f"n{q}", person, rng, retyped=True), None, person))

    thresholds = sorted({40, 50, 55, 60, 65, 70, 80, args.threshold})
    tp = dict.fromkeys(thresholds, 0)
    above = dict.fromkeys(thresholds, 0)
    found_any = 0
    fp_by_kind: dict[str, int] = {}
    count_by_kind: dict[str, int] = {}
    missed_examples: list[dict[str, object]] = []
    fp_examples: list[dict[str, object]] = []
    t0 = time.perf_counter()
    indistinguishable = 0
    for kind, record, truth, person in queries:
        count_by_kind[kind] = count_by_kind.get(kind, 0) + 1
        top = rank(record, index, limit=5)
        if truth is not None and any(c.id == truth for c in top):
            found_any += 1
        for t in thresholds:
            for c in top:
                if c.score >= t:
                    above[t] += 1
                    if c.id == truth:
                        tp[t] += 1
        for c in top:
            if c.score >= args.threshold and c.id != truth:
                fp_by_kind[kind] = fp_by_kind.get(kind, 0) + 1
                if _indistinguishable(record, person, people[int(c.id[1:])]):
                    indistinguishable += 1
                if len(fp_examples) < 8:
                    fp_examples.append(
                        {
                            "kind": kind,
                            "query": _show(record),
                            "candidate": _show(records[int(c.id[1:])]),
                            "score": c.score,
                            "reasons": [str(r) for r in c.reasons],
                        }
                    )
        if truth is not None and len(missed_examples) < 8:
            hit = next((c for c in top if c.id == truth), None)
            if hit is None or hit.score < args.threshold:
                truth_rec = records[int(truth[1:])]
                missed_examples.append(
                    {
                        "query": _show(record),
                        "truth": _show(truth_rec),
                        "score": hit.score if hit else None,
                        "reasons": [str(r) for r in hit.reasons] if hit else None,
                    }
                )
    query_s = time.perf_counter() - t0
    positives = args.queries
    curve = {
        str(t): {
            "recall": round(tp[t] / positives, 4),
            "precision": round(tp[t] / above[t], 4) if above[t] else None,
        }
        for t in thresholds
    }
    out = {
        "benchmark": "matching_quality",
        "clients": len(records),
        "queries_same_person": positives,
        "queries_different_person": count_by_kind.get("sibling", 0)
        + count_by_kind.get("namesake", 0)
        + count_by_kind.get("stranger", 0),
        "different_person_kinds": {k: v for k, v in count_by_kind.items() if k != "same_person"},
        "seed": args.seed,
        "threshold": args.threshold,
        "recall": curve[str(args.threshold)]["recall"],
        "precision": curve[str(args.threshold)]["precision"],
        "precision_excluding_indistinguishable": round(
            tp[args.threshold] / (above[args.threshold] - indistinguishable), 4
        )
        if above[args.threshold] > indistinguishable
        else None,
        "false_positives_indistinguishable": indistinguishable,
        "recall_at_5_any_score": round(found_any / positives, 4),
        "false_positives_above_threshold_by_query_kind": fp_by_kind,
        "by_threshold": curve,
        "index_build_s": round(build_s, 2),
        "mean_query_ms": round(1000 * query_s / len(queries), 2),
        "missed_examples": missed_examples,
        "false_positive_examples": fp_examples,
    }
    print(json.dumps(out, ensure_ascii=False, indent=2))


def _from_synthetic(rid: str, p: Any) -> MatchRecord:
    return MatchRecord(
        id=rid,
        given_name=p.given_name,
        family_name=p.family_name,
        given_name_latin=p.given_name_latin,
        family_name_latin=p.family_name_latin,
        birth_year=p.dob.year,
        birth_month=p.dob.month,
        birth_day=p.dob.day,
        phone=p.phone,
        identifiers={"uci": p.uci} if p.uci else {},
    )


def run_synthetic(args: argparse.Namespace) -> None:
    """The same measure on the DATA generator (caseworker.core.synthetic): people, variant(), namesake()."""
    from caseworker.core import synthetic

    seed = args.seed
    people = list(synthetic.people(seed, args.clients))
    records = [_from_synthetic(f"c{i}", p) for i, p in enumerate(people)]
    index = MatchIndex.build(records)
    rng = random.Random(seed)
    queries: list[tuple[str, MatchRecord, str | None, Any]] = []
    for q in range(args.queries):
        i = rng.randrange(len(people))
        v = synthetic.variant(people[i], seed=f"{seed}/{q}")
        queries.append(("same_person", _from_synthetic(f"q{q}", v.person), f"c{i}", people[i]))
    for q in range(args.queries):
        base = people[rng.randrange(len(people))]
        other = synthetic.namesake(base, seed, args.clients + q)
        queries.append(("namesake", _from_synthetic(f"n{q}", other), None, other))
    threshold = args.threshold
    tp = above = found_any = indistinct = 0
    t0 = time.perf_counter()
    for _kind, record, truth, person in queries:
        top = rank(record, index, limit=5)
        found_any += truth is not None and any(c.id == truth for c in top)
        for c in top:
            if c.score >= threshold:
                above += 1
                if c.id == truth:
                    tp += 1
                else:
                    o = people[int(c.id[1:])]
                    same_names = (o.given_name, o.family_name) == (person.given_name, person.family_name)
                    if same_names and _dob_agrees(record, o.dob.year, o.dob.month, o.dob.day):
                        indistinct += 1
    query_s = time.perf_counter() - t0
    print(
        json.dumps(
            {
                "benchmark": "matching_quality",
                "generator": "caseworker.core.synthetic (variant, namesake)",
                "clients": len(records),
                "queries_same_person": args.queries,
                "queries_different_person": args.queries,
                "seed": seed,
                "threshold": threshold,
                "recall": round(tp / args.queries, 4),
                "precision": round(tp / above, 4) if above else None,
                "precision_excluding_indistinguishable": round(tp / (above - indistinct), 4)
                if above > indistinct
                else None,
                "false_positives_indistinguishable": indistinct,
                "recall_at_5_any_score": round(found_any / args.queries, 4),
                "mean_query_ms": round(1000 * query_s / len(queries), 2),
            },
            indent=2,
        )
    )


def _dob_agrees(query: MatchRecord, y: int, m: int | None, d: int | None) -> bool:
    if query.birth_year is None:
        return True
    if query.birth_year != y:
        return False
    if query.birth_month is None or m is None:
        return True
    return {query.birth_month, query.birth_day} == {m, d}


if __name__ == "__main__":
    main()
