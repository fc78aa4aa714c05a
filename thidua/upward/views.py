"""Pages of upward dossiers: the list with the form to build a dossier, the dossier with its
entries' screening, the entry's achievement report, the transitions (sign, send, return,
decide, cancel), the downloads (memo DOCX/PDF, one report, the whole ZIP) and the province
board's inbox. Views parse a form, call one service, and redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.access import has_role, role_required
from thidua.accounts.models import Role

from . import documents, selectors, services
from .forms import CreateForm, DecideForm, EntryForm, MemoForm
from .models import DossierEntry, DossierStatus, UpwardDossier

S = DossierStatus
DOC_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "zip": "application/zip",
}
CONFIRMED = {
    "sign": _("Đã ký tờ trình."),
    "cancel": _("Đã huỷ hồ sơ."),
    "reopen": _("Đã mở lại hồ sơ để sửa."),
    "send": _("Đã ghi nhận gửi hồ sơ lên tỉnh."),
    "return": _("Đã ghi nhận yêu cầu bổ sung của tỉnh."),
    "resend": _("Đã ghi nhận gửi lại hồ sơ lên tỉnh."),
    "decide": _("Đã ghi nhận quyết định của tỉnh và đưa vào lịch sử khen thưởng."),
}


def errors_to_form(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def dossier_for(user, pk) -> UpwardDossier:
    dossier = get_object_or_404(UpwardDossier, pk=pk)
    if not selectors.visible_dossiers(user).filter(pk=pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ này."))
    return dossier


def _require_secretariat(user, dossier):
    if not services.may(user, services.SECRETARIAT, dossier):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng mới thực hiện được."))


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOC_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["X-Content-Type-Options"] = "nosniff"
    return response


@login_required
@role_required(*selectors.READERS)
def index(request):
    user = request.user
    secretariat_of = selectors.managed_agencies(user, services.SECRETARIAT)
    form = CreateForm(
        agencies=secretariat_of,
        initial={"year": timezone.localdate().year - (1 if timezone.localdate().month < 7 else 0)},
    )
    return render(
        request,
        "upward/index.html",
        {
            "dossiers": selectors.visible_dossiers(user).filter(
                agency__in=selectors.managed_agencies(user)
            )[:100],
            "form": form if secretariat_of else None,
        },
    )


@login_required
@require_POST
@role_required(Role.SECRETARIAT)
def create(request):
    agencies = selectors.managed_agencies(request.user, services.SECRETARIAT)
    form = CreateForm(request.POST, agencies=agencies)
    if form.is_valid():
        try:
            dossier = services.dossier_create(
                actor=request.user, agency=form.chosen_agency(), year=form.cleaned_data["year"]
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Đã lập hồ sơ. Kiểm tra kết quả xét điều kiện, hoàn thiện báo cáo thành tích."),
            )
            return redirect("upward:detail", pk=dossier.pk)
    return render(
        request,
        "upward/index.html",
        {
            "dossiers": selectors.visible_dossiers(request.user).filter(agency__in=agencies)[:100],
            "form": form,
        },
        status=400,
    )


def detail_context(user, dossier: UpwardDossier, **extra) -> dict:
    entries = list(dossier.entries.select_related("person", "unit", "award"))
    manager = selectors.is_manager(user, dossier)
    actions = [
        action
        for (state, action), (_next, roles) in services.TRANSITIONS.items()
        if state == dossier.status and services.may(user, roles, dossier)
    ]
    editable = dossier.status in services.EDITABLE and services.may(
        user, services.SECRETARIAT, dossier
    )
    context = {
        "dossier": dossier,
        "entries": entries,
        "manager": manager,
        "editable": editable,
        "actions": actions,
        "transitions": dossier.transitions.select_related("actor"),
        "last_return": dossier.transitions.filter(action="return").last(),
        "missing": [e for e in entries if e.needs_justification],
        "memo_form": MemoForm(
            initial={"recipient": dossier.recipient, "memo_summary": dossier.memo_summary}
        ),
        "decide_form": DecideForm(
            entries=[e for e in entries if e.included],
            initial={"issuer": services.province_issuer(dossier.agency)},
        ),
    }
    context.update(extra)
    return context


@login_required
def detail(request, pk):
    dossier = dossier_for(request.user, pk)
    return render(request, "upward/detail.html", detail_context(request.user, dossier))


@login_required
@require_POST
def memo_update(request, pk):
    dossier = dossier_for(request.user, pk)
    _require_secretariat(request.user, dossier)
    form = MemoForm(request.POST)
    if form.is_valid():
        try:
            services.dossier_update(actor=request.user, dossier=dossier, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu nội dung tờ trình."))
            return redirect("upward:detail", pk=pk)
    return render(
        request,
        "upward/detail.html",
        detail_context(request.user, dossier, memo_form=form),
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def entry_edit(request, pk, entry_pk):
    dossier = dossier_for(request.user, pk)
    if not selectors.is_manager(request.user, dossier):
        raise PermissionDenied(_("Bạn không có quyền xem báo cáo thành tích này."))
    entry = get_object_or_404(DossierEntry, pk=entry_pk, dossier=dossier)
    can_edit = dossier.status in services.EDITABLE and services.may(
        request.user, services.SECRETARIAT, dossier
    )
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng mới sửa được khi hồ sơ đang chuẩn bị."))
    form = EntryForm(request.POST or None, instance=DossierEntry.objects.get(pk=entry.pk))
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.entry_update(
                    actor=request.user,
                    entry=entry,
                    justification=form.cleaned_data["justification"],
                    **form.report(),
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã lưu báo cáo thành tích."))
                return redirect("upward:detail", pk=pk)
        status = 400
    if not can_edit:
        for field in form.fields.values():
            field.disabled = True
    return render(
        request,
        "upward/entry.html",
        {"dossier": dossier, "entry": entry, "form": form, "can_edit": can_edit},
        status=status,
    )


@login_required
@require_POST
def entry_include(request, pk, entry_pk):
    dossier = dossier_for(request.user, pk)
    _require_secretariat(request.user, dossier)
    entry = get_object_or_404(DossierEntry, pk=entry_pk, dossier=dossier)
    try:
        services.entry_set_included(
            actor=request.user,
            entry=entry,
            included=request.POST.get("included") == "1",
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect("upward:detail", pk=pk)


@login_required
@require_POST
def transition(request, pk, action):
    dossier = dossier_for(request.user, pk)
    if action not in services.ACTIONS:
        raise Http404
    if not services.may(request.user, services.action_roles(action), dossier):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    kwargs = {"reason": request.POST.get("reason", "")}
    if action == "decide":
        form = DecideForm(request.POST, entries=list(dossier.entries.filter(included=True)))
        if not form.is_valid():
            return render(
                request,
                "upward/detail.html",
                detail_context(request.user, dossier, decide_form=form),
                status=400,
            )
        kwargs.update(
            decision_code=form.cleaned_data["decision_code"],
            decided_on=form.cleaned_data["decided_on"],
            issuer=form.cleaned_data["issuer"],
            awarded_ids=form.cleaned_data["awarded"],
        )
    try:
        services.dossier_transition(actor=request.user, dossier=dossier, action=action, **kwargs)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, CONFIRMED[action])
    return redirect("upward:detail", pk=pk)


@login_required
def memo(request, pk, fmt):
    dossier = dossier_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    from thidua.movements.covenant_views import render_official

    content = render_official(documents.memo_document(dossier), fmt)
    return _download(content, documents.memo_filename(dossier, fmt), fmt)


@login_required
def report(request, pk, entry_pk):
    dossier = dossier_for(request.user, pk)
    entry = get_object_or_404(DossierEntry, pk=entry_pk, dossier=dossier)
    from thidua.documents.docx_render import render_docx

    content = render_docx(documents.report_document(entry))
    name = f"bao-cao-thanh-tich-{documents.slug(entry.subject_name)}.docx"
    return _download(content, name, "docx")


@login_required
def archive(request, pk):
    dossier = dossier_for(request.user, pk)
    content = documents.dossier_zip(dossier)
    return _download(content, f"ho-so-de-nghi-khen-thuong-{dossier.year}-{dossier.pk}.zip", "zip")


@login_required
@role_required(Role.PROVINCE_BOARD)
def province(request):
    dossiers = selectors.province_dossiers(request.user)
    status = request.GET.get("trang_thai", "")
    if status in (S.SENT, S.RETURNED, S.DECIDED):
        dossiers = dossiers.filter(status=status)
    return render(
        request,
        "upward/province.html",
        {
            "dossiers": dossiers[:200],
            "status": status,
            "statuses": [(s, S(s).label) for s in (S.SENT, S.RETURNED, S.DECIDED)],
            "is_board": has_role(request.user, [Role.PROVINCE_BOARD]),
        },
    )
