"""The result as a whole: the issue's worked example, settings echo, output shape."""

import json
from pathlib import Path

import pytest

from thidua.rules import evaluate_data
from thidua.rules.tests.builders import person, run

EXAMPLE = Path(__file__).parent / "example_2021.json"


def test_worked_example_of_the_issue():
    result = evaluate_data(json.loads(EXAMPLE.read_text(encoding="utf-8")))
    assert (result["year"], result["regime"]) == (2021, "vn2013")
    an = result["people"][0]
    assert an["id"] == "CB001"
    # Disciplined (khiển trách) in 2021 yet rated HTXSNV: counts as KHTNV and is flagged.
    assert an["titles"]["LDTT"]["eligible"] is False
    assert [c["rule"] for c in an["titles"]["LDTT"]["checks"] if not c["passed"]] == [
        "rating",
        "discipline",
    ]
    assert an["titles"]["CSTDCS"]["eligible"] is False
    assert len(an["flags"]) == 1
    assert an["reward_vnd"] == {}
    assert set(an["upward"]) == {"CSTD_TINH", "CSTD_TQ", "BK_TINH", "BK_TTG"}
    unit = result["collectives"][0]
    assert (
        unit["id"],
        unit["titles"]["TTLDTT"]["eligible"],
        unit["titles"]["TTLDXS"]["eligible"],
    ) == ("HCTCQT", False, False)
    assert result["quotas"] == {"CSTDCS": result["quotas"]["CSTDCS"]}
    assert {k: result["quotas"]["CSTDCS"][k] for k in ("cap", "eligible_count", "over_by")} == {
        "cap": 0,
        "eligible_count": 0,
        "over_by": 0,
    }
    assert result["reward"]["base_salary_vnd"] == 1_490_000


def test_worked_example_without_the_discipline_earns_both_titles():
    data = json.loads(EXAMPLE.read_text(encoding="utf-8"))
    data["people"][0]["disciplines"] = []
    data["settings"]["cstdcs_cap_percent"] = 100
    result = evaluate_data(data)
    an = result["people"][0]
    assert (an["titles"]["LDTT"]["eligible"], an["titles"]["CSTDCS"]["eligible"]) == (True, True)
    assert an["reward_vnd"] == {"LDTT": 450_000, "CSTDCS": 1_490_000}
    assert an["flags"] == []
    assert result["collectives"][0]["titles"]["TTLDXS"]["eligible"] is True
    assert result["collectives"][0]["reward_vnd"] == {"TTLDTT": 1_200_000, "TTLDXS": 2_240_000}


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        (
            2021,
            {
                "require_registration": True,
                "min_months_new_recruit": 10,
                "max_absence_days": None,
                "long_training_needs_kha": True,
                "cstdcs_cap_percent": 15,
                "cap_rounding": "down",
                "collective_discipline_clause": True,
                "count_prior_service": True,
                "base_salary_vnd": None,
            },
        ),
        (
            2024,
            {
                "require_registration": True,
                "min_months_new_recruit": 6,
                "max_absence_days": None,
                "long_training_needs_kha": False,
                "cstdcs_cap_percent": None,
                "cap_rounding": "down",
                # Luật 06/2022/QH15 Điều 27, 28: no discipline clause.
                "collective_discipline_clause": False,
                "count_prior_service": True,
                "base_salary_vnd": None,
            },
        ),
    ],
)
def test_settings_echo_every_parameter_with_its_default(year, expected):
    echoed = run([person()], year=year)["settings"]
    coefficients = echoed.pop("reward_coefficients")
    assert echoed == expected
    assert coefficients["LDTT"] == 0.3


def test_settings_echo_the_overrides_used():
    overrides = {
        "max_absence_days": 30,
        "cstdcs_cap_percent": 12.5,
        "cap_rounding": "up",
        "require_registration": False,
    }
    echoed = run([person()], year=2024, settings=overrides)["settings"]
    assert {key: echoed[key] for key in overrides} == overrides


def test_output_shape():
    result = run([person()])
    assert list(result) == [
        "year",
        "regime",
        "regime_default",
        "settings",
        "decision_date",
        "reward",
        "people",
        "collectives",
        "quotas",
        "warnings",
    ]
    entry = result["people"][0]
    assert list(entry) == ["id", "name", "collective", "titles", "upward", "flags", "reward_vnd"]
    assert list(entry["titles"]) == ["LDTT", "CSTDCS"]
    for value in [*entry["titles"].values(), *entry["upward"].values()]:
        assert list(value) == ["eligible", "checks"]
        for check in value["checks"]:
            assert set(check) - {"alternative", "local"} == {"rule", "passed", "reason", "basis"}
    assert list(result["collectives"][0]["titles"]) == ["TTLDTT", "TTLDXS"]
    json.dumps(result, ensure_ascii=False)  # serialisable as is


def test_regime_given_in_the_input_overrides_the_year():
    result = run([person()], year=2021, regime="vn2022")
    assert (result["regime"], result["regime_default"]) == ("vn2022", False)
    assert result["settings"]["min_months_new_recruit"] == 6
