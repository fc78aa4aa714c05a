"""Writes for movements: the plan, its phases and targets, the state transitions, registrations,
reminders and covenants. Each service checks role and scope, locks the row it changes, and
writes an audit event in the same transaction."""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.accounts.access import has_role
from thidua.accounts.models import Role
from thidua.core.audit import audit_record
from thidua.core.files import atomic_with_files, store_file
from thidua.core.models import Notification
from thidua.decisions.models import DocType
from thidua.decisions.services import number_issue
from thidua.org.models import Person, Unit
from thidua.org.selectors import current_membership

from .models import (
    Covenant,
    CovenantItem,
    CovenantParty,
    CovenantStatus,
    Movement,
    MovementStatus,
    MovementTransition,
    Phase,
    PlanItem,
    Registration,
    Section,
    Target,
)
from .titles import COLLECTIVE_TITLES, INDIVIDUAL_TITLES, title_label

PLAN_EDITORS = (Role.SECRETARIAT, Role.ADMIN)
PLAN_DECIDERS = (Role.SECRETARIAT, Role.HEAD, Role.ADMIN)

# (state, action) → (next state, roles allowed). The only way a movement changes state.
TRANSITIONS = {
    (MovementStatus.DRAFT, "launch"): (MovementStatus.LAUNCHED, PLAN_DECIDERS),
    (MovementStatus.LAUNCHED, "close"): (MovementStatus.CLOSED, PLAN_DECIDERS),
}
ACTION_LABELS = {"launch": "phát động", "close": "kết thúc"}

PLAN_FIELDS = (
    "title",
    "governing_body",
    "issuing_body",
    "issuer_code",
    "place",
    "issued_on",
    "preamble",
    "theme",
    "slogan",
    "closing",
    "starts_on",
    "ends_on",
    "registration_deadline",
    "signer_authority",
    "signer_position",
    "signer_name",
    "kind",
    "parent",
)


def _require(actor, roles, unit, message):
    if actor is not None and not has_role(actor, roles, unit):
        raise PermissionDenied(message)


def _require_draft(movement):
    if movement.status != MovementStatus.DRAFT:
        raise ValidationError("Kế hoạch đã phát động: không sửa nội dung được nữa.")


def _check_period(starts_on, ends_on, year, field_prefix=""):
    errors = {}
    if starts_on and ends_on and ends_on < starts_on:
        errors[f"{field_prefix}ends_on"] = "Ngày kết thúc phải từ ngày bắt đầu trở đi."
    for name, value in (
        (f"{field_prefix}starts_on", starts_on),
        (f"{field_prefix}ends_on", ends_on),
    ):
        if value and value.year != year:
            errors.setdefault(name, f"Ngày phải nằm trong năm {year}.")
    if errors:
        raise ValidationError(errors)


def _snapshot(movement) -> dict:
    data = {f: getattr(movement, f) for f in PLAN_FIELDS if f != "parent"}
    data["parent"] = movement.parent_id
    data["items"] = {s: movement.items(s) for s in Section.values}
    return data


@transaction.atomic
def movement_create(*, actor, agency: Unit, year: int, **fields) -> Movement:
    _require(
        actor, PLAN_EDITORS, agency, "Chỉ Thường trực Hội đồng hoặc quản trị được lập kế hoạch."
    )
    items = fields.pop("items", {})
    fields.setdefault("starts_on", dt.date(year, 1, 1))
    fields.setdefault("ends_on", dt.date(year, 12, 31))
    _check_period(fields["starts_on"], fields["ends_on"], year)
    movement = Movement(agency=agency, year=year, created_by=actor if actor else None, **fields)
    movement.full_clean(exclude=["number"])
    movement.save()
    _replace_items(movement, items)
    audit_record(actor=actor, action="movement.create", obj=movement, after=_snapshot(movement))
    return movement


def _replace_items(movement, items: dict[str, list[str]]):
    for section, texts in items.items():
        if section not in Section.values:
            raise ValueError(section)
        movement.plan_items.filter(section=section).delete()
        PlanItem.objects.bulk_create(
            PlanItem(movement=movement, section=section, order=i, text=t.strip())
            for i, t in enumerate(texts, start=1)
            if t.strip()
        )


@transaction.atomic
def movement_update(*, actor, movement: Movement, items: dict | None = None, **fields) -> bool:
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    _require(actor, PLAN_EDITORS, movement.agency, "Bạn không có quyền sửa kế hoạch này.")
    _require_draft(movement)
    before = _snapshot(movement)
    for name, value in fields.items():
        if name not in PLAN_FIELDS:
            raise TypeError(name)
        setattr(movement, name, value)
    _check_period(movement.starts_on, movement.ends_on, movement.year)
    movement.full_clean(exclude=["number"])
    movement.save()
    if items is not None:
        _replace_items(movement, items)
    after = _snapshot(movement)
    if before == after:
        return False
    changed = [k for k in after if before.get(k) != after.get(k)]
    audit_record(
        actor=actor,
        action="movement.update",
        obj=movement,
        before={k: before[k] for k in changed},
        after={k: after[k] for k in changed},
    )
    return True


@transaction.atomic
def phases_set(*, actor, movement: Movement, phases: list[dict]) -> list[Phase]:
    """Replace the phases: each {name, starts_on, ends_on, description}; inside the movement's
    period and not overlapping."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    _require(actor, PLAN_EDITORS, movement.agency, "Bạn không có quyền sửa kế hoạch này.")
    _require_draft(movement)
    ordered = sorted(phases, key=lambda p: p["starts_on"])
    errors = []
    for index, phase in enumerate(ordered, start=1):
        if phase["ends_on"] < phase["starts_on"]:
            errors.append(f"{phase['name']}: ngày kết thúc trước ngày bắt đầu.")
        if phase["starts_on"] < movement.starts_on or phase["ends_on"] > movement.ends_on:
            errors.append(
                f"{phase['name']}: phải nằm trong thời gian của phong trào "
                f"({movement.starts_on:%d/%m/%Y} – {movement.ends_on:%d/%m/%Y})."
            )
        if index > 1 and phase["starts_on"] <= ordered[index - 2]["ends_on"]:
            errors.append(f"{phase['name']}: trùng thời gian với {ordered[index - 2]['name']}.")
    if errors:
        raise ValidationError(errors)
    before = [(p.name, p.starts_on, p.ends_on) for p in movement.phases.all()]
    kept_targets = {
        t.pk: t.phase.name for t in movement.targets.exclude(phase=None).select_related("phase")
    }
    movement.targets.exclude(phase=None).update(phase=None)
    movement.phases.all().delete()
    created = [
        Phase.objects.create(movement=movement, order=i, **p)
        for i, p in enumerate(ordered, start=1)
    ]
    by_name = {p.name: p for p in created}
    for target_id, name in kept_targets.items():
        if name in by_name:
            Target.objects.filter(pk=target_id).update(phase=by_name[name])
    audit_record(
        actor=actor,
        action="movement.phases_set",
        obj=movement,
        before=before,
        after=[(p.name, p.starts_on, p.ends_on) for p in created],
    )
    return created


@transaction.atomic
def targets_set(*, actor, movement: Movement, targets: list[dict]) -> list[Target]:
    """Replace the targets: each {subject, title_code, percent, base, strength, phase}."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    _require(actor, PLAN_EDITORS, movement.agency, "Bạn không có quyền sửa kế hoạch này.")
    _require_draft(movement)
    errors = []
    for index, target in enumerate(targets, start=1):
        allowed = INDIVIDUAL_TITLES if target["subject"] == "individual" else COLLECTIVE_TITLES
        if target["title_code"] not in allowed:
            errors.append(
                f"Chỉ tiêu {index}: danh hiệu “{title_label(target['title_code'])}” "
                "không dành cho đối tượng này."
            )
        phase = target.get("phase")
        if phase is not None and phase.movement_id != movement.pk:
            errors.append(f"Chỉ tiêu {index}: giai đoạn không thuộc phong trào này.")
    if errors:
        raise ValidationError(errors)
    before = [str(t) for t in movement.targets.all()]
    movement.targets.all().delete()
    created = [
        Target.objects.create(movement=movement, order=i, **t)
        for i, t in enumerate(targets, start=1)
    ]
    audit_record(
        actor=actor,
        action="movement.targets_set",
        obj=movement,
        before=before,
        after=[str(t) for t in created],
    )
    return created


@transaction.atomic
def movement_transition(
    *, actor, movement: Movement, action: str, reason: str = "", number: int | None = None
) -> Movement:
    """Move a movement along TRANSITIONS. Launching issues the plan's number from the register
    (or records the given paper-era `number`) and needs phases and a signer."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    key = (movement.status, action)
    if key not in TRANSITIONS:
        raise ValidationError(
            f"Không thể {ACTION_LABELS.get(action, action)} phong trào đang ở "
            f"trạng thái “{movement.get_status_display()}”."
        )
    next_status, roles = TRANSITIONS[key]
    _require(
        actor,
        roles,
        movement.agency,
        f"Bạn không có quyền {ACTION_LABELS.get(action, action)} phong trào.",
    )
    if action == "launch":
        problems = []
        if not movement.phases.exists():
            problems.append("Kế hoạch chưa có giai đoạn thi đua.")
        if not movement.signer_name:
            problems.append("Chưa có họ tên người ký.")
        if problems:
            raise ValidationError(problems)
        if movement.issued_on is None:
            movement.issued_on = timezone.localdate()
        if movement.number_id is None:
            movement.number = number_issue(
                actor=actor,
                issuer=movement.agency,
                doc_type=DocType.KH,
                issued_on=movement.issued_on,
                summary=movement.title,
                issuer_code=movement.issuer_code,
                number=number,
                obj=movement,
            )
    before = movement.status
    movement.status = next_status
    movement.save()
    MovementTransition.objects.create(
        movement=movement,
        action=action,
        from_status=before,
        to_status=next_status,
        actor=actor if actor else None,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=f"movement.{action}",
        obj=movement,
        before={"status": before},
        after={"status": next_status, "number": movement.number_code},
        reason=reason,
    )
    return movement


# Registration ----------------------------------------------------------------------------


def registration_open(movement: Movement, on_date: dt.date | None = None) -> bool:
    """Open while launched and before the deadline, or until a reopening ends."""
    on_date = on_date or timezone.localdate()
    if movement.status != MovementStatus.LAUNCHED:
        return False
    if movement.registration_deadline is None or on_date <= movement.registration_deadline:
        return True
    reopened = movement.registration_reopened_until
    return reopened is not None and on_date <= reopened


def _may_register_person(actor, person: Person) -> bool:
    if actor is None or has_role(actor, (Role.SECRETARIAT, Role.ADMIN), person.agency):
        return True
    if getattr(actor, "person_id", None) == person.pk:
        return True
    membership = current_membership(person)
    return membership is not None and has_role(actor, [Role.DIVISION_HEAD], membership.unit)


def _may_register_unit(actor, unit: Unit) -> bool:
    return actor is None or has_role(
        actor, (Role.SECRETARIAT, Role.ADMIN, Role.DIVISION_HEAD), unit
    )


@transaction.atomic
def registration_set(
    *,
    actor,
    movement: Movement,
    title_code: str,
    person: Person | None = None,
    unit: Unit | None = None,
    on_date: dt.date | None = None,
) -> Registration:
    """Register (or change) the title a person or a division aims for this year."""
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    if (person is None) == (unit is None):
        raise ValueError("exactly one of person and unit")
    if person is not None:
        if not _may_register_person(actor, person):
            raise PermissionDenied(
                "Bạn chỉ đăng ký được cho bản thân hoặc cán bộ trong phòng mình."
            )
        if person.agency_id != movement.agency_id:
            raise PermissionDenied("Cán bộ không thuộc cơ quan của phong trào này.")
        if title_code not in INDIVIDUAL_TITLES:
            raise ValidationError(
                {
                    "title_code": f"Cá nhân không thể đăng ký danh hiệu "
                    f"“{title_label(title_code)}” (danh hiệu dành cho tập thể)."
                }
            )
        current = (
            Registration.objects.select_for_update()
            .filter(movement=movement, person=person, superseded_at__isnull=True)
            .first()
        )
    else:
        if not _may_register_unit(actor, unit):
            raise PermissionDenied("Bạn chỉ đăng ký được cho tập thể phòng mình phụ trách.")
        if not unit.path.startswith(movement.agency.path) or not unit.is_collective:
            raise ValidationError(
                {"unit": f"“{unit.name}” không phải tập thể thi đua của cơ quan."}
            )
        if title_code not in COLLECTIVE_TITLES:
            raise ValidationError(
                {
                    "title_code": f"Tập thể không thể đăng ký danh hiệu "
                    f"“{title_label(title_code)}” (danh hiệu dành cho cá nhân)."
                }
            )
        current = (
            Registration.objects.select_for_update()
            .filter(movement=movement, unit=unit, superseded_at__isnull=True)
            .first()
        )
    if not registration_open(movement, on_date):
        raise ValidationError(
            "Đã hết hạn đăng ký thi đua hoặc phong trào chưa phát động. "
            "Liên hệ Thường trực Hội đồng để được mở lại."
        )
    if current is not None and current.title_code == title_code:
        return current
    if current is not None:
        current.superseded_at = timezone.now()
        current.save(update_fields=["superseded_at"])
    registration = Registration.objects.create(
        movement=movement,
        person=person,
        unit=unit,
        title_code=title_code,
        registered_by=actor if actor else None,
    )
    audit_record(
        actor=actor,
        action="registration.set",
        obj=registration,
        before={"title": current.title_code} if current else None,
        after={"title": title_code, "movement": movement.pk},
    )
    return registration


@transaction.atomic
def registration_reopen(*, actor, movement: Movement, until: dt.date, reason: str) -> Movement:
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    _require(
        actor,
        (Role.SECRETARIAT, Role.ADMIN),
        movement.agency,
        "Chỉ Thường trực Hội đồng được mở lại đăng ký.",
    )
    if movement.status != MovementStatus.LAUNCHED:
        raise ValidationError("Chỉ mở lại đăng ký khi phong trào đang diễn ra.")
    if not reason.strip():
        raise ValidationError({"reason": "Cần ghi lý do mở lại đăng ký."})
    if until < timezone.localdate():
        raise ValidationError({"until": "Ngày mở lại đến phải từ hôm nay trở đi."})
    before = movement.registration_reopened_until
    movement.registration_reopened_until = until
    movement.save(update_fields=["registration_reopened_until"])
    audit_record(
        actor=actor,
        action="registration.reopen",
        obj=movement,
        before={"reopened_until": before},
        after={"reopened_until": until},
        reason=reason,
    )
    return movement


@transaction.atomic
def registration_remind(*, actor, movement: Movement, people, units) -> int:
    """Send an in-app reminder to each unregistered person (with a login) and to the heads of
    unregistered divisions. Returns the number of notifications sent."""
    from thidua.accounts.models import RoleAssignment, User

    _require(
        actor,
        (Role.SECRETARIAT, Role.ADMIN),
        movement.agency,
        "Chỉ Thường trực Hội đồng được gửi nhắc nhở.",
    )
    url = f"/phong-trao/{movement.pk}/dang-ky/"
    sent = 0
    for user in User.objects.filter(person__in=people, is_active=True):
        Notification.objects.create(
            user=user,
            url=url,
            message=f"Nhắc đăng ký thi đua: bạn chưa đăng ký danh hiệu cho “{movement.title}”.",
        )
        sent += 1
    head_ids = RoleAssignment.objects.filter(
        role=Role.DIVISION_HEAD, unit__in=units, valid_to__isnull=True
    ).values_list("user_id", "unit__name")
    for user_id, unit_name in head_ids:
        Notification.objects.create(
            user_id=user_id,
            url=url,
            message=f"Nhắc đăng ký thi đua: {unit_name} chưa đăng ký danh hiệu tập thể.",
        )
        sent += 1
    audit_record(
        actor=actor, action="registration.remind", obj=movement, after={"notifications": sent}
    )
    return sent


# Covenants ------------------------------------------------------------------------------


@transaction.atomic
def covenant_save(
    *,
    actor,
    agency: Unit,
    covenant: Covenant | None = None,
    title: str,
    movement: Movement | None,
    signed_on,
    place: str,
    parties: list[dict],
    items: list[str],
) -> Covenant:
    _require(actor, PLAN_EDITORS, agency, "Bạn không có quyền lập giao ước thi đua.")
    if covenant is not None:
        covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
        if covenant.status != CovenantStatus.DRAFT:
            raise ValidationError("Giao ước đã ký kết: không sửa được nữa.")
        before = {"title": covenant.title, "items": [i.text for i in covenant.items.all()]}
    else:
        covenant = Covenant(agency=agency, created_by=actor if actor else None)
        before = None
    if len([p for p in parties if p.get("name")]) < 2:
        raise ValidationError({"parties": "Giao ước cần ít nhất hai bên tham gia."})
    covenant.title, covenant.movement = title, movement
    covenant.signed_on, covenant.place = signed_on, place
    covenant.save()
    covenant.parties.all().delete()
    covenant.items.all().delete()
    for order, party in enumerate(p for p in parties if p.get("name")):
        CovenantParty.objects.create(covenant=covenant, order=order, **party)
    for order, text in enumerate(t.strip() for t in items if t.strip()):
        CovenantItem.objects.create(covenant=covenant, order=order, text=text)
    audit_record(
        actor=actor,
        action="covenant.save",
        obj=covenant,
        before=before,
        after={"title": title, "items": [i.text for i in covenant.items.all()]},
    )
    return covenant


@atomic_with_files
def covenant_sign(*, actor, covenant: Covenant, scan_name: str, scan_file) -> Covenant:
    """Record the signed covenant with its scan (checked by the form, stored privately)."""
    covenant = Covenant.objects.select_for_update().get(pk=covenant.pk)
    _require(actor, PLAN_EDITORS, covenant.agency, "Bạn không có quyền cập nhật giao ước.")
    if covenant.status != CovenantStatus.DRAFT:
        raise ValidationError("Giao ước đã được ghi nhận ký kết.")
    if covenant.signed_on is None:
        raise ValidationError({"signed_on": "Cần ngày ký trước khi ghi nhận ký kết."})
    unnamed = [p.name for p in covenant.parties.all() if not p.representative_name.strip()]
    if unnamed:
        raise ValidationError("Chưa có họ tên người đại diện ký của: " + ", ".join(unnamed) + ".")
    store_file(
        covenant.scan,
        f"giao-uoc-{covenant.pk}.pdf"
        if scan_name.lower().endswith(".pdf")
        else f"giao-uoc-{covenant.pk}{scan_name[scan_name.rfind('.') :].lower()}",
        scan_file,
    )
    covenant.scan_name = scan_name[:255]
    covenant.status = CovenantStatus.SIGNED
    covenant.save()
    audit_record(
        actor=actor,
        action="covenant.sign",
        obj=covenant,
        after={"scan": covenant.scan_name, "signed_on": covenant.signed_on},
    )
    return covenant
