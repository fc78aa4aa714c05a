"""The second factor: time-based one-time codes (TOTP, RFC 6238) with django-otp.

Required for the roles in settings.THIDUA_OTP_REQUIRED_ROLES (and, when "admin" is listed, for
accounts that may open the admin site); optional for everyone else. A user has at most one
confirmed device; an unconfirmed one exists only while the setup page is being completed.
"""

from base64 import b32encode

import segno
from django.conf import settings
from django_otp.plugins.otp_totp.models import TOTPDevice

from .access import role_codes

DEVICE_NAME = "Ứng dụng xác thực"


def otp_required(user) -> bool:
    """True when the user may not use the application without a second factor."""
    if user is None or not user.is_authenticated:
        return False
    required = set(settings.THIDUA_OTP_REQUIRED_ROLES)
    if "admin" in required and (user.is_staff or user.is_superuser):
        return True
    return bool(required & role_codes(user))


def confirmed_device(user) -> TOTPDevice | None:
    if user is None or user.pk is None:
        return None
    return TOTPDevice.objects.filter(user=user, confirmed=True).order_by("pk").first()


def has_confirmed_device(user) -> bool:
    return (
        user is not None
        and user.pk is not None
        and (TOTPDevice.objects.filter(user=user, confirmed=True).exists())
    )


def setup_device(user) -> TOTPDevice:
    """The unconfirmed device the setup page shows (created once, reused until confirmed)."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).order_by("pk").first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name=DEVICE_NAME, confirmed=False)
    return device


def secret_text(device: TOTPDevice) -> str:
    """The secret in base32, in groups of four, for typing into an app by hand."""
    secret = b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_svg(device: TOTPDevice, title: str) -> str:
    """The otpauth:// URL as an inline SVG QR code (no script, no style attribute)."""
    return segno.make(device.config_url, error="m").svg_inline(
        scale=4, title=title, dark="#000", light="#fff"
    )
