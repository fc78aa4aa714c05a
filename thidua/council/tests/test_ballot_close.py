"""Closing a ballot never makes one paper readable (issue 19, point 2). Before, the secretariat
could close after a single vote and the tally was that member's paper. Now closing needs every
present member's paper; before that only the chair may close, with a written reason that is
audited, once the quorum has cast; and a ballot of fewer than two papers is never counted."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.council import services
from thidua.council.models import Ballot, BallotStatus, SessionStatus
from thidua.decisions.models import RegisteredNumber

from .factories import open_session, papers


def _state(session):
    ballot = Ballot.objects.get(session=session)
    session.refresh_from_db()
    return (
        ballot.status,
        ballot.tally,
        ballot.paper_count,
        session.status,
        list(session.items.values_list("approvals", "passed")),
        RegisteredNumber.objects.count(),
        AuditEvent.objects.filter(action="ballot.close").count(),
    )


def _open(office, people, users, cast_by=("head",)):
    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    (paper,) = papers(session, "y")
    for persona in cast_by:
        services.ballot_cast(actor=users[persona], ballot=ballot, choices=paper)
    return session


def test_secretariat_cannot_close_after_one_vote(office, people, users):
    session = _open(office, people, users, cast_by=["head"])
    before = _state(session)
    with pytest.raises(ValidationError, match="Còn 2 thành viên có mặt chưa bỏ phiếu"):
        services.ballot_close(actor=users["secretariat"], session=session)
    assert _state(session) == before
    assert before[0] == BallotStatus.OPEN and before[1] is None


def test_secretariat_cannot_close_while_a_present_member_has_not_cast(office, people, users):
    session = _open(office, people, users, cast_by=["head", "council_member"])
    before = _state(session)
    with pytest.raises(ValidationError, match="Huỳnh Thị Kim Oanh"):
        services.ballot_close(actor=users["secretariat"], session=session)
    assert _state(session) == before


def test_closing_once_every_present_member_has_cast(office, people, users):
    session = _open(office, people, users, cast_by=["head", "council_member", "union_rep"])
    services.ballot_close(actor=users["secretariat"], session=session)
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    assert session.ballot.paper_count == 3


def test_chair_closes_early_with_quorum_and_a_reason_audited(office, people, users):
    session = _open(office, people, users, cast_by=["head", "council_member"])
    services.ballot_close(
        actor=users["head"], session=session, early_reason="Thành viên phải đi công tác gấp."
    )
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED and session.ballot.paper_count == 2
    event = AuditEvent.objects.get(action="ballot.close")
    assert event.actor == users["head"]
    assert event.reason == "Thành viên phải đi công tác gấp."
    assert event.after["early"] is True
    assert event.after["not_cast"] == ["Huỳnh Thị Kim Oanh"]


@pytest.mark.parametrize("persona", ["secretariat", "council_member", "admin", "other_agency"])
def test_only_the_chair_closes_early(office, people, users, persona):
    session = _open(office, people, users, cast_by=["head", "council_member"])
    before = _state(session)
    with pytest.raises(PermissionDenied):
        services.ballot_close(actor=users[persona], session=session, early_reason="Hết giờ")
    assert _state(session) == before


def test_chair_cannot_close_early_on_one_paper(office, people, users, settings):
    settings.THIDUA_COUNCIL_QUORUM = "1/3"  # even where one member is the quorum
    session = _open(office, people, users, cast_by=["council_member"])
    before = _state(session)
    with pytest.raises(ValidationError, match="Mới có 1 phiếu: cần ít nhất 2 phiếu"):
        services.ballot_close(actor=users["head"], session=session, early_reason="Hết giờ")
    assert _state(session) == before


def test_chair_cannot_close_early_below_the_quorum(office, people, users, settings):
    settings.THIDUA_COUNCIL_QUORUM = "3/3"
    session = _open(office, people, users, cast_by=["head", "council_member"])
    before = _state(session)
    with pytest.raises(ValidationError, match="cần ít nhất 3 phiếu"):
        services.ballot_close(actor=users["head"], session=session, early_reason="Hết giờ")
    assert _state(session) == before


def test_a_ballot_of_one_paper_is_never_counted(office, people, users):
    """Two present, one absent who does not write in: still, one cast is never a tally."""
    session = open_session(office, people)
    present = [m.pk for m in session.members.all() if m.user != users["union_rep"]]
    services.attendance_set(actor=users["secretariat"], session=session, present_ids=present)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    (paper,) = papers(session, "y")
    services.ballot_cast(actor=users["head"], ballot=ballot, choices=paper)
    before = _state(session)
    for actor, reason in ((users["secretariat"], ""), (users["head"], "Hết giờ")):
        with pytest.raises(ValidationError):
            services.ballot_close(actor=actor, session=session, early_reason=reason)
    assert _state(session) == before


def test_the_chair_sees_the_warning_and_closes_early_through_the_page(
    client_for, office, people, users
):
    session = _open(office, people, users, cast_by=["head", "council_member"])
    page = reverse("council:session", kwargs={"pk": session.pk})
    secretariat = client_for("secretariat").get(page).content.decode()
    assert "Huỳnh Thị Kim Oanh" in secretariat and "ket-thuc-som" not in secretariat
    response = client_for("secretariat").post(
        reverse("council:ballot_close", kwargs={"pk": session.pk}), follow=True
    )
    assert "Còn 1 thành viên có mặt chưa bỏ phiếu" in response.content.decode()
    assert Ballot.objects.get(session=session).status == BallotStatus.OPEN
    chair = client_for("head")
    html = chair.get(page).content.decode()
    assert "Cảnh báo: kết thúc sớm" in html
    url = reverse("council:ballot_close_early", kwargs={"pk": session.pk})
    response = chair.post(url, {"reason": ""}, follow=True)
    assert "Cần ghi lý do kết thúc bỏ phiếu sớm." in response.content.decode()
    assert Ballot.objects.get(session=session).status == BallotStatus.OPEN
    chair.post(url, {"reason": "Hết giờ họp"})
    assert Ballot.objects.get(session=session).status == BallotStatus.CLOSED
