"""The pages: a division head runs a review and sends the proposal; forms keep what was typed
and name the field; uploads are checked; a division head of another division who changes ids
in URLs is refused and changes nothing; the inbox shows what is missing and the quota."""

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent, Notification
from thidua.reviews import services
from thidua.reviews.models import Attachment, Proposal, ProposalStatus, Review

from .factories import (
    PDF,
    TODAY,
    candidate,
    make_eligible_for_ldtt,
    movement_of,
    pdf,
    proposal_in,
)

S = ProposalStatus


@pytest.fixture
def client_as(client, actors):
    def login(name):
        client.logout()
        client.force_login(actors[name])
        return client

    return login


def test_division_head_runs_the_review_in_the_pages(office, people, client_as):
    make_eligible_for_ldtt(movement_of(office), people["staff"])
    client = client_as("division_head")
    page = client.get(reverse("reviews:review_create"))
    assert "Mở cuộc họp bình xét thi đua" in page.content.decode()
    response = client.post(
        reverse("reviews:review_create"),
        {
            "division": str(office["QH"].pk),
            "period": "",
            "held_on": TODAY.strftime("%d/%m/%Y"),
            "place": "Phòng họp số 2",
            "chair_name": "Võ Thanh Tùng",
            "secretary_name": "Đặng Quốc Bảo",
        },
    )
    review = Review.objects.get()
    assert response["Location"] == reverse("reviews:review", kwargs={"pk": review.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Đủ điều kiện" in page and "Không đủ điều kiện" in page
    target = candidate(review, "P04", "LDTT")
    present = [str(people["staff"].pk), str(people["division_head"].pk)]
    # 3 approvals with 2 present: refused, the field is named and the typed values kept
    bad = client.post(
        reverse("reviews:review", kwargs={"pk": review.pk}),
        {"present": present, f"votes_{target.pk}": "3"},
    )
    assert bad.status_code == 400
    body = bad.content.decode()
    assert "Số phiếu đồng ý: Đặng Quốc Bảo – Lao động tiên tiến" in body
    assert "không được lớn hơn số người có mặt (2)" in body
    assert 'value="3"' in body
    ok = client.post(
        reverse("reviews:review", kwargs={"pk": review.pk}),
        {"present": present, f"votes_{target.pk}": "2"},
    )
    assert ok.status_code == 302
    response = client.post(reverse("reviews:review_submit", kwargs={"pk": review.pk}))
    proposal = Proposal.objects.get()
    assert response["Location"] == reverse("reviews:proposal", kwargs={"pk": proposal.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Đặng Quốc Bảo" in page and "thiếu báo cáo thành tích" in page
    assert 'data-confirm="Gửi hồ sơ đề nghị tới Hội đồng?' in page
    minutes = client.get(reverse("reviews:minutes", kwargs={"pk": review.pk, "fmt": "docx"}))
    assert minutes.status_code == 200
    assert minutes.content.startswith(b"PK")


UPLOADS = [
    ("bao-cao.exe", PDF, "Chỉ nhận tệp PDF"),
    ("bao-cao.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024 + 1), "Tệp quá lớn"),
    ("bao-cao.pdf", b"<html><script>alert(1)</script></html>", "Nội dung tệp không đúng"),
    (
        "anh.png",
        b"\x89PNG\r\n\x1a\n" + b"\x00" * 20 + b"IEND\xaeB`\x82<script>alert(1)</script>",
        "nội dung ẩn",
    ),
    ("bao-cao.pdf", PDF.replace(b"%%EOF", b"/JavaScript (x)\n%%EOF"), "nội dung ẩn"),
]


@pytest.mark.parametrize(
    ("name", "content", "message"),
    UPLOADS,
    ids=["wrong-type", "oversized", "pdf-that-is-html", "png-polyglot", "pdf-with-javascript"],
)
def test_bad_uploads_are_refused_naming_the_field(
    office, people, client_as, name, content, message
):
    proposal = proposal_in(office, people, S.DRAFT)
    before = (Attachment.objects.count(), AuditEvent.objects.count())
    response = client_as("division_head").post(
        reverse("reviews:attachment_upload", kwargs={"pk": proposal.pk}),
        {"kind": "achievement_report", "nominee": "", "file": pdf(name, content)},
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert message in body
    assert 'id="id_file_error"' in body
    assert (Attachment.objects.count(), AuditEvent.objects.count()) == before


def test_upload_name_is_never_a_path_and_download_is_checked(office, people, client_as):
    proposal = proposal_in(office, people, S.DRAFT)
    nominee = proposal.nominees.get()
    response = client_as("division_head").post(
        reverse("reviews:attachment_upload", kwargs={"pk": proposal.pk}),
        {"kind": "achievement_report", "nominee": str(nominee.pk), "file": pdf("../../etc/x.pdf")},
    )
    assert response.status_code == 302
    attachment = Attachment.objects.get()
    assert attachment.original_name == "x.pdf"
    assert ".." not in attachment.file.name
    assert attachment.file.name.startswith("proposals/")
    assert attachment.nominee == nominee
    download = client_as("secretariat").get(
        reverse("reviews:attachment", kwargs={"pk": proposal.pk, "attachment_pk": attachment.pk})
    )
    assert download.status_code == 200
    assert download["X-Content-Type-Options"] == "nosniff"
    assert "attachment" in download["Content-Disposition"]
    assert b"".join(download.streaming_content) == PDF
    assert (
        client_as("staff")
        .get(
            reverse(
                "reviews:attachment", kwargs={"pk": proposal.pk, "attachment_pk": attachment.pk}
            )
        )
        .status_code
        == 403
    )


def _state(proposal):
    proposal.refresh_from_db()
    return (
        proposal.status,
        Attachment.objects.count(),
        list(proposal.nominees.values_list("justification", flat=True)),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


def test_head_of_another_division_changing_ids_is_refused(office, people, client_as):
    proposal = proposal_in(office, people, S.DRAFT)
    review = proposal.review
    nominee = proposal.nominees.get()
    client = client_as("nd_head")
    for url in (
        reverse("reviews:review", kwargs={"pk": review.pk}),
        reverse("reviews:minutes", kwargs={"pk": review.pk, "fmt": "pdf"}),
        reverse("reviews:proposal", kwargs={"pk": proposal.pk}),
    ):
        assert client.get(url).status_code == 403, url
    before = _state(proposal)
    posts = [
        (reverse("reviews:transition", kwargs={"pk": proposal.pk, "action": "submit"}), {}),
        (reverse("reviews:transition", kwargs={"pk": proposal.pk, "action": "withdraw"}), {}),
        (
            reverse("reviews:justify", kwargs={"pk": proposal.pk, "nominee_pk": nominee.pk}),
            {f"n{nominee.pk}-justification": "x"},
        ),
        (
            reverse("reviews:attachment_upload", kwargs={"pk": proposal.pk}),
            {"kind": "other", "file": pdf()},
        ),
        (reverse("reviews:review_submit", kwargs={"pk": review.pk}), {}),
        (reverse("reviews:review", kwargs={"pk": review.pk}), {"present": []}),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code == 403, url
    assert _state(proposal) == before
    # their own list does not show QH's proposal
    assert f"Hồ sơ số {proposal.pk}" not in client.get(reverse("reviews:index")).content.decode()


@pytest.mark.parametrize(
    ("persona", "action"),
    [
        ("division_head", "return"),
        ("division_head", "accept"),
        ("secretariat", "withdraw"),
        ("head", "accept"),
        ("admin", "return"),
        ("staff", "withdraw"),
        ("council_member", "accept"),
        ("other_agency", "accept"),
    ],
)
def test_refused_transitions_by_url_change_nothing(office, people, client_as, persona, action):
    proposal = proposal_in(office, people, S.SUBMITTED)
    before = _state(proposal)
    response = client_as(persona).post(
        reverse("reviews:transition", kwargs={"pk": proposal.pk, "action": action}),
        {"reason": "x"},
    )
    assert response.status_code == 403
    assert _state(proposal) == before


def test_return_without_reason_in_the_page_changes_nothing(office, people, client_as):
    proposal = proposal_in(office, people, S.SUBMITTED)
    before = _state(proposal)
    client = client_as("secretariat")
    response = client.post(
        reverse("reviews:transition", kwargs={"pk": proposal.pk, "action": "return"}),
        {"reason": ""},
        follow=True,
    )
    assert "Cần ghi lý do trả lại" in response.content.decode()
    assert _state(proposal) == before


def test_justification_form_names_the_field(office, people, client_as):
    proposal = proposal_in(office, people, S.DRAFT)
    nominee = proposal.nominees.get()
    nominee.eligible = False
    nominee.save()
    client = client_as("division_head")
    page = client.get(reverse("reviews:proposal", kwargs={"pk": proposal.pk})).content.decode()
    assert "Đề nghị ngoài tiêu chuẩn" in page
    response = client.post(
        reverse("reviews:justify", kwargs={"pk": proposal.pk, "nominee_pk": nominee.pk}),
        {f"n{nominee.pk}-justification": ""},
    )
    assert response.status_code == 400
    assert "Giải trình lý do đề nghị dù không đủ điều kiện" in response.content.decode()
    response = client.post(
        reverse("reviews:justify", kwargs={"pk": proposal.pk, "nominee_pk": nominee.pk}),
        {f"n{nominee.pk}-justification": "Thành tích xuất sắc trong kỳ họp."},
    )
    assert response.status_code == 302
    nominee.refresh_from_db()
    assert nominee.justification == "Thành tích xuất sắc trong kỳ họp."


def test_ad_hoc_proposal_takes_the_same_path(office, people, users, client_as):
    client = client_as("division_head")
    bad = client.post(
        reverse("reviews:ad_hoc_create"),
        {
            "reason": "",
            "division": str(office["QH"].pk),
            "nominee": "P04",
            "title_code": "GIAY_KHEN",
        },
    )
    assert bad.status_code == 200
    assert "Lý do đề nghị khen thưởng đột xuất" in bad.content.decode()
    assert 'value="P04" selected' in bad.content.decode()
    response = client.post(
        reverse("reviews:ad_hoc_create"),
        {
            "reason": "Cứu người bị nạn ngày 02/09",
            "division": str(office["QH"].pk),
            "nominee": "P04",
            "title_code": "GIAY_KHEN",
        },
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert (proposal.kind, proposal.review, proposal.reason) == (
        "ad_hoc",
        None,
        "Cứu người bị nạn ngày 02/09",
    )
    nominee = proposal.nominees.get()
    assert (nominee.title_code, nominee.eligible) == ("GIAY_KHEN", None)
    services.proposal_transition(actor=users["division_head"], proposal=proposal, action="submit")
    services.proposal_transition(actor=users["secretariat"], proposal=proposal, action="accept")
    proposal.refresh_from_db()
    assert proposal.status == S.ACCEPTED


def test_inbox_shows_missing_and_the_quota_over_the_cap(office, people, users, client_as, settings):
    movement = movement_of(office)
    settings.THIDUA_RULE_SETTINGS = {movement.year: {"cstdcs_cap_percent": 15}}
    make_eligible_for_ldtt(movement, people["staff"])
    from .factories import open_review

    review = open_review(office, actor=users["division_head"])
    services.review_record(
        actor=users["division_head"],
        review=review,
        present_ids=[people["staff"].pk, people["division_head"].pk],
        votes={candidate(review, "P04", "CSTDCS").pk: 2, candidate(review, "P04", "LDTT").pk: 2},
    )
    proposal = services.review_submit(actor=users["division_head"], review=review)
    cstdcs = proposal.nominees.get(title_code="CSTDCS")
    assert cstdcs.eligible is False
    services.nominee_justify(
        actor=users["division_head"], nominee=cstdcs, justification="Sáng kiến đang chờ công nhận."
    )
    services.proposal_transition(actor=users["division_head"], proposal=proposal, action="submit")
    page = client_as("secretariat").get(reverse("reviews:inbox")).content.decode()
    assert "Phòng Công tác Quốc hội" in page
    assert "Đặng Quốc Bảo (Chiến sĩ thi đua cơ sở): thiếu minh chứng sáng kiến" in page
    assert "Đặng Quốc Bảo (Lao động tiên tiến): thiếu báo cáo thành tích" in page
    assert "ngoài tiêu chuẩn" in page
    # 1 person reaches LĐTT: 15 % of 1, rounded down, is 0; one CSTĐCS nominee → over by 1
    assert "1/0 người được đề nghị" in page
    assert "vượt 1" in page
