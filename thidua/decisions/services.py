"""Issuing numbers from the register. The unique constraint is the last word on duplicates;
the row lock on the issuer orders concurrent requests so the next number is computed safely."""

import datetime as dt
import hashlib
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import STAFF_EDITORS, ensure_role
from thidua.accounts.models import Role
from thidua.core.audit import audit_record
from thidua.core.files import atomic_with_files, store_file
from thidua.initiatives.uploads import check_upload
from thidua.legal.selectors import legal_parameters
from thidua.org.models import Unit, UnitKind
from thidua.org.selectors import membership_on
from thidua.rules.codes import TITLE_NAMES
from thidua.rules.money import (
    base_salary,
    coefficients_on,
    paid_titles,
    reward_amount,
    rounding_step,
)
from thidua.rules.params import document_grounds, refresh_grounds

from .models import Award, Decision, DecisionEntry, DecisionStatus, DocType, RegisteredNumber

NUMBER_KEEPERS = (Role.SECRETARIAT, Role.HEAD, Role.ADMIN)


@transaction.atomic
def number_issue(
    *,
    actor,
    issuer: Unit,
    doc_type: str,
    issued_on: dt.date,
    summary: str,
    issuer_code: str,
    series: str = "",
    number: int | None = None,
    obj=None,
) -> RegisteredNumber:
    """Take the next number of the series (or record a given `number`, e.g. a paper-era one).

    Raises ValidationError, naming the code, when that number was already issued.
    """
    ensure_role(actor, NUMBER_KEEPERS, issuer)
    Unit.objects.select_for_update().get(pk=issuer.pk)
    year = issued_on.year
    taken = RegisteredNumber.objects.filter(
        issuer=issuer, series=series, doc_type=doc_type, year=year
    )
    if number is None:
        number = (taken.aggregate(m=Max("number"))["m"] or 0) + 1
    elif taken.filter(number=number).exists():
        raise ValidationError(
            {"number": f"Số {number:02d}/{doc_type}-{issuer_code} năm {year} đã được cấp."}
        )
    try:
        with transaction.atomic():
            registered = RegisteredNumber.objects.create(
                issuer=issuer,
                series=series,
                doc_type=doc_type,
                year=year,
                number=number,
                issuer_code=issuer_code,
                issued_on=issued_on,
                summary=summary[:300],
                object_type=obj._meta.label_lower if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"number": f"Số {number:02d}/{doc_type}-{issuer_code} năm {year} đã được cấp."}
        ) from error
    audit_record(
        actor=actor,
        action="number.issue",
        obj=registered,
        after={
            "code": registered.code,
            "year": year,
            "series": series,
            "summary": registered.summary,
        },
    )
    return registered


# Award decisions ------------------------------------------------------------------------------

DRAFTERS = (Role.SECRETARIAT,)
SIGNERS = (Role.HEAD,)
DRAFT_READERS = (Role.HEAD, Role.SECRETARIAT, Role.ADMIN)
SCAN_KEEPERS = (Role.HEAD, Role.SECRETARIAT)
# Titles and awards the head of an agency decides (DOMAIN.md §1); the others are decided by the
# province or the Prime Minister and reach the history through their own decisions.
HEAD_TITLES = ("LDTT", "CSTDCS", "TTLDTT", "GIAY_KHEN")
PERSON_TITLES = frozenset({"LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ"})
UNIT_TITLES = frozenset({"TTLDTT", "TTLDXS", "CO_TINH"})
EDITABLE_FIELDS = ("summary", "grounds", "articles", "recipients", "signer_position")

_ISSUE_GATES: list = []


def register_issue_gate(fn):
    """Register `fn(decision) -> list[str]`: Vietnamese reasons that block signing (empty: none).

    Other apps register theirs when they load (e.g. the council: a decision made from a council
    session may be signed only after the posting ended and every objection was answered).
    Registering the same function twice has no effect. Returns `fn`, so it works as a decorator.
    """
    if fn not in _ISSUE_GATES:
        _ISSUE_GATES.append(fn)
    return fn


def issue_blockers(decision) -> list[str]:
    """Every reason, from every registered gate, why the decision may not be signed now."""
    reasons = []
    for gate in list(_ISSUE_GATES):
        reasons.extend(str(r) for r in (gate(decision) or ()))
    return reasons


def entry_amount(title_code: str, on: dt.date, *, collective: bool) -> int | None:
    """Reward money for one title decided on `on` (DOMAIN.md §3.4), by the legal parameter
    table (thidua.legal): coefficient in force on the decision date × base salary in force on
    it, rounded up to the step in force. None before the first base-salary row."""
    params = legal_parameters()
    try:
        salary, _decree = base_salary(on, params)
    except ValueError:
        return None
    coefficient = coefficients_on(on, params=params)[title_code]
    return reward_amount(
        coefficient,
        salary,
        collective_giay_khen=collective and title_code == "GIAY_KHEN",
        step=rounding_step(on, params),
    )


def decision_amounts(entries, on: dt.date) -> list[int | None]:
    """Reward money for each line of one decision decided on `on`, in the lines' order.

    Every line of a decision is for its evaluation year, so a subject's titles on it are of the
    same period: from 01/07/2025 only the highest of them is paid and the others get 0
    (NĐ 152/2025/NĐ-CP Điều 49 khoản 5); a Giấy khen is paid besides a title (khoản 7).
    """
    entries = list(entries)
    codes: dict[tuple, set[str]] = {}
    for entry in entries:
        codes.setdefault((entry.person_id, entry.unit_id), set()).add(entry.title_code)
    params = legal_parameters()
    paid = {subject: paid_titles(titles, on, params) for subject, titles in codes.items()}
    return [
        entry_amount(entry.title_code, on, collective=bool(entry.unit_id))
        if entry.title_code in paid[(entry.person_id, entry.unit_id)]
        else 0
        for entry in entries
    ]


def _document_defaults(agency: Unit) -> dict:
    """Header and signer of the agency's documents: those of its latest plan (the movement
    that took its KH number), else derived from the organisation."""
    from thidua.movements.models import Movement

    movement = (
        Movement.objects.filter(agency=agency).exclude(issuer_code="").order_by("-year").first()
    )
    if movement is not None:
        return {
            "governing_body": movement.governing_body,
            "issuing_body": movement.issuing_body,
            "issuer_code": movement.issuer_code,
            "place": movement.place,
            "signer_position": movement.signer_position or "CHÁNH VĂN PHÒNG",
            "signer_name": movement.signer_name,
        }
    parent = agency.parent
    place = ""
    if parent is not None:
        place = parent.short_name or parent.name
        for prefix in ("Tỉnh ", "Thành phố "):
            if place.startswith(prefix):
                place = place[len(prefix) :]
    head_title = "CHÁNH VĂN PHÒNG" if "văn phòng" in agency.name.lower() else "THỦ TRƯỞNG"
    return {
        "governing_body": (parent.name if parent else "").upper(),
        "issuing_body": agency.name.upper(),
        "issuer_code": agency.short_name or agency.code,
        "place": place,
        "signer_position": head_title,
    }


def _default_grounds(agency: Unit, year: int, on: dt.date | None = None) -> str:
    """The regime's law and the decree in force on the drafting date (never a replaced one)."""
    on = on or timezone.localdate()
    return "\n".join(
        [
            *document_grounds("award_decision", year, on, legal_parameters()),
            f"Xét đề nghị của Hội đồng Thi đua - Khen thưởng {agency.name}",
        ]
    )


default_grounds = _default_grounds  # public name for the apps that draft decisions


def _subject_check(entry: dict, agency: Unit) -> tuple:
    person, unit, code = entry.get("person"), entry.get("unit"), entry.get("title_code", "")
    if (person is None) == (unit is None):
        raise ValidationError(_("Mỗi dòng danh sách là một cá nhân hoặc một tập thể."))
    if code not in HEAD_TITLES:
        name = TITLE_NAMES.get(code, code)
        raise ValidationError(
            _("“%(name)s” không thuộc thẩm quyền quyết định của thủ trưởng cơ quan.")
            % {"name": name}
        )
    if person is not None:
        if code in UNIT_TITLES:
            raise ValidationError(
                _("Danh hiệu %(name)s chỉ dành cho tập thể.") % {"name": TITLE_NAMES[code]}
            )
        if person.agency_id != agency.pk:
            raise ValidationError(
                _("%(name)s không thuộc cơ quan ra quyết định.") % {"name": person.full_name}
            )
    else:
        if code in PERSON_TITLES:
            raise ValidationError(
                _("Danh hiệu %(name)s chỉ dành cho cá nhân.") % {"name": TITLE_NAMES[code]}
            )
        if not unit.path.startswith(agency.path) or unit.pk == agency.pk:
            raise ValidationError(
                _("%(name)s không phải là phòng của cơ quan ra quyết định.") % {"name": unit.name}
            )
    return person, unit, code


def _fill_entry(entry: DecisionEntry, on: dt.date) -> None:
    """Position and division from the membership in force on `on`."""
    if entry.person_id:
        membership = membership_on(entry.person, on)
        entry.position = membership.position if membership else ""
        entry.division_name = membership.unit.name if membership else ""
    else:
        entry.position = ""
        entry.division_name = entry.unit.name


def _default_achievement(code: str, year: int, collective: bool) -> str:
    if code == "GIAY_KHEN":
        return (
            f"Đã có thành tích xuất sắc trong thực hiện nhiệm vụ năm {year}"
            if not collective
            else f"Đã có thành tích xuất sắc trong phong trào thi đua năm {year}"
        )
    return f"Đạt danh hiệu “{TITLE_NAMES[code]}” năm {year}"


def _check_draft(decision: Decision) -> None:
    if decision.status != DecisionStatus.DRAFT:
        raise ValidationError(_("Quyết định đã ký hoặc đã huỷ, không sửa được."))


def _snapshot(decision: Decision) -> dict:
    return {
        "summary": decision.summary,
        "status": decision.status,
        "entries": [
            {
                "person": e.person.staff_code if e.person_id else None,
                "unit": e.unit.code if e.unit_id else None,
                "title_code": e.title_code,
            }
            for e in decision.entries.select_related("person", "unit")
        ],
    }


@transaction.atomic
def decision_draft(
    *, actor, agency: Unit, year: int, summary: str, entries, source=None, grounds=None
) -> Decision:
    """A draft decision of `agency` for the titles of `year` (the secretariat drafts).

    `entries`: dicts {"person": Person | None, "unit": Unit | None, "title_code": str}
    (optionally "achievement"). `source` is the object the decision comes from (a council
    session, a proposal), kept as (label, pk). `grounds`: căn cứ lines (list or text).
    """
    ensure_role(actor, DRAFTERS, agency)
    if agency.kind != UnitKind.AGENCY:
        raise ValidationError(_("Quyết định khen thưởng do cơ quan ban hành."))
    if not isinstance(year, int) or not 1990 <= year <= 2100:
        raise ValidationError({"year": _("Năm phải từ 1990 đến 2100.")})
    summary = (summary or "").strip()
    if not summary:
        raise ValidationError({"summary": _("Chưa nhập trích yếu.")})
    if isinstance(grounds, list | tuple):
        grounds = "\n".join(str(g).strip() for g in grounds if str(g).strip())
    decision = Decision.objects.create(
        agency=agency,
        year=year,
        summary=summary[:300],
        grounds=grounds if grounds is not None else _default_grounds(agency, year),
        recipients="Như Điều 3\nLưu: VT, HC-TC-QT.",
        source_type=source._meta.label_lower if source is not None else "",
        source_id=str(source.pk) if source is not None else "",
        created_by=actor if getattr(actor, "pk", None) else None,
        **_document_defaults(agency),
    )
    for entry in entries or ():
        _entry_create(decision, entry)
    audit_record(actor=actor, action="decision.draft", obj=decision, after=_snapshot(decision))
    return decision


def _entry_create(decision: Decision, entry: dict) -> DecisionEntry:
    person, unit, code = _subject_check(entry, decision.agency)
    duplicate = decision.entries.filter(person=person, unit=unit, title_code=code)
    if duplicate.exists():
        raise ValidationError(
            _("%(name)s đã có trong danh sách với %(title)s.")
            % {"name": (person or unit).__str__(), "title": TITLE_NAMES[code]}
        )
    last = decision.entries.order_by("-order").values_list("order", flat=True).first() or 0
    row = DecisionEntry(
        decision=decision,
        person=person,
        unit=unit,
        title_code=code,
        achievement=(entry.get("achievement") or "").strip()[:300]
        or _default_achievement(code, decision.year, unit is not None),
        order=last + 1,
    )
    _fill_entry(row, timezone.localdate())
    row.save()
    return row


@transaction.atomic
def decision_update(*, actor, decision: Decision, **fields) -> Decision:
    """Edit a draft's texts (summary, căn cứ lines, articles, recipients, signer position)."""
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    ensure_role(actor, DRAFTERS, decision.agency)
    _check_draft(decision)
    unknown = set(fields) - set(EDITABLE_FIELDS)
    if unknown:
        raise ValueError(f"not editable: {sorted(unknown)}")
    before = {k: getattr(decision, k) for k in fields}
    for key, value in fields.items():
        setattr(decision, key, (value or "").strip())
    if not decision.summary:
        raise ValidationError({"summary": _("Chưa nhập trích yếu.")})
    if not decision.signer_position:
        raise ValidationError({"signer_position": _("Chưa nhập chức vụ người ký.")})
    decision.save()
    audit_record(
        actor=actor,
        action="decision.update",
        obj=decision,
        before=before,
        after={k: getattr(decision, k) for k in fields},
    )
    return decision


@transaction.atomic
def decision_entry_add(*, actor, decision: Decision, entry: dict) -> DecisionEntry:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    ensure_role(actor, DRAFTERS, decision.agency)
    _check_draft(decision)
    row = _entry_create(decision, entry)
    audit_record(
        actor=actor,
        action="decision.entry_add",
        obj=decision,
        after={"subject": str(row.person or row.unit), "title_code": row.title_code},
    )
    return row


@transaction.atomic
def decision_entry_remove(*, actor, decision: Decision, entry: DecisionEntry) -> None:
    decision = Decision.objects.select_for_update().get(pk=decision.pk)
    ensure_role(actor, DRAFTERS, decision.agency)
    _check_draft(decision)
    if entry.decision_id != decision.pk:
        raise ValidationError(_("Dòng này không thuộc quyết định."))
    before = {"subject": str(entry.person or entry.unit), "title_code": entry.title_code}
    entry.delete()
    audit_record(actor=actor, action="decision.entry_remove", obj=decision, before=before)


@transaction.atomic
def decision_sign(*, actor, decision: Decision, signed_on: dt.date) -> Decision:
    """The head signs: gates checked, the next QĐ number taken, positions and money fixed at the
    decision date, one Award per line recorded in the history."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    ensure_role(actor, SIGNERS, decision.agency)
    _check_draft(decision)
    if not isinstance(signed_on, dt.date):
        raise ValidationError({"signed_on": _("Ngày ký không hợp lệ.")})
    if signed_on > timezone.localdate():
        raise ValidationError({"signed_on": _("Ngày ký không được sau hôm nay.")})
    if signed_on.year < decision.year:
        raise ValidationError(
            {"signed_on": _("Ngày ký không được trước năm thi đua %(y)s.") % {"y": decision.year}}
        )
    entries = list(decision.entries.select_related("person", "unit"))
    if not entries:
        raise ValidationError(_("Danh sách kèm theo chưa có ai."))
    blockers = issue_blockers(decision)
    if blockers:
        raise ValidationError(blockers)
    decision.number = number_issue(
        actor=actor,
        issuer=decision.agency,
        doc_type=DocType.QD,
        issued_on=signed_on,
        summary=decision.summary,
        issuer_code=decision.issuer_code,
        obj=decision,
    )
    decision.status = DecisionStatus.SIGNED
    decision.signed_on = signed_on
    decision.signed_by = actor if getattr(actor, "pk", None) else None
    if actor is not None and getattr(actor, "pk", None):
        decision.signer_name = actor.get_full_name() or decision.signer_name
    if not decision.signer_name.strip():
        # Decree 30/2020 Art. 8(4)(b): the signer's full name is printed under the signature.
        raise ValidationError(_("Chưa có họ tên người ký quyết định."))
    # The law lines drafted on another day are made right for the signing day (a 2024 decision
    # drafted in June 2025 and signed in July 2025 cites NĐ 152/2025, as its Article 2 does).
    decision.grounds = "\n".join(
        refresh_grounds(
            decision.grounds.splitlines(),
            "award_decision",
            decision.year,
            signed_on,
            legal_parameters(),
        )
    )
    decision.save()
    issuer_name = decision.agency.name
    for entry, amount in zip(entries, decision_amounts(entries, signed_on), strict=True):
        _fill_entry(entry, signed_on)
        entry.amount_vnd = amount
        entry.save(update_fields=["position", "division_name", "amount_vnd"])
        Award.objects.create(
            person=entry.person,
            unit=entry.unit,
            year=decision.year,
            title_code=entry.title_code,
            decision_code=decision.code,
            decided_on=signed_on,
            issuer_name=issuer_name[:200],
            amount_vnd=entry.amount_vnd,
            decision=decision,
        )
    audit_record(
        actor=actor,
        action="decision.sign",
        obj=decision,
        before={"status": DecisionStatus.DRAFT},
        after={
            "status": decision.status,
            "code": decision.code,
            "signed_on": signed_on,
            "awards": len(entries),
            "total_vnd": sum(e.amount_vnd or 0 for e in entries),
        },
    )
    return decision


@transaction.atomic
def decision_cancel(*, actor, decision: Decision, reason: str) -> Decision:
    """Cancel a signed decision (or abandon a draft): the number stays taken, the awards are
    revoked with the reason."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    ensure_role(actor, SIGNERS, decision.agency)
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": _("Phải nêu lý do huỷ quyết định.")})
    if decision.status == DecisionStatus.CANCELLED:
        raise ValidationError(_("Quyết định đã huỷ."))
    before = decision.status
    now = timezone.now()
    decision.status = DecisionStatus.CANCELLED
    decision.cancelled_at = now
    decision.cancelled_reason = reason
    decision.cancelled_by = actor if getattr(actor, "pk", None) else None
    decision.save()
    revoked = decision.awards.filter(revoked_at__isnull=True).update(
        revoked_at=now, revoked_reason=f"Huỷ quyết định {decision.code}: {reason}"
    )
    audit_record(
        actor=actor,
        action="decision.cancel",
        obj=decision,
        before={"status": before},
        after={"status": decision.status, "code": decision.code, "revoked_awards": revoked},
        reason=reason,
    )
    return decision


@atomic_with_files
def decision_scan_attach(*, actor, decision: Decision, upload) -> Decision:
    """Attach the signed scan (checked by uploads.check_upload, stored privately)."""
    decision = Decision.objects.select_for_update().select_related("agency").get(pk=decision.pk)
    ensure_role(actor, SCAN_KEEPERS, decision.agency)
    if decision.status != DecisionStatus.SIGNED:
        raise ValidationError(_("Chỉ đính kèm bản ký cho quyết định đã ký."))
    checked = check_upload(upload)
    if checked.extension not in (".pdf", ".png", ".jpg", ".jpeg"):
        raise ValidationError({"file": _("Bản ký là tệp PDF, JPG hoặc PNG.")})
    before = {"scan": decision.scan_name}
    stored = f"quyet-dinh-{decision.pk}-{uuid.uuid4().hex[:12]}{checked.extension}"
    store_file(decision.scan, stored, checked.content)
    decision.scan_name = checked.original_name
    decision.save(update_fields=["scan", "scan_name"])
    audit_record(
        actor=actor,
        action="decision.scan_attach",
        obj=decision,
        before=before,
        after={
            "scan": decision.scan_name,
            "sha256": hashlib.sha256(checked.content).hexdigest(),
            "size": len(checked.content),
        },
    )
    return decision


@transaction.atomic
def past_unit_award_record(
    *,
    actor,
    unit: Unit,
    year: int,
    title_code: str,
    decision_code: str,
    decided_on: dt.date,
    issuer_name: str,
    amount_vnd: int | None = None,
) -> Award:
    """A collective's award from a paper-era decision (the division counterpart of
    records.services.past_award_record). Recording the same award again changes nothing."""
    unit = Unit.objects.select_for_update().get(pk=unit.pk)
    agency = unit.agency()
    ensure_role(actor, STAFF_EDITORS, agency or unit)
    if title_code in PERSON_TITLES or title_code not in TITLE_NAMES:
        raise ValidationError({"title_code": _("Mã danh hiệu không hợp lệ cho tập thể.")})
    decision_code = (decision_code or "").strip()
    if not decision_code:
        raise ValidationError({"decision_code": _("Chưa nhập số quyết định khen thưởng.")})
    existing = Award.objects.filter(
        unit=unit,
        year=year,
        title_code=title_code,
        decision_code=decision_code,
        revoked_at__isnull=True,
    ).first()
    if existing is not None:
        return existing
    award = Award.objects.create(
        unit=unit,
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
            "unit": unit.code,
            "year": year,
            "title_code": title_code,
            "decision_code": decision_code,
            "decided_on": decided_on,
        },
    )
    return award
