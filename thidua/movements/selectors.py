"""Reads for movements: visibility, registration completeness and the live target dashboard.

Progress is computed on every request from the current records through the rules engine (the
same path as `manage.py evaluate`), so it is never stale when a record changes.
"""

from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils import timezone

from thidua.accounts.access import active_assignments, has_role
from thidua.accounts.models import Role
from thidua.decisions.models import Award
from thidua.org.models import Membership, Person, Unit

from .models import Movement, MovementStatus, Registration, Target, TargetBase, TargetSubject
from .titles import registration_covers

PLAN_READERS_OF_DRAFTS = (Role.SECRETARIAT, Role.HEAD, Role.ADMIN)


def user_agencies(user) -> list[Unit]:
    agencies = {a.unit.agency() for a in active_assignments(user)}
    if getattr(user, "person", None) is not None:
        agencies.add(user.person.agency)
    return [a for a in agencies if a is not None]


def visible_movements(user) -> QuerySet[Movement]:
    """Launched and closed movements of the user's agencies; drafts only for those who write or
    decide the plan."""
    agencies = user_agencies(user)
    condition = Q(pk__in=[])
    for agency in agencies:
        if has_role(user, PLAN_READERS_OF_DRAFTS, agency):
            condition |= Q(agency=agency)
        else:
            condition |= Q(agency=agency) & ~Q(status=MovementStatus.DRAFT)
    return Movement.objects.filter(condition).select_related("agency", "number")


def current_movement(user) -> Movement | None:
    """The regular movement of this year if launched, else the latest launched one."""
    movements = visible_movements(user).filter(kind="regular").exclude(status=MovementStatus.DRAFT)
    year = timezone.localdate().year
    return movements.filter(year=year).first() or movements.order_by("-year").first()


def current_registrations(movement: Movement) -> dict[str, dict[int, Registration]]:
    rows = movement.registrations.filter(superseded_at__isnull=True).select_related(
        "person", "unit", "registered_by"
    )
    by_person = {r.person_id: r for r in rows if r.person_id}
    by_unit = {r.unit_id: r for r in rows if r.unit_id}
    return {"person": by_person, "unit": by_unit}


@dataclass
class DivisionCompleteness:
    unit: Unit
    collective_registration: Registration | None
    members: list[Person]
    registered: list[Person]
    missing: list[Person]


def registration_completeness(movement: Movement, units=None) -> list[DivisionCompleteness]:
    """Per division: its own registration and which current members have registered."""
    current = current_registrations(movement)
    divisions = Unit.objects.subtree(movement.agency).filter(kind="division", is_active=True)
    if units is not None:
        divisions = divisions.filter(pk__in=[u.pk for u in units])
    memberships = (
        Membership.objects.filter(unit__in=divisions, end_date__isnull=True)
        .select_related("person")
        .order_by("person__search_name")
    )
    members: dict[int, list[Person]] = {}
    for membership in memberships:
        if membership.person.is_active:
            membership.person.registration = current["person"].get(membership.person_id)
            members.setdefault(membership.unit_id, []).append(membership.person)
    rows = []
    for unit in divisions.order_by("order", "name"):
        people = members.get(unit.pk, [])
        registered = [p for p in people if p.pk in current["person"]]
        rows.append(
            DivisionCompleteness(
                unit=unit,
                collective_registration=current["unit"].get(unit.pk),
                members=people,
                registered=registered,
                missing=[p for p in people if p.pk not in current["person"]],
            )
        )
    return rows


# Dashboard ------------------------------------------------------------------------------


@dataclass
class Measure:
    count: int
    base: int

    @property
    def percent(self) -> Decimal:
        if not self.base:
            return Decimal("0.0")
        return (Decimal(self.count) * 100 / Decimal(self.base)).quantize(Decimal("0.1"))


@dataclass
class TargetProgress:
    target: Target
    registered: Measure
    eligible: Measure
    achieved: Measure
    rows: list[dict] = field(default_factory=list)  # per division

    @property
    def met(self) -> bool:
        return self.achieved.base > 0 and self.achieved.percent >= self.target.percent

    @property
    def on_track(self) -> bool:
        return self.eligible.base > 0 and self.eligible.percent >= self.target.percent


@dataclass
class Subject:
    code: str
    name: str
    division: str
    registered: str | None
    eligible: set
    achieved: dict  # title code → date of the decision


def _subjects(movement: Movement, engine_result: dict) -> tuple[list[Subject], list[Subject]]:
    current = current_registrations(movement)
    people = {
        p.staff_code: p
        for p in Person.objects.filter(staff_code__in=[r["id"] for r in engine_result["people"]])
    }
    units = {
        u.code: u
        for u in Unit.objects.filter(code__in=[c["id"] for c in engine_result["collectives"]])
    }
    awards = Award.objects.filter(year=movement.year, revoked_at__isnull=True)
    person_awards: dict[int, dict] = {}
    unit_awards: dict[int, dict] = {}
    for award in awards.order_by("-decided_on"):
        held = (
            person_awards.setdefault(award.person_id, {})
            if award.person_id
            else unit_awards.setdefault(award.unit_id, {})
        )
        held[award.title_code] = award.decided_on  # the earliest decision wins
    unit_names = {u.code: u.name for u in units.values()}
    individuals = []
    for row in engine_result["people"]:
        person = people.get(row["id"])
        if person is None:
            continue
        registration = current["person"].get(person.pk)
        individuals.append(
            Subject(
                code=person.staff_code,
                name=person.full_name,
                division=unit_names.get(row.get("collective"), "Không thuộc tập thể phòng"),
                registered=registration.title_code if registration else None,
                eligible={t for t, r in row["titles"].items() if r["eligible"]},
                achieved=person_awards.get(person.pk, {}),
            )
        )
    collectives = []
    for row in engine_result["collectives"]:
        unit = units.get(row["id"])
        if unit is None:
            continue
        registration = current["unit"].get(unit.pk)
        collectives.append(
            Subject(
                code=unit.code,
                name=unit.name,
                division=unit.name,
                registered=registration.title_code if registration else None,
                eligible={t for t, r in row["titles"].items() if r["eligible"]},
                achieved=unit_awards.get(unit.pk, {}),
            )
        )
    return individuals, collectives


def _measure(subjects, title, base_title, kind, phase=None) -> Measure:
    """Count `title` among `subjects` (or among those holding `base_title`). For a phase's
    target, "achieved" counts only decisions dated within the phase."""

    def has(subject, code):
        if kind == "registered":
            return registration_covers(subject.registered, code)
        if kind == "achieved":
            decided_on = subject.achieved.get(code)
            return decided_on is not None and (
                phase is None or phase.starts_on <= decided_on <= phase.ends_on
            )
        return code in subject.eligible

    pool = [s for s in subjects if has(s, base_title)] if base_title else subjects
    return Measure(count=sum(1 for s in pool if has(s, title)), base=len(pool))


def target_progress(movement: Movement, engine_result: dict) -> list[TargetProgress]:
    individuals, collectives = _subjects(movement, engine_result)
    progress = []
    for target in movement.targets.select_related("phase"):
        subjects = collectives if target.subject == TargetSubject.COLLECTIVE else individuals
        base_title = "LDTT" if target.base == TargetBase.LDTT_INDIVIDUALS else None
        item = TargetProgress(
            target=target,
            registered=_measure(subjects, target.title_code, base_title, "registered"),
            eligible=_measure(subjects, target.title_code, base_title, "eligible"),
            achieved=_measure(subjects, target.title_code, base_title, "achieved", target.phase),
        )
        divisions: dict[str, list[Subject]] = {}
        for subject in subjects:
            divisions.setdefault(subject.division, []).append(subject)
        for division, members in sorted(divisions.items()):
            item.rows.append(
                {
                    "division": division,
                    "registered": _measure(members, target.title_code, base_title, "registered"),
                    "eligible": _measure(members, target.title_code, base_title, "eligible"),
                    "achieved": _measure(
                        members, target.title_code, base_title, "achieved", target.phase
                    ),
                    "subjects": members,
                }
            )
        progress.append(item)
    return progress


def evaluate_movement(movement: Movement) -> dict:
    """The rules engine's result on the current records of the movement's year."""
    from thidua.records.dossier import evaluate_agency

    return evaluate_agency(agency=movement.agency, year=movement.year)
