"""Reads for the yearly records: the current facts, a record's version history, and the facts
that contradict each other (flags the secretariat must resolve)."""

import datetime as dt
from dataclasses import dataclass

from django.db.models import QuerySet

from thidua.org.models import Person, Unit

from .dossier import year_members
from .models import (
    CollectiveRecord,
    Discipline,
    DisciplineForm,
    Leave,
    PersonRating,
    Rating,
    Training,
)


def current_rating(person: Person, year: int) -> PersonRating | None:
    return PersonRating.objects.filter(person=person, year=year, superseded_at__isnull=True).first()


def rating_history(person: Person, year: int) -> QuerySet[PersonRating]:
    """Every version of the person's rating for the year, newest first, with who recorded it."""
    return (
        PersonRating.objects.filter(person=person, year=year)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-id")
    )


def collective_record_history(unit: Unit, year: int) -> QuerySet[CollectiveRecord]:
    return (
        CollectiveRecord.objects.filter(unit=unit, year=year)
        .select_related("recorded_by")
        .order_by("-recorded_at", "-id")
    )


def person_year_facts(person: Person, year: int) -> dict:
    """The person's current facts of the year (withdrawn facts included, marked, for display)."""
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    return {
        "rating": current_rating(person, year),
        "disciplines": list(Discipline.objects.filter(person=person, decided_on__year=year)),
        "leaves": list(
            Leave.objects.filter(person=person, start__lte=last, end__gte=first)
            | Leave.objects.filter(person=person, year=year)
        ),
        "trainings": list(Training.objects.filter(person=person, start__lte=last, end__gte=first)),
    }


@dataclass(frozen=True)
class Flag:
    """One inconsistency: the person, a stable code and a Vietnamese message."""

    person: Person
    code: str
    message: str


def inconsistencies(*, agency: Unit, year: int, unit: Unit | None = None) -> list[Flag]:
    """Facts of the year that contradict each other, ordered by staff code:

    - ``discipline_rating``: disciplined in the year but the entered rating is not KHTNV
      (DOMAIN.md §3.3a: discipline in the year means KHTNV);
    - ``leave_outside_year``: a leave entered in the year's record that does not touch the year.
    """
    members = year_members(agency=agency, year=year, unit=unit)
    people = {m.person_id: m.person for m in members}
    ratings = {
        r.person_id: r.rating
        for r in PersonRating.objects.filter(
            person_id__in=list(people), year=year, superseded_at__isnull=True
        )
    }
    flags: list[Flag] = []
    for row in Discipline.objects.filter(
        person_id__in=list(people), withdrawn_at__isnull=True, decided_on__year=year
    ).order_by("decided_on", "id"):
        rating = ratings.get(row.person_id)
        if rating is not None and rating != Rating.KHTNV:
            flags.append(
                Flag(
                    people[row.person_id],
                    "discipline_rating",
                    f"Bị kỷ luật {DisciplineForm(row.form).label.lower()} "
                    f"(quyết định {row.decision_number} ngày {row.decided_on:%d/%m/%Y}) trong "
                    f"năm {year} nhưng xếp loại ghi {rating}: người bị kỷ luật trong năm phải "
                    "xếp loại KHTNV.",
                )
            )
    for row in Leave.objects.filter(
        person_id__in=list(people), withdrawn_at__isnull=True, year=year
    ).order_by("start", "id"):
        if row.end < dt.date(year, 1, 1) or row.start > dt.date(year, 12, 31):
            flags.append(
                Flag(
                    people[row.person_id],
                    "leave_outside_year",
                    f"Thời gian nghỉ {row.start:%d/%m/%Y}–{row.end:%d/%m/%Y} ghi trong hồ sơ "
                    f"năm {year} nhưng nằm ngoài năm {year}.",
                )
            )
    flags.sort(key=lambda flag: flag.person.staff_code)
    return flags
