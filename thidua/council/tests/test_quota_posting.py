"""After the ballot: the CSTĐCS cap from the rules engine (ranking, ties resolved explicitly),
the public posting for N working days with notifications, objections and their answers, and the
gate that keeps a decision from being signed before all of that is done."""

import datetime as dt

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import Notification
from thidua.council import services
from thidua.council.models import CouncilSession, Objection, QuotaState
from thidua.council.selectors import approved_entries, approved_items
from thidua.decisions import services as decisions
from thidua.reviews.tests.factories import make_eligible_for_ldtt, movement_of

from .factories import voted_session

CSTDCS = [
    ("P21", "Lý Văn Phúc", "CSTDCS"),
    ("P22", "Mai Thị Hồng", "CSTDCS"),
    ("P23", "Tô Minh Quân", "CSTDCS"),
]
TODAY = dt.date.today()


@pytest.fixture
def cap(settings, office, people):
    """P04 and P07 reach LĐTT: the office's cap is `percent` % of 2."""

    def set_cap(percent):
        make_eligible_for_ldtt(movement_of(office), people["nd_staff"])
        settings.THIDUA_RULE_SETTINGS = {TODAY.year: {"cstdcs_cap_percent": percent}}

    return set_cap


def _by_name(session):
    return {i.subject_name: i for i in session.items.all()}


def test_no_cap_no_quota_step(office, people, users):
    session = voted_session(office, people, users, extra=CSTDCS)
    assert session.quota_state == QuotaState.NONE
    assert len(approved_entries(session)) == 4


def test_over_the_cap_ranks_by_approvals(office, people, users, cap):
    cap(50)  # cap 1
    session = voted_session(office, people, users, ["yyyy", "yyyn", "yyny"], CSTDCS)
    assert (session.quota_state, session.quota_cap) == (QuotaState.PENDING, 1)
    assert "Tối đa 1 CSTĐCS" in session.quota_reason
    items = _by_name(session)
    assert [(n, items[n].approvals, items[n].rank, items[n].tied) for n in sorted(items)] == [
        ("Lý Văn Phúc", 3, 1, False),
        ("Mai Thị Hồng", 2, 2, False),
        ("Tô Minh Quân", 2, 2, False),
        ("Đặng Quốc Bảo", 3, None, False),
    ]
    assert "Số CSTĐCS được tán thành vượt chỉ tiêu, chưa được xử lý." in session.issue_blockers()
    with pytest.raises(ValidationError, match="xử lý theo thứ tự phiếu"):
        services.posting_start(actor=users["secretariat"], session=session)
    with pytest.raises(ValidationError, match="theo thứ tự số phiếu"):
        services.quota_resolve(
            actor=users["secretariat"], session=session, keep_ids=[items["Mai Thị Hồng"].pk]
        )
    with pytest.raises(PermissionDenied):
        services.quota_resolve(
            actor=users["head"], session=session, keep_ids=[items["Lý Văn Phúc"].pk]
        )
    services.quota_resolve(
        actor=users["secretariat"], session=session, keep_ids=[items["Lý Văn Phúc"].pk]
    )
    session.refresh_from_db()
    assert session.quota_state == QuotaState.RESOLVED
    assert sorted(e["person"].full_name for e in approved_entries(session)) == [
        "Lý Văn Phúc",
        "Đặng Quốc Bảo",
    ]


def test_tie_at_the_cut_line_needs_an_explicit_choice(office, people, users, cap):
    cap(100)  # cap 2: P21 (3) is in, P22 and P23 (2 each) tie for the second place
    session = voted_session(office, people, users, ["yyyy", "yyyy", "yynn"], CSTDCS)
    items = _by_name(session)
    assert (items["Mai Thị Hồng"].tied, items["Tô Minh Quân"].tied) == (True, True)
    keep = [items["Lý Văn Phúc"].pk, items["Tô Minh Quân"].pk]
    with pytest.raises(ValidationError, match="bằng phiếu"):
        services.quota_resolve(actor=users["secretariat"], session=session, keep_ids=keep)
    with pytest.raises(ValidationError, match="đúng 2"):
        services.quota_resolve(
            actor=users["secretariat"], session=session, keep_ids=keep[:1], note="Bốc thăm"
        )
    services.quota_resolve(
        actor=users["secretariat"],
        session=session,
        keep_ids=keep,
        note="Hội đồng biểu quyết bổ sung: ông Quân có sáng kiến cấp tỉnh.",
    )
    names = sorted(i.subject_name for i in approved_items(session))
    assert names == ["Lý Văn Phúc", "Tô Minh Quân", "Đặng Quốc Bảo"]


def test_posting_notifies_all_staff_of_the_agency(office, people, users, settings):
    settings.THIDUA_HOLIDAYS = []
    session = voted_session(office, people, users)
    monday = dt.date(2026, 11, 23)
    services.posting_start(actor=users["secretariat"], session=session, starts_on=monday)
    session.refresh_from_db()
    assert session.posting_ends_on == dt.date(2026, 11, 27)
    notified = set(Notification.objects.values_list("user__username", flat=True))
    assert notified == set(users) - {"other_agency"}
    message = Notification.objects.first().message
    assert "từ ngày 23/11/2026 đến hết ngày 27/11/2026" in message


def _posted(office, people, users, starts_on=None):
    session = voted_session(office, people, users)
    services.posting_start(actor=users["secretariat"], session=session, starts_on=starts_on)
    session.refresh_from_db()
    return session


def test_objection_during_posting_and_its_answer(office, people, users):
    session = _posted(office, people, users)
    item = session.items.get()
    objection = services.objection_lodge(
        actor=users["staff"], session=session, item=item, text="Chưa đủ thời gian công tác."
    )
    with pytest.raises(PermissionDenied):
        services.objection_lodge(actor=users["other_agency"], session=session, item=item, text="x")
    with pytest.raises(PermissionDenied):
        services.objection_answer(actor=users["head"], objection=objection, answer="Không")
    assert "Còn 1 ý kiến phản ánh chưa được trả lời." in session.issue_blockers()
    services.objection_answer(
        actor=users["secretariat"], objection=objection, answer="Đã kiểm tra: đủ 12 tháng."
    )
    assert not any("ý kiến" in r for r in session.issue_blockers())
    assert (
        list(Notification.objects.filter(user=users["staff"], message__contains="đã trả lời")) != []
    )
    assert Notification.objects.filter(
        user=users["secretariat"], message__startswith="Có ý kiến phản ánh về Đặng Quốc Bảo"
    ).exists()
    with pytest.raises(ValidationError, match="đã được trả lời"):
        services.objection_answer(actor=users["secretariat"], objection=objection, answer="x")


def test_upheld_objection_takes_the_nominee_off_the_list(office, people, users):
    session = _posted(office, people, users)
    item = session.items.get()
    objection = services.objection_lodge(
        actor=users["staff"], session=session, item=item, text="Bị kỷ luật trong năm."
    )
    services.objection_answer(
        actor=users["secretariat"], objection=objection, answer="Đúng.", upheld=True
    )
    assert approved_entries(session) == []


def test_no_objection_outside_the_posting(office, people, users):
    session = _posted(office, people, users, starts_on=TODAY - dt.timedelta(days=30))
    with pytest.raises(ValidationError, match="Không trong thời gian công khai"):
        services.objection_lodge(
            actor=users["staff"], session=session, item=session.items.get(), text="Muộn"
        )
    assert not Objection.objects.exists()


@pytest.mark.parametrize(
    ("offset_days", "blocked"),
    [
        pytest.param(0, True, id="posting-started-today"),
        pytest.param(-30, False, id="posting-ended"),
    ],
)
def test_blockers_follow_the_posting_dates(office, people, users, offset_days, blocked):
    session = _posted(office, people, users, starts_on=TODAY + dt.timedelta(days=offset_days))
    reasons = session.issue_blockers()
    assert any("Thời gian công khai chưa kết thúc" in r for r in reasons) is blocked
    if not blocked:
        assert reasons == []


def test_blockers_before_the_ballot_closes(office, people, users):
    from .factories import open_session

    session = open_session(office, people)
    assert session.issue_blockers() == [
        "Hội đồng chưa kết thúc bỏ phiếu kín.",
        "Chưa công khai danh sách đề nghị khen thưởng.",
    ]


def test_gate_registered_with_decisions_and_draft_from_session(office, people, users):
    session = _posted(office, people, users)
    with pytest.raises(PermissionDenied):
        services.decision_draft_from_session(actor=users["head"], session=session)
    decision = services.decision_draft_from_session(actor=users["secretariat"], session=session)
    assert decision.source_type == "council.councilsession"
    assert decision.source_id == str(session.pk)
    assert [(e.person.full_name, e.title_code) for e in decision.entries.all()] == [
        ("Đặng Quốc Bảo", "LDTT")
    ]
    assert "Căn cứ Biên bản số 01/BB-HĐTĐKT" in decision.grounds
    reasons = decisions.issue_blockers(decision)
    assert any("Thời gian công khai chưa kết thúc" in r for r in reasons)
    CouncilSession.objects.filter(pk=session.pk).update(
        posting_starts_on=TODAY - dt.timedelta(days=30),
        posting_ends_on=TODAY - dt.timedelta(days=20),
    )
    assert decisions.issue_blockers(decision) == []
