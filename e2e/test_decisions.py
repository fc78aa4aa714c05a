"""The award decision in a real browser (issue 6, items 5 and 6).

The secretariat drafts the decision and fills the annexed list; the head opens it, reads the
confirmation page (the step cannot be undone), signs, and downloads the certificates.
"""

import re
from contextlib import contextmanager

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from thidua.decisions.models import Award, Decision, DecisionStatus
from thidua.documents.pdf_render import pdf_text

from .conftest import DESKTOP, login

pytestmark = pytest.mark.e2e

DETAIL_URL = re.compile(r"/quyet-dinh/\d+/$")


@contextmanager
def desk(browser, live_url, recorder):
    context = browser.new_context(
        base_url=live_url, viewport=DESKTOP, locale="vi-VN", accept_downloads=True
    )
    context.set_default_timeout(10_000)
    page = context.new_page()
    recorder.attach(page)
    try:
        yield page
    finally:
        context.close()


def test_secretariat_drafts_head_signs_with_confirmation_certificate_downloaded(
    browser, live_url, office, people, users, recorder, shot, tmp_path
):
    year = timezone.localdate().year
    with desk(browser, live_url, recorder) as page:
        login(page, "secretariat")
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name="Khen thưởng", exact=True
        ).click()
        page.get_by_role("link", name="Soạn quyết định").click()
        expect(page.get_by_label("Năm thi đua")).to_have_value(str(year))
        page.get_by_label("Trích yếu").fill(f"Về việc công nhận danh hiệu thi đua năm {year}")
        with page.expect_navigation():
            page.get_by_role("button", name="Tạo dự thảo").click()
        expect(page).to_have_url(DETAIL_URL)
        page.get_by_label("Mã cán bộ").fill("P04")
        page.get_by_label("Danh hiệu, hình thức").select_option(label="Lao động tiên tiến")
        with page.expect_navigation():
            page.get_by_role("button", name="Thêm", exact=True).click()
        page.get_by_label("hoặc mã phòng").fill("QH")
        page.get_by_label("Danh hiệu, hình thức").select_option(label="Tập thể lao động tiên tiến")
        with page.expect_navigation():
            page.get_by_role("button", name="Thêm", exact=True).click()
        expect(page.get_by_role("row", name=re.compile("Đặng Quốc Bảo"))).to_contain_text(
            "Lao động tiên tiến"
        )
        expect(
            page.get_by_role("row", name=re.compile("^2 Phòng Công tác Quốc hội"))
        ).to_contain_text("Tập thể lao động tiên tiến")
        # The secretariat drafts but does not sign.
        expect(page.get_by_role("link", name="Ký quyết định")).to_have_count(0)
        shot(page, "draft")
    decision = Decision.objects.get()
    assert decision.entries.count() == 2

    with desk(browser, live_url, recorder) as page:
        login(page, "head")
        page.goto(f"/quyet-dinh/{decision.pk}/")
        page.get_by_role("link", name="Ký quyết định").click()
        expect(page.get_by_role("heading", name="Xác nhận ký quyết định")).to_be_visible()
        expect(page.get_by_role("alert").first).to_contain_text("không hoàn tác")
        expect(page.get_by_label("Ngày ký")).to_have_value(
            timezone.localdate().strftime("%d/%m/%Y")
        )
        shot(page, "confirm")
        with page.expect_navigation():
            page.get_by_role("button", name="Tôi xác nhận ký quyết định").click()
        expect(page.get_by_role("heading", name="Quyết định số 01/QĐ-VP")).to_be_visible()
        with page.expect_download() as download:
            page.get_by_role("link", name="In giấy khen cả quyết định (PDF)").click()
        path = tmp_path / "giay-khen.pdf"
        download.value.save_as(path)
        shot(page, "signed")
    pages = [p for p in pdf_text(path.read_bytes()).split("\f") if p.strip()]
    assert len(pages) == 2
    assert "Đặng Quốc Bảo" in pages[0]
    assert "Quyết định số 01/QĐ-VP" in " ".join(pages[0].split())
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    assert Award.objects.filter(decision=decision).count() == 2
    assert recorder.page_errors == [] and recorder.console_errors == []
