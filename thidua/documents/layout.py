"""The plain-data description of an official document, and the texts both renderers derive from it.

Callers (the plan, decisions, minutes, reports, covenants, registration lists) build an
`OfficialDocument` from their own models and hand it to `render_docx` or `render_pdf`. The
layout rules themselves (fonts, sizes, margins, rules under the bodies) live in the renderers;
the wording rules that both formats share live here: the number line ("Số: 114/KH-VP"), place and
date ("Đồng Tháp, ngày 03 tháng 02 năm 2021"), the punctuation of the bases (";" and a final
"."), the recipients ("- X;" and the last "- Lưu: VT."), and the caption of annexed lists.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from thidua.core.text import format_long_date

TYPE_CODES = ("QĐ", "KH", "TTr", "BC", "BB", "TB", "HD")
BLOCK_KINDS = ("heading1", "heading2", "heading3", "paragraph", "bullet", "title", "table")

MOTTO = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO_SUBTITLE = "Độc lập - Tự do - Hạnh phúc"
RECIPIENTS_LABEL = "Nơi nhận:"

# Blanks left in a draft for the number and the date, filled by hand when the document is issued.
DRAFT_NUMBER_BLANK = " " * 5  # "Số:      /KH-VP": six spaces after the colon
DRAFT_DATE_BLANK = " " * 6

# Characters of 12 pt Times New Roman (with cell padding) across the 16 cm text width.
TABLE_WIDTH_CHARS = 72

_CONTROL_CHARS = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def clean_text(text: str) -> str:
    """NFC-normalise and drop control characters that are invalid in XML.

    Vietnamese typed on some keyboards arrives decomposed (base letter + combining marks), which
    Word and PDF fonts show with misplaced accents; NFC gives the precomposed letters.
    """
    return _CONTROL_CHARS.sub("", unicodedata.normalize("NFC", text))


@dataclass(frozen=True)
class Table:
    """A bordered table: in the body (a block of kind "table") or annexed (danh sách)."""

    title: str
    columns: Sequence[str]
    rows: Sequence[Sequence[str]]

    def __post_init__(self) -> None:
        object.__setattr__(self, "columns", tuple(str(c) for c in self.columns))
        rows = tuple(tuple("" if v is None else str(v) for v in row) for row in self.rows)
        for index, row in enumerate(rows, start=1):
            if len(row) != len(self.columns):
                raise ValueError(
                    f"Bảng “{self.title}”, dòng {index}: có {len(row)} ô, "
                    f"cần {len(self.columns)} ô theo số cột."
                )
        object.__setattr__(self, "rows", rows)

    @property
    def column_shares(self) -> list[float]:
        """Each column's share of the table width, from its content, as a browser's automatic
        layout does: no word is ever broken ("STT", "1.800.000" stay whole), then the room left
        goes to the columns with long texts (names, titles). Both renderers use these, so the
        DOCX and the PDF lay the table out alike."""
        minimum, desired = [], []
        for index, name in enumerate(self.columns):
            texts = [name, *(row[index] for row in self.rows)]
            longest_word = max((len(w) for t in texts for w in t.split()), default=1)
            longest_cell = max((len(row[index]) for row in self.rows), default=0)
            # +3: Word's cell margins (0.19 cm each side) and bold header letters.
            minimum.append(longest_word + 3)
            desired.append(max(longest_word + 3, min(longest_cell, 40) + 2))
        if sum(desired) <= TABLE_WIDTH_CHARS:
            widths = desired
        else:
            spare = max(TABLE_WIDTH_CHARS - sum(minimum), 0)
            extra = [d - m for d, m in zip(desired, minimum, strict=True)]
            total_extra = sum(extra) or 1
            widths = [m + spare * e / total_extra for m, e in zip(minimum, extra, strict=True)]
        total = sum(widths)
        return [width / total for width in widths]


@dataclass(frozen=True)
class Block:
    """One body element, in reading order.

    heading1 "I. MỤC ĐÍCH, YÊU CẦU" (bold), heading2 "1. Mục đích" (bold), heading3 "a) Tập thể:"
    (italic; with text after the label, "b) Cá nhân: Có ít nhất…", only the label is italic),
    paragraph (justified, first-line indent), bullet ("- text": the dash is part of the text),
    title (bold, centred: "QUYẾT ĐỊNH:" in a decision), table (`table` set, `text` unused).
    """

    kind: str
    text: str = ""
    table: Table | None = None

    def __post_init__(self) -> None:
        if self.kind not in BLOCK_KINDS:
            raise ValueError(f"Loại khối không hợp lệ: {self.kind!r}.")
        if (self.kind == "table") != (self.table is not None):
            raise ValueError("Khối bảng (table) cần có bảng; các khối khác không có bảng.")


@dataclass(frozen=True)
class Signature:
    """One signature block: optional authority line ("KT. CHÁNH VĂN PHÒNG", "ĐẠI DIỆN …"), the
    position ("THƯ KÝ", "CHỦ TỌA", "CHÁNH VĂN PHÒNG"), room to sign, and the signer's full name.

    Minutes carry two (Decree 30/2020, Annex III, form of a biên bản: the secretary at the
    left, the chair at the right); a covenant one per party; other documents one.
    """

    position: str
    name: str
    authority: str | None = None

    @property
    def lines(self) -> list[str]:
        lines = [self.authority] if self.authority else []
        lines.append(self.position)
        return [line.upper() for line in lines if line]


@dataclass(frozen=True)
class OfficialDocument:
    """An official document (văn bản hành chính) per Decree 30/2020/NĐ-CP, Annex I."""

    governing_body: str  # cơ quan chủ quản, e.g. "ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP"
    issuing_body: str  # cơ quan ban hành, e.g. "VĂN PHÒNG"
    number: str | None  # "114"; None for a draft not yet numbered
    type_code: str  # "KH", "QĐ", …
    issuer_code: str  # "VP"
    place: str  # "Đồng Tháp"
    date: dt.date | None  # None for a draft not yet dated
    type_name: str  # "KẾ HOẠCH"
    summary: str  # trích yếu: "Phát động phong trào thi đua năm 2021"
    signer_position: str  # "CHÁNH VĂN PHÒNG"
    signer_name: str
    bases: Sequence[str] = ()  # căn cứ lines, italic
    blocks: Sequence[Block] = ()
    closing: Sequence[str] = ()  # paragraphs before "Nơi nhận:"
    recipients: Sequence[str] = ()  # "Lãnh đạo Đoàn ĐBQH Tỉnh", …, last "Lưu: VT."
    authority: str | None = None  # "KT. CHÁNH VĂN PHÒNG", above the position
    enacting_authority: str | None = None  # a decision's "CHÁNH VĂN PHÒNG …" above the bases
    draft: bool = False
    numbered: bool = True  # False for papers without a register number (a covenant)
    annex: Sequence[Table] = field(default_factory=tuple)
    page_orientation: str = "portrait"
    # Side-by-side signatures (minutes: secretary and chair; covenants: every party). When set,
    # they replace signer_position/signer_name and "Nơi nhận" goes below them.
    signatures: Sequence[Signature] = ()
    author: str = ""  # the agency written as the DOCX author (core properties)
    # The visible digital-signature stamp (agency, signer, time) of a signed PDF, printed in
    # the (last) signature's block; set only by thidua.documents.signing.
    e_signature: Sequence[str] = ()

    def __post_init__(self) -> None:
        if self.type_code not in TYPE_CODES:
            raise ValueError(f"Mã loại văn bản không hợp lệ: {self.type_code!r}.")
        if self.page_orientation != "portrait":
            raise ValueError("Văn bản hành chính trình bày trên khổ A4 theo chiều dọc.")
        for name in ("bases", "blocks", "closing", "recipients", "annex", "signatures"):
            object.__setattr__(self, name, tuple(getattr(self, name)))

    @property
    def signature_blocks(self) -> list[Signature]:
        """The signatures in reading order (left to right)."""
        if self.signatures:
            return list(self.signatures)
        return [Signature(self.signer_position, self.signer_name, self.authority)]

    @property
    def signature_rows(self) -> list[list[Signature]]:
        """Side-by-side signatures in rows: up to three in one row; more (a cluster's members)
        two to a row, so no name is squeezed into a narrow column."""
        blocks = self.signature_blocks
        per_row = len(blocks) if len(blocks) <= 3 else 2
        return [list(blocks[i : i + per_row]) for i in range(0, len(blocks), per_row)]

    @property
    def side_by_side(self) -> bool:
        """Several signers share the signature row; the recipients go below them."""
        return len(self.signatures) > 1

    # Texts shared by both renderers -------------------------------------------------------

    @property
    def code(self) -> str:
        """The document's symbol: "KH-VP"."""
        return f"{self.type_code}-{self.issuer_code}"

    @property
    def number_line(self) -> str:
        """ "Số: 114/KH-VP"; numbers below 10 get a leading zero ("Số: 05/QĐ-VP")."""
        if not self.numbered:
            return ""
        return f"Số: {self.formatted_number}/{self.code}"

    @property
    def formatted_number(self) -> str:
        if self.number is None or not self.number.strip():
            return DRAFT_NUMBER_BLANK
        number = self.number.strip()
        return f"{int(number):02d}" if number.isdigit() else number

    @property
    def place_date_line(self) -> str:
        """ "Đồng Tháp, ngày 03 tháng 02 năm 2021"; blanks to fill by hand when undated."""
        if self.date is None:
            blank = DRAFT_DATE_BLANK
            return f"{self.place}, ngày{blank}tháng{blank}năm{blank}"
        return f"{self.place}, {format_long_date(self.date)}"

    @property
    def bases_lines(self) -> list[str]:
        """The bases with their punctuation normalised: each ends ";", the last ".".

        Whatever the caller ended a line with (";", ".", ",", ":" or nothing) is replaced.
        """
        lines = [line.strip().rstrip(";.,:").rstrip() for line in self.bases]
        lines = [line for line in lines if line]
        return [line + (";" if i < len(lines) - 1 else ".") for i, line in enumerate(lines)]

    @property
    def recipient_lines(self) -> list[str]:
        """ "- X;" per recipient; the last (normally "Lưu: VT, …") as given, ending ".".

        A leading "- " or a trailing ";" already typed by the caller is not doubled.
        """
        items = [_strip_dash(r).rstrip(";").rstrip() for r in self.recipients]
        items = [item for item in items if item]
        lines = [f"- {item};" for item in items[:-1]]
        if items:
            last = items[-1]
            lines.append(f"- {last}" if last.endswith(".") else f"- {last}.")
        return lines

    @property
    def annex_caption(self) -> str:
        """ "(Kèm theo Quyết định số 05/QĐ-VP ngày 10 tháng 01 năm 2022)"."""
        kind = self.type_name.strip().capitalize()
        caption = f"(Kèm theo {kind} số {self.formatted_number}/{self.code}"
        if self.date is not None:
            caption += f" {format_long_date(self.date)}"
        return caption + ")"


def minutes_signatures(secretary_name: str, chair_name: str) -> list[Signature]:
    """A biên bản's signatures (Decree 30/2020, Annex III): the secretary at the left, the
    chair of the meeting at the right."""
    return [
        Signature("THƯ KÝ", secretary_name or ""),
        Signature("CHỦ TỌA", chair_name or ""),
    ]


def _strip_dash(text: str) -> str:
    text = text.strip()
    if text.startswith(("- ", "– ")):
        return text[2:].strip()
    return text


def split_label(text: str) -> tuple[str, str]:
    """Split "b) Cá nhân: Có ít nhất…" into ("b) Cá nhân:", " Có ít nhất…") for emphasis.

    Without a colon, or with nothing after it, the whole text is the label.
    """
    head, colon, tail = text.partition(":")
    if colon and tail.strip():
        return head + colon, tail
    return text, ""
