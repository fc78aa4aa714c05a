"""Yearly records export → edit → import (issue 18, item 8): the export is the import format (one
row per rating and per fact); importing it again writes nothing and reports every row
unchanged; a rating edited in openpyxl (with its reason) is the only thing written; a copy
saved again by LibreOffice imports as unchanged."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.documents.tests.libreoffice import needs_libreoffice, saved_again_by_libreoffice
from thidua.records.models import PersonRating

from .test_imports import GOOD, _state, preview_and_confirm, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def records(client_for, people):
    client = client_for("secretariat")
    preview_and_confirm(client, xlsx(*GOOD))
    return client


def _export(client) -> bytes:
    response = client.get(reverse("records:records_export", kwargs={"code": "VP", "year": 2025}))
    assert response.status_code == 200
    return response.content


def test_exported_records_import_back_as_unchanged(records):
    content = _export(records)
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    rows = list(sheet.iter_rows(min_row=2, values_only=True))
    assert len(rows) == 3 + 4  # three ratings, four facts (two leaves, a training, a discipline)
    before = _state()
    batch = preview_and_confirm(records, content)
    assert batch.summary == {"ratings": 0, "facts": 0, "unchanged": len(rows)}
    assert _state() == before


def test_one_rating_edited_in_openpyxl_is_the_only_change(records):
    workbook = load_workbook(io.BytesIO(_export(records)))
    sheet = workbook.worksheets[0]
    headers = [c.value for c in sheet[1]]
    rating, reason = headers.index("Xếp loại") + 1, headers.index("Lý do điều chỉnh") + 1
    row = next(r for r in range(2, sheet.max_row + 1) if sheet.cell(r, 1).value == "P04")
    assert sheet.cell(row, rating).value == "HTTNV"
    sheet.cell(row, rating, "HTXSNV")
    sheet.cell(row, reason, "Hội đồng đánh giá lại")
    buffer = io.BytesIO()
    workbook.save(buffer)
    total = sheet.max_row - 1
    batch = preview_and_confirm(records, buffer.getvalue())
    assert batch.summary == {"ratings": 1, "facts": 0, "unchanged": total - 1}
    current = PersonRating.objects.get(person__staff_code="P04", superseded_at__isnull=True)
    assert current.rating == "HTXSNV"


@needs_libreoffice
def test_records_saved_again_by_libreoffice_import_as_unchanged(records, tmp_path):
    converted = saved_again_by_libreoffice(_export(records), tmp_path, "ho-so.xlsx")
    before = _state()
    batch = preview_and_confirm(records, converted)
    assert batch.summary == {"ratings": 0, "facts": 0, "unchanged": 7}
    assert _state() == before


def test_records_export_is_refused_to_other_roles(client_for):
    url = reverse("records:records_export", kwargs={"code": "VP", "year": 2025})
    assert client_for("staff").get(url).status_code == 403
    assert client_for("other_agency").get(url).status_code == 403
