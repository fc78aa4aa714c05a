"""Movements, their targets with live progress, and registrations, with the pages' checks:
drafts only for those who write or decide the plan; the dashboard and the registrations for
the head, the secretariat, administrators (whole agency) and division heads (their division)."""

from django.core.exceptions import PermissionDenied
from django.db.models import Q
from django.http import Http404
from ninja import Path, Query, Router

from thidua.accounts.access import has_role, has_role_within, scope_units, subtree_q
from thidua.accounts.models import Role
from thidua.movements import selectors
from thidua.movements.models import Movement
from thidua.org.models import Unit

from ..schemas import (
    Id,
    MovementDetailOut,
    MovementPage,
    PageParams,
    RegistrationPage,
    TargetProgressOut,
    Year,
)
from .common import paginate, responses

router = Router(tags=["Phong trào thi đua"])

AGENCY_WIDE = (Role.HEAD, Role.SECRETARIAT, Role.ADMIN)
DASHBOARD_ROLES = (*AGENCY_WIDE, Role.DIVISION_HEAD)


def movement_for(user, pk: int) -> Movement:
    if not Movement.objects.filter(pk=pk).exists():
        raise Http404
    movement = selectors.visible_movements(user).filter(pk=pk).first()
    if movement is None:
        raise PermissionDenied
    return movement


def movement_out(movement: Movement) -> dict:
    return {
        "id": movement.pk,
        "agency": movement.agency.code,
        "year": movement.year,
        "kind": movement.kind,
        "status": movement.status,
        "title": movement.title,
        "number": movement.number_code if movement.number_id else None,
        "issued_on": movement.issued_on,
        "starts_on": movement.starts_on,
        "ends_on": movement.ends_on,
        "registration_deadline": movement.registration_deadline,
    }


def target_out(target) -> dict:
    return {
        "id": target.pk,
        "phase": target.phase.name if target.phase_id else None,
        "subject": target.subject,
        "title_code": target.title_code,
        "percent": float(target.percent),
        "base": target.base,
        "strength": target.strength,
    }


def measure_out(measure) -> dict:
    return {"count": measure.count, "base": measure.base, "percent": float(measure.percent)}


class MovementFilter(PageParams):
    year: Year | None = None


@router.get(
    "movements",
    response=responses(200, MovementPage),
    url_name="movements",
    summary="Danh sách phong trào",
)
def movements(request, params: Query[MovementFilter]):
    """Phong trào của cơ quan người dùng (dự thảo chỉ với người lập và người duyệt kế hoạch)."""
    rows = selectors.visible_movements(request.user)
    if params.year is not None:
        rows = rows.filter(year=params.year)
    return paginate(rows.order_by("-year", "-id"), params, movement_out)


@router.get(
    "movements/{pk}",
    response=responses(200, MovementDetailOut),
    url_name="movement",
    summary="Một phong trào",
)
def movement(request, pk: Path[Id]):
    movement = movement_for(request.user, pk)
    return {
        **movement_out(movement),
        "theme": movement.theme,
        "slogan": movement.slogan,
        "phases": [
            {"order": p.order, "name": p.name, "starts_on": p.starts_on, "ends_on": p.ends_on}
            for p in movement.phases.all()
        ],
        "targets": [target_out(t) for t in movement.targets.select_related("phase")],
    }


@router.get(
    "movements/{pk}/targets",
    response=responses(200, list[TargetProgressOut]),
    url_name="movement_targets",
    summary="Chỉ tiêu và tiến độ",
)
def targets(request, pk: Path[Id]):
    """Chỉ tiêu và tiến độ thực hiện, tính lại từ hồ sơ hiện hành qua bộ quy tắc: số đăng ký,
    số đủ điều kiện, số đã được khen. Trưởng phòng chỉ thấy dòng của phòng mình."""
    movement = movement_for(request.user, pk)
    if not has_role_within(request.user, DASHBOARD_ROLES, movement.agency):
        raise PermissionDenied
    whole = has_role(request.user, AGENCY_WIDE, movement.agency)
    own = {u.name for u in scope_units(request.user, [Role.DIVISION_HEAD])}
    result = []
    for progress in selectors.target_progress(movement, selectors.evaluate_movement(movement)):
        result.append(
            {
                "target": target_out(progress.target),
                "registered": measure_out(progress.registered),
                "eligible": measure_out(progress.eligible),
                "achieved": measure_out(progress.achieved),
                "met": progress.met,
                "on_track": progress.on_track,
                "divisions": [
                    {
                        "division": row["division"],
                        "registered": measure_out(row["registered"]),
                        "eligible": measure_out(row["eligible"]),
                        "achieved": measure_out(row["achieved"]),
                    }
                    for row in progress.rows
                    if whole or row["division"] in own
                ],
            }
        )
    return result


def registration_out(row) -> dict:
    return {
        "id": row.pk,
        "subject": "person" if row.person_id else "unit",
        "code": row.person.staff_code if row.person_id else row.unit.code,
        "name": row.person.full_name if row.person_id else row.unit.name,
        "title_code": row.title_code,
        "registered_at": row.registered_at,
    }


@router.get(
    "movements/{pk}/registrations",
    response=responses(200, RegistrationPage),
    url_name="movement_registrations",
    summary="Đăng ký thi đua",
)
def registrations(request, pk: Path[Id], params: Query[PageParams]):
    """Đăng ký thi đua hiện hành: cả cơ quan với lãnh đạo, Thường trực, quản trị; các phòng
    mình phụ trách với trưởng phòng."""
    movement = movement_for(request.user, pk)
    rows = movement.registrations.filter(superseded_at__isnull=True).select_related(
        "person", "unit"
    )
    if not has_role(request.user, AGENCY_WIDE, movement.agency):
        heads = [
            u
            for u in scope_units(request.user, [Role.DIVISION_HEAD])
            if u.path.startswith(movement.agency.path)
        ]
        if not heads:
            raise PermissionDenied
        units = Unit.objects.filter(subtree_q(heads))
        rows = rows.filter(
            Q(unit__in=units)
            | Q(person__memberships__end_date__isnull=True, person__memberships__unit__in=units)
        ).distinct()
    return paginate(rows.order_by("id"), params, registration_out)
