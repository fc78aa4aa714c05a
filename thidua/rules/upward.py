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


# --- the state of one year, and its text -----------------------------------------------------
# A chain's result depends only on the states of its years, so checks are cached on them:
# a title state is None (no history for the year), False or True; a rating state is a rating
# code, None (not rated), _MISSING (no history) or _DISCIPLINED (this year, disciplined).

_MISSING = "missing"
_DISCIPLINED = "disciplined"


def _title_state(f: PersonFacts, year: int, title: str):
    entry = f.history.get(year)
    return None if entry is None else title in entry.titles


def _title_status(year: int, state, label: str):
    if state is None:
        return year, False, f"{year}: không có dữ liệu lịch sử"
    return year, state, f"{year}: {'có' if state else 'không có'} {label}"


def _this_year_cstdcs(year: int, state: bool):
    if state:
        return year, True, f"{year}: đạt tiêu chuẩn CSTĐCS (xét năm nay, không tính đăng ký)"
    return year, False, f"{year}: chưa đạt tiêu chuẩn CSTĐCS"


_HISTORY_YEARS = 4  # the longest chain (5 years) looks back 4 years from this one


class _History:
    """The history states a person's chains read, looked up once per person."""

    __slots__ = ("cstdcs", "ratings", "cstd_tinh")

    def __init__(self, f: PersonFacts, year: int):
        history = f.history
        cstdcs, ratings = [], []
        for past in range(year - 1, year - 1 - _HISTORY_YEARS, -1):
            entry = history.get(past)
            if entry is None:
                cstdcs.append(None)
                ratings.append(_MISSING)
            else:
                cstdcs.append("CSTDCS" in entry.titles)
                ratings.append(entry.rating)
        self.cstdcs = tuple(cstdcs)
        self.ratings = tuple(ratings)
        self.cstd_tinh = tuple(
            _title_state(f, past, "CSTD_TINH") for past in (year, year - 1, year - 2)
        )


def _history(f: PersonFacts, ctx: Context) -> _History:
    if f.upward is None:
        f.upward = _History(f, ctx.year)
    return f.upward


def _cstdcs_texts(ctx: Context, states: tuple) -> tuple:
    y = ctx.year
    return (_this_year_cstdcs(y, states[0]),) + tuple(
        _title_status(y - offset, state, "CSTĐCS") for offset, state in enumerate(states) if offset
    )


def _rating_status(year: int, state, minimum: str):
    if state == _DISCIPLINED:
        return year, False, f"{year}: bị kỷ luật trong năm nên tính là KHTNV"
    if state == _MISSING:
        return year, False, f"{year}: không có dữ liệu lịch sử"
    if state is None:
        return year, False, f"{year}: chưa có xếp loại"
    return year, RATING_RANK[state] >= RATING_RANK[minimum], f"{year}: xếp loại {state}"


# Reasons of the chain checks when the chain holds / is broken; {span} is the chain's years.
_CHAIN_TEXTS = {
    "cstdcs_3_years": ("Đạt CSTĐCS 3 năm liên tục {span}", "Chưa đủ CSTĐCS 3 năm liên tục {span}"),
    "cstdcs_2_years": ("Đạt CSTĐCS 2 năm liên tục {span}", "Chưa đủ CSTĐCS 2 năm liên tục {span}"),
    "htxsnv_2_years": (
        "Xếp loại HTXSNV 2 năm liên tục {span}",
        "Chưa đủ 2 năm liên tục {span} xếp loại HTXSNV",
    ),
    "htxsnv_5_years": ("Xếp loại HTXSNV cả 5 năm {span}", "Chưa đủ 5 năm {span} xếp loại HTXSNV"),
    "httnv_5_years": (
        "Xếp loại HTTNV trở lên cả 5 năm {span}",
        "Chưa đủ 5 năm {span} xếp loại HTTNV trở lên",
    ),
}


def _rating_chain(f, ctx, rule, years, minimum, title, alternative=None):
    """Rated ``minimum`` or better in each of the ``years`` years ending this year."""
    this_year = _DISCIPLINED if f.rating_discipline is not None else f.effective_rating
    states = (this_year,) + _history(f, ctx).ratings[: years - 1]
    key = (rule, alternative, states)
    found = ctx.cached(key)
    if found is not None:
        return found
    y = ctx.year
    statuses = tuple(
        _rating_status(y - offset, state, minimum) for offset, state in enumerate(states)
    )
    result = _chain_check(ctx, rule, years, statuses, ctx.basis[title], alternative)
    return ctx.store(key, result)


def _cstdcs_chain(f, ctx, rule, years, title, alternative=None):
    """CSTĐCS in each of the ``years`` years ending this year."""
    states = (f.cstdcs_core,) + _history(f, ctx).cstdcs[: years - 1]
    key = (rule, alternative, states)
    found = ctx.cached(key)
    if found is not None:
        return found
    statuses = _cstdcs_texts(ctx, states)
    result = _chain_check(ctx, rule, years, statuses, ctx.basis[title], alternative)
    return ctx.store(key, result)


def _chain_check(ctx, rule, years, statuses, basis, alternative=None):
    """One check over a chain of years, naming the years that break it."""
    met, unmet = _CHAIN_TEXTS[rule]
    span = _span(ctx.year - years + 1, ctx.year)
    details = "; ".join(text for _, _, text in statuses)
    broken = [str(year) for year, ok, _ in statuses if not ok]
    if broken:
        years_text = ", ".join(sorted(broken))
        reason = f"{unmet.format(span=span)}, chuỗi bị đứt ở năm {years_text} ({details})"
    else:
        reason = f"{met.format(span=span)} ({details})"
    return check(rule, not broken, reason, basis, alternative)


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
    return _cstdcs_chain(f, ctx, "cstdcs_3_years", 3, "CSTD_TINH")


def initiative_provincial(f: PersonFacts, ctx: Context) -> dict:
    """An initiative of provincial scope or higher recognised within those 3 years."""
    y = ctx.year
    found = _initiatives(f.person, y - 2, y, _PROVINCIAL_LEVELS) if f.person.initiatives else ()
    basis = ctx.basis["CSTD_TINH"]
    if found:
        reason = f"Có {_named(found[0])} trong các năm {_span(y - 2, y)}"
        return check("initiative_provincial", True, reason, basis)
    key = ("initiative_provincial", False)
    return ctx.cached(key) or ctx.store(
        key,
        check(
            "initiative_provincial",
            False,
            f"Không có sáng kiến cấp tỉnh trở lên được công nhận trong các năm {_span(y - 2, y)}",
            basis,
        ),
    )


# --- CSTĐ toàn quốc --------------------------------------------------------------------------


def _cstd_tinh_pairs(f: PersonFacts, ctx: Context):
    """States of CSTĐ tỉnh in Y, Y−1, Y−2 and the consecutive pairs (earlier, later) recorded,
    the later being Y−1 or Y (§3.3a)."""
    y = ctx.year
    states = _history(f, ctx).cstd_tinh
    pairs = [(y - 1 - i, y - i) for i in (0, 1) if states[i] and states[i + 1]]
    return states, pairs


def cstd_tinh_2_years(f: PersonFacts, ctx: Context) -> dict:
    """CSTĐ tỉnh recorded in the history for two consecutive years ending Y−1 or Y."""
    y = ctx.year
    states, pairs = _cstd_tinh_pairs(f, ctx)
    key = ("cstd_tinh_2_years", states)
    found = ctx.cached(key)
    if found is not None:
        return found
    statuses = [_title_status(y - i, state, "CSTĐ tỉnh") for i, state in enumerate(states)]
    details = "; ".join(text for _, _, text in statuses)
    if pairs:
        reason = f"Đạt CSTĐ tỉnh 2 năm liên tục {_span(*pairs[0])} ({details})"
    else:
        reason = f"Không có 2 năm liên tục đạt CSTĐ tỉnh kết thúc năm {y - 1} hoặc {y} ({details})"
    result = check("cstd_tinh_2_years", bool(pairs), reason, ctx.basis["CSTD_TQ"])
    return ctx.store(key, result)


def initiative_national(f: PersonFacts, ctx: Context) -> dict:
    """An initiative of national scope recognised within the two CSTĐ tỉnh years (when no pair
    qualifies, the last two years are searched, for information)."""
    y = ctx.year
    _, pairs = _cstd_tinh_pairs(f, ctx)
    windows = pairs or [(y - 1, y)]
    basis = ctx.basis["CSTD_TQ"]
    for first, last in windows if f.person.initiatives else ():
        found = _initiatives(f.person, first, last, _NATIONAL_LEVELS)
        if found:
            reason = f"Có {_named(found[0])} trong các năm {_span(first, last)}"
            return check("initiative_national", True, reason, basis)
    key = ("initiative_national", tuple(windows))
    found = ctx.cached(key)
    if found is not None:
        return found
    spans = " hoặc ".join(_span(first, last) for first, last in windows)
    reason = f"Không có sáng kiến toàn quốc được công nhận trong các năm {spans}"
    return ctx.store(key, check("initiative_national", False, reason, basis))


# --- Bằng khen tỉnh --------------------------------------------------------------------------


def cstdcs_2_years(f: PersonFacts, ctx: Context) -> dict:
    """vn2022 alternative A: CSTĐCS this year and last."""
    alternative = "A" if ctx.regime == "vn2022" else None
    return _cstdcs_chain(f, ctx, "cstdcs_2_years", 2, "BK_TINH", alternative)


def htxsnv_2_years(f: PersonFacts, ctx: Context) -> dict:
    """Rated HTXSNV this year (discipline counts as KHTNV) and last year."""
    alternative = "B" if ctx.regime == "vn2022" else None
    return _rating_chain(f, ctx, "htxsnv_2_years", 2, "HTXSNV", "BK_TINH", alternative)


def _initiative_count(f, ctx, rule, years, needed, title, alternative=None) -> dict:
    y = ctx.year
    found = _initiatives(f.person, y - years + 1, y) if f.person.initiatives else []
    if not found:
        cached = ctx.cached((rule, alternative, 0))
        if cached is not None:
            return cached
    span = _span(y - years + 1, y)
    passed = len(found) >= needed
    reason = f"{len(found)} sáng kiến được công nhận trong các năm {span} (cần ít nhất {needed})"
    if not found:
        return ctx.store(
            (rule, alternative, 0), check(rule, False, reason, ctx.basis[title], alternative)
        )
    reason += ": " + ", ".join(sorted(item.id for item in found))
    return check(rule, passed, reason, ctx.basis[title], alternative)


def initiatives_2_years(f: PersonFacts, ctx: Context) -> dict:
    """Two initiatives recognised in this year and last (vn2013: NĐ 91/2017 Điều 39)."""
    if ctx.regime == "vn2022":
        return _initiatives_or_topics_2_years(f, ctx)
    return _initiative_count(f, ctx, "initiatives_2_years", 2, 2, "BK_TINH")


def _initiatives_or_topics_2_years(f: PersonFacts, ctx: Context) -> dict:
    """vn2022 alternative B (Luật 06/2022/QH15 Điều 74 khoản 1 điểm d): in the HTXSNV years,
    2 initiatives recognised and applied at base level, **or** 2 research topics accepted and
    applied. The Ministry of Home Affairs reads the initiatives as others than those that
    backed a CSTĐCS title (a CSTĐCS earned on initiatives needs 2 more), so an initiative used
    for CSTĐCS, or backing this year's CSTĐCS, does not count here."""
    y = ctx.year
    span = _span(y - 1, y)
    person = f.person
    this_year_backing = f.cstdcs_backing if f.cstdcs_core else None
    counted, excluded = [], []
    for item in _initiatives(person, y - 1, y) if person.initiatives else ():
        used = item.used_for
        if (used is not None and used.title == "CSTDCS") or item.id == this_year_backing:
            excluded.append(item.id)
        else:
            counted.append(item.id)
    topics = sorted(
        topic.id
        for topic in person.research_topics
        if topic.accepted_on is not None and y - 1 <= topic.accepted_on.year <= y and topic.applied
    )
    passed = len(counted) >= 2 or len(topics) >= 2
    reason = (
        f"{len(counted)} sáng kiến được công nhận và {len(topics)} đề tài được nghiệm thu, áp "
        f"dụng trong các năm {span} (cần ít nhất 2 sáng kiến hoặc 2 đề tài)"
    )
    details = []
    if counted:
        details.append("sáng kiến " + ", ".join(sorted(counted)))
    if topics:
        details.append("đề tài " + ", ".join(topics))
    if excluded:
        details.append(
            "không tính sáng kiến đã làm căn cứ danh hiệu CSTĐCS: " + ", ".join(sorted(excluded))
        )
    if details:
        reason += ": " + "; ".join(details)
    return check("initiatives_2_years", passed, reason, ctx.basis["BK_TINH"], "B")


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
    return _rating_chain(f, ctx, rule, 5, minimum, "BK_TTG")


def httnv_5_years(f: PersonFacts, ctx: Context) -> dict:
    """vn2022: every year of the 5 rated HTTNV or better."""
    return _rating_5_years(f, ctx, "httnv_5_years", "HTTNV")


def htxsnv_5_years(f: PersonFacts, ctx: Context) -> dict:
    """vn2013: every year of the 5 rated HTXSNV."""
    return _rating_5_years(f, ctx, "htxsnv_5_years", "HTXSNV")


def cstdcs_3_of_5(f: PersonFacts, ctx: Context) -> dict:
    """vn2022: CSTĐCS in at least 3 of the 5 years (this year judged without registration)."""
    states = (f.cstdcs_core,) + _history(f, ctx).cstdcs
    key = ("cstdcs_3_of_5", states)
    found = ctx.cached(key)
    if found is not None:
        return found
    statuses = _cstdcs_texts(ctx, states)
    count = sum(ok for _, ok, _ in statuses)
    details = "; ".join(text for _, _, text in statuses)
    reason = f"CSTĐCS {count}/5 năm {_span(ctx.year - 4, ctx.year)}, cần ít nhất 3 ({details})"
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
