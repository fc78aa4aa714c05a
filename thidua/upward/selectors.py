"""Reads for upward dossiers, always filtered by who may see them.

The head, the secretariat and administrators see their agency's dossiers; the province board
(a role held on a province unit) sees, read-only, the dossiers the agencies of its province have
sent (sent, returned by the province or decided); nobody else sees any.
"""

from django.db.models import Q, QuerySet

from thidua.accounts.access import has_role, scope_units, subtree_q
from thidua.accounts.models import Role
from thidua.org.models import UnitKind

from .models import UpwardDossier

READERS = (Role.HEAD, Role.SECRETARIAT, Role.ADMIN)
BOARD = (Role.PROVINCE_BOARD,)


def visible_dossiers(user) -> QuerySet[UpwardDossier]:
    condition = Q(pk__in=[])
    managers = scope_units(user, READERS)
    if managers:
        condition |= subtree_q(managers, "agency__path")
    boards = scope_units(user, BOARD)
    if boards:
        condition |= subtree_q(boards, "agency__path") & Q(sent_at__isnull=False)
    return UpwardDossier.objects.filter(condition).select_related("agency", "memo_number")


def province_dossiers(user) -> QuerySet[UpwardDossier]:
    """The province board's inbox: sent dossiers of the agencies under its province."""
    boards = scope_units(user, BOARD)
    if not boards:
        return UpwardDossier.objects.none()
    return (
        UpwardDossier.objects.filter(subtree_q(boards, "agency__path"), sent_at__isnull=False)
        .select_related("agency", "memo_number")
        .order_by("-sent_at", "-id")
    )


def managed_agencies(user, roles=READERS) -> list:
    """The agencies where the user holds one of `roles` (at the agency or above it)."""
    from thidua.org.models import Unit

    units = scope_units(user, roles)
    if not units:
        return []
    return list(Unit.objects.filter(subtree_q(units), kind=UnitKind.AGENCY).order_by("name"))


def is_manager(user, dossier: UpwardDossier) -> bool:
    return has_role(user, READERS, dossier.agency)
