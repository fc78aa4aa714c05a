"""Builders for movement tests: a launched plan with phases, targets and a signed covenant."""

import datetime as dt
from decimal import Decimal

from django.core.files.base import ContentFile

from thidua.movements import services
from thidua.movements.models import Section

YEAR = dt.date.today().year


def draft_movement(agency, year=YEAR, **overrides):
    fields = {
        "kind": "regular",
        "title": f"Phát động phong trào thi đua năm {year}",
        "governing_body": "ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP",
        "issuing_body": "VĂN PHÒNG",
        "issuer_code": "VP",
        "place": "Đồng Tháp",
        "signer_position": "CHÁNH VĂN PHÒNG",
        "signer_name": "Nguyễn Văn Hùng",
        "theme": "Dân chủ - Kỷ cương - Đoàn kết",
        "items": {
            Section.PURPOSE: ["Đẩy mạnh các phong trào thi đua."],
            Section.RECIPIENT: ["Lãnh đạo Văn phòng", "Lưu: VT."],
        },
    }
    fields.update(overrides)
    movement = services.movement_create(actor=None, agency=agency, year=year, **fields)
    services.phases_set(
        actor=None,
        movement=movement,
        phases=[
            {
                "name": "Giai đoạn 1",
                "starts_on": dt.date(year, 1, 1),
                "ends_on": dt.date(year, 6, 30),
                "description": "",
            },
            {
                "name": "Giai đoạn 2",
                "starts_on": dt.date(year, 7, 1),
                "ends_on": dt.date(year, 12, 31),
                "description": "",
            },
        ],
    )
    services.targets_set(
        actor=None,
        movement=movement,
        targets=[
            {
                "subject": "collective",
                "title_code": "TTLDTT",
                "percent": Decimal(100),
                "base": "all_divisions",
                "strength": "must",
                "phase": None,
            },
            {
                "subject": "individual",
                "title_code": "LDTT",
                "percent": Decimal(95),
                "base": "participants",
                "strength": "must",
                "phase": None,
            },
            {
                "subject": "individual",
                "title_code": "CSTDCS",
                "percent": Decimal(15),
                "base": "ldtt_individuals",
                "strength": "aim",
                "phase": None,
            },
        ],
    )
    return movement


def launched_movement(agency, year=YEAR):
    movement = draft_movement(agency, year)
    movement = services.movement_transition(actor=None, movement=movement, action="launch")
    covenant = services.covenant_save(
        actor=None,
        agency=agency,
        movement=movement,
        title=f"Giao ước thi đua năm {year}",
        signed_on=dt.date(year, 1, 20),
        place="Hội trường",
        parties=[
            {
                "name": "Lãnh đạo Văn phòng",
                "representative_name": "Nguyễn Văn Hùng",
                "representative_position": "Chánh Văn phòng",
            },
            {
                "name": "Công đoàn cơ quan",
                "representative_name": "Huỳnh Thị Kim Oanh",
                "representative_position": "Chủ tịch Công đoàn",
            },
        ],
        items=["Hoàn thành tốt nhiệm vụ được giao."],
    )
    services.covenant_sign(
        actor=None,
        covenant=covenant,
        scan_name="ban-ky.pdf",
        scan_file=ContentFile(b"%PDF-1.4\n%test\n"),
    )
    return movement, covenant
