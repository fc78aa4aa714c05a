"""Who sees which decisions, and the awards history of a person or a division.

The head, the secretariat and administrators of an agency see its drafts too; everyone else with
a role in the agency (or above it: the province board) sees its signed and cancelled decisions.
Another agency sees nothing.
"""

from django.db.models import Q, QuerySet

from thidua.accounts.access import active_assignments, has_role, has_role_within
from thidua.accounts.models import Role
from thidua.org.models import UnitKind

from .models import Award, Decision, DecisionStatus
from .services import DRAFT_READERS

ISSUED = (DecisionStatus.SIGNED, DecisionStatus.CANCELLED)
ALL_ROLES = tuple(Role.values)


def _scope(unit):
    """The agency a role's unit belongs to; a province (or agency) unit covers its subtree."""
    if unit.kind in (UnitKind.PROVINCE, UnitKind.AGENCY):
        return unit
    return unit.agency() or unit


def visible_decisions(user) -> QuerySet[Decision]:
    condition = Q(pk__in=[])
    for assignment in active_assignments(user):
        scope = _scope(assignment.unit)
        if assignment.role in DRAFT_READERS:
            condition |= Q(agency__path__startswith=scope.path)
        else:
            condition |= Q(agency__path__startswith=scope.path, status__in=ISSUED)
    return Decision.objects.filter(condition).select_related("agency", "number")


def can_read(user, decision: Decision) -> bool:
    if decision.status in ISSUED:
        return has_role_within(user, ALL_ROLES, decision.agency)
    return has_role(user, DRAFT_READERS, decision.agency)


def awards_of(*, person=None, unit=None) -> QuerySet[Award]:
    """The history, newest year first, revoked rows included (shown struck out with the reason)."""
    awards = Award.objects.select_related("decision")
    awards = awards.filter(person=person) if person is not None else awards.filter(unit=unit)
    return awards.order_by("-year", "-decided_on", "title_code")
