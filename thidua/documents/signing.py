"""Digitally signed PDFs (PAdES, pyHanko) with the agency's certificate, and their verification.

When the agency has configured its certificate (a PKCS#12 file and its password, from the
environment: ``THIDUA_SIGNING_P12`` and ``THIDUA_SIGNING_P12_PASSWORD``), an issued document's
PDF can be signed: a PAdES baseline B-B signature (``/ETSI.CAdES.detached``) over a PDF whose
signature block carries a visible stamp naming the agency, the signer and the time, as Decree
30/2020 (Annex I, electronic documents) asks. The stamp is typeset by the document renderer with
the document's font, so its Vietnamese letters are right (pyHanko's own text stamps space
embedded TrueType glyphs wrongly with the uharfbuzz of this machine). `verify_pdf`
tells who signed an uploaded PDF and when, whether the bytes are untouched, whether the
signature covers the whole file, and whether it was made with our own certificate.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.conf import settings
from django.utils import timezone

FIELD_NAME = "ChuKySo"


class SigningNotConfigured(Exception):
    """No certificate configured: the PDF is served unsigned and the page says so."""


def signing_configured() -> bool:
    path = getattr(settings, "SIGNING_P12_PATH", "")
    return bool(path) and Path(path).is_file()


@cache
def _signer(path: str, password: str, mtime: float):
    from pyhanko.sign import signers

    signer = signers.SimpleSigner.load_pkcs12(
        pfx_file=path, passphrase=password.encode() if password else None
    )
    if signer is None:
        raise SigningNotConfigured("Không đọc được tệp chứng thư số (PKCS#12) hoặc sai mật khẩu.")
    return signer


def _configured_signer():
    if not signing_configured():
        raise SigningNotConfigured("Cơ quan chưa cấu hình chứng thư số.")
    path = settings.SIGNING_P12_PATH
    return _signer(path, settings.SIGNING_P12_PASSWORD, Path(path).stat().st_mtime)


def signer_certificate():
    """The configured certificate (asn1crypto), to trust it when verifying."""
    return _configured_signer().signing_cert


def stamp_lines(*, agency_name: str, signer_name: str, at=None) -> tuple[str, ...]:
    """The visible stamp printed in the signature block of a digitally signed PDF."""
    at = timezone.localtime(at) if at is not None else timezone.localtime()
    return (
        "Ký số bởi: " + agency_name,
        "Người ký: " + signer_name,
        f"Thời gian ký: {at:%H:%M} ngày {at:%d/%m/%Y}",
    )


def signed_document_pdf(doc, *, reason: str) -> bytes:
    """Render `doc` (an OfficialDocument) with the e-signature stamp in its signature block
    and sign it: the stamp is typeset with the document's own font (Vietnamese letters), and
    the PAdES signature covers it."""
    import dataclasses

    from .pdf_render import render_pdf

    if not signing_configured():
        raise SigningNotConfigured("Cơ quan chưa cấu hình chứng thư số.")
    agency = doc.author or doc.issuing_body
    signer = doc.signature_blocks[-1].name
    stamped = dataclasses.replace(
        doc, e_signature=stamp_lines(agency_name=agency, signer_name=signer)
    )
    return sign_pdf(render_pdf(stamped), agency_name=agency, signer_name=signer, reason=reason)


def sign_pdf(pdf: bytes, *, agency_name: str, signer_name: str, reason: str) -> bytes:
    """`pdf` signed with the agency's certificate (PAdES B-B, one signature field)."""
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = _configured_signer()
    writer = IncrementalPdfFileWriter(io.BytesIO(pdf))
    metadata = signers.PdfSignatureMetadata(
        field_name=FIELD_NAME,
        subfilter=fields.SigSeedSubFilter.PADES,
        reason=reason,
        location=agency_name,
        name=signer_name,
    )
    out = io.BytesIO()
    signers.PdfSigner(metadata, signer=signer).sign_pdf(writer, output=out)
    return out.getvalue()


@dataclass(frozen=True)
class Verification:
    signed: bool
    intact: bool = False  # the signed bytes are unchanged
    whole_file: bool = False  # nothing was added after the signature
    ours: bool = False  # made with this agency's configured certificate
    signer: str = ""
    signed_at: str = ""
    message: str = ""

    @property
    def valid(self) -> bool:
        return self.signed and self.intact and self.whole_file


def verify_pdf(data: bytes) -> Verification:
    """Check the (first) signature of an uploaded PDF."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    try:
        reader = PdfFileReader(io.BytesIO(data), strict=False)
        signatures = reader.embedded_signatures
    except Exception:  # noqa: BLE001 (a damaged or hostile upload: pyHanko raises many kinds)
        return Verification(signed=False, message="Tệp không đọc được như một tệp PDF.")
    if not signatures:
        return Verification(signed=False, message="Tệp PDF không có chữ ký số.")
    signature = signatures[0]
    roots = []
    ours_cert = None
    if signing_configured():
        ours_cert = signer_certificate()
        roots.append(ours_cert)
    try:
        status = validate_pdf_signature(
            signature, ValidationContext(trust_roots=roots, allow_fetching=False)
        )
    except Exception as error:  # noqa: BLE001 (a broken signature is a failed check, not a 500)
        return Verification(signed=True, message=f"Chữ ký số không hợp lệ: {error}")
    cert = status.signing_cert
    signed_at = status.signer_reported_dt
    return Verification(
        signed=True,
        intact=bool(status.intact and status.valid),
        whole_file=status.coverage == SignatureCoverageLevel.ENTIRE_FILE,
        ours=ours_cert is not None and cert is not None and cert.dump() == ours_cert.dump(),
        signer=cert.subject.human_friendly if cert is not None else "",
        signed_at=(
            timezone.localtime(signed_at).strftime("%H:%M ngày %d/%m/%Y") if signed_at else ""
        ),
    )
