"""Reads for the eligibility pages: who may see what, and the rules engine's verdicts for one
office and one year as rows the pages show.

Every page evaluates the whole agency once per request through ``evaluate_agency``, the same
dossier ``manage.py export_dossier`` writes, and only then keeps the rows the user may see: a
division's titles depend on its members and the CSTĐCS quota on the whole office, so
evaluating a part would give other answers than the office-wide table.
"""

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q, Subquery

from thidua.accounts.access import AGENCY_MANAGERS, PEOPLE_READERS, has_role, scope_units
from thidua.accounts.models import Role
from thidua.core.text import fold
from thidua.org.models import Membership, Person, Unit, UnitKind
from thidua.records.dossier import evaluate_agency
from thidua.rules.codes import (
    COLLECTIVE_TITLES,
    INDIVIDUAL_LADDER,
    INDIVIDUAL_TITLES,
    UPWARD_SCREENINGS,
    registration_covers,
)

__all__ = [
    "COLLECTIVE_TITLES",
    "INDIVIDUAL_TITLES",
    "UPWARD_SCREENINGS",
    "OfficeEligibility",
    "PersonRow",
    "filter_rows",
    "office_eligibility",
]

# Filter values of "tình trạng" (status).
STATUS_CSTDCS_UNREGISTERED = "cstdcs-chua-dang-ky"
STATUS_REGISTERED_INELIGIBLE = "dang-ky-khong-du"


# Access -----------------------------------------------------------------------------------


def _agency_of(unit: Unit) -> Unit | None:
    return unit if unit.kind == UnitKind.AGENCY else unit.agency()


def reader_agencies(user) -> list[Unit]:
    """Agencies whose eligibility table the user may open (head, secretariat, administrator or
    a division head there), by code."""
    agencies = {}
    for unit in scope_units(user, PEOPLE_READERS):
        agency = _agency_of(unit)
        if agency is not None:
            agencies[agency.pk] = agency
    return sorted(agencies.values(), key=lambda a: a.code)


def division_scope(user, agency: Unit) -> list[Unit] | None:
    """``None`` when the user sees the whole agency; else the units (each with its subtree)
    whose people the user may see — a division head's divisions, possibly none."""
    if has_role(user, AGENCY_MANAGERS, agency):
        return None
    return [u for u in scope_units(user, [Role.DIVISION_HEAD]) if u.path.startswith(agency.path)]


def in_scope(unit: Unit | None, scope: list[Unit] | None) -> bool:
    if scope is None:
        return True
    return unit is not None and any(unit.path.startswith(s.path) for s in scope)


def deciding_unit(person: Person, year: int) -> Unit | None:
    """The unit the person belonged to for ``year``: the membership in force on 31 December,
    else the last one within the year (the reading ``build_dossier`` applies)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    membership = (
        Membership.objects.filter(person=person, start_date__lte=last)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=first))
        .select_related("unit")
        .order_by("-start_date", "-id")
        .first()
    )
    return membership.unit if membership else None


def can_read_person(user, person: Person, year: int) -> bool:
    """Their own page; the whole agency for its managers; a division head the people who
    belonged to the division in that year."""
    if user.person_id == person.pk:
        return True
    if has_role(user, AGENCY_MANAGERS, person.agency):
        return True
    heads = scope_units(user, [Role.DIVISION_HEAD])
    return bool(heads) and in_scope(deciding_unit(person, year), heads)


def can_read_division(user, unit: Unit) -> bool:
    agency = _agency_of(unit)
    if agency is None:
        return False
    return in_scope(unit, division_scope(user, agency))


# The engine's result as rows --------------------------------------------------------------


@dataclass
class PersonRow:
    """One person's verdicts as the engine gave them (``titles``, ``upward`` and ``flags`` are
    the engine's read-only values)."""

    code: str
    name: str
    unit: Unit | None
    registered: str | None
    titles: dict
    upward: dict
    flags: list
    reward: dict
    folded_name: str = ""
    url: str = ""

    def result(self, code: str) -> dict | None:
        return self.titles.get(code) or self.upward.get(code)

    def eligible(self, code: str) -> bool:
        result = self.result(code)
        return bool(result and result["eligible"])

    @property
    def cstdcs_but_registration(self) -> bool:
        """Every CSTĐCS check but the registration passes, and no registration covers CSTĐCS."""
        checks = self.titles["CSTDCS"]["checks"]
        return not registration_covers(self.registered, "CSTDCS") and all(
            c["passed"] for c in checks if c["rule"] != "registration"
        )

    @property
    def registered_ineligible(self) -> list[str]:
        """Titles the registration covers that the person is not eligible for."""
        return [
            code
            for code in INDIVIDUAL_LADDER
            if registration_covers(self.registered, code)
            and self.result(code) is not None
            and not self.eligible(code)
        ]


@dataclass
class CollectiveRow:
    code: str
    name: str
    unit: Unit | None
    member_count: int
    registered: str | None
    titles: dict
    reward: dict


@dataclass
class OfficeEligibility:
    agency: Unit
    year: int
    result: dict
    people: list[PersonRow] = field(default_factory=list)
    collectives: list[CollectiveRow] = field(default_factory=list)

    @property
    def quota(self) -> dict:
        return self.result["quotas"]["CSTDCS"]

    def person(self, code: str) -> PersonRow | None:
        return next((row for row in self.people if row.code == code), None)

    def collective(self, code: str) -> CollectiveRow | None:
        return next((row for row in self.collectives if row.code == code), None)

    def restricted_to(self, scope: list[Unit] | None) -> "OfficeEligibility":
        """The same result with only the people and collectives under ``scope``."""
        if scope is None:
            return self
        return OfficeEligibility(
            agency=self.agency,
            year=self.year,
            result=self.result,
            people=[row for row in self.people if in_scope(row.unit, scope)],
            collectives=[row for row in self.collectives if in_scope(row.unit, scope)],
        )


def office_eligibility(
    *, agency: Unit, year: int, decision_date: dt.date | None = None
) -> OfficeEligibility:
    """The engine's verdicts for every person and collective of ``agency`` in ``year``, from
    one evaluation of the whole agency."""
    result = evaluate_agency(agency=agency, year=year, decision_date=decision_date)
    dossier_registered = _registrations(agency, year)
    units = {u.pk: u for u in Unit.objects.subtree(agency)}
    units_of = {code: units.get(unit_id) for code, unit_id in _deciding_units(agency, year)}
    divisions = {u.code: u for u in units.values() if u.kind == UnitKind.DIVISION}
    people = [
        PersonRow(
            code=row["id"],
            name=row["name"],
            unit=units_of.get(row["id"]),
            registered=dossier_registered["people"].get(row["id"]),
            titles=row["titles"],
            upward=row["upward"],
            flags=row["flags"],
            reward=row["reward_vnd"],
            folded_name=fold(row["name"]),
        )
        for row in result["people"]
    ]
    collectives = [
        CollectiveRow(
            code=row["id"],
            name=row["name"],
            unit=divisions.get(row["id"]),
            member_count=row["member_count"],
            registered=dossier_registered["collectives"].get(row["id"]),
            titles=row["titles"],
            reward=row["reward_vnd"],
        )
        for row in result["collectives"]
    ]
    return OfficeEligibility(
        agency=agency, year=year, result=result, people=people, collectives=collectives
    )


def _deciding_units(agency: Unit, year: int):
    """(staff code, unit id) of each person's deciding membership for ``year``, as
    ``year_members`` reads it, without building model instances (2,000 people: ~10 ms)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    in_year = Membership.objects.filter(start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    in_agency = in_year.filter(unit__path__startswith=agency.path).values("person_id")
    rows = (
        in_year.filter(person_id__in=Subquery(in_agency))
        .order_by("person_id", "start_date", "id")
        .values_list("person__staff_code", "unit_id")
    )
    deciding = {}
    for staff_code, unit_id in rows:
        deciding[staff_code] = unit_id  # the latest start wins
    return deciding.items()


def _registrations(agency: Unit, year: int) -> dict[str, dict[str, str]]:
    """Staff code / division code → the registered title the engine was given."""
    from thidua.movements.models import MovementKind, Registration

    rows = Registration.objects.filter(
        movement__agency=agency,
        movement__year=year,
        movement__kind=MovementKind.REGULAR,
        superseded_at__isnull=True,
    ).values_list("person__staff_code", "unit__code", "title_code")
    people, collectives = {}, {}
    for staff_code, unit_code, title in rows:
        if staff_code:
            people[staff_code] = title
        elif unit_code:
            collectives[unit_code] = title
    return {"people": people, "collectives": collectives}


def filter_rows(
    rows: list[PersonRow],
    *,
    division: Unit | None = None,
    title: str = "",
    status: str = "",
    query: str = "",
) -> list[PersonRow]:
    """The rows matching every filter given (accent-insensitive name search, or a staff code)."""
    folded = fold(query)
    code = query.strip().upper()
    selected = []
    for row in rows:
        if division is not None and not in_scope(row.unit, [division]):
            continue
        if title and not row.eligible(title):
            continue
        if status == STATUS_CSTDCS_UNREGISTERED and not row.cstdcs_but_registration:
            continue
        if status == STATUS_REGISTERED_INELIGIBLE and not row.registered_ineligible:
            continue
        if folded and folded not in row.folded_name and row.code.upper() != code:
            continue
        selected.append(row)
    return selected
