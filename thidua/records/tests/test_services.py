"""Yearly records: versions instead of overwrites, withdrawals instead of deletes, refusals that
name the field, and role checks where every refusal changes nothing."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from thidua.core.models import AuditEvent
from thidua.decisions.models import Award
from thidua.records import selectors, services
from thidua.records.models import (
    CollectiveRecord,
    Discipline,
    Leave,
    PersonRating,
    ResearchTopic,
    Training,
)

pytestmark = pytest.mark.usefixtures("module_world")

YEAR = 2021


def snapshot():
    """Everything a records service may write, to prove a refusal changed nothing."""
    return {
        model.__name__: list(model.objects.order_by("pk").values())
        for model in (
            PersonRating,
            CollectiveRecord,
            Discipline,
            Leave,
            Training,
            ResearchTopic,
            Award,
            AuditEvent,
        )
    }


# --- Versioning ------------------------------------------------------------------------------


def test_rating_correction_supersedes_and_keeps_history(people, users):
    # Given a rating recorded by the secretariat
    person = people["staff"]
    first = services.record_rating_set(
        actor=users["secretariat"], person=person, year=YEAR, rating="HTTNV"
    )
    # When the administrator corrects it with a reason
    second = services.record_rating_set(
        actor=users["admin"], person=person, year=YEAR, rating="HTXSNV", reason="Nhập nhầm"
    )
    # Then the old version is superseded by the new one and both stay queryable
    first.refresh_from_db()
    assert first.superseded_at is not None
    assert first.superseded_by == second
    assert second.superseded_at is None
    assert second.reason == "Nhập nhầm"
    assert second.recorded_by == users["admin"]
    assert first.recorded_by == users["secretariat"]
    assert selectors.current_rating(person, YEAR) == second
    assert [r.rating for r in selectors.rating_history(person, YEAR)] == ["HTXSNV", "HTTNV"]
    event = AuditEvent.objects.filter(action="record.rating_correct").get()
    assert event.before == {"rating": "HTTNV"}
    assert event.after == {"person": "P04", "year": YEAR, "rating": "HTXSNV"}
    assert event.reason == "Nhập nhầm"
    assert event.actor_id == users["admin"].pk


@pytest.mark.parametrize("reason", ["", "   "], ids=["empty", "blank"])
def test_rating_correction_needs_a_reason(people, reason):
    person = people["staff"]
    services.record_rating_set(actor=None, person=person, year=YEAR, rating="HTTNV")
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        services.record_rating_set(
            actor=None, person=person, year=YEAR, rating="HTNV", reason=reason
        )
    assert error.value.message_dict == {"reason": ["Phải ghi lý do điều chỉnh."]}
    assert snapshot() == before


def test_setting_the_same_rating_changes_nothing(people):
    person = people["staff"]
    first = services.record_rating_set(actor=None, person=person, year=YEAR, rating="HTTNV")
    before = snapshot()
    again = services.record_rating_set(actor=None, person=person, year=YEAR, rating="HTTNV")
    assert again == first
    assert snapshot() == before


def test_ratings_of_different_years_are_independent(people):
    person = people["staff"]
    services.record_rating_set(actor=None, person=person, year=2020, rating="HTNV")
    services.record_rating_set(actor=None, person=person, year=YEAR, rating="HTXSNV")
    assert selectors.current_rating(person, 2020).rating == "HTNV"
    assert PersonRating.objects.filter(superseded_at__isnull=True).count() == 2


def test_database_allows_one_current_rating_per_person_year(people):
    person = people["staff"]
    services.record_rating_set(actor=None, person=person, year=YEAR, rating="HTTNV")
    with pytest.raises(IntegrityError), transaction.atomic():
        PersonRating.objects.create(person=person, year=YEAR, rating="HTNV")


def test_collective_record_correction_supersedes(office, users):
    qh = office["QH"]
    first = services.collective_record_set(
        actor=users["secretariat"],
        unit=qh,
        year=YEAR,
        rating="HTTNV",
        emulation_effective=True,
        solidarity=True,
    )
    with pytest.raises(ValidationError) as error:
        services.collective_record_set(
            actor=users["secretariat"],
            unit=qh,
            year=YEAR,
            rating="HTXSNV",
            emulation_effective=True,
            solidarity=True,
        )
    assert "reason" in error.value.message_dict
    second = services.collective_record_set(
        actor=users["secretariat"],
        unit=qh,
        year=YEAR,
        rating="HTXSNV",
        emulation_effective=True,
        solidarity=False,
        reason="Biên bản họp bình xét bổ sung",
    )
    first.refresh_from_db()
    assert first.superseded_by == second
    history = selectors.collective_record_history(qh, YEAR)
    assert [(r.rating, r.solidarity) for r in history] == [("HTXSNV", False), ("HTTNV", True)]


def test_collective_record_only_for_collective_divisions(office):
    office["HC"].is_collective = False
    office["HC"].save()
    for unit in (office["HC"], office["VP"]):
        with pytest.raises(ValidationError) as error:
            services.collective_record_set(
                actor=None,
                unit=unit,
                year=YEAR,
                rating="HTTNV",
                emulation_effective=True,
                solidarity=True,
            )
        assert "unit" in error.value.message_dict
    assert not CollectiveRecord.objects.exists()


# --- Facts in lists --------------------------------------------------------------------------


def test_withdrawn_discipline_is_kept_with_reason_and_actor(people, users):
    discipline = services.discipline_add(
        actor=users["secretariat"],
        person=people["staff"],
        form="khien_trach",
        decision_number="12/QĐ-VP",
        decided_on=dt.date(YEAR, 5, 10),
    )
    with pytest.raises(ValidationError) as error:
        services.discipline_withdraw(actor=users["secretariat"], discipline=discipline, reason="")
    assert error.value.message_dict == {"reason": ["Phải ghi lý do huỷ."]}
    services.discipline_withdraw(
        actor=users["admin"], discipline=discipline, reason="Quyết định bị huỷ bỏ"
    )
    discipline.refresh_from_db()
    assert discipline.is_withdrawn
    assert discipline.withdrawn_by == users["admin"]
    assert discipline.withdrawn_reason == "Quyết định bị huỷ bỏ"
    with pytest.raises(ValidationError, match="đã được huỷ"):
        services.discipline_withdraw(actor=None, discipline=discipline, reason="Lần nữa")
    assert Discipline.objects.count() == 1
    assert list(
        AuditEvent.objects.filter(action__startswith="record.discipline")
        .values_list("action", flat=True)
        .order_by("seq")
    ) == ["record.discipline_add", "record.discipline_withdraw"]


@pytest.mark.parametrize("kind", ["leave", "training", "research_topic"])
def test_other_list_facts_withdraw(people, kind):
    person = people["staff"]
    if kind == "leave":
        row = services.leave_add(
            actor=None,
            person=person,
            year=YEAR,
            kind="sick",
            start=dt.date(YEAR, 3, 1),
            end=dt.date(YEAR, 3, 3),
        )
        services.leave_withdraw(actor=None, leave=row, reason="Trùng")
    elif kind == "training":
        row = services.training_add(
            actor=None, person=person, start=dt.date(YEAR, 3, 1), end=dt.date(YEAR, 4, 1)
        )
        services.training_withdraw(actor=None, training=row, reason="Trùng")
    else:
        row = services.research_topic_add(actor=None, person=person, title="Đề tài")
        services.research_topic_withdraw(actor=None, topic=row, reason="Trùng")
    row.refresh_from_db()
    assert row.is_withdrawn and row.withdrawn_reason == "Trùng"


def add_leave(person, **overrides):
    fields = {
        "year": YEAR,
        "kind": "sick",
        "start": dt.date(YEAR, 3, 1),
        "end": dt.date(YEAR, 3, 3),
    }
    fields.update(overrides)
    return services.leave_add(actor=None, person=person, **fields)


def add_discipline(person, **overrides):
    fields = {
        "form": "khien_trach",
        "decision_number": "01/QĐ-VP",
        "decided_on": dt.date(YEAR, 5, 10),
    }
    fields.update(overrides)
    return services.discipline_add(actor=None, person=person, **fields)


def add_training(person, **overrides):
    fields = {"start": dt.date(YEAR, 3, 1), "end": dt.date(YEAR, 4, 1), "result": ""}
    fields.update(overrides)
    return services.training_add(actor=None, person=person, **fields)


def set_rating(person, **overrides):
    fields = {"year": YEAR, "rating": "HTTNV"}
    fields.update(overrides)
    return services.record_rating_set(actor=None, person=person, **fields)


REFUSALS = [
    pytest.param(
        add_leave,
        {"start": dt.date(YEAR, 3, 5), "end": dt.date(YEAR, 3, 1)},
        "end",
        "Ngày kết thúc (01/03/2021) trước ngày bắt đầu (05/03/2021).",
        id="leave-end-before-start",
    ),
    pytest.param(add_leave, {"kind": "holiday"}, "kind", None, id="leave-unknown-kind"),
    pytest.param(
        add_leave, {"start": None}, "start", "Chưa nhập ngày bắt đầu.", id="leave-no-start"
    ),
    pytest.param(add_leave, {"year": 1800}, "year", None, id="leave-year-out-of-range"),
    pytest.param(
        add_training,
        {"start": dt.date(YEAR, 5, 1), "end": dt.date(YEAR, 4, 1)},
        "end",
        None,
        id="training-end-before-start",
    ),
    pytest.param(add_training, {"result": "tot"}, "result", None, id="training-unknown-result"),
    pytest.param(add_discipline, {"form": "phat"}, "form", None, id="discipline-unknown-form"),
    pytest.param(
        add_discipline,
        {"decision_number": " "},
        "decision_number",
        "Chưa nhập số quyết định kỷ luật.",
        id="discipline-no-number",
    ),
    pytest.param(
        add_discipline,
        {"period_start": dt.date(YEAR, 6, 1), "period_end": dt.date(YEAR, 5, 1)},
        "period_end",
        None,
        id="discipline-period-reversed",
    ),
    pytest.param(
        set_rating,
        {"rating": "HTT"},
        "rating",
        '"HTT" không phải mức xếp loại hợp lệ (HTXSNV, HTTNV, HTNV, KHTNV).',
        id="rating-unknown",
    ),
    pytest.param(set_rating, {"year": "2021"}, "year", None, id="rating-year-not-int"),
]


@pytest.mark.parametrize(("add", "overrides", "field", "message"), REFUSALS)
def test_bad_facts_are_refused_naming_the_field(people, add, overrides, field, message):
    before = snapshot()
    with pytest.raises(ValidationError) as error:
        add(people["staff"], **overrides)
    assert list(error.value.message_dict) == [field]
    if message is not None:
        assert error.value.message_dict[field] == [message]
    assert snapshot() == before


def test_database_refuses_a_leave_ending_before_it_starts(people):
    with pytest.raises(IntegrityError), transaction.atomic():
        Leave.objects.create(
            person=people["staff"],
            year=YEAR,
            kind="sick",
            start=dt.date(YEAR, 3, 5),
            end=dt.date(YEAR, 3, 1),
        )


def test_applied_topic_must_be_accepted(people):
    with pytest.raises(ValidationError) as error:
        services.research_topic_add(actor=None, person=people["staff"], title="X", applied=True)
    assert "applied" in error.value.message_dict


def test_past_award_is_audited_and_recorded_once(people):
    kwargs = {
        "person": people["staff"],
        "year": 2020,
        "title_code": "LDTT",
        "decision_code": "04/QĐ-VP",
        "decided_on": dt.date(2021, 1, 12),
        "issuer_name": "Chánh Văn phòng",
    }
    first = services.past_award_record(actor=None, **kwargs)
    again = services.past_award_record(actor=None, **kwargs)
    assert first == again
    assert Award.objects.count() == 1
    assert AuditEvent.objects.filter(action="award.record").count() == 1
    with pytest.raises(ValidationError) as error:
        services.past_award_record(actor=None, **{**kwargs, "title_code": "HUAN_CHUONG"})
    assert "title_code" in error.value.message_dict


# --- Permissions -----------------------------------------------------------------------------


def _actions(office, people):
    """Each service once, on a person of the agency VP (or its division QH)."""
    person = people["nd_staff"]
    return {
        "rating_set": lambda actor: services.record_rating_set(
            actor=actor, person=person, year=YEAR, rating="HTTNV"
        ),
        "rating_correct": lambda actor: services.record_rating_set(
            actor=actor, person=people["council_member"], year=YEAR, rating="HTNV", reason="Sửa"
        ),
        "collective_set": lambda actor: services.collective_record_set(
            actor=actor,
            unit=office["QH"],
            year=YEAR,
            rating="HTTNV",
            emulation_effective=True,
            solidarity=True,
        ),
        "discipline_add": lambda actor: add_discipline_as(actor, person),
        "discipline_withdraw": lambda actor: services.discipline_withdraw(
            actor=actor, discipline=Discipline.objects.get(), reason="Sai"
        ),
        "leave_add": lambda actor: services.leave_add(
            actor=actor,
            person=person,
            year=YEAR,
            kind="sick",
            start=dt.date(YEAR, 3, 1),
            end=dt.date(YEAR, 3, 2),
        ),
        "training_add": lambda actor: services.training_add(
            actor=actor, person=person, start=dt.date(YEAR, 3, 1), end=dt.date(YEAR, 4, 1)
        ),
        "research_topic_add": lambda actor: services.research_topic_add(
            actor=actor, person=person, title="Đề tài"
        ),
        "past_award_record": lambda actor: services.past_award_record(
            actor=actor,
            person=person,
            year=2020,
            title_code="LDTT",
            decision_code="04/QĐ-VP",
            decided_on=dt.date(2021, 1, 12),
            issuer_name="Chánh Văn phòng",
        ),
    }


def add_discipline_as(actor, person):
    return services.discipline_add(
        actor=actor,
        person=person,
        form="khien_trach",
        decision_number="02/QĐ-VP",
        decided_on=dt.date(YEAR, 5, 10),
    )


ACTIONS = [
    "rating_set",
    "rating_correct",
    "collective_set",
    "discipline_add",
    "discipline_withdraw",
    "leave_add",
    "training_add",
    "research_topic_add",
    "past_award_record",
]


@pytest.fixture
def prepared(office, people):
    """A rating to correct and a discipline to withdraw, recorded by the system."""
    services.record_rating_set(
        actor=None, person=people["council_member"], year=YEAR, rating="HTTNV"
    )
    add_discipline_as(None, people["nd_staff"])
    return _actions(office, people)


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize(
    "persona", ["staff", "division_head", "head", "council_member", "union_rep", "other_agency"]
)
def test_wrong_roles_are_refused_and_nothing_changes(prepared, users, persona, action):
    before = snapshot()
    with pytest.raises(PermissionDenied):
        prepared[action](users[persona])
    assert snapshot() == before


@pytest.mark.parametrize("action", ACTIONS)
@pytest.mark.parametrize("persona", ["secretariat", "admin"])
def test_staff_editors_of_the_agency_may_write(prepared, users, persona, action):
    events = AuditEvent.objects.count()
    prepared[action](users[persona])
    assert AuditEvent.objects.count() == events + 1
    assert AuditEvent.objects.order_by("-seq").first().actor_id == users[persona].pk


def test_other_agency_secretariat_writes_for_its_own_people(people, users):
    rating = services.record_rating_set(
        actor=users["other_agency"], person=people["other_agency"], year=YEAR, rating="HTTNV"
    )
    assert rating.recorded_by == users["other_agency"]
