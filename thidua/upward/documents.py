"""The upward dossier's documents in the Decree 30/2020 layout of `thidua.documents`: the
proposal memo (Tờ trình, TTr) signed by the head, one achievement report (báo cáo thành tích)
per person or collective following the national forms' sections, the minutes (the council's, or
the division reviews' before the council app), and the ZIP the province receives."""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile

from django.utils import timezone

from thidua.core.text import fold, format_date, format_long_date
from thidua.documents.layout import Block, OfficialDocument, Table
from thidua.legal.selectors import legal_parameters
from thidua.org.models import Gender
from thidua.rules.params import document_grounds

from . import sources
from .models import UPWARD_TITLES, DossierEntry, DossierStatus, UpwardDossier

S = DossierStatus


def _header(dossier: UpwardDossier) -> dict:
    movement = sources.movement_of(dossier.agency, dossier.year)
    agency = dossier.agency
    if movement is not None:
        return {
            "governing_body": movement.governing_body.upper(),
            "issuing_body": movement.issuing_body.upper(),
            "issuer_code": movement.issuer_code or agency.code,
            "place": movement.place,
            "signer_position": movement.signer_position or "CHÁNH VĂN PHÒNG",
        }
    province = agency.parent
    return {
        "governing_body": province.name.upper() if province else "",
        "issuing_body": agency.name.upper(),
        "issuer_code": agency.code,
        "place": province.name.replace("Tỉnh ", "") if province else "",
        "signer_position": "THỦ TRƯỞNG CƠ QUAN",
    }


def legal_bases(year: int, on: dt.date | None) -> list[str]:
    """The law in force for the evaluation year and the memo's date (today for a draft), from
    the one source every document uses (`thidua.rules.params.document_grounds`)."""
    return document_grounds("upward_memo", year, on or timezone.localdate(), legal_parameters())


def _screening_label(entry: DossierEntry) -> str:
    if entry.eligible is None:
        return "Không xét theo tiêu chuẩn"
    if entry.eligible:
        return "Đủ điều kiện"
    return "Chưa đủ điều kiện (có giải trình)"


def _unit_line(entry: DossierEntry, year: int) -> str:
    if entry.unit_id:
        return entry.unit.name
    membership = sources.membership_in(entry.person, year)
    unit = membership.unit.name if membership else ""
    return ", ".join(part for part in (entry.position, unit) if part)


def _council_basis(dossier: UpwardDossier) -> str:
    session = sources.council_session(dossier.agency, dossier.year)
    if session is not None:
        return (
            f"Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng {format_long_date(session.held_on)}"
        )
    return (
        "Căn cứ kết quả bình xét của các phòng và hồ sơ đề nghị đã được Thường trực Hội đồng "
        "Thi đua - Khen thưởng tiếp nhận"
    )


def memo_document(dossier: UpwardDossier) -> OfficialDocument:
    header = _header(dossier)
    entries = list(dossier.entries.filter(included=True).select_related("person", "unit"))
    blocks = [
        Block("title", f"Kính gửi: {dossier.recipient}"),
        Block(
            "paragraph",
            f"{dossier.agency.name} kính trình {dossier.recipient} xem xét, tặng thưởng danh "
            f"hiệu thi đua và hình thức khen thưởng cho các tập thể, cá nhân đã có thành tích "
            f"xuất sắc năm {dossier.year}, cụ thể như sau:",
        ),
        Block("heading1", "I. TÓM TẮT THÀNH TÍCH"),
    ]
    summary = [p.strip() for p in dossier.memo_summary.split("\n") if p.strip()]
    blocks += [Block("paragraph", p) for p in summary] or [
        Block(
            "paragraph",
            f"Năm {dossier.year}, {dossier.agency.name} hoàn thành tốt các nhiệm vụ được giao; "
            "phong trào thi đua được tổ chức thường xuyên, thiết thực, hiệu quả.",
        )
    ]
    blocks.append(Block("heading1", "II. ĐỀ NGHỊ KHEN THƯỞNG"))
    number = 0
    for code in UPWARD_TITLES:
        group = [e for e in entries if e.title_code == code]
        if not group:
            continue
        number += 1
        collective = all(e.unit_id for e in group)
        noun = "tập thể" if collective else ("cá nhân" if not any(e.unit_id for e in group) else "")
        blocks.append(
            Block(
                "heading2",
                f"{number}. {group[0].title_name}: {len(group)} {noun}".rstrip(),
            )
        )
        for entry in group:
            blocks.append(
                Block("bullet", f"- {entry.subject_name} ({_unit_line(entry, dossier.year)}).")
            )
    justified = [e for e in entries if e.eligible is False]
    if justified:
        blocks.append(Block("heading1", "III. GIẢI TRÌNH"))
        for entry in justified:
            failed = "; ".join(c["reason"] for c in entry.checks if not c.get("passed"))
            blocks.append(
                Block(
                    "bullet",
                    f"- {entry.subject_name} ({entry.title_name}): chưa đủ điều kiện theo tiêu "
                    f"chuẩn ({failed}). Giải trình: {entry.justification}",
                )
            )
    rows = [
        [
            str(i),
            e.subject_name,
            _unit_line(e, dossier.year),
            e.title_name,
            e.votes or "—",
            _screening_label(e),
        ]
        for i, e in enumerate(entries, start=1)
    ]
    annex = Table(
        "DANH SÁCH ĐỀ NGHỊ KHEN THƯỞNG",
        [
            "STT",
            "Cá nhân, tập thể",
            "Chức vụ, đơn vị",
            "Danh hiệu, hình thức",
            "Biểu quyết",
            "Xét điều kiện",
        ],
        rows,
    )
    unsigned = dossier.memo_number_id is None
    return OfficialDocument(
        governing_body=header["governing_body"],
        issuing_body=header["issuing_body"],
        number=None if unsigned else str(dossier.memo_number.number),
        type_code="TTr",
        issuer_code=dossier.memo_number.issuer_code if not unsigned else header["issuer_code"],
        place=header["place"],
        date=dossier.signed_on,
        type_name="TỜ TRÌNH",
        summary=f"Về việc đề nghị tặng thưởng danh hiệu thi đua và hình thức khen thưởng năm "
        f"{dossier.year}",
        bases=[*legal_bases(dossier.year, dossier.signed_on), _council_basis(dossier)],
        blocks=blocks,
        closing=[
            "Hồ sơ kèm theo gồm: danh sách đề nghị khen thưởng, báo cáo thành tích của các tập "
            "thể, cá nhân và biên bản họp xét.",
            f"{dossier.agency.name} kính trình {dossier.recipient} xem xét, quyết định./.",
        ],
        recipients=[
            "Như trên",
            "Ban Thi đua - Khen thưởng tỉnh",
            f"Lưu: VT, {header['issuer_code']}.",
        ],
        signer_position=header["signer_position"],
        signer_name=dossier.signer_name or sources.head_name(dossier.agency),
        draft=dossier.status in (S.PREPARED, S.CANCELLED) and unsigned,
        annex=[annex],
    )


def _history_blocks(entry: DossierEntry, year: int, heading: str) -> list[Block]:
    titles, awards = sources.award_history(person=entry.person, unit=entry.unit, up_to=year)
    columns = ["Năm", "Danh hiệu, hình thức", "Số, ngày quyết định", "Cơ quan ban hành"]
    blocks = [Block("heading1", heading), Block("heading2", "1. Danh hiệu thi đua")]
    blocks.append(
        Block("table", table=Table("Danh hiệu thi đua", columns, titles))
        if titles
        else Block("paragraph", "Chưa có.")
    )
    blocks.append(Block("heading2", "2. Hình thức khen thưởng"))
    blocks.append(
        Block("table", table=Table("Hình thức khen thưởng", columns, awards))
        if awards
        else Block("paragraph", "Chưa có.")
    )
    return blocks


def _paragraphs(text: str, empty: str = "(Chưa nhập.)") -> list[Block]:
    lines = [line.strip() for line in (text or "").split("\n") if line.strip()]
    return [Block("paragraph", line) for line in lines] or [Block("paragraph", empty)]


def report_document(entry: DossierEntry) -> OfficialDocument:
    """The achievement report of one entry (mẫu báo cáo thành tích cá nhân / tập thể)."""
    dossier = entry.dossier
    header = _header(dossier)
    year = dossier.year
    first, last = sources.period_of(entry.title_code, year)
    span = f"{first}–{last}" if first != last else str(last)
    summary = f"Đề nghị tặng {entry.title_name} năm {year}"
    if entry.person_id:
        person = entry.person
        membership = sources.membership_in(person, year)
        gender = {Gender.MALE: "Nam", Gender.FEMALE: "Nữ"}.get(person.gender, "")
        blocks = [
            Block("heading1", "I. SƠ LƯỢC LÝ LỊCH"),
            Block("bullet", f"- Họ và tên: {person.full_name}. Giới tính: {gender or '…'}"),
            Block("bullet", f"- Sinh ngày: {format_date(person.date_of_birth) or '…'}"),
            Block("bullet", f"- Quê quán: {entry.hometown or '…'}"),
            Block(
                "bullet",
                f"- Đơn vị công tác: {membership.unit.name if membership else ''}, "
                f"{dossier.agency.name}",
            ),
            Block("bullet", f"- Chức vụ: {entry.position or '…'}"),
            Block(
                "bullet",
                f"- Trình độ chuyên môn, nghiệp vụ, lý luận chính trị: "
                f"{entry.qualifications or '…'}",
            ),
            Block("bullet", f"- Ngày tuyển dụng: {format_date(person.recruited_on)}"),
            Block("heading1", "II. THÀNH TÍCH ĐẠT ĐƯỢC"),
            Block("heading2", "1. Quyền hạn, nhiệm vụ được giao hoặc đảm nhận"),
            *_paragraphs(entry.functions),
            Block("heading2", f"2. Thành tích đạt được ({span})"),
            *_paragraphs(entry.achievements),
            Block("heading2", "3. Sáng kiến, đề tài nghiên cứu, giải pháp"),
            *_paragraphs(entry.initiatives, "Không có."),
            *_history_blocks(entry, year, "III. CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG"),
            Block("heading1", "IV. VIỆC CHẤP HÀNH KỶ LUẬT"),
            *_paragraphs(entry.discipline_statement),
        ]
        closing = [
            f"Xác nhận của Thủ trưởng cơ quan: {dossier.agency.name} xác nhận nội dung báo cáo "
            f"thành tích của {person.full_name} là đúng sự thật."
        ]
        signer_position, signer_name = "NGƯỜI BÁO CÁO THÀNH TÍCH", person.full_name
    else:
        unit = entry.unit
        blocks = [
            Block("heading1", "I. SƠ LƯỢC ĐẶC ĐIỂM, TÌNH HÌNH"),
            Block("heading2", "1. Đặc điểm, tình hình"),
            Block("paragraph", f"{unit.name} thuộc {dossier.agency.name}."),
            *_paragraphs(entry.organisation),
            Block("heading2", "2. Chức năng, nhiệm vụ"),
            *_paragraphs(entry.functions),
            Block("heading1", "II. THÀNH TÍCH ĐẠT ĐƯỢC"),
            Block("heading2", f"1. Kết quả thực hiện nhiệm vụ ({span})"),
            *_paragraphs(entry.achievements),
            Block("heading2", "2. Công tác thi đua, khen thưởng nội bộ"),
            *_paragraphs(entry.emulation_work),
            Block("heading2", "3. Sáng kiến, giải pháp"),
            *_paragraphs(entry.initiatives, "Không có."),
            *_history_blocks(entry, year, "III. CÁC HÌNH THỨC KHEN THƯỞNG ĐÃ ĐẠT ĐƯỢC"),
            Block("heading1", "IV. VIỆC CHẤP HÀNH KỶ LUẬT"),
            *_paragraphs(entry.discipline_statement),
        ]
        closing = [
            f"Xác nhận của Thủ trưởng cơ quan: {dossier.agency.name} xác nhận nội dung báo cáo "
            f"thành tích của {unit.name} là đúng sự thật."
        ]
        signer_position = "TRƯỞNG PHÒNG"
        signer_name = sources.division_head_name(unit)
    return OfficialDocument(
        governing_body=header["governing_body"],
        issuing_body=header["issuing_body"],
        number=None,
        numbered=False,
        type_code="BC",
        issuer_code=header["issuer_code"],
        place=header["place"],
        date=dossier.signed_on,
        type_name="BÁO CÁO THÀNH TÍCH",
        summary=summary,
        blocks=blocks,
        closing=closing,
        recipients=[],
        signer_position=signer_position,
        signer_name=signer_name,
    )


def minutes_documents(dossier: UpwardDossier) -> list[tuple[str, OfficialDocument]]:
    """(file name, document): the council's minutes when the council app provides them,
    otherwise the minutes of the division reviews the candidates came from."""
    council = sources.council_minutes(dossier)
    if council is not None:
        return [("bien-ban-hoi-dong", council)]
    from thidua.reviews.documents import minutes_document

    found, seen = [], set()
    for entry in dossier.entries.filter(included=True).select_related(
        "nominee__proposal__review__division"
    ):
        review = entry.nominee.proposal.review if entry.nominee_id else None
        if review is None or review.pk in seen:
            continue
        seen.add(review.pk)
        found.append(
            (
                f"bien-ban-binh-xet-{slug(review.division.code)}-{review.pk}",
                minutes_document(review),
            )
        )
    return found


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", fold(text)).strip("-")[:60] or "x"


def memo_filename(dossier: UpwardDossier, fmt: str) -> str:
    number = f"{dossier.memo_number.number:02d}-" if dossier.memo_number_id else ""
    return f"to-trinh-{number}de-nghi-khen-thuong-{dossier.year}.{fmt}"


def dossier_zip(dossier: UpwardDossier) -> bytes:
    """Everything the province receives, in one ZIP: the memo (DOCX and PDF), each achievement
    report (DOCX) and the minutes (DOCX)."""
    from thidua.documents.docx_render import render_docx
    from thidua.documents.pdf_render import render_pdf

    folder = f"ho-so-de-nghi-khen-thuong-{dossier.year}"
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as archive:
        memo = memo_document(dossier)
        archive.writestr(f"{folder}/01-{memo_filename(dossier, 'docx')}", render_docx(memo))
        archive.writestr(f"{folder}/01-{memo_filename(dossier, 'pdf')}", render_pdf(memo))
        entries = dossier.entries.filter(included=True).select_related("person", "unit", "dossier")
        for i, entry in enumerate(entries, start=1):
            name = f"{i:02d}-{slug(entry.subject_name)}-{slug(entry.title_code)}.docx"
            archive.writestr(
                f"{folder}/02-bao-cao-thanh-tich/{name}", render_docx(report_document(entry))
            )
        for name, document in minutes_documents(dossier):
            archive.writestr(f"{folder}/03-bien-ban/{name}.docx", render_docx(document))
    return out.getvalue()
