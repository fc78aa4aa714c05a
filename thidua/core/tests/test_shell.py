"""The Vietnamese UI shell: navigation by role, error pages, security headers, local assets."""

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

NAV = {
    "head": ({"Cơ cấu tổ chức", "Cán bộ", "Nhật ký thay đổi"}, {"Nhập dữ liệu"}),
    "secretariat": ({"Cán bộ", "Nhập dữ liệu"}, {"Nhật ký thay đổi"}),
    "division_head": ({"Cán bộ"}, {"Nhập dữ liệu", "Nhật ký thay đổi"}),
    "staff": ({"Hồ sơ của tôi", "Cơ cấu tổ chức"}, {"Cán bộ", "Nhập dữ liệu", "Nhật ký thay đổi"}),
    "council_member": ({"Hồ sơ của tôi"}, {"Nhập dữ liệu", "Nhật ký thay đổi"}),
    "admin": ({"Cán bộ", "Nhập dữ liệu", "Nhật ký thay đổi"}, set()),
}


def _nav_labels(html):
    nav = html.split('id="mainnav"')[1].split("</ul>")[0]
    return set(re.findall(r'class="nav-link[^"]*"[^>]*>([^<]+)</a>', nav))


@pytest.mark.parametrize("persona", list(NAV))
def test_navigation_by_role(client_for, persona):
    shown, hidden = NAV[persona]
    labels = _nav_labels(client_for(persona).get("/").content.decode())
    assert shown <= labels
    assert not (hidden & labels)


def test_security_headers_on_every_page(client_for):
    for persona, url in [
        (None, "/tai-khoan/dang-nhap/"),
        ("staff", "/"),
        ("secretariat", "/to-chuc/can-bo/"),
    ]:
        response = client_for(persona).get(url)
        csp = response["Content-Security-Policy"]
        assert "script-src 'self'" in csp and "unsafe-inline" not in csp
        assert "frame-ancestors 'none'" in csp
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Frame-Options"] == "DENY"


def test_pages_with_personal_data_are_not_cached(client_for):
    assert client_for("secretariat").get("/to-chuc/can-bo/P04/")["Cache-Control"] == "no-store"


def test_404_page_is_vietnamese(client_for):
    response = client_for("staff").get("/khong-co-trang-nay/")
    assert response.status_code == 404
    assert "Không tìm thấy trang" in response.content.decode()


def test_no_cdn_and_assets_are_local(client_for):
    html = client_for("staff").get("/").content.decode()
    sources = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert sources and all(not s.startswith(("http://", "https://", "//")) for s in sources)
    for asset in (
        "vendor/bootstrap/bootstrap.min.css",
        "vendor/bootstrap/bootstrap.bundle.min.js",
        "django_htmx/htmx-2.min.js",
        "thidua/app.js",
        "thidua/app.css",
    ):
        assert finders.find(asset), asset


def test_no_inline_scripts_in_pages(client_for):
    html = client_for("secretariat").get("/to-chuc/can-bo/").content.decode()
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html)


def test_vietnamese_is_the_default_and_english_available():
    assert settings.LANGUAGE_CODE == "vi"
    assert dict(settings.LANGUAGES).keys() == {"vi", "en"}


def test_english_switch(client_for):
    client = client_for("staff")
    client.post("/i18n/setlang/", {"language": "en", "next": "/"})
    html = client.get("/").content.decode()
    assert 'lang="en"' in html
    assert "Organisation" in html


def test_dates_are_dd_mm_yyyy(client_for, people):
    html = client_for("secretariat").get("/to-chuc/can-bo/P04/").content.decode()
    assert "01/01/2015" in html


def test_browser_language_does_not_switch_the_office_to_english(client_for):
    html = client_for("staff").get("/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert 'lang="vi"' in html and "Trang chủ" in html
