"""Pages of the council: sessions (attendance, agenda, ballot, results, quota, posting,
objections, minutes) and the public posting every member of staff sees. Thin views: every
object is checked on the server, every action is a POST handled by one service."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.access import has_role, scope_units

from . import documents, selectors, services
from .forms import AnswerForm, BallotPaperForm, ObjectionForm, SessionForm
from .models import Ballot, BallotStatus, MemberRole, Objection, QuotaState, SessionStatus

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}


def _errors(request, error: ValidationError) -> None:
    for message in error.messages:
        messages.error(request, message)


def _managed_agency(user):
    for unit in scope_units(user, services.MANAGERS):
        agency = unit.agency()
        if agency is not None:
            return agency
    raise PermissionDenied(_("Chỉ Thường trực Hội đồng được mở phiên họp."))


@login_required
def index(request):
    return render(
        request,
        "council/index.html",
        {
            "sessions": selectors.sessions_for(request.user),
            "postings": selectors.postings_for(request.user),
            "can_create": has_role(request.user, services.MANAGERS),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_create(request):
    agency = _managed_agency(request.user)
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.session_create(
                actor=request.user, agency=agency, **form.cleaned_data
            )
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã mở phiên họp Hội đồng."))
            return redirect("council:session", pk=session.pk)
    try:
        year = int(form["year"].value())
    except (TypeError, ValueError):
        year = timezone.localdate().year
    nominees = list(services.agenda_nominees(agency, year))
    return render(
        request, "council/session_form.html", {"form": form, "agency": agency, "nominees": nominees}
    )


def _ballot(session):
    return Ballot.objects.filter(session=session).first()


def _decision_url(session):
    try:
        from thidua.decisions.models import Decision

        decision = (
            Decision.objects.filter(source_type="council.councilsession", source_id=str(session.pk))
            .order_by("-id")
            .first()
        )
        return decision, reverse(
            "decisions:detail", kwargs={"pk": decision.pk}
        ) if decision else None
    except (ImportError, NoReverseMatch):
        return None, None


@login_required
def session_detail(request, pk):
    session = selectors.session_for(request.user, pk)
    manager = selectors.is_manager(request.user, session)
    ballot = _ballot(session)
    members = list(session.members.all())
    cast_ids = set(ballot.casts.values_list("member_id", flat=True)) if ballot else set()
    closed = ballot is not None and ballot.status == BallotStatus.CLOSED
    items = list(
        session.items.select_related(
            "nominee__person", "nominee__unit", "nominee__proposal__division"
        )
    )
    me = selectors.member_of(request.user, session)
    decision, decision_url = _decision_url(session) if closed else (None, None)
    context = {
        "session": session,
        "manager": manager,
        "members": members,
        "ballot": ballot,
        "closed": closed,
        "cast_count": len(cast_ids),
        "cast_ids": cast_ids,
        "items": items,
        "ranked": sorted((i for i in items if i.rank), key=lambda i: (i.rank, i.order)),
        "quorum": services.quorum_status(session),
        "me": me,
        "i_have_cast": me is not None and me.pk in cast_ids,
        "absent_not_cast": [m for m in members if not m.present and m.pk not in cast_ids],
        "present_not_cast": services.present_not_cast(session, ballot)
        if ballot and not closed
        else [],
        "is_chair": me is not None and me.role == MemberRole.CHAIR,
        "early_problem": services.early_close_check(session, ballot)
        if ballot and not closed
        else "",
        "objections": list(session.objections.select_related("item__nominee", "lodged_by")),
        "blockers": session.issue_blockers() if closed else [],
        "decision": decision,
        "decision_url": decision_url,
        "paper_form": BallotPaperForm(items=items) if manager and ballot else None,
        "QuotaState": QuotaState,
        "SessionStatus": SessionStatus,
    }
    return render(request, "council/session_detail.html", context)


def _post_action(request, pk, action):
    session = selectors.session_for(request.user, pk, manage=True)
    try:
        result = action(session)
    except ValidationError as error:
        _errors(request, error)
    else:
        if isinstance(result, HttpResponse):
            return result
        messages.success(request, result)
    return redirect("council:session", pk=session.pk)


@login_required
@require_POST
def attendance(request, pk):
    def act(session):
        services.attendance_set(
            actor=request.user, session=session, present_ids=request.POST.getlist("present")
        )
        return _("Đã ghi điểm danh.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def ballot_open(request, pk):
    def act(session):
        services.ballot_open(actor=request.user, session=session)
        return _("Đã mở bỏ phiếu kín.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def ballot_close(request, pk):
    def act(session):
        services.ballot_close(actor=request.user, session=session)
        return _("Đã kiểm phiếu; biên bản đã được cấp số.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def ballot_close_early(request, pk):
    """The chair's decision to close before every member present has cast (with a reason)."""
    session = selectors.session_for(request.user, pk)
    me = selectors.member_of(request.user, session)
    if me is None or me.role != MemberRole.CHAIR:
        raise PermissionDenied(_("Chỉ Chủ tịch Hội đồng của phiên họp được kết thúc bỏ phiếu sớm."))
    reason = request.POST.get("reason", "").strip()
    if not reason:
        messages.error(request, _("Cần ghi lý do kết thúc bỏ phiếu sớm."))
        return redirect("council:session", pk=session.pk)
    try:
        services.ballot_close(actor=request.user, session=session, early_reason=reason)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(
            request, _("Đã kết thúc bỏ phiếu sớm theo quyết định của Chủ tịch Hội đồng.")
        )
    return redirect("council:session", pk=session.pk)


@login_required
@require_POST
def ballot_written(request, pk):
    def act(session):
        ballot = _ballot(session)
        if ballot is None:
            raise ValidationError(_("Chưa mở bỏ phiếu."))
        member_pk = request.POST.get("member", "")
        if not member_pk.isdigit():
            raise ValidationError(_("Chọn thành viên vắng mặt."))
        member = get_object_or_404(session.members, pk=int(member_pk))
        form = BallotPaperForm(request.POST, items=session.items.select_related("nominee"))
        if not form.is_valid():
            raise ValidationError(_("Phiếu phải ghi Đồng ý hoặc Không đồng ý cho từng trường hợp."))
        services.ballot_cast_written(
            actor=request.user, ballot=ballot, member=member, choices=form.choices()
        )
        return _("Đã ghi phiếu bằng văn bản của thành viên vắng mặt.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def quota_resolve(request, pk):
    def act(session):
        services.quota_resolve(
            actor=request.user,
            session=session,
            keep_ids=[k for k in request.POST.getlist("keep") if k.isdigit()],
            note=request.POST.get("note", ""),
        )
        return _("Đã xử lý danh sách vượt chỉ tiêu theo thứ tự phiếu.")

    return _post_action(request, pk, act)


@login_required
@require_POST
def posting_start(request, pk):
    def act(session):
        session = services.posting_start(actor=request.user, session=session)
        return _("Đã công khai danh sách đến hết ngày %(d)s và thông báo cho cán bộ.") % {
            "d": session.posting_ends_on.strftime("%d/%m/%Y")
        }

    return _post_action(request, pk, act)


@login_required
@require_POST
def decision_draft(request, pk):
    def act(session):
        decision = services.decision_draft_from_session(actor=request.user, session=session)
        messages.success(request, _("Đã lập dự thảo quyết định khen thưởng."))
        try:
            return redirect("decisions:detail", pk=decision.pk)
        except NoReverseMatch:
            return redirect("council:session", pk=session.pk)

    return _post_action(request, pk, act)


@login_required
@require_http_methods(["GET", "POST"])
def ballot_paper(request, pk):
    """A member's own ballot paper: every agenda item, cast once."""
    session = selectors.session_for(request.user, pk)
    me = selectors.member_of(request.user, session)
    if me is None:
        raise PermissionDenied(_("Chỉ thành viên Hội đồng của phiên họp được bỏ phiếu."))
    ballot = _ballot(session)
    items = list(session.items.select_related("nominee__person", "nominee__unit"))
    has_cast = ballot is not None and ballot.casts.filter(member=me).exists()
    form = BallotPaperForm(request.POST or None, items=items)
    if request.method == "POST":
        if ballot is None:
            messages.error(request, _("Chưa mở bỏ phiếu."))
        elif form.is_valid():
            try:
                services.ballot_cast(actor=request.user, ballot=ballot, choices=form.choices())
            except ValidationError as error:
                _errors(request, error)
            else:
                messages.success(request, _("Phiếu của bạn đã được bỏ vào hòm phiếu."))
                return redirect("council:ballot", pk=session.pk)
    return render(
        request,
        "council/ballot.html",
        {
            "session": session,
            "ballot": ballot,
            "me": me,
            "has_cast": has_cast,
            "form": form,
            "cast_count": ballot.casts.count() if ballot else 0,
            "member_count": session.members.count(),
        },
    )


@login_required
def minutes(request, pk, fmt):
    session = selectors.session_for(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    from thidua.documents.docx_render import render_docx
    from thidua.documents.pdf_render import render_pdf

    document = documents.minutes_document(session)
    content = render_docx(document) if fmt == "docx" else render_pdf(document)
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="bien-ban-hdtdkt-{session.pk}.{fmt}"'
    return response


@login_required
def posting(request, pk):
    session = selectors.posting_for(request.user, pk)
    if session.posting_starts_on is None:
        raise Http404
    items = selectors.approved_items(session)
    manager = selectors.is_manager(request.user, session)
    # The secretariat and the head read every objection; others only their own.
    reader = has_role(request.user, services.READERS, session.agency)
    objections = session.objections.select_related("item__nominee", "lodged_by")
    if not reader:
        objections = objections.filter(lodged_by=request.user)
    is_open = services.posting_open(session)
    return render(
        request,
        "council/posting.html",
        {
            "session": session,
            "items": items,
            "objections": list(objections),
            "is_open": is_open,
            "manager": manager,
            "reader": reader,
            "form": ObjectionForm(items=items) if is_open else None,
            "answer_form": AnswerForm() if manager else None,
            "today": timezone.localdate(),
        },
    )


@login_required
@require_POST
def objection_lodge(request, pk):
    session = selectors.posting_for(request.user, pk)
    items = selectors.approved_items(session)
    form = ObjectionForm(request.POST, items=items)
    if form.is_valid():
        item = next(i for i in items if str(i.pk) == form.cleaned_data["item"])
        try:
            services.objection_lodge(
                actor=request.user, session=session, item=item, text=form.cleaned_data["text"]
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Đã gửi ý kiến; Thường trực Hội đồng sẽ trả lời."))
    else:
        messages.error(request, _("Chọn trường hợp và nhập nội dung ý kiến."))
    return redirect("council:posting", pk=session.pk)


@login_required
@require_POST
def objection_answer(request, pk):
    objection = get_object_or_404(Objection.objects.select_related("session"), pk=pk)
    session = selectors.session_for(request.user, objection.session_id, manage=True)
    form = AnswerForm(request.POST)
    if form.is_valid():
        try:
            services.objection_answer(
                actor=request.user,
                objection=objection,
                answer=form.cleaned_data["answer"],
                upheld=form.cleaned_data["upheld"],
            )
        except ValidationError as error:
            _errors(request, error)
        else:
            messages.success(request, _("Đã ghi câu trả lời."))
    else:
        messages.error(request, _("Chưa nhập nội dung trả lời."))
    return redirect("council:posting", pk=session.pk)
