"""Building an upward dossier from the accepted nominees with the engine's screening, the
transition table (allowed and refused), justifications, and the awards the province's
decision puts into the history."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.decisions.models import Award, RegisteredNumber
from thidua.upward import services
from thidua.upward.models import DossierStatus, DossierTransition, UpwardDossier

from .factories import JUSTIFICATION, YEAR, accepted_upward_proposals, dossier_in, justify_all

pytestmark = pytest.mark.usefixtures("module_world")

S = DossierStatus
TODAY = dt.date.today()


def _entries(dossier):
    return {
        (e.person.staff_code if e.person_id else e.unit.code, e.title_code): e
        for e in dossier.entries.select_related("person", "unit")
    }


def test_dossier_built_from_accepted_nominees_with_the_engines_screening(office, people, users):
    accepted_upward_proposals(office, people)
    dossier = services.dossier_create(actor=users["secretariat"], agency=office["VP"], year=YEAR)
    entries = _entries(dossier)
    # Only the upward titles: P04's LĐTT nominee and nothing else.
    assert set(entries) == {("QH", "TTLDXS"), ("P04", "CSTD_TINH"), ("P07", "BK_TINH")}
    assert [e.title_code for e in dossier.entries.all()][0] == "TTLDXS"  # collectives first
    p07 = entries[("P07", "BK_TINH")]
    assert p07.eligible is True
    assert any(c["rule"] == "cstdcs_2_years" and c["passed"] for c in p07.checks)
    p04 = entries[("P04", "CSTD_TINH")]
    assert p04.eligible is False
    assert any(c["rule"] == "cstdcs_3_years" and not c["passed"] for c in p04.checks)
    assert p04.needs_justification
    assert entries[("QH", "TTLDXS")].eligible is False
    # Pre-filled report: the rating of the year and the discipline statement.
    assert f"năm {YEAR}: Hoàn thành xuất sắc nhiệm vụ" in p07.achievements
    assert f"({YEAR - 1}–{YEAR})" in p07.discipline_statement
    assert dossier.status == S.PREPARED and dossier.source == "proposals"
    event = AuditEvent.objects.filter(action="upward.create").get()
    assert event.after["year"] == YEAR


def test_no_candidates_is_refused(office, users):
    with pytest.raises(ValidationError, match="Chưa có trường hợp nào"):
        services.dossier_create(actor=users["secretariat"], agency=office["VP"], year=YEAR)
    assert not UpwardDossier.objects.exists()


def test_one_live_dossier_per_year_a_cancelled_one_does_not_count(office, people, users):
    dossier = dossier_in(office, people, S.PREPARED)
    with pytest.raises(ValidationError, match="đã có hồ sơ"):
        services.dossier_create(actor=users["secretariat"], agency=office["VP"], year=YEAR)
    services.dossier_transition(
        actor=users["secretariat"], dossier=dossier, action="cancel", reason="Lập lại"
    )
    again = services.dossier_create(actor=users["secretariat"], agency=office["VP"], year=YEAR)
    assert again.entries.count() == 3


@pytest.mark.parametrize("persona", ["head", "division_head", "staff", "other_agency", "admin"])
def test_only_the_secretariat_builds_a_dossier(office, people, users, persona):
    accepted_upward_proposals(office, people)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        services.dossier_create(actor=users[persona], agency=office["VP"], year=YEAR)
    assert not UpwardDossier.objects.exists()
    assert AuditEvent.objects.count() == before


def test_signing_needs_a_justification_for_each_ineligible_entry(office, people, users):
    dossier = dossier_in(office, people, S.PREPARED)
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(actor=users["head"], dossier=dossier, action="sign")
    assert any("Đặng Quốc Bảo" in m and "cần giải trình" in m for m in error.value.messages)
    dossier.refresh_from_db()
    assert dossier.status == S.PREPARED and dossier.memo_number is None
    assert not RegisteredNumber.objects.filter(doc_type="TTr").exists()
    # An entry left out needs none; the others get one.
    p04 = dossier.entries.get(title_code="CSTD_TINH")
    with pytest.raises(ValidationError):
        services.entry_set_included(actor=users["secretariat"], entry=p04, included=False)
    services.entry_set_included(
        actor=users["secretariat"], entry=p04, included=False, reason="Chưa đủ 3 năm CSTĐCS"
    )
    with pytest.raises(ValidationError, match="Cần giải trình"):
        services.entry_update(
            actor=users["secretariat"], entry=dossier.entries.get(title_code="TTLDXS")
        )
    justify_all(dossier)
    dossier = services.dossier_transition(actor=users["head"], dossier=dossier, action="sign")
    assert dossier.status == S.SIGNED
    assert dossier.memo_code == "01/TTr-VP"
    assert dossier.signer_name == "Nguyễn Văn Hùng" and dossier.signed_on == TODAY


S_ALL = list(S)
# (from state, action) → allowed persona, per TRANSITIONS.
ALLOWED = {
    (S.PREPARED, "sign"): "head",
    (S.PREPARED, "cancel"): "secretariat",
    (S.SIGNED, "reopen"): "head",
    (S.SIGNED, "send"): "secretariat",
    (S.SENT, "return"): "secretariat",
    (S.SENT, "decide"): "secretariat",
    (S.RETURNED, "resend"): "secretariat",
    (S.RETURNED, "cancel"): "secretariat",
}
NEXT = {key: services.TRANSITIONS[key][0] for key in ALLOWED}
REFUSED_STATE = [
    (state, action)
    for state in S_ALL
    for action in services.ACTIONS
    if (state, action) not in services.TRANSITIONS
]


@pytest.mark.parametrize(("state", "action"), list(ALLOWED), ids=[f"{s}-{a}" for s, a in ALLOWED])
def test_allowed_transitions(office, people, users, state, action):
    dossier = dossier_in(office, people, state)
    if state == S.PREPARED:
        justify_all(dossier)
    dossier = services.dossier_transition(
        actor=users[ALLOWED[(state, action)]],
        dossier=dossier,
        action=action,
        reason="Tỉnh yêu cầu bổ sung",
        decision_code="125/QĐ-UBND",
        decided_on=TODAY,
    )
    assert dossier.status == NEXT[(state, action)]
    row = DossierTransition.objects.filter(dossier=dossier).last()
    assert (row.from_status, row.to_status, row.action) == (state, dossier.status, action)
    assert AuditEvent.objects.filter(action=f"upward.{action}").exists()


def test_secretariat_may_also_reopen_a_signed_memo_and_the_number_is_kept(office, people, users):
    dossier = dossier_in(office, people, S.SIGNED)
    code = dossier.memo_code
    dossier = services.dossier_transition(
        actor=users["secretariat"], dossier=dossier, action="reopen"
    )
    dossier = services.dossier_transition(actor=users["head"], dossier=dossier, action="sign")
    assert dossier.memo_code == code
    assert RegisteredNumber.objects.filter(doc_type="TTr").count() == 1


@pytest.mark.parametrize(
    ("state", "action"), REFUSED_STATE, ids=[f"{s}-{a}" for s, a in REFUSED_STATE]
)
def test_refused_transitions_change_nothing(office, people, users, state, action):
    dossier = dossier_in(office, people, state)
    before = (AuditEvent.objects.count(), DossierTransition.objects.count())
    with pytest.raises(ValidationError):
        services.dossier_transition(
            actor=users["secretariat"],
            dossier=dossier,
            action=action,
            reason="x",
            decision_code="1/QĐ-UBND",
            decided_on=TODAY,
        )
    dossier.refresh_from_db()
    assert dossier.status == state
    assert (AuditEvent.objects.count(), DossierTransition.objects.count()) == before


WRONG_ROLE = [
    (state, action, persona)
    for (state, action), allowed in ALLOWED.items()
    for persona in (
        "head",
        "secretariat",
        "division_head",
        "staff",
        "council_member",
        "admin",
        "other_agency",
    )
    if persona not in {allowed} | ({"head", "secretariat"} if action == "reopen" else set())
]


@pytest.mark.parametrize(
    ("state", "action", "persona"), WRONG_ROLE, ids=[f"{s}-{a}-{p}" for s, a, p in WRONG_ROLE]
)
def test_wrong_role_is_refused_and_nothing_changes(office, people, users, state, action, persona):
    dossier = dossier_in(office, people, state)
    before = (
        AuditEvent.objects.count(),
        DossierTransition.objects.count(),
        Award.objects.count(),
        RegisteredNumber.objects.count(),
    )
    with pytest.raises(PermissionDenied):
        services.dossier_transition(
            actor=users[persona],
            dossier=dossier,
            action=action,
            reason="x",
            decision_code="1/QĐ-UBND",
            decided_on=TODAY,
        )
    dossier.refresh_from_db()
    assert dossier.status == state
    assert (
        AuditEvent.objects.count(),
        DossierTransition.objects.count(),
        Award.objects.count(),
        RegisteredNumber.objects.count(),
    ) == before


@pytest.mark.parametrize("action", ["return", "cancel"])
def test_return_and_cancel_need_a_reason(office, people, users, action):
    state = S.SENT if action == "return" else S.PREPARED
    dossier = dossier_in(office, people, state)
    with pytest.raises(ValidationError, match="Cần ghi lý do"):
        services.dossier_transition(actor=users["secretariat"], dossier=dossier, action=action)
    dossier.refresh_from_db()
    assert dossier.status == state


def test_decision_records_the_awards_in_the_history(office, people, users):
    dossier = dossier_in(office, people, S.SENT)
    entries = _entries(dossier)
    refused = entries[("P04", "CSTD_TINH")]
    decided_on = TODAY
    dossier = services.dossier_transition(
        actor=users["secretariat"],
        dossier=dossier,
        action="decide",
        decision_code="125/QĐ-UBND",
        decided_on=decided_on,
        issuer="Chủ tịch Ủy ban nhân dân tỉnh Đồng Tháp",
        awarded_ids=[e.pk for e in entries.values() if e.pk != refused.pk],
    )
    assert dossier.status == S.DECIDED
    awards = {
        (a.person.staff_code if a.person_id else a.unit.code, a.title_code): a
        for a in Award.objects.filter(decision_code="125/QĐ-UBND")
    }
    assert set(awards) == {("QH", "TTLDXS"), ("P07", "BK_TINH")}
    bk = awards[("P07", "BK_TINH")]
    assert (bk.year, bk.decided_on, bk.issuer_name) == (
        YEAR,
        decided_on,
        "Chủ tịch Ủy ban nhân dân tỉnh Đồng Tháp",
    )
    # Bằng khen tỉnh and TTLĐXS: 1.5 × the base salary on the decision date, rounded up by the
    # step in force: 1.5 × 2,340,000 = 3,510,000 (from 1 Jul 2024); 1.5 × 2,530,000 =
    # 3,795,000 → 3,800,000 (from 1 Jul 2026).
    expected = 3_800_000 if decided_on >= dt.date(2026, 7, 1) else 3_510_000
    assert bk.amount_vnd == expected
    assert awards[("QH", "TTLDXS")].amount_vnd == expected
    refused.refresh_from_db()
    assert refused.awarded is False and refused.award is None
    assert AuditEvent.objects.filter(action="award.record").count() == 2
    event = AuditEvent.objects.filter(action="upward.decide").get()
    assert event.after["decision_code"] == "125/QĐ-UBND"


@pytest.mark.parametrize(
    ("decision_code", "decided_on", "field"),
    [
        ("", TODAY, "decision_code"),
        ("125/QĐ-UBND", None, "decided_on"),
        ("125/QĐ-UBND", TODAY + dt.timedelta(days=1), "decided_on"),
        ("125/QĐ-UBND", TODAY - dt.timedelta(days=1), "decided_on"),
    ],
    ids=["no-number", "no-date", "future-date", "before-the-memo"],
)
def test_decision_needs_number_and_a_plausible_date(
    office, people, users, decision_code, decided_on, field
):
    dossier = dossier_in(office, people, S.SENT)
    with pytest.raises(ValidationError) as error:
        services.dossier_transition(
            actor=users["secretariat"],
            dossier=dossier,
            action="decide",
            decision_code=decision_code,
            decided_on=decided_on,
        )
    assert field in error.value.message_dict
    dossier.refresh_from_db()
    assert dossier.status == S.SENT
    assert not Award.objects.filter(decision_code="125/QĐ-UBND").exists()


def test_edits_only_while_prepared_or_returned(office, people, users):
    dossier = dossier_in(office, people, S.SENT)
    entry = dossier.entries.get(title_code="BK_TINH")
    with pytest.raises(ValidationError, match="không sửa được"):
        services.entry_update(actor=users["secretariat"], entry=entry, hometown="Cao Lãnh")
    dossier = services.dossier_transition(
        actor=users["secretariat"], dossier=dossier, action="return", reason="Bổ sung quê quán"
    )
    services.entry_update(actor=users["secretariat"], entry=entry, hometown="Cao Lãnh")
    entry.refresh_from_db()
    assert entry.hometown == "Cao Lãnh"
    with pytest.raises(PermissionDenied):
        services.entry_update(actor=users["head"], entry=entry, hometown="Sa Đéc")
    entry.refresh_from_db()
    assert entry.hometown == "Cao Lãnh"
    assert entry.justification == "" or entry.justification == JUSTIFICATION
