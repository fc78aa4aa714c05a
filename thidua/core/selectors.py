"""Reads of the audit log for the audit page."""

import datetime as dt

from django.db.models import Q, QuerySet

from .models import AuditEvent


def audit_events(
    *,
    actor_query: str = "",
    action: str = "",
    object_type: str = "",
    object_query: str = "",
    date_from: dt.date | None = None,
    date_to: dt.date | None = None,
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.all()
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


def audit_actions() -> list[str]:
    return list(AuditEvent.objects.order_by("action").values_list("action", flat=True).distinct())


def audit_object_types() -> list[str]:
    return list(
        AuditEvent.objects.order_by("object_type").values_list("object_type", flat=True).distinct()
    )
