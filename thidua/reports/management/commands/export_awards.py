"""``manage.py export_awards --year Y [--agency CODE] --format json|xlsx --output FILE``: a year's
award decisions and awards of one agency in the exchange format for the provincial database
(thidua.reports.exchange; documented in docs/exchange-format.md). Exits 2 with a Vietnamese
message on bad arguments."""

import json
from pathlib import Path

from django.core.management.base import BaseCommand

from thidua.org.models import Unit, UnitKind
from thidua.reports.exchange import export_awards, export_awards_xlsx


class Command(BaseCommand):
    help = "Xuất quyết định và khen thưởng của một năm (JSON hoặc XLSX) cho CSDL thi đua của tỉnh."

    def add_arguments(self, parser):
        parser.add_argument("--year", type=int, required=True, help="năm thi đua")
        parser.add_argument("--agency", help="mã cơ quan (bỏ trống nếu chỉ có một cơ quan)")
        parser.add_argument("--format", dest="fmt", default="json", help="json hoặc xlsx")
        parser.add_argument("--output", required=True, help="đường dẫn tệp kết quả, - là stdout")

    def _fail(self, message):
        self.stderr.write(message)
        raise SystemExit(2)

    def handle(self, *args, year, agency, fmt, output, **options):
        if fmt not in ("json", "xlsx"):
            self._fail(f"--format: “{fmt}” không hợp lệ (json hoặc xlsx).")
        if not 1990 <= year <= 2100:
            self._fail(f"--year: {year} nằm ngoài khoảng 1990–2100.")
        agencies = Unit.objects.filter(kind=UnitKind.AGENCY)
        if agency:
            agencies = agencies.filter(code=agency)
        if agencies.count() != 1:
            self._fail(
                "Cần chỉ rõ --agency (mã cơ quan)."
                if not agency
                else f"Không tìm thấy cơ quan có mã “{agency}”."
            )
        data = export_awards(agencies.get(), year)
        if fmt == "json":
            text = json.dumps(data, ensure_ascii=False, indent=2)
            if output == "-":
                self.stdout.write(text)
                return
            Path(output).write_text(text + "\n", encoding="utf-8")
        else:
            if output == "-":
                self._fail("--output: tệp XLSX cần một đường dẫn, không ghi ra stdout.")
            Path(output).write_bytes(export_awards_xlsx(data))
        self.stderr.write(
            f"Đã ghi {len(data['awards'])} khen thưởng, {len(data['decisions'])} quyết định "
            f"năm {year} ra {output}."
        )
