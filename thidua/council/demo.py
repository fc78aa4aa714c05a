"""The demo office's year-end council agenda (loaded by ``manage.py seed_demo``): each
collective division of VP-DT holds its 2021 year review (everyone present, unanimous approval
for the candidates the rules engine finds eligible), sends its proposal and the secretariat
accepts it for the council. The council members are the demo logins with the council member
role (chanhvp chairs; hoidong, thuongtruc, truongphong, congdoan vote). The session itself is
left for the demo: the secretariat (thuongtruc) opens it at /hoi-dong/. Idempotent."""

import datetime as dt

from thidua.movements.models import Movement
from thidua.org.models import Membership, Unit, UnitKind
from thidua.reviews import services as reviews
from thidua.reviews.models import Proposal, Review

AGENCY_CODE = "VP-DT"
YEAR = 2021
HELD_ON = dt.date(2021, 12, 15)


def _chair_and_secretary(division) -> dict:
    members = list(
        Membership.objects.filter(unit=division, end_date__isnull=True)
        .select_related("person")
        .order_by("person__staff_code")
    )
    heads = [m for m in members if m.position.lower().startswith("trưởng phòng")]
    chair = (heads or members)[0].person.full_name if members else "Trưởng phòng"
    others = [m.person.full_name for m in members if m.person.full_name != chair]
    return {"chair_name": chair, "secretary_name": others[0] if others else chair}


def load_demo_council() -> int:
    """Accepted 2021 proposals of the demo divisions; returns how many were added."""
    agency = Unit.objects.filter(code=AGENCY_CODE).first()
    movement = (
        Movement.objects.filter(agency=agency, year=YEAR, kind="regular").first()
        if agency
        else None
    )
    if movement is None:
        return 0
    added = 0
    divisions = Unit.objects.filter(
        parent=agency, kind=UnitKind.DIVISION, is_collective=True
    ).order_by("order", "code")
    for division in divisions:
        if Review.objects.filter(division=division, movement=movement, phase=None).exists():
            continue
        review = reviews.review_open(
            actor=None,
            division=division,
            movement=movement,
            phase=None,
            held_on=HELD_ON,
            place=f"Phòng họp {division.short_name or division.name}",
            # Real names under the signatures of the minutes: the division's head chairs,
            # another member takes the minutes.
            **_chair_and_secretary(division),
        )
        present = [a.person_id for a in review.attendance.all()]
        votes = {c.pk: len(present) for c in review.candidates.all() if c.eligible}
        if not votes:
            continue
        reviews.review_record(actor=None, review=review, present_ids=present, votes=votes)
        proposal = reviews.review_submit(actor=None, review=review)
        if proposal is None:
            continue
        for action in ("submit", "accept"):
            proposal = reviews.proposal_transition(
                actor=None,
                proposal=proposal,
                action=action,
                agenda="Phiên họp Hội đồng Thi đua - Khen thưởng cuối năm 2021",
            )
        added += 1
    return added


def accepted_count() -> int:
    return Proposal.objects.filter(agency__code=AGENCY_CODE, year=YEAR, status="accepted").count()
