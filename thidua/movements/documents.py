"""The movement's official documents: the plan (KH), the registration list and the covenant,
mapped onto the shared Decree 30/2020 layout of `thidua.documents`."""

from django.utils import timezone

from thidua.core.text import continue_sentence
from thidua.documents.layout import Block, OfficialDocument, Signature, Table

from .models import Covenant, Movement, Section
from .selectors import registration_completeness
from .titles import title_label


def _bullets(texts):
    return [Block("bullet", f"- {text}") for text in texts]


def plan_document(movement: Movement) -> OfficialDocument:
    """The plan in the order of the seed plan 114/KH-VP: purposes and requirements, contents
    (theme and slogan, tasks, phases, targets), organisation, recipients, signer."""
    items = {section: movement.items(section) for section in Section.values}
    blocks = [Block("paragraph", p.strip()) for p in movement.preamble.split("\n\n") if p.strip()]
    blocks += [
        Block("heading1", "I. MỤC ĐÍCH, YÊU CẦU"),
        Block("heading2", "1. Mục đích"),
        *_bullets(items[Section.PURPOSE]),
        Block("heading2", "2. Yêu cầu"),
        *_bullets(items[Section.REQUIREMENT]),
        Block("heading1", "II. NỘI DUNG"),
    ]
    number = 1
    if movement.theme or movement.slogan:
        blocks.append(Block("heading2", f"{number}. Chủ đề, khẩu hiệu thi đua"))
        if movement.theme:
            blocks.append(Block("bullet", f"- Chủ đề: {movement.theme}"))
        if movement.slogan:
            blocks.append(Block("bullet", f"- Khẩu hiệu: {movement.slogan}"))
        number += 1
    if items[Section.CONTENT]:
        blocks += [
            Block("heading2", f"{number}. Nội dung thực hiện"),
            *_bullets(items[Section.CONTENT]),
        ]
        number += 1
    phases = list(movement.phases.all())
    if phases:
        blocks.append(Block("heading2", f"{number}. Các giai đoạn thi đua"))
        blocks += [Block("paragraph", text) for text in items[Section.PHASES_INTRO]]
        for phase in phases:
            description = phase.description or (
                f"Từ ngày {phase.starts_on:%d/%m/%Y} đến ngày {phase.ends_on:%d/%m/%Y}."
            )
            blocks.append(Block("bullet", f"- {phase.name}: {description}"))
        number += 1
    collective, individual = items[Section.TARGET_COLLECTIVE], items[Section.TARGET_INDIVIDUAL]
    if collective or individual:
        blocks.append(Block("heading2", f"{number}. Các chỉ tiêu thi đua"))
        if collective:
            blocks += [Block("heading3", "a) Tập thể:"), *_bullets(collective)]
        if len(individual) == 1:
            blocks.append(Block("heading3", f"b) Cá nhân: {individual[0]}"))
        elif individual:
            blocks += [Block("heading3", "b) Cá nhân:"), *_bullets(individual)]
    organisation = items[Section.ORGANISATION]
    if organisation:
        blocks.append(Block("heading1", "III. TỔ CHỨC THỰC HIỆN"))
        blocks += [Block("paragraph", f"{i}. {text}") for i, text in enumerate(organisation, 1)]
    return OfficialDocument(
        governing_body=movement.governing_body,
        issuing_body=movement.issuing_body,
        number=str(movement.number.number) if movement.number_id else None,
        type_code="KH",
        issuer_code=movement.issuer_code,
        place=movement.place,
        date=movement.issued_on,
        type_name="KẾ HOẠCH",
        summary=movement.title,
        blocks=blocks,
        closing=[p.strip() for p in movement.closing.split("\n\n") if p.strip()],
        recipients=items[Section.RECIPIENT],
        authority=movement.signer_authority or None,
        signer_position=movement.signer_position,
        signer_name=movement.signer_name,
        draft=movement.status == "draft",
        author=movement.agency.name,
    )


def registration_rows(movement: Movement) -> tuple[list[list[str]], list[list[str]]]:
    """(collective rows, individual rows) for the registration list."""
    rows = registration_completeness(movement)
    collectives, individuals = [], []
    for row in rows:
        if row.unit.is_collective:
            registration = row.collective_registration
            collectives.append(
                [
                    str(len(collectives) + 1),
                    row.unit.name,
                    title_label(registration.title_code) if registration else "Chưa đăng ký",
                ]
            )
        current = {
            r.person_id: r
            for r in movement.registrations.filter(
                superseded_at__isnull=True, person__in=row.members
            )
        }
        for person in row.members:
            registration = current.get(person.pk)
            individuals.append(
                [
                    str(len(individuals) + 1),
                    person.full_name,
                    row.unit.name,
                    title_label(registration.title_code) if registration else "Chưa đăng ký",
                ]
            )
    return collectives, individuals


def registration_document(movement: Movement) -> OfficialDocument:
    collectives, individuals = registration_rows(movement)
    blocks = [
        Block(
            "paragraph",
            f"Thực hiện {continue_sentence(movement.title)} "
            f"(Kế hoạch số {movement.number_code or '…'}), các tập thể và cá nhân "
            "đã đăng ký danh hiệu thi đua như sau:",
        ),
        Block("heading2", "1. Tập thể"),
        Block(
            "table", table=Table("Tập thể", ["STT", "Tập thể", "Danh hiệu đăng ký"], collectives)
        ),
        Block("heading2", "2. Cá nhân"),
        Block(
            "table",
            table=Table(
                "Cá nhân", ["STT", "Họ và tên", "Đơn vị", "Danh hiệu đăng ký"], individuals
            ),
        ),
    ]
    return OfficialDocument(
        governing_body=movement.governing_body,
        issuing_body=movement.issuing_body,
        number=None,
        type_code="BC",
        issuer_code=movement.issuer_code,
        place=movement.place,
        date=timezone.localdate(),
        type_name="BÁO CÁO",
        summary=f"Danh sách đăng ký thi đua năm {movement.year}",
        blocks=blocks,
        recipients=["Hội đồng Thi đua - Khen thưởng", "Lưu: VT, HC-TC-QT."],
        signer_position=movement.signer_position,
        signer_name=movement.signer_name,
        authority=movement.signer_authority or None,
        draft=True,
    )


def covenant_document(covenant: Covenant) -> OfficialDocument:
    movement = covenant.movement
    parties = list(covenant.parties.all())
    blocks = [
        Block(
            "paragraph",
            "Hôm nay, "
            + (
                f"ngày {covenant.signed_on:%d/%m/%Y}"
                if covenant.signed_on
                else "ngày … tháng … năm …"
            )
            + (f", tại {covenant.place}" if covenant.place else "")
            + ", chúng tôi gồm:",
        )
    ]
    for index, party in enumerate(parties, start=1):
        representative = ", ".join(
            x for x in (party.representative_name, party.representative_position) if x
        )
        blocks.append(
            Block(
                "paragraph",
                f"{index}. {party.name}"
                + (f", đại diện: {representative}" if representative else "")
                + ".",
            )
        )
    blocks.append(
        Block("paragraph", "Cùng thống nhất ký kết giao ước thi đua với các nội dung sau:")
    )
    blocks += [
        Block("paragraph", f"{i}. {item.text}")
        for i, item in enumerate(covenant.items.all(), start=1)
    ]
    blocks.append(
        Block(
            "paragraph",
            "Các bên cam kết thực hiện nghiêm túc các nội dung giao ước "
            "trên; kết quả thực hiện là căn cứ bình xét thi đua cuối năm.",
        )
    )
    agency = covenant.agency
    # Every party signs, side by side (left to right in the order they are listed).
    signatures = [
        Signature(
            authority=f"ĐẠI DIỆN {party.name}",
            position=party.representative_position,
            name=party.representative_name,
        )
        for party in parties
    ]
    return OfficialDocument(
        governing_body=movement.governing_body if movement else "",
        issuing_body=movement.issuing_body if movement else agency.name.upper(),
        number=None,
        numbered=False,
        type_code="KH",
        issuer_code=movement.issuer_code if movement else agency.code,
        place=movement.place if movement else "",
        date=covenant.signed_on,
        type_name="GIAO ƯỚC THI ĐUA",
        summary=covenant.title,
        blocks=blocks,
        signer_position=parties[0].representative_position.upper() if parties else "",
        signer_name=parties[0].representative_name if parties else "",
        signatures=signatures if len(signatures) > 1 else (),
        # A covenant is a paper the parties sign, not a text sent out: no "Nơi nhận". Until
        # its date and every signer's name are known it is a draft.
        draft=covenant.signed_on is None or any(not p.representative_name for p in parties),
        author=agency.name,
    )
