"""The CSTĐCS quota: cap, eligible count, excess (DOMAIN.md §3.1, §3.3a)."""

from datetime import date
from decimal import Decimal

import pytest

from thidua.rules import evaluate_data
from thidua.rules.parameters import (
    CAP_ROUNDING,
    CAP_ROUNDINGS,
    CSTDCS_CAP_PERCENT,
    DEFAULT_PARAMETERS,
    SEED_ROWS,
    LegalParameters,
    ParameterRow,
)
from thidua.rules.quota import cap_for
from thidua.rules.tests.builders import collective, initiative, person, run


@pytest.mark.parametrize(
    ("percent", "ldtt", "rounding", "cap"),
    [
        pytest.param("15", 13, "down", 1, id="15%-of-13-down-is-1"),
        pytest.param("15", 13, "up", 2, id="15%-of-13-up-is-2"),
        pytest.param("15", 13, "nearest", 2, id="15%-of-13-nearest-is-2"),
        pytest.param("15", 20, "down", 3, id="15%-of-20-is-exactly-3-down"),
        pytest.param("15", 20, "up", 3, id="15%-of-20-is-exactly-3-up"),
        pytest.param("15", 10, "nearest", 2, id="half-rounds-up-when-nearest"),
        pytest.param("15", 10, "down", 1, id="15%-of-10-down-is-1"),
        pytest.param("15", 12, "nearest", 2, id="1.8-nearest-is-2"),
        pytest.param("15", 11, "nearest", 2, id="1.65-nearest-is-2"),
        pytest.param("15", 9, "nearest", 1, id="1.35-nearest-is-1"),
        pytest.param("12.5", 8, "down", 1, id="decimal-percent-exact"),
        pytest.param("15", 0, "up", 0, id="no-ldtt-no-cap"),
        pytest.param("100", 7, "down", 7, id="hundred-percent"),
        pytest.param("0", 7, "up", 0, id="zero-percent"),
    ],
)
def test_cap_rounding(percent, ldtt, rounding, cap):
    assert cap_for(Decimal(percent), ldtt, rounding) == cap


def _office(ldtt: int, cstdcs: int, year: int) -> list[dict]:
    sk = [initiative("SK", f"{year}-05-05")]
    return [
        person(f"C{index:02d}", **({"initiatives": sk} if index < cstdcs else {}))
        for index in range(ldtt)
    ]


def test_vn2013_cap_is_15_percent_of_ldtt_rounded_down():
    result = run(_office(20, 7, 2021), year=2021)
    assert result["quotas"]["CSTDCS"] == {
        "cap": 3,
        "eligible_count": 7,
        "over_by": 4,
        "ldtt_count": 20,
        "cap_percent": 15,
        "cap_rounding": "down",
        "reason": (
            "Tối đa 3 CSTĐCS (15 % của 20 người đạt LĐTT, làm tròn xuống); 7 người đủ tiêu "
            "chuẩn, vượt 4: Hội đồng xét chọn theo kết quả bỏ phiếu"
        ),
        "basis": (
            "NĐ 91/2017/NĐ-CP Điều 9 khoản 3; tham số cstdcs_cap_percent = 15, cap_rounding = "
            "down (bảng tham số pháp lý: NĐ 91/2017/NĐ-CP Điều 9 khoản 3, hiệu lực từ 01/01/1990)"
        ),
        "parameter_rows": ["NĐ 91/2017/NĐ-CP Điều 9 khoản 3, hiệu lực từ 01/01/1990"],
    }
    # The engine never chooses who is cut: every eligible person stays eligible.
    assert sum(p["titles"]["CSTDCS"]["eligible"] for p in result["people"]) == 7


def test_under_the_cap_is_not_over():
    quota = run(_office(13, 1, 2021), year=2021)["quotas"]["CSTDCS"]
    assert (quota["cap"], quota["eligible_count"], quota["over_by"]) == (1, 1, 0)


def test_vn2022_has_no_cap_by_default():
    quota = run(_office(10, 6, 2024), year=2024)["quotas"]["CSTDCS"]
    assert (quota["cap"], quota["eligible_count"], quota["over_by"]) == (None, 6, 0)
    assert quota["cap_percent"] is None


@pytest.mark.parametrize(
    ("rounding", "cap", "over_by"), [("down", 1, 5), ("up", 2, 4), ("nearest", 2, 4)]
)
def test_vn2022_office_may_keep_a_cap(rounding, cap, over_by):
    settings = {"cstdcs_cap_percent": 15, "cap_rounding": rounding}
    quota = run(_office(13, 6, 2024), year=2024, settings=settings)["quotas"]["CSTDCS"]
    assert (quota["cap"], quota["eligible_count"], quota["over_by"]) == (cap, 6, over_by)


def test_cap_counts_only_people_who_reach_ldtt():
    people = _office(13, 2, 2021) + [person("X", rating="HTNV"), person("Y", registered=None)]
    quota = run(people, year=2021)["quotas"]["CSTDCS"]
    assert (quota["ldtt_count"], quota["cap"], quota["over_by"]) == (13, 1, 1)


# The quota parameters are dated rows of the legal parameter table, per regime, read on the
# decision date (1 January after the year without one); what the dossier gives wins.
_NEW_CAP = ParameterRow(
    CSTDCS_CAP_PERCENT, "vn2022", Decimal(20), date(2027, 1, 1), "NĐ 999/2026/NĐ-CP Điều 9"
)
_NEW_ROUNDING = ParameterRow(
    CAP_ROUNDING, "vn2022", Decimal(1), date(2027, 1, 1), "NĐ 999/2026/NĐ-CP Điều 9"
)
_TABLE = LegalParameters((*SEED_ROWS, _NEW_CAP, _NEW_ROUNDING))


@pytest.mark.parametrize(
    ("decision_date", "settings", "cap", "cap_percent", "rounding", "rows"),
    [
        pytest.param(
            "2026-12-31",
            None,
            None,
            None,
            "down",
            ["Luật TĐKT số 06/2022/QH15 Điều 23 (không quy định tỷ lệ), hiệu lực từ 01/01/2024"],
            id="day-before-the-new-row-no-cap",
        ),
        pytest.param(
            "2027-01-01",
            None,
            3,  # 20 % of 13 = 2.6, rounded up by the new row
            20,
            "up",
            ["NĐ 999/2026/NĐ-CP Điều 9, hiệu lực từ 01/01/2027"],
            id="day-of-the-new-row-cap-20-up",
        ),
        pytest.param(
            "2027-01-01",
            {"cstdcs_cap_percent": 15},
            2,  # 15 % of 13 = 1.95, still rounded up by the row
            15,
            "up",
            ["NĐ 999/2026/NĐ-CP Điều 9, hiệu lực từ 01/01/2027"],
            id="dossier-cap-wins-rounding-from-the-row",
        ),
        pytest.param(
            "2027-01-01",
            {"cstdcs_cap_percent": None, "cap_rounding": "down"},
            None,
            None,
            "down",
            [],
            id="dossier-gives-both-no-row-used",
        ),
    ],
)
def test_quota_parameters_are_the_rows_in_force_on_the_decision_date(
    decision_date, settings, cap, cap_percent, rounding, rows
):
    data = {
        "year": 2026,
        "decision_date": decision_date,
        "collectives": [collective()],
        "people": _office(13, 6, 2026),
    }
    if settings is not None:
        data["settings"] = settings
    result = evaluate_data(data, parameters=_TABLE)
    quota = result["quotas"]["CSTDCS"]
    assert (quota["cap"], quota["cap_percent"], quota["cap_rounding"]) == (
        cap,
        cap_percent,
        rounding,
    )
    assert quota["parameter_rows"] == rows
    assert result["settings"]["cstdcs_cap_percent"] == cap_percent
    assert result["settings"]["cap_rounding"] == rounding
    assert quota["local"] is True  # vn2022: no national ratio, the office's rule


@pytest.mark.parametrize(
    ("regime", "year", "cap_percent", "source"),
    [
        pytest.param("vn2013", 2021, Decimal(15), "NĐ 91/2017/NĐ-CP Điều 9 khoản 3", id="vn2013"),
        pytest.param(
            "vn2022",
            2024,
            None,
            "Luật TĐKT số 06/2022/QH15 Điều 23 (không quy định tỷ lệ)",
            id="vn2022",
        ),
    ],
)
def test_seeded_quota_rows_per_regime(regime, year, cap_percent, source):
    rows = DEFAULT_PARAMETERS.quota_on(regime, date(year + 1, 1, 1))
    assert rows[CSTDCS_CAP_PERCENT].value == cap_percent
    assert rows[CSTDCS_CAP_PERCENT].source == source
    assert CAP_ROUNDINGS[int(rows[CAP_ROUNDING].value)] == "down"


def test_a_regime_with_no_row_in_force_keeps_the_code_defaults():
    # vn2022 forced on 2021: its rows start on 01/01/2024; the regime's defaults apply.
    result = run(_office(13, 6, 2021), year=2021, regime="vn2022")
    quota = result["quotas"]["CSTDCS"]
    assert (quota["cap"], quota["cap_rounding"], quota["parameter_rows"]) == (None, "down", [])
