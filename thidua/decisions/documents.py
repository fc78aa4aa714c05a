"""The award decision (QĐ, Decree 30/2020 layout, with the annexed list) and the certificates
(Giấy khen / Giấy chứng nhận) printed for each line of a signed decision."""

from __future__ import annotations

import datetime as dt
from functools import cache
from pathlib import Path

from django.template import Context, Engine
from django.utils import timezone

from thidua.core.text import format_long_date, format_money
from thidua.documents.layout import (
    MOTTO,
    MOTTO_SUBTITLE,
    Block,
    OfficialDocument,
    Table,
    clean_text,
)
from thidua.documents.pdf_render import _refuse_fetch
from thidua.legal.selectors import legal_parameters
from thidua.rules.codes import TITLE_NAMES
from thidua.rules.money import money_basis
from thidua.rules.params import refresh_grounds

from . import services
from .models import Decision, DecisionEntry

TEMPLATES = Path(__file__).resolve().parent / "templates"


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


def _decision_date(decision: Decision) -> dt.date:
    return decision.signed_on or timezone.localdate()


def amounts(decision: Decision) -> list[tuple[DecisionEntry, int | None]]:
    """Each line with its money: as fixed at signing, or for a draft as it would be today."""
    entries = list(decision.entries.select_related("person", "unit"))
    if decision.signed_on:
        return [(e, e.amount_vnd) for e in entries]
    money = services.decision_amounts(entries, _decision_date(decision))
    return list(zip(entries, money, strict=True))


def default_articles(decision: Decision) -> list[str]:
    rows = amounts(decision)
    total = sum(a or 0 for _e, a in rows)
    people = sum(1 for e, _a in rows if e.person_id)
    units = len(rows) - people
    subjects = []
    if people:
        subjects.append(f"{people:02d} cá nhân")
    if units:
        subjects.append(f"{units:02d} tập thể")
    titles = sorted({TITLE_NAMES[e.title_code] for e, _a in rows}, key=str)
    on = _decision_date(decision)
    return [
        f"Điều 1. Công nhận, khen thưởng {' và '.join(subjects) or 'các đối tượng'} "
        f"({', '.join(titles)}) năm {decision.year} (có danh sách kèm theo).",
        f"Điều 2. Tiền thưởng kèm theo theo quy định tại {money_basis(on, legal_parameters())}; tổng số tiền: "
        f"{format_money(total)} đồng, chi từ Quỹ thi đua, khen thưởng của cơ quan.",
        "Điều 3. Chánh Văn phòng, Trưởng phòng Hành chính, Tổ chức, Quản trị, Trưởng các phòng "
        "và các cá nhân, tập thể có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này.",
    ]


def annex_table(decision: Decision) -> Table:
    rows = []
    for index, (entry, amount) in enumerate(amounts(decision), start=1):
        rows.append(
            [
                str(index),
                entry.subject_name,
                entry.position,
                entry.division_name,
                TITLE_NAMES.get(entry.title_code, entry.title_code),
                format_money(amount) if amount is not None else "",
            ]
        )
    total = sum(a or 0 for _e, a in amounts(decision))
    rows.append(["", "Tổng cộng", "", "", "", format_money(total)])
    return Table(
        "Danh sách cá nhân, tập thể được khen thưởng",
        [
            "STT",
            "Họ và tên / Tập thể",
            "Chức vụ",
            "Đơn vị",
            "Danh hiệu, hình thức",
            "Tiền thưởng (đồng)",
        ],
        rows,
    )


def decision_document(decision: Decision) -> OfficialDocument:
    articles = _lines(decision.articles) or default_articles(decision)
    return OfficialDocument(
        governing_body=decision.governing_body.upper(),
        issuing_body=decision.issuing_body.upper(),
        number=str(decision.number.number) if decision.number_id else None,
        type_code="QĐ",
        issuer_code=decision.issuer_code,
        place=decision.place,
        date=decision.signed_on,
        type_name="QUYẾT ĐỊNH",
        summary=decision.summary,
        enacting_authority=decision.signer_position,
        bases=(
            refresh_grounds(
                _lines(decision.grounds),
                "award_decision",
                decision.year,
                _decision_date(decision),
                legal_parameters(),
            )
            if decision.is_draft
            else _lines(decision.grounds)  # as signed: an issued text is never rewritten
        ),
        blocks=[Block("title", "QUYẾT ĐỊNH:"), *[Block("paragraph", a) for a in articles]],
        recipients=_lines(decision.recipients) or ["Như Điều 3", "Lưu: VT."],
        signer_position=decision.signer_position,
        signer_name=decision.signer_name,
        draft=decision.is_draft,
        annex=[annex_table(decision)],
        author=decision.agency.name,
    )


# Certificates -------------------------------------------------------------------------------


@cache
def _engine() -> Engine:
    return Engine(dirs=[str(TEMPLATES)], autoescape=True)


def certificate_heading(entry: DecisionEntry) -> str:
    return "GIẤY KHEN" if entry.title_code == "GIAY_KHEN" else "GIẤY CHỨNG NHẬN"


def _certificate(decision: Decision, entry: DecisionEntry) -> dict:
    if entry.person_id:
        salutation = {"male": "Ông", "female": "Bà"}.get(entry.person.gender, "Ông/Bà")
        subject = f"{salutation}: {entry.person.full_name}"
        detail = ", ".join(p for p in (entry.position, entry.division_name) if p)
    else:
        subject = entry.unit.name
        detail = decision.agency.name
    achievement = entry.achievement
    if entry.title_code != "GIAY_KHEN" and not achievement:
        achievement = f"Đạt danh hiệu “{TITLE_NAMES[entry.title_code]}” năm {decision.year}"
    return {
        "heading": certificate_heading(entry),
        "subject": subject,
        "detail": detail,
        "achievement": achievement,
        "is_giay_khen": entry.title_code == "GIAY_KHEN",
    }


def certificates_html(decision: Decision, entries) -> str:
    context = {
        "motto": MOTTO,
        "motto_subtitle": MOTTO_SUBTITLE,
        "authority": f"{decision.signer_position} {decision.agency.name}".upper(),
        "decision_line": f"Quyết định số {decision.code} {format_long_date(decision.signed_on)}",
        "place_date": f"{decision.place}, {format_long_date(decision.signed_on)}",
        "signer_position": decision.signer_position.upper(),
        "signer_name": decision.signer_name,
        "certificates": [_certificate(decision, e) for e in entries],
    }
    html = _engine().get_template("decisions/certificate.html").render(Context(context))
    return clean_text(html)


def certificates_pdf(decision: Decision, entries) -> bytes:
    """One A4 landscape page per line of the decision (`entries`)."""
    import weasyprint

    html = weasyprint.HTML(
        string=certificates_html(decision, entries), url_fetcher=_refuse_fetch, base_url="."
    )
    return html.write_pdf()
