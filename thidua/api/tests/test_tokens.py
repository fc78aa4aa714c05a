"""Token pages and token authentication: shown once and stored hashed, last use recorded,
revoked/expired tokens and inactive users refused, who may manage whose tokens (refusals change
nothing), POST-only actions with CSRF, and the docs page served from local static files."""

import datetime as dt
import hashlib
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from conftest import PERSONAS, make_user
from thidua.accounts.models import Role
from thidua.api.models import ApiToken
from thidua.api.services import token_create
from thidua.core.models import AuditEvent
from thidua.org.models import Person

pytestmark = pytest.mark.usefixtures("module_world")

CREATE = reverse("api:token_create")


def _revoke_url(token):
    return reverse("api:token_revoke", kwargs={"pk": token.pk})


def _bearer(raw):
    return {"Authorization": f"Bearer {raw}"}


def _raw_from_page(html):
    return re.search(r'value="(td_[A-Za-z0-9_-]+)"', html).group(1)


def _snapshot():
    return (
        list(ApiToken.objects.values_list("pk", "revoked_at").order_by("pk")),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize("persona", PERSONAS)
def test_everyone_creates_a_token_shown_once_and_stored_hashed(client_for, users, persona):
    client = client_for(persona)
    response = client.post(CREATE, {"name": "Đồng bộ nhân sự", "lifetime": "90"})
    assert response.status_code == 200
    raw = _raw_from_page(response.content.decode())
    assert f"cho tài khoản {persona}." in response.content.decode()
    token = ApiToken.objects.get(user=users[persona])
    assert token.key_hash == hashlib.sha256(raw.encode()).hexdigest()
    assert raw.startswith(token.prefix) and len(token.prefix) == 11
    assert token.expires_at.date() == (timezone.now() + dt.timedelta(days=90)).date()
    # The token itself is nowhere in the database, the audit trail included.
    for event in AuditEvent.objects.all():
        assert raw not in repr((event.before, event.after, event.reason, event.object_repr))
    assert AuditEvent.objects.filter(action="api_token.create").count() == 1
    # Not shown again.
    assert raw not in client.get(reverse("api:token_list")).content.decode()


def test_token_authenticates_and_records_last_use(client, users):
    token, raw = token_create(actor=None, user=users["staff"], name="x")
    assert token.last_used_at is None
    response = client.get("/api/v1/people", headers=_bearer(raw))
    assert response.status_code == 200
    token.refresh_from_db()
    assert token.last_used_at is not None


@pytest.mark.parametrize(
    "header",
    ["Bearer td_khong-dung", "Bearer ", "Token abc", "Basic dXNlcjpwYXNz", "td_abc"],
    ids=["unknown", "empty", "other-scheme", "basic", "no-scheme"],
)
def test_bad_tokens_are_refused(client, users, header):
    response = client.get("/api/v1/people", headers={"Authorization": header})
    assert response.status_code == 401


def test_revoked_expired_and_inactive_are_refused(client, users):
    token, raw = token_create(actor=None, user=users["secretariat"], name="x")
    assert client.get("/api/v1/units", headers=_bearer(raw)).status_code == 200
    ApiToken.objects.filter(pk=token.pk).update(expires_at=timezone.now() - dt.timedelta(seconds=1))
    assert client.get("/api/v1/units", headers=_bearer(raw)).status_code == 401
    ApiToken.objects.filter(pk=token.pk).update(expires_at=None, revoked_at=timezone.now())
    assert client.get("/api/v1/units", headers=_bearer(raw)).status_code == 401
    other, raw2 = token_create(actor=None, user=users["admin"], name="y")
    users["admin"].is_active = False
    users["admin"].save()
    assert client.get("/api/v1/units", headers=_bearer(raw2)).status_code == 401


def test_user_revokes_own_token(client_for, users):
    token, raw = token_create(actor=None, user=users["staff"], name="x")
    client = client_for("staff")
    response = client.post(_revoke_url(token))
    assert response.status_code == 302
    token.refresh_from_db()
    assert token.revoked_at is not None and token.revoked_by == users["staff"]
    assert AuditEvent.objects.filter(action="api_token.revoke").count() == 1
    client.logout()
    assert client.get("/api/v1/units", headers=_bearer(raw)).status_code == 401


def test_admin_lists_and_revokes_tokens_of_the_agency(client_for, users):
    token, _raw = token_create(actor=None, user=users["head"], name="Của lãnh đạo")
    foreign, _ = token_create(actor=None, user=users["other_agency"], name="Sở Nội vụ")
    client = client_for("admin")
    page = client.get(reverse("api:token_list")).content.decode()
    assert "Của lãnh đạo" in page and "Sở Nội vụ" not in page
    assert client.post(_revoke_url(token)).status_code == 302
    token.refresh_from_db()
    assert token.revoked_by == users["admin"]
    before = _snapshot()
    assert client.post(_revoke_url(foreign)).status_code == 403
    assert _snapshot() == before


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"admin", "head"}))
def test_others_cannot_revoke_someone_elses_token(client_for, users, persona):
    token, _raw = token_create(actor=None, user=users["head"], name="x")
    before = _snapshot()
    response = client_for(persona).post(_revoke_url(token))
    assert response.status_code == 403
    assert "Không có quyền truy cập" in response.content.decode()
    assert _snapshot() == before


def test_admin_creates_a_token_for_a_service_account_only(client_for, office, users):
    service = make_user("hr-sync", None, [(Role.SECRETARIAT, office["VP"])])
    client = client_for("admin")
    response = client.post(CREATE, {"name": "HR", "lifetime": "365", "user": service.pk})
    assert response.status_code == 200
    raw = _raw_from_page(response.content.decode())
    token = ApiToken.objects.get(user=service)
    assert token.created_by == users["admin"]
    client.logout()
    assert client.get("/api/v1/people", headers=_bearer(raw)).json()["count"] == 9
    # A colleague's account (linked to a person) is not offered: the admin would act as them.
    before = _snapshot()
    client = client_for("admin")
    response = client.post(CREATE, {"name": "x", "lifetime": "90", "user": users["head"].pk})
    assert response.status_code == 400
    assert _snapshot() == before


def test_non_admin_cannot_create_for_another_account(client_for, office, users):
    service = make_user("hr-sync", None, [(Role.SECRETARIAT, office["VP"])])
    before = _snapshot()
    response = client_for("secretariat").post(
        CREATE, {"name": "x", "lifetime": "90", "user": service.pk}
    )
    # The field does not exist for them: the token is created for themselves, never for hr-sync.
    assert not ApiToken.objects.filter(user=service).exists()
    assert response.status_code == 200
    assert ApiToken.objects.filter(user=users["secretariat"]).count() == 1
    assert len(_snapshot()[0]) == len(before[0]) + 1


@pytest.mark.parametrize("name", ["api:token_create", "api:token_revoke"])
def test_actions_are_post_only(client_for, users, name):
    token, _raw = token_create(actor=None, user=users["staff"], name="x")
    kwargs = {"pk": token.pk} if name == "api:token_revoke" else {}
    assert client_for("staff").get(reverse(name, kwargs=kwargs)).status_code == 405


def test_actions_need_csrf(users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["staff"])
    token, _raw = token_create(actor=None, user=users["staff"], name="x")
    before = _snapshot()
    assert client.post(CREATE, {"name": "y", "lifetime": "90"}).status_code == 403
    assert client.post(_revoke_url(token)).status_code == 403
    assert _snapshot() == before


def test_anonymous_is_sent_to_login(client, db):
    response = client.post(CREATE, {"name": "y", "lifetime": "90"})
    assert response.status_code == 302
    assert not ApiToken.objects.exists()


def test_empty_name_is_refused(client_for):
    response = client_for("staff").post(CREATE, {"name": "  ", "lifetime": "90"})
    assert response.status_code == 400
    assert not ApiToken.objects.exists()


# Docs and schema ------------------------------------------------------------------------


def test_docs_page_uses_local_static_files_only(client_for):
    response = client_for("staff").get("/api/docs")
    assert response.status_code == 200
    html = response.content.decode()
    urls = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert urls and all(url.startswith("/static/") for url in urls), urls
    assert "cdn" not in html.lower()
    # No inline executable script: only external files and a JSON data block.
    for attrs, _body in re.findall(r"<script([^>]*)>(.*?)</script>", html, re.S):
        assert "src=" in attrs or 'type="application/json"' in attrs, attrs
    assert "script-src 'self'" in response["Content-Security-Policy"]


def test_schema_needs_a_login_or_a_token(client, users):
    assert client.get("/api/openapi.json").status_code == 401
    assert client.get("/api/docs").status_code == 302
    _token, raw = token_create(actor=None, user=users["staff"], name="x")
    schema = client.get("/api/openapi.json", headers=_bearer(raw)).json()
    assert schema["openapi"].startswith("3.")
    assert schema["components"]["securitySchemes"] == {
        "BearerToken": {"type": "http", "scheme": "bearer"}
    }


# Scopes (issue 19, point 7): chosen at creation; a read token changes nothing. -----------------


def test_a_read_token_reads_but_cannot_write(client, users):
    _token, raw = token_create(actor=None, user=users["secretariat"], name="Chỉ đọc")
    headers = {"Authorization": f"Bearer {raw}"}
    assert client.get("/api/v1/people/P04", headers=headers).status_code == 200
    before = (AuditEvent.objects.count(), Person.objects.get(staff_code="P04").full_name)
    response = client.patch(
        "/api/v1/people/P04",
        data='{"full_name": "Tên bị đổi", "reason": "thử"}',
        content_type="application/json",
        headers=headers,
    )
    assert response.status_code == 403
    assert response.json()["detail"] == "Không có quyền truy cập."
    assert (AuditEvent.objects.count(), Person.objects.get(staff_code="P04").full_name) == before


def test_a_write_token_chosen_on_the_page_may_write(client_for, client, users):
    page = client_for("secretariat")
    response = page.post(CREATE, {"name": "Đồng bộ", "lifetime": "90", "scope": "write"})
    assert response.status_code == 200
    token = ApiToken.objects.get(name="Đồng bộ")
    assert token.scope == "write"
    assert "Đọc và ghi" in response.content.decode()
    response = page.post(CREATE, {"name": "Báo cáo", "lifetime": "90"})
    assert ApiToken.objects.get(name="Báo cáo").scope == "read"


def test_no_token_before_the_second_factor_for_roles_that_need_it(users):
    from django.core.exceptions import ValidationError
    from django_otp.plugins.otp_totp.models import TOTPDevice

    head = users["head"]
    TOTPDevice.objects.filter(user=head).delete()
    before = (ApiToken.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError, match="bật xác thực hai bước"):
        token_create(actor=head, user=head, name="Trước khi bật")
    assert (ApiToken.objects.count(), AuditEvent.objects.count()) == before
    TOTPDevice.objects.create(user=head, name="Điện thoại", confirmed=True)
    token, _raw = token_create(actor=head, user=head, name="Sau khi bật")
    assert token.pk
