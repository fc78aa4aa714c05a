"""Regimes, their legal citations, and the configurable parameters of DOMAIN.md §7.

A regime is the set of texts in force for an evaluation year: ``vn2013`` (Luật Thi đua, khen
thưởng số 15/2003/QH11 sửa đổi 2005 và 2013, NĐ 91/2017/NĐ-CP, TT 12/2019/TT-BNV) up to 2023
and ``vn2022`` (Luật Thi đua, khen thưởng số 06/2022/QH15; NĐ 98/2023/NĐ-CP then
NĐ 152/2025/NĐ-CP from 01/07/2025; TT 01/2024/TT-BNV then TT 15/2025/TT-BNV from 05/08/2025)
from 2024. This module holds each regime's defaults, the citation (``basis``) of every check,
the implementing text in force on a date, and the validation of the ``settings`` object of
the input, which may override any parameter.
"""

import re
from dataclasses import dataclass, replace
from datetime import date
from decimal import Decimal, InvalidOperation

from thidua.rules.codes import TITLES
from thidua.rules.common import fmt_date
from thidua.rules.common import quote as _quote
from thidua.rules.parameters import (
    CAP_ROUNDING,
    CAP_ROUNDINGS,
    CSTDCS_CAP_PERCENT,
    DEFAULT_PARAMETERS,
    ParameterRow,
)

REGIMES = ("vn2013", "vn2022")
FIRST_YEAR_VN2022 = 2024

L2003 = "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013)"
L2022 = "Luật TĐKT số 06/2022/QH15"

# Citation of each check per regime: the text number, article and, where the text has them,
# clause and point that say what the check does (readings in FORMAT.md, sources in
# docs/legal-sources.md). Checks add the parameter values they used.
BASIS = {
    "vn2013": {
        "LDTT": f"{L2003} Điều 24 khoản 1; NĐ 91/2017/NĐ-CP Điều 10",
        "LDTT_TIME": "NĐ 91/2017/NĐ-CP Điều 10",
        "LDTT_DISCIPLINE": "NĐ 91/2017/NĐ-CP Điều 10",
        "CSTDCS_LDTT": f"{L2003} Điều 23 khoản 1; NĐ 91/2017/NĐ-CP Điều 9 khoản 3 điểm a",
        "CSTDCS": f"{L2003} Điều 23 khoản 2; NĐ 91/2017/NĐ-CP Điều 9 khoản 3 điểm b",
        "CSTDCS_QUOTA": "NĐ 91/2017/NĐ-CP Điều 9 khoản 3",
        "INITIATIVE": "NĐ 13/2012/NĐ-CP Điều 3 (Điều lệ Sáng kiến)",
        "TTLDTT_RATING": f"{L2003} Điều 28 khoản 1 điểm a",
        "TTLDTT_EMULATION": f"{L2003} Điều 28 khoản 1 điểm b",
        "TTLDTT_MEMBERS": f"{L2003} Điều 28 khoản 1 điểm c",
        "TTLDTT_DISCIPLINE": f"{L2003} Điều 28 khoản 1 điểm c",
        "TTLDTT_SOLIDARITY": f"{L2003} Điều 28 khoản 1 điểm d",
        "TTLDXS_RATING": f"{L2003} Điều 27 khoản 1",
        "TTLDXS_EMULATION": f"{L2003} Điều 27 khoản 2",
        "TTLDXS_MEMBERS": f"{L2003} Điều 27 khoản 3",
        "TTLDXS_CSTDCS": f"{L2003} Điều 27 khoản 4",
        "TTLDXS_DISCIPLINE": f"{L2003} Điều 27 khoản 4",
        "TTLDXS_SOLIDARITY": f"{L2003} Điều 27 khoản 5",
        "CSTD_TINH": f"{L2003} Điều 22",
        "CSTD_TQ": f"{L2003} Điều 21",
        "BK_TINH": "NĐ 91/2017/NĐ-CP Điều 39",
        "BK_TTG": "NĐ 91/2017/NĐ-CP Điều 38",
    },
    "vn2022": {
        "LDTT": f"{L2022} Điều 24 khoản 1 điểm a",
        # Art. 24(4) leaves the details to the Government; the time rules are the Ministry of
        # Home Affairs' circular in force on the decision date (see implementing_texts).
        "LDTT_TIME": f"{L2022} Điều 24 khoản 4",
        "LDTT_DISCIPLINE": f"{L2022} Điều 24 khoản 1 điểm a",
        "CSTDCS_LDTT": f"{L2022} Điều 23 khoản 1",
        "CSTDCS": f"{L2022} Điều 23 khoản 2",
        "CSTDCS_QUOTA": (
            "Quy chế thi đua, khen thưởng của cơ quan (tỷ lệ CSTĐCS); "
            f"{L2022} Điều 23 không quy định tỷ lệ"
        ),
        "INITIATIVE": f"{L2022} Điều 23 khoản 2",
        "TTLDTT_RATING": f"{L2022} Điều 28 khoản 1 điểm a",
        "TTLDTT_EMULATION": f"{L2022} Điều 28 khoản 1 điểm b",
        "TTLDTT_MEMBERS": f"{L2022} Điều 28 khoản 1 điểm c",
        "TTLDTT_DISCIPLINE": f"{L2022} Điều 28 khoản 1",
        "TTLDTT_SOLIDARITY": f"{L2022} Điều 28 khoản 1 điểm d",
        "TTLDXS_RATING": f"{L2022} Điều 27 khoản 1 điểm a",
        "TTLDXS_EMULATION": f"{L2022} Điều 27 khoản 1 điểm b",
        "TTLDXS_MEMBERS": f"{L2022} Điều 27 khoản 1 điểm c",
        "TTLDXS_CSTDCS": f"{L2022} Điều 27 khoản 1 điểm d",
        "TTLDXS_DISCIPLINE": f"{L2022} Điều 27 khoản 1",
        "TTLDXS_SOLIDARITY": f"{L2022} Điều 27 khoản 1 điểm đ",
        "CSTD_TINH": f"{L2022} Điều 22",
        "CSTD_TQ": f"{L2022} Điều 21",
        "BK_TINH": f"{L2022} Điều 74 khoản 1 điểm d",
        "BK_TTG": f"{L2022} Điều 73",
    },
}
# Rules the office sets for itself (its yearly plan and its emulation regulation), not the law.
REGISTRATION_BASIS = (
    "Kế hoạch thi đua và Quy chế thi đua, khen thưởng của cơ quan (đăng ký thi đua)"
)
LOCAL_REGULATION = "Quy chế thi đua, khen thưởng của cơ quan"

# Implementing texts of Luật 06/2022/QH15 and when each took over (effective date, number).
VN2022_DECREES = ((date(2024, 1, 1), "NĐ 98/2023/NĐ-CP"), (date(2025, 7, 1), "NĐ 152/2025/NĐ-CP"))
VN2022_CIRCULARS = (
    (date(2024, 1, 1), "TT 01/2024/TT-BNV"),
    (date(2025, 8, 5), "TT 15/2025/TT-BNV"),
)


def text_in_force(texts, on: date) -> str:
    current = texts[0][1]
    for start, number in texts:
        if start <= on:
            current = number
    return current


def ldtt_time_basis(regime: str, on: date) -> str:
    """Where the LĐTT time rules (recruits, leave, training) come from on ``on``."""
    if regime == "vn2013":
        return BASIS["vn2013"]["LDTT_TIME"]
    circular = text_in_force(VN2022_CIRCULARS, on)
    return f"{BASIS['vn2022']['LDTT_TIME']}; {circular} (biện pháp thi hành)"


def rating_decree_basis(year: int) -> str | None:
    """The civil-servant rating decree that makes discipline in ``year`` a KHTNV rating."""
    if year >= 2026:
        return "NĐ 335/2025/NĐ-CP Điều 11 khoản 4 điểm c"
    if year >= 2023:
        return (
            "NĐ 90/2020/NĐ-CP Điều 2 khoản 5 điểm a (bổ sung bởi NĐ 48/2023/NĐ-CP Điều 1 khoản 1)"
        )
    return None


GROUNDS_2003 = (
    "Căn cứ Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003; Luật sửa đổi, bổ sung một số "
    "điều của Luật Thi đua, khen thưởng ngày 14 tháng 6 năm 2005 và ngày 16 tháng 11 năm 2013",
    "Căn cứ Nghị định số 91/2017/NĐ-CP ngày 31 tháng 7 năm 2017 của Chính phủ quy định chi tiết "
    "thi hành một số điều của Luật Thi đua, khen thưởng",
)
GROUNDS_2022_LAW = "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
GROUNDS_2022_DECREES = {
    "NĐ 98/2023/NĐ-CP": (
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ quy định chi "
        "tiết thi hành một số điều của Luật Thi đua, khen thưởng"
    ),
    "NĐ 152/2025/NĐ-CP": (
        "Căn cứ Nghị định số 152/2025/NĐ-CP ngày 14 tháng 6 năm 2025 của Chính phủ quy định về "
        "phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết và hướng dẫn "
        "thi hành một số điều của Luật Thi đua, khen thưởng"
    ),
}


def legal_grounds(year: int, on: date, params=None) -> list[str]:
    """The "căn cứ" lines of an award decision for evaluation year ``year`` dated ``on``: the
    regime's law, and under vn2022 the implementing decree in force on ``on`` (NĐ 98/2023 up to
    30/06/2025, NĐ 152/2025 from 01/07/2025)."""
    if regime_for_year(year, params) == "vn2013":
        return list(GROUNDS_2003)
    return [GROUNDS_2022_LAW, GROUNDS_2022_DECREES[text_in_force(VN2022_DECREES, on)]]


GROUNDS_INITIATIVES = (
    "Căn cứ Nghị định số 13/2012/NĐ-CP ngày 02 tháng 3 năm 2012 của Chính phủ ban hành Điều lệ "
    "Sáng kiến"
)
# Document kinds and the grounds they open with. Every document that lists căn cứ takes them
# from here (decisions, upward and cluster memos, initiative recognition), so a document of a
# given year and date can never cite a law its neighbour does not.
DOCUMENT_KINDS = ("award_decision", "upward_memo", "cluster_memo", "initiative_decision")
_LAW_LINE = re.compile(
    r"^\s*(căn cứ\s+)?(luật thi đua|nghị định số (91/2017|98/2023|152/2025)/nđ-cp)", re.IGNORECASE
)


def document_grounds(kind: str, year: int, on: date, params=None) -> list[str]:
    """The legal "căn cứ" lines of a document of ``kind`` for evaluation ``year`` signed (or,
    for a draft, drafted) on ``on``. The caller appends its own grounds (the council's
    proposal, the minutes)."""
    if kind not in DOCUMENT_KINDS:
        raise ValueError(f"Loại văn bản không có căn cứ pháp lý: {kind!r}.")
    if kind == "initiative_decision":
        return [GROUNDS_INITIATIVES]
    lines = legal_grounds(year, on, params)
    if kind == "award_decision" and regime_for_year(year, params) == "vn2013":
        # Titles of a 2003-law year decided from 2024: the money (Article 2) follows the decree
        # in force on the decision date, so the grounds name it too and never contradict it.
        first_start, _number = VN2022_DECREES[0]
        if on >= first_start:
            lines.append(GROUNDS_2022_DECREES[text_in_force(VN2022_DECREES, on)])
    return lines


def is_law_ground(line: str) -> bool:
    """A căn cứ line naming the emulation law or one of its decrees (any regime, any date)."""
    return bool(_LAW_LINE.match(line or ""))


def refresh_grounds(lines, kind: str, year: int, on: date, params=None) -> list[str]:
    """``lines`` with the law lines replaced by those in force on ``on`` (at the position of
    the first one, or first of all); the caller's other lines are kept in order. A draft's
    grounds written on its drafting day are made right for the signing day this way."""
    lines = [line for line in lines if line.strip()]
    current = document_grounds(kind, year, on, params)
    law = [i for i, line in enumerate(lines) if is_law_ground(line) or line in current]
    at = law[0] if law else 0
    kept = [line for i, line in enumerate(lines) if i not in law]
    return kept[:at] + current + kept[at:]


# From rating year 2026 (NĐ 335/2025/NĐ-CP, in force 01/01/2026) only discipline for a
# violation related to public duties forces KHTNV.
FIRST_YEAR_DUTY_RELATED_DISCIPLINE = 2026


DEFAULTS = {
    "vn2013": {
        "require_registration": True,
        "min_months_new_recruit": 10,
        "max_absence_days": None,
        "long_training_needs_kha": True,
        "cstdcs_cap_percent": Decimal(15),
        "cap_rounding": "down",
        "collective_discipline_clause": True,
    },
    "vn2022": {
        "require_registration": True,
        "min_months_new_recruit": 6,
        "max_absence_days": None,
        "long_training_needs_kha": False,
        "cstdcs_cap_percent": None,
        "cap_rounding": "down",
        # Luật 06/2022/QH15 Điều 27, 28 have no discipline clause: off unless the office's
        # regulation adds it.
        "collective_discipline_clause": False,
    },
}
for _regime in DEFAULTS:
    DEFAULTS[_regime]["count_prior_service"] = True
SETTING_KEYS = (*DEFAULTS["vn2013"], "reward_coefficients", "base_salary_vnd")


@dataclass(frozen=True, slots=True)
class Settings:
    """Parameter values used for one run (DOMAIN.md §7)."""

    require_registration: bool
    min_months_new_recruit: int
    max_absence_days: int | None
    long_training_needs_kha: bool
    cstdcs_cap_percent: Decimal | None
    cap_rounding: str
    collective_discipline_clause: bool
    count_prior_service: bool = True
    # Overrides of the reward coefficients of the parameter table, title → coefficient.
    reward_coefficients: tuple[tuple[str, Decimal], ...] = ()
    # Override of the base salary in force on the decision date (VND per month).
    base_salary_vnd: int | None = None
    # The legal parameter rows the quota values came from ("source, hiệu lực từ dd/mm/yyyy").
    quota_rows: tuple[str, ...] = ()


def with_quota_rows(settings: Settings, raw, rows: dict[str, ParameterRow]) -> Settings:
    """Quota values from the legal parameter rows in force (``ParameterTable.quota_on``) for
    the keys the dossier's ``settings`` does not give: what the dossier gives wins, then the
    table, then the code's defaults (``DEFAULTS``)."""
    given = set(raw) if isinstance(raw, dict) else set()
    changes: dict = {}
    used = []
    cap = rows.get(CSTDCS_CAP_PERCENT)
    if cap is not None and "cstdcs_cap_percent" not in given:
        changes["cstdcs_cap_percent"] = cap.value
        used.append(cap)
    rounding = rows.get(CAP_ROUNDING)
    if rounding is not None and "cap_rounding" not in given:
        changes["cap_rounding"] = CAP_ROUNDINGS[int(rounding.value)]
        used.append(rounding)
    if not changes:
        return settings
    texts = dict.fromkeys(f"{r.source}, hiệu lực từ {fmt_date(r.effective_from)}" for r in used)
    return replace(settings, **changes, quota_rows=tuple(texts))


def regime_for_year(year: int, params=None) -> str:
    """The regime in force for an evaluation year (from the parameter table's regime rows)."""
    found = (params or DEFAULT_PARAMETERS).regime_for_year(year, REGIMES)
    return found or "vn2013"


def default_settings(regime: str) -> Settings:
    return Settings(**DEFAULTS[regime])


def setting_text(value) -> str:
    """A parameter value as it appears in reasons and citations ("true", "null", "15")."""
    if value is None:
        return "null"
    if value is True:
        return "true"
    if value is False:
        return "false"
    return str(value)


def _is_int(value) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _decimal(value) -> Decimal | None:
    """An exact Decimal for a JSON number (floats go through their shortest repr)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return None
    try:
        result = Decimal(str(value))
    except InvalidOperation:  # pragma: no cover - str() of a float is always valid
        return None
    return result if result.is_finite() else None


def parse_settings(raw, regime: str, problems: list[str], path: str = "settings") -> Settings:
    """Validate the input's ``settings`` over the regime's defaults; append problems."""
    values = dict(DEFAULTS[regime])
    coefficients: dict[str, Decimal] = {}
    salary = None
    if raw is None:
        return Settings(**values)
    if not isinstance(raw, dict):
        problems.append(f"{path}: phải là một đối tượng JSON (tham số → giá trị)")
        return Settings(**values)
    for key, value in raw.items():
        where = f"{path}.{key}"
        if key not in SETTING_KEYS:
            problems.append(f"{where}: không phải tham số hợp lệ ({', '.join(SETTING_KEYS)})")
        elif key in ("require_registration", "long_training_needs_kha", "count_prior_service"):
            if not isinstance(value, bool):
                problems.append(f"{where}: phải là true hoặc false")
            else:
                values[key] = value
        elif key == "collective_discipline_clause":
            if not isinstance(value, bool):
                problems.append(f"{where}: phải là true hoặc false")
            elif regime == "vn2013" and value is False:
                problems.append(
                    f"{where}: chế độ vn2013 luôn áp dụng điều kiện không có thành viên bị kỷ "
                    "luật từ cảnh cáo trở lên; chỉ có thể đặt false với chế độ vn2022"
                )
            else:
                values[key] = value
        elif key == "min_months_new_recruit":
            if not _is_int(value) or not 0 <= value <= 12:
                problems.append(f"{where}: phải là số nguyên từ 0 đến 12 (số tháng)")
            else:
                values[key] = value
        elif key == "max_absence_days":
            if value is not None and (not _is_int(value) or not 0 <= value <= 366):
                problems.append(f"{where}: phải là null hoặc số nguyên từ 0 đến 366 (số ngày)")
            else:
                values[key] = value
        elif key == "cstdcs_cap_percent":
            number = _decimal(value)
            if value is not None and (number is None or not 0 <= number <= 100):
                problems.append(f"{where}: phải là null hoặc số từ 0 đến 100 (phần trăm)")
            else:
                values[key] = number
        elif key == "cap_rounding":
            if value not in CAP_ROUNDINGS:
                problems.append(
                    f"{where}: {_quote(value)} không phải cách làm tròn hợp lệ "
                    f"({', '.join(CAP_ROUNDINGS)})"
                )
            else:
                values[key] = value
        elif key == "base_salary_vnd":
            if value is not None and (not _is_int(value) or value <= 0):
                problems.append(f"{where}: phải là null hoặc số nguyên dương (đồng/tháng)")
            else:
                salary = value
        else:  # reward_coefficients
            coefficients = _parse_coefficients(value, where, problems)
    return Settings(
        **values, reward_coefficients=tuple(sorted(coefficients.items())), base_salary_vnd=salary
    )


def _parse_coefficients(value, where: str, problems: list[str]) -> dict[str, Decimal]:
    if not isinstance(value, dict):
        problems.append(f"{where}: phải là một đối tượng JSON (danh hiệu → hệ số)")
        return {}
    result = {}
    for title, coefficient in value.items():
        number = _decimal(coefficient)
        if title not in TITLES:
            problems.append(f"{where}.{title}: không phải danh hiệu hợp lệ ({', '.join(TITLES)})")
        elif number is None or number < 0:
            problems.append(f"{where}.{title}: hệ số phải là số không âm")
        else:
            result[title] = number
    return result
