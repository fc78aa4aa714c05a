"""Before anything else: a second factor where one is due, then a new initial password.

SecondFactorMiddleware (after django-otp's OTPMiddleware): a logged-in user whose session has
not passed the second factor is sent to enter a code if they have a confirmed device, or to set
one up if their roles require it. ForcePasswordChangeMiddleware: a user who still has an
initial password is sent to the password-change page.
"""

import time

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

ALLOWED_PREFIXES = ("/static/", "/i18n/")
REFRESHED_KEY = "_refreshed_at"


class SessionRefreshMiddleware:
    """Slide the idle timeout (SESSION_COOKIE_AGE) without a session write on every request:
    a signed-in session is saved again, with a new expiry, only when its last refresh is older
    than SESSION_REFRESH_SECONDS. (SESSION_SAVE_EVERY_REQUEST wrote the session row on every
    page view, which on SQLite made every reader a writer.)"""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        session = getattr(request, "session", None)
        if (
            session is not None
            and session.session_key
            and not request.path.startswith(ALLOWED_PREFIXES)
        ):
            now = int(time.time())
            last = session.get(REFRESHED_KEY)
            if not isinstance(last, int) or now - last >= settings.SESSION_REFRESH_SECONDS:
                session[REFRESHED_KEY] = now  # marks the session modified: saved on the way out
        return self.get_response(request)


def _otp_paths():
    return (
        reverse("accounts:otp_verify"),
        reverse("accounts:otp_setup"),
        reverse("accounts:logout"),
    )


class SecondFactorMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        from .otp import has_confirmed_device, otp_required

        user = getattr(request, "user", None)
        if (
            user is not None
            and user.is_authenticated
            and not request.path.startswith(ALLOWED_PREFIXES)
            and not user.is_verified()
            and request.path not in _otp_paths()
        ):
            if has_confirmed_device(user):
                return redirect("accounts:otp_verify")
            if otp_required(user):
                return redirect("accounts:otp_setup")
        return self.get_response(request)


class ForcePasswordChangeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and user.must_change_password:
            allowed = (reverse("accounts:password_change"), *_otp_paths())
            if request.path not in allowed and not request.path.startswith(ALLOWED_PREFIXES):
                return redirect("accounts:password_change")
        return self.get_response(request)
