"""Figures and lists as XLSX workbooks (openpyxl): one sheet per table, bold header row."""

import io
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

INVALID_SHEET_CHARS = str.maketrans(dict.fromkeys("[]:*?/\\", " "))


def _cell(value):
    if isinstance(value, Decimal):
        return float(value)
    return value


def workbook_bytes(sheets) -> bytes:
    """`sheets`: iterable of (title, columns, rows)."""
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, columns, rows in sheets:
        sheet = workbook.create_sheet(title.translate(INVALID_SHEET_CHARS)[:31] or "Bang")
        sheet.append(list(columns))
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([_cell(v) for v in row])
        for index, column in enumerate(columns, start=1):
            sheet.column_dimensions[get_column_letter(index)].width = max(
                10, min(45, len(column) + 4)
            )
        sheet.freeze_panes = "A2"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
