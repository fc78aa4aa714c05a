"""Individual titles LĐTT and CSTĐCS (DOMAIN.md §3.1, §3.3a), as small named checks.

LĐTT — ``vn2013``: Luật 15/2003/QH11 (sửa đổi 2013) Điều 24, NĐ 91/2017/NĐ-CP Điều 10;
``vn2022``: Luật 06/2022/QH15 Điều 24, with the time rules of TT 01/2024/TT-BNV (from
05/08/2025 TT 15/2025/TT-BNV). The consequence "disciplined in the year ⇒ rated KHTNV" comes
from the civil-servant rating decree of the year (NĐ 90/2020 as amended by NĐ 48/2023 up to
rating year 2025, NĐ 335/2025 from 2026). CSTĐCS — ``vn2013``: Luật 2003 Điều 23, NĐ 91/2017
Điều 9 khoản 3; ``vn2022``: Luật 2022 Điều 23. The tables ``LDTT_CHECKS`` and
``CSTDCS_CHECKS`` at the bottom declare each title's criteria once per regime.
"""

from datetime import date

from thidua.rules.codes import (
    DISCIPLINE_LABELS,
    INITIATIVE_LEVEL_LABELS,
    LEAVE_COUNTED_AS_ABSENCE,
    LEAVE_COUNTED_AS_WORK,
    LEAVE_LABELS,
    RATING_LABELS,
    RATING_RANK,
    TITLE_LABELS,
    TRAINING_RESULT_LABELS,
    TRAINING_RESULTS_KHA_OR_BETTER,
    registration_covers,
)
from thidua.rules.common import check as _check
from thidua.rules.common import fmt_date, fmt_period, whole_months
from thidua.rules.facts import Context, PersonFacts
from thidua.rules.params import FIRST_YEAR_DUTY_RELATED_DISCIPLINE, REGISTRATION_BASIS

LONG_TRAINING_MONTHS = 12
LDTT_RULE_LABELS = {
    "rating": "xếp loại",
    "months_worked": "thời gian làm việc",
    "discipline": "kỷ luật",
    "long_training": "kết quả đào tạo từ 1 năm trở lên",
    "absence_days": "số ngày nghỉ",
}
_HTTNV = RATING_RANK["HTTNV"]


def registration_check(title: str):
    """Registration covers the title (ladder LĐTT < CSTĐCS < CSTĐ tỉnh < CSTĐ toàn quốc)."""

    def registration(f: PersonFacts, ctx: Context) -> dict:
        registered = f.person.registered
        key = ("registration", title, registered, ctx.settings.require_registration)
        found = ctx.cached(key)
        if found is not None:
            return found
        basis = f"{REGISTRATION_BASIS}; tham số require_registration = "
        label = TITLE_LABELS[title]
        if not ctx.settings.require_registration:
            passed, reason = True, "Không bắt buộc đăng ký thi đua"
            basis += "false"
        else:
            basis += "true"
            passed = registration_covers(registered, title)
            if registered is None:
                reason = f"Chưa đăng ký thi đua năm {ctx.year}; phải đăng ký {label} trở lên"
            elif registered == title:
                reason = f"Đã đăng ký danh hiệu {label}"
            elif passed:
                reason = f"Đã đăng ký danh hiệu {TITLE_LABELS[registered]} (bao gồm {label})"
            else:
                reason = f"Chỉ đăng ký danh hiệu {TITLE_LABELS[registered]}, thấp hơn {label}"
        return ctx.store(key, _check("registration", passed, reason, basis, local=True))

    return registration


def discipline_reason(f: PersonFacts, d=None) -> str:
    d = d or f.rating_discipline or f.heaviest
    return f"Bị kỷ luật {DISCIPLINE_LABELS[d.form]} (quyết định ngày {fmt_date(d.decided_on)})"


def _unrecorded_reason(f: PersonFacts, ctx: Context) -> str:
    """From rating year 2026 a discipline without a recorded reason counts as duty-related."""
    d = f.rating_discipline
    if ctx.year >= FIRST_YEAR_DUTY_RELATED_DISCIPLINE and d is not None and d.duty_related is None:
        return (
            " (chưa ghi lý do kỷ luật: tính là vi phạm liên quan đến hoạt động công vụ; "
            "cần bổ sung lý do vào hồ sơ)"
        )
    return ""


def rating_consequence_basis(ctx: Context) -> str:
    """The rating decree that makes discipline in the year a KHTNV rating."""
    return ctx.rating_decree or ctx.basis["LDTT_DISCIPLINE"]


def rating_httnv(f: PersonFacts, ctx: Context) -> dict:
    """Rating HTTNV or better; discipline that the rating decree turns into KHTNV counts as
    KHTNV (§3.3a)."""
    if f.rating_discipline is not None:
        key = ("rating", f.rating_discipline)
        found = ctx.cached(key)
        if found is None:
            reason = (
                f"{discipline_reason(f)} trong năm {ctx.year} nên xếp loại được tính là KHTNV "
                f"(chưa đạt mức Hoàn thành tốt nhiệm vụ){_unrecorded_reason(f, ctx)}"
            )
            basis = ctx.basis["LDTT"]
            if ctx.rating_decree:
                basis = f"{basis}; {ctx.rating_decree}"
            found = ctx.store(key, _check("rating", False, reason, basis))
        return found
    rating = f.effective_rating
    key = ("rating", rating)
    found = ctx.cached(key)
    if found is not None:
        return found
    if rating is None:
        passed, reason = False, f"Chưa có xếp loại chất lượng năm {ctx.year}"
    elif RATING_RANK[rating] >= _HTTNV:
        passed, reason = True, f"Xếp loại {rating} (đạt mức Hoàn thành tốt nhiệm vụ trở lên)"
    else:
        passed = False
        reason = (
            f"Xếp loại {rating} ({RATING_LABELS[rating]}, chưa đạt mức Hoàn thành tốt nhiệm vụ)"
        )
    return ctx.store(key, _check("rating", passed, reason, ctx.basis["LDTT"]))


def months_worked(f: PersonFacts, ctx: Context) -> dict:
    """Enough of the year worked: a recruit of the year needs ``min_months_new_recruit`` whole
    months to 31 Dec; maternity, injury-on-duty leave and short training count as worked."""
    person = f.person
    recruited = person.recruited_on
    minimum = ctx.settings.min_months_new_recruit
    credited = _credited_time(person, ctx)
    prior = _prior_start(person, ctx) if ctx.settings.count_prior_service else None
    if prior is not None:
        credited = (
            f"làm việc tại cơ quan theo hợp đồng trước khi tuyển dụng từ {fmt_date(prior)}",
            *credited,
        )
        recruited = prior
    key = ("months_worked", person.recruited_on, recruited, credited)
    found = ctx.cached(key)
    if found is not None:
        return found
    since = "Làm việc tại cơ quan từ ngày" if prior is not None else "Tuyển dụng ngày"
    if recruited < ctx.year_start:
        passed = True
        reason = f"{since} {fmt_date(recruited)}, trước năm {ctx.year}: làm việc cả năm"
    elif recruited > ctx.year_end:
        passed = False
        reason = f"Tuyển dụng ngày {fmt_date(recruited)}, sau năm {ctx.year}: chưa làm việc"
    else:
        months = whole_months(recruited, ctx.year_end)
        days = (ctx.year_end - recruited).days + 1 - _days_in_months(recruited, months)
        length = f"{months} tháng" + (f" {days} ngày" if days else "")
        passed = months >= minimum
        verdict = f"đủ {minimum} tháng" if passed else f"chưa đủ {minimum} tháng"
        reason = f"{since} {fmt_date(recruited)}: {length} đến {fmt_date(ctx.year_end)}, {verdict}"
    if credited:
        reason += "; " + "; ".join(credited) + " được tính là thời gian làm việc"
    basis = ctx.with_setting(ctx.time_basis, "min_months_new_recruit")
    return ctx.store(key, _check("months_worked", passed, reason, basis))


def _prior_start(person, ctx: Context) -> date | None:
    """The start of work at the office under earlier contracts that run without a break into
    the recruitment (each period ends at most one day before the next starts)."""
    if not person.prior_service:
        return None
    start = person.recruited_on
    for period in sorted(person.prior_service, key=lambda p: p.end, reverse=True):
        if period.start < start and period.end.toordinal() >= start.toordinal() - 1:
            start = period.start
    return start if start < person.recruited_on else None


def _days_in_months(start: date, months: int) -> int:
    """Days covered by ``months`` whole months from ``start`` (start + months, exclusive)."""
    total = start.month - 1 + months
    year, month = start.year + total // 12, total % 12 + 1
    return (date(year, month, start.day) - start).days if months else 0


def _credited_time(person, ctx: Context) -> tuple[str, ...]:
    """Descriptions of leave and short training in the year that count as time worked."""
    items = []
    for leave in person.leaves:
        if leave.kind in LEAVE_COUNTED_AS_WORK and _overlaps(leave, ctx):
            items.append(f"{LEAVE_LABELS[leave.kind]} {fmt_period(leave.start, leave.end)}")
    for training in person.trainings:
        if _overlaps(training, ctx) and whole_months(training.start, training.end) < 12:
            items.append(f"đào tạo dưới 1 năm {fmt_period(training.start, training.end)}")
    return tuple(items)


def _overlaps(period, ctx: Context) -> bool:
    return period.start <= ctx.year_end and period.end >= ctx.year_start


def discipline_vn2013(f: PersonFacts, ctx: Context) -> dict:
    """vn2013: khiển trách or heavier in the year excludes LĐTT (NĐ 91/2017/NĐ-CP Điều 10)."""
    key = ("discipline", f.heaviest)
    found = ctx.cached(key)
    if found is not None:
        return found
    if f.heaviest is None:
        passed, reason = True, f"Không bị kỷ luật trong năm {ctx.year}"
    else:
        passed = False
        reason = (
            f"{discipline_reason(f, f.heaviest)} trong năm {ctx.year}: từ khiển trách trở lên "
            "thì không được xét LĐTT"
        )
    return ctx.store(key, _check("discipline", passed, reason, ctx.basis["LDTT_DISCIPLINE"]))


def discipline_vn2022(f: PersonFacts, ctx: Context) -> dict:
    """vn2022: Luật 06/2022 Điều 24 has no discipline clause; discipline fails LĐTT because
    the rating decree of the year rates the person KHTNV (NĐ 90/2020 Điều 2 khoản 5 as added
    by NĐ 48/2023; from 2026 NĐ 335/2025, only for a violation related to public duties)."""
    key = ("discipline", f.heaviest, f.rating_discipline)
    found = ctx.cached(key)
    if found is not None:
        return found
    basis = f"{rating_consequence_basis(ctx)}; {ctx.basis['LDTT_DISCIPLINE']}"
    if f.heaviest is None:
        passed, reason = True, f"Không bị kỷ luật trong năm {ctx.year}"
    elif f.rating_discipline is None:
        passed = True
        reason = (
            f"{discipline_reason(f, f.heaviest)} trong năm {ctx.year} vì vi phạm không liên quan "
            "đến hoạt động công vụ: không đương nhiên xếp loại KHTNV, xét theo xếp loại đã nhập"
        )
    else:
        passed = False
        reason = (
            f"{discipline_reason(f)} trong năm {ctx.year}: xếp loại được tính là KHTNV nên "
            f"không đạt LĐTT{_unrecorded_reason(f, ctx)}"
        )
    return ctx.store(key, _check("discipline", passed, reason, basis))


def long_training(f: PersonFacts, ctx: Context) -> dict:
    """Training of 12 whole months or more overlapping the year: under
    ``long_training_needs_kha`` it needs a result of khá or better (NĐ 91/2017/NĐ-CP Điều 10)."""
    needs_kha = ctx.settings.long_training_needs_kha
    longs = [
        t
        for t in f.person.trainings
        if _overlaps(t, ctx) and whole_months(t.start, t.end) >= LONG_TRAINING_MONTHS
    ]
    key = ("long_training", needs_kha, tuple(longs))
    found = ctx.cached(key)
    if found is not None:
        return found
    passed, parts = True, []
    for t in longs:
        months = whole_months(t.start, t.end)
        course = f"Khóa đào tạo {fmt_period(t.start, t.end)} ({months} tháng)"
        if not needs_kha:
            parts.append(f"{course} được tính là thời gian làm việc")
        elif t.result in TRAINING_RESULTS_KHA_OR_BETTER:
            parts.append(f"{course}, kết quả {TRAINING_RESULT_LABELS[t.result]}: đạt loại khá")
        else:
            passed = False
            result = TRAINING_RESULT_LABELS[t.result] if t.result else "chưa có"
            parts.append(f"{course}, kết quả {result}: chưa đạt loại khá trở lên")
    if not parts:
        parts.append(f"Không có khóa đào tạo từ 1 năm trở lên trong năm {ctx.year}")
    basis = ctx.with_setting(ctx.time_basis, "long_training_needs_kha")
    return ctx.store(key, _check("long_training", passed, "; ".join(parts), basis))


def absence_days(f: PersonFacts, ctx: Context) -> dict:
    """Optional cap on sick, personal and other leave days in the year (both ends included,
    clipped to the year; reaching the cap passes)."""
    cap = ctx.settings.max_absence_days
    # No national text caps absence days (the old 40-day rule ended with NĐ 91/2017/NĐ-CP):
    # a cap is the office's own rule.
    basis = ctx.local("giới hạn số ngày nghỉ trong năm", "max_absence_days")
    if cap is None:
        return ctx.shared_check(
            ("absence_days", None),
            "absence_days",
            True,
            "Không giới hạn số ngày nghỉ trong năm",
            basis,
            local=True,
        )
    days = count_absence_days(f.person.leaves, ctx)
    passed = days <= cap
    verdict = "trong giới hạn" if passed else "vượt giới hạn"
    reason = (
        f"Nghỉ ốm, việc riêng, nghỉ khác {days} ngày trong năm {ctx.year}, {verdict} {cap} ngày"
    )
    return ctx.shared_check(
        ("absence_days", days), "absence_days", passed, reason, basis, local=True
    )


def count_absence_days(leaves, ctx: Context) -> int:
    """Calendar days of absence leave within the year; overlapping leaves count once."""
    spans = sorted(
        (max(leave.start, ctx.year_start).toordinal(), min(leave.end, ctx.year_end).toordinal())
        for leave in leaves
        if leave.kind in LEAVE_COUNTED_AS_ABSENCE and _overlaps(leave, ctx)
    )
    total, reached = 0, 0
    for start, end in spans:
        start = max(start, reached + 1)
        if end >= start:
            total += end - start + 1
            reached = end
    return total


def ldtt_met(f: PersonFacts, ctx: Context) -> dict:
    """CSTĐCS needs the LĐTT criteria (its registration is covered by CSTĐCS's own)."""
    key = ("ldtt", f.ldtt_failed)
    if f.ldtt_core:
        reason = f"Đạt các tiêu chuẩn danh hiệu Lao động tiên tiến năm {ctx.year}"
    else:
        unmet = ", ".join(LDTT_RULE_LABELS[rule] for rule in f.ldtt_failed)
        reason = f"Chưa đạt tiêu chuẩn Lao động tiên tiến năm {ctx.year} (không đạt: {unmet})"
    return ctx.shared_check(key, "ldtt", f.ldtt_core, reason, ctx.basis["CSTDCS_LDTT"])


def backing_initiative(person, ctx: Context, title: str = "CSTDCS", topic_applied=True):
    """The first initiative or research topic that can back ``title`` this year, its id (None
    for a topic), and notes on the ones that cannot (§3.3a: recognised in the year;
    ``used_for`` blocks reuse for the same title in another year). ``topic_applied``: a topic
    must also be applied (Luật 2003 Điều 23 khoản 2 "đã nghiệm thu được áp dụng"); under Luật
    06/2022 Điều 23 khoản 2 being accepted ("đã được nghiệm thu") is enough."""
    notes = []
    for item in person.initiatives:
        level = INITIATIVE_LEVEL_LABELS[item.level]
        name = f"sáng kiến {item.id} ({level})"
        used = item.used_for
        if item.recognized_on is None:
            notes.append(f"{name} chưa được công nhận")
        elif item.recognized_on.year != ctx.year:
            notes.append(
                f"{name} công nhận ngày {fmt_date(item.recognized_on)}, ngoài năm {ctx.year}"
            )
        elif used is not None and used.title == title and used.year != ctx.year:
            notes.append(f"{name} đã dùng để xét {TITLE_LABELS[title]} năm {used.year}")
        else:
            return (
                f"Sáng kiến {item.id} ({level}) được công nhận ngày {fmt_date(item.recognized_on)}",
                item.id,
                notes,
            )
    for topic in person.research_topics:
        name = f"đề tài {topic.id}"
        if topic.accepted_on is None:
            notes.append(f"{name} chưa được nghiệm thu")
        elif topic.accepted_on.year != ctx.year:
            notes.append(
                f"{name} nghiệm thu ngày {fmt_date(topic.accepted_on)}, ngoài năm {ctx.year}"
            )
        elif topic_applied and not topic.applied:
            notes.append(f"{name} chưa được ứng dụng")
        elif topic_applied:
            return (
                (
                    f"Đề tài nghiên cứu {topic.id} nghiệm thu ngày {fmt_date(topic.accepted_on)} "
                    "và đã được ứng dụng"
                ),
                None,
                notes,
            )
        else:
            return (
                (
                    f"Đề tài nghiên cứu {topic.id} đã được nghiệm thu ngày "
                    f"{fmt_date(topic.accepted_on)}"
                ),
                None,
                notes,
            )
    return None, None, notes


def _no_backing(ctx: Context, notes: list[str]) -> str:
    accepted = "được nghiệm thu và ứng dụng" if ctx.regime == "vn2013" else "được nghiệm thu"
    reason = (
        f"Không có sáng kiến được công nhận hoặc đề tài nghiên cứu {accepted} trong năm {ctx.year}"
    )
    return reason + (" (" + "; ".join(notes) + ")" if notes else "")


def initiative_vn2013(f: PersonFacts, ctx: Context) -> dict:
    """vn2013: an initiative recognised, or a research topic accepted and applied, in the year
    is mandatory (NĐ 91/2017/NĐ-CP Điều 9; NĐ 13/2012/NĐ-CP)."""
    basis = f"{ctx.basis['CSTDCS']}; {ctx.basis['INITIATIVE']}"
    person = f.person
    if not person.initiatives and not person.research_topics:
        return ctx.shared_check(
            ("initiative", None), "initiative", False, _no_backing(ctx, []), basis
        )
    found, _ident, notes = backing_initiative(person, ctx)
    if found is None:
        return _check("initiative", False, _no_backing(ctx, notes), basis)
    return _check("initiative", True, found, basis)


def excellent_or_initiative(f: PersonFacts, ctx: Context) -> dict:
    """vn2022: rating HTXSNV, or an initiative recognised, or a research topic accepted
    ("đã được nghiệm thu", applied or not), in the year (Luật 06/2022/QH15 Điều 23 khoản 2)."""
    basis = ctx.basis["CSTDCS"]
    rule = "excellent_or_initiative"
    if f.effective_rating == "HTXSNV":
        return ctx.shared_check(
            (rule, "HTXSNV"), rule, True, "Xếp loại HTXSNV (Hoàn thành xuất sắc nhiệm vụ)", basis
        )
    person = f.person
    rating = f.effective_rating or "chưa có"
    lead = f"Xếp loại {rating}, không phải HTXSNV"
    if not person.initiatives and not person.research_topics:
        reason = f"{lead}; {_no_backing(ctx, [])[0].lower()}{_no_backing(ctx, [])[1:]}"
        return ctx.shared_check((rule, rating, None), rule, False, reason, basis)
    found, ident, notes = backing_initiative(person, ctx, topic_applied=False)
    if found is None:
        reason = _no_backing(ctx, notes)
        return _check(rule, False, f"{lead}; {reason[0].lower()}{reason[1:]}", basis)
    f.cstdcs_backing = ident
    return _check(rule, True, found, basis)


LDTT_CHECKS = {
    "vn2013": (
        registration_check("LDTT"),
        rating_httnv,
        months_worked,
        discipline_vn2013,
        long_training,
        absence_days,
    ),
    "vn2022": (
        registration_check("LDTT"),
        rating_httnv,
        months_worked,
        discipline_vn2022,
        long_training,
        absence_days,
    ),
}

CSTDCS_CHECKS = {
    "vn2013": (registration_check("CSTDCS"), ldtt_met, initiative_vn2013),
    "vn2022": (registration_check("CSTDCS"), ldtt_met, excellent_or_initiative),
}
