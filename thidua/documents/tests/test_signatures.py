"""Signature blocks (issue 18, item 2) and document properties (item 4) in both renderers.

Minutes are signed by the secretary (left) and the chair (right), a covenant by every party, side
by side in one row, with "Nơi nhận" below; a single signer keeps "Nơi nhận" at the left. The
DOCX names the agency as author and carries the real creation time.
"""

import dataclasses
import datetime as dt
import io
import subprocess

import pytest
from docx import Document
from docx.oxml.ns import qn

from thidua.core.text import continue_sentence
from thidua.documents.docx_render import render_docx
from thidua.documents.layout import Signature, minutes_signatures
from thidua.documents.pdf_render import render_pdf

from .conftest import parse_seed_plan


def _minutes():
    return dataclasses.replace(
        parse_seed_plan(),
        type_code="BB",
        issuer_code="HĐTĐKT",
        type_name="BIÊN BẢN",
        summary="Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm 2021",
        governing_body="VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP",
        issuing_body="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        recipients=["Chánh Văn phòng", "Lưu: VT, HĐTĐKT."],
        signatures=minutes_signatures("Trần Thị Thư", "Mai Ngọc Dinh"),
        author="Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
    )


def _layout_text(pdf: bytes) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=pdf, capture_output=True, check=True
    ).stdout.decode()


@pytest.fixture(scope="module")
def minutes_docx():
    return Document(io.BytesIO(render_docx(_minutes())))


def _last_table_cells(document):
    table = document.tables[-1]
    return [[p.text for p in cell.paragraphs if p.text] for cell in table.rows[0].cells]


def test_minutes_docx_secretary_left_and_chair_right_in_one_row(minutes_docx):
    cells = _last_table_cells(minutes_docx)
    assert cells == [["THƯ KÝ", "Trần Thị Thư"], ["CHỦ TỌA", "Mai Ngọc Dinh"]]
    row = minutes_docx.tables[-1].rows[0]._tr
    assert row.trPr.find(qn("w:cantSplit")) is not None


def test_minutes_docx_recipients_follow_below_the_signatures(minutes_docx):
    body = list(minutes_docx.element.body.iterchildren())
    table_index = body.index(minutes_docx.tables[-1]._tbl)
    after = [el.xpath("string(.)") for el in body[table_index + 1 :] if el.tag == qn("w:p")]
    after = [text for text in after if text]
    assert after == ["Nơi nhận:", "- Chánh Văn phòng;", "- Lưu: VT, HĐTĐKT."]


def test_minutes_pdf_prints_both_signers_on_the_same_lines():
    text = _layout_text(render_pdf(_minutes()))
    position_line = next(line for line in text.splitlines() if "THƯ KÝ" in line)
    assert "CHỦ TỌA" in position_line
    assert position_line.index("THƯ KÝ") < position_line.index("CHỦ TỌA")
    name_line = next(line for line in text.splitlines() if "Trần Thị Thư" in line)
    assert "Mai Ngọc Dinh" in name_line
    assert text.index("Nơi nhận:") > text.index("Trần Thị Thư")


def test_covenant_parties_sign_side_by_side_with_their_authority_line():
    covenant = dataclasses.replace(
        _minutes(),
        type_code="KH",
        type_name="GIAO ƯỚC THI ĐUA",
        numbered=False,
        recipients=[],
        signatures=[
            Signature("Chánh Văn phòng", "Mai Ngọc Dinh", authority="Đại diện Chính quyền"),
            Signature("Chủ tịch Công đoàn", "Lê Thị Hoa", authority="Đại diện Công đoàn"),
        ],
    )
    cells = _last_table_cells(Document(io.BytesIO(render_docx(covenant))))
    assert cells == [
        ["ĐẠI DIỆN CHÍNH QUYỀN", "CHÁNH VĂN PHÒNG", "Mai Ngọc Dinh"],
        ["ĐẠI DIỆN CÔNG ĐOÀN", "CHỦ TỊCH CÔNG ĐOÀN", "Lê Thị Hoa"],
    ]
    text = _layout_text(render_pdf(covenant))
    assert "Nơi nhận" not in text
    line = next(line for line in text.splitlines() if "ĐẠI DIỆN CHÍNH QUYỀN" in line)
    assert "ĐẠI DIỆN CÔNG ĐOÀN" in line


def test_single_signer_keeps_recipients_at_the_left_and_prints_the_name():
    document = Document(io.BytesIO(render_docx(parse_seed_plan())))
    cells = _last_table_cells(document)
    assert cells[0][0] == "Nơi nhận:"
    assert cells[1] == ["CHÁNH VĂN PHÒNG", "Mai Ngọc Dinh"]


def test_docx_author_is_the_agency_and_created_is_now(minutes_docx):
    props = minutes_docx.core_properties
    assert props.author == "Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp"
    assert props.last_modified_by == props.author
    assert props.title.startswith("BIÊN BẢN Họp Hội đồng")
    # The frozen test clock (conftest.py) is the real "now" of this run.
    assert props.created.date() == dt.date.today()


def test_docx_author_defaults_to_the_issuing_body():
    props = Document(io.BytesIO(render_docx(parse_seed_plan()))).core_properties
    assert props.author == "VĂN PHÒNG"
    assert props.created.year == dt.date.today().year


@pytest.mark.parametrize(
    ("title", "expected"),
    [
        pytest.param(
            "Phát động phong trào thi đua năm 2021",
            "phát động phong trào thi đua năm 2021",
            id="common-word-lowered",
        ),
        pytest.param(
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
            "Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
            id="agency-name-keeps-case",
        ),
        pytest.param(
            "Hội đồng Thi đua - Khen thưởng phát động",
            "Hội đồng Thi đua - Khen thưởng phát động",
            id="council-keeps-case",
        ),
        pytest.param("UBND tỉnh phát động", "UBND tỉnh phát động", id="acronym-keeps-case"),
        pytest.param("", "", id="empty"),
    ],
)
def test_continue_sentence_never_lowercases_a_proper_name(title, expected):
    assert continue_sentence(title) == expected


# Tables (issue 18, item 4) ---------------------------------------------------------------------


def _long_table_document():
    from thidua.documents.layout import Block, Table

    rows = [
        [str(i), f"Nguyễn Văn Người Thứ {i}", "Phòng Công tác Quốc hội", "Lao động tiên tiến"]
        for i in range(1, 61)
    ]
    table = Table("Danh sách", ["STT", "Họ và tên", "Đơn vị", "Danh hiệu"], rows)
    return dataclasses.replace(parse_seed_plan(), blocks=[Block("table", table=table)])


def test_table_columns_fit_their_content_and_rows_never_split():
    document = Document(io.BytesIO(render_docx(_long_table_document())))
    grid = next(t for t in document.tables if t.rows[0].cells[0].text == "STT")
    widths = [cell.width for cell in grid.rows[1].cells]
    assert widths[0] < widths[2] and widths[0] * 3 < widths[1]  # No. narrow, the name wide
    assert grid._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
    assert grid.rows[0]._tr.trPr.find(qn("w:tblHeader")) is not None
    assert all(row._tr.trPr.find(qn("w:cantSplit")) is not None for row in grid.rows)


def test_pdf_table_header_repeats_on_every_page_and_widths_follow_the_content():
    from thidua.documents.pdf_render import pdf_text, render_html

    html = render_html(_long_table_document())
    assert "<colgroup>" in html
    pdf = render_pdf(_long_table_document())
    pages = pdf_text(pdf).split("\f")
    with_rows = [page for page in pages if "Nguyễn Văn Người Thứ" in page]
    assert len(with_rows) >= 2
    assert all("Họ và tên" in page and "STT" in page for page in with_rows)
    # Each row is whole on one page: its name and its title on the same page.
    for page in with_rows:
        assert page.count("Nguyễn Văn Người Thứ") == page.count("Lao động tiên tiến")
