"""Awards history export → edit → import (issue 18, item 8): the export is the import format;
importing it again reports every row unchanged; one added row (typed in openpyxl) is the only
award added; a copy saved again by LibreOffice imports as unchanged too."""

import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from thidua.decisions.models import Award, AwardImportBatch
from thidua.documents.tests.libreoffice import needs_libreoffice, saved_again_by_libreoffice

from .test_imports import GOOD, _state, preview_and_confirm, xlsx

pytestmark = pytest.mark.django_db


@pytest.fixture
def history(client_for, people, office):
    client = client_for("secretariat")
    preview_and_confirm(client, xlsx(*GOOD))
    return client


def _export(client, office) -> bytes:
    response = client.get(reverse("decisions:history_export", kwargs={"code": office["VP"].code}))
    assert response.status_code == 200
    return response.content


def test_exported_history_imports_back_as_unchanged(history, office):
    content = _export(history, office)
    rows = list(load_workbook(io.BytesIO(content)).worksheets[0].iter_rows(values_only=True))
    assert rows[0][:4] == ("Mã cán bộ", "Mã đơn vị", "Năm", "Danh hiệu, hình thức")
    assert len(rows) - 1 == Award.objects.filter(revoked_at__isnull=True).count()
    before = _state()
    batch = preview_and_confirm(history, content)
    assert batch.summary == {"added": 0, "unchanged": len(rows) - 1}
    assert _state() == before


def test_one_row_added_in_openpyxl_is_the_only_award_added(history, office):
    workbook = load_workbook(io.BytesIO(_export(history, office)))
    sheet = workbook.worksheets[0]
    first = [c.value for c in sheet[2]]
    new = [*first]
    new[3] = "Giấy khen"
    new[4] = "99/QĐ-VP"
    sheet.append(new)
    buffer = io.BytesIO()
    workbook.save(buffer)
    count = Award.objects.count()
    batch = preview_and_confirm(history, buffer.getvalue())
    assert batch.summary == {"added": 1, "unchanged": sheet.max_row - 2}
    assert Award.objects.count() == count + 1
    assert Award.objects.filter(decision_code="99/QĐ-VP", title_code="GIAY_KHEN").exists()


@needs_libreoffice
def test_history_saved_again_by_libreoffice_imports_as_unchanged(history, office, tmp_path):
    converted = saved_again_by_libreoffice(_export(history, office), tmp_path, "lich-su.xlsx")
    before = _state()
    batch = preview_and_confirm(history, converted)
    assert batch.summary["added"] == 0 and batch.summary["unchanged"] > 0
    assert _state() == before
    assert AwardImportBatch.objects.count() == 2


def test_history_export_is_refused_to_other_roles(client_for, office):
    url = reverse("decisions:history_export", kwargs={"code": office["VP"].code})
    assert client_for("staff").get(url).status_code == 403
    assert client_for("other_agency").get(url).status_code == 403
