"""Writes for accounts: creating a login for a person, roles, password changes."""

import datetime as dt
import secrets
import string

from django.db import transaction
from django.utils import timezone

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
