"""Security headers on every page: every GET URL of the permission matrix, visited as the
secretariat (allowed or refused), the public pages, errors and redirects."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from thidua.tests.test_permission_matrix import (  # noqa: F401
    MATRIX,
    _url,
    batch,
    module_world,
    objects,
)

pytestmark = pytest.mark.usefixtures("module_world")

SECRETARIAT_URLS = sorted(MATRIX)


def csp_directives(response) -> dict[str, list[str]]:
    policy = response["Content-Security-Policy"]
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


def assert_security_headers(response, personal=True):
    csp = csp_directives(response)
    assert "'unsafe-inline'" not in response["Content-Security-Policy"]
    assert "'unsafe-eval'" not in response["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"]
    if csp.get("default-src") == ["'none'"]:
        # A private file served by a view: nothing may run, sandboxed.
        assert "sandbox" in csp
    else:
        assert csp["script-src"] == ["'self'"]
        assert csp["object-src"] == ["'none'"]
        assert csp["base-uri"] == ["'self'"]
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    if personal:
        assert "no-store" in response["Cache-Control"]


def test_every_get_url_as_the_secretariat_has_the_headers(client_for, objects):  # noqa: F811
    client = client_for("secretariat")
    seen = 0
    for name in SECRETARIAT_URLS:
        kwargs, _allowed = MATRIX[name]
        response = client.get(_url(name, kwargs, objects))
        assert response.status_code in (200, 302, 403, 404), (name, response.status_code)
        try:
            assert_security_headers(response)
        except AssertionError as error:
            raise AssertionError(f"{name}: {error}") from error
        seen += 1
    assert seen == len(MATRIX) > 50


@pytest.mark.parametrize(
    "url",
    [
        reverse("accounts:login"),
        reverse("accounts:password_reset"),
        reverse("accounts:password_reset_done"),
        reverse("accounts:password_reset_complete"),
        "/khong-co-trang-nay/",
    ],
)
def test_public_pages_have_the_headers(client, db, url):
    response = client.get(url)
    assert response.status_code in (200, 404)
    assert_security_headers(response, personal=False)


def test_redirects_of_the_middleware_have_the_headers(client, users):
    """A head without a device is redirected to the setup page by a middleware: that response,
    too, carries the headers and is not cached."""
    TOTPDevice.objects.filter(user=users["head"]).delete()  # the shared world gave one
    client.post(
        reverse("accounts:login"), {"username": "head", "password": "Mat-khau-thu-nghiem-2026"}
    )
    response = client.get("/")
    assert response.status_code == 302
    assert_security_headers(response)


def test_anonymous_redirect_to_login_has_the_headers(client, db):
    response = client.get("/to-chuc/can-bo/")
    assert response.status_code == 302
    assert_security_headers(response, personal=False)


def test_personal_downloads_are_not_cached(client_for, objects):  # noqa: F811
    response = client_for("secretariat").get(
        reverse("movements:registrations_export", kwargs={"pk": objects["MOVEMENT"], "fmt": "xlsx"})
    )
    assert response.status_code == 200
    assert "no-store" in response["Cache-Control"]
    assert response["X-Content-Type-Options"] == "nosniff"


def test_private_downloads_keep_their_policy_and_cannot_be_framed(client_for, objects):  # noqa: F811
    response = client_for("secretariat").get(
        reverse(
            "reviews:attachment",
            kwargs={"pk": objects["PROPOSAL"], "attachment_pk": objects["ATTACHMENT"]},
        )
    )
    assert response.status_code == 200
    csp = csp_directives(response)
    assert csp["default-src"] == ["'none'"] and "sandbox" in csp
    assert csp["frame-ancestors"] == ["'none'"]
    assert "no-store" in response["Cache-Control"]


def test_deploy_settings_are_strict():
    from config import settings as production

    assert production.SESSION_COOKIE_HTTPONLY is True
    assert production.X_FRAME_OPTIONS == "DENY"
    assert production.SECURE_CONTENT_TYPE_NOSNIFF is True
    assert production.PASSWORD_RESET_TIMEOUT == 3600
