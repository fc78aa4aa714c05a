"""Load benchmark of a synthetic province on PostgreSQL (issue 9).

Run from the repository root: ``python bench/bench_province.py [--agencies 200] [--people 60000]
[--clients 20] [--seconds 60]``. It creates a fresh PostgreSQL database (``--pg`` server URL,
default postgres://postgres@127.0.0.1:5432), migrates it, and reports:

1. the time to load the province: ``--agencies`` agencies of 6 divisions, ``--people`` people
   spread over them, five years of history (ratings and awards) and the evaluation year's records
   (ratings, registrations, disciplines, leaves, trainings, research topics, collective findings);
2. the time to evaluate the evaluation year for every agency (database reads + rules engine);
3. a live server (``manage.py runserver``, threaded, DEBUG off) hit by ``--clients`` concurrent
   clients on loopback for ``--seconds`` seconds, each client cycling through the dashboard (home
   page of the head), the office-wide eligibility table, a person page and the API list endpoint,
   and a minimal Django view through the same middleware. For each, the median and the 95th
   percentile latency, and their ratio to the minimal view's.

Goals (issue 9): evaluation of the province's year under 30 s; 95th percentile under 300 ms for
each page; no error under load. The database is dropped at the end (``--keep`` keeps it).
"""

import argparse
import http.client
import os
import random
import signal
import statistics
import subprocess
import sys
import threading
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

SEED = 20260101
# One key for the loader and the server: the sessions the loader writes must be valid there.
SECRET_KEY = "bench-only-key-not-secret-" + "k" * 40
YEAR = date.today().year
DIVISIONS_PER_AGENCY = 6
RATINGS = (("HTXSNV", 20), ("HTTNV", 62), ("HTNV", 13), ("KHTNV", 5))
REGISTRATIONS = (("LDTT", 55), ("CSTDCS", 30), ("CSTD_TINH", 5), (None, 10))
FAMILY = ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Võ", "Đặng", "Bùi", "Huỳnh", "Phan")
GIVEN = ("An", "Bình", "Cường", "Dũng", "Hà", "Lan", "Ngọc", "Thảo", "Tùng", "Ánh")


def _pick(rng, table):
    return rng.choices([v for v, _ in table], [w for _, w in table])[0]


def _day(rng, year):
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def psql(server: str, sql: str) -> None:
    subprocess.run(["psql", f"{server}/postgres", "-qc", sql], check=True)


def setup_django(database_url: str) -> None:
    os.environ["DATABASE_URL"] = database_url
    os.environ["SECRET_KEY"] = SECRET_KEY
    os.environ["DJANGO_SETTINGS_MODULE"] = "config.settings_test"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)


def load_province(agencies: int, people: int) -> dict:
    """Writes the province; returns the objects the load test needs."""
    from django.utils import timezone

    from thidua.accounts import services as account_services
    from thidua.accounts.models import Role
    from thidua.core.text import fold
    from thidua.decisions.models import Award
    from thidua.movements.models import Registration
    from thidua.movements.tests.factories import draft_movement, launched_movement
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
    agency_units, divisions_of = [], {}
    for a in range(agencies):
        agency = org_services.unit_create(
            actor=None,
            code=f"CQ{a:03d}",
            name=f"Cơ quan {a}",
            kind=UnitKind.AGENCY,
            parent=province,
        )
        agency_units.append(agency)
        divisions_of[agency.pk] = [
            org_services.unit_create(
                actor=None,
                code=f"CQ{a:03d}-P{d}",
                name=f"Phòng {d} – Cơ quan {a}",
                kind=UnitKind.DIVISION,
                parent=agency,
                order=d,
            )
            for d in range(DIVISIONS_PER_AGENCY)
        ]

    persons = []
    for index in range(people):
        agency = agency_units[index % agencies]
        name = f"{rng.choice(FAMILY)} Văn {rng.choice(GIVEN)} {index}"
        recruited = (
            _day(rng, YEAR) if rng.random() < 0.06 else _day(rng, rng.randint(1995, YEAR - 1))
        )
        persons.append(
            Person(
                staff_code=f"CB{index:06d}",
                full_name=name,
                search_name=fold(name),
                recruited_on=recruited,
                agency=agency,
                date_of_birth=date(rng.randint(1965, 2000), rng.randint(1, 12), 1),
                gender=rng.choice(("male", "female")),
            )
        )
    persons = Person.objects.bulk_create(persons, batch_size=2000)
    Membership.objects.bulk_create(
        (
            Membership(
                person=p,
                unit=divisions_of[p.agency_id][(i // agencies) % DIVISIONS_PER_AGENCY],
                position="Chuyên viên",
                start_date=p.recruited_on,
            )
            for i, p in enumerate(persons)
        ),
        batch_size=2000,
    )

    ratings, awards, disciplines, leaves, trainings, topics = [], [], [], [], [], []
    for person in persons:
        ratings.append(PersonRating(person=person, year=YEAR, rating=_pick(rng, RATINGS)))
        for past in range(YEAR - 5, YEAR):
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
                    decision_code=f"{past % 100:02d}/QĐ-CQ",
                    decided_on=date(past + 1, 1, 15),
                    issuer_name="Thủ trưởng cơ quan",
                )
                for code in titles
            )
        if rng.random() < 0.03:
            disciplines.append(
                Discipline(
                    person=person,
                    form=rng.choice(("khien_trach", "canh_cao")),
                    decision_number="01/QĐ-CQ",
                    decided_on=_day(rng, YEAR),
                )
            )
        if rng.random() < 0.15:
            start = _day(rng, YEAR)
            leaves.append(
                Leave(
                    person=person,
                    year=YEAR,
                    kind=rng.choice(("maternity", "sick", "personal", "other")),
                    start=start,
                    end=start + timedelta(days=rng.randint(1, 120)),
                )
            )
        if rng.random() < 0.05:
            start = _day(rng, YEAR - 1)
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
                    accepted_on=_day(rng, YEAR),
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
        model.objects.bulk_create(objects, batch_size=2000)
    all_divisions = [d for units in divisions_of.values() for d in units]
    CollectiveRecord.objects.bulk_create(
        (
            CollectiveRecord(
                unit=unit,
                year=past,
                rating=_pick(rng, RATINGS[:3]),
                emulation_effective=rng.random() < 0.95,
                solidarity=True,
            )
            for unit in all_divisions
            for past in range(YEAR - 5, YEAR + 1)
        ),
        batch_size=2000,
    )

    # The measured agency runs a launched plan (the dashboard needs one); the others a draft.
    measured = agency_units[0]
    movements = {measured.pk: launched_movement(measured, YEAR)[0]}
    for agency in agency_units[1:]:
        movements[agency.pk] = draft_movement(agency, YEAR, issuer_code=agency.code)
    registrations = [
        Registration(movement=movements[p.agency_id], person=p, title_code=code)
        for p in persons
        if (code := _pick(rng, REGISTRATIONS))
    ]
    registrations += [
        Registration(
            movement=movements[unit.parent_id],
            unit=unit,
            title_code=rng.choice(("TTLDTT", "TTLDXS")),
        )
        for unit in all_divisions
    ]
    Registration.objects.bulk_create(registrations, batch_size=2000)

    users = {}
    for role in (Role.HEAD, Role.SECRETARIAT):
        user, _ = account_services.user_create(
            actor=None,
            username=f"bench-{role}",
            full_name=f"Bench {role}",
            password="Mat-khau-bench-" + str(rng.random()),
            must_change_password=False,
        )
        account_services.role_grant(
            actor=None,
            user=user,
            role=role,
            unit=measured,
            valid_from=timezone.localdate() - timedelta(days=1),
        )
        users[role] = user
    person = Person.objects.filter(agency=measured).order_by("staff_code").first()
    return {
        "agencies": agency_units,
        "measured": measured,
        "users": users,
        "person": person,
        "rows": sum(len(x) for x in (ratings, awards, disciplines, leaves, trainings, topics))
        + len(persons) * 2
        + len(registrations),
    }


def session_cookie(user) -> str:
    """A logged-in session for `user`, as the login page would leave it (second factor done)."""
    from django.test import Client

    client = Client()
    client.force_login(user)
    bench_verify_session(client, user)
    return f"sessionid={client.cookies['sessionid'].value}"


def bench_verify_session(client, user) -> None:
    """Marks the session as having passed the second factor, when the project asks for one."""
    try:
        from conftest import otp_verify_client  # provided with the second-factor work
    except ImportError:
        return
    otp_verify_client(client, user)


def api_request(user):
    """(path, headers) of the API's people list with a token of `user`, if the API exists."""
    try:
        from thidua.api.services import token_create
    except ImportError:
        return None
    _token, key = token_create(actor=user, user=user, name="bench")
    return "/api/v1/people?limit=50", {"Authorization": f"Bearer {key}"}


def start_server(database_url: str, port: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "bench.settings_bench",
        "DEBUG": "false",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        "SECURE_SSL_REDIRECT": "false",
        "THIDUA_READ_DOTENV": "false",
    }
    server = subprocess.Popen(
        [sys.executable, "manage.py", "runserver", f"127.0.0.1:{port}", "--noreload"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    for _ in range(100):
        try:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            conn.request("GET", "/bench/ping/")
            if conn.getresponse().status == 200:
                return server
        except OSError:
            time.sleep(0.3)
    server.kill()
    raise SystemExit("The benchmark server did not start.")


def hammer(port: int, targets: dict, clients: int, seconds: float) -> dict:
    """`clients` threads cycle through the targets until the time is up."""
    latencies = {name: [] for name in targets}
    errors = dict.fromkeys(targets, 0)
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds
    names = list(targets)

    def client(offset):
        turn = offset
        while time.perf_counter() < deadline:
            name = names[turn % len(names)]
            turn += 1
            path, headers = targets[name]
            started = time.perf_counter()
            try:
                conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                ok = response.status == 200
                conn.close()
            except OSError:
                ok = False
            elapsed = time.perf_counter() - started
            with lock:
                if ok:
                    latencies[name].append(elapsed)
                else:
                    errors[name] += 1

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return {"latencies": latencies, "errors": errors}


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--agencies", type=int, default=200)
    parser.add_argument("--people", type=int, default=60000)
    parser.add_argument("--clients", type=int, default=20)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--port", type=int, default=8765)
    parser.add_argument("--pg", default="postgres://postgres@127.0.0.1:5432")
    parser.add_argument("--keep", action="store_true")
    args = parser.parse_args(argv)

    name = f"thidua_bench_{os.getpid()}"
    psql(args.pg, f'CREATE DATABASE "{name}"')
    database_url = f"{args.pg}/{name}"
    server = None
    try:
        setup_django(database_url)
        started = time.perf_counter()
        province = load_province(args.agencies, args.people)
        loaded = time.perf_counter() - started

        from thidua.records.dossier import evaluate_agency

        started = time.perf_counter()
        evaluated_people = 0
        for agency in province["agencies"]:
            result = evaluate_agency(agency=agency, year=YEAR)
            evaluated_people += len(result.get("people", ()))
        evaluated = time.perf_counter() - started

        head = province["users"]["head"]
        secretariat = province["users"]["secretariat"]
        head_cookie = {"Cookie": session_cookie(head)}
        secretariat_cookie = {"Cookie": session_cookie(secretariat)}
        targets = {
            "minimal view": ("/bench/ping/", {}),
            "dashboard (home, head)": ("/", head_cookie),
            "eligibility table": (f"/xet-danh-hieu/?year={YEAR}", secretariat_cookie),
            "person page": (
                f"/to-chuc/can-bo/{province['person'].staff_code}/",
                secretariat_cookie,
            ),
        }
        api = api_request(secretariat)
        if api:
            targets["API list (people)"] = api

        from django.db import connections

        connections.close_all()
        server = start_server(database_url, args.port)
        for path, headers in targets.values():  # warm-up and a check that each answers 200
            conn = http.client.HTTPConnection("127.0.0.1", args.port, timeout=60)
            conn.request("GET", path, headers=headers)
            response = conn.getresponse()
            response.read()
            if response.status != 200:
                raise SystemExit(f"{path} answered {response.status} before the load test.")
        load = hammer(args.port, targets, args.clients, args.seconds)
    finally:
        if server is not None:
            os.killpg(server.pid, signal.SIGTERM)
            server.wait(timeout=10)
        try:
            from django.db import connections

            connections.close_all()
        except Exception:  # noqa: BLE001 - Django may not be set up when the load failed early
            pass
        if not args.keep:
            psql(args.pg, f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')

    base = load["latencies"]["minimal view"]
    base_median, base_p95 = statistics.median(base), percentile(base, 0.95)
    print(
        f"province: {args.agencies} agencies × {DIVISIONS_PER_AGENCY} divisions, "
        f"{args.people:,} people, {province['rows']:,} rows, year {YEAR} with 5 years of history"
    )
    print(f"load into PostgreSQL: {loaded:.1f} s")
    print(
        f"evaluate {YEAR} for all agencies (database + engine): {evaluated:.1f} s "
        f"for {evaluated_people:,} people — goal < 30 s: {'met' if evaluated < 30 else 'NOT MET'}"
    )
    print(
        f"load test: {args.clients} clients, {args.seconds:.0f} s, loopback, runserver (threaded)"
    )
    header = f"{'page':<26} {'requests':>8} {'errors':>6} {'median':>9} {'p95':>9} {'×med':>6} {'×p95':>6}  p95<300ms"
    print(header)
    for target, values in load["latencies"].items():
        if not values:
            print(f"{target:<26} {0:>8} {load['errors'][target]:>6}  no successful request")
            continue
        median, p95 = statistics.median(values), percentile(values, 0.95)
        print(
            f"{target:<26} {len(values):>8} {load['errors'][target]:>6} "
            f"{median * 1000:>7.1f}ms {p95 * 1000:>7.1f}ms "
            f"{median / base_median:>6.1f} {p95 / base_p95:>6.1f}  {'met' if p95 < 0.3 else 'NOT MET'}"
        )
    print(f"errors under load: {sum(load['errors'].values())}")


if __name__ == "__main__":
    main()
