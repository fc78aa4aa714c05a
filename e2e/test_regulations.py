"""The regulations library in a real browser: the secretariat adds the office's own rules with
a DOCX file, a member of staff finds it by typing without diacritics, reads the passage and the
full text, and downloads the file; another agency's secretariat does not see it."""

import re

import pytest
from playwright.sync_api import expect

from thidua.regulations.tests.factories import docx

from .conftest import SCREENSHOTS, login

pytestmark = pytest.mark.e2e

TEXT = "Điều 7. Cá nhân đạt Chiến sĩ thi đua cơ sở được thưởng theo mức của Nghị định."


def shot(page, step):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"regulations-{step}.png"), full_page=True)


def test_secretariat_uploads_and_staff_finds_without_diacritics(
    browser, live_url, page, users, office, tmp_path
):
    login(page, "secretariat")
    page.goto("/van-ban/")
    page.get_by_role("link", name="Thêm văn bản").click()
    page.get_by_label("Loại văn bản").select_option("quy_che")
    page.get_by_label("Số, ký hiệu").fill("12/QC-VP")
    page.get_by_label("Trích yếu").fill("Quy chế thi đua, khen thưởng của Văn phòng")
    page.get_by_label("Cơ quan ban hành").fill("Văn phòng Đoàn ĐBQH và HĐND")
    page.get_by_label("Ngày ban hành").fill("15/01/2026")
    path = tmp_path / "quy-che-thi-dua.docx"
    path.write_bytes(docx(["QUY CHẾ THI ĐUA, KHEN THƯỞNG", TEXT]))
    page.get_by_label("Tệp văn bản (PDF hoặc DOCX; tối đa 10 MB)").set_input_files(str(path))
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(r"/van-ban/\d+/$"))
    expect(page.get_by_text("Đã thêm văn bản vào thư viện.")).to_be_visible()
    shot(page, "1-added")

    staff = browser.new_context(base_url=live_url)
    reader = staff.new_page()
    login(reader, "staff")
    reader.goto("/van-ban/")
    reader.get_by_label("Tìm trong số hiệu, trích yếu và nội dung").fill("chien si thi dua co so")
    reader.get_by_role("button", name="Tìm").click()
    result = reader.locator("tr.regulation-result").first
    expect(result).to_contain_text("12/QC-VP")
    expect(result).to_contain_text("Chiến sĩ thi đua cơ sở được thưởng")
    shot(reader, "2-found")
    result.get_by_role("link", name="Quy chế thi đua, khen thưởng của Văn phòng").click()
    expect(reader.locator(".regulation-text")).to_contain_text(TEXT)
    with reader.expect_download() as download:
        reader.get_by_role("link", name="Tải tệp văn bản").click()
    assert download.value.suggested_filename == "quy-che-thi-dua.docx"
    staff.close()

    other = browser.new_context(base_url=live_url)
    outsider = other.new_page()
    login(outsider, "other_agency")
    outsider.goto("/van-ban/?q=chien+si+thi+dua+co+so")
    expect(outsider.get_by_text("Không tìm thấy văn bản phù hợp.")).to_be_visible()
    other.close()
