"""Pages of the award decisions: list, draft and edit, sign and cancel (each after a
confirmation page), the document, the certificates and the signed scan."""

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from thidua.accounts.access import STAFF_EDITORS, has_role, scope_units
from thidua.documents.docx_render import render_docx
from thidua.documents.pdf_render import render_pdf
from thidua.initiatives.uploads import CONTENT_TYPES, extension_of
from thidua.legal.selectors import staleness_warning
from thidua.org.models import Person, Unit, UnitKind

from . import documents, selectors, services
from .forms import CancelForm, DecisionCreateForm, DecisionForm, EntryForm, ScanForm, SignForm
from .models import Decision, DecisionEntry, DecisionStatus

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"


def _errors_to_form(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def decision_for(user, pk) -> Decision:
    decision = get_object_or_404(Decision.objects.select_related("agency", "number"), pk=pk)
    if not selectors.can_read(user, decision):
        raise PermissionDenied(_("Bạn không có quyền xem quyết định này."))
    return decision


def _require(user, roles, decision, message):
    if not has_role(user, roles, decision.agency):
        raise PermissionDenied(message)


def _drafter_agency(user) -> Unit:
    for unit in scope_units(user, services.DRAFTERS):
        agency = unit if unit.kind == UnitKind.AGENCY else unit.agency()
        if agency is not None:
            return agency
    raise PermissionDenied(_("Chỉ Thường trực Hội đồng được soạn quyết định khen thưởng."))


@login_required
def decision_list(request):
    decisions = selectors.visible_decisions(request.user)
    years = sorted(set(decisions.values_list("year", flat=True)), reverse=True)
    year = request.GET.get("year", "")
    if year.isdigit():
        decisions = decisions.filter(year=int(year))
    return render(
        request,
        "decisions/decision_list.html",
        {
            "decisions": decisions.order_by("-year", "status", "-signed_on", "-id")[:500],
            "years": years,
            "year": int(year) if year.isdigit() else None,
            "can_create": has_role(request.user, services.DRAFTERS),
            "can_import": has_role(request.user, STAFF_EDITORS),
        },
    )


@login_required
def decision_create(request):
    agency = _drafter_agency(request.user)
    year = timezone.localdate().year
    form = DecisionCreateForm(
        request.POST or None,
        initial={"year": year, "summary": f"Về việc công nhận danh hiệu thi đua năm {year}"},
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_draft(
                actor=request.user,
                agency=agency,
                year=form.cleaned_data["year"],
                summary=form.cleaned_data["summary"],
                entries=[],
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã tạo dự thảo. Thêm các dòng của danh sách kèm theo."))
            return redirect("decisions:detail", pk=decision.pk)
    return render(request, "decisions/decision_create.html", {"form": form, "agency": agency})


@login_required
def decision_detail(request, pk):
    decision = decision_for(request.user, pk)
    user = request.user
    can_draft = decision.is_draft and has_role(user, services.DRAFTERS, decision.agency)
    can_sign = has_role(user, services.SIGNERS, decision.agency)
    return render(
        request,
        "decisions/decision_detail.html",
        {
            "decision": decision,
            "rows": documents.amounts(decision),
            "total": sum(a or 0 for _e, a in documents.amounts(decision)),
            "document": documents.decision_document(decision),
            "can_draft": can_draft,
            "can_sign": can_sign and decision.is_draft,
            "can_cancel": can_sign and decision.status != DecisionStatus.CANCELLED,
            "can_attach": decision.status == DecisionStatus.SIGNED
            and has_role(user, services.SCAN_KEEPERS, decision.agency),
            "blockers": services.issue_blockers(decision) if decision.is_draft else [],
            "parameter_warning": staleness_warning(decision.signed_on),
            "entry_form": EntryForm(),
        },
    )


def _draft_for_edit(user, pk) -> Decision:
    decision = decision_for(user, pk)
    _require(user, services.DRAFTERS, decision, _("Chỉ Thường trực Hội đồng sửa được dự thảo."))
    if not decision.is_draft:
        raise PermissionDenied(_("Quyết định đã ký hoặc đã huỷ, không sửa được."))
    return decision


@login_required
def decision_edit(request, pk):
    decision = _draft_for_edit(request.user, pk)
    form = DecisionForm(request.POST or None, instance=Decision.objects.get(pk=decision.pk))
    if not decision.articles:
        form.initial["articles"] = "\n".join(documents.default_articles(decision))
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_update(
                actor=request.user,
                decision=decision,
                **{k: form.cleaned_data[k] for k in services.EDITABLE_FIELDS},
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu dự thảo."))
            return redirect("decisions:detail", pk=decision.pk)
    return render(request, "decisions/decision_edit.html", {"form": form, "decision": decision})


@require_POST
@login_required
def entry_add(request, pk):
    decision = _draft_for_edit(request.user, pk)
    form = EntryForm(request.POST)
    if not form.is_valid():
        for problems in form.errors.values():
            messages.error(request, " ".join(problems))
        return redirect("decisions:detail", pk=decision.pk)
    data = form.cleaned_data
    person = unit = None
    if data["staff_code"].strip():
        person = Person.objects.filter(
            staff_code=data["staff_code"].strip(), agency=decision.agency
        ).first()
        if person is None:
            messages.error(request, _("Không tìm thấy cán bộ có mã này trong cơ quan."))
            return redirect("decisions:detail", pk=decision.pk)
    else:
        unit = Unit.objects.filter(
            code=data["unit_code"].strip(), path__startswith=decision.agency.path
        ).first()
        if unit is None:
            messages.error(request, _("Không tìm thấy phòng có mã này trong cơ quan."))
            return redirect("decisions:detail", pk=decision.pk)
    try:
        services.decision_entry_add(
            actor=request.user,
            decision=decision,
            entry={
                "person": person,
                "unit": unit,
                "title_code": data["title_code"],
                "achievement": data["achievement"],
            },
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Đã thêm vào danh sách."))
    return redirect("decisions:detail", pk=decision.pk)


@require_POST
@login_required
def entry_remove(request, pk, entry_pk):
    decision = _draft_for_edit(request.user, pk)
    entry = get_object_or_404(DecisionEntry, pk=entry_pk, decision=decision)
    services.decision_entry_remove(actor=request.user, decision=decision, entry=entry)
    messages.success(request, _("Đã bỏ khỏi danh sách."))
    return redirect("decisions:detail", pk=decision.pk)


@login_required
def decision_sign(request, pk):
    """GET: the confirmation page (what will be signed, what blocks it); POST: sign."""
    decision = decision_for(request.user, pk)
    _require(request.user, services.SIGNERS, decision, _("Chỉ thủ trưởng cơ quan ký quyết định."))
    if not decision.is_draft:
        messages.info(request, _("Quyết định đã ký hoặc đã huỷ."))
        return redirect("decisions:detail", pk=decision.pk)
    form = SignForm(request.POST or None, initial={"signed_on": timezone.localdate()})
    if request.method == "POST" and form.is_valid():
        try:
            decision = services.decision_sign(
                actor=request.user, decision=decision, signed_on=form.cleaned_data["signed_on"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Đã ký quyết định số %(code)s; lịch sử khen thưởng đã được ghi nhận.")
                % {"code": decision.code},
            )
            return redirect("decisions:detail", pk=decision.pk)
    return render(
        request,
        "decisions/decision_sign.html",
        {
            "decision": decision,
            "form": form,
            "rows": documents.amounts(decision),
            "total": sum(a or 0 for _e, a in documents.amounts(decision)),
            "blockers": services.issue_blockers(decision),
        },
    )


@login_required
def decision_cancel(request, pk):
    decision = decision_for(request.user, pk)
    _require(request.user, services.SIGNERS, decision, _("Chỉ thủ trưởng cơ quan huỷ quyết định."))
    if decision.status == DecisionStatus.CANCELLED:
        messages.info(request, _("Quyết định đã huỷ."))
        return redirect("decisions:detail", pk=decision.pk)
    form = CancelForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_cancel(
                actor=request.user, decision=decision, reason=form.cleaned_data["reason"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã huỷ quyết định; số quyết định không cấp lại."))
            return redirect("decisions:detail", pk=decision.pk)
    return render(request, "decisions/decision_cancel.html", {"decision": decision, "form": form})


@login_required
def decision_document(request, pk, fmt):
    decision = decision_for(request.user, pk)
    doc = documents.decision_document(decision)
    name = (
        f"quyet-dinh-{decision.number.number:02d}-{decision.year}"
        if decision.number_id
        else (f"du-thao-quyet-dinh-{decision.pk}")
    )
    if fmt == "docx":
        response = HttpResponse(render_docx(doc), content_type=DOCX)
    elif fmt == "pdf":
        response = HttpResponse(render_pdf(doc), content_type="application/pdf")
    else:
        raise Http404
    response["Content-Disposition"] = f'attachment; filename="{name}.{fmt}"'
    return response


@login_required
def decision_signed_pdf(request, pk):
    """The signed decision as a PDF with the agency's digital signature (PAdES)."""
    from thidua.documents import signing

    decision = decision_for(request.user, pk)
    if decision.status != DecisionStatus.SIGNED:
        raise Http404
    if not signing.signing_configured():
        messages.error(request, _("Cơ quan chưa cấu hình chứng thư số: chưa ký số được văn bản."))
        return redirect("decisions:detail", pk=decision.pk)
    content = signing.signed_document_pdf(
        documents.decision_document(decision), reason=f"Ban hành Quyết định số {decision.code}"
    )
    response = HttpResponse(content, content_type="application/pdf")
    name = f"quyet-dinh-{decision.number.number:02d}-{decision.year}-ky-so.pdf"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def signature_verify(request):
    """Upload a PDF: is it signed by us, untouched, who signed it and when."""
    from thidua.documents import signing

    result = None
    error = ""
    if request.method == "POST":
        uploaded = request.FILES.get("file")
        if uploaded is None:
            error = _("Chọn tệp PDF cần kiểm tra.")
        elif uploaded.size > settings.IMPORT_MAX_BYTES * 10:
            error = _("Tệp quá lớn.")
        else:
            data = uploaded.read()
            if not data.startswith(b"%PDF"):
                error = _("Tệp không phải tệp PDF.")
            else:
                result = signing.verify_pdf(data)
    return render(
        request,
        "decisions/signature_verify.html",
        {"result": result, "error": error, "configured": signing.signing_configured()},
    )


def _certificate_decision(user, pk) -> Decision:
    decision = decision_for(user, pk)
    if decision.status != DecisionStatus.SIGNED:
        raise Http404(_("Chỉ in giấy khen của quyết định đã ký."))
    return decision


def _pdf(data: bytes, name: str) -> HttpResponse:
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@login_required
def certificates(request, pk):
    decision = _certificate_decision(request.user, pk)
    entries = list(decision.entries.select_related("person", "unit"))
    content = documents.certificates_pdf(decision, entries)
    name = f"giay-khen-qd-{decision.number.number:02d}-{decision.year}"
    if request.GET.get("ky-so"):
        from thidua.documents import signing

        if not signing.signing_configured():
            messages.error(
                request, _("Cơ quan chưa cấu hình chứng thư số: chưa ký số được văn bản.")
            )
            return redirect("decisions:detail", pk=decision.pk)
        content = signing.sign_pdf(
            content,
            agency_name=decision.agency.name,
            signer_name=decision.signer_name,
            reason=f"Giấy khen theo Quyết định số {decision.code}",
        )
        name += "-ky-so"
    return _pdf(content, f"{name}.pdf")


@login_required
def certificate(request, pk, entry_pk):
    decision = _certificate_decision(request.user, pk)
    entry = get_object_or_404(
        DecisionEntry.objects.select_related("person", "unit"), pk=entry_pk, decision=decision
    )
    return _pdf(
        documents.certificates_pdf(decision, [entry]),
        f"giay-khen-qd-{decision.number.number:02d}-{decision.year}-{entry.pk}.pdf",
    )


@login_required
def scan_upload(request, pk):
    decision = decision_for(request.user, pk)
    _require(
        request.user,
        services.SCAN_KEEPERS,
        decision,
        _("Chỉ thủ trưởng hoặc Thường trực Hội đồng đính kèm bản ký."),
    )
    form = ScanForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_scan_attach(
                actor=request.user, decision=decision, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            _errors_to_form(form, error)
        else:
            messages.success(request, _("Đã đính kèm bản quyết định đã ký."))
            return redirect("decisions:detail", pk=decision.pk)
    return render(request, "decisions/scan_upload.html", {"decision": decision, "form": form})


@login_required
def scan_download(request, pk):
    """Served through the application after the permission check: the file lives outside the
    web root and is always sent as a download that the browser may not sniff."""
    decision = decision_for(request.user, pk)
    if not decision.scan:
        raise Http404(_("Chưa có bản ký."))
    response = FileResponse(
        decision.scan.open("rb"),
        as_attachment=True,
        filename=decision.scan_name or "ban-ky",
        content_type=CONTENT_TYPES.get(
            extension_of(decision.scan.name), "application/octet-stream"
        ),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
