"""Uploads, checked directly against thidua/initiatives/uploads.check_upload and through the
covenant scan page (which now uses the same check): wrong type, oversized, a name that tries to
climb out of the storage folder, polyglots (a file valid as two formats at once)."""

import io
import re
import zipfile

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from thidua.core.models import AuditEvent
from thidua.initiatives.uploads import MAX_BYTES, check_upload, safe_name
from thidua.movements import services as movement_services
from thidua.movements.models import Covenant, CovenantStatus
from thidua.movements.tests.factories import draft_movement

pytestmark = pytest.mark.usefixtures("module_world")

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def png() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "PNG")
    return buffer.getvalue()


def jpeg() -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (4, 4), "white").save(buffer, "JPEG")
    return buffer.getvalue()


def office_zip(main="word/document.xml", extra=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr(main, "<x/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


GOOD = [
    ("pdf", "bien-ban.pdf", PDF),
    ("png", "anh.png", png()),
    ("jpeg", "anh.JPG", jpeg()),
    ("docx", "bao-cao.docx", office_zip()),
    ("xlsx", "bang.xlsx", office_zip("xl/workbook.xml")),
]
HIDDEN = "nội dung ẩn"
BAD = [
    ("exe", "x.exe", b"MZ\x90\x00", "Chỉ nhận tệp"),
    ("html", "x.html", b"<html></html>", "Chỉ nhận tệp"),
    ("svg", "x.svg", b"<svg onload=alert(1)>", "Chỉ nhận tệp"),
    ("no-extension-traversal", "../../x", PDF, "Chỉ nhận tệp"),
    ("double-extension", "x.pdf.exe", PDF, "Chỉ nhận tệp"),
    ("html-named-pdf", "x.pdf", b"<html><script>alert(1)</script>", "không đúng định dạng .pdf"),
    ("png-named-jpg", "x.jpg", png(), "không đúng định dạng .jpg"),
    ("pdf-with-javascript", "x.pdf", PDF.replace(b"/Catalog", b"/Catalog /JavaScript"), HIDDEN),
    ("pdf-with-html", "x.pdf", PDF.replace(b"endobj", b"<script>x</script>endobj"), HIDDEN),
    ("png-then-html", "x.png", png() + b"<html><script>alert(1)</script></html>", HIDDEN),
    ("png-then-zip", "x.png", png() + office_zip(), HIDDEN),
    ("jpeg-with-script", "x.jpg", jpeg()[:-2] + b"<script>alert(1)</script>\xff\xd9", HIDDEN),
    ("jpeg-then-zip-gifar", "x.jpg", jpeg() + office_zip(), HIDDEN),
    ("docx-with-macros", "x.docx", office_zip(extra={"word/vbaProject.bin": b"\x00"}), HIDDEN),
    ("docx-with-traversal", "x.docx", office_zip(extra={"../../evil.txt": b"x"}), HIDDEN),
    ("docx-then-html", "x.docx", office_zip() + b"<html></html>", HIDDEN),
    ("zip-named-docx", "x.docx", office_zip("other.xml"), "không đúng định dạng .docx"),
    ("truncated-png", "x.png", png()[:20], HIDDEN),
]


@pytest.mark.parametrize(("name", "content"), [g[1:] for g in GOOD], ids=[g[0] for g in GOOD])
def test_good_files_are_accepted(name, content):
    checked = check_upload(SimpleUploadedFile(name, content))
    assert checked.content == content
    assert checked.original_name == name


@pytest.mark.parametrize(
    ("name", "content", "message"), [b[1:] for b in BAD], ids=[b[0] for b in BAD]
)
def test_bad_files_are_refused_with_a_reason(name, content, message):
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile(name, content))
    assert message in " ".join(refused.value.message_dict["file"])


@pytest.mark.parametrize("size", [MAX_BYTES + 1, MAX_BYTES * 3])
def test_oversized_files_are_refused(size):
    content = PDF[:-7] + b"0" * (size - len(PDF)) + b"\n%%EOF\n"
    with pytest.raises(ValidationError) as refused:
        check_upload(SimpleUploadedFile("lon.pdf", content))
    assert "Tệp quá lớn: tối đa 10 MB." in refused.value.message_dict["file"]


def test_exactly_the_limit_is_accepted():
    content = PDF[:-7] + b"0" * (MAX_BYTES - len(PDF)) + b"\n%%EOF\n"
    assert len(content) == MAX_BYTES
    assert check_upload(SimpleUploadedFile("vua.pdf", content)).extension == ".pdf"


@pytest.mark.parametrize(
    ("uploaded", "label"),
    [
        ("../../x.pdf", "x.pdf"),
        ("..\\..\\windows\\x.pdf", "x.pdf"),
        ("/etc/passwd", "passwd"),
        ("..", "tep-dinh-kem"),
        (".bashrc", "bashrc"),
        ("a\x00b.pdf", "ab.pdf"),
    ],
)
def test_uploaded_names_are_labels_never_paths(uploaded, label):
    assert safe_name(uploaded) == label


# --- The covenant scan page uses the same check --------------------------------------------


@pytest.fixture
def covenant(office, people):
    movement = movement_services.movement_transition(
        actor=None, movement=draft_movement(office["VP"]), action="launch"
    )
    return movement_services.covenant_save(
        actor=None,
        agency=office["VP"],
        movement=movement,
        title="Giao ước thi đua",
        signed_on=movement.starts_on,
        place="Hội trường",
        parties=[
            {"name": "Lãnh đạo", "representative_name": "A", "representative_position": "B"},
            {"name": "Công đoàn", "representative_name": "C", "representative_position": "D"},
        ],
        items=["Hoàn thành xuất sắc nhiệm vụ."],
    )


def sign(client, covenant, name, content):
    return client.post(
        f"/phong-trao/giao-uoc/{covenant.pk}/ky-ket/", {"scan": SimpleUploadedFile(name, content)}
    )


SCAN_BAD = [
    ("docx-not-a-scan", "x.docx", office_zip(), "Chỉ nhận tệp PDF, JPG hoặc PNG."),
    ("traversal-no-extension", "../../x", PDF, "Chỉ nhận tệp PDF, JPG hoặc PNG."),
    ("png-then-html", "ban-ky.png", png() + b"<html><script>1</script></html>", HIDDEN),
    ("pdf-with-javascript", "ban-ky.pdf", PDF.replace(b"/Catalog", b"/JS"), HIDDEN),
    ("jpeg-then-zip", "ban-ky.jpg", jpeg() + office_zip(), HIDDEN),
    ("pdf-without-end", "ban-ky.pdf", b"%PDF-1.4\n1 0 obj\n", HIDDEN),
]


@pytest.mark.parametrize(
    ("name", "content", "message"), [b[1:] for b in SCAN_BAD], ids=[b[0] for b in SCAN_BAD]
)
def test_covenant_scan_refuses_what_evidence_refuses(client_for, covenant, name, content, message):
    before = AuditEvent.objects.count()
    response = sign(client_for("secretariat"), covenant, name, content)
    assert message in response.content.decode()
    covenant.refresh_from_db()
    assert covenant.status == CovenantStatus.DRAFT and not covenant.scan
    assert AuditEvent.objects.count() == before


def test_covenant_scan_keeps_only_a_safe_label(client_for, covenant):
    response = sign(client_for("secretariat"), covenant, "../../x.png", png())
    assert response.status_code == 302
    covenant = Covenant.objects.get(pk=covenant.pk)
    assert covenant.status == CovenantStatus.SIGNED
    assert covenant.scan_name == "x.png"
    assert re.fullmatch(
        rf"covenants/\d{{4}}/giao-uoc-{covenant.pk}(_\w+)?\.png", covenant.scan.name
    )
