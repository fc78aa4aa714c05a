"""Writes for the organisation. Each service checks the actor's role and scope, changes the rows
and appends an audit event in one transaction. `actor=None` is the system (seed, migrations)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.accounts.access import STAFF_EDITORS, ensure_role
from thidua.core.audit import audit_record

from .models import Membership, Person, Unit, UnitKind

PERSON_FIELDS = (
    "full_name",
    "citizen_id",
    "date_of_birth",
    "gender",
    "recruited_on",
    "email",
    "is_active",
)


def _snapshot(obj, fields) -> dict:
    return {f: getattr(obj, f) for f in fields}


def _path_for(code: str, parent: Unit | None) -> str:
    return f"{parent.path if parent else '/'}{code}/"


@transaction.atomic
def unit_create(
    *,
    actor,
    code: str,
    name: str,
    kind: str,
    parent: Unit | None,
    short_name: str = "",
    order: int = 0,
) -> Unit:
    ensure_role(actor, STAFF_EDITORS, parent)
    if kind != UnitKind.PROVINCE and parent is None:
        raise ValidationError({"parent": "Đơn vị này phải có đơn vị cấp trên."})
    unit = Unit(
        code=code,
        name=name,
        kind=kind,
        parent=parent,
        short_name=short_name,
        order=order,
        path=_path_for(code, parent),
    )
    unit.full_clean()
    unit.save()
    audit_record(
        actor=actor,
        action="unit.create",
        obj=unit,
        after=_snapshot(unit, ("code", "name", "short_name", "kind", "path", "order")),
    )
    return unit


@transaction.atomic
def unit_update(
    *, actor, unit: Unit, name: str, short_name: str = "", order: int = 0, reason: str = ""
) -> bool:
    """Rename or reorder a unit. Returns False when nothing changed (nothing is written)."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    ensure_role(actor, STAFF_EDITORS, unit)
    fields = ("name", "short_name", "order")
    before = _snapshot(unit, fields)
    unit.name, unit.short_name, unit.order = name, short_name, order
    after = _snapshot(unit, fields)
    if before == after:
        return False
    unit.full_clean()
    unit.save(update_fields=list(fields))
    audit_record(
        actor=actor, action="unit.update", obj=unit, before=before, after=after, reason=reason
    )
    return True


@transaction.atomic
def person_create(
    *,
    actor,
    staff_code: str,
    full_name: str,
    recruited_on: dt.date,
    unit: Unit,
    position: str = "",
    start_date: dt.date | None = None,
    citizen_id: str = "",
    date_of_birth: dt.date | None = None,
    gender: str = "",
    email: str = "",
) -> Person:
    ensure_role(actor, STAFF_EDITORS, unit)
    agency = unit.agency()
    if agency is None:
        raise ValidationError({"unit": "Đơn vị không thuộc cơ quan nào."})
    person = Person(
        staff_code=staff_code,
        full_name=full_name,
        recruited_on=recruited_on,
        citizen_id=citizen_id,
        date_of_birth=date_of_birth,
        gender=gender,
        email=email,
        agency=agency,
    )
    person.full_clean()
    person.save()
    membership = Membership.objects.create(
        person=person, unit=unit, position=position, start_date=start_date or recruited_on
    )
    audit_record(
        actor=actor,
        action="person.create",
        obj=person,
        after={
            **_snapshot(person, ("staff_code", *PERSON_FIELDS)),
            "unit": unit.code,
            "position": position,
            "start_date": membership.start_date,
        },
    )
    return person


@transaction.atomic
def person_update(*, actor, person: Person, reason: str = "", **changes) -> bool:
    """Change a person's own facts. Returns False when nothing changed."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_role(actor, STAFF_EDITORS, person.agency)
    before = _snapshot(person, changes)
    for field, value in changes.items():
        setattr(person, field, value)
    after = _snapshot(person, changes)
    if before == after:
        return False
    person.full_clean()
    person.save()
    audit_record(
        actor=actor, action="person.update", obj=person, before=before, after=after, reason=reason
    )
    return True


@transaction.atomic
def person_transfer(
    *,
    actor,
    person: Person,
    to_unit: Unit,
    on_date: dt.date,
    position: str | None = None,
    reason: str = "",
) -> Membership:
    """End the current membership the day before `on_date` and start one in `to_unit`.

    Also used for a change of position within the same unit. History is never rewritten.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    ensure_role(actor, STAFF_EDITORS, person.agency)
    ensure_role(actor, STAFF_EDITORS, to_unit)
    if to_unit.agency() != person.agency:
        raise ValidationError({"to_unit": "Chỉ điều chuyển trong cùng cơ quan."})
    current = person.memberships.select_for_update().filter(end_date__isnull=True).first()
    new_position = position if position is not None else (current.position if current else "")
    if current is not None:
        if current.unit_id == to_unit.pk and current.position == new_position:
            raise ValidationError(
                {"to_unit": "Cán bộ đang công tác tại đơn vị này với chức vụ này."}
            )
        if on_date <= current.start_date:
            raise ValidationError(
                {
                    "on_date": "Ngày điều chuyển phải sau ngày bắt đầu công tác "
                    f"tại đơn vị hiện tại ({current.start_date:%d/%m/%Y})."
                }
            )
        current.end_date = on_date - dt.timedelta(days=1)
        current.save(update_fields=["end_date"])
    membership = Membership.objects.create(
        person=person, unit=to_unit, position=new_position, start_date=on_date, note=reason[:255]
    )
    audit_record(
        actor=actor,
        action="person.transfer",
        obj=person,
        before={"unit": current.unit.code, "position": current.position} if current else None,
        after={"unit": to_unit.code, "position": new_position, "start_date": on_date},
        reason=reason,
    )
    return membership


def today() -> dt.date:
    return timezone.localdate()
