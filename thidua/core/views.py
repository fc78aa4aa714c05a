"""Home page, the audit page and the error pages."""

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpResponseServerError
from django.shortcuts import redirect, render
from django.template import loader
from django.utils import timezone

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
    context.update(_dashboard(request.user))
    return render(request, "core/home.html", context)


def _dashboard(user) -> dict:
    """The target dashboard for the head, the secretariat and division heads."""
    from thidua.movements import selectors as movement_selectors
    from thidua.movements.views import DASHBOARD_ROLES

    if not has_role(user, DASHBOARD_ROLES):
        return {}
    movement = movement_selectors.current_movement(user)
    if movement is None:
        return {}
    result = movement_selectors.evaluate_movement(movement)
    return {
        "dashboard_movement": movement,
        "dashboard": movement_selectors.target_progress(movement, result),
    }


@login_required
def notifications(request):
    items = request.user.notifications.all()[:100]
    if request.method == "POST":
        request.user.notifications.filter(read_at__isnull=True).update(read_at=timezone.now())
        return redirect("core:notifications")
    return render(request, "core/notifications.html", {"items": items})


@login_required
@role_required(*AUDIT_READERS)
def audit_list(request):
    form = AuditFilterForm(
        request.GET or None,
        actions=selectors.audit_actions(request.user),
        object_types=selectors.audit_object_types(request.user),
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
    events = selectors.audit_events(user=request.user, **filters).select_related("actor")
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
