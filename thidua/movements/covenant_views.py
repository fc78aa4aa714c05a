"""Downloads (plan, registration list) and the covenant pages."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from thidua.accounts.access import has_role
from thidua.accounts.models import Role

from . import documents, selectors, services
from .forms import CovenantForm, CovenantSignForm
from .models import Covenant
from .views import _errors_to_form, _registration_scope, movement_for

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def render_official(document, fmt: str) -> bytes:
    from thidua.documents.docx_render import render_docx
    from thidua.documents.pdf_render import render_pdf

    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    raise Http404


@login_required
def plan_document(request, pk, fmt):
    movement = movement_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    content = render_official(documents.plan_document(movement), fmt)
    return _download(content, f"ke-hoach-thi-dua-{movement.year}.{fmt}", fmt)


@login_required
def registrations_export(request, pk, fmt):
    movement = movement_for(request.user, pk)
    if _registration_scope(request.user, movement) is not None:
        raise PermissionDenied(
            _("Chỉ Thường trực Hội đồng và lãnh đạo tải được danh sách toàn cơ quan.")
        )
    if fmt == "xlsx":
        from thidua.documents.spreadsheet import workbook_bytes

        collectives, individuals = documents.registration_rows(movement)
        numbered = lambda rows: [[int(r[0]), *r[1:]] for r in rows]  # noqa: E731
        content = workbook_bytes(
            [
                ("Tập thể", ["STT", "Tập thể", "Danh hiệu đăng ký"], numbered(collectives)),
                (
                    "Cá nhân",
                    ["STT", "Họ và tên", "Đơn vị", "Danh hiệu đăng ký"],
                    numbered(individuals),
                ),
            ],
            author=movement.agency.name,
        )
    elif fmt in ("docx", "pdf"):
        content = render_official(documents.registration_document(movement), fmt)
    else:
        raise Http404
    return _download(content, f"dang-ky-thi-dua-{movement.year}.{fmt}", fmt)


def _covenant_for(user, pk) -> Covenant:
    covenant = get_object_or_404(Covenant, pk=pk)
    agencies = {a.pk for a in selectors.user_agencies(user)}
    if covenant.agency_id not in agencies:
        raise PermissionDenied(_("Bạn không có quyền xem giao ước này."))
    return covenant


@login_required
def covenant_list(request):
    agencies = selectors.user_agencies(request.user)
    covenants = Covenant.objects.filter(agency__in=agencies).select_related("movement")
    return render(
        request,
        "movements/covenant_list.html",
        {
            "covenants": covenants,
            "can_edit": any(has_role(request.user, services.PLAN_EDITORS, a) for a in agencies),
        },
    )


@login_required
def covenant_detail(request, pk):
    covenant = _covenant_for(request.user, pk)
    return render(
        request,
        "movements/covenant_detail.html",
        {
            "covenant": covenant,
            "parties": covenant.parties.all(),
            "items": covenant.items.all(),
            "can_edit": has_role(request.user, services.PLAN_EDITORS, covenant.agency),
            "sign_form": CovenantSignForm(),
        },
    )


@login_required
def covenant_edit(request, pk=None):
    covenant = _covenant_for(request.user, pk) if pk else None
    agencies = selectors.user_agencies(request.user)
    agency = (
        covenant.agency
        if covenant
        else next((a for a in agencies if has_role(request.user, services.PLAN_EDITORS, a)), None)
    )
    if agency is None or not has_role(request.user, services.PLAN_EDITORS, agency):
        raise PermissionDenied(_("Bạn không có quyền lập giao ước thi đua."))
    initial = {}
    if covenant:
        initial = {
            "title": covenant.title,
            "movement": covenant.movement,
            "signed_on": covenant.signed_on,
            "place": covenant.place,
            "parties": "\n".join(
                " | ".join([p.name, p.representative_name, p.representative_position])
                for p in covenant.parties.all()
            ),
            "items": "\n".join(i.text for i in covenant.items.all()),
        }
    movements = selectors.visible_movements(request.user).filter(agency=agency)
    form = CovenantForm(request.POST or None, initial=initial, movements=movements)
    if request.method == "POST" and form.is_valid():
        try:
            covenant = services.covenant_save(
                actor=request.user, agency=agency, covenant=covenant, **form.cleaned_data
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu giao ước."))
            return redirect("movements:covenant_detail", pk=covenant.pk)
    return render(request, "movements/covenant_form.html", {"form": form, "covenant": covenant})


@login_required
def covenant_sign(request, pk):
    covenant = _covenant_for(request.user, pk)
    if not has_role(request.user, services.PLAN_EDITORS, covenant.agency):
        raise PermissionDenied(_("Bạn không có quyền cập nhật giao ước."))
    if request.method != "POST":
        return redirect("movements:covenant_detail", pk=pk)
    form = CovenantSignForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["scan"]
        try:
            services.covenant_sign(
                actor=request.user, covenant=covenant, scan_name=upload.name, scan_file=upload
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã ghi nhận giao ước đã ký kết."))
            return redirect("movements:covenant_detail", pk=pk)
    return render(
        request,
        "movements/covenant_detail.html",
        {
            "covenant": covenant,
            "parties": covenant.parties.all(),
            "items": covenant.items.all(),
            "can_edit": True,
            "sign_form": form,
        },
    )


@login_required
def covenant_scan(request, pk):
    """The signed scan, served through the application after the permission check (uploads
    are stored outside the web root)."""
    covenant = _covenant_for(request.user, pk)
    if not covenant.scan:
        raise Http404
    if not has_role(
        request.user, (Role.SECRETARIAT, Role.ADMIN, Role.HEAD, Role.UNION_REP), covenant.agency
    ):
        raise PermissionDenied(_("Bạn không có quyền tải bản ký của giao ước."))
    response = FileResponse(
        covenant.scan.open("rb"), as_attachment=True, filename=covenant.scan_name or "giao-uoc"
    )
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
def covenant_document(request, pk, fmt):
    covenant = _covenant_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    content = render_official(documents.covenant_document(covenant), fmt)
    return _download(content, f"giao-uoc-thi-dua-{covenant.pk}.{fmt}", fmt)
