"""Helpers shared by the routers: documented error responses, pagination, object lookups."""

from django.core.exceptions import PermissionDenied
from django.http import Http404

from thidua.org.models import Person, Unit
from thidua.org.selectors import visible_people

from ..schemas import ErrorOut, ValidationErrorOut


def responses(ok_status: int, schema) -> dict:
    """The success schema and every error an operation may answer (schemathesis checks that
    no undocumented status is returned)."""
    return {
        ok_status: schema,
        401: ErrorOut,
        403: ErrorOut,
        404: ErrorOut,
        422: ValidationErrorOut,
    }


def paginate(rows, params, serialize) -> dict:
    """`rows` a queryset or list; the page's items serialised with `serialize`."""
    count = rows.count() if hasattr(rows, "count") and not isinstance(rows, list) else len(rows)
    window = rows[params.offset : params.offset + params.limit]
    return {
        "count": count,
        "limit": params.limit,
        "offset": params.offset,
        "items": [serialize(row) for row in window],
    }


def person_for(user, staff_code: str) -> Person:
    """The person if the user may read them: 404 if there is no such person, 403 if they are
    out of the user's scope (as on the person's page)."""
    person = Person.objects.select_related("agency").filter(staff_code=staff_code).first()
    if person is None:
        raise Http404
    if not visible_people(user).filter(pk=person.pk).exists():
        raise PermissionDenied
    return person


def unit_or_404(queryset, code: str) -> Unit:
    unit = queryset.filter(code=code).first()
    if unit is None:
        raise Http404
    return unit
