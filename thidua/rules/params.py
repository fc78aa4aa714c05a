"""Regimes, their legal citations, and the configurable parameters of DOMAIN.md §7.

A regime is the set of texts in force for an evaluation year: ``vn2013`` (Luật Thi đua, Khen
thưởng 2003 sửa đổi 2005 và 2013, NĐ 91/2017/NĐ-CP, TT 12/2019/TT-BNV) up to 2023 and
``vn2022`` (Luật Thi đua, Khen thưởng 2022, NĐ 98/2023/NĐ-CP, TT 01/2024/TT-BNV) from 2024.
This module holds each regime's defaults, the citation (``basis``) of every title, and the
validation of the ``settings`` object of the input, which may override any parameter.
"""

from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from thidua.rules.codes import TITLES
from thidua.rules.common import quote as _quote

REGIMES = ("vn2013", "vn2022")
FIRST_YEAR_VN2022 = 2024

# Citation of each title per regime; checks add the parameter values they used.
BASIS = {
    "vn2013": {
        "LDTT": "Luật TĐKT 2003 (sửa đổi 2013) Điều 24; NĐ 91/2017/NĐ-CP Điều 10",
        "CSTDCS": "Luật TĐKT 2003 (sửa đổi 2013) Điều 23; NĐ 91/2017/NĐ-CP Điều 9",
        "CSTDCS_QUOTA": "NĐ 91/2017/NĐ-CP Điều 9 khoản 3",
        "INITIATIVE": "NĐ 13/2012/NĐ-CP (sáng kiến)",
        "TTLDTT": "Luật TĐKT 2003 (sửa đổi 2013) Điều 28",
        "TTLDXS": "Luật TĐKT 2003 (sửa đổi 2013) Điều 27",
        "CSTD_TINH": "Luật TĐKT 2003 (sửa đổi 2013) Điều 22",
        "CSTD_TQ": "Luật TĐKT 2003 (sửa đổi 2013) Điều 21",
        "BK_TINH": "NĐ 91/2017/NĐ-CP Điều 39",
        "BK_TTG": "NĐ 91/2017/NĐ-CP Điều 38",
    },
    "vn2022": {
        "LDTT": "Luật TĐKT 2022 Điều 24; TT 01/2024/TT-BNV",
        "CSTDCS": "Luật TĐKT 2022 Điều 23",
        "CSTDCS_QUOTA": "Luật TĐKT 2022 (không giới hạn tỷ lệ toàn quốc)",
        "INITIATIVE": "Luật TĐKT 2022 Điều 23",
        "TTLDTT": "Luật TĐKT 2022 Điều 28",
        "TTLDXS": "Luật TĐKT 2022 Điều 27",
        "CSTD_TINH": "Luật TĐKT 2022 Điều 22",
        "CSTD_TQ": "Luật TĐKT 2022 Điều 21",
        "BK_TINH": "Luật TĐKT 2022 Điều 74",
        "BK_TTG": "Luật TĐKT 2022 Điều 73",
    },
}
REGISTRATION_BASIS = "Kế hoạch thi đua năm của cơ quan (đăng ký thi đua)"

CAP_ROUNDINGS = ("down", "up", "nearest")

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
        "collective_discipline_clause": True,
    },
}
SETTING_KEYS = (*DEFAULTS["vn2013"], "reward_coefficients")


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
    # Overrides of the reward coefficients of money.py, title → coefficient.
    reward_coefficients: tuple[tuple[str, Decimal], ...] = ()


def regime_for_year(year: int) -> str:
    """The regime in force for an evaluation year."""
    return "vn2022" if year >= FIRST_YEAR_VN2022 else "vn2013"


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
    if raw is None:
        return Settings(**values)
    if not isinstance(raw, dict):
        problems.append(f"{path}: phải là một đối tượng JSON (tham số → giá trị)")
        return Settings(**values)
    for key, value in raw.items():
        where = f"{path}.{key}"
        if key not in SETTING_KEYS:
            problems.append(f"{where}: không phải tham số hợp lệ ({', '.join(SETTING_KEYS)})")
        elif key in ("require_registration", "long_training_needs_kha"):
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
        else:  # reward_coefficients
            coefficients = _parse_coefficients(value, where, problems)
    return Settings(**values, reward_coefficients=tuple(sorted(coefficients.items())))


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
