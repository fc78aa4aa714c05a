"""Writes of the council: the session (members, agenda, attendance), the secret ballot, the
CSTĐCS quota, the public posting and its objections. Each service checks the role and the
state, locks the row it changes and writes an audit event in the same transaction.

No service logs or audits a ballot's choices: casting records only that the member took part.
"""

import datetime as dt
import secrets

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import has_role
from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.audit import audit_record
from thidua.core.models import Notification
from thidua.core.text import format_date
from thidua.decisions.models import DocType
from thidua.decisions.services import number_issue
from thidua.org.models import Unit
from thidua.reviews.models import Nominee, ProposalStatus

from . import rules
from .models import (
    SERIES,
    AgendaItem,
    Ballot,
    BallotCast,
    BallotStatus,
    CouncilMember,
    CouncilSession,
    MemberRole,
    Objection,
    QuotaState,
    SessionStatus,
)

MANAGERS = (Role.SECRETARIAT,)
READERS = (Role.SECRETARIAT, Role.HEAD)
CHOICES = ("yes", "no")


def _ensure_manager(actor, agency: Unit) -> None:
    if actor is not None and not has_role(actor, MANAGERS, agency):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng (Phòng HC-TC-QT) được thực hiện."))


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


def _holders(roles, agency: Unit, on_date: dt.date):
    rows = RoleAssignment.objects.filter(
        role__in=roles, unit__path__in=_ancestor_paths(agency.path), valid_from__lte=on_date
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
    return User.objects.filter(pk__in=rows.values("user_id"), is_active=True).order_by(
        "full_name", "username"
    )


def council_members(agency: Unit, on_date: dt.date) -> list[tuple[User, str]]:
    """(user, role) of the council on the date: the head as chair, then the council members."""
    chairs = list(_holders([Role.HEAD], agency, on_date))
    members = [u for u in _holders([Role.COUNCIL_MEMBER], agency, on_date) if u not in chairs]
    return [(u, MemberRole.CHAIR) for u in chairs] + [(u, MemberRole.MEMBER) for u in members]


def agenda_nominees(agency: Unit, year: int):
    """Nominees of the agency's accepted proposals of the year not yet on any session."""
    return (
        Nominee.objects.filter(
            proposal__agency=agency, proposal__year=year, proposal__status=ProposalStatus.ACCEPTED
        )
        .exclude(pk__in=AgendaItem.objects.values("nominee_id"))
        .select_related("person", "unit", "proposal__division")
        .order_by("proposal__division__order", "proposal_id", "order", "id")
    )


@transaction.atomic
def session_create(
    *,
    actor,
    agency: Unit,
    year: int,
    held_on: dt.date,
    place: str,
    secretary_name: str = "",
    governing_body: str = "",
    approval_percent: int | None = None,
) -> CouncilSession:
    """Open a session: members and agenda are taken now; the approval threshold defaults to
    THIDUA_COUNCIL_APPROVAL_PERCENT and may be set for this session."""
    _ensure_manager(actor, agency)
    Unit.objects.select_for_update().get(pk=agency.pk)
    members = council_members(agency, held_on)
    nominees = list(agenda_nominees(agency, year))
    errors = []
    if not members:
        errors.append(_("Cơ quan chưa có thành viên Hội đồng Thi đua - Khen thưởng."))
    if not nominees:
        errors.append(_("Chưa có hồ sơ đề nghị nào được tiếp nhận đưa vào chương trình họp."))
    if approval_percent is None:
        approval_percent = rules.approval_percent_setting()
    if not 1 <= int(approval_percent) <= 99:
        errors.append(_("Tỷ lệ tán thành phải từ 1 đến 99 %."))
    if errors:
        raise ValidationError(errors)
    numerator, denominator = rules.quorum_setting()
    chair = next((u for u, role in members if role == MemberRole.CHAIR), None)
    session = CouncilSession.objects.create(
        agency=agency,
        year=year,
        held_on=held_on,
        place=place.strip(),
        governing_body=governing_body or (agency.parent.name if agency.parent_id else ""),
        chair_name=chair.get_full_name() if chair else "",
        secretary_name=secretary_name.strip(),
        quorum_numerator=numerator,
        quorum_denominator=denominator,
        approval_percent=int(approval_percent),
        posting_days=rules.posting_days_setting(),
        created_by=actor if getattr(actor, "pk", None) else None,
    )
    for user, role in members:
        CouncilMember.objects.create(
            session=session, user=user, full_name=user.get_full_name() or user.username, role=role
        )
    for order, nominee in enumerate(nominees):
        AgendaItem.objects.create(session=session, nominee=nominee, order=order)
    audit_record(
        actor=actor,
        action="council_session.create",
        obj=session,
        after={
            "members": [u.username for u, _r in members],
            "agenda": [n.pk for n in nominees],
            "quorum": session.quorum_label,
            "approval_percent": session.approval_percent,
        },
    )
    return session


def _lock_session(session: CouncilSession) -> CouncilSession:
    return CouncilSession.objects.select_for_update().get(pk=session.pk)


@transaction.atomic
def attendance_set(*, actor, session: CouncilSession, present_ids) -> CouncilSession:
    """Mark the members present (ids of CouncilMember); before the ballot opens."""
    session = _lock_session(session)
    _ensure_manager(actor, session.agency)
    if session.status != SessionStatus.OPEN or Ballot.objects.filter(session=session).exists():
        raise ValidationError(_("Đã mở bỏ phiếu: không sửa điểm danh được nữa."))
    present_ids = {int(i) for i in present_ids}
    before, after = {}, {}
    for member in session.members.all():
        present = member.pk in present_ids
        before[member.full_name] = member.present
        if member.present != present:
            member.present = present
            member.save(update_fields=["present"])
        after[member.full_name] = present
    audit_record(
        actor=actor, action="council_session.attendance", obj=session, before=before, after=after
    )
    return session


def quorum_status(session: CouncilSession) -> dict:
    members = list(session.members.all())
    present = sum(1 for m in members if m.present)
    needed = rules.quorum_needed(len(members), session.quorum_numerator, session.quorum_denominator)
    return {
        "members": len(members),
        "present": present,
        "needed": needed,
        "reached": rules.has_quorum(
            present, len(members), session.quorum_numerator, session.quorum_denominator
        ),
        "approvals_needed": rules.approvals_needed(len(members), session.approval_percent),
    }


@transaction.atomic
def ballot_open(*, actor, session: CouncilSession) -> Ballot:
    session = _lock_session(session)
    _ensure_manager(actor, session.agency)
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Phiên họp đã kết thúc bỏ phiếu."))
    if Ballot.objects.filter(session=session).exists():
        raise ValidationError(_("Đã mở bỏ phiếu cho phiên họp này."))
    quorum = quorum_status(session)
    if not quorum["reached"]:
        raise ValidationError(
            _("Chưa đủ số thành viên có mặt: %(p)s/%(m)s, cần ít nhất %(n)s (%(q)s).")
            % {
                "p": quorum["present"],
                "m": quorum["members"],
                "n": quorum["needed"],
                "q": session.quorum_label,
            }
        )
    ballot = Ballot.objects.create(
        session=session, member_count=quorum["members"], approval_percent=session.approval_percent
    )
    audit_record(
        actor=actor,
        action="ballot.open",
        obj=ballot,
        after={"members": quorum["members"], "present": quorum["present"]},
    )
    return ballot


def _paper(ballot: Ballot, choices: dict) -> dict:
    """Validate a ballot paper: a yes/no for every agenda item, nothing else."""
    item_ids = {str(i) for i in ballot.session.items.values_list("pk", flat=True)}
    paper = {str(k): v for k, v in choices.items()}
    if set(paper) != item_ids or any(v not in CHOICES for v in paper.values()):
        raise ValidationError(_("Phiếu phải ghi Đồng ý hoặc Không đồng ý cho từng trường hợp."))
    return paper


def _cast(ballot_pk: int, member_filter: dict, choices: dict, *, written: bool, actor):
    ballot = Ballot.objects.select_for_update().select_related("session").get(pk=ballot_pk)
    if ballot.status != BallotStatus.OPEN:
        raise ValidationError(_("Cuộc bỏ phiếu chưa mở hoặc đã kết thúc."))
    member = CouncilMember.objects.filter(session=ballot.session, **member_filter).first()
    if member is None:
        raise PermissionDenied(_("Bạn không phải thành viên Hội đồng của phiên họp này."))
    if written == member.present:
        raise ValidationError(
            _("Thành viên vắng mặt bỏ phiếu bằng văn bản qua Thường trực Hội đồng.")
            if written is False
            else _("Thành viên có mặt tự bỏ phiếu.")
        )
    paper = _paper(ballot, choices)
    try:
        with transaction.atomic():
            BallotCast.objects.create(ballot=ballot, member=member, written=written)
    except IntegrityError as error:
        raise ValidationError(_("Thành viên này đã bỏ phiếu.")) from error
    urn = list(ballot.urn)
    urn.insert(secrets.randbelow(len(urn) + 1), paper)
    ballot.urn = urn
    ballot.save(update_fields=["urn"])
    # Participation only: never the choices.
    audit_record(
        actor=actor,
        action="ballot.cast_written" if written else "ballot.cast",
        obj=ballot,
        after={"member": member.full_name} if written else None,
    )
    return ballot


@transaction.atomic
def ballot_cast(*, actor, ballot: Ballot, choices: dict) -> None:
    """The actor, a present member, casts one paper covering every agenda item. A second
    cast fails (unique constraint), also under concurrent requests, leaving no paper."""
    if actor is None or not actor.pk:
        raise PermissionDenied(_("Cần đăng nhập để bỏ phiếu."))
    _cast(ballot.pk, {"user": actor}, choices, written=False, actor=actor)


@transaction.atomic
def ballot_cast_written(*, actor, ballot: Ballot, member: CouncilMember, choices: dict) -> None:
    """The secretariat records the written vote of an absent member."""
    _ensure_manager(actor, ballot.session.agency)
    _cast(ballot.pk, {"pk": member.pk}, choices, written=True, actor=actor)


def _cstdcs_quota(session: CouncilSession) -> dict:
    from thidua.records.dossier import evaluate_agency
    from thidua.reviews.selectors import rule_settings

    try:
        result = evaluate_agency(
            agency=session.agency, year=session.year, settings=rule_settings(session.year)
        )
    except Exception as error:  # the engine's InputError and bad records: say so, do not guess
        raise ValidationError(
            _("Không tính được chỉ tiêu CSTĐCS của cơ quan: %(e)s") % {"e": error}
        ) from error
    return result["quotas"]["CSTDCS"]


# Fewer papers than this and the tally is one member's paper: never counted, never shown.
MIN_PAPERS = 2


def _ensure_chair(actor, session: CouncilSession) -> None:
    if actor is None:
        return
    if not session.members.filter(user=actor, role=MemberRole.CHAIR).exists():
        raise PermissionDenied(
            _("Chỉ Chủ tịch Hội đồng của phiên họp được quyết định kết thúc bỏ phiếu sớm.")
        )


def present_not_cast(session: CouncilSession, ballot: Ballot | None) -> list[CouncilMember]:
    """Members present at the session who have not cast yet (participation is public)."""
    if ballot is None:
        return []
    cast = ballot.casts.values_list("member_id", flat=True)
    return list(session.members.filter(present=True).exclude(pk__in=cast))


def early_close_check(session: CouncilSession, ballot: Ballot) -> str:
    """Why the chair may not close early now (empty: the chair may), for the page's form."""
    papers = ballot.casts.count()
    if papers < MIN_PAPERS:
        return _(
            "Mới có %(n)s phiếu: cần ít nhất %(min)s phiếu mới kiểm phiếu được, để không lộ "
            "phiếu của một thành viên."
        ) % {"n": papers, "min": MIN_PAPERS}
    needed = rules.quorum_needed(
        ballot.member_count, session.quorum_numerator, session.quorum_denominator
    )
    if papers < needed:
        return _(
            "Mới có %(n)s/%(m)s thành viên bỏ phiếu: kết thúc sớm cần ít nhất %(q)s phiếu (%(f)s)."
        ) % {"n": papers, "m": ballot.member_count, "q": needed, "f": session.quorum_label}
    return ""


@transaction.atomic
def ballot_close(
    *,
    actor,
    session: CouncilSession,
    closed_on: dt.date | None = None,
    early_reason: str = "",
) -> Ballot:
    """Count the papers, apply the threshold (more than X % of ALL members), store the tally
    and the digest, number the minutes in the council's series, and check the CSTĐCS cap.

    The secretariat closes once every member present has cast. Before that only the chair may
    close, with a written reason (audited), when at least the quorum has cast; never with fewer
    than MIN_PAPERS papers, whose tally would be one member's paper (issue 19, point 2)."""
    session = _lock_session(session)
    early_reason = (early_reason or "").strip()
    if early_reason:
        _ensure_chair(actor, session)
    else:
        _ensure_manager(actor, session.agency)
    ballot = Ballot.objects.select_for_update().filter(session=session).first()
    if ballot is None or ballot.status != BallotStatus.OPEN:
        raise ValidationError(_("Không có cuộc bỏ phiếu đang mở."))
    missing = present_not_cast(session, ballot)
    if early_reason:
        if not missing:
            raise ValidationError(
                _(
                    "Mọi thành viên có mặt đã bỏ phiếu: Thường trực Hội đồng kiểm phiếu như thường lệ."
                )
            )
        problem = early_close_check(session, ballot)
        if problem:
            raise ValidationError(problem)
    elif missing:
        raise ValidationError(
            _(
                "Còn %(n)s thành viên có mặt chưa bỏ phiếu (%(names)s). Chỉ kiểm phiếu khi mọi "
                "thành viên có mặt đã bỏ phiếu, hoặc khi Chủ tịch Hội đồng quyết định kết thúc "
                "sớm và ghi rõ lý do."
            )
            % {"n": len(missing), "names": ", ".join(m.full_name for m in missing)}
        )
    if len(ballot.urn) < MIN_PAPERS:
        raise ValidationError(
            _(
                "Mới có %(n)s phiếu: cần ít nhất %(min)s phiếu mới kiểm phiếu được, để không lộ "
                "phiếu của một thành viên."
            )
            % {"n": len(ballot.urn), "min": MIN_PAPERS}
        )
    items = list(session.items.select_related("nominee"))
    papers = rules.sorted_papers(ballot.urn)
    tally = rules.count_papers(papers, [i.pk for i in items])
    ballot.urn = papers
    ballot.tally = tally
    ballot.digest = rules.ballot_digest(papers)
    ballot.paper_count = len(papers)
    ballot.status = BallotStatus.CLOSED
    ballot.save(update_fields=["urn", "tally", "digest", "paper_count", "status"])
    for item in items:
        item.approvals = tally[str(item.pk)]
        item.passed = rules.approval_passes(
            item.approvals, ballot.member_count, ballot.approval_percent
        )
        item.save(update_fields=["approvals", "passed"])
    cstdcs = [i for i in items if i.passed and i.nominee.title_code == "CSTDCS"]
    if cstdcs:
        quota = _cstdcs_quota(session)
        session.quota_cap = quota["cap"]
        session.quota_reason = quota["reason"]
        if quota["cap"] is not None and len(cstdcs) > quota["cap"]:
            session.quota_state = QuotaState.PENDING
            ranking = rules.quota_ranking([(i.pk, i.approvals) for i in cstdcs], quota["cap"])
            by_key = {i.pk: i for i in cstdcs}
            for row in ranking:
                item = by_key[row.key]
                item.rank, item.tied = row.rank, row.tied
                item.save(update_fields=["rank", "tied"])
    session.minutes_number = number_issue(
        actor=actor,
        issuer=session.agency,
        doc_type=DocType.BB,
        issued_on=closed_on or session.held_on,
        summary=f"Biên bản họp Hội đồng Thi đua - Khen thưởng năm {session.year}",
        issuer_code=SERIES,
        series=SERIES,
        obj=session,
    )
    session.status = SessionStatus.CLOSED
    session.save(
        update_fields=["minutes_number", "status", "quota_state", "quota_cap", "quota_reason"]
    )
    audit_record(
        actor=actor,
        action="ballot.close",
        obj=ballot,
        after={
            "papers": ballot.paper_count,
            "tally": tally,
            "digest": ballot.digest,
            "minutes": session.minutes_number.code,
            "quota": session.quota_state,
            **(
                {"early": True, "not_cast": sorted(m.full_name for m in missing)}
                if early_reason
                else {}
            ),
        },
        reason=early_reason,
    )
    return ballot


@transaction.atomic
def quota_resolve(*, actor, session: CouncilSession, keep_ids, note: str = "") -> CouncilSession:
    """Keep `cap` CSTĐCS by the ranking; a tie across the cut line needs a written note."""
    session = _lock_session(session)
    _ensure_manager(actor, session.agency)
    if session.quota_state != QuotaState.PENDING:
        raise ValidationError(_("Không có danh sách vượt chỉ tiêu cần xử lý."))
    ranked = list(session.items.filter(rank__isnull=False))
    ranking = rules.quota_ranking([(i.pk, i.approvals) for i in ranked], session.quota_cap)
    keep = {int(k) for k in keep_ids}
    problem = rules.selection_follows_ranking(ranking, keep, session.quota_cap)
    if problem:
        raise ValidationError({"keep": problem})
    note = (note or "").strip()
    if any(r.tied for r in ranking) and not note:
        raise ValidationError(
            {"note": _("Có trường hợp bằng phiếu tại ranh giới chỉ tiêu: cần ghi rõ lý do chọn.")}
        )
    for item in ranked:
        item.quota_cut = item.pk not in keep
        item.save(update_fields=["quota_cut"])
    session.quota_state = QuotaState.RESOLVED
    session.quota_note = note
    session.save(update_fields=["quota_state", "quota_note"])
    audit_record(
        actor=actor,
        action="council_session.quota_resolve",
        obj=session,
        after={
            "cap": session.quota_cap,
            "kept": sorted(i.subject_name for i in ranked if i.pk in keep),
            "cut": sorted(i.subject_name for i in ranked if i.pk not in keep),
        },
        reason=note,
    )
    return session


def agency_users(agency: Unit):
    """Active users holding any role in the agency or one of its divisions."""
    today = timezone.localdate()
    rows = RoleAssignment.objects.filter(
        unit__path__startswith=agency.path, valid_from__lte=today
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=today))
    return User.objects.filter(pk__in=rows.values("user_id"), is_active=True)


@transaction.atomic
def posting_start(*, actor, session: CouncilSession, starts_on: dt.date | None = None):
    """Post the approved list to all staff of the agency for the configured working days."""
    session = _lock_session(session)
    _ensure_manager(actor, session.agency)
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(
            _("Chỉ công khai sau khi kết thúc bỏ phiếu và chưa công khai lần nào.")
        )
    if session.quota_state == QuotaState.PENDING:
        raise ValidationError(_("Số CSTĐCS vượt chỉ tiêu: cần xử lý theo thứ tự phiếu trước."))
    starts_on = starts_on or timezone.localdate()
    session.posting_starts_on = starts_on
    session.posting_ends_on = rules.posting_end(
        starts_on, session.posting_days, rules.holidays_setting()
    )
    session.status = SessionStatus.POSTING
    session.save(update_fields=["posting_starts_on", "posting_ends_on", "status"])
    message = _(
        "Công khai danh sách đề nghị khen thưởng năm %(y)s của Hội đồng Thi đua - Khen thưởng "
        "từ ngày %(a)s đến hết ngày %(b)s; ý kiến phản ánh gửi trong thời gian này."
    ) % {"y": session.year, "a": format_date(starts_on), "b": format_date(session.posting_ends_on)}
    url = reverse("council:posting", kwargs={"pk": session.pk})
    recipients = list(agency_users(session.agency))
    Notification.objects.bulk_create(
        [Notification(user=user, message=message[:500], url=url) for user in recipients]
    )
    audit_record(
        actor=actor,
        action="council_session.posting_start",
        obj=session,
        after={
            "from": starts_on,
            "to": session.posting_ends_on,
            "working_days": session.posting_days,
            "notified": len(recipients),
        },
    )
    return session


def posting_open(session: CouncilSession, today: dt.date | None = None) -> bool:
    today = today or timezone.localdate()
    return (
        session.posting_starts_on is not None
        and session.posting_starts_on <= today <= session.posting_ends_on
    )


@transaction.atomic
def objection_lodge(*, actor, session: CouncilSession, item: AgendaItem, text: str) -> Objection:
    session = _lock_session(session)
    if actor is None or not agency_users(session.agency).filter(pk=actor.pk).exists():
        raise PermissionDenied(_("Chỉ cán bộ của cơ quan được gửi ý kiến."))
    if not posting_open(session):
        raise ValidationError(_("Không trong thời gian công khai."))
    if item.session_id != session.pk or not item.approved:
        raise ValidationError({"item": _("Chọn một trường hợp trong danh sách công khai.")})
    text = (text or "").strip()
    if not text:
        raise ValidationError({"text": _("Chưa nhập nội dung ý kiến.")})
    objection = Objection.objects.create(session=session, item=item, lodged_by=actor, text=text)
    url = reverse("council:posting", kwargs={"pk": session.pk})
    message = _("Có ý kiến phản ánh về %(who)s (%(title)s) trong thời gian công khai.") % {
        "who": item.subject_name,
        "title": item.title_name,
    }
    Notification.objects.bulk_create(
        [
            Notification(user=user, message=message[:500], url=url)
            for user in _holders([Role.SECRETARIAT], session.agency, timezone.localdate())
        ]
    )
    audit_record(
        actor=actor,
        action="objection.lodge",
        obj=objection,
        after={"item": str(item), "text": text},
    )
    return objection


@transaction.atomic
def objection_answer(*, actor, objection: Objection, answer: str, upheld: bool = False):
    """The secretariat's answer; an upheld objection takes the nominee off the approved list."""
    objection = Objection.objects.select_for_update().select_related("session").get(pk=objection.pk)
    _ensure_manager(actor, objection.session.agency)
    if objection.answered:
        raise ValidationError(_("Ý kiến này đã được trả lời."))
    answer = (answer or "").strip()
    if not answer:
        raise ValidationError({"answer": _("Chưa nhập nội dung trả lời.")})
    objection.answer = answer
    objection.upheld = bool(upheld)
    objection.answered_by = actor if getattr(actor, "pk", None) else None
    objection.answered_at = timezone.now()
    objection.save(update_fields=["answer", "upheld", "answered_by", "answered_at"])
    Notification.objects.create(
        user=objection.lodged_by,
        message=(
            _("Thường trực Hội đồng đã trả lời ý kiến của bạn về %(who)s.")
            % {"who": objection.item.subject_name}
        )[:500],
        url=reverse("council:posting", kwargs={"pk": objection.session_id}),
    )
    audit_record(
        actor=actor,
        action="objection.answer",
        obj=objection,
        after={"answer": answer, "upheld": objection.upheld},
    )
    return objection


def issue_blockers(session: CouncilSession, today: dt.date | None = None) -> list[str]:
    today = today or timezone.localdate()
    reasons = []
    ballot = Ballot.objects.filter(session=session).first()
    if ballot is None or ballot.status != BallotStatus.CLOSED:
        reasons.append(_("Hội đồng chưa kết thúc bỏ phiếu kín."))
    if session.quota_state == QuotaState.PENDING:
        reasons.append(_("Số CSTĐCS được tán thành vượt chỉ tiêu, chưa được xử lý."))
    if session.posting_ends_on is None:
        reasons.append(_("Chưa công khai danh sách đề nghị khen thưởng."))
    elif today <= session.posting_ends_on:
        reasons.append(
            _("Thời gian công khai chưa kết thúc (đến hết ngày %(d)s).")
            % {"d": format_date(session.posting_ends_on)}
        )
    pending = session.objections.filter(answered_at__isnull=True).count()
    if pending:
        reasons.append(_("Còn %(n)s ý kiến phản ánh chưa được trả lời.") % {"n": pending})
    return reasons


def council_issue_gate(decision) -> list[str]:
    """Registered with thidua.decisions: decisions drafted from a council session wait for it."""
    if decision.source_type != CouncilSession._meta.label_lower or not decision.source_id:
        return []
    session = CouncilSession.objects.filter(pk=decision.source_id).first()
    if session is None:
        return [_("Không tìm thấy phiên họp Hội đồng là căn cứ của quyết định.")]
    return session.issue_blockers()


@transaction.atomic
def decision_draft_from_session(*, actor, session: CouncilSession):
    """A draft decision of the head for the approved titles the head decides."""
    from thidua.decisions import services as decisions

    from .selectors import approved_entries

    session = _lock_session(session)
    _ensure_manager(actor, session.agency)
    if session.status != SessionStatus.POSTING:
        raise ValidationError(_("Chỉ lập dự thảo quyết định sau khi công khai kết quả."))
    entries = [e for e in approved_entries(session) if e["title_code"] in decisions.HEAD_TITLES]
    if not entries:
        raise ValidationError(_("Không có trường hợp nào thuộc thẩm quyền Chánh Văn phòng."))
    grounds = None
    if session.minutes_number_id:
        grounds = decisions._default_grounds(session.agency, session.year).splitlines()
        grounds.insert(
            max(len(grounds) - 1, 0),
            f"Căn cứ Biên bản số {session.minutes_number.code} ngày "
            f"{format_date(session.held_on)} của Hội đồng Thi đua - Khen thưởng",
        )
    return decisions.decision_draft(
        actor=actor,
        agency=session.agency,
        year=session.year,
        summary=f"Về việc tặng danh hiệu thi đua năm {session.year}",
        entries=[{k: e[k] for k in ("person", "unit", "title_code")} for e in entries],
        source=session,
        grounds=grounds,
    )
