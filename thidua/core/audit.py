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


def compute_hash(prev_hash: str, fields: dict) -> str:
    """SHA-256 of the previous hash and the canonical JSON of the row's hashed fields."""
    payload = {name: fields[name] for name in HASHED_FIELDS}
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
) -> AuditEvent:
    """Append one row to the audit chain. Call inside the service's atomic block."""
    if not transaction.get_connection().in_atomic_block:
        raise RuntimeError("audit_record must run inside the service's transaction")
    if obj is not None:
        object_type = object_type or obj._meta.label_lower
        object_id = object_id or str(obj.pk)
        object_repr = object_repr or str(obj)
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
    }
    digest = compute_hash(head.last_hash, fields)
    event = AuditEvent.objects.create(**fields, prev_hash=head.last_hash, hash=digest)
    head.last_seq, head.last_hash = seq, digest
    head.save(update_fields=["last_seq", "last_hash"])
    return event


@dataclass(frozen=True)
class ChainProblem:
    seq: int | None
    event_id: int | None
    message: str


def verify_chain(batch_size: int = 2000) -> ChainProblem | None:
    """Walk the chain in order; return the first problem, or None when it is intact."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    queryset = AuditEvent.objects.order_by("seq").values("id", *HASHED_FIELDS, "prev_hash", "hash")
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
