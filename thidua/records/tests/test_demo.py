"""The demo office's records (seed_demo → load_demo_records): a realistic year, consistent,
audited, and idempotent."""

import datetime as dt

import pytest

from thidua.core.models import AuditEvent
from thidua.decisions.models import Award
from thidua.org.models import Unit
from thidua.records import selectors
from thidua.records.demo import load_demo_records
from thidua.records.dossier import evaluate_agency
from thidua.records.models import (
    CollectiveRecord,
    Discipline,
    Leave,
    PersonRating,
    ResearchTopic,
    Training,
)


@pytest.fixture
def demo(module_demo, db):
    return Unit.objects.get(code="VP-DT")


def counts():
    models = (PersonRating, CollectiveRecord, Discipline, Leave, Training, ResearchTopic, Award)
    return {m.__name__: m.objects.count() for m in models}


def test_loading_again_changes_nothing(demo):
    before, events = counts(), AuditEvent.objects.count()
    load_demo_records()
    assert counts() == before
    assert AuditEvent.objects.count() == events


def test_every_record_is_audited(demo):
    audited = AuditEvent.objects.filter(action__startswith="record.").count()
    rows = sum(
        m.objects.count()
        for m in (PersonRating, CollectiveRecord, Discipline, Leave, Training, ResearchTopic)
    )
    assert audited == rows
    # Paper-era awards are recorded one by one; awards of signed decisions by the signing.
    paper_era = Award.objects.filter(decision__isnull=True)
    assert AuditEvent.objects.filter(action="award.record").count() == paper_era.count()


def test_the_demo_year_is_realistic_and_consistent(demo):
    current_2021 = PersonRating.objects.filter(year=2021, superseded_at__isnull=True)
    ratings = list(current_2021.values_list("rating", flat=True))
    assert len(ratings) == 40
    assert ratings.count("KHTNV") == 1
    assert 1 < ratings.count("HTNV") <= 4
    assert ratings.count("HTTNV") + ratings.count("HTXSNV") >= 35
    assert set(PersonRating.objects.values_list("year", flat=True)) == set(range(2016, 2022))
    disciplined = Discipline.objects.get(decided_on__year=2021)
    assert disciplined.form == "khien_trach"
    assert current_2021.get(person=disciplined.person).rating == "KHTNV"
    assert 2 <= Discipline.objects.count() <= 3
    assert Leave.objects.filter(kind="maternity", person__gender="female").count() == 1
    long = Training.objects.get(result="kha")
    assert (long.end - long.start).days >= 365
    assert set(CollectiveRecord.objects.filter(year=2021).values_list("unit__code", flat=True)) == {
        "CTQH",
        "CTHDND",
        "TTDN",
        "HCTCQT",
    }
    paper_era = Award.objects.filter(decision__isnull=True)
    assert set(paper_era.values_list("year", flat=True)) == {2019, 2020}
    assert selectors.inconsistencies(agency=demo, year=2021) == []


def test_chain_candidates_reach_the_cstd_tinh_chain(demo):
    result = evaluate_agency(agency=demo, year=2021, decision_date=dt.date(2022, 1, 15))
    people = {p["id"]: p for p in result["people"]}
    for code in ("CB005", "CB016"):
        checks = {c["rule"]: c["passed"] for c in people[code]["upward"]["CSTD_TINH"]["checks"]}
        assert checks["cstdcs_3_years"], code
        assert people[code]["titles"]["CSTDCS"]["eligible"], code
    assert not people["CB033"]["titles"]["LDTT"]["eligible"]  # khiển trách in 2021
    assert all(not p["flags"] for p in result["people"])
    quota = result["quotas"]["CSTDCS"]
    assert quota["over_by"] == 0
