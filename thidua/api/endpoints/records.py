"""Yearly records: a person's year (rating with its versions, disciplines, leaves, trainings,
awards), the ratings of a year, and writes through the records services, which check the
role (secretariat or administrator of the person's agency), version corrections and audit."""

from django.db.models import Q
from ninja import Path, Query, Router, Status

from thidua.accounts.access import AGENCY_MANAGERS, scope_units, subtree_q
from thidua.accounts.models import Role
from thidua.decisions.models import Award
from thidua.org.selectors import visible_people
from thidua.records import services
from thidua.records.models import PersonRating
from thidua.records.selectors import person_year_facts, rating_history

from ..schemas import (
    Code,
    DisciplineIn,
    DisciplineOut,
    LeaveIn,
    LeaveOut,
    PageParams,
    PersonYearOut,
    RatingIn,
    RatingOut,
    RatingPage,
    Year,
)
from .common import paginate, person_for, responses
from .org import person_out

router = Router(tags=["Hồ sơ thi đua hằng năm"])


def rating_out(row: PersonRating, staff_code: str) -> dict:
    return {
        "staff_code": staff_code,
        "year": row.year,
        "rating": row.rating,
        "reason": row.reason,
        "recorded_at": row.recorded_at,
        "recorded_by": row.recorded_by.username if row.recorded_by_id else None,
        "is_current": row.superseded_at is None,
    }


def discipline_out(row) -> dict:
    return {
        "id": row.pk,
        "form": row.form,
        "decision_number": row.decision_number,
        "decided_on": row.decided_on,
        "period_start": row.period_start,
        "period_end": row.period_end,
        "note": row.note,
        "withdrawn": row.withdrawn_at is not None,
    }


def leave_out(row) -> dict:
    return {
        "id": row.pk,
        "year": row.year,
        "kind": row.kind,
        "start": row.start,
        "end": row.end,
        "note": row.note,
        "withdrawn": row.withdrawn_at is not None,
    }


def training_out(row) -> dict:
    return {
        "id": row.pk,
        "name": row.name,
        "start": row.start,
        "end": row.end,
        "result": row.result,
        "withdrawn": row.withdrawn_at is not None,
    }


def award_out(award: Award) -> dict:
    subject = award.person if award.person_id else award.unit
    return {
        "id": award.pk,
        "subject": "person" if award.person_id else "unit",
        "code": subject.staff_code if award.person_id else subject.code,
        "name": subject.full_name if award.person_id else subject.name,
        "year": award.year,
        "title_code": award.title_code,
        "decision_code": award.decision_code,
        "decided_on": award.decided_on,
        "issuer_name": award.issuer_name,
        "amount_vnd": award.amount_vnd,
        "revoked": award.revoked_at is not None,
    }


@router.get(
    "people/{staff_code}/records/{year}",
    response=responses(200, PersonYearOut),
    url_name="person_year",
    summary="Hồ sơ thi đua năm của cán bộ",
)
def person_year(request, staff_code: Path[Code], year: Path[Year]):
    """Hồ sơ thi đua của một cán bộ trong một năm (như trang hồ sơ năm của cán bộ)."""
    person = person_for(request.user, staff_code)
    facts = person_year_facts(person, year)
    current = facts["rating"]
    return {
        "person": person_out(person),
        "year": year,
        "rating": rating_out(current, staff_code) if current else None,
        "rating_history": [rating_out(r, staff_code) for r in rating_history(person, year)],
        "disciplines": [discipline_out(r) for r in facts["disciplines"]],
        "leaves": [leave_out(r) for r in facts["leaves"]],
        "trainings": [training_out(r) for r in facts["trainings"]],
        "awards": [
            award_out(a)
            for a in Award.objects.filter(person=person, year=year).select_related("person")
        ],
    }


@router.get(
    "records/{year}/ratings",
    response=responses(200, RatingPage),
    url_name="ratings",
    summary="Xếp loại của năm",
)
def ratings(request, year: Path[Year], params: Query[PageParams]):
    """Xếp loại hiện hành của năm, cho các cán bộ người dùng được xem."""
    rows = (
        PersonRating.objects.filter(
            year=year,
            superseded_at__isnull=True,
            person__in=visible_people(request.user).values("pk"),
        )
        .select_related("person", "recorded_by")
        .order_by("person__staff_code")
    )
    return paginate(rows, params, lambda r: rating_out(r, r.person.staff_code))


@router.put(
    "people/{staff_code}/records/{year}/rating",
    response=responses(200, RatingOut),
    url_name="rating_set",
    summary="Ghi hoặc sửa xếp loại",
)
def rating_set(request, staff_code: Path[Code], year: Path[Year], payload: RatingIn):
    """Ghi hoặc sửa xếp loại của năm (Thường trực Hội đồng, quản trị). Sửa một xếp loại đã có
    tạo phiên bản mới và phải có lý do; gửi lại đúng xếp loại đang có thì không đổi gì."""
    person = person_for(request.user, staff_code)
    row = services.record_rating_set(
        actor=request.user, person=person, year=year, rating=payload.rating, reason=payload.reason
    )
    return rating_out(row, staff_code)


@router.post(
    "people/{staff_code}/disciplines",
    response=responses(201, DisciplineOut),
    url_name="discipline_add",
    summary="Ghi kỷ luật",
)
def discipline_add(request, staff_code: Path[Code], payload: DisciplineIn):
    """Ghi một quyết định kỷ luật (tính vào năm của ngày quyết định)."""
    person = person_for(request.user, staff_code)
    row = services.discipline_add(actor=request.user, person=person, **payload.dict())
    return Status(201, discipline_out(row))


@router.post(
    "people/{staff_code}/records/{year}/leaves",
    response=responses(201, LeaveOut),
    url_name="leave_add",
    summary="Ghi thời gian nghỉ",
)
def leave_add(request, staff_code: Path[Code], year: Path[Year], payload: LeaveIn):
    """Ghi một thời gian nghỉ vào hồ sơ năm (thai sản, điều trị thương tích…)."""
    person = person_for(request.user, staff_code)
    row = services.leave_add(actor=request.user, person=person, year=year, **payload.dict())
    return Status(201, leave_out(row))


def visible_awards(user):
    """Awards of the people the user may read, and of the collectives in their scope."""
    condition = Q(person__in=visible_people(user).values("pk"))
    units = scope_units(user, [*AGENCY_MANAGERS, Role.DIVISION_HEAD])
    if units:
        condition |= Q(unit__isnull=False) & subtree_q(units, "unit__path")
    return Award.objects.filter(condition).select_related("person", "unit")
