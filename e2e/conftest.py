"""Fixtures for the browser tests: one Chromium per session, one fresh context per test.

The app runs in pytest-django's `live_server` thread against the test database; its static
files handler serves /static/ from the finders, so no `collectstatic` is needed. Chromium is
the system one (Debian's `chromium` package); the tests skip, naming the reason, without it.
"""

import os
import re
import shutil
from pathlib import Path

import pytest

# Playwright's sync API keeps an event loop on the main thread; the ORM calls the fixtures
# make between browser steps are synchronous and safe here, so let Django allow them.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

PASSWORD = "Mat-khau-thu-nghiem-2026"
SCREENSHOTS = Path(__file__).resolve().parent.parent / "test-results" / "e2e"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-quic",
]
DESKTOP = {"width": 1366, "height": 768}
PHONE = {"width": 390, "height": 844}


def pytest_collection_modifyitems(config, items):
    """Every test under e2e/ is a browser test (`-m e2e`), whether or not its module says so."""
    here = Path(__file__).resolve().parent
    for item in items:
        if Path(str(item.fspath)).resolve().is_relative_to(here):
            item.add_marker(pytest.mark.e2e)


def _chromium_path():
    for name in ("chromium", "chromium-browser", "google-chrome"):
        found = shutil.which(name)
        if found:
            return found
    return None


@pytest.fixture(scope="session")
def browser():
    executable = _chromium_path()
    if executable is None:
        pytest.skip("Chromium not found on PATH (apt-get install chromium); browser tests skipped")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=executable, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Recorder:
    """What the page did: every request URL, console errors and uncaught page errors."""

    def __init__(self):
        self.requests = []
        self.console_errors = []
        self.page_errors = []

    def attach(self, page):
        page.on("request", lambda request: self.requests.append(request.url))
        page.on(
            "console",
            lambda msg: self.console_errors.append(msg.text) if msg.type == "error" else None,
        )
        page.on("pageerror", lambda exc: self.page_errors.append(str(exc)))


@pytest.fixture
def live_url(live_server, transactional_db):
    return live_server.url


@pytest.fixture
def context(browser, live_url):
    context = browser.new_context(base_url=live_url, viewport=DESKTOP, locale="vi-VN")
    context.set_default_timeout(10_000)
    yield context
    context.close()


@pytest.fixture
def recorder():
    return Recorder()


@pytest.fixture
def page(context, recorder):
    page = context.new_page()
    recorder.attach(page)
    yield page
    page.close()


@pytest.fixture
def shot(request):
    """`shot(page, "step")` saves test-results/e2e/<test>-<nn>-<step>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    test_name = re.sub(r"[^A-Za-z0-9_.-]+", "_", request.node.name)
    counter = {"n": 0}

    def save(page, step):
        counter["n"] += 1
        path = SCREENSHOTS / f"{test_name}-{counter['n']:02d}-{step}.png"
        page.screenshot(path=str(path), full_page=True)
        return path

    return save


OTP_STEP_PATH = "/tai-khoan/dang-nhap/ma-xac-thuc/"


def totp_code(device) -> str:
    """The code an authenticator app would show now for `device` (django_otp.oath.totp)."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift):06d}"


def fresh_otp_device(username):
    """The user's confirmed device (created when the user's roles require one), made ready for a
    new code: a code is accepted once per 30-second step, and tests log in more often."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from conftest import otp_test_device
    from thidua.accounts.models import User

    user = User.objects.filter(username=username).first()
    device = otp_test_device(user) if user is not None else None
    if device is not None:
        TOTPDevice.objects.filter(pk=device.pk).update(
            last_t=-1, throttling_failure_count=0, throttling_failure_timestamp=None
        )
        device.refresh_from_db()
    return device


def login(page, username, password=PASSWORD):
    """Log in through the real form and wait for the next page. Users with a second factor
    (required for the head, the secretariat and administrators) then type the current code."""
    device = fresh_otp_device(username)
    page.goto("/tai-khoan/dang-nhap/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(password)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng nhập").click()
    if device is not None and page.url.split("?")[0].endswith(OTP_STEP_PATH):
        page.get_by_label("Mã xác thực (6 chữ số)").fill(totp_code(device))
        with page.expect_navigation():
            page.get_by_role("button", name="Xác nhận").click()
