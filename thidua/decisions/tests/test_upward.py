"""The awards a signed decision records are the history the upward screening reads: CSTĐ tỉnh
needs CSTĐCS in each of the 3 years ending the evaluation year."""

import datetime as dt

import pytest

from thidua.decisions import services
from thidua.records.dossier import evaluate_agency
from thidua.records.services import past_award_record, record_rating_set

from .factories import draft

pytestmark = pytest.mark.django_db


def _chain(office, code="P04"):
    result = evaluate_agency(agency=office["VP"], year=2025)
    person = next(p for p in result["people"] if p["id"] == code)
    checks = person["upward"]["CSTD_TINH"]["checks"]
    return next(c for c in checks if c["rule"] == "cstdcs_3_years")


def test_signed_decision_changes_the_cstd_tinh_screening(office, people, users):
    staff = people["staff"]
    for year in (2023, 2024, 2025):
        record_rating_set(actor=None, person=staff, year=year, rating="HTXSNV")
    past_award_record(
        actor=users["secretariat"],
        person=staff,
        year=2023,
        title_code="CSTDCS",
        decision_code="05/QĐ-VP",
        decided_on=dt.date(2024, 1, 10),
        issuer_name="Chánh Văn phòng",
    )
    before = _chain(office)
    assert before["passed"] is False
    assert "chuỗi bị đứt ở năm 2024" in before["reason"]
    assert "2024: không có CSTĐCS" in before["reason"]
    assert "2023: có CSTĐCS" in before["reason"]

    decision = draft(
        office,
        people,
        users,
        year=2024,
        entries=[{"person": staff, "unit": None, "title_code": "CSTDCS"}],
    )
    assert "2024: không có CSTĐCS" in _chain(office)["reason"]  # a draft decides nothing
    decision = services.decision_sign(
        actor=users["head"], decision=decision, signed_on=dt.date(2025, 1, 15)
    )
    after = _chain(office)
    assert "2024: có CSTĐCS" in after["reason"]
    assert after["passed"] is True

    services.decision_cancel(actor=users["head"], decision=decision, reason="Nhầm năm")
    revoked = _chain(office)
    assert revoked["passed"] is False and "2024: không có CSTĐCS" in revoked["reason"]
