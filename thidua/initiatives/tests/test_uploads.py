"""Evidence attachments: checked by type, size and content, stored outside the web root under a
generated name, served only after the permission check."""

import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from thidua.core.models import AuditEvent
from thidua.initiatives.models import Evidence

from .factories import draft

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


def docx(extra: dict | None = None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


@pytest.fixture
def initiative(people, users):
    return draft(people, users["staff"])


def upload(client, initiative, name, content):
    return client.post(
        f"/sang-kien/{initiative.pk}/minh-chung/", {"file": SimpleUploadedFile(name, content)}
    )


BAD = [
    ("wrong-type", "minh-chung.exe", b"MZ\x90\x00", "Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX."),
    (
        "html-named-pdf",
        "bao-cao.pdf",
        b"<html><script>alert(1)</script>",
        "không đúng định dạng .pdf",
    ),
    ("traversal-name", "../../../etc/passwd.pdf", b"root:x:0:0", "không đúng định dạng .pdf"),
    ("png-named-jpg", "anh.jpg", png(), "không đúng định dạng .jpg"),
    (
        "polyglot-png-html",
        "anh.png",
        png() + b"<html><script>alert(1)</script></html>",
        "nội dung ẩn",
    ),
    ("polyglot-jpeg-script", "anh.jpg", jpeg()[:-2] + b"<script>x</script>\xff\xd9", "nội dung ẩn"),
    (
        "pdf-with-javascript",
        "a.pdf",
        PDF.replace(b"/Catalog", b"/Catalog /OpenAction << /S /JavaScript /JS (app.alert(1)) >>"),
        "nội dung ẩn",
    ),
    ("pdf-then-html", "a.pdf", PDF + b"<html><body>phish</body></html>", "nội dung ẩn"),
    ("docx-with-macros", "a.docx", docx({"word/vbaProject.bin": b"\x00" * 10}), "nội dung ẩn"),
    ("zip-with-trailing-html", "a.docx", docx() + b"<html>x</html>", "nội dung ẩn"),
    (
        "zip-not-docx",
        "a.docx",
        docx().replace(b"word/document.xml", b"word/documen_.xml"),
        "không đúng định dạng .docx",
    ),
]


@pytest.mark.parametrize(("case", "name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_files_are_refused_and_nothing_is_saved(
    client_for, initiative, case, name, content, message
):
    before = AuditEvent.objects.count()
    private = Path(settings.PRIVATE_STORAGE_DIR) / "initiatives"
    files_before = set(private.rglob("*")) if private.exists() else set()
    response = upload(client_for("staff"), initiative, name, content)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists() and AuditEvent.objects.count() == before
    # Files left by earlier tests (their rows rolled back) do not count: nothing new is written.
    files_after = set(private.rglob("*")) if private.exists() else set()
    assert files_after == files_before


def test_oversized_file_is_refused(client_for, initiative):
    content = PDF[:-6] + b"0" * (10 * 1024 * 1024) + b"%%EOF\n"
    response = upload(client_for("staff"), initiative, "lon.pdf", content)
    assert "Tệp quá lớn: tối đa 10 MB." in response.content.decode()
    assert not Evidence.objects.exists()


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("../../bien ban.pdf", PDF),
        ("anh chup.PNG", png()),
        ("a.jpeg", jpeg()),
        ("bao-cao.docx", docx()),
    ],
    ids=["pdf-with-traversal-name", "png", "jpeg", "docx"],
)
def test_good_files_are_stored_privately_and_served_after_the_check(
    client_for, initiative, name, content
):
    response = upload(client_for("staff"), initiative, name, content)
    assert response.status_code == 302
    evidence = Evidence.objects.get()
    stored = Path(evidence.file.path).resolve()
    assert stored.is_relative_to(Path(settings.PRIVATE_STORAGE_DIR).resolve())
    assert not stored.is_relative_to(Path(settings.STATIC_ROOT).resolve())
    assert ".." not in evidence.file.name and stored.name.startswith(f"sang-kien-{initiative.pk}-")
    assert evidence.original_name == name.split("/")[-1]
    url = f"/sang-kien/{initiative.pk}/minh-chung/{evidence.pk}/"
    download = client_for("staff").get(url)
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    # A draft is the authors' own: nobody else may fetch its evidence.
    for persona in ("head", "secretariat", "initiative_member", "other_agency"):
        assert client_for(persona).get(url).status_code == 403


@pytest.mark.parametrize(
    "persona", ["head", "secretariat", "admin", "initiative_member", "other_agency"]
)
def test_only_authors_upload(client_for, initiative, persona):
    response = upload(client_for(persona), initiative, "a.pdf", PDF)
    assert response.status_code == 403
    assert not Evidence.objects.exists()


def test_no_upload_after_submission(client_for, initiative, users):
    from thidua.initiatives import services

    services.initiative_transition(actor=users["staff"], initiative=initiative, action="submit")
    client = client_for("staff")
    upload(client, initiative, "a.pdf", PDF)
    response = client.get(f"/sang-kien/{initiative.pk}/")
    assert (
        "Chỉ đính kèm minh chứng khi sáng kiến là bản nháp hoặc bị trả lại."
        in response.content.decode()
    )
    assert not Evidence.objects.exists()
