"""Reads of the council, permission-filtered: who may see a session, the postings a user may
see, and the approved list that decisions and upward dossiers are built from."""

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from thidua.accounts.access import active_assignments, has_role, has_role_within

from .models import AgendaItem, CouncilMember, CouncilSession, SessionStatus
from .services import MANAGERS, READERS


def is_manager(user, session: CouncilSession) -> bool:
    return has_role(user, MANAGERS, session.agency)


def member_of(user, session: CouncilSession) -> CouncilMember | None:
    if not getattr(user, "pk", None):
        return None
    return session.members.filter(user=user).first()


def can_read(user, session: CouncilSession) -> bool:
    """The secretariat and the head of the agency, and the session's own members."""
    return has_role(user, READERS, session.agency) or member_of(user, session) is not None


def session_for(user, pk, *, manage: bool = False) -> CouncilSession:
    session = get_object_or_404(CouncilSession.objects.select_related("agency"), pk=pk)
    allowed = is_manager(user, session) if manage else can_read(user, session)
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền truy cập phiên họp này."))
    return session


def sessions_for(user):
    """Sessions the user may read."""
    agencies = [a.unit for a in active_assignments(user) if a.role in READERS]
    ids = set(CouncilMember.objects.filter(user=user).values_list("session_id", flat=True))
    sessions = CouncilSession.objects.select_related("agency", "minutes_number")
    return [
        s
        for s in sessions
        if s.pk in ids or any(s.agency.path.startswith(a.path) for a in agencies)
    ]


def may_see_posting(user, session: CouncilSession) -> bool:
    """Every member of staff of the agency (any role in it or in one of its divisions)."""
    return has_role_within(user, {a.role for a in active_assignments(user)}, session.agency)


def posting_for(user, pk) -> CouncilSession:
    session = get_object_or_404(CouncilSession.objects.select_related("agency"), pk=pk)
    if not may_see_posting(user, session):
        raise PermissionDenied(_("Bạn không có quyền xem danh sách công khai này."))
    return session


def postings_for(user):
    sessions = CouncilSession.objects.filter(status=SessionStatus.POSTING).select_related("agency")
    return [s for s in sessions if may_see_posting(user, s)]


def approved_items(session: CouncilSession) -> list[AgendaItem]:
    """Items the council approved (threshold passed, not cut by the CSTĐCS quota, no objection
    upheld), in agenda order; empty while the ballot is open."""
    items = session.items.select_related(
        "nominee__person", "nominee__unit", "nominee__proposal__division"
    ).prefetch_related("objections")
    return [
        item for item in items if item.approved and not any(o.upheld for o in item.objections.all())
    ]


def approved_entries(session: CouncilSession) -> list[dict]:
    """The approved list as decision entries: {"person", "unit", "title_code", "approvals",
    "members", "nominee"} (for thidua.decisions and the upward dossiers)."""
    ballot = getattr(session, "ballot", None)
    return [
        {
            "person": item.nominee.person,
            "unit": item.nominee.unit,
            "title_code": item.title_code,
            "approvals": item.approvals,
            "members": ballot.member_count if ballot else None,
            "nominee": item.nominee,
        }
        for item in approved_items(session)
    ]
