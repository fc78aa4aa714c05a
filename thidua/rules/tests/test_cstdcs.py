"""CSTĐCS (Chiến sĩ thi đua cơ sở) and registration ladders (DOMAIN.md §2, §3.1, §3.3a)."""

import pytest

from thidua.rules.tests.builders import YEAR, initiative, person, rule_of, rules, run, run_one


def test_cstdcs_checks_per_regime():
    assert rules(run_one(year=2021)["titles"]["CSTDCS"]) == ["registration", "ldtt", "initiative"]
    assert rules(run_one(year=2024)["titles"]["CSTDCS"]) == [
        "registration",
        "ldtt",
        "excellent_or_initiative",
    ]


SK = initiative("SK-07", "2021-11-20")


@pytest.mark.parametrize(
    ("facts", "passed", "reason"),
    [
        pytest.param(
            {"initiatives": [SK]},
            True,
            "Sáng kiến SK-07 (cấp cơ sở) được công nhận ngày 20/11/2021",
            id="initiative-recognised-in-year",
        ),
        pytest.param(
            {"initiatives": [initiative("SK-T", "2021-02-01", "tinh")]},
            True,
            "Sáng kiến SK-T (cấp tỉnh) được công nhận ngày 01/02/2021",
            id="provincial-initiative",
        ),
        pytest.param(
            {"research_topics": [{"id": "DT-01", "accepted_on": "2021-10-01", "applied": True}]},
            True,
            "Đề tài nghiên cứu DT-01 nghiệm thu ngày 01/10/2021 và đã được ứng dụng",
            id="topic-accepted-and-applied",
        ),
        pytest.param(
            {"rating": "HTXSNV"},
            False,
            "Không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu và ứng dụng trong năm 2021",
            id="htxsnv-alone-is-not-enough",
        ),
        pytest.param(
            {"initiatives": [initiative("SK-1", "2020-12-31")]},
            False,
            "Không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu và ứng dụng trong năm 2021 (sáng kiến SK-1 (cấp cơ sở) công nhận ngày 31/12/2020, ngoài năm 2021)",
            id="initiative-recognised-another-year",
        ),
        pytest.param(
            {
                "initiatives": [
                    initiative("SK-1", "2021-03-01", used_for={"year": 2020, "title": "CSTDCS"})
                ]
            },
            False,
            "Không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu và ứng dụng trong năm 2021 (sáng kiến SK-1 (cấp cơ sở) đã dùng để xét CSTĐCS năm 2020)",
            id="initiative-already-used",
        ),
        pytest.param(
            {
                "initiatives": [
                    initiative("SK-1", "2021-03-01", used_for={"year": 2021, "title": "CSTDCS"})
                ]
            },
            True,
            "Sáng kiến SK-1 (cấp cơ sở) được công nhận ngày 01/03/2021",
            id="used-for-this-same-year-counts",
        ),
        pytest.param(
            {
                "initiatives": [
                    initiative("SK-1", "2021-03-01", used_for={"year": 2020, "title": "BK_TINH"})
                ]
            },
            True,
            "Sáng kiến SK-1 (cấp cơ sở) được công nhận ngày 01/03/2021",
            id="used-for-another-title-counts",
        ),
        pytest.param(
            {"initiatives": [initiative("SK-1", None)]},
            False,
            "Không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu và ứng dụng trong năm 2021 (sáng kiến SK-1 (cấp cơ sở) chưa được công nhận)",
            id="initiative-not-recognised",
        ),
        pytest.param(
            {"research_topics": [{"id": "DT-02", "accepted_on": "2021-10-01", "applied": False}]},
            False,
            "Không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu và ứng dụng trong năm 2021 (đề tài DT-02 chưa được ứng dụng)",
            id="topic-not-applied",
        ),
        pytest.param(
            {"research_topics": [{"id": "DT-03", "accepted_on": "2020-10-01", "applied": True}]},
            False,
            "Không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu và ứng dụng trong năm 2021 (đề tài DT-03 nghiệm thu ngày 01/10/2020, ngoài năm 2021)",
            id="topic-accepted-another-year",
        ),
    ],
)
def test_vn2013_initiative_is_mandatory(facts, passed, reason):
    cstdcs = run_one(year=2021, **facts)["titles"]["CSTDCS"]
    check = rule_of(cstdcs, "initiative")
    assert (check["passed"], check["reason"]) == (passed, reason)
    assert check["basis"] == (
        "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013) Điều 23 khoản 2; NĐ 91/2017/NĐ-CP Điều 9 "
        "khoản 3 điểm b; NĐ 13/2012/NĐ-CP Điều 3 (Điều lệ Sáng kiến)"
    )
    assert cstdcs["eligible"] is passed


@pytest.mark.parametrize(
    ("facts", "passed", "reason"),
    [
        pytest.param(
            {"rating": "HTXSNV"},
            True,
            "Xếp loại HTXSNV (Hoàn thành xuất sắc nhiệm vụ)",
            id="htxsnv-without-initiative",
        ),
        pytest.param(
            {"initiatives": [initiative("SK-9", "2024-04-02")]},
            True,
            "Sáng kiến SK-9 (cấp cơ sở) được công nhận ngày 02/04/2024",
            id="httnv-with-initiative",
        ),
        pytest.param(
            {"research_topics": [{"id": "DT-9", "accepted_on": "2024-05-05", "applied": True}]},
            True,
            "Đề tài nghiên cứu DT-9 đã được nghiệm thu ngày 05/05/2024",
            id="httnv-with-topic",
        ),
        pytest.param(
            {"research_topics": [{"id": "DT-7", "accepted_on": "2024-12-31", "applied": False}]},
            True,
            "Đề tài nghiên cứu DT-7 đã được nghiệm thu ngày 31/12/2024",
            id="topic-accepted-not-applied-is-enough-art23-2",
        ),
        pytest.param(
            {"research_topics": [{"id": "DT-6", "accepted_on": None, "applied": False}]},
            False,
            "Xếp loại HTTNV, không phải HTXSNV; không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu trong năm 2024 (đề tài DT-6 chưa được nghiệm thu)",
            id="topic-not-accepted-fails",
        ),
        pytest.param(
            {},
            False,
            "Xếp loại HTTNV, không phải HTXSNV; không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu trong năm 2024",
            id="httnv-alone-fails",
        ),
        pytest.param(
            {"initiatives": [initiative("SK-8", "2023-04-02")]},
            False,
            "Xếp loại HTTNV, không phải HTXSNV; không có sáng kiến được công nhận hoặc đề tài nghiên cứu được nghiệm thu trong năm 2024 (sáng kiến SK-8 (cấp cơ sở) công nhận ngày 02/04/2023, ngoài năm 2024)",
            id="initiative-of-last-year-fails",
        ),
    ],
)
def test_vn2022_excellent_or_initiative(facts, passed, reason):
    cstdcs = run_one(year=2024, **facts)["titles"]["CSTDCS"]
    check = rule_of(cstdcs, "excellent_or_initiative")
    assert (check["passed"], check["reason"]) == (passed, reason)
    assert check["basis"] == "Luật TĐKT số 06/2022/QH15 Điều 23 khoản 2"
    assert cstdcs["eligible"] is passed


@pytest.mark.parametrize(
    ("regime", "year", "applied", "passed"),
    [
        pytest.param("vn2013", 2021, True, True, id="law-2003-art23-2-accepted-and-applied"),
        pytest.param("vn2013", 2021, False, False, id="law-2003-art23-2-accepted-only-fails"),
        pytest.param("vn2022", 2024, True, True, id="law-2022-art23-2-accepted-and-applied"),
        pytest.param("vn2022", 2024, False, True, id="law-2022-art23-2-accepted-is-enough"),
    ],
)
def test_research_topic_accepted_vs_accepted_and_applied(regime, year, applied, passed):
    """Luật 15/2003 Điều 23 khoản 2: "đề tài nghiên cứu khoa học đã nghiệm thu được áp dụng";
    Luật 06/2022 Điều 23 khoản 2: "đề tài khoa học, đề án khoa học, công trình khoa học và
    công nghệ đã được nghiệm thu"."""
    topic = {"id": "DT-1", "accepted_on": f"{year}-01-01", "applied": applied}
    cstdcs = run_one(year=year, research_topics=[topic])["titles"]["CSTDCS"]
    assert cstdcs["eligible"] is passed


def test_vn2022_disciplined_htxsnv_counts_as_khtnv():
    discipline = [{"form": "khien_trach", "decided_on": "2024-02-02"}]
    cstdcs = run_one(year=2024, rating="HTXSNV", disciplines=discipline)["titles"]["CSTDCS"]
    assert rule_of(cstdcs, "excellent_or_initiative")["passed"] is False
    assert rule_of(cstdcs, "ldtt") == {
        "rule": "ldtt",
        "passed": False,
        "reason": "Chưa đạt tiêu chuẩn Lao động tiên tiến năm 2024 (không đạt: xếp loại, kỷ luật)",
        "basis": "Luật TĐKT số 06/2022/QH15 Điều 23 khoản 1",
    }
    assert cstdcs["eligible"] is False


@pytest.mark.parametrize("regime", ["vn2013", "vn2022"])
def test_cstdcs_needs_ldtt(regime):
    year = YEAR[regime]
    facts = {"rating": "HTNV", "initiatives": [initiative("SK-1", f"{year}-03-01")]}
    cstdcs = run_one(year=year, **facts)["titles"]["CSTDCS"]
    check = rule_of(cstdcs, "ldtt")
    assert (
        check["reason"]
        == f"Chưa đạt tiêu chuẩn Lao động tiên tiến năm {year} (không đạt: xếp loại)"
    )
    assert cstdcs["eligible"] is False


@pytest.mark.parametrize(
    ("registered", "ldtt", "cstdcs", "ldtt_reason", "cstdcs_reason"),
    [
        pytest.param(
            None,
            False,
            False,
            "Chưa đăng ký thi đua năm 2021; phải đăng ký LĐTT trở lên",
            "Chưa đăng ký thi đua năm 2021; phải đăng ký CSTĐCS trở lên",
            id="not-registered",
        ),
        pytest.param(
            "LDTT",
            True,
            False,
            "Đã đăng ký danh hiệu LĐTT",
            "Chỉ đăng ký danh hiệu LĐTT, thấp hơn CSTĐCS",
            id="LDTT-covers-only-LDTT",
        ),
        pytest.param(
            "CSTDCS",
            True,
            True,
            "Đã đăng ký danh hiệu CSTĐCS (bao gồm LĐTT)",
            "Đã đăng ký danh hiệu CSTĐCS",
            id="CSTDCS-covers-LDTT",
        ),
        pytest.param(
            "CSTD_TINH",
            True,
            True,
            "Đã đăng ký danh hiệu CSTĐ tỉnh (bao gồm LĐTT)",
            "Đã đăng ký danh hiệu CSTĐ tỉnh (bao gồm CSTĐCS)",
            id="CSTD_TINH-covers-both",
        ),
        pytest.param(
            "CSTD_TQ",
            True,
            True,
            "Đã đăng ký danh hiệu CSTĐ toàn quốc (bao gồm LĐTT)",
            "Đã đăng ký danh hiệu CSTĐ toàn quốc (bao gồm CSTĐCS)",
            id="CSTD_TQ-covers-both",
        ),
    ],
)
def test_registration_ladder(registered, ldtt, cstdcs, ldtt_reason, cstdcs_reason):
    result = run_one(registered=registered, initiatives=[SK])
    assert rule_of(result["titles"]["LDTT"], "registration")["reason"] == ldtt_reason
    assert rule_of(result["titles"]["CSTDCS"], "registration")["reason"] == cstdcs_reason
    assert result["titles"]["LDTT"]["eligible"] is ldtt
    assert result["titles"]["CSTDCS"]["eligible"] is cstdcs


def test_registration_not_required_by_setting():
    result = run_one(registered=None, initiatives=[SK], settings={"require_registration": False})
    check = rule_of(result["titles"]["LDTT"], "registration")
    assert check == {
        "rule": "registration",
        "passed": True,
        "reason": "Không bắt buộc đăng ký thi đua",
        "basis": "Kế hoạch thi đua và Quy chế thi đua, khen thưởng của cơ quan (đăng ký thi đua); tham số require_registration = false",
        "local": True,
    }
    assert result["titles"]["CSTDCS"]["eligible"] is True


@pytest.mark.parametrize("year", [2021, 2024])
@pytest.mark.parametrize("title", ["LDTT", "CSTDCS"])
def test_registration_basis_is_the_offices_plan_and_regulation(year, title):
    """Registration is the office's own rule (its plan and regulation), not a law article."""
    check = rule_of(run_one(year=year)["titles"][title], "registration")
    assert check["basis"] == (
        "Kế hoạch thi đua và Quy chế thi đua, khen thưởng của cơ quan (đăng ký thi đua); "
        "tham số require_registration = true"
    )
    assert check["local"] is True


def test_each_person_is_judged_on_their_own_facts():
    result = run([person("A", initiatives=[SK]), person("B")])
    assert [p["titles"]["CSTDCS"]["eligible"] for p in result["people"]] == [True, False]
