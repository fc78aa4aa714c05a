"""Covenants (the signed scan is checked and stored outside the web root) and the exports of
the registration list."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from openpyxl import load_workbook

from thidua.documents.docx_render import paragraph_texts_docx
from thidua.movements import services
from thidua.movements.models import Covenant, CovenantStatus

from .factories import draft_movement


@pytest.fixture
def movement(office, people):
    movement = draft_movement(office["VP"])
    return services.movement_transition(actor=None, movement=movement, action="launch")


@pytest.fixture
def covenant(movement, office):
    return services.covenant_save(
        actor=None,
        agency=office["VP"],
        movement=movement,
        title="Giao ước thi đua năm nay",
        signed_on=movement.starts_on,
        place="Hội trường Văn phòng",
        parties=[
            {
                "name": "Lãnh đạo Văn phòng",
                "representative_name": "Nguyễn Văn Hùng",
                "representative_position": "Chánh Văn phòng",
            },
            {
                "name": "Công đoàn cơ quan",
                "representative_name": "Huỳnh Thị Kim Oanh",
                "representative_position": "Chủ tịch Công đoàn",
            },
        ],
        items=["Hoàn thành xuất sắc nhiệm vụ.", "Không có đoàn viên vi phạm kỷ luật."],
    )


def _sign(client, covenant, name, content):
    return client.post(
        f"/phong-trao/giao-uoc/{covenant.pk}/ky-ket/", {"scan": SimpleUploadedFile(name, content)}
    )


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("ban-ky.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, JPG hoặc PNG."),
        ("ban-ky.pdf", b"\x89PNG\r\n\x1a\n....", "Nội dung tệp không đúng định dạng .pdf."),
        ("ban-ky.png", b"%PDF-1.4 <script>", "Nội dung tệp không đúng định dạng .png."),
        ("../../x.pdf", b"<html>", "Nội dung tệp không đúng định dạng .pdf."),
    ],
    ids=["wrong-type", "png-named-pdf", "pdf-named-png", "traversal-name-html"],
)
def test_bad_scans_are_refused_and_nothing_changes(client_for, covenant, name, content, message):
    response = _sign(client_for("secretariat"), covenant, name, content)
    assert message in response.content.decode()
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT and not covenant.scan


def test_oversized_scan_is_refused(client_for, covenant):
    response = _sign(
        client_for("secretariat"), covenant, "lon.pdf", b"%PDF" + b"0" * (10 * 1024 * 1024)
    )
    assert "Tệp quá lớn: tối đa 10 MB." in response.content.decode()


def test_signed_scan_is_stored_privately_and_served_after_the_check(client_for, covenant):
    response = _sign(
        client_for("secretariat"),
        covenant,
        "../../bien ban ky.pdf",
        (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
            b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
        ),
    )
    assert response.status_code == 302
    covenant.refresh_from_db()
    stored = Path(covenant.scan.path).resolve()
    assert covenant.status == CovenantStatus.SIGNED
    assert stored.is_relative_to(Path(settings.PRIVATE_STORAGE_DIR).resolve())
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    # The uploaded name is never used as a path (the storage may add a suffix on a clash).
    assert re.fullmatch(rf"giao-uoc-{covenant.pk}(_\w+)?\.pdf", stored.name), stored.name
    download = client_for("union_rep").get(f"/phong-trao/giao-uoc/{covenant.pk}/ban-ky")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"%PDF")
    assert client_for("staff").get(f"/phong-trao/giao-uoc/{covenant.pk}/ban-ky").status_code == 403


def test_signed_covenant_cannot_be_edited(client_for, covenant):
    _sign(
        client_for("secretariat"),
        covenant,
        "ky.pdf",
        (
            b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
            b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
            b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
            b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
        ),
    )
    with pytest.raises(Exception, match="đã ký kết"):
        services.covenant_save(
            actor=None,
            agency=covenant.agency,
            covenant=covenant,
            title="Khác",
            movement=None,
            signed_on=None,
            place="",
            parties=[{"name": "A"}, {"name": "B"}],
            items=["x"],
        )


def test_covenant_needs_two_parties(client_for, movement):
    response = client_for("secretariat").post(
        "/phong-trao/giao-uoc/tao-moi/",
        {
            "title": "Giao ước",
            "parties": "Lãnh đạo Văn phòng | Nguyễn Văn Hùng | Chánh Văn phòng",
            "items": "Hoàn thành nhiệm vụ.",
        },
    )
    assert "Giao ước cần ít nhất hai bên tham gia." in response.content.decode()
    assert 'value="Giao ước"' in response.content.decode()  # what was typed is kept
    assert not Covenant.objects.exists()


def test_covenant_document(client_for, covenant):
    response = client_for("staff").get(f"/phong-trao/giao-uoc/{covenant.pk}/van-ban.docx")
    texts = paragraph_texts_docx(response.content)
    assert "GIAO ƯỚC THI ĐUA" in texts
    assert not any(t.startswith("Số:") for t in texts)  # a covenant carries no register number
    assert any("Không có đoàn viên vi phạm kỷ luật." in t for t in texts)


def test_covenant_parties_sign_side_by_side(client_for, covenant):
    """Both parties sign in one row, each under "ĐẠI DIỆN <party>" with position and name;
    a covenant has no "Nơi nhận" and is not a draft once dated and named."""
    import docx

    response = client_for("staff").get(f"/phong-trao/giao-uoc/{covenant.pk}/van-ban.docx")
    document = docx.Document(io.BytesIO(response.content))
    cells = [
        [p.text for p in cell.paragraphs if p.text] for cell in document.tables[-1].rows[0].cells
    ]
    assert cells == [
        ["ĐẠI DIỆN LÃNH ĐẠO VĂN PHÒNG", "CHÁNH VĂN PHÒNG", "Nguyễn Văn Hùng"],
        ["ĐẠI DIỆN CÔNG ĐOÀN CƠ QUAN", "CHỦ TỊCH CÔNG ĐOÀN", "Huỳnh Thị Kim Oanh"],
    ]
    texts = paragraph_texts_docx(response.content)
    assert "Nơi nhận:" not in texts and "DỰ THẢO" not in " ".join(texts)
    assert not any(t.startswith("ĐẠI DIỆN") and ":" in t for t in texts)  # no body line for it
    assert document.core_properties.author == covenant.agency.name


def test_covenant_without_a_signer_name_cannot_be_recorded_signed(client_for, covenant):
    covenant.parties.filter(name="Công đoàn cơ quan").update(representative_name="")
    with pytest.raises(Exception, match="Công đoàn cơ quan"):
        services.covenant_sign(
            actor=None,
            covenant=covenant,
            scan_name="ky.pdf",
            scan_file=SimpleUploadedFile("ky.pdf", b"%PDF-1.4\n%%EOF\n"),
        )
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT


def test_a_formula_in_a_staff_name_is_plain_text_in_the_registration_list(
    client_for, movement, people
):
    hostile = '=HYPERLINK("http://evil.example","Bấm")'
    type(people["staff"]).objects.filter(pk=people["staff"].pk).update(full_name=hostile)
    xlsx = client_for("secretariat").get(f"/phong-trao/{movement.pk}/dang-ky/danh-sach.xlsx")
    sheet = load_workbook(io.BytesIO(xlsx.content))["Cá nhân"]
    cells = [c for row in sheet.iter_rows() for c in row if c.value == hostile]
    assert cells and all(c.data_type == "s" for c in cells)


def test_registration_exports(client_for, movement, users, people, office):
    services.registration_set(
        actor=users["staff"], movement=movement, person=people["staff"], title_code="CSTDCS"
    )
    services.registration_set(
        actor=users["division_head"], movement=movement, unit=office["QH"], title_code="TTLDXS"
    )
    client = client_for("secretariat")
    xlsx = client.get(f"/phong-trao/{movement.pk}/dang-ky/danh-sach.xlsx")
    workbook = load_workbook(io.BytesIO(xlsx.content))
    collectives = [list(r) for r in workbook["Tập thể"].iter_rows(values_only=True)]
    individuals = [list(r) for r in workbook["Cá nhân"].iter_rows(values_only=True)]
    assert collectives[0] == ["STT", "Tập thể", "Danh hiệu đăng ký"]
    assert ["Phòng Công tác Quốc hội", "Tập thể lao động xuất sắc"] in [r[1:] for r in collectives]
    assert ["Đặng Quốc Bảo", "Phòng Công tác Quốc hội", "Chiến sĩ thi đua cơ sở"] in [
        r[1:] for r in individuals
    ]
    assert ["Lê Thị Ánh Nguyệt", "Phòng Công tác HĐND", "Chưa đăng ký"] in [
        r[1:] for r in individuals
    ]
    sheet = workbook["Cá nhân"]
    assert sheet["A2"].value == 1 and sheet["A2"].data_type == "n"  # STT is a number
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref.startswith("A1:D")
    assert all(c.font.b for c in sheet[1])
    docx = client.get(f"/phong-trao/{movement.pk}/dang-ky/danh-sach.docx")
    texts = paragraph_texts_docx(docx.content)
    assert "Danh sách đăng ký thi đua năm " + str(movement.year) in texts
