"""Pages of the organisation: unit tree and detail, people list and detail, transfer, import."""

import csv
import datetime as dt
import io

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.access import (
    PEOPLE_READERS,
    STAFF_EDITORS,
    has_role,
    role_required,
    scope_units,
)
from thidua.core.text import format_date, mask_citizen_id

from . import imports, selectors, services
from .forms import ImportUploadForm, PeopleFilterForm, TransferForm
from .models import Gender, ImportBatch, ImportKind, ImportStatus, Person, Unit, UnitKind


@login_required
def unit_tree(request):
    units = selectors.visible_units(request.user).annotate(
        member_count=Count("memberships", filter=Q(memberships__end_date__isnull=True))
    )
    rows = selectors.unit_tree(units)
    return render(request, "org/unit_tree.html", {"rows": rows})


@login_required
def unit_detail(request, code):
    unit = get_object_or_404(selectors.visible_units(request.user), code=code)
    return render(
        request,
        "org/unit_detail.html",
        {
            "unit": unit,
            "children": unit.children.order_by("order", "name"),
            "members": selectors.unit_current_members(unit),
            "can_read_people": has_role(request.user, PEOPLE_READERS, unit),
        },
    )


@login_required
@role_required(*PEOPLE_READERS)
def person_list(request):
    units = selectors.visible_units(request.user)
    form = PeopleFilterForm(request.GET or None, units=units)
    people = selectors.visible_people(request.user).none()
    if form.is_valid() or not request.GET:
        data = form.cleaned_data if form.is_bound else {}
        people = selectors.people_search(
            request.user,
            query=data.get("q", ""),
            unit=data.get("unit"),
            gender=data.get("gender", ""),
            active=data.get("active") or "1",
        )
    page = Paginator(people, 25).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    template = "org/person_list.html#results" if request.htmx else "org/person_list.html"
    return render(request, template, {"form": form, "page": page, "query": query.urlencode()})


def _person_for(user, staff_code) -> Person:
    person = get_object_or_404(Person, staff_code=staff_code)
    if not selectors.visible_people(user).filter(pk=person.pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ cán bộ này."))
    return person


@login_required
def person_detail(request, staff_code):
    person = _person_for(request.user, staff_code)
    return render(
        request,
        "org/person_detail.html",
        {
            "person": person,
            "memberships": person.memberships.select_related("unit").order_by("-start_date", "-id"),
            "current": selectors.current_membership(person),
            "can_edit": has_role(request.user, STAFF_EDITORS, person.agency),
            "roles": selectors.person_roles(person),
        },
    )


@login_required
def me(request):
    if not request.user.person_id:
        raise Http404("Tài khoản chưa gắn với hồ sơ cán bộ.")
    return redirect("org:person_detail", staff_code=request.user.person.staff_code)


@login_required
def person_transfer(request, staff_code):
    person = get_object_or_404(Person, staff_code=staff_code)
    if not has_role(request.user, STAFF_EDITORS, person.agency):
        raise PermissionDenied(_("Bạn không có quyền điều chuyển cán bộ này."))
    units = Unit.objects.subtree(person.agency).filter(is_active=True)
    form = TransferForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.person_transfer(
                actor=request.user,
                person=person,
                to_unit=data["to_unit"],
                on_date=data["on_date"],
                position=data["position"],
                reason=data["reason"],
            )
        except ValidationError as error:
            for field, problems in error.message_dict.items():
                form.add_error(field if field in form.fields else None, problems)
        else:
            messages.success(
                request,
                _("Đã điều chuyển %(name)s đến %(unit)s.")
                % {"name": person.full_name, "unit": data["to_unit"]},
            )
            return redirect("org:person_detail", staff_code=person.staff_code)
    return render(
        request,
        "org/person_transfer.html",
        {"person": person, "form": form, "current": selectors.current_membership(person)},
    )


def _editable_agencies(user):
    units = scope_units(user, STAFF_EDITORS)
    agencies = {u.agency() or u for u in units}
    codes = [a.code for a in agencies if a is not None and a.kind == UnitKind.AGENCY]
    return Unit.objects.filter(code__in=codes).order_by("name")


@login_required
@role_required(*STAFF_EDITORS)
def import_start(request):
    agencies = _editable_agencies(request.user)
    form = ImportUploadForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > settings.IMPORT_MAX_BYTES:
            form.add_error("file", f"Tệp quá lớn: tối đa {settings.IMPORT_MAX_BYTES // 1024} KB.")
        else:
            try:
                batch = imports.import_preview(
                    actor=request.user,
                    agency=form.cleaned_data["agency"],
                    kind=form.cleaned_data["kind"],
                    filename=uploaded.name,
                    content=uploaded.read(),
                )
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("org:import_preview", pk=batch.pk)
    batches = ImportBatch.objects.filter(agency__in=agencies).select_related("created_by")[:10]
    return render(
        request,
        "org/import_start.html",
        {
            "form": form,
            "batches": batches,
            "kinds": ImportKind.choices,
            "max_kb": settings.IMPORT_MAX_BYTES // 1024,
            "max_rows": settings.IMPORT_MAX_ROWS,
            "agencies": agencies,
        },
    )


@login_required
@role_required(*STAFF_EDITORS)
def staff_export(request, code):
    """The agency's staff in the import format, to edit and import again."""
    from . import exports

    agency = _editable_agencies(request.user).filter(code=code).first()
    if agency is None:
        raise PermissionDenied(_("Bạn không quản lý cán bộ của cơ quan này."))
    response = HttpResponse(
        exports.staff_workbook(agency),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="can-bo-{agency.code}.xlsx"'
    return response


def _batch_for(user, pk) -> ImportBatch:
    batch = get_object_or_404(ImportBatch, pk=pk)
    if not has_role(user, STAFF_EDITORS, batch.agency):
        raise PermissionDenied(_("Bạn không có quyền với lần nhập này."))
    return batch


DATE_KEYS = {"date_of_birth", "recruited_on", "unit_since"}


def _preview_cell(key, value):
    """What the preview shows: dates as dd/mm/yyyy, citizen IDs masked, choices by their
    Vietnamese label ("Nữ", "Phòng"), never the stored code ("female", "division")."""
    if key == "citizen_id":
        return mask_citizen_id(value)
    if key in DATE_KEYS and value:
        return format_date(dt.date.fromisoformat(value))
    if key == "gender" and value:
        return str(Gender(value).label)
    if key == "kind" and value:
        return str(UnitKind(value).label)
    return value


@login_required
@role_required(*STAFF_EDITORS)
def import_preview(request, pk):
    batch = _batch_for(request.user, pk)
    errors_by_row: dict[int, list] = {}
    for error in batch.errors:
        errors_by_row.setdefault(error["row"], []).append(error)
    columns = imports.COLUMNS[batch.kind]
    rows = [
        {
            "row": r["row"],
            "cells": [_preview_cell(c.key, r["values"].get(c.key)) for c in columns],
            "errors": errors_by_row.get(r["row"], []),
        }
        for r in batch.rows
    ]
    return render(
        request,
        "org/import_preview.html",
        {
            "batch": batch,
            "columns": columns,
            "rows": rows,
            "error_rows": len({e["row"] for e in batch.errors}),
        },
    )


@require_POST
@login_required
@role_required(*STAFF_EDITORS)
def import_confirm(request, pk):
    batch = _batch_for(request.user, pk)
    try:
        summary = imports.import_apply(actor=request.user, batch=batch)
    except imports.ImportRejected as rejected:
        messages.error(
            request,
            f"Không lưu dòng nào: còn {len(rejected.errors)} lỗi. "
            + "; ".join(
                f"dòng {e['row']}, cột {e['column']}: {e['message']}" for e in rejected.errors[:5]
            ),
        )
        return redirect("org:import_preview", pk=batch.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("org:import_preview", pk=batch.pk)
    parts = [
        f"thêm mới {summary.get('created', 0)}",
        f"cập nhật {summary.get('updated', 0)}",
        f"không đổi {summary.get('unchanged', 0)}",
    ]
    if "transferred" in summary:
        parts.insert(2, f"điều chuyển {summary['transferred']}")
    messages.success(request, "Đã nhập xong: " + ", ".join(parts) + ".")
    return redirect("org:import_start")


@require_POST
@login_required
@role_required(*STAFF_EDITORS)
def import_cancel(request, pk):
    batch = _batch_for(request.user, pk)
    if batch.status == ImportStatus.PREVIEW:
        batch.status = ImportStatus.CANCELLED
        batch.save(update_fields=["status"])
        messages.info(request, _("Đã huỷ lần nhập; không có dữ liệu nào được lưu."))
    return redirect("org:import_start")


@login_required
@role_required(*STAFF_EDITORS)
def import_template(request, kind, fmt):
    if kind not in ImportKind.values or fmt not in ("xlsx", "csv"):
        raise Http404
    filename = f"mau-nhap-{'can-bo' if kind == ImportKind.STAFF else 'don-vi'}.{fmt}"
    if fmt == "xlsx":
        content = imports.template_workbook(kind)
        content_type = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    else:
        buffer = io.StringIO()
        writer = csv.writer(buffer)
        writer.writerow([c.header for c in imports.COLUMNS[kind]])
        writer.writerow([c.example for c in imports.COLUMNS[kind]])
        content = ("\ufeff" + buffer.getvalue()).encode("utf-8")
        content_type = "text/csv; charset=utf-8"
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
