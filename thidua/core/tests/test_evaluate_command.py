"""``manage.py evaluate``: the rules engine's command (issue 3 §6).

Good input prints the result JSON on stdout; bad input prints one Vietnamese message per
problem, naming its path, on stderr and exits with status 2.
"""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.management import call_command

ROOT = Path(__file__).resolve().parents[3]
EXAMPLE = ROOT / "thidua" / "rules" / "tests" / "example_2021.json"


def evaluate(*args, stdin: str | None = None):
    """Run the command in-process; return (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    options = {"stdout": out, "stderr": err}
    if stdin is not None:
        options["stdin"] = io.StringIO(stdin)
    try:
        call_command("evaluate", *args, **options)
        status = 0
    except SystemExit as exit_:
        status = exit_.code
    return status, out.getvalue(), err.getvalue()


def example() -> dict:
    return json.loads(EXAMPLE.read_text(encoding="utf-8"))


def write(tmp_path, data) -> str:
    path = tmp_path / "dossier.json"
    text = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    path.write_text(text, encoding="utf-8")
    return str(path)


def test_worked_example_evaluates():
    status, out, err = evaluate(str(EXAMPLE))
    assert (status, err) == (0, "")
    result = json.loads(out)
    assert (result["year"], result["regime"]) == (2021, "vn2013")
    assert result["people"][0]["titles"]["LDTT"]["eligible"] is False
    assert result["quotas"]["CSTDCS"]["cap"] == 0
    assert "Nguyễn Văn An" in out  # Vietnamese printed as is, not as \u escapes
    assert out.startswith('{\n  "year": 2021,')  # indented


def test_reads_standard_input_with_dash():
    status, out, _ = evaluate("-", stdin=EXAMPLE.read_text(encoding="utf-8"))
    assert status == 0
    assert json.loads(out)["people"][0]["id"] == "CB001"


@pytest.mark.parametrize(
    ("options", "year", "regime"),
    [
        pytest.param(["--regime", "vn2022"], 2021, "vn2022", id="regime-option"),
        pytest.param(["--year", "2024"], 2024, "vn2013", id="year-option-keeps-input-regime"),
        pytest.param(["--year", "2024", "--regime", "vn2022"], 2024, "vn2022", id="both-options"),
    ],
)
def test_options_override_the_input(options, year, regime):
    status, out, _ = evaluate(str(EXAMPLE), *options)
    assert status == 0
    assert (json.loads(out)["year"], json.loads(out)["regime"]) == (year, regime)


def _mutate(change):
    data = example()
    change(data)
    return data


BAD_INPUTS = [
    pytest.param(
        lambda d: d["people"][0].update(rating="HTT"),
        ['people[0].rating: "HTT" không phải mức xếp loại hợp lệ (HTXSNV, HTTNV, HTNV, KHTNV)'],
        id="unknown-rating",
    ),
    pytest.param(
        lambda d: d["people"][0].update(registered="CSTD"),
        [
            'people[0].registered: "CSTD" không phải danh hiệu cá nhân có thể đăng ký (LDTT, CSTDCS, CSTD_TINH, CSTD_TQ)'
        ],
        id="unknown-title",
    ),
    pytest.param(
        lambda d: d["people"][0].update(recruited_on="01/03/2012"),
        ['people[0].recruited_on: "01/03/2012" không phải ngày theo định dạng ISO (YYYY-MM-DD)'],
        id="non-iso-date",
    ),
    pytest.param(
        lambda d: d["people"][0].update(collective="PKT"),
        ['people[0].collective: không có tập thể "PKT" trong collectives'],
        id="unknown-collective",
    ),
    pytest.param(
        lambda d: d["people"].append(dict(d["people"][0])),
        ['people[1].id: mã "CB001" bị trùng với people[0]'],
        id="duplicate-person-id",
    ),
    pytest.param(
        lambda d: d["collectives"].append(dict(d["collectives"][0])),
        ['collectives[1].id: mã "HCTCQT" bị trùng với collectives[0]'],
        id="duplicate-collective-id",
    ),
    pytest.param(
        lambda d: d["people"][0].pop("recruited_on"),
        ["people[0].recruited_on: thiếu ngày (bắt buộc, định dạng YYYY-MM-DD)"],
        id="missing-recruited-on",
    ),
    pytest.param(
        lambda d: d.pop("year"),
        ["year: thiếu năm đánh giá (bắt buộc, ví dụ 2021)"],
        id="missing-year",
    ),
    pytest.param(
        lambda d: d.update(decision_date="2016-04-30"),
        [
            "decision_date: ngày quyết định 2016-04-30 trước 01/05/2016: không có mức lương cơ sở áp dụng"
        ],
        id="decision-date-before-2016-05-01",
    ),
    pytest.param(
        lambda d: d.update(regime="vn2030"),
        ['regime: "vn2030" không phải chế độ hợp lệ (vn2013, vn2022)'],
        id="unknown-regime",
    ),
    pytest.param(
        lambda d: d["settings"].update(cap_percent=15),
        [
            "settings.cap_percent: không phải tham số hợp lệ (require_registration, min_months_new_recruit, max_absence_days, long_training_needs_kha, cstdcs_cap_percent, cap_rounding, collective_discipline_clause, count_prior_service, reward_coefficients, base_salary_vnd)"
        ],
        id="unknown-setting",
    ),
    pytest.param(
        lambda d: d["people"][0]["disciplines"][0].update(form="phe_binh"),
        [
            'people[0].disciplines[0].form: "phe_binh" không phải hình thức kỷ luật hợp lệ (khien_trach, canh_cao, ha_bac_luong, giang_chuc, cach_chuc, buoc_thoi_viec)'
        ],
        id="unknown-discipline-form",
    ),
    pytest.param(
        lambda d: d["people"][0].update(history="2020"),
        ['people[0].history: phải là danh sách, nhận được "2020"'],
        id="wrong-type",
    ),
    pytest.param(
        lambda d: (d["people"][0].update(rating="HTT"), d["people"][0].update(collective="X")),
        [
            'people[0].collective: không có tập thể "X" trong collectives',
            'people[0].rating: "HTT" không phải mức xếp loại hợp lệ (HTXSNV, HTTNV, HTNV, KHTNV)',
        ],
        id="every-problem-reported",
    ),
]


@pytest.mark.parametrize(("change", "messages"), BAD_INPUTS)
def test_bad_input_exits_2_with_one_message_per_problem(tmp_path, change, messages):
    status, out, err = evaluate(write(tmp_path, _mutate(change)))
    assert status == 2
    assert out == ""
    assert err.splitlines() == messages


def test_not_json_exits_2(tmp_path):
    path = write(tmp_path, '{"year": 2021,,}')
    status, out, err = evaluate(path)
    assert (status, out) == (2, "")
    assert err.splitlines() == [
        f"{path}: không phải JSON hợp lệ (dòng 1, cột 15: Expecting property name enclosed in double quotes)"
    ]


def test_missing_file_exits_2(tmp_path):
    path = str(tmp_path / "none.json")
    status, _, err = evaluate(path)
    assert status == 2
    assert err.splitlines() == [f"{path}: không đọc được tệp (No such file or directory)"]


def test_real_process_exit_status_and_streams():
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "config.settings_test"}
    command = [sys.executable, str(ROOT / "manage.py"), "evaluate", "-"]
    good = subprocess.run(
        command, input=EXAMPLE.read_bytes(), capture_output=True, env=env, cwd=ROOT, check=False
    )
    assert good.returncode == 0, good.stderr.decode()
    assert json.loads(good.stdout.decode("utf-8"))["regime"] == "vn2013"
    bad = _mutate(lambda d: d["people"][0].update(rating="HTT"))
    failed = subprocess.run(
        command, input=json.dumps(bad).encode(), capture_output=True, env=env, cwd=ROOT, check=False
    )
    assert failed.returncode == 2
    assert failed.stdout == b""
    assert failed.stderr.decode("utf-8").splitlines() == [
        'people[0].rating: "HTT" không phải mức xếp loại hợp lệ (HTXSNV, HTTNV, HTNV, KHTNV)'
    ]
