"""Collective titles TTLĐTT and TTLĐXS (DOMAIN.md §3.2, §3.3a), as small named checks.

TTLĐTT: Luật TĐKT Điều 28 (15/2003/QH11 sửa đổi 2013: khoản 1 điểm a–d; 06/2022/QH15:
khoản 1 điểm a–d); TTLĐXS: Điều 27 (2003: khoản 1–5; 2022: khoản 1 điểm a–đ). Each check
cites the point that says it. The 2003 law bars a member disciplined at cảnh cáo or heavier
(Điều 28 khoản 1 điểm c, Điều 27 khoản 4); the 2022 law has no such clause, so under vn2022 it
applies only when the office's own regulation adds it (``collective_discipline_clause``). The
member-based checks read the members' results of the same run, gathered in
:class:`MemberStats`. Thresholds are decided on integer counts: TTLĐTT needs strictly more than
50 % of members reaching LĐTT (3 of 6 fails), TTLĐXS at least 70 % (7 of 10 passes).
"""

from thidua.rules.codes import (
    DISCIPLINE_LABELS,
    DISCIPLINE_RANK,
    RATING_LABELS,
    RATING_RANK,
    TITLE_LABELS,
    registration_covers,
)
from thidua.rules.common import check, fmt_date, fmt_percent
from thidua.rules.facts import Context, PersonFacts
from thidua.rules.inputs import Collective
from thidua.rules.params import REGISTRATION_BASIS

_CANH_CAO = DISCIPLINE_RANK["canh_cao"]
_HTNV = RATING_RANK["HTNV"]
_SHOWN_IDS = 5


class MemberStats:
    """Counts over a collective's members, from this run's individual results."""

    __slots__ = ("count", "ldtt", "cstdcs", "not_completing", "heavy_disciplined")

    def __init__(self):
        self.count = 0
        self.ldtt = 0
        self.cstdcs = 0
        self.not_completing: list[tuple[str, str]] = []  # (id, rating shown)
        self.heavy_disciplined: list[tuple[str, str]] = []  # (id, form and date)

    def add(self, f: PersonFacts) -> None:
        self.count += 1
        self.ldtt += f.ldtt
        self.cstdcs += f.cstdcs
        rating = f.effective_rating
        if rating is None or RATING_RANK[rating] < _HTNV:
            self.not_completing.append((f.person.id, rating or "chưa xếp loại"))
        heavy = [d for d in f.disciplines if DISCIPLINE_RANK[d.form] >= _CANH_CAO]
        if heavy:
            d = max(heavy, key=lambda item: DISCIPLINE_RANK[item.form])
            shown = f"{DISCIPLINE_LABELS[d.form]} ngày {fmt_date(d.decided_on)}"
            self.heavy_disciplined.append((f.person.id, shown))


def _listing(pairs: list[tuple[str, str]]) -> str:
    """Members named in id order (so results never depend on input order)."""
    ordered = sorted(pairs)
    shown = ", ".join(f"{ident} ({what})" for ident, what in ordered[:_SHOWN_IDS])
    if len(ordered) > _SHOWN_IDS:
        shown += f" và {len(ordered) - _SHOWN_IDS} người khác"
    return shown


def registration_check(title: str):
    """Registration covers the title (ladder TTLĐTT < TTLĐXS < Cờ thi đua tỉnh)."""

    def registration(c: Collective, m: MemberStats, ctx: Context) -> dict:
        label = TITLE_LABELS[title]
        basis = f"{REGISTRATION_BASIS}; tham số require_registration = "
        if not ctx.settings.require_registration:
            reason = "Không bắt buộc đăng ký thi đua"
            return check("registration", True, reason, basis + "false", local=True)
        passed = registration_covers(c.registered, title)
        if c.registered is None:
            reason = f"Chưa đăng ký thi đua năm {ctx.year}; phải đăng ký {label} trở lên"
        elif c.registered == title:
            reason = f"Đã đăng ký danh hiệu {label}"
        elif passed:
            reason = f"Đã đăng ký danh hiệu {TITLE_LABELS[c.registered]} (bao gồm {label})"
        else:
            reason = f"Chỉ đăng ký danh hiệu {TITLE_LABELS[c.registered]}, thấp hơn {label}"
        return check("registration", passed, reason, basis + "true", local=True)

    return registration


def rating_check(title: str, minimum: str):
    """The collective's own rating is ``minimum`` or better."""
    needed = RATING_LABELS[minimum]

    def rating(c: Collective, m: MemberStats, ctx: Context) -> dict:
        basis = ctx.basis[f"{title}_RATING"]
        if c.rating is None:
            return check("rating", False, f"Tập thể chưa có xếp loại năm {ctx.year}", basis)
        passed = RATING_RANK[c.rating] >= RATING_RANK[minimum]
        verdict = "đạt" if passed else "chưa đạt"
        suffix = " trở lên" if minimum != "HTXSNV" else ""
        reason = f"Tập thể xếp loại {c.rating} ({verdict} mức {needed}{suffix})"
        return check("rating", passed, reason, basis)

    return rating


def finding_check(title: str, rule: str, field: str, what: str):
    """A yes/no finding of the review (emulation effective, internal solidarity)."""
    basis_key = f"{title}_{rule.upper()}"

    def finding(c: Collective, m: MemberStats, ctx: Context) -> dict:
        value = getattr(c, field)
        if value is None:
            reason = f"Chưa có kết luận về {what}"
        else:
            reason = f"{what[0].upper()}{what[1:]}: {'có' if value else 'không'}"
        return check(rule, bool(value), reason, ctx.basis[basis_key])

    return finding


def has_members(title: str):
    """§3.3a: a collective with no members gets no collective title."""

    def members(c: Collective, m: MemberStats, ctx: Context) -> dict:
        # The share of members the law asks for presupposes members (§3.3a).
        basis = ctx.basis[f"{title}_MEMBERS"]
        if m.count:
            return check("has_members", True, f"Tập thể có {m.count} thành viên", basis)
        return check("has_members", False, "Tập thể không có thành viên nào", basis)

    return members


def ldtt_share_more_than_half(c: Collective, m: MemberStats, ctx: Context) -> dict:
    """TTLĐTT: strictly more than 50 % of members reach LĐTT (ldtt × 2 > members)."""
    passed = m.count > 0 and m.ldtt * 2 > m.count
    share = fmt_percent(m.ldtt, m.count) if m.count else "0 %"
    reason = f"{m.ldtt}/{m.count} thành viên đạt LĐTT ({share}; cần trên 50 %)"
    return check("members_ldtt_share", passed, reason, ctx.basis["TTLDTT_MEMBERS"])


def ldtt_share_at_least_70(c: Collective, m: MemberStats, ctx: Context) -> dict:
    """TTLĐXS: at least 70 % of members reach LĐTT (ldtt × 10 ≥ members × 7)."""
    passed = m.count > 0 and m.ldtt * 10 >= m.count * 7
    share = fmt_percent(m.ldtt, m.count) if m.count else "0 %"
    reason = f"{m.ldtt}/{m.count} thành viên đạt LĐTT ({share}; cần từ 70 % trở lên)"
    return check("members_ldtt_share", passed, reason, ctx.basis["TTLDXS_MEMBERS"])


def all_complete_tasks(c: Collective, m: MemberStats, ctx: Context) -> dict:
    """TTLĐXS: 100 % of members rated HTNV or better (discipline counts as KHTNV)."""
    basis = ctx.basis["TTLDXS_MEMBERS"]
    if m.count == 0:
        return check("members_complete_tasks", False, "Tập thể không có thành viên", basis)
    if not m.not_completing:
        reason = f"{m.count}/{m.count} thành viên hoàn thành nhiệm vụ trở lên (100 %)"
        return check("members_complete_tasks", True, reason, basis)
    done = m.count - len(m.not_completing)
    reason = (
        f"{done}/{m.count} thành viên hoàn thành nhiệm vụ trở lên (cần 100 %); chưa hoàn thành: "
        f"{_listing(m.not_completing)}"
    )
    return check("members_complete_tasks", False, reason, basis)


def some_member_cstdcs(c: Collective, m: MemberStats, ctx: Context) -> dict:
    """TTLĐXS: at least one member reaches CSTĐCS."""
    passed = m.cstdcs >= 1
    reason = f"{m.cstdcs} thành viên đạt CSTĐCS (cần ít nhất 1)"
    return check("members_cstdcs", passed, reason, ctx.basis["TTLDXS_CSTDCS"])


def discipline_clause(title: str):
    """No member disciplined at cảnh cáo or heavier in the year; always under vn2013, under
    vn2022 only while ``collective_discipline_clause`` is true."""

    def members_discipline(c: Collective, m: MemberStats, ctx: Context) -> dict:
        law = ctx.basis[f"{title}_DISCIPLINE"]
        local = False
        if ctx.regime == "vn2013":
            applies, basis = True, f"{law} (chế độ vn2013 luôn áp dụng)"
        elif ctx.settings.collective_discipline_clause:
            # Not in Luật 06/2022: the office's regulation adds it.
            applies, local = True, True
            basis = ctx.local(
                "điều kiện không có thành viên bị kỷ luật từ cảnh cáo trở lên",
                "collective_discipline_clause",
            )
        else:
            applies = False
            basis = f"{law} không có điều kiện về kỷ luật của thành viên; " + (
                "tham số collective_discipline_clause = false"
            )
        if not applies:
            reason = "Không áp dụng điều kiện về kỷ luật của thành viên (luật không quy định)"
            return check("members_discipline", True, reason, basis)
        source = " (theo quy chế của cơ quan)" if local else ""
        if not m.heavy_disciplined:
            reason = (
                f"Không có thành viên bị kỷ luật từ cảnh cáo trở lên trong năm {ctx.year}{source}"
            )
            return check("members_discipline", True, reason, basis, local=local)
        reason = (
            f"Có thành viên bị kỷ luật từ cảnh cáo trở lên trong năm {ctx.year}{source}: "
            f"{_listing(m.heavy_disciplined)}"
        )
        return check("members_discipline", False, reason, basis, local=local)

    return members_discipline


def _common(title: str):
    return (
        finding_check(
            title, "emulation", "emulation_effective", "phong trào thi đua thường xuyên, hiệu quả"
        ),
        finding_check(title, "solidarity", "solidarity", "nội bộ đoàn kết"),
        has_members(title),
    )


# Both laws word TTLĐTT and TTLĐXS alike; the regimes differ only in the discipline clause's
# configurability, handled inside the check.
_TTLDTT = (
    registration_check("TTLDTT"),
    rating_check("TTLDTT", "HTTNV"),
    *_common("TTLDTT"),
    ldtt_share_more_than_half,
    discipline_clause("TTLDTT"),
)
_TTLDXS = (
    registration_check("TTLDXS"),
    rating_check("TTLDXS", "HTXSNV"),
    *_common("TTLDXS"),
    all_complete_tasks,
    ldtt_share_at_least_70,
    some_member_cstdcs,
    discipline_clause("TTLDXS"),
)
TTLDTT_CHECKS = {"vn2013": _TTLDTT, "vn2022": _TTLDTT}
TTLDXS_CHECKS = {"vn2013": _TTLDXS, "vn2022": _TTLDXS}
