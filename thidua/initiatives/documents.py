"""The council's minutes (BB, numbered in the council's own series) and the head's recognition
decision (QĐ, with the annexed list), mapped onto the Decree 30/2020 layout of
`thidua.documents`."""

from thidua.core.text import format_long_date
from thidua.documents.layout import Block, OfficialDocument, Table, minutes_signatures
from thidua.legal.selectors import legal_parameters
from thidua.rules.params import document_grounds

from .models import RecognitionDecision, ReviewSession


def _authors(initiative) -> str:
    return ", ".join(
        f"{a.person.full_name} ({a.share.normalize():f}%)"
        for a in initiative.authors.select_related("person")
    )


def _number(registered) -> str | None:
    return str(registered.number) if registered is not None else None


def minutes_document(session: ReviewSession) -> OfficialDocument:
    council = session.council
    members = list(session.members.order_by("full_name"))
    items = list(session.items.select_related("initiative").prefetch_related("sheets"))
    closed = session.status == "closed"
    blocks = [
        Block(
            "paragraph",
            f"Hôm nay, {format_long_date(session.held_on)}, tại {session.place or council.place}, "
            f"{council.name} năm {council.year} họp xét duyệt sáng kiến.",
        ),
        Block("heading1", "I. THÀNH PHẦN"),
        Block("paragraph", f"Thành viên Hội đồng: {len(members)} người, gồm:"),
        *[Block("bullet", f"- {m.get_full_name() or m.username}") for m in members],
        Block("heading1", "II. NỘI DUNG"),
        Block(
            "paragraph",
            f"Hội đồng xem xét {len(items)} sáng kiến; mỗi thành viên chấm điểm theo các tiêu "
            f"chí: {', '.join(f'{c.name} (tối đa {c.max_points.normalize():f} điểm)' for c in council.criteria.all())}"
            f"; điểm đạt: {council.pass_mark.normalize():f}; đề nghị công nhận khi số phiếu đồng "
            f"ý vượt quá {council.vote_threshold_percent}% số thành viên.",
        ),
    ]
    rows = []
    for index, item in enumerate(items, start=1):
        result = "—"
        if closed:
            result = "Đề nghị công nhận" if item.passed else "Không đề nghị công nhận"
        rows.append(
            [
                str(index),
                item.initiative.title,
                _authors(item.initiative),
                f"{item.mean_score:.2f}".replace(".", ",") if item.mean_score is not None else "—",
                f"{item.yes_votes}/{item.member_count}" if item.yes_votes is not None else "—",
                result,
            ]
        )
    blocks.append(
        Block(
            "table",
            table=Table(
                "Kết quả chấm điểm và biểu quyết",
                [
                    "STT",
                    "Tên sáng kiến",
                    "Tác giả (tỷ lệ đóng góp)",
                    "Điểm TB",
                    "Đồng ý",
                    "Kết quả",
                ],
                rows,
            ),
        )
    )
    blocks.append(
        Block(
            "paragraph",
            "Hội đồng thống nhất trình Chánh Văn phòng xem xét, quyết định công nhận các sáng "
            "kiến được đề nghị công nhận nêu trên.",
        )
    )
    return OfficialDocument(
        governing_body=council.issuing_body.upper(),
        issuing_body=council.name.upper(),
        number=_number(session.minutes_number),
        type_code="BB",
        issuer_code=council.minutes_issuer_code,
        place=council.place,
        date=session.held_on if closed else None,
        type_name="BIÊN BẢN",
        summary=f"Họp xét duyệt sáng kiến năm {council.year}",
        blocks=blocks,
        recipients=["Chánh Văn phòng", f"Lưu: VT, {council.minutes_issuer_code}."],
        signer_position="CHỦ TỌA",
        signer_name=council.chair_name,
        signatures=minutes_signatures(council.secretary_name, council.chair_name),
        draft=not closed,
    )


def decision_document(decision: RecognitionDecision) -> OfficialDocument:
    council = decision.council
    recognitions = list(
        decision.recognitions.select_related("initiative").order_by("initiative__id")
    )
    count = len(recognitions)
    bases = document_grounds(
        "initiative_decision",
        council.year,
        decision.issued_on,
        legal_parameters(),
    )
    session = decision.session
    if session is not None and session.minutes_number_id:
        bases.append(
            f"Căn cứ Biên bản số {session.minutes_number.code} ngày "
            f"{session.held_on:%d/%m/%Y} của {council.name}"
        )
    bases.append(f"Xét đề nghị của Chủ tịch {council.name}")
    blocks = [
        Block("title", "QUYẾT ĐỊNH:"),
        Block(
            "paragraph",
            f"Điều 1. Công nhận {count:02d} sáng kiến cấp cơ sở năm {council.year} "
            "(có danh sách kèm theo).",
        ),
        Block(
            "paragraph",
            "Điều 2. Sáng kiến được công nhận là căn cứ xét danh hiệu thi đua theo quy định; "
            "mỗi sáng kiến chỉ làm căn cứ xét một danh hiệu một lần.",
        ),
        Block(
            "paragraph",
            f"Điều 3. {council.name}, Trưởng các phòng và các tác giả có tên tại Điều 1 "
            "chịu trách nhiệm thi hành Quyết định này.",
        ),
    ]
    rows = [
        [str(i), r.initiative.title, _authors(r.initiative), r.initiative.get_field_display()]
        for i, r in enumerate(recognitions, start=1)
    ]
    return OfficialDocument(
        governing_body=council.governing_body.upper(),
        issuing_body=council.issuing_body.upper(),
        number=_number(decision.number),
        type_code="QĐ",
        issuer_code=council.decision_issuer_code,
        place=council.place,
        date=decision.issued_on,
        type_name="QUYẾT ĐỊNH",
        summary=f"Về việc công nhận sáng kiến cấp cơ sở năm {council.year}",
        enacting_authority=decision.signer_position,
        bases=bases,
        blocks=blocks,
        recipients=["Như Điều 3", "Lưu: VT, HC-TC-QT."],
        signer_position=decision.signer_position,
        signer_name=decision.signer_name,
        annex=[
            Table(
                "Danh sách sáng kiến được công nhận",
                ["STT", "Tên sáng kiến", "Tác giả (tỷ lệ đóng góp)", "Lĩnh vực"],
                rows,
            )
        ],
    )
