"""Upward screening: CSTĐ tỉnh, CSTĐ toàn quốc, Bằng khen tỉnh, Bằng khen Thủ tướng
(DOMAIN.md §3.1 "Upward screening", §3.3a). Chains use this run's result for this year and the
history for earlier years; a missing year breaks a chain."""

import pytest

from thidua.rules.tests.builders import history, initiative, rule_of, rules, run_one


def upward(title, year=2021, regime=None, **facts):
    return run_one(year=year, regime=regime, **facts)["upward"][title]


SK_2021 = initiative("SK-21", "2021-05-05")
SK_TINH_2019 = initiative("SK-T", "2019-04-04", "tinh")
CSTDCS_2020 = history(2020, "HTXSNV", "LDTT", "CSTDCS")
CSTDCS_2019 = history(2019, "HTXSNV", "LDTT", "CSTDCS")


def test_upward_holds_the_four_screenings_per_regime():
    result = run_one(year=2021)["upward"]
    assert {title: rules(value) for title, value in result.items()} == {
        "CSTD_TINH": ["cstdcs_3_years", "initiative_provincial"],
        "CSTD_TQ": ["cstd_tinh_2_years", "initiative_national"],
        "BK_TINH": ["htxsnv_2_years", "initiatives_2_years"],
        "BK_TTG": ["bk_tinh_before", "htxsnv_5_years", "initiatives_5_years"],
    }
    result = run_one(year=2024)["upward"]
    assert rules(result["BK_TINH"]) == ["cstdcs_2_years", "htxsnv_2_years", "initiatives_2_years"]
    assert rules(result["BK_TTG"]) == ["bk_tinh_before", "httnv_5_years", "cstdcs_3_of_5"]


@pytest.mark.parametrize(
    ("facts", "chain", "initiative_ok", "eligible"),
    [
        pytest.param(
            {"history": [CSTDCS_2020, CSTDCS_2019], "initiatives": [SK_2021, SK_TINH_2019]},
            True,
            True,
            True,
            id="three-years-and-provincial-initiative",
        ),
        pytest.param(
            {
                "history": [CSTDCS_2020, CSTDCS_2019],
                "initiatives": [SK_2021, SK_TINH_2019],
                "registered": None,
            },
            True,
            True,
            True,
            id="ignores-registration-this-year",
        ),
        pytest.param(
            {"history": [CSTDCS_2020], "initiatives": [SK_2021, SK_TINH_2019]},
            False,
            True,
            False,
            id="missing-year-breaks-chain",
        ),
        pytest.param(
            {
                "history": [CSTDCS_2020, history(2019, "HTTNV", "LDTT")],
                "initiatives": [SK_2021, SK_TINH_2019],
            },
            False,
            True,
            False,
            id="year-without-title-breaks-chain",
        ),
        pytest.param(
            {"history": [CSTDCS_2020, CSTDCS_2019], "initiatives": [SK_2021]},
            True,
            False,
            False,
            id="office-level-initiative-is-not-enough",
        ),
        pytest.param(
            {
                "history": [CSTDCS_2020, CSTDCS_2019],
                "initiatives": [SK_2021, initiative("SK-T", "2018-12-31", "tinh")],
            },
            True,
            False,
            False,
            id="provincial-initiative-outside-the-3-years",
        ),
        pytest.param(
            {
                "history": [CSTDCS_2020, CSTDCS_2019],
                "initiatives": [
                    initiative("SK-T", "2021-01-01", "toan_quoc", {"year": 2020, "title": "CSTDCS"})
                ],
                "rating": "HTXSNV",
            },
            False,
            True,
            False,
            id="used-initiative-counts-upward-but-not-for-cstdcs",
        ),
    ],
)
def test_cstd_tinh(facts, chain, initiative_ok, eligible):
    result = upward("CSTD_TINH", **facts)
    assert rule_of(result, "cstdcs_3_years")["passed"] is chain
    assert rule_of(result, "initiative_provincial")["passed"] is initiative_ok
    assert result["eligible"] is eligible


@pytest.mark.parametrize(
    ("facts", "chain", "eligible"),
    [
        pytest.param(
            {
                "history": [CSTDCS_2020, CSTDCS_2019],
                "initiatives": [SK_TINH_2019],
                "rating": "HTXSNV",
            },
            True,
            True,
            id="vn2022-htxsnv-makes-this-years-cstdcs",
        ),
        pytest.param(
            {"history": [CSTDCS_2020], "initiatives": [SK_2021, SK_TINH_2019]},
            False,
            False,
            id="vn2022-missing-year-breaks-chain",
        ),
        pytest.param(
            {
                "history": [CSTDCS_2020, CSTDCS_2019],
                "initiatives": [
                    initiative("SK-T", "2021-01-01", "toan_quoc", {"year": 2020, "title": "CSTDCS"})
                ],
                "rating": "HTXSNV",
            },
            True,
            True,
            id="vn2022-used-initiative-counts-upward",
        ),
    ],
)
def test_cstd_tinh_vn2022(facts, chain, eligible):
    result = upward("CSTD_TINH", regime="vn2022", **facts)
    assert rule_of(result, "cstdcs_3_years")["passed"] is chain
    assert rule_of(result, "cstdcs_3_years")["basis"] == "Luật TĐKT số 06/2022/QH15 Điều 22"
    assert result["eligible"] is eligible


def test_cstd_tinh_reason_names_the_year_that_broke_the_chain():
    result = upward("CSTD_TINH", history=[CSTDCS_2020], initiatives=[SK_2021])
    assert rule_of(result, "cstdcs_3_years") == {
        "rule": "cstdcs_3_years",
        "passed": False,
        "reason": (
            "Chưa đủ CSTĐCS 3 năm liên tục 2019–2021, chuỗi bị đứt ở năm 2019 (2021: đạt tiêu "
            "chuẩn CSTĐCS (xét năm nay, không tính đăng ký); 2020: có CSTĐCS; 2019: không có dữ "
            "liệu lịch sử)"
        ),
        "basis": "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013) Điều 22",
    }


def test_cstd_tinh_passing_reasons():
    result = upward(
        "CSTD_TINH", history=[CSTDCS_2020, CSTDCS_2019], initiatives=[SK_2021, SK_TINH_2019]
    )
    assert rule_of(result, "cstdcs_3_years")["reason"] == (
        "Đạt CSTĐCS 3 năm liên tục 2019–2021 (2021: đạt tiêu chuẩn CSTĐCS (xét năm nay, không "
        "tính đăng ký); 2020: có CSTĐCS; 2019: có CSTĐCS)"
    )
    assert rule_of(result, "initiative_provincial")["reason"] == (
        "Có sáng kiến SK-T (cấp tỉnh, công nhận ngày 04/04/2019) trong các năm 2019–2021"
    )


TINH_2021 = history(2021, "HTXSNV", "CSTDCS", "CSTD_TINH")
TINH_2020 = history(2020, "HTXSNV", "CSTDCS", "CSTD_TINH")
TINH_2019 = history(2019, "HTXSNV", "CSTDCS", "CSTD_TINH")
TQ = initiative


@pytest.mark.parametrize("regime", ["vn2013", "vn2022"])
@pytest.mark.parametrize(
    ("records", "initiatives", "chain", "national", "reason"),
    [
        pytest.param(
            [TINH_2021, TINH_2020],
            [TQ("N", "2021-03-03", "toan_quoc")],
            True,
            True,
            "Đạt CSTĐ tỉnh 2 năm liên tục 2020–2021 (2021: có CSTĐ tỉnh; 2020: có CSTĐ tỉnh; 2019: không có dữ liệu lịch sử)",
            id="pair-ending-this-year",
        ),
        pytest.param(
            [TINH_2020, TINH_2019],
            [TQ("N", "2019-03-03", "toan_quoc")],
            True,
            True,
            "Đạt CSTĐ tỉnh 2 năm liên tục 2019–2020 (2021: không có dữ liệu lịch sử; 2020: có CSTĐ tỉnh; 2019: có CSTĐ tỉnh)",
            id="pair-ending-last-year",
        ),
        pytest.param(
            [TINH_2021, TINH_2019],
            [TQ("N", "2021-03-03", "toan_quoc")],
            False,
            True,
            "Không có 2 năm liên tục đạt CSTĐ tỉnh kết thúc năm 2020 hoặc 2021 (2021: có CSTĐ tỉnh; 2020: không có dữ liệu lịch sử; 2019: có CSTĐ tỉnh)",
            id="missing-middle-year-breaks-chain",
        ),
        pytest.param(
            [TINH_2020, TINH_2019],
            [TQ("N", "2021-03-03", "toan_quoc")],
            True,
            False,
            None,
            id="national-initiative-outside-the-pair",
        ),
        pytest.param(
            [TINH_2021, TINH_2020],
            [TQ("N", "2021-03-03", "tinh")],
            True,
            False,
            None,
            id="provincial-initiative-is-not-enough",
        ),
    ],
)
def test_cstd_tq(regime, records, initiatives, chain, national, reason):
    result = upward("CSTD_TQ", regime=regime, history=records, initiatives=initiatives)
    check = rule_of(result, "cstd_tinh_2_years")
    assert check["passed"] is chain
    if reason:
        assert check["reason"] == reason
    assert rule_of(result, "initiative_national")["passed"] is national
    assert result["eligible"] is (chain and national)


def test_cstd_tq_initiative_reason():
    result = upward(
        "CSTD_TQ", history=[TINH_2020, TINH_2019], initiatives=[TQ("N", "2021-03-03", "toan_quoc")]
    )
    assert rule_of(result, "initiative_national")["reason"] == (
        "Không có sáng kiến toàn quốc được công nhận trong các năm 2019–2020"
    )


# BK_TINH: vn2022 alternative A = CSTĐCS this year and last; B = HTXSNV both years + 2
# initiatives in them. vn2013 knows only B.
ALT_A_2024 = {
    "history": [history(2023, "HTTNV", "LDTT", "CSTDCS")],
    "initiatives": [initiative("S1", "2024-02-02")],
}
ALT_B_2024 = {
    "rating": "HTXSNV",
    "registered": None,
    "history": [history(2023, "HTXSNV", "LDTT")],
    "initiatives": [
        initiative("S1", "2023-02-02"),
        initiative("S2", "2024-02-02"),
    ],
}
ALT_A_2021 = {
    "history": [history(2020, "HTTNV", "LDTT", "CSTDCS")],
    "initiatives": [initiative("S1", "2021-02-02")],
}
ALT_B_2021 = {
    "rating": "HTXSNV",
    "history": [history(2020, "HTXSNV", "LDTT")],
    "initiatives": [initiative("S1", "2020-02-02"), initiative("S2", "2021-02-02")],
}


@pytest.mark.parametrize(
    ("year", "facts", "eligible"),
    [
        pytest.param(2024, ALT_A_2024, True, id="vn2022-alternative-A-cstdcs-two-years"),
        pytest.param(2024, ALT_B_2024, True, id="vn2022-alternative-B-htxsnv-and-2-initiatives"),
        pytest.param(
            2024,
            {**ALT_B_2024, "initiatives": ALT_B_2024["initiatives"][1:]},
            False,
            id="vn2022-B-with-one-initiative-fails",
        ),
        pytest.param(
            2024, {**ALT_A_2024, "history": []}, False, id="vn2022-A-missing-last-year-fails"
        ),
        pytest.param(
            2024,
            {**ALT_B_2024, "disciplines": [{"form": "khien_trach", "decided_on": "2024-03-03"}]},
            False,
            id="vn2022-B-disciplined-this-year-fails",
        ),
        pytest.param(2021, ALT_A_2021, False, id="vn2013-alternative-A-does-not-exist"),
        pytest.param(2021, ALT_B_2021, True, id="vn2013-htxsnv-and-2-initiatives"),
        pytest.param(
            2021,
            {**ALT_B_2021, "history": [history(2020, "HTTNV")]},
            False,
            id="vn2013-last-year-HTTNV-fails",
        ),
    ],
)
def test_bk_tinh(year, facts, eligible):
    assert upward("BK_TINH", year=year, **facts)["eligible"] is eligible


def test_bk_tinh_vn2022_checks_carry_their_alternative():
    result = upward("BK_TINH", year=2024, **ALT_B_2024)
    assert [(c["rule"], c.get("alternative"), c["passed"]) for c in result["checks"]] == [
        ("cstdcs_2_years", "A", False),
        ("htxsnv_2_years", "B", True),
        ("initiatives_2_years", "B", True),
    ]
    assert rule_of(result, "initiatives_2_years")["reason"] == (
        "2 sáng kiến được công nhận và 0 đề tài được nghiệm thu, áp dụng trong các năm "
        "2023–2024 (cần ít nhất 2 sáng kiến hoặc 2 đề tài): sáng kiến S1, S2"
    )
    assert rule_of(result, "cstdcs_2_years")["basis"] == (
        "Luật TĐKT số 06/2022/QH15 Điều 74 khoản 1 điểm d"
    )


def test_bk_tinh_vn2013_reason_names_the_broken_year():
    result = upward("BK_TINH", year=2021, rating="HTXSNV", history=[])
    assert rule_of(result, "htxsnv_2_years") == {
        "rule": "htxsnv_2_years",
        "passed": False,
        "reason": (
            "Chưa đủ 2 năm liên tục 2020–2021 xếp loại HTXSNV, chuỗi bị đứt ở năm 2020 (2021: xếp "
            "loại HTXSNV; 2020: không có dữ liệu lịch sử)"
        ),
        "basis": "NĐ 91/2017/NĐ-CP Điều 39",
    }


def _years(first, last, rating, *titles):
    return [history(year, rating, *titles) for year in range(first, last + 1)]


BK_2020 = history(2020, "HTTNV", "LDTT", "BK_TINH")
CSTDCS_2025 = {"initiatives": [initiative("S", "2025-02-02")]}


@pytest.mark.parametrize(
    ("facts", "results", "eligible"),
    [
        pytest.param(
            {
                **CSTDCS_2025,
                "history": [
                    BK_2020,
                    *_years(2021, 2022, "HTTNV", "LDTT", "CSTDCS"),
                    *_years(2023, 2024, "HTTNV", "LDTT"),
                ],
            },
            (True, True, True),
            True,
            id="vn2022-bk-2020-httnv-5-years-cstdcs-3-of-5",
        ),
        pytest.param(
            {
                **CSTDCS_2025,
                "history": [
                    history(2021, "HTTNV", "BK_TINH", "LDTT", "CSTDCS"),
                    history(2022, "HTTNV", "LDTT", "CSTDCS"),
                    *_years(2023, 2024, "HTTNV", "LDTT"),
                ],
            },
            (False, True, True),
            False,
            id="vn2022-bk-inside-the-5-years-does-not-count",
        ),
        pytest.param(
            {
                **CSTDCS_2025,
                "history": [
                    BK_2020,
                    *_years(2021, 2022, "HTTNV", "LDTT", "CSTDCS"),
                    history(2024, "HTTNV", "LDTT"),
                ],
            },
            (True, False, True),
            False,
            id="vn2022-missing-2023-breaks-rating-chain",
        ),
        pytest.param(
            {
                **CSTDCS_2025,
                "history": [
                    BK_2020,
                    history(2021, "HTTNV", "LDTT", "CSTDCS"),
                    *_years(2022, 2024, "HTTNV", "LDTT"),
                ],
            },
            (True, True, False),
            False,
            id="vn2022-cstdcs-2-of-5-fails",
        ),
        pytest.param(
            {
                "history": [
                    BK_2020,
                    *_years(2021, 2023, "HTTNV", "LDTT", "CSTDCS"),
                    history(2024, "HTTNV"),
                ],
                "rating": "HTNV",
            },
            (True, False, True),
            False,
            id="vn2022-this-year-HTNV-fails",
        ),
    ],
)
def test_bk_ttg_vn2022(facts, results, eligible):
    result = upward("BK_TTG", year=2025, **facts)
    assert tuple(c["passed"] for c in result["checks"]) == results
    assert result["eligible"] is eligible


FIVE = [initiative(f"S{i}", f"{year}-03-03") for i, year in enumerate(range(2017, 2022))]


@pytest.mark.parametrize(
    ("facts", "results", "eligible"),
    [
        pytest.param(
            {
                "rating": "HTXSNV",
                "initiatives": FIVE,
                "history": [
                    history(2016, "HTXSNV", "BK_TINH"),
                    *_years(2017, 2020, "HTXSNV", "LDTT"),
                ],
            },
            (True, True, True),
            True,
            id="vn2013-bk-2016-htxsnv-5-years-5-initiatives",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "initiatives": FIVE[1:],
                "history": [
                    history(2016, "HTXSNV", "BK_TINH"),
                    *_years(2017, 2020, "HTXSNV", "LDTT"),
                ],
            },
            (True, True, False),
            False,
            id="vn2013-four-initiatives-fail",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "initiatives": FIVE,
                "history": [
                    history(2016, "HTXSNV", "BK_TINH"),
                    *_years(2017, 2019, "HTXSNV", "LDTT"),
                    history(2020, "HTTNV"),
                ],
            },
            (True, False, True),
            False,
            id="vn2013-one-year-HTTNV-fails",
        ),
        pytest.param(
            {
                "rating": "HTXSNV",
                "initiatives": FIVE,
                "history": [
                    history(2017, "HTXSNV", "BK_TINH"),
                    *_years(2018, 2020, "HTXSNV", "LDTT"),
                ],
            },
            (False, True, True),
            False,
            id="vn2013-bk-2017-is-inside-the-5-years",
        ),
    ],
)
def test_bk_ttg_vn2013(facts, results, eligible):
    result = upward("BK_TTG", year=2021, **facts)
    assert tuple(c["passed"] for c in result["checks"]) == results
    assert result["eligible"] is eligible


def test_bk_ttg_reasons():
    facts = {
        "history": [
            BK_2020,
            *_years(2021, 2022, "HTTNV", "LDTT", "CSTDCS"),
            *_years(2023, 2024, "HTTNV", "LDTT"),
        ]
    }
    result = upward("BK_TTG", year=2025, **CSTDCS_2025, **facts)
    assert (
        rule_of(result, "bk_tinh_before")["reason"]
        == "Có Bằng khen tỉnh năm 2020, trước giai đoạn 2021–2025"
    )
    assert rule_of(result, "cstdcs_3_of_5")["reason"] == (
        "CSTĐCS 3/5 năm 2021–2025, cần ít nhất 3 (2025: đạt tiêu chuẩn CSTĐCS (xét năm nay, không "
        "tính đăng ký); 2024: không có CSTĐCS; 2023: không có CSTĐCS; 2022: có CSTĐCS; 2021: có CSTĐCS)"
    )
    assert rule_of(result, "httnv_5_years")["basis"] == "Luật TĐKT số 06/2022/QH15 Điều 73"
    assert rule_of(upward("BK_TTG"), "bk_tinh_before")["reason"] == (
        "Không có Bằng khen tỉnh từ năm 2016 trở về trước trong lịch sử"
    )
