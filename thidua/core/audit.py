"""Writing and verifying the hash-chained audit log.

`audit_record` must be called inside the service's transaction, after the change, so the change
and its audit row commit or roll back together.
"""

import datetime as dt
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from .models import AuditChainHead, AuditEvent

GENESIS_HASH = "0" * 64


def _json_default(value):
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return str(value)


def to_jsonable(data):
    """Round-trip through JSON so what is hashed is exactly what the database stores."""
    if data is None:
        return None
    return json.loads(json.dumps(data, default=_json_default, ensure_ascii=False))


# The columns covered by a row's hash, in the order verify_chain reads them.
HASHED_FIELDS = (
    "seq",
    "created_at",
    "actor_id",
    "actor_repr",
    "action",
    "object_type",
    "object_id",
    "object_repr",
    "before",
    "after",
    "reason",
)
# Hashed too, but only when set: rows written before events carried their unit keep their hash.
OPTIONAL_HASHED_FIELDS = ("unit_id",)


def compute_hash(prev_hash: str, fields: dict) -> str:
    """SHA-256 of the previous hash and the canonical JSON of the row's hashed fields."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
    for name in OPTIONAL_HASHED_FIELDS:
        if fields.get(name) is not None:
            payload[name] = fields[name]
    payload["created_at"] = (
        payload["created_at"].astimezone(dt.UTC).isoformat(timespec="microseconds")
    )
    canonical = json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256((prev_hash + canonical).encode("utf-8")).hexdigest()


def audit_record(
    *,
    actor,
    action: str,
    obj=None,
    object_type: str = "",
    object_id: str = "",
    object_repr: str = "",
    before=None,
    after=None,
    reason: str = "",
    unit=None,
) -> AuditEvent:
    """Append one row to the audit chain. Call inside the service's atomic block.

    The event carries the agency (or the province) it belongs to, which decides who may read
    it (`thidua.core.selectors.visible_audit_events`): `unit` when given, else the one
    `event_unit` finds from `obj`."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
    if unit is None and obj is not None:
        unit = event_unit(obj)
    head, _ = AuditChainHead.objects.get_or_create(id=1)
    head = AuditChainHead.objects.select_for_update().get(id=1)
    seq = head.last_seq + 1
    # Microsecond precision is what both SQLite and PostgreSQL store.
    created_at = timezone.now()
    actor_id = actor.pk if actor is not None and actor.pk else None
    actor_repr = (actor.get_full_name() or actor.get_username()) if actor_id else "hệ thống"
    before, after = to_jsonable(before), to_jsonable(after)
    fields = {
        "seq": seq,
        "created_at": created_at,
        "actor_id": actor_id,
        "actor_repr": actor_repr,
        "action": action,
        "object_type": object_type,
        "object_id": str(object_id),
        "object_repr": object_repr[:300],
        "before": before,
        "after": after,
        "reason": reason,
        "unit_id": unit.pk if unit is not None else None,
    }
    digest = compute_hash(head.last_hash, fields)
    event = AuditEvent.objects.create(**fields, prev_hash=head.last_hash, hash=digest)
    head.last_seq, head.last_hash = seq, digest
    head.save(update_fields=["last_seq", "last_hash"])
    return event


# Where to look for the unit of an object, in order: a direct unit first, then the object the
# row belongs to (a ballot's session, a score's cluster year...).
_UNIT_FIELDS = ("agency", "division", "unit", "issuer", "province", "person")
_PARENT_FIELDS = (
    "session",
    "council",
    "movement",
    "proposal",
    "review",
    "dossier",
    "initiative",
    "decision",
    "ballot",
    "cluster_year",
    "cluster",
    "covenant",
    "item",
    "user",
)


def _agency_of(unit):
    """The agency of a unit (itself for an agency), or the unit itself above agencies."""
    agency = unit.agency()
    return agency if agency is not None else unit


def event_unit(obj, _depth: int = 0):
    """The agency (or, for province-wide objects, the province) an audited object belongs to;
    None for objects of no unit (the national legal parameter table)."""
    from thidua.accounts.models import User
    from thidua.org.models import Person, Unit

    if obj is None or _depth > 4:
        return None
    if isinstance(obj, Unit):
        return _agency_of(obj)
    if isinstance(obj, Person):
        return _agency_of(obj.agency) if obj.agency_id else None
    if isinstance(obj, User):
        if obj.person_id:
            return event_unit(obj.person, _depth + 1)
        assignment = obj.role_assignments.select_related("unit").order_by("id").first()
        return _agency_of(assignment.unit) if assignment else None
    for name in _UNIT_FIELDS + _PARENT_FIELDS:
        # A missing reverse one-to-one raises an AttributeError subclass: getattr's default.
        related = getattr(obj, name, None)
        if related is None or callable(related) or not hasattr(related, "_meta"):
            continue
        found = event_unit(related, _depth + 1)
        if found is not None:
            return found
    return None


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    event_id: int | None
    message: str


def verify_chain(batch_size: int = 2000) -> ChainProblem | None:
    """Walk the chain in order; return the first problem, or None when it is intact."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    queryset = AuditEvent.objects.order_by("seq").values(
        "id", *HASHED_FIELDS, *OPTIONAL_HASHED_FIELDS, "prev_hash", "hash"
    )
    for row in queryset.iterator(chunk_size=batch_size):
        pk, seq = row["id"], row["seq"]
        if seq != expected_seq:
            return ChainProblem(
                expected_seq, None, f"Thiếu dòng số {expected_seq} (dòng kế tiếp là số {seq})."
            )
        if row["prev_hash"] != prev_hash:
            return ChainProblem(seq, pk, f"Dòng số {seq} (id {pk}): mã băm trước không khớp.")
        digest = compute_hash(prev_hash, row)
        if digest != row["hash"]:
            return ChainProblem(
                seq, pk, f"Dòng số {seq} (id {pk}): nội dung đã bị sửa (mã băm không khớp)."
            )
        prev_hash = row["hash"]
        expected_seq += 1
    head = AuditChainHead.objects.filter(id=1).first()
    last_seq = expected_seq - 1
    if head is None:
        if last_seq:
            return ChainProblem(None, None, "Thiếu bản ghi đầu chuỗi nhật ký.")
        return None
    if head.last_seq != last_seq or head.last_hash != prev_hash:
        return ChainProblem(
            last_seq + 1,
            None,
            f"Chuỗi kết thúc ở dòng số {last_seq} nhưng đầu chuỗi ghi dòng số {head.last_seq}: "
            "các dòng cuối đã bị xoá hoặc sửa.",
        )
    return None
