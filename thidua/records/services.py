"""Writes for the yearly records. Every service is keyword-only with the actor first, checks
that the actor is the secretariat or an administrator of the subject's agency (``actor=None``
is the system), locks the subject's row so concurrent corrections queue, and writes its audit
event in the same transaction. Refusals raise ValidationError naming the field, in Vietnamese.
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.accounts.access import STAFF_EDITORS, ensure_role
from thidua.core.audit import audit_record
from thidua.decisions.models import Award
from thidua.org.models import Person, Unit, UnitKind
from thidua.rules.codes import TITLES

from .models import (
    CollectiveRecord,
    Discipline,
    DisciplineForm,
    Leave,
    LeaveKind,
    PersonRating,
    PriorService,
    Rating,
    ResearchTopic,
    Training,
    TrainingResult,
)

MIN_YEAR, MAX_YEAR = 1990, 2100


def _user(actor):
    return actor if actor is not None and getattr(actor, "pk", None) else None


def _lock_person(actor, person: Person) -> Person:
    # Lock only the person's row, and in the mode that still lets other transactions check a
    # foreign key to it (FOR NO KEY UPDATE): locking the agency too, or a plain FOR UPDATE, made
    # a rating writer and a proposal naming the same person deadlock on PostgreSQL.
    person = (
        Person.objects.select_for_update(of=("self",), no_key=True)
        .select_related("agency")
        .get(pk=person.pk)
    )
    ensure_role(actor, STAFF_EDITORS, person.agency)
    return person


def _check_year(year, field="year"):
    if not isinstance(year, int) or isinstance(year, bool) or not MIN_YEAR <= year <= MAX_YEAR:
        raise ValidationError({field: f"Năm phải là số nguyên từ {MIN_YEAR} đến {MAX_YEAR}."})


def _check_choice(value, choices, field, label):
    if value not in choices.values:
        allowed = ", ".join(choices.values)
        raise ValidationError({field: f'"{value}" không phải {label} hợp lệ ({allowed}).'})


def _check_date(value, field, label, required=True):
    if value is None:
        if required:
            raise ValidationError({field: f"Chưa nhập {label}."})
        return
    if not isinstance(value, dt.date) or isinstance(value, dt.datetime):
        raise ValidationError({field: f"{label.capitalize()} không phải ngày hợp lệ."})


def _check_period(start, end, start_field="start", end_field="end"):
    _check_date(start, start_field, "ngày bắt đầu")
    _check_date(end, end_field, "ngày kết thúc")
    if end < start:
        raise ValidationError(
            {end_field: f"Ngày kết thúc ({end:%d/%m/%Y}) trước ngày bắt đầu ({start:%d/%m/%Y})."}
        )


def _reason_required(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({field: "Phải ghi lý do điều chỉnh."})
    return reason


def _supersede(current, new_row, now):
    current.superseded_at = now
    current.superseded_by = new_row
    current.save(update_fields=["superseded_at", "superseded_by"])


# --- Yearly values (versioned) --------------------------------------------------------------


@transaction.atomic
def record_rating_set(
    *, actor, person: Person, year: int, rating: str, reason: str = ""
) -> PersonRating:
    """Record a person's rating for a year, or correct it (a new version; reason required).

    Setting the rating the current version already holds changes nothing.
    """
    person = _lock_person(actor, person)
    _check_year(year)
    _check_choice(rating, Rating, "rating", "mức xếp loại")
    current = (
        PersonRating.objects.select_for_update()
        .filter(person=person, year=year, superseded_at__isnull=True)
        .first()
    )
    if current is not None and current.rating == rating:
        return current
    if current is not None:
        reason = _reason_required(reason)
    now = timezone.now()
    if current is not None:
        # Free the partial unique slot before the new current version is inserted.
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
    new = PersonRating.objects.create(
        person=person, year=year, rating=rating, reason=reason.strip(), recorded_by=_user(actor)
    )
    if current is not None:
        _supersede(current, new, now)
    audit_record(
        actor=actor,
        action="record.rating_set" if current is None else "record.rating_correct",
        obj=new,
        object_repr=f"{person} – xếp loại năm {year}",
        before={"rating": current.rating} if current else None,
        after={"person": person.staff_code, "year": year, "rating": rating},
        reason=reason.strip(),
    )
    return new


@transaction.atomic
def collective_record_set(
    *,
    actor,
    unit: Unit,
    year: int,
    rating: str,
    emulation_effective: bool,
    solidarity: bool,
    reason: str = "",
) -> CollectiveRecord:
    """Record a division's rating and review findings for a year, or correct them."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    ensure_role(actor, STAFF_EDITORS, unit)
    if unit.kind != UnitKind.DIVISION or not unit.is_collective:
        raise ValidationError({"unit": f"{unit.name} không phải tập thể thi đua (phòng)."})
    _check_year(year)
    _check_choice(rating, Rating, "rating", "mức xếp loại")
    for field, value in (("emulation_effective", emulation_effective), ("solidarity", solidarity)):
        if not isinstance(value, bool):
            raise ValidationError({field: "Phải là có hoặc không."})
    values = {
        "rating": rating,
        "emulation_effective": emulation_effective,
        "solidarity": solidarity,
    }
    current = (
        CollectiveRecord.objects.select_for_update()
        .filter(unit=unit, year=year, superseded_at__isnull=True)
        .first()
    )
    before = {k: getattr(current, k) for k in values} if current else None
    if before == values:
        return current
    if current is not None:
        reason = _reason_required(reason)
        now = timezone.now()
        current.superseded_at = now
        current.save(update_fields=["superseded_at"])
    new = CollectiveRecord.objects.create(
        unit=unit, year=year, reason=reason.strip(), recorded_by=_user(actor), **values
    )
    if current is not None:
        _supersede(current, new, now)
    audit_record(
        actor=actor,
        action="record.collective_set" if current is None else "record.collective_correct",
        obj=new,
        object_repr=f"{unit.name} – năm {year}",
        before=before,
        after={"unit": unit.code, "year": year, **values},
        reason=reason.strip(),
    )
    return new


# --- Facts in lists (withdrawn, never deleted) ----------------------------------------------


def _fact_add(actor, model, person, action, label, **fields):
    row = model.objects.create(person=person, recorded_by=_user(actor), **fields)
    audit_record(
        actor=actor,
        action=action,
        obj=row,
        object_repr=f"{person} – {label}: {row}",
        after={"person": person.staff_code, **fields},
    )
    return row


def _fact_withdraw(actor, model, row, reason, action, label):
    row = (
        model.objects.select_for_update(of=("self",), no_key=True)
        .select_related("person__agency")
        .get(pk=row.pk)
    )
    _lock_person(actor, row.person)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": "Phải ghi lý do huỷ."})
    if row.withdrawn_at is not None:
        raise ValidationError({"reason": f"{label.capitalize()} này đã được huỷ trước đó."})
    row.withdrawn_at = timezone.now()
    row.withdrawn_by = _user(actor)
    row.withdrawn_reason = reason
    row.save(update_fields=["withdrawn_at", "withdrawn_by", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action=action,
        obj=row,
        object_repr=f"{row.person} – {label}: {row}",
        before={"withdrawn": False},
        after={"withdrawn": True},
        reason=reason,
    )
    return row


@transaction.atomic
def discipline_add(
    *,
    actor,
    person: Person,
    form: str,
    decision_number: str,
    decided_on: dt.date,
    period_start: dt.date | None = None,
    period_end: dt.date | None = None,
    note: str = "",
    duty_related: bool | None = None,
) -> Discipline:
    """Record a disciplinary decision; it counts in the year it is dated. ``duty_related``:
    whether the violation relates to public duties (None: not recorded), which decides from
    rating year 2026 whether it makes the rating KHTNV (NĐ 335/2025/NĐ-CP)."""
    person = _lock_person(actor, person)
    _check_choice(form, DisciplineForm, "form", "hình thức kỷ luật")
    decision_number = (decision_number or "").strip()
    if not decision_number:
        raise ValidationError({"decision_number": "Chưa nhập số quyết định kỷ luật."})
    _check_date(decided_on, "decided_on", "ngày quyết định")
    _check_year(decided_on.year, "decided_on")
    _check_date(period_start, "period_start", "ngày bắt đầu thi hành", required=False)
    _check_date(period_end, "period_end", "ngày kết thúc thi hành", required=False)
    if period_start and period_end:
        _check_period(period_start, period_end, "period_start", "period_end")
    if duty_related not in (None, True, False):
        raise ValidationError({"duty_related": "Chọn có, không hoặc chưa ghi."})
    return _fact_add(
        actor,
        Discipline,
        person,
        "record.discipline_add",
        "kỷ luật",
        form=form,
        decision_number=decision_number,
        decided_on=decided_on,
        period_start=period_start,
        period_end=period_end,
        note=note.strip(),
        duty_related=duty_related,
    )


@transaction.atomic
def discipline_withdraw(*, actor, discipline: Discipline, reason: str) -> Discipline:
    return _fact_withdraw(
        actor, Discipline, discipline, reason, "record.discipline_withdraw", "kỷ luật"
    )


@transaction.atomic
def prior_service_add(
    *, actor, person: Person, start: dt.date, end: dt.date, note: str = ""
) -> PriorService:
    """Record work at the office under an earlier contract, before the recruitment. A period
    that starts on or after ``recruited_on`` is refused: it is not prior service."""
    person = _lock_person(actor, person)
    _check_period(start, end)
    if person.recruited_on and start >= person.recruited_on:
        raise ValidationError(
            {
                "start": (
                    f"Thời gian làm việc theo hợp đồng trước phải bắt đầu trước ngày tuyển dụng "
                    f"({person.recruited_on:%d/%m/%Y})."
                )
            }
        )
    return _fact_add(
        actor,
        PriorService,
        person,
        "record.prior_service_add",
        "thời gian làm việc theo hợp đồng trước",
        start=start,
        end=end,
        note=note.strip(),
    )


@transaction.atomic
def prior_service_withdraw(*, actor, period: PriorService, reason: str) -> PriorService:
    return _fact_withdraw(
        actor,
        PriorService,
        period,
        reason,
        "record.prior_service_withdraw",
        "thời gian làm việc theo hợp đồng trước",
    )


@transaction.atomic
def leave_add(
    *,
    actor,
    person: Person,
    year: int,
    kind: str,
    start: dt.date,
    end: dt.date,
    note: str = "",
) -> Leave:
    """Record a leave in the year's record. A leave not touching ``year`` is accepted but
    flagged by ``selectors.inconsistencies``; an end before the start is refused."""
    person = _lock_person(actor, person)
    _check_year(year)
    _check_choice(kind, LeaveKind, "kind", "loại nghỉ")
    _check_period(start, end)
    return _fact_add(
        actor,
        Leave,
        person,
        "record.leave_add",
        "thời gian nghỉ",
        year=year,
        kind=kind,
        start=start,
        end=end,
        note=note.strip(),
    )


@transaction.atomic
def leave_withdraw(*, actor, leave: Leave, reason: str) -> Leave:
    return _fact_withdraw(actor, Leave, leave, reason, "record.leave_withdraw", "thời gian nghỉ")


@transaction.atomic
def training_add(
    *,
    actor,
    person: Person,
    start: dt.date,
    end: dt.date,
    result: str = "",
    name: str = "",
) -> Training:
    person = _lock_person(actor, person)
    _check_period(start, end)
    result = result or ""
    if result:
        _check_choice(result, TrainingResult, "result", "kết quả đào tạo")
    return _fact_add(
        actor,
        Training,
        person,
        "record.training_add",
        "đào tạo",
        name=name.strip(),
        start=start,
        end=end,
        result=result,
    )


@transaction.atomic
def training_withdraw(*, actor, training: Training, reason: str) -> Training:
    return _fact_withdraw(actor, Training, training, reason, "record.training_withdraw", "đào tạo")


@transaction.atomic
def research_topic_add(
    *,
    actor,
    person: Person,
    title: str,
    accepted_on: dt.date | None = None,
    applied: bool = False,
) -> ResearchTopic:
    person = _lock_person(actor, person)
    title = (title or "").strip()
    if not title:
        raise ValidationError({"title": "Chưa nhập tên đề tài."})
    _check_date(accepted_on, "accepted_on", "ngày nghiệm thu", required=False)
    if applied and accepted_on is None:
        raise ValidationError({"applied": "Đề tài chưa nghiệm thu thì chưa thể ghi là đã áp dụng."})
    return _fact_add(
        actor,
        ResearchTopic,
        person,
        "record.research_topic_add",
        "đề tài",
        title=title,
        accepted_on=accepted_on,
        applied=bool(applied),
    )


@transaction.atomic
def research_topic_withdraw(*, actor, topic: ResearchTopic, reason: str) -> ResearchTopic:
    return _fact_withdraw(
        actor, ResearchTopic, topic, reason, "record.research_topic_withdraw", "đề tài"
    )


# --- Awards history --------------------------------------------------------------------------


@transaction.atomic
def past_award_record(
    *,
    actor,
    person: Person,
    year: int,
    title_code: str,
    decision_code: str,
    decided_on: dt.date,
    issuer_name: str,
    amount_vnd: int | None = None,
) -> Award:
    """Record a title received from a decision issued outside the application (paper era),
    so the upward screenings can read it. Recording the same award again changes nothing."""
    person = _lock_person(actor, person)
    _check_year(year)
    if title_code not in TITLES:
        raise ValidationError(
            {"title_code": f'"{title_code}" không phải mã danh hiệu hợp lệ ({", ".join(TITLES)}).'}
        )
    decision_code = (decision_code or "").strip()
    if not decision_code:
        raise ValidationError({"decision_code": "Chưa nhập số quyết định khen thưởng."})
    _check_date(decided_on, "decided_on", "ngày quyết định")
    existing = Award.objects.filter(
        person=person,
        year=year,
        title_code=title_code,
        decision_code=decision_code,
        revoked_at__isnull=True,
    ).first()
    if existing is not None:
        return existing
    award = Award.objects.create(
        person=person,
        year=year,
        title_code=title_code,
        decision_code=decision_code,
        decided_on=decided_on,
        issuer_name=issuer_name,
        amount_vnd=amount_vnd,
    )
    audit_record(
        actor=actor,
        action="award.record",
        obj=award,
        after={
            "person": person.staff_code,
            "year": year,
            "title_code": title_code,
            "decision_code": decision_code,
            "decided_on": decided_on,
            "issuer_name": issuer_name,
        },
    )
    return award
