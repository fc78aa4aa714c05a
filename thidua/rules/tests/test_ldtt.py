"""LĐTT (Lao động tiên tiến): every check in both regimes (DOMAIN.md §3.1, §3.3a)."""

import pytest

from thidua.rules.tests.builders import YEAR, person, rule_of, rules, run, run_one

BOTH = ("vn2013", "vn2022")


@pytest.mark.parametrize("regime", BOTH)
def test_ldtt_checks_are_declared_in_order(regime):
    result = run_one(year=YEAR[regime])
    assert rules(result["titles"]["LDTT"]) == [
        "registration",
        "rating",
        "months_worked",
        "discipline",
        "long_training",
        "absence_days",
    ]
    assert result["titles"]["LDTT"]["eligible"] is True


@pytest.mark.parametrize("regime", BOTH)
@pytest.mark.parametrize(
    ("rating", "passed", "reason"),
    [
        pytest.param(
            "HTXSNV", True, "Xếp loại HTXSNV (đạt mức Hoàn thành tốt nhiệm vụ trở lên)", id="HTXSNV"
        ),
        pytest.param(
            "HTTNV", True, "Xếp loại HTTNV (đạt mức Hoàn thành tốt nhiệm vụ trở lên)", id="HTTNV"
        ),
        pytest.param(
            "HTNV",
            False,
            "Xếp loại HTNV (Hoàn thành nhiệm vụ, chưa đạt mức Hoàn thành tốt nhiệm vụ)",
            id="HTNV",
        ),
        pytest.param(
            "KHTNV",
            False,
            "Xếp loại KHTNV (Không hoàn thành nhiệm vụ, chưa đạt mức Hoàn thành tốt nhiệm vụ)",
            id="KHTNV",
        ),
        pytest.param(None, False, "Chưa có xếp loại chất lượng năm {year}", id="not-rated"),
    ],
)
def test_rating(regime, rating, passed, reason):
    year = YEAR[regime]
    ldtt = run_one(year=year, rating=rating)["titles"]["LDTT"]
    check = rule_of(ldtt, "rating")
    assert check["passed"] is passed
    assert check["reason"] == reason.format(year=year)
    assert ldtt["eligible"] is passed


@pytest.mark.parametrize(
    ("regime", "year", "recruited_on", "passed", "reason"),
    [
        pytest.param(
            "vn2013",
            2021,
            "2021-03-01",
            True,
            "Tuyển dụng ngày 01/03/2021: 10 tháng đến 31/12/2021, đủ 10 tháng",
            id="vn2013-1-march-10-months",
        ),
        pytest.param(
            "vn2013",
            2021,
            "2021-03-15",
            False,
            "Tuyển dụng ngày 15/03/2021: 9 tháng 17 ngày đến 31/12/2021, chưa đủ 10 tháng",
            id="vn2013-15-march-9-months",
        ),
        pytest.param(
            "vn2013",
            2021,
            "2021-01-01",
            True,
            "Tuyển dụng ngày 01/01/2021: 12 tháng đến 31/12/2021, đủ 10 tháng",
            id="vn2013-1-january",
        ),
        pytest.param(
            "vn2013",
            2021,
            "2020-12-31",
            True,
            "Tuyển dụng ngày 31/12/2020, trước năm 2021: làm việc cả năm",
            id="vn2013-before-year",
        ),
        pytest.param(
            "vn2013",
            2021,
            "2022-01-01",
            False,
            "Tuyển dụng ngày 01/01/2022, sau năm 2021: chưa làm việc",
            id="vn2013-after-year",
        ),
        pytest.param(
            "vn2022",
            2024,
            "2024-07-01",
            True,
            "Tuyển dụng ngày 01/07/2024: 6 tháng đến 31/12/2024, đủ 6 tháng",
            id="vn2022-1-july-6-months",
        ),
        pytest.param(
            "vn2022",
            2024,
            "2024-07-02",
            False,
            "Tuyển dụng ngày 02/07/2024: 5 tháng 30 ngày đến 31/12/2024, chưa đủ 6 tháng",
            id="vn2022-2-july",
        ),
        pytest.param(
            "vn2022",
            2024,
            "2024-03-15",
            True,
            "Tuyển dụng ngày 15/03/2024: 9 tháng 17 ngày đến 31/12/2024, đủ 6 tháng",
            id="vn2022-15-march",
        ),
        pytest.param(
            "vn2022",
            2024,
            "2024-12-15",
            False,
            "Tuyển dụng ngày 15/12/2024: 0 tháng 17 ngày đến 31/12/2024, chưa đủ 6 tháng",
            id="vn2022-mid-december",
        ),
    ],
)
def test_months_worked_for_a_recruit(regime, year, recruited_on, passed, reason):
    ldtt = run_one(year=year, recruited_on=recruited_on)["titles"]["LDTT"]
    check = rule_of(ldtt, "months_worked")
    assert (check["passed"], check["reason"]) == (passed, reason)
    assert ldtt["eligible"] is passed


@pytest.mark.parametrize(
    ("regime", "minimum", "recruited_on", "passed"),
    [
        pytest.param("vn2013", 9, "2021-03-15", True, id="vn2013-setting-9-months"),
        pytest.param("vn2022", 10, "2024-03-15", False, id="vn2022-setting-10-months"),
    ],
)
def test_months_worked_uses_min_months_setting(regime, minimum, recruited_on, passed):
    settings = {"min_months_new_recruit": minimum}
    ldtt = run_one(year=YEAR[regime], recruited_on=recruited_on, settings=settings)["titles"][
        "LDTT"
    ]
    check = rule_of(ldtt, "months_worked")
    assert check["passed"] is passed
    assert check["basis"].endswith(f"tham số min_months_new_recruit = {minimum}")


L2022 = "Luật TĐKT số 06/2022/QH15"


@pytest.mark.parametrize(
    ("year", "decision_date", "rating_basis", "time_basis", "minimum"),
    [
        pytest.param(
            2021,
            None,
            "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013) Điều 24 khoản 1; NĐ 91/2017/NĐ-CP Điều 10",
            "NĐ 91/2017/NĐ-CP Điều 10",
            10,
            id="vn2013-law-2003-art24-decree-91-art10",
        ),
        pytest.param(
            2024,
            None,
            f"{L2022} Điều 24 khoản 1 điểm a",
            f"{L2022} Điều 24 khoản 4; TT 01/2024/TT-BNV (biện pháp thi hành)",
            6,
            id="vn2022-2024-circular-01-2024",
        ),
        pytest.param(
            2024,
            "2025-08-04",
            f"{L2022} Điều 24 khoản 1 điểm a",
            f"{L2022} Điều 24 khoản 4; TT 01/2024/TT-BNV (biện pháp thi hành)",
            6,
            id="decided-day-before-circular-15-2025",
        ),
        pytest.param(
            2024,
            "2025-08-05",
            f"{L2022} Điều 24 khoản 1 điểm a",
            f"{L2022} Điều 24 khoản 4; TT 15/2025/TT-BNV (biện pháp thi hành)",
            6,
            id="decided-on-circular-15-2025-effective-day",
        ),
        pytest.param(
            2025,
            None,
            f"{L2022} Điều 24 khoản 1 điểm a",
            f"{L2022} Điều 24 khoản 4; TT 15/2025/TT-BNV (biện pháp thi hành)",
            6,
            id="vn2022-2025-circular-15-2025",
        ),
    ],
)
def test_ldtt_basis_per_regime_and_decision_date(
    year, decision_date, rating_basis, time_basis, minimum
):
    """The rating criterion cites the law; the time rules cite the circular in force on the
    decision date (TT 01/2024/TT-BNV is never cited for a decision from 05/08/2025)."""
    top = {"decision_date": decision_date} if decision_date else {}
    ldtt = run([person()], year=year, **top)["people"][0]["titles"]["LDTT"]
    assert rule_of(ldtt, "rating")["basis"] == rating_basis
    assert (
        rule_of(ldtt, "months_worked")["basis"]
        == f"{time_basis}; tham số min_months_new_recruit = {minimum}"
    )
    assert rule_of(ldtt, "long_training")["basis"].startswith(time_basis)


FORMS = {
    "khien_trach": "khiển trách",
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}
CONSEQUENCE = {
    "vn2013": "từ khiển trách trở lên thì không được xét LĐTT",
    "vn2022": "xếp loại được tính là KHTNV nên không đạt LĐTT",
}


@pytest.mark.parametrize("regime", BOTH)
@pytest.mark.parametrize("form", list(FORMS))
def test_discipline_in_the_year_excludes_ldtt(regime, form):
    year = YEAR[regime]
    discipline = {"form": form, "decided_on": f"{year}-05-10"}
    result = run_one(year=year, disciplines=[discipline], rating="KHTNV")
    ldtt = result["titles"]["LDTT"]
    check = rule_of(ldtt, "discipline")
    assert check["passed"] is False
    assert check["reason"] == (
        f"Bị kỷ luật {FORMS[form]} (quyết định ngày 10/05/{year}) trong năm {year}: "
        f"{CONSEQUENCE[regime]}"
    )
    rating = rule_of(ldtt, "rating")
    assert rating["passed"] is False
    assert "nên xếp loại được tính là KHTNV" in rating["reason"]
    assert ldtt["eligible"] is False
    assert result["flags"] == []


@pytest.mark.parametrize("regime", BOTH)
def test_discipline_counts_in_the_year_of_its_decision(regime):
    year = YEAR[regime]
    earlier = {"form": "canh_cao", "decided_on": f"{year - 1}-12-31"}
    ldtt = run_one(year=year, disciplines=[earlier])["titles"]["LDTT"]
    check = rule_of(ldtt, "discipline")
    assert (check["passed"], check["reason"]) == (True, f"Không bị kỷ luật trong năm {year}")
    assert ldtt["eligible"] is True


@pytest.mark.parametrize("regime", BOTH)
@pytest.mark.parametrize(
    ("rating", "flagged"),
    [("HTXSNV", True), ("HTTNV", True), ("HTNV", True), ("KHTNV", False), (None, False)],
)
def test_inconsistent_record_is_flagged(regime, rating, flagged):
    year = YEAR[regime]
    discipline = {"form": "khien_trach", "decided_on": f"{year}-05-10"}
    result = run_one(year=year, rating=rating, disciplines=[discipline])
    expected = [
        f"Hồ sơ không nhất quán: bị kỷ luật khiển trách (quyết định ngày 10/05/{year}) trong năm "
        f"{year} nhưng xếp loại {rating}; người bị kỷ luật trong năm được tính là KHTNV"
    ]
    assert result["flags"] == (expected if flagged else [])


@pytest.mark.parametrize("regime", BOTH)
@pytest.mark.parametrize(
    ("credited", "text"),
    [
        pytest.param(
            {"leaves": [{"kind": "maternity", "start": "{y}-02-01", "end": "{y}-07-31"}]},
            "nghỉ thai sản 01/02/{y}–31/07/{y}",
            id="maternity",
        ),
        pytest.param(
            {"leaves": [{"kind": "injury_on_duty", "start": "{y}-03-01", "end": "{y}-10-31"}]},
            "điều trị thương tích khi thực hiện nhiệm vụ 01/03/{y}–31/10/{y}",
            id="injury-on-duty",
        ),
        pytest.param(
            {"trainings": [{"start": "{y}-01-01", "end": "{y}-11-30", "result": None}]},
            "đào tạo dưới 1 năm 01/01/{y}–30/11/{y}",
            id="training-under-one-year",
        ),
    ],
)
def test_time_counted_as_worked(regime, credited, text):
    year = YEAR[regime]
    facts = {
        key: [
            {k: v.format(y=year) if isinstance(v, str) else v for k, v in item.items()}
            for item in items
        ]
        for key, items in credited.items()
    }
    ldtt = run_one(year=year, settings={"max_absence_days": 0}, **facts)["titles"]["LDTT"]
    check = rule_of(ldtt, "months_worked")
    assert check["passed"] is True
    assert check["reason"].endswith(f"; {text.format(y=year)} được tính là thời gian làm việc")
    assert rule_of(ldtt, "absence_days")["passed"] is True
    assert ldtt["eligible"] is True


LONG = {"start": "2020-09-01", "end": "2021-12-31"}  # 16 months, overlaps 2021


@pytest.mark.parametrize(
    ("regime", "settings", "training", "passed", "reason"),
    [
        pytest.param(
            "vn2013",
            None,
            {**LONG, "result": "kha"},
            True,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng), kết quả khá: đạt loại khá",
            id="vn2013-kha-passes",
        ),
        pytest.param(
            "vn2013",
            None,
            {**LONG, "result": "gioi"},
            True,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng), kết quả giỏi: đạt loại khá",
            id="vn2013-gioi-passes",
        ),
        pytest.param(
            "vn2013",
            None,
            {**LONG, "result": "xuat_sac"},
            True,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng), kết quả xuất sắc: đạt loại khá",
            id="vn2013-xuat-sac-passes",
        ),
        pytest.param(
            "vn2013",
            None,
            {**LONG, "result": "trung_binh"},
            False,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng), kết quả trung bình: chưa đạt loại khá trở lên",
            id="vn2013-trung-binh-fails",
        ),
        pytest.param(
            "vn2013",
            None,
            {**LONG, "result": "khong_dat"},
            False,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng), kết quả không đạt: chưa đạt loại khá trở lên",
            id="vn2013-khong-dat-fails",
        ),
        pytest.param(
            "vn2013",
            None,
            {**LONG, "result": None},
            False,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng), kết quả chưa có: chưa đạt loại khá trở lên",
            id="vn2013-no-result-fails",
        ),
        pytest.param(
            "vn2013",
            None,
            {"start": "2020-09-01", "end": "2021-08-31", "result": None},
            False,
            "Khóa đào tạo 01/09/2020–31/08/2021 (12 tháng), kết quả chưa có: chưa đạt loại khá trở lên",
            id="vn2013-exactly-12-months-is-long",
        ),
        pytest.param(
            "vn2013",
            None,
            {"start": "2020-09-01", "end": "2021-08-30", "result": None},
            True,
            "Không có khóa đào tạo từ 1 năm trở lên trong năm 2021",
            id="vn2013-one-day-short-is-short",
        ),
        pytest.param(
            "vn2013",
            None,
            {"start": "2019-01-01", "end": "2020-12-31", "result": None},
            True,
            "Không có khóa đào tạo từ 1 năm trở lên trong năm 2021",
            id="vn2013-not-overlapping-year",
        ),
        pytest.param(
            "vn2013",
            {"long_training_needs_kha": False},
            {**LONG, "result": None},
            True,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng) được tính là thời gian làm việc",
            id="vn2013-setting-false",
        ),
        pytest.param(
            "vn2022",
            None,
            {**LONG, "result": "trung_binh"},
            True,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng) được tính là thời gian làm việc",
            id="vn2022-counts-it",
        ),
        pytest.param(
            "vn2022",
            {"long_training_needs_kha": True},
            {**LONG, "result": "trung_binh"},
            False,
            "Khóa đào tạo 01/09/2020–31/12/2021 (16 tháng), kết quả trung bình: chưa đạt loại khá trở lên",
            id="vn2022-setting-true",
        ),
    ],
)
def test_long_training(regime, settings, training, passed, reason):
    ldtt = run_one(year=2021, regime=regime, settings=settings, trainings=[training])["titles"][
        "LDTT"
    ]
    check = rule_of(ldtt, "long_training")
    assert (check["passed"], check["reason"]) == (passed, reason)
    assert ldtt["eligible"] is passed


def _leave(kind, start, end):
    return {"kind": kind, "start": start, "end": end}


@pytest.mark.parametrize(
    ("leaves", "days", "passed"),
    [
        pytest.param(
            [_leave("sick", "2021-03-01", "2021-03-10")], 10, True, id="exactly-the-cap-passes"
        ),
        pytest.param(
            [_leave("sick", "2021-03-01", "2021-03-11")], 11, False, id="one-over-the-cap-fails"
        ),
        pytest.param(
            [
                _leave("personal", "2021-03-01", "2021-03-05"),
                _leave("other", "2021-04-01", "2021-04-06"),
            ],
            11,
            False,
            id="kinds-add-up",
        ),
        pytest.param(
            [_leave("sick", "2020-12-25", "2021-01-05")], 5, True, id="clipped-to-the-year"
        ),
        pytest.param(
            [
                _leave("sick", "2021-03-01", "2021-03-10"),
                _leave("personal", "2021-03-05", "2021-03-12"),
            ],
            12,
            False,
            id="overlaps-count-once",
        ),
        pytest.param(
            [
                _leave("maternity", "2021-01-01", "2021-06-30"),
                _leave("injury_on_duty", "2021-07-01", "2021-08-31"),
            ],
            0,
            True,
            id="maternity-and-injury-do-not-count",
        ),
    ],
)
def test_absence_cap(leaves, days, passed):
    ldtt = run_one(settings={"max_absence_days": 10}, leaves=leaves)["titles"]["LDTT"]
    check = rule_of(ldtt, "absence_days")
    verdict = "trong giới hạn" if passed else "vượt giới hạn"
    assert (
        check["reason"]
        == f"Nghỉ ốm, việc riêng, nghỉ khác {days} ngày trong năm 2021, {verdict} 10 ngày"
    )
    assert check["passed"] is passed
    assert check["basis"].endswith("tham số max_absence_days = 10")


def test_absence_has_no_cap_by_default():
    leaves = [_leave("sick", "2021-01-01", "2021-12-31")]
    check = rule_of(run_one(leaves=leaves)["titles"]["LDTT"], "absence_days")
    assert (check["passed"], check["reason"]) == (True, "Không giới hạn số ngày nghỉ trong năm")
    assert check["basis"].endswith("tham số max_absence_days = null")


def test_each_person_gets_reasons_with_their_own_facts():
    people = [
        person("A", recruited_on="2012-03-01"),
        person("B", recruited_on="2015-07-09"),
        person("C", recruited_on="2021-03-15"),
        person("D", recruited_on="2021-04-15"),
    ]
    reasons = [
        rule_of(p["titles"]["LDTT"], "months_worked")["reason"] for p in run(people)["people"]
    ]
    assert reasons == [
        "Tuyển dụng ngày 01/03/2012, trước năm 2021: làm việc cả năm",
        "Tuyển dụng ngày 09/07/2015, trước năm 2021: làm việc cả năm",
        "Tuyển dụng ngày 15/03/2021: 9 tháng 17 ngày đến 31/12/2021, chưa đủ 10 tháng",
        "Tuyển dụng ngày 15/04/2021: 8 tháng 17 ngày đến 31/12/2021, chưa đủ 10 tháng",
    ]
