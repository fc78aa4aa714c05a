"""Awards history (khen thưởng đã nhận) and, once the decisions app has them, decisions."""

from typing import Literal

from ninja import Query, Router

from ..schemas import AwardPage, Code, PageParams, Year
from .common import paginate, responses
from .records import award_out, visible_awards

router = Router(tags=["Quyết định, khen thưởng"])


class AwardFilter(PageParams):
    year: Year | None = None
    staff_code: Code | None = None
    unit: Code | None = None
    subject: Literal["person", "unit"] | None = None
    include_revoked: bool = False


@router.get("awards", response=responses(200, AwardPage), url_name="awards")
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
