"""Writes for the initiative council: its yearly settings and criteria, review sessions, each
member's score sheet, the session's result and minutes number, the head's recognition decision
and the later recognitions at provincial or national level.

Scoring (configurable per council; defaults below): each member scores every criterion from 0
to its maximum and votes. An initiative is proposed for recognition when the mean of the
members' totals reaches the pass mark (exactly at the mark passes) and the yes votes are more
than `vote_threshold_percent` of the session's members. The mean is kept to two decimals,
truncated, and the comparison uses that kept value, so what the minutes show is what decided.
Each item needs score sheets from at least two thirds of the members (DOMAIN.md §3.3 quorum).
"""

import datetime as dt
from decimal import ROUND_DOWN, Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.accounts.access import has_role
from thidua.accounts.models import Role, RoleAssignment, User
from thidua.core.audit import audit_record
from thidua.decisions.models import DocType
from thidua.decisions.services import number_issue
from thidua.org.models import Unit

from .models import (
    ENGINE_LEVEL_ORDER,
    Criterion,
    Initiative,
    InitiativeCouncil,
    InitiativeStatus,
    Level,
    Recognition,
    RecognitionDecision,
    ReviewSession,
    ScoreLine,
    ScoreSheet,
    SessionItem,
    SessionStatus,
)
from .services import DECIDERS, MANAGERS, initiative_transition

DEFAULT_CRITERIA = (
    ("novelty", "Tính mới", Decimal(30)),
    ("applicability", "Khả năng áp dụng", Decimal(25)),
    ("effect", "Hiệu quả", Decimal(30)),
    ("scope", "Phạm vi ảnh hưởng", Decimal(15)),
)
DEFAULT_PASS_MARK = Decimal(50)
DECISION_SERIES = "SK"
QUORUM = (2, 3)
RECORDERS = (*MANAGERS, Role.HEAD)


def council_members(agency: Unit, on_date: dt.date | None = None):
    """Users holding `initiative_council_member` at the agency (or above it) on the date."""
    on_date = on_date or timezone.localdate()
    above = _ancestor_paths(agency.path)
    assignments = RoleAssignment.objects.filter(
        role=Role.INITIATIVE_COUNCIL_MEMBER, unit__path__in=above, valid_from__lte=on_date
    ).filter(Q(valid_to__isnull=True) | Q(valid_to__gte=on_date))
    return User.objects.filter(pk__in=assignments.values("user_id"), is_active=True).order_by(
        "full_name", "username"
    )


def _ancestor_paths(path: str) -> list[str]:
    parts = [p for p in path.split("/") if p]
    return ["/" + "/".join(parts[: i + 1]) + "/" for i in range(len(parts))]


@transaction.atomic
def council_save(
    *,
    actor,
    agency: Unit,
    year: int,
    issuing_body: str,
    governing_body: str = "",
    place: str = "Đồng Tháp",
    name: str = "Hội đồng xét duyệt sáng kiến",
    decision_issuer_code: str = "",
    minutes_issuer_code: str = "HĐSK",
    pass_mark: Decimal = DEFAULT_PASS_MARK,
    vote_threshold_percent: int = 50,
    min_coauthor_share: Decimal | None = None,
    chair_name: str = "",
    secretary_name: str = "",
    criteria: list[tuple[str, str, Decimal]] | None = None,
) -> InitiativeCouncil:
    """Set up (or change) the year's council. Criteria are fixed once a member has scored."""
    if actor is not None and not has_role(actor, MANAGERS, agency):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng được thiết lập hội đồng sáng kiến."))
    criteria = list(criteria or DEFAULT_CRITERIA)
    errors = {}
    codes = [c[0] for c in criteria]
    if len(set(codes)) != len(codes):
        errors["criteria"] = _("Mã tiêu chí bị trùng.")
    elif any(points <= 0 for _c, _n, points in criteria):
        errors["criteria"] = _("Điểm tối đa của mỗi tiêu chí phải lớn hơn 0.")
    max_total = sum((points for _c, _n, points in criteria), Decimal(0))
    if pass_mark <= 0 or pass_mark > max_total:
        errors["pass_mark"] = _("Điểm đạt phải lớn hơn 0 và không quá tổng điểm tối đa (%s).") % (
            f"{max_total.normalize():f}"
        )
    if min_coauthor_share is not None and not (0 < min_coauthor_share <= 100):
        errors["min_coauthor_share"] = _("Tỷ lệ tối thiểu phải lớn hơn 0 và không quá 100 %.")
    if errors:
        raise ValidationError(errors)
    council = InitiativeCouncil.objects.select_for_update().filter(agency=agency, year=year).first()
    before = None
    if council is None:
        council = InitiativeCouncil(agency=agency, year=year)
    else:
        before = {"pass_mark": council.pass_mark, "criteria": _criteria_repr(council)}
    council.issuing_body = issuing_body
    council.governing_body = governing_body
    council.place = place
    council.name = name
    council.decision_issuer_code = decision_issuer_code or f"{agency.code}-{minutes_issuer_code}"
    council.minutes_issuer_code = minutes_issuer_code
    council.pass_mark = pass_mark
    council.vote_threshold_percent = vote_threshold_percent
    council.min_coauthor_share = min_coauthor_share
    council.chair_name = chair_name
    council.secretary_name = secretary_name
    council.save()
    current = [(c.code, c.name, c.max_points) for c in council.criteria.all()]
    if current != [(c, n, Decimal(p)) for c, n, p in criteria]:
        if ScoreLine.objects.filter(criterion__council=council).exists():
            raise ValidationError(
                {"criteria": _("Đã có thành viên chấm điểm: không đổi tiêu chí được nữa.")}
            )
        council.criteria.all().delete()
        for order, (code, label, points) in enumerate(criteria):
            Criterion.objects.create(
                council=council, order=order, code=code, name=label, max_points=points
            )
    audit_record(
        actor=actor,
        action="initiative_council.save",
        obj=council,
        before=before,
        after={"pass_mark": pass_mark, "criteria": _criteria_repr(council)},
    )
    return council


def _criteria_repr(council):
    return [(c.code, c.max_points) for c in council.criteria.all()]


@transaction.atomic
def session_open(
    *,
    actor,
    council: InitiativeCouncil,
    held_on: dt.date,
    place: str = "",
    initiatives: list[Initiative],
) -> ReviewSession:
    """Put submitted initiatives on a session's agenda; the members are those holding the role
    on the day of the session."""
    if actor is not None and not has_role(actor, MANAGERS, council.agency):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng được lập phiên xét duyệt."))
    if not initiatives:
        raise ValidationError({"initiatives": _("Chọn ít nhất một sáng kiến để xét duyệt.")})
    members = list(council_members(council.agency, held_on))
    if not members:
        raise ValidationError(
            _("Cơ quan chưa có thành viên Hội đồng xét duyệt sáng kiến (vai trò cần được phân).")
        )
    if not council.criteria.exists():
        raise ValidationError(_("Hội đồng chưa có tiêu chí chấm điểm."))
    session = ReviewSession.objects.create(
        council=council, held_on=held_on, place=place, created_by=actor if actor else None
    )
    session.members.set(members)
    for order, initiative in enumerate(initiatives):
        if initiative.agency_id != council.agency_id:
            raise ValidationError(
                {"initiatives": _("“%s” không thuộc cơ quan của hội đồng.") % initiative.title}
            )
        SessionItem.objects.create(session=session, initiative=initiative, order=order)
        initiative_transition(actor=actor, initiative=initiative, action="review", session=session)
    audit_record(
        actor=actor,
        action="initiative_session.open",
        obj=session,
        after={
            "held_on": held_on,
            "members": [m.username for m in members],
            "initiatives": [i.pk for i in initiatives],
        },
    )
    return session


@transaction.atomic
def score_record(
    *,
    actor,
    item: SessionItem,
    points: dict[str, Decimal],
    recognise: bool,
    comment: str = "",
) -> ScoreSheet:
    """A member's score sheet for one initiative (changed freely until the session closes)."""
    session = ReviewSession.objects.select_for_update().get(pk=item.session_id)
    council = session.council
    if actor is None or not (
        has_role(actor, [Role.INITIATIVE_COUNCIL_MEMBER], council.agency)
        and session.members.filter(pk=actor.pk).exists()
    ):
        raise PermissionDenied(_("Chỉ thành viên Hội đồng dự phiên họp mới chấm điểm được."))
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Phiên họp đã kết thúc: không chấm điểm được nữa."))
    criteria = list(council.criteria.all())
    errors = {}
    for criterion in criteria:
        value = points.get(criterion.code)
        if value is None:
            errors[criterion.code] = _("Chưa chấm tiêu chí “%s”.") % criterion.name
        elif value < 0 or value > criterion.max_points:
            errors[criterion.code] = _("Điểm “%(name)s” phải từ 0 đến %(max)s.") % {
                "name": criterion.name,
                "max": f"{criterion.max_points.normalize():f}",
            }
    extra = set(points) - {c.code for c in criteria}
    if extra:
        errors["__all__"] = _("Tiêu chí không có trong hội đồng: %s.") % ", ".join(sorted(extra))
    if errors:
        raise ValidationError(errors)
    total = sum((Decimal(points[c.code]) for c in criteria), Decimal(0))
    sheet = ScoreSheet.objects.filter(item=item, member=actor).first()
    before = None
    if sheet is None:
        sheet = ScoreSheet.objects.create(
            item=item, member=actor, total=total, recognise=recognise, comment=comment
        )
    else:
        before = {"total": sheet.total, "recognise": sheet.recognise}
        sheet.total, sheet.recognise, sheet.comment = total, recognise, comment
        sheet.save()
        sheet.lines.all().delete()
    for criterion in criteria:
        ScoreLine.objects.create(sheet=sheet, criterion=criterion, points=points[criterion.code])
    audit_record(
        actor=actor,
        action="initiative.score",
        obj=item.initiative,
        before=before,
        after={
            "session": session.pk,
            "points": {k: points[k] for k in sorted(points)},
            "total": total,
            "recognise": recognise,
        },
    )
    return sheet


def item_result(item: SessionItem, council: InitiativeCouncil, member_count: int) -> dict:
    """Mean of the totals (two decimals, truncated), yes votes and the verdict."""
    sheets = list(item.sheets.all())
    if not sheets:
        return {"mean": None, "yes": 0, "passed": False, "count": 0}
    mean = (sum((s.total for s in sheets), Decimal(0)) / len(sheets)).quantize(
        Decimal("0.01"), rounding=ROUND_DOWN
    )
    yes = sum(1 for s in sheets if s.recognise)
    votes_pass = yes * 100 > council.vote_threshold_percent * member_count
    return {
        "mean": mean,
        "yes": yes,
        "passed": mean >= council.pass_mark and votes_pass,
        "count": len(sheets),
    }


@transaction.atomic
def session_close(*, actor, session: ReviewSession) -> ReviewSession:
    """Compute each item's result and give the minutes a number in the council's own series."""
    session = ReviewSession.objects.select_for_update().get(pk=session.pk)
    council = session.council
    if actor is not None and not has_role(actor, MANAGERS, council.agency):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng được kết thúc phiên họp."))
    if session.status != SessionStatus.OPEN:
        raise ValidationError(_("Phiên họp đã kết thúc."))
    member_count = session.members.count()
    needed = -(-member_count * QUORUM[0] // QUORUM[1])
    short = [
        item.initiative.title
        for item in session.items.select_related("initiative")
        if item.sheets.count() < needed
    ]
    if short:
        raise ValidationError(
            _("Chưa đủ %(n)s/%(m)s thành viên chấm điểm: %(titles)s.")
            % {"n": needed, "m": member_count, "titles": "; ".join(short)}
        )
    results = {}
    for item in session.items.all():
        result = item_result(item, council, member_count)
        item.mean_score, item.yes_votes = result["mean"], result["yes"]
        item.member_count, item.passed = member_count, result["passed"]
        item.save(update_fields=["mean_score", "yes_votes", "member_count", "passed"])
        results[item.initiative_id] = result
    session.minutes_number = number_issue(
        actor=actor,
        issuer=council.agency,
        doc_type=DocType.BB,
        issued_on=session.held_on,
        summary=f"Biên bản họp {council.name} năm {council.year}",
        issuer_code=council.minutes_issuer_code,
        series=council.minutes_issuer_code,
        obj=session,
    )
    session.status = SessionStatus.CLOSED
    session.closed_at = timezone.now()
    session.save(update_fields=["minutes_number", "status", "closed_at"])
    audit_record(
        actor=actor,
        action="initiative_session.close",
        obj=session,
        after={"minutes": session.minutes_number.code, "results": results},
    )
    return session


@transaction.atomic
def recognition_decide(
    *,
    actor,
    session: ReviewSession,
    initiatives: list[Initiative],
    issued_on: dt.date,
    signer_position: str = "CHÁNH VĂN PHÒNG",
) -> RecognitionDecision:
    """The head recognises, at office level, initiatives the council proposed, by one numbered
    decision in the initiatives' own series."""
    session = ReviewSession.objects.select_for_update().get(pk=session.pk)
    council = session.council
    if actor is not None and not has_role(actor, DECIDERS, council.agency):
        raise PermissionDenied(_("Chỉ Chánh Văn phòng được quyết định công nhận sáng kiến."))
    if session.status != SessionStatus.CLOSED:
        raise ValidationError(_("Hội đồng chưa kết thúc phiên xét duyệt."))
    if not initiatives:
        raise ValidationError({"initiatives": _("Chọn ít nhất một sáng kiến.")})
    if issued_on < session.held_on:
        raise ValidationError({"issued_on": _("Ngày quyết định không trước ngày họp hội đồng.")})
    passed = set(session.items.filter(passed=True).values_list("initiative_id", flat=True))
    refused = [i.title for i in initiatives if i.pk not in passed]
    if refused:
        raise ValidationError(
            {"initiatives": _("Hội đồng không đề nghị công nhận: %s.") % "; ".join(refused)}
        )
    number = number_issue(
        actor=actor,
        issuer=council.agency,
        doc_type=DocType.QD,
        issued_on=issued_on,
        summary=f"Công nhận sáng kiến cấp cơ sở năm {council.year}",
        issuer_code=council.decision_issuer_code,
        series=DECISION_SERIES,
    )
    decision = RecognitionDecision.objects.create(
        council=council,
        session=session,
        number=number,
        issued_on=issued_on,
        signer_name=actor.get_full_name() if actor else "",
        signer_position=signer_position,
    )
    for initiative in initiatives:
        initiative_transition(
            actor=actor, initiative=initiative, action="recognise", decision=decision
        )
        Recognition.objects.create(
            initiative=initiative,
            level=Level.CO_SO,
            decision=decision,
            decision_code=number.code,
            decided_on=issued_on,
            issuer_name=council.issuing_body,
            recorded_by=actor if actor else None,
        )
        _refresh_level(initiative)
    audit_record(
        actor=actor,
        action="initiative.recognition_decide",
        obj=decision,
        after={"number": number.code, "initiatives": [i.pk for i in initiatives]},
    )
    return decision


def _refresh_level(initiative: Initiative) -> None:
    recognitions = list(initiative.recognitions.all())
    highest = max(recognitions, key=lambda r: ENGINE_LEVEL_ORDER.index(r.level))
    office = next((r for r in recognitions if r.level == Level.CO_SO), None)
    Initiative.objects.filter(pk=initiative.pk).update(
        level=highest.level, recognized_on=office.decided_on if office else highest.decided_on
    )


@transaction.atomic
def recognition_record(
    *,
    actor,
    initiative: Initiative,
    level: str,
    decision_code: str,
    decided_on: dt.date,
    issuer_name: str,
) -> Recognition:
    """Record a later recognition by the province (`tinh`) or nationally (`toan_quoc`)."""
    initiative = Initiative.objects.select_for_update().get(pk=initiative.pk)
    if actor is not None and not has_role(actor, RECORDERS, initiative.agency):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận công nhận sáng kiến."))
    if initiative.status != InitiativeStatus.RECOGNISED:
        raise ValidationError(_("Sáng kiến chưa được công nhận cấp cơ sở."))
    if level not in (Level.TINH, Level.TOAN_QUOC):
        raise ValidationError({"level": _("Chỉ ghi nhận công nhận cấp tỉnh hoặc toàn quốc.")})
    errors = {}
    if not decision_code.strip():
        errors["decision_code"] = _("Cần số quyết định công nhận.")
    if not issuer_name.strip():
        errors["issuer_name"] = _("Cần tên cơ quan công nhận.")
    if initiative.recognized_on and decided_on < initiative.recognized_on:
        errors["decided_on"] = _("Ngày quyết định không trước ngày công nhận cấp cơ sở (%s).") % (
            initiative.recognized_on.strftime("%d/%m/%Y")
        )
    if decided_on > timezone.localdate():
        errors["decided_on"] = _("Ngày quyết định không được sau hôm nay.")
    if initiative.recognitions.filter(level=level).exists():
        errors["level"] = _("Sáng kiến đã có công nhận ở cấp này.")
    if errors:
        raise ValidationError(errors)
    recognition = Recognition.objects.create(
        initiative=initiative,
        level=level,
        decision_code=decision_code.strip(),
        decided_on=decided_on,
        issuer_name=issuer_name.strip(),
        recorded_by=actor if actor else None,
    )
    _refresh_level(initiative)
    audit_record(
        actor=actor,
        action="initiative.recognition_record",
        obj=initiative,
        after={"level": level, "decision": recognition.decision_code, "decided_on": decided_on},
    )
    return recognition
