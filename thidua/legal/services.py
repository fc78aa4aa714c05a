"""Writes of the legal parameter table: adding a row and withdrawing a mistaken one, each with
its audit event, by an administrator only."""

from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from thidua.accounts.access import has_role
from thidua.accounts.models import Role
from thidua.core.audit import audit_record
from thidua.rules.codes import TITLES
from thidua.rules.params import REGIMES

from .models import LegalParameter, ParameterKind

EDITORS = (Role.ADMIN,)


def can_edit(user) -> bool:
    return bool(user and user.is_authenticated and has_role(user, EDITORS))


def _snapshot(row: LegalParameter) -> dict:
    return {
        "kind": row.kind,
        "key": row.key,
        "value": None if row.value is None else str(row.value),
        "effective_from": row.effective_from,
        "source": row.source,
        "note": row.note,
    }


_KEYLESS = (
    ParameterKind.BASE_SALARY,
    ParameterKind.ROUNDING_STEP,
    ParameterKind.SAME_PERIOD_HIGHEST_ONLY,
)


_PER_REGIME = (
    ParameterKind.REGIME_FROM_YEAR,
    ParameterKind.CSTDCS_CAP_PERCENT,
    ParameterKind.CAP_ROUNDING,
)


def _validate(kind: str, key: str, value: Decimal | None) -> None:
    errors = {}
    if value is None and kind != ParameterKind.CSTDCS_CAP_PERCENT:
        raise ValidationError({"value": "Ghi giá trị của tham số."})
    if kind == ParameterKind.COEFFICIENT and key not in TITLES:
        errors["key"] = f"Hệ số phải gắn với một mã danh hiệu, hình thức ({', '.join(TITLES)})."
    elif kind in _PER_REGIME and key not in REGIMES:
        errors["key"] = f"Chế độ phải là một trong: {', '.join(REGIMES)}."
    elif kind in _KEYLESS and key:
        errors["key"] = "Loại tham số này không gắn với danh hiệu hay chế độ; để trống."
    if kind in (ParameterKind.BASE_SALARY, ParameterKind.ROUNDING_STEP) and (
        value <= 0 or value != value.to_integral_value()
    ):
        errors["value"] = "Phải là số nguyên dương (đồng)."
    if kind == ParameterKind.SAME_PERIOD_HIGHEST_ONLY and value not in (0, 1):
        errors["value"] = "Ghi 1 (chỉ thưởng danh hiệu cao nhất) hoặc 0 (thưởng từng danh hiệu)."
    if kind == ParameterKind.CSTDCS_CAP_PERCENT and value is not None and not 0 <= value <= 100:
        errors["value"] = "Phải là tỷ lệ từ 0 đến 100 (%), hoặc để trống nếu không giới hạn."
    if kind == ParameterKind.CAP_ROUNDING and value not in (0, 1, 2):
        errors["value"] = "Ghi 0 (làm tròn xuống), 1 (làm tròn lên) hoặc 2 (đến số gần nhất)."
    if kind == ParameterKind.REGIME_FROM_YEAR and (
        value != value.to_integral_value() or not 1990 <= value <= 2100
    ):
        errors["value"] = "Phải là một năm từ 1990 đến 2100."
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def parameter_add(
    *,
    actor,
    kind: str,
    key: str = "",
    value: Decimal | None,
    effective_from,
    source: str,
    note: str = "",
) -> LegalParameter:
    """Add a row in force from ``effective_from``; the rows before it stay as they were."""
    if not can_edit(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được nhập tham số pháp lý.")
    key = (key or "").strip()
    source = (source or "").strip()
    if not source:
        raise ValidationError({"source": "Ghi số, ký hiệu văn bản và điều, khoản quy định."})
    _validate(kind, key, value)
    if LegalParameter.objects.filter(
        kind=kind, key=key, effective_from=effective_from, withdrawn_at__isnull=True
    ).exists():
        raise ValidationError(
            {
                "effective_from": "Đã có tham số cùng loại hiệu lực từ ngày này; thu hồi dòng cũ trước."
            }
        )
    row = LegalParameter.objects.create(
        kind=kind,
        key=key,
        value=value,
        effective_from=effective_from,
        source=source,
        note=note.strip(),
        entered_by=actor,
    )
    audit_record(actor=actor, action="legal_parameter.add", obj=row, after=_snapshot(row))
    return row


@transaction.atomic
def parameter_withdraw(*, actor, row: LegalParameter, reason: str) -> LegalParameter:
    """Withdraw a mistaken row (it stays in the table, marked, with the reason)."""
    if not can_edit(actor):
        raise PermissionDenied("Chỉ quản trị hệ thống được thu hồi tham số pháp lý.")
    if not (reason or "").strip():
        raise ValidationError({"reason": "Ghi lý do thu hồi."})
    row = LegalParameter.objects.select_for_update().get(pk=row.pk)
    if row.withdrawn_at is not None:
        raise ValidationError("Tham số này đã được thu hồi.")
    row.withdrawn_at = timezone.now()
    row.withdrawn_reason = reason.strip()
    row.save(update_fields=["withdrawn_at", "withdrawn_reason"])
    audit_record(
        actor=actor,
        action="legal_parameter.withdraw",
        obj=row,
        before=_snapshot(row),
        reason=row.withdrawn_reason,
    )
    return row
