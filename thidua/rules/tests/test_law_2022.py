"""The 2022 regime where its texts differ from the 2003 law, one table per article.

Each case is named after the article it pins; the readings and their sources are written down
in thidua/rules/FORMAT.md ("Readings of the law") and docs/legal-sources.md.
"""

import pytest

from thidua.rules.tests.builders import history, initiative, person, rule_of, run, run_one

L2022 = "Luật TĐKT số 06/2022/QH15"
D90 = "NĐ 90/2020/NĐ-CP Điều 2 khoản 5 điểm a (bổ sung bởi NĐ 48/2023/NĐ-CP Điều 1 khoản 1)"
D335 = "NĐ 335/2025/NĐ-CP Điều 11 khoản 4 điểm c"


# --- Luật 06/2022/QH15 Điều 74 khoản 1 điểm d: Bằng khen of the province --------------------


def _topic(ident, on, applied=True):
    return {"id": ident, "accepted_on": on, "applied": applied}


@pytest.mark.parametrize(
    ("facts", "eligible", "alternatives"),
    [
        pytest.param(
            {"history": [history(2023, "HTTNV", "LDTT", "CSTDCS")], "rating": "HTXSNV"},
            True,
            {"A": True, "B": False},
            id="art74-1d-two-consecutive-cstdcs",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "history": [history(2023, "HTXSNV", "LDTT")],
                "initiatives": [initiative("S1", "2023-05-01"), initiative("S2", "2024-05-01")],
                "registered": None,
            },
            True,
            {"A": False, "B": True},
            id="art74-1d-two-htxsnv-years-two-initiatives",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "history": [history(2023, "HTXSNV", "LDTT")],
                "initiatives": [initiative("S1", "2022-12-31"), initiative("S2", "2024-05-01")],
                "registered": None,
            },
            False,
            {"A": False, "B": False},
            id="art74-1d-initiative-before-the-two-years-does-not-count",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "history": [history(2023, "HTXSNV", "LDTT")],
                "research_topics": [_topic("D1", "2023-03-01"), _topic("D2", "2024-03-01")],
                "registered": None,
            },
            True,
            {"A": False, "B": True},
            id="art74-1d-two-topics-accepted-and-applied-instead-of-initiatives",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "history": [history(2023, "HTXSNV", "LDTT")],
                "research_topics": [_topic("D1", "2023-03-01"), _topic("D2", "2024-03-01", False)],
                "registered": None,
            },
            False,
            {"A": False, "B": False},
            id="art74-1d-topic-must-be-applied",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "history": [history(2023, "HTXSNV", "LDTT")],
                "initiatives": [initiative("S1", "2023-03-01")],
                "research_topics": [_topic("D2", "2024-03-01")],
                "registered": None,
            },
            False,
            {"A": False, "B": False},
            id="art74-1d-one-initiative-plus-one-topic-is-not-two-of-either",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "history": [history(2023, "HTXSNV", "LDTT", "CSTDCS")],
                "initiatives": [
                    initiative("S1", "2023-03-01", used_for={"year": 2023, "title": "CSTDCS"}),
                    initiative("S2", "2024-03-01"),
                    initiative("S3", "2024-04-01"),
                ],
                "registered": None,
            },
            True,
            {"A": True, "B": True},
            id="art74-1d-bnv-initiative-used-for-cstdcs-not-counted-two-others-are",
        ),
        pytest.param(
            {
                "rating": "HTTNV",
                "history": [history(2023, "HTXSNV", "LDTT")],
                "initiatives": [initiative("S1", "2023-03-01"), initiative("S2", "2024-03-01")],
            },
            False,
            {"A": False, "B": False},
            id="art74-1d-this-year-not-htxsnv",
        ),
    ],
)
def test_bk_tinh_art74_1d(facts, eligible, alternatives):
    result = run_one(year=2024, **facts)["upward"]["BK_TINH"]
    by_alternative: dict[str, bool] = {}
    for item in result["checks"]:
        label = item["alternative"]
        by_alternative[label] = by_alternative.get(label, True) and item["passed"]
        assert item["basis"] == f"{L2022} Điều 74 khoản 1 điểm d"
    assert by_alternative == alternatives
    assert result["eligible"] is eligible


def test_bk_tinh_bnv_example_cstdcs_on_htxsnv_leaves_the_initiatives_free():
    """Ministry of Home Affairs' answer on Art. 74(1)(d): 2023 HTXSNV with one initiative and no
    CSTĐCS; 2024 HTXSNV with one initiative and CSTĐCS earned on the HTXSNV criterion ⇒
    eligible (the two initiatives did not back the CSTĐCS)."""
    result = run_one(
        year=2024,
        rating="HTXSNV",
        history=[history(2023, "HTXSNV", "LDTT")],
        initiatives=[initiative("S23", "2023-06-01"), initiative("S24", "2024-06-01")],
    )
    assert result["titles"]["CSTDCS"]["eligible"] is True
    assert result["upward"]["BK_TINH"]["eligible"] is True


def test_bk_tinh_initiative_backing_this_years_cstdcs_is_not_counted_again():
    """A CSTĐCS earned on an initiative (not on HTXSNV) uses it up: Art. 74(1)(d) needs two
    more (BNV answer: one achievement is not rewarded twice)."""
    result = run_one(
        year=2024,
        rating="HTTNV",
        history=[history(2023, "HTXSNV", "LDTT")],
        initiatives=[initiative("S23", "2023-06-01"), initiative("S24", "2024-06-01")],
    )
    assert result["titles"]["CSTDCS"]["eligible"] is True  # backed by S24, this year's
    check = rule_of(result["upward"]["BK_TINH"], "initiatives_2_years")
    assert check["passed"] is False
    assert check["reason"] == (
        "1 sáng kiến được công nhận và 0 đề tài được nghiệm thu, áp dụng trong các năm "
        "2023–2024 (cần ít nhất 2 sáng kiến hoặc 2 đề tài): sáng kiến S23; không tính sáng kiến "
        "đã làm căn cứ danh hiệu CSTĐCS: S24"
    )


# --- Luật 06/2022/QH15 Điều 23 khoản 2: CSTĐCS ------------------------------------------------


@pytest.mark.parametrize(
    ("facts", "passed"),
    [
        pytest.param({"rating": "HTXSNV"}, True, id="art23-2-htxsnv-alone"),
        pytest.param(
            {"initiatives": [initiative("S", "2024-01-01")]}, True, id="art23-2-initiative"
        ),
        pytest.param(
            {"research_topics": [_topic("D", "2024-12-31", applied=False)]},
            True,
            id="art23-2-topic-accepted-not-applied",
        ),
        pytest.param({}, False, id="art23-2-none-of-the-three"),
        pytest.param(
            {"research_topics": [_topic("D", "2025-01-01")]}, False, id="art23-2-topic-next-year"
        ),
    ],
)
def test_cstdcs_art23_2(facts, passed):
    check = rule_of(run_one(year=2024, **facts)["titles"]["CSTDCS"], "excellent_or_initiative")
    assert check["passed"] is passed
    assert check["basis"] == f"{L2022} Điều 23 khoản 2"


# --- Discipline ⇒ KHTNV: the civil-servant rating decree of the rating year --------------------


@pytest.mark.parametrize(
    ("year", "duty_related", "rating_passed", "discipline_passed", "decree"),
    [
        pytest.param(2024, None, False, False, D90, id="2024-nd90-art2-5a-any-discipline"),
        pytest.param(2025, False, False, False, D90, id="2025-nd90-even-unrelated-to-duty"),
        pytest.param(2026, True, False, False, D335, id="2026-nd335-duty-related"),
        pytest.param(2026, None, False, False, D335, id="2026-nd335-reason-not-recorded"),
        pytest.param(2026, False, True, True, D335, id="2026-nd335-unrelated-to-duty"),
    ],
)
def test_discipline_rating_consequence_cites_the_rating_decree(
    year, duty_related, rating_passed, discipline_passed, decree
):
    discipline = {"form": "khien_trach", "decided_on": f"{year}-03-10"}
    if duty_related is not None:
        discipline["duty_related"] = duty_related
    result = run_one(year=year, rating="HTTNV", disciplines=[discipline])
    ldtt = result["titles"]["LDTT"]
    rating = rule_of(ldtt, "rating")
    check = rule_of(ldtt, "discipline")
    assert (rating["passed"], check["passed"]) == (rating_passed, discipline_passed)
    assert check["basis"] == f"{decree}; {L2022} Điều 24 khoản 1 điểm a"
    if not rating_passed:
        assert rating["basis"] == f"{L2022} Điều 24 khoản 1 điểm a; {decree}"
        assert result["flags"]  # entered HTTNV contradicts the KHTNV the decree imposes
    else:
        assert rating["basis"] == f"{L2022} Điều 24 khoản 1 điểm a"
        assert result["flags"] == []
    assert ldtt["eligible"] is discipline_passed


def test_2026_discipline_without_reason_asks_for_it():
    result = run_one(
        year=2026,
        rating="KHTNV",
        disciplines=[{"form": "canh_cao", "decided_on": "2026-02-01"}],
    )
    reason = rule_of(result["titles"]["LDTT"], "discipline")["reason"]
    assert reason == (
        "Bị kỷ luật cảnh cáo (quyết định ngày 01/02/2026) trong năm 2026: xếp loại được tính là "
        "KHTNV nên không đạt LĐTT (chưa ghi lý do kỷ luật: tính là vi phạm liên quan đến hoạt "
        "động công vụ; cần bổ sung lý do vào hồ sơ)"
    )


def test_2026_unrelated_discipline_does_not_break_rating_chains():
    """Under NĐ 335/2025 a discipline unrelated to public duties leaves the rating as entered,
    so this year's HTXSNV still counts in the Bằng khen chain."""
    result = run_one(
        year=2026,
        rating="HTXSNV",
        history=[history(2025, "HTXSNV", "LDTT", "CSTDCS")],
        disciplines=[{"form": "khien_trach", "decided_on": "2026-05-05", "duty_related": False}],
    )
    assert rule_of(result["upward"]["BK_TINH"], "htxsnv_2_years")["passed"] is True


# --- LĐTT time rules (Luật 06/2022 Điều 24 khoản 4; TT 01/2024/TT-BNV, TT 15/2025/TT-BNV) ---


@pytest.mark.parametrize(
    ("recruited_on", "prior", "settings", "passed"),
    [
        pytest.param("2024-09-01", [], None, False, id="recruit-4-months-fails"),
        pytest.param("2024-07-01", [], None, True, id="recruit-6-months-edge-passes"),
        pytest.param("2024-07-02", [], None, False, id="recruit-one-day-short-fails"),
        pytest.param(
            "2024-09-01",
            [{"start": "2024-01-02", "end": "2024-08-31"}],
            None,
            True,
            id="contract-at-same-office-runs-into-recruitment",
        ),
        pytest.param(
            "2024-09-01",
            [{"start": "2024-01-02", "end": "2024-08-29"}],
            None,
            False,
            id="contract-with-a-gap-does-not-count",
        ),
        pytest.param(
            "2024-09-01",
            [
                {"start": "2024-05-01", "end": "2024-06-30"},
                {"start": "2024-07-01", "end": "2024-08-31"},
            ],
            None,
            True,
            id="two-contracts-without-a-break",
        ),
        pytest.param(
            "2024-09-01",
            [{"start": "2024-01-02", "end": "2024-08-31"}],
            {"count_prior_service": False},
            False,
            id="office-turns-prior-service-off",
        ),
    ],
)
def test_months_worked_with_prior_service(recruited_on, prior, settings, passed):
    result = run_one(year=2024, recruited_on=recruited_on, prior_service=prior, settings=settings)
    check = rule_of(result["titles"]["LDTT"], "months_worked")
    assert check["passed"] is passed
    assert check["basis"].startswith(f"{L2022} Điều 24 khoản 4; TT 01/2024/TT-BNV")


def test_prior_service_reason_names_the_start_at_the_office():
    result = run_one(
        year=2024,
        recruited_on="2024-09-01",
        prior_service=[{"start": "2024-03-01", "end": "2024-08-31"}],
    )
    assert rule_of(result["titles"]["LDTT"], "months_worked")["reason"] == (
        "Làm việc tại cơ quan từ ngày 01/03/2024: 10 tháng đến 31/12/2024, đủ 6 tháng; làm việc "
        "tại cơ quan theo hợp đồng trước khi tuyển dụng từ 01/03/2024 được tính là thời gian "
        "làm việc"
    )


LONG = {"start": "2023-09-01", "end": "2024-08-31", "result": None}


@pytest.mark.parametrize(
    ("year", "training", "settings", "passed", "reason"),
    [
        pytest.param(
            2024,
            LONG,
            None,
            True,
            "Khóa đào tạo 01/09/2023–31/08/2024 (12 tháng) được tính là thời gian làm việc",
            id="tt01-2024-one-year-training-counts-without-a-result",
        ),
        pytest.param(
            2024,
            LONG,
            {"long_training_needs_kha": True},
            False,
            "Khóa đào tạo 01/09/2023–31/08/2024 (12 tháng), kết quả chưa có: chưa đạt loại khá "
            "trở lên",
            id="office-may-require-kha",
        ),
        pytest.param(
            2023,
            {**LONG, "start": "2022-09-01", "end": "2023-08-31"},
            None,
            False,
            "Khóa đào tạo 01/09/2022–31/08/2023 (12 tháng), kết quả chưa có: chưa đạt loại khá "
            "trở lên",
            id="vn2013-needs-kha",
        ),
    ],
)
def test_long_training(year, training, settings, passed, reason):
    top = {"settings": settings} if settings else {}
    ldtt = run([person(trainings=[training])], year=year, **top)["people"][0]["titles"]["LDTT"]
    check = rule_of(ldtt, "long_training")
    assert (check["passed"], check["reason"]) == (passed, reason)


def test_maternity_leave_is_credited_as_worked_time():
    leave = {"kind": "maternity", "start": "2024-08-01", "end": "2024-12-31"}
    result = run_one(year=2024, recruited_on="2024-06-01", leaves=[leave])
    check = rule_of(result["titles"]["LDTT"], "months_worked")
    assert check["passed"] is True
    assert check["reason"].endswith(
        "nghỉ thai sản 01/08/2024–31/12/2024 được tính là thời gian làm việc"
    )
