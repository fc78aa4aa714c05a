"""The council's minutes (biên bản, BB), numbered in the council's own series (HĐTĐKT), with the
attendance, the quorum, the threshold applied, the secret ballot's tally per candidate and its
SHA-256 digest, the CSTĐCS quota and the result, in the Decree 30/2020 layout."""

from thidua.core.text import format_long_date
from thidua.documents.layout import (
    Block,
    OfficialDocument,
    Table,
    minutes_signatures,
)

from .models import SERIES, CouncilSession, QuotaState
from .services import quorum_status


def _result(item) -> str:
    if item.passed is None:
        return "—"
    if not item.passed:
        return "Không đạt"
    return "Không chọn (vượt chỉ tiêu)" if item.quota_cut else "Đạt"


def minutes_document(session: CouncilSession) -> OfficialDocument:
    members = list(session.members.all())
    absent = [m for m in members if not m.present]
    quorum = quorum_status(session)
    ballot = getattr(session, "ballot", None)
    closed = ballot is not None and ballot.status == "closed"
    items = list(
        session.items.select_related("nominee__person", "nominee__unit", "nominee__proposal")
    )
    written = ballot.casts.filter(written=True).count() if ballot else 0
    blocks = [
        Block(
            "paragraph",
            f"Hôm nay, {format_long_date(session.held_on)}, tại {session.place}, Hội đồng Thi "
            f"đua - Khen thưởng họp xét đề nghị khen thưởng năm {session.year}.",
        ),
        Block("heading1", "I. THÀNH PHẦN"),
        Block(
            "paragraph",
            f"Chủ trì: {session.chair_name or '—'}. Thư ký: {session.secretary_name or '—'}.",
        ),
        Block(
            "paragraph",
            f"Tổng số thành viên Hội đồng: {quorum['members']} người; có mặt: "
            f"{quorum['present']} người; vắng: {len(absent)} người"
            + (f" ({', '.join(m.full_name for m in absent)})" if absent else "")
            + f". Số thành viên có mặt {'đạt' if quorum['reached'] else 'không đạt'} tỷ lệ "
            f"{session.quorum_label} tổng số thành viên (cần ít nhất {quorum['needed']} người).",
        ),
        Block(
            "table",
            table=Table(
                "Danh sách thành viên",
                ["STT", "Họ và tên", "Nhiệm vụ", "Có mặt"],
                [
                    [str(i), m.full_name, m.get_role_display(), "Có mặt" if m.present else "Vắng"]
                    for i, m in enumerate(members, start=1)
                ],
            ),
        ),
        Block("heading1", "II. NỘI DUNG"),
        Block(
            "paragraph",
            f"Hội đồng xem xét {len(items)} trường hợp do các phòng đề nghị và biểu quyết bằng "
            "phiếu kín. Trường hợp được đề nghị khi số phiếu tán thành nhiều hơn "
            f"{session.approval_percent}% tổng số thành viên Hội đồng (ít nhất "
            f"{quorum['approvals_needed']}/{quorum['members']} phiếu); thành viên vắng mặt "
            "được bỏ phiếu bằng văn bản.",
        ),
    ]
    if closed:
        blocks.append(
            Block(
                "paragraph",
                f"Số phiếu phát ra và thu vào: {ballot.paper_count} phiếu (trong đó "
                f"{written} phiếu bằng văn bản của thành viên vắng mặt); số phiếu hợp lệ: "
                f"{ballot.paper_count} phiếu.",
            )
        )
    blocks.append(
        Block(
            "table",
            table=Table(
                "Kết quả kiểm phiếu",
                ["STT", "Cá nhân, tập thể", "Phòng", "Danh hiệu", "Tán thành", "Tỷ lệ", "Kết quả"],
                [
                    [
                        str(i),
                        item.subject_name,
                        item.nominee.proposal.division.name,
                        item.title_name,
                        f"{item.approvals}/{ballot.member_count}" if closed else "—",
                        (
                            f"{item.approvals * 100 / ballot.member_count:.1f}%".replace(".", ",")
                            if closed
                            else "—"
                        ),
                        _result(item),
                    ]
                    for i, item in enumerate(items, start=1)
                ],
            ),
        )
    )
    if closed:
        blocks.append(
            Block(
                "paragraph",
                f"Mã kiểm tra kết quả kiểm phiếu (SHA-256 của các phiếu đã sắp xếp): "
                f"{ballot.digest}.",
            )
        )
    if session.quota_cap is not None and session.quota_state != QuotaState.NONE:
        ranked = sorted((i for i in items if i.rank), key=lambda i: (i.rank, i.order))
        blocks.append(Block("heading1", "III. CHỈ TIÊU CHIẾN SĨ THI ĐUA CƠ SỞ"))
        blocks.append(Block("paragraph", f"{session.quota_reason}."))
        blocks.append(
            Block(
                "table",
                table=Table(
                    "Xếp thứ tự theo số phiếu tán thành",
                    ["Thứ tự", "Họ và tên", "Tán thành", "Ghi chú"],
                    [
                        [
                            str(i.rank),
                            i.subject_name,
                            str(i.approvals),
                            ("Bằng phiếu tại ranh giới; " if i.tied else "")
                            + (
                                "chờ xử lý"
                                if session.quota_state == QuotaState.PENDING
                                else ("không chọn" if i.quota_cut else "được chọn")
                            ),
                        ]
                        for i in ranked
                    ],
                ),
            )
        )
        if session.quota_note:
            blocks.append(Block("paragraph", f"Lý do lựa chọn: {session.quota_note}"))
    approved = [i for i in items if i.approved]
    blocks.append(
        Block("heading1", "IV. KẾT LUẬN" if session.quota_cap is not None else "III. KẾT LUẬN")
    )
    if not closed:
        blocks.append(Block("paragraph", "Chưa kết thúc bỏ phiếu."))
    elif approved:
        blocks.append(
            Block(
                "paragraph",
                f"Hội đồng thống nhất đề nghị Chánh Văn phòng xem xét, quyết định khen thưởng "
                f"{len(approved)} trường hợp sau, sau khi công khai theo quy định:",
            )
        )
        blocks += [
            Block(
                "bullet",
                f"- {i.subject_name} ({i.nominee.proposal.division.name}): {i.title_name} "
                f"({i.approvals}/{ballot.member_count} phiếu tán thành).",
            )
            for i in approved
        ]
    else:
        blocks.append(Block("paragraph", "Không có trường hợp nào đạt tỷ lệ phiếu tán thành."))
    blocks.append(
        Block(
            "paragraph",
            "Biên bản được thông qua tại cuộc họp, các thành viên dự họp thống nhất nội dung.",
        )
    )
    agency = session.agency
    # Headed by the office and its council (the council has no seal of its own and issues
    # under the office), never by the province.
    return OfficialDocument(
        governing_body=agency.name.upper(),
        issuing_body="HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        number=str(session.minutes_number.number) if session.minutes_number_id else None,
        type_code="BB",
        issuer_code=SERIES,
        place=_place(session),
        date=session.held_on if closed else None,
        type_name="BIÊN BẢN",
        summary=f"Họp Hội đồng Thi đua - Khen thưởng xét khen thưởng năm {session.year}",
        blocks=blocks,
        recipients=["Chánh Văn phòng", "Thành viên Hội đồng", f"Lưu: VT, {SERIES}."],
        signer_position="CHỦ TỌA",
        signer_name=session.chair_name,
        signatures=minutes_signatures(session.secretary_name, session.chair_name),
        draft=not closed,
        author=agency.name,
    )


def _place(session: CouncilSession) -> str:
    province = session.agency.parent
    name = province.name if province else session.place
    return name.replace("Tỉnh ", "").replace("tỉnh ", "")
