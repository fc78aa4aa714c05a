"""Which titles a person or a collective may register for, and their Vietnamese names.

The ladders and names come from the rules engine, so registration and eligibility agree.
"""

from thidua.rules.codes import (
    COLLECTIVE_LADDER,
    INDIVIDUAL_LADDER,
    TITLE_NAMES,
    registration_covers,
)

INDIVIDUAL_TITLES = INDIVIDUAL_LADDER
COLLECTIVE_TITLES = COLLECTIVE_LADDER


def title_label(code: str) -> str:
    return TITLE_NAMES.get(code, code)


def title_choices(codes) -> list[tuple[str, str]]:
    return [(code, title_label(code)) for code in codes]


__all__ = [
    "COLLECTIVE_TITLES",
    "INDIVIDUAL_TITLES",
    "registration_covers",
    "title_choices",
    "title_label",
]
