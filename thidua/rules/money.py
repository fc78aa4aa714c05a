"""Reward money (DOMAIN.md §3.4): coefficient × base salary in force on the decision date,
rounded up to the next 10,000 VND.

Arithmetic is exact: coefficients are Decimals and the rounding is done on integers, so
0.3 × 1,490,000 = 447,000 → 450,000 with no float error. The base salary, the coefficients
and the rounding step are rows of the legal parameter table (``parameters.py``) in force on
the decision date; every function takes the table (the seeds by default), so the web app can
pass the rows an administrator entered.

Several titles at one time (NĐ 152/2025/NĐ-CP Điều 49 khoản 5, for decisions from 01/07/2025):
titles whose achievement is counted over the same period are paid only at the highest title's
amount (LĐTT and CSTĐCS of one year: the CSTĐCS amount only; TTLĐTT and TTLĐXS: the TTLĐXS
amount only); titles of different periods are each paid, and a form of award (Giấy khen,
Bằng khen) is paid besides a title (khoản 6, 7). Before that date each title is paid. The
rule is a parameter row (``same_period_highest``) so a later decree changes it as data.
"""

from datetime import date
from decimal import ROUND_CEILING, Decimal

from thidua.rules.codes import LADDER_RANK
from thidua.rules.parameters import (
    BASE_SALARY,
    DEFAULT_PARAMETERS,
    ROUNDING_STEP,
    SAME_PERIOD_HIGHEST_ONLY,
    LegalParameters,
    ParameterRow,
)

FIRST_DECISION_DATE = DEFAULT_PARAMETERS.first_date(BASE_SALARY)
COLLECTIVE_GIAY_KHEN_FACTOR = 2
# Titles whose achievement is counted over one evaluation year: the same period. CSTĐ tỉnh
# (3 years), CSTĐ toàn quốc and Cờ thi đua count longer periods; Giấy khen and Bằng khen are
# forms of award, not titles.
YEARLY_TITLES = frozenset({"LDTT", "CSTDCS", "TTLDTT", "TTLDXS"})
DEFAULT_ROUNDING_STEP_VND = 10_000


def first_decision_date(params: LegalParameters = DEFAULT_PARAMETERS) -> date:
    return params.first_date(BASE_SALARY) or FIRST_DECISION_DATE


def base_salary(on: date, params: LegalParameters = DEFAULT_PARAMETERS) -> tuple[int, str]:
    """Base salary in force on a date and the document (number, article) that set it."""
    row = params.in_force(BASE_SALARY, on)
    if row is None:
        raise ValueError(f"no base salary row on {on}")
    return int(row.value), row.source


def coefficients_on(
    on: date, overrides=(), params: LegalParameters = DEFAULT_PARAMETERS
) -> dict[str, Decimal]:
    """The coefficient table for a decision date, with the run's overrides applied."""
    table = {title: row.value for title, row in params.coefficients_on(on).items()}
    table.update(dict(overrides))
    return table


def coefficient_source(on: date, params: LegalParameters = DEFAULT_PARAMETERS) -> str:
    """The documents that set the coefficients in force on ``on`` (newest rows first)."""
    sources = sorted(
        {row.source for row in params.coefficients_on(on).values()},
        key=lambda text: text,
    )
    return "; ".join(sources)


def rounding_step(on: date, params: LegalParameters = DEFAULT_PARAMETERS) -> int:
    row = params.in_force(ROUNDING_STEP, on)
    return int(row.value) if row is not None else DEFAULT_ROUNDING_STEP_VND


def highest_only_rule(
    on: date, params: LegalParameters = DEFAULT_PARAMETERS
) -> ParameterRow | None:
    """The row in force on ``on`` that pays titles of one period at the highest only, if any."""
    row = params.in_force(SAME_PERIOD_HIGHEST_ONLY, on)
    return row if row is not None and row.value else None


def paid_titles(codes, on: date, params: LegalParameters = DEFAULT_PARAMETERS) -> set[str]:
    """Of the titles and forms one subject receives at one time (decided on ``on``), those that
    are paid: all of them, unless the same-period rule is in force, which keeps only the
    highest of the yearly titles (the forms and longer-period titles stay paid)."""
    codes = set(codes)
    yearly = codes & YEARLY_TITLES
    if len(yearly) < 2 or highest_only_rule(on, params) is None:
        return codes
    highest = max(yearly, key=lambda code: (LADDER_RANK[code], code))
    return (codes - yearly) | {highest}


def money_basis(
    on: date, params: LegalParameters = DEFAULT_PARAMETERS, salary_override: int | None = None
) -> str:
    salary = (
        "tham số base_salary_vnd của hồ sơ"
        if salary_override is not None
        else base_salary(on, params)[1]
    )
    text = f"{coefficient_source(on, params)} (mức tiền thưởng); lương cơ sở theo {salary}"
    rule = highest_only_rule(on, params)
    if rule is not None:
        text += (
            "; nhiều danh hiệu thi đua có cùng thời gian được tính chỉ nhận tiền thưởng danh "
            f"hiệu cao nhất theo {rule.source}"
        )
    return text


def round_up(amount: Decimal, step: int = DEFAULT_ROUNDING_STEP_VND) -> int:
    """Round up to the next multiple of ``step`` VND (an exact multiple stays as it is)."""
    steps = (amount / step).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * step


def reward_amount(
    coefficient: Decimal,
    salary: int,
    *,
    collective_giay_khen=False,
    step: int = DEFAULT_ROUNDING_STEP_VND,
) -> int:
    if collective_giay_khen:
        coefficient *= COLLECTIVE_GIAY_KHEN_FACTOR
    return round_up(coefficient * salary, step)
