"""Pages of an initiative: the lists, submission and editing, the workflow buttons, evidence,
later recognitions and the used-once record. Council pages are in `council_views.py`, the
library in `library_views.py`."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.access import has_role
from thidua.org.models import Person

from . import council, selectors, services
from .forms import EvidenceForm, InitiativeForm, ReasonForm, RecognitionForm, UsedForm
from .models import Evidence, Initiative, InitiativeStatus
from .uploads import CONTENT_TYPES, extension_of

S = InitiativeStatus


def errors_to_form(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def initiative_for(user, pk) -> Initiative:
    initiative = get_object_or_404(Initiative, pk=pk)
    if not selectors.visible_initiatives(user).filter(pk=pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem sáng kiến này."))
    return initiative


def _own_agency(user):
    person = getattr(user, "person", None)
    if person is None:
        raise PermissionDenied(_("Tài khoản chưa gắn với cán bộ nên không nộp sáng kiến được."))
    return person.agency


def _people(agency):
    return list(Person.objects.filter(agency=agency, is_active=True).order_by("search_name"))


@login_required
def initiative_list(request):
    user = request.user
    return render(
        request,
        "initiatives/initiative_list.html",
        {
            "own": selectors.own_initiatives(user).order_by("-created_at"),
            "inbox": selectors.inbox(user),
            "sessions": selectors.open_sessions_for(user),
            "can_manage": has_role(user, services.MANAGERS),
            "others": selectors.visible_initiatives(user)
            .exclude(status__in=(S.DRAFT,))
            .order_by("-year", "-id")[:50]
            if has_role(user, selectors.OFFICE_READERS)
            else [],
        },
    )


def _author_initial(initiative: Initiative) -> dict:
    initial = {name: getattr(initiative, name) for name in services.CONTENT_FIELDS}
    for index, author in enumerate(initiative.authors.select_related("person")):
        initial[f"author_{index}"] = author.person.staff_code
        initial[f"share_{index}"] = author.share
    return initial


@login_required
def initiative_create(request):
    agency = _own_agency(request.user)
    people = _people(agency)
    initial = {"author_0": request.user.person.staff_code, "share_0": 100}
    form = InitiativeForm(request.POST or None, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            initiative = services.initiative_save(
                actor=request.user,
                agency=agency,
                year=timezone.localdate().year,
                **form.service_kwargs(),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("Đã lưu bản nháp. Đính kèm minh chứng (nếu có) rồi bấm “Nộp sáng kiến”.")
            )
            return redirect("initiatives:detail", pk=initiative.pk)
    return render(request, "initiatives/initiative_form.html", {"form": form, "initiative": None})


@login_required
def initiative_edit(request, pk):
    initiative = initiative_for(request.user, pk)
    if not services.is_author(request.user, initiative):
        raise PermissionDenied(_("Chỉ tác giả mới sửa được sáng kiến."))
    if initiative.status not in services.EDITABLE:
        messages.warning(request, _("Sáng kiến đã nộp: không sửa được."))
        return redirect("initiatives:detail", pk=pk)
    form = InitiativeForm(
        request.POST or None,
        people=_people(initiative.agency),
        initial=_author_initial(initiative),
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.initiative_save(
                actor=request.user, initiative=initiative, **form.service_kwargs()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu sáng kiến."))
            return redirect("initiatives:detail", pk=pk)
    return render(
        request, "initiatives/initiative_form.html", {"form": form, "initiative": initiative}
    )


def detail_context(user, initiative: Initiative, **extra) -> dict:
    status = initiative.status
    author = services.is_author(user, initiative)
    agency = initiative.agency
    manager = has_role(user, services.MANAGERS, agency)
    head = has_role(user, services.DECIDERS, agency)
    actions = [
        action
        for (state, action), (_next, roles) in services.TRANSITIONS.items()
        if state == status
        and action not in ("review", "recognise")
        and services.may(user, roles, initiative)
    ]
    last_return = initiative.transitions.filter(action="return").last()
    context = {
        "initiative": initiative,
        "authors": initiative.authors.select_related("person"),
        "evidence": initiative.evidence.all(),
        "recognitions": initiative.recognitions.select_related("decision"),
        "uses": initiative.uses.all(),
        "transitions": initiative.transitions.select_related("actor"),
        "items": initiative.session_items.select_related("session", "session__minutes_number"),
        "is_author": author,
        "editable": author and status in services.EDITABLE,
        "actions": actions,
        "last_return": last_return if status == S.RETURNED else None,
        "can_record": has_role(user, council.RECORDERS, agency) and status == S.RECOGNISED,
        "can_mark_used": has_role(user, services.USE_RECORDERS, agency) and status == S.RECOGNISED,
        "is_manager": manager,
        "is_head": head,
        "evidence_form": EvidenceForm(),
        "reason_form": ReasonForm(),
        "recognition_form": RecognitionForm(),
        "used_form": UsedForm(initial={"year": timezone.localdate().year}),
    }
    context.update(extra)
    return context


@login_required
def initiative_detail(request, pk):
    initiative = initiative_for(request.user, pk)
    return render(
        request, "initiatives/initiative_detail.html", detail_context(request.user, initiative)
    )


CONFIRMED = {
    "submit": _("Đã nộp sáng kiến."),
    "resubmit": _("Đã nộp lại sáng kiến."),
    "withdraw": _("Đã rút sáng kiến."),
    "return": _("Đã trả lại sáng kiến để tác giả bổ sung."),
    "reject": _("Đã ghi nhận sáng kiến không được công nhận."),
}


@login_required
@require_http_methods(["GET", "POST"])
def initiative_transition(request, pk, action):
    initiative = initiative_for(request.user, pk)
    if action not in services.ACTIONS:
        raise Http404
    if not services.may(request.user, services.action_roles(action), initiative):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    if request.method != "POST":
        return redirect("initiatives:detail", pk=pk)
    try:
        services.initiative_transition(
            actor=request.user,
            initiative=initiative,
            action=action,
            reason=request.POST.get("reason", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, CONFIRMED.get(action, _("Đã cập nhật.")))
    return redirect("initiatives:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def evidence_upload(request, pk):
    initiative = initiative_for(request.user, pk)
    if not services.is_author(request.user, initiative):
        raise PermissionDenied(_("Chỉ tác giả mới đính kèm minh chứng được."))
    if request.method != "POST":
        return redirect("initiatives:detail", pk=pk)
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.evidence_add(
                actor=request.user, initiative=initiative, upload=form.cleaned_data["file"]
            )
        except ValidationError as error:
            if not hasattr(error, "error_dict"):
                messages.error(request, " ".join(error.messages))
                return redirect("initiatives:detail", pk=pk)
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã đính kèm minh chứng."))
            return redirect("initiatives:detail", pk=pk)
    return render(
        request,
        "initiatives/initiative_detail.html",
        detail_context(request.user, initiative, evidence_form=form),
        status=400,
    )


def _evidence_for(user, pk, evidence_pk) -> Evidence:
    initiative = initiative_for(user, pk)
    return get_object_or_404(Evidence, pk=evidence_pk, initiative=initiative)


@login_required
def evidence_download(request, pk, evidence_pk):
    """Served through the application after the permission check: the files live outside the
    web root, and are always sent as downloads that the browser may not sniff."""
    evidence = _evidence_for(request.user, pk, evidence_pk)
    extension = extension_of(evidence.file.name)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=CONTENT_TYPES.get(extension, "application/octet-stream"),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def evidence_remove(request, pk, evidence_pk):
    evidence = _evidence_for(request.user, pk, evidence_pk)
    if not services.is_author(request.user, evidence.initiative):
        raise PermissionDenied(_("Chỉ tác giả mới gỡ minh chứng được."))
    if request.method == "POST":
        try:
            services.evidence_remove(actor=request.user, evidence=evidence)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã gỡ minh chứng."))
    return redirect("initiatives:detail", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def recognition_record(request, pk):
    initiative = initiative_for(request.user, pk)
    if not has_role(request.user, council.RECORDERS, initiative.agency):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận công nhận sáng kiến."))
    form = RecognitionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            council.recognition_record(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã ghi nhận công nhận sáng kiến."))
            return redirect("initiatives:detail", pk=pk)
    return render(
        request, "initiatives/recognition_form.html", {"form": form, "initiative": initiative}
    )


@login_required
@require_http_methods(["GET", "POST"])
def mark_used(request, pk):
    initiative = initiative_for(request.user, pk)
    if not has_role(request.user, services.USE_RECORDERS, initiative.agency):
        raise PermissionDenied(_("Bạn không có quyền ghi nhận việc sử dụng sáng kiến."))
    if request.method != "POST":
        return redirect("initiatives:detail", pk=pk)
    form = UsedForm(request.POST)
    if form.is_valid():
        try:
            services.initiative_mark_used(
                actor=request.user, initiative=initiative, **form.cleaned_data
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã ghi nhận sáng kiến làm căn cứ xét danh hiệu."))
            return redirect("initiatives:detail", pk=pk)
    return render(
        request,
        "initiatives/initiative_detail.html",
        detail_context(request.user, initiative, used_form=form),
        status=400,
    )
