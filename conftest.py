"""Shared test fixtures: a small office and the cast of personas from STYLE.md, and the suite's
frozen clock.

The office: province DT → agency VP → divisions HC (the secretariat's), QH and ND; a second
agency OTHER with one division, to prove one agency's users never reach another's records.

The clock: every test runs on the same "today" (`THIDUA_TEST_TODAY`, default Monday 15 June 2026,
09:00 in Asia/Ho_Chi_Minh), set before the test modules are collected so module-level dates
agree; time then runs on from there (time-machine, tick=True). Run the suite with
`THIDUA_TEST_TODAY=2026-12-31` or `2027-01-01` to prove it does not depend on the day.

The world built once: a module that declares `pytestmark = pytest.mark.usefixtures("module_world")`
gets the office, its people and users built once for the whole module inside a transaction that
is rolled back at the module's end; each test runs in a savepoint rolled back after it, so every
test still starts from the same data. Modules without it build the office per test.
"""

import datetime as dt
import io
import os
from contextlib import contextmanager
from types import SimpleNamespace
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.signals import user_logged_in
from django.core.management import call_command
from django.db import transaction

from thidua.accounts import services as account_services
from thidua.accounts.models import Role
from thidua.org import services
from thidua.org.models import UnitKind

TEST_TODAY = dt.date.fromisoformat(os.environ.get("THIDUA_TEST_TODAY") or "2026-06-15")
TEST_NOW = dt.datetime.combine(TEST_TODAY, dt.time(9, 0), tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
# Started when this file is imported: pytest imports the root conftest before any other conftest
# or test module (conftests of the command line's folders are imported before pytest_configure),
# so module-level dates everywhere in the tests already read the frozen clock.
_clock = time_machine.travel(TEST_NOW, tick=True)
_clock.start()


def pytest_unconfigure(config):
    _clock.stop()


def pytest_report_header(config):
    return f"thidua: frozen today {TEST_TODAY.isoformat()} (THIDUA_TEST_TODAY)"


@pytest.fixture
def today():
    """The suite's frozen "today" (a `datetime.date`)."""
    return TEST_TODAY


@contextmanager
def rolled_back(django_db_blocker):
    """Database work that lasts for a module (or class) and is undone at its end: the tests
    inside run in savepoints of this transaction."""
    with django_db_blocker.unblock():
        atomic = transaction.atomic()
        atomic.__enter__()
        try:
            yield
        finally:
            transaction.set_rollback(True)
            atomic.__exit__(None, None, None)


def build_office():
    province = services.unit_create(
        actor=None, code="DT", name="Tỉnh Đồng Tháp", kind=UnitKind.PROVINCE, parent=None
    )
    agency = services.unit_create(
        actor=None,
        code="VP",
        name="Văn phòng Đoàn ĐBQH và HĐND",
        kind=UnitKind.AGENCY,
        parent=province,
    )
    hc = services.unit_create(
        actor=None,
        code="HC",
        name="Phòng Hành chính, Tổ chức, Quản trị",
        kind=UnitKind.DIVISION,
        parent=agency,
        order=1,
    )
    qh = services.unit_create(
        actor=None,
        code="QH",
        name="Phòng Công tác Quốc hội",
        kind=UnitKind.DIVISION,
        parent=agency,
        order=2,
    )
    nd = services.unit_create(
        actor=None,
        code="ND",
        name="Phòng Công tác HĐND",
        kind=UnitKind.DIVISION,
        parent=agency,
        order=3,
    )
    other = services.unit_create(
        actor=None, code="SNV", name="Sở Nội vụ", kind=UnitKind.AGENCY, parent=province
    )
    other_div = services.unit_create(
        actor=None,
        code="SNV-TCBC",
        name="Phòng Tổ chức biên chế",
        kind=UnitKind.DIVISION,
        parent=other,
    )
    return {u.code: u for u in (province, agency, hc, qh, nd, other, other_div)}


def make_person(code, name, unit, **extra):
    return services.person_create(
        actor=None,
        staff_code=code,
        full_name=name,
        recruited_on=extra.pop("recruited_on", dt.date(2015, 1, 1)),
        unit=unit,
        position=extra.pop("position", "Chuyên viên"),
        **extra,
    )


def make_user(username, person, roles):
    user, _ = account_services.user_create(
        actor=None,
        username=username,
        full_name=person.full_name if person else username,
        person=person,
        password="Mat-khau-thu-nghiem-2026",
        must_change_password=False,
    )
    for role, unit in roles:
        account_services.role_grant(
            actor=None, user=user, role=role, unit=unit, valid_from=dt.date(2020, 1, 1)
        )
    return user


def build_people(office):
    return {
        "head": make_person("P01", "Nguyễn Văn Hùng", office["HC"], position="Chánh Văn phòng"),
        "secretariat": make_person("P02", "Phạm Thị Ngọc Lan", office["HC"]),
        "division_head": make_person("P03", "Võ Thanh Tùng", office["QH"], position="Trưởng phòng"),
        "staff": make_person("P04", "Đặng Quốc Bảo", office["QH"]),
        "council_member": make_person("P05", "Trần Thị Thu Hà", office["ND"]),
        "admin": make_person("P06", "Bùi Văn Khánh", office["HC"]),
        "nd_staff": make_person("P07", "Lê Thị Ánh Nguyệt", office["ND"]),
        "other_agency": make_person("X01", "Ngô Minh Trí", office["SNV-TCBC"]),
        "union_rep": make_person("P08", "Huỳnh Thị Kim Oanh", office["ND"]),
        "initiative_member": make_person("P09", "Lê Minh Tâm", office["HC"]),
    }


PERSONAS = [
    "head",
    "secretariat",
    "division_head",
    "staff",
    "council_member",
    "initiative_member",
    "union_rep",
    "admin",
    "other_agency",
]


def build_users(office, people):
    vp = office["VP"]
    return {
        "head": make_user("head", people["head"], [(Role.HEAD, vp), (Role.STAFF, office["HC"])]),
        "secretariat": make_user(
            "secretariat",
            people["secretariat"],
            [(Role.SECRETARIAT, vp), (Role.STAFF, office["HC"])],
        ),
        "division_head": make_user(
            "division_head",
            people["division_head"],
            [(Role.DIVISION_HEAD, office["QH"]), (Role.STAFF, office["QH"])],
        ),
        "staff": make_user("staff", people["staff"], [(Role.STAFF, office["QH"])]),
        "council_member": make_user(
            "council_member",
            people["council_member"],
            [(Role.COUNCIL_MEMBER, vp), (Role.STAFF, office["ND"])],
        ),
        "initiative_member": make_user(
            "initiative_member",
            people["initiative_member"],
            [(Role.INITIATIVE_COUNCIL_MEMBER, vp), (Role.STAFF, office["HC"])],
        ),
        "union_rep": make_user(
            "union_rep",
            people["union_rep"],
            [(Role.UNION_REP, vp), (Role.COUNCIL_MEMBER, vp), (Role.STAFF, office["ND"])],
        ),
        "admin": make_user("admin", people["admin"], [(Role.ADMIN, vp)]),
        "other_agency": make_user(
            "other_agency", people["other_agency"], [(Role.SECRETARIAT, office["SNV"])]
        ),
    }


def otp_test_device(user):
    """The user's confirmed TOTP device; one is created when the user's roles require it."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    from thidua.accounts.models import User
    from thidua.accounts.otp import confirmed_device, otp_required

    device = confirmed_device(user)
    # A fresh copy: otp_required caches the roles on the object it is given.
    if device is None and otp_required(User.objects.get(pk=user.pk)):
        device = TOTPDevice.objects.create(user=user, name="Thiết bị thử nghiệm", confirmed=True)
    return device


def otp_verify_client(client, user):
    """Mark a force-logged-in test client's session as having passed the second factor, as the
    login page leaves it (a confirmed device is created when the user's roles require one)."""
    from django_otp import DEVICE_ID_SESSION_KEY

    device = otp_test_device(user)
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return device


def _forced_login_passes_second_factor(sender, request, user, **kwargs):
    """`Client.force_login` logs in through a bare HttpRequest (a real login request is a
    WSGIRequest): such test logins also pass the second factor, so tests written before it
    existed keep working. Logins through the login page still go through the code step."""
    from django.http import HttpRequest
    from django_otp import DEVICE_ID_SESSION_KEY

    if type(request) is HttpRequest and hasattr(request, "session"):
        device = otp_test_device(user)
        if device is not None:
            request.session[DEVICE_ID_SESSION_KEY] = device.persistent_id


user_logged_in.connect(_forced_login_passes_second_factor, dispatch_uid="thidua-test-otp")


def build_world(devices=True):
    """The persona office, its people and users (with their second-factor devices unless
    `devices=False`: then, as for a world built per test, `client_for` creates them)."""
    office = build_office()
    people = build_people(office)
    users = build_users(office, people)
    if devices:
        for user in users.values():
            otp_test_device(user)
    return SimpleNamespace(office=office, people=people, users=users)


@pytest.fixture(scope="module")
def module_world(django_db_setup, django_db_blocker):
    """The persona world built once for a module (opt in with
    `pytestmark = pytest.mark.usefixtures("module_world")`); rolled back at the module's end."""
    with rolled_back(django_db_blocker):
        yield build_world(devices=False)


@pytest.fixture(scope="module")
def module_demo(django_db_setup, django_db_blocker):
    """The demo (`seed_demo`) loaded once for a module and rolled back at its end; each test
    runs in a savepoint. A module using it must not build the persona office as well (both
    hold the province DT)."""
    with rolled_back(django_db_blocker):
        call_command("seed_demo", stdout=io.StringIO())
        yield


def _fresh(objects: dict) -> dict:
    """Fresh instances of the world's objects, so that what one test changes on an instance
    (cached roles, an unsaved field) never reaches the next test."""
    if not objects:
        return {}
    model = type(next(iter(objects.values())))
    by_pk = model._default_manager.in_bulk([obj.pk for obj in objects.values()])
    return {key: by_pk[obj.pk] for key, obj in objects.items()}


def _shared_world(request):
    if "module_world" not in request.fixturenames:
        return None
    world = request.getfixturevalue("module_world")
    fresh = {name: _fresh(getattr(world, name)) for name in ("office", "people", "users")}
    return SimpleNamespace(**{**vars(world), **fresh})


@pytest.fixture
def _world(request, db):
    return _shared_world(request)


@pytest.fixture
def office(_world):
    return _world.office if _world else build_office()


@pytest.fixture
def people(_world, office):
    return _world.people if _world else build_people(office)


@pytest.fixture
def users(_world, office, people):
    return _world.users if _world else build_users(office, people)


@pytest.fixture
def client_for(client, users):
    """`client_for("staff")` is a test client logged in as that persona (None: anonymous).
    Personas whose roles require a second factor get a confirmed device and a verified session."""

    def login(persona):
        client.logout()
        if persona is not None:
            client.force_login(users[persona])
            otp_verify_client(client, users[persona])
        return client

    return login
