"""The workflow table: every (state, action) pair is either a transition of TRANSITIONS, taken by
the roles it names, or refused with nothing changed."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from conftest import PERSONAS
from thidua.core.models import AuditEvent
from thidua.initiatives import council, services
from thidua.initiatives.models import InitiativeStatus, InitiativeTransition

from .factories import TODAY, initiative_in

pytestmark = pytest.mark.usefixtures("module_world")

S = InitiativeStatus
PAIRS = [(state, action) for state in S.values for action in services.ACTIONS]
ALLOWED_PERSONAS = {
    services.AUTHOR: {"staff"},
    "secretariat": {"secretariat"},
    "admin": {"admin"},
    "head": {"head"},
}


def allowed_personas(roles) -> set[str]:
    personas = set()
    for role in roles:
        personas |= ALLOWED_PERSONAS.get(role, set())
    return personas


def snapshot(initiative):
    initiative.refresh_from_db()
    return (
        initiative.status,
        InitiativeTransition.objects.filter(initiative=initiative).count(),
        AuditEvent.objects.count(),
    )


def test_the_table_is_what_the_issue_asks():
    assert {(k[0].value, k[1]): v[0].value for k, v in services.TRANSITIONS.items()} == {
        ("draft", "submit"): "submitted",
        ("draft", "withdraw"): "withdrawn",
        ("submitted", "return"): "returned",
        ("submitted", "review"): "under_review",
        ("submitted", "withdraw"): "withdrawn",
        ("returned", "resubmit"): "resubmitted",
        ("returned", "withdraw"): "withdrawn",
        ("resubmitted", "return"): "returned",
        ("resubmitted", "review"): "under_review",
        ("resubmitted", "withdraw"): "withdrawn",
        ("under_review", "recognise"): "recognised",
        ("under_review", "reject"): "not_recognised",
    }


def _take(initiative, action, user):
    if action == "review":
        the_council = council.council_save(
            actor=None,
            agency=initiative.agency,
            year=initiative.year,
            issuing_body="Văn phòng",
        )
        council.session_open(
            actor=user, council=the_council, held_on=TODAY, initiatives=[initiative]
        )
    elif action == "recognise":
        item = initiative.session_items.get()
        council.recognition_decide(
            actor=user, session=item.session, initiatives=[initiative], issued_on=TODAY
        )
    else:
        services.initiative_transition(
            actor=user, initiative=initiative, action=action, reason="Lý do ghi trong biên bản"
        )
    initiative.refresh_from_db()
    return initiative


@pytest.mark.parametrize(("state", "action"), PAIRS, ids=[f"{s}-{a}" for s, a in PAIRS])
def test_every_pair(office, people, users, state, action):
    initiative = initiative_in(state, office, people, users)
    if (state, action) in services.TRANSITIONS:
        next_state, roles = services.TRANSITIONS[(state, action)]
        persona = sorted(allowed_personas(roles))[0]
        before = snapshot(initiative)
        initiative = _take(initiative, action, users[persona])
        assert initiative.status == next_state
        last = initiative.transitions.last()
        assert (last.action, last.from_status, last.to_status) == (action, state, next_state)
        assert last.actor == users[persona]
        assert AuditEvent.objects.filter(action=f"initiative.{action}").exists()
        assert snapshot(initiative)[1] == before[1] + 1
    else:
        before = snapshot(initiative)
        with pytest.raises(ValidationError, match="Không thể"):
            services.initiative_transition(
                actor=None, initiative=initiative, action=action, reason="x"
            )
        assert snapshot(initiative) == before


REFUSALS = [
    (state, action, persona)
    for (state, action), (_next, roles) in services.TRANSITIONS.items()
    for persona in PERSONAS
    if persona not in allowed_personas(roles)
]


@pytest.mark.parametrize(
    ("state", "action", "persona"),
    REFUSALS,
    ids=[f"{s}-{a}-{p}" for s, a, p in REFUSALS],
)
def test_wrong_role_is_refused_and_nothing_changes(office, people, users, state, action, persona):
    initiative = initiative_in(state, office, people, users)
    before = snapshot(initiative)
    with pytest.raises(PermissionDenied):
        services.initiative_transition(
            actor=users[persona], initiative=initiative, action=action, reason="x"
        )
    assert snapshot(initiative) == before


@pytest.mark.parametrize("action", ["return", "reject"])
def test_return_and_reject_need_a_reason(office, people, users, action):
    state = S.SUBMITTED if action == "return" else S.UNDER_REVIEW
    initiative = initiative_in(state, office, people, users)
    before = snapshot(initiative)
    with pytest.raises(ValidationError, match="Cần ghi lý do"):
        services.initiative_transition(
            actor=None, initiative=initiative, action=action, reason="  "
        )
    assert snapshot(initiative) == before


def test_review_only_through_a_session(office, people, users):
    initiative = initiative_in(S.SUBMITTED, office, people, users)
    before = snapshot(initiative)
    with pytest.raises(ValidationError, match="phiên họp"):
        services.initiative_transition(
            actor=users["secretariat"], initiative=initiative, action="review"
        )
    assert snapshot(initiative) == before


def test_recognise_only_by_decision_after_a_passed_review(office, people, users):
    initiative = initiative_in(S.UNDER_REVIEW, office, people, users)
    before = snapshot(initiative)
    with pytest.raises(ValidationError, match="quyết định"):
        services.initiative_transition(
            actor=users["head"], initiative=initiative, action="recognise"
        )
    assert snapshot(initiative) == before


def test_co_author_may_act_as_author(office, people, users):
    from decimal import Decimal

    from .factories import draft

    initiative = draft(
        people, authors=[(people["staff"], Decimal(60)), (people["secretariat"], Decimal(40))]
    )
    services.initiative_transition(
        actor=users["secretariat"], initiative=initiative, action="submit"
    )
    initiative.refresh_from_db()
    assert initiative.status == S.SUBMITTED
