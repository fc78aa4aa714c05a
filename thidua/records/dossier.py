"""The one mapping from the database to the rules engine's input (thidua/rules/FORMAT.md).

``build_dossier`` is what the eligibility pages evaluate and what ``export_dossier`` writes, so
an auditor can re-run ``manage.py evaluate`` on exactly the data the pages used. It reads a
fixed number of queries whatever the size of the office (no per-person queries).

Readings applied (see the module's tests):
- people: those whose membership on 31 December (or, if they left during the year, their last
  membership within the year) is in the agency; their ``collective`` is that unit's code when it
  is a division that emulates as a collective;
- collectives: the agency's collective divisions with at least one membership in the year;
- facts: disciplines decided in the year, leaves and trainings overlapping the year, research
  topics accepted in the year, prior-service periods (earlier contracts at the office) that
  start by 31 December, a discipline's ``duty_related`` when it is recorded; withdrawn facts
  and superseded versions are left out;
- history: years Y−1 … Y−6, each present only when a rating or an award exists for it; award
  codes the engine does not know are left out.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Exists, OuterRef, Q, Subquery

from thidua.decisions.models import Award
from thidua.movements.models import MovementKind, Registration
from thidua.org.models import Membership, Unit, UnitKind
from thidua.rules import evaluate_data
from thidua.rules.codes import TITLES

from .models import (
    CollectiveRecord,
    Discipline,
    Leave,
    PersonRating,
    PriorService,
    ResearchTopic,
    Training,
)

HISTORY_YEARS = 6


def initiatives_for(person_ids, year: int) -> dict[int, list[dict]]:
    """Hook for the initiatives app: person id → the person's initiatives in the dossier format
    (``{"id", "level", "recognized_on", "used_for"}``) relevant to ``year`` and the upward
    screenings (Y−4 … Y). Empty until initiatives are recorded in the application."""
    from thidua.initiatives.selectors import engine_initiatives  # reading: see its docstring

    return engine_initiatives(person_ids, year)


def _is_collective(unit: Unit) -> bool:
    return unit.kind == UnitKind.DIVISION and unit.is_collective


def _iso(value: dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _memberships_in_year(year: int):
    first, last = _year_bounds(year)
    return Membership.objects.filter(start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )


def year_members(*, agency: Unit, year: int, unit: Unit | None = None) -> list[Membership]:
    """The deciding membership of each person counted in the agency for ``year``, ordered by
    staff code: the one in force on 31 December, else the last one within the year."""
    scope = unit or agency
    in_agency = _memberships_in_year(year).filter(unit__path__startswith=agency.path)
    rows = (
        _memberships_in_year(year)
        .filter(person_id__in=Subquery(in_agency.values("person_id")))
        .select_related("unit", "person")
        .order_by("person_id", "start_date", "id")
    )
    deciding: dict[int, Membership] = {}
    for membership in rows:
        deciding[membership.person_id] = membership  # the latest start wins
    chosen = [m for m in deciding.values() if m.unit.path.startswith(scope.path)]
    chosen.sort(key=lambda m: m.person.staff_code)
    return chosen


def _collectives(agency, year, unit):
    scope = unit or agency
    had_members = _memberships_in_year(year).filter(unit=OuterRef("pk"))
    units = (
        Unit.objects.filter(path__startswith=scope.path, kind=UnitKind.DIVISION, is_collective=True)
        .filter(Exists(had_members))
        .order_by("code")
    )
    return list(units)


def build_dossier(
    *,
    agency: Unit,
    year: int,
    unit: Unit | None = None,
    decision_date: dt.date | None = None,
    settings: dict | None = None,
) -> dict:
    """The rules engine's input for ``agency`` and ``year`` (optionally one division)."""
    first, last = _year_bounds(year)
    members = year_members(agency=agency, year=year, unit=unit)
    person_ids = [m.person_id for m in members]
    # Filtering by a subquery, not by a list of ids, keeps every query's parameters few.
    in_year = _memberships_in_year(year).filter(unit__path__startswith=agency.path)
    ids_q = Subquery(in_year.values("person_id"))

    ratings: dict[tuple[int, int], str] = {
        (person_id, rating_year): rating
        for person_id, rating_year, rating in PersonRating.objects.filter(
            person_id__in=ids_q,
            superseded_at__isnull=True,
            year__gte=year - HISTORY_YEARS,
            year__lte=year,
        ).values_list("person_id", "year", "rating")
    }
    awards: dict[tuple[int, int], set[str]] = defaultdict(set)
    for person_id, award_year, code in Award.objects.filter(
        person_id__in=ids_q,
        revoked_at__isnull=True,
        year__gte=year - HISTORY_YEARS,
        year__lt=year,
        title_code__in=TITLES,
    ).values_list("person_id", "year", "title_code"):
        awards[(person_id, award_year)].add(code)

    disciplines = defaultdict(list)
    for row in Discipline.objects.filter(
        person_id__in=ids_q, withdrawn_at__isnull=True, decided_on__range=(first, last)
    ).order_by("decided_on", "id"):
        item = {"form": row.form, "decided_on": _iso(row.decided_on)}
        if row.duty_related is not None:
            item["duty_related"] = row.duty_related
        disciplines[row.person_id].append(item)
    prior_service = defaultdict(list)
    for row in PriorService.objects.filter(
        person_id__in=ids_q, withdrawn_at__isnull=True, start__lte=last
    ).order_by("start", "id"):
        prior_service[row.person_id].append({"start": _iso(row.start), "end": _iso(row.end)})
    leaves = defaultdict(list)
    for row in Leave.objects.filter(
        person_id__in=ids_q, withdrawn_at__isnull=True, start__lte=last, end__gte=first
    ).order_by("start", "id"):
        leaves[row.person_id].append(
            {"kind": row.kind, "start": _iso(row.start), "end": _iso(row.end)}
        )
    trainings = defaultdict(list)
    for row in Training.objects.filter(
        person_id__in=ids_q, withdrawn_at__isnull=True, start__lte=last, end__gte=first
    ).order_by("start", "id"):
        trainings[row.person_id].append(
            {"start": _iso(row.start), "end": _iso(row.end), "result": row.result or None}
        )
    topics = defaultdict(list)
    for row in ResearchTopic.objects.filter(
        person_id__in=ids_q, withdrawn_at__isnull=True, accepted_on__range=(first, last)
    ).order_by("accepted_on", "id"):
        topics[row.person_id].append(
            {"id": row.code, "accepted_on": _iso(row.accepted_on), "applied": row.applied}
        )

    registrations = Registration.objects.filter(
        movement__agency=agency,
        movement__year=year,
        movement__kind=MovementKind.REGULAR,
        superseded_at__isnull=True,
    ).values_list("person_id", "unit_id", "title_code")
    person_registered, unit_registered = {}, {}
    for person_id, unit_id, code in registrations:
        if person_id is not None:
            person_registered[person_id] = code
        else:
            unit_registered[unit_id] = code

    collectives = []
    units = _collectives(agency, year, unit)
    records = {
        r.unit_id: r
        for r in CollectiveRecord.objects.filter(
            unit__in=[u.pk for u in units], year=year, superseded_at__isnull=True
        )
    }
    for division in units:
        entry = {"id": division.code, "name": division.name}
        record = records.get(division.pk)
        if record is not None:
            entry["rating"] = record.rating
            entry["emulation_effective"] = record.emulation_effective
            entry["solidarity"] = record.solidarity
        if division.pk in unit_registered:
            entry["registered"] = unit_registered[division.pk]
        collectives.append(entry)

    initiatives = initiatives_for(person_ids, year)
    people = []
    for membership in members:
        person, pid = membership.person, membership.person_id
        entry = {"id": person.staff_code, "name": person.full_name}
        if _is_collective(membership.unit):
            entry["collective"] = membership.unit.code
        entry["recruited_on"] = _iso(person.recruited_on)
        if (pid, year) in ratings:
            entry["rating"] = ratings[(pid, year)]
        if pid in person_registered:
            entry["registered"] = person_registered[pid]
        entry["disciplines"] = disciplines.get(pid, [])
        if pid in prior_service:
            entry["prior_service"] = prior_service[pid]
        entry["leaves"] = leaves.get(pid, [])
        entry["trainings"] = trainings.get(pid, [])
        entry["initiatives"] = initiatives.get(pid, [])
        entry["research_topics"] = topics.get(pid, [])
        history = []
        for past in range(year - 1, year - HISTORY_YEARS - 1, -1):
            rating = ratings.get((pid, past))
            titles = awards.get((pid, past))
            if rating is None and not titles:
                continue
            history.append({"year": past, "rating": rating, "titles": sorted(titles or ())})
        entry["history"] = history
        people.append(entry)

    dossier: dict = {"year": year}
    if decision_date is not None:
        dossier["decision_date"] = _iso(decision_date)
    if settings:
        dossier["settings"] = dict(settings)
    dossier["collectives"] = collectives
    dossier["people"] = people
    return dossier


def evaluate_agency(
    *,
    agency: Unit,
    year: int,
    unit: Unit | None = None,
    decision_date: dt.date | None = None,
    settings: dict | None = None,
) -> dict:
    """The rules engine's result for the dossier ``build_dossier`` returns."""
    from thidua.legal.selectors import legal_parameters

    return evaluate_data(
        build_dossier(
            agency=agency, year=year, unit=unit, decision_date=decision_date, settings=settings
        ),
        parameters=legal_parameters(),
    )
