"""Pages of the movement: plan list and detail, editing, launch, registration, dashboard."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.access import has_role, has_role_within, scope_units
from thidua.accounts.models import Role
from thidua.org.models import Person, Unit

from . import selectors, services
from .forms import (
    LaunchForm,
    MovementForm,
    PhaseFormSet,
    RegistrationForm,
    ReopenForm,
    TargetFormSet,
)
from .models import Movement, MovementStatus, Section
from .titles import title_label


def _errors_to_form(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def movement_for(user, pk) -> Movement:
    movement = get_object_or_404(Movement, pk=pk)
    if not selectors.visible_movements(user).filter(pk=pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem phong trào này."))
    return movement


def _editor_agency(user) -> Unit:
    for unit in scope_units(user, services.PLAN_EDITORS):
        agency = unit.agency()
        if agency is not None:
            return agency
    raise PermissionDenied(_("Chỉ Thường trực Hội đồng hoặc quản trị được lập kế hoạch."))


@login_required
def movement_list(request):
    movements = selectors.visible_movements(request.user).order_by("-year", "kind", "starts_on")
    can_create = has_role(request.user, services.PLAN_EDITORS)
    return render(
        request, "movements/movement_list.html", {"movements": movements, "can_create": can_create}
    )


@login_required
def movement_create(request):
    agency = _editor_agency(request.user)
    year = timezone.localdate().year
    initial = {
        "year": year,
        "place": "",
        "kind": "regular",
        "starts_on": f"01/01/{year}",
        "ends_on": f"31/12/{year}",
        "title": f"Phát động phong trào thi đua năm {year}",
        "issuing_body": agency.name.upper(),
        "issuer_code": "",
        "signer_position": "CHÁNH VĂN PHÒNG",
    }
    form = MovementForm(request.POST or None, agency=agency, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = {k: v for k, v in form.cleaned_data.items() if not k.startswith("items_")}
        year = data.pop("year")
        try:
            movement = services.movement_create(
                actor=request.user, agency=agency, year=year, items=form.items(), **data
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request, _("Đã tạo dự thảo kế hoạch. Tiếp theo: nhập các giai đoạn và chỉ tiêu.")
            )
            return redirect("movements:phases", pk=movement.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": None})


@login_required
def movement_detail(request, pk):
    movement = movement_for(request.user, pk)
    agency = movement.agency
    context = {
        "movement": movement,
        "phases": movement.phases.all(),
        "targets": movement.targets.select_related("phase"),
        "sections": {s: movement.items(s) for s in Section.values},
        "transitions": movement.transitions.select_related("actor"),
        "campaigns": movement.campaigns.all(),
        "can_edit": movement.status == MovementStatus.DRAFT
        and has_role(request.user, services.PLAN_EDITORS, agency),
        "can_decide": has_role(request.user, services.PLAN_DECIDERS, agency),
        "launch_form": LaunchForm(),
        "registration_open": services.registration_open(movement),
        "can_manage_registrations": has_role_within(
            request.user, (Role.SECRETARIAT, Role.ADMIN, Role.HEAD, Role.DIVISION_HEAD), agency
        ),
    }
    return render(request, "movements/movement_detail.html", context)


def _editable(user, pk) -> Movement:
    movement = movement_for(user, pk)
    if not has_role(user, services.PLAN_EDITORS, movement.agency):
        raise PermissionDenied(_("Bạn không có quyền sửa kế hoạch này."))
    return movement


@login_required
def movement_edit(request, pk):
    movement = _editable(request.user, pk)
    form = MovementForm(request.POST or None, instance=movement, agency=movement.agency)
    if movement.status != MovementStatus.DRAFT:
        messages.warning(request, _("Kế hoạch đã phát động: không sửa nội dung được nữa."))
        return redirect("movements:detail", pk=movement.pk)
    if request.method == "POST" and form.is_valid():
        data = {
            k: v for k, v in form.cleaned_data.items() if not k.startswith("items_") and k != "year"
        }
        # ModelForm has already copied the values onto the instance; reload before the service.
        movement = Movement.objects.get(pk=movement.pk)
        try:
            services.movement_update(
                actor=request.user, movement=movement, items=form.items(), **data
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu kế hoạch."))
            return redirect("movements:detail", pk=movement.pk)
    return render(request, "movements/movement_form.html", {"form": form, "movement": movement})


@login_required
def movement_phases(request, pk):
    movement = _editable(request.user, pk)
    initial = [
        {
            "name": p.name,
            "starts_on": p.starts_on,
            "ends_on": p.ends_on,
            "description": p.description,
        }
        for p in movement.phases.all()
    ]
    formset = PhaseFormSet(request.POST or None, initial=initial, prefix="phase")
    if request.method == "POST" and formset.is_valid():
        phases = [
            f.cleaned_data
            for f in formset.forms
            if f.cleaned_data and not f.cleaned_data.get("DELETE")
        ]
        for phase in phases:
            phase.pop("DELETE", None)
        try:
            services.phases_set(actor=request.user, movement=movement, phases=phases)
        except ValidationError as error:
            formset_errors = error.messages
        else:
            messages.success(request, _("Đã lưu các giai đoạn."))
            return redirect("movements:targets", pk=movement.pk)
    else:
        formset_errors = []
    return render(
        request,
        "movements/movement_phases.html",
        {"movement": movement, "formset": formset, "errors": formset_errors},
    )


@login_required
def movement_targets(request, pk):
    movement = _editable(request.user, pk)
    phases = list(movement.phases.all())
    initial = [
        {
            "subject": t.subject,
            "title_code": t.title_code,
            "percent": t.percent,
            "base": t.base,
            "strength": t.strength,
            "phase": t.phase.name if t.phase else "",
        }
        for t in movement.targets.select_related("phase")
    ]
    formset = TargetFormSet(
        request.POST or None, initial=initial, prefix="target", form_kwargs={"phases": phases}
    )
    errors = []
    if request.method == "POST" and formset.is_valid():
        by_name = {p.name: p for p in phases}
        targets = []
        for form in formset.forms:
            data = form.cleaned_data
            if not data or data.get("DELETE"):
                continue
            targets.append(
                {
                    "subject": data["subject"],
                    "title_code": data["title_code"],
                    "percent": data["percent"],
                    "base": data["base"],
                    "strength": data["strength"],
                    "phase": by_name.get(data["phase"]),
                }
            )
        try:
            services.targets_set(actor=request.user, movement=movement, targets=targets)
        except ValidationError as error:
            errors = error.messages
        else:
            messages.success(request, _("Đã lưu các chỉ tiêu."))
            return redirect("movements:detail", pk=movement.pk)
    return render(
        request,
        "movements/movement_targets.html",
        {"movement": movement, "formset": formset, "errors": errors},
    )


@require_POST
@login_required
def movement_transition(request, pk, action):
    movement = movement_for(request.user, pk)
    number = None
    if action == "launch":
        form = LaunchForm(request.POST)
        if not form.is_valid():
            messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
            return redirect("movements:detail", pk=pk)
        number = form.cleaned_data["number"]
    try:
        services.movement_transition(
            actor=request.user,
            movement=movement,
            action=action,
            reason=request.POST.get("reason", ""),
            number=number,
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        label = (
            _("Đã phát động phong trào.") if action == "launch" else _("Đã kết thúc phong trào.")
        )
        messages.success(request, label)
    return redirect("movements:detail", pk=pk)


@login_required
def register_self(request, pk):
    movement = movement_for(request.user, pk)
    person = getattr(request.user, "person", None)
    if person is None:
        raise PermissionDenied(_("Tài khoản chưa gắn với hồ sơ cán bộ nên không đăng ký được."))
    current = selectors.current_registrations(movement)["person"].get(person.pk)
    form = RegistrationForm(
        request.POST or None, initial={"title_code": current.title_code if current else "LDTT"}
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.registration_set(
                actor=request.user,
                movement=movement,
                person=person,
                title_code=form.cleaned_data["title_code"],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Đã đăng ký danh hiệu “%(title)s”.")
                % {"title": title_label(form.cleaned_data["title_code"])},
            )
            return redirect("movements:register", pk=pk)
    return render(
        request,
        "movements/register_self.html",
        {
            "movement": movement,
            "form": form,
            "current": current,
            "open": services.registration_open(movement),
        },
    )


def _registration_scope(user, movement):
    """Divisions the user manages registrations for (None = all of the agency)."""
    if has_role(user, (Role.SECRETARIAT, Role.ADMIN, Role.HEAD), movement.agency):
        return None
    units = [
        u
        for u in scope_units(user, [Role.DIVISION_HEAD])
        if u.path.startswith(movement.agency.path)
    ]
    if not units:
        raise PermissionDenied(_("Bạn không có quyền xem đăng ký thi đua của các phòng."))
    return Unit.objects.filter(pk__in=[u.pk for u in units])


@login_required
def registrations(request, pk):
    movement = movement_for(request.user, pk)
    scope = _registration_scope(request.user, movement)
    rows = selectors.registration_completeness(movement, units=scope)
    totals = {
        "members": sum(len(r.members) for r in rows),
        "registered": sum(len(r.registered) for r in rows),
        "divisions": len(rows),
        "divisions_registered": sum(1 for r in rows if r.collective_registration),
    }
    return render(
        request,
        "movements/registrations.html",
        {
            "movement": movement,
            "rows": rows,
            "totals": totals,
            "open": services.registration_open(movement),
            "is_secretariat": has_role(
                request.user, (Role.SECRETARIAT, Role.ADMIN), movement.agency
            ),
            "may_register": has_role_within(
                request.user, (Role.SECRETARIAT, Role.ADMIN, Role.DIVISION_HEAD), movement.agency
            ),
            "reopen_form": ReopenForm(),
            "individual_form": RegistrationForm(),
            "collective_form": RegistrationForm(collective=True),
        },
    )


@require_POST
@login_required
def register_on_behalf(request, pk):
    movement = movement_for(request.user, pk)
    collective = request.POST.get("subject") == "unit"
    form = RegistrationForm(request.POST, collective=collective)
    if not form.is_valid():
        messages.error(request, _("Danh hiệu không hợp lệ cho đối tượng này."))
        return redirect("movements:registrations", pk=pk)
    try:
        if collective:
            unit = get_object_or_404(Unit, code=request.POST.get("code"))
            services.registration_set(
                actor=request.user,
                movement=movement,
                unit=unit,
                title_code=form.cleaned_data["title_code"],
            )
            name = unit.name
        else:
            person = get_object_or_404(Person, staff_code=request.POST.get("code"))
            services.registration_set(
                actor=request.user,
                movement=movement,
                person=person,
                title_code=form.cleaned_data["title_code"],
            )
            name = person.full_name
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã đăng ký “%(title)s” cho %(name)s.")
            % {"title": title_label(form.cleaned_data["title_code"]), "name": name},
        )
    return redirect("movements:registrations", pk=pk)


@require_POST
@login_required
def registrations_remind(request, pk):
    movement = movement_for(request.user, pk)
    if not has_role(request.user, (Role.SECRETARIAT, Role.ADMIN), movement.agency):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng được gửi nhắc nhở."))
    rows = selectors.registration_completeness(movement)
    people = [p for r in rows for p in r.missing]
    units = [r.unit for r in rows if r.collective_registration is None and r.unit.is_collective]
    sent = services.registration_remind(
        actor=request.user, movement=movement, people=people, units=units
    )
    messages.success(request, _("Đã gửi %(n)s thông báo nhắc đăng ký.") % {"n": sent})
    return redirect("movements:registrations", pk=pk)


@require_POST
@login_required
def registrations_reopen(request, pk):
    movement = movement_for(request.user, pk)
    form = ReopenForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(e for errs in form.errors.values() for e in errs))
        return redirect("movements:registrations", pk=pk)
    try:
        services.registration_reopen(
            actor=request.user,
            movement=movement,
            until=form.cleaned_data["until"],
            reason=form.cleaned_data["reason"],
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Đã mở lại đăng ký đến %(d)s.")
            % {"d": form.cleaned_data["until"].strftime("%d/%m/%Y")},
        )
    return redirect("movements:registrations", pk=pk)


DASHBOARD_ROLES = (Role.HEAD, Role.SECRETARIAT, Role.ADMIN, Role.DIVISION_HEAD)


@login_required
def target_detail(request, pk, target_pk):
    movement = movement_for(request.user, pk)
    if not has_role_within(request.user, DASHBOARD_ROLES, movement.agency):
        raise PermissionDenied(_("Bạn không có quyền xem chi tiết chỉ tiêu."))
    target = get_object_or_404(movement.targets, pk=target_pk)
    progress = next(
        p
        for p in selectors.target_progress(movement, selectors.evaluate_movement(movement))
        if p.target.pk == target.pk
    )
    rows = progress.rows
    if not has_role(request.user, (Role.HEAD, Role.SECRETARIAT, Role.ADMIN), movement.agency):
        own = {u.name for u in scope_units(request.user, [Role.DIVISION_HEAD])}
        rows = [r for r in rows if r["division"] in own]
    return render(
        request,
        "movements/target_detail.html",
        {"movement": movement, "progress": progress, "rows": rows},
    )
