"""Writes for initiatives: saving a draft with its authors, evidence, the workflow transitions,
the used-once rule and the exemplars of the library.

Every service checks role and scope, locks the row it changes and writes an audit event in the
same transaction. The council's scoring and the recognition decision are in `council.py`.
"""

import datetime as dt
import hashlib
import uuid
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import has_role
from thidua.accounts.models import Role
from thidua.core.audit import audit_record
from thidua.core.files import atomic_with_files, store_file
from thidua.org.models import Person, Unit
from thidua.rules.codes import TITLE_NAMES

from .models import (
    Evidence,
    Exemplar,
    Initiative,
    InitiativeAuthor,
    InitiativeCouncil,
    InitiativeField,
    InitiativeStatus,
    InitiativeTransition,
    InitiativeUse,
)
from .search import fold_words
from .uploads import check_upload

S = InitiativeStatus
AUTHOR = "author"  # not a role: the actor is one of the initiative's authors
MANAGERS = (Role.SECRETARIAT, Role.ADMIN)
DECIDERS = (Role.HEAD,)
USE_RECORDERS = (Role.HEAD, Role.SECRETARIAT, Role.ADMIN)
EXEMPLAR_PUBLISHERS = (Role.HEAD,)

# (state, action) → (next state, who may). The only way an initiative changes state.
TRANSITIONS = {
    (S.DRAFT, "submit"): (S.SUBMITTED, (AUTHOR,)),
    (S.DRAFT, "withdraw"): (S.WITHDRAWN, (AUTHOR,)),
    (S.SUBMITTED, "return"): (S.RETURNED, MANAGERS),
    (S.SUBMITTED, "review"): (S.UNDER_REVIEW, MANAGERS),
    (S.SUBMITTED, "withdraw"): (S.WITHDRAWN, (AUTHOR,)),
    (S.RETURNED, "resubmit"): (S.RESUBMITTED, (AUTHOR,)),
    (S.RETURNED, "withdraw"): (S.WITHDRAWN, (AUTHOR,)),
    (S.RESUBMITTED, "return"): (S.RETURNED, MANAGERS),
    (S.RESUBMITTED, "review"): (S.UNDER_REVIEW, MANAGERS),
    (S.RESUBMITTED, "withdraw"): (S.WITHDRAWN, (AUTHOR,)),
    (S.UNDER_REVIEW, "recognise"): (S.RECOGNISED, DECIDERS),
    (S.UNDER_REVIEW, "reject"): (S.NOT_RECOGNISED, DECIDERS),
}
ACTIONS = sorted({action for _state, action in TRANSITIONS})
ACTION_LABELS = {
    "submit": "nộp",
    "withdraw": "rút",
    "return": "trả lại",
    "review": "đưa ra xét duyệt",
    "resubmit": "nộp lại",
    "recognise": "công nhận",
    "reject": "không công nhận",
}
REASON_REQUIRED = {"return", "reject"}
EDITABLE = (S.DRAFT, S.RETURNED)


def is_author(actor, initiative: Initiative) -> bool:
    person_id = getattr(actor, "person_id", None)
    return person_id is not None and initiative.authors.filter(person_id=person_id).exists()


def may(actor, roles, initiative: Initiative) -> bool:
    """Whether the actor is one of `roles` (AUTHOR included) for this initiative."""
    if actor is None:
        return True
    if AUTHOR in roles and is_author(actor, initiative):
        return True
    others = [r for r in roles if r != AUTHOR]
    return bool(others) and has_role(actor, others, initiative.agency)


def action_roles(action: str) -> set:
    """Everyone the table lets take `action` in some state (for showing buttons and 403s)."""
    roles = set()
    for (_state, name), (_next, allowed) in TRANSITIONS.items():
        if name == action:
            roles.update(allowed)
    return roles


def council_for(agency: Unit, year: int) -> InitiativeCouncil | None:
    return InitiativeCouncil.objects.filter(agency=agency, year=year).first()


def refresh_search(initiative: Initiative) -> None:
    """Fold the searchable text (accent-insensitive search on every database)."""
    names = " ".join(a.person.full_name for a in initiative.authors.select_related("person"))
    parts = [
        initiative.problem,
        initiative.solution,
        initiative.novelty,
        initiative.effect,
        initiative.applied_where,
        str(InitiativeField(initiative.field).label) if initiative.field else "",
        names,
    ]
    Initiative.objects.filter(pk=initiative.pk).update(
        search_title=fold_words(initiative.title)[:300], search_body=fold_words(" ".join(parts))
    )


def _check_authors(agency, authors, council) -> list[tuple[Person, Decimal]]:
    errors = []
    if not authors:
        raise ValidationError({"authors": _("Cần ít nhất một tác giả.")})
    seen = set()
    for person, share in authors:
        if person.pk in seen:
            errors.append(_("%(name)s được nhập hai lần.") % {"name": person.full_name})
        seen.add(person.pk)
        if person.agency_id != agency.pk:
            errors.append(
                _("%(name)s không thuộc cơ quan của sáng kiến.") % {"name": person.full_name}
            )
        if share is None or share <= 0 or share > 100:
            errors.append(
                _("Tỷ lệ đóng góp của %(name)s phải lớn hơn 0 và không quá 100 %%.")
                % {"name": person.full_name}
            )
    total = sum((share or Decimal(0) for _p, share in authors), Decimal(0))
    if total != 100:
        errors.append(
            _("Tổng tỷ lệ đóng góp của các tác giả phải bằng 100 %% (hiện là %(total)s %%).")
            % {"total": f"{total.normalize():f}"}
        )
    minimum = council.min_coauthor_share if council else None
    if minimum is not None and len(authors) > 1:
        for person, share in authors:
            if share is not None and share < minimum:
                errors.append(
                    _(
                        "Đồng tác giả %(name)s có tỷ lệ %(share)s %% thấp hơn mức tối thiểu %(min)s %%."
                    )
                    % {
                        "name": person.full_name,
                        "share": f"{share.normalize():f}",
                        "min": f"{minimum.normalize():f}",
                    }
                )
    if errors:
        raise ValidationError({"authors": errors})
    return authors


CONTENT_FIELDS = (
    "title",
    "field",
    "problem",
    "solution",
    "novelty",
    "applied_where",
    "applied_since",
    "application_kind",
    "effect",
)


@transaction.atomic
def initiative_save(
    *,
    actor,
    initiative: Initiative | None = None,
    agency: Unit | None = None,
    year: int | None = None,
    authors: list[tuple[Person, Decimal]],
    **content,
) -> Initiative:
    """Create a draft (any staff member of the agency) or change a draft or a returned
    initiative (its authors). `content` holds CONTENT_FIELDS."""
    unknown = set(content) - set(CONTENT_FIELDS)
    if unknown:
        raise TypeError(f"unknown fields: {sorted(unknown)}")
    if initiative is None:
        if agency is None:
            raise ValueError("agency is required for a new initiative")
        person_id = getattr(actor, "person_id", None)
        if actor is not None and (
            person_id is None or not Person.objects.filter(pk=person_id, agency=agency).exists()
        ):
            raise PermissionDenied(_("Chỉ cán bộ của cơ quan mới nộp sáng kiến được."))
        initiative = Initiative(
            agency=agency,
            year=year or timezone.localdate().year,
            created_by=actor if actor else None,
        )
        before = None
    else:
        initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if actor is not None and not is_author(actor, initiative):
            raise PermissionDenied(_("Chỉ tác giả mới sửa được sáng kiến."))
        if initiative.status not in EDITABLE:
            raise ValidationError(
                _("Sáng kiến đang ở trạng thái “%(status)s”: không sửa được.")
                % {"status": initiative.get_status_display()}
            )
        before = {name: getattr(initiative, name) for name in CONTENT_FIELDS}
        before["authors"] = [(a.person.staff_code, a.share) for a in initiative.authors.all()]
    if actor is not None and getattr(actor, "person_id", None) not in {p.pk for p, _s in authors}:
        raise ValidationError({"authors": _("Người nộp phải là một trong các tác giả.")})
    _check_authors(initiative.agency, authors, council_for(initiative.agency, initiative.year))
    applied_since = content.get("applied_since")
    if applied_since and applied_since > timezone.localdate():
        raise ValidationError({"applied_since": _("Ngày áp dụng không được sau hôm nay.")})
    for name, value in content.items():
        setattr(initiative, name, value)
    initiative.full_clean(exclude=["agency", "created_by", "search_title", "search_body"])
    initiative.save()
    initiative.authors.all().delete()
    for order, (person, share) in enumerate(authors):
        InitiativeAuthor.objects.create(
            initiative=initiative, person=person, share=share, order=order
        )
    refresh_search(initiative)
    after = {name: getattr(initiative, name) for name in CONTENT_FIELDS}
    after["authors"] = [(p.staff_code, s) for p, s in authors]
    audit_record(
        actor=actor,
        action="initiative.save" if before else "initiative.create",
        obj=initiative,
        before=before,
        after=after,
    )
    return initiative


@transaction.atomic
def initiative_transition(
    *,
    actor,
    initiative: Initiative,
    action: str,
    reason: str = "",
    session=None,
    decision=None,
) -> Initiative:
    """Move an initiative along TRANSITIONS.

    "review" happens only by putting it on a session's agenda (`session`, from
    `council.session_open`); "recognise" only with the head's decision (`decision`, from
    `council.recognition_decide`) after the council proposed it; "reject" after the council's
    session has closed.
    """
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    label = ACTION_LABELS.get(action, action)
    key = (initiative.status, action)
    if key not in TRANSITIONS:
        raise ValidationError(
            _("Không thể %(action)s sáng kiến đang ở trạng thái “%(status)s”.")
            % {"action": label, "status": initiative.get_status_display()}
        )
    next_status, roles = TRANSITIONS[key]
    if not may(actor, roles, initiative):
        raise PermissionDenied(
            _("Bạn không có quyền %(action)s sáng kiến này.") % {"action": label}
        )
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Cần ghi lý do %(action)s.") % {"action": label}})
    _check_preconditions(initiative, action, session, decision)
    before = initiative.status
    initiative.status = next_status
    if action in ("submit", "resubmit"):
        initiative.submitted_at = timezone.now()
    initiative.save(update_fields=["status", "submitted_at"])
    InitiativeTransition.objects.create(
        initiative=initiative,
        action=action,
        from_status=before,
        to_status=next_status,
        actor=actor if actor else None,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=f"initiative.{action}",
        obj=initiative,
        before={"status": before},
        after={"status": next_status},
        reason=reason,
    )
    return initiative


def _check_preconditions(initiative, action, session, decision) -> None:
    from .models import SessionStatus

    if action == "review" and session is None:
        raise ValidationError(_("Sáng kiến được đưa ra xét duyệt bằng cách xếp vào phiên họp."))
    last_item = initiative.session_items.select_related("session").order_by("-id").first()
    if action == "recognise":
        if decision is None:
            raise ValidationError(
                _("Sáng kiến được công nhận bằng quyết định của Chánh Văn phòng.")
            )
        if last_item is None or last_item.session.status != SessionStatus.CLOSED:
            raise ValidationError(_("Hội đồng chưa kết thúc phiên xét duyệt sáng kiến này."))
        if not last_item.passed:
            raise ValidationError(_("Hội đồng không đề nghị công nhận sáng kiến này."))
    if action == "reject" and (
        last_item is None or last_item.session.status != SessionStatus.CLOSED
    ):
        raise ValidationError(_("Hội đồng chưa kết thúc phiên xét duyệt sáng kiến này."))


# Evidence -------------------------------------------------------------------------------


@atomic_with_files
def evidence_add(*, actor, initiative: Initiative, upload) -> Evidence:
    """Attach a checked file; stored under a generated name in the private storage."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if actor is not None and not is_author(actor, initiative):
        raise PermissionDenied(_("Chỉ tác giả mới đính kèm minh chứng được."))
    if initiative.status not in EDITABLE:
        raise ValidationError(
            _("Chỉ đính kèm minh chứng khi sáng kiến là bản nháp hoặc bị trả lại.")
        )
    checked = check_upload(upload)
    evidence = Evidence(
        initiative=initiative,
        original_name=checked.original_name,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
        uploaded_by=actor if actor else None,
    )
    stored_name = f"sang-kien-{initiative.pk}-{uuid.uuid4().hex[:12]}{checked.extension}"
    store_file(evidence.file, stored_name, checked.content)
    evidence.save()
    audit_record(
        actor=actor,
        action="initiative.evidence_add",
        obj=initiative,
        after={"file": evidence.original_name, "sha256": evidence.sha256, "size": evidence.size},
    )
    return evidence


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    initiative = Initiative.objects.select_for_update().get(pk=evidence.initiative_id)
    if actor is not None and not is_author(actor, initiative):
        raise PermissionDenied(_("Chỉ tác giả mới gỡ minh chứng được."))
    if initiative.status not in EDITABLE:
        raise ValidationError(_("Minh chứng của sáng kiến đã nộp không gỡ được."))
    name, digest = evidence.original_name, evidence.sha256
    stored = evidence.file.name
    evidence.delete()
    transaction.on_commit(lambda: evidence.file.storage.delete(stored))
    audit_record(
        actor=actor,
        action="initiative.evidence_remove",
        obj=initiative,
        before={"file": name, "sha256": digest},
    )


# The used-once rule ---------------------------------------------------------------------


@transaction.atomic
def initiative_mark_used(*, actor, initiative: Initiative, title_code: str, year: int):
    """Record that the initiative backed `title_code` in `year` (called when that title is
    decided). One achievement, one award: a second use for the same title in another year is
    refused; the same use again is a no-op. Upward screenings count initiatives used or not."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if actor is not None and not has_role(actor, USE_RECORDERS, initiative.agency):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận việc sử dụng sáng kiến."))
    if title_code not in TITLE_NAMES:
        raise ValidationError({"title_code": _("Danh hiệu không hợp lệ: %s.") % title_code})
    if initiative.status != S.RECOGNISED:
        raise ValidationError(_("Chỉ sáng kiến đã được công nhận mới làm căn cứ xét danh hiệu."))
    if initiative.recognized_on and year < initiative.recognized_on.year:
        raise ValidationError(
            {
                "year": _("Sáng kiến được công nhận năm %(y)s: không làm căn cứ cho năm trước đó.")
                % {"y": initiative.recognized_on.year}
            }
        )
    current = InitiativeUse.objects.filter(initiative=initiative, title_code=title_code).first()
    if current is not None:
        if current.year == year:
            return current
        raise ValidationError(
            _("Sáng kiến “%(title)s” đã được dùng làm căn cứ xét %(award)s năm %(year)s.")
            % {"title": initiative.title, "award": TITLE_NAMES[title_code], "year": current.year}
        )
    use = InitiativeUse.objects.create(
        initiative=initiative,
        title_code=title_code,
        year=year,
        recorded_by=actor if actor else None,
    )
    audit_record(
        actor=actor,
        action="initiative.mark_used",
        obj=initiative,
        after={"title": title_code, "year": year},
    )
    return use


# Exemplars (nhân rộng điển hình tiên tiến) ----------------------------------------------------


def _exemplar_search(exemplar: Exemplar) -> None:
    subject = exemplar.person.full_name if exemplar.person_id else exemplar.unit.name
    Exemplar.objects.filter(pk=exemplar.pk).update(
        search_title=fold_words(exemplar.title)[:300],
        search_body=fold_words(f"{exemplar.write_up} {subject}"),
    )


@transaction.atomic
def exemplar_publish(
    *,
    actor,
    agency: Unit,
    title: str,
    write_up: str,
    year: int,
    person: Person | None = None,
    unit: Unit | None = None,
) -> Exemplar:
    """The head marks a person or a division as a good example; all staff see it."""
    if actor is not None and not has_role(actor, EXEMPLAR_PUBLISHERS, agency):
        raise PermissionDenied(_("Chỉ Chánh Văn phòng được nêu gương điển hình."))
    if (person is None) == (unit is None):
        raise ValidationError({"person": _("Chọn một cá nhân hoặc một tập thể.")})
    if person is not None and person.agency_id != agency.pk:
        raise ValidationError({"person": _("Cá nhân không thuộc cơ quan.")})
    if unit is not None and not unit.path.startswith(agency.path):
        raise ValidationError({"unit": _("Tập thể không thuộc cơ quan.")})
    if not title.strip() or not write_up.strip():
        raise ValidationError({"write_up": _("Cần tiêu đề và bài giới thiệu.")})
    exemplar = Exemplar.objects.create(
        agency=agency,
        person=person,
        unit=unit,
        year=year,
        title=title.strip(),
        write_up=write_up.strip(),
        published_by=actor if actor else None,
    )
    _exemplar_search(exemplar)
    audit_record(
        actor=actor,
        action="exemplar.publish",
        obj=exemplar,
        after={"title": exemplar.title, "subject": exemplar.subject_name, "year": year},
    )
    return exemplar


@transaction.atomic
def exemplar_withdraw(*, actor, exemplar: Exemplar, reason: str) -> Exemplar:
    exemplar = Exemplar.objects.select_for_update().get(pk=exemplar.pk)
    if actor is not None and not has_role(actor, EXEMPLAR_PUBLISHERS, exemplar.agency):
        raise PermissionDenied(_("Chỉ Chánh Văn phòng được gỡ điển hình."))
    if exemplar.withdrawn_at is not None:
        raise ValidationError(_("Điển hình này đã được gỡ."))
    if not reason.strip():
        raise ValidationError({"reason": _("Cần ghi lý do gỡ.")})
    exemplar.withdrawn_at = timezone.now()
    exemplar.withdrawn_reason = reason.strip()
    exemplar.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit_record(actor=actor, action="exemplar.withdraw", obj=exemplar, reason=reason)
    return exemplar


def default_year() -> int:
    return dt.date.today().year
