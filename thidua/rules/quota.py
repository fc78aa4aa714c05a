"""The CSTĐCS quota (DOMAIN.md §3.1, §3.3a): a cap, the number eligible, and the excess.

``vn2013``: at most 15 % of the individuals who reach LĐTT in the office (NĐ 91/2017/NĐ-CP
Điều 9 khoản 3); ``vn2022``: Luật 06/2022/QH15 Điều 23 sets no cap, so the quota is a local
rule: the office's regulation may set ``cstdcs_cap_percent`` and the result is marked local.
Both values are rows of the legal parameter table per regime (``cstdcs_cap_percent``,
``cap_rounding``) in force on the decision date; the dossier's settings win over them. The
cap is computed exactly with Decimals and rounded per ``cap_rounding`` (down by default:
15 % of 13 → 1). The engine never chooses who is cut: it reports ``over_by`` and the council's
ranking decides.
"""

from decimal import ROUND_CEILING, ROUND_FLOOR, ROUND_HALF_UP, Decimal

from thidua.rules.params import Settings, setting_text

_ROUNDING = {"down": ROUND_FLOOR, "up": ROUND_CEILING, "nearest": ROUND_HALF_UP}


def cap_for(percent: Decimal, ldtt_count: int, rounding: str) -> int:
    """``percent`` % of ``ldtt_count``, rounded down, up, or to the nearest (halves up)."""
    exact = Decimal(percent) * ldtt_count / 100
    return int(exact.to_integral_value(rounding=_ROUNDING[rounding]))


def number_out(value: Decimal | None):
    """A Decimal setting as a JSON number (15, not 15.0; 12.5 stays 12.5)."""
    if value is None:
        return None
    return int(value) if value == value.to_integral_value() else float(value)


def cstdcs_quota(
    ldtt_count: int, eligible_count: int, settings: Settings, basis: str, local: bool = False
) -> dict:
    percent = settings.cstdcs_cap_percent
    rounding = settings.cap_rounding
    cited = (
        f"{basis}; tham số cstdcs_cap_percent = {setting_text(number_out(percent))}, "
        f"cap_rounding = {rounding}"
    )
    if settings.quota_rows:
        cited += f" (bảng tham số pháp lý: {'; '.join(settings.quota_rows)})"
    if percent is None:
        cap, over_by = None, 0
        reason = f"Không giới hạn số CSTĐCS; {eligible_count} người đủ tiêu chuẩn"
    else:
        cap = cap_for(percent, ldtt_count, rounding)
        over_by = max(0, eligible_count - cap)
        reason = (
            f"Tối đa {cap} CSTĐCS ({setting_text(number_out(percent))} % của {ldtt_count} người "
            f"đạt LĐTT, làm tròn {_ROUNDING_LABELS[rounding]}); {eligible_count} người đủ tiêu "
            "chuẩn"
        )
        if over_by:
            reason += f", vượt {over_by}: Hội đồng xét chọn theo kết quả bỏ phiếu"
    return {
        "cap": cap,
        "eligible_count": eligible_count,
        "over_by": over_by,
        "ldtt_count": ldtt_count,
        "cap_percent": number_out(percent),
        "cap_rounding": rounding,
        "reason": reason,
        "basis": cited,
        "parameter_rows": list(settings.quota_rows),
        **({"local": True} if local else {}),
    }


_ROUNDING_LABELS = {"down": "xuống", "up": "lên", "nearest": "đến số gần nhất"}
