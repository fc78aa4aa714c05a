"""Home page, the audit page and the error pages."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import render
from django.template import loader

from thidua.accounts.access import (
    AUDIT_READERS,
    PEOPLE_READERS,
    active_assignments,
    has_role,
    role_required,
)
from thidua.org.selectors import visible_people, visible_units

from . import selectors
from .forms import AuditFilterForm


@login_required
def home(request):
    context = {"assignments": active_assignments(request.user)}

    if has_role(request.user, PEOPLE_READERS):
        context["unit_count"] = visible_units(request.user).count()
        context["people_count"] = visible_people(request.user).filter(is_active=True).count()
    return render(request, "core/home.html", context)


@login_required
@role_required(*AUDIT_READERS)
def audit_list(request):
    form = AuditFilterForm(
        request.GET or None,
        actions=selectors.audit_actions(),
        object_types=selectors.audit_object_types(),
    )
    filters = {}
    if form.is_valid():
        data = form.cleaned_data
        filters = {
            "actor_query": data["actor"],
            "action": data["action"],
            "object_type": data["object_type"],
            "object_query": data["object"],
            "date_from": data["date_from"],
            "date_to": data["date_to"],
        }
    events = selectors.audit_events(**filters).select_related("actor")
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "core/audit_list.html#results" if request.htmx else "core/audit_list.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def error_403(request, exception=None):
    return render(request, "403.html", {"message": str(exception or "")}, status=403)


def error_404(request, exception=None):
    return render(request, "404.html", status=404)


def error_500(request):
    # No context processors: the database may be the thing that failed.
    return HttpResponseServerError(loader.render_to_string("500.html"))
