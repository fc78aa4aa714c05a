"""Uploaded attachments (issue 19, points 4 and 5): a DOCX or XLSX is measured from its zip
directory before anything inflates it (before, `testzip()` inflated a zip bomb in full), and the
type check runs before any zip test."""

import io
import zipfile

import pikepdf
import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings

from thidua.initiatives import uploads


def office_zip(extra=None) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<x/>")
        for name, data in (extra or {}).items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _refusal(name, content) -> str:
    with pytest.raises(ValidationError) as error:
        uploads.check_upload(SimpleUploadedFile(name, content))
    return " ".join(error.value.message_dict["file"])


@override_settings(UPLOAD_MAX_UNPACKED_BYTES=1024 * 1024)
def test_docx_bomb_is_refused_before_it_is_inflated(monkeypatch):
    def inflate(*args, **kwargs):
        raise AssertionError("testzip must not run on an archive over the limit")

    monkeypatch.setattr(zipfile.ZipFile, "testzip", inflate)
    bomb = office_zip({"word/media/x.bin": b"\0" * (5 * 1024 * 1024)})
    assert len(bomb) < 64 * 1024
    assert "giải nén ra 5 MB, vượt giới hạn 1 MB" in _refusal("bao-cao.docx", bomb)


def test_type_check_runs_before_any_zip_test(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("no zip test for a file of the wrong type")

    monkeypatch.setattr(uploads, "check_zip_limits", refuse)
    monkeypatch.setattr(zipfile.ZipFile, "testzip", refuse)
    assert "Chỉ nhận tệp" in _refusal("bao-cao.zip", office_zip())
    assert "không đúng định dạng .docx" in _refusal("bao-cao.docx", b"%PDF-1.4 not a zip")


def test_a_normal_docx_still_passes():
    checked = uploads.check_upload(SimpleUploadedFile("bao-cao.docx", office_zip()))
    assert checked.extension == ".docx"


# PDF: checked after qpdf has unpacked object streams and decoded names (point 5) ---------------

ONE_PAGE = (
    b"%%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R%s >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792]%s >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%%%EOF\n"
)


def raw_pdf(catalog: bytes = b"", page: bytes = b"") -> bytes:
    return ONE_PAGE % (catalog, page)


def compressed_pdf(action: dict) -> bytes:
    """A PDF whose catalog sits in a compressed object stream: no action name in the bytes."""
    pdf = pikepdf.new()
    pdf.add_blank_page()
    pdf.Root.OpenAction = pikepdf.Dictionary(action)
    buffer = io.BytesIO()
    pdf.save(buffer, object_stream_mode=pikepdf.ObjectStreamMode.generate, compress_streams=True)
    return buffer.getvalue()


def test_a_plain_pdf_passes():
    assert uploads.check_upload(SimpleUploadedFile("bien-ban.pdf", raw_pdf())).extension == ".pdf"


HIDDEN = "nội dung ẩn"
PDF_ATTACKS = [
    (
        "javascript-in-object-stream",
        compressed_pdf({"/S": pikepdf.Name("/JavaScript"), "/JS": "app.alert(1)"}),
    ),
    ("name-escapes", raw_pdf(b" /Open#41ction << /S /J#61vaScript /J#53 (app.alert(1)) >>")),
    ("open-action-uri", raw_pdf(b" /OpenAction << /S /URI /URI (http://x.invalid) >>")),
    ("page-additional-action", raw_pdf(page=b" /AA << /O << /S /Launch /F (cmd.exe) >> >>")),
    ("submit-form", raw_pdf(b" /OpenAction << /S /SubmitForm /F (http://x.invalid) >>")),
    ("launch-escaped", raw_pdf(b" /Open#41ction << /S /L#61unch /F (calc.exe) >>")),
    ("data-after-eof", raw_pdf() + b"PK\x03\x04 a zip glued after the end"),
]


@pytest.mark.parametrize(("case", "content"), PDF_ATTACKS, ids=[c for c, _ in PDF_ATTACKS])
def test_pdf_actions_and_trailing_data_are_refused(case, content):
    if case == "javascript-in-object-stream":
        assert b"JavaScript" not in content and b"/JS" not in content
    assert HIDDEN in _refusal("tai-lieu.pdf", content)


def test_a_pdf_qpdf_cannot_read_is_refused():
    assert "không đúng định dạng .pdf" in _refusal("x.pdf", b"%PDF-1.4\ngarbage\n%%EOF\n")


# A failed upload leaves no orphan file (point 5) ---------------------------------------------


def _stored_files() -> set:
    from pathlib import Path

    from thidua.initiatives.models import Evidence

    root = Path(Evidence._meta.get_field("file").storage.location)
    return {p for p in root.rglob("*") if p.is_file()} if root.exists() else set()


def test_an_upload_whose_transaction_fails_leaves_no_file(people, users, monkeypatch):
    from thidua.initiatives import services
    from thidua.initiatives.models import Evidence

    from .factories import draft

    initiative = draft(people, users["staff"])
    before = _stored_files()

    def audit_fails(**kwargs):
        raise RuntimeError("the audit write failed after the file was written")

    monkeypatch.setattr(services, "audit_record", audit_fails)
    with pytest.raises(RuntimeError):
        services.evidence_add(
            actor=users["staff"],
            initiative=initiative,
            upload=SimpleUploadedFile("minh-chung.pdf", raw_pdf()),
        )
    assert not Evidence.objects.exists()
    assert _stored_files() == before


def test_a_successful_upload_keeps_its_file(people, users):
    from thidua.initiatives import services

    from .factories import draft

    initiative = draft(people, users["staff"])
    before = _stored_files()
    evidence = services.evidence_add(
        actor=users["staff"],
        initiative=initiative,
        upload=SimpleUploadedFile("minh-chung.pdf", raw_pdf()),
    )
    assert len(_stored_files() - before) == 1
    assert evidence.file.read().startswith(b"%PDF")
