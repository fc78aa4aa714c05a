"""Numbers stay unique and gapless when many requests take one at the same moment (PostgreSQL).

Each thread has its own database connection and transaction; the row lock on the issuer orders
them, and the unique constraint would refuse a duplicate anyway. SQLite serialises writers on
the whole file, so the race cannot be reproduced there."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections

from thidua.decisions.models import RegisteredNumber
from thidua.decisions.services import number_issue

THREADS = 20


@pytest.mark.django_db(transaction=True)
def test_concurrent_issue_gives_1_to_20(office, users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database for writes: the race needs PostgreSQL.")
    barrier = threading.Barrier(THREADS)
    errors = []

    def issue(index):
        try:
            barrier.wait(timeout=30)
            number_issue(
                actor=users["head"],
                issuer=office["VP"],
                doc_type="QĐ",
                issued_on=dt.date(2026, 3, 1),
                summary=f"Quyết định thử {index}",
                issuer_code="VP",
            )
        except Exception as error:  # collected and reported by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=issue, args=(i,)) for i in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    numbers = sorted(
        RegisteredNumber.objects.filter(year=2026, doc_type="QĐ").values_list("number", flat=True)
    )
    assert numbers == list(range(1, THREADS + 1))


@pytest.mark.django_db(transaction=True)
def test_concurrent_signing_gives_distinct_numbers(office, people, users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite locks the whole database for writes: the race needs PostgreSQL.")
    from thidua.decisions.models import Decision
    from thidua.decisions.services import decision_draft, decision_sign

    count = 8
    drafts = [
        decision_draft(
            actor=users["secretariat"],
            agency=office["VP"],
            year=2025,
            summary=f"Quyết định {index}",
            entries=[{"person": people["staff"], "unit": None, "title_code": "GIAY_KHEN"}],
        )
        for index in range(count)
    ]
    barrier = threading.Barrier(count)
    errors = []

    def sign(decision):
        try:
            barrier.wait(timeout=30)
            decision_sign(actor=users["head"], decision=decision, signed_on=dt.date(2026, 2, 1))
        except Exception as error:  # collected and reported by the assertion below
            errors.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=sign, args=(d,)) for d in drafts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert errors == []
    codes = sorted(Decision.objects.values_list("number__number", flat=True))
    assert codes == list(range(1, count + 1))
