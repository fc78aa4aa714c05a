"""The rules engine's verdicts for one agency and year, evaluated once per request through
`office_eligibility` (as the eligibility pages do), then restricted to what the user may see."""

from django.core.exceptions import PermissionDenied
from django.http import Http404
from ninja import Path, Query, Router

from thidua.eligibility import selectors
from thidua.org.models import Person

from ..schemas import (
    Code,
    EligibilityOfficeOut,
    EligibilityPersonOut,
    EligibilityPersonPage,
    PageParams,
    Year,
)
from .common import paginate, responses

router = Router(tags=["Xét danh hiệu"])


class AgencyParam(PageParams):
    agency: Code | None = None


def _agency(user, code: str | None):
    agencies = selectors.reader_agencies(user)
    if not agencies:
        raise PermissionDenied
    if code is None:
        return agencies[0]
    for agency in agencies:
        if agency.code == code:
            return agency
    raise PermissionDenied


def person_row_out(row) -> dict:
    return {
        "code": row.code,
        "name": row.name,
        "unit": row.unit.code if row.unit else None,
        "registered": row.registered,
        "titles": row.titles,
        "upward": row.upward,
        "flags": row.flags,
        "reward": row.reward,
    }


@router.get(
    "eligibility/{year}",
    response=responses(200, EligibilityOfficeOut),
    url_name="eligibility",
    summary="Xét danh hiệu: tập thể và hạn mức",
)
def office(request, year: Path[Year], agency: Query[AgencyParam]):
    """Kết quả xét danh hiệu tập thể của năm và hạn mức CSTĐCS (lãnh đạo, Thường trực, quản
    trị: cả cơ quan; trưởng phòng: phòng mình)."""
    unit = _agency(request.user, agency.agency)
    scope = selectors.division_scope(request.user, unit)
    evaluation = selectors.office_eligibility(agency=unit, year=year).restricted_to(scope)
    return {
        "agency": unit.code,
        "year": year,
        "whole_agency": scope is None,
        "quota": evaluation.quota,
        "collectives": [
            {
                "code": row.code,
                "name": row.name,
                "member_count": row.member_count,
                "registered": row.registered,
                "titles": row.titles,
                "reward": row.reward,
            }
            for row in evaluation.collectives
        ],
    }


@router.get(
    "eligibility/{year}/people",
    response=responses(200, EligibilityPersonPage),
    url_name="eligibility_people",
    summary="Xét danh hiệu: cá nhân",
)
def people(request, year: Path[Year], params: Query[AgencyParam]):
    """Kết quả xét danh hiệu cá nhân: từng điều kiện với lý do và căn cứ pháp lý."""
    unit = _agency(request.user, params.agency)
    scope = selectors.division_scope(request.user, unit)
    evaluation = selectors.office_eligibility(agency=unit, year=year).restricted_to(scope)
    return {
        "agency": unit.code,
        "year": year,
        **paginate(evaluation.people, params, person_row_out),
    }


@router.get(
    "eligibility/{year}/people/{staff_code}",
    response=responses(200, EligibilityPersonOut),
    url_name="eligibility_person",
    summary="Xét danh hiệu: một cán bộ",
)
def person(request, year: Path[Year], staff_code: Path[Code]):
    """Kết quả xét danh hiệu của một cán bộ (bản thân; cả cơ quan với lãnh đạo, Thường trực,
    quản trị; trưởng phòng: người thuộc phòng mình trong năm đó)."""
    subject = Person.objects.select_related("agency").filter(staff_code=staff_code).first()
    if subject is None:
        raise Http404
    if not selectors.can_read_person(request.user, subject, year):
        raise PermissionDenied
    row = selectors.office_eligibility(agency=subject.agency, year=year).person(staff_code)
    if row is None:
        raise Http404
    return person_row_out(row)
