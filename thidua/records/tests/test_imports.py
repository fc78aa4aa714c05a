"""XLSX import of yearly records: rows named with their errors, all or nothing, idempotent,
corrections need a reason, limits, and who may import."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from thidua.core.models import AuditEvent
from thidua.org.models import ImportStatus
from thidua.records import imports, services
from thidua.records.models import Discipline, Leave, PersonRating, RecordImportBatch, Training

pytestmark = pytest.mark.usefixtures("module_world")

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
    {"Mã cán bộ": "P04", "Năm": 2025, "Xếp loại": "HTTNV"},
    {
        "Mã cán bộ": "P07",
        "Năm": "2025",
        "Xếp loại": "Hoàn thành tốt nhiệm vụ",
        "Loại nghỉ": "Nghỉ ốm",
        "Nghỉ từ ngày": "03/03/2025",
        "Nghỉ đến ngày": dt.datetime(2025, 3, 7),
        "Đào tạo từ ngày": "01/04/2025",
        "Đào tạo đến ngày": "30/06/2025",
        "Kết quả đào tạo": "Giỏi",
        "Tên khoá học": "Bồi dưỡng ngạch chuyên viên chính",
    },
    {
        "Mã cán bộ": "P07",
        "Năm": 2025,
        "Loại nghỉ": "thai sản",
        "Nghỉ từ ngày": "01/08/2025",
        "Nghỉ đến ngày": "31/08/2025",
    },
    {
        "Mã cán bộ": "P05",
        "Năm": 2025,
        "Xếp loại": "KHTNV",
        "Hình thức kỷ luật": "Khiển trách",
        "Số quyết định kỷ luật": "15/QĐ-VP",
        "Ngày quyết định kỷ luật": "10/05/2025",
    },
]


def upload(client, content, name="ho-so.xlsx"):
    return client.post(
        reverse("records:import_start"),
        {"agency": "VP", "file": SimpleUploadedFile(name, content)},
    )


def _state():
    return (
        list(PersonRating.objects.values_list("person__staff_code", "rating", "superseded_at")),
        Discipline.objects.count(),
        Leave.objects.count(),
        Training.objects.count(),
        AuditEvent.objects.exclude(action="records.import_apply").count(),
    )


def preview_and_confirm(client, content):
    response = upload(client, content)
    assert response.status_code == 302, response.content.decode()[:2000]
    batch = RecordImportBatch.objects.latest("id")
    assert batch.errors == []
    confirm = client.post(reverse("records:import_confirm", kwargs={"pk": batch.pk}))
    assert confirm.status_code == 302
    batch.refresh_from_db()
    return batch


def test_good_file_saves_everything_and_a_second_import_changes_nothing(client_for, people):
    client = client_for("secretariat")
    batch = preview_and_confirm(client, xlsx(*GOOD))
    assert batch.status == ImportStatus.APPLIED
    assert batch.summary == {"ratings": 3, "facts": 4, "unchanged": 0}
    ratings = dict(
        PersonRating.objects.filter(superseded_at__isnull=True).values_list(
            "person__staff_code", "rating"
        )
    )
    assert ratings == {"P04": "HTTNV", "P07": "HTTNV", "P05": "KHTNV"}
    leaves = list(Leave.objects.order_by("start").values_list("kind", "start", "end", "year"))
    assert leaves == [
        ("sick", dt.date(2025, 3, 3), dt.date(2025, 3, 7), 2025),
        ("maternity", dt.date(2025, 8, 1), dt.date(2025, 8, 31), 2025),
    ]
    training = Training.objects.get()
    assert (training.result, training.name) == ("gioi", "Bồi dưỡng ngạch chuyên viên chính")
    discipline = Discipline.objects.get()
    assert (discipline.form, discipline.decision_number, discipline.decided_on) == (
        "khien_trach",
        "15/QĐ-VP",
        dt.date(2025, 5, 10),
    )
    before = _state()
    again = preview_and_confirm(client, xlsx(*GOOD))
    assert again.summary == {"ratings": 0, "facts": 0, "unchanged": 4}
    assert _state() == before


def test_a_withdrawn_fact_is_added_again(client_for, people):
    """Only a fact that is still recorded counts as already there."""
    client = client_for("secretariat")
    preview_and_confirm(client, xlsx(GOOD[2]))
    services.leave_withdraw(actor=None, leave=Leave.objects.get(), reason="Nhầm")
    batch = preview_and_confirm(client, xlsx(GOOD[2]))
    assert batch.summary["facts"] == 1
    assert Leave.objects.filter(withdrawn_at__isnull=True).count() == 1


BAD_ROWS = [
    ({"Mã cán bộ": "P04", "Năm": 2025, "Xếp loại": "Tốt"}, "Xếp loại", "không hợp lệ"),
    ({"Mã cán bộ": "P04", "Năm": "hai nghìn", "Xếp loại": "HTNV"}, "Năm", "không phải năm"),
    ({"Mã cán bộ": "ZZ99", "Năm": 2025, "Xếp loại": "HTNV"}, "Mã cán bộ", "Không tìm thấy"),
    ({"Mã cán bộ": "X01", "Năm": 2025, "Xếp loại": "HTNV"}, "Mã cán bộ", "Không tìm thấy"),
    ({"Mã cán bộ": "", "Năm": 2025, "Xếp loại": "HTNV"}, "Mã cán bộ", "Không được để trống"),
    ({"Mã cán bộ": "P04", "Năm": 2025}, "Xếp loại", "không có gì để nhập"),
    (
        {
            "Mã cán bộ": "P04",
            "Năm": 2025,
            "Loại nghỉ": "Nghỉ ốm",
            "Nghỉ từ ngày": "10/03/2025",
            "Nghỉ đến ngày": "01/03/2025",
        },
        "Nghỉ đến ngày",
        "trước ngày bắt đầu",
    ),
    (
        {
            "Mã cán bộ": "P04",
            "Năm": 2025,
            "Loại nghỉ": "Nghỉ ốm",
            "Nghỉ từ ngày": "31/02/2025",
            "Nghỉ đến ngày": "01/03/2025",
        },
        "Nghỉ từ ngày",
        "không phải ngày hợp lệ (dd/mm/yyyy)",
    ),
    (
        {
            "Mã cán bộ": "P04",
            "Năm": 2025,
            "Hình thức kỷ luật": "Cảnh cáo",
            "Ngày quyết định kỷ luật": "10/05/2025",
        },
        "Số quyết định kỷ luật",
        "Không được để trống",
    ),
    (
        {
            "Mã cán bộ": "P04",
            "Năm": 2025,
            "Hình thức kỷ luật": "Cảnh cáo",
            "Số quyết định kỷ luật": "1/QĐ",
            "Ngày quyết định kỷ luật": "10/01/2026",
        },
        "Ngày quyết định kỷ luật",
        "không thuộc năm 2025",
    ),
    (
        {
            "Mã cán bộ": "P04",
            "Năm": 2025,
            "Đào tạo từ ngày": "01/04/2025",
            "Đào tạo đến ngày": "30/06/2025",
            "Kết quả đào tạo": "Tuyệt vời",
        },
        "Kết quả đào tạo",
        "không hợp lệ",
    ),
    ({"Mã cán bộ": "P04", "Năm": 2025, "Loại nghỉ": "Nghỉ phép"}, "Loại nghỉ", "không hợp lệ"),
]


@pytest.mark.parametrize(
    ("bad", "column", "message"),
    BAD_ROWS,
    ids=[
        "rating-unknown",
        "year-not-a-number",
        "unknown-person",
        "person-of-another-agency",
        "no-staff-code",
        "nothing-to-import",
        "leave-ends-before-it-starts",
        "impossible-date",
        "discipline-without-number",
        "discipline-in-another-year",
        "training-result-unknown",
        "leave-kind-unknown",
    ],
)
def test_one_bad_row_is_named_and_nothing_is_saved(client_for, people, bad, column, message):
    client = client_for("secretariat")
    before = _state()
    assert upload(client, xlsx(GOOD[0], bad, GOOD[1])).status_code == 302
    batch = RecordImportBatch.objects.latest("id")
    assert any(
        e["row"] == 3 and e["column"] == column and message in e["message"] for e in batch.errors
    ), batch.errors
    assert {e["row"] for e in batch.errors} == {3}
    html = client.get(reverse("records:import_preview", kwargs={"pk": batch.pk})).content.decode()
    assert f"Dòng 3, cột “{column}”" in html
    assert "Xác nhận nhập" not in html
    # Confirming anyway saves nothing.
    response = client.post(reverse("records:import_confirm", kwargs={"pk": batch.pk}), follow=True)
    assert "Không lưu dòng nào" in response.content.decode()
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW
    assert _state() == before


def test_two_rows_disagreeing_on_a_rating_are_refused(client_for, people):
    result = imports.parse_file(
        "x.xlsx",
        xlsx(
            {"Mã cán bộ": "P04", "Năm": 2025, "Xếp loại": "HTTNV"},
            {"Mã cán bộ": "p04", "Năm": 2025, "Xếp loại": "HTNV"},
        ),
    )
    assert result.errors == [
        {
            "row": 3,
            "column": "Xếp loại",
            "message": "Xếp loại HTNV khác với dòng 2 (HTTNV) cho cùng cán bộ và năm.",
        }
    ]


def test_a_correction_needs_the_reason_column(client_for, people):
    services.record_rating_set(actor=None, person=people["staff"], year=2025, rating="HTTNV")
    client = client_for("secretariat")
    upload(client, xlsx({"Mã cán bộ": "P04", "Năm": 2025, "Xếp loại": "HTXSNV"}))
    batch = RecordImportBatch.objects.latest("id")
    assert [(e["row"], e["column"]) for e in batch.errors] == [(2, "Lý do điều chỉnh")]
    assert "phải ghi lý do điều chỉnh" in batch.errors[0]["message"]
    batch = preview_and_confirm(
        client,
        xlsx({"Mã cán bộ": "P04", "Năm": 2025, "Xếp loại": "HTXSNV", "Lý do điều chỉnh": "QĐ 5"}),
    )
    current = PersonRating.objects.get(person=people["staff"], superseded_at__isnull=True)
    assert (current.rating, current.reason, current.recorded_by.username) == (
        "HTXSNV",
        "QĐ 5",
        "secretariat",
    )
    assert PersonRating.objects.filter(person=people["staff"]).count() == 2


def test_the_database_is_checked_again_on_confirm(client_for, people):
    """A rating recorded between preview and confirm turns the import into a correction."""
    client = client_for("secretariat")
    upload(client, xlsx({"Mã cán bộ": "P04", "Năm": 2025, "Xếp loại": "HTXSNV"}))
    batch = RecordImportBatch.objects.latest("id")
    services.record_rating_set(actor=None, person=people["staff"], year=2025, rating="HTNV")
    before = _state()
    client.post(reverse("records:import_confirm", kwargs={"pk": batch.pk}))
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW
    assert _state() == before


def test_csv_is_accepted(client_for, people):
    content = ("\ufeffMã cán bộ;Năm;Xếp loại\nP04;2025;HTNV\n").encode()
    response = upload(client_for("secretariat"), content, name="ho-so.csv")
    assert response.status_code == 302
    assert RecordImportBatch.objects.get().rows[0]["values"]["rating"] == "HTNV"


def test_missing_required_column_is_named(client_for, people):
    response = upload(client_for("secretariat"), xlsx({"Mã cán bộ": "P04"}, headers=["Mã cán bộ"]))
    assert response.status_code == 200
    assert "Thiếu cột bắt buộc: Năm" in response.content.decode()
    assert not RecordImportBatch.objects.exists()


def test_row_limit(client_for, people, settings):
    settings.IMPORT_MAX_ROWS = 2
    response = upload(client_for("secretariat"), xlsx(*GOOD[:3]))
    assert response.status_code == 200
    assert "vượt giới hạn 2 dòng" in response.content.decode()
    assert not RecordImportBatch.objects.exists()


def test_size_limit(client_for, people, settings):
    settings.IMPORT_MAX_BYTES = 1024
    response = upload(client_for("secretariat"), xlsx(*GOOD))
    assert response.status_code == 200
    assert "Tệp quá lớn" in response.content.decode()
    assert not RecordImportBatch.objects.exists()


def test_not_a_spreadsheet(client_for, people):
    response = upload(client_for("secretariat"), b"not a zip", name="ho-so.xlsx")
    assert "không phải là bảng tính Excel" in response.content.decode()
    response = upload(client_for("secretariat"), b"x", name="ho-so.pdf")
    assert "Chỉ nhận tệp .xlsx hoặc .csv." in response.content.decode()


def test_template_has_the_vietnamese_headers(client_for, people):
    response = client_for("admin").get(reverse("records:import_template"))
    assert response.status_code == 200
    sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
    headers = [c.value for c in sheet[1]]
    for header in (
        "Mã cán bộ",
        "Năm",
        "Xếp loại",
        "Hình thức kỷ luật",
        "Số quyết định kỷ luật",
        "Ngày quyết định kỷ luật",
        "Loại nghỉ",
        "Nghỉ từ ngày",
        "Nghỉ đến ngày",
        "Đào tạo từ ngày",
        "Đào tạo đến ngày",
        "Kết quả đào tạo",
    ):
        assert header in headers
    # The filled-in template example is itself importable.
    result = imports.parse_file("mau.xlsx", response.content)
    assert result.errors == []


def test_cancel_saves_nothing(client_for, people):
    client = client_for("secretariat")
    upload(client, xlsx(*GOOD))
    batch = RecordImportBatch.objects.latest("id")
    assert client.post(reverse("records:import_cancel", kwargs={"pk": batch.pk})).status_code == 302
    batch.refresh_from_db()
    assert batch.status == ImportStatus.CANCELLED
    client.post(reverse("records:import_confirm", kwargs={"pk": batch.pk}))
    assert PersonRating.objects.count() == 0


def test_only_the_uploader_confirms(client_for, people):
    upload(client_for("secretariat"), xlsx(*GOOD))
    batch = RecordImportBatch.objects.latest("id")
    response = client_for("admin").post(
        reverse("records:import_confirm", kwargs={"pk": batch.pk}), follow=True
    )
    assert "Chỉ người tải tệp lên" in response.content.decode()
    assert PersonRating.objects.count() == 0


REFUSED = ["head", "division_head", "staff", "council_member", "union_rep", "other_agency"]


@pytest.mark.parametrize("persona", REFUSED)
@pytest.mark.parametrize("action", ["import_confirm", "import_cancel", "import_preview"])
def test_others_cannot_touch_a_batch(client_for, people, persona, action):
    upload(client_for("secretariat"), xlsx(*GOOD))
    batch = RecordImportBatch.objects.latest("id")
    client = client_for(persona)
    url = reverse(f"records:{action}", kwargs={"pk": batch.pk})
    response = client.get(url) if action == "import_preview" else client.post(url)
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW
    assert PersonRating.objects.count() == 0


@pytest.mark.parametrize("persona", ["head", "division_head", "staff"])
def test_others_cannot_upload(client_for, people, persona):
    assert upload(client_for(persona), xlsx(*GOOD)).status_code == 403
    assert not RecordImportBatch.objects.exists()


def test_other_agency_cannot_import_into_this_office(client_for, people, users):
    """The agency field offers only the user's own agency: VP is not a valid choice."""
    response = upload(client_for("other_agency"), xlsx(*GOOD))
    assert response.status_code == 200
    assert not RecordImportBatch.objects.exists()
    with pytest.raises(PermissionDenied):
        imports.import_preview(
            actor=users["other_agency"],
            agency=people["staff"].agency,
            filename="x.xlsx",
            content=xlsx(*GOOD),
        )
