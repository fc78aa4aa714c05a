"""Proposals for commendation (hồ sơ đề nghị), as the review pages show them: a division head
sees their divisions' proposals, the head, secretariat and administrators the whole agency."""

from typing import Literal

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Path, Query, Router

from thidua.accounts.access import PEOPLE_READERS, has_role
from thidua.reviews.models import Proposal
from thidua.reviews.selectors import visible_proposals

from ..schemas import Id, PageParams, ProposalDetailOut, ProposalPage, Year
from .common import paginate, responses

router = Router(tags=["Bình xét, đề nghị khen thưởng"])

Status = Literal["draft", "submitted", "returned", "resubmitted", "accepted", "withdrawn"]


def proposal_out(proposal: Proposal) -> dict:
    return {
        "id": proposal.pk,
        "agency": proposal.agency.code,
        "division": proposal.division.code,
        "kind": proposal.kind,
        "status": proposal.status,
        "year": proposal.year,
        "phase": proposal.phase.name if proposal.phase_id else None,
        "reason": proposal.reason,
        "agenda": proposal.agenda,
        "accepted_on": proposal.accepted_on,
        "submitted_at": proposal.submitted_at,
    }


def nominee_out(nominee) -> dict:
    return {
        "subject": "person" if nominee.person_id else "unit",
        "code": nominee.person.staff_code if nominee.person_id else nominee.unit.code,
        "name": nominee.person.full_name if nominee.person_id else nominee.unit.name,
        "title_code": nominee.title_code,
        "eligible": nominee.eligible,
        "approve_votes": nominee.approve_votes,
        "present_votes": nominee.present_votes,
        "justification": nominee.justification,
    }


class ProposalFilter(PageParams):
    year: Year | None = None
    status: Status | None = None


def _ensure_reader(user):
    if not has_role(user, PEOPLE_READERS):
        raise PermissionDenied


@router.get(
    "proposals",
    response=responses(200, ProposalPage),
    url_name="proposals",
    summary="Hồ sơ đề nghị khen thưởng",
)
def proposals(request, params: Query[ProposalFilter]):
    _ensure_reader(request.user)
    rows = visible_proposals(request.user)
    if params.year is not None:
        rows = rows.filter(year=params.year)
    if params.status:
        rows = rows.filter(status=params.status)
    return paginate(rows.order_by("-id"), params, proposal_out)


@router.get(
    "proposals/{pk}",
    response=responses(200, ProposalDetailOut),
    url_name="proposal",
    summary="Một hồ sơ đề nghị",
)
def proposal(request, pk: Path[Id]):
    if not Proposal.objects.filter(pk=pk).exists():
        raise Http404
    _ensure_reader(request.user)
    found = visible_proposals(request.user).filter(pk=pk).first()
    if found is None:
        raise PermissionDenied
    nominees = found.nominees.select_related("person", "unit").order_by("order", "id")
    return {**proposal_out(found), "nominees": [nominee_out(n) for n in nominees]}
