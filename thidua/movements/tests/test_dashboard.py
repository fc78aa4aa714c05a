"""The target dashboard: registered, eligible (rules engine on current records) and achieved
(decisions) shares against each target, staying correct as records change."""

import datetime as dt

import pytest

from thidua.decisions.models import Award
from thidua.movements import selectors, services
from thidua.records import services as records

from .factories import YEAR, launched_movement

# People of the fixture office "VP" (conftest): 9 persons in divisions HC, QH, ND.


@pytest.fixture
def movement(office, people):
    return launched_movement(office["VP"])[0]


def _progress(movement):
    result = selectors.evaluate_movement(movement)
    return {p.target.title_code: p for p in selectors.target_progress(movement, result)}


def _rate_all(people, rating="HTTNV", skip=()):
    for key, person in people.items():
        if key in skip or key == "other_agency":
            continue
        records.record_rating_set(actor=None, person=person, year=YEAR, rating=rating)


def test_registered_share_counts_the_ladder(movement, users, people):
    services.registration_set(
        actor=users["staff"], movement=movement, person=people["staff"], title_code="CSTDCS"
    )
    services.registration_set(
        actor=users["secretariat"], movement=movement, person=people["nd_staff"], title_code="LDTT"
    )
    progress = _progress(movement)
    ldtt = progress["LDTT"].registered
    assert (ldtt.count, ldtt.base) == (2, 9)  # CSTĐCS registration covers LĐTT
    assert str(ldtt.percent) == "22.2"
    cstdcs = progress["CSTDCS"].registered
    assert (cstdcs.count, cstdcs.base) == (1, 2)  # of those registered for LĐTT or higher


def test_eligible_share_follows_the_records(movement, users, people):
    for person in people.values():
        if person.agency_id == movement.agency_id:
            services.registration_set(
                actor=None, movement=movement, person=person, title_code="LDTT"
            )
    assert _progress(movement)["LDTT"].eligible.count == 0  # nobody rated yet
    _rate_all(people)
    eligible = _progress(movement)["LDTT"].eligible
    assert (eligible.count, eligible.base) == (9, 9)
    assert _progress(movement)["LDTT"].on_track
    # A discipline makes one person KHTNV: the share drops at once.
    records.discipline_add(
        actor=None,
        person=people["staff"],
        form="khien_trach",
        decision_number="05/QĐ-VP",
        decided_on=dt.date(YEAR, 3, 1),
    )
    records.record_rating_set(
        actor=None,
        person=people["staff"],
        year=YEAR,
        rating="KHTNV",
        reason="Bị kỷ luật khiển trách",
    )
    eligible = _progress(movement)["LDTT"].eligible
    assert (eligible.count, eligible.base) == (8, 9)
    assert str(eligible.percent) == "88.9"
    assert not _progress(movement)["LDTT"].on_track  # 88.9 % < 95 %


def test_achieved_share_comes_from_decisions(movement, people, office):
    Award.objects.create(
        person=people["staff"],
        year=YEAR,
        title_code="LDTT",
        decision_code="10/QĐ-VP",
        decided_on=dt.date(YEAR, 12, 30),
        issuer_name="Chánh Văn phòng",
    )
    Award.objects.create(
        unit=office["QH"],
        year=YEAR,
        title_code="TTLDTT",
        decision_code="10/QĐ-VP",
        decided_on=dt.date(YEAR, 12, 30),
        issuer_name="Chánh Văn phòng",
    )
    Award.objects.create(
        person=people["nd_staff"],
        year=YEAR - 1,
        title_code="LDTT",
        decision_code="3/QĐ-VP",
        decided_on=dt.date(YEAR - 1, 12, 30),
        issuer_name="Chánh Văn phòng",
    )  # another year: not counted
    progress = _progress(movement)
    assert (progress["LDTT"].achieved.count, progress["LDTT"].achieved.base) == (1, 9)
    assert (progress["TTLDTT"].achieved.count, progress["TTLDTT"].achieved.base) == (1, 3)
    assert not progress["TTLDTT"].met


def test_drill_down_by_division(movement, users, people, client_for):
    for person in people.values():
        if person.agency_id == movement.agency_id:
            services.registration_set(
                actor=None, movement=movement, person=person, title_code="LDTT"
            )
    _rate_all(people)
    progress = _progress(movement)["LDTT"]
    rows = {row["division"]: (row["eligible"].count, row["eligible"].base) for row in progress.rows}
    assert rows == {
        "Phòng Công tác HĐND": (3, 3),
        "Phòng Công tác Quốc hội": (2, 2),
        "Phòng Hành chính, Tổ chức, Quản trị": (4, 4),
    }
    target = movement.targets.get(title_code="LDTT")
    page = (
        client_for("division_head")
        .get(f"/phong-trao/{movement.pk}/chi-tieu/{target.pk}/")
        .content.decode()
    )
    assert "Phòng Công tác Quốc hội" in page
    assert "Phòng Công tác HĐND" not in page  # a division head sees their own division only
    page = client_for("head").get(f"/phong-trao/{movement.pk}/chi-tieu/{target.pk}/")
    assert "Phòng Công tác HĐND" in page.content.decode()


@pytest.mark.parametrize(
    ("persona", "shown"),
    [
        ("head", True),
        ("secretariat", True),
        ("division_head", True),
        ("staff", False),
        ("council_member", False),
    ],
)
def test_dashboard_on_the_home_page(movement, client_for, persona, shown):
    page = client_for(persona).get("/").content.decode()
    assert ("Tiến độ chỉ tiêu" in page) is shown
    if shown:
        assert "Lao động tiên tiến" in page and "<svg" in page


def test_phase_target_counts_decisions_within_the_phase(movement, people, users):
    phase1 = movement.phases.get(name="Giai đoạn 1")
    target = movement.targets.get(title_code="LDTT")
    target.phase = phase1
    target.save()
    for code, day in (("staff", dt.date(YEAR, 6, 30)), ("nd_staff", dt.date(YEAR, 7, 1))):
        Award.objects.create(
            person=people[code],
            year=YEAR,
            title_code="LDTT",
            decision_code="1/QĐ-VP",
            decided_on=day,
            issuer_name="Chánh Văn phòng",
        )
    achieved = _progress(movement)["LDTT"].achieved
    assert (achieved.count, achieved.base) == (1, 9)  # 30/06 is in phase 1, 01/07 is not
