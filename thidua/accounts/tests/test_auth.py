"""Authentication: Argon2, password rules, lockout per username and address, idle timeout,
forced change of an initial password, no known default account."""

import datetime as dt
import os
import subprocess
import sys
from pathlib import Path

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone

from thidua.accounts import services
from thidua.accounts.models import User
from thidua.core.models import AuditEvent

LOGIN = "/tai-khoan/dang-nhap/"
PASSWORD = "Mat-khau-thu-nghiem-2026"
ROOT = Path(__file__).resolve().parents[3]


def _login(client, username, password, ip="10.0.0.1"):
    return client.post(LOGIN, {"username": username, "password": password}, REMOTE_ADDR=ip)


def test_login_page_is_vietnamese(client, db):
    page = client.get(LOGIN).content.decode()
    assert "Đăng nhập" in page and "Tên đăng nhập" in page and "Mật khẩu" in page


def test_wrong_password_shows_vietnamese_error(client, users):
    response = _login(client, "staff", "sai-mat-khau-roi")
    assert response.status_code == 200
    assert "Tên đăng nhập hoặc mật khẩu không đúng" in response.content.decode()


def test_right_password_logs_in_and_logout_is_post(client, users):
    response = _login(client, "staff", PASSWORD)
    assert response.status_code == 302 and response["Location"] == "/"
    assert client.get("/tai-khoan/dang-xuat/").status_code == 405
    assert client.post("/tai-khoan/dang-xuat/").status_code == 302
    assert client.get("/").status_code == 302


def test_production_hasher_is_argon2(db):
    production = [
        "django.contrib.auth.hashers.Argon2PasswordHasher",
        "django.contrib.auth.hashers.PBKDF2PasswordHasher",
    ]
    from config import settings as production_settings

    assert production == production_settings.PASSWORD_HASHERS
    with override_settings(PASSWORD_HASHERS=production):
        user, _ = services.user_create(
            actor=None, username="argon", full_name="Argon", password=PASSWORD
        )
        assert user.password.startswith("argon2$argon2id$")
        assert user.check_password(PASSWORD)


@pytest.mark.parametrize(
    ("password", "accepted", "message"),
    [
        ("Ngan-qua-11", False, "quá ngắn"),
        ("password1234", False, "quá phổ biến"),
        ("123456789012345", False, "hoàn toàn là số"),
        ("Dung-du-12-ky", True, ""),
    ],
    ids=["11-chars-refused", "common-refused", "numeric-refused", "12-chars-accepted"],
)
def test_password_rules(client, users, password, accepted, message):
    client.force_login(users["staff"])
    response = client.post(
        "/tai-khoan/doi-mat-khau/",
        {"old_password": PASSWORD, "new_password1": password, "new_password2": password},
    )
    users["staff"].refresh_from_db()
    assert users["staff"].check_password(password) is accepted
    if not accepted:
        assert message in response.content.decode()


def test_five_failures_lock_that_username_from_that_address_only(client, users):
    for _ in range(5):
        _login(client, "staff", "sai-mat-khau-roi", ip="10.0.0.1")
    locked = _login(client, "staff", PASSWORD, ip="10.0.0.1")
    assert locked.status_code == 429
    assert "Tạm khoá đăng nhập" in locked.content.decode()
    # The same person from another address, and a colleague behind the same NAT address,
    # can still log in: one attacker cannot lock out a whole office.
    assert _login(client, "staff", PASSWORD, ip="10.0.0.2").status_code == 302
    client.logout()
    assert _login(client, "head", PASSWORD, ip="10.0.0.1").status_code == 302


def test_four_failures_do_not_lock(client, users):
    for _ in range(4):
        _login(client, "staff", "sai-mat-khau-roi")
    assert _login(client, "staff", PASSWORD).status_code == 302


def test_lockout_ends_after_cool_off(client, users):
    for _ in range(5):
        _login(client, "staff", "sai-mat-khau-roi")
    assert _login(client, "staff", PASSWORD).status_code == 429
    AccessAttempt.objects.update(
        attempt_time=timezone.now() - settings.AXES_COOLOFF_TIME - dt.timedelta(seconds=1)
    )
    assert _login(client, "staff", PASSWORD).status_code == 302


def test_idle_session_expires(client, users):
    assert settings.SESSION_COOKIE_AGE == 30 * 60
    # The timeout slides through SessionRefreshMiddleware, not a write on every request.
    assert settings.SESSION_SAVE_EVERY_REQUEST is False
    _login(client, "staff", PASSWORD)
    assert client.get("/").status_code == 200
    Session.objects.update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)


def test_initial_password_forces_a_change(client, db):
    user, initial = services.user_create(actor=None, username="moi", full_name="Cán bộ mới")
    assert user.must_change_password
    assert _login(client, "moi", initial).status_code == 302
    response = client.get("/to-chuc/don-vi/")
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_change")
    page = client.get(reverse("accounts:password_change")).content.decode()
    assert "mật khẩu được cấp ban đầu" in page
    client.post(
        reverse("accounts:password_change"),
        {
            "old_password": initial,
            "new_password1": "Mat-khau-moi-cua-toi",
            "new_password2": "Mat-khau-moi-cua-toi",
        },
    )
    user.refresh_from_db()
    assert not user.must_change_password
    assert client.get("/to-chuc/don-vi/").status_code == 200
    assert AuditEvent.objects.filter(action="user.password_change", object_id=str(user.pk)).exists()


def test_generated_initial_passwords_pass_the_validators(db):
    from django.contrib.auth.password_validation import validate_password

    for _ in range(20):
        validate_password(services.generate_initial_password())


def test_no_account_exists_before_the_demo_and_demo_passwords_are_random(db):
    assert User.objects.count() == 0
    from io import StringIO

    first, second = StringIO(), StringIO()
    call_command("seed_demo", "--reset-passwords", stdout=first)
    call_command("seed_demo", "--reset-passwords", stdout=second)

    def password_of(output, username):
        line = next(
            row for row in output.getvalue().splitlines() if row.strip().startswith(username + " ")
        )
        return line.split()[1]

    one, two = password_of(first, "chanhvp"), password_of(second, "chanhvp")
    assert one != two and len(two) >= 12
    user = User.objects.get(username="chanhvp")
    assert user.check_password(two) and not user.check_password(one)
    assert not User.objects.filter(is_superuser=True).exists()


def _run_check(env_overrides):
    env = {k: v for k, v in os.environ.items() if k not in ("SECRET_KEY", "DEBUG")}
    env.update(
        {
            "THIDUA_READ_DOTENV": "false",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            **env_overrides,
        }
    )
    return subprocess.run(
        [sys.executable, "manage.py", "check"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_secret_key_required_when_debug_is_off():
    result = _run_check({"DEBUG": "false"})
    assert result.returncode != 0
    assert "SECRET_KEY is required" in result.stderr


def test_debug_is_off_unless_set():
    result = _run_check({"SECRET_KEY": "x" * 60})
    assert result.returncode == 0, result.stderr
    probe = subprocess.run(
        [
            sys.executable,
            "-c",
            "import django; django.setup(); from django.conf import settings;"
            " print(settings.DEBUG)",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=60,
        env={
            **{k: v for k, v in os.environ.items() if k != "DEBUG"},
            "THIDUA_READ_DOTENV": "false",
            "DJANGO_SETTINGS_MODULE": "config.settings",
            "SECRET_KEY": "x" * 60,
        },
        check=False,
    )
    assert probe.stdout.strip() == "False", probe.stderr
