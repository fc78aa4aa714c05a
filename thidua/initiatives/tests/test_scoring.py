"""The council: criteria and pass mark, one score sheet per member, the result at the edges,
quorum, and who may score, close and decide."""

import datetime as dt
from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction

from conftest import make_person, make_user
from thidua.accounts.models import Role
from thidua.core.models import AuditEvent
from thidua.initiatives import council
from thidua.initiatives.models import InitiativeStatus, ScoreSheet, SessionStatus

from .factories import TODAY, YEAR, make_council, reviewed, score

pytestmark = pytest.mark.usefixtures("module_world")


@pytest.fixture
def members(office, users):
    """Three council members: the persona and two more."""
    extra = [
        make_user(
            f"hdsk{i}",
            make_person(f"M0{i}", name, office["ND"]),
            [(Role.INITIATIVE_COUNCIL_MEMBER, office["VP"]), (Role.STAFF, office["ND"])],
        )
        for i, name in ((1, "Trương Văn Lộc"), (2, "Mai Thị Hồng"))
    ]
    return [users["initiative_member"], *extra]


def test_default_criteria_and_pass_mark(office):
    the_council = make_council(office)
    assert [(c.code, c.name, c.max_points) for c in the_council.criteria.all()] == [
        ("novelty", "Tính mới", 30),
        ("applicability", "Khả năng áp dụng", 25),
        ("effect", "Hiệu quả", 30),
        ("scope", "Phạm vi ảnh hưởng", 15),
    ]
    assert (the_council.pass_mark, the_council.max_total) == (50, 100)
    assert the_council.decision_issuer_code == "VP-HĐSK"


def test_criteria_are_configurable(office):
    the_council = make_council(
        office,
        criteria=[("moi", "Tính mới", Decimal(40)), ("hq", "Hiệu quả", Decimal(60))],
        pass_mark=Decimal(70),
    )
    assert [c.code for c in the_council.criteria.all()] == ["moi", "hq"]
    with pytest.raises(ValidationError) as error:
        make_council(office, pass_mark=Decimal(101))
    assert "pass_mark" in error.value.message_dict


# (member totals, yes votes) → passed; pass mark 50, 3 members, more than 50 % must say yes.
EDGES = [
    ("exactly-at-the-pass-mark", [(20, 10, 15, 5)] * 3, [True, True, False], True, "50.00"),
    (
        "just-below",
        [(20, 10, 15, 5), (20, 10, 15, 5), (20, 10, 14.99, 5)],
        [True] * 3,
        False,
        "49.99",
    ),
    (
        "mean-truncated-not-rounded",
        [(20, 10, 15, 5), (20, 10, 15, 5), (20, 10, 14.98, 5)],
        [True] * 3,
        False,
        "49.99",
    ),
    ("high-score-but-half-the-votes", [(30, 25, 30, 15)] * 2, [True, False], False, "100.00"),
    ("high-score-all-votes", [(30, 25, 30, 15)] * 3, [True] * 3, True, "100.00"),
]


@pytest.mark.parametrize(
    ("case", "sheets", "votes", "passed", "mean"), EDGES, ids=[e[0] for e in EDGES]
)
def test_result_at_the_edges(office, people, members, case, sheets, votes, passed, mean):
    _initiative, item = reviewed(office, people)
    for member, points, vote in zip(members, sheets, votes, strict=False):
        score(item, member, points, vote)
    if len(sheets) < len(members):  # 2 of 3 is the quorum
        assert item.sheets.count() == 2
    council.session_close(actor=None, session=item.session)
    item.refresh_from_db()
    assert (f"{item.mean_score:.2f}", item.passed, item.member_count) == (mean, passed, 3)


def test_quorum_two_thirds(office, people, members):
    _initiative, item = reviewed(office, people)
    score(item, members[0])
    before = AuditEvent.objects.count()
    with pytest.raises(ValidationError, match="Chưa đủ 2/3"):
        council.session_close(actor=None, session=item.session)
    item.session.refresh_from_db()
    assert item.session.status == SessionStatus.OPEN and item.session.minutes_number is None
    assert AuditEvent.objects.count() == before


def test_one_sheet_per_member_rescoring_replaces_it(office, people, users):
    _initiative, item = reviewed(office, people)
    score(item, users["initiative_member"], (10, 10, 10, 10))
    score(item, users["initiative_member"], (20, 20, 20, 10))
    sheet = ScoreSheet.objects.get(item=item)
    assert sheet.total == 70 and sheet.lines.count() == 4
    with pytest.raises(IntegrityError), transaction.atomic():
        ScoreSheet.objects.create(
            item=item, member=users["initiative_member"], total=1, recognise=False
        )


@pytest.mark.parametrize(
    ("points", "field"),
    [
        ((31, 10, 10, 10), "novelty"),
        ((10, -1, 10, 10), "applicability"),
    ],
    ids=["above-max", "negative"],
)
def test_points_out_of_range_are_refused(office, people, users, points, field):
    _initiative, item = reviewed(office, people)
    with pytest.raises(ValidationError) as error:
        score(item, users["initiative_member"], points)
    assert field in error.value.message_dict
    assert not ScoreSheet.objects.exists()


@pytest.mark.parametrize(
    "persona", ["head", "secretariat", "staff", "council_member", "admin", "other_agency"]
)
def test_only_session_members_score(office, people, users, persona):
    _initiative, item = reviewed(office, people)
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        score(item, users[persona])
    assert not ScoreSheet.objects.exists() and AuditEvent.objects.count() == before


def test_member_appointed_after_the_session_cannot_score(office, people, users):
    _initiative, item = reviewed(office, people)
    late = make_user(
        "late",
        make_person("M09", "Phan Văn Muộn", office["ND"]),
        [(Role.INITIATIVE_COUNCIL_MEMBER, office["VP"])],
    )
    with pytest.raises(PermissionDenied):
        score(item, late)


def test_no_scoring_after_close_and_minutes_numbered_in_own_series(office, people, users):
    _initiative, item = reviewed(office, people)
    score(item, users["initiative_member"])
    session = council.session_close(actor=users["secretariat"], session=item.session)
    assert session.minutes_number.code == "01/BB-HĐSK"
    assert session.minutes_number.series == "HĐSK"
    with pytest.raises(ValidationError, match="đã kết thúc"):
        score(item, users["initiative_member"], (1, 1, 1, 1))
    assert ScoreSheet.objects.get().total == 100


@pytest.mark.parametrize("persona", ["staff", "initiative_member", "head", "other_agency"])
def test_only_the_secretariat_opens_and_closes_sessions(office, people, users, persona):
    initiative, item = reviewed(office, people)
    score(item, users["initiative_member"])
    with pytest.raises(PermissionDenied):
        council.session_close(actor=users[persona], session=item.session)
    item.session.refresh_from_db()
    assert item.session.status == SessionStatus.OPEN


def test_decision_in_own_series_and_only_by_the_head(office, people, users):
    initiative, item = reviewed(office, people)
    score(item, users["initiative_member"])
    council.session_close(actor=None, session=item.session)
    for persona in ("secretariat", "initiative_member", "staff", "admin"):
        with pytest.raises(PermissionDenied):
            council.recognition_decide(
                actor=users[persona],
                session=item.session,
                initiatives=[initiative],
                issued_on=TODAY,
            )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.UNDER_REVIEW
    decision = council.recognition_decide(
        actor=users["head"], session=item.session, initiatives=[initiative], issued_on=TODAY
    )
    assert decision.number.code == "01/QĐ-VP-HĐSK" and decision.number.series == "SK"
    assert decision.signer_name == "Nguyễn Văn Hùng"
    initiative.refresh_from_db()
    assert (initiative.status, initiative.level, initiative.recognized_on) == (
        InitiativeStatus.RECOGNISED,
        "co_so",
        TODAY,
    )


def test_a_failed_initiative_cannot_be_recognised(office, people, users):
    initiative, item = reviewed(office, people)
    score(item, users["initiative_member"], (10, 10, 10, 10))
    council.session_close(actor=None, session=item.session)
    with pytest.raises(ValidationError, match="không đề nghị"):
        council.recognition_decide(
            actor=users["head"], session=item.session, initiatives=[initiative], issued_on=TODAY
        )
    initiative.refresh_from_db()
    assert initiative.status == InitiativeStatus.UNDER_REVIEW


def test_later_recognition_at_provincial_level(office, people, users):
    from .factories import recognised

    initiative, _decision = recognised(office, people, users)
    with pytest.raises(ValidationError) as error:
        council.recognition_record(
            actor=users["secretariat"],
            initiative=initiative,
            level="tinh",
            decision_code="45/QĐ-UBND",
            decided_on=TODAY - dt.timedelta(days=400),
            issuer_name="UBND tỉnh Đồng Tháp",
        )
    assert "decided_on" in error.value.message_dict
    with pytest.raises(PermissionDenied):
        council.recognition_record(
            actor=users["staff"],
            initiative=initiative,
            level="tinh",
            decision_code="45/QĐ-UBND",
            decided_on=TODAY,
            issuer_name="UBND tỉnh Đồng Tháp",
        )
    council.recognition_record(
        actor=users["secretariat"],
        initiative=initiative,
        level="tinh",
        decision_code="45/QĐ-UBND",
        decided_on=TODAY,
        issuer_name="UBND tỉnh Đồng Tháp",
    )
    initiative.refresh_from_db()
    assert (initiative.level, initiative.recognized_on) == ("tinh", TODAY)
    assert initiative.year == YEAR
