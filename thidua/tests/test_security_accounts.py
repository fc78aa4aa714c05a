"""Inactive accounts are disabled (command with --dry-run, and at login), audited; password
reset by e-mail with Vietnamese pages and mail, links valid for at most 60 minutes."""

import datetime as dt
import re

import pytest
from django.conf import settings
from django.contrib.auth.tokens import PasswordResetTokenGenerator, default_token_generator
from django.core import mail
from django.core.management import call_command
from django.test import override_settings
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from thidua.accounts import services
from thidua.accounts.models import User
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("module_world")

PASSWORD = "Mat-khau-thu-nghiem-2026"
LOGIN = reverse("accounts:login")


def idle(user, days, field="last_login"):
    moment = timezone.now() - dt.timedelta(days=days)
    User.objects.filter(pk=user.pk).update(**{field: moment, "date_joined": moment})


def test_default_is_90_days():
    assert settings.THIDUA_INACTIVE_DAYS == 90


@pytest.mark.parametrize(
    ("days", "disabled"),
    [(0, False), (89, False), (90.01, True), (91, True), (400, True)],
    ids=["today", "89-days", "just-over-90", "91-days", "400-days"],
)
def test_command_disables_accounts_idle_over_the_limit(users, days, disabled):
    idle(users["staff"], days)
    call_command("disable_inactive_users")
    users["staff"].refresh_from_db()
    assert users["staff"].is_active is not disabled
    events = AuditEvent.objects.filter(action="user.disable_inactive")
    assert events.count() == (1 if disabled else 0)
    if disabled:
        assert events.get().object_id == str(users["staff"].pk)
        assert "90 ngày" in events.get().reason


def test_never_logged_in_counts_from_creation(users):
    User.objects.filter(pk=users["staff"].pk).update(
        last_login=None, date_joined=timezone.now() - dt.timedelta(days=120)
    )
    call_command("disable_inactive_users")
    users["staff"].refresh_from_db()
    assert not users["staff"].is_active


def test_reactivated_account_counts_from_the_reactivation(users):
    idle(users["staff"], 200)
    User.objects.filter(pk=users["staff"].pk).update(
        activity_since=timezone.now() - dt.timedelta(days=1)
    )
    call_command("disable_inactive_users")
    users["staff"].refresh_from_db()
    assert users["staff"].is_active


def test_dry_run_lists_and_changes_nothing(users, capsys):
    idle(users["staff"], 100)
    idle(users["council_member"], 100)
    before = AuditEvent.objects.count()
    call_command("disable_inactive_users", "--dry-run")
    out = capsys.readouterr().out
    assert "sẽ khoá: council_member" in out and "sẽ khoá: staff" in out
    assert "Sẽ khoá 2 tài khoản" in out
    assert User.objects.filter(is_active=False).count() == 0
    assert AuditEvent.objects.count() == before


@override_settings(THIDUA_INACTIVE_DAYS=30)
def test_the_limit_is_a_setting(users):
    idle(users["staff"], 31)
    idle(users["head"], 29)
    call_command("disable_inactive_users")
    assert list(User.objects.filter(is_active=False).values_list("username", flat=True)) == [
        "staff"
    ]


@override_settings(THIDUA_INACTIVE_DAYS=0)
def test_zero_turns_the_check_off(users):
    idle(users["staff"], 1000)
    call_command("disable_inactive_users")
    users["staff"].refresh_from_db()
    assert users["staff"].is_active


def test_login_after_too_long_is_refused_and_disables(client, users):
    idle(users["staff"], 100)
    response = client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert response.status_code == 200
    assert "không đăng nhập quá 90 ngày" in response.content.decode()
    users["staff"].refresh_from_db()
    assert not users["staff"].is_active
    assert AuditEvent.objects.filter(action="user.disable_inactive").count() == 1
    assert "_auth_user_id" not in client.session


def test_login_within_the_limit_works(client, users):
    idle(users["staff"], 80)
    response = client.post(LOGIN, {"username": "staff", "password": PASSWORD})
    assert response.status_code == 302 and response["Location"] == "/"


# --- Password reset by e-mail ------------------------------------------------------------------


@pytest.fixture
def staff_with_mail(users):
    users["staff"].email = "bao.dq@vp.example.gov.vn"
    users["staff"].save(update_fields=["email"])
    return users["staff"]


def reset_link(message) -> str:
    return re.search(r"https?://[^/\s]+(/tai-khoan/dat-lai-mat-khau/\S+/)", message.body).group(1)


def test_reset_timeout_is_one_hour():
    assert settings.PASSWORD_RESET_TIMEOUT == 3600


def test_reset_by_mail_end_to_end(client, staff_with_mail):
    page = client.get(reverse("accounts:password_reset")).content.decode()
    assert "Quên mật khẩu" in page and "Thư điện tử của tài khoản" in page
    response = client.post(reverse("accounts:password_reset"), {"email": staff_with_mail.email})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.subject == "Đặt lại mật khẩu tài khoản Thi Đua"
    assert message.to == [staff_with_mail.email]
    assert "Kính gửi Đặng Quốc Bảo" in message.body and "60 phút" in message.body
    link = reset_link(message)
    form_page = client.get(link, follow=True)
    assert "Đặt mật khẩu mới" in form_page.content.decode()
    set_url = form_page.redirect_chain[-1][0]
    new = "Mat-khau-moi-sau-khi-quen"
    done = client.post(set_url, {"new_password1": new, "new_password2": new})
    assert done["Location"] == reverse("accounts:password_reset_complete")
    staff_with_mail.refresh_from_db()
    assert staff_with_mail.check_password(new)
    assert AuditEvent.objects.filter(action="user.password_reset_email").count() == 1
    # The link works once.
    again = client.get(link, follow=True).content.decode()
    assert "không hợp lệ" in again
    assert client.post(LOGIN, {"username": "staff", "password": new})["Location"] == "/"


def test_reset_of_an_unknown_address_sends_nothing_and_says_the_same(client, staff_with_mail):
    response = client.post(reverse("accounts:password_reset"), {"email": "ai.do@example.com"})
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert mail.outbox == []


def test_reset_refuses_a_weak_password(client, staff_with_mail):
    client.post(reverse("accounts:password_reset"), {"email": staff_with_mail.email})
    set_page = client.get(reset_link(mail.outbox[0]), follow=True)
    set_url = set_page.redirect_chain[-1][0]
    response = client.post(set_url, {"new_password1": "12345", "new_password2": "12345"})
    assert response.status_code == 200
    staff_with_mail.refresh_from_db()
    assert staff_with_mail.check_password(PASSWORD)


class MadeEarlier(PasswordResetTokenGenerator):
    """The project's token generator, as if it had issued the link `minutes` ago."""

    def __init__(self, minutes):
        super().__init__()
        self.minutes = minutes

    def _now(self):
        return super()._now() - dt.timedelta(minutes=self.minutes)


@pytest.mark.parametrize(("minutes", "valid"), [(59, True), (61, False), (24 * 60, False)])
def test_reset_link_expires_after_60_minutes(client, staff_with_mail, minutes, valid):
    token = MadeEarlier(minutes).make_token(staff_with_mail)
    assert default_token_generator.check_token(staff_with_mail, token) is valid
    uid = urlsafe_base64_encode(force_bytes(staff_with_mail.pk))
    url = reverse("accounts:password_reset_confirm", kwargs={"uidb64": uid, "token": token})
    page = client.get(url, follow=True).content.decode()
    assert ("không hợp lệ" in page) is not valid
    assert ("Lưu mật khẩu mới" in page) is valid


def test_disabled_account_gets_no_reset_mail(client, staff_with_mail):
    services_user = User.objects.get(pk=staff_with_mail.pk)
    services_user.is_active = False
    services_user.save(update_fields=["is_active"])
    client.post(reverse("accounts:password_reset"), {"email": staff_with_mail.email})
    assert mail.outbox == []
    assert services.inactive_users().count() == 0
