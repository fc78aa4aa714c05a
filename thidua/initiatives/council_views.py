"""Pages of the initiative council: its settings, review sessions, score sheets, closing with
the minutes, the head's recognition decision and the documents."""

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from thidua.accounts.access import has_role, scope_units
from thidua.accounts.models import Role

from . import council, documents, services
from .forms import CouncilForm, DecisionForm, ScoreForm, SessionForm
from .models import (
    Initiative,
    InitiativeCouncil,
    InitiativeStatus,
    RecognitionDecision,
    ReviewSession,
    ScoreSheet,
    SessionItem,
    SessionStatus,
)
from .views import errors_to_form

CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
SESSION_READERS = (*services.MANAGERS, *services.DECIDERS, Role.INITIATIVE_COUNCIL_MEMBER)


def _managed_agency(user):
    for unit in scope_units(user, services.MANAGERS):
        agency = unit.agency()
        if agency is not None:
            return agency
    raise PermissionDenied(_("Chỉ Thường trực Hội đồng được thiết lập hội đồng sáng kiến."))


def _year(request) -> int:
    try:
        return int(request.GET.get("nam") or timezone.localdate().year)
    except ValueError as error:
        raise Http404 from error


@login_required
def council_edit(request):
    agency = _managed_agency(request.user)
    year = _year(request)
    current = InitiativeCouncil.objects.filter(agency=agency, year=year).first()
    if current:
        initial = {
            name: getattr(current, name)
            for name in (
                "name",
                "governing_body",
                "issuing_body",
                "place",
                "minutes_issuer_code",
                "decision_issuer_code",
                "chair_name",
                "secretary_name",
                "pass_mark",
                "vote_threshold_percent",
                "min_coauthor_share",
            )
        }
        criteria = current.criteria.all()
    else:
        initial = {
            "name": "Hội đồng xét duyệt sáng kiến",
            "issuing_body": agency.name,
            "governing_body": agency.parent.name if agency.parent else "",
            "place": "Đồng Tháp",
            "minutes_issuer_code": "HĐSK",
            "pass_mark": council.DEFAULT_PASS_MARK,
            "vote_threshold_percent": 50,
        }
        criteria = [
            type("C", (), {"code": c, "name": n, "max_points": p})
            for c, n, p in council.DEFAULT_CRITERIA
        ]
    initial["year"] = year
    initial["criteria"] = "\n".join(
        f"{c.code} | {c.name} | {Decimal(c.max_points).normalize():f}" for c in criteria
    )
    form = CouncilForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = dict(form.cleaned_data)
        try:
            saved = council.council_save(actor=request.user, agency=agency, **data)
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lưu hội đồng xét duyệt sáng kiến."))
            return redirect(f"{request.path}?nam={saved.year}")
    sessions = ReviewSession.objects.filter(council=current) if current else []
    return render(
        request,
        "initiatives/council_form.html",
        {
            "form": form,
            "council": current,
            "year": year,
            "sessions": sessions,
            "members": council.council_members(agency),
        },
    )


@login_required
def session_create(request):
    agency = _managed_agency(request.user)
    year = _year(request)
    current = InitiativeCouncil.objects.filter(agency=agency, year=year).first()
    if current is None:
        messages.warning(request, _("Cần thiết lập hội đồng sáng kiến của năm trước."))
        return redirect("initiatives:council")
    candidates = Initiative.objects.filter(
        agency=agency, status__in=(InitiativeStatus.SUBMITTED, InitiativeStatus.RESUBMITTED)
    ).order_by("submitted_at", "id")
    form = SessionForm(
        request.POST or None,
        candidates=candidates,
        initial={"held_on": timezone.localdate()},
    )
    if request.method == "POST" and form.is_valid():
        try:
            session = council.session_open(
                actor=request.user,
                council=current,
                held_on=form.cleaned_data["held_on"],
                place=form.cleaned_data["place"],
                initiatives=form.chosen(),
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(request, _("Đã lập phiên họp xét duyệt."))
            return redirect("initiatives:session", pk=session.pk)
    return render(request, "initiatives/session_form.html", {"form": form, "council": current})


def session_for(user, pk) -> ReviewSession:
    session = get_object_or_404(ReviewSession.objects.select_related("council"), pk=pk)
    agency = session.council.agency
    if not has_role(user, SESSION_READERS, agency):
        raise PermissionDenied(_("Bạn không có quyền xem phiên họp này."))
    return session


@login_required
def session_detail(request, pk):
    session = session_for(request.user, pk)
    agency = session.council.agency
    items = list(session.items.select_related("initiative").prefetch_related("sheets"))
    mine = {
        s.item_id: s for s in ScoreSheet.objects.filter(item__session=session, member=request.user)
    }
    for item in items:
        item.my_sheet = mine.get(item.pk)
        item.sheet_count = len(item.sheets.all())
    is_member = session.members.filter(pk=request.user.pk).exists() and has_role(
        request.user, [Role.INITIATIVE_COUNCIL_MEMBER], agency
    )
    return render(
        request,
        "initiatives/session_detail.html",
        {
            "session": session,
            "council": session.council,
            "items": items,
            "members": session.members.order_by("full_name"),
            "is_member": is_member,
            "can_close": has_role(request.user, services.MANAGERS, agency)
            and session.status == SessionStatus.OPEN,
            "can_decide": has_role(request.user, services.DECIDERS, agency)
            and session.status == SessionStatus.CLOSED,
            "decisions": session.decisions.select_related("number"),
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def score(request, pk, item_pk):
    session = session_for(request.user, pk)
    item = get_object_or_404(
        SessionItem.objects.select_related("initiative"), pk=item_pk, session=session
    )
    if not (
        session.members.filter(pk=request.user.pk).exists()
        and has_role(request.user, [Role.INITIATIVE_COUNCIL_MEMBER], session.council.agency)
    ):
        raise PermissionDenied(_("Chỉ thành viên Hội đồng dự phiên họp mới chấm điểm được."))
    if session.status != SessionStatus.OPEN:
        messages.warning(request, _("Phiên họp đã kết thúc: không chấm điểm được nữa."))
        return redirect("initiatives:session", pk=pk)
    criteria = list(session.council.criteria.all())
    sheet = ScoreSheet.objects.filter(item=item, member=request.user).first()
    initial = {}
    if sheet is not None:
        initial = {
            f"c_{line.criterion.code}": line.points
            for line in sheet.lines.select_related("criterion")
        }
        initial.update({"recognise": "yes" if sheet.recognise else "no", "comment": sheet.comment})
    form = ScoreForm(request.POST or None, criteria=criteria, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            council.score_record(
                actor=request.user,
                item=item,
                points=form.points(),
                recognise=form.cleaned_data["recognise"],
                comment=form.cleaned_data["comment"],
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for code, problems in error.message_dict.items():
                    name = f"c_{code}"
                    form.add_error(name if name in form.fields else None, problems)
            else:
                form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu phiếu chấm điểm."))
            return redirect("initiatives:session", pk=pk)
    return render(
        request,
        "initiatives/score_form.html",
        {"form": form, "session": session, "item": item, "initiative": item.initiative},
    )


@login_required
@require_http_methods(["GET", "POST"])
def session_close(request, pk):
    session = session_for(request.user, pk)
    if not has_role(request.user, services.MANAGERS, session.council.agency):
        raise PermissionDenied(_("Chỉ Thường trực Hội đồng được kết thúc phiên họp."))
    if request.method == "POST":
        try:
            council.session_close(actor=request.user, session=session)
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
        else:
            messages.success(request, _("Đã kết thúc phiên họp; biên bản đã được cấp số."))
    return redirect("initiatives:session", pk=pk)


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _render(document, fmt: str) -> bytes:
    from thidua.documents.docx_render import render_docx
    from thidua.documents.pdf_render import render_pdf

    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    raise Http404


@login_required
def minutes_document(request, pk, fmt):
    session = session_for(request.user, pk)
    if fmt not in CONTENT_TYPES:
        raise Http404
    content = _render(documents.minutes_document(session), fmt)
    return _download(content, f"bien-ban-hoi-dong-sang-kien-{session.pk}.{fmt}", fmt)


@login_required
def decision_create(request, pk):
    session = session_for(request.user, pk)
    if not has_role(request.user, services.DECIDERS, session.council.agency):
        raise PermissionDenied(_("Chỉ Chánh Văn phòng được quyết định công nhận sáng kiến."))
    if session.status != SessionStatus.CLOSED:
        messages.warning(request, _("Hội đồng chưa kết thúc phiên xét duyệt."))
        return redirect("initiatives:session", pk=pk)
    candidates = [
        item.initiative
        for item in session.items.filter(
            passed=True, initiative__status=InitiativeStatus.UNDER_REVIEW
        ).select_related("initiative")
    ]
    form = DecisionForm(
        request.POST or None,
        candidates=candidates,
        initial={
            "issued_on": timezone.localdate(),
            "initiatives": [str(i.pk) for i in candidates],
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            decision = council.recognition_decide(
                actor=request.user,
                session=session,
                initiatives=form.chosen(),
                issued_on=form.cleaned_data["issued_on"],
            )
        except ValidationError as error:
            errors_to_form(form, error)
        else:
            messages.success(
                request,
                _("Đã ban hành Quyết định số %(code)s công nhận sáng kiến.")
                % {"code": decision.number.code},
            )
            return redirect("initiatives:session", pk=pk)
    return render(
        request,
        "initiatives/decision_form.html",
        {"form": form, "session": session, "candidates": candidates},
    )


@login_required
def decision_document(request, pk, fmt):
    decision = get_object_or_404(RecognitionDecision.objects.select_related("council"), pk=pk)
    from thidua.movements.selectors import user_agencies

    if decision.council.agency_id not in {a.pk for a in user_agencies(request.user)}:
        raise PermissionDenied(_("Bạn không có quyền xem quyết định này."))
    if fmt not in CONTENT_TYPES:
        raise Http404
    content = _render(documents.decision_document(decision), fmt)
    return _download(content, f"quyet-dinh-cong-nhan-sang-kien-{decision.pk}.{fmt}", fmt)
