"""Builders for initiative tests: a council, an initiative driven to any state through the
services, a scored and closed session, a recognition decision."""

import datetime as dt
from decimal import Decimal

from thidua.initiatives import council, services
from thidua.initiatives.models import Initiative, InitiativeStatus, SessionItem

S = InitiativeStatus
YEAR = dt.date.today().year
TODAY = dt.date.today()


def content(**overrides) -> dict:
    fields = {
        "title": "Số hoá hồ sơ lưu trữ kỳ họp HĐND bằng mã QR",
        "field": "digital",
        "problem": "Tra cứu hồ sơ kỳ họp giấy mất nhiều thời gian.",
        "solution": "Gắn mã QR cho từng hộp hồ sơ, liên kết tới bản số hoá.",
        "novelty": "Lần đầu áp dụng mã QR cho lưu trữ tại Văn phòng.",
        "applied_where": "Phòng Hành chính, Tổ chức, Quản trị",
        "applied_since": min(dt.date(YEAR, 1, 2), TODAY),
        "application_kind": "applied",
        "effect": "Thời gian tra cứu giảm từ 30 phút xuống 2 phút.",
    }
    fields.update(overrides)
    return fields


def make_council(office, **overrides):
    fields = {"issuing_body": "Văn phòng Đoàn ĐBQH và HĐND", "chair_name": "Nguyễn Văn Hùng"}
    fields.update(overrides)
    return council.council_save(actor=None, agency=office["VP"], year=YEAR, **fields)


def draft(people, user=None, authors=None, **overrides) -> Initiative:
    authors = authors or [(people["staff"], Decimal(100))]
    return services.initiative_save(
        actor=user,
        agency=people["staff"].agency,
        year=YEAR,
        authors=authors,
        **content(**overrides),
    )


def submitted(people, **overrides) -> Initiative:
    initiative = draft(people, **overrides)
    return services.initiative_transition(actor=None, initiative=initiative, action="submit")


def reviewed(office, people, **overrides):
    """An initiative under review on an open session; returns (initiative, item)."""
    initiative = submitted(people, **overrides)
    the_council = council.council_save(
        actor=None,
        agency=office["VP"],
        year=YEAR,
        issuing_body="Văn phòng Đoàn ĐBQH và HĐND",
        chair_name="Nguyễn Văn Hùng",
    )
    session = council.session_open(
        actor=None, council=the_council, held_on=TODAY, initiatives=[initiative]
    )
    item = SessionItem.objects.get(session=session, initiative=initiative)
    initiative.refresh_from_db()
    return initiative, item


def score(item, user, total_points=(30, 25, 30, 15), recognise=True):
    codes = ("novelty", "applicability", "effect", "scope")
    return council.score_record(
        actor=user,
        item=item,
        points={c: Decimal(p) for c, p in zip(codes, total_points, strict=True)},
        recognise=recognise,
    )


def closed(office, people, users, points=(25, 20, 20, 10), recognise=True, **overrides):
    initiative, item = reviewed(office, people, **overrides)
    score(item, users["initiative_member"], points, recognise)
    council.session_close(actor=None, session=item.session)
    item.refresh_from_db()
    initiative.refresh_from_db()
    return initiative, item


def recognised(office, people, users, issued_on=TODAY, **overrides):
    initiative, item = closed(office, people, users, **overrides)
    decision = council.recognition_decide(
        actor=users["head"], session=item.session, initiatives=[initiative], issued_on=issued_on
    )
    initiative.refresh_from_db()
    return initiative, decision


def initiative_in(state, office, people, users) -> Initiative:
    """An initiative in `state`, reached through the services."""
    if state == S.DRAFT:
        return draft(people)
    if state == S.SUBMITTED:
        return submitted(people)
    if state in (S.RETURNED, S.RESUBMITTED):
        initiative = services.initiative_transition(
            actor=None, initiative=submitted(people), action="return", reason="Thiếu số liệu"
        )
        if state == S.RESUBMITTED:
            initiative = services.initiative_transition(
                actor=None, initiative=initiative, action="resubmit"
            )
        return initiative
    if state == S.WITHDRAWN:
        return services.initiative_transition(
            actor=None, initiative=draft(people), action="withdraw"
        )
    if state == S.UNDER_REVIEW:
        return closed(office, people, users)[0]
    if state == S.RECOGNISED:
        return recognised(office, people, users)[0]
    if state == S.NOT_RECOGNISED:
        initiative, _item = closed(office, people, users)
        return services.initiative_transition(
            actor=None, initiative=initiative, action="reject", reason="Chưa có hiệu quả"
        )
    raise ValueError(state)


def matrix_objects(office, people, users) -> dict:
    """Objects for the permission matrix: a recognised initiative of Đặng Quốc Bảo (staff) with
    one evidence file, its closed session and decision, and an exemplar."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    initiative = draft(people, users["staff"])
    pdf = (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
        b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
        b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )
    evidence = services.evidence_add(
        actor=users["staff"],
        initiative=initiative,
        upload=SimpleUploadedFile("minh-chung.pdf", pdf),
    )
    services.initiative_transition(actor=users["staff"], initiative=initiative, action="submit")
    the_council = make_council(office)
    session = council.session_open(
        actor=None, council=the_council, held_on=TODAY, initiatives=[initiative]
    )
    item = SessionItem.objects.get(session=session)
    score(item, users["initiative_member"])
    council.session_close(actor=None, session=session)
    decision = council.recognition_decide(
        actor=users["head"], session=session, initiatives=[initiative], issued_on=TODAY
    )
    exemplar = services.exemplar_publish(
        actor=None,
        agency=office["VP"],
        unit=office["ND"],
        year=YEAR,
        title="Phòng Công tác HĐND: tham mưu kỳ họp chuyên nghiệp",
        write_up="Tập thể phòng tham mưu 4 kỳ họp đúng tiến độ.",
    )
    return {
        "INITIATIVE": initiative.pk,
        "EVIDENCE": evidence.pk,
        "SESSION": session.pk,
        "ITEM": item.pk,
        "DECISION": decision.pk,
        "EXEMPLAR": exemplar.pk,
    }
