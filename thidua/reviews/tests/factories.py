"""Builders for review tests: the year's launched movement, a review of division QH with the
engine's candidates, a proposal driven to any state through the services."""

import datetime as dt

from django.core.files.uploadedfile import SimpleUploadedFile

from thidua.movements import services as movement_services
from thidua.movements.models import Movement
from thidua.movements.tests.factories import YEAR, launched_movement
from thidua.records.services import record_rating_set
from thidua.reviews import services
from thidua.reviews.models import ProposalStatus

S = ProposalStatus
TODAY = dt.date.today()
PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def pdf(name="bao-cao.pdf", content=PDF):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def movement_of(office) -> Movement:
    existing = Movement.objects.filter(agency=office["VP"], year=YEAR, kind="regular").first()
    return existing or launched_movement(office["VP"])[0]


def make_eligible_for_ldtt(movement, person):
    """A rating and a registration, so the engine finds the person eligible for LĐTT."""
    record_rating_set(actor=None, person=person, year=movement.year, rating="HTTNV")
    movement_services.registration_set(
        actor=None, movement=movement, person=person, title_code="LDTT"
    )


def open_review(office, actor=None, phase=None, held_on=None):
    movement = movement_of(office)
    return services.review_open(
        actor=actor,
        division=office["QH"],
        movement=movement,
        phase=phase,
        held_on=held_on or TODAY,
        place="Phòng họp số 2",
        chair_name="Võ Thanh Tùng",
        secretary_name="Đặng Quốc Bảo",
    )


def candidate(review, staff_code, title):
    return review.candidates.get(person__staff_code=staff_code, title_code=title)


def voted_review(office, people, actor=None, approve=2):
    """A review of QH (two members, both present) where P04 (eligible for LĐTT) got `approve`
    of 2 approvals for LĐTT."""
    movement = movement_of(office)
    make_eligible_for_ldtt(movement, people["staff"])
    review = open_review(office, actor=actor)
    present = [a.person_id for a in review.attendance.all()]
    services.review_record(
        actor=actor,
        review=review,
        present_ids=present,
        votes={candidate(review, "P04", "LDTT").pk: approve},
    )
    return review


def proposal_in(office, people, state, actor=None):
    """A proposal of QH (nominee P04 for LĐTT) driven through the services to `state`."""
    review = voted_review(office, people)
    proposal = services.review_submit(actor=None, review=review)
    path = {
        S.DRAFT: [],
        S.SUBMITTED: ["submit"],
        S.RETURNED: ["submit", "return"],
        S.RESUBMITTED: ["submit", "return", "resubmit"],
        S.ACCEPTED: ["submit", "accept"],
        S.WITHDRAWN: ["withdraw"],
    }[state]
    for action in path:
        proposal = services.proposal_transition(
            actor=None, proposal=proposal, action=action, reason="Bổ sung báo cáo thành tích"
        )
    return proposal


def matrix_objects(office, people, users) -> dict:
    """Objects for the permission matrix: a submitted review of QH, its proposal (submitted)
    with one attachment."""
    review = voted_review(office, people)
    proposal = services.review_submit(actor=None, review=review)
    nominee = proposal.nominees.get()
    attachment = services.attachment_add(
        actor=None, proposal=proposal, kind="achievement_report", upload=pdf(), nominee=nominee
    )
    proposal = services.proposal_transition(actor=None, proposal=proposal, action="submit")
    return {
        "REVIEW": review.pk,
        "PROPOSAL": proposal.pk,
        "NOMINEE": nominee.pk,
        "ATTACHMENT": attachment.pk,
    }
