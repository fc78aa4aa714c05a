"""Pages of the awards-history import: upload, preview, confirm or cancel, and the template.

The same flow as the staff and records imports: the secretariat and administrators of the
agency upload a file, every row is checked and shown, and only the uploader confirms.
"""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.access import STAFF_EDITORS, has_role, role_required, scope_units
from thidua.org.models import ImportStatus, UnitKind

from . import imports
from .forms import HistoryImportForm
from .models import AwardImportBatch


def _agencies(user) -> list:
    agencies = []
    for unit in scope_units(user, STAFF_EDITORS):
        agency = unit if unit.kind == UnitKind.AGENCY else unit.agency()
        if agency is not None and agency not in agencies:
            agencies.append(agency)
    return agencies


@login_required
@role_required(*STAFF_EDITORS)
def import_start(request):
    agencies = _agencies(request.user)
    form = HistoryImportForm(request.POST or None, request.FILES or None, agencies=agencies)
    if request.method == "POST" and form.is_valid():
        uploaded = form.cleaned_data["file"]
        if uploaded.size > settings.IMPORT_MAX_BYTES:
            form.add_error(
                "file",
                _("Tệp quá lớn: tối đa %(kb)s KB.") % {"kb": settings.IMPORT_MAX_BYTES // 1024},
            )
        else:
            try:
                batch = imports.import_preview(
                    actor=request.user,
                    agency=form.cleaned_data["agency"],
                    filename=uploaded.name,
                    content=uploaded.read(),
                )
            except imports.ImportFileError as error:
                form.add_error("file", str(error))
            else:
                return redirect("decisions:history_preview", pk=batch.pk)
    batches = AwardImportBatch.objects.filter(agency__in=agencies).select_related("created_by")
    return render(
        request,
        "decisions/import_start.html",
        {
            "form": form,
            "batches": batches[:10],
            "columns": imports.COLUMNS,
            "agencies": agencies,
            "max_kb": settings.IMPORT_MAX_BYTES // 1024,
            "max_rows": settings.IMPORT_MAX_ROWS,
        },
    )


def _batch_for(user, pk) -> AwardImportBatch:
    batch = get_object_or_404(AwardImportBatch.objects.select_related("agency"), pk=pk)
    if not has_role(user, STAFF_EDITORS, batch.agency):
        raise PermissionDenied(_("Bạn không có quyền với lần nhập này."))
    return batch


@login_required
@role_required(*STAFF_EDITORS)
def import_preview(request, pk):
    batch = _batch_for(request.user, pk)
    errors_by_row: dict[int, list] = {}
    for error in batch.errors:
        errors_by_row.setdefault(error["row"], []).append(error)
    rows = [
        {
            "row": r["row"],
            "cells": imports.preview_cells(r["values"]),
            "errors": errors_by_row.get(r["row"], []),
        }
        for r in batch.rows
    ]
    return render(
        request,
        "decisions/import_preview.html",
        {
            "batch": batch,
            "columns": imports.COLUMNS,
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
            _("Không lưu dòng nào: còn %(n)s lỗi. ") % {"n": len(rejected.errors)}
            + "; ".join(
                _("dòng %(row)s, cột %(column)s: %(message)s") % e for e in rejected.errors[:5]
            ),
        )
        return redirect("decisions:history_preview", pk=batch.pk)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("decisions:history_preview", pk=batch.pk)
    messages.success(
        request,
        _("Đã nhập xong: %(added)s khen thưởng mới, %(unchanged)s dòng đã có.") % summary,
    )
    return redirect("decisions:history_preview", pk=batch.pk)


@require_POST
@login_required
@role_required(*STAFF_EDITORS)
def import_cancel(request, pk):
    batch = _batch_for(request.user, pk)
    if batch.status == ImportStatus.PREVIEW:
        batch.status = ImportStatus.CANCELLED
        batch.save(update_fields=["status"])
        messages.info(request, _("Đã huỷ lần nhập; không có dữ liệu nào được lưu."))
    return redirect("decisions:history_import")


@login_required
@role_required(*STAFF_EDITORS)
def import_template(request):
    response = HttpResponse(
        imports.template_workbook(),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = 'attachment; filename="mau-nhap-lich-su-khen-thuong.xlsx"'
    return response


@login_required
@role_required(*STAFF_EDITORS)
def history_export(request, code):
    """The agency's awards history in the import format."""
    from . import exports

    agency = next((a for a in _agencies(request.user) if a.code == code), None)
    if agency is None:
        raise PermissionDenied(_("Bạn không quản lý lịch sử khen thưởng của cơ quan này."))
    response = HttpResponse(
        exports.history_workbook(agency),
        content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
    response["Content-Disposition"] = f'attachment; filename="lich-su-khen-thuong-{code}.xlsx"'
    return response
