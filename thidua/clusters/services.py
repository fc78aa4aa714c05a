"""Writes for clusters: setting up a cluster year, its table, the scores and evidence, and the
one transition service (draft → self-scoring → cross-scoring → finalised, locked and audited).

Every service checks the actor's role and the year's state, locks the cluster year row, writes,
and records an audit event in the same transaction. `actor=None` is the system (demo, tests).
"""

import datetime as dt
import hashlib
import uuid
from decimal import Decimal, InvalidOperation

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from thidua.core.audit import audit_record
from thidua.core.files import atomic_with_files, store_file
from thidua.initiatives.uploads import check_upload
from thidua.org.models import Unit, UnitKind

from . import selectors
from .models import (
    Cluster,
    ClusterMember,
    ClusterYear,
    Criterion,
    Evidence,
    Result,
    Score,
    Section,
    YearStatus,
)

# (state, action) → next state. Who may act: selectors.can_manage (board or the leader's head or
# secretariat) for every transition.
TRANSITIONS = {
    (YearStatus.DRAFT, "open"): YearStatus.SELF_SCORING,
    (YearStatus.SELF_SCORING, "cross"): YearStatus.CROSS_SCORING,
    (YearStatus.CROSS_SCORING, "finalise"): YearStatus.FINALISED,
}
SETTINGS_FIELDS = ("cross_scorers", "final_rule", "flag_count", "bk_count")
OPEN_FIELDS = (
    "self_deadline",
    "cross_deadline",
    "covenant_signed_on",
    "covenant_place",
    "covenant_items",
)


def _denied(message=None):
    raise PermissionDenied(message or _("Bạn không có quyền thực hiện thao tác này."))


def _ensure_manager(actor, cluster_year):
    if actor is not None and not selectors.can_manage(actor, cluster_year):
        _denied(_("Chỉ Ban Thi đua - Khen thưởng tỉnh hoặc cơ quan Trưởng cụm được làm việc này."))


def _lock(cluster_year) -> ClusterYear:
    return ClusterYear.objects.select_for_update().get(pk=cluster_year.pk)


def _ensure_draft(cluster_year):
    if cluster_year.status != YearStatus.DRAFT:
        raise ValidationError(
            _("Thành viên, Trưởng cụm và bảng điểm chỉ sửa được khi cụm đang chuẩn bị.")
        )


@transaction.atomic
def cluster_create(*, actor, province: Unit, code: str, name: str, kind: str, year: int):
    """A new cluster or block and its first year (in preparation). Provincial board only."""
    if province.kind != UnitKind.PROVINCE:
        raise ValidationError({"province": _("Cụm, khối thi đua thuộc một tỉnh.")})
    if actor is not None and not selectors.is_board(actor, province):
        _denied(_("Chỉ Ban Thi đua - Khen thưởng tỉnh lập cụm, khối thi đua."))
    if Cluster.objects.filter(code=code).exists():
        raise ValidationError({"code": _("Mã cụm, khối này đã có.")})
    cluster = Cluster(province=province, code=code, name=name, kind=kind)
    cluster.full_clean()
    cluster.save()
    cluster_year = ClusterYear.objects.create(cluster=cluster, year=year)
    audit_record(
        actor=actor,
        action="cluster.create",
        obj=cluster,
        after={"code": code, "name": name, "kind": kind, "year": year},
    )
    return cluster_year


@transaction.atomic
def cluster_year_update(*, actor, cluster_year, members=None, leader=None, deputy=None, **fields):
    """Change a year's settings. `members` is a list of (agency, rotation order); members,
    leader, deputy and scoring rules only while in preparation; deadlines and the covenant
    until the year is finalised."""
    cluster_year = _lock(cluster_year)
    _ensure_manager(actor, cluster_year)
    if cluster_year.is_locked:
        raise ValidationError(_("Kết quả đã chốt: không sửa được nữa."))
    before = {f: str(getattr(cluster_year, f)) for f in (*SETTINGS_FIELDS, *OPEN_FIELDS)}
    before["members"] = [m.agency.code for m in cluster_year.members.select_related("agency")]
    before["leader"] = cluster_year.leader.code if cluster_year.leader else None
    structural = members is not None or any(f in fields for f in SETTINGS_FIELDS)
    changes_leader = leader is not None and leader.pk != cluster_year.leader_id
    changes_deputy = deputy is not None and deputy.pk != cluster_year.deputy_id
    if structural or changes_leader or changes_deputy:
        _ensure_draft(cluster_year)
    province = cluster_year.cluster.province
    if members is not None:
        codes = set()
        for agency, _order in members:
            if agency.kind != UnitKind.AGENCY or not agency.path.startswith(province.path):
                raise ValidationError({"members": _("Thành viên phải là cơ quan trong tỉnh.")})
            codes.add(agency.pk)
        cluster_year.members.exclude(agency_id__in=codes).delete()
        for agency, order in members:
            ClusterMember.objects.update_or_create(
                cluster_year=cluster_year, agency=agency, defaults={"rotation_order": order}
            )
    member_ids = set(cluster_year.members.values_list("agency_id", flat=True))
    if leader is not None:
        cluster_year.leader = leader
    if deputy is not None:
        cluster_year.deputy = deputy
    for name in ("leader_id", "deputy_id"):
        value = getattr(cluster_year, name)
        if value is not None and value not in member_ids:
            raise ValidationError(
                {name[:-3]: _("Trưởng cụm và Phó Trưởng cụm phải là thành viên của cụm.")}
            )
    if cluster_year.leader_id and cluster_year.leader_id == cluster_year.deputy_id:
        raise ValidationError({"deputy": _("Phó Trưởng cụm phải khác Trưởng cụm.")})
    for name, value in fields.items():
        if name not in SETTINGS_FIELDS + OPEN_FIELDS:
            raise ValueError(name)
        setattr(cluster_year, name, value)
    cluster_year.full_clean(exclude=["cluster"])
    cluster_year.save()
    after = {f: str(getattr(cluster_year, f)) for f in (*SETTINGS_FIELDS, *OPEN_FIELDS)}
    after["members"] = [m.agency.code for m in cluster_year.members.select_related("agency")]
    after["leader"] = cluster_year.leader.code if cluster_year.leader else None
    audit_record(
        actor=actor, action="cluster.year_update", obj=cluster_year, before=before, after=after
    )
    return cluster_year


@transaction.atomic
def section_add(*, actor, cluster_year, title: str, kind: str, cap=None) -> Section:
    cluster_year = _lock(cluster_year)
    _ensure_manager(actor, cluster_year)
    _ensure_draft(cluster_year)
    order = cluster_year.sections.count() + 1
    section = Section(cluster_year=cluster_year, title=title, kind=kind, cap=cap, order=order)
    section.full_clean()
    section.save()
    audit_record(
        actor=actor,
        action="cluster.section_add",
        obj=cluster_year,
        after={"title": title, "kind": kind, "cap": str(cap) if cap is not None else None},
    )
    return section


@transaction.atomic
def criterion_add(*, actor, section: Section, text: str, max_points) -> Criterion:
    cluster_year = _lock(section.cluster_year)
    _ensure_manager(actor, cluster_year)
    _ensure_draft(cluster_year)
    criterion = Criterion(
        section=section, text=text, max_points=max_points, order=section.criteria.count() + 1
    )
    criterion.full_clean()
    criterion.save()
    audit_record(
        actor=actor,
        action="cluster.criterion_add",
        obj=cluster_year,
        after={"section": section.title, "text": text, "max_points": str(max_points)},
    )
    return criterion


@transaction.atomic
def criterion_remove(*, actor, criterion: Criterion) -> None:
    cluster_year = _lock(criterion.section.cluster_year)
    _ensure_manager(actor, cluster_year)
    _ensure_draft(cluster_year)
    audit_record(
        actor=actor,
        action="cluster.criterion_remove",
        obj=cluster_year,
        before={"text": criterion.text, "max_points": str(criterion.max_points)},
    )
    criterion.delete()


def parse_points(raw, maximum: Decimal, label: str) -> Decimal | None:
    """'8,5' or '8.5' → Decimal('8.50'); blank → None. Refused: not a number, below 0, above the
    criterion's maximum, more than 2 decimal places."""
    text = str(raw or "").strip().replace(",", ".")
    if not text:
        return None
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValidationError(
            _("%(label)s: “%(raw)s” không phải là số.") % {"label": label, "raw": raw}
        ) from None
    if not value.is_finite() or value < 0:
        raise ValidationError(_("%(label)s: điểm không được âm.") % {"label": label})
    if value > maximum:
        raise ValidationError(
            _("%(label)s: điểm %(value)s vượt điểm tối đa %(max)s.")
            % {"label": label, "value": str(raw).strip(), "max": f"{maximum:.2f}".replace(".", ",")}
        )
    if value != value.quantize(Decimal("0.01")):
        raise ValidationError(
            _("%(label)s: điểm lấy tối đa 2 chữ số thập phân.") % {"label": label}
        )
    return value.quantize(Decimal("0.01"))


@transaction.atomic
def scores_save(*, actor, cluster_year, scorer: Unit, subject: Unit, values: dict) -> int:
    """Save `scorer`'s points for `subject`: {criterion_id: (raw points, note)}. A self-score
    (scorer = subject) only while self-scoring; a cross-score only while cross-scoring and only
    as the cluster's setting allows. All rows or none. Returns the number of scores changed."""
    cluster_year = _lock(cluster_year)
    is_self = scorer.pk == subject.pk
    if actor is not None and scorer not in selectors.scoring_agencies(actor, cluster_year):
        _denied(_("Chỉ Thường trực thi đua của cơ quan thành viên được chấm điểm."))
    if is_self:
        if cluster_year.status != YearStatus.SELF_SCORING:
            raise ValidationError(_("Đã hết giai đoạn tự chấm điểm."))
    else:
        if cluster_year.status != YearStatus.CROSS_SCORING:
            raise ValidationError(_("Chưa đến hoặc đã hết giai đoạn chấm chéo."))
        if not selectors.may_cross_score(cluster_year, scorer, subject):
            _denied(_("Cơ quan của bạn không chấm chéo cơ quan này."))
    criteria = {c.pk: c for c in Criterion.objects.filter(section__cluster_year=cluster_year)}
    errors, parsed = [], {}
    for criterion_id, (raw, note) in values.items():
        criterion = criteria.get(int(criterion_id))
        if criterion is None:
            continue
        try:
            parsed[criterion.pk] = (
                parse_points(raw, criterion.max_points, criterion.text[:60]),
                (note or "").strip()[:500],
            )
        except ValidationError as error:
            errors.extend(error.messages)
    if errors:
        raise ValidationError(errors)
    existing = {
        s.criterion_id: s
        for s in Score.objects.filter(cluster_year=cluster_year, scorer=scorer, subject=subject)
    }
    changed = {}
    for criterion_id, (points, note) in parsed.items():
        old = existing.get(criterion_id)
        if points is None:
            if old is not None:
                changed[criterion_id] = (str(old.points), None)
                old.delete()
            continue
        if old is not None and old.points == points and old.note == note:
            continue
        changed[criterion_id] = (str(old.points) if old else None, str(points))
        Score.objects.update_or_create(
            cluster_year=cluster_year,
            criterion_id=criterion_id,
            scorer=scorer,
            subject=subject,
            defaults={"points": points, "note": note, "updated_by": actor},
        )
    if changed:
        audit_record(
            actor=actor,
            action="cluster.self_score" if is_self else "cluster.cross_score",
            obj=cluster_year,
            before={str(k): v[0] for k, v in changed.items()},
            after={"scorer": scorer.code, "subject": subject.code}
            | {str(k): v[1] for k, v in changed.items()},
        )
    return len(changed)


@atomic_with_files
def evidence_add(*, actor, cluster_year, agency: Unit, criterion: Criterion, upload) -> Evidence:
    """A checked file behind an agency's self-score, while self-scoring, by its secretariat."""
    cluster_year = _lock(cluster_year)
    if actor is not None and not selectors.can_self_score(actor, cluster_year, agency):
        if cluster_year.status != YearStatus.SELF_SCORING and agency in selectors.scoring_agencies(
            actor, cluster_year
        ):
            raise ValidationError(_("Chỉ đính kèm minh chứng trong giai đoạn tự chấm điểm."))
        _denied(_("Chỉ Thường trực thi đua của cơ quan được đính kèm minh chứng."))
    if actor is None and cluster_year.status != YearStatus.SELF_SCORING:
        raise ValidationError(_("Chỉ đính kèm minh chứng trong giai đoạn tự chấm điểm."))
    if criterion.section.cluster_year_id != cluster_year.pk:
        raise ValidationError(_("Tiêu chí không thuộc bảng điểm này."))
    checked = check_upload(upload)
    evidence = Evidence(
        cluster_year=cluster_year,
        criterion=criterion,
        agency=agency,
        original_name=checked.original_name,
        size=len(checked.content),
        sha256=hashlib.sha256(checked.content).hexdigest(),
        uploaded_by=actor,
    )
    stored = f"cum-{cluster_year.pk}-{agency.pk}-{uuid.uuid4().hex[:12]}{checked.extension}"
    store_file(evidence.file, stored, checked.content)
    evidence.save()
    audit_record(
        actor=actor,
        action="cluster.evidence_add",
        obj=cluster_year,
        after={
            "agency": agency.code,
            "criterion": criterion.pk,
            "file": evidence.original_name,
            "sha256": evidence.sha256,
        },
    )
    return evidence


def _check_ready(cluster_year):
    members = list(cluster_year.members.all())
    problems = []
    if len(members) < 2:
        problems.append(_("Cụm cần ít nhất 2 cơ quan thành viên."))
    if cluster_year.leader_id is None:
        problems.append(_("Chưa chọn cơ quan Trưởng cụm."))
    if cluster_year.cross_scorers == "leader" and cluster_year.deputy_id is None:
        problems.append(_("Chưa chọn Phó Trưởng cụm (người chấm điểm cơ quan Trưởng cụm)."))
    if not Criterion.objects.filter(section__cluster_year=cluster_year).exists():
        problems.append(_("Bảng điểm chưa có tiêu chí nào."))
    if problems:
        raise ValidationError(problems)


@transaction.atomic
def year_transition(*, actor, cluster_year, action: str, reason: str = "") -> ClusterYear:
    """The one transition service of a cluster year; finalising writes the locked results."""
    cluster_year = _lock(cluster_year)
    _ensure_manager(actor, cluster_year)
    target = TRANSITIONS.get((cluster_year.status, action))
    if target is None:
        raise ValidationError(_("Không thực hiện được thao tác này ở trạng thái hiện tại."))
    if action == "open":
        _check_ready(cluster_year)
    before = cluster_year.status
    cluster_year.status = target
    after = {"status": target}
    if target == YearStatus.FINALISED:
        cluster_year.finalised_at = timezone.now()
        cluster_year.finalised_by = actor
        rows = selectors.standings(cluster_year)
        Result.objects.bulk_create(
            [
                Result(
                    cluster_year=cluster_year,
                    agency=row.agency,
                    base=row.ranked.points.base,
                    bonus=row.ranked.points.bonus,
                    penalty=row.ranked.points.penalty,
                    total=row.ranked.points.total,
                    self_total=row.ranked.self_points.total,
                    rank=row.ranked.rank,
                    tied=row.ranked.tied,
                    boundary_tie=row.ranked.boundary_tie,
                    proposal=row.ranked.proposal,
                )
                for row in rows
            ]
        )
        after["ranking"] = [
            [row.agency.code, row.ranked.rank, str(row.ranked.points.total), row.ranked.proposal]
            for row in rows
        ]
    cluster_year.save()
    audit_record(
        actor=actor,
        action=f"cluster.{action}",
        obj=cluster_year,
        before={"status": before},
        after=after,
        reason=reason,
    )
    return cluster_year


@transaction.atomic
def next_year_create(*, actor, cluster_year) -> ClusterYear:
    """Next year's cluster year: same members, rules and table; leader and deputy proposed by
    rotation order (selectors.next_leader). Left in preparation for changes."""
    cluster_year = _lock(cluster_year)
    _ensure_manager(actor, cluster_year)
    year = cluster_year.year + 1
    if ClusterYear.objects.filter(cluster=cluster_year.cluster, year=year).exists():
        raise ValidationError(_("Năm %(year)s của cụm đã có.") % {"year": year})
    leader, deputy = selectors.next_leader(cluster_year)
    new = ClusterYear.objects.create(
        cluster=cluster_year.cluster,
        year=year,
        leader=leader,
        deputy=deputy,
        **{f: getattr(cluster_year, f) for f in SETTINGS_FIELDS},
        covenant_items=cluster_year.covenant_items,
        self_deadline=_shift(cluster_year.self_deadline),
        cross_deadline=_shift(cluster_year.cross_deadline),
    )
    for member in cluster_year.members.all():
        ClusterMember.objects.create(
            cluster_year=new, agency_id=member.agency_id, rotation_order=member.rotation_order
        )
    for section in cluster_year.sections.prefetch_related("criteria"):
        copy = Section.objects.create(
            cluster_year=new,
            order=section.order,
            title=section.title,
            kind=section.kind,
            cap=section.cap,
        )
        Criterion.objects.bulk_create(
            [
                Criterion(section=copy, order=c.order, text=c.text, max_points=c.max_points)
                for c in section.criteria.all()
            ]
        )
    audit_record(
        actor=actor,
        action="cluster.next_year",
        obj=new,
        after={
            "year": year,
            "leader": leader.code if leader else None,
            "deputy": deputy.code if deputy else None,
        },
    )
    return new


def _shift(day: dt.date | None) -> dt.date | None:
    if day is None:
        return None
    try:
        return day.replace(year=day.year + 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year + 1, day=28)
