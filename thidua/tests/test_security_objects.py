"""Object-level access: changing an id or a code in the URL never reaches another division's
(or another agency's) records and reviews. Reads answer 403 (or 404); writes answer 403 and
change nothing."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.records.models import Discipline, PersonRating
from thidua.reviews import services as review_services
from thidua.reviews.models import Review
from thidua.reviews.tests.factories import TODAY, movement_of

YEAR = 2025


def state():
    return (
        PersonRating.objects.count(),
        Discipline.objects.count(),
        Review.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    ("persona", "name", "kwargs"),
    [
        # The head of QH reaches for ND's people and collective.
        ("division_head", "records:person_year", {"staff_code": "P07", "year": YEAR}),
        ("division_head", "records:collective_year", {"code": "ND", "year": YEAR}),
        ("division_head", "eligibility:person", {"staff_code": "P07", "year": YEAR}),
        ("division_head", "eligibility:division", {"code": "ND", "year": YEAR}),
        ("division_head", "org:person_detail", {"staff_code": "P07"}),
        # A staff member reaches for a colleague.
        ("staff", "records:person_year", {"staff_code": "P07", "year": YEAR}),
        ("staff", "eligibility:person", {"staff_code": "P03", "year": YEAR}),
        # Another agency's secretariat reaches into this office.
        ("other_agency", "records:person_year", {"staff_code": "P04", "year": YEAR}),
        ("other_agency", "records:collective_year", {"code": "QH", "year": YEAR}),
        ("other_agency", "eligibility:person", {"staff_code": "P04", "year": YEAR}),
    ],
)
def test_reading_another_units_records_is_refused(client_for, people, persona, name, kwargs):
    response = client_for(persona).get(reverse(name, kwargs=kwargs))
    assert response.status_code in (403, 404)
    assert "Lê Thị Ánh Nguyệt" not in response.content.decode()


@pytest.mark.parametrize("persona", ["division_head", "staff", "other_agency", "council_member"])
def test_writing_another_persons_records_is_refused_and_changes_nothing(
    client_for, people, persona
):
    client = client_for(persona)
    before = state()
    posts = [
        (
            reverse("records:rating_set", kwargs={"staff_code": "P07", "year": YEAR}),
            {"rating-rating": "HTXSNV", "rating-reason": "sửa"},
        ),
        (
            reverse(
                "records:fact_add", kwargs={"staff_code": "P07", "year": YEAR, "kind": "ky-luat"}
            ),
            {"ky-luat-form": "reprimand", "ky-luat-decided_on": "01/03/2025"},
        ),
    ]
    for url, data in posts:
        assert client.post(url, data).status_code in (403, 404), url
    assert state() == before


@pytest.fixture
def nd_review(office, people):
    """A review of division ND (not the division head persona's division QH)."""
    return review_services.review_open(
        actor=None,
        division=office["ND"],
        movement=movement_of(office),
        phase=None,
        held_on=TODAY,
        place="Phòng họp số 3",
        chair_name="Trần Thị Thu Hà",
        secretary_name="Lê Thị Ánh Nguyệt",
    )


def test_division_head_cannot_open_or_change_another_divisions_review(
    client_for, nd_review, people
):
    client = client_for("division_head")
    for url in (
        reverse("reviews:review", kwargs={"pk": nd_review.pk}),
        reverse("reviews:minutes", kwargs={"pk": nd_review.pk, "fmt": "docx"}),
    ):
        assert client.get(url).status_code in (403, 404), url
    before = (state(), Review.objects.get(pk=nd_review.pk).status)
    for url, data in (
        (reverse("reviews:review", kwargs={"pk": nd_review.pk}), {"present": []}),
        (reverse("reviews:review_submit", kwargs={"pk": nd_review.pk}), {}),
    ):
        assert client.post(url, data).status_code in (403, 404), url
    assert (state(), Review.objects.get(pk=nd_review.pk).status) == before


def test_opening_a_review_for_another_division_is_refused(client_for, office, people):
    movement_of(office)
    before = state()
    response = client_for("division_head").post(
        reverse("reviews:review_create"),
        {
            "division": str(office["ND"].pk),
            "period": "",
            "held_on": dt.date.today().strftime("%d/%m/%Y"),
            "place": "Phòng họp",
            "chair_name": "A",
            "secretary_name": "B",
        },
    )
    assert response.status_code in (200, 403)
    assert state() == before
