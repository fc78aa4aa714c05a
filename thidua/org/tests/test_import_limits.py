"""Import limits that hold before parsing (issue 19, point 4).

Before: a 412 KB XLSX holding one 400 MB string was inflated in full by openpyxl (87 s, 11 GB);
rows past the sheet's declared <dimension> were silently dropped (and a dimension of
A1:XFD1048576 made the reader pad a million rows of 16,384 cells); a CSV field over the csv
module's limit was a 500; error messages quoted a bad cell whole. Now the archive's declared
sizes are checked first, the dimension is ignored, rows, columns and cells have limits, and
every refusal is a Vietnamese message quoting at most a short prefix."""

import io
import re
import time
import zipfile

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from openpyxl import Workbook

from thidua.org import imports
from thidua.org.models import ImportBatch, ImportKind, Person

from .test_import_views import START, form_errors
from .test_imports import AN, BICH, CUONG, STAFF_HEADERS, csv_bytes, staff_row, staff_table


def xlsx(rows, cells=()) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    for row in rows:
        sheet.append(row)
    for (row, column), value in cells:
        sheet.cell(row=row, column=column, value=value)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def rewrite_sheet(content: bytes, change) -> bytes:
    """The same workbook with xl/worksheets/sheet1.xml passed through `change`."""
    source = zipfile.ZipFile(io.BytesIO(content))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            data = source.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = change(data)
            target.writestr(info.filename, data)
    return buffer.getvalue()


@pytest.fixture
def preview(users, office):
    def run(content, filename="danh-sach.xlsx"):
        return imports.import_preview(
            actor=users["secretariat"],
            agency=office["VP"],
            kind=ImportKind.STAFF,
            filename=filename,
            content=content,
        )

    return run


@pytest.fixture
def no_openpyxl(monkeypatch):
    """Fails the test if the workbook is ever handed to openpyxl."""

    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl must not parse a refused file")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


@override_settings(IMPORT_MAX_PART_BYTES=1024 * 1024)
def test_one_huge_string_is_refused_from_the_zip_directory(preview, no_openpyxl):
    huge = b"A" * (3 * 1024 * 1024)  # a 3 MB string compresses to a few KB
    cell = b'<row r="3"><c r="B3" t="inlineStr"><is><t>' + huge + b"</t></is></c></row>"
    content = rewrite_sheet(
        xlsx(staff_table(AN)), lambda xml: xml.replace(b"</sheetData>", cell + b"</sheetData>")
    )
    assert len(content) < 100 * 1024
    started = time.monotonic()
    with pytest.raises(imports.ImportFileError) as error:
        preview(content)
    assert time.monotonic() - started < 2
    assert str(error.value) == (
        "Không nhận tệp Excel: Một thành phần của tệp giải nén ra 3 MB, vượt giới hạn 1 MB."
    )
    assert not ImportBatch.objects.exists()


@override_settings(IMPORT_MAX_UNPACKED_BYTES=2 * 1024 * 1024)
def test_total_unpacked_size_is_limited(preview, no_openpyxl):
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for n in range(3):
            archive.writestr(f"xl/media/anh{n}.bin", b"\0" * (1024 * 1024))
    with pytest.raises(imports.ImportFileError, match="giải nén ra 3 MB, vượt giới hạn 2 MB"):
        preview(buffer.getvalue())


def test_type_check_runs_before_any_zip_test(preview, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no zip test for a file of the wrong type")

    monkeypatch.setattr(imports, "check_zip_limits", refuse)
    with pytest.raises(imports.ImportFileError, match="không phải là bảng tính Excel"):
        preview(b"MZ\x90\x00" + b"\0" * 100)
    with pytest.raises(imports.ImportFileError, match="Chỉ nhận tệp .xlsx hoặc .csv"):
        preview(b"PK\x03\x04", "danh-sach.zip")


@override_settings(IMPORT_MAX_CELL_CHARS=100)
@pytest.mark.parametrize("fmt", ["xlsx", "csv"])
def test_a_cell_over_the_length_limit_is_refused_quoting_a_prefix(preview, fmt):
    table = [STAFF_HEADERS, staff_row(AN, full_name="Nguyễn " + "A" * 5000)]
    content = xlsx(table) if fmt == "xlsx" else csv_bytes(table)
    with pytest.raises(imports.ImportFileError) as error:
        preview(content, f"ds.{fmt}")
    message = str(error.value)
    assert message.startswith("Dòng 2, cột 2: ô dài 5.007 ký tự, tối đa 100 ký tự")
    assert len(message) < 160
    assert not ImportBatch.objects.exists()


def test_rows_past_the_declared_dimension_are_read(preview):
    content = xlsx(staff_table(AN, BICH, CUONG))
    lying = rewrite_sheet(
        content, lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:J2"', xml)
    )
    assert b'<dimension ref="A1:J2"' in zipfile.ZipFile(io.BytesIO(lying)).read(
        "xl/worksheets/sheet1.xml"
    )
    batch = preview(lying)
    assert [r["values"]["staff_code"] for r in batch.rows] == ["CB001", "CB002", "CB003"]


def test_a_huge_declared_dimension_is_not_padded(preview):
    content = xlsx(staff_table(AN, BICH))
    lying = rewrite_sheet(
        content,
        lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:XFD1048576"', xml),
    )
    started = time.monotonic()
    batch = preview(lying)
    assert time.monotonic() - started < 5
    assert len(batch.rows) == 2


@override_settings(IMPORT_MAX_SHEET_ROWS=50)
def test_a_row_far_below_the_data_is_refused_not_walked_to(preview):
    content = xlsx(staff_table(AN), cells=[((1_000_000, 1), "CB999")])
    with pytest.raises(imports.ImportFileError) as error:
        preview(content)
    assert str(error.value) == "Bảng tính có hơn 50 dòng (kể cả dòng trống): không nhận."


@override_settings(IMPORT_MAX_COLUMNS=12)
def test_data_past_the_column_limit_is_refused(preview):
    content = xlsx(staff_table(AN), cells=[((2, 300), "thừa")])
    with pytest.raises(imports.ImportFileError) as error:
        preview(content)
    assert str(error.value) == "Dòng 2 có dữ liệu ở cột thứ 300: tối đa 12 cột."


def test_csv_field_over_the_csv_module_limit_is_a_vietnamese_message(client_for):
    table = [STAFF_HEADERS, staff_row(AN, full_name="B" * 200_000)]
    before = Person.objects.count()
    response = client_for("secretariat").post(
        START,
        {
            "kind": ImportKind.STAFF,
            "agency": "VP",
            "file": SimpleUploadedFile("ds.csv", csv_bytes(table)),
        },
    )
    assert response.status_code == 200
    (message,) = form_errors(response)["file"]
    assert message.startswith("Không đọc được tệp CSV ở dòng 2: một ô quá dài")
    assert "BBBBBBBBBB" not in message
    assert Person.objects.count() == before
    assert not ImportBatch.objects.exists()
    assert reverse("org:import_start") == START


def test_bad_values_are_quoted_by_a_short_prefix(preview):
    batch = preview(xlsx([STAFF_HEADERS, staff_row(AN, gender="X" * 1500, email="y" * 1500)]))
    messages = {e["column"]: e["message"] for e in batch.errors}
    assert messages["Giới tính"] == '"' + "X" * 40 + '…" không hợp lệ (Nam hoặc Nữ).'
    assert messages["Thư điện tử"].startswith('"' + "y" * 40 + '…"')
    assert all(len(m) < 150 for m in messages.values())
