"""API test fixtures: a token per persona and the office's data the endpoints read (the year's
movement with registrations and ratings, a submitted proposal of QH, awards)."""

import datetime as dt

import pytest

from conftest import PERSONAS, otp_test_device
from thidua.api.services import token_create
from thidua.decisions.tests import factories as decision_factories
from thidua.movements.tests.factories import YEAR
from thidua.records.services import past_award_record, record_rating_set
from thidua.reviews.tests.factories import matrix_objects, movement_of


@pytest.fixture
def tokens(users):
    """persona → the raw bearer token of a token created for that persona's user."""
    for persona in PERSONAS:
        otp_test_device(users[persona])  # roles that need a second factor have one
    return {
        persona: token_create(
            actor=None, user=users[persona], name=f"Kiểm thử {persona}", scope="write"
        )[1]
        for persona in PERSONAS
    }


@pytest.fixture
def api_client(client, tokens):
    """`api_client("staff").get(url)` sends the persona's bearer token (None: no token)."""

    class Caller:
        def __init__(self, persona):
            self.headers = (
                {"Authorization": f"Bearer {tokens[persona]}"} if persona is not None else {}
            )

        def get(self, url, **params):
            return client.get(url, params, headers=self.headers)

        def send(self, method, url, body):
            return client.generic(
                method,
                url,
                data=__import__("json").dumps(body),
                content_type="application/json",
                headers=self.headers,
            )

        def post(self, url, body):
            return self.send("POST", url, body)

        def put(self, url, body):
            return self.send("PUT", url, body)

        def patch(self, url, body):
            return self.send("PATCH", url, body)

    return Caller


# The paper era ends before the 2025 decision of decisions.tests.factories.signed.
PAPER_YEAR = min(YEAR - 2, 2024)


@pytest.fixture
def api_data(office, people, users):
    """The movement of YEAR (launched, with targets), a submitted proposal of QH with P04
    nominated, ratings of YEAR for P04 and P07, paper-era awards of P04, P07 and division ND
    (PAPER_YEAR, before the signed decision's year on any test date), a signed decision of 2025
    (P04 LĐTT, QH TTLĐTT) and a draft decision."""
    objects = matrix_objects(office, people, users)
    movement = movement_of(office)
    record_rating_set(actor=None, person=people["nd_staff"], year=YEAR, rating="HTTNV")
    past_award_record(
        actor=None,
        person=people["staff"],
        year=PAPER_YEAR,
        title_code="LDTT",
        decision_code="12/QĐ-VP",
        decided_on=dt.date(PAPER_YEAR, 12, 20),
        issuer_name="Chánh Văn phòng",
    )
    past_award_record(
        actor=None,
        person=people["nd_staff"],
        year=PAPER_YEAR,
        title_code="LDTT",
        decision_code="12/QĐ-VP",
        decided_on=dt.date(PAPER_YEAR, 12, 20),
        issuer_name="Chánh Văn phòng",
    )
    from thidua.decisions.models import Award

    Award.objects.create(
        unit=office["ND"],
        year=PAPER_YEAR,
        title_code="TTLDTT",
        decision_code="13/QĐ-VP",
        decided_on=dt.date(PAPER_YEAR, 12, 20),
        issuer_name="Chánh Văn phòng",
    )
    signed = decision_factories.signed(office, people, users)  # P04 LĐTT, QH TTLĐTT of 2025
    draft = decision_factories.draft(office, people, users, year=YEAR)
    return {
        **objects,
        "MOVEMENT": movement.pk,
        "YEAR": YEAR,
        "DECISION": signed.pk,
        "DRAFT_DECISION": draft.pk,
    }
