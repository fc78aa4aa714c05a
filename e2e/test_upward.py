"""The upward dossier in a real browser (issue 6, item 7): the secretariat builds the year's
dossier from the accepted nominees, reads the engine's screening, writes the justification an
ineligible candidate needs, and downloads the ZIP for the province; the ZIP holds the memo and
one achievement report per candidate."""

import re
import zipfile

import pytest
from playwright.sync_api import expect

from thidua.upward.tests.factories import YEAR, accepted_upward_proposals

from .conftest import SCREENSHOTS, login

pytestmark = pytest.mark.e2e


def test_secretariat_prepares_a_dossier_and_downloads_the_zip(
    page, office, people, users, recorder
):
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    accepted_upward_proposals(office, people)
    login(page, "secretariat")
    page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
        "link", name="Đề nghị cấp trên"
    ).click()
    expect(page.get_by_role("heading", name="Hồ sơ đề nghị khen thưởng cấp trên")).to_be_visible()
    page.get_by_label("Năm xét khen thưởng").fill(str(YEAR))
    page.get_by_role("button", name="Lập hồ sơ từ danh sách đã thông qua").click()
    expect(page).to_have_url(re.compile(r"/de-nghi-cap-tren/\d+/$"))
    expect(page.get_by_text("Cần giải trình trước khi ký")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="Đặng Quốc Bảo")
    expect(row.get_by_text("Không đủ điều kiện")).to_be_visible()
    page.screenshot(path=str(SCREENSHOTS / "upward-01-dossier.png"), full_page=True)

    row.get_by_role("link", name="Soạn").click()
    page.get_by_label("Quê quán").fill("Xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng Tháp")
    page.get_by_label("Giải trình (không đủ điều kiện)").fill(
        "Có đóng góp nổi bật trong công tác tổng hợp phục vụ kỳ họp."
    )
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_text("Đã lưu báo cáo thành tích.")).to_be_visible()

    with page.expect_download() as info:
        page.get_by_role("link", name="Tải toàn bộ hồ sơ (ZIP)").click()
    download = info.value
    assert download.suggested_filename.endswith(".zip")
    archive = zipfile.ZipFile(download.path())
    names = archive.namelist()
    assert any(n.endswith(".pdf") and "to-trinh" in n for n in names)
    assert len([n for n in names if "/02-bao-cao-thanh-tich/" in n]) == 3
    page.screenshot(path=str(SCREENSHOTS / "upward-02-justified.png"), full_page=True)
    assert not recorder.page_errors
    assert not recorder.console_errors
