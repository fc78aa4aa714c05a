"""The division review: candidates from the engine, attendance on the review date, the
threshold (strictly more than 50 % of those present), submitting, and the minutes' content."""

import datetime as dt
import io

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from docx import Document

from conftest import make_person
from thidua.core.models import AuditEvent
from thidua.documents.docx_render import render_docx
from thidua.reviews import services
from thidua.reviews.documents import minutes_document
from thidua.reviews.models import Candidate, Proposal, Review, ReviewStatus

from .factories import TODAY, candidate, make_eligible_for_ldtt, movement_of, open_review

pytestmark = pytest.mark.usefixtures("module_world")


@pytest.mark.parametrize(
    ("approve", "present", "threshold", "passes"),
    [
        (3, 6, 50, False),
        (4, 7, 50, True),
        (4, 6, 50, True),
        (1, 2, 50, False),
        (2, 3, 50, True),
        (1, 1, 50, True),
        (0, 1, 50, False),
        (0, 0, 50, False),
        (None, 5, 50, False),
        (2, 3, 66, True),
        (2, 3, 67, False),
        (5, 5, 100, False),
    ],
    ids=[
        "3-of-6-is-not-more-than-half",
        "4-of-7-is-more-than-half",
        "4-of-6",
        "1-of-2-is-exactly-half",
        "2-of-3",
        "1-of-1",
        "0-of-1",
        "nobody-present",
        "not-voted",
        "2-of-3-more-than-66",
        "2-of-3-not-more-than-67",
        "nothing-is-more-than-100",
    ],
)
def test_division_vote_threshold(approve, present, threshold, passes):
    assert services.division_vote_passes(approve, present, threshold) is passes


@pytest.fixture
def big_qh(office, people):
    """QH with 7 members: the division head, P04 and five more."""
    return [
        make_person(f"Q{i}", f"Thành viên {name}", office["QH"])
        for i, name in enumerate(["An", "Bình", "Chi", "Dũng", "Giang"])
    ]


@pytest.mark.parametrize(
    ("present", "approve", "proposed"),
    [(6, 3, False), (7, 4, True), (6, 4, True), (7, 3, False)],
    ids=["3-of-6-fails", "4-of-7-passes", "4-of-6-passes", "3-of-7-fails"],
)
def test_threshold_through_the_review(office, people, users, big_qh, present, approve, proposed):
    review = open_review(office, actor=users["division_head"])
    members = [a.person_id for a in review.attendance.all()]
    assert len(members) == 7
    target = candidate(review, "P04", "LDTT")
    services.review_record(
        actor=users["division_head"],
        review=review,
        present_ids=members[:present],
        votes={target.pk: approve},
    )
    target.refresh_from_db()
    assert (target.approve_votes, target.present_votes, target.proposed) == (
        approve,
        present,
        proposed,
    )


def test_candidates_come_from_the_engine_with_reasons(office, people, users):
    make_eligible_for_ldtt(movement_of(office), people["staff"])
    review = open_review(office, actor=users["division_head"])
    rows = {
        (c.person.staff_code if c.person_id else c.unit.code, c.title_code): c
        for c in review.candidates.select_related("person", "unit")
    }
    assert set(rows) == {
        ("P03", "LDTT"),
        ("P03", "CSTDCS"),
        ("P04", "LDTT"),
        ("P04", "CSTDCS"),
        ("QH", "TTLDTT"),
        ("QH", "TTLDXS"),
    }
    assert rows[("P04", "LDTT")].eligible is True
    assert rows[("P03", "LDTT")].eligible is False
    failed = rows[("P03", "LDTT")].failed_checks
    assert failed and all(c["reason"] and c["basis"] for c in failed)
    assert rows[("P04", "CSTDCS")].eligible is False  # no initiative in the year
    assert [a.person.staff_code for a in review.attendance.select_related("person")] == [
        "P04",
        "P03",
    ]  # sorted by name: "Đặng Quốc Bảo" before "Võ Thanh Tùng"
    assert AuditEvent.objects.filter(action="review.open").count() == 1


def test_attendance_is_the_division_on_the_review_date(office, people, users):
    """A member who joined after the review date is not listed; one who left after it is."""
    newcomer = make_person("P20", "Lý Văn Mới", office["QH"])
    newcomer.memberships.update(start_date=TODAY + dt.timedelta(days=1))
    review = open_review(office, actor=users["division_head"])
    names = {a.person.staff_code for a in review.attendance.select_related("person")}
    assert names == {"P03", "P04"}


@pytest.mark.parametrize("persona", ["staff", "secretariat", "head", "admin", "nd_head"])
def test_only_the_division_head_opens_the_review(office, people, actors, persona):
    movement_of(office)
    with pytest.raises(PermissionDenied):
        open_review(office, actor=actors[persona])
    assert Review.objects.count() == 0


def test_votes_above_those_present_are_refused_and_change_nothing(office, people, users):
    review = open_review(office, actor=users["division_head"])
    target = candidate(review, "P04", "LDTT")
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="từ 0 đến 1"):
        services.review_record(
            actor=users["division_head"],
            review=review,
            present_ids=[people["staff"].pk],
            votes={target.pk: 2},
        )
    target.refresh_from_db()
    assert target.approve_votes is None
    assert review.attendance.filter(present=False).count() == 0
    assert AuditEvent.objects.count() == before


def test_the_head_of_another_division_cannot_vote(office, people, users, nd_head):
    review = open_review(office, actor=users["division_head"])
    target = candidate(review, "P04", "LDTT")
    with pytest.raises(PermissionDenied):
        services.review_record(actor=nd_head, review=review, present_ids=[], votes={target.pk: 0})
    with pytest.raises(PermissionDenied):
        services.review_submit(actor=nd_head, review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.OPEN


def _vote(review, users, people, votes):
    services.review_record(
        actor=users["division_head"],
        review=review,
        present_ids=[people["staff"].pk, people["division_head"].pk],
        votes={candidate(review, code, title).pk: v for (code, title), v in votes.items()},
    )


def test_submit_creates_the_proposal_with_who_passed(office, people, users):
    make_eligible_for_ldtt(movement_of(office), people["staff"])
    review = open_review(office, actor=users["division_head"])
    _vote(review, users, people, {("P04", "LDTT"): 2, ("P03", "LDTT"): 2, ("P04", "CSTDCS"): 1})
    proposal = services.review_submit(actor=users["division_head"], review=review)
    review.refresh_from_db()
    assert review.status == ReviewStatus.SUBMITTED
    nominees = {(n.person.staff_code, n.title_code): n for n in proposal.nominees.all()}
    assert set(nominees) == {("P04", "LDTT"), ("P03", "LDTT")}  # 1 of 2 is not more than half
    assert nominees[("P04", "LDTT")].eligible is True
    assert nominees[("P03", "LDTT")].needs_justification  # not eligible: marked
    assert proposal.status == "draft" and proposal.review == review
    with pytest.raises(ValidationError):
        services.review_record(
            actor=users["division_head"], review=review, present_ids=[], votes={}
        )


def test_submit_without_anyone_passing_creates_no_proposal(office, people, users):
    review = open_review(office, actor=users["division_head"])
    _vote(review, users, people, {("P04", "LDTT"): 1})
    assert services.review_submit(actor=users["division_head"], review=review) is None
    assert Proposal.objects.count() == 0


def test_submit_needs_the_votes(office, people, users):
    review = open_review(office, actor=users["division_head"])
    with pytest.raises(ValidationError, match="Chưa ghi kết quả biểu quyết"):
        services.review_submit(actor=users["division_head"], review=review)


def test_one_review_per_division_and_period(office, people, users):
    open_review(office, actor=users["division_head"])
    with pytest.raises(ValidationError) as error:
        open_review(office, actor=users["division_head"])
    assert "phase" in error.value.message_dict


def _docx_text(review):
    document = Document(io.BytesIO(render_docx(minutes_document(review))))
    paragraphs = [p.text for p in document.paragraphs]
    tables = [
        [[cell.text for cell in row.cells] for row in table.rows] for table in document.tables
    ]
    return "\n".join(paragraphs), tables


def test_minutes_show_attendance_votes_and_result(office, people, users):
    make_eligible_for_ldtt(movement_of(office), people["staff"])
    review = open_review(office, actor=users["division_head"])
    services.review_record(
        actor=users["division_head"],
        review=review,
        present_ids=[people["staff"].pk],
        votes={candidate(review, "P04", "LDTT").pk: 1},
    )
    services.review_submit(actor=users["division_head"], review=review)
    review.refresh_from_db()
    text, tables = _docx_text(review)
    assert "BIÊN BẢN" in text
    header = " ".join(cell for table in tables for row in table for cell in row)
    assert "PHÒNG CÔNG TÁC QUỐC HỘI" in header  # the issuing body, in the header table
    assert "Họp bình xét thi đua năm" in text
    assert "Tổng số thành viên của phòng: 2 người; có mặt: 1 người; vắng: 1 người" in text
    assert "(Võ Thanh Tùng)" in text
    assert "nhiều hơn 50% số thành viên có mặt" in text
    attendance = next(t for t in tables if t[0] == ["STT", "Họ và tên", "Chức vụ", "Có mặt"])
    assert attendance[1:] == [
        ["1", "Đặng Quốc Bảo", "Chuyên viên", "Có mặt"],
        ["2", "Võ Thanh Tùng", "Trưởng phòng", "Vắng"],
    ]
    votes = next(t for t in tables if t[0][0] == "STT" and "Đồng ý" in t[0])
    assert votes[1] == [
        "1",
        "Đặng Quốc Bảo",
        "Lao động tiên tiến",
        "Đủ",
        "1/1",
        "100,0%",
        "Đề nghị",
    ]
    assert "- Đặng Quốc Bảo: Lao động tiên tiến (1/1 phiếu đồng ý)." in text
    # Secretary at the left, chair at the right (Decree 30/2020, Annex III form of minutes).
    assert "THƯ KÝ" in text + header and "CHỦ TỌA" in text + header
    assert "Võ Thanh Tùng" in text + header


def test_minutes_render_as_pdf(office, people, users):
    from thidua.documents.pdf_render import render_pdf

    review = open_review(office, actor=users["division_head"])
    assert render_pdf(minutes_document(review)).startswith(b"%PDF")


def test_candidate_rows_are_unique(office, people, users):
    review = open_review(office, actor=users["division_head"])
    assert Candidate.objects.filter(review=review).count() == 6
