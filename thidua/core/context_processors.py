"""Navigation built from the user's roles, so each role sees only the menus it may use."""

from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.access import (
    AUDIT_READERS,
    PEOPLE_READERS,
    STAFF_EDITORS,
    active_assignments,
    has_role,
)


def navigation(request):
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"nav_items": []}
    items = [
        ("core:home", _("Trang chủ")),
        ("movements:list", _("Phong trào thi đua")),
        ("initiatives:list", _("Sáng kiến")),
        ("org:unit_tree", _("Cơ cấu tổ chức")),
        ("regulations:list", _("Văn bản quy định")),
        ("council:index", _("Hội đồng TĐKT")),
    ]
    if has_role(user, PEOPLE_READERS):
        items.append(("org:person_list", _("Cán bộ")))
        items.append(("reviews:index", _("Bình xét")))
    elif user.person_id:
        items.append(("org:me", _("Hồ sơ của tôi")))
    if has_role(user, (*STAFF_EDITORS, "head")):
        items.append(("records:index", _("Hồ sơ thi đua")))
    if has_role(user, PEOPLE_READERS):
        items.append(("eligibility:office", _("Xét danh hiệu")))
    items.append(("decisions:list", _("Khen thưởng")))
    if has_role(user, ("head", "secretariat", "admin", "province_board")):  # upward dossiers
        items.append(
            (
                "upward:index"
                if has_role(user, ("head", "secretariat", "admin"))
                else "upward:province",
                _("Đề nghị cấp trên"),
            )
        )
    if has_role(user, STAFF_EDITORS):
        items.append(("org:import_start", _("Nhập dữ liệu")))
    if has_role(user, ("head", "secretariat", "admin", "province_board")):
        items.append(("clusters:index", _("Cụm, khối thi đua")))
    if has_role(user, AUDIT_READERS):
        items.append(("core:audit_list", _("Nhật ký thay đổi")))
    if has_role(user, (*PEOPLE_READERS, "province_board")):
        items.append(("reports:index", _("Báo cáo, thống kê")))
    elif user.person_id:
        items.append(("reports:index", _("Khen thưởng của tôi")))
    nav = [
        {
            "url": reverse(name),
            "label": label,
            "active": request.path == reverse(name)
            or (name != "core:home" and request.path.startswith(reverse(name))),
        }
        for name, label in items
    ]
    return {
        "nav_items": nav,
        "nav_roles": sorted({a.get_role_display() for a in active_assignments(user)}),
        "nav_is_admin": has_role(user, ["admin"]) and user.is_staff,
        "nav_unread": user.notifications.filter(read_at__isnull=True).count(),
    }
