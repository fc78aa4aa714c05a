"""Figures and lists as XLSX workbooks: the shared writer of `thidua.documents.spreadsheet`
(typed date and number cells, formula-safe text, bold frozen header, autofilter, print setup)."""

from thidua.documents.spreadsheet import workbook_bytes

__all__ = ["workbook_bytes"]
