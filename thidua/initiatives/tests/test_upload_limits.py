"""Uploaded attachments (issue 19, points 4 and 5): a DOCX or XLSX is measured from its zip
directory before anything inflates it (before, `testzip()` inflated a zip bomb in full), and the
type check runs before any zip test."""

import io
import zipfile

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
