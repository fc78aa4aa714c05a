"""Text of an uploaded regulation, for search: `pdftotext` (poppler-utils) for PDF, python-docx
for DOCX.

pdftotext runs as a subprocess with a fixed argument list, the file on stdin and a timeout, so a
hostile or huge PDF cannot hang a request. A PDF without a text layer (a scan) yields no text: the
document is still stored and found by its number and title, and the page says so.
"""

import io
import logging
import shutil
import subprocess
import zipfile

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

logger = logging.getLogger(__name__)

TIMEOUT_SECONDS = 30
MAX_TEXT_CHARS = 2_000_000
# A DOCX is a zip: refuse one that would inflate far beyond its size (a "zip bomb").
MAX_UNPACKED_BYTES = 60 * 1024 * 1024


def extract_text(content: bytes, extension: str) -> str:
    """The document's text ("" when it has none or it cannot be read)."""
    if extension == ".pdf":
        text = _pdf_text(content)
    elif extension == ".docx":
        text = _docx_text(content)
    else:
        text = ""
    return text.strip()[:MAX_TEXT_CHARS]


def _pdf_text(content: bytes) -> str:
    binary = shutil.which("pdftotext")
    if binary is None:
        logger.warning("pdftotext is missing (install poppler-utils): PDF text not extracted")
        return ""
    try:
        # Fixed binary and arguments, no shell; the PDF goes in on stdin.
        result = subprocess.run(  # noqa: S603 (fixed binary, no shell)  # nosec B603
            [binary, "-enc", "UTF-8", "-q", "-", "-"],
            input=content,
            capture_output=True,
            timeout=TIMEOUT_SECONDS,
            check=False,
        )
    except subprocess.TimeoutExpired:
        logger.warning("pdftotext timed out after %s s", TIMEOUT_SECONDS)
        return ""
    if result.returncode != 0:
        return ""
    return result.stdout.decode("utf-8", errors="replace").replace("\f", "\n")


def _docx_text(content: bytes) -> str:
    from docx import Document

    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        if sum(info.file_size for info in archive.infolist()) > MAX_UNPACKED_BYTES:
            raise ValidationError(
                {"file": _("Tệp DOCX giải nén quá lớn (nghi là tệp nén độc hại), không được nhận.")}
            )
    try:
        document = Document(io.BytesIO(content))
    except Exception:
        raise ValidationError(
            {"file": _("Không đọc được tệp DOCX: tệp hỏng hoặc không phải văn bản Word.")}
        ) from None
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(part for part in parts if part.strip())
