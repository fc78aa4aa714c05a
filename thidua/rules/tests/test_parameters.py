"""Legal parameters as dated rows: the row in force on the decision date, what the dossier
gives wins, a new row takes effect without a release, a stale table warns (issue 20, point 3)."""

from datetime import date
from decimal import Decimal

import pytest

from thidua.rules import evaluate_data
from thidua.rules.money import base_salary, coefficients_on
from thidua.rules.parameters import (
    BASE_SALARY,
    COEFFICIENT,
    DEFAULT_PARAMETERS,
    KINDS,
    REGIME_FROM_YEAR,
    SEED_ROWS,
    LegalParameters,
    ParameterRow,
)
from thidua.rules.tests.builders import collective, person


def dossier(decision_date="2026-08-01", year=2025, **settings):
    data = {
        "year": year,
        "decision_date": decision_date,
        "collectives": [collective()],
        "people": [person(rating="HTXSNV")],
    }
    if settings:
        data["settings"] = settings
    return data


@pytest.mark.parametrize(
    ("on", "salary", "source"),
    [
        pytest.param(
            "2024-06-30", 1_800_000, "NĐ 24/2023/NĐ-CP Điều 3 khoản 2", id="day-before-73-2024"
        ),
        pytest.param("2024-07-01", 2_340_000, "NĐ 73/2024/NĐ-CP Điều 3 khoản 2", id="73-2024"),
        pytest.param(
            "2026-06-30", 2_340_000, "NĐ 73/2024/NĐ-CP Điều 3 khoản 2", id="day-before-2026"
        ),
        pytest.param(
            "2026-07-01", 2_530_000, "NĐ 161/2026/NĐ-CP Điều 3 khoản 2", id="from-01-07-2026"
        ),
    ],
)
def test_seeded_base_salary_in_force_on_the_date(on, salary, source):
    assert base_salary(date.fromisoformat(on)) == (salary, source)


def test_every_seed_row_names_its_source_document():
    for row in SEED_ROWS:
        assert row.source.strip()
        assert row.kind in KINDS


def test_a_new_base_salary_row_is_used_by_the_next_decision():
    new = ParameterRow(
        BASE_SALARY, "", Decimal(2_700_000), date(2027, 1, 1), "NĐ 999/2026/NĐ-CP Điều 3 khoản 2"
    )
    table = LegalParameters((*SEED_ROWS, new))
    before = evaluate_data(dossier("2026-12-31"), parameters=table)
    after = evaluate_data(dossier("2027-01-01"), parameters=table)
    assert before["reward"]["base_salary_vnd"] == 2_530_000
    assert after["reward"]["base_salary_vnd"] == 2_700_000
    assert after["reward"]["amounts_vnd"]["LDTT"] == 810_000  # 0.3 × 2,700,000
    assert "lương cơ sở theo NĐ 999/2026/NĐ-CP Điều 3 khoản 2" in after["reward"]["basis"]


def test_a_new_coefficient_row_changes_the_amount_and_the_citation():
    new = ParameterRow(
        COEFFICIENT, "LDTT", Decimal("0.4"), date(2026, 9, 1), "NĐ 888/2026/NĐ-CP Điều 5"
    )
    table = LegalParameters((*SEED_ROWS, new))
    result = evaluate_data(dossier("2026-09-01"), parameters=table)
    assert result["reward"]["amounts_vnd"]["LDTT"] == 1_020_000  # 0.4 × 2,530,000 = 1,012,000
    assert "NĐ 888/2026/NĐ-CP Điều 5" in result["reward"]["basis"]
    assert coefficients_on(date(2026, 8, 31), params=table)["LDTT"] == Decimal("0.3")


@pytest.mark.parametrize(
    ("settings", "salary", "ldtt"),
    [
        pytest.param({}, 2_530_000, 760_000, id="table-row-in-force"),
        pytest.param({"base_salary_vnd": 3_000_000}, 3_000_000, 900_000, id="dossier-salary-wins"),
        pytest.param(
            {"reward_coefficients": {"LDTT": 0.5}},
            2_530_000,
            1_270_000,
            id="dossier-coefficient-wins",
        ),
    ],
)
def test_what_the_dossier_gives_wins(settings, salary, ldtt):
    result = evaluate_data(dossier(**settings))
    assert result["reward"]["base_salary_vnd"] == salary
    assert result["reward"]["amounts_vnd"]["LDTT"] == ldtt
    if "base_salary_vnd" in settings:
        assert "lương cơ sở theo tham số base_salary_vnd của hồ sơ;" in result["reward"]["basis"]


@pytest.mark.parametrize(
    ("on", "warned"),
    [
        pytest.param("2027-07-01", False, id="exactly-12-months-after-newest-row"),
        pytest.param("2027-07-02", True, id="one-day-more-than-12-months"),
        pytest.param("2026-07-01", False, id="on-the-newest-row"),
    ],
)
def test_decision_long_after_the_newest_row_warns(on, warned):
    result = evaluate_data(dossier(on, year=2026))
    if warned:
        assert result["warnings"] == [
            f"Ngày quyết định {on[8:]}/{on[5:7]}/{on[:4]} muộn hơn 12 tháng so với tham số pháp lý "
            "mới nhất (hiệu lực từ 01/07/2026): đề nghị kiểm tra lại mức lương cơ sở và hệ số "
            "tiền thưởng đang áp dụng trước khi ban hành quyết định"
        ]
    else:
        assert result["warnings"] == []


def test_no_decision_date_no_warning():
    assert evaluate_data(dossier(None))["warnings"] == []


@pytest.mark.parametrize(
    ("year", "regime"),
    [(2023, "vn2013"), (2024, "vn2022"), (2030, "vn2022")],
)
def test_regime_per_year_comes_from_the_table(year, regime):
    assert evaluate_data({"year": year})["regime"] == regime


def test_a_regime_row_moves_the_switch_year():
    rows = [r for r in SEED_ROWS if not (r.kind == REGIME_FROM_YEAR and r.key == "vn2022")]
    rows.append(ParameterRow(REGIME_FROM_YEAR, "vn2022", Decimal(2025), date(2025, 1, 1), "test"))
    table = LegalParameters(rows)
    assert evaluate_data({"year": 2024}, parameters=table)["regime"] == "vn2013"
    assert evaluate_data({"year": 2025}, parameters=table)["regime"] == "vn2022"


def test_bad_base_salary_setting_is_an_input_error():
    from thidua.rules import InputError

    with pytest.raises(InputError) as error:
        evaluate_data(dossier(base_salary_vnd=0))
    assert error.value.problems == [
        "settings.base_salary_vnd: phải là null hoặc số nguyên dương (đồng/tháng)"
    ]


def test_default_table_is_the_seed_rows():
    assert set(DEFAULT_PARAMETERS.rows) == set(SEED_ROWS)
