"""Reads of the regulations library: who sees which documents, where a user may add them, and
the search (the same accent-insensitive search as the exemplar library).

Visibility: national documents to everyone signed in; a province's documents to the agencies of
that province (and to its province board); an agency's own documents to its staff and to the
province board above it.
"""

import re

from django.db.models import Case, IntegerField, Q, QuerySet, Value, When

from thidua.accounts.access import active_assignments, has_role
from thidua.accounts.models import Role
from thidua.core.text import fold
from thidua.initiatives import search as library_search
from thidua.org.models import Unit, UnitKind

from .models import KIND_ORDER, Regulation, Scope

AGENCY_UPLOADERS = (Role.SECRETARIAT, Role.ADMIN)
PROVINCE_UPLOADERS = (Role.PROVINCE_BOARD, Role.ADMIN)
NATIONAL_UPLOADERS = (Role.PROVINCE_BOARD, Role.ADMIN)

# PostgreSQL full-text vector: number and title count most, then the summary, then the text.
# The folded title (words split on punctuation) rather than the raw one: PostgreSQL's parser
# would read "91/2017/NĐ-CP" as one path-like token, so "91/2017" would not find it.
VECTOR = (("A", ["search_title"]), ("B", ["summary"]), ("D", ["search_body"]))


def _province_of(unit: Unit | None) -> Unit | None:
    while unit is not None and unit.kind != UnitKind.PROVINCE:
        unit = unit.parent
    return unit


def user_units(user) -> tuple[set[int], set[int], list[Unit]]:
    """(agency ids, province ids, province-board provinces) the user belongs to."""
    agencies: set[Unit] = set()
    for assignment in active_assignments(user):
        agency = assignment.unit.agency()
        if agency is not None:
            agencies.add(agency)
    person = getattr(user, "person", None)
    if person is not None:
        agencies.add(person.agency)
    boards = [
        a.unit for a in active_assignments(user) if a.role == Role.PROVINCE_BOARD and a.unit.path
    ]
    provinces = {p.pk for p in (_province_of(a) for a in agencies) if p is not None}
    provinces |= {p.pk for p in (_province_of(u) for u in boards) if p is not None}
    return {a.pk for a in agencies}, provinces, boards


def visible_regulations(user) -> QuerySet[Regulation]:
    if user is None or not user.is_authenticated:
        return Regulation.objects.none()
    agencies, provinces, boards = user_units(user)
    condition = Q(scope=Scope.NATIONAL)
    condition |= Q(scope=Scope.PROVINCE, unit_id__in=provinces)
    condition |= Q(scope=Scope.AGENCY, unit_id__in=agencies)
    for board in boards:
        condition |= Q(scope=Scope.AGENCY, unit__path__startswith=board.path)
    return Regulation.objects.filter(condition).select_related("unit", "replaced_by")


def can_read(user, regulation: Regulation) -> bool:
    return visible_regulations(user).filter(pk=regulation.pk).exists()


def can_manage(user, scope: str, unit: Unit | None) -> bool:
    """May the user add or correct documents of this scope (and unit)?"""
    if scope == Scope.NATIONAL:
        return has_role(user, NATIONAL_UPLOADERS)
    if unit is None:
        return False
    if scope == Scope.PROVINCE:
        return unit.kind == UnitKind.PROVINCE and has_role(user, PROVINCE_UPLOADERS, unit)
    return unit.kind == UnitKind.AGENCY and has_role(user, AGENCY_UPLOADERS, unit)


def upload_targets(user) -> list[tuple[str, Unit | None]]:
    """Where the user may add documents: ("national", None), ("province", unit), ("agency",
    unit), in that order, each once."""
    targets: list[tuple[str, Unit | None]] = []
    if has_role(user, NATIONAL_UPLOADERS):
        targets.append((Scope.NATIONAL, None))
    seen = set()
    for assignment in active_assignments(user):
        unit = assignment.unit
        if assignment.role in PROVINCE_UPLOADERS and unit.kind == UnitKind.PROVINCE:
            key = (Scope.PROVINCE, unit.pk)
            if key not in seen:
                seen.add(key)
                targets.append((Scope.PROVINCE, unit))
    for assignment in active_assignments(user):
        unit = assignment.unit
        # Only a role held at the agency itself speaks for the agency's own documents.
        if assignment.role in AGENCY_UPLOADERS and unit.kind == UnitKind.AGENCY:
            key = (Scope.AGENCY, unit.pk)
            if key not in seen:
                seen.add(key)
                targets.append((Scope.AGENCY, unit))
    return targets


def ordered(queryset: QuerySet[Regulation]) -> QuerySet[Regulation]:
    """Laws first, then decrees, circulars, …; newest first within a kind."""
    kind_rank = Case(
        *[When(kind=kind, then=Value(i)) for i, kind in enumerate(KIND_ORDER)],
        output_field=IntegerField(),
    )
    scope_rank = Case(
        When(scope=Scope.NATIONAL, then=Value(0)),
        When(scope=Scope.PROVINCE, then=Value(1)),
        default=Value(2),
        output_field=IntegerField(),
    )
    return queryset.annotate(scope_rank=scope_rank, kind_rank=kind_rank).order_by(
        "scope_rank", "kind_rank", "-issued_on", "number", "pk"
    )


def search(queryset: QuerySet[Regulation], query: str) -> list[Regulation]:
    """Matching documents, best first, each with `rank` and `snippet` (a passage of the text
    around the first query word found, or "")."""
    rows = library_search.search(queryset, query, vector=VECTOR)
    terms = library_search.words(query)
    for row in rows:
        row.snippet = snippet(row.text or row.summary, terms) if terms else ""
    return rows


def _fold_keep_length(text: str) -> str:
    """Fold character by character so positions in the result are positions in `text`."""
    out = []
    for ch in text:
        folded = fold(ch)
        out.append(folded[:1] if len(folded) >= 1 else " ")
    return "".join(out)


def snippet(text: str, terms: list[str], width: int = 220) -> str:
    """About `width` characters of `text` around the first whole-word hit of a query word."""
    if not text or not terms:
        return ""
    folded = _fold_keep_length(text)
    for term in terms:
        match = re.search(rf"(?<!\w){re.escape(term)}(?!\w)", folded)
        if match:
            start = max(0, match.start() - width // 3)
            end = min(len(text), start + width)
            passage = " ".join(text[start:end].split())
            return ("… " if start else "") + passage + (" …" if end < len(text) else "")
    return ""
