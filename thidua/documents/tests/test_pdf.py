"""The PDF read back with poppler (pdftotext, pdfinfo, pdffonts: package poppler-utils)."""

import dataclasses
import re
import shutil
import subprocess

import pytest

from thidua.documents.pdf_render import pdf_text, render_html, render_pdf

POPPLER = shutil.which("pdfinfo")


def lines(text: str) -> list[str]:
    return [" ".join(line.split()) for line in text.splitlines() if line.strip()]


def poppler(tool: str, data: bytes) -> str:
    assert POPPLER, "install poppler-utils"
    return subprocess.run([tool, "-"], input=data, capture_output=True, check=True).stdout.decode()


def test_is_a_pdf(seed_plan_pdf):
    assert seed_plan_pdf.startswith(b"%PDF-")


def test_pages_are_a4(seed_plan_pdf):
    info = poppler("pdfinfo", seed_plan_pdf)
    assert re.search(r"^Page size:\s+595\.\d+ x 841\.\d+ pts \(A4\)$", info, re.MULTILINE)


def test_text_holds_number_type_name_date_and_signer(seed_plan_pdf):
    text = lines(pdf_text(seed_plan_pdf))
    for expected in (
        "Số: 114/KH-VP",
        "KẾ HOẠCH",
        "Phát động phong trào thi đua năm 2021",
        "I. MỤC ĐÍCH, YÊU CẦU",
        "Nơi nhận:",
        "- Lưu: VT.",
        "CHÁNH VĂN PHÒNG",
        "Mai Ngọc Dinh",
    ):
        assert any(expected in line for line in text), expected
    assert "Đồng Tháp, ngày 03 tháng 02 năm 2021" in " ".join(text)


def test_long_body_runs_over_pages_numbered_from_two(seed_plan_pdf):
    pages = pdf_text(seed_plan_pdf).split("\f")
    assert len([page for page in pages if page.strip()]) >= 2
    first_page = lines(pdf_text(seed_plan_pdf, first=1, last=1))
    second_page = lines(pdf_text(seed_plan_pdf, first=2, last=2))
    assert first_page[0] == "ĐOÀN ĐBQH VÀ HĐND"
    assert not any(line.isdigit() for line in first_page)  # no page number on page 1
    assert second_page[0] == "2"


def test_fonts_are_times_or_its_metric_twin_embedded(seed_plan_pdf):
    fonts = poppler("pdffonts", seed_plan_pdf)
    names = re.findall(r"^\S+\+(\S+)", fonts, re.MULTILINE)
    assert names
    # Liberation Serif 1.x (Debian fonts-liberation) lacks the precomposed Vietnamese letters
    # and WeasyPrint falls back to DejaVu for them: install fonts-liberation2.
    times = ("Liberation-Serif", "LiberationSerif", "Times-New-Roman", "TimesNewRoman")
    assert [name for name in names if not name.startswith(times)] == []
    assert len(names) == 4  # regular, bold, italic, bold italic
    assert all(" yes " in row for row in fonts.splitlines()[2:])  # embedded


def test_draft_is_marked_and_keeps_blanks(decision_pdf):
    text = pdf_text(decision_pdf)
    pages = [page for page in text.split("\f") if page.strip()]
    assert all("DỰ THẢO" in page for page in pages)
    # pdftotext splits the line at the blank left for the number; the two halves stay adjacent.
    page = lines(text)
    assert page[page.index("Số:") + 1] == "/QĐ-VP"


def test_bases_and_annex_in_pdf(decision_pdf):
    text = " ".join(lines(pdf_text(decision_pdf)))
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in text
    assert "Theo đề nghị của Hội đồng Thi đua - Khen thưởng Văn phòng." in text
    annex_page = lines(pdf_text(decision_pdf, first=2, last=2))
    assert " ".join(annex_page).count("(Kèm theo Quyết định số /QĐ-VP)") == 1
    assert any("Trần Thị B" in line for line in annex_page)


def test_text_is_escaped_and_nothing_is_fetched(decision):
    hostile = dataclasses.replace(
        decision, summary='Về việc <img src="http://example.invalid/x.png"> & <b>thử</b>'
    )
    html = render_html(hostile)
    assert "<img" not in html
    assert "&lt;img src=&quot;http://example.invalid/x.png&quot;&gt; &amp; &lt;b&gt;" in html
    text = " ".join(lines(pdf_text(render_pdf(hostile))))
    assert 'Về việc <img src="http://example.invalid/x.png"> & <b>thử</b>' in text


@pytest.mark.parametrize(
    ("css_class", "text"),
    [
        pytest.param("basis", "Căn cứ Luật Thi đua, khen thưởng", id="basis"),
        pytest.param("title", "QUYẾT ĐỊNH:", id="title"),
        pytest.param("recipients-label", "Nơi nhận:", id="recipients-label"),
        pytest.param("signer-name", "Nguyễn Văn A", id="signer-name"),
    ],
)
def test_html_marks_elements_for_the_stylesheet(decision, css_class, text):
    assert re.search(rf'class="[^"]*\b{css_class}\b[^"]*">{re.escape(text)}', render_html(decision))
