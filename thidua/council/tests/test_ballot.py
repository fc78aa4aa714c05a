"""The secret ballot (DOMAIN.md §3.3): one paper per member (a database constraint, also under
concurrent requests), no link from a paper to its voter, no count before closing, a tally and a
digest anyone with access can recount with `verify_ballot`."""

import threading

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, models

from thidua.core.models import AuditEvent
from thidua.council import services
from thidua.council.models import Ballot, BallotCast, CouncilSession, SessionStatus

from .factories import member, open_session, papers, voted_session

EXTRA = [("P21", "Lý Văn Phúc", "CSTDCS")]


def test_session_takes_members_and_agenda(office, people, users):
    session = open_session(office, people, EXTRA)
    assert [(m.full_name, m.role) for m in session.members.all()] == [
        ("Nguyễn Văn Hùng", "chair"),
        ("Huỳnh Thị Kim Oanh", "member"),
        ("Trần Thị Thu Hà", "member"),
    ]
    assert [(i.subject_name, i.title_code) for i in session.items.all()] == [
        ("Đặng Quốc Bảo", "LDTT"),
        ("Lý Văn Phúc", "CSTDCS"),
    ]
    assert session.chair_name == "Nguyễn Văn Hùng"
    assert (session.quorum_label, session.approval_percent) == ("2/3", 50)
    # The nominees are on this agenda: a second session has nothing to discuss.
    with pytest.raises(ValidationError, match="Chưa có hồ sơ đề nghị"):
        services.session_create(
            actor=users["secretariat"],
            agency=office["VP"],
            year=session.year,
            held_on=session.held_on,
            place="P",
        )


def test_settings_of_the_session(office, people, users, settings):
    settings.THIDUA_COUNCIL_QUORUM = "3/4"
    settings.THIDUA_COUNCIL_APPROVAL_PERCENT = 60
    settings.THIDUA_POSTING_WORKING_DAYS = 7
    session = open_session(office, people)
    assert (session.quorum_label, session.approval_percent, session.posting_days) == (
        "3/4",
        60,
        7,
    )


def test_no_quorum_no_ballot(office, people, users):
    session = open_session(office, people)
    chair = member(session, users["head"])
    services.attendance_set(actor=users["secretariat"], session=session, present_ids=[chair.pk])
    with pytest.raises(ValidationError, match="Chưa đủ số thành viên có mặt: 1/3"):
        services.ballot_open(actor=users["secretariat"], session=session)
    assert not Ballot.objects.exists()
    two = [chair.pk, member(session, users["council_member"]).pk]
    services.attendance_set(actor=users["secretariat"], session=session, present_ids=two)
    services.ballot_open(actor=users["secretariat"], session=session)
    with pytest.raises(ValidationError, match="không sửa điểm danh"):
        services.attendance_set(actor=users["secretariat"], session=session, present_ids=[])


def test_full_ballot_tally_threshold_and_minutes_number(office, people, users):
    # Three members, two items: item 1 gets 2 approvals (passes: 2 > 1.5), item 2 gets 1.
    session = voted_session(office, people, users, ["yy", "yn", "nn"], EXTRA)
    items = list(session.items.all())
    assert [(i.approvals, i.passed) for i in items] == [(2, True), (1, False)]
    ballot = session.ballot
    assert ballot.paper_count == 3 and len(ballot.digest) == 64
    assert ballot.tally == {str(items[0].pk): 2, str(items[1].pk): 1}
    assert session.status == SessionStatus.CLOSED
    assert session.minutes_number.code == "01/BB-HĐTĐKT"
    assert session.minutes_number.series == "HĐTĐKT"


def test_absent_member_votes_in_writing_through_the_secretariat(office, people, users):
    session = open_session(office, people)
    absent = member(session, users["union_rep"])
    present = [m.pk for m in session.members.all() if m.pk != absent.pk]
    services.attendance_set(actor=users["secretariat"], session=session, present_ids=present)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    (paper,) = papers(session, "y")
    with pytest.raises(ValidationError, match="vắng mặt bỏ phiếu bằng văn bản"):
        services.ballot_cast(actor=users["union_rep"], ballot=ballot, choices=paper)
    with pytest.raises(PermissionDenied):
        services.ballot_cast_written(
            actor=users["head"], ballot=ballot, member=absent, choices=paper
        )
    present_member = member(session, users["head"])
    with pytest.raises(ValidationError, match="có mặt tự bỏ phiếu"):
        services.ballot_cast_written(
            actor=users["secretariat"], ballot=ballot, member=present_member, choices=paper
        )
    services.ballot_cast_written(
        actor=users["secretariat"], ballot=ballot, member=absent, choices=paper
    )
    assert BallotCast.objects.get().written is True
    ballot.refresh_from_db()
    assert len(ballot.urn) == 1


def test_second_cast_is_refused_and_leaves_no_paper(office, people, users):
    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    yes, no = papers(session, "y", "n")
    services.ballot_cast(actor=users["council_member"], ballot=ballot, choices=yes)
    with pytest.raises(ValidationError, match="đã bỏ phiếu"):
        services.ballot_cast(actor=users["council_member"], ballot=ballot, choices=no)
    ballot.refresh_from_db()
    assert ballot.urn == [yes]
    assert BallotCast.objects.count() == 1


def test_the_constraint_itself_refuses_a_second_cast_row(office, people, users):
    from django.db import IntegrityError, transaction

    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    cm = member(session, users["council_member"])
    BallotCast.objects.create(ballot=ballot, member=cm)
    with pytest.raises(IntegrityError), transaction.atomic():
        BallotCast.objects.create(ballot=ballot, member=cm)


@pytest.mark.parametrize(
    ("paper", "why"),
    [
        pytest.param({}, "empty", id="empty"),
        pytest.param({"999": "yes"}, "unknown item", id="unknown-item"),
        pytest.param(None, "abstain value", id="bad-value"),
    ],
)
def test_paper_must_cover_every_item_with_yes_or_no(office, people, users, paper, why):
    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    if paper is None:
        paper = {str(session.items.get().pk): "abstain"}
    with pytest.raises(ValidationError, match="từng trường hợp"):
        services.ballot_cast(actor=users["council_member"], ballot=ballot, choices=paper)
    assert not BallotCast.objects.exists()


def test_non_members_cannot_cast(office, people, users):
    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    (paper,) = papers(session, "y")
    for persona in ("secretariat", "staff", "other_agency", "initiative_member"):
        with pytest.raises(PermissionDenied):
            services.ballot_cast(actor=users[persona], ballot=ballot, choices=paper)
    assert not BallotCast.objects.exists()


def test_no_cast_after_closing(office, people, users):
    session = voted_session(office, people, users, ["y", "y", "y"])
    (paper,) = papers(session, "y")
    with pytest.raises(ValidationError, match="chưa mở hoặc đã kết thúc"):
        services.ballot_cast(actor=users["union_rep"], ballot=session.ballot, choices=paper)


# Secrecy -------------------------------------------------------------------------------------


def test_papers_carry_no_voter_no_time_and_no_order():
    """The only place choices live is Ballot.urn; BallotCast has no time and no paper."""
    for model in (Ballot, BallotCast):
        for field in model._meta.get_fields():
            assert not isinstance(field, models.DateTimeField | models.DateField), field
    cast_fields = {f.name for f in BallotCast._meta.get_fields()}
    assert cast_fields == {"id", "ballot", "member", "written"}
    ballot_relations = {
        f.name for f in Ballot._meta.get_fields() if f.is_relation and f.many_to_one
    }
    assert ballot_relations == set()  # only the session (one-to-one) and the casts (reverse)


def test_urn_order_does_not_follow_cast_order(office, people, users, monkeypatch):
    """Papers go into the urn at a random position (secrets.randbelow), and are sorted on
    closing: position 0 after closing is not "the first voter"."""
    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    positions = iter([0, 0, 0])  # each new paper goes in front: the urn is reversed
    monkeypatch.setattr(services.secrets, "randbelow", lambda n: next(positions))
    yes, no = papers(session, "y", "n")
    services.ballot_cast(actor=users["head"], ballot=ballot, choices=yes)
    services.ballot_cast(actor=users["council_member"], ballot=ballot, choices=no)
    ballot.refresh_from_db()
    assert ballot.urn == [no, yes]
    services.ballot_cast(actor=users["union_rep"], ballot=ballot, choices=no)
    services.ballot_close(actor=users["secretariat"], session=session)
    ballot.refresh_from_db()
    assert ballot.urn == sorted([yes, no, no], key=lambda p: sorted(p.items()))


def test_audit_events_of_casting_carry_no_choice(office, people, users):
    voted_session(office, people, users, ["yy", "yn", "ny"], EXTRA)
    casts = AuditEvent.objects.filter(action__startswith="ballot.cast")
    assert casts.count() == 3
    for event in casts:
        assert event.before is None and event.after is None and event.reason == ""
    # The close event has the tally, not the papers.
    closing = AuditEvent.objects.get(action="ballot.close")
    assert set(closing.after) == {"papers", "tally", "digest", "minutes", "quota"}


def test_no_count_before_closing(office, people, users):
    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    (paper,) = papers(session, "y")
    services.ballot_cast(actor=users["head"], ballot=ballot, choices=paper)
    ballot.refresh_from_db()
    item = session.items.get()
    assert ballot.tally is None and ballot.digest == "" and ballot.paper_count is None
    assert item.approvals is None and item.passed is None


# verify_ballot ------------------------------------------------------------------------------


def test_verify_ballot_ok(office, people, users, capsys):
    session = voted_session(office, people, users, ["yy", "yn", "nn"], EXTRA)
    call_command("verify_ballot", str(session.ballot.pk))
    out = capsys.readouterr().out
    assert "Kết quả kiểm phiếu khớp với biên bản." in out
    assert session.ballot.digest in out


def test_verify_ballot_detects_a_tampered_paper(office, people, users):
    session = voted_session(office, people, users, ["yy", "yn", "nn"], EXTRA)
    ballot = session.ballot
    tampered = [dict(p) for p in ballot.urn]
    key = str(session.items.last().pk)
    tampered[-1][key] = "yes" if tampered[-1][key] == "no" else "no"
    import json

    with connection.cursor() as cursor:
        cursor.execute(
            f"UPDATE {Ballot._meta.db_table} SET urn = %s WHERE id = %s",
            [json.dumps(tampered), ballot.pk],
        )
    with pytest.raises(CommandError, match="KHÔNG khớp"):
        call_command("verify_ballot", str(ballot.pk))


def test_verify_ballot_unknown_id(db):
    with pytest.raises(CommandError, match="Không có cuộc bỏ phiếu"):
        call_command("verify_ballot", "999999")


def test_verify_ballot_refuses_an_open_ballot(office, people, users):
    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    with pytest.raises(CommandError, match="chưa kết thúc"):
        call_command("verify_ballot", str(ballot.pk))


# Concurrency --------------------------------------------------------------------------------


@pytest.mark.django_db(transaction=True)
def test_fifty_concurrent_casts_by_one_member_make_one_paper(office, people, users):
    if connection.vendor != "postgresql":
        pytest.skip("SQLite serialises writers; concurrency is tested on PostgreSQL.")
    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    (paper,) = papers(session, "y")
    barrier = threading.Barrier(50)
    outcomes = []

    def cast():
        try:
            barrier.wait()
            services.ballot_cast(actor=users["council_member"], ballot=ballot, choices=paper)
            outcomes.append("ok")
        except ValidationError:
            outcomes.append("refused")
        except Exception as error:  # noqa: BLE001 - report any other failure in the assert
            outcomes.append(repr(error))
        finally:
            connections.close_all()

    threads = [threading.Thread(target=cast) for _ in range(50)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(outcomes) == ["ok"] + ["refused"] * 49
    ballot.refresh_from_db()
    assert len(ballot.urn) == 1
    assert BallotCast.objects.filter(ballot=ballot).count() == 1
    assert CouncilSession.objects.count() == 1
