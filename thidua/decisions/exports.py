"""The agency's awards history written in exactly the import format (issue 18, item 8):
export, edit, import again; a row already recorded is reported unchanged, a new row is added.
Revoked awards are left out (importing them again would record them anew)."""

from django.db.models import Q

from thidua.core.text import format_date
from thidua.org.models import Unit
from thidua.rules.codes import TITLE_NAMES

from .imports import COLUMNS, columns_workbook
from .models import Award


def history_rows(agency: Unit) -> list[list[str]]:
    awards = Award.objects.filter(
        Q(person__agency=agency) | Q(unit__in=Unit.objects.subtree(agency)),
        revoked_at__isnull=True,
    ).select_related("person", "unit")
    rows = []
    for award in sorted(
        awards, key=lambda a: (a.year, a.person.staff_code if a.person_id else a.unit.code, a.pk)
    ):
        rows.append(
            [
                award.person.staff_code if award.person_id else "",
                "" if award.person_id else award.unit.code,
                str(award.year),
                TITLE_NAMES.get(award.title_code, award.title_code),
                award.decision_code,
                format_date(award.decided_on),
                award.issuer_name,
                "" if award.amount_vnd is None else str(award.amount_vnd),
            ]
        )
    return rows


def history_workbook(agency: Unit) -> bytes:
    return columns_workbook(
        COLUMNS,
        "Lịch sử khen thưởng",
        choices={"title": tuple(TITLE_NAMES.values())},
        rows=history_rows(agency),
        notes=(
            f"Lịch sử khen thưởng của {agency.name}, đúng mẫu nhập: thêm dòng rồi nhập lại; "
            "các dòng đã có được báo là không đổi.",
        ),
    )
