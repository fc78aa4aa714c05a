"""The import pages (issue 2, item 5) as a user meets them: template download, upload, preview,
confirm, cancel; who may use them, and that every refused request changes nothing."""

import csv
import html
import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client, override_settings
from django.urls import reverse
from openpyxl import load_workbook

from conftest import make_user
from thidua.accounts.models import Role
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.org.models import ImportBatch, ImportKind, ImportStatus, Person
from thidua.org.tests.test_imports import (
    AN,
    BICH,
    CUONG,
    GOOD,
    STAFF_HEADERS,
    UNIT_HEADERS,
    counts,
    csv_bytes,
    staff_row,
    staff_table,
    xlsx_bytes,
)

pytestmark = pytest.mark.usefixtures("module_world")

START = reverse("org:import_start")
LOGIN = reverse("accounts:login")
MAY_IMPORT = ["secretariat", "admin"]
MAY_NOT_IMPORT = ["head", "division_head", "staff", "council_member"]


def upload(client, content, filename="danh-sach.xlsx", kind=ImportKind.STAFF, agency="VP"):
    return client.post(
        START,
        {"kind": kind, "agency": agency, "file": SimpleUploadedFile(filename, content)},
    )


def preview_url(batch):
    return reverse("org:import_preview", kwargs={"pk": batch.pk})


def confirm_url(batch):
    return reverse("org:import_confirm", kwargs={"pk": batch.pk})


def cancel_url(batch):
    return reverse("org:import_cancel", kwargs={"pk": batch.pk})


def page_text(response) -> str:
    return html.unescape(response.content.decode())


def flashed(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def last_flashed(response) -> str:
    """The message this request added (earlier unread ones are still queued before it)."""
    return flashed(response)[-1]


def form_errors(response) -> dict:
    return response.context["form"].errors


@pytest.fixture
def good_batch(client_for):
    """A clean staff file uploaded by the secretariat, waiting for confirmation."""
    response = upload(client_for("secretariat"), xlsx_bytes(staff_table(*GOOD)))
    assert response.status_code == 302
    return ImportBatch.objects.get()


# --- 1. Template download, and the whole journey with a filled template --------------------------


@pytest.mark.parametrize(
    ("kind", "headers", "filename"),
    [
        (ImportKind.STAFF, STAFF_HEADERS, "mau-nhap-can-bo"),
        (ImportKind.UNITS, UNIT_HEADERS, "mau-nhap-don-vi"),
    ],
    ids=["staff", "units"],
)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_template_download_has_vietnamese_headers(client_for, kind, headers, filename, fmt):
    url = reverse("org:import_template", kwargs={"kind": kind, "fmt": fmt})
    response = client_for("secretariat").get(url)

    assert response.status_code == 200
    assert response["Content-Disposition"] == f'attachment; filename="{filename}.{fmt}"'
    if fmt == "xlsx":
        assert response["Content-Type"] == (
            "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
        )
        sheet = load_workbook(io.BytesIO(response.content)).worksheets[0]
        assert [c.value for c in sheet[1]] == headers
    else:
        assert response["Content-Type"] == "text/csv; charset=utf-8"
        assert response.content.startswith(b"\xef\xbb\xbf")  # so Excel opens it as UTF-8
        rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
        assert rows[0] == headers
        assert len(rows) == 2


@pytest.mark.parametrize(
    ("kind", "fmt"), [("staff", "pdf"), ("people", "xlsx")], ids=["bad-format", "bad-kind"]
)
def test_unknown_template_is_not_found(client_for, kind, fmt):
    url = reverse("org:import_template", kwargs={"kind": kind, "fmt": fmt})
    assert client_for("secretariat").get(url).status_code == 404


@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_downloaded_template_filled_in_is_uploaded_previewed_and_confirmed(client_for, fmt):
    client = client_for("secretariat")
    template = client.get(reverse("org:import_template", kwargs={"kind": "staff", "fmt": fmt}))
    if fmt == "xlsx":
        workbook = load_workbook(io.BytesIO(template.content))
        sheet = workbook.worksheets[0]
        for number, record in enumerate([AN, BICH], start=2):
            for column, value in enumerate(staff_row(record), start=1):
                sheet.cell(number, column, value)
        buffer = io.BytesIO()
        workbook.save(buffer)
        content = buffer.getvalue()
    else:
        header = next(csv.reader(io.StringIO(template.content.decode("utf-8-sig"))))
        content = csv_bytes([header, staff_row(AN), staff_row(BICH)])

    response = upload(client, content, f"mau-nhap-can-bo.{fmt}")
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    assert response["Location"] == preview_url(batch)

    page = client.get(preview_url(batch))
    text = page_text(page)
    assert page.status_code == 200
    assert "Không có lỗi. Kiểm tra lại rồi bấm Xác nhận để lưu toàn bộ." in text
    assert "Nguyễn Văn An" in text and "Trần Thị Bích" in text
    # Choices by their Vietnamese label, never the stored code.
    assert "<td>Nữ</td>" in text.replace(" ", "") or ">Nữ<" in text
    assert ">female<" not in text and ">male<" not in text
    assert f'action="{confirm_url(batch)}"' in text

    confirmed = client.post(confirm_url(batch))
    assert confirmed.status_code == 302
    assert confirmed["Location"] == START
    assert flashed(confirmed) == [
        "Đã nhập xong: thêm mới 2, cập nhật 0, điều chuyển 0, không đổi 0."
    ]
    assert set(
        Person.objects.filter(staff_code__startswith="CB").values_list("staff_code", flat=True)
    ) == {
        "CB001",
        "CB002",
    }
    applied = page_text(client.get(preview_url(batch)))
    assert "Đã nhập: thêm mới 2, cập nhật 0, điều chuyển 0, không đổi 0." in applied
    assert verify_chain() is None


def test_start_page_lists_the_limits_and_recent_batches(client_for, good_batch):
    with override_settings(IMPORT_MAX_BYTES=2 * 1024 * 1024, IMPORT_MAX_ROWS=5000):
        text = page_text(client_for("secretariat").get(START))
    assert "Tối đa 2048 KB và 5000 dòng mỗi tệp." in text
    assert "danh-sach.xlsx" in text
    assert "Chờ xác nhận" in text


# --- 2 and 3. Preview shows every error; a file with errors saves nothing ------------------------


def test_preview_page_names_row_and_column_and_confirm_saves_nothing(client_for):
    client = client_for("secretariat")
    table = staff_table(
        AN,
        {**BICH, "date_of_birth": "31/02/2020", "citizen_id": "123"},
        {**CUONG, "staff_code": "CB001"},
    )
    upload(client, xlsx_bytes(table))
    batch = ImportBatch.objects.get()

    text = page_text(client.get(preview_url(batch)))

    assert "Có 3 lỗi ở 2 dòng" in text
    assert "Không dòng nào được lưu. Sửa tệp rồi tải lên lại." in text
    assert 'Dòng 3, cột “Ngày sinh”: "31/02/2020" không phải ngày hợp lệ (dd/mm/yyyy).' in text
    assert "Dòng 3, cột “Số CCCD”: Số CCCD phải gồm đúng 12 chữ số." in text
    assert 'Dòng 4, cột “Mã cán bộ”: Mã "CB001" trùng với dòng 2.' in text
    assert confirm_url(batch) not in text  # no confirm button while there are errors

    before = counts()
    response = client.post(confirm_url(batch))

    assert response.status_code == 302
    assert response["Location"] == preview_url(batch)
    assert flashed(response) == [
        "Không lưu dòng nào: còn 3 lỗi. "
        'dòng 3, cột Ngày sinh: "31/02/2020" không phải ngày hợp lệ (dd/mm/yyyy).; '
        "dòng 3, cột Số CCCD: Số CCCD phải gồm đúng 12 chữ số.; "
        'dòng 4, cột Mã cán bộ: Mã "CB001" trùng với dòng 2.'
    ]
    assert counts() == before
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW


def test_missing_column_is_shown_on_the_upload_form(client_for):
    headers = [h for h in STAFF_HEADERS if h != "Mã đơn vị"]
    response = upload(client_for("secretariat"), xlsx_bytes([headers]))
    assert response.status_code == 200
    assert form_errors(response) == {"file": ["Thiếu cột bắt buộc: Mã đơn vị. Hãy dùng tệp mẫu."]}
    assert not ImportBatch.objects.exists()


def test_reimporting_the_same_file_reports_everything_unchanged(client_for):
    client = client_for("secretariat")
    content = xlsx_bytes(staff_table(*GOOD))
    upload(client, content)
    client.post(confirm_url(ImportBatch.objects.get()))
    before = counts()

    upload(client, content)
    batch = ImportBatch.objects.filter(status=ImportStatus.PREVIEW).get()
    response = client.post(confirm_url(batch))

    assert last_flashed(response) == (
        "Đã nhập xong: thêm mới 0, cập nhật 0, điều chuyển 0, không đổi 3."
    )
    assert counts() == {**before, "audit": before["audit"] + 1}


# --- 5. Limits and file types through the upload form --------------------------------------------


@override_settings(IMPORT_MAX_BYTES=1024)
def test_upload_over_the_size_limit_is_refused(client_for):
    content = xlsx_bytes(staff_table(*GOOD))
    assert len(content) > 1024
    before = counts()
    response = upload(client_for("secretariat"), content)
    assert response.status_code == 200
    assert form_errors(response) == {"file": ["Tệp quá lớn: tối đa 1 KB."]}
    assert "Tệp quá lớn: tối đa 1 KB." in page_text(response)
    assert not ImportBatch.objects.exists()
    assert counts() == before


@override_settings(IMPORT_MAX_ROWS=2)
def test_upload_over_the_row_limit_is_refused(client_for):
    before = counts()
    response = upload(client_for("secretariat"), csv_bytes(staff_table(*GOOD)), "ds.csv")
    assert response.status_code == 200
    assert form_errors(response) == {
        "file": ["Tệp có 3 dòng dữ liệu, vượt giới hạn 2 dòng mỗi lần nhập."]
    }
    assert not ImportBatch.objects.exists()
    assert counts() == before


@pytest.mark.parametrize(
    ("filename", "content", "message"),
    [
        ("ds.txt", b"CB001;An", "Chỉ nhận tệp .xlsx hoặc .csv."),
        ("ds.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1", "Chỉ nhận tệp .xlsx hoặc .csv."),
        (
            "ds.xlsx",
            "Mã cán bộ;Họ và tên\nCB001;An\n".encode(),
            "Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.",
        ),
        (
            "ds.xlsx",
            b"PK\x03\x04 not really a zip",
            "Không đọc được tệp Excel: tệp bị hỏng hoặc sai định dạng.",
        ),
    ],
    ids=["txt", "xls", "text-renamed-xlsx", "broken-zip"],
)
def test_upload_of_a_file_that_is_not_xlsx_or_csv_is_refused(
    client_for, filename, content, message
):
    before = counts()
    response = upload(client_for("secretariat"), content, filename)
    assert response.status_code == 200
    assert form_errors(response) == {"file": [message]}
    assert not ImportBatch.objects.exists()
    assert counts() == before


# --- 6. Permissions --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", MAY_IMPORT)
def test_secretariat_and_admin_upload_preview_and_confirm(client_for, persona):
    client = client_for(persona)
    response = upload(client, xlsx_bytes(staff_table(*GOOD)))
    batch = ImportBatch.objects.get()
    assert response["Location"] == preview_url(batch)
    assert client.get(preview_url(batch)).status_code == 200
    response = client.post(confirm_url(batch))
    assert response["Location"] == START
    batch.refresh_from_db()
    assert batch.status == ImportStatus.APPLIED
    assert Person.objects.filter(staff_code__in=["CB001", "CB002", "CB003"]).count() == 3


@pytest.mark.parametrize("persona", MAY_NOT_IMPORT)
def test_other_roles_are_refused_everywhere_and_nothing_changes(client_for, good_batch, persona):
    client = client_for(persona)
    before = counts()
    requests = [
        ("get", START),
        ("get", reverse("org:import_template", kwargs={"kind": "staff", "fmt": "xlsx"})),
        ("get", preview_url(good_batch)),
        ("post", confirm_url(good_batch)),
        ("post", cancel_url(good_batch)),
    ]
    for method, url in requests:
        assert getattr(client, method)(url).status_code == 403, url
    assert upload(client, xlsx_bytes(staff_table(*GOOD))).status_code == 403
    assert ImportBatch.objects.count() == 1
    good_batch.refresh_from_db()
    assert good_batch.status == ImportStatus.PREVIEW
    assert counts() == before


def test_anonymous_is_sent_to_the_login_page(client_for, good_batch):
    client = client_for(None)
    before = counts()
    requests = [
        ("get", START),
        ("get", preview_url(good_batch)),
        ("post", confirm_url(good_batch)),
        ("post", cancel_url(good_batch)),
    ]
    for method, url in requests:
        response = getattr(client, method)(url)
        assert response.status_code == 302, url
        assert response["Location"] == f"{LOGIN}?next={url}"
    response = upload(client, xlsx_bytes(staff_table(*GOOD)))
    assert response["Location"].startswith(LOGIN)
    assert ImportBatch.objects.count() == 1
    good_batch.refresh_from_db()
    assert good_batch.status == ImportStatus.PREVIEW
    assert counts() == before


def test_secretariat_of_another_agency_cannot_reach_this_agencys_batch(client_for, good_batch):
    client = client_for("other_agency")
    before = counts()

    assert client.get(preview_url(good_batch)).status_code == 403
    assert client.post(confirm_url(good_batch)).status_code == 403
    assert client.post(cancel_url(good_batch)).status_code == 403
    # Nor upload into this agency: VP is not among the form's choices.
    response = upload(client, xlsx_bytes(staff_table(*GOOD)), agency="VP")
    assert response.status_code == 200
    assert list(form_errors(response)) == ["agency"]
    # Its own start page does not list this agency's batches.
    assert "danh-sach.xlsx" not in page_text(client.get(START))

    assert ImportBatch.objects.count() == 1
    good_batch.refresh_from_db()
    assert good_batch.status == ImportStatus.PREVIEW
    assert counts() == before


def test_secretariat_of_another_agency_imports_into_its_own(client_for, office):
    client = client_for("other_agency")
    record = {**AN, "staff_code": "SNV001", "unit": "SNV-TCBC"}
    upload(client, xlsx_bytes(staff_table(record)), agency="SNV")
    batch = ImportBatch.objects.get()
    assert batch.errors == []
    client.post(confirm_url(batch))
    assert Person.objects.get(staff_code="SNV001").agency == office["SNV"]


def test_only_the_uploader_may_confirm(client_for, good_batch, office):
    colleague = make_user("secretariat2", None, [(Role.SECRETARIAT, office["VP"])])
    client = Client()
    client.force_login(colleague)
    before = counts()

    assert client.get(preview_url(good_batch)).status_code == 200
    response = client.post(confirm_url(good_batch))

    assert response.status_code == 302
    assert response["Location"] == preview_url(good_batch)
    assert flashed(response) == ["Chỉ người tải tệp lên mới xác nhận được lần nhập này."]
    good_batch.refresh_from_db()
    assert good_batch.status == ImportStatus.PREVIEW
    assert counts() == before


@pytest.mark.parametrize("name", ["org:import_confirm", "org:import_cancel"])
def test_confirm_and_cancel_are_post_only(client_for, good_batch, name):
    before = counts()
    response = client_for("secretariat").get(reverse(name, kwargs={"pk": good_batch.pk}))
    assert response.status_code == 405
    good_batch.refresh_from_db()
    assert good_batch.status == ImportStatus.PREVIEW
    assert counts() == before


@pytest.mark.parametrize("name", ["org:import_confirm", "org:import_cancel"])
def test_post_without_csrf_token_is_refused(good_batch, users, name):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["secretariat"])
    before = counts()

    response = client.post(reverse(name, kwargs={"pk": good_batch.pk}))

    assert response.status_code == 403
    good_batch.refresh_from_db()
    assert good_batch.status == ImportStatus.PREVIEW
    assert counts() == before


def test_upload_without_csrf_token_is_refused(good_batch, users):
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["secretariat"])
    response = upload(client, xlsx_bytes(staff_table(*GOOD)))
    assert response.status_code == 403
    assert ImportBatch.objects.count() == 1


def test_post_with_the_pages_csrf_token_is_accepted(good_batch, users):
    """The refusal above is the token's absence, not the CSRF-enforcing client."""
    client = Client(enforce_csrf_checks=True)
    client.force_login(users["secretariat"])
    client.get(preview_url(good_batch))
    token = client.cookies["csrftoken"].value
    response = client.post(confirm_url(good_batch), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    good_batch.refresh_from_db()
    assert good_batch.status == ImportStatus.APPLIED


def test_cancelled_batch_cannot_be_confirmed(client_for, good_batch):
    client = client_for("secretariat")
    response = client.post(cancel_url(good_batch))
    assert response["Location"] == START
    assert flashed(response) == ["Đã huỷ lần nhập; không có dữ liệu nào được lưu."]
    good_batch.refresh_from_db()
    assert good_batch.status == ImportStatus.CANCELLED
    before = counts()

    response = client.post(confirm_url(good_batch))

    assert last_flashed(response) == "Lần nhập này đã được xử lý."
    assert counts() == before
    assert not Person.objects.filter(staff_code="CB001").exists()


def test_confirming_twice_saves_once(client_for, good_batch):
    client = client_for("secretariat")
    client.post(confirm_url(good_batch))
    after_first = counts()
    response = client.post(confirm_url(good_batch))
    assert last_flashed(response) == "Lần nhập này đã được xử lý."
    assert counts() == after_first
    assert AuditEvent.objects.filter(action="import.apply").count() == 1


# --- 7. Units through the pages -------------------------------------------------------------------


def test_units_file_through_the_pages(client_for, office):
    client = client_for("secretariat")
    table = [
        UNIT_HEADERS,
        ["KT-A", "Tổ Kế toán tổng hợp", "", "Bộ phận", "KT", 1],
        ["KT", "Phòng Kế toán", "KT", "Phòng", "VP", 4],
    ]
    upload(client, xlsx_bytes(table), "don-vi.xlsx", kind=ImportKind.UNITS)
    batch = ImportBatch.objects.get()
    text = page_text(client.get(preview_url(batch)))
    assert all(h in text for h in UNIT_HEADERS)

    response = client.post(confirm_url(batch))

    assert flashed(response) == ["Đã nhập xong: thêm mới 2, cập nhật 0, không đổi 0."]
    tree = page_text(client.get(reverse("org:unit_tree")))
    assert "Phòng Kế toán" in tree and "Tổ Kế toán tổng hợp" in tree
    assert verify_chain() is None
