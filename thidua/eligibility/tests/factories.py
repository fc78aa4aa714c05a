"""A small office with known 2021 records (vn2013: CSTĐCS needs an initiative or an applied
research topic, quota 15 % rounded down), built through the records and movements services.

Expected verdicts (LĐTT / CSTĐCS, registration):
- P04 Đặng Quốc Bảo (QH): HTXSNV, applied topic, registered CSTĐCS → ✓ / ✓
- P03 Võ Thanh Tùng (QH): HTTNV, applied topic, registered LĐTT → ✓ / ✗ only for registration
- P02 Phạm Thị Ngọc Lan (HC): HTXSNV, applied topic, not registered → ✗ / ✗ only for
  registration (LĐTT's own registration check fails; CSTĐCS counts LĐTT's criteria)
- P07 Lê Thị Ánh Nguyệt (ND): HTTNV, registered CSTĐCS, no topic → ✓ / ✗ (registered, not
  eligible)
- P05 Trần Thị Thu Hà (ND): HTTNV but disciplined (khiển trách) in 2021, registered LĐTT →
  ✗ / ✗, flagged (registered, not eligible)
- P08 Huỳnh Thị Kim Oanh (ND): HTTNV, registered LĐTT → ✓ / ✗
- P01 Nguyễn Văn Hùng (HC): HTTNV, registered LĐTT → ✓ / ✗
- P06, P09 (HC): no rating, not registered → ✗ / ✗
- QH: HTXSNV, findings yes, registered TTLĐXS: 3/3 members... (see the tests)

LĐTT reached by P01, P03, P04, P07, P08 = 5; cap 15 % of 5 = 0.75 → 0; CSTĐCS eligible 1;
over by 1.
"""

import datetime as dt

from thidua.movements.models import Registration
from thidua.movements.tests.factories import launched_movement
from thidua.records import services

YEAR = 2021


def register(movement, title_code, *, person=None, unit=None):
    # Written directly: the registration deadline rules are the movements app's, not ours.
    return Registration.objects.create(
        movement=movement, person=person, unit=unit, title_code=title_code
    )


def topic(person, year=YEAR):
    return services.research_topic_add(
        actor=None,
        person=person,
        title=f"Đề tài của {person.full_name}",
        accepted_on=dt.date(year, 10, 1),
        applied=True,
    )


def known_office(office, people, year=YEAR):
    ratings = {
        "staff": "HTXSNV",
        "division_head": "HTTNV",
        "secretariat": "HTXSNV",
        "nd_staff": "HTTNV",
        "council_member": "HTTNV",
        "union_rep": "HTTNV",
        "head": "HTTNV",
    }
    for key, rating in ratings.items():
        services.record_rating_set(actor=None, person=people[key], year=year, rating=rating)
    for key in ("staff", "division_head", "secretariat"):
        topic(people[key], year)
    services.discipline_add(
        actor=None,
        person=people["council_member"],
        form="khien_trach",
        decision_number="05/QĐ-VP",
        decided_on=dt.date(year, 6, 1),
    )
    for unit, rating in (("QH", "HTXSNV"), ("ND", "HTTNV"), ("HC", "HTTNV")):
        services.collective_record_set(
            actor=None,
            unit=office[unit],
            year=year,
            rating=rating,
            emulation_effective=True,
            solidarity=True,
        )
    movement, _covenant = launched_movement(office["VP"], year)
    register(movement, "CSTDCS", person=people["staff"])
    register(movement, "LDTT", person=people["division_head"])
    register(movement, "CSTDCS", person=people["nd_staff"])
    register(movement, "LDTT", person=people["council_member"])
    register(movement, "LDTT", person=people["union_rep"])
    register(movement, "LDTT", person=people["head"])
    register(movement, "TTLDXS", unit=office["QH"])
    register(movement, "TTLDTT", unit=office["ND"])
    return movement
