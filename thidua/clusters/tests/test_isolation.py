"""Several agencies on one installation (issue 10, item 1): at page level, a user of one agency
never sees another agency's movements, records, reviews, eligibility or people, in either
direction; the provincial board's role does not open the agencies' own pages (it reads them
through the province pages of the clusters app).

Both agencies have data of every kind the pages show, so an empty page cannot pass for a
filtered one: each listing must show the user's own agency's item and not the other's."""

import pytest
from django.urls import reverse

from thidua.movements.tests.factories import draft_movement, launched_movement
from thidua.records import services as records
from thidua.reviews.tests.factories import matrix_objects as review_objects

from .factories import board_user, force_login

YEAR = 2026
VP_PEOPLE = ("Đặng Quốc Bảo", "Lê Thị Ánh Nguyệt")
SNV_PERSON = "Ngô Minh Trí"
SNV_MOVEMENT = "Phong trào thi đua của Sở Nội vụ"


@pytest.fixture
def two_agencies(office, people, users):
    vp_movement, covenant = launched_movement(office["VP"], year=YEAR)
    snv_movement = draft_movement(office["SNV"], year=YEAR, title=SNV_MOVEMENT, issuer_code="SNV")
    for person in (people["staff"], people["nd_staff"], people["other_agency"]):
        records.record_rating_set(actor=None, person=person, year=YEAR, rating="HTTNV")
    reviews = review_objects(office, people, users)
    return {
        "vp_movement": vp_movement,
        "snv_movement": snv_movement,
        "covenant": covenant,
        **reviews,
    }


# Pages listing an agency's records: (url name, kwargs, shows people's names).
LISTINGS = [
    ("org:person_list", {}, True),
    ("records:year_overview", {"year": YEAR}, True),
    ("eligibility:office", {}, True),
    ("movements:list", {}, False),
]


@pytest.mark.parametrize(("name", "kwargs", "people_page"), LISTINGS, ids=[x[0] for x in LISTINGS])
def test_other_agency_listings_show_only_its_own(
    client_for, two_agencies, name, kwargs, people_page
):
    url = reverse(name, kwargs=kwargs)
    if name == "eligibility:office":
        url += f"?year={YEAR}"
    page = client_for("other_agency").get(url).content.decode()
    for name_shown in VP_PEOPLE:
        assert name_shown not in page
    assert two_agencies["vp_movement"].title not in page
    assert (SNV_PERSON if people_page else SNV_MOVEMENT) in page


@pytest.mark.parametrize(("name", "kwargs", "people_page"), LISTINGS, ids=[x[0] for x in LISTINGS])
def test_office_listings_show_nothing_of_the_other_agency(
    client_for, two_agencies, name, kwargs, people_page
):
    url = reverse(name, kwargs=kwargs)
    if name == "eligibility:office":
        url += f"?year={YEAR}"
    page = client_for("secretariat").get(url).content.decode()
    assert SNV_PERSON not in page and SNV_MOVEMENT not in page
    assert (VP_PEOPLE[0] if people_page else two_agencies["vp_movement"].title) in page


def vp_detail_pages(objects):
    return [
        ("org:person_detail", {"staff_code": "P04"}),
        ("records:person_year", {"staff_code": "P04", "year": YEAR}),
        ("records:collective_year", {"code": "QH", "year": YEAR}),
        ("eligibility:person", {"year": YEAR, "staff_code": "P04"}),
        ("eligibility:division", {"year": YEAR, "code": "QH"}),
        ("movements:detail", {"pk": objects["vp_movement"].pk}),
        ("movements:registrations", {"pk": objects["vp_movement"].pk}),
        ("movements:covenant_detail", {"pk": objects["covenant"].pk}),
        ("reviews:review", {"pk": objects["REVIEW"]}),
        ("reviews:proposal", {"pk": objects["PROPOSAL"]}),
        ("org:unit_detail", {"code": "QH"}),
    ]


def test_other_agency_cannot_open_any_of_the_office_pages(client_for, two_agencies):
    client = client_for("other_agency")
    for name, kwargs in vp_detail_pages(two_agencies):
        status = client.get(reverse(name, kwargs=kwargs)).status_code
        assert status in (403, 404), (name, status)


def test_office_cannot_open_the_other_agencys_pages(client_for, two_agencies):
    client = client_for("secretariat")
    pages = [
        ("org:person_detail", {"staff_code": "X01"}),
        ("records:person_year", {"staff_code": "X01", "year": YEAR}),
        ("eligibility:person", {"year": YEAR, "staff_code": "X01"}),
        ("movements:detail", {"pk": two_agencies["snv_movement"].pk}),
        ("org:unit_detail", {"code": "SNV-TCBC"}),
    ]
    for name, kwargs in pages:
        status = client.get(reverse(name, kwargs=kwargs)).status_code
        assert status in (403, 404), (name, status)


def test_the_office_still_opens_its_own_pages(client_for, two_agencies):
    """The same URLs answer the office's secretariat: the refusals above are about scope."""
    client = client_for("secretariat")
    for name, kwargs in vp_detail_pages(two_agencies):
        assert client.get(reverse(name, kwargs=kwargs)).status_code == 200, name


def test_province_board_role_opens_no_agency_record_page(client, office, two_agencies):
    """The board reads agencies through the province pages; the agencies' own record pages stay
    with the agencies. Only the organisation tree is province-wide (org.visible_units)."""
    force_login(client, board_user(office))
    for name, kwargs in vp_detail_pages(two_agencies):
        status = client.get(reverse(name, kwargs=kwargs)).status_code
        expected = (200,) if name == "org:unit_detail" else (403, 404)
        assert status in expected, (name, status)
    movement = two_agencies["vp_movement"]
    assert client.get(reverse("movements:edit", kwargs={"pk": movement.pk})).status_code == 403
    page = client.get(reverse("clusters:province") + f"?year={YEAR}").content.decode()
    assert "Văn phòng Đoàn ĐBQH và HĐND" in page and "Sở Nội vụ" in page
    assert movement.title in page
