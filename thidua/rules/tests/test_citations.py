"""Every check's basis cites the text that says it (issue 20, point 2).

A check's ``basis`` must name a text number and an article ("NĐ 90/2020/NĐ-CP Điều 2 khoản 5
điểm a"), unless the check is marked ``local``: then the rule is the office's own (its plan or
its emulation regulation) and the basis says so instead of pretending to be a law article. A
replaced text is never cited for a decision dated after its replacement. The battery runs every
check of every regime (each subject gets all of them) under the settings that switch a check
between a law basis and a local one.
"""

import re

import pytest

from thidua.rules.tests.builders import collective, history, initiative, person, run

TEXT_NUMBER = re.compile(r"\b\d{1,3}/\d{4}/(QH\d+|NĐ-CP|TT-BNV)\b")
ARTICLE = re.compile(r"\bĐiều \d+\b")
LOCAL_SOURCES = ("Kế hoạch thi đua", "Quy chế thi đua, khen thưởng của cơ quan")

# (replaced text, first decision date it may no longer be cited for)
REPLACED = (
    ("NĐ 98/2023/NĐ-CP", "2025-07-01"),
    ("TT 01/2024/TT-BNV", "2025-08-05"),
)
VN2013_TEXTS = ("15/2003/QH11", "NĐ 91/2017/NĐ-CP", "NĐ 13/2012/NĐ-CP")


def _people(year: int) -> list[dict]:
    return [
        person("A", rating="HTXSNV", initiatives=[initiative("S1", f"{year}-02-01", "tinh")]),
        person(
            "B",
            rating="HTTNV",
            recruited_on=f"{year}-08-01",
            disciplines=[{"form": "canh_cao", "decided_on": f"{year}-04-01"}],
            leaves=[{"kind": "sick", "start": f"{year}-09-01", "end": f"{year}-09-20"}],
            trainings=[{"start": f"{year - 1}-06-01", "end": f"{year}-07-31", "result": "kha"}],
            research_topics=[{"id": "D1", "accepted_on": f"{year}-05-05", "applied": False}],
            history=[history(year - 1, "HTXSNV", "LDTT", "CSTDCS", "CSTD_TINH")],
        ),
        person(
            "C", rating="HTNV", registered=None, history=[history(year - 5, "HTTNV", "BK_TINH")]
        ),
    ]


def _every_basis(result: dict):
    for entry in result["people"]:
        for group in ("titles", "upward"):
            for title, outcome in entry[group].items():
                for item in outcome["checks"]:
                    yield f"{entry['id']}.{title}.{item['rule']}", item
    for entry in result["collectives"]:
        for title, outcome in entry["titles"].items():
            for item in outcome["checks"]:
                yield f"{entry['id']}.{title}.{item['rule']}", item
    quota = result["quotas"]["CSTDCS"]
    yield "quota.CSTDCS", quota
    if result["reward"] is not None:
        yield "reward", {"basis": result["reward"]["basis"]}


SETTINGS = [
    pytest.param(None, id="defaults"),
    pytest.param(
        {"require_registration": False, "max_absence_days": 10, "cstdcs_cap_percent": 15},
        id="office-settings",
    ),
]
CASES = [
    pytest.param(2021, None, "2022-01-15", id="vn2013-2021"),
    pytest.param(2023, None, "2024-01-10", id="vn2013-2023"),
    pytest.param(2024, None, "2025-01-20", id="vn2022-2024-decided-under-98-2023"),
    pytest.param(2024, None, "2025-08-05", id="vn2022-2024-decided-under-152-2025"),
    pytest.param(2025, None, "2026-01-20", id="vn2022-2025"),
    pytest.param(2026, None, "2027-01-20", id="vn2022-2026"),
    pytest.param(2024, {"collective_discipline_clause": True}, None, id="vn2022-local-clause"),
    pytest.param(2021, None, None, id="vn2013-no-decision"),
]


@pytest.mark.parametrize("settings", SETTINGS)
@pytest.mark.parametrize(("year", "extra", "decision_date"), CASES)
def test_every_basis_cites_a_text_and_article_or_is_a_marked_local_rule(
    year, extra, decision_date, settings
):
    top = {"settings": {**(settings or {}), **(extra or {})}}
    if decision_date:
        top["decision_date"] = decision_date
    result = run(_people(year), year=year, collectives=[collective()], **top)
    seen = 0
    for where, item in _every_basis(result):
        seen += 1
        basis = item["basis"]
        assert isinstance(basis, str) and basis.strip(), f"{where}: empty basis"
        if item.get("local"):
            assert basis.startswith(LOCAL_SOURCES), f"{where}: local rule must cite the office"
            continue
        assert not basis.startswith(LOCAL_SOURCES), f"{where}: office rule not marked local"
        assert TEXT_NUMBER.search(basis), f"{where}: no text number in {basis!r}"
        assert ARTICLE.search(basis), f"{where}: no article in {basis!r}"
        on = decision_date or f"{year + 1}-01-01"
        for text, since in REPLACED:
            assert not (text in basis and on >= since), f"{where}: cites replaced {text}"
        if result["regime"] == "vn2022":
            assert not any(text in basis for text in VN2013_TEXTS), f"{where}: 2003-law text"
    assert seen > 60


def test_registration_quota_and_absence_cap_are_local_in_2022():
    result = run(
        _people(2024),
        year=2024,
        settings={"max_absence_days": 10, "cstdcs_cap_percent": 15},
    )
    local = {where.split(".", 1)[1] for where, item in _every_basis(result) if item.get("local")}
    assert {
        "LDTT.registration",
        "CSTDCS.registration",
        "LDTT.absence_days",
        "TTLDTT.registration",
        "TTLDXS.registration",
        "CSTDCS",  # quota
    } <= local
    assert result["quotas"]["CSTDCS"]["basis"].startswith(
        "Quy chế thi đua, khen thưởng của cơ quan (tỷ lệ CSTĐCS); Luật TĐKT số 06/2022/QH15 "
        "Điều 23 không quy định tỷ lệ"
    )


def test_vn2013_quota_cites_decree_91_article_9_clause_3():
    quota = run(_people(2021), year=2021)["quotas"]["CSTDCS"]
    assert "local" not in quota
    assert quota["basis"].startswith("NĐ 91/2017/NĐ-CP Điều 9 khoản 3")


@pytest.mark.parametrize(
    ("decision_date", "basis"),
    [
        pytest.param(
            "2023-12-31",
            "NĐ 91/2017/NĐ-CP Điều 70 (mức tiền thưởng); lương cơ sở theo NĐ 24/2023/NĐ-CP "
            "Điều 3 khoản 2",
            id="decree-91-2017",
        ),
        pytest.param(
            "2024-01-01",
            "NĐ 98/2023/NĐ-CP Điều 54 (mức tiền thưởng); lương cơ sở theo NĐ 24/2023/NĐ-CP "
            "Điều 3 khoản 2",
            id="decree-98-2023-from-its-effective-day",
        ),
        pytest.param(
            "2025-06-30",
            "NĐ 98/2023/NĐ-CP Điều 54 (mức tiền thưởng); lương cơ sở theo NĐ 73/2024/NĐ-CP "
            "Điều 3 khoản 2",
            id="decree-98-2023-last-day",
        ),
        pytest.param(
            "2025-07-01",
            "NĐ 152/2025/NĐ-CP Điều 50; NĐ 152/2025/NĐ-CP Điều 54 (mức tiền thưởng); lương cơ "
            "sở theo NĐ 73/2024/NĐ-CP Điều 3 khoản 2; nhiều danh hiệu thi đua có cùng thời gian "
            "được tính chỉ nhận tiền thưởng danh hiệu cao nhất theo NĐ 152/2025/NĐ-CP Điều 49 "
            "khoản 5",
            id="decree-152-2025-from-01-07-2025",
        ),
    ],
)
def test_reward_money_cites_the_decree_in_force_on_the_decision_date(decision_date, basis):
    result = run([person()], year=2023, decision_date=decision_date)
    assert result["reward"]["basis"] == basis


@pytest.mark.parametrize(
    ("year", "on", "decree"),
    [
        pytest.param(2023, "2024-01-10", "91/2017/NĐ-CP", id="vn2013-year-law-2003-decree-91"),
        pytest.param(2024, "2025-06-30", "98/2023/NĐ-CP", id="decided-last-day-of-98-2023"),
        pytest.param(2024, "2025-07-01", "152/2025/NĐ-CP", id="decided-under-152-2025"),
        pytest.param(2026, "2027-01-15", "152/2025/NĐ-CP", id="vn2022-2026"),
    ],
)
def test_decision_grounds_name_the_decree_in_force_on_the_decision_date(year, on, decree):
    from datetime import date

    from thidua.rules.params import legal_grounds

    lines = legal_grounds(year, date.fromisoformat(on))
    assert len(lines) == 2
    assert f"Nghị định số {decree}" in lines[1]
    replaced = {"98/2023/NĐ-CP": "2025-07-01"}
    for number, since in replaced.items():
        assert not (number in " ".join(lines) and on >= since)
