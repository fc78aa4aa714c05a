"""Pages of the yearly records: a person's year, a division's year and the office's year
overview (the XLSX import's pages are in ``import_views``).

Who reads: the head, secretariat and administrators of the agency, the division head for the
people currently in the division, and the person themself (``org.selectors.visible_people``).
Who writes: the secretariat and administrators of the agency (the services check it again).
"""

import datetime as dt
from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.accounts.access import (
    AGENCY_MANAGERS,
    STAFF_EDITORS,
    has_role,
    role_required,
    scope_units,
)
from thidua.accounts.models import Role
from thidua.org import selectors as org_selectors
from thidua.org.models import Person, Unit, UnitKind

from . import selectors, services
from .dossier import year_members
from .forms import (
    CollectiveRecordForm,
    DisciplineAddForm,
    LeaveAddForm,
    OverviewFilterForm,
    PriorServiceAddForm,
    RatingForm,
    ResearchTopicAddForm,
    TrainingAddForm,
    WithdrawForm,
)
from .models import (
    Discipline,
    Leave,
    PersonRating,
    PriorService,
    ResearchTopic,
    Training,
)


@dataclass(frozen=True)
class FactKind:
    """One kind of listed fact: its model, add form, services and the section it shows in."""

    slug: str
    label: str
    model: type
    form: type
    add: object
    withdraw: object


FACT_KINDS = {
    kind.slug: kind
    for kind in (
        FactKind(
            "ky-luat",
            gettext_lazy("Kỷ luật"),
            Discipline,
            DisciplineAddForm,
            services.discipline_add,
            lambda actor, row, reason: services.discipline_withdraw(
                actor=actor, discipline=row, reason=reason
            ),
        ),
        FactKind(
            "hop-dong-truoc",
            gettext_lazy("Làm việc theo hợp đồng trước khi tuyển dụng"),
            PriorService,
            PriorServiceAddForm,
            services.prior_service_add,
            lambda actor, row, reason: services.prior_service_withdraw(
                actor=actor, period=row, reason=reason
            ),
        ),
        FactKind(
            "nghi",
            gettext_lazy("Thời gian nghỉ"),
            Leave,
            LeaveAddForm,
            services.leave_add,
            lambda actor, row, reason: services.leave_withdraw(
                actor=actor, leave=row, reason=reason
            ),
        ),
        FactKind(
            "dao-tao",
            gettext_lazy("Đào tạo, bồi dưỡng"),
            Training,
            TrainingAddForm,
            services.training_add,
            lambda actor, row, reason: services.training_withdraw(
                actor=actor, training=row, reason=reason
            ),
        ),
        FactKind(
            "de-tai",
            gettext_lazy("Đề tài khoa học"),
            ResearchTopic,
            ResearchTopicAddForm,
            services.research_topic_add,
            lambda actor, row, reason: services.research_topic_withdraw(
                actor=actor, topic=row, reason=reason
            ),
        ),
    )
}


def _check_year(year: int) -> int:
    if not services.MIN_YEAR <= year <= services.MAX_YEAR:
        raise Http404
    return year


def _person_for(user, staff_code) -> Person:
    person = get_object_or_404(Person.objects.select_related("agency"), staff_code=staff_code)
    if not org_selectors.visible_people(user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ cán bộ này."))
    return person


def _editor_person(user, staff_code) -> Person:
    person = _person_for(user, staff_code)
    if not has_role(user, STAFF_EDITORS, person.agency):
        raise PermissionDenied(_("Bạn không có quyền sửa hồ sơ thi đua của cán bộ này."))
    return person


def _put_errors(form, error: ValidationError) -> None:
    """A service's refusal on the field it names (or on the form)."""
    for field, problems in error.message_dict.items():
        form.add_error(field if field in form.fields else None, problems)


def _facts(person, year) -> dict:
    facts = selectors.person_year_facts(person, year)
    facts["ky-luat"] = facts.pop("disciplines")
    facts["nghi"] = facts.pop("leaves")
    facts["dao-tao"] = facts.pop("trainings")
    # Prior service is not of one year: every period of the person is shown.
    facts["hop-dong-truoc"] = list(PriorService.objects.filter(person=person))
    facts["de-tai"] = list(
        ResearchTopic.objects.filter(person=person).filter(
            Q(accepted_on__year=year) | Q(accepted_on__isnull=True)
        )
    )
    return facts


def _person_page(request, person, year, *, bound=None, status=200):
    """The person's year; `bound` is a form that failed, shown again with what was typed."""
    bound = bound or {}
    can_edit = has_role(request.user, STAFF_EDITORS, person.agency)
    current = selectors.current_rating(person, year)
    facts = _facts(person, year)
    sections = []
    for slug, kind in FACT_KINDS.items():
        rows = facts[slug]
        for row in rows:
            key = f"withdraw-{slug}-{row.pk}"
            row.withdraw_form = bound.get(key) or WithdrawForm(prefix=key)
        add_kwargs = {"year": year} if kind.form is DisciplineAddForm else {}
        sections.append(
            {
                "kind": kind,
                "rows": rows,
                "form": bound.get(slug) or kind.form(prefix=slug, **add_kwargs),
            }
        )
    membership = org_selectors.current_membership(person)
    division = membership.unit if membership else None
    flags = [
        f
        for f in selectors.inconsistencies(agency=person.agency, year=year)
        if f.person.pk == person.pk
    ]
    return render(
        request,
        "records/person_year.html",
        {
            "person": person,
            "year": year,
            "can_edit": can_edit,
            "current": current,
            "history": selectors.rating_history(person, year),
            "rating_form": bound.get("rating")
            or RatingForm(
                prefix="rating", current=current, initial={"rating": getattr(current, "rating", "")}
            ),
            "sections": sections,
            "flags": flags,
            "division": division,
            "can_read_division": division is not None
            and _may_read_unit(request.user, division)
            and division.kind == UnitKind.DIVISION
            and division.is_collective,
            "can_overview": has_role(request.user, AGENCY_MANAGERS, person.agency),
        },
        status=status,
    )


@login_required
def person_year(request, staff_code, year):
    person = _person_for(request.user, staff_code)
    return _person_page(request, person, _check_year(year))


@require_POST
@login_required
def rating_set(request, staff_code, year):
    person = _editor_person(request.user, staff_code)
    year = _check_year(year)
    current = selectors.current_rating(person, year)
    form = RatingForm(request.POST, prefix="rating", current=current)
    if form.is_valid():
        try:
            services.record_rating_set(
                actor=request.user,
                person=person,
                year=year,
                rating=form.cleaned_data["rating"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Đã ghi xếp loại năm %(year)s.") % {"year": year})
            return redirect("records:person_year", staff_code=person.staff_code, year=year)
    return _person_page(request, person, year, bound={"rating": form})


@require_POST
@login_required
def fact_add(request, staff_code, year, kind):
    person = _editor_person(request.user, staff_code)
    year = _check_year(year)
    fact = FACT_KINDS.get(kind) or _not_found()
    extra = {"year": year} if fact.form is DisciplineAddForm else {}
    form = fact.form(request.POST, prefix=kind, **extra)
    if form.is_valid():
        data = dict(form.cleaned_data)
        if fact.model is Leave:
            data["year"] = year
        try:
            fact.add(actor=request.user, person=person, **data)
        except ValidationError as error:
            _put_errors(form, error)
        else:
            messages.success(request, _("Đã thêm: %(kind)s.") % {"kind": fact.label})
            return redirect("records:person_year", staff_code=person.staff_code, year=year)
    return _person_page(request, person, year, bound={kind: form})


@require_POST
@login_required
def fact_withdraw(request, staff_code, year, kind, pk):
    person = _editor_person(request.user, staff_code)
    year = _check_year(year)
    fact = FACT_KINDS.get(kind) or _not_found()
    row = get_object_or_404(fact.model, pk=pk, person=person)
    key = f"withdraw-{kind}-{row.pk}"
    form = WithdrawForm(request.POST, prefix=key)
    if form.is_valid():
        try:
            fact.withdraw(request.user, row, form.cleaned_data["reason"])
        except ValidationError as error:
            if row.is_withdrawn:  # its form is no longer on the page: say it at the top
                messages.error(request, " ".join(error.messages))
                return redirect("records:person_year", staff_code=person.staff_code, year=year)
            _put_errors(form, error)
        else:
            messages.success(request, _("Đã huỷ: %(fact)s.") % {"fact": row})
            return redirect("records:person_year", staff_code=person.staff_code, year=year)
    return _person_page(request, person, year, bound={key: form})


def _not_found():
    raise Http404


def _may_read_unit(user, unit) -> bool:
    return has_role(user, AGENCY_MANAGERS, unit) or has_role(user, [Role.DIVISION_HEAD], unit)


@login_required
def collective_year(request, code, year):
    unit = get_object_or_404(Unit, code=code, kind=UnitKind.DIVISION, is_collective=True)
    year = _check_year(year)
    if not _may_read_unit(request.user, unit):
        raise PermissionDenied(_("Bạn không có quyền xem kết quả của tập thể này."))
    can_edit = has_role(request.user, STAFF_EDITORS, unit)
    current = (
        unit.collective_records.filter(year=year, superseded_at__isnull=True)
        .select_related("recorded_by")
        .first()
    )
    form = CollectiveRecordForm(
        request.POST or None,
        current=current,
        initial={
            "rating": getattr(current, "rating", ""),
            "emulation_effective": "1" if getattr(current, "emulation_effective", False) else "0",
            "solidarity": "1" if getattr(current, "solidarity", False) else "0",
        },
    )
    if request.method == "POST":
        if not can_edit:
            raise PermissionDenied(_("Bạn không có quyền sửa kết quả của tập thể này."))
        if form.is_valid():
            try:
                services.collective_record_set(
                    actor=request.user, unit=unit, year=year, **form.cleaned_data
                )
            except ValidationError as error:
                _put_errors(form, error)
            else:
                messages.success(
                    request, _("Đã ghi kết quả tập thể năm %(year)s.") % {"year": year}
                )
                return redirect("records:collective_year", code=unit.code, year=year)
    return render(
        request,
        "records/collective_year.html",
        {
            "unit": unit,
            "year": year,
            "current": current,
            "history": selectors.collective_record_history(unit, year),
            "form": form,
            "can_edit": can_edit,
            "members": year_members(agency=unit.agency(), year=year, unit=unit),
        },
    )


def managed_agencies(user, roles):
    """The agencies in which the user holds one of `roles`."""
    codes = {(u.agency() or u).code for u in scope_units(user, roles)}
    return Unit.objects.filter(code__in=codes, kind=UnitKind.AGENCY).order_by("name")


@login_required
@role_required(*AGENCY_MANAGERS)
def index(request):
    return redirect("records:year_overview", year=timezone.localdate().year)


@login_required
@role_required(*AGENCY_MANAGERS)
def year_overview(request, year):
    year = _check_year(year)
    agencies = list(managed_agencies(request.user, AGENCY_MANAGERS))
    if not agencies:
        raise PermissionDenied(_("Bạn không có quyền truy cập trang này."))
    agency = next((a for a in agencies if a.code == request.GET.get("agency")), agencies[0])
    divisions = (
        Unit.objects.subtree(agency).filter(kind=UnitKind.DIVISION).order_by("order", "name")
    )
    form = OverviewFilterForm(request.GET or None, units=divisions)
    unit = form.cleaned_data.get("unit") if form.is_valid() else None
    members = year_members(agency=agency, year=year, unit=unit)
    ids = [m.person_id for m in members]
    ratings = dict(
        PersonRating.objects.filter(
            person_id__in=ids, year=year, superseded_at__isnull=True
        ).values_list("person_id", "rating")
    )
    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    live = {"person_id__in": ids, "withdrawn_at__isnull": True}
    counts = {
        "disciplines": Discipline.objects.filter(decided_on__year=year, **live),
        "leaves": Leave.objects.filter(Q(year=year) | Q(start__lte=last, end__gte=first), **live),
        "trainings": Training.objects.filter(start__lte=last, end__gte=first, **live),
        "topics": ResearchTopic.objects.filter(accepted_on__year=year, **live),
    }
    counts = {
        name: dict(qs.values("person_id").annotate(n=Count("id")).values_list("person_id", "n"))
        for name, qs in counts.items()
    }
    flags = selectors.inconsistencies(agency=agency, year=year, unit=unit)
    flagged = {f.person.pk for f in flags}
    rows = [
        {
            "person": m.person,
            "unit": m.unit,
            "rating": ratings.get(m.person_id, ""),
            "flagged": m.person_id in flagged,
            **{name: counts[name].get(m.person_id, 0) for name in counts},
        }
        for m in members
    ]
    context = {
        "year": year,
        "agency": agency,
        "agencies": agencies,
        "form": form,
        "rows": rows,
        "flags": flags,
        "unrated": sum(1 for r in rows if not r["rating"]),
        "collectives": [d for d in divisions if d.is_collective and (unit is None or d == unit)],
        "can_edit": has_role(request.user, STAFF_EDITORS, agency),
    }
    template = (
        "records/year_overview.html#results" if request.htmx else "records/year_overview.html"
    )
    return render(request, template, context)
