"""Legal grounds by regime and date in every document kind (issue 18, item 1).

One source (`thidua.rules.params.document_grounds`) gives the căn cứ of every document that
lists them; the table below pins, for each kind, evaluation year and signing date, the law and
decree cited and the texts that must never appear: the 2003 law and NĐ 91/2017 up to evaluation
year 2023; the 2022 law from 2024 with NĐ 98/2023 up to 30/06/2025 and NĐ 152/2025 (which
replaced it entirely, its Art. 59(2)) from 01/07/2025. An award decision drafted on one day and
signed on another cites the texts of its signing day, as its Article 2 (money) does.
"""

import datetime as dt

import pytest

from thidua.decisions.documents import decision_document
from thidua.documents.docx_render import paragraph_texts_docx, render_docx
from thidua.legal.selectors import legal_parameters
from thidua.rules.params import DOCUMENT_KINDS, document_grounds, refresh_grounds
from thidua.upward.documents import legal_bases

from .factories import draft, signed

LAW_2003 = "Luật Thi đua, khen thưởng ngày 26 tháng 11 năm 2003"
LAW_2022 = "Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022"
ND_91 = "Nghị định số 91/2017/NĐ-CP"
ND_98 = "Nghị định số 98/2023/NĐ-CP"
ND_152 = "Nghị định số 152/2025/NĐ-CP"
ND_13 = "Nghị định số 13/2012/NĐ-CP"
ALL = (LAW_2003, LAW_2022, ND_91, ND_98, ND_152)

# (year, signing date, texts cited); every other text of ALL must be absent.
PERIODS = [
    pytest.param(2021, dt.date(2021, 12, 28), (LAW_2003, ND_91), id="2021-signed-2021"),
    pytest.param(2023, dt.date(2023, 12, 29), (LAW_2003, ND_91), id="2023-signed-2023"),
    pytest.param(2024, dt.date(2025, 3, 10), (LAW_2022, ND_98), id="2024-signed-before-jul-2025"),
    pytest.param(2024, dt.date(2025, 6, 30), (LAW_2022, ND_98), id="2024-signed-30-jun-2025"),
    pytest.param(2024, dt.date(2025, 7, 1), (LAW_2022, ND_152), id="2024-signed-1-jul-2025"),
    pytest.param(2025, dt.date(2026, 1, 15), (LAW_2022, ND_152), id="2025-signed-2026"),
]
LAW_KINDS = [k for k in DOCUMENT_KINDS if k != "initiative_decision"]


def _check(text: str, cited) -> None:
    for expected in cited:
        assert expected in text, expected
    for other in set(ALL) - set(cited):
        assert other not in text, other


@pytest.mark.django_db
@pytest.mark.parametrize("kind", LAW_KINDS)
@pytest.mark.parametrize(("year", "on", "cited"), PERIODS)
def test_grounds_of_each_kind_follow_regime_and_date(kind, year, on, cited):
    lines = document_grounds(kind, year, on, legal_parameters())
    assert all(line.startswith("Căn cứ ") for line in lines)
    _check("\n".join(lines), cited)


@pytest.mark.parametrize(("year", "on", "cited"), PERIODS)
def test_initiative_recognition_cites_the_initiative_charter_only(year, on, cited):
    lines = document_grounds("initiative_decision", year, on)
    assert lines[0].startswith(f"Căn cứ {ND_13}")
    _check("\n".join(lines), ())


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "on", "cited"), PERIODS)
def test_upward_memo_grounds(year, on, cited):
    _check("\n".join(legal_bases(year, on)), cited)


@pytest.mark.parametrize(("year", "on", "cited"), PERIODS)
def test_refresh_replaces_any_law_line_and_keeps_the_callers_own(year, on, cited):
    stale = [
        f"Căn cứ {LAW_2022}",
        f"Căn cứ {ND_98} ngày 31 tháng 12 năm 2023 của Chính phủ",
        "Căn cứ Biên bản số 01/BB-HĐTĐKT ngày 20/12/2024 của Hội đồng",
        "Xét đề nghị của Hội đồng Thi đua - Khen thưởng",
    ]
    lines = refresh_grounds(stale, "award_decision", year, on)
    _check("\n".join(lines), cited)
    assert lines[-2:] == stale[-2:]
    assert lines[:2] == document_grounds("award_decision", year, on)


@pytest.mark.django_db
@pytest.mark.parametrize(("year", "on", "cited"), PERIODS)
def test_signed_award_decision_cites_the_texts_of_its_signing_day(
    office, people, users, year, on, cited
):
    # Drafted today (the frozen clock: 15/06/2026, NĐ 152/2025 in force), signed on `on`.
    decision = signed(office, people, users, year=year, signed_on=on)
    document = decision_document(decision)
    _check("\n".join(document.bases), cited)
    assert document.bases[-1].startswith("Xét đề nghị của Hội đồng Thi đua - Khen thưởng")
    # The grounds never contradict Article 2 (money by the decree in force on the same day).
    articles = " ".join(b.text for b in document.blocks)
    for decree in {ND_98, ND_152} - set(cited):
        assert decree.replace("Nghị định số ", "NĐ ") not in articles
    texts = paragraph_texts_docx(render_docx(document))
    assert any(t.startswith(f"Căn cứ {cited[0]}") for t in texts)


@pytest.mark.django_db
def test_decision_on_a_2003_law_year_signed_from_2024_also_cites_the_money_decree(
    office, people, users
):
    """2023 titles decided on 10/01/2024: the titles' law (2003, NĐ 91/2017) and the decree
    that sets the money on the decision date (NĐ 98/2023 Điều 54), which Article 2 names."""
    decision = signed(office, people, users, year=2023, signed_on=dt.date(2024, 1, 10))
    document = decision_document(decision)
    _check("\n".join(document.bases), (LAW_2003, ND_91, ND_98))
    assert "NĐ 98/2023/NĐ-CP" in " ".join(b.text for b in document.blocks)
    assert document_grounds("upward_memo", 2023, dt.date(2024, 1, 10)) == list(
        document_grounds("award_decision", 2023, dt.date(2023, 12, 31))
    )


@pytest.mark.django_db
def test_draft_decision_shows_the_grounds_of_today(office, people, users):
    decision = draft(office, people, users, year=2024)
    document = decision_document(decision)
    _check("\n".join(document.bases), (LAW_2022, ND_152))
