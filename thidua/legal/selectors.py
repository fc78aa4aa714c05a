"""Reads of the legal parameter table: the engine's parameter object, rows for the page."""

import datetime as dt

from django.utils import timezone

from thidua.rules.parameters import DEFAULT_PARAMETERS, LegalParameters

from .models import LegalParameter


def active_rows():
    return LegalParameter.objects.filter(withdrawn_at__isnull=True).select_related("entered_by")


def legal_parameters() -> LegalParameters:
    """The rows in the database as the rules engine's parameter table (seeded by migration).
    An empty table (a database flushed after the migration, as test databases are) reads as
    the engine's seed rows, so money never silently disappears."""
    rows = [row.as_row() for row in active_rows()]
    return LegalParameters(rows) if rows else DEFAULT_PARAMETERS


def staleness_warning(on: dt.date | None = None) -> str | None:
    """The engine's warning for a decision dated ``on`` (today when not given)."""
    return legal_parameters().staleness_warning(on or timezone.localdate())
