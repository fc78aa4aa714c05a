"""Reward money (DOMAIN.md §3.4): coefficient × base salary in force on the decision date,
rounded up to the next 10,000 VND.

Arithmetic is exact: coefficients are Decimals and the rounding is done on integers, so
0.3 × 1,490,000 = 447,000 → 450,000 with no float error. Coefficients follow NĐ 91/2017/NĐ-CP
(vn2013 decisions), NĐ 98/2023/NĐ-CP and NĐ 152/2025/NĐ-CP (from 1 Jul 2025); the base salary
(lương cơ sở) follows the decrees listed in ``BASE_SALARIES``.
"""

from datetime import date
from decimal import ROUND_CEILING, Decimal

ROUNDING_STEP_VND = 10_000
FIRST_DECISION_DATE = date(2016, 5, 1)

# (in force from, VND per month, decree), oldest first.
BASE_SALARIES = (
    (date(2016, 5, 1), 1_210_000, "NĐ 47/2016/NĐ-CP"),
    (date(2017, 7, 1), 1_300_000, "NĐ 47/2017/NĐ-CP"),
    (date(2018, 7, 1), 1_390_000, "NĐ 72/2018/NĐ-CP"),
    (date(2019, 7, 1), 1_490_000, "NĐ 38/2019/NĐ-CP"),
    (date(2023, 7, 1), 1_800_000, "NĐ 24/2023/NĐ-CP"),
    (date(2024, 7, 1), 2_340_000, "NĐ 73/2024/NĐ-CP"),
)

# Coefficients per title. Individual awards; a collective's Giấy khen is twice the individual.
COEFFICIENTS = {
    "LDTT": Decimal("0.3"),
    "CSTDCS": Decimal("1.0"),
    "CSTD_TINH": Decimal("3.0"),
    "CSTD_TQ": Decimal("4.5"),
    "TTLDTT": Decimal("0.8"),
    "TTLDXS": Decimal("1.5"),
    "GIAY_KHEN": Decimal("0.3"),
    "BK_TINH": Decimal("1.0"),
    "BK_TTG": Decimal("3.5"),
}
COLLECTIVE_GIAY_KHEN_FACTOR = 2
BK_TINH_RAISE_DATE = date(2025, 7, 1)
BK_TINH_RAISED = Decimal("1.5")


def base_salary(on: date) -> tuple[int, str]:
    """Base salary in force on a date and the decree that set it."""
    if on < FIRST_DECISION_DATE:
        raise ValueError(f"no base salary table before {FIRST_DECISION_DATE}")
    current = BASE_SALARIES[0]
    for row in BASE_SALARIES:
        if row[0] <= on:
            current = row
    return current[1], current[2]


def money_basis(on: date) -> str:
    if on >= date(2025, 7, 1):
        decree = "NĐ 152/2025/NĐ-CP"
    elif on >= date(2024, 1, 1):
        decree = "NĐ 98/2023/NĐ-CP"
    else:
        decree = "NĐ 91/2017/NĐ-CP"
    return f"{decree} (mức tiền thưởng); lương cơ sở theo {base_salary(on)[1]}"


def coefficients_on(on: date, overrides=()) -> dict[str, Decimal]:
    """The coefficient table for a decision date, with the run's overrides applied."""
    table = dict(COEFFICIENTS)
    if on >= BK_TINH_RAISE_DATE:
        table["BK_TINH"] = BK_TINH_RAISED
    table.update(dict(overrides))
    return table


def round_up(amount: Decimal) -> int:
    """Round up to the next multiple of 10,000 VND (an exact multiple stays as it is)."""
    steps = (amount / ROUNDING_STEP_VND).to_integral_value(rounding=ROUND_CEILING)
    return int(steps) * ROUNDING_STEP_VND


def reward_amount(coefficient: Decimal, salary: int, *, collective_giay_khen=False) -> int:
    if collective_giay_khen:
        coefficient *= COLLECTIVE_GIAY_KHEN_FACTOR
    return round_up(coefficient * salary)
