"""API tokens end with the credentials they were taken with, and a password an administrator
sets is an initial one (issue 19, point 7, in part).

Before: a token outlived a password change and a disabled account (re-enabling the account
brought every old token back); the admin's password form set a password silently, with no
audit event, and the user never had to change it."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.accounts import services
from thidua.accounts.models import User
from thidua.api.models import ApiToken
from thidua.api.services import token_create
from thidua.core.models import AuditEvent

ME = "/api/v1/me"


def _token(users, persona="staff"):
    _row, raw = token_create(actor=None, user=users[persona], name="Tích hợp HR")
    return raw


def _status(client, raw) -> int:
    return client.get(ME, headers={"Authorization": f"Bearer {raw}"}).status_code


def test_a_password_change_revokes_the_users_tokens(client, users):
    raw = _token(users)
    other = _token(users, "head")
    assert _status(client, raw) == 200
    services.password_set(actor=users["staff"], user=users["staff"], password="Mat-khau-moi-2026!")
    assert _status(client, raw) == 401
    assert _status(client, other) == 200  # another user's token is untouched
    event = AuditEvent.objects.get(action="api_token.revoke_all")
    assert event.reason == "Mật khẩu đã được đổi."
    assert event.before == {"tokens": [ApiToken.objects.get(user=users["staff"]).prefix]}


def test_the_password_page_revokes_the_tokens(client_for, client, users):
    raw = _token(users)
    page = client_for("staff")
    response = page.post(
        reverse("accounts:password_change"),
        {
            "old_password": "Mat-khau-thu-nghiem-2026",
            "new_password1": "Mat-khau-moi-cua-toi-2026",
            "new_password2": "Mat-khau-moi-cua-toi-2026",
        },
    )
    assert response.status_code == 302
    page.logout()
    assert _status(client, raw) == 401


def test_disabling_an_account_revokes_its_tokens_for_good(client, users, settings):
    settings.THIDUA_INACTIVE_DAYS = 90
    raw = _token(users)
    staff = users["staff"]
    User.objects.filter(pk=staff.pk).update(
        last_login=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
        date_joined=dt.datetime(2020, 1, 1, tzinfo=dt.UTC),
    )
    assert services.user_disable_inactive(actor=None, user=staff) is True
    User.objects.filter(pk=staff.pk).update(is_active=True)  # re-enabled later
    assert _status(client, raw) == 401
    assert ApiToken.objects.get(user=staff).revoked_at is not None


@pytest.fixture
def superuser(db):
    return User.objects.create_superuser("root", password="Mat-khau-goc-2026!")


def test_a_password_set_in_the_admin_must_be_changed_and_is_audited(client, users, superuser):
    raw = _token(users)
    staff = users["staff"]
    client.force_login(superuser)
    url = f"/quan-tri/accounts/user/{staff.pk}/password/"
    response = client.post(
        url,
        {
            "password1": "Mat-khau-cap-moi-2026!",
            "password2": "Mat-khau-cap-moi-2026!",
            "usable_password": "true",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    staff.refresh_from_db()
    assert staff.must_change_password is True
    assert staff.check_password("Mat-khau-cap-moi-2026!")
    event = AuditEvent.objects.get(action="user.password_reset", object_id=str(staff.pk))
    assert event.actor == superuser
    assert _status(client, raw) == 401


def test_the_admin_password_form_refuses_a_user_without_admin_access(client, users):
    staff = users["staff"]
    before = (staff.password, AuditEvent.objects.count())
    client.force_login(users["head"])
    response = client.post(
        f"/quan-tri/accounts/user/{staff.pk}/password/",
        {"password1": "Mat-khau-x-2026!", "password2": "Mat-khau-x-2026!"},
    )
    assert response.status_code in (302, 403)
    staff.refresh_from_db()
    assert (staff.password, AuditEvent.objects.count()) == before
    assert staff.must_change_password is False


def test_deleting_a_role_inline_in_the_admin_records_what_was_deleted(client, users, superuser):
    from thidua.accounts.models import RoleAssignment

    staff = users["staff"]
    (assignment,) = RoleAssignment.objects.filter(user=staff)
    client.force_login(superuser)
    data = {
        "username": staff.username,
        "full_name": staff.full_name,
        "email": "",
        "person": staff.person_id,
        "is_active": "on",
        "role_assignments-TOTAL_FORMS": "1",
        "role_assignments-INITIAL_FORMS": "1",
        "role_assignments-MIN_NUM_FORMS": "0",
        "role_assignments-MAX_NUM_FORMS": "1000",
        "role_assignments-0-id": assignment.pk,
        "role_assignments-0-user": staff.pk,
        "role_assignments-0-role": assignment.role,
        "role_assignments-0-unit": assignment.unit_id,
        "role_assignments-0-valid_from": assignment.valid_from.strftime("%d/%m/%Y"),
        "role_assignments-0-valid_to": "",
        "role_assignments-0-DELETE": "on",
    }
    response = client.post(f"/quan-tri/accounts/user/{staff.pk}/change/", data)
    assert response.status_code == 302, response.content.decode()[:3000]
    assert not RoleAssignment.objects.filter(pk=assignment.pk).exists()
    event = AuditEvent.objects.get(action="role.delete")
    assert event.actor == superuser
    assert event.before["role"] == "staff" and event.before["unit"] == "QH"
    assert event.before["user"] == "staff"
    assert event.unit.code == "VP"
