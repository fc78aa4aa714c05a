"""Reward money (DOMAIN.md §3.4): coefficient × base salary in force on the decision date,
rounded up to the next 10,000 VND.

Arithmetic is exact: coefficients are Decimals and the rounding is done on integers, so
0.3 × 1,490,000 = 447,000 → 450,000 with no float error. The base salary, the coefficients
and the rounding step are rows of the legal parameter table (``parameters.py``) in force on
the decision date; every function takes the table (the seeds by default), so the web app can
pass the rows an administrator entered.
"""

from datetime import date
from decimal import ROUND_CEILING, Decimal

from thidua.rules.parameters import (
    BASE_SALARY,
    DEFAULT_PARAMETERS,
    ROUNDING_STEP,
    LegalParameters,
)

FIRST_DECISION_DATE = DEFAULT_PARAMETERS.first_date(BASE_SALARY)
COLLECTIVE_GIAY_KHEN_FACTOR = 2
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


def money_basis(
    on: date, params: LegalParameters = DEFAULT_PARAMETERS, salary_override: int | None = None
) -> str:
    salary = (
        "tham số base_salary_vnd của hồ sơ"
        if salary_override is not None
        else base_salary(on, params)[1]
    )
    return f"{coefficient_source(on, params)} (mức tiền thưởng); lương cơ sở theo {salary}"


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
