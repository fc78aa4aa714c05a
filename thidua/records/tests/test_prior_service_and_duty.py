"""Inputs the engine reads that the database now keeps (issue 20): whether a discipline's
violation relates to public duties (NĐ 335/2025/NĐ-CP, from rating year 2026) and work at the
office under an earlier contract before the recruitment (prior service). Stored through the
services (secretariat and administrators of the agency only, audited), shown and entered on the
person's page and the import, mapped into the dossier, and judged as the law says."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.records import imports, services
from thidua.records.dossier import build_dossier, evaluate_agency
from thidua.records.models import Discipline, PriorService

from .factories import person
from .test_imports import upload, xlsx

pytestmark = pytest.mark.django_db


def _state():
    return (
        list(Discipline.objects.values_list("pk", "duty_related", "withdrawn_at")),
        list(PriorService.objects.values_list("pk", "start", "end", "withdrawn_at")),
        AuditEvent.objects.count(),
    )


def _ldtt(result, staff_code):
    (entry,) = [p for p in result["people"] if p["id"] == staff_code]
    return entry["titles"]["LDTT"]


def _check(title, rule):
    (item,) = [c for c in title["checks"] if c["rule"] == rule]
    return item


# --- Prior service ---------------------------------------------------------------------------


@pytest.fixture
def recruit(office):
    """Recruited 1 August 2025: 5 whole months to 31 December, short of the 6 of vn2022."""
    recruit = person("N01", "Lê Thị Mới", office["QH"], recruited_on=dt.date(2025, 8, 1))
    services.record_rating_set(actor=None, person=recruit, year=2025, rating="HTTNV")
    return recruit


@pytest.mark.parametrize(
    ("periods", "eligible"),
    [
        pytest.param([], False, id="no-prior-service-5-months"),
        pytest.param(
            [(dt.date(2025, 2, 1), dt.date(2025, 7, 31))], True, id="contract-into-recruitment"
        ),
        pytest.param(
            [(dt.date(2025, 2, 1), dt.date(2025, 7, 30))], False, id="a-day-gap-breaks-it"
        ),
        pytest.param(
            [
                (dt.date(2024, 3, 1), dt.date(2025, 2, 28)),
                (dt.date(2025, 3, 1), dt.date(2025, 7, 31)),
            ],
            True,
            id="two-contracts-without-a-break",
        ),
    ],
)
def test_prior_service_counts_toward_the_months_worked(office, recruit, periods, eligible):
    """Work at the office under an earlier contract running without a break into the
    recruitment counts toward the 6 months (FORMAT.md, "Prior service at the same office")."""
    for start, end in periods:
        services.prior_service_add(actor=None, person=recruit, start=start, end=end)
    result = evaluate_agency(
        agency=office["VP"], year=2025, settings={"require_registration": False}
    )
    ldtt = _ldtt(result, "N01")
    assert _check(ldtt, "months_worked")["passed"] is eligible
    assert ldtt["eligible"] is eligible


def test_withdrawn_prior_service_no_longer_counts(office, recruit):
    period = services.prior_service_add(
        actor=None, person=recruit, start=dt.date(2025, 2, 1), end=dt.date(2025, 7, 31)
    )
    services.prior_service_withdraw(actor=None, period=period, reason="Nhập nhầm người")
    (entry,) = [
        p for p in build_dossier(agency=office["VP"], year=2025)["people"] if p["id"] == "N01"
    ]
    assert "prior_service" not in entry


def test_prior_service_is_mapped_into_the_dossier(office, recruit):
    services.prior_service_add(
        actor=None, person=recruit, start=dt.date(2025, 2, 1), end=dt.date(2025, 7, 31)
    )
    services.prior_service_add(  # an earlier, separate contract: mapped as well
        actor=None, person=recruit, start=dt.date(2025, 1, 1), end=dt.date(2025, 1, 31)
    )
    people = {p["id"]: p for p in build_dossier(agency=office["VP"], year=2025)["people"]}
    assert people["N01"]["prior_service"] == [
        {"start": "2025-01-01", "end": "2025-01-31"},
        {"start": "2025-02-01", "end": "2025-07-31"},
    ]
    assert all("prior_service" not in p for code, p in people.items() if code != "N01")


@pytest.mark.parametrize(
    ("start", "end", "field", "message"),
    [
        pytest.param(
            dt.date(2025, 8, 1),
            dt.date(2025, 9, 1),
            "start",
            "phải bắt đầu trước ngày tuyển dụng (01/08/2025)",
            id="starts-on-the-recruitment-day",
        ),
        pytest.param(
            dt.date(2025, 5, 1),
            dt.date(2025, 4, 30),
            "end",
            "trước ngày bắt đầu",
            id="ends-before-it-starts",
        ),
    ],
)
def test_bad_prior_service_is_refused_and_nothing_changes(recruit, start, end, field, message):
    before = _state()
    with pytest.raises(ValidationError) as error:
        services.prior_service_add(actor=None, person=recruit, start=start, end=end)
    assert message in " ".join(error.value.message_dict[field])
    assert _state() == before


WRONG_ROLES = ["staff", "division_head", "head", "council_member", "union_rep", "other_agency"]


@pytest.mark.parametrize("persona", WRONG_ROLES)
def test_wrong_roles_cannot_add_or_withdraw_prior_service_and_nothing_changes(
    recruit, users, persona
):
    period = services.prior_service_add(
        actor=None, person=recruit, start=dt.date(2025, 2, 1), end=dt.date(2025, 7, 31)
    )
    before = _state()
    with pytest.raises(PermissionDenied):
        services.prior_service_add(
            actor=users[persona],
            person=recruit,
            start=dt.date(2024, 1, 1),
            end=dt.date(2024, 12, 31),
        )
    with pytest.raises(PermissionDenied):
        services.prior_service_withdraw(actor=users[persona], period=period, reason="Sai")
    assert _state() == before


@pytest.mark.parametrize("persona", ["secretariat", "admin"])
def test_editors_add_and_withdraw_prior_service_on_the_page(client_for, recruit, persona):
    client = client_for(persona)
    kwargs = {"staff_code": "N01", "year": 2025, "kind": "hop-dong-truoc"}
    response = client.post(
        reverse("records:fact_add", kwargs=kwargs),
        {
            "hop-dong-truoc-start": "01/02/2025",
            "hop-dong-truoc-end": "31/07/2025",
            "hop-dong-truoc-note": "Hợp đồng lao động số 12/HĐLĐ",
        },
    )
    assert response.status_code == 302
    period = PriorService.objects.get(person=recruit)
    assert (period.start, period.end) == (dt.date(2025, 2, 1), dt.date(2025, 7, 31))
    assert AuditEvent.objects.filter(action="record.prior_service_add").count() == 1
    page = client.get(reverse("records:person_year", kwargs={"staff_code": "N01", "year": 2025}))
    html = page.content.decode()
    assert "Làm việc theo hợp đồng trước khi tuyển dụng" in html
    assert "Hợp đồng lao động số 12/HĐLĐ" in html
    withdraw = reverse("records:fact_withdraw", kwargs={**kwargs, "pk": period.pk})
    response = client.post(withdraw, {f"withdraw-hop-dong-truoc-{period.pk}-reason": "Sai ngày"})
    assert response.status_code == 302
    period.refresh_from_db()
    assert period.withdrawn_reason == "Sai ngày"


@pytest.mark.parametrize("persona", ["staff", "division_head", "head"])
def test_prior_service_page_refuses_other_roles_and_changes_nothing(client_for, recruit, persona):
    before = _state()
    url = reverse(
        "records:fact_add", kwargs={"staff_code": "N01", "year": 2025, "kind": "hop-dong-truoc"}
    )
    response = client_for(persona).post(
        url, {"hop-dong-truoc-start": "01/02/2025", "hop-dong-truoc-end": "31/07/2025"}
    )
    assert response.status_code == 403
    assert _state() == before


# --- Discipline related to public duties -----------------------------------------------------


@pytest.mark.parametrize(
    ("year", "duty_related", "eligible", "flagged"),
    [
        # Rating years up to 2025: any discipline in the year ⇒ KHTNV (NĐ 90/2020/NĐ-CP Điều 2
        # khoản 5 điểm a, added by NĐ 48/2023/NĐ-CP), related to the duties or not.
        pytest.param(2025, False, False, True, id="2025-unrelated-still-khtnv"),
        pytest.param(2025, True, False, True, id="2025-related-khtnv"),
        # From rating year 2026 (NĐ 335/2025/NĐ-CP, in force 01/01/2026): only a violation
        # related to public duties; not recorded counts as related and asks for the reason.
        pytest.param(2026, False, True, False, id="2026-unrelated-keeps-the-rating"),
        pytest.param(2026, True, False, True, id="2026-related-khtnv"),
        pytest.param(2026, None, False, True, id="2026-not-recorded-counts-as-related"),
    ],
)
def test_duty_related_discipline_and_the_rating(
    office, people, year, duty_related, eligible, flagged
):
    staff = people["staff"]
    services.record_rating_set(actor=None, person=staff, year=year, rating="HTTNV")
    services.discipline_add(
        actor=None,
        person=staff,
        form="khien_trach",
        decision_number="15/QĐ-VP",
        decided_on=dt.date(year, 3, 10),
        duty_related=duty_related,
    )
    dossier = build_dossier(agency=office["VP"], year=year)
    (entry,) = [p for p in dossier["people"] if p["id"] == staff.staff_code]
    expected = {"form": "khien_trach", "decided_on": f"{year}-03-10"}
    if duty_related is not None:
        expected["duty_related"] = duty_related
    assert entry["disciplines"] == [expected]
    result = evaluate_agency(
        agency=office["VP"], year=year, settings={"require_registration": False}
    )
    ldtt = _ldtt(result, staff.staff_code)
    assert _check(ldtt, "rating")["passed"] is eligible
    (person_out,) = [p for p in result["people"] if p["id"] == staff.staff_code]
    assert bool(person_out["flags"]) is flagged
    reason = _check(ldtt, "rating")["reason"]
    assert ("chưa ghi lý do kỷ luật" in reason) is (year == 2026 and duty_related is None)


def test_duty_related_is_entered_on_the_page_and_audited(client_for, people):
    url = reverse("records:fact_add", kwargs={"staff_code": "P04", "year": 2026, "kind": "ky-luat"})
    response = client_for("secretariat").post(
        url,
        {
            "ky-luat-form": "khien_trach",
            "ky-luat-decision_number": "15/QĐ-VP",
            "ky-luat-decided_on": "10/03/2026",
            "ky-luat-duty_related": "0",
        },
    )
    assert response.status_code == 302
    row = Discipline.objects.get(person=people["staff"])
    assert row.duty_related is False
    event = AuditEvent.objects.filter(action="record.discipline_add").latest("seq")
    assert event.after["duty_related"] is False
    page = client_for("secretariat").get(
        reverse("records:person_year", kwargs={"staff_code": "P04", "year": 2026})
    )
    assert "vi phạm không liên quan đến hoạt động công vụ" in page.content.decode()


@pytest.mark.parametrize(
    ("cell", "stored"),
    [
        pytest.param("Có", True, id="co"),
        pytest.param("không", False, id="khong"),
        pytest.param("", None, id="blank-not-recorded"),
    ],
)
def test_the_import_reads_the_duty_related_column(client_for, people, cell, stored):
    row = {
        "Mã cán bộ": "P04",
        "Năm": 2026,
        "Hình thức kỷ luật": "Khiển trách",
        "Số quyết định kỷ luật": "15/QĐ-VP",
        "Ngày quyết định kỷ luật": "10/03/2026",
        "Vi phạm liên quan đến công vụ": cell,
    }
    client = client_for("secretariat")
    response = upload(client, xlsx(row))
    assert response.status_code == 302, response.content.decode()[:2000]
    from thidua.records.models import RecordImportBatch

    batch = RecordImportBatch.objects.latest("pk")
    response = client.post(reverse("records:import_confirm", kwargs={"pk": batch.pk}))
    assert response.status_code == 302
    assert Discipline.objects.get(person=people["staff"]).duty_related is stored


def test_the_import_refuses_a_bad_duty_related_cell(client_for, people):
    before = _state()
    row = {
        "Mã cán bộ": "P04",
        "Năm": 2026,
        "Hình thức kỷ luật": "Khiển trách",
        "Số quyết định kỷ luật": "15/QĐ-VP",
        "Ngày quyết định kỷ luật": "10/03/2026",
        "Vi phạm liên quan đến công vụ": "có lẽ",
    }
    client = client_for("secretariat")
    response = upload(client, xlsx(row))
    page = client.get(response["Location"]).content.decode()
    assert "không hợp lệ (Có, Không; để trống nếu chưa rõ)" in page
    assert _state() == before
    assert "Vi phạm liên quan đến công vụ" in [c.header for c in imports.COLUMNS]
