"""Permission-matrix rows of the council (see thidua/tests/test_permission_matrix.py).

Readers of a session: the secretariat and the head of the agency, and the session's members
(the council members; the head is also the chair). The ballot paper: members only. The public
posting: every member of staff of the agency. The POST-only actions are refused (403, nothing
changed) in test_views.py."""

import datetime as dt

from conftest import PERSONAS

# Last year's session: the upward dossiers' matrix objects read this year's council session.
YEAR = dt.date.today().year - 1

ALL = set(PERSONAS)
OWN_AGENCY = ALL - {"other_agency"}
SESSION_READERS = {"head", "secretariat", "council_member", "union_rep"}
MEMBERS = {"head", "council_member", "union_rep"}

MATRIX = {
    "council:index": ({}, ALL),
    # The secretariat of SNV may open sessions of its own agency.
    "council:session_create": ({}, {"secretariat", "other_agency"}),
    "council:session": ({"pk": "COUNCIL_SESSION"}, SESSION_READERS),
    "council:ballot": ({"pk": "COUNCIL_SESSION"}, MEMBERS),
    "council:minutes": ({"pk": "COUNCIL_SESSION", "fmt": "docx"}, SESSION_READERS),
    "council:posting": ({"pk": "COUNCIL_SESSION"}, OWN_AGENCY),
}
POST_ONLY = {
    "council:attendance",
    "council:ballot_open",
    "council:ballot_written",
    "council:ballot_close",
    "council:ballot_close_early",
    "council:quota_resolve",
    "council:posting_start",
    "council:decision_draft",
    "council:objection_lodge",
    "council:objection_answer",
}


def accepted_ad_hoc(office, people):
    """An accepted ad-hoc proposal of ND (Giấy khen for P07) of YEAR, independent of the QH
    review the other matrix objects create."""
    from thidua.reviews import services as reviews
    from thidua.reviews.tests.factories import pdf

    proposal = reviews.proposal_create_ad_hoc(
        actor=None,
        division=office["ND"],
        year=YEAR,
        reason="Hoàn thành xuất sắc nhiệm vụ đột xuất",
        nominees=[(people["nd_staff"], None, "GIAY_KHEN")],
    )
    reviews.attachment_add(
        actor=None,
        proposal=proposal,
        kind="achievement_report",
        upload=pdf(),
        nominee=proposal.nominees.get(),
    )
    for action in ("submit", "accept"):
        proposal = reviews.proposal_transition(actor=None, proposal=proposal, action=action)
    return proposal


def posted_session(office, people, users):
    """A session of VP over the accepted proposals, all three members cast yes, closed and
    posted today."""
    from thidua.council import services

    accepted_ad_hoc(office, people)
    session = services.session_create(
        actor=None,
        agency=office["VP"],
        year=YEAR,
        held_on=dt.date.today(),
        place="Phòng họp số 1",
    )
    ballot = services.ballot_open(actor=None, session=session)
    paper = {str(i.pk): "yes" for i in session.items.all()}
    for persona in ("head", "council_member", "union_rep"):
        services.ballot_cast(actor=users[persona], ballot=ballot, choices=paper)
    services.ballot_close(actor=None, session=session)
    return services.posting_start(actor=None, session=session)


def objects(office, people, users) -> dict:
    return {"COUNCIL_SESSION": posted_session(office, people, users).pk}
