"""The one mapping from the database to the rules engine's input (build_dossier), what the
engine makes of it, the inconsistency flags, and the number of queries it takes."""

import copy
import datetime as dt

import pytest
from django.utils import timezone

from thidua.decisions.models import Award
from thidua.org import services as org_services
from thidua.org.models import Membership
from thidua.records import selectors, services
from thidua.records.dossier import build_dossier, evaluate_agency
from thidua.records.models import PersonRating

from .factories import person, registration, regular_movement

YEAR = 2021


def award(person, year, title, revoked=False):
    return Award.objects.create(
        person=person,
        year=year,
        title_code=title,
        decision_code=f"0{year % 10}/QĐ-VP",
        decided_on=dt.date(year + 1, 1, 12),
        issuer_name="Chánh Văn phòng",
        revoked_at=timezone.now() if revoked else None,
        revoked_reason="Nhầm người" if revoked else "",
    )


@pytest.fixture
def small_office(office):
    """Seven people around the agency VP for 2021 (HC has nobody, so it is no collective)."""
    qh, nd, vp = office["QH"], office["ND"], office["VP"]
    an = person("A01", "Nguyễn Thị An", qh)
    binh = person("A02", "Trần Văn Bình", qh, recruited_on=dt.date(2021, 3, 1))
    cuong = person("A03", "Lê Văn Cường", qh)
    dung = person("A04", "Phạm Thị Dung", vp, position="Chánh Văn phòng")
    em = person("A05", "Võ Văn Em", qh)
    later = person("A06", "Đỗ Văn Giang", qh, recruited_on=dt.date(2022, 2, 1))
    outsider = person("X09", "Ngô Văn Hải", office["SNV-TCBC"])

    # An: excellent, registered CSTĐCS, an applied topic of the year; history with awards.
    services.record_rating_set(actor=None, person=an, year=YEAR, rating="HTTNV")
    services.record_rating_set(
        actor=None, person=an, year=YEAR, rating="HTXSNV", reason="Theo kết luận Hội đồng"
    )
    services.record_rating_set(actor=None, person=an, year=2020, rating="HTXSNV")
    services.record_rating_set(actor=None, person=an, year=2019, rating="HTTNV")
    services.record_rating_set(actor=None, person=an, year=2014, rating="HTTNV")
    award(an, 2020, "LDTT")
    award(an, 2020, "CSTDCS")
    award(an, 2018, "LDTT", revoked=True)
    award(an, 2017, "GIAY_KHEN")
    award(an, 2014, "LDTT")  # before Y−6: left out
    topic = services.research_topic_add(
        actor=None, person=an, title="Số hoá", accepted_on=dt.date(YEAR, 10, 1), applied=True
    )
    services.research_topic_add(
        actor=None, person=an, title="Cũ", accepted_on=dt.date(2020, 10, 1), applied=True
    )

    # Bình: recruited 1 March, disciplined (rated HTTNV anyway: flagged), maternity leave.
    services.record_rating_set(actor=None, person=binh, year=YEAR, rating="HTTNV")
    services.discipline_add(
        actor=None,
        person=binh,
        form="khien_trach",
        decision_number="12/QĐ-VP",
        decided_on=dt.date(YEAR, 9, 1),
    )
    withdrawn = services.discipline_add(
        actor=None,
        person=binh,
        form="canh_cao",
        decision_number="13/QĐ-VP",
        decided_on=dt.date(YEAR, 9, 2),
    )
    services.discipline_withdraw(actor=None, discipline=withdrawn, reason="Nhập trùng")
    services.leave_add(
        actor=None,
        person=binh,
        year=YEAR,
        kind="maternity",
        start=dt.date(YEAR, 4, 1),
        end=dt.date(YEAR, 9, 30),
    )
    services.leave_add(  # entered in the 2021 record but dated 2020: flagged, not in 2021
        actor=None,
        person=binh,
        year=YEAR,
        kind="sick",
        start=dt.date(2020, 12, 1),
        end=dt.date(2020, 12, 3),
    )

    # Cường: transferred QH → ND on 1 July; long training with a khá result.
    org_services.person_transfer(actor=None, person=cuong, to_unit=nd, on_date=dt.date(YEAR, 7, 1))
    services.record_rating_set(actor=None, person=cuong, year=YEAR, rating="HTTNV")
    services.training_add(
        actor=None,
        person=cuong,
        name="Cao cấp lý luận chính trị",
        start=dt.date(2020, 9, 1),
        end=dt.date(YEAR, 10, 31),
        result="kha",
    )
    services.training_add(  # over before the year: left out
        actor=None, person=cuong, start=dt.date(2019, 1, 1), end=dt.date(2019, 2, 1)
    )

    # Em: left the office on 31 May (no later membership): counted in QH.
    Membership.objects.filter(person=em).update(end_date=dt.date(YEAR, 5, 31))
    services.record_rating_set(actor=None, person=em, year=YEAR, rating="HTNV")

    # Later recruit and the other agency's people are not in the 2021 dossier.
    services.record_rating_set(actor=None, person=later, year=2022, rating="HTTNV")
    services.record_rating_set(actor=None, person=outsider, year=YEAR, rating="HTTNV")

    services.collective_record_set(
        actor=None, unit=qh, year=YEAR, rating="HTXSNV", emulation_effective=True, solidarity=True
    )
    services.collective_record_set(
        actor=None, unit=qh, year=2020, rating="HTNV", emulation_effective=False, solidarity=False
    )

    movement = regular_movement(office["VP"], YEAR)
    registration(movement, "LDTT", person=an, superseded=True)
    registration(movement, "CSTDCS", person=an)
    registration(movement, "LDTT", person=binh)
    registration(movement, "LDTT", person=cuong)
    registration(movement, "TTLDXS", unit=qh)
    registration(regular_movement(office["VP"], 2020), "LDTT", person=dung)
    return {"an": an, "binh": binh, "cuong": cuong, "dung": dung, "em": em, "topic": topic}


EXPECTED_2021 = {
    "year": 2021,
    "collectives": [
        {"id": "ND", "name": "Phòng Công tác HĐND"},
        {
            "id": "QH",
            "name": "Phòng Công tác Quốc hội",
            "rating": "HTXSNV",
            "emulation_effective": True,
            "solidarity": True,
            "registered": "TTLDXS",
        },
    ],
    "people": [
        {
            "id": "A01",
            "name": "Nguyễn Thị An",
            "collective": "QH",
            "recruited_on": "2010-01-01",
            "rating": "HTXSNV",
            "registered": "CSTDCS",
            "disciplines": [],
            "leaves": [],
            "trainings": [],
            "initiatives": [],
            "research_topics": [{"id": "DT-?", "accepted_on": "2021-10-01", "applied": True}],
            "history": [
                {"year": 2020, "rating": "HTXSNV", "titles": ["CSTDCS", "LDTT"]},
                {"year": 2019, "rating": "HTTNV", "titles": []},
                {"year": 2017, "rating": None, "titles": ["GIAY_KHEN"]},
            ],
        },
        {
            "id": "A02",
            "name": "Trần Văn Bình",
            "collective": "QH",
            "recruited_on": "2021-03-01",
            "rating": "HTTNV",
            "registered": "LDTT",
            "disciplines": [{"form": "khien_trach", "decided_on": "2021-09-01"}],
            "leaves": [{"kind": "maternity", "start": "2021-04-01", "end": "2021-09-30"}],
            "trainings": [],
            "initiatives": [],
            "research_topics": [],
            "history": [],
        },
        {
            "id": "A03",
            "name": "Lê Văn Cường",
            "collective": "ND",
            "recruited_on": "2010-01-01",
            "rating": "HTTNV",
            "registered": "LDTT",
            "disciplines": [],
            "leaves": [],
            "trainings": [{"start": "2020-09-01", "end": "2021-10-31", "result": "kha"}],
            "initiatives": [],
            "research_topics": [],
            "history": [],
        },
        {
            "id": "A04",
            "name": "Phạm Thị Dung",
            "recruited_on": "2010-01-01",
            "disciplines": [],
            "leaves": [],
            "trainings": [],
            "initiatives": [],
            "research_topics": [],
            "history": [],
        },
        {
            "id": "A05",
            "name": "Võ Văn Em",
            "collective": "QH",
            "recruited_on": "2010-01-01",
            "rating": "HTNV",
            "disciplines": [],
            "leaves": [],
            "trainings": [],
            "initiatives": [],
            "research_topics": [],
            "history": [],
        },
    ],
}


def expected_2021(small_office) -> dict:
    """EXPECTED_2021 with the research topic's id, which depends on its primary key."""
    expected = copy.deepcopy(EXPECTED_2021)
    expected["people"][0]["research_topics"][0]["id"] = f"DT-{small_office['topic'].pk}"
    return expected


def test_build_dossier_maps_the_office_exactly(office, small_office):
    assert build_dossier(agency=office["VP"], year=YEAR) == expected_2021(small_office)


def test_decision_date_and_settings_are_passed_through(office, small_office):
    dossier = build_dossier(
        agency=office["VP"],
        year=YEAR,
        decision_date=dt.date(2022, 1, 15),
        settings={"require_registration": False},
    )
    assert list(dossier) == ["year", "decision_date", "settings", "collectives", "people"]
    assert dossier["decision_date"] == "2022-01-15"
    assert dossier["settings"] == {"require_registration": False}


def test_one_division_gives_its_people_and_its_collective(office, small_office):
    dossier = build_dossier(agency=office["VP"], year=YEAR, unit=office["QH"])
    assert [c["id"] for c in dossier["collectives"]] == ["QH"]
    assert [p["id"] for p in dossier["people"]] == ["A01", "A02", "A05"]
    assert dossier["people"] == [
        p for p in expected_2021(small_office)["people"] if p["id"] in ("A01", "A02", "A05")
    ]


@pytest.mark.parametrize(
    ("year", "expected"),
    [
        pytest.param(2020, "QH", id="before-the-transfer-year"),
        pytest.param(2021, "ND", id="transfer-year-counts-31-december"),
        pytest.param(2022, "ND", id="after"),
    ],
)
def test_transfer_puts_the_person_in_the_division_of_31_december(
    office, small_office, year, expected
):
    dossier = build_dossier(agency=office["VP"], year=year)
    by_id = {p["id"]: p for p in dossier["people"]}
    assert by_id["A03"]["collective"] == expected


def test_transfer_after_the_year_does_not_move_the_year(office):
    moved = person("B01", "Bùi Văn Bảo", office["QH"])
    org_services.person_transfer(
        actor=None, person=moved, to_unit=office["ND"], on_date=dt.date(YEAR + 1, 1, 1)
    )
    dossier = build_dossier(agency=office["VP"], year=YEAR)
    assert dossier["people"][0]["collective"] == "QH"
    assert [c["id"] for c in dossier["collectives"]] == ["QH"]


def test_people_who_left_count_in_their_last_division_of_the_year(office, small_office):
    people_2022 = [p["id"] for p in build_dossier(agency=office["VP"], year=2022)["people"]]
    assert "A05" not in people_2022
    assert "A06" in people_2022


def test_withdrawn_and_superseded_facts_are_left_out(office, small_office):
    binh = small_office["binh"]
    discipline = binh.disciplines.get(withdrawn_at__isnull=True)
    services.discipline_withdraw(actor=None, discipline=discipline, reason="Quyết định bị huỷ")
    services.record_rating_set(
        actor=None, person=binh, year=YEAR, rating="HTXSNV", reason="Phúc khảo"
    )
    entry = build_dossier(agency=office["VP"], year=YEAR)["people"][1]
    assert entry["disciplines"] == []
    assert entry["rating"] == "HTXSNV"
    assert PersonRating.objects.filter(person=binh, year=YEAR).count() == 2


def test_the_engine_reads_the_dossier(office, small_office):
    result = evaluate_agency(agency=office["VP"], year=YEAR, decision_date=dt.date(2022, 1, 15))
    people = {p["id"]: p for p in result["people"]}

    def eligible(code, title):
        return people[code]["titles"][title]["eligible"]

    def failed(code, title):
        return [c["rule"] for c in people[code]["titles"][title]["checks"] if not c["passed"]]

    assert eligible("A01", "LDTT") and eligible("A01", "CSTDCS")
    assert people["A01"]["reward_vnd"] == {"LDTT": 450000, "CSTDCS": 1490000}
    assert failed("A02", "LDTT") == ["rating", "discipline"]
    assert people["A02"]["flags"]  # disciplined yet rated HTTNV
    assert eligible("A03", "LDTT")  # the long training has a khá result
    assert failed("A04", "LDTT") == ["registration", "rating"]
    assert failed("A05", "LDTT") == ["registration", "rating"]
    collectives = {c["id"]: c for c in result["collectives"]}
    assert collectives["QH"]["member_count"] == 3
    assert collectives["ND"]["member_count"] == 1
    # 1 of 3 QH members reaches LĐTT: not more than 50 %.
    assert not collectives["QH"]["titles"]["TTLDTT"]["eligible"]


def test_inconsistent_facts_are_flagged(office, small_office):
    flags = selectors.inconsistencies(agency=office["VP"], year=YEAR)
    assert [(f.person.staff_code, f.code) for f in flags] == [
        ("A02", "discipline_rating"),
        ("A02", "leave_outside_year"),
    ]
    assert flags[0].message == (
        "Bị kỷ luật khiển trách (quyết định 12/QĐ-VP ngày 01/09/2021) trong năm 2021 nhưng "
        "xếp loại ghi HTTNV: người bị kỷ luật trong năm phải xếp loại KHTNV."
    )
    assert flags[1].message == (
        "Thời gian nghỉ 01/12/2020–03/12/2020 ghi trong hồ sơ năm 2021 nhưng nằm ngoài năm 2021."
    )
    services.record_rating_set(
        actor=None, person=small_office["binh"], year=YEAR, rating="KHTNV", reason="Bị kỷ luật"
    )
    flags = selectors.inconsistencies(agency=office["VP"], year=YEAR)
    assert [f.code for f in flags] == ["leave_outside_year"]


def _big_office(office, count):
    divisions = [office["HC"], office["QH"], office["ND"]]
    people = [
        person(f"S{i:03d}", f"Cán bộ {i}", divisions[i % 3], recruited_on=dt.date(2012, 1, 1))
        for i in range(count)
    ]
    ratings = [
        PersonRating(person=p, year=y, rating="HTTNV") for p in people for y in range(2015, 2022)
    ]
    PersonRating.objects.bulk_create(ratings)
    for p in people:
        award(p, 2020, "LDTT")
    movement = regular_movement(office["VP"], YEAR)
    for p in people[::2]:
        registration(movement, "LDTT", person=p)
    for p in people[::10]:
        services.leave_add(
            actor=None,
            person=p,
            year=YEAR,
            kind="sick",
            start=dt.date(YEAR, 2, 1),
            end=dt.date(YEAR, 2, 3),
        )
        services.training_add(
            actor=None, person=p, start=dt.date(YEAR, 3, 1), end=dt.date(YEAR, 4, 1)
        )
        services.discipline_add(
            actor=None,
            person=p,
            form="khien_trach",
            decision_number=f"{p.pk}/QĐ",
            decided_on=dt.date(YEAR, 6, 1),
        )
    return people


QUERY_BUDGET = 12


def test_query_count_does_not_grow_with_the_office(
    office, django_assert_max_num_queries, django_assert_num_queries
):
    _big_office(office, 20)
    with django_assert_max_num_queries(QUERY_BUDGET) as small:
        build_dossier(agency=office["VP"], year=YEAR)
    more = [
        person(f"T{i:03d}", f"Cán bộ T{i}", office["QH"], recruited_on=dt.date(2012, 1, 1))
        for i in range(180)
    ]
    PersonRating.objects.bulk_create(
        PersonRating(person=p, year=YEAR, rating="HTTNV") for p in more
    )
    with django_assert_num_queries(len(small.captured_queries)):
        dossier = build_dossier(agency=office["VP"], year=YEAR)
    assert len(dossier["people"]) == 200


def test_two_hundred_people_in_few_queries(office, django_assert_max_num_queries):
    _big_office(office, 200)
    with django_assert_max_num_queries(QUERY_BUDGET) as captured:
        dossier = build_dossier(agency=office["VP"], year=YEAR)
    print(f"build_dossier: {len(captured.captured_queries)} queries for 200 people")
    assert len(dossier["people"]) == 200
    assert dossier["people"][0]["history"][0] == {
        "year": 2020,
        "rating": "HTTNV",
        "titles": ["LDTT"],
    }
    with django_assert_max_num_queries(4):
        selectors.inconsistencies(agency=office["VP"], year=YEAR)
