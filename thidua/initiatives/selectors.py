"""Reads for initiatives: who sees which initiative, the inboxes, the library, and the mapping
of recognised initiatives onto the rules engine's input.

Engine input (thidua/rules/FORMAT.md `initiatives[]`), read as of the evaluation year Y: only
recognitions decided on or before 31 December Y count; `level` is the highest of those and
`recognized_on` the date of that recognition. So an office-level recognition in Y makes the
CSTĐCS check of Y pass, a provincial recognition in Y−1 places a provincial-scope initiative in
the CSTĐ tỉnh window, and a recognition made after Y never reaches back into Y. Each initiative
is one entry (the engine counts initiatives, not recognitions, for BK tỉnh and BK Thủ tướng).
`used_for` is the use for CSTĐCS if there is one (the only title whose backing the engine
blocks on reuse), else the latest use.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Q, QuerySet

from thidua.accounts.access import has_role
from thidua.accounts.models import Role
from thidua.movements.selectors import user_agencies

from .models import (
    ENGINE_LEVEL_ORDER,
    Exemplar,
    Initiative,
    InitiativeAuthor,
    InitiativeStatus,
    InitiativeUse,
    Recognition,
    ReviewSession,
    SessionStatus,
)
from .services import DECIDERS, MANAGERS

S = InitiativeStatus
# Roles that see every initiative of the agency once it has been submitted.
OFFICE_READERS = (*MANAGERS, *DECIDERS, Role.INITIATIVE_COUNCIL_MEMBER)
NOT_SUBMITTED = (S.DRAFT,)
UPWARD_YEARS = 5  # BK Thủ tướng looks back over the 5 years ending Y


def visible_initiatives(user) -> QuerySet[Initiative]:
    """Own initiatives (as an author), every submitted one for the agency's readers, and the
    recognised ones of the user's agencies (the library)."""
    condition = Q(pk__in=[])
    person_id = getattr(user, "person_id", None)
    if person_id is not None:
        condition |= Q(authors__person_id=person_id)
    for agency in user_agencies(user):
        if has_role(user, OFFICE_READERS, agency):
            condition |= Q(agency=agency) & ~Q(status__in=NOT_SUBMITTED)
        else:
            condition |= Q(agency=agency, status=S.RECOGNISED)
    ids = Initiative.objects.filter(condition).values("pk")
    return Initiative.objects.filter(pk__in=ids).select_related("agency")


def own_initiatives(user) -> QuerySet[Initiative]:
    person_id = getattr(user, "person_id", None)
    if person_id is None:
        return Initiative.objects.none()
    return Initiative.objects.filter(authors__person_id=person_id).distinct()


def inbox(user) -> QuerySet[Initiative]:
    """Submitted initiatives waiting for the secretariat, for the agencies the user manages."""
    agencies = [a for a in user_agencies(user) if has_role(user, MANAGERS, a)]
    return Initiative.objects.filter(
        agency__in=agencies, status__in=(S.SUBMITTED, S.RESUBMITTED)
    ).order_by("submitted_at", "id")


def open_sessions_for(user) -> QuerySet[ReviewSession]:
    """Sessions the user sits on (as a member) or runs (as the secretariat), still open."""
    agencies = user_agencies(user)
    run = [a for a in agencies if has_role(user, (*MANAGERS, *DECIDERS), a)]
    return (
        ReviewSession.objects.filter(Q(members=user) | Q(council__agency__in=run))
        .filter(status=SessionStatus.OPEN)
        .distinct()
        .select_related("council")
    )


def library_initiatives(user) -> QuerySet[Initiative]:
    return Initiative.objects.filter(agency__in=user_agencies(user), status=S.RECOGNISED)


def library_exemplars(user) -> QuerySet[Exemplar]:
    return Exemplar.objects.filter(
        agency__in=user_agencies(user), withdrawn_at__isnull=True
    ).select_related("person", "unit")


def engine_initiatives(person_ids, year: int) -> dict[int, list[dict]]:
    """person id → the engine's `initiatives[]` entries for `year` (see the module docstring)."""
    person_ids = list(person_ids)
    last_day = dt.date(year, 12, 31)
    authorship = defaultdict(set)  # initiative id → author person ids
    for start in range(0, len(person_ids), 500):
        chunk = person_ids[start : start + 500]
        for initiative_id, person_id in InitiativeAuthor.objects.filter(
            person_id__in=chunk, initiative__status=S.RECOGNISED
        ).values_list("initiative_id", "person_id"):
            authorship[initiative_id].add(person_id)
    if not authorship:
        return {}
    best: dict[int, tuple[str, dt.date]] = {}
    recognitions = Recognition.objects.filter(
        initiative_id__in=list(authorship), decided_on__lte=last_day
    ).values_list("initiative_id", "level", "decided_on")
    for initiative_id, level, decided_on in recognitions:
        current = best.get(initiative_id)
        rank = ENGINE_LEVEL_ORDER.index(level)
        if current is None or rank > ENGINE_LEVEL_ORDER.index(current[0]):
            best[initiative_id] = (level, decided_on)
    uses: dict[int, InitiativeUse] = {}
    for use in InitiativeUse.objects.filter(initiative_id__in=list(best)).order_by("year", "id"):
        kept = uses.get(use.initiative_id)
        if kept is None or kept.title_code != "CSTDCS":
            uses[use.initiative_id] = use
    codes = dict(Initiative.objects.filter(pk__in=list(best)).values_list("pk", "year"))
    result: dict[int, list[dict]] = defaultdict(list)
    for initiative_id in sorted(best):
        level, decided_on = best[initiative_id]
        if decided_on.year <= year - UPWARD_YEARS:
            continue
        use = uses.get(initiative_id)
        entry = {
            "id": f"SK-{codes[initiative_id]}-{initiative_id:03d}",
            "level": level,
            "recognized_on": decided_on.isoformat(),
            "used_for": {"year": use.year, "title": use.title_code} if use else None,
        }
        for person_id in sorted(authorship[initiative_id]):
            result[person_id].append(entry)
    return dict(result)
