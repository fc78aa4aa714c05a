"""Pages of the regulations library: the searchable list, a document's page, its file (served
after the permission check), adding and correcting documents."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.initiatives.uploads import CONTENT_TYPES, extension_of
from thidua.initiatives.views import errors_to_form

from . import selectors, services
from .forms import RegulationEditForm, RegulationForm, SearchForm
from .models import Regulation

PAGE_SIZE = 25
FIELDS = (
    "kind",
    "number",
    "title",
    "issuer",
    "issued_on",
    "effective_from",
    "effective_to",
    "regime",
    "status",
    "replaced_by",
    "summary",
)


@login_required
def regulation_list(request):
    form = SearchForm(request.GET or None)
    regulations = selectors.visible_regulations(request.user)
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"] or ""
        for name in ("kind", "regime", "scope", "status"):
            if data[name]:
                regulations = regulations.filter(**{name: data[name]})
    found = selectors.search(selectors.ordered(regulations), query)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("trang"))
    params = request.GET.copy()
    params.pop("trang", None)
    return render(
        request,
        "regulations/list.html",
        {
            "form": form,
            "page": page,
            "count": len(found),
            "query": query,
            "params": params.urlencode(),
            "can_add": bool(selectors.upload_targets(request.user)),
        },
    )


def _regulation_for(user, pk) -> Regulation:
    regulation = get_object_or_404(Regulation.objects.select_related("unit", "replaced_by"), pk=pk)
    if not selectors.can_read(user, regulation):
        raise PermissionDenied(_("Bạn không có quyền xem văn bản này."))
    return regulation


@login_required
def regulation_detail(request, pk):
    regulation = _regulation_for(request.user, pk)
    visible = selectors.visible_regulations(request.user)
    return render(
        request,
        "regulations/detail.html",
        {
            "regulation": regulation,
            "replaces": visible.filter(replaced_by=regulation),
            "replaced_by_visible": regulation.replaced_by_id
            and visible.filter(pk=regulation.replaced_by_id).exists(),
            "can_edit": selectors.can_manage(request.user, regulation.scope, regulation.unit),
        },
    )


@login_required
def regulation_file(request, pk):
    """The stored file, as a download the browser may not sniff or run."""
    regulation = _regulation_for(request.user, pk)
    if not regulation.file:
        raise Http404(_("Văn bản này chưa có tệp đính kèm."))
    extension = extension_of(regulation.file.name)
    response = FileResponse(
        regulation.file.open("rb"),
        as_attachment=True,
        filename=regulation.original_name or f"van-ban{extension}",
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def regulation_create(request):
    targets = selectors.upload_targets(request.user)
    if not targets:
        raise PermissionDenied(_("Bạn không có quyền thêm văn bản quy định."))
    candidates = selectors.visible_regulations(request.user).order_by("kind", "number")
    form = RegulationForm(
        request.POST or None, request.FILES or None, targets=targets, candidates=candidates
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            scope, unit = data["target"]
            try:
                regulation = services.regulation_create(
                    actor=request.user,
                    scope=scope,
                    unit=unit,
                    upload=data["file"] or None,
                    **{name: data[name] for name in FIELDS},
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã thêm văn bản vào thư viện."))
                return redirect("regulations:detail", pk=regulation.pk)
    return render(
        request, "regulations/form.html", {"form": form, "regulation": None}, status=status
    )


@login_required
@require_http_methods(["GET", "POST"])
def regulation_edit(request, pk):
    regulation = _regulation_for(request.user, pk)
    if not selectors.can_manage(request.user, regulation.scope, regulation.unit):
        raise PermissionDenied(_("Bạn không có quyền sửa văn bản này."))
    candidates = (
        selectors.visible_regulations(request.user).exclude(pk=pk).order_by("kind", "number")
    )
    initial = {name: getattr(regulation, name) for name in FIELDS}
    form = RegulationEditForm(
        request.POST or None, request.FILES or None, initial=initial, candidates=candidates
    )
    status = 200
    if request.method == "POST":
        status = 400
        if form.is_valid():
            data = form.cleaned_data
            try:
                services.regulation_update(
                    actor=request.user,
                    regulation=regulation,
                    reason=data["reason"],
                    upload=data["file"] or None,
                    **{name: data[name] for name in FIELDS},
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã cập nhật văn bản."))
                return redirect("regulations:detail", pk=pk)
    return render(
        request,
        "regulations/form.html",
        {"form": form, "regulation": regulation},
        status=status,
    )
