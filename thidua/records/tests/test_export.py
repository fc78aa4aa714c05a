"""export_dossier writes exactly what the pages evaluate: re-running ``evaluate`` on the file
gives evaluate_agency's result. Bad arguments are refused in Vietnamese with exit status 2."""

import datetime as dt
import io
import json

import pytest
from django.core.management import call_command

from thidua.org.models import Unit
from thidua.records.dossier import build_dossier, evaluate_agency

from .test_dossier import expected_2021, small_office  # noqa: F401 - fixture

YEAR = 2021


def export(tmp_path, *args):
    path = tmp_path / "hoso.json"
    out = io.StringIO()
    call_command("export_dossier", "--output", str(path), *args, stdout=out)
    return path, out.getvalue()


def test_round_trip_through_evaluate(office, small_office, tmp_path):  # noqa: F811
    path, message = export(
        tmp_path, "--year", "2021", "--agency", "VP", "--decision-date", "2022-01-15"
    )
    assert message.strip() == f"Đã ghi {path}: VP năm 2021, 5 cá nhân, 2 tập thể."
    text = path.read_text(encoding="utf-8")
    assert "Nguyễn Thị An" in text  # UTF-8, not \\u escapes
    assert text.startswith('{\n  "year": 2021,')
    assert json.loads(text) == build_dossier(
        agency=office["VP"], year=YEAR, decision_date=dt.date(2022, 1, 15)
    )
    out = io.StringIO()
    call_command("evaluate", str(path), stdout=out)
    assert json.loads(out.getvalue()) == evaluate_agency(
        agency=office["VP"], year=YEAR, decision_date=dt.date(2022, 1, 15)
    )


def test_one_division(office, small_office, tmp_path):  # noqa: F811
    path, _ = export(tmp_path, "--year", "2021", "--agency", "VP", "--unit", "QH")
    data = json.loads(path.read_text(encoding="utf-8"))
    assert [c["id"] for c in data["collectives"]] == ["QH"]
    assert [p["id"] for p in data["people"]] == ["A01", "A02", "A05"]


def test_the_only_agency_is_the_default(office, small_office, tmp_path):  # noqa: F811
    Unit.objects.filter(code__startswith="SNV").update(kind="division")
    path, _ = export(tmp_path, "--year", "2021")
    assert json.loads(path.read_text(encoding="utf-8")) == expected_2021(small_office)


BAD_ARGUMENTS = [
    pytest.param([], "--year: chưa chỉ định năm đánh giá.", id="no-year"),
    pytest.param(["--year", "hai"], '--year: "hai" không phải năm hợp lệ.', id="year-not-number"),
    pytest.param(
        ["--year", "1890"], "--year: năm 1890 nằm ngoài khoảng 1990–2100.", id="year-range"
    ),
    pytest.param(
        ["--year", "2021"],
        "--agency: có nhiều cơ quan (SNV, VP), phải chỉ định mã cơ quan.",
        id="agency-ambiguous",
    ),
    pytest.param(
        ["--year", "2021", "--agency", "ZZ"],
        '--agency: không có cơ quan mã "ZZ".',
        id="agency-unknown",
    ),
    pytest.param(
        ["--year", "2021", "--agency", "VP", "--unit", "SNV-TCBC"],
        '--unit: đơn vị "SNV-TCBC" không phải phòng thuộc cơ quan VP.',
        id="unit-of-another-agency",
    ),
    pytest.param(
        ["--year", "2021", "--agency", "VP", "--unit", "ZZ"],
        '--unit: không có đơn vị mã "ZZ".',
        id="unit-unknown",
    ),
    pytest.param(
        ["--year", "2021", "--agency", "VP", "--decision-date", "15/01/2022"],
        '--decision-date: "15/01/2022" không phải ngày theo định dạng ISO (YYYY-MM-DD).',
        id="decision-date-format",
    ),
    pytest.param(
        ["--year", "2021", "--agency", "VP", "--decision-date", "2016-04-30"],
        "--decision-date: ngày quyết định 30/04/2016 trước 01/05/2016: "
        "không có mức lương cơ sở áp dụng.",
        id="decision-date-before-base-salary",
    ),
]


@pytest.mark.parametrize(("args", "message"), BAD_ARGUMENTS)
def test_bad_arguments_exit_2_with_a_vietnamese_message(office, tmp_path, args, message):
    path = tmp_path / "hoso.json"
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("export_dossier", "--output", str(path), *args, stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().strip() == message
    assert not path.exists()


def test_output_is_required(office):
    err = io.StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("export_dossier", "--year", "2021", "--agency", "VP", stderr=err)
    assert exit_.value.code == 2
    assert err.getvalue().strip() == "--output: chưa chỉ định tệp cần ghi."


def test_unwritable_output(office, tmp_path):
    err = io.StringIO()
    target = tmp_path / "khong-co" / "hoso.json"
    with pytest.raises(SystemExit) as exit_:
        call_command(
            "export_dossier",
            "--year",
            "2021",
            "--agency",
            "VP",
            "--output",
            str(target),
            stderr=err,
        )
    assert exit_.value.code == 2
    assert err.getvalue().startswith(f"--output: không ghi được tệp {target}")
