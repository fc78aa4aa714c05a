"""Reads for reviews and proposals, always filtered by who may see them, and the secretariat's
checks: what each proposal is missing, and the CSTĐCS quota against the proposals of the office.

A division head sees the reviews and proposals of the divisions they head; the head, the
secretariat and administrators see those of their whole agency.
"""

from django.db.models import Q, QuerySet

from thidua.accounts.access import AGENCY_MANAGERS, scope_units, subtree_q
from thidua.accounts.models import Role

from .models import (
    AttachmentKind,
    Nominee,
    Proposal,
    ProposalKind,
    ProposalStatus,
    Review,
    ReviewStatus,
)

S = ProposalStatus
# Proposals counted against the quota: with the council, or on their way to it.
QUOTA_STATES = (S.SUBMITTED, S.RESUBMITTED, S.ACCEPTED)
INBOX_STATES = (S.SUBMITTED, S.RESUBMITTED, S.RETURNED, S.ACCEPTED)


def _scope_q(user, field_agency: str, field_division: str) -> Q:
    condition = Q(pk__in=[])
    managers = scope_units(user, AGENCY_MANAGERS)
    if managers:
        condition |= subtree_q(managers, f"{field_agency}__path")
    heads = scope_units(user, [Role.DIVISION_HEAD])
    if heads:
        condition |= subtree_q(heads, f"{field_division}__path")
    return condition


def visible_reviews(user) -> QuerySet[Review]:
    return Review.objects.filter(_scope_q(user, "agency", "division")).select_related(
        "division", "movement", "phase"
    )


def visible_proposals(user) -> QuerySet[Proposal]:
    return Proposal.objects.filter(_scope_q(user, "agency", "division")).select_related(
        "division", "agency", "phase", "review"
    )


def headed_divisions(user):
    """The collective divisions the user heads (where they may open reviews)."""
    from thidua.org.models import Unit, UnitKind

    heads = scope_units(user, [Role.DIVISION_HEAD])
    if not heads:
        return Unit.objects.none()
    return Unit.objects.filter(subtree_q(heads), kind=UnitKind.DIVISION, is_collective=True)


def proposal_missing(proposal: Proposal) -> list[str]:
    """What the secretariat would send back for: no minutes, a nominee not eligible without a
    justification, a CSTĐCS nominee without the initiative proof, a nominee without an
    achievement report."""
    missing = []
    attachments = list(proposal.attachments.all())
    kinds = {a.kind for a in attachments}
    if proposal.kind == ProposalKind.REVIEW:
        review = proposal.review
        if (review is None or review.status != ReviewStatus.SUBMITTED) and (
            AttachmentKind.MINUTES not in kinds
        ):
            missing.append("Chưa có biên bản bình xét")
    elif not proposal.reason.strip():
        missing.append("Chưa có lý do đề nghị khen đột xuất")
    nominees = list(proposal.nominees.select_related("person", "unit"))
    if not nominees:
        missing.append("Chưa có người hoặc tập thể được đề nghị")
    by_nominee: dict[int, set] = {}
    for attachment in attachments:
        if attachment.nominee_id:
            by_nominee.setdefault(attachment.nominee_id, set()).add(attachment.kind)
    for nominee in nominees:
        own = by_nominee.get(nominee.pk, set())
        name = f"{nominee.subject_name} ({nominee.title_name})"
        if nominee.needs_justification:
            missing.append(f"{name}: không đủ điều kiện, chưa có giải trình")
        if nominee.title_code == "CSTDCS" and AttachmentKind.INITIATIVE_PROOF not in own:
            missing.append(f"{name}: thiếu minh chứng sáng kiến")
        if AttachmentKind.ACHIEVEMENT_REPORT not in own:
            missing.append(f"{name}: thiếu báo cáo thành tích")
    return missing


def rule_settings(year: int) -> dict | None:
    """Per-year engine parameters the office set (DOMAIN.md §7), e.g. keeping the 15 % CSTĐCS
    cap under vn2022: `THIDUA_RULE_SETTINGS = {2026: {"cstdcs_cap_percent": 15}}`."""
    from django.conf import settings

    return getattr(settings, "THIDUA_RULE_SETTINGS", {}).get(year)


def cstdcs_quota(*, agency, year: int) -> dict:
    """The CSTĐCS cap from the rules engine's quota for the year against the CSTĐCS nominees of
    all the office's proposals submitted or accepted (DOMAIN.md §3.1: the engine never picks
    who is cut; the council's vote does)."""
    from thidua.records.dossier import evaluate_agency
    from thidua.rules import InputError

    try:
        result = evaluate_agency(agency=agency, year=year, settings=rule_settings(year))
        quota = result["quotas"]["CSTDCS"]
    except InputError as error:
        return {"error": "; ".join(error.problems)}
    nominees = Nominee.objects.filter(
        proposal__agency=agency, proposal__year=year, title_code="CSTDCS", person__isnull=False
    )
    accepted = nominees.filter(proposal__status=S.ACCEPTED).count()
    submitted = nominees.filter(proposal__status__in=(S.SUBMITTED, S.RESUBMITTED)).count()
    count = accepted + submitted
    cap = quota.get("cap")
    return {
        "cap": cap,
        "cap_percent": quota.get("cap_percent"),
        "ldtt_count": quota.get("ldtt_count"),
        "eligible_count": quota.get("eligible_count"),
        "accepted": accepted,
        "submitted": submitted,
        "count": count,
        "over_by": max(0, count - cap) if cap is not None else 0,
        "basis": quota.get("basis", ""),
    }


def inbox(user, *, agency, status: str = "", division=None) -> list[dict]:
    """The secretariat's inbox: proposals of the agency (not drafts or withdrawn unless asked),
    grouped per division, each with what it is missing."""
    proposals = visible_proposals(user).filter(agency=agency)
    if status:
        proposals = proposals.filter(status=status)
    else:
        proposals = proposals.filter(status__in=INBOX_STATES)
    if division is not None:
        proposals = proposals.filter(division=division)
    proposals = proposals.prefetch_related("nominees__person", "nominees__unit", "attachments")
    groups: dict = {}
    for proposal in proposals.order_by("division__path", "submitted_at", "id"):
        groups.setdefault(proposal.division, []).append(
            {"proposal": proposal, "missing": proposal_missing(proposal)}
        )
    return [{"division": d, "rows": rows} for d, rows in groups.items()]


def status_counts(user, *, agency) -> dict:
    counts = {}
    for status in visible_proposals(user).filter(agency=agency).values_list("status", flat=True):
        counts[status] = counts.get(status, 0) + 1
    return counts
