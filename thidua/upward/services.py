"""Writes for upward dossiers: building one from the approved candidates with the engine's
screening, editing the achievement reports and justifications, and the dossier's transitions
(the head signs the memo, which takes its TTr number; the secretariat sends it, records a
return or the province's decision, which puts the awards into the history).

Every service checks role and scope, locks the row it changes, and writes an audit event in the
same transaction. A refused call raises before anything is written, so it changes nothing.
"""

import datetime as dt

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import has_role
from thidua.accounts.models import Role
from thidua.core.audit import audit_record
from thidua.core.models import Notification
from thidua.decisions.models import Award
from thidua.decisions.services import number_issue
from thidua.legal.selectors import legal_parameters
from thidua.org.models import Unit, UnitKind
from thidua.rules import InputError
from thidua.rules.money import base_salary, coefficients_on, reward_amount, rounding_step

from . import sources
from .models import DossierEntry, DossierStatus, DossierTransition, UpwardDossier

S = DossierStatus
SECRETARIAT = (Role.SECRETARIAT,)
HEAD = (Role.HEAD,)

# (state, action) → (next state, roles allowed at the dossier's agency). The only way a
# dossier changes state.
TRANSITIONS = {
    (S.PREPARED, "sign"): (S.SIGNED, HEAD),
    (S.PREPARED, "cancel"): (S.CANCELLED, SECRETARIAT),
    (S.SIGNED, "reopen"): (S.PREPARED, (Role.HEAD, Role.SECRETARIAT)),
    (S.SIGNED, "send"): (S.SENT, SECRETARIAT),
    (S.SENT, "return"): (S.RETURNED, SECRETARIAT),
    (S.SENT, "decide"): (S.DECIDED, SECRETARIAT),
    (S.RETURNED, "resend"): (S.SENT, SECRETARIAT),
    (S.RETURNED, "cancel"): (S.CANCELLED, SECRETARIAT),
}
ACTIONS = sorted({action for _state, action in TRANSITIONS})
ACTION_LABELS = {
    "sign": "ký tờ trình",
    "cancel": "huỷ hồ sơ",
    "reopen": "mở lại để sửa",
    "send": "gửi tỉnh",
    "return": "ghi nhận tỉnh yêu cầu bổ sung",
    "resend": "gửi lại tỉnh",
    "decide": "ghi nhận quyết định của tỉnh",
}
REASON_REQUIRED = {"return", "cancel"}
EDITABLE = (S.PREPARED, S.RETURNED)
REPORT_FIELDS = (
    "position",
    "hometown",
    "qualifications",
    "functions",
    "organisation",
    "achievements",
    "initiatives",
    "emulation_work",
    "discipline_statement",
)


def may(actor, roles, dossier_or_agency) -> bool:
    """Whether the actor holds one of `roles` at the dossier's agency (or at `agency`)."""
    agency = getattr(dossier_or_agency, "agency", None)
    if not isinstance(agency, Unit):
        agency = dossier_or_agency
    return actor is None or has_role(actor, roles, agency)


def action_roles(action: str) -> set:
    roles = set()
    for (_state, name), (_next, allowed) in TRANSITIONS.items():
        if name == action:
            roles.update(allowed)
    return roles


def province_of(agency: Unit) -> Unit | None:
    unit = agency.parent
    while unit is not None and unit.kind != UnitKind.PROVINCE:
        unit = unit.parent
    return unit


def province_issuer(agency: Unit) -> str:
    """ "Chủ tịch Ủy ban nhân dân tỉnh Đồng Tháp" from the province unit "Tỉnh Đồng Tháp"."""
    province = province_of(agency)
    if province is None:
        return "Chủ tịch Ủy ban nhân dân tỉnh"
    name = province.name.strip()
    return f"Chủ tịch Ủy ban nhân dân {name[:1].lower()}{name[1:]}"


# Building ------------------------------------------------------------------------------------


def _screening(agency: Unit, year: int) -> dict:
    try:
        return sources.screening(agency=agency, year=year)
    except InputError as error:
        raise ValidationError(
            _("Dữ liệu chưa đủ để xét điều kiện: %(p)s") % {"p": "; ".join(error.problems)}
        ) from error


@transaction.atomic
def dossier_create(*, actor, agency: Unit, year: int) -> UpwardDossier:
    """The secretariat builds the year's dossier: the candidates the council approved (or,
    before the council app, the accepted proposals' nominees) for TTLĐXS, CSTĐ tỉnh and Bằng
    khen tỉnh, each with the engine's screening and reasons and a pre-filled achievement report
    from the records; a justification typed at the division is carried over."""
    if not may(actor, SECRETARIAT, agency):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng mới lập hồ sơ đề nghị cấp trên."))
    Unit.objects.select_for_update().get(pk=agency.pk)
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ValidationError({"year": _("Năm phải từ 1990 đến 2100.")})
    if UpwardDossier.objects.filter(agency=agency, year=year).exclude(status=S.CANCELLED).exists():
        raise ValidationError(
            {"year": _("Cơ quan đã có hồ sơ đề nghị cấp trên năm %(y)s.") % {"y": year}}
        )
    found = sources.candidates(agency=agency, year=year)
    if not found.candidates:
        raise ValidationError(
            {
                "year": _(
                    "Chưa có trường hợp nào được Hội đồng thông qua hoặc được tiếp nhận để đề "
                    "nghị TTLĐXS, CSTĐ cấp tỉnh, Bằng khen tỉnh năm %(y)s."
                )
                % {"y": year}
            }
        )
    verdicts = _screening(agency, year)
    dossier = UpwardDossier.objects.create(
        agency=agency,
        year=year,
        source=found.source,
        council_session_id=found.session_id,
        created_by=actor if actor else None,
    )
    for order, candidate in enumerate(found.candidates, start=1):
        key = (
            ("person", candidate.person.staff_code, candidate.title_code)
            if candidate.person
            else ("unit", candidate.unit.code, candidate.title_code)
        )
        verdict = verdicts.get(key)
        report = sources.report_prefill(
            person=candidate.person,
            unit=candidate.unit,
            title_code=candidate.title_code,
            year=year,
            period=sources.period_of(candidate.title_code, year),
            verdicts=verdicts,
        )
        DossierEntry.objects.create(
            dossier=dossier,
            person=candidate.person,
            unit=candidate.unit,
            title_code=candidate.title_code,
            order=order,
            nominee=candidate.nominee,
            votes=candidate.votes,
            eligible=bool(verdict["eligible"]) if verdict else None,
            checks=sources.plain_checks(verdict),
            justification=candidate.justification,
            **report,
        )
    audit_record(
        actor=actor,
        action="upward.create",
        obj=dossier,
        after={
            "year": year,
            "source": found.source,
            "council_session": found.session_id,
            "entries": [
                [e.subject_name, e.title_code, e.eligible]
                for e in dossier.entries.select_related("person", "unit")
            ],
        },
    )
    notify_prepared(dossier)
    return dossier


def _lock_editable(actor, dossier: UpwardDossier) -> UpwardDossier:
    dossier = UpwardDossier.objects.select_for_update().select_related("agency").get(pk=dossier.pk)
    if not may(actor, SECRETARIAT, dossier):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng mới sửa hồ sơ đề nghị cấp trên."))
    if dossier.status not in EDITABLE:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(s)s”: không sửa được.")
            % {"s": dossier.get_status_display()}
        )
    return dossier


@transaction.atomic
def dossier_update(*, actor, dossier: UpwardDossier, recipient: str, memo_summary: str):
    """The memo's addressee and its summary of the office's year."""
    dossier = _lock_editable(actor, dossier)
    recipient = (recipient or "").strip()
    if not recipient:
        raise ValidationError({"recipient": _("Cần ghi nơi kính gửi.")})
    before = {"recipient": dossier.recipient, "memo_summary": dossier.memo_summary}
    dossier.recipient = recipient[:300]
    dossier.memo_summary = (memo_summary or "").strip()
    dossier.save(update_fields=["recipient", "memo_summary"])
    audit_record(
        actor=actor,
        action="upward.update",
        obj=dossier,
        before=before,
        after={"recipient": dossier.recipient, "memo_summary": dossier.memo_summary},
    )
    return dossier


@transaction.atomic
def entry_update(*, actor, entry: DossierEntry, justification: str = "", **report) -> DossierEntry:
    """The achievement report's fields and the justification of one entry."""
    dossier = _lock_editable(actor, entry.dossier)
    entry = DossierEntry.objects.select_for_update().get(pk=entry.pk, dossier=dossier)
    unknown = set(report) - set(REPORT_FIELDS)
    if unknown:
        raise ValidationError(_("Trường không hợp lệ: %(f)s") % {"f": ", ".join(sorted(unknown))})
    justification = (justification or "").strip()
    if entry.eligible is False and entry.included and not justification:
        raise ValidationError(
            {
                "justification": _("Cần giải trình vì bộ quy tắc xác định chưa đủ điều kiện %(t)s.")
                % {"t": entry.title_name}
            }
        )
    before = {name: getattr(entry, name) for name in (*REPORT_FIELDS, "justification")}
    for name, value in report.items():
        setattr(entry, name, (value or "").strip())
    entry.justification = justification
    entry.save()
    after = {name: getattr(entry, name) for name in (*REPORT_FIELDS, "justification")}
    audit_record(
        actor=actor,
        action="upward.entry_update",
        obj=dossier,
        before={"entry": str(entry), **{k: v for k, v in before.items() if after[k] != v}},
        after={"entry": str(entry), **{k: v for k, v in after.items() if before[k] != v}},
    )
    return entry


@transaction.atomic
def entry_set_included(*, actor, entry: DossierEntry, included: bool, reason: str = ""):
    """Leave an entry out of the dossier (with a reason) or put it back."""
    dossier = _lock_editable(actor, entry.dossier)
    entry = DossierEntry.objects.select_for_update().get(pk=entry.pk, dossier=dossier)
    reason = (reason or "").strip()
    if not included and not reason:
        raise ValidationError({"reason": _("Cần ghi lý do không đưa vào hồ sơ.")})
    if entry.included == included:
        return entry
    entry.included = included
    entry.save(update_fields=["included"])
    audit_record(
        actor=actor,
        action="upward.entry_include" if included else "upward.entry_exclude",
        obj=dossier,
        before={"entry": str(entry), "included": not included},
        after={"entry": str(entry), "included": included},
        reason=reason,
    )
    return entry


# Transitions --------------------------------------------------------------------------------


def _check_entries(dossier: UpwardDossier) -> None:
    entries = list(dossier.entries.select_related("person", "unit"))
    problems = []
    if not any(e.included for e in entries):
        problems.append(_("Hồ sơ chưa có trường hợp nào được đề nghị."))
    for entry in entries:
        if entry.needs_justification:
            problems.append(
                _("%(who)s chưa đủ điều kiện %(title)s theo bộ quy tắc: cần giải trình.")
                % {"who": entry.subject_name, "title": entry.title_name}
            )
    if problems:
        raise ValidationError(problems)


def memo_issuer_code(dossier: UpwardDossier) -> str:
    movement = sources.movement_of(dossier.agency, dossier.year)
    return (movement.issuer_code if movement else "") or dossier.agency.code


def _award_amount(title_code: str, decided_on: dt.date, collective: bool) -> int | None:
    if collective and title_code != "TTLDXS":
        return None  # a collective's Bằng khen: the province sets the amount
    params = legal_parameters()
    try:
        salary, _basis = base_salary(decided_on, params)
    except (ValueError, KeyError):
        return None
    coefficient = coefficients_on(decided_on, params=params).get(title_code)
    if coefficient is None:
        return None
    return reward_amount(coefficient, salary, step=rounding_step(decided_on, params))


def _record_awards(actor, dossier: UpwardDossier, awarded_ids) -> list[Award]:
    """The province's decision enters the awards history: one Award per awarded entry, audited;
    the others are marked not awarded."""
    from thidua.records.services import past_award_record

    entries = list(dossier.entries.filter(included=True).select_related("person", "unit"))
    if awarded_ids is None:
        awarded_ids = {e.pk for e in entries}
    awarded_ids = {int(i) for i in awarded_ids}
    if awarded_ids - {e.pk for e in entries}:
        raise ValidationError({"awarded": _("Có trường hợp không thuộc hồ sơ này.")})
    awards = []
    for entry in entries:
        entry.awarded = entry.pk in awarded_ids
        if entry.awarded:
            amount = _award_amount(
                entry.title_code, dossier.province_decided_on, entry.is_collective
            )
            if entry.person_id:
                award = past_award_record(
                    actor=actor,
                    person=entry.person,
                    year=dossier.year,
                    title_code=entry.title_code,
                    decision_code=dossier.province_decision_code,
                    decided_on=dossier.province_decided_on,
                    issuer_name=dossier.province_issuer,
                    amount_vnd=amount,
                )
            else:
                award = Award.objects.create(
                    unit=entry.unit,
                    year=dossier.year,
                    title_code=entry.title_code,
                    decision_code=dossier.province_decision_code,
                    decided_on=dossier.province_decided_on,
                    issuer_name=dossier.province_issuer,
                    amount_vnd=amount,
                )
                audit_record(
                    actor=actor,
                    action="award.record",
                    obj=award,
                    after={
                        "unit": entry.unit.code,
                        "year": dossier.year,
                        "title_code": entry.title_code,
                        "decision_code": dossier.province_decision_code,
                        "decided_on": dossier.province_decided_on,
                        "issuer_name": dossier.province_issuer,
                        "upward_dossier": dossier.pk,
                    },
                )
            entry.award = award
            awards.append(award)
        entry.save(update_fields=["awarded", "award"])
    return awards


@transaction.atomic
def dossier_transition(
    *,
    actor,
    dossier: UpwardDossier,
    action: str,
    reason: str = "",
    decision_code: str = "",
    decided_on: dt.date | None = None,
    issuer: str = "",
    awarded_ids=None,
) -> UpwardDossier:
    """Move a dossier along TRANSITIONS, role- and scope-checked at its agency, with a
    transition row and an audit event. Signing issues the memo's TTr number (kept if the
    dossier is reopened); the decision records the awards."""
    dossier = UpwardDossier.objects.select_for_update().select_related("agency").get(pk=dossier.pk)
    label = ACTION_LABELS.get(action, action)
    key = (dossier.status, action)
    if key not in TRANSITIONS:
        raise ValidationError(
            _("Không thể %(action)s khi hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": label, "status": dossier.get_status_display()}
        )
    next_status, roles = TRANSITIONS[key]
    if not may(actor, roles, dossier):
        raise PermissionDenied(_("Bạn không có quyền %(action)s.") % {"action": label})
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Cần ghi lý do.")})
    today = timezone.localdate()
    before = dossier.status
    fields = ["status"]
    after: dict = {"status": next_status}
    if action in ("sign", "resend"):
        _check_entries(dossier)
    if action == "sign":
        if dossier.memo_number_id is None:
            dossier.memo_number = number_issue(
                actor=actor,
                issuer=dossier.agency,
                doc_type="TTr",
                issued_on=today,
                summary=sources.memo_summary_line(dossier),
                issuer_code=memo_issuer_code(dossier),
                obj=dossier,
            )
        dossier.signed_by = actor if actor else None
        dossier.signer_name = actor.get_full_name() if actor else sources.head_name(dossier.agency)
        dossier.signed_on = today
        fields += ["memo_number", "signed_by", "signer_name", "signed_on"]
        after.update(memo=dossier.memo_code, signer=dossier.signer_name)
    if action in ("send", "resend"):
        dossier.sent_at = timezone.now()
        fields.append("sent_at")
    if action == "decide":
        decision_code = (decision_code or "").strip()
        errors = {}
        if not decision_code:
            errors["decision_code"] = _("Cần ghi số quyết định của tỉnh.")
        if decided_on is None:
            errors["decided_on"] = _("Cần ghi ngày quyết định của tỉnh.")
        elif decided_on > today:
            errors["decided_on"] = _("Ngày quyết định không được sau hôm nay.")
        elif dossier.signed_on and decided_on < dossier.signed_on:
            errors["decided_on"] = _("Ngày quyết định không được trước ngày ký tờ trình.")
        if errors:
            raise ValidationError(errors)
        dossier.province_decision_code = decision_code[:60]
        dossier.province_decided_on = decided_on
        dossier.province_issuer = ((issuer or "").strip() or province_issuer(dossier.agency))[:200]
        fields += ["province_decision_code", "province_decided_on", "province_issuer"]
        awards = _record_awards(actor, dossier, awarded_ids)
        after.update(
            decision_code=decision_code,
            decided_on=decided_on,
            issuer=dossier.province_issuer,
            awards=[[str(a.person or a.unit), a.title_code] for a in awards],
        )
    dossier.status = next_status
    dossier.save(update_fields=fields)
    DossierTransition.objects.create(
        dossier=dossier,
        action=action,
        from_status=before,
        to_status=next_status,
        actor=actor if actor else None,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=f"upward.{action}",
        obj=dossier,
        before={"status": before},
        after=after,
        reason=reason,
    )
    _notify(dossier, action, reason)
    return dossier


def _notify(dossier: UpwardDossier, action: str, reason: str) -> None:
    """Sent → the province board; reopened → the secretariat; returned or decided → the head."""
    from thidua.reviews.services import _holders

    url = reverse("upward:detail", kwargs={"pk": dossier.pk})
    agency = dossier.agency.name
    if action in ("send", "resend"):
        province = province_of(dossier.agency)
        recipients = _holders(Role.PROVINCE_BOARD, province) if province else []
        message = _("%(a)s đã gửi hồ sơ đề nghị khen thưởng năm %(y)s (tờ trình %(m)s).") % {
            "a": agency,
            "y": dossier.year,
            "m": dossier.memo_code,
        }
    elif action == "reopen":
        recipients = _holders(Role.SECRETARIAT, dossier.agency)
        message = _("Tờ trình đề nghị khen thưởng cấp trên năm %(y)s được mở lại để sửa.") % {
            "y": dossier.year
        }
    elif action in ("return", "decide"):
        recipients = _holders(Role.HEAD, dossier.agency)
        if action == "return":
            message = _("Tỉnh yêu cầu bổ sung hồ sơ đề nghị khen thưởng năm %(y)s: %(r)s") % {
                "y": dossier.year,
                "r": reason,
            }
        else:
            message = _("Tỉnh đã quyết định khen thưởng (%(c)s) theo hồ sơ năm %(y)s.") % {
                "c": dossier.province_decision_code,
                "y": dossier.year,
            }
    else:
        return
    for user in recipients:
        Notification.objects.create(user=user, message=message[:500], url=url)


def notify_prepared(dossier: UpwardDossier) -> None:
    """Ask the head to read and sign the memo."""
    from thidua.reviews.services import _holders

    url = reverse("upward:detail", kwargs={"pk": dossier.pk})
    message = _("Hồ sơ đề nghị khen thưởng cấp trên năm %(y)s chờ ký tờ trình.") % {
        "y": dossier.year
    }
    for user in _holders(Role.HEAD, dossier.agency):
        Notification.objects.create(user=user, message=message, url=url)
