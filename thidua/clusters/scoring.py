"""Pure scoring rules of an emulation cluster (cụm, khối thi đua): final points, totals, ranking.

No Django import: plain data in, plain data out, so every rule is pinned by a table of cases in
tests/test_scoring.py.

Rules (docs/huong-dan/cum-khoi.md, "Cụm, khối thi đua", says the same):
- Every score lies between 0 and the criterion's maximum; a score above the maximum is cut to it
  (the services already refuse such input; the cut is the last line of defence for old data).
  Points are Decimal with 2 places, rounded half up.
- The final score of a criterion follows the cluster's rule:
  * ``leader``: the score given by the leader agency; for the leader itself, the deputy's score;
  * ``mean``: the mean of the cross-scores of every other member that scored it.
  A criterion nobody cross-scored keeps the agency's self-score and is reported as such.
- A section's points are the sum of its items, capped at the section's cap when it has one.
  Total = criteria sections + bonus (capped) − penalty (capped). Penalty items hold the points
  deducted, as positive numbers.
- Ranking: higher total first; on equal totals fewer penalty points; then the higher score on
  the criteria sections alone (the work itself, before bonus and penalty). Agencies equal on all
  three are an exact tie: they share the rank (1, 1, 3) and are flagged. The self-score is not a
  tie-break on purpose: it would reward an agency for scoring itself generously.
- Proposals: the first ``flag_count`` positions are proposed for the provincial emulation flag
  (CO_TINH), the next ``bk_count`` for the Bằng khen (BK_TINH). An exact tie that straddles a
  boundary is not settled by the software: the tied agencies all get the lower of the awards their
  positions span (or none) and are flagged for the cluster to decide.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

CENT = Decimal("0.01")
ZERO = Decimal("0.00")

KIND_CRITERIA = "criteria"
KIND_BONUS = "bonus"
KIND_PENALTY = "penalty"
RULE_LEADER = "leader"
RULE_MEAN = "mean"
CO_TINH = "CO_TINH"
BK_TINH = "BK_TINH"


def cents(value) -> Decimal:
    return Decimal(value).quantize(CENT, rounding=ROUND_HALF_UP)


def clamp(value, maximum) -> Decimal:
    """A score between 0 and the maximum, 2 places."""
    value = cents(value)
    maximum = cents(maximum)
    return max(ZERO, min(value, maximum))


@dataclass(frozen=True)
class Section:
    key: object
    kind: str  # criteria | bonus | penalty
    cap: Decimal | None = None


@dataclass(frozen=True)
class Criterion:
    key: object
    section: object
    max_points: Decimal


@dataclass(frozen=True)
class Table:
    sections: Sequence[Section]
    criteria: Sequence[Criterion]


@dataclass(frozen=True)
class Points:
    """One agency's points on the table, as sums per kind (after the section caps)."""

    base: Decimal
    bonus: Decimal
    penalty: Decimal

    @property
    def total(self) -> Decimal:
        return cents(self.base + self.bonus - self.penalty)


def table_points(table: Table, scores: Mapping[object, Decimal]) -> Points:
    """Sum an agency's per-criterion scores into base, bonus and penalty with the caps."""
    per_section: dict[object, Decimal] = {}
    for criterion in table.criteria:
        value = clamp(scores.get(criterion.key, ZERO), criterion.max_points)
        per_section[criterion.section] = per_section.get(criterion.section, ZERO) + value
    sums = {KIND_CRITERIA: ZERO, KIND_BONUS: ZERO, KIND_PENALTY: ZERO}
    for section in table.sections:
        value = per_section.get(section.key, ZERO)
        if section.cap is not None:
            value = min(value, cents(section.cap))
        sums[section.kind] += value
    return Points(cents(sums[KIND_CRITERIA]), cents(sums[KIND_BONUS]), cents(sums[KIND_PENALTY]))


@dataclass(frozen=True)
class FinalScores:
    scores: dict  # criterion key → final Decimal
    self_only: tuple  # criterion keys that nobody cross-scored (the self-score stands)


def final_scores(
    table: Table,
    *,
    rule: str,
    subject: str,
    self_scores: Mapping[object, Decimal],
    cross_scores: Mapping[str, Mapping[object, Decimal]],
    leader: str,
    deputy: str | None,
) -> FinalScores:
    """The final score per criterion for `subject` (an agency code) under the cluster's rule.

    `cross_scores` maps a scorer agency's code to its scores of the subject; the subject's own
    entry, if any, is ignored (a self-score is never a cross-score)."""
    if rule not in (RULE_LEADER, RULE_MEAN):
        raise ValueError(f"Quy tắc tính điểm không hợp lệ: {rule!r}.")
    others = {code: s for code, s in cross_scores.items() if code != subject}
    finals: dict = {}
    self_only = []
    for criterion in table.criteria:
        key, maximum = criterion.key, criterion.max_points
        if rule == RULE_LEADER:
            scorer = deputy if subject == leader else leader
            given = others.get(scorer, {}).get(key) if scorer else None
            values = [] if given is None else [clamp(given, maximum)]
        else:
            values = [clamp(s[key], maximum) for s in others.values() if key in s]
        if values:
            finals[key] = cents(sum(values, ZERO) / len(values))
        else:
            finals[key] = clamp(self_scores.get(key, ZERO), maximum)
            self_only.append(key)
    return FinalScores(finals, tuple(self_only))


@dataclass(frozen=True)
class Entry:
    """One agency's points, ready to rank."""

    code: str
    points: Points
    self_points: Points


@dataclass
class Ranked:
    code: str
    points: Points
    self_points: Points
    rank: int = 0
    tied: bool = False
    proposal: str = ""
    boundary_tie: bool = False
    notes: list = field(default_factory=list)


def rank_key(entry: Entry) -> tuple:
    return (-entry.points.total, entry.points.penalty, -entry.points.base)


def rank(entries: Sequence[Entry], *, flag_count: int = 1, bk_count: int = 0) -> list[Ranked]:
    """Rank agencies by the documented tie-breaks and assign the proposals by position."""
    ordered = sorted(entries, key=lambda e: (rank_key(e), e.code))
    slots = [CO_TINH] * max(flag_count, 0) + [BK_TINH] * max(bk_count, 0)
    out: list[Ranked] = []
    position = 0
    index = 0
    while index < len(ordered):
        group = [ordered[index]]
        while index + len(group) < len(ordered) and rank_key(
            ordered[index + len(group)]
        ) == rank_key(group[0]):
            group.append(ordered[index + len(group)])
        spanned = [
            slots[p] if p < len(slots) else "" for p in range(position, position + len(group))
        ]
        award = spanned[-1]
        straddles = len(set(spanned)) > 1
        for entry in group:
            out.append(
                Ranked(
                    code=entry.code,
                    points=entry.points,
                    self_points=entry.self_points,
                    rank=position + 1,
                    tied=len(group) > 1,
                    proposal=award,
                    boundary_tie=straddles,
                )
            )
        position += len(group)
        index += len(group)
    return out
