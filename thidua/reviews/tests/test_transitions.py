"""The proposal's transition table: every allowed move by every role, every refused one (wrong
role, wrong scope, wrong state, missing reason) changes nothing."""

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent, Notification
from thidua.reviews import services
from thidua.reviews.models import ProposalStatus, ProposalTransition

from .factories import proposal_in

pytestmark = pytest.mark.usefixtures("module_world")

S = ProposalStatus
ROLES_BY_PERSONA = {
    "division_head": services.DIVISION,  # head of QH, the proposal's division
    "secretariat": services.SECRETARIAT,
}
PERSONAS = [
    "head",
    "secretariat",
    "division_head",
    "nd_head",
    "staff",
    "council_member",
    "union_rep",
    "admin",
    "other_agency",
]


def snapshot(proposal):
    proposal.refresh_from_db()
    return (
        proposal.status,
        proposal.agenda,
        proposal.accepted_on,
        proposal.submitted_at,
        ProposalTransition.objects.count(),
        AuditEvent.objects.count(),
        Notification.objects.count(),
    )


MOVES = [
    (state, action, persona)
    for (state, action), (_next, roles) in services.TRANSITIONS.items()
    for persona in PERSONAS
]


@pytest.mark.parametrize(
    ("state", "action", "persona"), MOVES, ids=[f"{s}-{a}-by-{p}" for s, a, p in MOVES]
)
def test_every_move_by_every_persona(office, people, actors, state, action, persona):
    proposal = proposal_in(office, people, state)
    next_status, roles = services.TRANSITIONS[(state, action)]
    allowed = ROLES_BY_PERSONA.get(persona) == roles
    before = snapshot(proposal)
    if allowed:
        result = services.proposal_transition(
            actor=actors[persona], proposal=proposal, action=action, reason="Thiếu minh chứng"
        )
        assert result.status == next_status
        row = ProposalTransition.objects.latest("id")
        assert (row.action, row.from_status, row.to_status, row.actor) == (
            action,
            state,
            next_status,
            actors[persona],
        )
        event = AuditEvent.objects.filter(action=f"proposal.{action}").latest("seq")
        assert event.before == {"status": state}
        assert event.after["status"] == next_status
    else:
        with pytest.raises(PermissionDenied):
            services.proposal_transition(
                actor=actors[persona], proposal=proposal, action=action, reason="Thiếu minh chứng"
            )
        assert snapshot(proposal) == before


ALL_ACTIONS = services.ACTIONS
WRONG_STATE = [
    (state, action)
    for state in S.values
    for action in ALL_ACTIONS
    if (state, action) not in services.TRANSITIONS
]


@pytest.mark.parametrize(("state", "action"), WRONG_STATE, ids=[f"{s}-{a}" for s, a in WRONG_STATE])
def test_moves_outside_the_table_are_refused_and_change_nothing(office, people, state, action):
    proposal = proposal_in(office, people, state)
    before = snapshot(proposal)
    with pytest.raises(ValidationError, match="Không thể"):
        services.proposal_transition(actor=None, proposal=proposal, action=action, reason="x")
    assert snapshot(proposal) == before


@pytest.mark.parametrize("state", [S.SUBMITTED, S.RESUBMITTED])
def test_return_needs_a_reason(office, people, users, state):
    proposal = proposal_in(office, people, state)
    before = snapshot(proposal)
    with pytest.raises(ValidationError) as error:
        services.proposal_transition(
            actor=users["secretariat"], proposal=proposal, action="return", reason="   "
        )
    assert "reason" in error.value.message_dict
    assert snapshot(proposal) == before


def test_not_eligible_nominee_needs_a_justification_before_submitting(office, people, users):
    proposal = proposal_in(office, people, S.DRAFT)
    nominee = proposal.nominees.get()
    nominee.eligible = False  # as if the records had changed the engine's verdict
    nominee.save()
    before = snapshot(proposal)
    with pytest.raises(ValidationError, match="cần giải trình"):
        services.proposal_transition(
            actor=users["division_head"], proposal=proposal, action="submit"
        )
    assert snapshot(proposal) == before
    services.nominee_justify(
        actor=users["division_head"],
        nominee=nominee,
        justification="Có thành tích đột xuất trong kỳ họp HĐND.",
    )
    proposal = services.proposal_transition(
        actor=users["division_head"], proposal=proposal, action="submit"
    )
    assert proposal.status == S.SUBMITTED


def test_accept_marks_the_agenda(office, people, users):
    proposal = proposal_in(office, people, S.SUBMITTED)
    proposal = services.proposal_transition(
        actor=users["secretariat"], proposal=proposal, action="accept", agenda="Phiên họp tháng 12"
    )
    assert proposal.agenda == "Phiên họp tháng 12"
    assert proposal.accepted_on is not None


def test_hand_offs_notify_in_the_app_and_by_mail(
    office, people, users, django_capture_on_commit_callbacks
):
    users["secretariat"].email = "lan@example.vn"
    users["secretariat"].save()
    users["division_head"].email = "tung@example.vn"
    users["division_head"].save()
    proposal = proposal_in(office, people, S.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(
            actor=users["division_head"], proposal=proposal, action="submit"
        )
    note = Notification.objects.get(user=users["secretariat"])
    assert "Phòng Công tác Quốc hội đã gửi Hội đồng" in note.message
    assert note.url == f"/binh-xet/ho-so/{proposal.pk}/"
    assert [m.to for m in mail.outbox] == [["lan@example.vn"]]
    assert not Notification.objects.filter(user=users["head"]).exists()

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(
            actor=users["secretariat"],
            proposal=proposal,
            action="return",
            reason="Thiếu báo cáo thành tích",
        )
    note = Notification.objects.filter(user=users["division_head"]).latest("id")
    assert "bị trả lại: Thiếu báo cáo thành tích" in note.message
    assert mail.outbox[-1].to == ["tung@example.vn"]
    assert "Thiếu báo cáo thành tích" in mail.outbox[-1].body

    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(
            actor=users["division_head"], proposal=proposal, action="resubmit"
        )
        services.proposal_transition(actor=users["secretariat"], proposal=proposal, action="accept")
    assert Notification.objects.filter(user=users["secretariat"]).count() == 2
    accepted = Notification.objects.filter(user=users["division_head"]).latest("id")
    assert "đã được tiếp nhận" in accepted.message
    assert len(mail.outbox) == 4


def test_no_mail_without_an_address(office, people, users, django_capture_on_commit_callbacks):
    proposal = proposal_in(office, people, S.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        services.proposal_transition(
            actor=users["division_head"], proposal=proposal, action="submit"
        )
    assert Notification.objects.filter(user=users["secretariat"]).count() == 1
    assert mail.outbox == []
