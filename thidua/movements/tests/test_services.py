"""The movement's rules: drafting, launching with a number, phases, targets, registration."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent, Notification
from thidua.decisions.models import RegisteredNumber
from thidua.movements import services
from thidua.movements.models import MovementStatus, Registration

from .factories import YEAR, draft_movement, launched_movement

pytestmark = pytest.mark.usefixtures("module_world")


@pytest.fixture
def draft(office, people):
    return draft_movement(office["VP"])


@pytest.fixture
def launched(office, people):
    return launched_movement(office["VP"])[0]


def _state():
    return (
        AuditEvent.objects.count(),
        Registration.objects.count(),
        RegisteredNumber.objects.count(),
    )


# Launch ------------------------------------------------------------------------------------


def test_launch_issues_the_next_number_of_the_year(draft, users):
    movement = services.movement_transition(
        actor=users["secretariat"], movement=draft, action="launch"
    )
    assert movement.status == MovementStatus.LAUNCHED
    assert movement.number_code == "01/KH-VP"
    assert movement.transitions.get().to_status == MovementStatus.LAUNCHED
    assert verify_chain() is None


def test_launch_records_a_given_paper_number_and_refuses_it_twice(office, people, users):
    first = draft_movement(office["VP"])
    services.movement_transition(
        actor=users["secretariat"], movement=first, action="launch", number=114
    )
    assert first.__class__.objects.get(pk=first.pk).number_code == "114/KH-VP"
    thematic = draft_movement(
        office["VP"], kind="thematic", parent=first, title="Đợt thi đua chào mừng bầu cử"
    )
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.movement_transition(
            actor=users["secretariat"], movement=thematic, action="launch", number=114
        )
    assert "114/KH-VP" in str(error.value) and "đã được cấp" in str(error.value)
    assert _state() == before
    thematic.refresh_from_db()
    assert thematic.status == MovementStatus.DRAFT


@pytest.mark.parametrize(
    "persona", ["staff", "division_head", "council_member", "union_rep", "other_agency"]
)
def test_launch_refused_for_wrong_roles_changes_nothing(draft, users, persona):
    before = _state()
    with pytest.raises(PermissionDenied):
        services.movement_transition(actor=users[persona], movement=draft, action="launch")
    draft.refresh_from_db()
    assert draft.status == MovementStatus.DRAFT and _state() == before


def test_launch_needs_phases_and_signer(office, users):
    movement = services.movement_create(
        actor=users["secretariat"],
        agency=office["VP"],
        year=YEAR,
        kind="regular",
        title="Kế hoạch",
        governing_body="X",
        issuing_body="VĂN PHÒNG",
        issuer_code="VP",
        place="Đồng Tháp",
        signer_position="CHÁNH VĂN PHÒNG",
        signer_name="",
    )
    with pytest.raises(ValidationError) as error:
        services.movement_transition(actor=users["head"], movement=movement, action="launch")
    assert error.value.messages == [
        "Kế hoạch chưa có giai đoạn thi đua.",
        "Chưa có họ tên người ký.",
    ]


def test_transitions_follow_the_table(launched, users):
    with pytest.raises(ValidationError):
        services.movement_transition(actor=users["head"], movement=launched, action="launch")
    closed = services.movement_transition(actor=users["head"], movement=launched, action="close")
    assert closed.status == MovementStatus.CLOSED
    with pytest.raises(ValidationError):
        services.movement_transition(actor=users["head"], movement=closed, action="close")


def test_plan_cannot_be_edited_after_launch(launched, users):
    with pytest.raises(ValidationError):
        services.movement_update(actor=users["secretariat"], movement=launched, title="Khác")


# Phases and targets ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("phases", "message"),
    [
        ([("GĐ 1", (1, 1), (7, 1)), ("GĐ 2", (7, 1), (12, 31))], "trùng thời gian"),
        ([("GĐ 1", (3, 1), (2, 1))], "ngày kết thúc trước ngày bắt đầu"),
        ([("GĐ 1", (1, 1), (12, 31)), ("GĐ 2", (12, 31), (12, 31))], "trùng thời gian"),
    ],
    ids=["overlap-one-day", "reversed", "same-last-day"],
)
def test_phases_must_not_overlap(draft, users, phases, message):
    data = [
        {"name": n, "starts_on": dt.date(YEAR, *a), "ends_on": dt.date(YEAR, *b), "description": ""}
        for n, a, b in phases
    ]
    with pytest.raises(ValidationError) as error:
        services.phases_set(actor=users["secretariat"], movement=draft, phases=data)
    assert message in " ".join(error.value.messages)
    assert draft.phases.count() == 2


def test_phase_outside_the_year_is_refused(draft, users):
    with pytest.raises(ValidationError) as error:
        services.phases_set(
            actor=users["secretariat"],
            movement=draft,
            phases=[
                {
                    "name": "GĐ 1",
                    "starts_on": dt.date(YEAR - 1, 12, 1),
                    "ends_on": dt.date(YEAR, 6, 30),
                    "description": "",
                }
            ],
        )
    assert "phải nằm trong thời gian của phong trào" in error.value.messages[0]


def test_adjacent_phases_are_accepted(draft, users):
    services.phases_set(
        actor=users["secretariat"],
        movement=draft,
        phases=[
            {
                "name": "GĐ 1",
                "starts_on": dt.date(YEAR, 1, 1),
                "ends_on": dt.date(YEAR, 6, 30),
                "description": "",
            },
            {
                "name": "GĐ 2",
                "starts_on": dt.date(YEAR, 7, 1),
                "ends_on": dt.date(YEAR, 12, 31),
                "description": "",
            },
        ],
    )
    assert [p.name for p in draft.phases.all()] == ["GĐ 1", "GĐ 2"]


def test_target_title_must_suit_the_subject(draft, users):
    with pytest.raises(ValidationError) as error:
        services.targets_set(
            actor=users["secretariat"],
            movement=draft,
            targets=[
                {
                    "subject": "individual",
                    "title_code": "TTLDXS",
                    "percent": Decimal(50),
                    "base": "participants",
                    "strength": "aim",
                    "phase": None,
                }
            ],
        )
    assert "Tập thể lao động xuất sắc" in error.value.messages[0]
    assert draft.targets.count() == 3


# Registration ------------------------------------------------------------------------------


def test_staff_registers_and_changes_own_title_keeping_history(launched, users, people):
    first = services.registration_set(
        actor=users["staff"], movement=launched, person=people["staff"], title_code="LDTT"
    )
    second = services.registration_set(
        actor=users["staff"], movement=launched, person=people["staff"], title_code="CSTDCS"
    )
    first.refresh_from_db()
    assert first.superseded_at is not None and second.superseded_at is None
    assert Registration.objects.filter(person=people["staff"]).count() == 2
    event = AuditEvent.objects.filter(action="registration.set").first()  # newest
    assert event.before == {"title": "LDTT"} and event.after["title"] == "CSTDCS"


def test_same_title_again_writes_nothing(launched, users, people):
    services.registration_set(
        actor=users["staff"], movement=launched, person=people["staff"], title_code="LDTT"
    )
    before = _state()
    services.registration_set(
        actor=users["staff"], movement=launched, person=people["staff"], title_code="LDTT"
    )
    assert _state() == before


@pytest.mark.parametrize(
    ("subject", "title", "message"),
    [
        ("person", "TTLDTT", "Cá nhân không thể đăng ký danh hiệu “Tập thể lao động tiên tiến”"),
        ("person", "BK_TINH", "Cá nhân không thể đăng ký danh hiệu"),
        ("unit", "LDTT", "Tập thể không thể đăng ký danh hiệu “Lao động tiên tiến”"),
    ],
    ids=["person-collective-title", "person-award-not-title", "unit-individual-title"],
)
def test_title_the_subject_cannot_hold_is_refused(
    launched, users, people, office, subject, title, message
):
    target = {"person": people["staff"]} if subject == "person" else {"unit": office["QH"]}
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.registration_set(
            actor=users["secretariat"], movement=launched, title_code=title, **target
        )
    assert message in str(error.value)
    assert _state() == before


@pytest.mark.parametrize(
    ("persona", "subject_key", "allowed"),
    [
        ("staff", "staff", True),
        ("staff", "nd_staff", False),
        ("division_head", "staff", True),  # QH head for a QH member
        ("division_head", "nd_staff", False),  # ... not for a member of ND
        ("secretariat", "nd_staff", True),
        ("council_member", "staff", False),
        ("other_agency", "staff", False),
    ],
    ids=[
        "self",
        "staff-for-colleague",
        "head-own-division",
        "head-other-division",
        "secretariat-anyone",
        "council-member",
        "other-agency",
    ],
)
def test_who_may_register_a_person(launched, users, people, persona, subject_key, allowed):
    before = _state()
    if allowed:
        services.registration_set(
            actor=users[persona], movement=launched, person=people[subject_key], title_code="LDTT"
        )
        assert Registration.objects.filter(person=people[subject_key]).count() == 1
    else:
        with pytest.raises(PermissionDenied):
            services.registration_set(
                actor=users[persona],
                movement=launched,
                person=people[subject_key],
                title_code="LDTT",
            )
        assert _state() == before


@pytest.mark.parametrize(
    ("persona", "unit_code", "allowed"),
    [
        ("division_head", "QH", True),
        ("division_head", "ND", False),
        ("staff", "QH", False),
        ("secretariat", "ND", True),
    ],
    ids=["head-own", "head-other", "staff", "secretariat"],
)
def test_who_may_register_a_division(launched, users, office, persona, unit_code, allowed):
    call = {
        "actor": users[persona],
        "movement": launched,
        "unit": office[unit_code],
        "title_code": "TTLDXS",
    }
    if allowed:
        assert services.registration_set(**call).unit == office[unit_code]
    else:
        with pytest.raises(PermissionDenied):
            services.registration_set(**call)
        assert not Registration.objects.exists()


def test_registration_closes_after_the_deadline_and_reopens_with_a_reason(launched, users, people):
    launched.registration_deadline = dt.date.today() - dt.timedelta(days=1)
    launched.save()
    with pytest.raises(ValidationError) as error:
        services.registration_set(
            actor=users["staff"], movement=launched, person=people["staff"], title_code="LDTT"
        )
    assert "hết hạn đăng ký" in str(error.value)
    with pytest.raises(ValidationError):
        services.registration_reopen(
            actor=users["secretariat"], movement=launched, until=dt.date.today(), reason="  "
        )
    with pytest.raises(PermissionDenied):
        services.registration_reopen(
            actor=users["division_head"], movement=launched, until=dt.date.today(), reason="Bổ sung"
        )
    services.registration_reopen(
        actor=users["secretariat"],
        movement=launched,
        until=dt.date.today(),
        reason="Cán bộ đi công tác về muộn",
    )
    assert services.registration_set(
        actor=users["staff"], movement=launched, person=people["staff"], title_code="LDTT"
    )
    event = AuditEvent.objects.get(action="registration.reopen")
    assert event.reason == "Cán bộ đi công tác về muộn"


def test_deadline_day_itself_is_open(launched):
    launched.registration_deadline = dt.date(YEAR, 2, 28)
    assert services.registration_open(launched, dt.date(YEAR, 2, 28))
    assert not services.registration_open(launched, dt.date(YEAR, 3, 1))


def test_draft_movement_takes_no_registration(draft, users, people):
    with pytest.raises(ValidationError):
        services.registration_set(
            actor=users["staff"], movement=draft, person=people["staff"], title_code="LDTT"
        )


def test_reminders_reach_the_unregistered(launched, users, people, office):
    from thidua.movements.selectors import registration_completeness

    services.registration_set(
        actor=users["staff"], movement=launched, person=people["staff"], title_code="LDTT"
    )
    rows = registration_completeness(launched)
    missing = [p for r in rows for p in r.missing]
    assert people["staff"] not in missing and people["nd_staff"] in missing
    sent = services.registration_remind(
        actor=users["secretariat"],
        movement=launched,
        people=missing,
        units=[r.unit for r in rows if not r.collective_registration],
    )
    assert sent == Notification.objects.count() > 0
    assert not Notification.objects.filter(user=users["staff"]).exists()
    assert Notification.objects.filter(user=users["council_member"]).exists()
    assert Notification.objects.filter(
        user=users["division_head"], message__contains="chưa đăng ký danh hiệu tập thể"
    ).exists()


def test_untouched_spare_target_rows_are_skipped(client_for, draft):
    """The targets page offers spare rows; leaving them blank must not block saving."""
    services.targets_set(actor=None, movement=draft, targets=[])
    data = {
        "target-TOTAL_FORMS": "3",
        "target-INITIAL_FORMS": "0",
        "target-MIN_NUM_FORMS": "0",
        "target-MAX_NUM_FORMS": "1000",
        "target-0-subject": "individual",
        "target-0-title_code": "LDTT",
        "target-0-percent": "95",
        "target-0-base": "participants",
        "target-0-strength": "must",
        "target-0-phase": "",
    }
    for index in (1, 2):
        data.update(
            {
                f"target-{index}-{f}": ""
                for f in ("subject", "title_code", "percent", "base", "strength", "phase")
            }
        )
    response = client_for("secretariat").post(f"/phong-trao/{draft.pk}/chi-tieu/", data)
    assert response.status_code == 302
    assert [(t.title_code, t.percent) for t in draft.targets.all()] == [("LDTT", Decimal(95))]
