"""The library (nhân rộng điển hình tiên tiến): recognised initiatives and the people and
divisions the head marks as examples, searchable by everyone in the office."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.access import has_role, scope_units
from thidua.movements.selectors import user_agencies

from . import search, selectors, services
from .forms import ExemplarForm, LibrarySearchForm, ReasonForm
from .models import Exemplar
from .views import errors_to_form

PAGE_SIZE = 20


@login_required
def library(request):
    form = LibrarySearchForm(request.GET or None)
    initiatives = selectors.library_initiatives(request.user).select_related("agency")
    exemplars = selectors.library_exemplars(request.user)
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"] or ""
        if data["field"]:
            initiatives = initiatives.filter(field=data["field"])
            exemplars = exemplars.none()
        if data["year"]:
            initiatives = initiatives.filter(recognized_on__year=data["year"])
            exemplars = exemplars.filter(year=data["year"])
        if data["level"]:
            initiatives = initiatives.filter(level=data["level"])
            exemplars = exemplars.none()
    found = search.search(initiatives.order_by("-recognized_on", "-id"), query)
    examples = search.search(exemplars, query, vector=search.EXEMPLAR_VECTOR)
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("trang"))
    return render(
        request,
        "initiatives/library.html",
        {
            "form": form,
            "page": page,
            "count": len(found),
            "exemplars": examples[:PAGE_SIZE],
            "query": query,
            "can_publish": has_role(request.user, services.EXEMPLAR_PUBLISHERS),
        },
    )


def _head_agency(user):
    for unit in scope_units(user, services.EXEMPLAR_PUBLISHERS):
        agency = unit.agency()
        if agency is not None:
            return agency
    raise PermissionDenied(_("Chỉ Chánh Văn phòng được nêu gương điển hình."))


@login_required
def exemplar_create(request):
    agency = _head_agency(request.user)
    form = ExemplarForm(
        request.POST or None, agency=agency, initial={"year": timezone.localdate().year}
    )
    if request.method == "POST" and form.is_valid():
        try:
            exemplar = services.exemplar_publish(
                actor=request.user, agency=agency, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã đăng điển hình tiên tiến lên thư viện."))
            return redirect("initiatives:exemplar", pk=exemplar.pk)
    return render(request, "initiatives/exemplar_form.html", {"form": form})


def _exemplar_for(user, pk) -> Exemplar:
    exemplar = get_object_or_404(Exemplar.objects.select_related("person", "unit"), pk=pk)
    if exemplar.agency_id not in {a.pk for a in user_agencies(user)}:
        raise PermissionDenied(_("Bạn không có quyền xem điển hình này."))
    return exemplar


@login_required
def exemplar_detail(request, pk):
    exemplar = _exemplar_for(request.user, pk)
    return render(
        request,
        "initiatives/exemplar_detail.html",
        {
            "exemplar": exemplar,
            "can_withdraw": exemplar.withdrawn_at is None
            and has_role(request.user, services.EXEMPLAR_PUBLISHERS, exemplar.agency),
            "reason_form": ReasonForm(),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def exemplar_withdraw(request, pk):
    exemplar = _exemplar_for(request.user, pk)
    if not has_role(request.user, services.EXEMPLAR_PUBLISHERS, exemplar.agency):
        raise PermissionDenied(_("Chỉ Chánh Văn phòng được gỡ điển hình."))
    if request.method == "POST":
        try:
            services.exemplar_withdraw(
                actor=request.user, exemplar=exemplar, reason=request.POST.get("reason", "")
            )
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã gỡ điển hình khỏi thư viện."))
    return redirect("initiatives:exemplar", pk=pk)
