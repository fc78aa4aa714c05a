"""Reads for clusters: who may see and do what in a cluster year, the table as plain data, and
the live or locked standings.

Visibility: the managers (head, secretariat, administrator) of a member agency see their
cluster years in full; the provincial emulation board (Role.PROVINCE_BOARD on the province) sees
every cluster of its province. Nobody else, so one agency never reads another cluster's scores.
"""

from dataclasses import dataclass
from decimal import Decimal

from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from thidua.accounts.access import AGENCY_MANAGERS, has_role, scope_units
from thidua.accounts.models import Role
from thidua.org.models import Unit, UnitKind

from . import scoring
from .models import ClusterYear, CrossScorers, Result, Score, YearStatus

CLUSTER_MANAGERS = (Role.HEAD, Role.SECRETARIAT)
SCORERS = (Role.SECRETARIAT,)


def _agency_of(unit: Unit) -> Unit | None:
    if unit.kind == UnitKind.AGENCY:
        return unit
    return unit.agency()


def managed_agencies(user, roles=AGENCY_MANAGERS) -> list[Unit]:
    """The agencies where the user holds one of `roles` (at the agency or above a division)."""
    agencies = {}
    for unit in scope_units(user, roles):
        if unit.kind == UnitKind.PROVINCE:
            continue  # a province-level role of these kinds does not make one an agency manager
        agency = _agency_of(unit)
        if agency is not None and unit.pk == agency.pk:
            agencies[agency.pk] = agency
    return list(agencies.values())


def board_provinces(user) -> list[Unit]:
    return [u for u in scope_units(user, [Role.PROVINCE_BOARD]) if u.kind == UnitKind.PROVINCE]


def is_board(user, province: Unit) -> bool:
    return has_role(user, [Role.PROVINCE_BOARD], province)


def may_use_clusters(user) -> bool:
    return bool(managed_agencies(user) or board_provinces(user))


def visible_years(user) -> QuerySet[ClusterYear]:
    condition = Q(pk__in=[])
    agencies = managed_agencies(user)
    if agencies:
        condition |= Q(members__agency__in=agencies)
    provinces = board_provinces(user)
    if provinces:
        condition |= Q(cluster__province__in=provinces)
    return (
        ClusterYear.objects.filter(condition)
        .distinct()
        .select_related("cluster", "leader", "deputy")
        .order_by("-year", "cluster__name")
    )


def year_for(user, pk) -> ClusterYear:
    cluster_year = get_object_or_404(
        ClusterYear.objects.select_related("cluster", "cluster__province", "leader", "deputy"),
        pk=pk,
    )
    if not can_view(user, cluster_year):
        raise PermissionDenied(_("Bạn không có quyền xem cụm, khối thi đua này."))
    return cluster_year


def member_agencies(cluster_year) -> list[Unit]:
    return [m.agency for m in cluster_year.members.select_related("agency")]


def can_view(user, cluster_year) -> bool:
    if is_board(user, cluster_year.cluster.province):
        return True
    member_ids = {m.agency_id for m in cluster_year.members.all()}
    return any(a.pk in member_ids for a in managed_agencies(user))


def can_manage(user, cluster_year) -> bool:
    """The provincial board, or the head or secretariat of the leader agency."""
    if is_board(user, cluster_year.cluster.province):
        return True
    leader = cluster_year.leader
    return leader is not None and any(
        a.pk == leader.pk for a in managed_agencies(user, CLUSTER_MANAGERS)
    )


def scoring_agencies(user, cluster_year) -> list[Unit]:
    """Member agencies whose secretariat the user is: the agencies the user scores for."""
    member_ids = {m.agency_id for m in cluster_year.members.all()}
    return [a for a in managed_agencies(user, SCORERS) if a.pk in member_ids]


def may_cross_score(cluster_year, scorer: Unit, subject: Unit) -> bool:
    """Whether `scorer` cross-scores `subject` under the cluster's setting."""
    if scorer.pk == subject.pk:
        return False
    member_ids = {m.agency_id for m in cluster_year.members.all()}
    if scorer.pk not in member_ids or subject.pk not in member_ids:
        return False
    if cluster_year.cross_scorers == CrossScorers.ALL:
        return True
    if subject.pk == cluster_year.leader_id:
        return scorer.pk == cluster_year.deputy_id
    return scorer.pk == cluster_year.leader_id


def can_self_score(user, cluster_year, agency) -> bool:
    return cluster_year.status == YearStatus.SELF_SCORING and any(
        a.pk == agency.pk for a in scoring_agencies(user, cluster_year)
    )


def cross_scorer_for(user, cluster_year, subject) -> Unit | None:
    """The agency in whose name the user may cross-score `subject` now, if any."""
    if cluster_year.status != YearStatus.CROSS_SCORING:
        return None
    for agency in scoring_agencies(user, cluster_year):
        if may_cross_score(cluster_year, agency, subject):
            return agency
    return None


# Table and standings -------------------------------------------------------------------------


def sections_with_criteria(cluster_year):
    return list(cluster_year.sections.prefetch_related("criteria"))


def table_of(cluster_year) -> scoring.Table:
    sections = sections_with_criteria(cluster_year)
    return scoring.Table(
        sections=[scoring.Section(s.pk, s.kind, s.cap) for s in sections],
        criteria=[
            scoring.Criterion(c.pk, s.pk, c.max_points) for s in sections for c in s.criteria.all()
        ],
    )


def score_map(cluster_year) -> dict:
    """{subject_id: {scorer_id: {criterion_id: points}}}"""
    out: dict = {}
    for subject_id, scorer_id, criterion_id, points in Score.objects.filter(
        cluster_year=cluster_year
    ).values_list("subject_id", "scorer_id", "criterion_id", "points"):
        out.setdefault(subject_id, {}).setdefault(scorer_id, {})[criterion_id] = points
    return out


@dataclass
class Standing:
    agency: Unit
    ranked: scoring.Ranked
    finals: dict
    self_scores: dict
    self_only: tuple


def standings(cluster_year) -> list[Standing]:
    """The ranking computed from the scores as they stand (the locked one once finalised)."""
    agencies = {a.pk: a for a in member_agencies(cluster_year)}
    table = table_of(cluster_year)
    scores = score_map(cluster_year)
    entries, details = [], {}
    leader = str(cluster_year.leader_id) if cluster_year.leader_id else ""
    deputy = str(cluster_year.deputy_id) if cluster_year.deputy_id else None
    for pk in agencies:
        given = scores.get(pk, {})
        self_scores = given.get(pk, {})
        cross = {str(scorer): values for scorer, values in given.items() if scorer != pk}
        finals = scoring.final_scores(
            table,
            rule=cluster_year.final_rule,
            subject=str(pk),
            self_scores=self_scores,
            cross_scores=cross,
            leader=leader,
            deputy=deputy,
        )
        entries.append(
            scoring.Entry(
                code=str(pk),
                points=scoring.table_points(table, finals.scores),
                self_points=scoring.table_points(table, self_scores),
            )
        )
        details[str(pk)] = (finals, self_scores)
    ranked = scoring.rank(
        entries, flag_count=cluster_year.flag_count, bk_count=cluster_year.bk_count
    )
    return [
        Standing(
            agency=agencies[int(r.code)],
            ranked=r,
            finals=details[r.code][0].scores,
            self_scores=details[r.code][1],
            self_only=details[r.code][0].self_only,
        )
        for r in ranked
    ]


def locked_results(cluster_year) -> list[Result]:
    return list(cluster_year.results.select_related("agency"))


def total_max(cluster_year) -> Decimal:
    """The most an agency can reach: criteria sections plus the bonus cap."""
    table = table_of(cluster_year)
    best = {c.key: c.max_points for c in table.criteria}
    sections = {s.key: s for s in table.sections}
    points = scoring.table_points(
        scoring.Table(
            [s for s in table.sections if s.kind != scoring.KIND_PENALTY],
            [c for c in table.criteria if sections[c.section].kind != scoring.KIND_PENALTY],
        ),
        best,
    )
    return points.total


def next_leader(cluster_year) -> tuple[Unit | None, Unit | None]:
    """The leader and deputy proposed for next year by rotation order: the member after this
    year's leader leads, the one after it deputises (wrapping round)."""
    members = list(cluster_year.members.select_related("agency"))
    if not members:
        return None, None
    ids = [m.agency_id for m in members]
    start = ids.index(cluster_year.leader_id) + 1 if cluster_year.leader_id in ids else 0
    leader = members[start % len(members)].agency
    deputy = members[(start + 1) % len(members)].agency if len(members) > 1 else None
    return leader, deputy
