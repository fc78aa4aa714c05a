"""A signed award decision for the demo office (VP-DT, loaded by ``manage.py seed_demo``):
Giấy khen of the Chief of Office for two people and one division for 2021, signed on
28/12/2021, so the decision pages, the certificates and the awards history have something to
show. Through the services with ``actor=None`` (audited as the system). Idempotent."""

import datetime as dt

from thidua.org.models import Person, Unit

from . import services
from .models import Decision

AGENCY_CODE = "VP-DT"
SUMMARY = "Về việc tặng Giấy khen cho cá nhân, tập thể có thành tích xuất sắc năm 2021"
PEOPLE = ("CB005", "CB016")
DIVISION = "CTQH"
SIGNED_ON = dt.date(2021, 12, 28)


def load_demo_decisions() -> Decision | None:
    agency = Unit.objects.filter(code=AGENCY_CODE).first()
    if agency is None:
        return None
    existing = Decision.objects.filter(agency=agency, summary=SUMMARY).first()
    if existing is not None:
        return existing
    entries = [
        {"person": person, "unit": None, "title_code": "GIAY_KHEN"}
        for person in Person.objects.filter(agency=agency, staff_code__in=PEOPLE).order_by(
            "staff_code"
        )
    ]
    division = Unit.objects.filter(code=DIVISION).first()
    if division is not None:
        entries.append(
            {
                "person": None,
                "unit": division,
                "title_code": "GIAY_KHEN",
                "achievement": "Đã có thành tích xuất sắc trong phục vụ các kỳ họp năm 2021",
            }
        )
    if not entries:
        return None
    decision = services.decision_draft(
        actor=None, agency=agency, year=2021, summary=SUMMARY, entries=entries
    )
    return services.decision_sign(actor=None, decision=decision, signed_on=SIGNED_ON)
