"""Every API operation × every persona (and no token) → the expected status, then object-level
refusals: a division head cannot read another division's person, another agency sees nothing
of office VP, staff cannot write; a refused write changes nothing."""

import re

import pytest

from conftest import PERSONAS
from thidua.api.main import api
from thidua.core.models import AuditEvent
from thidua.org.models import Person
from thidua.records.models import Discipline, Leave, PersonRating

pytestmark = pytest.mark.usefixtures("module_world")

ALL = set(PERSONAS)
OWN_AGENCY = ALL - {"other_agency"}
PEOPLE_READERS = {"head", "secretariat", "division_head", "admin"}
EDITORS = {"secretariat", "admin"}
P04_READERS = PEOPLE_READERS | {"staff"}

# (method, path) → (allowed personas, status when allowed, status when refused, body).
# Paths use P04 (staff of QH), the year YEAR, the movement and the proposal of api_data.
READS = {
    ("GET", "/api/v1/me"): (ALL, 200, None),
    ("GET", "/api/v1/units"): (ALL, 200, None),
    ("GET", "/api/v1/units/QH"): (OWN_AGENCY, 200, 404),
    ("GET", "/api/v1/people"): (ALL, 200, None),
    ("GET", "/api/v1/people/P04"): (P04_READERS, 200, 403),
    ("GET", "/api/v1/people/P04/records/{year}"): (P04_READERS, 200, 403),
    ("GET", "/api/v1/records/{year}/ratings"): (ALL, 200, None),
    ("GET", "/api/v1/movements"): (ALL, 200, None),
    ("GET", "/api/v1/movements/{movement}"): (OWN_AGENCY, 200, 403),
    ("GET", "/api/v1/movements/{movement}/targets"): (PEOPLE_READERS, 200, 403),
    ("GET", "/api/v1/movements/{movement}/registrations"): (PEOPLE_READERS, 200, 403),
    ("GET", "/api/v1/eligibility/{year}"): (PEOPLE_READERS | {"other_agency"}, 200, 403),
    ("GET", "/api/v1/eligibility/{year}/people"): (PEOPLE_READERS | {"other_agency"}, 200, 403),
    ("GET", "/api/v1/eligibility/{year}/people/P04"): (P04_READERS, 200, 403),
    ("GET", "/api/v1/proposals"): (PEOPLE_READERS | {"other_agency"}, 200, 403),
    ("GET", "/api/v1/proposals/{proposal}"): (PEOPLE_READERS, 200, 403),
    ("GET", "/api/v1/awards"): (ALL, 200, None),
    ("GET", "/api/v1/decisions"): (ALL, 200, None),
    ("GET", "/api/v1/decisions/{decision}"): (OWN_AGENCY, 200, 403),
    ("GET", "/api/v1/decisions/{draft}"): ({"head", "secretariat", "admin"}, 200, 403),
}
WRITES = {
    ("POST", "/api/v1/people"): (
        EDITORS,
        201,
        {
            "staff_code": "P50",
            "full_name": "Trần Văn Mới",
            "recruited_on": "2024-03-01",
            "unit": "QH",
        },
    ),
    ("PATCH", "/api/v1/people/P04"): (EDITORS, 200, {"email": "bao@vp.gov.vn", "reason": "HR"}),
    ("PUT", "/api/v1/people/P04/records/{year}/rating"): (
        EDITORS,
        200,
        {"rating": "HTXSNV", "reason": "Điều chỉnh theo kết quả đánh giá"},
    ),
    ("POST", "/api/v1/people/P04/disciplines"): (
        EDITORS,
        201,
        {"form": "khien_trach", "decision_number": "5/QĐ-VP", "decided_on": "2025-06-01"},
    ),
    ("POST", "/api/v1/people/P04/records/{year}/leaves"): (
        EDITORS,
        201,
        {"kind": "sick", "start": "2025-03-02", "end": "2025-03-04"},
    ),
}


def _url(template, api_data):
    return template.format(
        year=api_data["YEAR"],
        movement=api_data["MOVEMENT"],
        proposal=api_data["PROPOSAL"],
        decision=api_data["DECISION"],
        draft=api_data["DRAFT_DECISION"],
    )


def _state():
    return (
        AuditEvent.objects.count(),
        Person.objects.count(),
        list(Person.objects.values_list("email", flat=True).order_by("pk")),
        list(PersonRating.objects.values_list("pk", "rating", "superseded_at").order_by("pk")),
        Discipline.objects.count(),
        Leave.objects.count(),
    )


def test_every_operation_is_in_the_table():
    paths = api.get_openapi_schema(path_prefix="/api")["paths"]
    operations = {
        (method.upper(), path)
        for path, methods in paths.items()
        for method in methods
        if method in ("get", "post", "put", "patch", "delete")
    }
    concrete = {(m, p.replace("P04", "{staff_code}").replace("QH", "{code}")) for m, p in READS}
    concrete |= {(m, p.replace("P04", "{staff_code}")) for m, p in WRITES}
    concrete = {
        (m, re.sub(r"\{(movement|proposal|decision|draft)\}", "{pk}", p)) for m, p in concrete
    }
    assert operations == concrete


# One test per operation, looping over the personas: the office data is built once per
# operation rather than once per persona (the matrix is 10 × larger than the operations).
@pytest.mark.parametrize("key", list(READS), ids=[f"{m} {p}" for m, p in READS])
def test_read_matrix(api_client, api_data, key):
    allowed, ok, refused = READS[key]
    url = _url(key[1], api_data)
    wrong = []
    for persona in [*PERSONAS, None]:
        response = api_client(persona).get(url)
        if persona is None:
            expected = 401
            assert response.json()["detail"].startswith("Chưa xác thực")
            assert response["WWW-Authenticate"].startswith("Bearer")
        elif persona in allowed:
            expected = ok
        else:
            expected = refused
            if refused == 403:
                assert response.json() == {"detail": "Không có quyền truy cập."}
        if response.status_code != expected:
            wrong.append((persona, response.status_code, expected))
    assert wrong == []


@pytest.mark.parametrize("key", list(WRITES), ids=[f"{m} {p}" for m, p in WRITES])
def test_write_refused_changes_nothing(api_client, api_data, key):
    allowed, _ok, body = WRITES[key]
    url = _url(key[1], api_data)
    before = _state()
    wrong = []
    for persona in [*sorted(set(PERSONAS) - allowed), None]:
        refused = 401 if persona is None else 403
        if persona == "other_agency" and key == ("POST", "/api/v1/people"):
            refused = 422  # an editor elsewhere: unit QH is out of their scope (see below)
        response = api_client(persona).send(key[0], url, body)
        if response.status_code != refused:
            wrong.append((persona, response.status_code, refused))
        assert _state() == before, persona
    assert wrong == []


WRITE_CASES = [(key, persona) for key in WRITES for persona in sorted(WRITES[key][0])]


@pytest.mark.parametrize(
    ("key", "persona"), WRITE_CASES, ids=[f"{m} {p}-{who}" for (m, p), who in WRITE_CASES]
)
def test_write_allowed(api_client, api_data, key, persona):
    _allowed, ok, body = WRITES[key]
    before = _state()
    response = api_client(persona).send(key[0], _url(key[1], api_data), body)
    assert response.status_code == ok, response.content
    assert _state() != before
    assert AuditEvent.objects.count() > before[0]


def test_a_session_without_token_is_refused(client_for, api_data):
    """A logged-in browser cannot call the API with its cookie (so CSRF does not arise)."""
    client = client_for("secretariat")
    assert client.get("/api/v1/people").status_code == 401
    response = client.post(
        "/api/v1/people",
        {"staff_code": "P51", "full_name": "A", "recruited_on": "2024-01-01", "unit": "QH"},
        content_type="application/json",
    )
    assert response.status_code == 401
    assert not Person.objects.filter(staff_code="P51").exists()


# Object-level scope ---------------------------------------------------------------------


def test_division_head_reads_only_own_division(api_client, api_data):
    caller = api_client("division_head")
    codes = {row["staff_code"] for row in caller.get("/api/v1/people").json()["items"]}
    assert codes == {"P03", "P04"}
    assert caller.get("/api/v1/people/P07").status_code == 403  # P07 is in division ND
    year = api_data["YEAR"]
    assert caller.get(f"/api/v1/people/P07/records/{year}").status_code == 403
    assert caller.get(f"/api/v1/eligibility/{year}/people/P07").status_code == 403
    ratings = caller.get(f"/api/v1/records/{year}/ratings").json()["items"]
    assert {row["staff_code"] for row in ratings} == {"P04"}
    awards = caller.get("/api/v1/awards").json()["items"]
    assert [(a["subject"], a["code"], a["title_code"]) for a in awards] == [
        ("person", "P04", "LDTT"),  # the signed decision of 2025
        ("unit", "QH", "TTLDTT"),
        ("person", "P04", "LDTT"),  # paper era
    ]
    eligible = caller.get(f"/api/v1/eligibility/{year}/people").json()
    assert {row["code"] for row in eligible["items"]} == {"P03", "P04"}
    office = caller.get(f"/api/v1/eligibility/{year}").json()
    assert office["whole_agency"] is False
    assert [row["code"] for row in office["collectives"]] == ["QH"]


def test_division_head_sees_only_own_division_in_targets(api_client, api_data):
    progress = (
        api_client("division_head").get(f"/api/v1/movements/{api_data['MOVEMENT']}/targets").json()
    )
    divisions = {row["division"] for target in progress for row in target["divisions"]}
    assert divisions <= {"Phòng Công tác Quốc hội"}
    whole = api_client("secretariat").get(f"/api/v1/movements/{api_data['MOVEMENT']}/targets")
    assert len({r["division"] for t in whole.json() for r in t["divisions"]}) > 1


def test_staff_sees_only_themselves(api_client, api_data):
    caller = api_client("staff")
    assert [p["staff_code"] for p in caller.get("/api/v1/people").json()["items"]] == ["P04"]
    assert caller.get("/api/v1/people/P03").status_code == 403
    awards = caller.get("/api/v1/awards").json()["items"]
    assert [a["code"] for a in awards] == ["P04", "P04"]
    decisions = caller.get("/api/v1/decisions").json()["items"]
    assert [d["status"] for d in decisions] == ["signed"]  # not the draft
    assert caller.get(f"/api/v1/decisions/{api_data['DRAFT_DECISION']}").status_code == 403


def test_other_agency_sees_nothing_of_office_vp(api_client, api_data):
    caller = api_client("other_agency")
    year = api_data["YEAR"]
    units = {u["code"] for u in caller.get("/api/v1/units").json()["items"]}
    assert units == {"SNV", "SNV-TCBC"}
    assert caller.get("/api/v1/units/VP").status_code == 404
    people = caller.get("/api/v1/people").json()["items"]
    assert [p["staff_code"] for p in people] == ["X01"]
    assert caller.get("/api/v1/movements").json()["count"] == 0
    assert caller.get(f"/api/v1/records/{year}/ratings").json()["count"] == 0
    assert caller.get("/api/v1/awards").json()["count"] == 0
    assert caller.get("/api/v1/proposals").json()["count"] == 0
    assert caller.get("/api/v1/decisions").json()["count"] == 0
    assert caller.get(f"/api/v1/eligibility/{year}").json()["agency"] == "SNV"
    assert caller.get(f"/api/v1/eligibility/{year}?agency=VP").status_code == 403
    for url in (
        "/api/v1/people/P04",
        f"/api/v1/people/P04/records/{year}",
        f"/api/v1/movements/{api_data['MOVEMENT']}",
        f"/api/v1/proposals/{api_data['PROPOSAL']}",
        f"/api/v1/decisions/{api_data['DECISION']}",
    ):
        assert caller.get(url).status_code == 403, url


def test_other_agency_cannot_create_in_office_vp(api_client, api_data):
    before = _state()
    response = api_client("other_agency").post(
        "/api/v1/people",
        {"staff_code": "P52", "full_name": "B", "recruited_on": "2024-01-01", "unit": "QH"},
    )
    assert response.status_code == 422
    assert response.json()["errors"] == {
        "unit": ["Không có đơn vị với mã này trong phạm vi của bạn."]
    }
    assert _state() == before


# Validation and errors ------------------------------------------------------------------


def test_me_names_the_token_owner_and_roles(api_client, api_data):
    body = api_client("division_head").get("/api/v1/me").json()
    assert (body["username"], body["staff_code"]) == ("division_head", "P03")
    assert body["roles"] == [
        {"role": "division_head", "unit": "QH"},
        {"role": "staff", "unit": "QH"},
    ]
    assert body["token_prefix"].startswith("td_") and body["token_name"] == "Kiểm thử division_head"


def test_validation_errors_name_the_fields_in_vietnamese(api_client, api_data):
    caller = api_client("secretariat")
    response = caller.post("/api/v1/people", {"staff_code": "P04", "full_name": "", "unit": "QH"})
    assert response.status_code == 422
    body = response.json()
    assert body["detail"] == "Dữ liệu không hợp lệ."
    assert body["errors"] == {
        "full_name": ["Không được để trống."],
        "recruited_on": ["Thiếu giá trị bắt buộc."],
    }
    duplicate = caller.post(
        "/api/v1/people",
        {"staff_code": "P04", "full_name": "Trùng Mã", "recruited_on": "2024-01-01", "unit": "QH"},
    )
    assert duplicate.status_code == 422
    assert list(duplicate.json()["errors"]) == ["staff_code"]


def test_rating_correction_needs_a_reason_like_the_pages(api_client, api_data):
    caller = api_client("admin")
    url = f"/api/v1/people/P04/records/{api_data['YEAR']}/rating"
    before = _state()
    response = caller.put(url, {"rating": "HTNV"})
    assert response.status_code == 422
    assert response.json()["errors"] == {"reason": ["Phải ghi lý do điều chỉnh."]}
    assert _state() == before
    response = caller.put(url, {"rating": "HTNV", "reason": "Theo kết luận kiểm tra"})
    assert response.status_code == 200
    body = response.json()
    assert (body["rating"], body["recorded_by"], body["is_current"]) == ("HTNV", "admin", True)
    history = caller.get(f"/api/v1/people/P04/records/{api_data['YEAR']}").json()
    assert [r["rating"] for r in history["rating_history"]] == ["HTNV", "HTTNV"]


def test_not_found_and_unreadable_body(api_client, api_data):
    caller = api_client("secretariat")
    assert caller.get("/api/v1/people/KHONGCO").json() == {"detail": "Không tìm thấy."}
    assert caller.get("/api/v1/movements/999999").status_code == 404
    assert caller.get("/api/v1/proposals/999999").status_code == 404
    response = api_client("secretariat").send("POST", "/api/v1/people", None)
    assert response.status_code == 422


@pytest.mark.parametrize(
    ("params", "count"),
    [({"limit": 2}, 2), ({"limit": 2, "offset": 8}, 1), ({"limit": 200}, 9)],
    ids=["first-page", "last-page", "max-limit"],
)
def test_pagination(api_client, api_data, params, count):
    body = api_client("secretariat").get("/api/v1/people", **params).json()
    assert (body["count"], len(body["items"])) == (9, count)


def test_people_filter_by_activity_and_name(api_client, api_data, people):
    people["council_member"].is_active = False
    people["council_member"].save()
    caller = api_client("secretariat")
    assert caller.get("/api/v1/people").json()["count"] == 8
    inactive = caller.get("/api/v1/people", active="false").json()["items"]
    assert [p["staff_code"] for p in inactive] == ["P05"]
    assert caller.get("/api/v1/people", active="all").json()["count"] == 9
    found = caller.get("/api/v1/people", q="dang quoc bao").json()["items"]
    assert [p["staff_code"] for p in found] == ["P04"]
    assert caller.get("/api/v1/people", unit="ND", active="all").json()["count"] == 3


def test_limit_above_the_maximum_is_refused(api_client, api_data):
    response = api_client("secretariat").get("/api/v1/people", limit=201)
    assert response.status_code == 422
    assert list(response.json()["errors"]) == ["limit"]


def test_decision_with_its_annexed_list(api_client, api_data):
    body = api_client("staff").get(f"/api/v1/decisions/{api_data['DECISION']}").json()
    assert body["status"] == "signed" and body["number"].endswith("/QĐ-VP")
    assert [(e["subject"], e["code"], e["title_code"]) for e in body["entries"]] == [
        ("person", "P04", "LDTT"),
        ("unit", "QH", "TTLDTT"),
    ]
    drafts = api_client("secretariat").get("/api/v1/decisions", status="draft").json()
    assert [d["number"] for d in drafts["items"]] == [None]


VALID_PERSON = {
    "staff_code": "P60",
    "full_name": "Lê Văn Mới",
    "recruited_on": "2024-03-01",
    "unit": "QH",
}


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"staff_code": "P 60"}, "staff_code", "Giá trị không đúng định dạng."),
        ({"staff_code": ""}, "staff_code", "Không được để trống."),
        ({"full_name": "   "}, "full_name", None),
        ({"full_name": "Lê\x00Văn"}, "full_name", "Giá trị không đúng định dạng."),
        ({"recruited_on": "1899-12-31"}, "recruited_on", "Giá trị quá nhỏ."),
        ({"recruited_on": "31/12/2020"}, "recruited_on", None),
        ({"citizen_id": "123"}, "citizen_id", "Giá trị không đúng định dạng."),
        ({"gender": "x"}, "gender", "Giá trị không nằm trong danh sách cho phép."),
        ({"email": "khong-hop-le"}, "email", None),
        ({"unit": "KHONGCO"}, "unit", "Không có đơn vị với mã này trong phạm vi của bạn."),
    ],
    ids=[
        "code-with-space",
        "code-empty",
        "name-blank",
        "name-nul",
        "recruited-before-1900",
        "date-not-iso",
        "citizen-id-short",
        "gender-unknown",
        "email-invalid",
        "unit-unknown",
    ],
)
def test_person_create_refuses_bad_input_naming_the_field(
    api_client, people, tokens, change, field, message
):
    before = _state()
    response = api_client("secretariat").post("/api/v1/people", {**VALID_PERSON, **change})
    assert response.status_code == 422, response.content
    errors = response.json()["errors"]
    assert list(errors) == [field]
    if message is not None:
        assert errors[field] == [message]
    assert _state() == before


def test_person_create_normalises_spaces_like_the_import(api_client, people, tokens):
    body = {**VALID_PERSON, "full_name": "  Lê   Văn  Mới "}
    response = api_client("secretariat").post("/api/v1/people", body)
    assert response.status_code == 201
    assert response.json()["full_name"] == "Lê Văn Mới"
    assert Person.objects.get(staff_code="P60").memberships.get().unit.code == "QH"
