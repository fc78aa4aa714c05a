import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import PERSONAS
from thidua.core.models import AuditEvent
from thidua.decisions.models import (
    Award,
    AwardImportBatch,
    Decision,
    DecisionEntry,
    DecisionStatus,
    RegisteredNumber,
)
from thidua.documents.docx_render import paragraph_texts_docx
from thidua.documents.pdf_render import pdf_text

from .factories import draft, signed
from .matrix import TINY_PDF

pytestmark = pytest.mark.django_db
ALL = set(PERSONAS)


def _state():
    return (
        list(Decision.objects.order_by("pk").values_list("pk", "status", "summary", "number_id")),
        list(DecisionEntry.objects.order_by("pk").values_list("pk", "title_code")),
        list(Award.objects.order_by("pk").values_list("pk", "revoked_at")),
        RegisteredNumber.objects.count(),
        AuditEvent.objects.count(),
        list(AwardImportBatch.objects.values_list("pk", "status")),
    )


def test_secretariat_drafts_and_head_signs_through_the_pages(client_for, office, people):
    client = client_for("secretariat")
    response = client.post(
        reverse("decisions:create"),
        {"year": 2025, "summary": "Về việc công nhận danh hiệu thi đua năm 2025"},
    )
    decision = Decision.objects.get()
    assert response.status_code == 302 and response["Location"].endswith(f"/{decision.pk}/")
    add = reverse("decisions:entry_add", kwargs={"pk": decision.pk})
    client.post(add, {"staff_code": "P04", "title_code": "CSTDCS"})
    client.post(add, {"unit_code": "QH", "title_code": "TTLDTT"})
    client.post(
        add,
        {
            "staff_code": "P07",
            "title_code": "GIAY_KHEN",
            "achievement": "Có thành tích xuất sắc trong kỳ họp",
        },
    )
    assert decision.entries.count() == 3
    # A wrong code is refused with a message, nothing added.
    response = client.post(add, {"staff_code": "X01", "title_code": "LDTT"}, follow=True)
    assert "Không tìm thấy cán bộ" in response.content.decode()
    assert decision.entries.count() == 3
    response = client.post(
        reverse("decisions:edit", kwargs={"pk": decision.pk}),
        {
            "summary": "Về việc công nhận danh hiệu thi đua và tặng Giấy khen năm 2025",
            "grounds": "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022\nXét đề nghị của Hội đồng",
            "articles": "",
            "recipients": "Như Điều 3\nLưu: VT, HC-TC-QT.",
            "signer_position": "CHÁNH VĂN PHÒNG",
        },
    )
    assert response.status_code == 302

    head = client_for("head")
    page = head.get(reverse("decisions:sign", kwargs={"pk": decision.pk})).content.decode()
    assert "Xác nhận ký quyết định" in page and "không hoàn tác" in page
    response = head.post(
        reverse("decisions:sign", kwargs={"pk": decision.pk}), {"signed_on": "15/01/2026"}
    )
    assert response.status_code == 302
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED and decision.code == "01/QĐ-VP"
    assert Award.objects.count() == 3

    texts = paragraph_texts_docx(
        head.get(reverse("decisions:document", kwargs={"pk": decision.pk, "fmt": "docx"})).content
    )
    joined = "\n".join(texts)
    assert "Số: 01/QĐ-VP" in texts
    assert "Đồng Tháp, ngày 15 tháng 01 năm 2026" in texts
    assert "QUYẾT ĐỊNH" in texts and "QUYẾT ĐỊNH:" in texts
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in texts
    assert "Xét đề nghị của Hội đồng." in texts
    assert "(Kèm theo Quyết định số 01/QĐ-VP ngày 15 tháng 01 năm 2026)" in texts
    # The annex: name, position, division, title, money (2,340,000 × coefficient, rounded up).
    assert "Đặng Quốc Bảo" in texts and "Chiến sĩ thi đua cơ sở" in texts and "2.340.000" in texts
    assert "Tập thể lao động tiên tiến" in texts and "1.880.000" in texts
    assert "Lê Thị Ánh Nguyệt" in texts and "710.000" in texts
    assert "Tổng cộng" in texts and "4.930.000" in texts
    assert "Nguyễn Văn Hùng" in texts
    assert "Điều 1." in joined

    pdf = head.get(reverse("decisions:document", kwargs={"pk": decision.pk, "fmt": "pdf"}))
    text = " ".join(pdf_text(pdf.content).split())
    assert "Số: 01/QĐ-VP" in text and "4.930.000" in text and "CHÁNH VĂN PHÒNG" in text

    certificates = head.get(reverse("decisions:certificates", kwargs={"pk": decision.pk}))
    assert certificates["Content-Type"] == "application/pdf"
    pages = pdf_text(certificates.content).split("\f")
    pages = [p for p in pages if p.strip()]
    assert len(pages) == 3
    assert "GIẤY CHỨNG NHẬN" in pages[0] and "Đặng Quốc Bảo" in pages[0]
    assert "Phòng Công tác Quốc hội" in pages[1]
    assert "GIẤY KHEN" in pages[2] and "Lê Thị Ánh Nguyệt" in pages[2]
    assert "Có thành tích xuất sắc trong kỳ họp" in " ".join(pages[2].split())
    for page in pages:
        assert "Quyết định số 01/QĐ-VP ngày 15 tháng 01 năm 2026" in " ".join(page.split())
        assert "Nguyễn Văn Hùng" in page

    entry = decision.entries.get(person=people["nd_staff"])
    one = client_for("staff").get(
        reverse("decisions:certificate", kwargs={"pk": decision.pk, "entry_pk": entry.pk})
    )
    single = [p for p in pdf_text(one.content).split("\f") if p.strip()]
    assert len(single) == 1 and "Lê Thị Ánh Nguyệt" in single[0] and "GIẤY KHEN" in single[0]

    # The history shows on the person and division pages.
    person_page = client_for("secretariat").get(
        reverse("org:person_detail", kwargs={"staff_code": "P04"})
    )
    assert "Lịch sử khen thưởng" in person_page.content.decode()
    assert "01/QĐ-VP" in person_page.content.decode()
    unit_page = client_for("staff").get(reverse("org:unit_detail", kwargs={"code": "QH"}))
    assert "Tập thể lao động tiên tiến" in unit_page.content.decode()


def test_head_cancels_with_a_reason(client_for, office, people, users):
    decision = signed(office, people, users)
    head = client_for("head")
    page = head.get(reverse("decisions:cancel", kwargs={"pk": decision.pk})).content.decode()
    assert "không cấp lại" in page
    response = head.post(reverse("decisions:cancel", kwargs={"pk": decision.pk}), {"reason": ""})
    assert response.status_code == 200
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    head.post(reverse("decisions:cancel", kwargs={"pk": decision.pk}), {"reason": "Sai đối tượng"})
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CANCELLED and decision.code == "01/QĐ-VP"
    page = client_for("secretariat").get(reverse("org:person_detail", kwargs={"staff_code": "P04"}))
    assert "đã thu hồi" in page.content.decode() and "Sai đối tượng" in page.content.decode()
    # No certificate for a cancelled decision.
    assert (
        head.get(reverse("decisions:certificates", kwargs={"pk": decision.pk})).status_code == 404
    )


def test_drafts_are_for_the_head_secretariat_and_admin(client_for, office, people, users):
    drafted = draft(office, people, users, year=2025)
    issued = signed(office, people, users, year=2024, signed_on=dt.date(2025, 1, 10))
    for persona in PERSONAS:
        client = client_for(persona)
        listing = client.get(reverse("decisions:list")).content.decode()
        detail = client.get(reverse("decisions:detail", kwargs={"pk": drafted.pk}))
        if persona in {"head", "secretariat", "admin"}:
            assert detail.status_code == 200
            assert "Dự thảo" in listing and "01/QĐ-VP" in listing
        elif persona == "other_agency":
            assert detail.status_code == 403
            assert "01/QĐ-VP" not in listing and issued.summary not in listing
        else:
            assert detail.status_code == 403, persona
            assert "01/QĐ-VP" in listing and drafted.summary not in listing


def test_list_filters_by_year(client_for, office, people, users):
    signed(office, people, users, year=2024, signed_on=dt.date(2025, 1, 10))
    signed(office, people, users, year=2025, signed_on=dt.date(2026, 1, 10))
    page = client_for("staff").get(reverse("decisions:list"), {"year": "2025"}).content.decode()
    assert "danh hiệu thi đua năm 2025" in page and "danh hiệu thi đua năm 2024" not in page
    page = client_for("staff").get(reverse("decisions:list")).content.decode()
    assert "danh hiệu thi đua năm 2025" in page and "danh hiệu thi đua năm 2024" in page


# Refusals: 403 and nothing changed ------------------------------------------------------------


def _post_cases(office, people, users):
    drafted = draft(office, people, users, year=2025)
    issued = signed(office, people, users, year=2024, signed_on=dt.date(2025, 1, 10))
    batch = AwardImportBatch.objects.create(
        agency=office["VP"],
        filename="a.xlsx",
        file_sha256="0" * 64,
        created_by=users["secretariat"],
    )
    entry = drafted.entries.first()
    return [
        (
            "decisions:entry_add",
            {"pk": drafted.pk},
            {"staff_code": "P07", "title_code": "LDTT"},
            {"secretariat"},
        ),
        ("decisions:entry_remove", {"pk": drafted.pk, "entry_pk": entry.pk}, {}, {"secretariat"}),
        (
            "decisions:edit",
            {"pk": drafted.pk},
            {"summary": "Khác", "signer_position": "X"},
            {"secretariat"},
        ),
        ("decisions:sign", {"pk": drafted.pk}, {"signed_on": "10/01/2026"}, {"head"}),
        ("decisions:cancel", {"pk": issued.pk}, {"reason": "Sai"}, {"head"}),
        ("decisions:cancel", {"pk": drafted.pk}, {"reason": "Sai"}, {"head"}),
        ("decisions:scan_upload", {"pk": issued.pk}, "scan", {"head", "secretariat"}),
        ("decisions:history_confirm", {"pk": batch.pk}, {}, {"secretariat", "admin"}),
        ("decisions:history_cancel", {"pk": batch.pk}, {}, {"secretariat", "admin"}),
    ]


def test_refused_posts_change_nothing(client_for, office, people, users):
    cases = _post_cases(office, people, users)
    for name, kwargs, data, allowed in cases:
        for persona in sorted(ALL - allowed):
            if data == "scan":
                data_sent = {"file": SimpleUploadedFile("s.pdf", TINY_PDF, "application/pdf")}
            else:
                data_sent = data
            before = _state()
            response = client_for(persona).post(reverse(name, kwargs=kwargs), data_sent)
            assert response.status_code == 403, (name, persona)
            assert "Không có quyền truy cập" in response.content.decode()
            assert _state() == before, (name, persona)
        anonymous = client_for(None).post(reverse(name, kwargs=kwargs), {})
        assert anonymous.status_code == 302


@pytest.mark.parametrize(
    "name", ["decisions:entry_add", "decisions:history_confirm", "decisions:history_cancel"]
)
def test_post_only_actions_refuse_get(client_for, office, people, users, name):
    drafted = draft(office, people, users)
    batch = AwardImportBatch.objects.create(
        agency=office["VP"],
        filename="a.xlsx",
        file_sha256="0" * 64,
        created_by=users["secretariat"],
    )
    pk = batch.pk if name.startswith("decisions:history") else drafted.pk
    assert client_for("secretariat").get(reverse(name, kwargs={"pk": pk})).status_code == 405


def test_signed_decision_cannot_be_edited_through_the_pages(client_for, office, people, users):
    issued = signed(office, people, users)
    client = client_for("secretariat")
    before = _state()
    response = client.post(
        reverse("decisions:entry_add", kwargs={"pk": issued.pk}),
        {"staff_code": "P07", "title_code": "LDTT"},
    )
    assert response.status_code == 403
    assert client.get(reverse("decisions:edit", kwargs={"pk": issued.pk})).status_code == 403
    assert _state() == before


def test_gate_reasons_show_on_the_sign_page(client_for, office, people, users):
    from thidua.decisions import services

    def gate(decision):
        return ["Chưa hết thời hạn niêm yết kết quả."]

    services.register_issue_gate(gate)
    try:
        drafted = draft(office, people, users)
        head = client_for("head")
        page = head.get(reverse("decisions:sign", kwargs={"pk": drafted.pk})).content.decode()
        assert "Chưa hết thời hạn niêm yết kết quả." in page
        response = head.post(
            reverse("decisions:sign", kwargs={"pk": drafted.pk}), {"signed_on": "10/01/2026"}
        )
        assert response.status_code == 200
        assert "Chưa hết thời hạn niêm yết kết quả." in response.content.decode()
        drafted.refresh_from_db()
        assert drafted.status == DecisionStatus.DRAFT and not RegisteredNumber.objects.exists()
    finally:
        services._ISSUE_GATES.remove(gate)


def test_signed_scan_is_checked_stored_privately_and_served_safely(
    client_for, office, people, users, settings, tmp_path
):
    settings.STORAGES = {
        **settings.STORAGES,
        "default": {
            "BACKEND": "django.core.files.storage.FileSystemStorage",
            "OPTIONS": {"location": str(tmp_path)},
        },
    }
    issued = signed(office, people, users)
    client = client_for("secretariat")
    url = reverse("decisions:scan_upload", kwargs={"pk": issued.pk})
    bad = SimpleUploadedFile("qd.pdf", b"<html><script>alert(1)</script>", "application/pdf")
    response = client.post(url, {"file": bad})
    assert response.status_code == 200 and "không đúng định dạng" in response.content.decode()
    assert not Decision.objects.get(pk=issued.pk).scan
    sheet = SimpleUploadedFile("qd.docx", b"PK\x03\x04", "application/octet-stream")
    assert client.post(url, {"file": sheet}).status_code == 200
    good = SimpleUploadedFile("../../qd ký.pdf", TINY_PDF, "application/pdf")
    assert client.post(url, {"file": good}).status_code == 302
    issued.refresh_from_db()
    assert issued.scan_name == "qd ký.pdf"
    assert (tmp_path / issued.scan.name).read_bytes() == TINY_PDF
    response = client_for("staff").get(reverse("decisions:scan", kwargs={"pk": issued.pk}))
    assert response.status_code == 200
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in response["Content-Disposition"]
    assert b"".join(response.streaming_content) == TINY_PDF
    assert AuditEvent.objects.filter(action="decision.scan_attach").count() == 1
