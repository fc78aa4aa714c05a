"""The legal parameter table: seeded with the known rows, an administrator adds a row and the
next decision uses it, every other role is refused and nothing changes, a mistaken row is
withdrawn with a reason, every write is audited (issue 20, point 3)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.apps import apps as django_apps
from django.urls import reverse

from conftest import PERSONAS
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.decisions.services import entry_amount
from thidua.legal import selectors, services
from thidua.legal.models import LegalParameter, ParameterKind
from thidua.legal.seeds import reseed
from thidua.rules.parameters import SEED_ROWS

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("seeded")]

ADD = reverse("legal:add")
NEW_SALARY = {
    "kind": "base_salary",
    "key": "",
    "value": "2700000",
    "effective_from": "01/01/2027",
    "source": "NĐ 999/2026/NĐ-CP Điều 3 khoản 2",
    "note": "Nghị định điều chỉnh lương cơ sở (thử nghiệm)",
}


@pytest.fixture
def seeded(db):
    """The migration's rows, put back when a transactional test flushed the table."""
    if not LegalParameter.objects.exists():
        reseed(django_apps)


def state():
    return (
        list(LegalParameter.objects.values_list("pk", "withdrawn_at")),
        AuditEvent.objects.count(),
    )


def test_the_migrations_seed_every_known_row():
    stored = {
        (r.kind, r.key, r.value, r.effective_from, r.source)
        for r in LegalParameter.objects.filter(withdrawn_at__isnull=True)
    }
    assert stored == {(r.kind, r.key, r.value, r.effective_from, r.source) for r in SEED_ROWS}
    assert set(selectors.legal_parameters().rows) == set(SEED_ROWS)
    salaries = LegalParameter.objects.filter(kind=ParameterKind.BASE_SALARY)
    assert [(r.effective_from, int(r.value)) for r in salaries] == [
        (dt.date(2016, 5, 1), 1_210_000),
        (dt.date(2017, 7, 1), 1_300_000),
        (dt.date(2018, 7, 1), 1_390_000),
        (dt.date(2019, 7, 1), 1_490_000),
        (dt.date(2023, 7, 1), 1_800_000),
        (dt.date(2024, 7, 1), 2_340_000),
        (dt.date(2026, 7, 1), 2_530_000),
    ]


def test_admin_adds_a_base_salary_and_the_next_decision_uses_it(client_for, users):
    before = AuditEvent.objects.count()
    assert entry_amount("LDTT", dt.date(2027, 1, 1), collective=False) == 760_000  # 0.3 × 2.53 M
    response = client_for("admin").post(ADD, NEW_SALARY)
    assert response.status_code == 302
    assert response["Location"] == reverse("legal:list")
    row = LegalParameter.objects.get(source="NĐ 999/2026/NĐ-CP Điều 3 khoản 2")
    assert (row.value, row.effective_from, row.entered_by) == (
        Decimal(2_700_000),
        dt.date(2027, 1, 1),
        users["admin"],
    )
    event = AuditEvent.objects.get(seq__gt=0, action="legal_parameter.add", object_id=str(row.pk))
    assert Decimal(event.after["value"]) == Decimal(2_700_000)
    assert AuditEvent.objects.count() == before + 1
    assert verify_chain() is None
    # Decisions dated before the new row keep the old salary; from its date they use the new one.
    assert entry_amount("LDTT", dt.date(2026, 12, 31), collective=False) == 760_000
    assert entry_amount("LDTT", dt.date(2027, 1, 1), collective=False) == 810_000
    page = client_for("staff").get(reverse("legal:list")).content.decode()
    assert "NĐ 999/2026/NĐ-CP Điều 3 khoản 2" in page


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"admin"}))
def test_other_roles_cannot_add_and_nothing_changes(client_for, persona):
    before = state()
    assert client_for(persona).get(ADD).status_code == 403
    assert client_for(persona).post(ADD, NEW_SALARY).status_code == 403
    assert state() == before


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"admin"}))
def test_other_roles_cannot_withdraw_and_nothing_changes(client_for, persona):
    row = LegalParameter.objects.get(kind="base_salary", effective_from=dt.date(2026, 7, 1))
    before = state()
    url = reverse("legal:withdraw", kwargs={"pk": row.pk})
    assert client_for(persona).post(url, {"reason": "nhập nhầm"}).status_code == 403
    assert state() == before


def test_anonymous_is_sent_to_login_and_nothing_changes(client):
    before = state()
    response = client.post(ADD, NEW_SALARY)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))
    assert state() == before


def test_withdraw_needs_post(client_for):
    row = LegalParameter.objects.first()
    url = reverse("legal:withdraw", kwargs={"pk": row.pk})
    assert client_for("admin").get(url).status_code == 405


def test_admin_withdraws_a_mistaken_row_with_a_reason(client_for, users):
    wrong = services.parameter_add(
        actor=users["admin"],
        kind="base_salary",
        value=Decimal(9_999_000),
        effective_from=dt.date(2027, 3, 1),
        source="NĐ 1/2027/NĐ-CP Điều 3 khoản 2",
    )
    assert entry_amount("CSTDCS", dt.date(2027, 3, 1), collective=False) == 10_000_000
    url = reverse("legal:withdraw", kwargs={"pk": wrong.pk})
    assert client_for("admin").post(url, {"reason": ""}).status_code == 302
    wrong.refresh_from_db()
    assert wrong.withdrawn_at is None  # no reason, nothing withdrawn
    client_for("admin").post(url, {"reason": "Nhập nhầm số nghị định"})
    wrong.refresh_from_db()
    assert wrong.withdrawn_reason == "Nhập nhầm số nghị định"
    assert (
        AuditEvent.objects.filter(
            action="legal_parameter.withdraw", object_id=str(wrong.pk)
        ).count()
        == 1
    )
    assert entry_amount("CSTDCS", dt.date(2027, 3, 1), collective=False) == 2_530_000
    assert wrong.as_row() not in selectors.legal_parameters().rows


@pytest.mark.parametrize(
    ("data", "field", "message"),
    [
        pytest.param(
            {"kind": "coefficient", "key": "XYZ", "value": "0.5"},
            "key",
            "Hệ số phải gắn với một mã danh hiệu, hình thức",
            id="coefficient-needs-a-title-code",
        ),
        pytest.param(
            {"value": "2700000.5"},
            "value",
            "Phải là số nguyên dương (đồng).",
            id="salary-whole-vnd",
        ),
        pytest.param(
            {"key": "LDTT"},
            "key",
            "Loại tham số này không gắn với danh hiệu",
            id="salary-has-no-key",
        ),
        pytest.param(
            {"effective_from": "01/07/2026"},
            "effective_from",
            "Đã có tham số cùng loại hiệu lực từ ngày này",
            id="same-kind-same-date-twice",
        ),
        pytest.param(
            {"kind": "regime_from_year", "key": "vn2099", "value": "2030"},
            "key",
            "Chế độ phải là một trong: vn2013, vn2022.",
            id="unknown-regime",
        ),
        pytest.param(
            {"kind": "same_period_highest", "value": "2"},
            "value",
            "Ghi 1 (chỉ thưởng danh hiệu cao nhất) hoặc 0 (thưởng từng danh hiệu).",
            id="same-period-rule-is-0-or-1",
        ),
        pytest.param(
            {"kind": "same_period_highest", "key": "LDTT", "value": "1"},
            "key",
            "Loại tham số này không gắn với danh hiệu",
            id="same-period-rule-has-no-key",
        ),
        pytest.param(
            {"kind": "cstdcs_cap_percent", "key": "vn2022", "value": "101"},
            "value",
            "Phải là tỷ lệ từ 0 đến 100 (%)",
            id="cap-percent-at-most-100",
        ),
        pytest.param(
            {"kind": "cstdcs_cap_percent", "key": "", "value": "15"},
            "key",
            "Chế độ phải là một trong: vn2013, vn2022.",
            id="cap-percent-needs-a-regime",
        ),
        pytest.param(
            {"kind": "cap_rounding", "key": "vn2022", "value": "3"},
            "value",
            "Ghi 0 (làm tròn xuống), 1 (làm tròn lên) hoặc 2 (đến số gần nhất).",
            id="cap-rounding-code",
        ),
        pytest.param({"value": ""}, "value", "Ghi giá trị của tham số.", id="salary-needs-a-value"),
        pytest.param({"source": "  "}, "source", "", id="source-required"),
    ],
)
def test_bad_rows_are_refused_with_a_vietnamese_message(client_for, data, field, message):
    before = state()
    response = client_for("admin").post(ADD, {**NEW_SALARY, **data})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert field in errors
    assert message in " ".join(errors[field])
    assert state() == before


@pytest.mark.parametrize(
    ("on", "warned"),
    [(dt.date(2027, 7, 1), False), (dt.date(2027, 7, 2), True)],
)
def test_staleness_warning_from_the_table(on, warned):
    assert (selectors.staleness_warning(on) is not None) is warned


def test_an_empty_table_reads_as_the_seed_rows():
    LegalParameter.objects.all().delete()
    assert set(selectors.legal_parameters().rows) == set(SEED_ROWS)
    assert entry_amount("LDTT", dt.date(2024, 7, 1), collective=False) == 710_000


def test_evaluate_command_reads_the_table_with_db_parameters(tmp_path, users):
    import io
    import json

    from django.core.management import call_command

    services.parameter_add(
        actor=users["admin"],
        kind="base_salary",
        value=Decimal(2_800_000),
        effective_from=dt.date(2027, 2, 1),
        source="NĐ 777/2027/NĐ-CP Điều 3 khoản 2",
    )
    dossier = tmp_path / "d.json"
    dossier.write_text(json.dumps({"year": 2026, "decision_date": "2027-02-01"}))
    outputs = {}
    for flag in ((), ("--db-parameters",)):
        out = io.StringIO()
        call_command("evaluate", str(dossier), *flag, stdout=out)
        outputs[flag] = json.loads(out.getvalue())["reward"]["base_salary_vnd"]
    assert outputs == {(): 2_530_000, ("--db-parameters",): 2_800_000}


def test_admin_switches_the_same_period_rule_off_and_the_next_decision_pays_each_title(
    client_for, users, office, people
):
    """The money rule of NĐ 152/2025/NĐ-CP Điều 49 khoản 5 is a dated row: a later decree that
    changes it is entered as data (here: a test row from 01/01/2026 that pays each title)."""
    from thidua.decisions.services import decision_amounts
    from thidua.decisions.tests.factories import draft

    staff = people["staff"]
    decision = draft(
        office,
        people,
        users,
        entries=[
            {"person": staff, "unit": None, "title_code": "LDTT"},
            {"person": staff, "unit": None, "title_code": "CSTDCS"},
        ],
    )
    entries = list(decision.entries.order_by("title_code"))  # CSTDCS, LDTT
    assert decision_amounts(entries, dt.date(2026, 1, 15)) == [2_340_000, 0]
    response = client_for("admin").post(
        ADD,
        {
            "kind": "same_period_highest",
            "key": "",
            "value": "0",
            "effective_from": "01/01/2026",
            "source": "NĐ 999/2025/NĐ-CP Điều 9 (thử nghiệm)",
            "note": "",
        },
    )
    assert response.status_code == 302
    assert decision_amounts(entries, dt.date(2026, 1, 15)) == [2_340_000, 710_000]
    assert decision_amounts(entries, dt.date(2025, 12, 31)) == [2_340_000, 0]


@pytest.mark.parametrize(
    ("office_rule", "decision_date", "cap_percent", "rounding"),
    [
        pytest.param(None, dt.date(2026, 12, 31), None, "down", id="day-before-the-row"),
        pytest.param(None, dt.date(2027, 1, 1), 20, "up", id="day-of-the-row"),
        pytest.param(
            {"cstdcs_cap_percent": 15}, dt.date(2027, 1, 1), 15, "up", id="office-rule-wins"
        ),
    ],
)
def test_admin_enters_quota_rows_and_the_office_evaluation_reads_them(
    client_for, users, office, office_rule, decision_date, cap_percent, rounding
):
    """The CSTĐCS quota per regime is a dated row; the office's own rule (the dossier's
    settings, e.g. THIDUA_RULE_SETTINGS) still wins over it."""
    from thidua.records.dossier import evaluate_agency

    for kind, value in (("cstdcs_cap_percent", "20"), ("cap_rounding", "1")):
        response = client_for("admin").post(
            ADD,
            {
                "kind": kind,
                "key": "vn2022",
                "value": value,
                "effective_from": "01/01/2027",
                "source": "NĐ 999/2026/NĐ-CP Điều 9 (thử nghiệm)",
                "note": "",
            },
        )
        assert response.status_code == 302
    result = evaluate_agency(
        agency=office["VP"], year=2026, decision_date=decision_date, settings=office_rule
    )
    quota = result["quotas"]["CSTDCS"]
    assert (quota["cap_percent"], quota["cap_rounding"]) == (cap_percent, rounding)


def test_a_no_cap_row_is_entered_with_an_empty_value(client_for):
    response = client_for("admin").post(
        ADD,
        {
            "kind": "cstdcs_cap_percent",
            "key": "vn2013",
            "value": "",
            "effective_from": "01/01/2027",
            "source": "NĐ 999/2026/NĐ-CP Điều 9 (thử nghiệm)",
            "note": "",
        },
    )
    assert response.status_code == 302
    row = LegalParameter.objects.get(kind="cstdcs_cap_percent", key="vn2013", note="")
    assert row.value is None
    assert "không giới hạn" in str(row)
    page = client_for("staff").get(reverse("legal:list")).content.decode()
    assert "không giới hạn" in page
