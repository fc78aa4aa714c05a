"""Issuing numbers from the register. The unique constraint is the last word on duplicates;
the row lock on the issuer orders concurrent requests so the next number is computed safely."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max

from thidua.accounts.access import ensure_role
from thidua.accounts.models import Role
from thidua.core.audit import audit_record
from thidua.org.models import Unit

from .models import RegisteredNumber

NUMBER_KEEPERS = (Role.SECRETARIAT, Role.HEAD, Role.ADMIN)


@transaction.atomic
def number_issue(
    *,
    actor,
    issuer: Unit,
    doc_type: str,
    issued_on: dt.date,
    summary: str,
    issuer_code: str,
    series: str = "",
    number: int | None = None,
    obj=None,
) -> RegisteredNumber:
    """Take the next number of the series (or record a given `number`, e.g. a paper-era one).

    Raises ValidationError, naming the code, when that number was already issued.
    """
    ensure_role(actor, NUMBER_KEEPERS, issuer)
    Unit.objects.select_for_update().get(pk=issuer.pk)
    year = issued_on.year
    taken = RegisteredNumber.objects.filter(
        issuer=issuer, series=series, doc_type=doc_type, year=year
    )
    if number is None:
        number = (taken.aggregate(m=Max("number"))["m"] or 0) + 1
    elif taken.filter(number=number).exists():
        raise ValidationError(
            {"number": f"Số {number:02d}/{doc_type}-{issuer_code} năm {year} đã được cấp."}
        )
    try:
        with transaction.atomic():
            registered = RegisteredNumber.objects.create(
                issuer=issuer,
                series=series,
                doc_type=doc_type,
                year=year,
                number=number,
                issuer_code=issuer_code,
                issued_on=issued_on,
                summary=summary[:300],
                object_type=obj._meta.label_lower if obj is not None else "",
                object_id=str(obj.pk) if obj is not None else "",
                created_by=actor if getattr(actor, "pk", None) else None,
            )
    except IntegrityError as error:
        raise ValidationError(
            {"number": f"Số {number:02d}/{doc_type}-{issuer_code} năm {year} đã được cấp."}
        ) from error
    audit_record(
        actor=actor,
        action="number.issue",
        obj=registered,
        after={
            "code": registered.code,
            "year": year,
            "series": series,
            "summary": registered.summary,
        },
    )
    return registered
