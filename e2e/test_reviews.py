"""The division review and the proposal in a real browser (issue 5, items 3–7).

The head of division QH opens the year's review, marks who is present, types the approvals
(first one too many: refused, with what was typed kept), records them, closes the review, attaches
an achievement report and sends the proposal. The secretariat finds it in the inbox, returns it
with a reason; the division head reads the reason in the notification, sends it again; the
secretariat accepts it onto the council's agenda. Every irreversible step asks first.
"""

import re
from contextlib import contextmanager

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.reviews.models import Proposal, ProposalStatus
from thidua.reviews.tests.factories import PDF, make_eligible_for_ldtt, movement_of

from .conftest import DESKTOP, SCREENSHOTS, login

pytestmark = pytest.mark.e2e

REVIEW_URL = re.compile(r"/binh-xet/\d+/$")
PROPOSAL_URL = re.compile(r"/binh-xet/ho-so/\d+/$")


class Shots:
    def __init__(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.n = 0

    def __call__(self, page, step):
        self.n += 1
        page.screenshot(path=str(SCREENSHOTS / f"reviews-{self.n:02d}-{step}.png"), full_page=True)


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


def test_division_head_reviews_and_submits_secretariat_returns_then_accepts(
    browser, live_url, office, people, users, recorder, tmp_path
):
    shot = Shots()
    dialogs = []
    make_eligible_for_ldtt(movement_of(office), people["staff"])
    today = timezone.localdate()
    report = tmp_path / "bao-cao-thanh-tich.pdf"
    report.write_bytes(PDF)

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "division_head")
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name="Bình xét", exact=True
        ).click()
        page.get_by_role("link", name="Mở bình xét").click()
        expect(page.get_by_label("Ngày họp")).to_have_value(today.strftime("%d/%m/%Y"))
        page.get_by_label("Kỳ bình xét").select_option(label=f"Cả năm {today.year}")
        page.get_by_label("Địa điểm").fill("Phòng họp số 2")
        page.get_by_label("Thư ký").fill("Đặng Quốc Bảo")
        with page.expect_navigation():
            page.get_by_role("button", name="Mở bình xét").click()
        expect(page).to_have_url(REVIEW_URL)
        row = page.get_by_role("row", name=re.compile(r"^Đặng Quốc Bảo Lao động tiên tiến"))
        expect(row).to_contain_text("Đủ điều kiện")
        votes = page.get_by_label("Số phiếu đồng ý: Đặng Quốc Bảo – Lao động tiên tiến")
        votes.fill("3")  # two members, both present: 3 is too many
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu kết quả biểu quyết").click()
        expect(page.locator(".invalid-feedback")).to_contain_text(
            "không được lớn hơn số người có mặt (2)"
        )
        expect(votes).to_have_value("3")
        shot(page, "votes-refused")
        votes.fill("2")
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu kết quả biểu quyết").click()
        expect(row).to_contain_text("Đề nghị")
        with page.expect_navigation():
            page.get_by_role("button", name="Kết thúc bình xét, lập hồ sơ đề nghị").click()
        expect(page).to_have_url(PROPOSAL_URL)
        expect(page.locator("#proposal-status")).to_have_text("Dự thảo")
        with page.expect_download() as download:
            page.get_by_role("link", name="Biên bản (DOCX)").click()
        assert download.value.suggested_filename.endswith(".docx")
        page.get_by_label("Loại tài liệu").select_option(label="Báo cáo thành tích")
        page.get_by_label("Của").select_option(label="Đặng Quốc Bảo – Lao động tiên tiến")
        page.get_by_label("Tệp (PDF, JPG, PNG, DOCX, XLSX; tối đa 10 MB)").set_input_files(
            str(report)
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Tải lên").click()
        expect(page.get_by_role("link", name="bao-cao-thanh-tich.pdf")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi Hội đồng").click()
        expect(page.locator("#proposal-status")).to_have_text("Đã gửi Hội đồng")
        shot(page, "submitted")
    proposal = Proposal.objects.get()

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "secretariat")
        page.goto("/binh-xet/tiep-nhan/")
        expect(page.get_by_role("heading", name="Phòng Công tác Quốc hội")).to_be_visible()
        page.get_by_role("link", name=f"Hồ sơ số {proposal.pk}").click()
        page.get_by_label("Lý do trả lại").fill("Bổ sung minh chứng ngày công")
        with page.expect_navigation():
            page.get_by_role("button", name="Trả lại để bổ sung").click()
        expect(page.locator("#proposal-status")).to_have_text("Trả lại để bổ sung")
        shot(page, "returned")

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "division_head")
        page.get_by_role("link", name=re.compile("Thông báo")).click()
        expect(page.get_by_role("main")).to_contain_text("bị trả lại: Bổ sung minh chứng ngày công")
        page.goto(f"/binh-xet/ho-so/{proposal.pk}/")
        expect(page.get_by_role("status").filter(has_text="Lý do trả lại")).to_contain_text(
            "Bổ sung minh chứng ngày công"
        )
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi lại").click()
        expect(page.locator("#proposal-status")).to_have_text("Đã gửi lại")

    with desk(browser, live_url, recorder, dialogs) as page:
        login(page, "secretariat")
        page.goto(f"/binh-xet/ho-so/{proposal.pk}/")
        page.get_by_label("Chương trình họp Hội đồng").fill("Phiên họp cuối năm")
        with page.expect_navigation():
            page.get_by_role("button", name="Tiếp nhận").click()
        expect(page.locator("#proposal-status")).to_have_text(
            "Đã tiếp nhận, đưa vào chương trình họp"
        )
        expect(page.get_by_role("main")).to_contain_text("Phiên họp cuối năm")
        shot(page, "accepted")

    proposal.refresh_from_db()
    assert proposal.status == ProposalStatus.ACCEPTED
    assert [t.action for t in proposal.transitions.all()] == [
        "submit",
        "return",
        "resubmit",
        "accept",
    ]
    assert dialogs == [
        "Kết thúc bình xét và lập hồ sơ đề nghị? Sau đó không sửa được số phiếu.",
        "Gửi hồ sơ đề nghị tới Hội đồng? Sau khi gửi không sửa được, trừ khi bị trả lại.",
        "Trả lại hồ sơ cho phòng bổ sung?",
        "Gửi lại hồ sơ đề nghị tới Hội đồng?",
        "Tiếp nhận hồ sơ và đưa vào chương trình họp Hội đồng?",
    ]
    assert recorder.page_errors == []
