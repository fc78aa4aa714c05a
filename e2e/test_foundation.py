"""Foundation in a real browser (issue 2, items 7 and 8).

Login and logout, navigation by role, accent-insensitive search, keyboard use, no request
leaving the server, and a layout readable at 1366×768 and on a phone. Every assertion is on
what the user sees, in Vietnamese.
"""

import re

import pytest
from playwright.sync_api import expect

from thidua.accounts import services as account_services

from .conftest import DESKTOP, PASSWORD, PHONE, login

pytestmark = pytest.mark.e2e

LOGIN_URL = re.compile(r"/tai-khoan/dang-nhap/")
PASSWORD_CHANGE_URL = re.compile(r"/tai-khoan/doi-mat-khau/$")
SKIP_LINK = "Bỏ qua, đến nội dung chính"


def nav(page):
    return page.get_by_role("navigation", name="Điều hướng chính")


def no_horizontal_scroll(page):
    return page.evaluate(
        "() => document.documentElement.scrollWidth <= document.documentElement.clientWidth + 1"
    )


def test_static_files_are_served_and_styles_apply(page, users, shot):
    response = page.request.get("/static/vendor/bootstrap/bootstrap.min.css")
    assert response.status == 200
    assert "text/css" in response.headers["content-type"]
    page.goto("/tai-khoan/dang-nhap/")
    navbar_bg = page.locator("nav.navbar").evaluate("el => getComputedStyle(el).backgroundColor")
    assert navbar_bg == "rgb(11, 61, 115)"  # .bg-office from thidua/app.css
    shot(page, "login-styled")


def test_login_wrong_password_then_right_then_logout(page, users, shot):
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(page.get_by_label("Tên đăng nhập")).to_be_visible()
    expect(page.get_by_label("Mật khẩu")).to_be_visible()
    assert page.evaluate("document.documentElement.lang") == "vi"
    shot(page, "login-page")

    login(page, "staff", "Sai-mat-khau-2026")
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("alert")).to_contain_text("Tên đăng nhập hoặc mật khẩu không đúng")
    shot(page, "wrong-password")

    login(page, "staff")
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Xin chào, Đặng Quốc Bảo")).to_be_visible()
    shot(page, "home")

    logout = page.get_by_role("button", name="Đăng xuất")
    assert logout.evaluate("el => el.form.method") == "post"
    logout.click()
    expect(page).to_have_url(LOGIN_URL)
    expect(page.get_by_role("heading", name="Đăng nhập")).to_be_visible()
    expect(page.get_by_role("button", name="Đăng xuất")).to_have_count(0)
    shot(page, "logged-out")
    # The session is gone: the home page asks for a login again.
    page.goto("/")
    expect(page).to_have_url(LOGIN_URL)


@pytest.mark.parametrize(
    ("persona", "visible", "hidden"),
    [
        ("secretariat", ["Cán bộ", "Nhập dữ liệu"], ["Nhật ký thay đổi"]),
        ("head", ["Cán bộ", "Nhật ký thay đổi"], ["Nhập dữ liệu"]),
        ("staff", ["Hồ sơ của tôi"], ["Cán bộ", "Nhập dữ liệu", "Nhật ký thay đổi"]),
    ],
    ids=["secretariat", "head", "staff"],
)
def test_navigation_by_role(page, users, shot, persona, visible, hidden):
    login(page, persona)
    menu = nav(page)
    expect(menu.get_by_role("link", name="Trang chủ", exact=True)).to_be_visible()
    expect(menu.get_by_role("link", name="Cơ cấu tổ chức", exact=True)).to_be_visible()
    for label in visible:
        expect(menu.get_by_role("link", name=label, exact=True)).to_be_visible()
    for label in hidden:
        expect(menu.get_by_role("link", name=label, exact=True)).to_have_count(0)
    shot(page, "nav")


def test_staff_typing_people_list_url_gets_vietnamese_403(page, users, shot):
    login(page, "staff")
    response = page.goto("/to-chuc/can-bo/")
    assert response.status == 403
    expect(page.get_by_role("heading", name="Không có quyền truy cập (403)")).to_be_visible()
    expect(page.get_by_role("main")).to_contain_text("Bạn không có quyền")
    expect(page.get_by_role("link", name="Về trang chủ")).to_be_visible()
    expect(page.get_by_role("cell", name="Nguyễn Văn Hùng")).to_have_count(0)
    shot(page, "403")


def test_people_search_is_accent_insensitive(page, users, shot):
    login(page, "secretariat")
    page.goto("/to-chuc/can-bo/")
    results = page.locator("#results")
    expect(results.get_by_role("link", name="Nguyễn Văn Hùng")).to_be_visible()
    shot(page, "people-list")

    page.get_by_label("Tìm theo tên hoặc mã cán bộ").click()
    page.keyboard.type("dang quoc bao")
    # No Enter: htmx refreshes the list shortly after typing stops.
    expect(results.get_by_role("link", name="Đặng Quốc Bảo")).to_be_visible()
    expect(results.get_by_role("link", name="Nguyễn Văn Hùng")).to_have_count(0)
    expect(results).to_contain_text("Tìm thấy 1 cán bộ")
    expect(page).to_have_url(re.compile(r"q=dang(\+|%20)quoc(\+|%20)bao"))
    shot(page, "search-result")

    # Case and accents both ignored, in the other direction too.
    page.goto("/to-chuc/can-bo/?q=ĐẶNG+QUỐC")
    expect(results.get_by_role("link", name="Đặng Quốc Bảo")).to_be_visible()


def test_skip_link_is_first_tab_stop_and_jumps_to_main(page, users, shot):
    login(page, "secretariat")
    page.goto("/")
    page.keyboard.press("Tab")
    focused = page.locator(":focus")
    expect(focused).to_have_text(SKIP_LINK)
    expect(focused).to_be_visible()
    assert focused.bounding_box()["width"] > 1  # shown on focus, not still clipped away
    shot(page, "skip-link-focused")
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id") == "main"
    # The next Tab goes into the content, past the navigation.
    page.keyboard.press("Tab")
    assert page.evaluate("document.getElementById('main').contains(document.activeElement)")


def test_login_with_keyboard_only(page, users, shot):
    page.goto("/tai-khoan/dang-nhap/")
    # The user name field has the focus as soon as the page opens.
    expect(page.get_by_label("Tên đăng nhập")).to_be_focused()
    page.keyboard.type("division_head")
    page.keyboard.press("Tab")
    expect(page.get_by_label("Mật khẩu")).to_be_focused()
    page.keyboard.type(PASSWORD)
    shot(page, "typed")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name="Xin chào, Võ Thanh Tùng")).to_be_visible()
    shot(page, "home")


def test_login_page_only_skip_link_and_brand_come_before_the_form(page, users):
    page.goto("/tai-khoan/dang-nhap/")
    expect(page.get_by_label("Tên đăng nhập")).to_be_focused()
    page.keyboard.press("Shift+Tab")
    expect(page.locator(":focus")).to_have_text("Thi đua – Khen thưởng")
    page.keyboard.press("Shift+Tab")
    expect(page.locator(":focus")).to_have_text(SKIP_LINK)


def test_no_external_requests_and_no_console_errors(page, users, recorder, live_url, shot):
    login(page, "secretariat")
    for path, heading in [
        ("/", "Xin chào"),
        ("/to-chuc/can-bo/", "Danh sách cán bộ"),
        ("/to-chuc/don-vi/", None),
    ]:
        page.goto(path)
        page.wait_for_load_state("networkidle")
        if heading:
            expect(page.get_by_role("heading", level=1)).to_contain_text(heading)
        shot(page, path.strip("/").replace("/", "_") or "home")
    # An htmx search makes requests too.
    page.goto("/to-chuc/can-bo/")
    page.locator("#id_q").fill("nguyen")
    page.keyboard.press("Enter")
    expect(page.locator("#results")).to_contain_text("Nguyễn Văn Hùng")
    page.wait_for_load_state("networkidle")

    assert recorder.requests, "no request recorded"
    outside = [url for url in recorder.requests if not url.startswith(live_url + "/")]
    assert outside == [], f"requests leaving the server: {outside}"
    assert any("/static/vendor/bootstrap/" in url for url in recorder.requests)
    assert recorder.console_errors == [], f"console errors: {recorder.console_errors}"
    assert recorder.page_errors == [], f"page errors: {recorder.page_errors}"


@pytest.mark.parametrize("viewport", [DESKTOP, PHONE], ids=["1366x768", "390x844"])
def test_readable_without_horizontal_scroll(context, page, users, shot, viewport):
    page.set_viewport_size(viewport)
    login(page, "secretariat")
    for path in ["/", "/to-chuc/can-bo/", "/to-chuc/don-vi/"]:
        page.goto(path)
        shot(page, path.strip("/").replace("/", "_") or "home")
        assert no_horizontal_scroll(page), f"{path} scrolls sideways at {viewport}"

    page.goto("/")
    toggler = page.get_by_role("button", name="Mở menu")
    people_link = nav(page).get_by_role("link", name="Cán bộ", exact=True)
    if viewport == PHONE:
        expect(toggler).to_be_visible()
        expect(people_link).to_be_hidden()
        toggler.click()
        expect(toggler).to_have_attribute("aria-expanded", "true")
        # Wait for Bootstrap's collapse animation to finish.
        expect(page.locator("#mainnav")).to_have_class(re.compile(r"(^|\s)show(\s|$)"))
        expect(people_link).to_be_visible()
        expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
        shot(page, "menu-open")
        assert no_horizontal_scroll(page)
        with page.expect_navigation():
            people_link.click()
        expect(page.get_by_role("heading", name="Danh sách cán bộ")).to_be_visible()
    else:
        expect(toggler).to_be_hidden()
        expect(people_link).to_be_visible()


def test_initial_password_forces_a_change(page, office, shot):
    initial = "Mat-khau-ban-dau-2026"
    account_services.user_create(
        actor=None,
        username="moi_vao",
        full_name="Hoàng Thị Mai",
        person=None,
        password=initial,
        must_change_password=True,
    )
    login(page, "moi_vao", initial)
    expect(page).to_have_url(PASSWORD_CHANGE_URL)
    expect(page.get_by_role("heading", name="Đổi mật khẩu")).to_be_visible()
    expect(page.get_by_role("alert")).to_contain_text("mật khẩu được cấp ban đầu")
    shot(page, "forced-change")

    for path in ["/", "/to-chuc/don-vi/", "/to-chuc/can-bo/cua-toi/"]:
        page.goto(path)
        expect(page).to_have_url(PASSWORD_CHANGE_URL)

    new_password = "Hoa-sen-Dong-Thap-2026"
    page.locator("#id_old_password").fill(initial)
    page.locator("#id_new_password1").fill("ngan")
    page.locator("#id_new_password2").fill("ngan")
    page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page).to_have_url(PASSWORD_CHANGE_URL)
    expect(page.locator(".invalid-feedback").first).to_be_visible()
    shot(page, "too-short")

    page.locator("#id_old_password").fill(initial)
    page.locator("#id_new_password1").fill(new_password)
    page.locator("#id_new_password2").fill(new_password)
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu mật khẩu mới").click()
    expect(page).to_have_url(re.compile(r"/$"))
    expect(page.get_by_role("heading", name="Xin chào, Hoàng Thị Mai")).to_be_visible()
    expect(page.get_by_text("Đã đổi mật khẩu.")).to_be_visible()
    shot(page, "home-after-change")
    page.goto("/to-chuc/don-vi/")
    expect(page).not_to_have_url(PASSWORD_CHANGE_URL)

    # The new password works for the next login; the initial one no longer does.
    page.get_by_role("button", name="Đăng xuất").click()
    login(page, "moi_vao", initial)
    expect(page).to_have_url(LOGIN_URL)
    login(page, "moi_vao", new_password)
    expect(page.get_by_role("heading", name="Xin chào, Hoàng Thị Mai")).to_be_visible()
