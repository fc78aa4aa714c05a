"""An initiative in a real browser (issue 7): a staff member submits it with a co-author and an
evidence file, the secretariat puts it before the council, a council member scores it, the
secretariat closes the session (minutes 01/BB-HĐSK), the head recognises it (01/QĐ-VP-HĐSK),
and a colleague finds it in the library by typing without diacritics. Every step goes through
the pages and asserts what people read.
"""

import datetime as dt
import io
import re

import pytest
from django.utils import timezone
from PIL import Image
from playwright.sync_api import expect

from thidua.initiatives import council

from .conftest import SCREENSHOTS, login

pytestmark = pytest.mark.e2e

TITLE = "Số hoá hồ sơ lưu trữ kỳ họp HĐND bằng mã QR"
DETAIL_URL = re.compile(r"/sang-kien/\d+/$")


def vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def shot(page, step):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"initiatives-{step}.png"), full_page=True)


def accept_dialogs(page, seen):
    def accept(dialog):
        seen.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)


def fresh(context_factory, username):
    page = context_factory.new_page()
    login(page, username)
    return page


@pytest.fixture
def the_council(office, users):
    return council.council_save(
        actor=None,
        agency=office["VP"],
        year=timezone.localdate().year,
        issuing_body="Văn phòng Đoàn ĐBQH và HĐND",
        governing_body="Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
        chair_name="Nguyễn Văn Hùng",
    )


def png_bytes() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


def test_submit_score_recognise_and_find_in_the_library(
    browser, live_url, users, people, the_council, recorder
):
    today = timezone.localdate()
    dialogs: list[str] = []

    def new_page(username):
        context = browser.new_context(base_url=live_url, locale="vi-VN")
        context.set_default_timeout(10_000)
        page = context.new_page()
        recorder.attach(page)
        accept_dialogs(page, dialogs)
        login(page, username)
        return context, page

    # 1. Staff submits, shares first wrong (90 %), then right; what was typed stays.
    context, page = new_page("staff")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Sáng kiến"
    ).click()
    page.get_by_role("link", name="Nộp sáng kiến mới").click()
    page.get_by_label("Tên sáng kiến").fill(TITLE)
    page.get_by_label("Lĩnh vực").select_option(label="Công nghệ thông tin, chuyển đổi số")
    page.get_by_label("Thực trạng, vấn đề cần giải quyết").fill(
        "Tra cứu hồ sơ kỳ họp giấy mất nhiều thời gian."
    )
    page.get_by_label("Nội dung giải pháp").fill("Gắn mã QR cho từng hộp hồ sơ.")
    page.get_by_label("Tính mới của giải pháp").fill("Lần đầu áp dụng tại Văn phòng.")
    page.get_by_label("Nơi áp dụng").fill("Phòng Hành chính, Tổ chức, Quản trị")
    page.get_by_label("Áp dụng từ ngày").fill(vn(today))
    page.get_by_label("Hiệu quả (nêu số liệu đo được nếu có)").fill(
        "Thời gian tra cứu giảm từ 30 phút xuống 2 phút."
    )
    page.get_by_label("Tỷ lệ đóng góp của tác giả 1 (%)").fill("60")
    page.get_by_label("Tác giả 2", exact=True).select_option(label="Lê Thị Ánh Nguyệt (P07)")
    page.get_by_label("Tỷ lệ đóng góp của tác giả 2 (%)").fill("30")
    page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.get_by_role("alert")).to_contain_text(
        "Tổng tỷ lệ đóng góp của các tác giả phải bằng 100 % (hiện là 90 %)."
    )
    expect(page.get_by_label("Tên sáng kiến")).to_have_value(TITLE)
    page.get_by_label("Tỷ lệ đóng góp của tác giả 2 (%)").fill("40")
    with page.expect_navigation(url=DETAIL_URL):
        page.get_by_role("button", name="Lưu bản nháp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu bản nháp.")
    page.get_by_label("Tài liệu minh chứng").set_input_files(
        {"name": "anh-chup-ma-qr.png", "mimeType": "image/png", "buffer": png_bytes()}
    )
    page.get_by_role("button", name="Tải lên minh chứng").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã đính kèm minh chứng.")
    expect(page.get_by_role("link", name="anh-chup-ma-qr.png")).to_be_visible()
    page.get_by_role("button", name="Nộp sáng kiến").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã nộp sáng kiến.")
    expect(page.get_by_text("Đã nộp", exact=True)).to_be_visible()
    assert any(d.startswith("Nộp sáng kiến?") for d in dialogs), dialogs
    detail_url = page.url
    shot(page, "01-submitted")
    context.close()

    # 2. The secretariat puts it before the council.
    context, page = new_page("secretariat")
    page.goto("/sang-kien/")
    expect(page.get_by_role("link", name=TITLE).first).to_be_visible()
    page.get_by_role("link", name="Hội đồng xét duyệt sáng kiến").click()
    page.get_by_role("link", name="Lập phiên họp xét duyệt").click()
    page.get_by_label("Ngày họp").fill(vn(today))
    page.get_by_label("Địa điểm họp").fill("Phòng họp số 1")
    page.get_by_label(TITLE).check()
    page.get_by_role("button", name="Lập phiên họp").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lập phiên họp xét duyệt.")
    session_url = page.url
    context.close()

    # 3. The council member scores it and votes.
    context, page = new_page("initiative_member")
    page.goto(session_url)
    page.get_by_role("link", name="Chấm điểm").click()
    page.get_by_label("Tính mới (tối đa 30)").fill("25")
    page.get_by_label("Khả năng áp dụng (tối đa 25)").fill("20")
    page.get_by_label("Hiệu quả (tối đa 30)").fill("25")
    page.get_by_label("Phạm vi ảnh hưởng (tối đa 15)").fill("10")
    page.get_by_label("Đồng ý đề nghị công nhận").check()
    page.get_by_role("button", name="Lưu phiếu").click()
    expect(page.locator(".alert-success")).to_contain_text("Đã lưu phiếu chấm điểm.")
    expect(page.get_by_role("link", name="Sửa phiếu")).to_be_visible()
    shot(page, "02-scored")
    context.close()

    # 4. The secretariat closes the session: the minutes get their number.
    context, page = new_page("secretariat")
    page.goto(session_url)
    page.get_by_role("button", name="Kết thúc phiên họp và lập biên bản").click()
    expect(page.locator(".alert-success")).to_contain_text("biên bản đã được cấp số")
    expect(page.get_by_role("main")).to_contain_text("Biên bản số 01/BB-HĐSK")
    expect(page.get_by_text("Đề nghị công nhận", exact=True)).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("80,00")
    context.close()

    # 5. The head recognises it by a numbered decision.
    context, page = new_page("head")
    page.goto(session_url)
    page.get_by_role("link", name="Ban hành quyết định công nhận").click()
    expect(page.get_by_label(TITLE)).to_be_checked()
    page.get_by_role("button", name="Ban hành quyết định").click()
    expect(page.locator(".alert-success")).to_contain_text(
        "Đã ban hành Quyết định số 01/QĐ-VP-HĐSK công nhận sáng kiến."
    )
    shot(page, "03-recognised")
    context.close()
    assert any(d.startswith("Ban hành quyết định công nhận?") for d in dialogs), dialogs

    # 6. A colleague finds it in the library, typing without diacritics.
    context, page = new_page("union_rep")
    page.goto("/sang-kien/thu-vien/")
    page.get_by_label("Tìm kiếm").fill("so hoa ho so ky hop")
    page.get_by_role("button", name="Tìm").click()
    results = page.get_by_role("list", name="Kết quả tìm sáng kiến")
    expect(results.get_by_role("listitem").first).to_contain_text(TITLE)
    expect(results.get_by_role("listitem").first).to_contain_text("Cấp cơ sở")
    shot(page, "04-library")
    results.get_by_role("link", name=TITLE).click()
    assert page.url == detail_url
    main = page.get_by_role("main")
    expect(main).to_contain_text("Đặng Quốc Bảo – 60 %")
    expect(main).to_contain_text("Lê Thị Ánh Nguyệt – 40 %")
    expect(main).to_contain_text("Thời gian tra cứu giảm từ 30 phút xuống 2 phút.")
    expect(main).to_contain_text("Cấp cơ sở: Quyết định số 01/QĐ-VP-HĐSK")
    expect(page.get_by_role("link", name="anh-chup-ma-qr.png")).to_be_visible()
    context.close()
    assert not recorder.page_errors, recorder.page_errors
    assert all(url.startswith(live_url) for url in recorder.requests), [
        u for u in recorder.requests if not u.startswith(live_url)
    ]
