"""Export → edit → import for staff (issue 18, item 8): the export is exactly the import format;
editing one row in openpyxl, or saving the file again in LibreOffice, and importing it applies
only the changed row and reports every other row unchanged."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.core.models import AuditEvent
from thidua.documents.tests.libreoffice import needs_libreoffice, saved_again_by_libreoffice
from thidua.org import exports, imports
from thidua.org.models import ImportKind, Person

pytestmark = pytest.mark.django_db


def _import(content, users, agency, filename="can-bo.xlsx") -> dict:
    batch = imports.import_preview(
        actor=users["secretariat"],
        agency=agency,
        kind=ImportKind.STAFF,
        filename=filename,
        content=content,
    )
    assert batch.errors == []
    return imports.import_apply(actor=users["secretariat"], batch=batch)


def _people_state():
    return sorted(
        Person.objects.values_list(
            "staff_code", "full_name", "date_of_birth", "gender", "citizen_id", "email"
        )
    )


def test_export_has_the_import_columns_and_every_current_person(office, people):
    sheet = load_workbook(io.BytesIO(exports.staff_workbook(office["VP"]))).worksheets[0]
    headers = [c.value for c in sheet[1]]
    assert headers == [c.header for c in exports.EXPORT_COLUMNS]
    assert "Số CCCD" not in headers  # IDs never leave in a spreadsheet
    codes = [row[0] for row in sheet.iter_rows(min_row=2, values_only=True)]
    assert codes == sorted(codes) and len(codes) >= 3
    filled = [sheet.cell(2, i) for i in range(1, len(headers) + 1) if sheet.cell(2, i).value]
    assert all(c.data_type == "s" and c.number_format == "@" for c in filled)


def test_unchanged_export_imports_as_all_unchanged(office, people, users):
    before = _people_state()
    person_events = AuditEvent.objects.filter(action__startswith="person").count()
    content = exports.staff_workbook(office["VP"])
    rows = len(exports.staff_rows(office["VP"]))
    summary = _import(content, users, office["VP"])
    assert summary == {"created": 0, "updated": 0, "transferred": 0, "unchanged": rows}
    assert _people_state() == before
    # Nothing was written for any person.
    assert AuditEvent.objects.filter(action__startswith="person").count() == person_events


def test_one_row_edited_in_openpyxl_updates_only_that_person(office, people, users):
    workbook = load_workbook(io.BytesIO(exports.staff_workbook(office["VP"])))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    code = sheet.cell(2, 1).value
    sheet.cell(2, headers.index("Thư điện tử") + 1, "moi.dia.chi@example.vn")
    buffer = io.BytesIO()
    workbook.save(buffer)
    rows = len(exports.staff_rows(office["VP"]))
    citizen_ids = dict(Person.objects.values_list("staff_code", "citizen_id"))

    summary = _import(buffer.getvalue(), users, office["VP"])

    assert summary == {"created": 0, "updated": 1, "transferred": 0, "unchanged": rows - 1}
    assert Person.objects.get(staff_code=code).email == "moi.dia.chi@example.vn"
    # The column left out of the export keeps what is stored.
    assert dict(Person.objects.values_list("staff_code", "citizen_id")) == citizen_ids


@needs_libreoffice
def test_file_saved_again_by_libreoffice_imports_as_unchanged(office, people, users, tmp_path):
    original = exports.staff_workbook(office["VP"])
    converted = saved_again_by_libreoffice(original, tmp_path, "can-bo.xlsx")
    assert converted != original  # really written again by LibreOffice
    before = _people_state()
    rows = len(exports.staff_rows(office["VP"]))
    summary = _import(converted, users, office["VP"])
    assert summary == {"created": 0, "updated": 0, "transferred": 0, "unchanged": rows}
    assert _people_state() == before


def test_export_page_is_for_staff_editors_of_the_agency(client_for, office):
    url = reverse("org:staff_export", kwargs={"code": office["VP"].code})
    response = client_for("secretariat").get(url)
    assert response.status_code == 200
    assert response["Content-Disposition"].endswith(f'can-bo-{office["VP"].code}.xlsx"')
    assert client_for("staff").get(url).status_code == 403
    other = reverse("org:staff_export", kwargs={"code": "KHONG-CO"})
    assert client_for("secretariat").get(other).status_code == 403
