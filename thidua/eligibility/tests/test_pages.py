"""The eligibility pages on a small office with known 2021 records (see factories.py): who sees
what, each filter's exact result, the reasons and quota shown, and that the pages' numbers are
those of ``manage.py evaluate`` on the file ``manage.py export_dossier`` writes."""

import io
import json
import re

import pytest
from django.core.management import call_command
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.eligibility import selectors

from .factories import YEAR, known_office

pytestmark = pytest.mark.usefixtures("module_world")

OFFICE_URL = reverse("eligibility:office")
ALL_CODES = ["P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09"]


def person_url(code, year=YEAR):
    return reverse("eligibility:person", args=[year, code])


def division_url(code, year=YEAR):
    return reverse("eligibility:division", args=[year, code])


@pytest.fixture
def known(office, people, users):
    return known_office(office, people)


def rows_shown(response) -> list[str]:
    """Staff codes of the people's table rows, in order."""
    assert response.status_code == 200
    return re.findall(r"<tr><td><code>([A-Z0-9]+)</code></td>", response.content.decode())


# Filters ----------------------------------------------------------------------------------

FILTERS = [
    pytest.param({}, ALL_CODES, id="no-filter"),
    pytest.param({"division": "QH"}, ["P03", "P04"], id="division-QH"),
    pytest.param({"division": "ND"}, ["P05", "P07", "P08"], id="division-ND"),
    pytest.param({"title": "LDTT"}, ["P01", "P03", "P04", "P07", "P08"], id="title-LDTT"),
    pytest.param({"title": "CSTDCS"}, ["P04"], id="title-CSTDCS"),
    pytest.param({"title": "BK_TINH"}, [], id="title-BK_TINH"),
    pytest.param(
        {"status": selectors.STATUS_CSTDCS_UNREGISTERED},
        ["P02", "P03"],
        id="eligible-for-CSTDCS-but-not-registered",
    ),
    pytest.param(
        {"status": selectors.STATUS_REGISTERED_INELIGIBLE},
        ["P05", "P07"],
        id="registered-but-not-eligible",
    ),
    pytest.param(
        {"status": selectors.STATUS_REGISTERED_INELIGIBLE, "division": "ND"},
        ["P05", "P07"],
        id="registered-but-not-eligible-in-ND",
    ),
    pytest.param({"q": "nguyet"}, ["P07"], id="search-without-diacritics"),
    pytest.param({"q": "Nguyệt"}, ["P07"], id="search-with-diacritics"),
    pytest.param({"q": "p04"}, ["P04"], id="search-by-staff-code"),
    pytest.param({"q": "thi"}, ["P02", "P05", "P07", "P08"], id="search-middle-name"),
]


@pytest.mark.parametrize(("params", "expected"), FILTERS)
def test_office_filters(client_for, known, params, expected):
    response = client_for("secretariat").get(OFFICE_URL, {"year": YEAR, **params})
    assert rows_shown(response) == expected


def test_htmx_request_renders_the_results_only(client_for, known):
    response = client_for("secretariat").get(
        OFFICE_URL, {"year": YEAR, "division": "QH"}, headers={"HX-Request": "true"}
    )
    html = response.content.decode()
    assert "<html" not in html
    assert rows_shown(response) == ["P03", "P04"]


def test_default_year_is_the_current_year(client_for, known):
    import datetime as dt

    response = client_for("secretariat").get(OFFICE_URL)
    assert response.context["year"] == dt.date.today().year


def test_bad_year_is_reported_and_nothing_evaluated(client_for, known):
    response = client_for("secretariat").get(OFFICE_URL, {"year": "1800"})
    assert response.status_code == 200
    assert response.context["evaluation"] is None
    assert "Năm" in response.content.decode()


# What the table shows ---------------------------------------------------------------------


def test_office_table_shows_reasons_bases_flags_and_quota(client_for, known):
    html = client_for("secretariat").get(OFFICE_URL, {"year": YEAR}).content.decode()
    # Reasons and legal basis inside <details>, for each title and screening.
    assert "<details>" in html
    assert "Chưa đạt tiêu chuẩn Lao động tiên tiến năm 2021" in html
    assert "NĐ 91/2017/NĐ-CP Điều 10" in html
    assert "Bằng khen của Chủ tịch UBND tỉnh" in html
    # The flag of P05 (disciplined but rated HTTNV).
    assert "Hồ sơ không nhất quán: bị kỷ luật khiển trách" in html
    # The quota: 15 % of 5 LĐTT rounded down = 0; 1 eligible; over by 1, with the reason.
    assert re.search(r'data-quota="cap">0<', html)
    assert re.search(r'data-quota="eligible">1<', html)
    assert re.search(r'data-quota="over"><strong class="text-danger">1<', html)
    assert "15 % · làm tròn xuống" in html
    assert "Tối đa 0 CSTĐCS (15 % của 5 người đạt LĐTT, làm tròn xuống)" in html
    # The collectives with their reasons.
    assert "2/3 thành viên đạt LĐTT (66,7 %; cần trên 50 %)" in html
    assert "1 thành viên đạt CSTĐCS (cần ít nhất 1)" in html


def test_collective_verdicts(office, known):
    evaluation = selectors.office_eligibility(agency=office["VP"], year=YEAR)
    verdicts = {
        c.code: (c.member_count, c.registered, {t: r["eligible"] for t, r in c.titles.items()})
        for c in evaluation.collectives
    }
    assert verdicts["QH"] == (2, "TTLDXS", {"TTLDTT": True, "TTLDXS": True})
    assert verdicts["ND"] == (3, "TTLDTT", {"TTLDTT": True, "TTLDXS": False})


def test_person_page_shows_every_check_and_reward(client_for, known):
    response = client_for("staff").get(person_url("P04"), {"ngay-quyet-dinh": "15/01/2022"})
    html = response.content.decode()
    assert response.status_code == 200
    for title in ("Lao động tiên tiến", "Chiến sĩ thi đua cơ sở", "Chiến sĩ thi đua cấp tỉnh"):
        assert title in html
    assert html.count("<td>Đã đăng ký danh hiệu CSTĐCS") >= 1
    assert "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013) Điều 23" in html
    # 0.3 × 1,490,000 → 450,000; 1.0 × 1,490,000.
    assert response.context["row"].reward == {"LDTT": 450000, "CSTDCS": 1490000}
    assert "450.000" in html and "1.490.000" in html
    assert "vượt tỷ lệ 1 người" in html


def test_person_page_refuses_a_decision_date_before_2016(client_for, known):
    response = client_for("staff").get(person_url("P04"), {"ngay-quyet-dinh": "30/04/2016"})
    assert response.status_code == 200
    assert response.context["decision_date"] is None
    assert "không có mức lương cơ sở áp dụng" in response.content.decode()


def test_person_page_shows_flags(client_for, known):
    html = client_for("secretariat").get(person_url("P05")).content.decode()
    assert "Hồ sơ cần kiểm tra" in html
    assert "người bị kỷ luật trong năm được tính là KHTNV" in html


def test_division_page(client_for, known):
    response = client_for("division_head").get(division_url("QH"))
    html = response.content.decode()
    assert rows_shown(response) == ["P03", "P04"]
    assert "Tập thể lao động xuất sắc" in html
    assert "2/2 thành viên hoàn thành nhiệm vụ trở lên (100 %)" in html


def test_person_outside_the_office_that_year_is_404(client_for, known):
    assert client_for("secretariat").get(person_url("P04", year=2010)).status_code == 404


# Who sees what ----------------------------------------------------------------------------


def test_division_head_sees_only_own_division_and_the_office_quota(client_for, known):
    response = client_for("division_head").get(OFFICE_URL, {"year": YEAR})
    assert rows_shown(response) == ["P03", "P04"]
    html = response.content.decode()
    assert "Lê Thị Ánh Nguyệt" not in html
    assert [c.code for c in response.context["evaluation"].collectives] == ["QH"]
    assert re.search(r'data-quota="eligible">1<', html)  # the whole office's count
    assert response.context["form"].fields["division"].queryset.count() == 1


def test_division_head_cannot_pick_another_division(client_for, known):
    response = client_for("division_head").get(OFFICE_URL, {"year": YEAR, "division": "ND"})
    assert response.context["evaluation"] is None
    assert "Lê Thị Ánh Nguyệt" not in response.content.decode()


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        pytest.param("division_head", person_url("P07"), id="division-head-other-division"),
        pytest.param("division_head", division_url("ND"), id="division-head-other-division-page"),
        pytest.param("staff", person_url("P03"), id="staff-someone-else"),
        pytest.param("staff", division_url("QH"), id="staff-own-division-page"),
        pytest.param("staff", OFFICE_URL, id="staff-office-table"),
        pytest.param("council_member", OFFICE_URL, id="council-member-office-table"),
        pytest.param("other_agency", person_url("P04"), id="other-agency-person"),
        pytest.param("other_agency", division_url("QH"), id="other-agency-division"),
    ],
)
def test_changed_urls_are_refused(client_for, known, persona, url):
    before = AuditEvent.objects.count()
    response = client_for(persona).get(url)
    assert response.status_code == 403
    html = response.content.decode()
    assert "Không có quyền truy cập" in html
    assert (
        "Tiêu chí" not in html and "data-quota" not in html and "Đã đăng ký danh hiệu" not in html
    )
    assert AuditEvent.objects.count() == before


def test_other_agency_table_shows_nothing_of_this_office(client_for, known):
    response = client_for("other_agency").get(OFFICE_URL, {"year": YEAR})
    assert rows_shown(response) == ["X01"]
    html = response.content.decode()
    assert "Đặng Quốc Bảo" not in html and "Phòng Công tác Quốc hội" not in html


def test_staff_sees_own_page(client_for, known):
    response = client_for("staff").get(person_url("P04"))
    assert response.status_code == 200
    assert response.context["subject"].staff_code == "P04"


def test_unknown_person_or_division_is_404(client_for, known):
    client = client_for("secretariat")
    assert client.get(person_url("ZZZ")).status_code == 404
    assert client.get(division_url("ZZZ")).status_code == 404


# Same numbers as export_dossier + evaluate ------------------------------------------------


def test_pages_equal_evaluate_on_the_exported_file(client_for, known, tmp_path):
    path = tmp_path / "hoso.json"
    call_command(
        "export_dossier",
        "--year",
        str(YEAR),
        "--agency",
        "VP",
        "--output",
        str(path),
        stdout=io.StringIO(),
    )
    out = io.StringIO()
    call_command("evaluate", str(path), stdout=out)
    expected = json.loads(out.getvalue())

    response = client_for("secretariat").get(OFFICE_URL, {"year": YEAR})
    evaluation = response.context["evaluation"]
    assert evaluation.result == expected
    assert evaluation.quota == expected["quotas"]["CSTDCS"]
    shown = {
        row.code: (row.eligible("LDTT"), row.eligible("CSTDCS"), row.flags)
        for row in response.context["rows"]
    }
    assert shown == {
        p["id"]: (p["titles"]["LDTT"]["eligible"], p["titles"]["CSTDCS"]["eligible"], p["flags"])
        for p in expected["people"]
    }
    html = response.content.decode()
    quota = expected["quotas"]["CSTDCS"]
    assert f'data-quota="eligible">{quota["eligible_count"]}<' in html
    assert f'data-quota="cap">{quota["cap"]}<' in html


def test_one_evaluation_per_request(client_for, known, monkeypatch):
    calls = []
    real = selectors.evaluate_agency

    def counting(**kwargs):
        calls.append(kwargs)
        return real(**kwargs)

    monkeypatch.setattr(selectors, "evaluate_agency", counting)
    client_for("secretariat").get(OFFICE_URL, {"year": YEAR})
    client_for("secretariat").get(person_url("P04"))
    client_for("secretariat").get(division_url("QH"))
    assert [c["year"] for c in calls] == [YEAR, YEAR, YEAR]
    assert all(c["unit"] is None for c in calls if "unit" in c)
