"""Writes of the reports app: the narrative of a report, and its issue with a BC number."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.core.audit import audit_record
from thidua.decisions.services import number_issue
from thidua.movements.models import Movement

from .access import ensure_report_writer
from .documents import missing_sections, summary_line
from .models import Report, ReportKind

NARRATIVE_FIELDS = ("assessment", "covenant_results", "limitations", "directions")


def _check_kind(kind: str) -> None:
    if kind not in ReportKind.values:
        raise ValidationError({"kind": f"Loại báo cáo “{kind}” không hợp lệ."})


@transaction.atomic
def report_save(*, actor, movement: Movement, kind: str, **narrative: str) -> Report:
    """Store the secretariat's paragraphs. Refused once the report has been issued."""
    _check_kind(kind)
    if actor is not None:
        ensure_report_writer(actor, movement.agency)
    unknown = set(narrative) - set(NARRATIVE_FIELDS)
    if unknown:
        raise ValidationError(f"Trường không hợp lệ: {', '.join(sorted(unknown))}.")
    report, _created = Report.objects.select_for_update().get_or_create(
        movement=movement, kind=kind
    )
    if report.is_issued:
        raise ValidationError(
            f"Báo cáo đã ban hành (số {report.number.code}); không sửa được nội dung."
        )
    before = {name: getattr(report, name) for name in NARRATIVE_FIELDS}
    for name, value in narrative.items():
        setattr(report, name, (value or "").strip().replace("\r\n", "\n"))
    report.updated_by = actor if getattr(actor, "pk", None) else None
    report.save()
    audit_record(
        actor=actor,
        action="report.save",
        obj=report,
        before=before,
        after={name: getattr(report, name) for name in NARRATIVE_FIELDS},
    )
    return report


@transaction.atomic
def report_issue(*, actor, movement: Movement, kind: str, issued_on: dt.date | None = None):
    """Ban hành: take the next BC number of the agency's register and freeze the text."""
    _check_kind(kind)
    if actor is not None:
        ensure_report_writer(actor, movement.agency)
    report, _created = Report.objects.select_for_update().get_or_create(
        movement=movement, kind=kind
    )
    if report.is_issued:
        raise ValidationError(f"Báo cáo đã được ban hành với số {report.number.code}.")
    missing = missing_sections(report, has_covenants=movement.covenants.exists())
    if missing:
        raise ValidationError(
            "Chưa ban hành được: báo cáo còn thiếu nội dung các mục " + "; ".join(missing) + "."
        )
    issued_on = issued_on or timezone.localdate()
    report.number = number_issue(
        actor=actor,
        issuer=movement.agency,
        doc_type="BC",
        issued_on=issued_on,
        summary=summary_line(movement, kind),
        issuer_code=movement.issuer_code,
        obj=report,
    )
    report.issued_on = issued_on
    report.issued_by = actor if getattr(actor, "pk", None) else None
    report.save(update_fields=["number", "issued_on", "issued_by", "updated_at"])
    audit_record(
        actor=actor,
        action="report.issue",
        obj=report,
        after={"number": report.number.code, "issued_on": issued_on.isoformat()},
    )
    return report
