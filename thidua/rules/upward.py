"""Upward screening: who may be proposed for CSTĐ tỉnh, CSTĐ toàn quốc, Bằng khen tỉnh and
Bằng khen Thủ tướng (DOMAIN.md §3.1 "Upward screening", §3.3a).

The office only proposes; the province or the Government decides. Chains combine this run's
result for the evaluation year (judged without registration, §3.3a) with the person's history
for earlier years; a year missing from the history breaks a chain, and the reason names the
year. Initiatives count here whether or not ``used_for`` is set. Citations: CSTĐ tỉnh Luật TĐKT
Điều 22, CSTĐ toàn quốc Điều 21 (2003 sửa đổi 2013 / 2022); Bằng khen tỉnh NĐ 91/2017/NĐ-CP
Điều 39 (vn2013), Luật 2022 Điều 74 (vn2022); Bằng khen Thủ tướng NĐ 91/2017/NĐ-CP Điều 38
(vn2013), Luật 2022 Điều 73 (vn2022).
"""

from thidua.rules.codes import INITIATIVE_LEVEL_LABELS, RATING_RANK
from thidua.rules.common import check, fmt_date
from thidua.rules.facts import Context, PersonFacts

_PROVINCIAL_LEVELS = frozenset({"tinh", "toan_quoc"})
_NATIONAL_LEVELS = frozenset({"toan_quoc"})


# --- statuses of one year: (year, ok, text) -------------------------------------------------


def _this_year_cstdcs(f: PersonFacts, ctx: Context):
    if f.cstdcs_core:
        return (
            ctx.year,
            True,
            f"{ctx.year}: đạt tiêu chuẩn CSTĐCS (xét năm nay, không tính đăng ký)",
        )
    return ctx.year, False, f"{ctx.year}: chưa đạt tiêu chuẩn CSTĐCS"


def _history_title(f: PersonFacts, year: int, title: str, label: str):
    entry = f.history.get(year)
    if entry is None:
        return year, False, f"{year}: không có dữ liệu lịch sử"
    if title in entry.titles:
        return year, True, f"{year}: có {label}"
    return year, False, f"{year}: không có {label}"


def _rating_status(f: PersonFacts, ctx: Context, year: int, minimum: str):
    if year == ctx.year:
        if f.heaviest is not None:
            return year, False, f"{year}: bị kỷ luật trong năm nên tính là KHTNV"
        rating = f.effective_rating
    else:
        entry = f.history.get(year)
        if entry is None:
            return year, False, f"{year}: không có dữ liệu lịch sử"
        rating = entry.rating
    if rating is None:
        return year, False, f"{year}: chưa có xếp loại"
    return year, RATING_RANK[rating] >= RATING_RANK[minimum], f"{year}: xếp loại {rating}"


def _chain(ctx, rule, statuses, met, unmet, basis, alternative=None):
    """One check over a chain of years, naming the years that break it."""
    key = (rule, alternative, statuses)
    found = ctx.cached(key)
    if found is not None:
        return found
    details = "; ".join(text for _, _, text in statuses)
    broken = [str(year) for year, ok, _ in statuses if not ok]
    if broken:
        reason = f"{unmet}, chuỗi bị đứt ở năm {', '.join(sorted(broken))} ({details})"
    else:
        reason = f"{met} ({details})"
    return ctx.store(key, check(rule, not broken, reason, basis, alternative))


def _initiatives(person, first: int, last: int, levels=None) -> list:
    """Initiatives recognised between 1 Jan ``first`` and 31 Dec ``last`` (used or not)."""
    return [
        item
        for item in person.initiatives
        if item.recognized_on is not None
        and first <= item.recognized_on.year <= last
        and (levels is None or item.level in levels)
    ]


def _named(item) -> str:
    level = INITIATIVE_LEVEL_LABELS[item.level]
    return f"sáng kiến {item.id} ({level}, công nhận ngày {fmt_date(item.recognized_on)})"


def _span(first: int, last: int) -> str:
    return f"{first}–{last}"


# --- CSTĐ tỉnh -------------------------------------------------------------------------------


def cstdcs_3_years(f: PersonFacts, ctx: Context) -> dict:
    """CSTĐCS in the 3 consecutive years ending this year."""
    y = ctx.year
    statuses = (
        _this_year_cstdcs(f, ctx),
        _history_title(f, y - 1, "CSTDCS", "CSTĐCS"),
        _history_title(f, y - 2, "CSTDCS", "CSTĐCS"),
    )
    span = _span(y - 2, y)
    return _chain(
        ctx,
        "cstdcs_3_years",
        statuses,
        f"Đạt CSTĐCS 3 năm liên tục {span}",
        f"Chưa đủ CSTĐCS 3 năm liên tục {span}",
        ctx.basis["CSTD_TINH"],
    )


def initiative_provincial(f: PersonFacts, ctx: Context) -> dict:
    """An initiative of provincial scope or higher recognised within those 3 years."""
    y = ctx.year
    found = _initiatives(f.person, y - 2, y, _PROVINCIAL_LEVELS)
    basis = ctx.basis["CSTD_TINH"]
    if found:
        reason = f"Có {_named(found[0])} trong các năm {_span(y - 2, y)}"
        return check("initiative_provincial", True, reason, basis)
    reason = f"Không có sáng kiến cấp tỉnh trở lên được công nhận trong các năm {_span(y - 2, y)}"
    return ctx.shared_check(
        ("initiative_provincial", False), "initiative_provincial", False, reason, basis
    )


# --- CSTĐ toàn quốc --------------------------------------------------------------------------


def _cstd_tinh_pairs(f: PersonFacts, ctx: Context):
    """Statuses of Y, Y−1, Y−2 and the consecutive pairs (earlier, later) recorded, the later
    being Y−1 or Y (§3.3a)."""
    y = ctx.year
    statuses = tuple(
        _history_title(f, year, "CSTD_TINH", "CSTĐ tỉnh") for year in (y, y - 1, y - 2)
    )
    ok = {year: passed for year, passed, _ in statuses}
    pairs = [(later - 1, later) for later in (y, y - 1) if ok[later] and ok[later - 1]]
    return statuses, pairs


def cstd_tinh_2_years(f: PersonFacts, ctx: Context) -> dict:
    """CSTĐ tỉnh recorded in the history for two consecutive years ending Y−1 or Y."""
    y = ctx.year
    statuses, pairs = _cstd_tinh_pairs(f, ctx)
    details = "; ".join(text for _, _, text in statuses)
    basis = ctx.basis["CSTD_TQ"]
    if pairs:
        reason = f"Đạt CSTĐ tỉnh 2 năm liên tục {_span(*pairs[0])} ({details})"
    else:
        reason = f"Không có 2 năm liên tục đạt CSTĐ tỉnh kết thúc năm {y - 1} hoặc {y} ({details})"
    return ctx.shared_check(
        ("cstd_tinh_2_years", statuses), "cstd_tinh_2_years", bool(pairs), reason, basis
    )


def initiative_national(f: PersonFacts, ctx: Context) -> dict:
    """An initiative of national scope recognised within the two CSTĐ tỉnh years (when no pair
    qualifies, the last two years are searched, for information)."""
    y = ctx.year
    _, pairs = _cstd_tinh_pairs(f, ctx)
    windows = pairs or [(y - 1, y)]
    basis = ctx.basis["CSTD_TQ"]
    for first, last in windows:
        found = _initiatives(f.person, first, last, _NATIONAL_LEVELS)
        if found:
            reason = f"Có {_named(found[0])} trong các năm {_span(first, last)}"
            return check("initiative_national", True, reason, basis)
    spans = " hoặc ".join(_span(first, last) for first, last in windows)
    reason = f"Không có sáng kiến toàn quốc được công nhận trong các năm {spans}"
    return ctx.shared_check(
        ("initiative_national", spans), "initiative_national", False, reason, basis
    )


# --- Bằng khen tỉnh --------------------------------------------------------------------------


def cstdcs_2_years(f: PersonFacts, ctx: Context) -> dict:
    """vn2022 alternative A: CSTĐCS this year and last."""
    y = ctx.year
    statuses = (_this_year_cstdcs(f, ctx), _history_title(f, y - 1, "CSTDCS", "CSTĐCS"))
    span = _span(y - 1, y)
    return _chain(
        ctx,
        "cstdcs_2_years",
        statuses,
        f"Đạt CSTĐCS 2 năm liên tục {span}",
        f"Chưa đủ CSTĐCS 2 năm liên tục {span}",
        ctx.basis["BK_TINH"],
        "A" if ctx.regime == "vn2022" else None,
    )


def htxsnv_2_years(f: PersonFacts, ctx: Context) -> dict:
    """Rated HTXSNV this year (discipline counts as KHTNV) and last year."""
    y = ctx.year
    statuses = tuple(_rating_status(f, ctx, year, "HTXSNV") for year in (y, y - 1))
    span = _span(y - 1, y)
    return _chain(
        ctx,
        "htxsnv_2_years",
        statuses,
        f"Xếp loại HTXSNV 2 năm liên tục {span}",
        f"Chưa đủ 2 năm liên tục {span} xếp loại HTXSNV",
        ctx.basis["BK_TINH"],
        "B" if ctx.regime == "vn2022" else None,
    )


def _initiative_count(f, ctx, rule, years, needed, title, alternative=None) -> dict:
    y = ctx.year
    found = _initiatives(f.person, y - years + 1, y)
    span = _span(y - years + 1, y)
    passed = len(found) >= needed
    reason = f"{len(found)} sáng kiến được công nhận trong các năm {span} (cần ít nhất {needed})"
    if found:
        reason += ": " + ", ".join(sorted(item.id for item in found))
    return check(rule, passed, reason, ctx.basis[title], alternative)


def initiatives_2_years(f: PersonFacts, ctx: Context) -> dict:
    """Two initiatives recognised in this year and last."""
    alternative = "B" if ctx.regime == "vn2022" else None
    return _initiative_count(f, ctx, "initiatives_2_years", 2, 2, "BK_TINH", alternative)


# --- Bằng khen Thủ tướng ---------------------------------------------------------------------


def bk_tinh_before(f: PersonFacts, ctx: Context) -> dict:
    """A Bằng khen tỉnh from a year before the 5 years ending this year (≤ Y−5)."""
    last_allowed = ctx.year - 5
    years = sorted(
        year
        for year, entry in f.history.items()
        if year <= last_allowed and "BK_TINH" in entry.titles
    )
    basis = ctx.basis["BK_TTG"]
    if years:
        reason = (
            f"Có Bằng khen tỉnh năm {years[-1]}, trước giai đoạn {_span(ctx.year - 4, ctx.year)}"
        )
        return ctx.shared_check(
            ("bk_tinh_before", years[-1]), "bk_tinh_before", True, reason, basis
        )
    reason = f"Không có Bằng khen tỉnh từ năm {last_allowed} trở về trước trong lịch sử"
    return ctx.shared_check(("bk_tinh_before", None), "bk_tinh_before", False, reason, basis)


def _rating_5_years(f, ctx, rule, minimum) -> dict:
    y = ctx.year
    statuses = tuple(_rating_status(f, ctx, year, minimum) for year in range(y, y - 5, -1))
    span = _span(y - 4, y)
    suffix = "" if minimum == "HTXSNV" else " trở lên"
    return _chain(
        ctx,
        rule,
        statuses,
        f"Xếp loại {minimum}{suffix} cả 5 năm {span}",
        f"Chưa đủ 5 năm {span} xếp loại {minimum}{suffix}",
        ctx.basis["BK_TTG"],
    )


def httnv_5_years(f: PersonFacts, ctx: Context) -> dict:
    """vn2022: every year of the 5 rated HTTNV or better."""
    return _rating_5_years(f, ctx, "httnv_5_years", "HTTNV")


def htxsnv_5_years(f: PersonFacts, ctx: Context) -> dict:
    """vn2013: every year of the 5 rated HTXSNV."""
    return _rating_5_years(f, ctx, "htxsnv_5_years", "HTXSNV")


def cstdcs_3_of_5(f: PersonFacts, ctx: Context) -> dict:
    """vn2022: CSTĐCS in at least 3 of the 5 years (this year judged without registration)."""
    y = ctx.year
    statuses = (_this_year_cstdcs(f, ctx),) + tuple(
        _history_title(f, year, "CSTDCS", "CSTĐCS") for year in range(y - 1, y - 5, -1)
    )
    key = ("cstdcs_3_of_5", statuses)
    found = ctx.cached(key)
    if found is not None:
        return found
    count = sum(ok for _, ok, _ in statuses)
    details = "; ".join(text for _, _, text in statuses)
    reason = f"CSTĐCS {count}/5 năm {_span(y - 4, y)}, cần ít nhất 3 ({details})"
    return ctx.store(key, check("cstdcs_3_of_5", count >= 3, reason, ctx.basis["BK_TTG"]))


def initiatives_5_years(f: PersonFacts, ctx: Context) -> dict:
    """vn2013: at least 5 initiatives recognised in the 5 years."""
    return _initiative_count(f, ctx, "initiatives_5_years", 5, 5, "BK_TTG")


UPWARD_CHECKS = {
    "vn2013": {
        "CSTD_TINH": (cstdcs_3_years, initiative_provincial),
        "CSTD_TQ": (cstd_tinh_2_years, initiative_national),
        "BK_TINH": (htxsnv_2_years, initiatives_2_years),
        "BK_TTG": (bk_tinh_before, htxsnv_5_years, initiatives_5_years),
    },
    "vn2022": {
        "CSTD_TINH": (cstdcs_3_years, initiative_provincial),
        "CSTD_TQ": (cstd_tinh_2_years, initiative_national),
        "BK_TINH": (cstdcs_2_years, htxsnv_2_years, initiatives_2_years),
        "BK_TTG": (bk_tinh_before, httnv_5_years, cstdcs_3_of_5),
    },
}
