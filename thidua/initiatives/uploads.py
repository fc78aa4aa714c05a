"""Checks on evidence attachments: extension, size, magic bytes, and the whole content.

A file is accepted only when its extension is allowed, it is no larger than the limit, it starts
with the signature of that format, and it ends where that format ends, with nothing that a
browser would run hidden inside (polyglots: a PNG with HTML after its last chunk, a PDF with
JavaScript, a DOCX with macros). The uploaded name is never used as a path.

A PDF is parsed with qpdf (pikepdf): object streams are unpacked and name escapes decoded
(`/J#61vaScript` is `/JavaScript`) before its names are checked, so compression hides nothing.
A DOCX or XLSX is measured from its zip directory before anything inflates it.
"""

import io
import re
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from thidua.core.archives import ArchiveRefused, ArchiveUnreadable, check_zip_limits

MAX_BYTES = 10 * 1024 * 1024
SIGNATURES = {
    ".pdf": b"%PDF-",
    ".png": b"\x89PNG\r\n\x1a\n",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".docx": b"PK\x03\x04",
    ".xlsx": b"PK\x03\x04",
}
CONTENT_TYPES = {
    ".pdf": "application/pdf",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    ".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
OFFICE_MAIN_PART = {".docx": "word/document.xml", ".xlsx": "xl/workbook.xml"}
# Markup a browser would render or run if it ever sniffed the file as HTML.
ACTIVE_MARKUP = re.compile(
    rb"<\s*(script|html|body|iframe|svg|object|embed)\b|<!doctype\s+html|<\?php|javascript:",
    re.IGNORECASE,
)
PDF_ACTIVE = re.compile(rb"/(JavaScript|JS|Launch|EmbeddedFile|RichMedia)\b")
# Names that make a PDF act on its own (run a script, open a file or a link, send a form) or
# carry another file; checked on every object after qpdf has unpacked and decoded them.
PDF_FORBIDDEN_NAMES = frozenset(
    {
        "/JavaScript",
        "/JS",
        "/OpenAction",
        "/AA",
        "/Launch",
        "/SubmitForm",
        "/ImportData",
        "/URI",
        "/GoToR",
        "/GoToE",
        "/RichMedia",
        "/EmbeddedFile",
        "/EmbeddedFiles",
        "/XFA",
        "/Rendition",
        "/Sound",
        "/Movie",
    }
)
PDF_MAX_DEPTH = 64
ACCEPT = ",".join(SIGNATURES)


@dataclass(frozen=True)
class CheckedUpload:
    content: bytes
    extension: str
    original_name: str


def safe_name(name: str) -> str:
    """The last path component of an uploaded name, without control characters: a label for
    people, never a path on disk."""
    base = re.split(r"[\\/]", name or "")[-1]
    base = re.sub(r"[\x00-\x1f\x7f]", "", base).strip().lstrip(".")
    return base[:200] or "tep-dinh-kem"


def extension_of(name: str) -> str:
    name = safe_name(name).lower()
    return name[name.rfind(".") :] if "." in name else ""


def _refuse(message: str):
    raise ValidationError({"file": message})


def check_upload(upload) -> CheckedUpload:
    """Read and check one uploaded file; ValidationError on the field "file" when refused."""
    extension = extension_of(upload.name)
    if extension not in SIGNATURES:
        _refuse(_("Chỉ nhận tệp PDF, JPG, PNG, DOCX hoặc XLSX."))
    if upload.size > MAX_BYTES:
        _refuse(_("Tệp quá lớn: tối đa 10 MB."))
    upload.seek(0)
    content = upload.read(MAX_BYTES + 1)
    upload.seek(0)
    if len(content) > MAX_BYTES:
        _refuse(_("Tệp quá lớn: tối đa 10 MB."))
    wrong_content = _("Nội dung tệp không đúng định dạng %(ext)s.") % {"ext": extension}
    if not content.startswith(SIGNATURES[extension]):
        _refuse(wrong_content)
    hidden = _("Tệp chứa nội dung ẩn (mã lệnh hoặc dữ liệu lạ gắn kèm), không được nhận.")
    if extension in OFFICE_MAIN_PART:
        _check_office(content, extension, wrong_content, hidden)
    else:
        if ACTIVE_MARKUP.search(content):
            _refuse(hidden)
        if extension == ".pdf":
            if PDF_ACTIVE.search(content):
                _refuse(hidden)
            _check_pdf(content, wrong_content, hidden)
        elif extension == ".png":
            if not content.endswith(b"IEND\xaeB`\x82"):
                _refuse(hidden)
            _check_image(content, "PNG", wrong_content)
        else:
            if not content.rstrip(b"\x00").endswith(b"\xff\xd9"):
                _refuse(hidden)
            _check_image(content, "JPEG", wrong_content)
    return CheckedUpload(content, extension, safe_name(upload.name))


def _pdf_names(value, depth: int = 0):
    """Every name (dictionary key or name value) in a direct object, recursively. Indirect
    objects are not followed: each is visited on its own from the object list."""
    import pikepdf

    if depth > PDF_MAX_DEPTH:
        raise ValueError("PDF nested too deeply")
    if isinstance(value, pikepdf.Name):
        yield str(value)
    elif isinstance(value, pikepdf.Dictionary | pikepdf.Stream):
        for key in value.keys():  # noqa: SIM118 (a Stream has keys() but no iteration)
            yield key
            item = value.get(key)
            if not getattr(item, "is_indirect", True):  # ints, floats are plain Python
                yield from _pdf_names(item, depth + 1)
    elif isinstance(value, pikepdf.Array):
        for item in value:
            if not getattr(item, "is_indirect", True):
                yield from _pdf_names(item, depth + 1)


def _check_pdf(content: bytes, wrong_content: str, hidden: str) -> None:
    """Parse the PDF with qpdf (pikepdf): object streams unpacked, name escapes such as
    /J#61vaScript decoded, and refuse any action, script, embedded file or form submission,
    and anything after the last %%EOF."""
    import pikepdf

    end = content.rfind(b"%%EOF")
    if end < 0 or content[end + 5 :].strip(b" \t\r\n\f\x00"):
        _refuse(hidden)  # no end marker, or data glued after it
    try:
        with pikepdf.open(io.BytesIO(content)) as pdf:
            for obj in pdf.objects:
                if any(name in PDF_FORBIDDEN_NAMES for name in _pdf_names(obj)):
                    _refuse(hidden)
    except ValidationError:
        raise
    except pikepdf.PasswordError:
        _refuse(_("Tệp PDF có mật khẩu: không kiểm tra được nội dung, không được nhận."))
    except Exception:  # qpdf's errors for a damaged file, a nesting bomb
        _refuse(wrong_content)


def _check_image(content: bytes, fmt: str, wrong_content: str) -> None:
    from PIL import Image

    try:
        with Image.open(io.BytesIO(content)) as image:
            if image.format != fmt:
                _refuse(wrong_content)
            image.verify()
    except ValidationError:
        raise
    except Exception:
        _refuse(wrong_content)


def _check_office(content: bytes, extension: str, wrong_content: str, hidden: str) -> None:
    # Declared sizes first: testzip() below would inflate a zip bomb in full.
    limit = settings.UPLOAD_MAX_UNPACKED_BYTES
    try:
        check_zip_limits(content, max_total=limit, max_member=limit)
    except ArchiveUnreadable:
        _refuse(wrong_content)
    except ArchiveRefused as exc:
        _refuse(str(exc))
    try:
        with zipfile.ZipFile(io.BytesIO(content)) as archive:
            names = set(archive.namelist())
            if archive.testzip() is not None:
                _refuse(wrong_content)
    except zipfile.BadZipFile:
        _refuse(wrong_content)
    end = content.rfind(b"PK\x05\x06")
    if end < 0 or end + 22 != len(content):
        _refuse(hidden)  # data after the archive's end: an archive glued to something else
    if "[Content_Types].xml" not in names or OFFICE_MAIN_PART[extension] not in names:
        _refuse(wrong_content)
    if any(n.lower().endswith(("vbaproject.bin", ".bin")) or ".." in n for n in names):
        _refuse(hidden)
