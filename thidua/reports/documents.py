"""The sơ kết / tổng kết report (BC) in the Decree 30/2020 layout: the secretariat's narrative
around the figures the system fills in (targets, phases, awards, initiatives, covenants)."""

from thidua.core.text import continue_sentence, format_date
from thidua.documents.layout import Block, OfficialDocument, Table
from thidua.movements.models import Section

from .models import Report, ReportKind
from .report_data import ReportData, measure_text

# Shown only in a draft (marked DỰ THẢO): an issued report must have every section written;
# `missing_sections` is what report_issue refuses on.
PLACEHOLDER = "(Thường trực Hội đồng bổ sung nội dung đánh giá.)"
SECTION_LABELS = {
    "assessment": "I. Công tác tổ chức thực hiện",
    "covenant_results": "IV. Kết quả thực hiện giao ước thi đua",
    "limitations": "V. Tồn tại, hạn chế",
    "directions": "VI. Phương hướng, nhiệm vụ",
}


def missing_sections(report: Report | None, *, has_covenants: bool) -> list[str]:
    """The narrative sections still empty, by their heading; covenant results are needed only
    when the movement has covenants."""
    names = [n for n in SECTION_LABELS if n != "covenant_results" or has_covenants]
    return [SECTION_LABELS[n] for n in names if report is None or not report.paragraphs(n)]


def summary_line(movement, kind: str) -> str:
    if kind == ReportKind.SO_KET:
        return f"Sơ kết phong trào thi đua 6 tháng đầu năm {movement.year}"
    return f"Tổng kết phong trào thi đua năm {movement.year}"


def _narrative(report: Report | None, name: str, *, required: bool = True) -> list[Block]:
    paragraphs = report.paragraphs(name) if report is not None else []
    if paragraphs:
        return [Block("paragraph", p) for p in paragraphs]
    if not required or (report is not None and report.is_issued):
        return []  # never print the placeholder in an issued report
    return [Block("paragraph", PLACEHOLDER)]


def _table_or_note(title, columns, rows, note) -> list[Block]:
    if not rows:
        return [Block("paragraph", note)]
    return [Block("table", table=Table(title, columns, rows))]


def _award_rows(rows, with_division: bool) -> list[list[str]]:
    result = []
    for index, row in enumerate(rows, start=1):
        award = row.award
        cells = [str(index), row.subject_name]
        if with_division:
            cells.append(row.division.name if row.division else "")
        cells += [
            row.title_name,
            award.decision_code,
            format_date(award.decided_on),
            award.issuer_name,
        ]
        result.append(cells)
    return result


def report_document(data: ReportData, report: Report | None) -> OfficialDocument:
    movement = data.movement
    plan = (
        f"Kế hoạch số {movement.number_code} ngày {format_date(movement.issued_on)}"
        if movement.number_id and movement.issued_on
        else "Kế hoạch"
    )
    period = f"từ ngày {format_date(data.period_start)} đến ngày {format_date(data.period_end)}"
    done = "Đạt"
    blocks = [
        Block(
            "paragraph",
            f"Thực hiện {plan} về {continue_sentence(movement.title)}, "
            f"{movement.agency.name} báo cáo "
            f"{'sơ kết' if data.kind == ReportKind.SO_KET else 'tổng kết'} phong trào thi đua "
            f"({period}) như sau:",
        ),
        Block("heading1", "I. CÔNG TÁC TỔ CHỨC THỰC HIỆN"),
        *_narrative(report, "assessment"),
        Block("heading1", "II. KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU THI ĐUA"),
        Block("heading2", "1. Kết quả so với chỉ tiêu"),
        Block(
            "paragraph",
            "Đăng ký: số đã đăng ký danh hiệu; Đủ điều kiện: theo hồ sơ hiện có, xét bằng bộ "
            "tiêu chuẩn của Luật Thi đua, khen thưởng; Đã đạt: đã có quyết định khen thưởng "
            f"đến ngày {format_date(data.period_end)}.",
        ),
        *_table_or_note(
            "Kết quả so với chỉ tiêu",
            ["STT", "Chỉ tiêu", "Mức", "Đăng ký", "Đủ điều kiện", "Đã đạt", "Kết quả"],
            [
                [
                    str(i),
                    f"{row.percent} {row.label}",
                    row.strength,
                    measure_text(row.registered),
                    measure_text(row.eligible),
                    measure_text(row.achieved),
                    done if row.met else "Chưa đạt",
                ]
                for i, row in enumerate(data.targets, start=1)
            ],
            "Kế hoạch chưa có chỉ tiêu.",
        ),
        Block("heading2", "2. Kết quả theo từng giai đoạn"),
        *_table_or_note(
            "Kết quả theo giai đoạn",
            ["STT", "Giai đoạn", "Chỉ tiêu", "Đã đạt trong giai đoạn", "Kết quả"],
            [
                [
                    str(i),
                    row.phase,
                    f"{row.percent} {row.target}",
                    measure_text(row.achieved),
                    done if row.met else "Chưa đạt",
                ]
                for i, row in enumerate(data.phases, start=1)
            ],
            "Chưa có giai đoạn nào kết thúc trong kỳ báo cáo.",
        ),
        Block("heading1", "III. KẾT QUẢ KHEN THƯỞNG"),
        Block("heading2", "1. Tập thể"),
        *_table_or_note(
            "Tập thể được khen thưởng",
            ["STT", "Tập thể", "Danh hiệu, hình thức", "Số quyết định", "Ngày", "Cấp quyết định"],
            _award_rows(data.collective_awards, with_division=False),
            "Chưa có quyết định khen thưởng tập thể trong kỳ báo cáo.",
        ),
        Block("heading2", "2. Cá nhân"),
        *_table_or_note(
            "Cá nhân được khen thưởng",
            [
                "STT",
                "Họ và tên",
                "Đơn vị",
                "Danh hiệu, hình thức",
                "Số quyết định",
                "Ngày",
                "Cấp quyết định",
            ],
            _award_rows(data.individual_awards, with_division=True),
            "Chưa có quyết định khen thưởng cá nhân trong kỳ báo cáo.",
        ),
        Block("heading2", "3. Sáng kiến được công nhận"),
        *_table_or_note(
            "Sáng kiến được công nhận",
            ["STT", "Tên sáng kiến", "Tác giả", "Cấp", "Số quyết định", "Ngày"],
            [
                [
                    str(i),
                    item["title"],
                    item["authors"],
                    item["level"],
                    item["decision_code"],
                    format_date(item["decided_on"]),
                ]
                for i, item in enumerate(data.initiatives, start=1)
            ],
            "Chưa có sáng kiến được công nhận trong kỳ báo cáo.",
        ),
        Block("heading1", "IV. KẾT QUẢ THỰC HIỆN GIAO ƯỚC THI ĐUA"),
    ]
    for covenant in data.covenants:
        parties = ", ".join(p.name for p in covenant.parties.all())
        signed = f", ký ngày {format_date(covenant.signed_on)}" if covenant.signed_on else ""
        blocks.append(
            Block(
                "paragraph",
                f"{covenant.title} ({parties}{signed}; {covenant.get_status_display().lower()}),"
                " gồm các cam kết:",
            )
        )
        blocks += [Block("bullet", f"- {item.text}") for item in covenant.items.all()]
    if not data.covenants:
        blocks.append(Block("paragraph", "Phong trào không có giao ước thi đua."))
    blocks += _narrative(report, "covenant_results", required=bool(data.covenants))
    blocks += [
        Block("heading1", "V. TỒN TẠI, HẠN CHẾ"),
        *_narrative(report, "limitations"),
        Block(
            "heading1",
            "VI. PHƯƠNG HƯỚNG, NHIỆM VỤ"
            + (" 6 THÁNG CUỐI NĂM" if data.kind == ReportKind.SO_KET else " NĂM TIẾP THEO"),
        ),
        *_narrative(report, "directions"),
    ]
    issued = report is not None and report.is_issued
    return OfficialDocument(
        governing_body=movement.governing_body,
        issuing_body=movement.issuing_body,
        number=str(report.number.number) if issued else None,
        type_code="BC",
        issuer_code=movement.issuer_code,
        place=movement.place,
        date=report.issued_on if issued else None,
        type_name="BÁO CÁO",
        summary=summary_line(movement, data.kind),
        blocks=blocks,
        recipients=movement.items(Section.RECIPIENT) or ["Lưu: VT."],
        authority=movement.signer_authority or None,
        signer_position=movement.signer_position,
        signer_name=movement.signer_name,
        draft=not issued,
        author=movement.agency.name,
    )
