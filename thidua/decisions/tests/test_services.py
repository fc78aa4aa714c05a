import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.decisions import services
from thidua.decisions.models import Award, Decision, DecisionStatus, RegisteredNumber

from .factories import draft, signed

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("module_world")]


@pytest.mark.parametrize(
    ("title", "on", "collective", "amount"),
    [
        # 0.3 × 1,490,000 = 447,000 → 450,000 (DOMAIN.md §3.4 example)
        ("LDTT", dt.date(2022, 1, 15), False, 450_000),
        # base salary edge: 1,800,000 until 30/06/2024, 2,340,000 from 01/07/2024
        ("LDTT", dt.date(2024, 6, 30), False, 540_000),
        ("LDTT", dt.date(2024, 7, 1), False, 710_000),  # 702,000 → 710,000
        ("CSTDCS", dt.date(2024, 6, 30), False, 1_800_000),
        ("CSTDCS", dt.date(2024, 7, 1), False, 2_340_000),
        ("TTLDTT", dt.date(2024, 7, 1), True, 1_880_000),  # 0.8 × 2,340,000 = 1,872,000
        ("GIAY_KHEN", dt.date(2024, 7, 1), False, 710_000),
        ("GIAY_KHEN", dt.date(2024, 7, 1), True, 1_410_000),  # collective 2 × 0.3 = 1,404,000
        ("BK_TINH", dt.date(2025, 6, 30), False, 2_340_000),  # 1.0
        ("BK_TINH", dt.date(2025, 7, 1), False, 3_510_000),  # 1.5 from 01/07/2025
        ("CSTD_TINH", dt.date(2023, 6, 30), False, 4_470_000),
        ("CSTD_TINH", dt.date(2023, 7, 1), False, 5_400_000),
        ("BK_TTG", dt.date(2019, 7, 1), False, 5_220_000),  # 3.5 × 1,490,000 = 5,215,000
        ("LDTT", dt.date(2016, 4, 30), False, None),  # before any base-salary table
    ],
)
def test_entry_amount(title, on, collective, amount):
    assert services.entry_amount(title, on, collective=collective) == amount


def test_draft_fills_position_and_division(office, people, users):
    decision = draft(office, people, users)
    rows = list(decision.entries.all())
    assert [(r.subject_name, r.position, r.division_name) for r in rows] == [
        ("Đặng Quốc Bảo", "Chuyên viên", "Phòng Công tác Quốc hội"),
        ("Phòng Công tác Quốc hội", "", "Phòng Công tác Quốc hội"),
    ]
    assert decision.status == DecisionStatus.DRAFT and decision.number is None
    assert decision.issuer_code == "VP"
    assert all(r.amount_vnd is None for r in rows)


def test_draft_keeps_the_source(office, people, users):
    decision = draft(office, people, users, source=office["QH"])
    assert (decision.source_type, decision.source_id) == ("org.unit", str(office["QH"].pk))


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"person": "staff", "unit": None, "title_code": "TTLDTT"}, "chỉ dành cho tập thể"),
        ({"person": None, "unit": "QH", "title_code": "LDTT"}, "chỉ dành cho cá nhân"),
        ({"person": "staff", "unit": None, "title_code": "CSTD_TINH"}, "không thuộc thẩm quyền"),
        ({"person": None, "unit": None, "title_code": "LDTT"}, "một cá nhân hoặc một tập thể"),
        ({"person": "other_agency", "unit": None, "title_code": "LDTT"}, "không thuộc cơ quan"),
        ({"person": None, "unit": "SNV-TCBC", "title_code": "TTLDTT"}, "không phải là phòng"),
    ],
)
def test_draft_refuses_bad_lines(office, people, users, entry, message):
    entry = {
        "person": people[entry["person"]] if entry["person"] else None,
        "unit": office[entry["unit"]] if entry["unit"] else None,
        "title_code": entry["title_code"],
    }
    with pytest.raises(ValidationError) as error:
        draft(office, people, users, entries=[entry])
    assert message in str(error.value)
    assert not Decision.objects.exists()


@pytest.mark.parametrize("persona", ["head", "staff", "division_head", "admin", "other_agency"])
def test_only_the_secretariat_drafts(office, people, users, persona):
    with pytest.raises(PermissionDenied):
        services.decision_draft(
            actor=users[persona], agency=office["VP"], year=2025, summary="x", entries=[]
        )
    assert not Decision.objects.exists()


def test_sign_takes_the_number_and_records_awards(office, people, users):
    decision = signed(office, people, users, signed_on=dt.date(2026, 1, 15))
    assert decision.code == "01/QĐ-VP"
    assert decision.status == DecisionStatus.SIGNED
    assert decision.signer_name == "Nguyễn Văn Hùng"
    awards = {(a.person_id, a.unit_id, a.title_code): a for a in Award.objects.all()}
    person_award = awards[(people["staff"].pk, None, "LDTT")]
    unit_award = awards[(None, office["QH"].pk, "TTLDTT")]
    assert (person_award.year, person_award.decision_code, person_award.decided_on) == (
        2025,
        "01/QĐ-VP",
        dt.date(2026, 1, 15),
    )
    assert person_award.amount_vnd == 710_000 and unit_award.amount_vnd == 1_880_000
    assert person_award.issuer_name == "Văn phòng Đoàn ĐBQH và HĐND"
    assert list(decision.entries.values_list("amount_vnd", flat=True)) == [710_000, 1_880_000]
    assert AuditEvent.objects.filter(action="decision.sign").count() == 1
    second = signed(office, people, users, year=2026, signed_on=dt.date(2026, 2, 1))
    assert second.code == "02/QĐ-VP"


def test_positions_are_those_on_the_decision_date(office, people, users):
    from thidua.org import services as org_services

    decision = draft(office, people, users)
    org_services.person_transfer(
        actor=None,
        person=people["staff"],
        to_unit=office["ND"],
        position="Phó Trưởng phòng",
        on_date=dt.date(2026, 1, 10),
        reason="Điều động",
    )
    services.decision_sign(actor=users["head"], decision=decision, signed_on=dt.date(2026, 1, 5))
    row = decision.entries.get(person=people["staff"])
    assert (row.position, row.division_name) == ("Chuyên viên", "Phòng Công tác Quốc hội")


@pytest.mark.parametrize("persona", ["secretariat", "staff", "admin", "other_agency"])
def test_only_the_head_signs(office, people, users, persona):
    decision = draft(office, people, users)
    with pytest.raises(PermissionDenied):
        services.decision_sign(actor=users[persona], decision=decision, signed_on=dt.date.today())
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT
    assert not RegisteredNumber.objects.exists() and not Award.objects.exists()


def test_sign_refuses_empty_list_and_future_date(office, people, users):
    empty = draft(office, people, users, entries=[])
    with pytest.raises(ValidationError, match="chưa có ai"):
        services.decision_sign(actor=users["head"], decision=empty, signed_on=dt.date(2026, 1, 5))
    full = draft(office, people, users)
    with pytest.raises(ValidationError, match="sau hôm nay"):
        services.decision_sign(
            actor=users["head"], decision=full, signed_on=dt.date.today() + dt.timedelta(days=1)
        )
    assert not RegisteredNumber.objects.exists()


def test_gate_blocks_before_the_number_is_taken(office, people, users):
    def gate(decision):
        if decision.source_type == "org.unit":
            return ["Chưa hết thời hạn niêm yết.", "Còn 1 ý kiến chưa trả lời."]
        return []

    services.register_issue_gate(gate)
    try:
        blocked = draft(office, people, users, source=office["QH"])
        with pytest.raises(ValidationError) as error:
            services.decision_sign(
                actor=users["head"], decision=blocked, signed_on=dt.date(2026, 1, 5)
            )
        assert error.value.messages == ["Chưa hết thời hạn niêm yết.", "Còn 1 ý kiến chưa trả lời."]
        assert not RegisteredNumber.objects.exists() and not Award.objects.exists()
        free = draft(office, people, users)
        free = services.decision_sign(
            actor=users["head"], decision=free, signed_on=dt.date(2026, 1, 5)
        )
        assert free.code == "01/QĐ-VP"
    finally:
        services._ISSUE_GATES.remove(gate)


def test_cancel_keeps_the_number_and_revokes_awards(office, people, users):
    decision = signed(office, people, users)
    services.decision_cancel(actor=users["head"], decision=decision, reason="Nhầm đối tượng")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.CANCELLED
    assert decision.code == "01/QĐ-VP"
    assert decision.cancelled_reason == "Nhầm đối tượng"
    assert Award.objects.filter(revoked_at__isnull=True).count() == 0
    assert set(Award.objects.values_list("revoked_reason", flat=True)) == {
        "Huỷ quyết định 01/QĐ-VP: Nhầm đối tượng"
    }
    event = AuditEvent.objects.get(action="decision.cancel")
    assert event.reason == "Nhầm đối tượng"
    # The number is never reused: the next decision takes 02.
    again = signed(office, people, users, signed_on=dt.date(2026, 1, 20))
    assert again.code == "02/QĐ-VP"
    assert RegisteredNumber.objects.filter(year=2026, doc_type="QĐ").count() == 2


def test_cancel_needs_a_reason_and_the_head(office, people, users):
    decision = signed(office, people, users)
    with pytest.raises(ValidationError, match="lý do"):
        services.decision_cancel(actor=users["head"], decision=decision, reason="  ")
    with pytest.raises(PermissionDenied):
        services.decision_cancel(actor=users["secretariat"], decision=decision, reason="x")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    assert Award.objects.filter(revoked_at__isnull=True).count() == 2


def test_signed_decision_is_not_editable(office, people, users):
    decision = signed(office, people, users)
    with pytest.raises(ValidationError, match="không sửa được"):
        services.decision_update(actor=users["secretariat"], decision=decision, summary="Khác")
    with pytest.raises(ValidationError, match="không sửa được"):
        services.decision_entry_add(
            actor=users["secretariat"],
            decision=decision,
            entry={"person": people["nd_staff"], "unit": None, "title_code": "LDTT"},
        )


def test_draft_edits(office, people, users):
    decision = draft(office, people, users, entries=[])
    services.decision_update(
        actor=users["secretariat"],
        decision=decision,
        summary="Về việc tặng Giấy khen",
        grounds="Căn cứ A\nCăn cứ B",
    )
    row = services.decision_entry_add(
        actor=users["secretariat"],
        decision=decision,
        entry={"person": people["nd_staff"], "unit": None, "title_code": "GIAY_KHEN"},
    )
    with pytest.raises(ValidationError, match="đã có trong danh sách"):
        services.decision_entry_add(
            actor=users["secretariat"],
            decision=decision,
            entry={"person": people["nd_staff"], "unit": None, "title_code": "GIAY_KHEN"},
        )
    assert row.achievement.startswith("Đã có thành tích")
    services.decision_entry_remove(actor=users["secretariat"], decision=decision, entry=row)
    decision.refresh_from_db()
    assert decision.summary == "Về việc tặng Giấy khen"
    assert not decision.entries.exists()


def test_coefficients_come_from_the_engine():
    from thidua.rules.money import coefficients_on

    assert coefficients_on(dt.date(2025, 7, 1))["BK_TINH"] == Decimal("1.5")


@pytest.mark.parametrize(
    ("signed_on", "amounts"),
    [
        # NĐ 152/2025/NĐ-CP Điều 49 khoản 5, in force from 01/07/2025 (its Điều 59 khoản 1):
        # LĐTT and CSTĐCS of one year → the CSTĐCS amount only; the Giấy khen (a form of award)
        # is paid besides the title (khoản 7); another subject's lines are not affected.
        pytest.param(
            dt.date(2025, 6, 30),
            {"LDTT": 710_000, "CSTDCS": 2_340_000, "GIAY_KHEN": 710_000, "other-LDTT": 710_000},
            id="day-before-decree-152-every-title-paid",
        ),
        pytest.param(
            dt.date(2025, 7, 1),
            {"LDTT": 0, "CSTDCS": 2_340_000, "GIAY_KHEN": 710_000, "other-LDTT": 710_000},
            id="decree-152-day-of-effect-highest-title-only",
        ),
    ],
)
def test_titles_of_one_year_on_one_decision_are_paid_at_the_highest(
    office, people, users, signed_on, amounts
):
    staff, other = people["staff"], people["division_head"]
    entries = [
        {"person": staff, "unit": None, "title_code": "LDTT"},
        {"person": staff, "unit": None, "title_code": "CSTDCS"},
        {"person": staff, "unit": None, "title_code": "GIAY_KHEN"},
        {"person": other, "unit": None, "title_code": "LDTT"},
    ]
    preview = draft(office, people, users, year=2024, entries=entries)
    decision = services.decision_sign(actor=users["head"], decision=preview, signed_on=signed_on)
    got = {
        ("other-" if e.person_id == other.pk else "") + e.title_code: e.amount_vnd
        for e in decision.entries.all()
    }
    assert got == amounts
    awards = {
        ("other-" if a.person_id == other.pk else "") + a.title_code: a.amount_vnd
        for a in Award.objects.filter(decision=decision)
    }
    assert awards == amounts


def test_a_draft_shows_the_money_its_signing_will_fix(office, people, users, today):
    """The annex of a draft (dated today) applies the same rule as signing."""
    from thidua.decisions.documents import amounts

    staff = people["staff"]
    entries = [
        {"person": staff, "unit": None, "title_code": "LDTT"},
        {"person": staff, "unit": None, "title_code": "CSTDCS"},
        {"person": None, "unit": office["QH"], "title_code": "TTLDTT"},
    ]
    decision = draft(office, people, users, year=2025, entries=entries)
    # CSTĐCS 1.0 and TTLĐTT 0.8 × the base salary of today (2,340,000 from 1 Jul 2024; 2,530,000
    # from 1 Jul 2026), rounded up to 10,000; the LĐTT of the same year is not paid (Điều 49.5).
    salary = 2_530_000 if today >= dt.date(2026, 7, 1) else 2_340_000
    expected = {2_340_000: (2_340_000, 1_880_000), 2_530_000: (2_530_000, 2_030_000)}[salary]
    assert sorted((e.title_code, amount) for e, amount in amounts(decision)) == [
        ("CSTDCS", expected[0]),
        ("LDTT", 0),
        ("TTLDTT", expected[1]),
    ]


def test_sign_is_refused_without_a_signer_name_and_changes_nothing(office, people, users):
    decision = draft(office, people, users)
    Decision.objects.filter(pk=decision.pk).update(signer_name="")
    numbers = RegisteredNumber.objects.count()
    with pytest.raises(ValidationError, match="họ tên người ký"):
        # actor=None: the system signs (as the demo does), with no user name to fall back on.
        services.decision_sign(actor=None, decision=decision, signed_on=dt.date(2026, 1, 5))
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.DRAFT and not decision.number_id
    assert RegisteredNumber.objects.count() == numbers
    assert not Award.objects.exists()
