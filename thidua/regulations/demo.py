"""The demo library: the national texts the rules engine cites (metadata only, no files) and
the seed plan 114/KH-VP itself as the office's own document, with its full text for search.

The list is the engine's: every text number a check or a legal parameter row cites is here,
with the regime it belongs to, its effective dates and, when it was replaced, its successor
(``thidua/regulations/tests/test_engine_agreement.py`` keeps the two in step). Numbers, dates
and how sure each one is: docs/legal-sources.md. Idempotent: a document already present (same
scope, unit and number, or the same title without a number) is left as it is.
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
RATING = "Về đánh giá, xếp loại chất lượng cán bộ, công chức, viên chức"
SALARY = "Quy định mức lương cơ sở đối với cán bộ, công chức, viên chức và lực lượng vũ trang"
D = dt.date
END_2003 = D(2023, 12, 31)

# key, kind, number, title, issuer, regime, effective from, effective to, replaced by, summary
NATIONAL = [
    (
        "law2003",
        Kind.LAW,
        "15/2003/QH11",
        "Luật Thi đua, khen thưởng năm 2003",
        QH,
        "vn2013",
        None,
        END_2003,
        "law2022",
        "Căn cứ của Kế hoạch 114/KH-VP năm 2021. Danh hiệu Lao động tiên tiến (Điều 24 khoản 1), "
        "Chiến sĩ thi đua cơ sở (Điều 23: đề tài phải đã nghiệm thu được áp dụng), Tập thể lao "
        "động tiên tiến (Điều 28 khoản 1), Tập thể lao động xuất sắc (Điều 27); cả hai danh hiệu "
        "tập thể đòi không có cá nhân bị kỷ luật từ cảnh cáo trở lên. Hết hiệu lực từ 01/01/2024 "
        "(Luật 06/2022/QH15 Điều 94 khoản 2).",
    ),
    (
        "law2005",
        Kind.LAW,
        "47/2005/QH11",
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng năm 2005",
        QH,
        "vn2013",
        None,
        END_2003,
        "law2022",
        "Sửa đổi, bổ sung Luật Thi đua, khen thưởng năm 2003; được nêu trong Kế hoạch 114/KH-VP.",
    ),
    (
        "law2013",
        Kind.LAW,
        "39/2013/QH13",
        "Luật sửa đổi, bổ sung một số điều của Luật Thi đua, khen thưởng năm 2013",
        QH,
        "vn2013",
        None,
        END_2003,
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
        END_2003,
        "nd98",
        "Chiến sĩ thi đua cơ sở (Điều 9 khoản 3): bắt buộc có sáng kiến hoặc đề tài được công "
        "nhận trong năm, không quá 15% số Lao động tiên tiến; Lao động tiên tiến (Điều 10): cán "
        "bộ mới tuyển dụng cần đủ 10 tháng, bị kỷ luật từ khiển trách thì không xét; Bằng khen "
        "cấp tỉnh (Điều 39); mức tiền thưởng.",
    ),
    (
        "tt12",
        Kind.CIRCULAR,
        "12/2019/TT-BNV",
        "Quy định chi tiết thi hành một số điều của Nghị định số 91/2017/NĐ-CP",
        BNV,
        "vn2013",
        None,
        END_2003,
        "tt01",
        "Hướng dẫn thi hành Nghị định 91/2017/NĐ-CP về thi đua, khen thưởng.",
    ),
    (
        "nd13",
        Kind.DECREE,
        "13/2012/NĐ-CP",
        "Ban hành Điều lệ Sáng kiến",
        CP,
        "",
        None,
        None,
        None,
        "Sáng kiến: điều kiện công nhận (Điều 3), hội đồng xét duyệt sáng kiến, phạm vi ảnh "
        "hưởng; căn cứ công nhận sáng kiến làm cơ sở xét Chiến sĩ thi đua.",
    ),
    (
        "law2022",
        Kind.LAW,
        "06/2022/QH15",
        LAW_TITLE,
        QH,
        "vn2022",
        D(2024, 1, 1),
        None,
        None,
        "Có hiệu lực từ 01/01/2024 (Điều 94). Lao động tiên tiến (Điều 24 khoản 1): hoàn thành "
        "tốt nhiệm vụ trở lên; Chiến sĩ thi đua cơ sở (Điều 23): Lao động tiên tiến và hoàn "
        "thành xuất sắc nhiệm vụ hoặc có sáng kiến được công nhận hoặc đề tài đã được nghiệm "
        "thu; Tập thể lao động xuất sắc (Điều 27) và Tập thể lao động tiên tiến (Điều 28) không "
        "còn điều kiện về kỷ luật của thành viên; Bằng khen cấp tỉnh (Điều 74 khoản 1 điểm d): 02 "
        "lần liên tục Chiến sĩ thi đua cơ sở, hoặc 02 năm liên tục hoàn thành xuất sắc nhiệm vụ "
        "với 02 sáng kiến hoặc 02 đề tài được áp dụng hiệu quả.",
    ),
    (
        "nd98",
        Kind.DECREE,
        "98/2023/NĐ-CP",
        DETAIL,
        CP,
        "vn2022",
        D(2024, 1, 1),
        D(2025, 6, 30),
        "nd152",
        "Quy định chi tiết Luật Thi đua, khen thưởng 2022, gồm mức tiền thưởng cho quyết định "
        "từ 01/01/2024 đến 30/6/2025; được thay bằng Nghị định 152/2025/NĐ-CP từ 01/7/2025.",
    ),
    (
        "nd152",
        Kind.DECREE,
        "152/2025/NĐ-CP",
        "Quy định về phân cấp, phân quyền trong lĩnh vực thi đua, khen thưởng; quy định chi tiết "
        "và hướng dẫn thi hành một số điều của Luật Thi đua, khen thưởng",
        CP,
        "vn2022",
        D(2025, 7, 1),
        None,
        None,
        "Thay thế Nghị định 98/2023/NĐ-CP từ 01/7/2025; mức tiền thưởng cho quyết định từ "
        "01/7/2025 (Bằng khen cấp tỉnh 1,5 lần mức lương cơ sở).",
    ),
    (
        "tt01",
        Kind.CIRCULAR,
        "01/2024/TT-BNV",
        "Quy định biện pháp thi hành Luật Thi đua, khen thưởng",
        BNV,
        "vn2022",
        None,
        D(2025, 8, 4),
        "tt15",
        "Lao động tiên tiến: không xét cá nhân mới tuyển dụng dưới 06 tháng; thời gian điều trị "
        "thương tích, đào tạo, bồi dưỡng được tính để bình xét. Được thay bằng Thông tư "
        "15/2025/TT-BNV từ 05/8/2025.",
    ),
    (
        "tt15",
        Kind.CIRCULAR,
        "15/2025/TT-BNV",
        "Hướng dẫn thi hành Luật Thi đua, khen thưởng và Nghị định số 152/2025/NĐ-CP",
        BNV,
        "vn2022",
        D(2025, 8, 5),
        None,
        None,
        "Thay thế Thông tư 01/2024/TT-BNV từ 05/8/2025 (chưa đối chiếu được toàn văn: các quy "
        "định về thời gian xét Lao động tiên tiến được giữ như Thông tư 01/2024/TT-BNV).",
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
        RATING,
        CP,
        "",
        None,
        D(2025, 12, 31),
        "nd335",
        "Xếp loại chất lượng hằng năm: Hoàn thành xuất sắc nhiệm vụ, Hoàn thành tốt nhiệm vụ, "
        "Hoàn thành nhiệm vụ, Không hoàn thành nhiệm vụ; được sửa đổi bởi Nghị định 48/2023/NĐ-CP. "
        "Áp dụng cho các năm đánh giá đến hết năm 2025.",
    ),
    (
        "nd48",
        Kind.DECREE,
        "48/2023/NĐ-CP",
        "Sửa đổi, bổ sung một số điều của Nghị định số 90/2020/NĐ-CP về đánh giá, xếp loại chất "
        "lượng cán bộ, công chức, viên chức",
        CP,
        "",
        D(2023, 9, 15),
        D(2025, 12, 31),
        "nd335",
        "Bổ sung khoản 5 Điều 2 Nghị định 90/2020/NĐ-CP: bị kỷ luật đảng hoặc kỷ luật hành chính "
        "trong năm đánh giá thì xếp loại ở mức không hoàn thành nhiệm vụ.",
    ),
    (
        "nd335",
        Kind.DECREE,
        "335/2025/NĐ-CP",
        "Quy định về đánh giá, xếp loại chất lượng đối với cơ quan hành chính nhà nước và công chức",
        CP,
        "",
        D(2026, 1, 1),
        None,
        None,
        "Áp dụng cho việc đánh giá, xếp loại chất lượng từ năm 2026: công chức có hành vi vi phạm "
        "liên quan đến hoạt động công vụ bị kỷ luật từ khiển trách trở lên trong năm đánh giá "
        "thì xếp loại không hoàn thành nhiệm vụ.",
    ),
    *[
        (
            f"salary{number}",
            Kind.DECREE,
            number,
            SALARY,
            CP,
            "",
            start,
            end,
            successor,
            f"Mức lương cơ sở {amount} đồng/tháng từ {start:%d/%m/%Y} (Điều 3 khoản 2); dùng "
            f"tính tiền thưởng thi đua, khen thưởng theo ngày quyết định.{note}",
        )
        for number, start, end, successor, amount, note in (
            (
                "47/2016/NĐ-CP",
                D(2016, 5, 1),
                D(2017, 6, 30),
                "salary47/2017/NĐ-CP",
                "1.210.000",
                "",
            ),
            (
                "47/2017/NĐ-CP",
                D(2017, 7, 1),
                D(2018, 6, 30),
                "salary72/2018/NĐ-CP",
                "1.300.000",
                "",
            ),
            (
                "72/2018/NĐ-CP",
                D(2018, 7, 1),
                D(2019, 6, 30),
                "salary38/2019/NĐ-CP",
                "1.390.000",
                "",
            ),
            (
                "38/2019/NĐ-CP",
                D(2019, 7, 1),
                D(2023, 6, 30),
                "salary24/2023/NĐ-CP",
                "1.490.000",
                "",
            ),
            (
                "24/2023/NĐ-CP",
                D(2023, 7, 1),
                D(2024, 6, 30),
                "salary73/2024/NĐ-CP",
                "1.800.000",
                "",
            ),
            (
                "73/2024/NĐ-CP",
                D(2024, 7, 1),
                D(2026, 6, 30),
                "salary161/2026/NĐ-CP",
                "2.340.000",
                "",
            ),
            (
                "161/2026/NĐ-CP",
                D(2026, 7, 1),
                None,
                None,
                "2.530.000",
                " Chưa đối chiếu được toàn văn nghị định.",
            ),
        )
    ],
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
    if number:
        # A library loaded before the number was known holds it under its title alone.
        return rows.filter(number=number).first() or rows.filter(number="", title=title).first()
    return rows.filter(title=title).first()


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
