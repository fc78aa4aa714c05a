"""The council's arithmetic (DOMAIN.md §3.3, §7): threshold over ALL members, quorum 2/3,
working days of the posting, and the CSTĐCS ranking at the cut line."""

import datetime as dt

import pytest

from thidua.council import rules


@pytest.mark.parametrize(
    ("approvals", "members", "percent", "passes"),
    [
        pytest.param(5, 9, 50, True, id="9-members-5-pass"),
        pytest.param(4, 9, 50, False, id="9-members-4-fail"),
        pytest.param(5, 10, 50, False, id="10-members-5-is-exactly-half-fails"),
        pytest.param(6, 10, 50, True, id="10-members-6-pass"),
        pytest.param(2, 3, 50, True, id="3-members-2-pass"),
        pytest.param(1, 2, 50, False, id="2-members-1-fails"),
        pytest.param(7, 10, 66, True, id="two-thirds-setting-7-of-10"),
        pytest.param(6, 9, 66, True, id="66pct-6-of-9"),
        pytest.param(0, 0, 50, False, id="no-members"),
    ],
)
def test_approval_is_more_than_percent_of_all_members(approvals, members, percent, passes):
    assert rules.approval_passes(approvals, members, percent) is passes
    if members:
        needed = rules.approvals_needed(members, percent)
        assert rules.approval_passes(needed, members, percent)
        assert not rules.approval_passes(needed - 1, members, percent)


@pytest.mark.parametrize(
    ("present", "members", "reached", "needed"),
    [
        pytest.param(6, 9, True, 6, id="9-members-6-present"),
        pytest.param(5, 9, False, 6, id="9-members-5-present"),
        pytest.param(7, 10, True, 7, id="10-members-7-present"),
        pytest.param(6, 10, False, 7, id="10-members-6-present-is-below-two-thirds"),
        pytest.param(2, 3, True, 2, id="3-members-2-present"),
        pytest.param(1, 3, False, 2, id="3-members-1-present"),
        pytest.param(0, 0, False, 0, id="no-members"),
    ],
)
def test_quorum_two_thirds(present, members, reached, needed):
    assert rules.quorum_needed(members, 2, 3) == needed
    assert rules.has_quorum(present, members, 2, 3) is reached


def test_quorum_setting_reads_a_fraction(settings):
    assert rules.quorum_setting() == (2, 3)
    settings.THIDUA_COUNCIL_QUORUM = "3/4"
    assert rules.quorum_setting() == (3, 4)
    settings.THIDUA_COUNCIL_QUORUM = "5/4"
    with pytest.raises(ValueError):
        rules.quorum_setting()


MON = dt.date(2026, 11, 23)  # a Monday


@pytest.mark.parametrize(
    ("start", "days", "holidays", "end"),
    [
        pytest.param(MON, 5, [], dt.date(2026, 11, 27), id="monday-to-friday"),
        pytest.param(MON + dt.timedelta(2), 5, [], dt.date(2026, 12, 1), id="wed-over-weekend"),
        pytest.param(dt.date(2026, 11, 28), 5, [], dt.date(2026, 12, 4), id="saturday-start"),
        pytest.param(dt.date(2026, 11, 29), 1, [], dt.date(2026, 11, 30), id="sunday-one-day"),
        pytest.param(MON, 1, [], MON, id="one-day-same-day"),
        pytest.param(MON, 5, [dt.date(2026, 11, 25)], dt.date(2026, 11, 30), id="holiday-midweek"),
        pytest.param(
            dt.date(2026, 8, 31),
            5,
            [dt.date(2026, 9, 1), dt.date(2026, 9, 2)],
            dt.date(2026, 9, 8),  # Mon 31/8, then Thu, Fri, Mon, Tue
            id="national-day-holidays",
        ),
        pytest.param(MON, 5, [MON], dt.date(2026, 11, 30), id="start-on-holiday"),
    ],
)
def test_posting_end_counts_working_days(start, days, holidays, end):
    assert rules.posting_end(start, days, holidays) == end


def test_holidays_setting_accepts_iso_strings_and_dates(settings):
    settings.THIDUA_HOLIDAYS = ["2026-09-02", dt.date(2026, 9, 1)]
    assert rules.holidays_setting() == {dt.date(2026, 9, 1), dt.date(2026, 9, 2)}
    del settings.THIDUA_HOLIDAYS
    assert rules.holidays_setting() == set()
    assert rules.posting_days_setting() == 5


@pytest.mark.parametrize(
    ("candidates", "cap", "inside", "tied", "ranks"),
    [
        pytest.param([(1, 3), (2, 2), (3, 1)], 2, {1, 2}, set(), [1, 2, 3], id="clear-cut"),
        pytest.param([(1, 3), (2, 2), (3, 2)], 2, {1, 2}, {2, 3}, [1, 2, 2], id="tie-at-cut"),
        pytest.param([(1, 3), (2, 3), (3, 2)], 1, {1}, {1, 2}, [1, 1, 3], id="tie-at-top"),
        pytest.param([(1, 3), (2, 3), (3, 2)], 2, {1, 2}, set(), [1, 1, 3], id="tie-inside"),
        pytest.param([(1, 2), (2, 2)], 0, set(), set(), [1, 1], id="cap-zero"),
        pytest.param([(5, 1), (4, 3)], 1, {4}, set(), [1, 2], id="ordered-by-approvals"),
    ],
)
def test_quota_ranking_marks_the_cut_and_ties(candidates, cap, inside, tied, ranks):
    ranking = rules.quota_ranking(candidates, cap)
    assert {r.key for r in ranking if r.within_cap} == inside
    assert {r.key for r in ranking if r.tied} == tied
    assert [r.rank for r in ranking] == ranks


@pytest.mark.parametrize(
    ("keep", "ok"),
    [
        pytest.param({1, 2}, True, id="by-ranking"),
        pytest.param({1, 3}, True, id="tie-other-choice"),
        pytest.param({2, 3}, False, id="skips-the-first"),
        pytest.param({1}, False, id="too-few"),
        pytest.param({1, 2, 3}, False, id="too-many"),
        pytest.param({1, 9}, False, id="unknown"),
    ],
)
def test_selection_must_follow_the_ranking(keep, ok):
    ranking = rules.quota_ranking([(1, 3), (2, 2), (3, 2), (4, 1)], 2)
    assert (rules.selection_follows_ranking(ranking, keep, 2) is None) is ok


def test_digest_ignores_order_and_changes_with_any_vote():
    a, b = {"1": "yes", "2": "no"}, {"2": "yes", "1": "yes"}
    assert rules.ballot_digest([a, b]) == rules.ballot_digest([b, a])
    assert rules.ballot_digest([a, b]) != rules.ballot_digest([a, {"2": "no", "1": "yes"}])
    assert rules.count_papers([a, b], [1, 2]) == {"1": 2, "2": 1}
