"""The council session end to end in a real browser (issue 6): the secretariat opens the
session and the secret ballot, members cast on their own paper, an absent member's written vote
is recorded, the ballot is closed (tally and digest), the minutes are downloaded, the result is
posted, a member of staff objects and gets an answer, the decision is drafted from the session,
refused while the posting runs, then signed by the head and its certificates printed."""

import datetime as dt
import re
from contextlib import contextmanager

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.council.models import BallotCast, CouncilSession, Objection
from thidua.council.tests.factories import accepted_proposal
from thidua.decisions.models import Decision, DecisionStatus
from thidua.documents.docx_render import paragraph_texts_docx
from thidua.documents.pdf_render import pdf_text

from .conftest import DESKTOP, login

pytestmark = pytest.mark.e2e


@contextmanager
def desk(browser, live_url, recorder, username):
    context = browser.new_context(
        base_url=live_url, viewport=DESKTOP, locale="vi-VN", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    recorder.attach(page)
    page.on("dialog", lambda dialog: dialog.accept())
    try:
        login(page, username)
        yield page
    finally:
        context.close()


def _nav(page, name):
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name=name, exact=True
    ).click()


def _cast(page, session_pk, answers):
    page.goto(f"/hoi-dong/phien/{session_pk}/")
    with page.expect_navigation():
        page.get_by_role("link", name="Phiếu bầu của tôi").click()
    expect(page.get_by_role("button", name="Bỏ phiếu")).to_be_visible()
    for group, answer in zip(page.get_by_role("group").all(), answers, strict=True):
        group.get_by_role("radio", name=answer, exact=True).check()
    with page.expect_navigation():
        page.get_by_role("button", name="Bỏ phiếu").click()
    expect(page.locator("#da-bo-phieu")).to_contain_text("Bạn đã bỏ phiếu")


def test_council_session_end_to_end(
    browser, live_url, office, people, users, recorder, shot, tmp_path
):
    accepted_proposal(office, people, [("P21", "Lý Văn Phúc", "CSTDCS")])
    year = timezone.localdate().year

    with desk(browser, live_url, recorder, "secretariat") as page:
        _nav(page, "Hội đồng TĐKT")
        page.get_by_role("link", name="Mở phiên họp").click()
        expect(page.get_by_label("Năm xét khen thưởng")).to_have_value(str(year))
        page.get_by_label("Địa điểm").fill("Phòng họp số 1")
        page.get_by_label("Thư ký").fill("Phạm Thị Ngọc Lan")
        with page.expect_navigation():
            page.get_by_role("button", name="Mở phiên họp").click()
        expect(page.get_by_role("heading", level=1)).to_contain_text("Phiên họp Hội đồng")
        session = CouncilSession.objects.get()
        page.get_by_label("Có mặt: Huỳnh Thị Kim Oanh").uncheck()
        with page.expect_navigation():
            page.get_by_role("button", name="Ghi điểm danh").click()
        expect(page.get_by_text("có mặt: 2; cần ít nhất 2")).to_be_visible()
        with page.expect_navigation():
            page.get_by_role("button", name="Mở bỏ phiếu").click()
        expect(page.locator("#so-da-bo-phieu")).to_contain_text("0/3")
        shot(page, "opened")

    with desk(browser, live_url, recorder, "head") as page:
        _cast(page, session.pk, ["Đồng ý", "Đồng ý"])
    with desk(browser, live_url, recorder, "council_member") as page:
        _cast(page, session.pk, ["Đồng ý", "Không đồng ý"])
        # While the ballot is open a member sees how many cast, never a count of votes.
        page.goto(f"/hoi-dong/phien/{session.pk}/")
        expect(page.locator("#so-da-bo-phieu")).to_contain_text("2/3")
        expect(page.locator("#ket-qua")).not_to_contain_text("/3")
    assert BallotCast.objects.count() == 2

    with desk(browser, live_url, recorder, "secretariat") as page:
        page.goto(f"/hoi-dong/phien/{session.pk}/")
        page.get_by_text("Ghi phiếu bằng văn bản của thành viên vắng mặt").click()
        expect(page.get_by_label("Thành viên vắng mặt")).to_have_value(
            str(session.members.get(user=users["union_rep"]).pk)
        )
        for group in page.locator("details").get_by_role("group").all():
            group.get_by_role("radio", name="Đồng ý", exact=True).check()
        with page.expect_navigation():
            page.get_by_role("button", name="Ghi phiếu bằng văn bản").click()
        expect(page.locator("#so-da-bo-phieu")).to_contain_text("3/3")
        with page.expect_navigation():
            page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
        session.refresh_from_db()
        expect(page.locator("#ma-kiem-tra")).to_have_text(session.ballot.digest)
        expect(page.locator("#so-bien-ban")).to_have_text("01/BB-HĐTĐKT")
        expect(page.get_by_role("row", name=re.compile("Đặng Quốc Bảo"))).to_contain_text("3/3")
        expect(page.get_by_role("row", name=re.compile("Lý Văn Phúc"))).to_contain_text("2/3")
        shot(page, "closed")
        with page.expect_download() as download:
            page.get_by_role("link", name="Tải biên bản (.docx)").click()
        minutes = tmp_path / "bien-ban.docx"
        download.value.save_as(minutes)
        texts = "\n".join(paragraph_texts_docx(minutes.read_bytes()))
        assert "Số: 01/BB-HĐTĐKT" in texts and session.ballot.digest in texts
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Công khai danh sách")).click()
        expect(page.locator("#chua-ban-hanh")).to_contain_text("Thời gian công khai chưa kết thúc")

    with desk(browser, live_url, recorder, "staff") as page:
        _nav(page, "Hội đồng TĐKT")
        page.get_by_role("link", name=f"Danh sách đề nghị khen thưởng năm {year}").click()
        expect(page.get_by_role("row", name=re.compile("Lý Văn Phúc"))).to_be_visible()
        page.get_by_label("Trường hợp có ý kiến").select_option(
            label="Lý Văn Phúc – Chiến sĩ thi đua cơ sở"
        )
        page.get_by_label("Nội dung ý kiến").fill("Đề nghị làm rõ sáng kiến năm nay.")
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi ý kiến").click()
        expect(page.get_by_text("Đề nghị làm rõ sáng kiến năm nay.")).to_be_visible()
        shot(page, "objection")

    with desk(browser, live_url, recorder, "secretariat") as page:
        page.goto(f"/hoi-dong/cong-khai/{session.pk}/")
        page.get_by_label("Trả lời").fill("Sáng kiến được công nhận theo Quyết định số 12/QĐ-VP.")
        with page.expect_navigation():
            page.get_by_role("button", name="Ghi trả lời").click()
        expect(page.get_by_text("Sáng kiến được công nhận theo Quyết định")).to_be_visible()
        page.goto(f"/hoi-dong/phien/{session.pk}/")
        with page.expect_navigation():
            page.get_by_role("button", name="Lập dự thảo quyết định").click()
        expect(page).to_have_url(re.compile(r"/quyet-dinh/\d+/$"))
        expect(page.get_by_role("alert").first).to_contain_text("Thời gian công khai chưa kết thúc")
        shot(page, "decision-blocked")
    assert Objection.objects.get().answered
    decision = Decision.objects.get()
    assert decision.entries.count() == 2

    # Five working days later: the posting is over.
    today = timezone.localdate()
    CouncilSession.objects.filter(pk=session.pk).update(
        posting_starts_on=today - dt.timedelta(days=14),
        posting_ends_on=today - dt.timedelta(days=8),
    )
    with desk(browser, live_url, recorder, "head") as page:
        page.goto(f"/quyet-dinh/{decision.pk}/")
        page.get_by_role("link", name="Ký quyết định").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Tôi xác nhận ký quyết định").click()
        expect(page.get_by_role("heading", name=re.compile("Quyết định số"))).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="In giấy khen cả quyết định (PDF)").click()
        certificates = tmp_path / "giay-khen.pdf"
        download.value.save_as(certificates)
        shot(page, "signed")
    text = " ".join(pdf_text(certificates.read_bytes()).split())
    assert "Đặng Quốc Bảo" in text and "Lý Văn Phúc" in text
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    assert recorder.page_errors == [] and recorder.console_errors == []
