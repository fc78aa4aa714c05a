"""XLSX writing shared by every export and template (openpyxl): real Excel, formula-safe.

One helper so every workbook the product writes looks and behaves the same:

- typed cells: dates are date cells shown dd/mm/yyyy, counts and money numbers shown ``#,##0``,
  percentages numbers (``0.0``, the header says "(%)"), years plain (``0``);
- text that Excel would evaluate (a leading ``=``, ``+``, ``-``, ``@``, tab or CR: "formula
  injection") is stored as a string cell with the quote prefix, never as a formula; the value is
  unchanged, so an export imports back as it was;
- a bold, shaded header row frozen under the title rows, an autofilter over the table, column
  widths from the content, and print setup: A4, landscape when the table is wide, fit to the
  page width, the header row repeated on every printed page;
- code and ID columns ("Mã …", "Số CCCD", "Số quyết định") formatted as text for the whole
  column, so a code typed later keeps its leading zeros.

Usage::

    sheet = new_sheet(workbook, "Cán bộ")
    write_table(sheet, ["Mã cán bộ", "Họ và tên", "Ngày sinh"], rows)
    finish_sheet(sheet)  # or workbook_bytes([(title, columns, rows), ...])
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

DATE_FORMAT = "dd/mm/yyyy"
DATETIME_FORMAT = "dd/mm/yyyy hh:mm"
INTEGER_FORMAT = "#,##0"
DECIMAL_FORMAT = "#,##0.00"
PERCENT_FORMAT = "0.0"
YEAR_FORMAT = "0"
TEXT_FORMAT = "@"
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
INVALID_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))
MIN_WIDTH, MAX_WIDTH = 6, 50
# A4 portrait holds about 85 width units at 100 %: wider tables, or more than 7 columns,
# print landscape (still fitted to the page width).
LANDSCAPE_FROM = 85
LANDSCAPE_COLUMNS = 7

# Headers (folded to lower case) that name codes and identifiers: text for the whole column.
_CODE_HEADERS = ("mã", "số cccd", "cccd", "số quyết định", "số định danh", "số hiệu", "mã số")


def sheet_title(title: str) -> str:
    """A valid sheet name: no []:*?/\\, at most 31 characters."""
    return title.translate(INVALID_SHEET_CHARS).strip()[:31] or "Bang"


def is_code_header(header: str) -> bool:
    folded = (header or "").strip().lower()
    return any(folded == h or folded.startswith(h + " ") for h in _CODE_HEADERS)


def _number_format_for(header: str, value) -> str | None:
    folded = (header or "").strip().lower()
    if isinstance(value, dt.datetime):
        return DATETIME_FORMAT
    if isinstance(value, dt.date):
        return DATE_FORMAT
    if isinstance(value, bool):
        return None
    if isinstance(value, int | float | Decimal):
        if folded == "năm" or folded.startswith("năm "):
            return YEAR_FORMAT
        if "(%)" in folded or folded.startswith("tỷ lệ"):
            return PERCENT_FORMAT
        if isinstance(value, int) or (isinstance(value, Decimal) and value == value.to_integral()):
            return INTEGER_FORMAT
        return DECIMAL_FORMAT
    return None


def _plain(value):
    if isinstance(value, Decimal):
        return int(value) if value == value.to_integral() else float(value)
    if isinstance(value, dt.datetime) and value.tzinfo is not None:
        # Excel has no time zones: the local wall-clock time of the office.
        from django.utils import timezone

        return timezone.localtime(value).replace(tzinfo=None)
    return value


def set_cell(cell, value, header: str = "") -> None:
    """Write `value` typed (see the module doc) and formula-safe into `cell`."""
    value = _plain(value)
    if isinstance(value, str):
        cell.value = value
        if value.startswith(FORMULA_TRIGGERS):
            cell.data_type = "s"  # openpyxl would otherwise store "=…" as a formula
            cell.quotePrefix = True  # and Excel keeps it text when the cell is edited
        if is_code_header(header):
            cell.number_format = TEXT_FORMAT
        return
    cell.value = value
    number_format = _number_format_for(header, value)
    if number_format:
        cell.number_format = number_format


def write_row(sheet: Worksheet, values: Sequence, headers: Sequence[str] = ()) -> int:
    """Append one row of typed, formula-safe cells; returns its row number."""
    row = sheet._current_row + 1  # where Worksheet.append would write
    for index, value in enumerate(values, start=1):
        header = headers[index - 1] if index - 1 < len(headers) else ""
        set_cell(sheet.cell(row, index), value, header)
    return row


def write_table(sheet: Worksheet, columns: Sequence[str], rows: Iterable[Sequence]) -> int:
    """The header row then the data rows; returns the header's row number."""
    columns = [str(c) for c in columns]
    header_row = write_row(sheet, columns)
    for values in rows:
        write_row(sheet, list(values), columns)
    sheet._thidua_header_row = header_row  # read by finish_sheet
    return header_row


def _display_length(value) -> int:
    if value is None:
        return 0
    if isinstance(value, dt.date):
        return 10
    if isinstance(value, int | float):
        return len(f"{value:,.0f}") + 1
    return max((len(line) for line in str(value).splitlines()), default=0)


def finish_sheet(
    sheet: Worksheet,
    *,
    header_row: int | None = None,
    text_columns: Iterable[int] = (),
    landscape: bool | None = None,
) -> None:
    """Style and set up a written sheet: header, freeze, autofilter, widths, print setup."""
    header_row = header_row or getattr(sheet, "_thidua_header_row", 1)
    last_column = sheet.max_column
    last_row = max(sheet.max_row, header_row)
    headers = [str(sheet.cell(header_row, c).value or "") for c in range(1, last_column + 1)]
    for cell in sheet[header_row]:
        cell.font = Font(bold=True)
        cell.fill = HEADER_FILL
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    sheet.freeze_panes = sheet.cell(header_row + 1, 1).coordinate
    sheet.auto_filter.ref = f"A{header_row}:{get_column_letter(last_column)}{last_row}"
    text_columns = set(text_columns)
    total = 0
    for index in range(1, last_column + 1):
        letter = get_column_letter(index)
        longest = max(
            (
                _display_length(sheet.cell(r, index).value)
                for r in range(header_row + 1, last_row + 1)
            ),
            default=0,
        )
        # The header may wrap onto two lines; the data decide the width.
        header_need = min(len(headers[index - 1]), max(12, len(headers[index - 1]) // 2 + 2))
        width = max(MIN_WIDTH, min(MAX_WIDTH, max(longest + 2, header_need + 2)))
        sheet.column_dimensions[letter].width = width
        total += width
        if index in text_columns or is_code_header(headers[index - 1]):
            # The whole column is text: codes and IDs typed later keep their leading zeros.
            sheet.column_dimensions[letter].number_format = TEXT_FORMAT
    for row in sheet.iter_rows(min_row=header_row + 1, max_row=last_row):
        for cell in row:
            if isinstance(cell.value, str) and len(cell.value) > MAX_WIDTH:
                cell.alignment = Alignment(wrap_text=True, vertical="top")
    setup = sheet.page_setup
    setup.paperSize = sheet.PAPERSIZE_A4
    wide = (
        landscape
        if landscape is not None
        else total > LANDSCAPE_FROM or last_column > LANDSCAPE_COLUMNS
    )
    setup.orientation = "landscape" if wide else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    sheet.oddFooter.center.text = "Trang &P/&N"


def new_workbook() -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    return workbook


def to_bytes(workbook: Workbook) -> bytes:
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_bytes(sheets, *, author: str = "") -> bytes:
    """`sheets`: iterable of (title, columns, rows); one finished sheet each."""
    workbook = new_workbook()
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(sheet_title(title))
        write_table(sheet, columns, rows)
        finish_sheet(sheet)
    if author:
        workbook.properties.creator = author
    return to_bytes(workbook)
