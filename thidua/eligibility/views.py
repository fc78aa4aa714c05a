"""Eligibility pages: the office-wide table, a person's page and a division's page.

Each page evaluates the agency once (``selectors.office_eligibility``) and shows the engine's
verdicts with every check's reason and legal basis; nothing is stored.
"""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _

from thidua.accounts.access import PEOPLE_READERS, role_required, subtree_q
from thidua.org.models import Person, Unit, UnitKind
from thidua.org.selectors import visible_people

from . import selectors
from .forms import MAX_YEAR, MIN_YEAR, DecisionDateForm, OfficeFilterForm

PLACEHOLDER = "__code__"


def _check_year(year: int) -> None:
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise Http404(_("Năm không hợp lệ."))


def _link_people(rows, year) -> None:
    # One reverse() for the whole table rather than one per row.
    base = reverse("eligibility:person", args=[year, PLACEHOLDER])
    for row in rows:
        row.url = base.replace(PLACEHOLDER, row.code)


@login_required
@role_required(*PEOPLE_READERS)
def office(request):
    agencies = selectors.reader_agencies(request.user)
    if not agencies:
        raise PermissionDenied(_("Bạn không có quyền truy cập trang này."))
    agency = agencies[0]
    scope = selectors.division_scope(request.user, agency)
    divisions = Unit.objects.subtree(agency).filter(kind=UnitKind.DIVISION)
    if scope is not None:
        divisions = divisions.filter(subtree_q(scope))
    form = OfficeFilterForm(request.GET, divisions=divisions.order_by("order", "name"))
    evaluation = rows = None
    if form.is_valid():
        data = form.cleaned_data
        evaluation = selectors.office_eligibility(agency=agency, year=data["year"])
        evaluation = evaluation.restricted_to(scope)
        rows = selectors.filter_rows(
            evaluation.people,
            division=data["division"],
            title=data["title"],
            status=data["status"],
            query=data["q"],
        )
        _link_people(rows, data["year"])
    template = "eligibility/office.html#results" if request.htmx else "eligibility/office.html"
    return render(
        request,
        template,
        {
            "agency": agency,
            "form": form,
            "evaluation": evaluation,
            "rows": rows,
            "whole_office": scope is None,
            "year": form.cleaned_data["year"] if evaluation else None,
        },
    )


@login_required
def person(request, year, staff_code):
    _check_year(year)
    subject = get_object_or_404(Person.objects.select_related("agency"), staff_code=staff_code)
    if not selectors.can_read_person(request.user, subject, year):
        raise PermissionDenied(_("Bạn không có quyền xem điều kiện danh hiệu của cán bộ này."))
    date_form = DecisionDateForm(request.GET)
    decision_date = date_form.cleaned_data["decision_date"] if date_form.is_valid() else None
    evaluation = selectors.office_eligibility(
        agency=subject.agency, year=year, decision_date=decision_date
    )
    row = evaluation.person(subject.staff_code)
    if row is None:
        raise Http404(_("Cán bộ không thuộc cơ quan trong năm này."))
    return render(
        request,
        "eligibility/person.html",
        {
            "subject": subject,
            "row": row,
            "year": year,
            "evaluation": evaluation,
            "date_form": date_form,
            "decision_date_text": request.GET.get("ngay-quyet-dinh", ""),
            "decision_date": decision_date,
            "can_open_person": visible_people(request.user).filter(pk=subject.pk).exists(),
        },
    )


@login_required
def division(request, year, code):
    _check_year(year)
    unit = get_object_or_404(Unit, code=code, kind=UnitKind.DIVISION)
    if not selectors.can_read_division(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền xem điều kiện danh hiệu của phòng này."))
    evaluation = selectors.office_eligibility(agency=unit.agency(), year=year)
    members = evaluation.restricted_to([unit])
    _link_people(members.people, year)
    return render(
        request,
        "eligibility/division.html",
        {
            "unit": unit,
            "year": year,
            "evaluation": evaluation,
            "collective": evaluation.collective(unit.code),
            "rows": members.people,
        },
    )
