"""Who may do what, where: role and scope checks shared by views, services and selectors.

A role held at a unit covers that unit and all units below it (by the units' materialised path).
Every check runs on the server; templates only use these helpers to hide links.
"""

from collections.abc import Iterable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Role, RoleAssignment

# Roles that see and manage a whole agency's people.
AGENCY_MANAGERS = (Role.HEAD, Role.SECRETARIAT, Role.ADMIN)
PEOPLE_READERS = (*AGENCY_MANAGERS, Role.DIVISION_HEAD)
STAFF_EDITORS = (Role.SECRETARIAT, Role.ADMIN)
# Who may open the audit page; what each one sees there is `core.selectors.audit_scope`.
AUDIT_READERS = (Role.HEAD, Role.ADMIN, Role.PROVINCE_BOARD)


def active_assignments(user) -> list[RoleAssignment]:
    """The user's roles in force today, cached on the user object for the request."""
    if user is None or not user.is_authenticated:
        return []
    cached = getattr(user, "_active_assignments", None)
    if cached is None:
        today = timezone.localdate()
        cached = list(
            RoleAssignment.objects.filter(user=user, valid_from__lte=today)
            .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
            .select_related("unit")
        )
        user._active_assignments = cached
    return cached


def role_codes(user) -> set[str]:
    return {a.role for a in active_assignments(user)}


def has_role(user, roles: Iterable[str], unit=None) -> bool:
    """True when the user holds one of `roles` at `unit` or above it (any unit if None)."""
    roles = set(roles)
    for assignment in active_assignments(user):
        if assignment.role not in roles:
            continue
        if unit is None or unit.path.startswith(assignment.unit.path):
            return True
    return False


def has_role_within(user, roles: Iterable[str], unit) -> bool:
    """True when the user holds one of `roles` at `unit`, above it, or anywhere below it
    (a division head is "within" the agency of the division)."""
    roles = set(roles)
    return any(
        a.role in roles and (unit.path.startswith(a.unit.path) or a.unit.path.startswith(unit.path))
        for a in active_assignments(user)
    )


def scope_units(user, roles: Iterable[str]) -> list:
    """The units at which the user holds one of `roles` (each covers its subtree)."""
    roles = set(roles)
    return [a.unit for a in active_assignments(user) if a.role in roles]


def subtree_q(units, field: str = "path") -> Q:
    """A Q matching objects whose `field` (a unit path) lies under any of `units`."""
    condition = Q(pk__in=[])
    for unit in units:
        condition |= Q(**{f"{field}__startswith": unit.path})
    return condition


def ensure_role(actor, roles: Iterable[str], unit=None) -> None:
    """Raise PermissionDenied unless the actor holds a role at the unit. `None` is the system."""
    if actor is None:
        return
    if not has_role(actor, roles, unit):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))


def role_required(*roles):
    """View decorator: 403 unless the user holds one of `roles` somewhere."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if not has_role(request.user, roles):
                raise PermissionDenied(_("Bạn không có quyền truy cập trang này."))
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
