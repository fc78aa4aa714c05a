"""XLSX import of the awards history from before the system: rows named with their errors,
all or nothing, idempotent, persons and divisions, who may import."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook

from thidua.core.models import AuditEvent
from thidua.decisions import imports
from thidua.decisions.models import Award, AwardImportBatch
from thidua.org.models import ImportStatus

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]
HEADERS = [c.header for c in imports.COLUMNS]


def xlsx(*rows, headers=HEADERS) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for row in rows:
        sheet.append([row.get(h, "") for h in headers])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


GOOD = [
    {
        "Mã cán bộ": "P04",
        "Năm": 2019,
        "Danh hiệu, hình thức": "CSTĐCS",
        "Số quyết định": "12/QĐ-VP",
        "Ngày quyết định": "15/01/2020",
        "Cấp quyết định": "Chánh Văn phòng",
        "Tiền thưởng (đồng)": "1.490.000",
    },
    {
        "Mã cán bộ": "P04",
        "Năm": "2020",
        "Danh hiệu, hình thức": "Chiến sĩ thi đua cơ sở",
        "Số quyết định": "09/QĐ-VP",
        "Ngày quyết định": dt.datetime(2021, 1, 12),
        "Cấp quyết định": "Chánh Văn phòng",
    },
    {
        "Mã đơn vị": "QH",
        "Năm": 2020,
        "Danh hiệu, hình thức": "TTLDTT",
        "Số quyết định": "09/QĐ-VP",
        "Ngày quyết định": "12/01/2021",
        "Cấp quyết định": "Chánh Văn phòng",
    },
    {
        "Mã cán bộ": "P07",
        "Năm": 2021,
        "Danh hiệu, hình thức": "bang khen tinh",
        "Số quyết định": "345/QĐ-UBND",
        "Ngày quyết định": "20/03/2022",
        "Cấp quyết định": "Chủ tịch UBND tỉnh Đồng Tháp",
    },
]


def upload(client, content, name="lich-su.xlsx"):
    return client.post(
        reverse("decisions:history_import"),
        {"agency": "VP", "file": SimpleUploadedFile(name, content)},
    )


def _state():
    return (
        list(Award.objects.values_list("person_id", "unit_id", "title_code", "decision_code")),
        AuditEvent.objects.exclude(action="awards.import_apply").count(),
    )


def preview_and_confirm(client, content):
    response = upload(client, content)
    assert response.status_code == 302, response.content.decode()[:3000]
    batch = AwardImportBatch.objects.latest("id")
    assert batch.errors == []
    page = client.get(reverse("decisions:history_preview", kwargs={"pk": batch.pk}))
    assert page.status_code == 200
    assert (
        client.post(reverse("decisions:history_confirm", kwargs={"pk": batch.pk})).status_code
        == 302
    )
    batch.refresh_from_db()
    return batch


def test_good_file_saves_everything_and_a_second_import_changes_nothing(client_for, people, office):
    client = client_for("secretariat")
    batch = preview_and_confirm(client, xlsx(*GOOD))
    assert batch.status == ImportStatus.APPLIED
    assert batch.summary == {"added": 4, "unchanged": 0}
    rows = {
        (a.person.staff_code if a.person else a.unit.code, a.year, a.title_code): a
        for a in Award.objects.select_related("person", "unit")
    }
    assert set(rows) == {
        ("P04", 2019, "CSTDCS"),
        ("P04", 2020, "CSTDCS"),
        ("QH", 2020, "TTLDTT"),
        ("P07", 2021, "BK_TINH"),
    }
    first = rows[("P04", 2019, "CSTDCS")]
    assert (first.decision_code, first.decided_on, first.amount_vnd) == (
        "12/QĐ-VP",
        dt.date(2020, 1, 15),
        1_490_000,
    )
    assert rows[("P07", 2021, "BK_TINH")].issuer_name == "Chủ tịch UBND tỉnh Đồng Tháp"
    before = _state()
    again = preview_and_confirm(client, xlsx(*GOOD))
    assert again.summary == {"added": 0, "unchanged": 4}
    assert _state() == before
    # The history shows on the person page.
    page = client.get(reverse("org:person_detail", kwargs={"staff_code": "P04"})).content.decode()
    assert "12/QĐ-VP" in page and "09/QĐ-VP" in page


@pytest.mark.parametrize(
    ("change", "column", "message"),
    [
        ({"Mã cán bộ": "P99"}, "Mã cán bộ", 'Không tìm thấy cán bộ mã "P99" trong cơ quan.'),
        ({"Mã cán bộ": "X01"}, "Mã cán bộ", 'Không tìm thấy cán bộ mã "X01" trong cơ quan.'),
        ({"Mã đơn vị": "QH"}, "Mã cán bộ", "Ghi đúng một trong hai cột"),
        (
            {"Mã cán bộ": "", "Mã đơn vị": "SNV-TCBC"},
            "Mã đơn vị",
            'Không tìm thấy phòng mã "SNV-TCBC"',
        ),
        ({"Năm": "hai nghìn"}, "Năm", '"hai nghìn" không phải năm hợp lệ'),
        ({"Năm": 1980}, "Năm", '"1980" không phải năm hợp lệ'),
        (
            {"Danh hiệu, hình thức": "Huân chương"},
            "Danh hiệu, hình thức",
            '"Huân chương" không phải danh hiệu hợp lệ',
        ),
        ({"Danh hiệu, hình thức": "TTLĐTT"}, "Danh hiệu, hình thức", "chỉ dành cho tập thể"),
        ({"Số quyết định": ""}, "Số quyết định", "Không được để trống."),
        (
            {"Ngày quyết định": "31/02/2020"},
            "Ngày quyết định",
            '"31/02/2020" không phải ngày hợp lệ',
        ),
        ({"Ngày quyết định": "15/01/2018"}, "Ngày quyết định", "trước năm được khen 2019"),
        ({"Cấp quyết định": ""}, "Cấp quyết định", "Không được để trống."),
        ({"Tiền thưởng (đồng)": "-5"}, "Tiền thưởng (đồng)", "không phải số tiền hợp lệ"),
    ],
)
def test_one_bad_row_is_named_and_nothing_is_saved(client_for, people, change, column, message):
    client = client_for("secretariat")
    bad = {**GOOD[0], **change}
    assert upload(client, xlsx(GOOD[1], bad, GOOD[2])).status_code == 302
    batch = AwardImportBatch.objects.latest("id")
    assert any(
        e["row"] == 3 and e["column"] == column and message in e["message"] for e in batch.errors
    ), batch.errors
    assert {e["row"] for e in batch.errors} == {3}
    page = client.get(
        reverse("decisions:history_preview", kwargs={"pk": batch.pk})
    ).content.decode()
    assert "Dòng 3, cột “" + column in page
    before = _state()
    client.post(reverse("decisions:history_confirm", kwargs={"pk": batch.pk}))
    assert _state() == before
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW


def test_duplicate_rows_are_named(client_for, people):
    client = client_for("secretariat")
    upload(client, xlsx(GOOD[0], GOOD[1], GOOD[0]))
    batch = AwardImportBatch.objects.latest("id")
    assert batch.errors == [
        {
            "row": 4,
            "column": "Số quyết định",
            "message": "Trùng với dòng 2 (cùng đối tượng, năm, danh hiệu và quyết định).",
        }
    ]


def test_the_database_is_checked_again_on_confirm(client_for, people):
    from thidua.org import services as org_services

    client = client_for("secretariat")
    upload(client, xlsx(GOOD[0]))
    batch = AwardImportBatch.objects.latest("id")
    assert batch.errors == []
    person = people["staff"]
    # The person leaves for another agency between preview and confirmation.
    type(person).objects.filter(pk=person.pk).update(agency=people["other_agency"].agency)
    client.post(reverse("decisions:history_confirm", kwargs={"pk": batch.pk}))
    assert not Award.objects.exists()
    assert org_services  # the org services stay the way to transfer inside an agency


def test_only_the_uploader_confirms(client_for, people):
    upload(client_for("secretariat"), xlsx(GOOD[0]))
    batch = AwardImportBatch.objects.latest("id")
    response = client_for("admin").post(
        reverse("decisions:history_confirm", kwargs={"pk": batch.pk}), follow=True
    )
    assert "Chỉ người tải tệp lên" in response.content.decode()
    assert not Award.objects.exists()


def test_cancel_saves_nothing(client_for, people):
    client = client_for("secretariat")
    upload(client, xlsx(GOOD[0]))
    batch = AwardImportBatch.objects.latest("id")
    client.post(reverse("decisions:history_cancel", kwargs={"pk": batch.pk}))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    client.post(reverse("decisions:history_confirm", kwargs={"pk": batch.pk}))
    assert not Award.objects.exists()


def test_missing_required_column_and_not_a_spreadsheet(client_for, people):
    client = client_for("secretariat")
    response = upload(client, xlsx({"Mã cán bộ": "P04"}, headers=["Mã cán bộ", "Năm"]))
    assert response.status_code == 200
    assert "Thiếu cột bắt buộc: Danh hiệu, hình thức" in response.content.decode()
    response = upload(client, b"not a zip")
    assert response.status_code == 200 and not AwardImportBatch.objects.exists()


def test_template_has_the_headers(client_for, people):
    from openpyxl import load_workbook

    response = client_for("secretariat").get(reverse("decisions:history_template"))
    sheet = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in sheet[1]] == HEADERS


@pytest.mark.parametrize("persona", ["head", "staff", "division_head", "other_agency"])
def test_who_may_upload(client_for, people, persona):
    response = upload(client_for(persona), xlsx(GOOD[0]))
    assert response.status_code in (200, 403)
    assert not AwardImportBatch.objects.filter(agency__code="VP").exists()
