"""Browser test of the reports: the secretariat writes the year-end report's assessment, downloads
the tổng kết report (DOCX) and the file carries the figures (opened with python-docx)."""

import datetime as dt

import docx
from playwright.sync_api import expect

from e2e.conftest import login
from thidua.movements.tests.factories import launched_movement
from thidua.records.services import past_award_record


def test_secretariat_downloads_the_year_end_report(page, office, people, users, shot):
    movement, _covenant = launched_movement(office["VP"], year=2025)
    # Two of the nine people of VP hold LĐTT for 2025: 2/9 = 22,2 %.
    for persona in ("staff", "division_head"):
        past_award_record(
            actor=None,
            person=people[persona],
            year=2025,
            title_code="LDTT",
            decision_code="07/QĐ-VP",
            decided_on=dt.date(2026, 1, 12),
            issuer_name="Chánh Văn phòng",
        )
    login(page, "secretariat")
    page.goto("/bao-cao/")
    page.get_by_role("link", name="Tổng kết (cuối năm)").click()
    expect(page.get_by_role("heading", name="Tổng kết phong trào thi đua năm 2025")).to_be_visible()
    page.get_by_label("Đánh giá chung, công tác tổ chức").fill(
        "Phong trào được triển khai đồng bộ ở các phòng."
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu phần đánh giá của báo cáo.")).to_be_visible()
    shot(page, "tong-ket")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải DOCX").click()
    download = download_info.value
    assert download.suggested_filename == "bao-cao-tong-ket-2025-du-thao.docx"
    document = docx.Document(str(download.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    cells = [c.text for t in document.tables for r in t.rows for c in r.cells]
    assert "Phong trào được triển khai đồng bộ ở các phòng." in text
    assert "2/9 (22,2%)" in cells
    assert "07/QĐ-VP" in cells


def test_division_head_sees_the_division_statistics_chart_and_prints_history(
    page, office, people, users, recorder, shot
):
    past_award_record(
        actor=None,
        person=people["staff"],
        year=2025,
        title_code="LDTT",
        decision_code="07/QĐ-VP",
        decided_on=dt.date(2026, 1, 12),
        issuer_name="Chánh Văn phòng",
    )
    login(page, "division_head")
    menu = page.get_by_role("navigation", name="Điều hướng chính")
    menu.get_by_role("link", name="Báo cáo, thống kê").click()
    page.get_by_role("link", name="Thống kê qua các năm").click()
    expect(
        page.get_by_role("heading", name="Thống kê qua các năm — Phòng Công tác Quốc hội")
    ).to_be_visible()
    chart = page.locator("svg.report-chart").first
    expect(chart).to_be_visible()
    assert "LĐTT" in chart.inner_html() and "50,0%" in chart.inner_html()  # 1 of 2 in QH
    shot(page, "thong-ke")
    with page.expect_download() as download_info:
        page.get_by_role("link", name="Tải XLSX").click()
    assert download_info.value.suggested_filename == "thong-ke-nam-QH.xlsx"
    page.goto("/bao-cao/lich-su/ca-nhan/P04/")
    expect(page.get_by_role("cell", name="07/QĐ-VP")).to_be_visible()
    page.emulate_media(media="print")
    expect(page.get_by_role("button", name="In trang này")).to_be_hidden()
    expect(page.locator("nav.navbar")).to_be_hidden()
    assert recorder.page_errors == [] and recorder.console_errors == []
