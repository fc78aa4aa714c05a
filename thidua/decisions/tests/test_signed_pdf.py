"""Digitally signed decision PDFs (issue 18, item 5): PAdES with the agency's PKCS#12 certificate
(generated here, in the test), checked with pyHanko's own validator; one changed byte fails; the
verify page says who signed, when, and whether the file is untouched and ours."""

import datetime as dt
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from thidua.documents import signing
from thidua.documents.pdf_render import pdf_text
from thidua.documents.tests.certificates import PASSWORD
from thidua.documents.tests.certificates import pkcs12_certificate as _certificate

from .factories import draft, signed

pytestmark = pytest.mark.django_db
AGENCY = "Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp"


@pytest.fixture
def certificate(tmp_path, settings):
    path = tmp_path / "chung-thu-so.p12"
    path.write_bytes(_certificate(AGENCY))
    settings.SIGNING_P12_PATH = str(path)
    settings.SIGNING_P12_PASSWORD = PASSWORD
    return path


@pytest.fixture
def decision(office, people, users):
    return signed(office, people, users, year=2025, signed_on=dt.date(2026, 1, 15))


def _signed_pdf(client, decision) -> bytes:
    response = client.get(reverse("decisions:signed_pdf", kwargs={"pk": decision.pk}))
    assert response.status_code == 200, response.status_code
    assert response["Content-Type"] == "application/pdf"
    return response.content


def _pyhanko_status(data: bytes):
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    signature = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    return validate_pdf_signature(
        signature,
        ValidationContext(trust_roots=[signing.signer_certificate()], allow_fetching=False),
    )


def test_signed_decision_validates_with_pyhanko(client_for, certificate, decision):
    from pyhanko.sign.validation.status import SignatureCoverageLevel

    data = _signed_pdf(client_for("secretariat"), decision)
    status = _pyhanko_status(data)
    assert status.intact and status.valid and status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert status.signing_cert.subject.native["common_name"] == AGENCY
    # PAdES: the CAdES detached sub-filter.
    from pyhanko.pdf_utils.reader import PdfFileReader

    sig = PdfFileReader(io.BytesIO(data)).embedded_signatures[0]
    assert sig.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"
    # The visible stamp in the signature block: agency, signer, time.
    text = " ".join(pdf_text(data).split())
    assert f"Ký số bởi: {decision.agency.name}" in text
    assert f"Người ký: {decision.signer_name}" in text
    assert "Thời gian ký:" in text


def test_one_changed_byte_fails_verification(client_for, certificate, decision):
    data = bytearray(_signed_pdf(client_for("head"), decision))
    # A byte of the signed content (the first page's drawing), not of the signature itself.
    index = data.index(b"stream") + 20
    data[index] = (data[index] + 1) % 256
    result = signing.verify_pdf(bytes(data))
    assert result.signed and not result.valid
    try:
        status = _pyhanko_status(bytes(data))
    except Exception:  # noqa: BLE001 (pyHanko may refuse the damaged file outright)
        return
    assert not (status.intact and status.valid)


def test_verify_page_reports_signer_time_and_integrity(client_for, certificate, decision):
    client = client_for("staff")
    data = _signed_pdf(client_for("secretariat"), decision)
    url = reverse("decisions:verify")
    assert client.get(url).status_code == 200
    page = client.post(url, {"file": SimpleUploadedFile("qd.pdf", data)}).content.decode()
    assert "Văn bản do cơ quan ký số và còn nguyên vẹn." in page
    assert AGENCY in page and "Thời gian ký" in page
    tampered = bytearray(data)
    index = tampered.index(b"stream") + 20
    tampered[index] = (tampered[index] + 1) % 256
    page = client.post(url, {"file": SimpleUploadedFile("qd.pdf", bytes(tampered))})
    assert "Chữ ký số không hợp lệ" in page.content.decode()
    plain = client_for("secretariat").get(
        reverse("decisions:document", kwargs={"pk": decision.pk, "fmt": "pdf"})
    )
    page = client.post(url, {"file": SimpleUploadedFile("qd.pdf", plain.content)})
    assert "Tệp PDF không có chữ ký số." in page.content.decode()
    page = client.post(url, {"file": SimpleUploadedFile("qd.pdf", b"not a pdf")})
    assert "Tệp không phải tệp PDF." in page.content.decode()


def test_a_certificate_of_someone_else_is_not_ours(client_for, certificate, decision, tmp_path):
    from django.conf import settings

    data = _signed_pdf(client_for("secretariat"), decision)
    other = tmp_path / "khac.p12"
    other.write_bytes(_certificate("Một cơ quan khác"))
    settings.SIGNING_P12_PATH = str(other)
    result = signing.verify_pdf(data)
    assert result.valid and not result.ours


def test_without_a_certificate_the_signed_download_says_so(client_for, settings, decision):
    settings.SIGNING_P12_PATH = ""
    client = client_for("secretariat")
    response = client.get(reverse("decisions:signed_pdf", kwargs={"pk": decision.pk}))
    assert response.status_code == 302
    page = client.get(response["Location"]).content.decode()
    assert "Cơ quan chưa cấu hình chứng thư số" in page


def test_a_draft_has_no_signed_pdf(client_for, certificate, office, people, users):
    drafted = draft(office, people, users)
    response = client_for("secretariat").get(
        reverse("decisions:signed_pdf", kwargs={"pk": drafted.pk})
    )
    assert response.status_code == 404


def test_certificates_pdf_can_be_signed(client_for, certificate, decision):
    response = client_for("secretariat").get(
        reverse("decisions:certificates", kwargs={"pk": decision.pk}) + "?ky-so=1"
    )
    assert response.status_code == 200
    status = _pyhanko_status(response.content)
    assert status.intact and status.valid and status.trusted
    assert signing.verify_pdf(response.content).ours
