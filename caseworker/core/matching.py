"""Is this request from someone we already know? Candidates ranked across scripts and spellings.

The same newcomer reaches an agency as ``محمد الحسن`` on the web form, ``Mohamad Al-Hassan`` typed by a
volunteer and ``HASSAN Muhammad`` on an IRCC letter, born 03/04/1990 or 04/03/1990 or "1990". This
module scores a request against existing clients and explains the score.

How (record linkage in the Fellegi–Sunter tradition, kept small):

1. Every record becomes a :class:`PersonKey`: its names in each form it was given (own script, Latin)
   turned into native, phonetic and consonant-skeleton keys (:mod:`caseworker.core.transliterate`),
   its partial date of birth, phone and identifiers.
2. :class:`MatchIndex` blocks records on name-token skeletons, date of birth, year, phone and
   identifiers, so a query looks at a few hundred records, not the whole caseload.
3. Each field comparison lands on an agreement level with a weight (log-odds: how much more often
   this level is seen for the same person than for two different people); names are compared with
   ``rapidfuzz`` on the best key both forms share; common names weigh less than rare ones.
4. The summed weight becomes a 0–100 score through a logistic curve. :data:`LIKELY_THRESHOLD` marks
   "probably the same person"; everything is shown to a worker, who decides: nothing merges itself.

"These two are not the same person" decisions are passed in as ``excluded`` and never come back.
No I/O, no Qt: the store and the GUI build records and hold decisions.
"""

from __future__ import annotations

import heapq
import math
from collections.abc import Callable, Collection, Iterable, Mapping
from dataclasses import dataclass, field
from enum import StrEnum
from operator import itemgetter

from rapidfuzz import fuzz

from caseworker.core.transliterate import (
    ABJADS,
    Script,
    ascii_tokens,
    detect_script,
    native_tokens,
    phonetic_token,
    skeleton_token,
)

#: Scores at or above this are "probably the same person" (see docs/matching.md for how it was chosen).
LIKELY_THRESHOLD = 60
#: How many blocked records get a full comparison per query.
DEFAULT_SHORTLIST = 100


class Reason(StrEnum):
    """Why a candidate scored as it did: stable codes; the GUI translates them (see :data:`REASON_TEXT`)."""

    NAMES_SAME = "names_same"
    NAMES_SPELLING = "names_spelling_variant"
    NAMES_OTHER_SCRIPT = "names_other_script"
    NAMES_SWAPPED = "names_given_family_swapped"
    NAMES_SPLIT = "names_split_differently"
    NAME_SHORTENED = "name_shortened"
    GIVEN_DIFFERS = "given_name_differs"
    FAMILY_DIFFERS = "family_name_differs"
    DOB_SAME = "dob_same"
    DOB_SWAPPED = "dob_day_month_swapped"
    DOB_YEAR_ONLY = "dob_year_matches_partial"
    DOB_CLOSE = "dob_close"
    DOB_DIFFERS = "dob_differs"
    PHONE_SAME = "phone_same"
    PHONE_DIFFERS = "phone_differs"
    ID_SAME = "identifier_same"
    ID_DIFFERS = "identifier_differs"


REASON_TEXT: Mapping[Reason, str] = {
    Reason.NAMES_SAME: "names match",
    Reason.NAMES_SPELLING: "names match with a different spelling",
    Reason.NAMES_OTHER_SCRIPT: "names match when written in another script",
    Reason.NAMES_SWAPPED: "given and family names are swapped",
    Reason.NAMES_SPLIT: "names are split differently between given and family name",
    Reason.NAME_SHORTENED: "one name is shorter (a part of a compound name is missing)",
    Reason.GIVEN_DIFFERS: "given name differs",
    Reason.FAMILY_DIFFERS: "family name differs",
    Reason.DOB_SAME: "same date of birth",
    Reason.DOB_SWAPPED: "date of birth with day and month swapped",
    Reason.DOB_YEAR_ONLY: "only the year (or year and month) of birth is known; it matches",
    Reason.DOB_CLOSE: "date of birth differs by one digit or one year",
    Reason.DOB_DIFFERS: "date of birth differs",
    Reason.PHONE_SAME: "same phone number",
    Reason.PHONE_DIFFERS: "different phone number",
    Reason.ID_SAME: "same identifier",
    Reason.ID_DIFFERS: "different identifier of the same kind",
}

_SCRIPT_REASON_ORDER = (Reason.NAMES_SAME, Reason.NAMES_SPELLING, Reason.NAMES_OTHER_SCRIPT)


@dataclass(frozen=True, slots=True)
class MatchRecord:
    """What matching needs to know about a person (a client, or an incoming request).

    ``given_name``/``family_name`` are as the person writes them (any script); the ``_latin`` pair is
    the Latin-letter form when one was given. ``phone`` is E.164. ``identifiers`` maps a kind
    (``"uci"``, ``"passport"``...) to a normalised value.
    """

    id: str
    given_name: str = ""
    family_name: str = ""
    given_name_latin: str = ""
    family_name_latin: str = ""
    birth_year: int | None = None
    birth_month: int | None = None
    birth_day: int | None = None
    phone: str | None = None
    identifiers: Mapping[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Candidate:
    id: str
    score: int
    reasons: list[Reason]

    @property
    def likely(self) -> bool:
        return self.score >= LIKELY_THRESHOLD


@dataclass(frozen=True, slots=True)
class _NameForm:
    """One written form of a person's name, as the three keys of each part (space-joined tokens)."""

    script: Script
    native: tuple[str, str]
    phonetic: tuple[str, str]
    skeleton: tuple[str, str]


@dataclass(frozen=True, slots=True)
class PersonKey:
    """A :class:`MatchRecord` prepared for comparison (computed once per record, kept by the index)."""

    id: str
    forms: tuple[_NameForm, ...]
    dob: tuple[int | None, int | None, int | None]
    phone: str | None
    identifiers: tuple[tuple[str, str], ...]
    skeleton_parts: tuple[str, str]  # given and family skeletons without spaces, for rarity

    @classmethod
    def of(cls, record: MatchRecord) -> PersonKey:
        forms: list[_NameForm] = []
        seen: set[tuple[str, str]] = set()
        for given, family in (
            (record.given_name, record.family_name),
            (record.given_name_latin, record.family_name_latin),
        ):
            if not (given.strip() or family.strip()):
                continue
            form = _name_form(given, family)
            if form.native not in seen:
                seen.add(form.native)
                forms.append(form)
        year, month, day = record.birth_year, record.birth_month, record.birth_day
        if month is None:
            day = None
        skel = forms[0].skeleton if forms else ("", "")
        return cls(
            id=record.id,
            forms=tuple(forms),
            dob=(year, month, day),
            phone=record.phone or None,
            identifiers=tuple(sorted((k, v) for k, v in record.identifiers.items() if v)),
            skeleton_parts=(skel[0].replace(" ", ""), skel[1].replace(" ", "")),
        )

    def blocking_keys(self) -> set[str]:
        keys: set[str] = set()
        for form in self.forms:
            for part in form.skeleton:
                tokens = part.split()
                keys.update("s:" + t for t in tokens)
                if len(tokens) > 1:
                    keys.add("s:" + "".join(tokens))
        year, month, day = self.dob
        if year is not None:
            keys.add(f"y:{year}")
            if month is not None and day is not None:
                keys.add(f"d:{year}-{month}-{day}")
        if self.phone:
            keys.add("t:" + self.phone)
        keys.update(f"i:{k}:{v}" for k, v in self.identifiers)
        return keys

    def query_keys(self) -> set[str]:
        keys = self.blocking_keys()
        year, month, day = self.dob
        if year is not None and month is not None and day is not None and day <= 12:
            keys.add(f"d:{year}-{day}-{month}")
        return keys


def _name_form(given: str, family: str) -> _NameForm:
    script = detect_script(given + family)
    g_ascii, f_ascii = ascii_tokens(given), ascii_tokens(family)
    return _NameForm(
        script=script,
        native=(" ".join(native_tokens(given)), " ".join(native_tokens(family))),
        phonetic=(
            " ".join(phonetic_token(t) for t in g_ascii),
            " ".join(phonetic_token(t) for t in f_ascii),
        ),
        skeleton=(
            " ".join(s for s in (skeleton_token(t) for t in g_ascii) if s),
            " ".join(s for s in (skeleton_token(t) for t in f_ascii) if s),
        ),
    )


# --- name comparison --------------------------------------------------------------------------------


def _part_sim(a: str, b: str) -> tuple[float, bool]:
    """Similarity 0–100 of two name parts (space-joined tokens) and whether one is a shortened form."""
    if a == b:
        return 100.0, False
    best = max(fuzz.ratio(a.replace(" ", ""), b.replace(" ", "")), fuzz.token_sort_ratio(a, b))
    shortened = False
    if " " in a or " " in b:
        short, long_ = (a.split(), b.split()) if a.count(" ") < b.count(" ") else (b.split(), a.split())
        if sum(len(t) for t in short) >= 3:
            sims = [max(fuzz.ratio(s, t) for t in long_) for s in short]
            sub = 0.95 * sum(sims) / len(sims)
            if min(sims) >= 80 and sub > best:
                best, shortened = sub, True
    return best, shortened


@dataclass(slots=True)
class _NameResult:
    given: float | None  # None: not comparable (missing on one side)
    family: float | None
    reasons: list[Reason]


_Orient = str  # "straight", "swapped", "split", "single"


def _compare_keys(a: tuple[str, str], b: tuple[str, str], factor: float) -> dict[_Orient, _NameResult]:
    """Straight, swapped and whole-name comparisons of two (given, family) key pairs, each scaled."""
    ga, fa = a
    gb, fb = b
    out: dict[_Orient, _NameResult] = {}
    if not (ga or fa) or not (gb or fb):
        return out
    if (ga and fa) and (gb and fb):
        g, gs = _part_sim(ga, gb)
        f, fs = _part_sim(fa, fb)
        out["straight"] = _NameResult(g * factor, f * factor, [Reason.NAME_SHORTENED] if gs or fs else [])
        if g < 97 or f < 97:
            g2, gs2 = _part_sim(ga, fb)
            f2, fs2 = _part_sim(fa, gb)
            reasons = [Reason.NAMES_SWAPPED] + ([Reason.NAME_SHORTENED] if gs2 or fs2 else [])
            out["swapped"] = _NameResult(g2 * factor, f2 * factor, reasons)
            whole = fuzz.token_sort_ratio(ga + " " + fa, gb + " " + fb) * 0.96 * factor
            out["split"] = _NameResult(whole, whole, [Reason.NAMES_SPLIT])
        return out
    # One side has a single part (a mononym, or only a given name typed): compare the whole names,
    # counting only as a given-name agreement.
    sim, shortened = _part_sim(f"{ga} {fa}".strip(), f"{gb} {fb}".strip())
    out["single"] = _NameResult(sim * factor, None, [Reason.NAME_SHORTENED] if shortened else [])
    return out


def _compare_names(a: PersonKey, b: PersonKey) -> tuple[_NameResult, Reason | None]:
    """Per orientation, the best similarity of each name part over every form pair and key."""
    merged: dict[_Orient, tuple[_NameResult, Reason]] = {}
    for fa in a.forms:
        for fb in b.forms:
            same_script = fa.script == fb.script
            abjad = fa.script in ABJADS or fb.script in ABJADS
            other = Reason.NAMES_SPELLING if same_script else Reason.NAMES_OTHER_SCRIPT
            options: list[tuple[tuple[str, str], tuple[str, str], float, Reason]] = []
            if same_script:
                options.append((fa.native, fb.native, 1.0, Reason.NAMES_SAME))
            if not abjad:
                options.append((fa.phonetic, fb.phonetic, 0.97, other))
            options.append((fa.skeleton, fb.skeleton, 0.93 if abjad and not same_script else 0.88, other))
            for ka, kb, factor, why in options:
                for orient, res in _compare_keys(ka, kb, factor).items():
                    if orient not in merged:
                        merged[orient] = (res, why)
                        continue
                    cur, cur_why = merged[orient]
                    g = _max_opt(cur.given, res.given)
                    f = _max_opt(cur.family, res.family)
                    better = _total(res) > _total(cur)
                    merged[orient] = (
                        _NameResult(g, f, res.reasons if better else cur.reasons),
                        why if better else cur_why,
                    )
    if not merged:
        return _NameResult(None, None, []), None
    best_orient = max(merged, key=lambda o: _total(merged[o][0]) - (0 if o in ("straight", "single") else 4))
    result, kind = merged[best_orient]
    if kind is Reason.NAMES_SAME and _total(result) < 99 * (1 if result.family is None else 2):
        kind = Reason.NAMES_SPELLING
    return result, kind


def _max_opt(x: float | None, y: float | None) -> float | None:
    if x is None:
        return y
    if y is None:
        return x
    return max(x, y)


def _total(r: _NameResult) -> float:
    return (r.given or 0.0) + (r.family or 0.0)


# --- weights ----------------------------------------------------------------------------------------

# log2-odds per agreement level. Hand-set from the usual linkage figures, then checked against the
# labelled benchmark (benchmarks/matching_quality.py); see docs/matching.md.
_GIVEN_W = ((97.0, 6.0), (86.0, 4.5), (75.0, 2.0))
_GIVEN_DISAGREE = -5.0
_FAMILY_W = ((97.0, 5.0), (86.0, 4.0), (75.0, 1.5))
_FAMILY_DISAGREE = -4.0
_OFFSET = 8.0  # the summed weight that means 50/50
_SCALE = 1.6


def _level_weight(sim: float, table: tuple[tuple[float, float], ...], disagree: float) -> float:
    for threshold, weight in table:
        if sim >= threshold:
            return weight
    return disagree


def _dob_weight(a: tuple[int | None, ...], b: tuple[int | None, ...]) -> tuple[float, Reason | None]:
    ya, ma, da = a
    yb, mb, db = b
    if ya is None or yb is None:
        return 0.0, None
    if da is not None and db is not None:
        if (ya, ma, da) == (yb, mb, db):
            return 6.0, Reason.DOB_SAME
        if ya == yb and ma == db and da == mb:
            return 4.5, Reason.DOB_SWAPPED
        if ma == mb and da == db and (abs(ya - yb) == 1 or _one_digit(ya, yb)):
            return 0.5, Reason.DOB_CLOSE
        if ya == yb and ma == mb and (_one_digit(da, db) or abs(da - db) == 1):
            return 1.0, Reason.DOB_CLOSE
        return (-3.0 if ya == yb else -7.0), Reason.DOB_DIFFERS
    # at least one side knows only the year (or year and month)
    if ya == yb and (ma is None or mb is None or ma == mb or ma == db or da == mb):
        return 2.0, Reason.DOB_YEAR_ONLY
    if ya == yb:
        return -2.0, Reason.DOB_DIFFERS
    return (-2.0 if abs(ya - yb) == 1 else -6.0), Reason.DOB_DIFFERS


def _one_digit(x: int | None, y: int | None) -> bool:
    if x is None or y is None:
        return False
    sx, sy = str(x), str(y)
    return len(sx) == len(sy) and sum(c != d for c, d in zip(sx, sy, strict=True)) == 1


def compare(a: PersonKey, b: PersonKey, *, rarity: Callable[[int, str], float] | None = None) -> Candidate:
    """Score ``b`` as a candidate for ``a`` (0–100) with the reasons, independent of any index.

    ``rarity(part, skeleton)`` may add or remove weight for a name part (0 given, 1 family) by how
    common it is: agreeing on "Mohammed" says less than agreeing on "Tesfamariam".
    """
    weight = 0.0
    reasons: list[Reason] = []
    names, kind = _compare_names(a, b)
    if names.given is not None:
        w = _level_weight(names.given, _GIVEN_W, _GIVEN_DISAGREE)
        if w > 0 and rarity is not None:
            w = max(0.5, w + rarity(0, b.skeleton_parts[0]))
        weight += w
        if w < 0:
            reasons.append(Reason.GIVEN_DIFFERS)
    if names.family is not None:
        w = _level_weight(names.family, _FAMILY_W, _FAMILY_DISAGREE)
        if w > 0 and rarity is not None:
            w = max(0.5, w + rarity(1, b.skeleton_parts[1]))
        weight += w
        if w < 0:
            reasons.append(Reason.FAMILY_DIFFERS)
    name_agrees = (names.given or 0) >= 88 and (names.family is None or names.family >= 88)
    if name_agrees and kind is not None:
        reasons.insert(0, kind)
    if max(names.given or 0.0, names.family or 0.0) >= 75:
        reasons.extend(names.reasons)  # "swapped" or "shortened" says nothing about names that differ

    w, why = _dob_weight(a.dob, b.dob)
    weight += w
    if why is not None:
        reasons.append(why)

    if a.phone and b.phone:
        if a.phone == b.phone:
            weight += 4.0
            reasons.append(Reason.PHONE_SAME)
        else:
            weight -= 1.0
            reasons.append(Reason.PHONE_DIFFERS)

    ids_b = dict(b.identifiers)
    for kind_, value in a.identifiers:
        other = ids_b.get(kind_)
        if other is None:
            continue
        if other == value:
            weight += 14.0
            reasons.append(Reason.ID_SAME)
        else:
            weight -= 10.0
            reasons.append(Reason.ID_DIFFERS)

    score = 100.0 / (1.0 + math.exp(-(weight - _OFFSET) / _SCALE))
    return Candidate(id=b.id, score=round(score), reasons=reasons)


# --- index ------------------------------------------------------------------------------------------

Exclusions = Collection[frozenset[str]] | Callable[[str, str], bool] | None

# pre-score weights for blocking keys by kind (name tokens weigh by rarity instead)
_KEY_WEIGHT = {"d": 4.0, "y": 0.7, "t": 6.0, "i": 12.0}


class MatchIndex:
    """Blocked index of the caseload's people for :func:`rank`. Build once, keep up to date with
    :meth:`add` / :meth:`remove` as clients are created or merged."""

    def __init__(self) -> None:
        self._keys: list[PersonKey | None] = []
        self._pos: dict[str, int] = {}
        self._postings: dict[str, list[int]] = {}
        self._part_counts: tuple[dict[str, int], dict[str, int]] = ({}, {})
        self._live = 0

    @classmethod
    def build(cls, records: Iterable[MatchRecord]) -> MatchIndex:
        index = cls()
        for record in records:
            index.add(record)
        return index

    def __len__(self) -> int:
        return self._live

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._pos

    def add(self, record: MatchRecord) -> None:
        """Add a record, or replace the record with the same id."""
        if record.id in self._pos:
            self.remove(record.id)
        key = PersonKey.of(record)
        pos = len(self._keys)
        self._keys.append(key)
        self._pos[record.id] = pos
        self._live += 1
        for block in key.blocking_keys():
            self._postings.setdefault(block, []).append(pos)
        for part in (0, 1):
            skel = key.skeleton_parts[part]
            if skel:
                counts = self._part_counts[part]
                counts[skel] = counts.get(skel, 0) + 1

    def remove(self, record_id: str) -> None:
        pos = self._pos.pop(record_id, None)
        if pos is None:
            return
        key = self._keys[pos]
        self._keys[pos] = None  # postings keep the slot; a tombstone is skipped when ranking
        self._live -= 1
        if key is not None:
            for part in (0, 1):
                skel = key.skeleton_parts[part]
                counts = self._part_counts[part]
                if skel in counts:
                    counts[skel] -= 1

    def rarity(self, part: int, skeleton: str) -> float:
        """Weight adjustment for agreeing on a name part, from its frequency in this caseload."""
        if not skeleton or self._live < 200:
            return 0.0
        count = self._part_counts[part].get(skeleton, 0)
        share = max(count, 1) / self._live
        # a part held by 1 in 1,000 people is neutral; 1 in 20 costs ~1.7; the rarest gain up to 1
        return max(-2.0, min(1.0, (math.log2(1 / share) - 10.0) * 0.4))

    def shortlist(self, query: PersonKey, size: int = DEFAULT_SHORTLIST) -> list[PersonKey]:
        """The records worth a full comparison: those sharing the most informative blocking keys."""
        acc: dict[int, float] = {}
        total = max(self._live, 1)
        for block in query.query_keys():
            posting = self._postings.get(block)
            if not posting:
                continue
            kind = block[0]
            if kind == "s":
                if len(posting) > total * 0.3 and len(posting) > 1000:
                    continue  # a token nearly everyone shares does not narrow anything
                w = 1.0 + math.log(total / len(posting))
            else:
                w = _KEY_WEIGHT[kind]
            get = acc.get
            for pos in posting:
                acc[pos] = get(pos, 0.0) + w
        best = heapq.nlargest(size, acc.items(), key=itemgetter(1))
        out = []
        for pos, _ in best:
            key = self._keys[pos]
            if key is not None:
                out.append(key)
        return out


def _is_excluded(excluded: Exclusions, a: str, b: str) -> bool:
    if excluded is None:
        return False
    if callable(excluded):
        return excluded(a, b)
    return frozenset((a, b)) in excluded


def rank(
    query: MatchRecord,
    index: MatchIndex,
    limit: int = 5,
    *,
    excluded: Exclusions = None,
    min_score: int = 0,
) -> list[Candidate]:
    """The ``limit`` best candidates for ``query`` in ``index``, best first.

    ``excluded`` holds the pairs a worker decided are not the same person (a collection of
    ``frozenset({id_a, id_b})``, or a callable ``(query_id, candidate_id) -> bool``): those never come
    back. A record with the query's own id is skipped.
    """
    key = PersonKey.of(query)
    results: list[Candidate] = []
    for other in index.shortlist(key):
        if other.id == key.id or _is_excluded(excluded, key.id, other.id):
            continue
        candidate = compare(key, other, rarity=index.rarity)
        if candidate.score >= min_score:
            results.append(candidate)
    results.sort(key=lambda c: (-c.score, c.id))
    return results[:limit]
