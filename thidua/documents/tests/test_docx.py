"""The DOCX opened with python-docx: page, fonts, sizes, emphasis and texts per Decree 30/2020."""

import io

import pytest
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt
from docx.text.paragraph import Paragraph

from thidua.documents.docx_render import paragraph_texts_docx

from .conftest import GOVERNING_BODY, ISSUING_BODY, reference_lines

FONT = "Times New Roman"


def open_docx(data: bytes):
    return Document(io.BytesIO(data))


def all_paragraphs(document):
    """Body paragraphs and the paragraphs of every table cell, in document order."""
    found = []
    body = document.element.body
    for element in body.iterchildren():
        if element.tag == qn("w:p"):
            found.append(element)
        elif element.tag == qn("w:tbl"):
            found.extend(element.iter(qn("w:p")))
    return [Paragraph(p, document) for p in found]


def paragraph(document, text: str):
    matches = [p for p in all_paragraphs(document) if " ".join(p.text.split()) == text]
    assert len(matches) == 1, f"{text!r} found {len(matches)} times"
    return matches[0]


def style_of(par):
    """(size in pt, bold, italic) shared by all runs of the paragraph."""
    runs = [run for run in par.runs if run.text.strip()]
    assert runs, par.text
    styles = {(run.font.size.pt, bool(run.font.bold), bool(run.font.italic)) for run in runs}
    assert len(styles) == 1, (par.text, styles)
    return styles.pop()


@pytest.fixture(scope="module")
def plan(seed_plan_docx):
    return open_docx(seed_plan_docx)


@pytest.fixture(scope="module")
def decision_document(decision_docx):
    return open_docx(decision_docx)


def test_page_is_a4_portrait_with_decree_margins(plan):
    section = plan.sections[0]
    assert abs(section.page_width.mm - 210) <= 0.5
    assert abs(section.page_height.mm - 297) <= 0.5
    assert section.page_height > section.page_width
    assert 20 <= round(section.top_margin.mm, 1) <= 25
    assert 20 <= round(section.bottom_margin.mm, 1) <= 25
    assert 30 <= round(section.left_margin.mm, 1) <= 35
    assert 15 <= round(section.right_margin.mm, 1) <= 20


def test_every_run_is_times_new_roman(plan):
    runs = [run for par in all_paragraphs(plan) for run in par.runs if run.text.strip()]
    assert len(runs) > 50
    assert {run.font.name for run in runs} == {FONT}
    assert plan.styles["Normal"].font.name == FONT


@pytest.mark.parametrize(
    ("text", "size", "bold", "italic"),
    [
        pytest.param(GOVERNING_BODY, 13, False, False, id="governing-body"),
        pytest.param(ISSUING_BODY, 13, True, False, id="issuing-body"),
        pytest.param("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", 12, True, False, id="motto"),
        pytest.param("Độc lập - Tự do - Hạnh phúc", 13, True, False, id="motto-subtitle"),
        pytest.param("Số: 114/KH-VP", 13, False, False, id="number"),
        pytest.param("Đồng Tháp, ngày 03 tháng 02 năm 2021", 14, False, True, id="place-date"),
        pytest.param("KẾ HOẠCH", 14, True, False, id="type-name"),
        pytest.param("Phát động phong trào thi đua năm 2021", 14, True, False, id="summary"),
        pytest.param("I. MỤC ĐÍCH, YÊU CẦU", 14, True, False, id="heading1"),
        pytest.param("1. Mục đích", 14, True, False, id="heading2"),
        pytest.param("a) Tập thể:", 14, False, True, id="heading3"),
        pytest.param(
            "- Văn phòng thực hiện tốt phong trào thi đua theo Cụm, Khối thi đua.",
            14,
            False,
            False,
            id="bullet",
        ),
        pytest.param("Nơi nhận:", 12, True, True, id="recipients-label"),
        pytest.param("- Thường trực HĐND Tỉnh;", 11, False, False, id="recipient"),
        pytest.param("- Lưu: VT.", 11, False, False, id="last-recipient"),
        pytest.param("CHÁNH VĂN PHÒNG", 14, True, False, id="signer-position"),
        pytest.param("Mai Ngọc Dinh", 14, True, False, id="signer-name"),
    ],
)
def test_element_sizes_and_emphasis(plan, text, size, bold, italic):
    assert style_of(paragraph(plan, text)) == (size, bold, italic)


@pytest.mark.parametrize(
    ("text", "alignment"),
    [
        pytest.param("KẾ HOẠCH", WD_ALIGN_PARAGRAPH.CENTER, id="type-name"),
        pytest.param("Phát động phong trào thi đua năm 2021", WD_ALIGN_PARAGRAPH.CENTER, id="sum"),
        pytest.param("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", WD_ALIGN_PARAGRAPH.CENTER, id="motto"),
        pytest.param("Số: 114/KH-VP", WD_ALIGN_PARAGRAPH.CENTER, id="number"),
        pytest.param("CHÁNH VĂN PHÒNG", WD_ALIGN_PARAGRAPH.CENTER, id="signer"),
        pytest.param("Mai Ngọc Dinh", WD_ALIGN_PARAGRAPH.CENTER, id="name"),
    ],
)
def test_centred_elements(plan, text, alignment):
    assert paragraph(plan, text).alignment == alignment


def test_recipients_sit_left_of_the_signature(plan):
    tables = plan.tables
    left, right = tables[-1].rows[0].cells
    assert [p.text for p in left.paragraphs] == [
        "Nơi nhận:",
        "- Lãnh đạo Đoàn ĐBQH Tỉnh;",
        "- Thường trực HĐND Tỉnh;",
        "- Công đoàn Viên chức Tỉnh;",
        "- Các Ban của HĐND Tỉnh;",
        "- Lãnh đạo, CBCC, NLĐ Văn phòng;",
        "- Lưu: VT.",
    ]
    assert {p.alignment for p in left.paragraphs} == {None}  # left, the default
    assert [p.text for p in right.paragraphs if p.text] == ["CHÁNH VĂN PHÒNG", "Mai Ngọc Dinh"]
    blank_lines = [p for p in right.paragraphs if not p.text]
    assert len(blank_lines) == 4  # room for the signature and the seal


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("I. MỤC ĐÍCH, YÊU CẦU", id="heading1"),
        pytest.param("Phong trào thi đua năm 2021 được chia thành 02 giai đoạn:", id="paragraph"),
        pytest.param(
            "- Chủ đề: Dân chủ - Kỷ cương - Đoàn kết - Sáng tạo - Hoàn thành xuất sắc nhiệm vụ.",
            id="bullet",
        ),
    ],
)
def test_body_is_justified_with_first_line_indent_and_spacing(plan, text):
    fmt = paragraph(plan, text).paragraph_format
    assert paragraph(plan, text).alignment == WD_ALIGN_PARAGRAPH.JUSTIFY
    assert fmt.first_line_indent == Cm(1.27)
    assert fmt.space_after >= Pt(6)


def test_heading3_with_text_emphasises_only_its_label(plan):
    par = next(p for p in all_paragraphs(plan) if p.text.startswith("b) Cá nhân:"))
    label, rest = par.runs
    assert (label.text, label.font.italic) == ("b) Cá nhân:", True)
    assert rest.text.startswith(" Có ít nhất 95% cá nhân")
    assert not rest.font.italic


def test_rules_under_issuing_body_motto_and_summary(plan):
    def has_bottom_rule(par) -> bool:
        return par._p.find(f"{qn('w:pPr')}/{qn('w:pBdr')}/{qn('w:bottom')}") is not None

    header = plan.tables[0]
    left, right = header.rows[0].cells
    assert [has_bottom_rule(p) for p in left.paragraphs] == [False, False, True]
    assert [has_bottom_rule(p) for p in right.paragraphs] == [False, False, True]
    body = plan.paragraphs
    summary_index = next(
        i for i, p in enumerate(body) if p.text == "Phát động phong trào thi đua năm 2021"
    )
    assert has_bottom_rule(body[summary_index + 1])
    assert body[summary_index + 1].text == ""


def test_header_is_a_borderless_two_column_table(plan):
    header = plan.tables[0]
    assert len(header.columns) == 2
    borders = header._tbl.tblPr.find(qn("w:tblBorders"))
    assert {edge.get(qn("w:val")) for edge in borders} == {"nil"}
    assert [c.text for c in header.rows[1].cells] == [
        "Số: 114/KH-VP",
        "Đồng Tháp, ngày 03 tháng 02 năm 2021",
    ]


def test_page_numbers_from_page_two_via_page_field(plan):
    section = plan.sections[0]
    assert section.different_first_page_header_footer is True
    header_xml = section.header._element.xml
    assert header_xml.count("<w:instrText") == 1
    instr = section.header._element.find(f".//{qn('w:instrText')}")
    assert instr.text.strip() == "PAGE"
    assert section.header.paragraphs[0].alignment == WD_ALIGN_PARAGRAPH.CENTER
    first = section.first_page_header
    assert not first.is_linked_to_previous
    assert "instrText" not in first._element.xml
    assert [p.text for p in first.paragraphs] == [""]


def test_golden_text_matches_the_reference_plan(seed_plan_docx):
    """Every paragraph of the seed plan, in order and unchanged; header lines as laid out."""
    reference = reference_lines()
    body = reference[reference.index("KẾ HOẠCH") :]
    expected = [
        GOVERNING_BODY,
        ISSUING_BODY,
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: 114/KH-VP",
        # The reference was typed "tháng 2"; Decree 30 gives months 1 and 2 a leading zero.
        "Đồng Tháp, ngày 03 tháng 02 năm 2021",
        *body,
    ]
    assert paragraph_texts_docx(seed_plan_docx) == expected


# The draft decision: bases, enacting authority, deputy signing, draft mark, tables, annex.


def test_bases_are_italic_with_normalised_punctuation(decision_document):
    expected = [
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;",
        "Theo đề nghị của Hội đồng Thi đua - Khen thưởng Văn phòng.",
    ]
    for text in expected:
        par = paragraph(decision_document, text)
        assert style_of(par) == (14, False, True)
        assert par.alignment == WD_ALIGN_PARAGRAPH.JUSTIFY


def test_decision_texts_in_order(decision_docx):
    assert paragraph_texts_docx(decision_docx) == [
        "ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP",
        "VĂN PHÒNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số: /QĐ-VP",
        "Đồng Tháp, ngày tháng năm",
        "QUYẾT ĐỊNH",
        "Về việc tặng danh hiệu Lao động tiên tiến năm 2021",
        "CHÁNH VĂN PHÒNG ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP",
        "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;",
        "Căn cứ Nghị định số 98/2023/NĐ-CP ngày 31 tháng 12 năm 2023 của Chính phủ;",
        "Theo đề nghị của Hội đồng Thi đua - Khen thưởng Văn phòng.",
        "QUYẾT ĐỊNH:",
        "Điều 1. Tặng danh hiệu Lao động tiên tiến năm 2021 cho 02 cá nhân (có danh sách kèm theo).",
        "Mức thưởng",
        "Danh hiệu",
        "Hệ số",
        "Số tiền (đồng)",
        "Lao động tiên tiến",
        "0,3",
        "447.000",
        "Điều 2. Quyết định này có hiệu lực kể từ ngày ký.",
        "Nơi nhận:",
        "- Như Điều 2;",
        "- Lưu: VT, HC-TC-QT.",
        "KT. CHÁNH VĂN PHÒNG",
        "PHÓ CHÁNH VĂN PHÒNG",
        "Nguyễn Văn A",
        "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2021",
        "(Kèm theo Quyết định số /QĐ-VP)",
        "STT",
        "Họ và tên",
        "Chức vụ",
        "Phòng",
        "Danh hiệu",
        "Tiền thưởng",
        "1",
        "Trần Thị B",
        "Chuyên viên",
        "Phòng HC-TC-QT",
        "LĐTT",
        "447.000",
        "2",
        "Lê Văn C",
        "Chuyên viên",
        "Phòng Công tác HĐND",
        "LĐTT",
        "447.000",
    ]


def test_draft_number_and_date_keep_blanks_to_fill_by_hand(decision_document):
    number, date = decision_document.tables[0].rows[1].cells
    assert number.text == "Số:      /QĐ-VP"
    assert date.text == "Đồng Tháp, ngày      tháng      năm      "


def test_authority_line_above_the_position_both_bold(decision_document):
    for text in ("KT. CHÁNH VĂN PHÒNG", "PHÓ CHÁNH VĂN PHÒNG", "Nguyễn Văn A"):
        assert style_of(paragraph(decision_document, text)) == (14, True, False)


@pytest.mark.parametrize("which", ["header", "first_page_header"])
def test_draft_mark_on_every_page(decision_document, which):
    header = getattr(decision_document.sections[0], which)
    runs = [run for p in header.paragraphs for run in p.runs if run.text == "DỰ THẢO"]
    assert len(runs) == 1
    assert runs[0].font.bold
    par = header.paragraphs[0]
    assert par.text.endswith("\tDỰ THẢO")
    stops = {(stop.position.twips, stop.alignment.name) for stop in par.paragraph_format.tab_stops}
    # A centre stop for the page number and a right stop at the right margin (160 mm).
    assert {(4535, "CENTER"), (9071, "RIGHT"), (4680, "CLEAR"), (9360, "CLEAR")} == stops


def test_final_document_has_no_draft_mark(plan):
    section = plan.sections[0]
    for header in (section.header, section.first_page_header):
        assert "DỰ THẢO" not in header._element.xml


def test_decision_title_block_is_bold_and_centred(decision_document):
    par = paragraph(decision_document, "QUYẾT ĐỊNH:")
    assert par.alignment == WD_ALIGN_PARAGRAPH.CENTER
    assert style_of(par) == (14, True, False)


def test_annex_starts_on_a_new_page_with_a_gridded_table(decision_document):
    body = decision_document.element.body
    title = paragraph(
        decision_document, "DANH SÁCH CÁ NHÂN ĐƯỢC TẶNG DANH HIỆU LAO ĐỘNG TIÊN TIẾN NĂM 2021"
    )
    previous = title._p.getprevious()
    assert previous.find(f".//{qn('w:br')}").get(qn("w:type")) == "page"
    assert style_of(title) == (14, True, False)
    caption = paragraph(decision_document, "(Kèm theo Quyết định số /QĐ-VP)")
    assert style_of(caption)[2] is True
    annex = decision_document.tables[-1]
    assert annex.style.name == "Table Grid"
    assert len(annex.rows) == 3 and len(annex.columns) == 6
    assert all(style_of(p.paragraphs[0])[1] for p in annex.rows[0].cells)
    assert annex.rows[0]._tr.find(f"{qn('w:trPr')}/{qn('w:tblHeader')}") is not None
    assert body.index(annex._tbl) > body.index(title._p)
