"""The council's arithmetic, as pure functions (DOMAIN.md §3.3, §7): quorum, the approval
threshold, working days of the public posting, the CSTĐCS quota ranking and the ballot digest.

All comparisons are on integers: "more than 50 % of all members" is `approvals * 100 >
percent * members` (9 members: 5 passes; 10 members: 5 fails, 6 passes); the quorum is
`present * den >= num * members` (2/3 of 9 → 6 present suffice, 5 do not).
"""

import datetime as dt
import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from fractions import Fraction

from django.conf import settings


def quorum_setting() -> tuple[int, int]:
    """THIDUA_COUNCIL_QUORUM as a fraction ("2/3", default)."""
    value = Fraction(str(getattr(settings, "THIDUA_COUNCIL_QUORUM", "2/3")))
    if not 0 < value <= 1:
        raise ValueError("THIDUA_COUNCIL_QUORUM phải là một phân số trong khoảng (0, 1].")
    return value.numerator, value.denominator


def approval_percent_setting() -> int:
    return int(getattr(settings, "THIDUA_COUNCIL_APPROVAL_PERCENT", 50))


def posting_days_setting() -> int:
    return int(getattr(settings, "THIDUA_POSTING_WORKING_DAYS", 5))


def holidays_setting() -> set[dt.date]:
    """THIDUA_HOLIDAYS: dates or ISO strings ("2026-09-02")."""
    days = set()
    for value in getattr(settings, "THIDUA_HOLIDAYS", ()) or ():
        days.add(value if isinstance(value, dt.date) else dt.date.fromisoformat(str(value)))
    return days


def quorum_needed(members: int, numerator: int, denominator: int) -> int:
    """The smallest number present that reaches the quorum: ceil(members × num / den)."""
    return -(-members * numerator // denominator)


def has_quorum(present: int, members: int, numerator: int, denominator: int) -> bool:
    return members > 0 and present >= quorum_needed(members, numerator, denominator)


def approval_passes(approvals: int, members: int, percent: int) -> bool:
    """Strictly more than `percent` % of ALL members (not of those present)."""
    return members > 0 and approvals * 100 > percent * members


def approvals_needed(members: int, percent: int) -> int:
    return percent * members // 100 + 1


def is_working_day(day: dt.date, holidays: Iterable[dt.date]) -> bool:
    return day.weekday() < 5 and day not in set(holidays)


def posting_end(starts_on: dt.date, days: int, holidays: Iterable[dt.date]) -> dt.date:
    """The last day of a posting of `days` working days starting on `starts_on` (the start day
    counts when it is a working day; weekends and holidays never count)."""
    holidays = set(holidays)
    if days < 1:
        raise ValueError("Số ngày công khai phải từ 1 trở lên.")
    day, counted = starts_on, 0
    while True:
        if is_working_day(day, holidays):
            counted += 1
            if counted == days:
                return day
        day += dt.timedelta(days=1)


@dataclass(frozen=True)
class Ranked:
    key: int  # agenda item id
    approvals: int
    rank: int  # 1 = most approvals; equal approvals share a rank
    within_cap: bool  # selected by the ranking alone
    tied: bool  # same approvals as someone on the other side of the cut line


def quota_ranking(candidates: Iterable[tuple[int, int]], cap: int) -> list[Ranked]:
    """Rank (item id, approvals) by approvals, most first, and mark the cut at `cap`.

    The ranking decides; a tie across the cut line is flagged and must be resolved by the
    secretariat explicitly (the engine never picks).
    """
    ordered = sorted(candidates, key=lambda c: (-c[1], c[0]))
    ranks, previous, rank = [], None, 0
    for position, (_key, approvals) in enumerate(ordered, start=1):
        if approvals != previous:
            rank, previous = position, approvals
        ranks.append(rank)
    inside = {k for k, _a in ordered[:cap]}
    inside_votes = {a for k, a in ordered if k in inside}
    outside_votes = {a for k, a in ordered if k not in inside}
    crossing = inside_votes & outside_votes
    return [
        Ranked(key=k, approvals=a, rank=r, within_cap=k in inside, tied=a in crossing)
        for (k, a), r in zip(ordered, ranks, strict=True)
    ]


def selection_follows_ranking(ranking: list[Ranked], keep: set[int], cap: int) -> str | None:
    """Why `keep` is not a valid resolution (None when it is): exactly `cap` kept, and nobody
    kept with fewer approvals than someone cut."""
    if len(keep) != cap:
        return f"Phải chọn đúng {cap} trường hợp theo chỉ tiêu (đã chọn {len(keep)})."
    unknown = keep - {r.key for r in ranking}
    if unknown:
        return "Trường hợp được chọn không thuộc danh sách vượt chỉ tiêu."
    kept = [r.approvals for r in ranking if r.key in keep]
    cut = [r.approvals for r in ranking if r.key not in keep]
    if kept and cut and min(kept) < max(cut):
        return "Phải chọn theo thứ tự số phiếu tán thành từ cao xuống thấp."
    return None


def canonical_paper(paper: dict) -> str:
    return json.dumps(
        {str(k): paper[k] for k in paper}, sort_keys=True, separators=(",", ":"), ensure_ascii=True
    )


def sorted_papers(papers: Iterable[dict]) -> list[dict]:
    return [json.loads(text) for text in sorted(canonical_paper(p) for p in papers)]


def ballot_digest(papers: Iterable[dict]) -> str:
    """SHA-256 (hex) of the canonical JSON array of the papers, sorted."""
    body = "[" + ",".join(sorted(canonical_paper(p) for p in papers)) + "]"
    return hashlib.sha256(body.encode("ascii")).hexdigest()


def count_papers(papers: Iterable[dict], item_ids: Iterable[int]) -> dict[str, int]:
    tally = {str(i): 0 for i in item_ids}
    for paper in papers:
        for key, choice in paper.items():
            if choice == "yes" and key in tally:
                tally[key] += 1
    return tally
