"""The CSTĐCS quota: cap, eligible count, excess (DOMAIN.md §3.1, §3.3a)."""

from decimal import Decimal

import pytest

from thidua.rules.quota import cap_for
from thidua.rules.tests.builders import initiative, person, run


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
        "basis": "NĐ 91/2017/NĐ-CP Điều 9 khoản 3; tham số cstdcs_cap_percent = 15, cap_rounding = down",
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
