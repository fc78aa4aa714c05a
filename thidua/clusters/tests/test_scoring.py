"""The scoring rules of a cluster (thidua/clusters/scoring.py), table by table."""

from decimal import Decimal as D

import pytest

from thidua.clusters import scoring as s

TABLE = s.Table(
    sections=[
        s.Section("work", s.KIND_CRITERIA, D("60")),
        s.Section("emulation", s.KIND_CRITERIA, None),
        s.Section("bonus", s.KIND_BONUS, D("5")),
        s.Section("penalty", s.KIND_PENALTY, D("10")),
    ],
    criteria=[
        s.Criterion("a", "work", D("40")),
        s.Criterion("b", "work", D("30")),
        s.Criterion("c", "emulation", D("40")),
        s.Criterion("x", "bonus", D("3")),
        s.Criterion("y", "bonus", D("4")),
        s.Criterion("p", "penalty", D("8")),
        s.Criterion("q", "penalty", D("8")),
    ],
)


@pytest.mark.parametrize(
    ("scores", "base", "bonus", "penalty", "total"),
    [
        pytest.param({}, "0.00", "0.00", "0.00", "0.00", id="nothing-scored"),
        pytest.param({"a": D("30"), "c": D("35.5")}, "65.50", "0", "0", "65.50", id="plain-sum"),
        pytest.param(
            {"a": D("40"), "b": D("30"), "c": D("40")},
            "100.00",
            "0",
            "0",
            "100.00",
            id="section-cap-60-cuts-70",
        ),
        pytest.param({"a": D("45")}, "40.00", "0", "0", "40.00", id="criterion-max-cuts-45-to-40"),
        pytest.param({"x": D("3"), "y": D("4")}, "0", "5.00", "0", "5.00", id="bonus-cap-5-cuts-7"),
        pytest.param({"x": D("2"), "y": D("2.5")}, "0", "4.50", "0", "4.50", id="bonus-under-cap"),
        pytest.param(
            {"a": D("20"), "p": D("8"), "q": D("8")},
            "20.00",
            "0",
            "10.00",
            "10.00",
            id="penalty-cap-10-cuts-16",
        ),
        pytest.param({"p": D("3")}, "0", "0", "3.00", "-3.00", id="penalty-alone-goes-negative"),
        pytest.param({"a": D("-2")}, "0.00", "0", "0", "0.00", id="negative-is-zero"),
        pytest.param({"a": D("10.005")}, "10.01", "0", "0", "10.01", id="two-places-half-up"),
    ],
)
def test_table_points_with_caps(scores, base, bonus, penalty, total):
    points = s.table_points(TABLE, scores)
    assert (points.base, points.bonus, points.penalty, points.total) == (
        D(base),
        D(bonus),
        D(penalty),
        D(total),
    )


SMALL = s.Table(
    sections=[s.Section("w", s.KIND_CRITERIA)],
    criteria=[s.Criterion("a", "w", D("10")), s.Criterion("b", "w", D("10"))],
)


@pytest.mark.parametrize(
    ("rule", "subject", "self_scores", "cross", "finals", "self_only"),
    [
        pytest.param(
            "leader",
            "M2",
            {"a": D(9), "b": D(9)},
            {"L": {"a": D(7), "b": D(8)}, "D": {"a": D(1)}},
            {"a": D("7.00"), "b": D("8.00")},
            (),
            id="leader-rule-takes-leader-score",
        ),
        pytest.param(
            "leader",
            "L",
            {"a": D(9), "b": D(9)},
            {"D": {"a": D(6), "b": D(5)}, "M2": {"a": D(1)}},
            {"a": D("6.00"), "b": D("5.00")},
            (),
            id="leader-is-scored-by-deputy",
        ),
        pytest.param(
            "leader",
            "M2",
            {"a": D(9), "b": D("8.5")},
            {"L": {"a": D(7)}},
            {"a": D("7.00"), "b": D("8.50")},
            ("b",),
            id="leader-rule-missing-keeps-self-score",
        ),
        pytest.param(
            "leader",
            "M2",
            {},
            {"L": {"a": D(12)}},
            {"a": D("10.00"), "b": D("0.00")},
            ("b",),
            id="cross-score-above-max-is-cut",
        ),
        pytest.param(
            "mean",
            "M2",
            {"a": D(9)},
            {"L": {"a": D(7)}, "D": {"a": D(8)}, "M3": {"a": D(8)}},
            {"a": D("7.67"), "b": D("0.00")},
            ("b",),
            id="mean-of-three-rounded-half-up",
        ),
        pytest.param(
            "mean",
            "M2",
            {"a": D(9)},
            {"L": {"a": D(7)}, "M2": {"a": D(10)}},
            {"a": D("7.00"), "b": D("0.00")},
            ("b",),
            id="mean-ignores-subjects-own-entry",
        ),
        pytest.param(
            "mean",
            "M2",
            {},
            {"L": {"a": D("5.5")}, "D": {"b": D(4)}},
            {"a": D("5.50"), "b": D("4.00")},
            (),
            id="mean-over-those-who-scored-each-criterion",
        ),
    ],
)
def test_final_scores_rules(rule, subject, self_scores, cross, finals, self_only):
    result = s.final_scores(
        SMALL,
        rule=rule,
        subject=subject,
        self_scores=self_scores,
        cross_scores=cross,
        leader="L",
        deputy="D",
    )
    assert result.scores == finals
    assert result.self_only == self_only


def test_unknown_rule_is_refused():
    with pytest.raises(ValueError):
        s.final_scores(
            SMALL, rule="max", subject="A", self_scores={}, cross_scores={}, leader="L", deputy=None
        )


def entry(code, base, bonus="0", penalty="0"):
    points = s.Points(D(base), D(bonus), D(penalty))
    return s.Entry(code, points, points)


@pytest.mark.parametrize(
    ("entries", "flags", "bks", "expected"),
    [
        pytest.param(
            [entry("A", "90"), entry("B", "95"), entry("C", "80")],
            1,
            1,
            [
                ("B", 1, False, "CO_TINH", False),
                ("A", 2, False, "BK_TINH", False),
                ("C", 3, False, "", False),
            ],
            id="higher-total-first",
        ),
        pytest.param(
            [entry("A", "92", penalty="2"), entry("B", "91", penalty="1")],
            1,
            0,
            [("B", 1, False, "CO_TINH", False), ("A", 2, False, "", False)],
            id="equal-total-fewer-penalty-first",
        ),
        pytest.param(
            [entry("A", "88", bonus="2"), entry("B", "90")],
            1,
            0,
            [("B", 1, False, "CO_TINH", False), ("A", 2, False, "", False)],
            id="equal-total-and-penalty-higher-base-first",
        ),
        pytest.param(
            [entry("A", "90"), entry("B", "90"), entry("C", "70")],
            2,
            1,
            [
                ("A", 1, True, "CO_TINH", False),
                ("B", 1, True, "CO_TINH", False),
                ("C", 3, False, "BK_TINH", False),
            ],
            id="exact-tie-inside-quota-shares-rank-1-1-3",
        ),
        pytest.param(
            [entry("A", "90"), entry("B", "90"), entry("C", "70")],
            1,
            2,
            [
                ("A", 1, True, "BK_TINH", True),
                ("B", 1, True, "BK_TINH", True),
                ("C", 3, False, "BK_TINH", False),
            ],
            id="exact-tie-straddling-flag-boundary-gets-lower-award-and-flag",
        ),
        pytest.param(
            [entry("A", "95"), entry("B", "90"), entry("C", "90")],
            1,
            1,
            [("A", 1, False, "CO_TINH", False), ("B", 2, True, "", True), ("C", 2, True, "", True)],
            id="exact-tie-straddling-last-slot-gets-nothing-and-flag",
        ),
        pytest.param(
            [entry("A", "95"), entry("B", "90")],
            0,
            0,
            [("A", 1, False, "", False), ("B", 2, False, "", False)],
            id="no-quota-no-proposal",
        ),
        pytest.param([], 1, 2, [], id="empty-cluster"),
    ],
)
def test_rank_tie_breaks_and_proposals(entries, flags, bks, expected):
    ranked = s.rank(entries, flag_count=flags, bk_count=bks)
    assert [(r.code, r.rank, r.tied, r.proposal, r.boundary_tie) for r in ranked] == expected


@pytest.mark.parametrize(
    ("value", "maximum", "expected"),
    [
        pytest.param("5", "10", "5.00", id="inside"),
        pytest.param("10", "10", "10.00", id="at-max"),
        pytest.param("10.01", "10", "10.00", id="just-above-max"),
        pytest.param("0", "10", "0.00", id="zero"),
        pytest.param("-0.01", "10", "0.00", id="just-below-zero"),
        pytest.param("3.333", "10", "3.33", id="rounded-down"),
        pytest.param("3.335", "10", "3.34", id="rounded-half-up"),
    ],
)
def test_clamp(value, maximum, expected):
    assert s.clamp(D(value), D(maximum)) == D(expected)
