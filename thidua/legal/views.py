"""Pages of the legal parameter table: the rows in force and their history (everyone signed in
may read them: every reward amount depends on them) and adding a row (administrators only)."""

from itertools import groupby

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.initiatives.views import errors_to_form

from . import selectors, services
from .forms import ParameterForm, WithdrawForm
from .models import LegalParameter, ParameterKind


@login_required
def parameter_list(request):
    rows = list(selectors.active_rows())
    today = timezone.localdate()
    table = selectors.legal_parameters()
    in_force = set()
    for kind, key in {(row.kind, row.key) for row in rows}:
        current = table.in_force(kind, today, key)
        if current is not None:
            in_force.add((kind, key, current.effective_from))
    groups = [
        (ParameterKind(kind).label, list(items))
        for kind, items in groupby(rows, key=lambda row: row.kind)
    ]
    return render(
        request,
        "legal/list.html",
        {
            "groups": groups,
            "in_force": in_force,
            "today": today,
            "warning": table.staleness_warning(today),
            "can_edit": services.can_edit(request.user),
            "withdraw_form": WithdrawForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def parameter_add(request):
    if not services.can_edit(request.user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được nhập tham số pháp lý."))
    form = ParameterForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            row = services.parameter_add(actor=request.user, **form.cleaned_data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã thêm tham số: %(row)s.") % {"row": row})
            return redirect("legal:list")
    return render(request, "legal/form.html", {"form": form})


@login_required
@require_POST
def parameter_withdraw(request, pk):
    if not services.can_edit(request.user):
        raise PermissionDenied(_("Chỉ quản trị hệ thống được thu hồi tham số pháp lý."))
    row = get_object_or_404(LegalParameter, pk=pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Ghi lý do thu hồi."))
        return redirect("legal:list")
    try:
        services.parameter_withdraw(actor=request.user, row=row, reason=form.cleaned_data["reason"])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã thu hồi tham số: %(row)s.") % {"row": row})
    return redirect("legal:list")
