"""The wording rules both renderers share (Decree 30/2020/NĐ-CP, Annex I)."""

import datetime as dt
import unicodedata

import pytest

from thidua.documents.layout import Block, OfficialDocument, Table, clean_text


def make(**overrides) -> OfficialDocument:
    fields = {
        "governing_body": "ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP",
        "issuing_body": "VĂN PHÒNG",
        "number": "114",
        "type_code": "KH",
        "issuer_code": "VP",
        "place": "Đồng Tháp",
        "date": dt.date(2021, 2, 3),
        "type_name": "KẾ HOẠCH",
        "summary": "Phát động phong trào thi đua năm 2021",
        "signer_position": "CHÁNH VĂN PHÒNG",
        "signer_name": "Mai Ngọc Dinh",
    }
    return OfficialDocument(**(fields | overrides))


@pytest.mark.parametrize(
    ("number", "type_code", "expected"),
    [
        pytest.param("114", "KH", "Số: 114/KH-VP", id="plain"),
        pytest.param("5", "QĐ", "Số: 05/QĐ-VP", id="below-10-gets-leading-zero"),
        pytest.param("05", "QĐ", "Số: 05/QĐ-VP", id="already-padded"),
        pytest.param(None, "KH", "Số:      /KH-VP", id="draft-blank"),
        pytest.param("  ", "TTr", "Số:      /TTr-VP", id="blank-is-draft"),
    ],
)
def test_number_line(number, type_code, expected):
    assert make(number=number, type_code=type_code).number_line == expected


@pytest.mark.parametrize(
    ("date", "expected"),
    [
        pytest.param(dt.date(2021, 2, 3), "Đồng Tháp, ngày 03 tháng 02 năm 2021", id="feb-zero"),
        pytest.param(dt.date(2022, 1, 9), "Đồng Tháp, ngày 09 tháng 01 năm 2022", id="jan-zero"),
        pytest.param(dt.date(2021, 3, 15), "Đồng Tháp, ngày 15 tháng 3 năm 2021", id="march"),
        pytest.param(dt.date(2021, 12, 25), "Đồng Tháp, ngày 25 tháng 12 năm 2021", id="dec"),
        pytest.param(None, "Đồng Tháp, ngày      tháng      năm      ", id="undated-draft"),
    ],
)
def test_place_date_line(date, expected):
    assert make(date=date).place_date_line == expected


@pytest.mark.parametrize(
    ("bases", "expected"),
    [
        pytest.param(
            ["Căn cứ A", "Căn cứ B.", "Theo đề nghị C;"],
            ["Căn cứ A;", "Căn cứ B;", "Theo đề nghị C."],
            id="semicolons-then-final-full-stop",
        ),
        pytest.param(["Căn cứ A:"], ["Căn cứ A."], id="single-colon-becomes-full-stop"),
        pytest.param(["Căn cứ A,", "  ", "Căn cứ B ;"], ["Căn cứ A;", "Căn cứ B."], id="blanks"),
        pytest.param([], [], id="none"),
    ],
)
def test_bases_punctuation(bases, expected):
    assert make(bases=bases).bases_lines == expected


@pytest.mark.parametrize(
    ("recipients", "expected"),
    [
        pytest.param(
            ["Thường trực HĐND Tỉnh", "- Như Điều 2;", "Lưu: VT."],
            ["- Thường trực HĐND Tỉnh;", "- Như Điều 2;", "- Lưu: VT."],
            id="dash-and-semicolon-not-doubled",
        ),
        pytest.param(["Lưu: VT, HC-TC-QT"], ["- Lưu: VT, HC-TC-QT."], id="last-gets-full-stop"),
        pytest.param(["Lưu: VT, HC-TC-QT, 02b."], ["- Lưu: VT, HC-TC-QT, 02b."], id="as-given"),
    ],
)
def test_recipient_lines(recipients, expected):
    assert make(recipients=recipients).recipient_lines == expected


def test_annex_caption_names_the_document():
    doc = make(type_code="QĐ", type_name="QUYẾT ĐỊNH", number="7", date=dt.date(2022, 1, 10))
    assert doc.annex_caption == "(Kèm theo Quyết định số 07/QĐ-VP ngày 10 tháng 01 năm 2022)"


def test_sequences_are_frozen_as_tuples():
    recipients = ["Lưu: VT."]
    doc = make(recipients=recipients)
    recipients.append("changed later")
    assert doc.recipients == ("Lưu: VT.",)


@pytest.mark.parametrize(
    ("build", "message"),
    [
        pytest.param(
            lambda: make(type_code="CV"), "Mã loại văn bản không hợp lệ: 'CV'.", id="type-code"
        ),
        pytest.param(
            lambda: make(page_orientation="landscape"),
            "Văn bản hành chính trình bày trên khổ A4 theo chiều dọc.",
            id="landscape",
        ),
        pytest.param(
            lambda: Block("quote", "x"), "Loại khối không hợp lệ: 'quote'.", id="block-kind"
        ),
        pytest.param(
            lambda: Block("table", "x"),
            "Khối bảng (table) cần có bảng; các khối khác không có bảng.",
            id="table-block-without-table",
        ),
        pytest.param(
            lambda: Table("Danh sách", ["STT", "Họ và tên"], [["1"]]),
            "Bảng “Danh sách”, dòng 1: có 1 ô, cần 2 ô theo số cột.",
            id="row-width",
        ),
    ],
)
def test_bad_input_is_refused_with_a_vietnamese_message(build, message):
    with pytest.raises(ValueError) as error:
        build()
    assert str(error.value) == message


def test_clean_text_composes_vietnamese_and_drops_control_characters():
    decomposed = unicodedata.normalize("NFD", "Nguyễn Văn Ân")
    assert decomposed != "Nguyễn Văn Ân"
    assert clean_text(decomposed + "\x0b\x00") == "Nguyễn Văn Ân"
