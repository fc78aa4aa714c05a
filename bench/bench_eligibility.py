"""Benchmark of the office-wide eligibility table: 2,000 people in 40 divisions on SQLite.

Run from the repository root: ``python bench/bench_eligibility.py [--people N] [--divisions D]
[--year Y] [--renders R]``. Builds a synthetic agency in a temporary SQLite database (migrated
from scratch, rows written with bulk_create and a fixed random seed): a year of records
(ratings, registrations, recruits of the year, disciplines, leaves, trainings, research
topics, collective findings) and 5 years of history (ratings and awards). Then renders
``/xet-danh-hieu/?year=Y`` as the secretariat with django.test.Client and prints the median of
the renders, the database queries per render and the page size. Goal (issue 5): under 1 s.
"""

import argparse
import os
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20250101
RATINGS = (("HTXSNV", 20), ("HTTNV", 62), ("HTNV", 13), ("KHTNV", 5))
REGISTRATIONS = (("LDTT", 55), ("CSTDCS", 30), ("CSTD_TINH", 5), (None, 10))


def _pick(rng, table):
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def _day(rng, year):
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def setup_django(db_path: Path) -> None:
    os.environ["DATABASE_URL"] = f"sqlite:///{db_path.as_posix()}"
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    import django

    django.setup()
    from django.core.management import call_command
    from django.test.utils import setup_test_environment

    setup_test_environment()  # as the test runner: "testserver" allowed, mail kept in memory
    call_command("migrate", verbosity=0, interactive=False)


def build_agency(people: int, divisions: int, year: int):
    """The synthetic agency; returns the secretariat's user."""
    from django.utils import timezone

    from thidua.accounts import services as account_services
    from thidua.accounts.models import Role
    from thidua.core.text import fold
    from thidua.decisions.models import Award
    from thidua.movements.models import Registration
    from thidua.movements.tests.factories import draft_movement
    from thidua.org import services as org_services
    from thidua.org.models import Membership, Person, UnitKind
    from thidua.records.models import (
        CollectiveRecord,
        Discipline,
        Leave,
        PersonRating,
        ResearchTopic,
        Training,
    )

    rng = random.Random(SEED)
    province = org_services.unit_create(
        actor=None, code="DT", name="Tỉnh Đồng Tháp", kind=UnitKind.PROVINCE, parent=None
    )
    agency = org_services.unit_create(
        actor=None, code="VP", name="Văn phòng", kind=UnitKind.AGENCY, parent=province
    )
    units = [
        org_services.unit_create(
            actor=None,
            code=f"P{index:02d}",
            name=f"Phòng {index}",
            kind=UnitKind.DIVISION,
            parent=agency,
            order=index,
        )
        for index in range(divisions)
    ]
    family = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi")
    given = ("An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Ngọc", "Thảo", "Tùng", "Ánh")
    rows = []
    for index in range(people):
        name = f"{rng.choice(family)} Văn {rng.choice(given)} {index}"
        recruited = (
            _day(rng, year) if rng.random() < 0.06 else _day(rng, rng.randint(1995, year - 1))
        )
        rows.append(
            Person(
                staff_code=f"CB{index:05d}",
                full_name=name,
                search_name=fold(name),
                recruited_on=recruited,
                agency=agency,
            )
        )
    persons = Person.objects.bulk_create(rows, batch_size=500)
    Membership.objects.bulk_create(
        [
            Membership(
                person=p,
                unit=units[i % divisions],
                position="Chuyên viên",
                start_date=p.recruited_on,
            )
            for i, p in enumerate(persons)
        ],
        batch_size=500,
    )
    ratings, awards, disciplines, leaves, trainings, topics = [], [], [], [], [], []
    for person in persons:
        ratings.append(PersonRating(person=person, year=year, rating=_pick(rng, RATINGS)))
        for past in range(year - 5, year):
            if person.recruited_on.year > past:
                continue
            ratings.append(PersonRating(person=person, year=past, rating=_pick(rng, RATINGS)))
            titles = []
            if rng.random() < 0.8:
                titles.append("LDTT")
                if rng.random() < 0.25:
                    titles.append("CSTDCS")
            if rng.random() < 0.04:
                titles.append("BK_TINH")
            awards.extend(
                Award(
                    person=person,
                    year=past,
                    title_code=code,
                    decision_code=f"{past % 100}/QĐ-VP",
                    decided_on=date(past + 1, 1, 15),
                    issuer_name="Chánh Văn phòng",
                )
                for code in titles
            )
        if rng.random() < 0.03:
            disciplines.append(
                Discipline(
                    person=person,
                    form=rng.choice(("khien_trach", "canh_cao")),
                    decision_number="01/QĐ-VP",
                    decided_on=_day(rng, year),
                )
            )
        if rng.random() < 0.15:
            start = _day(rng, year)
            leaves.append(
                Leave(
                    person=person,
                    year=year,
                    kind=rng.choice(("maternity", "sick", "personal", "other")),
                    start=start,
                    end=start + timedelta(days=rng.randint(1, 120)),
                )
            )
        if rng.random() < 0.05:
            start = _day(rng, year - 1)
            trainings.append(
                Training(
                    person=person,
                    name="Lý luận chính trị",
                    start=start,
                    end=start + timedelta(days=rng.choice((90, 400))),
                    result=rng.choice(("gioi", "kha", "trung_binh", "")),
                )
            )
        if rng.random() < 0.2:
            topics.append(
                ResearchTopic(
                    person=person,
                    title="Đề tài",
                    accepted_on=_day(rng, year),
                    applied=rng.random() < 0.8,
                )
            )
    for model, objects in (
        (PersonRating, ratings),
        (Award, awards),
        (Discipline, disciplines),
        (Leave, leaves),
        (Training, trainings),
        (ResearchTopic, topics),
    ):
        model.objects.bulk_create(objects, batch_size=1000)
    CollectiveRecord.objects.bulk_create(
        CollectiveRecord(
            unit=unit,
            year=year,
            rating=_pick(rng, RATINGS[:3]),
            emulation_effective=rng.random() < 0.95,
            solidarity=True,
        )
        for unit in units
    )
    movement = draft_movement(agency, year)
    registrations = [
        Registration(movement=movement, person=p, title_code=code)
        for p in persons
        if (code := _pick(rng, REGISTRATIONS))
    ]
    registrations += [
        Registration(movement=movement, unit=u, title_code=rng.choice(("TTLDTT", "TTLDXS")))
        for u in units
    ]
    Registration.objects.bulk_create(registrations, batch_size=1000)

    user, _ = account_services.user_create(
        actor=None,
        username="secretariat",
        full_name="Thư ký",
        password="Mat-khau-bench-2026",
        must_change_password=False,
    )
    account_services.role_grant(
        actor=None,
        user=user,
        role=Role.SECRETARIAT,
        unit=agency,
        valid_from=timezone.localdate() - timedelta(days=1),
    )
    return user, agency


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=2000)
    parser.add_argument("--divisions", type=int, default=40)
    parser.add_argument("--year", type=int, default=date.today().year - 1)
    parser.add_argument("--renders", type=int, default=5)
    args = parser.parse_args(argv)

    with tempfile.TemporaryDirectory(prefix="thidua-bench-") as folder:
        started = time.perf_counter()
        setup_django(Path(folder) / "bench.sqlite3")
        user, agency = build_agency(args.people, args.divisions, args.year)
        built = time.perf_counter() - started

        from django.db import connection
        from django.test import Client
        from django.test.utils import CaptureQueriesContext

        from thidua.records.dossier import evaluate_agency

        client = Client()
        client.force_login(user)
        from conftest import otp_verify_client  # the second factor, as the login page leaves it

        otp_verify_client(client, user)
        url = f"/xet-danh-hieu/?year={args.year}"
        response = client.get(url)  # warm-up: templates compiled, caches filled
        assert response.status_code == 200, response.status_code
        times = []
        for _ in range(args.renders):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append(time.perf_counter() - started)
        size = len(response.content)
        rows = response.content.count(b"<tr><td><code>")
        started = time.perf_counter()
        result = evaluate_agency(agency=agency, year=args.year)
        evaluated = time.perf_counter() - started

    median = statistics.median(times)
    report = [
        ("people / divisions / year", f"{args.people:,} / {args.divisions} / {args.year}"),
        ("setup: migrate + synthesise (not counted)", f"{built:.1f} s"),
        ("rows in the table", f"{rows:,}"),
        ("evaluate_agency alone", f"{evaluated:.3f} s"),
        (
            f"office table render (median of {args.renders})",
            f"{median:.3f} s (min {min(times):.3f}, max {max(times):.3f})",
        ),
        ("queries per render", f"{len(queries)}"),
        ("page size", f"{size / 1e6:.1f} MB"),
        (
            "CSTĐCS eligible / cap",
            f"{result['quotas']['CSTDCS']['eligible_count']} / {result['quotas']['CSTDCS']['cap']}",
        ),
        ("goal (< 1 s)", "met" if median < 1 else "NOT MET"),
    ]
    width = max(len(label) for label, _ in report)
    for label, value in report:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
