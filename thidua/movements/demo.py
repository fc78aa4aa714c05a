"""The demo's 2021 movement: the seed plan 114/KH-VP as written, launched on 03/02/2021, with
registrations, the leadership–trade union covenant, and a thematic campaign. Idempotent."""

import datetime as dt
from decimal import Decimal

from thidua.org.models import Person, Unit

from . import demo_plan_2021 as plan
from . import services
from .models import Covenant, Movement, MovementStatus, Section

YEAR = 2021
AGENCY_CODE = "VP-DT"

# Registered titles for the demo: most register LĐTT, a few aim for CSTĐCS.
CSTDCS_REGISTRANTS = {"CB002", "CB004", "CB005", "CB009", "CB012", "CB016", "CB021", "CB027"}
UNREGISTERED = {"CB039", "CB040"}  # the secretariat's follow-up list
COLLECTIVE_REGISTRATIONS = {
    "CTQH": "TTLDXS",
    "CTHDND": "TTLDXS",
    "TTDN": "TTLDTT",
    "HCTCQT": "TTLDXS",
}


def load_demo_movement() -> Movement:
    agency = Unit.objects.get(code=AGENCY_CODE)
    movement = Movement.objects.filter(agency=agency, year=YEAR, kind="regular").first()
    if movement is None:
        movement = services.movement_create(
            actor=None,
            agency=agency,
            year=YEAR,
            kind="regular",
            title="Phát động phong trào thi đua năm 2021",
            governing_body="ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP",
            issuing_body="VĂN PHÒNG",
            issuer_code="VP",
            place="Đồng Tháp",
            issued_on=dt.date(2021, 2, 3),
            preamble="\n\n".join(plan.PREAMBLE),
            theme=plan.THEME,
            slogan=plan.SLOGAN,
            closing="\n\n".join(plan.CLOSING),
            registration_deadline=dt.date(2021, 2, 28),
            signer_position="CHÁNH VĂN PHÒNG",
            signer_name="Mai Ngọc Dinh",
            items={
                Section.PURPOSE: plan.PURPOSES,
                Section.REQUIREMENT: plan.REQUIREMENTS,
                Section.CONTENT: plan.CONTENTS,
                Section.PHASES_INTRO: plan.PHASES_INTRO,
                Section.TARGET_COLLECTIVE: plan.TARGETS_COLLECTIVE,
                Section.TARGET_INDIVIDUAL: plan.TARGETS_INDIVIDUAL,
                Section.ORGANISATION: plan.ORGANISATION,
                Section.RECIPIENT: plan.RECIPIENTS,
            },
        )
        (name1, text1), (name2, text2) = plan.PHASES
        services.phases_set(
            actor=None,
            movement=movement,
            phases=[
                {
                    "name": name1,
                    "starts_on": dt.date(2021, 1, 1),
                    "ends_on": dt.date(2021, 6, 30),
                    "description": text1,
                },
                {
                    "name": name2,
                    "starts_on": dt.date(2021, 7, 1),
                    "ends_on": dt.date(2021, 12, 31),
                    "description": text2,
                },
            ],
        )
        # The plan's four measurable targets, exactly as written in II.4.
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
                    "subject": "collective",
                    "title_code": "TTLDXS",
                    "percent": Decimal(50),
                    "base": "all_divisions",
                    "strength": "aim",
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
    if movement.status == MovementStatus.DRAFT:
        movement = services.movement_transition(
            actor=None,
            movement=movement,
            action="launch",
            number=114,
            reason="Ban hành tại Hội nghị cán bộ, công chức",
        )
    _registrations(movement, agency)
    _covenant(movement, agency)
    return movement


def _registrations(movement, agency):
    on_date = dt.date(2021, 2, 20)
    if movement.registrations.exists():
        return
    people = Person.objects.filter(agency=agency, is_active=True).exclude(
        staff_code__in=UNREGISTERED
    )
    for person in people.order_by("staff_code"):
        title = "CSTDCS" if person.staff_code in CSTDCS_REGISTRANTS else "LDTT"
        services.registration_set(
            actor=None, movement=movement, person=person, title_code=title, on_date=on_date
        )
    for code, title in COLLECTIVE_REGISTRATIONS.items():
        services.registration_set(
            actor=None,
            movement=movement,
            unit=Unit.objects.get(code=code),
            title_code=title,
            on_date=on_date,
        )


def _covenant(movement, agency):
    if Covenant.objects.filter(agency=agency, movement=movement).exists():
        return
    services.covenant_save(
        actor=None,
        agency=agency,
        movement=movement,
        title="Giao ước thi đua giữa Chính quyền và Công đoàn năm 2021",
        signed_on=dt.date(2021, 1, 22),
        place="Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
        parties=[
            {
                "name": "Lãnh đạo Văn phòng",
                "representative_name": "Nguyễn Văn Hùng",
                "representative_position": "Chánh Văn phòng",
            },
            {
                "name": "Ban Chấp hành Công đoàn cơ quan",
                "representative_name": "Huỳnh Thị Kim Oanh",
                "representative_position": "Chủ tịch Công đoàn",
            },
        ],
        items=[
            "Thực hiện tốt quy chế dân chủ ở cơ quan; công khai các chế độ, chính sách liên "
            "quan đến cán bộ, công chức, người lao động.",
            "Phấn đấu 100% cán bộ, công chức, người lao động hoàn thành nhiệm vụ; ít nhất 95% "
            "đạt danh hiệu Lao động tiên tiến.",
            "Chăm lo đời sống vật chất, tinh thần; tổ chức các hoạt động văn hoá, thể thao "
            "chào mừng các ngày lễ lớn.",
            "Không có cán bộ, công chức, người lao động vi phạm pháp luật, bị kỷ luật.",
        ],
    )
