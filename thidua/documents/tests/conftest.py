"""Test documents: the seed plan 114/KH-VP parsed from its reference text, and a draft decision.

The reference file (a copy of `shared/reference/ke-hoach-114-KH-VP-2021.txt`) is the golden text:
the generated DOCX must contain its paragraphs in order, unchanged.
"""

import datetime as dt
import re
from pathlib import Path

import pytest

from thidua.documents.docx_render import render_docx
from thidua.documents.layout import Block, OfficialDocument, Table
from thidua.documents.pdf_render import render_pdf

REFERENCE = Path(__file__).parent / "fixtures" / "ke-hoach-114-KH-VP-2021.txt"

GOVERNING_BODY = "ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP"
ISSUING_BODY = "VĂN PHÒNG"


def reference_lines() -> list[str]:
    text = REFERENCE.read_text(encoding="utf-8")
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def classify(line: str) -> str:
    """The block kind of a body line of the seed plan."""
    if re.match(r"^[IVX]+\. ", line):
        return "heading1"
    if re.match(r"^\d+\. ", line):
        # "1. Mục đích" is a heading; "1. Lãnh đạo Văn phòng phối hợp … ." is a numbered paragraph.
        return "paragraph" if line.endswith((".", ";")) else "heading2"
    if re.match(r"^[a-zđ]\) ", line):
        return "heading3"
    if line.startswith("- "):
        return "bullet"
    return "paragraph"


def parse_seed_plan() -> OfficialDocument:
    lines = reference_lines()
    type_index = lines.index("KẾ HOẠCH")
    summary = lines[type_index + 1]
    recipients_index = lines.index("Nơi nhận:")
    body = lines[type_index + 2 : recipients_index]
    closing = [line for line in body if line.startswith("Trên đây là")]
    blocks = [Block(classify(line), line) for line in body if line not in closing]
    rest = lines[recipients_index + 1 :]
    recipients = [line for line in rest if line.startswith("- ")]
    position, name = [line for line in rest if not line.startswith("- ")]
    return OfficialDocument(
        governing_body=GOVERNING_BODY,
        issuing_body=ISSUING_BODY,
        number="114",
        type_code="KH",
        issuer_code="VP",
        place="Đồng Tháp",
        date=dt.date(2021, 2, 3),
        type_name="KẾ HOẠCH",
        summary=summary,
        bases=[],
        blocks=blocks,
        closing=closing,
        # The reference shows the rendered "- X;" form; the data carries the bare names.
        recipients=[line.removeprefix("- ").removesuffix(";") for line in recipients],
        authority=None,
        signer_position=position,
        signer_name=name,
        draft=False,
    )


def draft_decision() -> OfficialDocument:
    """A draft award decision: unnumbered, undated, with bases, a deputy signing and an annex."""
    return OfficialDocument(
        governing_body="Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
        issuing_body="Văn phòng",
        number=None,
        type_code="QĐ",
        issuer_code="VP",
        place="Đồng Tháp",
        date=None,
        type_name="Quyết định",
        summary="Về việc tặng danh hiệu Lao động tiên tiến năm 2021",
        enacting_authority="Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
        bases=[
            "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022",
            "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ.",
            "   ",
            "Theo đề nghị của Hội đồng Thi đua - Khen thưởng Văn phòng;",
        ],
        blocks=[
            Block("title", "QUYẾT ĐỊNH:"),
            Block(
                "paragraph",
                "Điều 1. Tặng danh hiệu Lao động tiên tiến năm 2021 cho 02 cá nhân "
                "(có danh sách kèm theo).",
            ),
            Block(
                "table",
                table=Table(
                    title="Mức thưởng",
                    columns=["Danh hiệu", "Hệ số", "Số tiền (đồng)"],
                    rows=[["Lao động tiên tiến", "0,3", "447.000"]],
                ),
            ),
            Block("paragraph", "Điều 2. Quyết định này có hiệu lực kể từ ngày ký."),
        ],
        recipients=["- Như Điều 2;", "Lưu: VT, HC-TC-QT"],
        authority="KT. Chánh Văn phòng",
        signer_position="Phó Chánh Văn phòng",
        signer_name="Nguyễn Văn A",
        draft=True,
        annex=[
            Table(
                title="Danh sách cá nhân được tặng danh hiệu Lao động tiên tiến năm 2021",
                columns=["STT", "Họ và tên", "Chức vụ", "Phòng", "Danh hiệu", "Tiền thưởng"],
                rows=[
                    ["1", "Trần Thị B", "Chuyên viên", "Phòng HC-TC-QT", "LĐTT", "447.000"],
                    ["2", "Lê Văn C", "Chuyên viên", "Phòng Công tác HĐND", "LĐTT", "447.000"],
                ],
            )
        ],
    )


@pytest.fixture(scope="session")
def seed_plan() -> OfficialDocument:
    return parse_seed_plan()


@pytest.fixture(scope="session")
def seed_plan_docx(seed_plan) -> bytes:
    return render_docx(seed_plan)


@pytest.fixture(scope="session")
def seed_plan_pdf(seed_plan) -> bytes:
    return render_pdf(seed_plan)


@pytest.fixture(scope="session")
def decision() -> OfficialDocument:
    return draft_decision()


@pytest.fixture(scope="session")
def decision_docx(decision) -> bytes:
    return render_docx(decision)


@pytest.fixture(scope="session")
def decision_pdf(decision) -> bytes:
    return render_pdf(decision)
