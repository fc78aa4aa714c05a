"""Writes for accounts: creating a login for a person, roles, password changes."""

import datetime as dt
import secrets
import string

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record

from .access import ensure_role
from .models import Role, RoleAssignment, User

ALPHABET = string.ascii_letters + string.digits


def generate_initial_password(length: int = 16) -> str:
    """A random password that passes the validators (letters and digits, 16 characters)."""
    while True:
        password = "".join(secrets.choice(ALPHABET) for _ in range(length))
        if any(c.isdigit() for c in password) and any(c.isalpha() for c in password):
            return password


@transaction.atomic
def user_create(
    *,
    actor,
    username: str,
    full_name: str,
    person=None,
    password: str | None = None,
    must_change_password: bool = True,
) -> tuple[User, str]:
    """Create an account with an initial password; the user must change it on first login.

    Returns the user and the initial password, which is shown once and never stored in clear.
    """
    ensure_role(actor, [Role.ADMIN], person.agency if person is not None else None)
    password = password or generate_initial_password()
    user = User(
        username=username,
        full_name=full_name,
        person=person,
        must_change_password=must_change_password,
    )
    user.set_password(password)
    user.full_clean(exclude=["password"])
    user.save()
    audit_record(
        actor=actor,
        action="user.create",
        obj=user,
        after={
            "username": username,
            "full_name": full_name,
            "person": person.staff_code if person is not None else None,
        },
    )
    return user, password


@transaction.atomic
def role_grant(
    *, actor, user: User, role: str, unit, valid_from: dt.date | None = None
) -> RoleAssignment:
    ensure_role(actor, [Role.ADMIN], unit)
    existing = RoleAssignment.objects.filter(
        user=user, role=role, unit=unit, valid_to__isnull=True
    ).first()
    if existing is not None:
        return existing
    assignment = RoleAssignment.objects.create(
        user=user, role=role, unit=unit, valid_from=valid_from or timezone.localdate()
    )
    audit_record(
        actor=actor,
        action="role.grant",
        obj=assignment,
        after={"user": user.username, "role": role, "unit": unit.code},
    )
    return assignment


@transaction.atomic
def role_revoke(
    *, actor, assignment: RoleAssignment, on_date: dt.date | None = None, reason: str = ""
) -> None:
    assignment = RoleAssignment.objects.select_for_update().get(pk=assignment.pk)
    ensure_role(actor, [Role.ADMIN], assignment.unit)
    assignment.valid_to = on_date or timezone.localdate()
    assignment.save(update_fields=["valid_to"])
    audit_record(
        actor=actor,
        action="role.revoke",
        obj=assignment,
        after={"valid_to": assignment.valid_to},
        reason=reason,
    )


@transaction.atomic
def password_set(*, actor, user: User, password: str, initial: bool = False) -> None:
    """Set a password (already validated by the form). An initial password must be changed at
    the next login."""
    user = User.objects.select_for_update().get(pk=user.pk)
    user.set_password(password)
    user.must_change_password = initial
    user.save(update_fields=["password", "must_change_password"])
    audit_record(
        actor=actor, action="user.password_reset" if initial else "user.password_change", obj=user
    )
    revoke_api_tokens(actor=actor, user=user, reason=_("Mật khẩu đã được đổi."))


def revoke_api_tokens(*, actor, user: User, reason: str) -> int:
    """A password change, reset or a disabled account ends every API token of the user
    (issue 19): a token taken with the old credentials must not outlive them."""
    from thidua.api.services import tokens_revoke_all

    return tokens_revoke_all(actor=actor, user=user, reason=reason)


# --- Second factor ---------------------------------------------------------------------------


@transaction.atomic
def otp_confirm(*, actor, device, token: str) -> bool:
    """Confirm a new TOTP device with its first code; the user's other devices are removed.

    Returns False (and changes nothing but the device's throttle) when the code is wrong."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    if actor is None or device.user_id != actor.pk:
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    if not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user_id=device.user_id).exclude(pk=device.pk).delete()
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    audit_record(actor=actor, action="user.otp_enable", obj=device.user, after={"otp": True})
    return True


@transaction.atomic
def otp_disable(*, actor, user: User, token: str) -> bool:
    """The user turns the optional second factor off, proving it with a current code.

    Refused for users whose roles require it (only an administrator's reset removes it)."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from .otp import confirmed_device, otp_required

    if actor is None or actor.pk != user.pk or otp_required(user):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    device = confirmed_device(user)
    if device is None or not device.verify_token(token):
        return False
    TOTPDevice.objects.filter(user=user).delete()
    audit_record(actor=actor, action="user.otp_disable", obj=user, before={"otp": True})
    return True


@transaction.atomic
def otp_reset(*, actor, user: User, reason: str) -> int:
    """An administrator removes a user's devices (lost phone); the user enrols again at the
    next login if a device is required. Returns the number of devices removed."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    unit = user.person.agency if user.person_id else None
    ensure_role(actor, [Role.ADMIN], unit)
    if not reason.strip():
        raise ValidationError(_("Cần nêu lý do."))
    user = User.objects.select_for_update().get(pk=user.pk)
    removed, _detail = TOTPDevice.objects.filter(user=user).delete()
    audit_record(
        actor=actor,
        action="user.otp_reset",
        obj=user,
        before={"devices": removed},
        after={"devices": 0},
        reason=reason.strip(),
    )
    return removed


# --- Inactive accounts -------------------------------------------------------------------------


def inactivity_cutoff(now=None):
    """Accounts whose last activity is before this moment are inactive (None: check off)."""
    days = settings.THIDUA_INACTIVE_DAYS
    if not days or days <= 0:
        return None
    return (now or timezone.now()) - dt.timedelta(days=days)


def last_activity(user):
    """The last login, or the creation or re-activation of the account if later."""
    moments = [m for m in (user.last_login, user.date_joined, user.activity_since) if m]
    return max(moments) if moments else None


def is_inactive_too_long(user, now=None) -> bool:
    cutoff = inactivity_cutoff(now)
    moment = last_activity(user)
    return cutoff is not None and moment is not None and moment < cutoff


def inactive_users(now=None):
    """Active accounts with no login (nor creation, nor re-activation) since the cutoff."""
    cutoff = inactivity_cutoff(now)
    if cutoff is None:
        return User.objects.none()
    return (
        User.objects.filter(is_active=True, date_joined__lt=cutoff)
        .filter(Q(last_login__isnull=True) | Q(last_login__lt=cutoff))
        .filter(Q(activity_since__isnull=True) | Q(activity_since__lt=cutoff))
        .order_by("username")
    )


@transaction.atomic
def user_disable_inactive(*, actor, user: User, now=None) -> bool:
    """Disable one account that has been inactive too long (audited). False if it was not."""
    user = User.objects.select_for_update().get(pk=user.pk)
    if not user.is_active or not is_inactive_too_long(user, now):
        return False
    user.is_active = False
    user.save(update_fields=["is_active"])
    revoke_api_tokens(actor=actor, user=user, reason=_("Tài khoản bị khoá."))
    moment = last_activity(user)
    audit_record(
        actor=actor,
        action="user.disable_inactive",
        obj=user,
        before={"is_active": True},
        after={"is_active": False, "last_activity": moment},
        reason=_("Không đăng nhập quá %(days)d ngày") % {"days": settings.THIDUA_INACTIVE_DAYS},
    )
    return True
