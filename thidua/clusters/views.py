"""Cluster pages: the list, a cluster year (members, table, standings, actions), the scoring
sheet of one agency with its evidence, the downloads, and the province board's overview.

Every view reads through `selectors.year_for` (404 for an unknown year, 403 outside the members
and the board) and writes through one service; actions are POST-only."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from thidua.accounts.access import subtree_q
from thidua.initiatives.uploads import CONTENT_TYPES, extension_of
from thidua.org.models import Person, Unit, UnitKind

from . import documents, selectors, services
from .forms import ClusterCreateForm, CriterionForm, EvidenceForm, SectionForm, YearForm
from .models import ClusterYear, Criterion, Evidence, Section, YearStatus

DOWNLOAD_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}
TRANSITION_LABELS = {
    "open": _("Đã mở giai đoạn tự chấm điểm."),
    "cross": _("Đã chuyển sang chấm chéo."),
    "finalise": _("Đã chốt kết quả; bảng điểm đã khoá."),
}


def _refuse_unless(allowed: bool):
    if not allowed:
        raise PermissionDenied(_("Bạn không có quyền truy cập trang này."))


def _errors(request, error: ValidationError):
    messages.error(request, " ".join(error.messages))


def upward_inbox_url() -> str | None:
    """The province's inbox of upward dossiers (the upward app's page), when it exists."""
    for name in ("upward:province", "upward:inbox"):
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


@login_required
def index(request):
    _refuse_unless(selectors.may_use_clusters(request.user))
    provinces = selectors.board_provinces(request.user)
    return render(
        request,
        "clusters/index.html",
        {
            "years": selectors.visible_years(request.user),
            "is_board": bool(provinces),
            "upward_url": upward_inbox_url() if provinces else None,
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def cluster_create(request):
    provinces = selectors.board_provinces(request.user)
    _refuse_unless(bool(provinces))
    form = ClusterCreateForm(request.POST or None, initial={"year": timezone.localdate().year})
    if request.method == "POST" and form.is_valid():
        try:
            cluster_year = services.cluster_create(
                actor=request.user, province=provinces[0], **form.cleaned_data
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, _("Đã lập cụm, khối thi đua."))
            return redirect("clusters:year_edit", pk=cluster_year.pk)
    return render(request, "clusters/cluster_form.html", {"form": form})


def _year_context(user, cluster_year):
    live = cluster_year.status != YearStatus.FINALISED
    rows = documents.ranking_rows(cluster_year)
    scoring_for = selectors.scoring_agencies(user, cluster_year)
    members = selectors.member_agencies(cluster_year)
    return {
        "cy": cluster_year,
        "members": members,
        "sections": selectors.sections_with_criteria(cluster_year),
        "rows": rows,
        "live": live,
        "can_manage": selectors.can_manage(user, cluster_year),
        "scoring_for": scoring_for,
        "cross_targets": [
            a for a in members if selectors.cross_scorer_for(user, cluster_year, a) is not None
        ],
        "total_max": selectors.total_max(cluster_year),
        "section_form": SectionForm(),
        "criterion_form": CriterionForm(),
        "transitions": [
            action for (state, action) in services.TRANSITIONS if state == cluster_year.status
        ],
        "has_next": ClusterYear.objects.filter(
            cluster=cluster_year.cluster, year=cluster_year.year + 1
        ).first(),
        "proposed_next": selectors.next_leader(cluster_year),
        "today": timezone.localdate(),
    }


@login_required
def year_detail(request, pk):
    cluster_year = selectors.year_for(request.user, pk)
    return render(request, "clusters/year_detail.html", _year_context(request.user, cluster_year))


@login_required
@require_http_methods(["GET", "POST"])
def year_edit(request, pk):
    cluster_year = selectors.year_for(request.user, pk)
    _refuse_unless(selectors.can_manage(request.user, cluster_year))
    agencies = list(
        Unit.objects.filter(
            kind=UnitKind.AGENCY, path__startswith=cluster_year.cluster.province.path
        ).order_by("name")
    )
    members = {m.agency_id: m.rotation_order for m in cluster_year.members.all()}
    initial = {
        "cross_scorers": cluster_year.cross_scorers,
        "final_rule": cluster_year.final_rule,
        "flag_count": cluster_year.flag_count,
        "bk_count": cluster_year.bk_count,
        "leader": cluster_year.leader.code if cluster_year.leader else "",
        "deputy": cluster_year.deputy.code if cluster_year.deputy else "",
        **{f: getattr(cluster_year, f) for f in services.OPEN_FIELDS},
    }
    form = YearForm(request.POST or None, initial=initial, agencies=agencies, members=members)
    if cluster_year.status != YearStatus.DRAFT:
        for name in services.SETTINGS_FIELDS:
            form.fields[name].required = False
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        kwargs = {
            f: data[f] or ("" if f in ("covenant_place", "covenant_items") else None)
            for f in services.OPEN_FIELDS
        }
        if cluster_year.status == YearStatus.DRAFT:
            kwargs |= {f: data[f] for f in services.SETTINGS_FIELDS}
            kwargs |= {
                "members": form.members(),
                "leader": form.agency("leader"),
                "deputy": form.agency("deputy"),
            }
        try:
            services.cluster_year_update(actor=request.user, cluster_year=cluster_year, **kwargs)
        except ValidationError as error:
            form.add_error(None, error.messages)
        else:
            messages.success(request, _("Đã lưu."))
            return redirect("clusters:year", pk=pk)
    return render(
        request,
        "clusters/year_form.html",
        {"cy": cluster_year, "form": form, "draft": cluster_year.status == YearStatus.DRAFT},
    )


@login_required
@require_POST
def table_add(request, pk):
    cluster_year = selectors.year_for(request.user, pk)
    _refuse_unless(selectors.can_manage(request.user, cluster_year))
    if "section" in request.POST:
        form = CriterionForm(request.POST)
        if form.is_valid():
            section = get_object_or_404(
                Section, pk=form.cleaned_data["section"], cluster_year=cluster_year
            )
            try:
                services.criterion_add(
                    actor=request.user,
                    section=section,
                    text=form.cleaned_data["text"],
                    max_points=form.cleaned_data["max_points"],
                )
            except ValidationError as error:
                _errors(request, error)
        else:
            messages.error(request, _("Tiêu chí cần nội dung và điểm tối đa lớn hơn 0."))
    else:
        form = SectionForm(request.POST)
        if form.is_valid():
            try:
                services.section_add(
                    actor=request.user, cluster_year=cluster_year, **form.cleaned_data
                )
            except ValidationError as error:
                _errors(request, error)
        else:
            messages.error(request, _("Phần cần có tên; điểm tối đa không âm."))
    return redirect(reverse("clusters:year", kwargs={"pk": pk}) + "#bang-diem")


@login_required
@require_POST
def criterion_remove(request, pk, criterion_pk):
    cluster_year = selectors.year_for(request.user, pk)
    _refuse_unless(selectors.can_manage(request.user, cluster_year))
    criterion = get_object_or_404(Criterion, pk=criterion_pk, section__cluster_year=cluster_year)
    try:
        services.criterion_remove(actor=request.user, criterion=criterion)
    except ValidationError as error:
        _errors(request, error)
    return redirect(reverse("clusters:year", kwargs={"pk": pk}) + "#bang-diem")


@login_required
@require_POST
def transition(request, pk, action):
    cluster_year = selectors.year_for(request.user, pk)
    _refuse_unless(selectors.can_manage(request.user, cluster_year))
    try:
        services.year_transition(actor=request.user, cluster_year=cluster_year, action=action)
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, TRANSITION_LABELS.get(action, _("Đã cập nhật.")))
    return redirect("clusters:year", pk=pk)


@login_required
@require_POST
def next_year(request, pk):
    cluster_year = selectors.year_for(request.user, pk)
    _refuse_unless(selectors.can_manage(request.user, cluster_year))
    try:
        new = services.next_year_create(actor=request.user, cluster_year=cluster_year)
    except ValidationError as error:
        _errors(request, error)
        return redirect("clusters:year", pk=pk)
    messages.success(request, _("Đã tạo năm sau; Trưởng cụm đề xuất theo thứ tự luân phiên."))
    return redirect("clusters:year_edit", pk=new.pk)


def _member(cluster_year, code) -> Unit:
    agency = get_object_or_404(Unit, code=code, kind=UnitKind.AGENCY)
    if not cluster_year.members.filter(agency=agency).exists():
        raise Http404
    return agency


def _sheet_context(user, cluster_year, subject):
    scores = selectors.score_map(cluster_year).get(subject.pk, {})
    cross_as = selectors.cross_scorer_for(user, cluster_year, subject)
    self_edit = selectors.can_self_score(user, cluster_year, subject)
    standing = next(s for s in selectors.standings(cluster_year) if s.agency.pk == subject.pk)
    names = {a.pk: a for a in selectors.member_agencies(cluster_year)}
    scorers = [names[pk] for pk in scores if pk != subject.pk and pk in names]
    evidence = {}
    for item in Evidence.objects.filter(cluster_year=cluster_year, agency=subject):
        evidence.setdefault(item.criterion_id, []).append(item)
    editing = subject if self_edit else cross_as
    mine = scores.get(editing.pk, {}) if editing else {}
    sections = []
    for section in selectors.sections_with_criteria(cluster_year):
        rows = [
            {
                "criterion": c,
                "self": scores.get(subject.pk, {}).get(c.pk),
                "cross": [scores.get(a.pk, {}).get(c.pk) for a in scorers],
                "final": standing.finals.get(c.pk),
                "self_only": c.pk in standing.self_only,
                "mine": mine.get(c.pk),
                "evidence": evidence.get(c.pk, []),
            }
            for c in section.criteria.all()
        ]
        sections.append((section, rows))
    return {
        "cy": cluster_year,
        "subject": subject,
        "sections": sections,
        "scorers": scorers,
        "standing": standing,
        "editing": editing,
        "self_edit": self_edit,
        "evidence_form": EvidenceForm(),
    }


@login_required
@require_http_methods(["GET", "POST"])
def sheet(request, pk, code):
    cluster_year = selectors.year_for(request.user, pk)
    subject = _member(cluster_year, code)
    if request.method == "POST":
        if selectors.can_self_score(request.user, cluster_year, subject):
            scorer = subject
        else:
            scorer = selectors.cross_scorer_for(request.user, cluster_year, subject)
        _refuse_unless(scorer is not None)
        criteria = Criterion.objects.filter(section__cluster_year=cluster_year)
        values = {
            c.pk: (request.POST.get(f"points_{c.pk}", ""), request.POST.get(f"note_{c.pk}", ""))
            for c in criteria
            if f"points_{c.pk}" in request.POST
        }
        try:
            changed = services.scores_save(
                actor=request.user,
                cluster_year=cluster_year,
                scorer=scorer,
                subject=subject,
                values=values,
            )
        except ValidationError as error:
            context = _sheet_context(request.user, cluster_year, subject)
            context["errors"] = error.messages
            context["posted"] = {pk: raw for pk, (raw, _note) in values.items()}
            return render(request, "clusters/sheet.html", context, status=400)
        messages.success(request, _("Đã lưu %(n)s điểm.") % {"n": changed})
        return redirect("clusters:sheet", pk=pk, code=code)
    return render(
        request, "clusters/sheet.html", _sheet_context(request.user, cluster_year, subject)
    )


@login_required
@require_POST
def evidence_upload(request, pk, code):
    cluster_year = selectors.year_for(request.user, pk)
    subject = _member(cluster_year, code)
    _refuse_unless(subject in selectors.scoring_agencies(request.user, cluster_year))
    form = EvidenceForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("Chọn tệp minh chứng."))
        return redirect("clusters:sheet", pk=pk, code=code)
    criterion = get_object_or_404(
        Criterion, pk=form.cleaned_data["criterion"], section__cluster_year=cluster_year
    )
    try:
        services.evidence_add(
            actor=request.user,
            cluster_year=cluster_year,
            agency=subject,
            criterion=criterion,
            upload=form.cleaned_data["file"],
        )
    except ValidationError as error:
        _errors(request, error)
    else:
        messages.success(request, _("Đã đính kèm minh chứng."))
    return redirect("clusters:sheet", pk=pk, code=code)


@login_required
def evidence_download(request, pk, evidence_pk):
    """Served after the permission check: the files live outside the web root and are always
    sent as downloads the browser may not sniff."""
    cluster_year = selectors.year_for(request.user, pk)
    evidence = get_object_or_404(Evidence, pk=evidence_pk, cluster_year=cluster_year)
    response = FileResponse(
        evidence.file.open("rb"),
        as_attachment=True,
        filename=evidence.original_name,
        content_type=CONTENT_TYPES.get(
            extension_of(evidence.file.name), "application/octet-stream"
        ),
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=DOWNLOAD_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _render(document, fmt):
    from thidua.documents.docx_render import render_docx
    from thidua.documents.pdf_render import render_pdf

    if fmt == "docx":
        return render_docx(document)
    if fmt == "pdf":
        return render_pdf(document)
    raise Http404


@login_required
def sheets_xlsx(request, pk):
    cluster_year = selectors.year_for(request.user, pk)
    content = documents.scoring_workbook(cluster_year)
    return _download(
        content, f"bang-diem-cum-{cluster_year.cluster.code}-{cluster_year.year}.xlsx", "xlsx"
    )


@login_required
def proposal(request, pk, fmt):
    cluster_year = selectors.year_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    content = _render(documents.proposal_document(cluster_year), fmt)
    return _download(
        content, f"to-trinh-cum-{cluster_year.cluster.code}-{cluster_year.year}.{fmt}", fmt
    )


@login_required
def covenant(request, pk, fmt):
    cluster_year = selectors.year_for(request.user, pk)
    if fmt not in ("docx", "pdf"):
        raise Http404
    content = _render(documents.covenant_document(cluster_year), fmt)
    return _download(
        content, f"giao-uoc-cum-{cluster_year.cluster.code}-{cluster_year.year}.{fmt}", fmt
    )


@login_required
def province(request):
    """The provincial board's read-only overview: every agency of the province with its year's
    figures, and each cluster's ranking."""
    provinces = selectors.board_provinces(request.user)
    _refuse_unless(bool(provinces))
    try:
        year = int(request.GET.get("year") or 0)
    except ValueError:
        year = 0
    if not 1990 <= year <= 2100:
        latest = (
            ClusterYear.objects.filter(cluster__province__in=provinces).order_by("-year").first()
        )
        year = latest.year if latest else timezone.localdate().year
    from thidua.movements.models import Movement

    agencies = list(
        Unit.objects.filter(kind=UnitKind.AGENCY)
        .filter(subtree_q(provinces))
        .annotate(divisions=Count("children", filter=Q(children__kind=UnitKind.DIVISION)))
        .order_by("name")
    )
    people = dict(
        Person.objects.filter(agency__in=agencies, is_active=True)
        .values_list("agency_id")
        .annotate(n=Count("id"))
        .values_list("agency_id", "n")
    )
    movements = {m.agency_id: m for m in Movement.objects.filter(agency__in=agencies, year=year)}
    years = list(
        ClusterYear.objects.filter(cluster__province__in=provinces, year=year).select_related(
            "cluster", "leader"
        )
    )
    standings = {cy.pk: documents.ranking_rows(cy) for cy in years}
    membership = {}
    for cy in years:
        for row in standings[cy.pk]:
            membership.setdefault(row["agency"].pk, []).append((cy, row))
    rows = [
        {
            "agency": a,
            "divisions": a.divisions,
            "people": people.get(a.pk, 0),
            "movement": movements.get(a.pk),
            "clusters": membership.get(a.pk, []),
        }
        for a in agencies
    ]
    return render(
        request,
        "clusters/province.html",
        {
            "year": year,
            "rows": rows,
            "years": [(cy, standings[cy.pk]) for cy in years],
            "upward_url": upward_inbox_url(),
        },
    )
