"""SQLite under concurrency never answers 500 (issue 19, point 6).

The suite's SQLite database is an in-memory one, which concurrency cannot be measured on; so
this test copies it (with the sqlite3 backup API) to a file opened with the production
settings — WAL, a busy timeout, IMMEDIATE transactions — and points the threads' connections
at it. Before: transactions began DEFERRED, so two writers that had both read (the audit chain's
head, a series' last number) failed at once with "database is locked" (a 500 in a page), and
every page view wrote its session row.
"""

import sqlite3
import threading

import pytest
from django.conf import settings
from django.db import close_old_connections, connection, connections, transaction
from django.test import Client
from django.urls import reverse

from conftest import make_person, otp_verify_client
from thidua.core.audit import verify_chain
from thidua.decisions.models import RegisteredNumber
from thidua.decisions.services import number_issue
from thidua.records import services as records
from thidua.records.models import PersonRating

pytestmark = pytest.mark.skipif(
    connection.vendor != "sqlite", reason="the SQLite settings under concurrent writers"
)

WRITERS = 16  # each rates its own person (two writes, each with an audit row)
NUMBERS = 11  # all take the next number of one series at once
READERS = 8  # page views while the others write
YEAR = 2025


@pytest.fixture
def file_database(transactional_db, tmp_path):
    """The test database, copied to a file; connections opened inside the block use it."""
    path = tmp_path / "thidua.sqlite3"

    def switch():
        target = sqlite3.connect(path)
        connection.ensure_connection()
        connection.connection.backup(target)
        target.close()
        connections.settings["default"] = {**connections.settings["default"], "NAME": str(path)}

    original = connections.settings["default"]
    yield switch
    connections.settings["default"] = original


def _run(work, count):
    barrier = threading.Barrier(count)
    results, errors = [None] * count, [None] * count

    def client(i):
        try:
            barrier.wait(timeout=60)
            results[i] = work(i)
        except Exception as error:  # asserted on below
            errors[i] = error
        finally:
            close_old_connections()
            connections["default"].close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(t.is_alive() for t in threads), "a client hung"
    return results, errors


def test_settings_are_wal_busy_timeout_and_immediate():
    options = settings.DATABASES["default"]["OPTIONS"]
    assert options["transaction_mode"] == "IMMEDIATE"
    assert options["timeout"] >= 5
    assert "journal_mode=WAL" in options["init_command"]
    assert settings.SESSION_SAVE_EVERY_REQUEST is False


def test_concurrent_writers_and_readers_lose_nothing_and_get_no_5xx(
    file_database, office, people, users
):
    own = [
        make_person(f"S{i:03d}", f"Cán bộ đồng thời {i:03d}", office["QH"]) for i in range(WRITERS)
    ]
    file_database()
    head = users["head"]

    def work(i):
        if i < WRITERS:
            person = own[i]
            records.record_rating_set(
                actor=users["secretariat"], person=person, year=YEAR, rating="HTTNV"
            )
            records.record_rating_set(
                actor=users["secretariat"],
                person=person,
                year=YEAR,
                rating="HTXSNV",
                reason=f"Điều chỉnh {i}",
            )
            return "rated"
        if i < WRITERS + NUMBERS:
            with transaction.atomic():
                return number_issue(
                    actor=users["secretariat"],
                    issuer=office["VP"],
                    doc_type="QĐ",
                    issued_on=people["staff"].recruited_on.replace(year=2026),
                    summary=f"Quyết định đồng thời {i}",
                    issuer_code="VP",
                ).number
        client = Client()
        client.force_login(head)
        otp_verify_client(client, head)
        statuses = [client.get(url).status_code for url in ("/", reverse("core:audit_list"))]
        return statuses

    results, errors = _run(work, WRITERS + NUMBERS + READERS)
    assert [repr(e) for e in errors if e is not None] == []
    # Readers: every page answered, none with a 5xx.
    for statuses in results[WRITERS + NUMBERS :]:
        assert statuses == [200, 200]
    numbers = sorted(results[WRITERS : WRITERS + NUMBERS])

    def stored(_i):
        """Read back from the file (the main thread's connection is the in-memory one)."""
        return (
            PersonRating.objects.filter(person__in=own).count(),
            PersonRating.objects.filter(
                person__in=own, superseded_at__isnull=True, rating="HTXSNV"
            ).count(),
            RegisteredNumber.objects.filter(issuer=office["VP"], doc_type="QĐ").count(),
            verify_chain(),
        )

    (check,), (error,) = _run(stored, 1)
    assert error is None
    ratings, current, issued, chain_problem = check
    # No lost write: two versions per person, the correction current; the chain unbroken.
    assert (ratings, current) == (2 * WRITERS, WRITERS)
    # No duplicate number: eleven distinct numbers, 1 to 11.
    assert numbers == list(range(1, NUMBERS + 1))
    assert issued == NUMBERS
    assert chain_problem is None


def test_a_page_view_does_not_write_the_session(client_for, django_assert_max_num_queries):
    from django.contrib.sessions.models import Session

    client = client_for("staff")
    client.get("/")  # the first view after login may refresh it
    session = Session.objects.get()
    before = session.expire_date
    with django_assert_max_num_queries(100) as captured:
        client.get("/")
    writes = [
        q["sql"]
        for q in captured.captured_queries
        if "django_session" in q["sql"]
        and (q["sql"].startswith(("UPDATE", "INSERT")) or " UPDATE " in q["sql"])
    ]
    assert writes == []
    assert Session.objects.get().expire_date == before


def test_activity_still_slides_the_idle_timeout(client_for):
    import datetime as dt

    import time_machine
    from django.contrib.sessions.models import Session
    from django.utils import timezone

    client = client_for("staff")
    client.get("/")
    first = Session.objects.get().expire_date
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=20)):
        assert client.get("/").status_code == 200
        assert Session.objects.get().expire_date >= first + dt.timedelta(minutes=19)
