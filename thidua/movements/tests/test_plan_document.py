"""The demo's 2021 plan, rendered by the application, against the seed plan 114/KH-VP.

Golden test: every non-empty line of the reference file must appear, in order, among the
normalised paragraphs of the generated DOCX. Two normalisations are deliberate and named: the
reference's "*114*" emphasis marks are dropped, and its "tháng 2" becomes "tháng 02" because
Decree 30/2020 writes months 1 and 2 with a leading zero.
"""

import re
import subprocess
import unicodedata
from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command
from docx import Document
from docx.shared import Mm

from thidua.documents.docx_render import paragraph_texts_docx
from thidua.movements import documents
from thidua.movements.covenant_views import render_official
from thidua.movements.models import Movement

# The seed plan beside the project (as CI has it); the documents app keeps an identical copy
# (checked there) for checkouts without ../shared.
_SHARED = (
    Path(__file__).resolve().parents[4] / "shared" / "reference" / "ke-hoach-114-KH-VP-2021.txt"
)
_COPY = (
    Path(__file__).resolve().parents[2]
    / "documents"
    / "tests"
    / "fixtures"
    / ("ke-hoach-114-KH-VP-2021.txt")
)
REFERENCE = _SHARED if _SHARED.exists() else _COPY


def normalise(text: str) -> str:
    text = unicodedata.normalize("NFC", text).replace("*", "")
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace("Số: 114 /KH-VP", "Số: 114/KH-VP")


def reference_lines() -> list[str]:
    lines = [normalise(line) for line in REFERENCE.read_text(encoding="utf-8").splitlines()]
    lines = [line for line in lines if line]
    return [line.replace("ngày 03 tháng 2 năm 2021", "ngày 03 tháng 02 năm 2021") for line in lines]


@pytest.fixture
def plan_2021(module_demo, db):
    return Movement.objects.get(year=2021, kind="regular")


@pytest.fixture
def plan_docx(plan_2021):
    return render_official(documents.plan_document(plan_2021), "docx")


def test_reference_file_is_there():
    assert REFERENCE.exists(), REFERENCE
    assert len(reference_lines()) > 40


def test_rendered_plan_contains_the_seed_plan_sentence_for_sentence(plan_docx):
    generated = [normalise(p) for p in paragraph_texts_docx(plan_docx)]
    position = 0
    for line in reference_lines():
        try:
            position = generated.index(line, position) + 1
        except ValueError:
            near = [g for g in generated if g[:25] == line[:25]]
            pytest.fail(f"Thiếu hoặc sai câu: {line!r}\nGần giống: {near!r}")


def test_a_changed_sentence_is_caught(plan_2021):
    """The golden comparison is not vacuous: one changed word makes it fail."""
    item = plan_2021.plan_items.filter(section="purpose").first()
    item.text = item.text.replace("sôi nổi", "sôi động")
    item.save()
    generated = [
        normalise(p)
        for p in paragraph_texts_docx(render_official(documents.plan_document(plan_2021), "docx"))
    ]
    missing = [line for line in reference_lines() if line not in generated]
    assert len(missing) == 1 and "sôi nổi" in missing[0]


def test_plan_docx_layout(plan_docx):
    document = Document(__import__("io").BytesIO(plan_docx))
    section = document.sections[0]
    assert abs(section.page_width - Mm(210)) < Mm(0.5)
    assert abs(section.page_height - Mm(297)) < Mm(0.5)
    # Word stores margins in twips: allow the rounding of 1/10 mm.
    assert Mm(29.9) <= section.left_margin <= Mm(35.1)
    assert Mm(14.9) <= section.right_margin <= Mm(20.1)
    assert Mm(19.9) <= section.top_margin <= Mm(25.1)
    assert Mm(19.9) <= section.bottom_margin <= Mm(25.1)
    texts = paragraph_texts_docx(plan_docx)
    assert "Số: 114/KH-VP" in texts
    assert "Đồng Tháp, ngày 03 tháng 02 năm 2021" in texts
    assert "KẾ HOẠCH" in texts and "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in texts
    fonts = {run.font.name for p in document.paragraphs for run in p.runs if run.text.strip()}
    assert fonts == {"Times New Roman"}
    title = next(p for p in document.paragraphs if p.text == "KẾ HOẠCH")
    assert all(run.bold for run in title.runs)


def test_plan_pdf_has_the_number_line_and_signer(plan_2021, tmp_path):
    pdf = render_official(documents.plan_document(plan_2021), "pdf")
    assert pdf.startswith(b"%PDF")
    path = tmp_path / "plan.pdf"
    path.write_bytes(pdf)
    text = subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert "Số: 114/KH-VP" in text
    assert "KẾ HOẠCH" in text and "Mai Ngọc Dinh" in text
    assert "CHÁNH VĂN PHÒNG" in text


def test_render_document_command_writes_both_formats(plan_2021, tmp_path):
    for fmt in ("docx", "pdf"):
        output = tmp_path / f"plan.{fmt}"
        call_command(
            "render_document",
            "plan",
            "--year",
            "2021",
            "--format",
            fmt,
            "--output",
            str(output),
            stdout=StringIO(),
        )
        assert output.stat().st_size > 10_000
    assert "Số: 114/KH-VP" in paragraph_texts_docx((tmp_path / "plan.docx").read_bytes())


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["plan", "--year", "1999"], "Không có phong trào thi đua năm 1999"),
        (["minutes", "--year", "2021"], "chưa hỗ trợ"),
        (["plan", "--year", "2021", "--format", "odt"], "--format"),
    ],
    ids=["no-movement", "unknown-kind", "bad-format"],
)
def test_render_document_bad_arguments(plan_2021, tmp_path, args, message):
    err = StringIO()
    with pytest.raises(SystemExit) as exit_:
        call_command("render_document", *args, "--output", str(tmp_path / "x"), stderr=err)
    assert exit_.value.code == 2
    assert message in err.getvalue()


def test_download_buttons(client, plan_2021):
    from thidua.accounts.models import User

    client.force_login(User.objects.get(username="canbo"))
    response = client.get(f"/phong-trao/{plan_2021.pk}/van-ban.docx")
    assert response.status_code == 200
    assert response["Content-Type"].startswith(
        "application/vnd.openxmlformats-officedocument.wordprocessingml"
    )
    assert "Số: 114/KH-VP" in paragraph_texts_docx(response.content)
