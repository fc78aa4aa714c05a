"""Legal parameters in a real browser (issue 20): the administrator enters a new base salary
with its decree, and the next award decision the secretariat drafts uses it."""

import importlib
import re

import pytest
from django.apps import apps as django_apps
from django.utils import timezone
from playwright.sync_api import expect

from thidua.legal.models import LegalParameter

from .conftest import login

pytestmark = pytest.mark.e2e

migration = importlib.import_module("thidua.legal.migrations.0001_initial")


def test_admin_enters_a_base_salary_and_the_next_decision_uses_it(
    browser, live_url, page, users, office, shot
):
    if not LegalParameter.objects.exists():  # a transactional test flushed the seeded rows
        migration.seed(django_apps, None)
    today = timezone.localdate()
    login(page, "admin")
    page.goto("/tham-so-phap-ly/")
    expect(page.get_by_role("heading", name="Mức lương cơ sở (đồng/tháng)")).to_be_visible()
    page.get_by_role("link", name="Thêm tham số").click()
    page.get_by_label("Loại tham số").select_option("base_salary")
    page.get_by_label("Giá trị").fill("3000000")
    page.get_by_label("Hiệu lực từ ngày").fill(today.strftime("%d/%m/%Y"))
    page.get_by_label("Văn bản quy định").fill("NĐ 999/2026/NĐ-CP Điều 3 khoản 2")
    page.get_by_role("button", name="Lưu").click()
    expect(page).to_have_url(re.compile(r"/tham-so-phap-ly/$"))
    expect(page.get_by_text("Đã thêm tham số")).to_be_visible()
    row = page.get_by_role("row").filter(has_text="NĐ 999/2026/NĐ-CP Điều 3 khoản 2")
    expect(row).to_contain_text("đang áp dụng")
    shot(page, "parameter-added")

    writer = browser.new_context(base_url=live_url, locale="vi-VN")
    desk = writer.new_page()
    login(desk, "secretariat")
    desk.goto("/quyet-dinh/")
    desk.get_by_role("link", name="Soạn quyết định").click()
    desk.get_by_label("Trích yếu").fill(f"Về việc công nhận danh hiệu thi đua năm {today.year}")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Tạo dự thảo").click()
    desk.get_by_label("Mã cán bộ").fill("P04")
    desk.get_by_label("Danh hiệu, hình thức").select_option(label="Lao động tiên tiến")
    with desk.expect_navigation():
        desk.get_by_role("button", name="Thêm", exact=True).click()
    # 0.3 × 3,000,000 = 900,000 VND: the row entered a moment ago.
    expect(desk.get_by_role("row", name=re.compile("Đặng Quốc Bảo"))).to_contain_text("900.000")
    shot(desk, "decision-uses-new-salary")
    writer.close()
