"""Pages of division reviews and proposals: the list, opening a review, attendance and votes,
the minutes, the proposal with its nominees and attachments, the transitions, ad-hoc
proposals and the secretariat's inbox. Views parse a form, call one service, and redirect."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.access import AGENCY_MANAGERS, PEOPLE_READERS, has_role, role_required
from thidua.accounts.models import Role
from thidua.initiatives.uploads import CONTENT_TYPES, extension_of
from thidua.movements.selectors import current_movement, user_agencies
from thidua.org.selectors import unit_current_members

from . import documents, selectors, services
from .forms import (
    AdHocForm,
    AttachmentForm,
    JustificationForm,
    ReviewOpenForm,
    ReviewRecordForm,
)
from .models import Attachment, Nominee, Proposal, ProposalStatus, Review, ReviewStatus

S = ProposalStatus
DOC_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def errors_to_form(form, error: ValidationError):
    if hasattr(error, "error_dict"):
        for field, problems in error.message_dict.items():
            form.add_error(field if field in form.fields else None, problems)
    else:
        form.add_error(None, error.messages)


def review_for(user, pk) -> Review:
    review = get_object_or_404(Review, pk=pk)
    if not selectors.visible_reviews(user).filter(pk=pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem cuộc họp bình xét này."))
    return review


def proposal_for(user, pk) -> Proposal:
    proposal = get_object_or_404(Proposal, pk=pk)
    if not selectors.visible_proposals(user).filter(pk=pk).exists():
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ này."))
    return proposal


def _require_head_of(user, division):
    if not has_role(user, services.DIVISION, division):
        raise PermissionDenied(_("Chỉ trưởng phòng của phòng này mới thực hiện được."))


def _managed_agency(user):
    for agency in user_agencies(user):
        if has_role(user, AGENCY_MANAGERS, agency):
            return agency
    return None


@login_required
@role_required(*PEOPLE_READERS)
def index(request):
    user = request.user
    return render(
        request,
        "reviews/index.html",
        {
            "reviews": selectors.visible_reviews(user)[:100],
            "proposals": selectors.visible_proposals(user).exclude(status=S.WITHDRAWN)[:100],
            "can_open": selectors.headed_divisions(user).exists(),
            "can_inbox": _managed_agency(user) is not None,
        },
    )


@login_required
@role_required(Role.DIVISION_HEAD)
def review_create(request):
    divisions = list(selectors.headed_divisions(request.user).order_by("order", "name"))
    movement = current_movement(request.user)
    if movement is None or not divisions:
        messages.warning(request, _("Chưa có phong trào thi đua đã phát động để bình xét."))
        return redirect("reviews:index")
    phases = list(movement.phases.all())
    form = ReviewOpenForm(
        request.POST or None,
        divisions=divisions,
        phases=phases,
        year=movement.year,
        initial={
            "held_on": timezone.localdate(),
            "chair_name": request.user.get_full_name(),
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            review = services.review_open(
                actor=request.user, movement=movement, **form.service_kwargs()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request, _("Đã mở bình xét. Đánh dấu người có mặt và nhập số phiếu đồng ý.")
            )
            return redirect("reviews:review", pk=review.pk)
    return render(request, "reviews/review_form.html", {"form": form, "movement": movement})


@login_required
@require_http_methods(["GET", "POST"])
def review_detail(request, pk):
    review = review_for(request.user, pk)
    can_edit = review.status == ReviewStatus.OPEN and has_role(
        request.user, services.DIVISION, review.division
    )
    if request.method == "POST" and not can_edit:
        raise PermissionDenied(_("Chỉ trưởng phòng của phòng này mới bình xét được."))
    form = ReviewRecordForm(request.POST or None, review=review)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                services.review_record(
                    actor=request.user,
                    review=review,
                    present_ids=form.cleaned_data["present"],
                    votes=form.votes(),
                )
            except ValidationError as error:
                errors_to_form(form, error)
            else:
                messages.success(request, _("Đã ghi danh sách có mặt và kết quả biểu quyết."))
                return redirect("reviews:review", pk=pk)
        status = 400
    return render(
        request,
        "reviews/review_detail.html",
        {
            "review": review,
            "form": form,
            "can_edit": can_edit,
            "attendance": review.attendance.select_related("person"),
            "candidates": review.candidates.select_related("person", "unit"),
            "proposal": getattr(review, "proposal", None)
            if review.status == ReviewStatus.SUBMITTED
            else None,
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def review_submit(request, pk):
    review = review_for(request.user, pk)
    _require_head_of(request.user, review.division)
    if request.method != "POST":
        return redirect("reviews:review", pk=pk)
    try:
        proposal = services.review_submit(actor=request.user, review=review)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect("reviews:review", pk=pk)
    if proposal is None:
        messages.info(request, _("Đã kết thúc bình xét: không có trường hợp nào được đề nghị."))
        return redirect("reviews:review", pk=pk)
    messages.success(
        request,
        _("Đã kết thúc bình xét và lập hồ sơ đề nghị. Đính kèm tài liệu rồi gửi Hội đồng."),
    )
    return redirect("reviews:proposal", pk=proposal.pk)


@login_required
def minutes(request, pk, fmt):
    review = review_for(request.user, pk)
    if fmt not in DOC_TYPES:
        raise Http404
    from thidua.movements.covenant_views import render_official

    content = render_official(documents.minutes_document(review), fmt)
    response = HttpResponse(content, content_type=DOC_TYPES[fmt])
    filename = f"bien-ban-binh-xet-{review.division.code.lower()}-{review.pk}.{fmt}"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def proposal_context(user, proposal: Proposal, **extra) -> dict:
    nominees = list(proposal.nominees.select_related("person", "unit"))
    division_head = has_role(user, services.DIVISION, proposal.division)
    editable = division_head and proposal.status in services.EDITABLE
    actions = [
        action
        for (state, action), (_next, roles) in services.TRANSITIONS.items()
        if state == proposal.status and services.may(user, roles, proposal)
    ]
    last_return = proposal.transitions.filter(action="return").last()
    context = {
        "proposal": proposal,
        "nominees": nominees,
        "attachments": proposal.attachments.select_related("nominee", "nominee__person"),
        "transitions": proposal.transitions.select_related("actor"),
        "missing": selectors.proposal_missing(proposal),
        "editable": editable,
        "actions": actions,
        "last_return": last_return if proposal.status == S.RETURNED else None,
        "attachment_form": AttachmentForm(nominees=nominees),
        "justification_forms": {},
    }
    context.update(extra)
    context["nominee_rows"] = [
        (
            n,
            context["justification_forms"].get(n.pk)
            or JustificationForm(initial={"justification": n.justification}, prefix=f"n{n.pk}"),
        )
        for n in nominees
    ]
    return context


@login_required
def proposal_detail(request, pk):
    proposal = proposal_for(request.user, pk)
    return render(request, "reviews/proposal_detail.html", proposal_context(request.user, proposal))


CONFIRMED = {
    "submit": _("Đã gửi hồ sơ đề nghị tới Hội đồng."),
    "resubmit": _("Đã gửi lại hồ sơ đề nghị."),
    "withdraw": _("Đã rút hồ sơ đề nghị."),
    "return": _("Đã trả lại hồ sơ để phòng bổ sung."),
    "accept": _("Đã tiếp nhận hồ sơ, đưa vào chương trình họp Hội đồng."),
}


@login_required
@require_http_methods(["GET", "POST"])
def proposal_transition(request, pk, action):
    proposal = proposal_for(request.user, pk)
    if action not in services.ACTIONS:
        raise Http404
    if not services.may(request.user, services.action_roles(action), proposal):
        raise PermissionDenied(_("Bạn không có quyền thực hiện thao tác này."))
    if request.method != "POST":
        return redirect("reviews:proposal", pk=pk)
    try:
        services.proposal_transition(
            actor=request.user,
            proposal=proposal,
            action=action,
            reason=request.POST.get("reason", ""),
            agenda=request.POST.get("agenda", ""),
        )
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, CONFIRMED[action])
    return redirect("reviews:proposal", pk=pk)


@login_required
@require_http_methods(["GET", "POST"])
def nominee_justify(request, pk, nominee_pk):
    proposal = proposal_for(request.user, pk)
    _require_head_of(request.user, proposal.division)
    nominee = get_object_or_404(Nominee, pk=nominee_pk, proposal=proposal)
    if request.method != "POST":
        return redirect("reviews:proposal", pk=pk)
    form = JustificationForm(request.POST, prefix=f"n{nominee.pk}")
    if form.is_valid():
        try:
            services.nominee_justify(
                actor=request.user,
                nominee=nominee,
                justification=form.cleaned_data["justification"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu giải trình."))
            return redirect("reviews:proposal", pk=pk)
    return render(
        request,
        "reviews/proposal_detail.html",
        proposal_context(request.user, proposal, justification_forms={nominee.pk: form}),
        status=400,
    )


@login_required
@require_http_methods(["GET", "POST"])
def attachment_upload(request, pk):
    proposal = proposal_for(request.user, pk)
    _require_head_of(request.user, proposal.division)
    if request.method != "POST":
        return redirect("reviews:proposal", pk=pk)
    form = AttachmentForm(request.POST, request.FILES, nominees=list(proposal.nominees.all()))
    if form.is_valid():
        try:
            services.attachment_add(
                actor=request.user,
                proposal=proposal,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                nominee=form.chosen_nominee(),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã đính kèm tài liệu."))
            return redirect("reviews:proposal", pk=pk)
    return render(
        request,
        "reviews/proposal_detail.html",
        proposal_context(request.user, proposal, attachment_form=form),
        status=400,
    )


@login_required
def attachment_download(request, pk, attachment_pk):
    """Served after the permission check: the files live outside the web root and are always
    sent as downloads the browser may not sniff."""
    proposal = proposal_for(request.user, pk)
    attachment = get_object_or_404(Attachment, pk=attachment_pk, proposal=proposal)
    response = FileResponse(
        attachment.file.open("rb"),
        as_attachment=True,
        filename=attachment.original_name,
        content_type=CONTENT_TYPES.get(
            extension_of(attachment.file.name), "application/octet-stream"
        ),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@login_required
@role_required(Role.DIVISION_HEAD)
def ad_hoc_create(request):
    divisions = list(selectors.headed_divisions(request.user).order_by("order", "name"))
    members = [m.person for d in divisions for m in unit_current_members(d)]
    form = AdHocForm(request.POST or None, divisions=divisions, members=members)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create_ad_hoc(
                actor=request.user, year=timezone.localdate().year, **form.service_kwargs()
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lập hồ sơ đề nghị khen thưởng đột xuất."))
            return redirect("reviews:proposal", pk=proposal.pk)
    return render(request, "reviews/ad_hoc_form.html", {"form": form})


@login_required
@role_required(*AGENCY_MANAGERS)
def inbox(request):
    agency = _managed_agency(request.user)
    if agency is None:
        raise PermissionDenied(_("Bạn không có quyền xem hồ sơ đề nghị của cơ quan."))
    try:
        year = int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError:
        year = timezone.localdate().year
    if not 1990 <= year <= 2100:  # a year the engine and the calendar can take
        year = timezone.localdate().year
    counts = selectors.status_counts(request.user, agency=agency)
    status = request.GET.get("trang_thai", "")
    if status not in S.values:
        status = ""
    return render(
        request,
        "reviews/inbox.html",
        {
            "agency": agency,
            "year": year,
            "status": status,
            "statuses": [(value, label, counts.get(value, 0)) for value, label in S.choices],
            "groups": selectors.inbox(request.user, agency=agency, status=status),
            "quota": selectors.cstdcs_quota(agency=agency, year=year),
        },
    )
