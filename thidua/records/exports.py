"""The agency's yearly records written in exactly the import format (issue 18, item 8): one row
per rating and one per discipline, leave and training of the year. Export, edit, import again:
a rating equal to the stored one and a fact already recorded write nothing and are reported
unchanged; only the edited rows are written."""

import datetime as dt

from django.db.models import Q

from thidua.core.text import format_date
from thidua.org.models import Person, Unit

from .imports import COLUMNS, template_choices
from .models import Discipline, Leave, PersonRating, Training

KEYS = [c.key for c in COLUMNS]


def _row(code: str, year: int, **values) -> list[str]:
    cells = {"staff_code": code, "year": str(year), **values}
    return [cells.get(key, "") for key in KEYS]


def record_rows(agency: Unit, year: int) -> list[list[str]]:
    people = Person.objects.filter(agency=agency)
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    rows = []
    ratings = PersonRating.objects.filter(
        person__in=people, year=year, superseded_at__isnull=True
    ).select_related("person")
    rows += [
        (r.person.staff_code, 0, _row(r.person.staff_code, year, rating=r.rating)) for r in ratings
    ]
    for d in Discipline.objects.filter(
        person__in=people, withdrawn_at__isnull=True, decided_on__year=year
    ).select_related("person"):
        rows.append(
            (
                d.person.staff_code,
                1,
                _row(
                    d.person.staff_code,
                    year,
                    discipline_form=str(d.get_form_display()),
                    discipline_number=d.decision_number,
                    discipline_date=format_date(d.decided_on),
                ),
            )
        )
    for leave in Leave.objects.filter(
        person__in=people, withdrawn_at__isnull=True, year=year
    ).select_related("person"):
        rows.append(
            (
                leave.person.staff_code,
                2,
                _row(
                    leave.person.staff_code,
                    year,
                    leave_kind=str(leave.get_kind_display()),
                    leave_start=format_date(leave.start),
                    leave_end=format_date(leave.end),
                ),
            )
        )
    for t in Training.objects.filter(
        Q(start__lte=last) & Q(end__gte=first), person__in=people, withdrawn_at__isnull=True
    ).select_related("person"):
        rows.append(
            (
                t.person.staff_code,
                3,
                _row(
                    t.person.staff_code,
                    year,
                    training_name=t.name,
                    training_start=format_date(t.start),
                    training_end=format_date(t.end),
                    training_result=str(t.get_result_display()) if t.result else "",
                ),
            )
        )
    return [row for _code, _kind, row in sorted(rows, key=lambda r: (r[0], r[1]))]


def records_workbook(agency: Unit, year: int) -> bytes:
    from thidua.org.imports import columns_workbook

    return columns_workbook(
        COLUMNS,
        "Hồ sơ thi đua",
        choices=template_choices(),
        rows=record_rows(agency, year),
        notes=(
            f"Hồ sơ thi đua năm {year} của {agency.name}, đúng mẫu nhập: sửa rồi nhập lại, chỉ "
            "các dòng thay đổi được ghi.",
        ),
    )
