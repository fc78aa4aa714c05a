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


# Words that open a proper name (an agency, a body, a place): never lower-cased mid-sentence.
_PROPER_OPENINGS = (
    "văn phòng",
    "đoàn",
    "hội đồng",
    "ủy ban",
    "uỷ ban",
    "công đoàn",
    "sở",
    "ban",
    "bộ",
    "chính phủ",
    "quốc hội",
    "tỉnh",
    "thành phố",
    "cụm",
    "khối",
    "đảng",
    "mặt trận",
)


def continue_sentence(text: str) -> str:
    """A title used inside a sentence: "Phát động phong trào…" → "phát động phong trào…".

    The first letter is lower-cased only for a common word: a proper name ("Văn phòng Đoàn
    ĐBQH và HĐND tỉnh Đồng Tháp", "Hội đồng Thi đua - Khen thưởng") or an acronym ("UBND")
    keeps its case, as Decree 30/2020 Annex II requires for names of agencies.
    """
    text = (text or "").strip()
    if not text:
        return text
    first_word = text.split()[0]
    if len(first_word) > 1 and first_word.isupper():
        return text
    folded = unicodedata.normalize("NFC", text).lower()
    for opening in _PROPER_OPENINGS:
        if folded == opening or folded.startswith(opening + " "):
            return text
    return text[:1].lower() + text[1:]
