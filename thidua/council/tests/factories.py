"""Builders for council tests: an accepted proposal of QH on the agenda, a session of the
office VP (members: the head as chair, the council member and the union representative), and
helpers that drive it through the services."""

import datetime as dt

from conftest import make_person
from thidua.council import services
from thidua.council.models import CouncilSession
from thidua.reviews.models import Nominee, ProposalStatus
from thidua.reviews.tests.factories import proposal_in

HELD_ON = dt.date.today()


def accepted_proposal(office, people, extra=()):
    """The accepted proposal of QH: P04 for LĐTT, plus `extra` (staff code, name, title)
    nominees of people created in QH."""
    proposal = proposal_in(office, people, ProposalStatus.ACCEPTED)
    for order, (code, name, title) in enumerate(extra, start=1):
        person = make_person(code, name, office["QH"])
        Nominee.objects.create(
            proposal=proposal, person=person, title_code=title, eligible=True, order=order
        )
    return proposal


def open_session(office, people, extra=(), actor=None) -> CouncilSession:
    accepted_proposal(office, people, extra)
    return services.session_create(
        actor=actor,
        agency=office["VP"],
        year=HELD_ON.year,
        held_on=HELD_ON,
        place="Phòng họp số 1",
        secretary_name="Phạm Thị Ngọc Lan",
    )


def member(session, user):
    return session.members.get(user=user)


def papers(session, *answers):
    """Ballot papers from per-item answers: papers(s, "yy", "yn") → two papers, item by item."""
    ids = [str(i.pk) for i in session.items.order_by("order", "id")]
    return [
        {key: ("yes" if a == "y" else "no") for key, a in zip(ids, paper, strict=True)}
        for paper in answers
    ]


def voted_session(office, people, users, answers=None, extra=()):
    """A session whose three members all cast (head, council member, union rep) and whose
    ballot is closed. `answers`: one string per member, one letter per item (y/n)."""
    session = open_session(office, people, extra)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    count = session.items.count()
    answers = answers or ["y" * count] * 3
    for persona, paper in zip(
        ["head", "council_member", "union_rep"], papers(session, *answers), strict=False
    ):
        services.ballot_cast(actor=users[persona], ballot=ballot, choices=paper)
    services.ballot_close(actor=users["secretariat"], session=session)
    session.refresh_from_db()
    return session
