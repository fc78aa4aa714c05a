"""The permission matrix: every URL of the application, visited as every persona and anonymously.

A new URL pattern without a row here fails `test_every_url_is_in_the_matrix`, so no page can be
added without deciding who may see it. Refused requests must answer 403 and change nothing.
"""

import datetime as dt
import importlib

import pytest
from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from conftest import PERSONAS, build_world, rolled_back
from thidua.core.models import AuditEvent
from thidua.initiatives.tests.factories import matrix_objects as initiative_objects
from thidua.movements.tests.factories import launched_movement
from thidua.org.models import ImportBatch, ImportStatus, Membership
from thidua.records.models import RecordImportBatch
from thidua.reviews.tests.factories import matrix_objects as review_objects

pytestmark = pytest.mark.usefixtures("module_world")

ALL = set(PERSONAS)
OWN_AGENCY = ALL - {"other_agency"}
PEOPLE_READERS = {"head", "secretariat", "division_head", "admin"}
STAFF_EDITORS = {"secretariat", "admin"}
AUDIT_READERS = {"head", "admin"}

# name → (kwargs, allowed personas for GET). Object URLs use objects of the office "VP".
MATRIX = {
    "core:home": ({}, ALL),
    "core:audit_list": ({}, AUDIT_READERS),
    "accounts:password_change": ({}, ALL),
    "org:unit_tree": ({}, ALL),
    "org:unit_detail": ({"code": "QH"}, OWN_AGENCY),
    "org:person_list": ({}, PEOPLE_READERS | {"other_agency"}),
    "org:me": ({}, ALL),
    # P04 is staff in division QH: the division head of QH, the office managers and himself.
    "org:person_detail": (
        {"staff_code": "P04"},
        {"head", "secretariat", "division_head", "admin", "staff"},
    ),
    "org:person_transfer": ({"staff_code": "P04"}, STAFF_EDITORS),
    "org:import_start": ({}, STAFF_EDITORS | {"other_agency"}),
    "org:import_template": ({"kind": "staff", "fmt": "xlsx"}, STAFF_EDITORS | {"other_agency"}),
    "org:staff_export": ({"code": "VP"}, STAFF_EDITORS),
    "org:import_preview": ({"pk": "BATCH"}, STAFF_EDITORS),
    "core:notifications": ({}, ALL),
    "movements:list": ({}, ALL),
    "movements:create": ({}, STAFF_EDITORS | {"other_agency"}),
    "movements:detail": ({"pk": "MOVEMENT"}, OWN_AGENCY),
    "movements:edit": ({"pk": "MOVEMENT"}, STAFF_EDITORS),
    "movements:phases": ({"pk": "MOVEMENT"}, STAFF_EDITORS),
    "movements:targets": ({"pk": "MOVEMENT"}, STAFF_EDITORS),
    "movements:target_detail": (
        {"pk": "MOVEMENT", "target_pk": "TARGET"},
        {"head", "secretariat", "admin", "division_head"},
    ),
    "movements:document": ({"pk": "MOVEMENT", "fmt": "docx"}, OWN_AGENCY),
    "movements:register": ({"pk": "MOVEMENT"}, OWN_AGENCY),
    "movements:registrations": (
        {"pk": "MOVEMENT"},
        {"head", "secretariat", "admin", "division_head"},
    ),
    "movements:registrations_export": (
        {"pk": "MOVEMENT", "fmt": "xlsx"},
        {"head", "secretariat", "admin"},
    ),
    "movements:covenant_list": ({}, ALL),
    "movements:covenant_create": ({}, STAFF_EDITORS | {"other_agency"}),
    "movements:covenant_detail": ({"pk": "COVENANT"}, OWN_AGENCY),
    "movements:covenant_edit": ({"pk": "COVENANT"}, STAFF_EDITORS),
    "movements:covenant_sign": ({"pk": "COVENANT"}, STAFF_EDITORS),
    "movements:covenant_scan": ({"pk": "COVENANT"}, {"head", "secretariat", "admin", "union_rep"}),
    "movements:covenant_document": ({"pk": "COVENANT", "fmt": "docx"}, OWN_AGENCY),
    "initiatives:list": ({}, ALL),
    "initiatives:create": ({}, ALL),
    "initiatives:detail": ({"pk": "INITIATIVE"}, OWN_AGENCY),
    "initiatives:edit": ({"pk": "INITIATIVE"}, {"staff"}),
    "initiatives:transition": ({"pk": "INITIATIVE", "action": "withdraw"}, {"staff"}),
    "initiatives:evidence_upload": ({"pk": "INITIATIVE"}, {"staff"}),
    "initiatives:evidence": ({"pk": "INITIATIVE", "evidence_pk": "EVIDENCE"}, OWN_AGENCY),
    "initiatives:evidence_remove": ({"pk": "INITIATIVE", "evidence_pk": "EVIDENCE"}, {"staff"}),
    "initiatives:recognition_record": ({"pk": "INITIATIVE"}, {"head", "secretariat", "admin"}),
    "initiatives:mark_used": ({"pk": "INITIATIVE"}, {"head", "secretariat", "admin"}),
    "initiatives:council": ({}, STAFF_EDITORS | {"other_agency"}),
    "initiatives:session_create": ({}, STAFF_EDITORS | {"other_agency"}),
    "initiatives:session": (
        {"pk": "SESSION"},
        {"head", "secretariat", "admin", "initiative_member"},
    ),
    "initiatives:score": ({"pk": "SESSION", "item_pk": "ITEM"}, {"initiative_member"}),
    "initiatives:session_close": ({"pk": "SESSION"}, STAFF_EDITORS),
    "initiatives:minutes": (
        {"pk": "SESSION", "fmt": "docx"},
        {"head", "secretariat", "admin", "initiative_member"},
    ),
    "initiatives:decision_create": ({"pk": "SESSION"}, {"head"}),
    "initiatives:decision": ({"pk": "DECISION", "fmt": "docx"}, OWN_AGENCY),
    "initiatives:library": ({}, ALL),
    "initiatives:exemplar_create": ({}, {"head"}),
    "initiatives:exemplar": ({"pk": "EXEMPLAR"}, OWN_AGENCY),
    "initiatives:exemplar_withdraw": ({"pk": "EXEMPLAR"}, {"head"}),
    "reviews:index": ({}, PEOPLE_READERS | {"other_agency"}),
    "reviews:review_create": ({}, {"division_head"}),
    "reviews:review": ({"pk": "REVIEW"}, PEOPLE_READERS),
    "reviews:review_submit": ({"pk": "REVIEW"}, {"division_head"}),
    "reviews:minutes": ({"pk": "REVIEW", "fmt": "docx"}, PEOPLE_READERS),
    "reviews:proposal": ({"pk": "PROPOSAL"}, PEOPLE_READERS),
    "reviews:transition": ({"pk": "PROPOSAL", "action": "return"}, {"secretariat"}),
    "reviews:justify": ({"pk": "PROPOSAL", "nominee_pk": "NOMINEE"}, {"division_head"}),
    "reviews:attachment_upload": ({"pk": "PROPOSAL"}, {"division_head"}),
    "reviews:attachment": ({"pk": "PROPOSAL", "attachment_pk": "ATTACHMENT"}, PEOPLE_READERS),
    "reviews:ad_hoc_create": ({}, {"division_head"}),
    "reviews:inbox": ({}, {"head", "secretariat", "admin", "other_agency"}),
    "eligibility:office": ({}, PEOPLE_READERS | {"other_agency"}),
    "eligibility:person": (
        {"year": dt.date.today().year, "staff_code": "P04"},
        {"head", "secretariat", "division_head", "admin", "staff"},
    ),
    "eligibility:division": ({"year": dt.date.today().year, "code": "QH"}, PEOPLE_READERS),
    "records:index": ({}, {"head", "secretariat", "admin", "other_agency"}),
    "records:year_overview": ({"year": 2025}, {"head", "secretariat", "admin", "other_agency"}),
    "records:person_year": (
        {"staff_code": "P04", "year": 2025},
        {"head", "secretariat", "division_head", "admin", "staff"},
    ),
    "records:collective_year": (
        {"code": "QH", "year": 2025},
        {"head", "secretariat", "admin", "division_head"},
    ),
    "records:import_start": ({}, STAFF_EDITORS | {"other_agency"}),
    "records:import_template": ({}, STAFF_EDITORS | {"other_agency"}),
    "records:records_export": ({"code": "VP", "year": 2025}, STAFF_EDITORS),
    "records:import_preview": ({"pk": "RECORDS_BATCH"}, STAFF_EDITORS),
}
IMPORT_POST = {"org:import_confirm", "org:import_cancel"}
# name → (kwargs, form data, personas allowed); the others must get 403 and change nothing.
MOVEMENT_POST = {
    "movements:transition": (
        {"pk": "MOVEMENT", "action": "close"},
        {},
        {"head", "secretariat", "admin"},
    ),
    "movements:register_on_behalf": (
        {"pk": "MOVEMENT"},
        {"subject": "person", "code": "P07", "title_code": "LDTT"},
        STAFF_EDITORS,
    ),
    "movements:remind": ({"pk": "MOVEMENT"}, {}, STAFF_EDITORS),
    "movements:reopen": (
        {"pk": "MOVEMENT"},
        {"until": "31/12/2099", "reason": "Bổ sung"},
        STAFF_EDITORS,
    ),
}
# Records writes: refusals are tested in thidua/records/tests (test_views, test_imports).
RECORDS_POST = {
    "records:rating_set",
    "records:fact_add",
    "records:fact_withdraw",
    "records:import_confirm",
    "records:import_cancel",
}
POST_ONLY = IMPORT_POST | set(MOVEMENT_POST) | RECORDS_POST


def _app_matrices():
    """Rows contributed by the apps: `thidua/<app>/tests/matrix.py` may define MATRIX (same shape
    as above), POST_ONLY (names tested for refusal in the app's own tests) and
    `objects(office, people, users) -> dict` for the placeholders its rows use."""
    modules = []
    for config in apps.get_app_configs():
        if not config.name.startswith("thidua."):
            continue
        try:
            modules.append(importlib.import_module(f"{config.name}.tests.matrix"))
        except ModuleNotFoundError as error:
            if error.name != f"{config.name}.tests.matrix":
                raise
    return modules


APP_MATRICES = _app_matrices()
for _module in APP_MATRICES:
    assert not set(getattr(_module, "MATRIX", {})) & set(MATRIX), _module.__name__
    MATRIX.update(getattr(_module, "MATRIX", {}))
    POST_ONLY |= set(getattr(_module, "POST_ONLY", set()))
PUBLIC = {"accounts:login", "accounts:logout"}
for _module in APP_MATRICES:
    PUBLIC |= set(getattr(_module, "PUBLIC", set()))  # pages for anonymous users (own tests)
# Unit detail answers 404 outside the user's agency (its existence is not revealed).
NOT_FOUND_WHEN_REFUSED = {"org:unit_detail"}


def _app_url_names():
    names = set()

    def walk(patterns, namespace):
        for pattern in patterns:
            if isinstance(pattern, URLResolver):
                ns = pattern.namespace or namespace
                if ns in {"admin"}:
                    continue
                walk(pattern.url_patterns, ns)
            elif isinstance(pattern, URLPattern) and pattern.name and namespace:
                names.add(f"{namespace}:{pattern.name}")

    walk(get_resolver().url_patterns, None)
    return names


def test_every_url_is_in_the_matrix():
    assert _app_url_names() == set(MATRIX) | POST_ONLY | PUBLIC


def _make_batch(office, users):
    return ImportBatch.objects.create(
        kind="staff",
        agency=office["VP"],
        filename="ds.xlsx",
        file_sha256="0" * 64,
        rows=[],
        errors=[],
        created_by=users["secretariat"],
    )


def _make_objects(batch, office, people, users):
    movement, covenant = launched_movement(office["VP"])
    return {
        "BATCH": batch.pk,
        "MOVEMENT": movement.pk,
        "TARGET": movement.targets.first().pk,
        "COVENANT": covenant.pk,
        "RECORDS_BATCH": RecordImportBatch.objects.create(
            agency=office["VP"],
            filename="hs.xlsx",
            file_sha256="0" * 64,
            created_by=batch.created_by,
        ).pk,
        **initiative_objects(office, people, users),
        **review_objects(office, people, users),
        **{
            key: value
            for module in APP_MATRICES
            if hasattr(module, "objects")
            for key, value in module.objects(office, people, users).items()
        },
    }


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The persona office and every app's matrix objects, built once for this module (each
    case runs in a savepoint rolled back after it; see conftest.py)."""
    with rolled_back(django_db_blocker):
        world = build_world()
        batch = _make_batch(world.office, world.users)
        world.batch_pk = batch.pk
        world.objects = _make_objects(batch, world.office, world.people, world.users)
        yield world


@pytest.fixture
def batch(_world):
    return ImportBatch.objects.get(pk=_world.batch_pk)


@pytest.fixture
def objects(_world):
    return _world.objects


def _url(name, kwargs, objects):
    kwargs = {k: objects.get(v, v) for k, v in kwargs.items()}
    return reverse(name, kwargs=kwargs)


CASES = [(name, persona) for name in MATRIX for persona in [*PERSONAS, None]]


@pytest.mark.parametrize(
    ("name", "persona"), CASES, ids=[f"{n}-{p or 'anonymous'}" for n, p in CASES]
)
def test_get_matrix(client_for, objects, name, persona):
    kwargs, allowed = MATRIX[name]
    url = _url(name, kwargs, objects)
    response = client_for(persona).get(url)
    if persona is None:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("accounts:login"))
    elif persona in allowed:
        assert response.status_code in (200, 302), response.status_code
    elif name in NOT_FOUND_WHEN_REFUSED:
        assert response.status_code == 404
    else:
        assert response.status_code == 403
        assert "Không có quyền truy cập" in response.content.decode()


@pytest.mark.parametrize("persona", sorted(ALL - STAFF_EDITORS))
def test_transfer_refused_changes_nothing(client_for, office, people, persona):
    before = (Membership.objects.count(), AuditEvent.objects.count())
    response = client_for(persona).post(
        reverse("org:person_transfer", kwargs={"staff_code": "P04"}),
        {
            "to_unit": "ND",
            "position": "Chuyên viên",
            "on_date": "01/06/2026",
            "reason": "Quyết định 12/QĐ-VP",
        },
    )
    assert response.status_code == 403
    assert (Membership.objects.count(), AuditEvent.objects.count()) == before
    assert people["staff"].memberships.get(end_date__isnull=True).unit.code == "QH"


@pytest.mark.parametrize("name", sorted(IMPORT_POST))
@pytest.mark.parametrize("persona", sorted(ALL - STAFF_EDITORS))
def test_import_actions_refused_change_nothing(client_for, batch, name, persona):
    before = AuditEvent.objects.count()
    response = client_for(persona).post(reverse(name, kwargs={"pk": batch.pk}))
    assert response.status_code == 403
    batch.refresh_from_db()
    assert batch.status == ImportStatus.PREVIEW
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", sorted(IMPORT_POST))
def test_import_actions_are_post_only(client_for, batch, name):
    response = client_for("secretariat").get(reverse(name, kwargs={"pk": batch.pk}))
    assert response.status_code == 405


def _movement_state(objects):
    from thidua.core.models import Notification
    from thidua.movements.models import Movement, Registration

    movement = Movement.objects.get(pk=objects["MOVEMENT"])
    return (
        movement.status,
        movement.registration_reopened_until,
        Registration.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


MOVEMENT_POST_CASES = [
    (name, persona)
    for name, (_k, _d, allowed) in MOVEMENT_POST.items()
    for persona in sorted(ALL - allowed)
]


@pytest.mark.parametrize(
    ("name", "persona"), MOVEMENT_POST_CASES, ids=[f"{n}-{p}" for n, p in MOVEMENT_POST_CASES]
)
def test_movement_actions_refused_change_nothing(client_for, objects, name, persona):
    kwargs, data, _allowed = MOVEMENT_POST[name]
    before = _movement_state(objects)
    response = client_for(persona).post(_url(name, kwargs, objects), data)
    assert response.status_code == 403
    assert _movement_state(objects) == before


@pytest.mark.parametrize("name", sorted(MOVEMENT_POST))
def test_movement_actions_allowed_and_post_only(client_for, objects, name):
    kwargs, data, allowed = MOVEMENT_POST[name]
    client = client_for(sorted(allowed)[0])
    assert client.get(_url(name, kwargs, objects)).status_code == 405
    before = _movement_state(objects)
    assert client.post(_url(name, kwargs, objects), data).status_code == 302
    assert _movement_state(objects) != before


def test_division_head_cannot_open_another_division_by_changing_the_url(client_for, people):
    """P07 works in division ND; the head of QH may not read the record."""
    response = client_for("division_head").get(
        reverse("org:person_detail", kwargs={"staff_code": "P07"})
    )
    assert response.status_code == 403


def test_other_agency_sees_none_of_this_office(client_for, people):
    client = client_for("other_agency")
    listing = client.get(reverse("org:person_list")).content.decode()
    assert "Đặng Quốc Bảo" not in listing
    assert "Ngô Minh Trí" in listing
    assert client.get(reverse("org:person_detail", kwargs={"staff_code": "P04"})).status_code == 403
    assert client.get(reverse("org:unit_detail", kwargs={"code": "VP"})).status_code == 404
    tree = client.get(reverse("org:unit_tree")).content.decode()
    assert "Sở Nội vụ" in tree and "Phòng Công tác Quốc hội" not in tree


def test_division_head_lists_only_own_division(client_for, people):
    listing = client_for("division_head").get(reverse("org:person_list")).content.decode()
    assert "Đặng Quốc Bảo" in listing  # QH
    assert "Lê Thị Ánh Nguyệt" not in listing  # ND


def test_transfer_by_secretariat_keeps_history(client_for, people):
    response = client_for("secretariat").post(
        reverse("org:person_transfer", kwargs={"staff_code": "P04"}),
        {
            "to_unit": "ND",
            "position": "Chuyên viên chính",
            "on_date": "01/06/2026",
            "reason": "Quyết định 12/QĐ-VP",
        },
    )
    assert response.status_code == 302
    memberships = list(people["staff"].memberships.order_by("start_date"))
    assert [(m.unit.code, m.end_date) for m in memberships] == [
        ("QH", dt.date(2026, 5, 31)),
        ("ND", None),
    ]
    event = AuditEvent.objects.filter(action="person.transfer").get()
    assert event.before == {"unit": "QH", "position": "Chuyên viên"}
    assert event.after["unit"] == "ND"
    assert event.reason == "Quyết định 12/QĐ-VP"


@pytest.mark.parametrize(
    ("persona", "url"),
    [
        ("secretariat", "/binh-xet/tiep-nhan/?nam=0"),
        ("secretariat", "/binh-xet/tiep-nhan/?nam=99999"),
        ("staff", "/sang-kien/thu-vien/?year=10000"),
    ],
    ids=["inbox-year-zero", "inbox-year-huge", "library-year-10000"],
)
def test_out_of_range_years_do_not_break_pages(client_for, objects, persona, url):
    assert client_for(persona).get(url).status_code == 200


def test_huge_plan_number_is_refused_not_a_server_error(client_for, office):
    from thidua.movements.models import MovementStatus
    from thidua.movements.tests.factories import draft_movement

    movement = draft_movement(office["VP"], year=dt.date.today().year + 1)
    response = client_for("secretariat").post(
        reverse("movements:transition", kwargs={"pk": movement.pk, "action": "launch"}),
        {"number": str(2**63)},
    )
    assert response.status_code == 302
    movement.refresh_from_db()
    assert movement.status == MovementStatus.DRAFT
