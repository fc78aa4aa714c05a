"""The audit log is scoped per agency (issue 19, point 1): every event carries the agency it
belongs to, and the audit page, the admin's list and any export show a user only the agencies
they head or administer. Before, `/nhat-ky/` listed every agency's events — disciplines, ballot
tallies, usernames of another agency — to the head of any agency."""

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from conftest import make_person, make_user, otp_verify_client
from thidua.accounts.models import Role, User
from thidua.core import selectors
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.council.tests.factories import voted_session
from thidua.legal import services as legal_services
from thidua.org import services as org_services
from thidua.records import services as record_services
from thidua.upward.models import DossierStatus
from thidua.upward.tests.factories import dossier_in, province_board_user


def _discipline(actor, person, number):
    return record_services.discipline_add(
        actor=actor,
        person=person,
        form="khien_trach",
        decision_number=number,
        decided_on=dt.date.today(),
    )


@pytest.fixture
def world(office, people, users):
    """Events of two agencies (VP and SNV), of the province and of the national table, each
    written by the service that owns it; and the readers of each."""
    voted_session(office, people, users)  # VP: ballot.close with its tally
    _discipline(users["secretariat"], people["staff"], "01/QĐ-VP")
    _discipline(users["other_agency"], people["other_agency"], "07/QĐ-SNV")
    org_services.unit_update(actor=None, unit=office["DT"], name="Tỉnh Đồng Tháp (mới)")
    legal_services.parameter_add(
        actor=users["admin"],
        kind="base_salary",
        value=Decimal(2_500_000),
        effective_from=dt.date(2027, 7, 1),
        source="NĐ 1/2027/NĐ-CP Điều 3",
    )
    snv_head = make_user(
        "snv_head",
        make_person("X02", "Trịnh Văn Lộc", office["SNV-TCBC"]),
        [(Role.HEAD, office["SNV"])],
    )
    return {
        **users,
        "snv_head": snv_head,
        "province_board": province_board_user(office),
        "superuser": User.objects.create_superuser("root", password="Mat-khau-goc-2026"),
    }


def _reprs(user):
    return {(e.action, e.object_repr.split(" (")[0]) for e in selectors.visible_audit_events(user)}


VP_DISCIPLINE = ("record.discipline_add", "Đặng Quốc Bảo")
SNV_DISCIPLINE = ("record.discipline_add", "Ngô Minh Trí")
VP_BALLOT = "ballot.close"
PROVINCE_RENAME = "unit.update"
NATIONAL = "legal_parameter.add"


@pytest.mark.parametrize(
    ("reader", "sees", "never"),
    [
        ("head", {VP_DISCIPLINE, VP_BALLOT}, {SNV_DISCIPLINE, PROVINCE_RENAME, NATIONAL}),
        ("admin", {VP_DISCIPLINE, VP_BALLOT, NATIONAL}, {SNV_DISCIPLINE, PROVINCE_RENAME}),
        ("snv_head", {SNV_DISCIPLINE}, {VP_DISCIPLINE, VP_BALLOT, PROVINCE_RENAME, NATIONAL}),
        ("province_board", {PROVINCE_RENAME}, {VP_DISCIPLINE, SNV_DISCIPLINE, VP_BALLOT}),
        ("other_agency", set(), {VP_DISCIPLINE, SNV_DISCIPLINE, VP_BALLOT, PROVINCE_RENAME}),
        ("division_head", set(), {VP_DISCIPLINE, VP_BALLOT, SNV_DISCIPLINE}),
        ("staff", set(), {VP_DISCIPLINE, VP_BALLOT}),
        (
            "superuser",
            {VP_DISCIPLINE, SNV_DISCIPLINE, VP_BALLOT, PROVINCE_RENAME, NATIONAL},
            set(),
        ),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_who_reads_which_agency_events(world, reader, sees, never):
    seen = _reprs(world[reader])
    actions = {action for action, _name in seen}
    for expected in sees:
        assert (expected in seen) if isinstance(expected, tuple) else (expected in actions)
    for refused in never:
        assert (refused not in seen) if isinstance(refused, tuple) else (refused not in actions)


def test_events_carry_their_agency(world, office):
    units = dict(AuditEvent.objects.values_list("action", "unit__code").distinct())
    assert units["ballot.close"] == "VP"
    assert units["ballot.open"] == "VP"
    assert units[PROVINCE_RENAME] == "DT"
    assert units[NATIONAL] is None
    codes = set(
        AuditEvent.objects.filter(action="record.discipline_add").values_list(
            "unit__code", flat=True
        )
    )
    assert codes == {"VP", "SNV"}
    assert verify_chain() is None


@pytest.mark.parametrize(
    ("reader", "status", "shown", "hidden"),
    [
        ("head", 200, ["01/QĐ-VP", "ballot.close"], ["07/QĐ-SNV", "Ngô Minh Trí"]),
        ("snv_head", 200, ["07/QĐ-SNV"], ["01/QĐ-VP", "ballot.close", "Đặng Quốc Bảo"]),
        ("province_board", 200, ["Tỉnh Đồng Tháp (mới)"], ["01/QĐ-VP", "07/QĐ-SNV"]),
        ("other_agency", 403, [], []),
        ("division_head", 403, [], []),
    ],
    ids=lambda v: v if isinstance(v, str) else "",
)
def test_audit_page_shows_only_the_readers_agencies(world, client, reader, status, shown, hidden):
    client.force_login(world[reader])
    otp_verify_client(client, world[reader])
    response = client.get(reverse("core:audit_list"))
    assert response.status_code == status
    if status != 200:
        return
    html = response.content.decode()
    for text in shown:
        assert text in html
    for text in hidden:
        assert text not in html
    # The filter lists name only the reader's own actions too.
    options = response.context["form"].fields["action"].choices
    assert ("ballot.close" in dict(options)) == (reader == "head")


def test_filtering_by_object_id_does_not_reach_another_agency(world, client):
    snv_event = AuditEvent.objects.get(action="record.discipline_add", unit__code="SNV")
    client.force_login(world["head"])
    otp_verify_client(client, world["head"])
    response = client.get(reverse("core:audit_list"), {"object": snv_event.object_id})
    assert "07/QĐ-SNV" not in response.content.decode()


def test_admin_site_list_follows_the_same_scope(world, rf):
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEvent]
    request = rf.get("/quan-tri/core/auditevent/")
    request.user = world["admin"]
    actions = set(model_admin.get_queryset(request).values_list("action", "unit__code"))
    assert ("record.discipline_add", "VP") in actions
    assert ("record.discipline_add", "SNV") not in actions


def test_province_board_sees_dossiers_arriving_not_the_agencys_work(office, people, users):
    dossier_in(office, people, DossierStatus.SENT)
    board = province_board_user(office)
    actions = set(selectors.visible_audit_events(board).values_list("action", flat=True))
    assert "upward.send" in actions
    assert not actions & {"upward.create", "upward.sign", "ballot.close", "review.vote"}
    # The sending agency's head sees the whole story of the dossier.
    head_actions = set(
        selectors.visible_audit_events(users["head"]).values_list("action", flat=True)
    )
    assert {"upward.create", "upward.sign", "upward.send"} <= head_actions


def test_moving_an_event_to_another_agency_breaks_the_chain(world, office):
    from django.db import connection

    event = AuditEvent.objects.filter(unit__code="VP").order_by("seq").first()
    with connection.cursor() as cursor:
        cursor.execute(
            "UPDATE core_auditevent SET unit_id = %s WHERE id = %s", [office["SNV"].pk, event.pk]
        )
    assert verify_chain().seq == event.seq


def test_every_event_of_the_demo_year_carries_its_agency(db):
    """The demo runs most services of the year (plan, records, reviews, council, decisions,
    upward dossiers, clusters): each of their events names its agency or province."""
    from django.core.management import call_command

    call_command("seed_demo", verbosity=0)
    orphans = (
        AuditEvent.objects.filter(unit__isnull=True)
        .exclude(object_type__in=selectors.NATIONAL_OBJECT_TYPES)
        # An account with no person and no role yet belongs to no agency; its grant does.
        .exclude(action="user.create", after__person=None)
    )
    found = {f"{a} {t}" for a, t in orphans.values_list("action", "object_type")}
    assert ", ".join(sorted(found)) == ""
    assert AuditEvent.objects.filter(unit__isnull=False).count() > 100
