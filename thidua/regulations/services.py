"""Writes of the regulations library: add a document (with or without its file) and correct it.

Each service checks who may write documents of that scope, checks the upload (type, size,
content) before anything is saved, extracts the text for search, and writes the row and its
audit event in one transaction. A file is stored under a generated name; the uploaded name is
kept only as a label. Documents are never deleted: a replaced one is marked and points to its
successor.
"""

import datetime as dt
import hashlib
import uuid

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.initiatives.search import fold_words
from thidua.initiatives.uploads import check_upload, extension_of
from thidua.org.models import Unit

from .extract import extract_text
from .models import Regulation, Scope, Status
from .selectors import can_manage

ALLOWED_EXTENSIONS = (".pdf", ".docx")
AUDITED = (
    "kind",
    "number",
    "title",
    "issuer",
    "issued_on",
    "effective_from",
    "effective_to",
    "regime",
    "status",
    "replaced_by",
    "summary",
)


def _snapshot(regulation: Regulation) -> dict:
    data = {name: getattr(regulation, name) for name in AUDITED if name != "replaced_by"}
    data["replaced_by"] = str(regulation.replaced_by) if regulation.replaced_by_id else None
    data["scope"] = regulation.scope
    data["unit"] = regulation.unit.code if regulation.unit_id else None
    if regulation.file:
        data["file"] = regulation.original_name
        data["sha256"] = regulation.sha256
    return data


def check_regulation_file(upload):
    """PDF or DOCX only, then the shared checks (size, signature, hidden content)."""
    if extension_of(upload.name) not in ALLOWED_EXTENSIONS:
        raise ValidationError({"file": _("Văn bản quy định chỉ nhận tệp PDF hoặc DOCX.")})
    return check_upload(upload)


def _validate(
    *, scope, unit, number, title, issuer, effective_from, effective_to, status, replaced_by, pk
):
    errors = {}
    if not title.strip():
        errors["title"] = _("Cần trích yếu của văn bản.")
    if not issuer.strip():
        errors["issuer"] = _("Cần cơ quan ban hành.")
    if effective_from and effective_to and effective_to < effective_from:
        errors["effective_to"] = _("Ngày hết hiệu lực phải sau ngày có hiệu lực.")
    if status == Status.REPLACED and replaced_by is None:
        errors["replaced_by"] = _("Văn bản đã được thay thế: chọn văn bản thay thế.")
    if status != Status.REPLACED and replaced_by is not None:
        errors["replaced_by"] = _("Chỉ chọn văn bản thay thế khi tình trạng là “Đã được thay thế”.")
    if replaced_by is not None and pk is not None and replaced_by.pk == pk:
        errors["replaced_by"] = _("Văn bản không thể thay thế chính nó.")
    if number.strip():
        duplicate = Regulation.objects.filter(
            scope=scope, unit=unit, number__iexact=number.strip()
        ).exclude(pk=pk)
        if duplicate.exists():
            errors["number"] = _("Đã có văn bản số %(number)s trong thư viện.") % {
                "number": number.strip()
            }
    if errors:
        raise ValidationError(errors)


def _index(regulation: Regulation) -> None:
    regulation.search_title = fold_words(f"{regulation.number} {regulation.title}")[:600]
    regulation.search_body = fold_words(
        " ".join([regulation.issuer, regulation.summary, regulation.text])
    )


def _attach(regulation: Regulation, upload, stored: list) -> None:
    """Check and store the file; its stored name goes into `stored` so the caller can remove
    it if the transaction fails (Django has no on-rollback hook)."""
    checked = check_regulation_file(upload)
    regulation.text = extract_text(checked.content, checked.extension)
    regulation.original_name = checked.original_name
    regulation.size = len(checked.content)
    regulation.sha256 = hashlib.sha256(checked.content).hexdigest()
    # A replaced file is kept in the storage (its name and SHA-256 stay in the audit log).
    storage = regulation.file.storage
    regulation.file.save(
        f"van-ban-{uuid.uuid4().hex[:16]}{checked.extension}",
        ContentFile(checked.content),
        save=False,
    )
    stored.append((storage, regulation.file.name))


def _with_file_cleanup(work):
    """Run `work(stored)` in a transaction; files it stored are deleted when it fails."""
    stored: list = []
    try:
        with transaction.atomic():
            return work(stored)
    except Exception:
        for storage, name in stored:
            storage.delete(name)
        raise


def regulation_create(
    *,
    actor,
    scope: str,
    unit: Unit | None,
    kind: str,
    title: str,
    issuer: str,
    number: str = "",
    issued_on: dt.date | None = None,
    effective_from: dt.date | None = None,
    effective_to: dt.date | None = None,
    regime: str = "",
    status: str = Status.IN_FORCE,
    replaced_by: Regulation | None = None,
    summary: str = "",
    upload=None,
    text: str = "",
) -> Regulation:
    """Add one document to the library. `upload` (PDF/DOCX) is optional: national documents
    may be listed by their metadata alone. `text` is for loaders that hold the text already."""
    if scope == Scope.NATIONAL:
        unit = None
    if actor is not None and not can_manage(actor, scope, unit):
        raise PermissionDenied(_("Bạn không có quyền thêm văn bản vào phạm vi này."))
    return _with_file_cleanup(
        lambda stored: _create(
            stored=stored,
            actor=actor,
            scope=scope,
            unit=unit,
            kind=kind,
            title=title,
            issuer=issuer,
            number=number,
            issued_on=issued_on,
            effective_from=effective_from,
            effective_to=effective_to,
            regime=regime,
            status=status,
            replaced_by=replaced_by,
            summary=summary,
            upload=upload,
            text=text,
        )
    )


def _create(*, actor, upload, text, stored, **fields) -> Regulation:
    _validate(
        scope=fields["scope"],
        unit=fields["unit"],
        number=fields["number"],
        title=fields["title"],
        issuer=fields["issuer"],
        effective_from=fields["effective_from"],
        effective_to=fields["effective_to"],
        status=fields["status"],
        replaced_by=fields["replaced_by"],
        pk=None,
    )
    fields["number"] = fields["number"].strip()
    fields["title"] = fields["title"].strip()
    fields["issuer"] = fields["issuer"].strip()
    regulation = Regulation(**fields, text=text, created_by=actor if actor else None)
    if upload is not None:
        _attach(regulation, upload, stored)
    _index(regulation)
    regulation.save()
    audit_record(
        actor=actor, action="regulation.create", obj=regulation, after=_snapshot(regulation)
    )
    return regulation


def regulation_update(
    *, actor, regulation: Regulation, reason: str = "", upload=None, **changes
) -> Regulation:
    """Correct a document's metadata or status (e.g. mark it replaced), or replace its file.
    The audit event keeps the values before and after, and the reason."""
    if actor is not None and not can_manage(actor, regulation.scope, regulation.unit):
        raise PermissionDenied(_("Bạn không có quyền sửa văn bản này."))

    def work(stored):
        locked = Regulation.objects.select_for_update().get(pk=regulation.pk)
        before = _snapshot(locked)
        for name, value in changes.items():
            if name not in AUDITED:
                raise TypeError(f"unknown field {name}")
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _validate(
            scope=locked.scope,
            unit=locked.unit,
            number=locked.number,
            title=locked.title,
            issuer=locked.issuer,
            effective_from=locked.effective_from,
            effective_to=locked.effective_to,
            status=locked.status,
            replaced_by=locked.replaced_by,
            pk=locked.pk,
        )
        if locked.replaced_by is not None and _replacement_loops(locked):
            raise ValidationError(
                {"replaced_by": _("Văn bản thay thế lại được thay thế bởi chính văn bản này.")}
            )
        if upload is not None:
            _attach(locked, upload, stored)
        _index(locked)
        locked.save()
        after = _snapshot(locked)
        if after != before:
            audit_record(
                actor=actor,
                action="regulation.update",
                obj=locked,
                before=before,
                after=after,
                reason=reason.strip(),
            )
        return locked

    return _with_file_cleanup(work)


def _replacement_loops(regulation: Regulation) -> bool:
    seen = {regulation.pk}
    current = regulation.replaced_by
    while current is not None:
        if current.pk in seen:
            return True
        seen.add(current.pk)
        current = current.replaced_by
    return False
