"""Vietnamese text helpers: accent folding for search, masking, dates and money for display.

Pure functions with no database access; used by models, selectors, templates and documents.
"""

import datetime as dt
import unicodedata


def fold(text: str | None) -> str:
    """Lower-case `text` and strip Vietnamese diacritics, so "Nguyễn Văn Ân" == "nguyen van an".

    "đ" has no combining mark in Unicode, so it is mapped by hand.
    """
    if not text:
        return ""
    text = text.replace("đ", "d").replace("Đ", "D")
    decomposed = unicodedata.normalize("NFD", text)
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def mask_citizen_id(value: str | None) -> str:
    """Show only the last 3 digits of a citizen ID (CCCD): "*********123"."""
    if not value:
        return ""
    visible = 3 if len(value) > 4 else 1
    return "*" * (len(value) - visible) + value[-visible:]


def format_date(value: dt.date | None) -> str:
    """dd/mm/yyyy, the form every Vietnamese office uses."""
    if value is None:
        return ""
    return value.strftime("%d/%m/%Y")


def format_long_date(value: dt.date) -> str:
    """ "ngày 03 tháng 02 năm 2021": day below 10 and months 1 and 2 get a leading zero
    (Decree 30/2020/NĐ-CP, Annex I)."""
    month = f"{value.month:02d}" if value.month <= 2 else str(value.month)
    return f"ngày {value.day:02d} tháng {month} năm {value.year}"


def format_money(amount: int | None) -> str:
    """1490000 → "1.490.000" (Vietnamese thousands separator)."""
    if amount is None:
        return ""
    return f"{amount:,}".replace(",", ".")
