"""Reads of the audit log for the audit page, the admin and any export.

Who reads what (issue 19): every event carries its agency (or province, `AuditEvent.unit`);
`visible_audit_events(user)` is the one filter every reader goes through:
- the head or an administrator of an agency: that agency's events (a role held higher up, say
  an administrator of the province, covers every agency below it);
- an administrator also sees the events of the national tables, which belong to no agency
  (the legal parameter table, national legal texts);
- the province board: the province's own events and the moments its agencies' upward dossiers
  reach or leave the province (sent, sent again, returned, decided) — never an agency's inner
  work (disciplines, ratings, ballots);
- a division head, staff and anyone else: nothing;
- a Django superuser (the server's operator): everything, including rows written before
  events carried their agency and the creation of an account that has no person and no role
  yet (its role grant, which follows, carries the unit).
"""

import datetime as dt

from django.db.models import Q, QuerySet

from thidua.accounts.access import has_role, scope_units
from thidua.accounts.models import Role

from .models import AuditEvent

AGENCY_AUDIT_READERS = (Role.HEAD, Role.ADMIN)
# Object types of the national tables: their events have no unit (a regulation of the
# province or of an agency has one; a national law has none).
NATIONAL_OBJECT_TYPES = ("legal.legalparameter", "regulations.regulation")
# What of an agency's work the province board sees: its dossiers arriving at the province.
PROVINCE_ACTIONS = ("upward.send", "upward.resend", "upward.return", "upward.decide")


def audit_scope(user) -> Q:
    """A Q over AuditEvent matching what `user` may read (matches nothing for most users)."""
    if user is None or not user.is_authenticated or not user.is_active:
        return Q(pk__in=[])
    if user.is_superuser:
        return Q()
    condition = Q(pk__in=[])
    for unit in scope_units(user, AGENCY_AUDIT_READERS):
        condition |= Q(unit__path__startswith=unit.path)
    if has_role(user, [Role.ADMIN]):
        condition |= Q(unit__isnull=True, object_type__in=NATIONAL_OBJECT_TYPES)
    for province in scope_units(user, [Role.PROVINCE_BOARD]):
        condition |= Q(unit=province)
        condition |= Q(unit__path__startswith=province.path, action__in=PROVINCE_ACTIONS)
    return condition


def visible_audit_events(user) -> QuerySet[AuditEvent]:
    return AuditEvent.objects.filter(audit_scope(user))


def audit_events(
    *,
    user,
    actor_query: str = "",
    action: str = "",
    object_type: str = "",
    object_query: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    events = visible_audit_events(user)
    if actor_query:
        events = events.filter(
            Q(actor_repr__icontains=actor_query) | Q(actor__username__iexact=actor_query)
        )
    if action:
        events = events.filter(action=action)
    if object_type:
        events = events.filter(object_type=object_type)
    if object_query:
        events = events.filter(Q(object_repr__icontains=object_query) | Q(object_id=object_query))
    if date_from:
        events = events.filter(created_at__date__gte=date_from)
    if date_to:
        events = events.filter(created_at__date__lte=date_to)
    return events.order_by("-seq")


def audit_actions(user) -> list[str]:
    return list(
        visible_audit_events(user).order_by("action").values_list("action", flat=True).distinct()
    )


def audit_object_types(user) -> list[str]:
    return list(
        visible_audit_events(user)
        .order_by("object_type")
        .values_list("object_type", flat=True)
        .distinct()
    )
