"""The year's movement in a real browser (issue 4, item 7).

The secretariat writes a plan with two phases and three targets through the forms, is refused an
overlapping phase without losing anything, and launches the plan (it gets the number 01/KH-VP);
a staff member registers for "Lao động tiên tiến" from their own browser; back on the home page
the secretariat's target dashboard counts that registration, and the registration summary shows
who has and has not registered. Every step goes through the UI and asserts what users read.
"""

import datetime as dt
import re
from contextlib import contextmanager
from decimal import Decimal

import pytest
from django.db.models import Q
from django.utils import timezone
from playwright.sync_api import expect

from thidua.org.models import Membership, Unit

from .conftest import DESKTOP, SCREENSHOTS, login

pytestmark = pytest.mark.e2e

TITLE = "Kế hoạch phong trào thi đua thử nghiệm"
DETAIL_URL = re.compile(r"/phong-trao/\d+/$")
PHASES_URL = re.compile(r"/phong-trao/\d+/giai-doan/$")
TARGETS_URL = re.compile(r"/phong-trao/\d+/chi-tieu/$")
LAUNCH_CONFIRM = "Phát động phong trào? Sau khi phát động, kế hoạch được cấp số"


def vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def vn_percent(count: int, base: int) -> str:
    """The dashboard's percentage as the page prints it: one decimal, comma separator."""
    value = (Decimal(count) * 100 / Decimal(base)).quantize(Decimal("0.1"))
    return f"{value}%".replace(".", ",")


class Shots:
    """test-results/e2e/movement-<nn>-<step>.png, numbered across the whole flow."""

    def __init__(self):
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        self.n = 0

    def __call__(self, page, step):
        self.n += 1
        page.screenshot(path=str(SCREENSHOTS / f"movement-{self.n:02d}-{step}.png"), full_page=True)


@contextmanager
def browser_page(browser, live_url, recorder, failed):
    """A fresh context (own cookies) and page, as a second person at another desk."""
    context = browser.new_context(base_url=live_url, viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(10_000)
    page = context.new_page()
    recorder.attach(page)
    watch_responses(page, failed)
    try:
        yield page
    finally:
        context.close()


def watch_responses(page, failed):
    """Collect every failed response except the browser's own /favicon.ico probe (the site
    declares no icon; that 404 is the only console error Chromium logs on these pages)."""
    page.on(
        "response",
        lambda response: (
            failed.append(f"{response.status} {response.url}")
            if response.status >= 400 and not response.url.endswith("/favicon.ico")
            else None
        ),
    )


def nav(page):
    return page.get_by_role("navigation", name="Điều hướng chính")


def alert_success(page):
    return page.locator(".alert-success")


def participants(agency: Unit, year: int) -> int:
    """The base of a target "on participating individuals", counted the way the dossier builder
    reads the office: everyone with a membership in one of the agency's units during the year."""
    return (
        Membership.objects.filter(
            unit__path__startswith=agency.path,
            start_date__lte=dt.date(year, 12, 31),
        )
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=dt.date(year, 1, 1)))
        .values("person")
        .distinct()
        .count()
    )


def fill_phase(page, number, name, starts_on, ends_on):
    group = page.get_by_role("group", name=f"Giai đoạn {number}", exact=True)
    group.get_by_label("Tên giai đoạn").fill(name)
    group.get_by_label("Từ ngày").fill(vn(starts_on))
    group.get_by_label("Đến ngày").fill(vn(ends_on))
    return group


def fill_target(page, number, *, subject, title, percent, base, strength):
    group = page.get_by_role("group", name=f"Chỉ tiêu {number}", exact=True)
    group.get_by_label("Đối tượng").select_option(label=subject)
    group.get_by_label("Danh hiệu").select_option(label=title)
    group.get_by_label("Tỷ lệ (%)").fill(str(percent))
    group.get_by_label("Tính trên").select_option(label=base)
    group.get_by_label("Mức").select_option(label=strength)
    group.get_by_label("Giai đoạn").select_option(label="Cả năm")


def target_row(page, text):
    return page.get_by_role("row").filter(has_text=text)


def secretariat_writes_and_launches(page, shot, year, today):
    h1 = page.get_by_role("heading", level=1)
    login(page, "secretariat")
    with page.expect_navigation():
        nav(page).get_by_role("link", name="Phong trào thi đua", exact=True).click()
    expect(h1).to_have_text("Phong trào thi đua")
    expect(page.get_by_text("Chưa có phong trào nào.")).to_be_visible()
    with page.expect_navigation():
        page.get_by_role("link", name="Lập kế hoạch mới").click()
    expect(h1).to_have_text("Lập kế hoạch thi đua")
    # The form opens with this year and its whole period filled in.
    expect(page.get_by_role("spinbutton", name="Năm", exact=True)).to_have_value(str(year))
    expect(page.get_by_label("Từ ngày")).to_have_value(f"01/01/{year}")
    expect(page.get_by_label("Đến ngày")).to_have_value(f"31/12/{year}")

    deadline = min(today + dt.timedelta(days=14), dt.date(year, 12, 31))
    page.get_by_role("spinbutton", name="Năm", exact=True).fill(str(year))
    page.get_by_label("Trích yếu").fill(TITLE)
    page.get_by_label("Cơ quan chủ quản").fill("ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP")
    page.get_by_label("Cơ quan ban hành").fill("VĂN PHÒNG")
    page.get_by_label("Ký hiệu cơ quan").fill("VP")
    page.get_by_label("Địa danh").fill("Đồng Tháp")
    page.get_by_label("Ngày ban hành").fill(vn(today))
    page.get_by_label("Hạn đăng ký thi đua").fill(vn(deadline))
    page.get_by_label("Chức vụ người ký").fill("CHÁNH VĂN PHÒNG")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Văn Hùng")
    page.get_by_label("I.1. Mục đích").fill(
        "Tạo khí thế thi đua sôi nổi trong toàn Văn phòng.\n"
        "Chú trọng khen thưởng theo công trạng và thành tích đạt được."
    )
    page.get_by_label("Nơi nhận").fill("Lãnh đạo Văn phòng;\nCác phòng thuộc Văn phòng;\nLưu: VT.")
    shot(page, "plan-form")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu dự thảo").click()

    # Saved as a draft; the next step is the phases.
    expect(page).to_have_url(PHASES_URL)
    expect(alert_success(page)).to_contain_text(
        "Đã tạo dự thảo kế hoạch. Tiếp theo: nhập các giai đoạn và chỉ tiêu."
    )
    expect(h1).to_have_text("Các giai đoạn thi đua")
    expect(page.get_by_role("main")).to_contain_text(f"01/01/{year} – 31/12/{year}")
    fill_phase(page, 1, "Giai đoạn 1", dt.date(year, 1, 1), dt.date(year, 6, 30))
    fill_phase(page, 2, "Giai đoạn 2", dt.date(year, 7, 1), dt.date(year, 12, 31))
    shot(page, "phases")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu các giai đoạn").click()

    expect(page).to_have_url(TARGETS_URL)
    expect(alert_success(page)).to_contain_text("Đã lưu các giai đoạn.")
    expect(h1).to_have_text("Chỉ tiêu thi đua")
    # The phase choice offers the whole year and both phases just saved.
    phase_choices = page.get_by_role("group", name="Chỉ tiêu 1").get_by_label("Giai đoạn")
    expect(phase_choices.locator("option")).to_have_text(["Cả năm", "Giai đoạn 1", "Giai đoạn 2"])
    fill_target(
        page,
        1,
        subject="Cá nhân",
        title="Lao động tiên tiến",
        percent=95,
        base="trên số cá nhân tham gia phong trào",
        strength="Bắt buộc đạt",
    )
    fill_target(
        page,
        2,
        subject="Cá nhân",
        title="Chiến sĩ thi đua cơ sở",
        percent=15,
        base="trên số cá nhân đạt Lao động tiên tiến",
        strength="Phấn đấu",
    )
    shot(page, "targets-1-2")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu các chỉ tiêu").click()
    expect(page).to_have_url(DETAIL_URL)
    expect(alert_success(page)).to_contain_text("Đã lưu các chỉ tiêu.")

    # The targets form shows two blank rows at a time: the third target goes in a second round.
    with page.expect_navigation():
        page.get_by_role("link", name="Các chỉ tiêu").click()
    expect(page).to_have_url(TARGETS_URL)
    expect(page.get_by_role("group", name="Chỉ tiêu 1").get_by_label("Danh hiệu")).to_have_value(
        "LDTT"
    )
    expect(page.get_by_role("group", name="Chỉ tiêu 2").get_by_label("Danh hiệu")).to_have_value(
        "CSTDCS"
    )
    fill_target(
        page,
        3,
        subject="Tập thể",
        title="Tập thể lao động tiên tiến",
        percent=100,
        base="trên tổng số tập thể phòng",
        strength="Bắt buộc đạt",
    )
    # The untouched fourth row still posts its select boxes' first options, which the formset
    # takes for a half-filled target ("Trường này là bắt buộc." under "Tỷ lệ (%)"); the user
    # marks it for removal so that only the three targets are saved.
    page.get_by_role("group", name="Chỉ tiêu 4").get_by_label("Xoá chỉ tiêu này").check()
    shot(page, "targets-3")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu các chỉ tiêu").click()
    expect(page).to_have_url(DETAIL_URL)
    detail_url = page.url
    main = page.get_by_role("main")
    expect(h1).to_have_text(TITLE)
    expect(main.get_by_text("Dự thảo", exact=True)).to_be_visible()
    expect(main.get_by_role("listitem").filter(has_text="Giai đoạn 1")).to_have_text(
        f"Giai đoạn 1: 01/01/{year} – 30/06/{year}"
    )
    expect(main.get_by_role("listitem").filter(has_text="Giai đoạn 2")).to_have_text(
        f"Giai đoạn 2: 01/07/{year} – 31/12/{year}"
    )
    expected_targets = [
        (
            "95% Lao động tiên tiến",
            "Cá nhân",
            "trên số cá nhân tham gia phong trào",
            "Bắt buộc đạt",
        ),
        (
            "15% Chiến sĩ thi đua cơ sở",
            "Cá nhân",
            "trên số cá nhân đạt Lao động tiên tiến",
            "Phấn đấu",
        ),
        (
            "100% Tập thể lao động tiên tiến",
            "Tập thể",
            "trên tổng số tập thể phòng",
            "Bắt buộc đạt",
        ),
    ]

    def targets_listed():
        rows = page.locator("table").first.locator("tbody tr")
        expect(rows).to_have_count(3)
        for index, (target, subject, base, strength) in enumerate(expected_targets):
            cells = rows.nth(index).get_by_role("cell")
            expect(cells).to_have_text(
                [subject, re.compile(f"{target} {base}"), strength, "Cả năm"]
            )

    targets_listed()
    expect(main).to_contain_text("Tạo khí thế thi đua sôi nổi trong toàn Văn phòng.")
    expect(main).to_contain_text("Lưu: VT.")
    shot(page, "draft-detail")

    # An overlapping third phase is refused in Vietnamese; what was typed stays in the form and
    # the saved phases and targets are untouched.
    with page.expect_navigation():
        page.get_by_role("link", name="Các giai đoạn").click()
    expect(page.get_by_role("group", name="Giai đoạn 2").get_by_label("Từ ngày")).to_have_value(
        f"01/07/{year}"
    )
    fill_phase(page, 3, "Đợt cao điểm", dt.date(year, 12, 1), dt.date(year, 12, 31))
    page.get_by_role("button", name="Lưu các giai đoạn").click()
    expect(page.get_by_role("alert")).to_have_text("Đợt cao điểm: trùng thời gian với Giai đoạn 2.")
    expect(page).to_have_url(PHASES_URL)
    third = page.get_by_role("group", name="Giai đoạn 3", exact=True)
    expect(third.get_by_label("Tên giai đoạn")).to_have_value("Đợt cao điểm")
    expect(third.get_by_label("Từ ngày")).to_have_value(f"01/12/{year}")
    shot(page, "overlap-refused")
    with page.expect_navigation():
        page.get_by_role("link", name="Quay lại kế hoạch").click()
    expect(page).to_have_url(detail_url)
    expect(
        main.get_by_role("listitem").filter(has_text=re.compile(r"^Giai đoạn \d:"))
    ).to_have_count(2)
    expect(main).not_to_contain_text("Đợt cao điểm")
    targets_listed()

    # Launch: the browser asks first, then the plan gets the next number of the register.
    dialogs = []

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    with page.expect_navigation():
        page.get_by_role("button", name="Phát động phong trào").click()
    page.remove_listener("dialog", accept)
    assert len(dialogs) == 1 and dialogs[0].startswith(LAUNCH_CONFIRM), dialogs
    expect(alert_success(page)).to_contain_text("Đã phát động phong trào.")
    expect(main.get_by_text("Đã phát động", exact=True)).to_be_visible()
    expect(main).to_contain_text(f"Kế hoạch số 01/KH-VP ngày {vn(today)}")
    expect(main.get_by_text("Đang nhận đăng ký")).to_be_visible()
    expect(main).to_contain_text(f"Hạn đăng ký: {vn(deadline)}")
    expect(page.get_by_role("button", name="Phát động phong trào")).to_have_count(0)
    expect(page.get_by_role("link", name="Các chỉ tiêu")).to_have_count(0)
    expect(page.get_by_role("link", name="Tổng hợp đăng ký")).to_be_visible()
    shot(page, "launched")

    with page.expect_navigation():
        nav(page).get_by_role("link", name="Phong trào thi đua", exact=True).click()
    row = target_row(page, TITLE)
    expect(row.get_by_role("cell")).to_have_text(
        [str(year), TITLE, "01/KH-VP", "Thi đua thường xuyên", "Đã phát động"]
    )
    return detail_url


def staff_registers(page, shot):
    login(page, "staff")
    expect(page.get_by_role("heading", name="Xin chào, Đặng Quốc Bảo")).to_be_visible()
    with page.expect_navigation():
        nav(page).get_by_role("link", name="Phong trào thi đua", exact=True).click()
    expect(page.get_by_role("link", name="Lập kế hoạch mới")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()
    expect(page.get_by_role("main")).to_contain_text("Kế hoạch số 01/KH-VP")
    # Staff see the plan but neither the launch form nor the summary of everyone's registrations.
    expect(page.get_by_role("button", name="Phát động phong trào")).to_have_count(0)
    expect(page.get_by_role("link", name="Tổng hợp đăng ký")).to_have_count(0)
    with page.expect_navigation():
        page.get_by_role("link", name="Đăng ký thi đua").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Đăng ký thi đua")
    choice = page.get_by_label("Danh hiệu đăng ký")
    expect(choice.locator("option")).to_contain_text(
        ["Lao động tiên tiến", "Chiến sĩ thi đua cơ sở"]
    )
    choice.select_option(label="Lao động tiên tiến")
    shot(page, "staff-register")
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(alert_success(page)).to_have_text(
        re.compile("Đã đăng ký danh hiệu “Lao động tiên tiến”.")
    )
    expect(page.get_by_role("status").filter(has_text="Bạn đã đăng ký")).to_contain_text(
        "Bạn đã đăng ký: Lao động tiên tiến"
    )
    shot(page, "staff-registered")


def secretariat_sees_the_share(page, shot, agency, year, detail_url):
    login(page, "secretariat")
    main = page.get_by_role("main")
    dashboard = main.locator("section").filter(
        has=page.get_by_role("heading", name=f"Tiến độ chỉ tiêu: {TITLE}")
    )
    expect(dashboard).to_be_visible()
    cards = dashboard.locator(".card")
    expect(cards).to_have_count(3)
    base = participants(agency, year)
    assert base == 9  # the nine people of the fixture's VP; Ngô Minh Trí is of another agency
    ldtt = cards.filter(has=page.get_by_role("heading", name="Bắt buộc đạt 95% Lao động tiên tiến"))
    expect(ldtt).to_contain_text("Cá nhân · trên số cá nhân tham gia phong trào")
    expect(ldtt).to_contain_text(f"Đăng ký 1/{base} ·")
    expect(ldtt.locator("svg text").filter(has_text="%").first).to_have_text(vn_percent(1, base))
    expect(ldtt.get_by_role("img")).to_have_attribute(
        "aria-label", re.compile(f"^Đăng ký {re.escape(vn_percent(1, base))},")
    )
    expect(ldtt).to_contain_text("Đã đạt 0/")
    # Nobody has registered for CSTĐCS yet (an LĐTT registration does not cover it).
    cstdcs = cards.filter(
        has=page.get_by_role("heading", name="Phấn đấu 15% Chiến sĩ thi đua cơ sở")
    )
    expect(cstdcs).to_contain_text("Đăng ký 0/1 ·")
    ttldtt = cards.filter(
        has=page.get_by_role("heading", name="Bắt buộc đạt 100% Tập thể lao động tiên tiến")
    )
    expect(ttldtt).to_contain_text(re.compile(r"Đăng ký 0/\d+ ·"))
    shot(page, "dashboard")

    with page.expect_navigation():
        dashboard.get_by_role("link", name="Xem kế hoạch").click()
    expect(page).to_have_url(detail_url)
    with page.expect_navigation():
        page.get_by_role("link", name="Tổng hợp đăng ký").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Tổng hợp đăng ký thi đua")
    divisions = Unit.objects.filter(path__startswith=agency.path, kind="division").count()
    expect(main).to_contain_text(f"1/{base} cá nhân và 0/{divisions} phòng đã đăng ký")
    qh = main.locator("section").filter(
        has=page.get_by_role("heading", name="Phòng Công tác Quốc hội")
    )
    expect(qh.get_by_role("heading")).to_contain_text("(1/2)")
    expect(target_row(qh, "Đặng Quốc Bảo").get_by_role("cell").nth(1)).to_have_text(
        "Lao động tiên tiến"
    )
    expect(target_row(qh, "Võ Thanh Tùng").get_by_role("cell").nth(1)).to_have_text("chưa đăng ký")
    hc = main.locator("section").filter(
        has=page.get_by_role("heading", name="Phòng Hành chính, Tổ chức, Quản trị")
    )
    expect(target_row(hc, "Phạm Thị Ngọc Lan").get_by_role("cell").nth(1)).to_have_text(
        "chưa đăng ký"
    )
    expect(main.get_by_text("chưa đăng ký", exact=True)).to_have_count(base - 1 + divisions)
    shot(page, "registrations")


def test_secretariat_plans_and_launches_staff_registers_dashboard_counts_it(
    browser, live_url, office, users, page, recorder
):
    shot = Shots()
    failed = []
    watch_responses(page, failed)
    today = timezone.localdate()
    detail_url = secretariat_writes_and_launches(page, shot, today.year, today)

    with browser_page(browser, live_url, recorder, failed) as staff_page:
        staff_registers(staff_page, shot)

    with browser_page(browser, live_url, recorder, failed) as secretariat_page:
        secretariat_sees_the_share(secretariat_page, shot, office["VP"], today.year, detail_url)

    assert recorder.page_errors == [], recorder.page_errors
    assert failed == [], failed
