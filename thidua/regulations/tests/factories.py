"""Small builders for the regulations tests: minimal valid PDF and DOCX files and documents."""

import io

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.regulations import services
from thidua.regulations.models import Kind, Scope

# A one-page PDF with a real text layer (Helvetica, ASCII text), so pdftotext finds words.
_STREAM = b"BT /F1 12 Tf 72 720 Td (Quy che thi dua khen thuong noi bo nam 2026) Tj ET"


def pdf(text_stream: bytes = _STREAM) -> bytes:
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] "
        b"/Resources << /Font << /F1 4 0 R >> >> /Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n" % len(text_stream) + text_stream + b"\nendstream",
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n" % number + body + b"\nendobj\n")
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(
        b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    )
    return out.getvalue()


def docx(paragraphs: list[str]) -> bytes:
    from docx import Document

    document = Document()
    for paragraph in paragraphs:
        document.add_paragraph(paragraph)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def office_regulation(office, *, with_file=True, number="05/QC-VP", title=None):
    upload = SimpleUploadedFile("quy-che.pdf", pdf()) if with_file else None
    return services.regulation_create(
        actor=None,
        scope=Scope.AGENCY,
        unit=office["VP"],
        kind=Kind.RULES,
        number=number,
        title=title or "Quy chế thi đua, khen thưởng của Văn phòng",
        issuer="Văn phòng Đoàn ĐBQH và HĐND",
        upload=upload,
    )


def national_regulation(number="91/2017/NĐ-CP", title="Quy định chi tiết thi hành Luật"):
    return services.regulation_create(
        actor=None,
        scope=Scope.NATIONAL,
        unit=None,
        kind=Kind.DECREE,
        number=number,
        title=title,
        issuer="Chính phủ",
        regime="vn2013",
    )
