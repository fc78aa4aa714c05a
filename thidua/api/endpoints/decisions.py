"""Award decisions (quyết định khen thưởng) with their annexed lists, and the awards history.

Signed and cancelled decisions are read by everyone of the agency (they are posted in the
office); drafts only by those who draft, sign or administer them (decisions.services).
"""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from ninja import Path, Query, Router

from thidua.accounts.access import has_role
from thidua.decisions.models import Decision, DecisionStatus
from thidua.decisions.services import DRAFT_READERS
from thidua.movements.selectors import user_agencies

from ..schemas import (
    AwardPage,
    Code,
    DecisionDetailOut,
    DecisionPage,
    Id,
    PageParams,
    Year,
)
from .common import paginate, responses
from .records import award_out, visible_awards

router = Router(tags=["Quyết định, khen thưởng"])


class AwardFilter(PageParams):
    year: Year | None = None
    staff_code: Code | None = None
    unit: Code | None = None
    subject: Literal["person", "unit"] | None = None
    include_revoked: bool = False


@router.get(
    "awards", response=responses(200, AwardPage), url_name="awards", summary="Lịch sử khen thưởng"
)
def awards(request, params: Query[AwardFilter]):
    """Lịch sử khen thưởng của cán bộ và tập thể người dùng được xem. Lọc theo năm, mã cán
    bộ, mã tập thể; khen thưởng đã bị huỷ chỉ hiện khi `include_revoked=true`."""
    rows = visible_awards(request.user)
    if params.year is not None:
        rows = rows.filter(year=params.year)
    if params.staff_code:
        rows = rows.filter(person__staff_code=params.staff_code)
    if params.unit:
        rows = rows.filter(unit__code=params.unit)
    if params.subject == "person":
        rows = rows.filter(person__isnull=False)
    elif params.subject == "unit":
        rows = rows.filter(unit__isnull=False)
    if not params.include_revoked:
        rows = rows.filter(revoked_at__isnull=True)
    return paginate(rows.order_by("-year", "title_code", "id"), params, award_out)


def visible_decisions(user):
    condition = Q(pk__in=[])
    for agency in user_agencies(user):
        if has_role(user, DRAFT_READERS, agency):
            condition |= Q(agency=agency)
        else:
            condition |= Q(agency=agency) & ~Q(status=DecisionStatus.DRAFT)
    return Decision.objects.filter(condition).select_related("agency", "number")


def decision_out(decision: Decision) -> dict:
    return {
        "id": decision.pk,
        "agency": decision.agency.code,
        "year": decision.year,
        "status": decision.status,
        "number": decision.code or None,
        "summary": decision.summary,
        "signed_on": decision.signed_on,
        "signer_position": decision.signer_position,
        "signer_name": decision.signer_name,
        "cancelled_reason": decision.cancelled_reason,
    }


def entry_out(entry) -> dict:
    return {
        "subject": "person" if entry.person_id else "unit",
        "code": entry.person.staff_code if entry.person_id else entry.unit.code,
        "name": entry.person.full_name if entry.person_id else entry.unit.name,
        "title_code": entry.title_code,
        "achievement": entry.achievement,
        "position": entry.position,
        "division_name": entry.division_name,
        "amount_vnd": entry.amount_vnd,
    }


class DecisionFilter(PageParams):
    year: Year | None = None
    status: Literal["draft", "signed", "cancelled"] | None = None


@router.get(
    "decisions",
    response=responses(200, DecisionPage),
    url_name="decisions",
    summary="Quyết định khen thưởng",
)
def decisions(request, params: Query[DecisionFilter]):
    """Quyết định khen thưởng của cơ quan (dự thảo chỉ với Thường trực, lãnh đạo, quản trị)."""
    rows = visible_decisions(request.user)
    if params.year is not None:
        rows = rows.filter(year=params.year)
    if params.status:
        rows = rows.filter(status=params.status)
    return paginate(rows.order_by("-year", "-id"), params, decision_out)


@router.get(
    "decisions/{pk}",
    response=responses(200, DecisionDetailOut),
    url_name="decision",
    summary="Một quyết định và danh sách kèm theo",
)
def decision(request, pk: Path[Id]):
    if not Decision.objects.filter(pk=pk).exists():
        raise Http404
    found = visible_decisions(request.user).filter(pk=pk).first()
    if found is None:
        raise PermissionDenied
    entries = found.entries.select_related("person", "unit").order_by("order", "id")
    return {**decision_out(found), "entries": [entry_out(e) for e in entries]}
