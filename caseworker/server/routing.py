"""Routing: which agency's queue a submission lands in.

Each agency has rules. A rule has up to three criteria (postal-code prefixes, languages, need
categories); every criterion the rule sets must match (within one criterion, any listed value is
enough); a rule with no criteria matches nothing (it would swallow the "unrouted" queue). Among
matching rules the lowest ``priority`` wins, then the most specific (more criteria, longer postal
prefix), then the oldest rule. Nothing matching: the shared "unrouted" queue (agency ``None``),
which any agency may claim from — no request waits for a rule someone forgot to write.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from caseworker.core.domain import NeedDomain
from caseworker.intake.schema import IntakeSubmission
from caseworker.server.models import RoutingRule

_PREFIX_RE = re.compile(r"^[A-Z0-9]{1,6}$")
_LANG_RE = re.compile(r"^[a-z]{2,3}(_[A-Za-z]{4})?$")


def _compact_postal(value: str) -> str:
    return value.upper().replace(" ", "").replace("-", "")


@dataclass(frozen=True)
class Rule:
    postal_prefixes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    needs: tuple[str, ...] = ()
    priority: int = 100
    agency_id: int = 0
    rule_id: int = 0

    def __post_init__(self) -> None:
        for p in self.postal_prefixes:
            if not _PREFIX_RE.match(p):
                raise ValueError(f"a postal prefix is 1-6 letters and digits, like K1A: {p[:12]!r}")
        for lang in self.languages:
            if not _LANG_RE.match(lang):
                raise ValueError(f"a language is a code like ar, fa or zh_Hans: {lang[:12]!r}")
        valid = {n.value for n in NeedDomain}
        for need in self.needs:
            if need not in valid:
                raise ValueError(f"unknown need category {need[:30]!r}; known: {', '.join(sorted(valid))}")
        if not (self.postal_prefixes or self.languages or self.needs):
            raise ValueError("a rule needs at least one postal prefix, language or need")

    @classmethod
    def create(
        cls,
        postal_prefixes: Iterable[str] = (),
        languages: Iterable[str] = (),
        needs: Iterable[str] = (),
        priority: int = 100,
    ) -> Rule:
        return cls(
            postal_prefixes=tuple(_compact_postal(p) for p in postal_prefixes if p.strip()),
            languages=tuple(x.strip() for x in languages if x.strip()),
            needs=tuple(x.strip().lower() for x in needs if x.strip()),
            priority=priority,
        )

    def match_score(self, postal: str | None, languages: set[str], needs: set[str]) -> tuple[int, ...] | None:
        """None if the rule does not match; otherwise a sort key (smaller is better)."""
        best_prefix = 0
        if self.postal_prefixes:
            if not postal:
                return None
            hits = [len(p) for p in self.postal_prefixes if postal.startswith(p)]
            if not hits:
                return None
            best_prefix = max(hits)
        if self.languages and not (set(self.languages) & languages):
            return None
        if self.needs and not (set(self.needs) & needs):
            return None
        specificity = sum(1 for c in (self.postal_prefixes, self.languages, self.needs) if c)
        return (self.priority, -specificity, -best_prefix, self.rule_id)


@dataclass
class Router:
    rules: list[Rule] = field(default_factory=list)

    def route(self, submission: IntakeSubmission) -> int | None:
        postal = _compact_postal(submission.person.postal_code) if submission.person.postal_code else None
        languages = set(submission.person.languages) | {submission.form_language}
        # A language code with a script (zh_Hans) also matches a rule written for the bare language.
        languages |= {lang.split("_")[0] for lang in languages}
        needs = {n.value for n in submission.needs}
        scored = [
            (score, rule.agency_id)
            for rule in self.rules
            if (score := rule.match_score(postal, languages, needs)) is not None
        ]
        return min(scored)[1] if scored else None


def load_router(session: Session) -> Router:
    rows = session.execute(select(RoutingRule).order_by(RoutingRule.id)).scalars().all()
    return Router(
        [
            Rule(
                postal_prefixes=tuple(json.loads(r.postal_prefixes)),
                languages=tuple(json.loads(r.languages)),
                needs=tuple(json.loads(r.needs)),
                priority=r.priority,
                agency_id=r.agency_id,
                rule_id=r.id,
            )
            for r in rows
        ]
    )


def route(session: Session, submission: IntakeSubmission) -> int | None:
    """The agency id whose queue ``submission`` belongs in, or None for the unrouted queue."""
    return load_router(session).route(submission)


def set_rules(session: Session, agency_id: int, rules: Iterable[Rule], *, now_ms: int, replace: bool) -> int:
    """Store ``rules`` for an agency (replacing its old rules if ``replace``). Caller commits."""
    if replace:
        session.execute(delete(RoutingRule).where(RoutingRule.agency_id == agency_id))
    count = 0
    for rule in rules:
        session.add(
            RoutingRule(
                agency_id=agency_id,
                priority=rule.priority,
                postal_prefixes=json.dumps(list(rule.postal_prefixes)),
                languages=json.dumps(list(rule.languages)),
                needs=json.dumps(list(rule.needs)),
                created_at=now_ms,
            )
        )
        count += 1
    return count


def list_rules(session: Session, agency_id: int | None = None) -> list[Rule]:
    rules = load_router(session).rules
    return [r for r in rules if agency_id is None or r.agency_id == agency_id]
