"""Recognised initiatives in the rules engine's input (records.dossier.initiatives_for), and the
CSTĐCS eligibility they change."""

import datetime as dt
from decimal import Decimal

import pytest

from thidua.initiatives import council, services
from thidua.initiatives.models import Recognition
from thidua.initiatives.selectors import engine_initiatives
from thidua.records import services as records
from thidua.records.dossier import evaluate_agency, initiatives_for

from .factories import TODAY, YEAR, recognised, submitted

NO_REGISTRATION = {"require_registration": False}


def cstdcs(result, staff_code):
    person = next(p for p in result["people"] if p["id"] == staff_code)
    return person["titles"]["CSTDCS"]


@pytest.fixture
def rated(people):
    """Đặng Quốc Bảo (P04) rated HTTNV: LĐTT, but CSTĐCS only with an initiative (vn2022)."""
    records.record_rating_set(actor=None, person=people["staff"], year=YEAR, rating="HTTNV")
    return people["staff"]


def test_a_recognised_initiative_makes_its_author_cstdcs(office, people, users, rated):
    before = evaluate_agency(agency=office["VP"], year=YEAR, settings=NO_REGISTRATION)
    assert not cstdcs(before, "P04")["eligible"]
    submitted(people)  # submitted but not recognised: changes nothing
    assert not cstdcs(
        evaluate_agency(agency=office["VP"], year=YEAR, settings=NO_REGISTRATION), "P04"
    )["eligible"]

    initiative, _decision = recognised(office, people, users)

    after = evaluate_agency(agency=office["VP"], year=YEAR, settings=NO_REGISTRATION)
    check = cstdcs(after, "P04")
    assert check["eligible"]
    reasons = " ".join(c["reason"] for c in check["checks"])
    assert initiative.code in reasons
    # Nobody else's eligibility moves.
    assert not cstdcs(after, "P09")["eligible"]


def test_the_mapping_reads_levels_as_of_the_evaluation_year(office, people, users):
    initiative, _decision = recognised(
        office,
        people,
        users,
        authors=[(people["staff"], Decimal(70)), (people["nd_staff"], Decimal(30))],
    )
    staff, nd = people["staff"].pk, people["nd_staff"].pk
    entry = {
        "id": initiative.code,
        "level": "co_so",
        "recognized_on": TODAY.isoformat(),
        "used_for": None,
    }
    assert initiatives_for([staff, nd], YEAR) == {staff: [entry], nd: [entry]}
    assert initiatives_for([staff], YEAR - 1) == {}  # not recognised yet in Y−1

    provincial = dt.date(YEAR + 1, 3, 10)
    Recognition.objects.create(
        initiative=initiative,
        level="tinh",
        decision_code="45/QĐ-UBND",
        decided_on=provincial,
        issuer_name="UBND tỉnh Đồng Tháp",
    )
    # As of Y the province had not yet recognised it; as of Y+1 it is provincial, dated then.
    assert engine_initiatives([staff], YEAR)[staff][0]["level"] == "co_so"
    later = engine_initiatives([staff], YEAR + 1)[staff][0]
    assert (later["level"], later["recognized_on"]) == ("tinh", provincial.isoformat())
    # Beyond the five-year window of the upward screenings it is left out.
    assert engine_initiatives([staff], YEAR + 6) == {}

    services.initiative_mark_used(
        actor=users["head"], initiative=initiative, title_code="CSTDCS", year=YEAR
    )
    assert engine_initiatives([staff], YEAR)[staff][0]["used_for"] == {
        "year": YEAR,
        "title": "CSTDCS",
    }


def test_not_recognised_and_withdrawn_initiatives_are_not_input(office, people, users):
    from .factories import closed

    initiative, _item = closed(office, people, users, points=(5, 5, 5, 5))
    services.initiative_transition(
        actor=users["head"], initiative=initiative, action="reject", reason="Chưa đạt"
    )
    assert initiatives_for([people["staff"].pk], YEAR) == {}
    assert council.DECISION_SERIES == "SK"
