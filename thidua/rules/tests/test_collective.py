"""TTLĐTT and TTLĐXS from the members' results of the same run (DOMAIN.md §3.2, §3.3a)."""

import pytest

from thidua.rules import InputError
from thidua.rules.tests.builders import YEAR, collective, initiative, person, rule_of, rules, run


def members(reaching: int, total: int, year: int = 2021, **facts) -> list[dict]:
    """``total`` members of P1, the first ``reaching`` of whom reach LĐTT (others rated HTNV)."""
    return [
        person(f"M{index:02d}", **({} if index < reaching else {"rating": "HTNV"}), **facts)
        for index in range(total)
    ]


def titles(people, year=2021, unit=None, **top):
    return run(people, year=year, collectives=[unit or collective()], **top)["collectives"][0][
        "titles"
    ]


def test_collective_checks_are_declared_in_order():
    result = titles(members(1, 1))
    assert rules(result["TTLDTT"]) == [
        "registration",
        "rating",
        "emulation",
        "solidarity",
        "has_members",
        "members_ldtt_share",
        "members_discipline",
    ]
    assert rules(result["TTLDXS"]) == [
        "registration",
        "rating",
        "emulation",
        "solidarity",
        "has_members",
        "members_complete_tasks",
        "members_ldtt_share",
        "members_cstdcs",
        "members_discipline",
    ]


@pytest.mark.parametrize("regime", ["vn2013", "vn2022"])
@pytest.mark.parametrize(
    ("reaching", "total", "passed", "share"),
    [
        pytest.param(3, 6, False, "50,0 %", id="3-of-6-is-not-more-than-half"),
        pytest.param(4, 7, True, "57,1 %", id="4-of-7-passes"),
        pytest.param(1, 2, False, "50,0 %", id="1-of-2-fails"),
        pytest.param(2, 3, True, "66,7 %", id="2-of-3-passes"),
        pytest.param(0, 1, False, "0,0 %", id="0-of-1-fails"),
    ],
)
def test_ttldtt_more_than_half_reach_ldtt(regime, reaching, total, passed, share):
    result = titles(members(reaching, total), year=YEAR[regime])["TTLDTT"]
    check = rule_of(result, "members_ldtt_share")
    assert check["reason"] == f"{reaching}/{total} thành viên đạt LĐTT ({share}; cần trên 50 %)"
    assert check["passed"] is passed
    assert result["eligible"] is passed


@pytest.mark.parametrize("regime", ["vn2013", "vn2022"])
@pytest.mark.parametrize(
    ("reaching", "total", "passed", "share"),
    [
        pytest.param(7, 10, True, "70,0 %", id="7-of-10-is-at-least-70"),
        pytest.param(6, 9, False, "66,7 %", id="6-of-9-fails"),
        pytest.param(69, 100, False, "69,0 %", id="69-of-100-fails"),
        pytest.param(3, 4, True, "75,0 %", id="3-of-4-passes"),
    ],
)
def test_ttldxs_at_least_70_percent_reach_ldtt(regime, reaching, total, passed, share):
    year = YEAR[regime]
    people = members(reaching, total, year=year)
    people[0]["initiatives"] = [initiative("SK-1", f"{year}-05-05")]
    people[0]["rating"] = "HTXSNV"
    result = titles(people, year=year)["TTLDXS"]
    check = rule_of(result, "members_ldtt_share")
    assert (
        check["reason"] == f"{reaching}/{total} thành viên đạt LĐTT ({share}; cần từ 70 % trở lên)"
    )
    assert check["passed"] is passed
    assert rule_of(result, "members_complete_tasks")["passed"] is True  # HTNV completes tasks
    assert result["eligible"] is passed


@pytest.mark.parametrize(
    ("member", "reason"),
    [
        pytest.param(
            {"rating": "KHTNV"},
            "1/2 thành viên hoàn thành nhiệm vụ trở lên (cần 100 %); chưa hoàn thành: M01 (KHTNV)",
            id="KHTNV-member",
        ),
        pytest.param(
            {"rating": None},
            "1/2 thành viên hoàn thành nhiệm vụ trở lên (cần 100 %); chưa hoàn thành: M01 (chưa xếp loại)",
            id="unrated-member",
        ),
        pytest.param(
            {"disciplines": [{"form": "khien_trach", "decided_on": "2021-01-02"}]},
            "1/2 thành viên hoàn thành nhiệm vụ trở lên (cần 100 %); chưa hoàn thành: M01 (KHTNV)",
            id="disciplined-member-counts-as-KHTNV",
        ),
    ],
)
def test_ttldxs_all_members_complete_tasks(member, reason):
    people = [person("M00", initiatives=[initiative()]), person("M01", **member)]
    result = titles(people)["TTLDXS"]
    check = rule_of(result, "members_complete_tasks")
    assert (check["passed"], check["reason"]) == (False, reason)
    assert result["eligible"] is False


def test_ttldxs_needs_one_member_cstdcs():
    without = titles(members(2, 2))["TTLDXS"]
    assert rule_of(without, "members_cstdcs") == {
        "rule": "members_cstdcs",
        "passed": False,
        "reason": "0 thành viên đạt CSTĐCS (cần ít nhất 1)",
        "basis": "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013) Điều 27 khoản 4",
    }
    assert without["eligible"] is False
    people = members(2, 2)
    people[1]["initiatives"] = [initiative()]
    assert titles(people)["TTLDXS"]["eligible"] is True


_FORM_LABELS = {
    "canh_cao": "cảnh cáo",
    "ha_bac_luong": "hạ bậc lương",
    "giang_chuc": "giáng chức",
    "cach_chuc": "cách chức",
    "buoc_thoi_viec": "buộc thôi việc",
}


@pytest.mark.parametrize(
    ("form", "passed"),
    [
        pytest.param("khien_trach", True, id="khien_trach-does-not-bar-collective"),
        pytest.param("canh_cao", False, id="canh_cao-bars"),
        pytest.param("ha_bac_luong", False, id="ha_bac_luong-bars"),
        pytest.param("giang_chuc", False, id="giang_chuc-bars"),
        pytest.param("cach_chuc", False, id="cach_chuc-bars"),
        pytest.param("buoc_thoi_viec", False, id="buoc_thoi_viec-bars"),
    ],
)
@pytest.mark.parametrize(
    ("regime", "settings", "suffix", "basis", "local"),
    [
        pytest.param(
            "vn2013",
            None,
            "",
            "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013) Điều 28 khoản 1 điểm c "
            "(chế độ vn2013 luôn áp dụng)",
            False,
            id="law-2003-art28-1c",
        ),
        pytest.param(
            "vn2022",
            {"collective_discipline_clause": True},
            " (theo quy chế của cơ quan)",
            "Quy chế thi đua, khen thưởng của cơ quan (điều kiện không có thành viên bị kỷ luật "
            "từ cảnh cáo trở lên); tham số collective_discipline_clause = true",
            True,
            id="law-2022-none-office-regulation-adds-it",
        ),
    ],
)
def test_no_member_disciplined_canh_cao_or_heavier(
    regime, settings, suffix, basis, local, form, passed
):
    """Luật 15/2003 Điều 28 khoản 1 điểm c bars it; Luật 06/2022 Điều 28 has no such clause,
    so under vn2022 it applies only when the office's regulation adds it (a local rule)."""
    year = YEAR[regime]
    people = members(5, 5, year=year)
    people[4]["disciplines"] = [{"form": form, "decided_on": f"{year}-06-13"}]
    people[4]["rating"] = "KHTNV"
    result = titles(people, year=year, **({"settings": settings} if settings else {}))["TTLDTT"]
    check = rule_of(result, "members_discipline")
    assert check["passed"] is passed
    assert check["basis"] == basis
    assert check.get("local", False) is local
    if not passed:
        assert check["reason"] == (
            f"Có thành viên bị kỷ luật từ cảnh cáo trở lên trong năm {year}{suffix}: "
            f"M04 ({_FORM_LABELS[form]} ngày 13/06/{year})"
        )
    assert result["eligible"] is passed  # 4 of 5 still reach LĐTT


@pytest.mark.parametrize(
    ("title", "basis"),
    [
        pytest.param("TTLDTT", "Luật TĐKT số 06/2022/QH15 Điều 28 khoản 1", id="art28"),
        pytest.param("TTLDXS", "Luật TĐKT số 06/2022/QH15 Điều 27 khoản 1", id="art27"),
    ],
)
@pytest.mark.parametrize(
    "settings",
    [
        pytest.param(None, id="default"),
        pytest.param({"collective_discipline_clause": False}, id="false"),
    ],
)
def test_vn2022_law_has_no_discipline_clause_by_default(title, basis, settings):
    """Luật 06/2022/QH15 Điều 27 khoản 1 (a–đ) and Điều 28 khoản 1 (a–d) name no discipline
    of members: by default a member's cảnh cáo does not bar the collective."""
    people = members(5, 5, year=2024)
    people[0]["initiatives"] = [initiative(recognized_on="2024-03-01")]
    people[4]["disciplines"] = [{"form": "canh_cao", "decided_on": "2024-06-13"}]
    top = {"settings": settings} if settings else {}
    result = titles(people, year=2024, **top)[title]
    assert rule_of(result, "members_discipline") == {
        "rule": "members_discipline",
        "passed": True,
        "reason": "Không áp dụng điều kiện về kỷ luật của thành viên (luật không quy định)",
        "basis": f"{basis} không có điều kiện về kỷ luật của thành viên; "
        "tham số collective_discipline_clause = false",
    }


def test_vn2013_discipline_clause_cannot_be_turned_off():
    with pytest.raises(InputError) as error:
        titles(members(1, 1), settings={"collective_discipline_clause": False})
    assert error.value.problems == [
        "settings.collective_discipline_clause: chế độ vn2013 luôn áp dụng điều kiện không có "
        "thành viên bị kỷ luật từ cảnh cáo trở lên; chỉ có thể đặt false với chế độ vn2022"
    ]


@pytest.mark.parametrize("regime", ["vn2013", "vn2022"])
def test_collective_without_members_gets_no_title(regime):
    result = run([], year=YEAR[regime])["collectives"][0]
    assert result["member_count"] == 0
    for title in ("TTLDTT", "TTLDXS"):
        assert result["titles"][title]["eligible"] is False
        assert rule_of(result["titles"][title], "has_members") == {
            "rule": "has_members",
            "passed": False,
            "reason": "Tập thể không có thành viên nào",
            "basis": _MEMBERS_BASIS[(regime, title)],
        }


_MEMBERS_BASIS = {
    ("vn2013", "TTLDTT"): "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013) Điều 28 khoản 1 điểm c",
    ("vn2013", "TTLDXS"): "Luật TĐKT số 15/2003/QH11 (sửa đổi 2013) Điều 27 khoản 3",
    ("vn2022", "TTLDTT"): "Luật TĐKT số 06/2022/QH15 Điều 28 khoản 1 điểm c",
    ("vn2022", "TTLDXS"): "Luật TĐKT số 06/2022/QH15 Điều 27 khoản 1 điểm c",
}


@pytest.mark.parametrize("regime", ["vn2013", "vn2022"])
@pytest.mark.parametrize(
    ("rating", "ttldtt", "ttldxs"),
    [("HTXSNV", True, True), ("HTTNV", True, False), ("HTNV", False, False), (None, False, False)],
)
def test_collective_rating(regime, rating, ttldtt, ttldxs):
    people = members(2, 2)
    people[0]["initiatives"] = [initiative()]
    result = titles(people, unit=collective(rating=rating), regime=regime)
    assert rule_of(result["TTLDTT"], "rating")["passed"] is ttldtt
    assert rule_of(result["TTLDXS"], "rating")["passed"] is ttldxs
    assert (result["TTLDTT"]["eligible"], result["TTLDXS"]["eligible"]) == (ttldtt, ttldxs)


@pytest.mark.parametrize("regime", ["vn2013", "vn2022"])
@pytest.mark.parametrize(
    ("field", "value", "rule", "reason"),
    [
        (
            "emulation_effective",
            False,
            "emulation",
            "Phong trào thi đua thường xuyên, hiệu quả: không",
        ),
        (
            "emulation_effective",
            None,
            "emulation",
            "Chưa có kết luận về phong trào thi đua thường xuyên, hiệu quả",
        ),
        ("solidarity", False, "solidarity", "Nội bộ đoàn kết: không"),
        ("solidarity", None, "solidarity", "Chưa có kết luận về nội bộ đoàn kết"),
    ],
)
def test_review_findings(regime, field, value, rule, reason):
    unit = collective(**{field: value})
    result = titles(members(2, 2), unit=unit, regime=regime)["TTLDTT"]
    assert (rule_of(result, rule)["passed"], rule_of(result, rule)["reason"]) == (False, reason)
    assert result["eligible"] is False


@pytest.mark.parametrize("regime", ["vn2013", "vn2022"])
@pytest.mark.parametrize(
    ("registered", "ttldtt", "ttldxs"),
    [
        pytest.param(None, False, False, id="not-registered"),
        pytest.param("TTLDTT", True, False, id="TTLDTT-covers-only-itself"),
        pytest.param("TTLDXS", True, True, id="TTLDXS-covers-TTLDTT"),
        pytest.param("CO_TINH", True, True, id="CO_TINH-covers-both"),
    ],
)
def test_collective_registration_ladder(regime, registered, ttldtt, ttldxs):
    people = members(2, 2)
    people[0]["initiatives"] = [initiative()]
    result = titles(people, unit=collective(registered=registered), regime=regime)
    assert (result["TTLDTT"]["eligible"], result["TTLDXS"]["eligible"]) == (ttldtt, ttldxs)


def test_members_who_did_not_register_do_not_reach_ldtt():
    people = members(4, 4, registered=None)
    result = titles(people)["TTLDTT"]
    assert (
        rule_of(result, "members_ldtt_share")["reason"]
        == "0/4 thành viên đạt LĐTT (0,0 %; cần trên 50 %)"
    )


def test_only_members_of_the_collective_count():
    people = [
        person("A"),
        person("B", collective="P2", rating="HTNV"),
        person("C", collective=None),
    ]
    result = run(people, collectives=[collective("P1"), collective("P2")])
    counts = {c["id"]: c["member_count"] for c in result["collectives"]}
    assert counts == {"P1": 1, "P2": 1}
    assert [c["titles"]["TTLDTT"]["eligible"] for c in result["collectives"]] == [True, False]
