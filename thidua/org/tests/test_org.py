"""Units, people and memberships: search, masking, transfers with history, the demo loader."""

import datetime as dt
from io import StringIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command

from conftest import make_person
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.core.text import fold, mask_citizen_id
from thidua.org import selectors, services
from thidua.org.models import Membership, Person, Unit

pytestmark = pytest.mark.usefixtures("module_world")


@pytest.mark.parametrize(
    ("text", "folded"),
    [
        ("Nguyễn Văn An", "nguyen van an"),
        ("ĐẶNG QUỐC BẢO", "dang quoc bao"),
        ("  Lê   Thị  Ánh ", "le thi anh"),
        ("Huỳnh Thị Kim Oanh", "huynh thi kim oanh"),
        ("", ""),
    ],
    ids=["tones", "upper-and-d-stroke", "spaces", "y-hook", "empty"],
)
def test_fold(text, folded):
    assert fold(text) == folded


@pytest.mark.parametrize(
    ("value", "masked"),
    [("087085000123", "*********123"), ("", ""), ("1234", "***4")],
    ids=["twelve-digits", "empty", "short"],
)
def test_mask_citizen_id(value, masked):
    assert mask_citizen_id(value) == masked


@pytest.fixture
def an(office):
    return make_person("P10", "Nguyễn Văn An", office["QH"], citizen_id="087085000123")


@pytest.mark.parametrize(
    "query",
    ["nguyen van an", "Nguyễn Văn An", "NGUYEN VAN AN", "van an", "nguyễn văn", "P10", "p10"],
    ids=["no-accents", "exact", "upper", "part", "accents-part", "code", "code-lower"],
)
def test_accent_and_case_insensitive_search(users, an, query):
    found = selectors.people_search(users["secretariat"], query=query)
    assert an in found


def test_search_does_not_match_other_names(users, an):
    assert list(selectors.people_search(users["secretariat"], query="nguyen van b")) == []


def test_search_page_finds_without_accents(client_for, an):
    page = client_for("secretariat").get("/to-chuc/can-bo/", {"q": "nguyen van an"})
    body = page.content.decode()
    assert "Nguyễn Văn An" in body and "Tìm thấy 1 cán bộ" in body


def test_people_list_paginates(client_for, office):
    for number in range(30):
        make_person(f"N{number:02d}", f"Cán Bộ Số {number}", office["ND"])
    client = client_for("secretariat")
    first = client.get("/to-chuc/can-bo/").content.decode()
    assert "Trang 1/2" in first
    assert "Trang 2/2" in client.get("/to-chuc/can-bo/", {"page": 2}).content.decode()


def test_people_list_filters_by_unit(client_for, people):
    page = client_for("secretariat").get("/to-chuc/can-bo/", {"unit": "ND"}).content.decode()
    assert "Lê Thị Ánh Nguyệt" in page and "Đặng Quốc Bảo" not in page


def test_htmx_request_renders_only_the_results(client_for, people):
    response = client_for("secretariat").get(
        "/to-chuc/can-bo/", {"q": "dang"}, HTTP_HX_REQUEST="true"
    )
    body = response.content.decode()
    assert "Đặng Quốc Bảo" in body and "<nav" not in body.split("<table")[0]
    assert "<html" not in body


def test_citizen_id_is_shown_masked(client_for, an):
    page = client_for("secretariat").get("/to-chuc/can-bo/P10/").content.decode()
    assert "*********123" in page and "087085000123" not in page


def test_transfer_ends_one_membership_and_starts_another(users, people, office):
    staff = people["staff"]
    services.person_transfer(
        actor=users["secretariat"],
        person=staff,
        to_unit=office["ND"],
        on_date=dt.date(2024, 7, 1),
        reason="QĐ 15/QĐ-VP",
    )
    services.person_transfer(
        actor=users["secretariat"],
        person=staff,
        to_unit=office["HC"],
        on_date=dt.date(2025, 1, 1),
        position="Phó Trưởng phòng",
        reason="QĐ 2/QĐ-VP",
    )
    history = [
        (m.unit.code, m.position, m.start_date, m.end_date)
        for m in staff.memberships.order_by("start_date")
    ]
    assert history == [
        ("QH", "Chuyên viên", dt.date(2015, 1, 1), dt.date(2024, 6, 30)),
        ("ND", "Chuyên viên", dt.date(2024, 7, 1), dt.date(2024, 12, 31)),
        ("HC", "Phó Trưởng phòng", dt.date(2025, 1, 1), None),
    ]
    page = str(Person.objects.get(pk=staff.pk).memberships.count())
    assert page == "3"
    assert verify_chain() is None


def test_transfer_before_current_start_is_refused_and_changes_nothing(users, people, office):
    before = (Membership.objects.count(), AuditEvent.objects.count())
    with pytest.raises(ValidationError) as error:
        services.person_transfer(
            actor=users["secretariat"],
            person=people["staff"],
            to_unit=office["ND"],
            on_date=dt.date(2014, 1, 1),
        )
    assert "Ngày điều chuyển phải sau ngày bắt đầu" in str(error.value)
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before


def test_transfer_to_another_agency_is_refused(users, people, office):
    with pytest.raises((ValidationError, PermissionDenied)):
        services.person_transfer(
            actor=users["secretariat"],
            person=people["staff"],
            to_unit=office["SNV-TCBC"],
            on_date=dt.date(2025, 1, 1),
        )
    assert people["staff"].memberships.get(end_date__isnull=True).unit.code == "QH"


@pytest.mark.parametrize(
    "persona", ["staff", "division_head", "head", "council_member", "other_agency"]
)
def test_transfer_service_refuses_wrong_roles(users, people, office, persona):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.person_transfer(
            actor=users[persona],
            person=people["staff"],
            to_unit=office["ND"],
            on_date=dt.date(2025, 1, 1),
        )
    assert AuditEvent.objects.count() == before


def test_transfer_form_keeps_input_and_names_the_field(client_for, people):
    response = client_for("secretariat").post(
        "/to-chuc/can-bo/P04/dieu-chuyen/",
        {"to_unit": "ND", "position": "Chuyên viên", "on_date": "31/02/2025", "reason": "QĐ 9"},
    )
    body = response.content.decode()
    assert response.status_code == 200
    assert 'value="QĐ 9"' in body
    assert "Nhập một ngày hợp lệ" in body or "ngày hợp lệ" in body


def test_unit_tree_and_detail(client_for, people):
    client = client_for("staff")
    tree = client.get("/to-chuc/don-vi/").content.decode()
    assert tree.index("Văn phòng Đoàn ĐBQH và HĐND") < tree.index("Phòng Công tác Quốc hội")
    detail = client.get("/to-chuc/don-vi/QH/").content.decode()
    assert "Võ Thanh Tùng" in detail and "Đặng Quốc Bảo" in detail
    assert "Lê Thị Ánh Nguyệt" not in detail


def test_subtree_query(office):
    codes = set(Unit.objects.subtree(office["VP"]).values_list("code", flat=True))
    assert codes == {"VP", "HC", "QH", "ND"}


def test_seed_demo_builds_the_office_and_is_idempotent(db):
    call_command("seed_demo", stdout=StringIO())
    counts = (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    )
    assert Unit.objects.filter(name="Phòng Hành chính, Tổ chức, Quản trị").exists()
    assert Unit.objects.get(code="VP-DT").name == "Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp"
    # The office of the seed plan; the province demo adds three smaller agencies of its cluster.
    assert 38 <= Person.objects.filter(agency__code="VP-DT").count() <= 45
    divisions = Unit.objects.filter(kind="division")
    assert all(d.memberships.filter(end_date__isnull=True).exists() for d in divisions)
    call_command("seed_demo", stdout=StringIO())
    assert (
        Unit.objects.count(),
        Person.objects.count(),
        Membership.objects.count(),
        AuditEvent.objects.count(),
    ) == counts
    assert verify_chain() is None
