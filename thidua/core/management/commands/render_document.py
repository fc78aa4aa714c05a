"""``manage.py render_document KIND --year Y --format docx|pdf --output FILE``: write an official
document in the Decree 30/2020 layout. Kinds so far: ``plan`` (the year's plan, kế hoạch),
``registrations`` (the registration list) and ``report`` (sơ kết / tổng kết, ``--kind``).
Exits 2 with a Vietnamese message on bad arguments."""

from pathlib import Path

from django.core.management.base import BaseCommand

from thidua.org.models import Unit, UnitKind

KINDS = {
    "plan": "kế hoạch thi đua",
    "registrations": "danh sách đăng ký thi đua",
    "report": "báo cáo sơ kết/tổng kết",
}
REPORT_KINDS = ("so_ket", "tong_ket")


class Command(BaseCommand):
    help = "Xuất văn bản hành chính (kế hoạch, danh sách đăng ký) ra tệp DOCX hoặc PDF."

    def add_arguments(self, parser):
        parser.add_argument("kind", help="loại văn bản: " + ", ".join(KINDS))
        parser.add_argument("--year", type=int, required=True, help="năm của phong trào")
        parser.add_argument("--agency", help="mã cơ quan (bỏ trống nếu chỉ có một cơ quan)")
        parser.add_argument(
            "--kind",
            dest="report_kind",
            default="tong_ket",
            help="với report: so_ket (sơ kết) hoặc tong_ket (tổng kết)",
        )
        parser.add_argument("--format", dest="fmt", default="docx", help="docx hoặc pdf")
        parser.add_argument("--output", required=True, help="đường dẫn tệp kết quả")

    def _fail(self, message):
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args, kind, year, agency, fmt, output, report_kind="tong_ket", **options):
        from thidua.movements import documents
        from thidua.movements.covenant_views import render_official
        from thidua.movements.models import Movement

        if kind not in KINDS:
            self._fail(f"Loại văn bản “{kind}” chưa hỗ trợ; chọn một trong: {', '.join(KINDS)}.")
        if fmt not in ("docx", "pdf"):
            self._fail(f"--format: “{fmt}” không hợp lệ (docx hoặc pdf).")
        agencies = Unit.objects.filter(kind=UnitKind.AGENCY)
        if agency:
            agencies = agencies.filter(code=agency)
            if not agencies.exists():
                self._fail(f"Không tìm thấy cơ quan có mã “{agency}”.")
        # Without --agency, the one agency that has a movement that year (a province install
        # holds many agencies, most without one).
        movements = list(
            Movement.objects.filter(agency__in=agencies, year=year, kind="regular").select_related(
                "agency"
            )
        )
        if not movements:
            self._fail(f"Không có phong trào thi đua năm {year} của cơ quan này.")
        if len(movements) > 1:
            codes = ", ".join(sorted(m.agency.code for m in movements))
            self._fail(f"Cần chỉ rõ --agency (mã cơ quan); năm {year} có phong trào của: {codes}.")
        movement = movements[0]
        if kind == "report":
            if report_kind not in REPORT_KINDS:
                self._fail(f"--kind: “{report_kind}” không hợp lệ (so_ket hoặc tong_ket).")
            from thidua.reports.documents import report_document
            from thidua.reports.models import Report
            from thidua.reports.report_data import report_data

            report = Report.objects.filter(movement=movement, kind=report_kind).first()
            document = report_document(report_data(movement, report_kind), report)
        elif kind == "plan":
            document = documents.plan_document(movement)
        else:
            document = documents.registration_document(movement)
        content = render_official(document, fmt)
        Path(output).write_bytes(content)
        self.stdout.write(
            f"Đã ghi {KINDS[kind]} năm {year} ra {output} ({len(content):,} byte).".replace(
                ",", "."
            )
        )
