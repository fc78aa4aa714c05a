"""The second factor (TOTP): required for the head, the secretariat and administrators, optional
for others; login asks the code of users with a confirmed device; recovery by an administrator,
audited. Logins here go through the real login page (not force_login)."""

import pytest
from django.test import override_settings
from django.urls import reverse
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice

from conftest import make_user
from thidua.accounts.models import Role
from thidua.core.models import AuditEvent

pytestmark = pytest.mark.usefixtures("module_world")

PASSWORD = "Mat-khau-thu-nghiem-2026"
LOGIN = reverse("accounts:login")
VERIFY = reverse("accounts:otp_verify")
SETUP = reverse("accounts:otp_setup")


def code(device, offset=0) -> str:
    device.refresh_from_db()
    return (
        f"{totp(device.bin_key, device.step, device.t0, device.digits, device.drift + offset):06d}"
    )


def password_login(client, username, next_url=""):
    data = {"username": username, "password": PASSWORD}
    if next_url:
        data["next"] = next_url
    return client.post(LOGIN, data, REMOTE_ADDR="10.1.1.1")


def device_for(user, confirmed=True):
    return TOTPDevice.objects.create(user=user, name="Điện thoại", confirmed=confirmed)


def test_settings_list_the_required_roles():
    from django.conf import settings

    assert settings.THIDUA_OTP_REQUIRED_ROLES == ["head", "secretariat", "admin"]


@pytest.mark.parametrize("persona", ["head", "secretariat", "admin"])
def test_required_role_without_device_is_sent_to_setup_before_anything(client, users, persona):
    response = password_login(client, persona)
    assert response.status_code == 302
    for path in ["/", "/to-chuc/can-bo/", "/phong-trao/", "/quan-tri/"]:
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"] == SETUP, path
    page = client.get(SETUP).content.decode()
    assert "bắt buộc xác thực hai bước" in page
    assert "<svg" in page and "Khoá bí mật" in page


def test_setup_confirms_with_a_first_code_and_is_audited(client, users):
    password_login(client, "secretariat")
    page = client.get(SETUP).content.decode()
    device = TOTPDevice.objects.get(user=users["secretariat"], confirmed=False)
    from thidua.accounts.otp import secret_text

    assert secret_text(device) in page
    wrong = client.post(SETUP, {"token": "000000" if code(device) != "000000" else "111111"})
    assert "Mã xác thực không đúng" in wrong.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get("/").status_code == 302
    device.throttle_reset()
    response = client.post(SETUP, {"token": code(device)})
    assert response.status_code == 302 and response["Location"] == "/"
    device.refresh_from_db()
    assert device.confirmed
    assert client.get("/").status_code == 200
    event = AuditEvent.objects.get(action="user.otp_enable")
    assert event.object_id == str(users["secretariat"].pk)


def test_user_with_device_is_not_logged_in_before_the_code(client, users):
    device = device_for(users["head"])
    response = password_login(client, "head", next_url="/phong-trao/")
    assert response["Location"] == VERIFY
    # Not logged in yet: every page still asks for a login.
    response = client.get("/")
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session
    page = client.get(VERIFY).content.decode()
    assert "Mã xác thực (6 chữ số)" in page
    bad = client.post(VERIFY, {"token": "12345a"})
    assert "chỉ gồm chữ số" in bad.content.decode()
    assert "_auth_user_id" not in client.session
    response = client.post(VERIFY, {"token": code(device)})
    assert response.status_code == 302 and response["Location"] == "/phong-trao/"
    assert client.get("/").status_code == 200


def test_a_code_is_accepted_once(client, users):
    device = device_for(users["staff"])
    password_login(client, "staff")
    token = code(device)
    assert client.post(VERIFY, {"token": token})["Location"] == "/"
    client.post(reverse("accounts:logout"))
    password_login(client, "staff")
    reused = client.post(VERIFY, {"token": token})
    assert reused.status_code == 200
    assert "_auth_user_id" not in client.session


def test_wrong_codes_five_times_start_the_login_again(client, users):
    device = device_for(users["head"])
    right = code(device)
    password_login(client, "head")
    wrong = "000000" if right != "000000" else "111111"
    for _ in range(4):
        assert client.post(VERIFY, {"token": wrong}).status_code == 200
    response = client.post(VERIFY, {"token": wrong})
    assert response.status_code == 302 and response["Location"] == LOGIN
    # The pending login is gone: even the right code no longer logs in.
    device.throttle_reset()
    response = client.post(VERIFY, {"token": right})
    assert response.status_code == 302 and response["Location"].startswith(LOGIN)
    assert "_auth_user_id" not in client.session


def test_open_redirect_after_the_code_is_refused(client, users):
    device = device_for(users["head"])
    password_login(client, "head", next_url="https://evil.example/")
    response = client.post(VERIFY, {"token": code(device)})
    assert response["Location"] == "/"


def test_staff_logs_in_without_a_code_and_may_enable_it(client, users):
    response = password_login(client, "staff")
    assert response["Location"] == "/"
    assert client.get("/").status_code == 200
    page = client.get(SETUP).content.decode()
    assert "Không bắt buộc" in page
    device = TOTPDevice.objects.get(user=users["staff"])
    assert client.post(SETUP, {"token": code(device)}).status_code == 302
    client.post(reverse("accounts:logout"))
    assert password_login(client, "staff")["Location"] == VERIFY


def test_a_device_added_during_a_session_asks_for_the_code(client, users):
    password_login(client, "staff")
    device_for(users["staff"])
    response = client.get("/")
    assert response.status_code == 302 and response["Location"] == VERIFY
    assert client.post(VERIFY, {"token": code(TOTPDevice.objects.get())})["Location"] == "/"
    assert client.get("/").status_code == 200


def test_staff_may_turn_it_off_with_a_code_audited(client, users):
    device = device_for(users["staff"])
    password_login(client, "staff")
    client.post(VERIFY, {"token": code(device)})
    TOTPDevice.objects.filter(pk=device.pk).update(last_t=-1)
    response = client.post(reverse("accounts:otp_disable"), {"token": code(device)})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=users["staff"]).exists()
    assert AuditEvent.objects.filter(action="user.otp_disable").count() == 1


def test_required_role_cannot_turn_it_off(client_for, users):
    client = client_for("head")
    device = TOTPDevice.objects.get(user=users["head"], confirmed=True)
    before = AuditEvent.objects.count()
    response = client.post(reverse("accounts:otp_disable"), {"token": code(device)})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.count() == before


def test_otp_disable_is_post_only(client_for):
    assert client_for("staff").get(reverse("accounts:otp_disable")).status_code == 405


def test_administrator_resets_a_lost_device_with_a_reason_audited(client_for, users):
    device_for(users["head"])
    url = reverse("accounts:otp_reset", kwargs={"pk": users["head"].pk})
    client = client_for("admin")
    assert "Đặt lại xác thực hai bước" in client.get(url).content.decode()
    refused = client.post(url, {"reason": ""})
    assert refused.status_code == 200
    assert TOTPDevice.objects.filter(user=users["head"]).exists()
    response = client.post(url, {"reason": "Mất điện thoại, báo ngày 20/11/2026"})
    assert response.status_code == 302
    assert not TOTPDevice.objects.filter(user=users["head"]).exists()
    event = AuditEvent.objects.get(action="user.otp_reset")
    assert event.reason == "Mất điện thoại, báo ngày 20/11/2026"
    assert event.object_id == str(users["head"].pk)
    # Next login of the head: set up again before anything else.
    client.post(reverse("accounts:logout"))
    password_login(client, "head")
    assert client.get("/")["Location"] == SETUP


@pytest.mark.parametrize("persona", ["head", "secretariat", "staff", "other_agency", "snv_admin"])
def test_reset_refused_to_others_changes_nothing(client, client_for, users, office, persona):
    if persona == "snv_admin":
        client.force_login(make_user("snv_admin", None, [(Role.ADMIN, office["SNV"])]))
    else:
        client = client_for(persona)
    device = device_for(users["division_head"])
    before = AuditEvent.objects.count()
    url = reverse("accounts:otp_reset", kwargs={"pk": users["division_head"].pk})
    response = client.post(url, {"reason": "thử"})
    assert response.status_code == 403
    assert TOTPDevice.objects.filter(pk=device.pk).exists()
    assert AuditEvent.objects.count() == before


@override_settings(THIDUA_OTP_REQUIRED_ROLES=["division_head"])
def test_the_required_roles_come_from_the_setting(client, users):
    password_login(client, "head")
    assert client.get("/").status_code == 200
    client.post(reverse("accounts:logout"))
    password_login(client, "division_head")
    assert client.get("/")["Location"] == SETUP


def test_admin_site_login_goes_through_the_application_login(client, db):
    response = client.get("/quan-tri/login/?next=/quan-tri/")
    assert response.status_code == 302
    assert response["Location"].startswith(LOGIN)


def test_admin_user_page_shows_the_second_factor_and_the_reset_link(client, users, office):
    keeper = make_user("quantri", None, [(Role.ADMIN, office["VP"])])
    User = type(keeper)
    User.objects.filter(pk=keeper.pk).update(is_staff=True, is_superuser=True)
    keeper.refresh_from_db()
    client.force_login(keeper)
    device_for(users["head"])
    page = client.get(f"/quan-tri/accounts/user/{users['head'].pk}/change/").content.decode()
    assert "Đang bật" in page
    assert reverse("accounts:otp_reset", kwargs={"pk": users["head"].pk}) in page
    # The devices are not editable (nor deletable, unaudited) in the admin.
    assert client.get("/quan-tri/otp_totp/totpdevice/").status_code == 404


def test_staff_accounts_of_the_admin_site_need_the_second_factor(client, db):
    from thidua.accounts import services

    user, _ = services.user_create(
        actor=None, username="nhanvien", full_name="Nhân viên", password=PASSWORD
    )
    User = type(user)
    User.objects.filter(pk=user.pk).update(is_staff=True, must_change_password=False)
    password_login(client, "nhanvien")
    assert client.get("/")["Location"] == SETUP
