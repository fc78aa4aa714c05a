"""The demo library: the national texts DOMAIN.md §3–4 names (metadata only, no files) and the
seed plan 114/KH-VP itself as the office's own document, with its full text for search.

Only documents named in the project's domain notes and the seed plan are listed, and no number
is recorded that those notes do not give: the 2003 law and its 2005 and 2013 amendments are
named there by year only, so they carry no number here. Idempotent: a document already present
(same scope, unit and number, or title when it has none) is left as it is.
"""

import datetime as dt

from thidua.org.models import Unit

from . import services
from .models import Kind, Regulation, Scope, Status

AGENCY_CODE = "VP-DT"
QH = "Quốc hội"
CP = "Chính phủ"
BNV = "Bộ Nội vụ"
LAW_TITLE = "Luật Thi đua, khen thưởng"
DETAIL = "Quy định chi tiết thi hành một số điều của Luật Thi đua, khen thưởng"

# key, kind, number, title, issuer, regime, effective from, effective to, replaced by, summary
NATIONAL = [
    (
        "law2003",
        Kind.LAW,
        "",
        "Luật Thi đua, khen thưởng năm 2003",
        QH,
        "vn2013",
        None,
        dt.date(2023, 12, 31),
        "law2022",
        "Căn cứ của Kế hoạch 114/KH-VP năm 2021. Danh hiệu Lao động tiên tiến (Điều 24), Chiến sĩ "
        "thi đua cơ sở (Điều 23), Tập thể lao động tiên tiến (Điều 28), Tập thể lao động xuất sắc "
        "(Điều 27). Áp dụng cho năm đánh giá đến hết năm 2023.",
    ),
    (
        "law2005",
        Kind.LAW,
        "",
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng năm 2005",
        QH,
        "vn2013",
        None,
        dt.date(2023, 12, 31),
        "law2022",
        "Sửa đổi, bổ sung Luật Thi đua, khen thưởng năm 2003; được nêu trong Kế hoạch 114/KH-VP.",
    ),
    (
        "law2013",
        Kind.LAW,
        "",
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng năm 2013",
        QH,
        "vn2013",
        None,
        dt.date(2023, 12, 31),
        "law2022",
        "Sửa đổi, bổ sung Luật Thi đua, khen thưởng; được nêu trong Kế hoạch 114/KH-VP.",
    ),
    (
        "nd91",
        Kind.DECREE,
        "91/2017/NĐ-CP",
        DETAIL,
        CP,
        "vn2013",
        None,
        dt.date(2023, 12, 31),
        "nd98",
        "Tiêu chuẩn Lao động tiên tiến (Điều 10): cán bộ mới tuyển dụng cần đủ 10 tháng công tác; "
        "Chiến sĩ thi đua cơ sở (Điều 9): bắt buộc có sáng kiến hoặc đề tài được công nhận trong "
        "năm; số Chiến sĩ thi đua cơ sở không quá 15% số Lao động tiên tiến (Điều 9 khoản 3); "
        "Bằng khen cấp tỉnh (Điều 39).",
    ),
    (
        "tt12",
        Kind.CIRCULAR,
        "12/2019/TT-BNV",
        "Quy định chi tiết thi hành một số điều của Nghị định số 91/2017/NĐ-CP",
        BNV,
        "vn2013",
        None,
        dt.date(2023, 12, 31),
        "tt01",
        "Hướng dẫn thi hành Nghị định 91/2017/NĐ-CP về thi đua, khen thưởng.",
    ),
    (
        "nd13",
        Kind.DECREE,
        "13/2012/NĐ-CP",
        "Ban hành Điều lệ Sáng kiến",
        CP,
        "vn2013",
        None,
        None,
        None,
        "Sáng kiến: điều kiện công nhận, hội đồng xét duyệt sáng kiến, phạm vi ảnh hưởng; "
        "căn cứ công nhận sáng kiến làm cơ sở xét Chiến sĩ thi đua.",
    ),
    (
        "law2022",
        Kind.LAW,
        "06/2022/QH15",
        LAW_TITLE,
        QH,
        "vn2022",
        dt.date(2024, 1, 1),
        None,
        None,
        "Có hiệu lực từ 01/01/2024. Lao động tiên tiến (Điều 24): cán bộ mới tuyển dụng cần đủ 6 "
        "tháng; Chiến sĩ thi đua cơ sở (Điều 23): Lao động tiên tiến và hoàn thành xuất sắc nhiệm "
        "vụ hoặc có sáng kiến, đề tài được công nhận; Bằng khen cấp tỉnh (Điều 74).",
    ),
    (
        "nd98",
        Kind.DECREE,
        "98/2023/NĐ-CP",
        DETAIL,
        CP,
        "vn2022",
        dt.date(2024, 1, 1),
        dt.date(2025, 6, 30),
        "nd152",
        "Quy định chi tiết Luật Thi đua, khen thưởng 2022; được thay bằng Nghị định "
        "152/2025/NĐ-CP từ 01/7/2025.",
    ),
    (
        "nd152",
        Kind.DECREE,
        "152/2025/NĐ-CP",
        DETAIL,
        CP,
        "vn2022",
        dt.date(2025, 7, 1),
        None,
        None,
        "Thay thế Nghị định 98/2023/NĐ-CP từ 01/7/2025; Bằng khen cấp tỉnh hệ số 1,5 lần mức "
        "lương cơ sở cho quyết định từ 01/7/2025.",
    ),
    (
        "tt01",
        Kind.CIRCULAR,
        "01/2024/TT-BNV",
        "Hướng dẫn thi hành Luật Thi đua, khen thưởng năm 2022",
        BNV,
        "vn2022",
        None,
        None,
        None,
        "Tiêu chuẩn Lao động tiên tiến theo Luật Thi đua, khen thưởng 2022.",
    ),
    (
        "nd30",
        Kind.DECREE,
        "30/2020/NĐ-CP",
        "Về công tác văn thư",
        CP,
        "",
        None,
        None,
        None,
        "Thể thức và kỹ thuật trình bày văn bản hành chính (Phụ lục I): khổ A4, lề, phông chữ, "
        "quốc hiệu, số và ký hiệu văn bản, nơi nhận, chữ ký; các văn bản kế hoạch, quyết định, "
        "biên bản, tờ trình của phần mềm theo thể thức này.",
    ),
    (
        "nd90",
        Kind.DECREE,
        "90/2020/NĐ-CP",
        "Về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức",
        CP,
        "",
        None,
        None,
        "nd335",
        "Xếp loại chất lượng hằng năm: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, "
        "Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ; được sửa đổi bởi Nghị định 48/2023/NĐ-CP.",
    ),
    (
        "nd48",
        Kind.DECREE,
        "48/2023/NĐ-CP",
        "Sửa đổi, bổ sung một số điều của Nghị định số 90/2020/NĐ-CP về đánh giá, xếp loại chất "
        "lượng cán bộ, công chức, viên chức",
        CP,
        "",
        None,
        None,
        "nd335",
        "Sửa đổi quy định xếp loại chất lượng cán bộ, công chức, viên chức.",
    ),
    (
        "nd335",
        Kind.DECREE,
        "335/2025/NĐ-CP",
        "Về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức",
        CP,
        "",
        None,
        None,
        None,
        "Áp dụng cho việc đánh giá, xếp loại chất lượng từ năm 2026.",
    ),
]


def _plan_text() -> str:
    from thidua.movements import demo_plan_2021 as plan

    parts = [
        "KẾ HOẠCH",
        "Phát động phong trào thi đua năm 2021",
        *plan.PREAMBLE,
        "I. MỤC ĐÍCH, YÊU CẦU",
        *plan.PURPOSES,
        *plan.REQUIREMENTS,
        "II. NỘI DUNG",
        "Chủ đề: " + plan.THEME,
        "Khẩu hiệu: " + plan.SLOGAN,
        *plan.CONTENTS,
        *plan.PHASES_INTRO,
        *[f"{name}: {text}" for name, text in plan.PHASES],
        *plan.TARGETS_COLLECTIVE,
        *plan.TARGETS_INDIVIDUAL,
        "III. TỔ CHỨC THỰC HIỆN",
        *plan.ORGANISATION,
        *plan.CLOSING,
    ]
    return "\n\n".join(str(p) for p in parts)


def _existing(scope, unit, number, title):
    rows = Regulation.objects.filter(scope=scope, unit=unit)
    return (rows.filter(number=number) if number else rows.filter(title=title)).first()


def load_demo_regulations() -> int:
    """Load the demo library; returns how many documents it holds afterwards."""
    made: dict[str, Regulation] = {}
    # Successors first, so a replaced document can point to its successor.
    order = sorted(NATIONAL, key=lambda row: row[8] is not None)
    pending = list(order)
    while pending:
        row = pending.pop(0)
        key, kind, number, title, issuer, regime, start, end, successor, summary = row
        if successor is not None and successor not in made:
            pending.append(row)
            continue
        existing = _existing(Scope.NATIONAL, None, number, title)
        if existing is None:
            existing = services.regulation_create(
                actor=None,
                scope=Scope.NATIONAL,
                unit=None,
                kind=kind,
                number=number,
                title=title,
                issuer=issuer,
                regime=regime,
                effective_from=start,
                effective_to=end,
                status=Status.REPLACED if successor else Status.IN_FORCE,
                replaced_by=made.get(successor),
                summary=summary,
            )
        made[key] = existing
    agency = Unit.objects.filter(code=AGENCY_CODE).first()
    if agency is not None and _existing(Scope.AGENCY, agency, "114/KH-VP", "") is None:
        services.regulation_create(
            actor=None,
            scope=Scope.AGENCY,
            unit=agency,
            kind=Kind.PLAN,
            number="114/KH-VP",
            title="Phát động phong trào thi đua năm 2021",
            issuer="Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
            issued_on=dt.date(2021, 2, 3),
            regime="vn2013",
            summary="Kế hoạch của Văn phòng cho năm 2021: chủ đề, khẩu hiệu, hai giai đoạn thi "
            "đua, chỉ tiêu (100% phòng đạt Tập thể lao động tiên tiến, ít nhất 95% cá nhân đạt "
            "Lao động tiên tiến, phấn đấu 15% đạt Chiến sĩ thi đua cơ sở) và tổ chức thực hiện. "
            "Người ký: Chánh Văn phòng Mai Ngọc Dinh.",
            text=_plan_text(),
        )
    return Regulation.objects.count()
