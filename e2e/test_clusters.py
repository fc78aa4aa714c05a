"""One cluster's year-end scoring in a real browser (issue 10, items 2–3).

Three agencies of the demo province (the office VP as leader, Sở Nội vụ as deputy, Sở Tư pháp)
score themselves through their secretariats (one over the maximum first: refused, nothing
saved), the office attaches evidence; the office's head moves the cluster to cross-scoring; the
leader cross-scores the two others and the deputy cross-scores the leader; the head finalises
(asked first), the ranking is locked, and the TTr and the XLSX scoring sheets are downloaded.
"""

import io
import re
from contextlib import contextmanager

import pytest
from playwright.sync_api import expect

from thidua.accounts import services as account_services
from thidua.accounts.models import User
from thidua.clusters.demo import load_demo_agencies
from thidua.clusters.models import Result
from thidua.clusters.tests.factories import PDF, cluster_year
from thidua.org.models import Unit

from .conftest import DESKTOP, PASSWORD, SCREENSHOTS, login

pytestmark = pytest.mark.e2e

CRITERIA = [
    "Hoàn thành nhiệm vụ",
    "Công tác thi đua",
    "Mô hình mới",
    "Sáng kiến cấp tỉnh",
    "Chậm báo cáo",
]


@contextmanager
def desk(browser, live_url, recorder, dialogs):
    context = browser.new_context(base_url=live_url, viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    recorder.attach(page)

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    try:
        yield page
    finally:
        context.close()


def shot(page, step):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"clusters-{step}.png"), full_page=True)


def open_cluster(page):
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Cụm, khối thi đua", exact=True
    ).click()
    page.get_by_role("link", name="Cụm thi đua các cơ quan tham mưu tổng hợp").click()


def fill_sheet(page, points):
    for text, value in zip(CRITERIA, points, strict=True):
        page.get_by_label(f"Điểm: {text}", exact=True).fill(value)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu điểm").click()


def test_three_agencies_score_cross_score_rank_and_download_the_proposal(
    browser, live_url, office, people, users, recorder, tmp_path
):
    load_demo_agencies()
    for username in ("tt_snv", "tt_stp"):
        user = User.objects.get(username=username)
        account_services.password_set(actor=None, user=user, password=PASSWORD)
    snv, stp = Unit.objects.get(code="SNV-DT"), Unit.objects.get(code="STP-DT")
    cy = cluster_year(office, [office["VP"], snv, stp])
    evidence = tmp_path / "bao-cao-tong-ket.pdf"
    evidence.write_bytes(PDF)
    dialogs = []

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "secretariat")
        open_cluster(page)
        expect(page.locator("#trang-thai")).to_have_text("Đang tự chấm điểm")
        page.get_by_role("link", name=re.compile("^Tự chấm điểm")).click()
        fill_sheet(page, ["55", "41", "3", "", "0"])  # 41 > 40: refused
        expect(page.get_by_role("alert")).to_contain_text("vượt điểm tối đa 40,00")
        expect(page.get_by_label("Điểm: Công tác thi đua", exact=True)).to_have_value("41")
        fill_sheet(page, ["55", "38", "3", "", "0"])
        expect(page.locator("#tong-diem")).to_have_text("96,00")
        page.get_by_label("Tệp (PDF, JPG, PNG, DOCX, XLSX; tối đa 10 MB)").set_input_files(
            str(evidence)
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Tải lên").click()
        expect(page.get_by_role("link", name="bao-cao-tong-ket.pdf")).to_be_visible()
        shot(page, "01-self-score")

    for username, points in (
        ("tt_snv", ["58", "39", "5", "5", "0"]),
        ("tt_stp", ["50", "35", "0", "", "1"]),
    ):
        with desk(browser, live_url, recorder, dialogs) as page:
            login(page, username)
            open_cluster(page)
            page.get_by_role("link", name=re.compile("^Tự chấm điểm")).click()
            fill_sheet(page, points)
            expect(page.get_by_role("status")).to_contain_text("Đã lưu")

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "head")
        open_cluster(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Chuyển sang chấm chéo").click()
        expect(page.locator("#trang-thai")).to_have_text("Đang chấm chéo")

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "secretariat")
        open_cluster(page)
        page.get_by_role("link", name="Chấm chéo: Sở Nội vụ tỉnh Đồng Tháp").click()
        fill_sheet(page, ["54", "36", "4", "0", "0"])
        page.goto(f"/cum-khoi/{cy.pk}/")
        page.get_by_role("link", name="Chấm chéo: Sở Tư pháp tỉnh Đồng Tháp").click()
        fill_sheet(page, ["52", "36", "0", "0", "2"])
        shot(page, "02-cross-score")

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "tt_snv")
        open_cluster(page)
        # The deputy scores the leader only.
        expect(page.get_by_role("link", name=re.compile("^Chấm chéo"))).to_have_count(1)
        page.get_by_role("link", name=re.compile("^Chấm chéo: Văn phòng")).click()
        fill_sheet(page, ["54", "37", "3", "0", "0"])

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "head")
        open_cluster(page)
        with page.expect_navigation():
            page.get_by_role("button", name="Chốt kết quả").click()
        assert dialogs and "Chốt kết quả?" in dialogs[-1]
        expect(page.locator("#trang-thai")).to_have_text("Đã chốt kết quả")
        ranking = page.locator("#xep-hang")
        expect(ranking.locator("tr[data-agency='VP']")).to_contain_text("Cờ thi đua của UBND tỉnh")
        expect(ranking.locator("tr[data-agency='SNV-DT']")).to_contain_text("Bằng khen")
        shot(page, "03-finalised")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tờ trình đề nghị khen thưởng (DOCX)").click()
        path = tmp_path / "to-trinh.docx"
        download.value.save_as(path)
        with page.expect_download() as sheets:
            page.get_by_role("link", name="Bảng điểm (XLSX)").click()
        sheets_path = tmp_path / "bang-diem.xlsx"
        sheets.value.save_as(sheets_path)

    from docx import Document
    from openpyxl import load_workbook

    # VP and SNV both total 94,00 with no penalty: VP ranks first on the criteria points (91 > 90).
    text = "\n".join(p.text for p in Document(path).paragraphs)
    assert "TỜ TRÌNH" in text and "Văn phòng Đoàn ĐBQH và HĐND (94,00 điểm)" in text
    workbook = load_workbook(io.BytesIO(sheets_path.read_bytes()))
    assert workbook.sheetnames[0] == "Tổng hợp" and len(workbook.sheetnames) == 4
    assert [(r.agency.code, r.rank, r.proposal) for r in Result.objects.all()] == [
        ("VP", 1, "CO_TINH"),
        ("SNV-DT", 2, "BK_TINH"),
        ("STP-DT", 3, "BK_TINH"),
    ]
    assert not recorder.page_errors
