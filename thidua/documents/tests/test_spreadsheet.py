"""The shared XLSX writer (issue 18, items 6 and 9): typed cells, formula-safe text, header,
freeze, autofilter, widths and print setup; the workbook is written, saved and opened again."""

import datetime as dt
import io
import zipfile
from decimal import Decimal

import pytest
from openpyxl import load_workbook

from thidua.documents.spreadsheet import workbook_bytes

COLUMNS = [
    "STT",
    "Mã cán bộ",
    "Họ và tên",
    "Ngày quyết định",
    "Năm",
    "Tiền thưởng (đồng)",
    "Tỷ lệ LĐTT (%)",
    "Số CCCD",
]
HOSTILE = [
    '=HYPERLINK("http://evil.example","Bấm")',
    "+1+1",
    "-2+3",
    "@SUM(A1:A2)",
    "\t=1+1",
    "\r=1+1",
]


def _workbook(rows, columns=COLUMNS):
    content = workbook_bytes([("Sổ khen thưởng", columns, rows)])
    return content, load_workbook(io.BytesIO(content)).worksheets[0]


@pytest.fixture(scope="module")
def book():
    rows = [
        [
            1,
            "012345",
            "Nguyễn Văn An",
            dt.date(2021, 12, 28),
            2021,
            1490000,
            Decimal("66.7"),
            "087085000123",
        ],
        [2, "CB002", "Trần Thị Bình", dt.date(2022, 1, 5), 2022, Decimal(450000), 50.0, ""],
    ]
    return _workbook(rows)


def test_dates_are_date_cells_shown_dd_mm_yyyy(book):
    _content, sheet = book
    cell = sheet["D2"]
    assert cell.is_date and cell.value == dt.datetime(2021, 12, 28)
    assert cell.number_format == "dd/mm/yyyy"


@pytest.mark.parametrize(
    ("coordinate", "value", "number_format"),
    [
        pytest.param("A2", 1, "#,##0", id="count"),
        pytest.param("E2", 2021, "0", id="year-without-separator"),
        pytest.param("F2", 1490000, "#,##0", id="money"),
        pytest.param("F3", 450000, "#,##0", id="money-decimal"),
        pytest.param("G2", 66.7, "0.0", id="percent"),
    ],
)
def test_numbers_are_numbers(book, coordinate, value, number_format):
    _content, sheet = book
    cell = sheet[coordinate]
    assert cell.data_type == "n" and cell.value == value
    assert cell.number_format == number_format


def test_codes_and_ids_are_text_for_the_whole_column(book):
    _content, sheet = book
    assert sheet["B2"].value == "012345" and sheet["B2"].number_format == "@"
    assert sheet["H2"].value == "087085000123"
    assert sheet.column_dimensions["B"].number_format == "@"
    assert sheet.column_dimensions["H"].number_format == "@"


def test_header_bold_frozen_filtered_and_repeated_when_printed(book):
    _content, sheet = book
    assert all(cell.font.b for cell in sheet[1])
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:H3"
    assert sheet.print_title_rows == "$1:$1"
    setup = sheet.page_setup
    assert setup.fitToWidth == 1 and setup.fitToHeight == 0
    assert sheet.sheet_properties.pageSetUpPr.fitToPage
    assert int(setup.paperSize) == int(sheet.PAPERSIZE_A4)


def test_widths_fit_the_content(book):
    _content, sheet = book
    widths = {c: sheet.column_dimensions[c].width for c in "ABCH"}
    assert widths["A"] < widths["C"]  # STT narrow, the name wide
    assert widths["C"] >= len("Trần Thị Bình") + 2
    assert widths["H"] >= 12 + 2


def test_a_wide_table_prints_landscape_a_narrow_one_portrait(book):
    _content, sheet = book
    assert sheet.page_setup.orientation == "landscape"
    _c, narrow = _workbook([[1, "Phòng Công tác Quốc hội"]], ["STT", "Tập thể"])
    assert narrow.page_setup.orientation == "portrait"


@pytest.mark.parametrize("text", HOSTILE, ids=["hyperlink", "plus", "minus", "at", "tab", "cr"])
def test_text_that_looks_like_a_formula_stays_a_plain_string(text):
    content, sheet = _workbook([[1, "CB1", text, None, 2021, 0, 0, ""]])
    cell = sheet["C2"]
    assert cell.value == text and cell.data_type == "s"
    assert cell.quotePrefix
    xml = zipfile.ZipFile(io.BytesIO(content)).read("xl/worksheets/sheet1.xml").decode()
    assert "<f>" not in xml and "<f " not in xml
