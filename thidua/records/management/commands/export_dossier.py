"""``manage.py export_dossier --year Y [--agency CODE] [--unit CODE] [--decision-date D]
--output FILE.json``: write the rules engine's input exactly as the eligibility pages build it.

An auditor re-runs ``manage.py evaluate FILE.json`` on the file and gets the pages' result.
Bad arguments print a Vietnamese message on standard error and exit with status 2.
"""

import datetime as dt
import json

from django.core.management.base import BaseCommand

from thidua.org.models import Unit, UnitKind
from thidua.records.dossier import build_dossier
from thidua.rules.money import FIRST_DECISION_DATE

EXIT_BAD_ARGUMENTS = 2


class Command(BaseCommand):
    help = "Xuất hồ sơ đầu vào của bộ quy tắc xét thi đua (JSON) cho một cơ quan và một năm."

    def add_arguments(self, parser):
        # Types are checked in handle(), so every refusal is a Vietnamese message and exit 2.
        parser.add_argument("--year", help="năm đánh giá (bắt buộc)")
        parser.add_argument("--agency", help="mã cơ quan (bỏ qua nếu chỉ có một cơ quan)")
        parser.add_argument("--unit", help="mã phòng: chỉ xuất cán bộ và tập thể của phòng này")
        parser.add_argument("--decision-date", help="ngày quyết định khen thưởng (YYYY-MM-DD)")
        parser.add_argument("--output", help="tệp JSON cần ghi (bắt buộc)")

    def handle(self, *args, **options):
        year = self._year(options["year"])
        agency = self._agency(options["agency"])
        unit = self._unit(options["unit"], agency)
        decision_date = self._date(options["decision_date"])
        output = options["output"]
        if not output:
            self._fail("--output: chưa chỉ định tệp cần ghi.")
        dossier = build_dossier(agency=agency, year=year, unit=unit, decision_date=decision_date)
        try:
            with open(output, "w", encoding="utf-8") as handle:
                json.dump(dossier, handle, ensure_ascii=False, indent=2)
                handle.write("\n")
        except OSError as error:
            self._fail(f"--output: không ghi được tệp {output} ({error.strerror or error}).")
        self.stdout.write(
            f"Đã ghi {output}: {agency.code} năm {year}, {len(dossier['people'])} cá nhân, "
            f"{len(dossier['collectives'])} tập thể."
        )

    def _year(self, value):
        if value is None:
            self._fail("--year: chưa chỉ định năm đánh giá.")
        try:
            year = int(value)
        except ValueError:
            self._fail(f'--year: "{value}" không phải năm hợp lệ.')
        if not 1990 <= year <= 2100:
            self._fail(f"--year: năm {year} nằm ngoài khoảng 1990–2100.")
        return year

    def _agency(self, code):
        agencies = Unit.objects.filter(kind=UnitKind.AGENCY)
        if code:
            agency = agencies.filter(code=code).first()
            if agency is None:
                self._fail(f'--agency: không có cơ quan mã "{code}".')
            return agency
        found = list(agencies.order_by("code")[:2])
        if not found:
            self._fail("--agency: chưa có cơ quan nào trong dữ liệu.")
        if len(found) > 1:
            codes = ", ".join(agencies.order_by("code").values_list("code", flat=True))
            self._fail(f"--agency: có nhiều cơ quan ({codes}), phải chỉ định mã cơ quan.")
        return found[0]

    def _unit(self, code, agency):
        if not code:
            return None
        unit = Unit.objects.filter(code=code).first()
        if unit is None:
            self._fail(f'--unit: không có đơn vị mã "{code}".')
        if not unit.path.startswith(agency.path) or unit.pk == agency.pk:
            self._fail(f'--unit: đơn vị "{code}" không phải phòng thuộc cơ quan {agency.code}.')
        return unit

    def _date(self, value):
        if value is None:
            return None
        try:
            day = dt.date.fromisoformat(value)
        except ValueError:
            day = None
        if day is None or len(value) != 10:
            self._fail(
                f'--decision-date: "{value}" không phải ngày theo định dạng ISO (YYYY-MM-DD).'
            )
        if day < FIRST_DECISION_DATE:
            self._fail(
                f"--decision-date: ngày quyết định {day:%d/%m/%Y} trước "
                f"{FIRST_DECISION_DATE:%d/%m/%Y}: không có mức lương cơ sở áp dụng."
            )
        return day

    def _fail(self, message: str):
        self.stderr.write(message)
        raise SystemExit(EXIT_BAD_ARGUMENTS)
