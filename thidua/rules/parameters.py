"""Legal parameters as data: values that a decree sets and a later decree changes.

Base salary (lương cơ sở), reward coefficients per title, the rounding step of reward money,
whether titles earned for the same period are paid only at the highest title's amount, and the
first evaluation year of each regime are rows with an effective-from date and the
document (number, article, clause) that set them. The engine reads the row in force on the
decision date (or, for the regime, the evaluation year). ``SEED_ROWS`` are the known values;
the web app keeps the same rows in a database table (``thidua.legal``) where an administrator
adds a row when a decree changes, and passes them in as :class:`LegalParameters`.

Pure Python, no Django. Readings and sources: FORMAT.md, docs/legal-sources.md.
"""

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from thidua.rules.common import fmt_date

BASE_SALARY = "base_salary"
COEFFICIENT = "coefficient"
ROUNDING_STEP = "rounding_step"
REGIME_FROM_YEAR = "regime_from_year"
# 1: several titles earned for the same period at one time are paid only at the highest
# title's amount (NĐ 152/2025/NĐ-CP Điều 49 khoản 5); 0 or no row: each title is paid.
SAME_PERIOD_HIGHEST_ONLY = "same_period_highest"
# The CSTĐCS quota per regime (key = regime id): the cap as a percent of the individuals who
# reach LĐTT (value None: no cap) and how the cap is rounded (value = index in CAP_ROUNDINGS).
CSTDCS_CAP_PERCENT = "cstdcs_cap_percent"
CAP_ROUNDING = "cap_rounding"
CAP_ROUNDINGS = ("down", "up", "nearest")
QUOTA_KINDS = (CSTDCS_CAP_PERCENT, CAP_ROUNDING)
KINDS = (
    BASE_SALARY,
    COEFFICIENT,
    ROUNDING_STEP,
    SAME_PERIOD_HIGHEST_ONLY,
    *QUOTA_KINDS,
    REGIME_FROM_YEAR,
)

# A decision dated more than this many months after the newest row gets a warning.
STALE_AFTER_MONTHS = 12


@dataclass(frozen=True, slots=True)
class ParameterRow:
    kind: str
    key: str  # title code for coefficients, regime id for regimes and quotas, "" otherwise
    value: Decimal | None  # None only for a quota cap: no cap
    effective_from: date
    source: str  # "NĐ 73/2024/NĐ-CP Điều 3 khoản 2"


# Forms of award (hình thức khen thưởng); every other code is an emulation title (danh hiệu).
_FORMS = frozenset({"GIAY_KHEN", "BK_TINH", "BK_TTG"})


def _coefficients(
    effective_from: date, source: str, bk_tinh: str, forms_source: str | None = None
) -> list[ParameterRow]:
    table = {
        "LDTT": "0.3",
        "CSTDCS": "1.0",
        "CSTD_TINH": "3.0",
        "CSTD_TQ": "4.5",
        "TTLDTT": "0.8",
        "TTLDXS": "1.5",
        "GIAY_KHEN": "0.3",
        "BK_TINH": bk_tinh,
        "BK_TTG": "3.5",
    }
    return [
        ParameterRow(
            COEFFICIENT,
            title,
            Decimal(value),
            effective_from,
            forms_source if forms_source and title in _FORMS else source,
        )
        for title, value in table.items()
    ]


_ND91 = "NĐ 91/2017/NĐ-CP Điều 70"
_ND98 = "NĐ 98/2023/NĐ-CP Điều 54"
_ND91_QUOTA = "NĐ 91/2017/NĐ-CP Điều 9 khoản 3"
_LAW2022_QUOTA = "Luật TĐKT số 06/2022/QH15 Điều 23 (không quy định tỷ lệ)"
# NĐ 152/2025/NĐ-CP: Điều 49 the principles (khoản 1 base salary on the decision date, khoản 2
# rounding up to 10,000, khoản 5 titles of one period paid at the highest), Điều 50 the
# titles' amounts, Điều 54 the amounts of Bằng khen and Giấy khen.
_ND152_TITLES = "NĐ 152/2025/NĐ-CP Điều 50"
_ND152_FORMS = "NĐ 152/2025/NĐ-CP Điều 54"
_ND152_ROUNDING = "NĐ 152/2025/NĐ-CP Điều 49 khoản 2"
_ND152_SAME_PERIOD = "NĐ 152/2025/NĐ-CP Điều 49 khoản 5"

SEED_ROWS: tuple[ParameterRow, ...] = (
    # Base salary: each decree's Article 3(2) sets the amount from its date.
    ParameterRow(
        BASE_SALARY, "", Decimal(1_210_000), date(2016, 5, 1), "NĐ 47/2016/NĐ-CP Điều 3 khoản 2"
    ),
    ParameterRow(
        BASE_SALARY, "", Decimal(1_300_000), date(2017, 7, 1), "NĐ 47/2017/NĐ-CP Điều 3 khoản 2"
    ),
    ParameterRow(
        BASE_SALARY, "", Decimal(1_390_000), date(2018, 7, 1), "NĐ 72/2018/NĐ-CP Điều 3 khoản 2"
    ),
    ParameterRow(
        BASE_SALARY, "", Decimal(1_490_000), date(2019, 7, 1), "NĐ 38/2019/NĐ-CP Điều 3 khoản 2"
    ),
    ParameterRow(
        BASE_SALARY, "", Decimal(1_800_000), date(2023, 7, 1), "NĐ 24/2023/NĐ-CP Điều 3 khoản 2"
    ),
    ParameterRow(
        BASE_SALARY, "", Decimal(2_340_000), date(2024, 7, 1), "NĐ 73/2024/NĐ-CP Điều 3 khoản 2"
    ),
    ParameterRow(
        BASE_SALARY, "", Decimal(2_530_000), date(2026, 7, 1), "NĐ 161/2026/NĐ-CP Điều 3 khoản 2"
    ),
    # Reward coefficients (× base salary) per title, per decree in force on the decision date.
    *_coefficients(date(2016, 5, 1), _ND91, "1.0"),
    *_coefficients(date(2024, 1, 1), _ND98, "1.0"),
    *_coefficients(date(2025, 7, 1), _ND152_TITLES, "1.5", _ND152_FORMS),
    # Reward money is rounded up to the next 10,000 VND.
    ParameterRow(ROUNDING_STEP, "", Decimal(10_000), date(2016, 5, 1), _ND91),
    ParameterRow(ROUNDING_STEP, "", Decimal(10_000), date(2024, 1, 1), _ND98),
    ParameterRow(ROUNDING_STEP, "", Decimal(10_000), date(2025, 7, 1), _ND152_ROUNDING),
    # Titles of the same period paid only at the highest title's amount, for decisions from
    # the decree's effective date (Điều 59 khoản 1); before it each title was paid.
    ParameterRow(SAME_PERIOD_HIGHEST_ONLY, "", Decimal(1), date(2025, 7, 1), _ND152_SAME_PERIOD),
    # The CSTĐCS quota. vn2013: at most 15 % of the LĐTT holders (NĐ 91/2017/NĐ-CP Điều 9
    # khoản 3; "không quá" → rounded down). vn2022: Luật 06/2022/QH15 Điều 23 sets no ratio,
    # so no cap unless the office's regulation sets one (the dossier's settings).
    ParameterRow(CSTDCS_CAP_PERCENT, "vn2013", Decimal(15), date(1990, 1, 1), _ND91_QUOTA),
    ParameterRow(CAP_ROUNDING, "vn2013", Decimal(0), date(1990, 1, 1), _ND91_QUOTA),
    ParameterRow(CSTDCS_CAP_PERCENT, "vn2022", None, date(2024, 1, 1), _LAW2022_QUOTA),
    ParameterRow(CAP_ROUNDING, "vn2022", Decimal(0), date(2024, 1, 1), _LAW2022_QUOTA),
    # First evaluation year of each regime (Luật 06/2022/QH15 Điều 94: in force 01/01/2024).
    # vn2013 is the baseline for every earlier year the engine accepts.
    ParameterRow(
        REGIME_FROM_YEAR, "vn2013", Decimal(1990), date(1990, 1, 1), "Luật TĐKT số 15/2003/QH11"
    ),
    ParameterRow(
        REGIME_FROM_YEAR,
        "vn2022",
        Decimal(2024),
        date(2024, 1, 1),
        "Luật TĐKT số 06/2022/QH15 Điều 94 khoản 1",
    ),
)


class LegalParameters:
    """An immutable set of parameter rows with lookups by date."""

    __slots__ = ("rows", "_by_kind")

    def __init__(self, rows):
        self.rows = tuple(sorted(rows, key=lambda r: (r.kind, r.key, r.effective_from)))
        by_kind: dict[tuple[str, str], list[ParameterRow]] = {}
        for row in self.rows:
            by_kind.setdefault((row.kind, row.key), []).append(row)
        self._by_kind = by_kind

    def in_force(self, kind: str, on: date, key: str = "") -> ParameterRow | None:
        """The row of ``kind``/``key`` with the latest effective date on or before ``on``."""
        found = None
        for row in self._by_kind.get((kind, key), ()):
            if row.effective_from <= on:
                found = row
            else:
                break
        return found

    def first_date(self, kind: str) -> date | None:
        dates = [row.effective_from for row in self.rows if row.kind == kind]
        return min(dates) if dates else None

    def coefficients_on(self, on: date) -> dict[str, ParameterRow]:
        titles = sorted({row.key for row in self.rows if row.kind == COEFFICIENT})
        table = {}
        for title in titles:
            row = self.in_force(COEFFICIENT, on, title)
            if row is not None:
                table[title] = row
        return table

    def regime_for_year(self, year: int, known: tuple[str, ...]) -> str | None:
        """The regime whose first evaluation year is the latest one not after ``year``."""
        best = None
        for row in self.rows:
            if row.kind != REGIME_FROM_YEAR or row.key not in known or int(row.value) > year:
                continue
            if best is None or row.value > best.value:
                best = row
        return best.key if best else None

    def quota_on(self, regime: str, on: date) -> dict[str, ParameterRow]:
        """The quota rows of ``regime`` in force on ``on``, by kind (missing kinds left out)."""
        rows = {kind: self.in_force(kind, on, regime) for kind in QUOTA_KINDS}
        return {kind: row for kind, row in rows.items() if row is not None}

    def last_date(self) -> date | None:
        return max((row.effective_from for row in self.rows), default=None)

    def staleness_warning(self, on: date) -> str | None:
        """A warning when ``on`` is more than 12 months after the newest row's date."""
        last = self.last_date()
        if last is None:
            return None
        months = (on.year - last.year) * 12 + on.month - last.month
        if months > STALE_AFTER_MONTHS or (months == STALE_AFTER_MONTHS and on.day > last.day):
            return (
                f"Ngày quyết định {fmt_date(on)} muộn hơn 12 tháng so với tham số pháp lý mới "
                f"nhất (hiệu lực từ {fmt_date(last)}): đề nghị kiểm tra lại mức lương cơ sở và "
                "hệ số tiền thưởng đang áp dụng trước khi ban hành quyết định"
            )
        return None


DEFAULT_PARAMETERS = LegalParameters(SEED_ROWS)
