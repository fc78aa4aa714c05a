"""The agency's staff written in exactly the import format (issue 18, item 8): export, edit in
Excel or LibreOffice, import again, and only the rows that changed are written.

The citizen ID column is left out: the import keeps what is stored for a column the file does
not have, so IDs never leave the system in a spreadsheet and a round trip cannot blank them.
"""

from thidua.core.text import format_date

from .imports import STAFF_COLUMNS, TEMPLATE_CHOICES, columns_workbook
from .models import Gender, Membership, Unit

EXPORT_KEYS = [c.key for c in STAFF_COLUMNS if c.key != "citizen_id"]
EXPORT_COLUMNS = [c for c in STAFF_COLUMNS if c.key in EXPORT_KEYS]


def staff_rows(agency: Unit) -> list[list[str]]:
    """One row per person with a current membership in the agency's units, by staff code."""
    memberships = (
        Membership.objects.filter(unit__in=Unit.objects.subtree(agency), end_date__isnull=True)
        .select_related("person", "unit")
        .order_by("person__staff_code")
    )
    rows = []
    for membership in memberships:
        person = membership.person
        values = {
            "staff_code": person.staff_code,
            "full_name": person.full_name,
            "date_of_birth": format_date(person.date_of_birth) if person.date_of_birth else "",
            "gender": str(Gender(person.gender).label) if person.gender else "",
            "unit": membership.unit.code,
            "position": membership.position,
            "recruited_on": format_date(person.recruited_on) if person.recruited_on else "",
            "unit_since": format_date(membership.start_date),
            "email": person.email,
        }
        rows.append([values[k] for k in EXPORT_KEYS])
    return rows


def staff_workbook(agency: Unit) -> bytes:
    return columns_workbook(
        EXPORT_COLUMNS,
        "Cán bộ",
        choices=TEMPLATE_CHOICES,
        rows=staff_rows(agency),
        notes=(
            f"Danh sách cán bộ của {agency.name}, đúng mẫu nhập: sửa rồi nhập lại, chỉ các "
            "dòng thay đổi được cập nhật.",
            "Cột Số CCCD không xuất ra; khi nhập lại, số CCCD đã lưu được giữ nguyên.",
        ),
    )
