"""Units and people: reads through the org selectors, writes through the org services (the
same path as the staff import), so the HR system's data is checked like an uploaded file."""

from typing import Annotated, Literal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from ninja import Field, Path, Query, Router, Status

from thidua.accounts.access import STAFF_EDITORS, active_assignments, has_role
from thidua.org import services
from thidua.org.models import Person, Unit
from thidua.org.selectors import people_search, visible_units

from ..schemas import (
    Code,
    MeOut,
    PageParams,
    PersonIn,
    PersonOut,
    PersonPage,
    PersonPatch,
    Text,
    UnitOut,
    UnitPage,
)
from .common import paginate, person_for, responses, unit_or_404

router = Router(tags=["Tổ chức, cán bộ"])


def unit_out(unit: Unit) -> dict:
    path_codes = [c for c in unit.path.split("/") if c]
    return {
        "code": unit.code,
        "name": unit.name,
        "short_name": unit.short_name,
        "kind": unit.kind,
        "parent": path_codes[-2] if len(path_codes) > 1 else None,
        "path": unit.path,
        "order": unit.order,
        "is_active": unit.is_active,
        "is_collective": unit.is_collective,
    }


def person_out(person: Person) -> dict:
    memberships = getattr(person, "current_memberships", None)
    if memberships is None:
        memberships = list(person.memberships.filter(end_date__isnull=True).select_related("unit"))
    current = memberships[0] if memberships else None
    return {
        "staff_code": person.staff_code,
        "full_name": person.full_name,
        "gender": person.gender,
        "date_of_birth": person.date_of_birth,
        "recruited_on": person.recruited_on,
        "email": person.email,
        "citizen_id_masked": person.citizen_id_masked,
        "is_active": person.is_active,
        "agency": person.agency.code,
        "unit": current.unit.code if current else None,
        "unit_name": current.unit.name if current else None,
        "position": current.position if current else None,
    }


@router.get("me", response=responses(200, MeOut), url_name="me", summary="Tài khoản của khoá")
def me(request):
    """Tài khoản sở hữu khoá đang dùng và các vai trò đang có hiệu lực: để kiểm tra khoá."""
    user = request.user
    token = user.api_token
    return {
        "username": user.username,
        "full_name": user.get_full_name(),
        "staff_code": user.person.staff_code if user.person_id else None,
        "roles": [
            {"role": a.role, "unit": a.unit.code}
            for a in sorted(active_assignments(user), key=lambda a: (a.role, a.unit.code))
        ],
        "token_name": token.name,
        "token_prefix": token.prefix,
        "token_expires_at": token.expires_at,
    }


@router.get(
    "units", response=responses(200, UnitPage), url_name="units", summary="Danh sách đơn vị"
)
def units(request, params: Query[PageParams]):
    """Đơn vị trong phạm vi của người dùng (cơ quan của họ và các phòng)."""
    return paginate(visible_units(request.user).order_by("path"), params, unit_out)


@router.get("units/{code}", response=responses(200, UnitOut), url_name="unit", summary="Một đơn vị")
def unit(request, code: Path[Code]):
    """Một đơn vị; 404 nếu không tồn tại hoặc ngoài phạm vi."""
    return unit_out(unit_or_404(visible_units(request.user), code))


class PeopleFilter(PageParams):
    q: Annotated[Text, Field(max_length=100)] = ""
    unit: Code | None = None
    active: Literal["true", "false", "all"] = Field(
        "true", description="Đang công tác (true), đã nghỉ (false) hay tất cả (all)."
    )


@router.get(
    "people", response=responses(200, PersonPage), url_name="people", summary="Danh sách cán bộ"
)
def people(request, params: Query[PeopleFilter]):
    """Cán bộ người dùng được xem: cả cơ quan với lãnh đạo, Thường trực, quản trị; cán bộ đang
    ở phòng mình với trưởng phòng; chỉ bản thân với cán bộ. Lọc: `q` (tên, không dấu cũng
    được, hoặc mã), `unit` (mã đơn vị, gồm đơn vị con), `active`."""
    scope_unit = None
    if params.unit:
        scope_unit = visible_units(request.user).filter(code=params.unit).first()
        if scope_unit is None:
            return paginate([], params, person_out)
    rows = people_search(
        request.user,
        query=params.q,
        unit=scope_unit,
        active={"true": "1", "false": "0", "all": ""}[params.active],
    ).order_by("staff_code")
    return paginate(rows, params, person_out)


@router.get(
    "people/{staff_code}",
    response=responses(200, PersonOut),
    url_name="person",
    summary="Một cán bộ",
)
def person(request, staff_code: Path[Code]):
    return person_out(person_for(request.user, staff_code))


@router.post(
    "people", response=responses(201, PersonOut), url_name="person_create", summary="Thêm cán bộ"
)
def person_create(request, payload: PersonIn):
    """Thêm cán bộ (Thường trực Hội đồng, quản trị của cơ quan). Cùng kiểm tra như khi nhập từ
    tệp Excel: mã cán bộ không trùng, đơn vị thuộc cơ quan."""
    if not has_role(request.user, STAFF_EDITORS):
        raise PermissionDenied
    data = payload.dict()
    data["full_name"] = " ".join(data["full_name"].split())  # as the staff import does
    unit = visible_units(request.user).filter(code=data.pop("unit")).first()
    if unit is None:
        raise ValidationError({"unit": "Không có đơn vị với mã này trong phạm vi của bạn."})
    with transaction.atomic():
        created = services.person_create(actor=request.user, unit=unit, **data)
    created.current_memberships = list(
        created.memberships.filter(end_date__isnull=True).select_related("unit")
    )
    return Status(201, person_out(created))


@router.patch(
    "people/{staff_code}",
    response=responses(200, PersonOut),
    url_name="person_update",
    summary="Sửa thông tin cán bộ",
)
def person_update(request, staff_code: Path[Code], payload: PersonPatch):
    """Sửa thông tin cán bộ: chỉ các trường gửi lên được thay đổi. Điều chuyển đơn vị làm
    trên giao diện (cần quyết định và ngày hiệu lực)."""
    target = person_for(request.user, staff_code)
    changes = payload.dict(exclude_unset=True)
    reason = changes.pop("reason", "")
    if "full_name" in changes and changes["full_name"] is None:
        changes.pop("full_name")
    if "recruited_on" in changes and changes["recruited_on"] is None:
        changes.pop("recruited_on")
    if "is_active" in changes and changes["is_active"] is None:
        changes.pop("is_active")
    if changes.get("full_name"):
        changes["full_name"] = " ".join(changes["full_name"].split())
    for field in ("citizen_id", "gender", "email"):
        if field in changes and changes[field] is None:
            changes[field] = ""
    services.person_update(actor=request.user, person=target, reason=reason, **changes)
    target.refresh_from_db()
    return person_out(target)
