"""Reliability: many clients writing at once lose nothing and break no constraint; a failing
document renderer leaves no half-saved state and the server keeps serving.

The concurrency test needs PostgreSQL (row locks, many connections); SQLite serialises every
writer on one file lock, so there it would prove nothing and is skipped.
"""

import threading
from collections import Counter

import pytest
from django.core.exceptions import ValidationError
from django.db import close_old_connections, connection
from django.urls import reverse

from conftest import make_person
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.decisions.models import RegisteredNumber
from thidua.records import services as records
from thidua.records.models import PersonRating
from thidua.reviews import services as reviews
from thidua.reviews.models import Proposal, ProposalStatus, ProposalTransition

CLIENTS = 50
YEAR = 2025
OWN_PERSON_CLIENTS = range(0, 30)  # each rates its own person, then corrects it
SHARED_PERSON_CLIENTS = range(30, 40)  # all correct the same person's rating at once
PROPOSAL_CLIENTS = range(40, 50)  # each files an ad-hoc proposal and all submit one shared draft
RATINGS = ["HTTNV", "HTXSNV", "HTNV"]


def _run_clients(work, count=CLIENTS):
    """Start `count` threads that call work(i) at the same moment; return their errors."""
    barrier = threading.Barrier(count)
    errors: list = [None] * count
    results: list = [None] * count

    def client(i):
        try:
            barrier.wait(timeout=60)
            results[i] = work(i)
        except Exception as error:  # recorded and asserted on by the test
            errors[i] = error
        finally:
            close_old_connections()
            connection.close()

    threads = [threading.Thread(target=client, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    assert not any(t.is_alive() for t in threads), "a client hung (deadlock?)"
    return results, errors


@pytest.mark.django_db(transaction=True)
@pytest.mark.skipif(
    connection.vendor != "postgresql",
    reason="SQLite allows one writer at a time: concurrent writers are a PostgreSQL test",
)
def test_fifty_clients_writing_records_and_proposals_lose_nothing(office, people, users):
    qh = office["QH"]
    own = [make_person(f"C{i:03d}", f"Cán bộ thử {i:03d}", qh) for i in OWN_PERSON_CLIENTS]
    shared = people["staff"]
    records.record_rating_set(actor=users["secretariat"], person=shared, year=YEAR, rating="HTNV")
    draft = reviews.proposal_create_ad_hoc(
        actor=users["division_head"],
        division=qh,
        year=YEAR,
        reason="Hồ sơ chung để thử nộp đồng thời",
        nominees=[(shared, None, "GIAY_KHEN")],
    )
    audit_before = AuditEvent.objects.count()
    ratings_before = PersonRating.objects.count()
    proposals_before = Proposal.objects.count()

    def work(i):
        if i in OWN_PERSON_CLIENTS:
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
            return "own"
        if i in SHARED_PERSON_CLIENTS:
            new = records.record_rating_set(
                actor=users["secretariat"],
                person=shared,
                year=YEAR,
                rating=RATINGS[i % 3],
                reason=f"Điều chỉnh đồng thời {i}",
            )
            return "shared", new.pk
        reviews.proposal_create_ad_hoc(
            actor=users["division_head"],
            division=qh,
            year=YEAR,
            reason=f"Khen đột xuất {i}",
            nominees=[(shared, None, "GIAY_KHEN")],
        )
        try:
            reviews.proposal_transition(
                actor=users["division_head"], proposal=draft, action="submit"
            )
        except ValidationError:
            return "submit-refused"
        return "submitted"

    results, errors = _run_clients(work)
    assert [e for e in errors if e is not None] == []

    # Every own-person write is there: two versions each, the corrected one current.
    for person in own:
        versions = PersonRating.objects.filter(person=person, year=YEAR)
        assert versions.count() == 2
        assert versions.get(superseded_at__isnull=True).rating == "HTXSNV"
    # The shared person: exactly one current version, and one row per change that was made.
    shared_rows = PersonRating.objects.filter(person=shared, year=YEAR)
    assert shared_rows.filter(superseded_at__isnull=True).count() == 1
    shared_changes = AuditEvent.objects.filter(
        action="record.rating_correct", object_repr__startswith=str(shared)
    ).count()
    assert shared_rows.count() == 1 + shared_changes
    # The proposals: one new per client; the shared draft submitted exactly once.
    outcome = Counter(r if isinstance(r, str) else r[0] for r in results)
    assert Proposal.objects.count() == proposals_before + len(PROPOSAL_CLIENTS)
    assert outcome["submitted"] == 1 and outcome["submit-refused"] == len(PROPOSAL_CLIENTS) - 1
    draft.refresh_from_db()
    assert draft.status == ProposalStatus.SUBMITTED
    assert ProposalTransition.objects.filter(proposal=draft, action="submit").count() == 1
    # The audit chain holds one event per write, in one unbroken sequence.
    expected_events = (
        2 * len(OWN_PERSON_CLIENTS) + shared_changes + len(PROPOSAL_CLIENTS) + 1  # one submit
    )
    assert AuditEvent.objects.count() == audit_before + expected_events
    assert PersonRating.objects.count() == ratings_before + 2 * len(own) + shared_changes
    assert verify_chain() is None


# --- the document renderer fails ------------------------------------------------------------


def _fail(*args, **kwargs):
    raise RuntimeError("renderer down (fault injected by the test)")


@pytest.fixture
def broken_renderer(monkeypatch):
    monkeypatch.setattr("thidua.documents.pdf_render.render_pdf", _fail)
    monkeypatch.setattr("thidua.documents.docx_render.render_docx", _fail)
    return monkeypatch


def _documents(office, people, users):
    from thidua.initiatives.tests.factories import matrix_objects as initiative_objects
    from thidua.movements.tests.factories import launched_movement
    from thidua.reviews.tests.factories import matrix_objects as review_objects

    movement, covenant = launched_movement(office["VP"])
    initiatives = initiative_objects(office, people, users)
    review = review_objects(office, people, users)
    return {
        "plan-pdf": reverse("movements:document", kwargs={"pk": movement.pk, "fmt": "pdf"}),
        "plan-docx": reverse("movements:document", kwargs={"pk": movement.pk, "fmt": "docx"}),
        "covenant-pdf": reverse(
            "movements:covenant_document", kwargs={"pk": covenant.pk, "fmt": "pdf"}
        ),
        "initiative-decision-docx": reverse(
            "initiatives:decision", kwargs={"pk": initiatives["DECISION"], "fmt": "docx"}
        ),
        "initiative-minutes-pdf": reverse(
            "initiatives:minutes", kwargs={"pk": initiatives["SESSION"], "fmt": "pdf"}
        ),
        "review-minutes-docx": reverse(
            "reviews:minutes", kwargs={"pk": review["REVIEW"], "fmt": "docx"}
        ),
    }


DOCUMENTS = [
    "plan-pdf",
    "plan-docx",
    "covenant-pdf",
    "initiative-decision-docx",
    "initiative-minutes-pdf",
    "review-minutes-docx",
]


def _state():
    return (RegisteredNumber.objects.count(), AuditEvent.objects.count(), Proposal.objects.count())


@pytest.mark.parametrize("document", DOCUMENTS)
def test_failed_render_saves_nothing_and_the_next_request_is_served(
    client, office, people, users, broken_renderer, document
):
    url = _documents(office, people, users)[document]
    client.force_login(users["head"])
    client.raise_request_exception = False
    before = _state()
    failed = client.get(url)
    assert not failed.content.startswith((b"%PDF", b"PK\x03\x04"))  # the fault was hit
    assert _state() == before  # no number taken, no event written, nothing half-saved
    broken_renderer.undo()
    response = client.get(url)
    assert response.status_code == 200
    assert response.content[:4] in (b"%PDF", b"PK\x03\x04")
    assert client.get(reverse("core:home")).status_code == 200
    assert verify_chain() is None


@pytest.mark.parametrize("document", DOCUMENTS)
def test_failed_render_tells_the_user_in_vietnamese_instead_of_a_500(
    client, office, people, users, broken_renderer, document
):
    url = _documents(office, people, users)[document]
    client.force_login(users["head"])
    client.raise_request_exception = False
    response = client.get(url)
    assert response.status_code in (200, 302)
    page = client.get(response["Location"]) if response.status_code == 302 else response
    assert "Không tạo được văn bản" in page.content.decode()
