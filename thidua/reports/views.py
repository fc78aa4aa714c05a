"""Pages of the reports app: sơ kết / tổng kết reports, statistics, histories, the awards
register and the exchange export. Every view checks the role and scope on the server
(see access.py)."""

import json

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from thidua.movements.covenant_views import render_official
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit

from . import access, selectors, services
from .documents import report_document, summary_line
from .exchange import export_awards, export_awards_xlsx
from .forms import RegisterFilterForm, ReportForm, YearForm
from .models import Report, ReportKind
from .report_data import report_data
from .svg import bar_chart
from .xlsx import workbook_bytes

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
    "xlsx": XLSX,
    "json": "application/json",
}
STATS_KINDS = {
    "nam": gettext_lazy("Thống kê qua các năm"),
    "phong": gettext_lazy("Thống kê theo phòng"),
    "nhan-khau": gettext_lazy("Thống kê theo giới tính, độ tuổi"),
}


SHEET_NAMES = {
    "shares": "Tỷ lệ đạt theo năm",
    "titles": "Số danh hiệu theo năm",
    "divisions": "Theo phòng",
    "gender": "Theo giới tính",
    "age": "Theo độ tuổi",
}


def _download(content: bytes, filename: str, fmt: str) -> HttpResponse:
    response = HttpResponse(content, content_type=CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


def _movement(user, pk: int, kind: str) -> Movement:
    if kind not in ReportKind.values:
        raise Http404
    movement = get_object_or_404(Movement.objects.select_related("agency", "number"), pk=pk)
    access.ensure_report_reader(user, movement.agency)
    return movement


@login_required
def index(request):
    agencies = access.managed_agencies(request.user)
    movements = Movement.objects.filter(agency__in=agencies, kind="regular").select_related(
        "agency"
    )
    reports = {
        (r.movement_id, r.kind): r
        for r in Report.objects.filter(movement__in=movements).select_related("number")
    }
    rows = [
        {
            "movement": m,
            "reports": [
                (kind, label, reports.get((m.pk, kind))) for kind, label in ReportKind.choices
            ],
        }
        for m in movements
    ]
    return render(
        request,
        "reports/index.html",
        {
            "rows": rows,
            "is_manager": bool(agencies),
            "stats_allowed": bool(
                agencies
                or access.province_agencies(request.user)
                or access.headed_divisions(request.user)
            ),
            "stats_kinds": STATS_KINDS,
            "divisions": access.headed_divisions(request.user),
            "exchange_years": selectors.award_years(agencies[0]) if agencies else [],
        },
    )


@login_required
def report_detail(request, pk, kind):
    movement = _movement(request.user, pk, kind)
    report = Report.objects.filter(movement=movement, kind=kind).select_related("number").first()
    can_write = access.has_role(request.user, access.REPORT_WRITERS, movement.agency)
    form = ReportForm(instance=report)
    if request.method == "POST":
        access.ensure_report_writer(request.user, movement.agency)
        form = ReportForm(request.POST, instance=report)
        if form.is_valid():
            try:
                services.report_save(
                    actor=request.user, movement=movement, kind=kind, **form.cleaned_data
                )
            except ValidationError as error:
                messages.error(request, " ".join(error.messages))
            else:
                messages.success(request, _("Đã lưu phần đánh giá của báo cáo."))
            return redirect("reports:report", pk=movement.pk, kind=kind)
    return render(
        request,
        "reports/report.html",
        {
            "movement": movement,
            "kind": kind,
            "kind_label": ReportKind(kind).label,
            "summary": summary_line(movement, kind),
            "report": report,
            "data": report_data(movement, kind),
            "form": form,
            "can_write": can_write and not (report and report.is_issued),
        },
    )


@login_required
def report_download(request, pk, kind, fmt):
    movement = _movement(request.user, pk, kind)
    if fmt not in ("docx", "pdf"):
        raise Http404
    report = Report.objects.filter(movement=movement, kind=kind).select_related("number").first()
    document = report_document(report_data(movement, kind), report)
    name = "so-ket" if kind == ReportKind.SO_KET else "tong-ket"
    suffix = "" if report and report.is_issued else "-du-thao"
    if fmt == "pdf" and request.GET.get("ky-so") and report and report.is_issued:
        # The issued report with the agency's digital signature (PAdES).
        from thidua.documents import signing

        if not signing.signing_configured():
            messages.error(
                request, _("Cơ quan chưa cấu hình chứng thư số: chưa ký số được văn bản.")
            )
            return redirect("reports:report", pk=movement.pk, kind=kind)
        content = signing.signed_document_pdf(
            document, reason=f"Ban hành Báo cáo số {report.number.code}"
        )
        return _download(content, f"bao-cao-{name}-{movement.year}-ky-so.pdf", fmt)
    content = render_official(document, fmt)
    return _download(content, f"bao-cao-{name}-{movement.year}{suffix}.{fmt}", fmt)


@require_POST
@login_required
def report_issue(request, pk, kind):
    movement = _movement(request.user, pk, kind)
    access.ensure_report_writer(request.user, movement.agency)
    try:
        report = services.report_issue(actor=request.user, movement=movement, kind=kind)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Đã ban hành báo cáo số %(code)s.") % {"code": report.number.code}
        )
    return redirect("reports:report", pk=movement.pk, kind=kind)


def _stats_tables(request, kind):
    if kind not in STATS_KINDS:
        raise Http404
    agency, division = access.stats_scope(request.user, request.GET.get("agency", ""))
    years = selectors.award_years(agency, division)
    form = YearForm(request.GET or None)
    year = form.cleaned_data.get("year") if form.is_valid() else None
    year = year or (years[-1] if years else timezone.localdate().year)
    if kind == "nam":
        tables = selectors.stats_years(agency, division)
    elif kind == "phong":
        tables = selectors.stats_divisions(agency, year, division)
    else:
        tables = selectors.stats_demographics(agency, year, division)
    return agency, division, year, years, form, tables


@login_required
def stats(request, kind):
    agency, division, year, years, form, tables = _stats_tables(request, kind)
    for table in tables:
        table.svg = bar_chart(table.series, table.chart, table.title) if table.chart else ""
    return render(
        request,
        "reports/stats.html",
        {
            "kind": kind,
            "title": STATS_KINDS[kind],
            "stats_kinds": STATS_KINDS,
            "agency": agency,
            "division": division,
            "agencies": access.stats_agencies(request.user),
            "year": year,
            "years": years,
            "tables": tables,
            "query": request.GET.urlencode(),
        },
    )


@login_required
def stats_xlsx(request, kind):
    agency, division, year, _years, _form, tables = _stats_tables(request, kind)
    content = workbook_bytes([(SHEET_NAMES[t.key], t.columns, t.rows) for t in tables])
    scope = division.code if division else agency.code
    suffix = "" if kind == "nam" else f"-{year}"
    return _download(content, f"thong-ke-{kind}-{scope}{suffix}.xlsx", "xlsx")


@login_required
def person_history(request, staff_code):
    person = get_object_or_404(Person, staff_code=staff_code)
    access.ensure_person_history(request.user, person)
    membership = person.memberships.filter(end_date__isnull=True).select_related("unit").first()
    return render(
        request,
        "reports/history.html",
        {
            "subject_name": person.full_name,
            "person": person,
            "membership": membership,
            "own": selectors.person_history(person),
            "members": None,
            "printed_on": timezone.localdate(),
        },
    )


@login_required
def unit_history(request, code):
    unit = get_object_or_404(Unit, code=code)
    access.ensure_unit_history(request.user, unit)
    own, members = selectors.unit_history(unit)
    return render(
        request,
        "reports/history.html",
        {
            "subject_name": unit.name,
            "unit": unit,
            "own": own,
            "members": members,
            "printed_on": timezone.localdate(),
        },
    )


def _register(request):
    agencies = access.managed_agencies(request.user)
    if not agencies:
        access.refuse()
    agency = agencies[0]
    divisions = list(selectors.scope_units(agency))
    form = RegisterFilterForm(request.GET or None, divisions=divisions)
    filters = form.cleaned_data if form.is_valid() else {}
    rows = selectors.register_rows(
        agency,
        year=filters.get("year"),
        title=filters.get("title", ""),
        division=filters.get("division", ""),
        decision=filters.get("decision", ""),
    )
    return agency, form, rows


REGISTER_COLUMNS = [
    "Năm",
    "Mã",
    "Cá nhân / tập thể",
    "Phòng",
    "Danh hiệu, hình thức",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp quyết định",
]


def _register_cells(row) -> list:
    award = row.award
    return [
        award.year,
        row.subject_code,
        row.subject_name,
        row.division.name if row.division else "",
        row.title_name,
        award.decision_code,
        award.decided_on,
        award.issuer_name,
    ]


@login_required
def register(request):
    agency, form, rows = _register(request)
    return render(
        request,
        "reports/register.html",
        {
            "agency": agency,
            "form": form,
            "rows": rows[:1000],
            "total": len(rows),
            "query": request.GET.urlencode(),
        },
    )


@login_required
def register_xlsx(request):
    agency, _form, rows = _register(request)
    content = workbook_bytes(
        [("So khen thuong", REGISTER_COLUMNS, [_register_cells(r) for r in rows])]
    )
    return _download(content, f"so-khen-thuong-{agency.code}.xlsx", "xlsx")


@login_required
def exchange(request, year, fmt):
    if fmt not in ("json", "xlsx") or not 1990 <= year <= 2100:
        raise Http404
    agencies = access.managed_agencies(request.user)
    if not agencies:
        access.refuse()
    data = export_awards(agencies[0], year)
    if fmt == "json":
        content = json.dumps(data, ensure_ascii=False, indent=2).encode()
    else:
        content = export_awards_xlsx(data)
    return _download(content, f"khen-thuong-{agencies[0].code}-{year}.{fmt}", fmt)
