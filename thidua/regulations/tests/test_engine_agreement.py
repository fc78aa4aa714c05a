"""The regulations library and the rules engine agree (issue 20, point 5).

Every text number a check or a legal parameter row cites is in the demo library, under the
regime it belongs to; a text the library marks as replaced is never cited after its
replacement: texts cited by decision date (implementing decrees and circulars of the 2022 law,
base-salary decrees) for a decision dated after it, texts of a regime or a rating year (the
2003 law and its decree, the rating decrees) for an evaluation year after it.
"""

import datetime as dt
import re

import pytest

from thidua.regulations.demo import NATIONAL, load_demo_regulations
from thidua.regulations.models import Regulation, Status
from thidua.rules.parameters import SEED_ROWS
from thidua.rules.params import (
    BASIS,
    VN2022_CIRCULARS,
    VN2022_DECREES,
    rating_decree_basis,
)
from thidua.rules.tests.builders import collective, run
from thidua.rules.tests.test_citations import _every_basis, _people

NUMBER = re.compile(r"\b\d{1,3}/\d{4}/(?:QH\d+|NĐ-CP|TT-BNV)\b")
LIBRARY = {row[2]: row for row in NATIONAL}  # number → (key, kind, number, title, …)
REGIME, START, END, SUCCESSOR = 5, 6, 7, 8
KEYS = {row[0]: row for row in NATIONAL}


def _numbers(text: str) -> set[str]:
    return set(NUMBER.findall(text))


def _cited_by_regime() -> dict[str, set[str]]:
    cited = {regime: set() for regime in BASIS}
    for regime, table in BASIS.items():
        for text in table.values():
            cited[regime] |= _numbers(text)
    for _start, number in (*VN2022_DECREES, *VN2022_CIRCULARS):
        cited["vn2022"] |= _numbers(number)
    return cited


def _cited_elsewhere() -> set[str]:
    numbers = set()
    for year in (2023, 2026):
        numbers |= _numbers(rating_decree_basis(year))
    for row in SEED_ROWS:
        numbers |= _numbers(row.source)
    return numbers


@pytest.mark.parametrize("regime", sorted(BASIS))
def test_every_text_a_regime_cites_is_in_the_library_under_that_regime(regime):
    for number in sorted(_cited_by_regime()[regime]):
        assert number in LIBRARY, f"{number} is cited by {regime} but not in the library"
        assert LIBRARY[number][REGIME] in (regime, ""), (
            f"{number} is cited by {regime} but filed under {LIBRARY[number][REGIME]!r}"
        )


def test_rating_decrees_and_parameter_sources_are_in_the_library():
    for number in sorted(_cited_elsewhere()):
        assert number in LIBRARY, f"{number} is cited but not in the library"


def test_every_replaced_text_names_its_successor_and_end():
    for key, _kind, number, *_rest in NATIONAL:
        row = KEYS[key]
        if row[SUCCESSOR] is not None:
            assert row[END] is not None, f"{number}: replaced without an end date"
            successor = KEYS[row[SUCCESSOR]]
            assert successor[START] is None or successor[START] > row[END], number


_BY_DECISION_DATE = {number for _s, number in (*VN2022_DECREES, *VN2022_CIRCULARS)} | {
    row.source.split(" ")[1] for row in SEED_ROWS if row.kind == "base_salary"
}


def _replaced():
    for key, _kind, number, *_rest in NATIONAL:
        row = KEYS[key]
        if row[SUCCESSOR] is None:
            continue
        day_after = row[END] + dt.timedelta(days=1)
        cited_by_date = any(number in text for text in _BY_DECISION_DATE)
        # By decision date: the year before the decision; by year: the year after the end.
        year = day_after.year - 1 if cited_by_date else row[END].year + 1
        yield pytest.param(number, year, day_after, id=f"{number}-after-{row[END]}")


@pytest.mark.parametrize(("number", "year", "decided_on"), list(_replaced()))
def test_a_replaced_text_is_never_cited_after_its_replacement(number, year, decided_on):
    result = run(
        _people(year),
        year=year,
        collectives=[collective()],
        decision_date=decided_on.isoformat(),
        settings={"cstdcs_cap_percent": 15, "max_absence_days": 10},
    )
    for where, item in _every_basis(result):
        assert number not in item["basis"], f"{where} cites replaced {number}: {item['basis']}"


@pytest.mark.django_db
def test_the_loaded_library_holds_every_cited_text_with_its_status():
    load_demo_regulations()
    cited = set().union(*_cited_by_regime().values()) | _cited_elsewhere()
    stored = {r.number: r for r in Regulation.objects.filter(number__in=cited)}
    assert set(stored) == cited
    for number, regulation in stored.items():
        expected = Status.REPLACED if LIBRARY[number][SUCCESSOR] else Status.IN_FORCE
        assert regulation.status == expected, number
        assert regulation.effective_to == LIBRARY[number][END], number
