"""The division review's minutes (biên bản, BB) in the Decree 30/2020 layout of
`thidua.documents`: the meeting, the attendance, each candidate's votes and the result."""

from thidua.core.text import format_long_date
from thidua.documents.layout import Block, OfficialDocument, Table, minutes_signatures

from .models import Review, ReviewStatus


def _eligibility(candidate) -> str:
    if candidate.eligible is None:
        return "Không xét theo tiêu chuẩn"
    return "Đủ" if candidate.eligible else "Chưa đủ"


def _result(candidate) -> str:
    if candidate.approve_votes is None:
        return "Không biểu quyết"
    return "Đề nghị" if candidate.proposed else "Không đề nghị"


def _share(approve: int, present: int) -> str:
    return f"{approve * 100 / present:.1f}%".replace(".", ",") if present else "—"


def minutes_document(review: Review) -> OfficialDocument:
    movement = review.movement
    division = review.division
    attendance = list(review.attendance.select_related("person"))
    present = [a for a in attendance if a.present]
    absent = [a for a in attendance if not a.present]
    candidates = list(review.candidates.select_related("person", "unit"))
    voted = [c for c in candidates if c.approve_votes is not None]
    proposed = [c for c in candidates if c.proposed]
    blocks = [
        Block(
            "paragraph",
            f"Hôm nay, {format_long_date(review.held_on)}, tại {review.place}, "
            f"{division.name} họp bình xét thi đua {review.period_label} "
            f"({movement.title}).",
        ),
        Block("heading1", "I. THÀNH PHẦN"),
        Block("paragraph", f"Chủ trì: {review.chair_name}. Thư ký: {review.secretary_name}."),
        Block(
            "paragraph",
            f"Tổng số thành viên của phòng: {len(attendance)} người; có mặt: {len(present)} "
            f"người; vắng: {len(absent)} người"
            + (f" ({', '.join(a.person.full_name for a in absent)})" if absent else "")
            + ".",
        ),
        Block(
            "table",
            table=Table(
                "Danh sách thành viên",
                ["STT", "Họ và tên", "Chức vụ", "Có mặt"],
                [
                    [str(i), a.person.full_name, a.position, "Có mặt" if a.present else "Vắng"]
                    for i, a in enumerate(attendance, start=1)
                ],
            ),
        ),
        Block("heading1", "II. NỘI DUNG"),
        Block(
            "paragraph",
            "Căn cứ tiêu chuẩn các danh hiệu thi đua và kết quả xét điều kiện của phần mềm, "
            f"cuộc họp biểu quyết từng trường hợp. Trường hợp được đề nghị khi số phiếu đồng ý "
            f"nhiều hơn {review.threshold_percent}% số thành viên có mặt.",
        ),
        Block(
            "table",
            table=Table(
                "Kết quả biểu quyết",
                [
                    "STT",
                    "Cá nhân, tập thể",
                    "Danh hiệu",
                    "Đủ điều kiện",
                    "Đồng ý",
                    "Tỷ lệ",
                    "Kết quả",
                ],
                [
                    [
                        str(i),
                        c.subject_name,
                        c.title_name,
                        _eligibility(c),
                        f"{c.approve_votes}/{c.present_votes}",
                        _share(c.approve_votes, c.present_votes or 0),
                        _result(c),
                    ]
                    for i, c in enumerate(voted, start=1)
                ],
            ),
        ),
        Block("heading1", "III. KẾT QUẢ"),
    ]
    if proposed:
        blocks.append(
            Block("paragraph", f"Cuộc họp thống nhất đề nghị {len(proposed)} trường hợp sau:")
        )
        for c in proposed:
            note = "" if c.eligible is not False else " (chưa đủ điều kiện theo tiêu chuẩn)"
            blocks.append(
                Block(
                    "bullet",
                    f"- {c.subject_name}: {c.title_name} "
                    f"({c.approve_votes}/{c.present_votes} phiếu đồng ý){note}.",
                )
            )
    else:
        blocks.append(Block("paragraph", "Không có trường hợp nào đủ số phiếu để đề nghị."))
    blocks.append(
        Block(
            "paragraph",
            "Biên bản được thông qua tại cuộc họp và gửi kèm hồ sơ đề nghị Hội đồng Thi đua - "
            "Khen thưởng.",
        )
    )
    agency = review.agency
    return OfficialDocument(
        governing_body=agency.name.upper(),
        issuing_body=division.name.upper(),
        number=None,
        numbered=False,
        type_code="BB",
        issuer_code=division.code,
        place=movement.place,
        date=review.held_on,
        type_name="BIÊN BẢN",
        summary=f"Họp bình xét thi đua {review.period_label} của {division.name}",
        blocks=blocks,
        recipients=[
            "Hội đồng Thi đua - Khen thưởng",
            f"Lưu: {division.short_name or division.code}.",
        ],
        signer_position="CHỦ TỌA",
        signer_name=review.chair_name,
        signatures=minutes_signatures(review.secretary_name, review.chair_name),
        draft=review.status != ReviewStatus.SUBMITTED,
        author=agency.name,
    )
