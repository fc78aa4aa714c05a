"""Writes for division reviews and proposals: opening a review with the engine's candidates,
recording attendance and votes, submitting it (which creates the proposal), ad-hoc proposals,
justifications, attachments and the proposal's transitions.

Every service checks role and scope, locks the row it changes, and writes an audit event in the
same transaction. A refused call raises before anything is written, so it changes nothing.
"""

import datetime as dt
import hashlib
import uuid

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import has_role
from thidua.accounts.models import Role, RoleAssignment
from thidua.core.audit import audit_record
from thidua.core.files import atomic_with_files, store_file
from thidua.core.models import Notification
from thidua.initiatives.uploads import check_upload
from thidua.movements.models import Movement, MovementKind, MovementStatus, Phase
from thidua.org.models import Membership, Person, Unit, UnitKind
from thidua.rules import InputError

from .models import (
    Attachment,
    AttachmentKind,
    Attendance,
    Candidate,
    Nominee,
    Proposal,
    ProposalKind,
    ProposalStatus,
    ProposalTransition,
    Review,
    ReviewStatus,
)

S = ProposalStatus
DIVISION = (Role.DIVISION_HEAD,)  # scoped to the proposal's division
SECRETARIAT = (Role.SECRETARIAT,)  # scoped to the proposal's agency

# (state, action) → (next state, roles allowed). The only way a proposal changes state.
TRANSITIONS = {
    (S.DRAFT, "submit"): (S.SUBMITTED, DIVISION),
    (S.DRAFT, "withdraw"): (S.WITHDRAWN, DIVISION),
    (S.SUBMITTED, "return"): (S.RETURNED, SECRETARIAT),
    (S.SUBMITTED, "accept"): (S.ACCEPTED, SECRETARIAT),
    (S.SUBMITTED, "withdraw"): (S.WITHDRAWN, DIVISION),
    (S.RETURNED, "resubmit"): (S.RESUBMITTED, DIVISION),
    (S.RETURNED, "withdraw"): (S.WITHDRAWN, DIVISION),
    (S.RESUBMITTED, "return"): (S.RETURNED, SECRETARIAT),
    (S.RESUBMITTED, "accept"): (S.ACCEPTED, SECRETARIAT),
    (S.RESUBMITTED, "withdraw"): (S.WITHDRAWN, DIVISION),
}
ACTIONS = sorted({action for _state, action in TRANSITIONS})
ACTION_LABELS = {
    "submit": "gửi Hội đồng",
    "resubmit": "gửi lại",
    "withdraw": "rút",
    "return": "trả lại",
    "accept": "tiếp nhận",
}
REASON_REQUIRED = {"return"}
EDITABLE = (S.DRAFT, S.RETURNED)

INDIVIDUAL_CANDIDATE_TITLES = ("LDTT", "CSTDCS")
COLLECTIVE_CANDIDATE_TITLES = ("TTLDTT", "TTLDXS")
AD_HOC_TITLES = ("GIAY_KHEN", "BK_TINH")


def division_vote_threshold() -> int:
    """`division_vote_threshold` (DOMAIN.md §7): more than this percentage of those present."""
    return int(getattr(settings, "THIDUA_DIVISION_VOTE_THRESHOLD", 50))


def division_vote_passes(approve: int | None, present: int, threshold_percent: int) -> bool:
    """Strictly more than `threshold_percent` of those present, on integers: with 50 %, 3 of 6
    fails and 4 of 7 passes (DOMAIN.md §3.3)."""
    if approve is None or present <= 0:
        return False
    return approve * 100 > threshold_percent * present


# Scope --------------------------------------------------------------------------------------


def is_division_head(actor, division: Unit) -> bool:
    return actor is None or has_role(actor, DIVISION, division)


def may(actor, roles, proposal: Proposal) -> bool:
    """Whether the actor holds one of `roles` where it counts: a division head at the
    proposal's division, the secretariat at its agency."""
    if actor is None:
        return True
    for role in roles:
        unit = proposal.division if role == Role.DIVISION_HEAD else proposal.agency
        if has_role(actor, [role], unit):
            return True
    return False


def action_roles(action: str) -> set:
    roles = set()
    for (_state, name), (_next, allowed) in TRANSITIONS.items():
        if name == action:
            roles.update(allowed)
    return roles


def _require_division_head(actor, division: Unit, message: str) -> None:
    if not is_division_head(actor, division):
        raise PermissionDenied(message)


# The engine ---------------------------------------------------------------------------------


def engine_verdicts(*, agency: Unit, year: int, division: Unit) -> dict:
    """(kind, code, title) → {"eligible", "checks"} from the rules engine for the division's
    people ("person", staff code) and the division itself ("unit", unit code)."""
    from thidua.records.dossier import evaluate_agency

    try:
        result = evaluate_agency(agency=agency, year=year, unit=division)
    except InputError as error:
        raise ValidationError(
            _("Dữ liệu chưa đủ để xét điều kiện: %(p)s") % {"p": "; ".join(error.problems)}
        ) from error
    verdicts = {}
    for person in result["people"]:
        for code, verdict in {**person["titles"], **person.get("upward", {})}.items():
            verdicts[("person", person["id"], code)] = verdict
    for collective in result["collectives"]:
        for code, verdict in collective["titles"].items():
            verdicts[("unit", collective["id"], code)] = verdict
    return verdicts


def _plain_checks(verdict) -> list[dict]:
    return [
        {
            "rule": c.get("rule", ""),
            "passed": bool(c.get("passed")),
            "reason": c.get("reason", ""),
            "basis": c.get("basis", ""),
        }
        for c in (verdict or {}).get("checks", [])
    ]


# Reviews ------------------------------------------------------------------------------------


def members_on(division: Unit, on_date: dt.date) -> list[Membership]:
    """The division's members on the review date (memberships over time, DOMAIN.md §6)."""
    return list(
        Membership.objects.filter(unit=division, start_date__lte=on_date)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=on_date))
        .select_related("person")
        .order_by("person__search_name", "person__staff_code")
    )


@transaction.atomic
def review_open(
    *,
    actor,
    division: Unit,
    movement: Movement,
    phase: Phase | None,
    held_on: dt.date,
    place: str,
    chair_name: str,
    secretary_name: str,
) -> Review:
    """The division head opens the review of a phase (or of the year) of the agency's regular
    movement; attendance lists the division's members on `held_on`, and the candidates are
    pre-filled from the rules engine with their eligibility and reasons."""
    _require_division_head(actor, division, _("Chỉ trưởng phòng mới mở bình xét của phòng mình."))
    movement = Movement.objects.select_for_update().get(pk=movement.pk)
    agency = division.agency()
    errors = {}
    if division.kind != UnitKind.DIVISION or not division.is_collective:
        errors["division"] = _("“%(n)s” không phải tập thể thi đua.") % {"n": division.name}
    if movement.agency_id != getattr(agency, "pk", None) or movement.kind != MovementKind.REGULAR:
        errors["movement"] = _("Phong trào không phải phong trào thường xuyên của cơ quan.")
    elif movement.status == MovementStatus.DRAFT:
        errors["movement"] = _("Phong trào chưa được phát động.")
    if phase is not None and phase.movement_id != movement.pk:
        errors["phase"] = _("Giai đoạn không thuộc phong trào này.")
    if not (place or "").strip():
        errors["place"] = _("Cần ghi địa điểm họp.")
    if not (chair_name or "").strip():
        errors["chair_name"] = _("Cần ghi người chủ trì.")
    if not (secretary_name or "").strip():
        errors["secretary_name"] = _("Cần ghi thư ký.")
    if held_on and held_on.year not in (movement.year, movement.year + 1):
        errors["held_on"] = _("Ngày họp phải trong năm %(y)s hoặc đầu năm sau.") % {
            "y": movement.year
        }
    if Review.objects.filter(division=division, movement=movement, phase=phase).exists():
        errors["phase"] = _("Phòng đã mở bình xét cho kỳ này.")
    if errors:
        raise ValidationError(errors)
    members = members_on(division, held_on)
    if not members:
        raise ValidationError({"held_on": _("Ngày họp, phòng không có thành viên nào.")})
    verdicts = engine_verdicts(agency=agency, year=movement.year, division=division)
    review = Review.objects.create(
        agency=agency,
        division=division,
        movement=movement,
        phase=phase,
        year=movement.year,
        held_on=held_on,
        place=place.strip(),
        chair_name=chair_name.strip(),
        secretary_name=secretary_name.strip(),
        threshold_percent=division_vote_threshold(),
        created_by=actor if actor else None,
    )
    for membership in members:
        Attendance.objects.create(
            review=review, person=membership.person, position=membership.position, present=True
        )
    order = 0
    people = {
        p.staff_code: p
        for p in Person.objects.filter(
            staff_code__in=[code for kind, code, _t in verdicts if kind == "person"]
        )
    }
    for (kind, code, title), verdict in sorted(verdicts.items(), key=lambda kv: kv[0][1]):
        if kind == "person" and title in INDIVIDUAL_CANDIDATE_TITLES and code in people:
            subject = {"person": people[code]}
        elif kind == "unit" and code == division.code and title in COLLECTIVE_CANDIDATE_TITLES:
            subject = {"unit": division}
        else:
            continue
        order += 1
        Candidate.objects.create(
            review=review,
            order=order if kind == "person" else 0,
            title_code=title,
            eligible=bool(verdict["eligible"]),
            checks=_plain_checks(verdict),
            **subject,
        )
    audit_record(
        actor=actor,
        action="review.open",
        obj=review,
        after={
            "division": division.code,
            "period": review.period_label,
            "held_on": held_on,
            "members": len(members),
            "candidates": review.candidates.count(),
            "threshold_percent": review.threshold_percent,
        },
    )
    return review


def _lock_open_review(actor, review: Review) -> Review:
    review = Review.objects.select_for_update().get(pk=review.pk)
    _require_division_head(actor, review.division, _("Chỉ trưởng phòng mới bình xét được."))
    if review.status != ReviewStatus.OPEN:
        raise ValidationError(_("Cuộc họp bình xét đã lập hồ sơ đề nghị: không sửa được."))
    return review


@transaction.atomic
def review_record(*, actor, review: Review, present_ids, votes: dict[int, int | None]) -> Review:
    """Record who was present and, for each candidate, the approvals (None: not voted on).
    The threshold decides who is proposed: approvals MORE than `threshold_percent` of those
    present."""
    review = _lock_open_review(actor, review)
    present_ids = {int(i) for i in present_ids}
    attendance = list(review.attendance.select_related("person"))
    unknown = present_ids - {a.person_id for a in attendance}
    if unknown:
        raise ValidationError({"present": _("Có người không phải thành viên của phòng.")})
    present = len(present_ids)
    candidates = {c.pk: c for c in review.candidates.select_related("person", "unit")}
    errors = []
    if set(votes) - set(candidates):
        raise ValidationError({"votes": _("Có ứng viên không thuộc cuộc họp này.")})
    for pk, approve in votes.items():
        if approve is None:
            continue
        candidate = candidates[pk]
        if approve < 0 or approve > present:
            errors.append(
                _("%(who)s – %(title)s: số phiếu đồng ý phải từ 0 đến %(n)s (số người có mặt).")
                % {"who": candidate.subject_name, "title": candidate.title_name, "n": present}
            )
    if any(v is not None for v in votes.values()) and present == 0:
        errors.append(_("Chưa có ai có mặt: không thể biểu quyết."))
    if errors:
        raise ValidationError({"votes": errors})
    for row in attendance:
        is_present = row.person_id in present_ids
        if row.present != is_present:
            row.present = is_present
            row.save(update_fields=["present"])
    results = []
    for pk, candidate in candidates.items():
        approve = votes.get(pk, candidate.approve_votes)
        candidate.approve_votes = approve
        candidate.present_votes = present if approve is not None else None
        candidate.proposed = division_vote_passes(approve, present, review.threshold_percent)
        candidate.save(update_fields=["approve_votes", "present_votes", "proposed"])
        if approve is not None:
            results.append(
                [candidate.subject_name, candidate.title_code, approve, present, candidate.proposed]
            )
    review.votes_recorded_at = timezone.now()
    review.save(update_fields=["votes_recorded_at"])
    audit_record(
        actor=actor,
        action="review.record",
        obj=review,
        after={"present": present, "members": len(attendance), "votes": results},
    )
    return review


@transaction.atomic
def review_submit(*, actor, review: Review) -> Proposal | None:
    """Close the review and create the proposal (draft) with the candidates it proposed; no
    proposal when nobody reached the threshold."""
    review = _lock_open_review(actor, review)
    if review.votes_recorded_at is None:
        raise ValidationError(_("Chưa ghi kết quả biểu quyết."))
    if review.present_count == 0:
        raise ValidationError(_("Chưa có ai có mặt: không thể kết thúc bình xét."))
    proposed = list(review.candidates.filter(proposed=True).select_related("person", "unit"))
    review.status = ReviewStatus.SUBMITTED
    review.submitted_at = timezone.now()
    review.save(update_fields=["status", "submitted_at"])
    proposal = None
    if proposed:
        proposal = Proposal.objects.create(
            agency=review.agency,
            division=review.division,
            kind=ProposalKind.REVIEW,
            review=review,
            movement=review.movement,
            phase=review.phase,
            year=review.year,
            created_by=actor if actor else None,
        )
        for order, candidate in enumerate(proposed, start=1):
            Nominee.objects.create(
                proposal=proposal,
                candidate=candidate,
                person=candidate.person,
                unit=candidate.unit,
                title_code=candidate.title_code,
                eligible=candidate.eligible,
                checks=candidate.checks,
                approve_votes=candidate.approve_votes,
                present_votes=candidate.present_votes,
                order=order,
            )
        audit_record(
            actor=actor,
            action="proposal.create",
            obj=proposal,
            after={
                "review": review.pk,
                "nominees": [[n.subject_name, n.title_code] for n in proposal.nominees.all()],
            },
        )
    audit_record(
        actor=actor,
        action="review.submit",
        obj=review,
        after={"proposal": proposal.pk if proposal else None, "proposed": len(proposed)},
    )
    return proposal


# Proposals ----------------------------------------------------------------------------------


@transaction.atomic
def proposal_create_ad_hoc(
    *, actor, division: Unit, year: int, reason: str, nominees: list[tuple]
) -> Proposal:
    """An ad-hoc proposal (khen thưởng đột xuất) outside the phase calendar: no review, a reason,
    nominees `(person or None, unit or None, title_code)` of the division."""
    _require_division_head(
        actor, division, _("Chỉ trưởng phòng mới lập hồ sơ đề nghị của phòng mình.")
    )
    errors = {}
    if not (reason or "").strip():
        errors["reason"] = _("Cần ghi lý do đề nghị khen thưởng đột xuất.")
    if not nominees:
        errors["nominees"] = _("Cần ít nhất một người hoặc tập thể được đề nghị.")
    members = {m.person_id for m in members_on(division, timezone.localdate())}
    problems = []
    for person, unit, title in nominees:
        if title not in AD_HOC_TITLES:
            problems.append(_("Hình thức “%(t)s” không dùng cho khen đột xuất.") % {"t": title})
        if person is not None and person.pk not in members:
            problems.append(_("%(n)s không phải thành viên của phòng.") % {"n": person.full_name})
        if unit is not None and unit.pk != division.pk:
            problems.append(_("Tập thể được đề nghị phải là phòng của mình."))
    if problems:
        errors["nominees"] = problems
    if errors:
        raise ValidationError(errors)
    agency = division.agency()
    verdicts = engine_verdicts(agency=agency, year=year, division=division)
    proposal = Proposal.objects.create(
        agency=agency,
        division=division,
        kind=ProposalKind.AD_HOC,
        year=year,
        reason=reason.strip(),
        created_by=actor if actor else None,
    )
    for order, (person, unit, title) in enumerate(nominees, start=1):
        key = ("person", person.staff_code, title) if person else ("unit", unit.code, title)
        verdict = verdicts.get(key)
        Nominee.objects.create(
            proposal=proposal,
            person=person,
            unit=unit,
            title_code=title,
            eligible=bool(verdict["eligible"]) if verdict else None,
            checks=_plain_checks(verdict),
            order=order,
        )
    audit_record(
        actor=actor,
        action="proposal.create",
        obj=proposal,
        after={
            "kind": "ad_hoc",
            "reason": proposal.reason,
            "nominees": [[n.subject_name, n.title_code] for n in proposal.nominees.all()],
        },
    )
    return proposal


def _lock_editable(actor, proposal: Proposal, message: str) -> Proposal:
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    _require_division_head(actor, proposal.division, message)
    if proposal.status not in EDITABLE:
        raise ValidationError(
            _("Hồ sơ đang ở trạng thái “%(s)s”: không sửa được.")
            % {"s": proposal.get_status_display()}
        )
    return proposal


@transaction.atomic
def nominee_justify(*, actor, nominee: Nominee, justification: str) -> Nominee:
    """The division's written justification for proposing someone the engine found not
    eligible."""
    proposal = _lock_editable(actor, nominee.proposal, _("Chỉ trưởng phòng mới giải trình được."))
    nominee = Nominee.objects.select_for_update().get(pk=nominee.pk, proposal=proposal)
    justification = (justification or "").strip()
    if nominee.eligible is False and not justification:
        raise ValidationError(
            {"justification": _("Cần giải trình vì người được đề nghị không đủ điều kiện.")}
        )
    before = nominee.justification
    nominee.justification = justification
    nominee.save(update_fields=["justification"])
    audit_record(
        actor=actor,
        action="proposal.justify",
        obj=proposal,
        before={"nominee": str(nominee), "justification": before},
        after={"nominee": str(nominee), "justification": justification},
    )
    return nominee


@atomic_with_files
def attachment_add(
    *, actor, proposal: Proposal, kind: str, upload, nominee: Nominee | None = None
) -> Attachment:
    """Attach a checked file (type, size, content); stored under a generated name in the
    private storage, served only through the permission-checked view."""
    proposal = _lock_editable(actor, proposal, _("Chỉ trưởng phòng mới đính kèm tài liệu được."))
    if kind not in AttachmentKind.values:
        raise ValidationError({"kind": _("Loại tài liệu không hợp lệ.")})
    if nominee is not None and nominee.proposal_id != proposal.pk:
        raise ValidationError({"nominee": _("Người được đề nghị không thuộc hồ sơ này.")})
    checked = check_upload(upload)
    attachment = Attachment(
        proposal=proposal,
        nominee=nominee,
        kind=kind,
        original_name=checked.original_name,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
        uploaded_by=actor if actor else None,
    )
    stored = f"ho-so-{proposal.pk}-{uuid.uuid4().hex[:12]}{checked.extension}"
    store_file(attachment.file, stored, checked.content)
    attachment.save()
    audit_record(
        actor=actor,
        action="proposal.attachment_add",
        obj=proposal,
        after={
            "file": attachment.original_name,
            "kind": kind,
            "nominee": str(nominee) if nominee else None,
            "sha256": attachment.sha256,
            "size": attachment.size,
        },
    )
    return attachment


def _check_preconditions(proposal: Proposal, action: str) -> None:
    if action in ("submit", "resubmit"):
        nominees = list(proposal.nominees.select_related("person", "unit"))
        problems = []
        if not nominees:
            problems.append(_("Hồ sơ chưa có người hoặc tập thể được đề nghị."))
        for nominee in nominees:
            if nominee.needs_justification:
                problems.append(
                    _("%(who)s không đủ điều kiện %(title)s: cần giải trình.")
                    % {"who": nominee.subject_name, "title": nominee.title_name}
                )
        if proposal.kind == ProposalKind.AD_HOC and not proposal.reason.strip():
            problems.append(_("Cần ghi lý do đề nghị khen thưởng đột xuất."))
        if problems:
            raise ValidationError(problems)


@transaction.atomic
def proposal_transition(
    *, actor, proposal: Proposal, action: str, reason: str = "", agenda: str = ""
) -> Proposal:
    """Move a proposal along TRANSITIONS: role- and scope-checked (a division head of that
    division; the secretariat of that agency), with a transition row, an audit event and the
    notification of the hand-off."""
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    label = ACTION_LABELS.get(action, action)
    key = (proposal.status, action)
    if key not in TRANSITIONS:
        raise ValidationError(
            _("Không thể %(action)s hồ sơ đang ở trạng thái “%(status)s”.")
            % {"action": label, "status": proposal.get_status_display()}
        )
    next_status, roles = TRANSITIONS[key]
    if not may(actor, roles, proposal):
        raise PermissionDenied(_("Bạn không có quyền %(action)s hồ sơ này.") % {"action": label})
    reason = (reason or "").strip()
    if action in REASON_REQUIRED and not reason:
        raise ValidationError({"reason": _("Cần ghi lý do %(action)s.") % {"action": label}})
    _check_preconditions(proposal, action)
    before = proposal.status
    proposal.status = next_status
    fields = ["status"]
    if action in ("submit", "resubmit"):
        proposal.submitted_at = timezone.now()
        fields.append("submitted_at")
    if action == "accept":
        proposal.accepted_on = timezone.localdate()
        proposal.agenda = (agenda or "").strip()[:200] or _(
            "Phiên họp Hội đồng Thi đua - Khen thưởng năm %(y)s"
        ) % {"y": proposal.year}
        fields += ["accepted_on", "agenda"]
    proposal.save(update_fields=fields)
    ProposalTransition.objects.create(
        proposal=proposal,
        action=action,
        from_status=before,
        to_status=next_status,
        actor=actor if actor else None,
        reason=reason,
    )
    audit_record(
        actor=actor,
        action=f"proposal.{action}",
        obj=proposal,
        before={"status": before},
        after={"status": next_status, "agenda": proposal.agenda or None},
        reason=reason,
    )
    _notify_hand_off(proposal, action, reason)
    return proposal


# Notifications ------------------------------------------------------------------------------


def _holders(role: str, unit: Unit):
    """Active users holding `role` at `unit` or above it."""
    today = timezone.localdate()
    rows = (
        RoleAssignment.objects.filter(role=role, valid_from__lte=today, user__is_active=True)
        .filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
        .select_related("user", "unit")
    )
    seen, users = set(), []
    for row in rows:
        if unit.path.startswith(row.unit.path) and row.user_id not in seen:
            seen.add(row.user_id)
            users.append(row.user)
    return users


def _notify_hand_off(proposal: Proposal, action: str, reason: str) -> None:
    """Submitted or resubmitted → the secretariat; returned or accepted → the division heads.
    In the application always; by e-mail too when the user has an address (after commit)."""
    url = reverse("reviews:proposal", kwargs={"pk": proposal.pk})
    who = proposal.division.name
    if action in ("submit", "resubmit"):
        recipients = _holders(Role.SECRETARIAT, proposal.agency)
        message = _("%(div)s đã %(verb)s hồ sơ đề nghị khen thưởng (%(period)s).") % {
            "div": who,
            "verb": ACTION_LABELS[action],
            "period": proposal.period_label,
        }
    elif action == "return":
        recipients = _holders(Role.DIVISION_HEAD, proposal.division)
        message = _("Hồ sơ đề nghị khen thưởng của %(div)s bị trả lại: %(reason)s") % {
            "div": who,
            "reason": reason,
        }
    elif action == "accept":
        recipients = _holders(Role.DIVISION_HEAD, proposal.division)
        message = _("Hồ sơ đề nghị khen thưởng của %(div)s đã được tiếp nhận, đưa vào %(a)s.") % {
            "div": who,
            "a": proposal.agenda,
        }
    else:
        return
    message = message[:500]
    for user in recipients:
        Notification.objects.create(user=user, message=message, url=url)
        if user.email:
            address = user.email
            transaction.on_commit(
                lambda address=address: send_mail(
                    _("[Thi đua] %(m)s") % {"m": message[:120]},
                    f"{message}\n\n{url}",
                    None,
                    [address],
                    fail_silently=True,
                )
            )
