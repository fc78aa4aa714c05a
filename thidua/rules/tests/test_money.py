"""Reward money: coefficient × base salary on the decision date, rounded up to 10,000 VND
(DOMAIN.md §3.3a, §3.4)."""

from datetime import date
from decimal import Decimal

import pytest

from thidua.rules import InputError
from thidua.rules.money import base_salary, coefficients_on, paid_titles, reward_amount
from thidua.rules.parameters import (
    SAME_PERIOD_HIGHEST_ONLY,
    SEED_ROWS,
    LegalParameters,
    ParameterRow,
)
from thidua.rules.tests.builders import collective, initiative, person, run


@pytest.mark.parametrize(
    ("on", "salary"),
    [
        ("2016-05-01", 1_210_000),
        ("2017-06-30", 1_210_000),
        ("2017-07-01", 1_300_000),
        ("2018-06-30", 1_300_000),
        ("2018-07-01", 1_390_000),
        ("2019-06-30", 1_390_000),
        ("2019-07-01", 1_490_000),
        ("2023-06-30", 1_490_000),
        ("2023-07-01", 1_800_000),
        ("2024-06-30", 1_800_000),
        ("2024-07-01", 2_340_000),
        ("2026-01-15", 2_340_000),
    ],
)
def test_base_salary_in_force_on_the_decision_date(on, salary):
    assert base_salary(date.fromisoformat(on))[0] == salary


@pytest.mark.parametrize(
    ("coefficient", "salary", "amount"),
    [
        pytest.param("0.3", 1_490_000, 450_000, id="LDTT-447000-rounds-up-to-450000"),
        pytest.param("1.0", 1_490_000, 1_490_000, id="exact-multiple-stays"),
        pytest.param("0.8", 1_490_000, 1_200_000, id="TTLDTT-1192000"),
        pytest.param("1.5", 1_490_000, 2_240_000, id="TTLDXS-2235000"),
        pytest.param("0.3", 1_800_000, 540_000, id="LDTT-from-2023-07-01"),
        pytest.param("0.3", 1_210_000, 370_000, id="LDTT-363000"),
        pytest.param("3.5", 2_340_000, 8_190_000, id="BK_TTG"),
        pytest.param("4.5", 1_390_000, 6_260_000, id="CSTD_TQ-6255000"),
    ],
)
def test_amount_rounds_up_to_ten_thousand(coefficient, salary, amount):
    assert reward_amount(Decimal(coefficient), salary) == amount


def test_collective_giay_khen_is_twice_the_individual():
    assert reward_amount(Decimal("0.3"), 1_490_000, collective_giay_khen=True) == 900_000


@pytest.mark.parametrize(
    ("on", "coefficient", "amount"),
    [("2025-06-30", "1.0", 2_340_000), ("2025-07-01", "1.5", 3_510_000)],
)
def test_bk_tinh_coefficient_from_2025_07_01(on, coefficient, amount):
    day = date.fromisoformat(on)
    table = coefficients_on(day)
    assert table["BK_TINH"] == Decimal(coefficient)
    assert reward_amount(table["BK_TINH"], base_salary(day)[0]) == amount


def _cstdcs_person(ident="A"):
    return person(ident, initiatives=[initiative("SK", "2021-05-05")])


@pytest.mark.parametrize(
    ("decision_date", "ldtt", "cstdcs"),
    [
        pytest.param("2022-01-15", 450_000, 1_490_000, id="decided-2022-01-15"),
        pytest.param("2023-06-30", 450_000, 1_490_000, id="day-before-new-salary"),
        pytest.param("2023-07-01", 540_000, 1_800_000, id="first-day-of-new-salary"),
    ],
)
def test_before_decree_152_a_person_gets_money_for_every_eligible_title(
    decision_date, ldtt, cstdcs
):
    result = run([_cstdcs_person(), person("B")], decision_date=decision_date)
    assert [p["reward_vnd"] for p in result["people"]] == [
        {"LDTT": ldtt, "CSTDCS": cstdcs},
        {"LDTT": ldtt},
    ]


def test_collective_money_and_summary():
    people = [_cstdcs_person("A"), person("B")]
    result = run(people, collectives=[collective()], decision_date="2022-01-15")
    assert result["collectives"][0]["reward_vnd"] == {"TTLDTT": 1_200_000, "TTLDXS": 2_240_000}
    assert result["reward"] == {
        "decision_date": "2022-01-15",
        "base_salary_vnd": 1_490_000,
        "amounts_vnd": {
            "LDTT": 450_000,
            "CSTDCS": 1_490_000,
            "TTLDTT": 1_200_000,
            "TTLDXS": 2_240_000,
        },
        "same_period_highest_only": False,
        "basis": "NĐ 91/2017/NĐ-CP Điều 70 (mức tiền thưởng); lương cơ sở theo NĐ 38/2019/NĐ-CP Điều 3 khoản 2",
    }


def test_no_money_without_a_decision_date_and_none_for_upward_or_ineligible():
    result = run([_cstdcs_person(), person("B", rating="HTNV")])
    assert result["reward"] is None
    assert [p["reward_vnd"] for p in result["people"]] == [{}, {}]
    with_date = run([person("B", rating="HTNV")], decision_date="2022-01-15")
    assert with_date["people"][0]["reward_vnd"] == {}
    assert set(run([_cstdcs_person()], decision_date="2022-01-15")["people"][0]["reward_vnd"]) == {
        "LDTT",
        "CSTDCS",
    }


def test_coefficients_can_be_overridden():
    settings = {"reward_coefficients": {"LDTT": 0.5}}
    result = run([person("A")], decision_date="2022-01-15", settings=settings)
    assert result["people"][0]["reward_vnd"] == {"LDTT": 750_000}
    assert result["settings"]["reward_coefficients"]["LDTT"] == 0.5


def test_decision_date_before_2016_05_01_is_an_input_error():
    with pytest.raises(InputError) as error:
        run([person("A")], decision_date="2016-04-30")
    assert error.value.problems == [
        "decision_date: ngày quyết định 2016-04-30 trước 01/05/2016: không có mức lương cơ sở áp dụng"
    ]


# NĐ 152/2025/NĐ-CP Điều 49 khoản 5 (in force 01/07/2025, Điều 59 khoản 1): several titles at
# one time whose achievement counts over the same period → only the highest title's amount;
# titles of different periods are each paid; a form of award (Giấy khen, Bằng khen) is paid
# besides a title (khoản 6, 7). Before 01/07/2025 each title is paid.
@pytest.mark.parametrize(
    ("decision_date", "cstdcs_person", "ldtt_person", "collective_money"),
    [
        pytest.param(
            "2025-06-30",
            {"LDTT": 710_000, "CSTDCS": 2_340_000},
            {"LDTT": 710_000},
            {"TTLDTT": 1_880_000, "TTLDXS": 3_510_000},
            id="day-before-decree-152-each-title",
        ),
        pytest.param(
            "2025-07-01",
            {"CSTDCS": 2_340_000},
            {"LDTT": 710_000},
            {"TTLDXS": 3_510_000},
            id="decree-152-day-of-effect-highest-only",
        ),
        pytest.param(
            "2026-07-01",
            {"CSTDCS": 2_530_000},
            {"LDTT": 760_000},
            {"TTLDXS": 3_800_000},
            id="decree-152-with-the-2026-base-salary",
        ),
    ],
)
def test_titles_of_the_same_year_are_paid_at_the_highest_from_decree_152(
    decision_date, cstdcs_person, ldtt_person, collective_money
):
    people = [
        person("A", rating="HTXSNV", initiatives=[initiative("SK", "2024-05-05")]),
        person("B"),
    ]
    result = run(people, collectives=[collective()], year=2024, decision_date=decision_date)
    assert [p["reward_vnd"] for p in result["people"]] == [cstdcs_person, ldtt_person]
    assert result["collectives"][0]["reward_vnd"] == collective_money
    assert result["reward"]["same_period_highest_only"] is (decision_date >= "2025-07-01")
    cited = "NĐ 152/2025/NĐ-CP Điều 49 khoản 5" in result["reward"]["basis"]
    assert cited is (decision_date >= "2025-07-01")


@pytest.mark.parametrize(
    ("codes", "on", "paid"),
    [
        pytest.param({"LDTT", "CSTDCS"}, "2025-06-30", {"LDTT", "CSTDCS"}, id="before-both"),
        pytest.param({"LDTT", "CSTDCS"}, "2025-07-01", {"CSTDCS"}, id="same-year-highest"),
        pytest.param({"TTLDTT", "TTLDXS"}, "2025-07-01", {"TTLDXS"}, id="collective-highest"),
        pytest.param(
            {"LDTT", "CSTDCS", "GIAY_KHEN"},
            "2025-07-01",
            {"CSTDCS", "GIAY_KHEN"},
            id="a-form-is-paid-besides-the-title",
        ),
        pytest.param(
            {"CSTDCS", "CSTD_TINH"},
            "2025-07-01",
            {"CSTDCS", "CSTD_TINH"},
            id="different-periods-each-paid",
        ),
        pytest.param(
            {"GIAY_KHEN", "BK_TINH"}, "2025-07-01", {"GIAY_KHEN", "BK_TINH"}, id="forms-only"
        ),
        pytest.param({"LDTT"}, "2025-07-01", {"LDTT"}, id="one-title"),
        pytest.param(set(), "2025-07-01", set(), id="nothing"),
    ],
)
def test_paid_titles(codes, on, paid):
    assert paid_titles(codes, date.fromisoformat(on)) == paid


def test_the_same_period_rule_is_a_parameter_row_a_later_decree_can_change():
    off = ParameterRow(
        SAME_PERIOD_HIGHEST_ONLY, "", Decimal(0), date(2027, 1, 1), "NĐ 999/2026/NĐ-CP Điều 9"
    )
    table = LegalParameters((*SEED_ROWS, off))
    assert paid_titles({"LDTT", "CSTDCS"}, date(2026, 12, 31), table) == {"CSTDCS"}
    assert paid_titles({"LDTT", "CSTDCS"}, date(2027, 1, 1), table) == {"LDTT", "CSTDCS"}
