"""The figures of a sơ kết / tổng kết report, computed from the records (never stored).

Targets: the dashboard's own computation (`target_progress` over `evaluate_movement`), so the
report and the dashboard always agree. A sơ kết covers the movement from its start to the end of
its first phase (30 June in the seed plan): only decisions dated in that period count as
achieved. A tổng kết covers the whole year. Per phase, "achieved" counts decisions dated within
the phase; the last phase also counts the year's decisions dated after it (titles of the year are
decided in the following January).
"""

import datetime as dt
from dataclasses import dataclass, field

from thidua.initiatives.models import InitiativeStatus, Recognition
from thidua.movements.models import Covenant, Movement, TargetBase
from thidua.movements.selectors import Measure, evaluate_movement, target_progress
from thidua.rules.codes import INITIATIVE_LEVEL_LABELS, TITLE_LABELS

from .models import ReportKind
from .selectors import AwardRow, award_rows, awards_in_scope


@dataclass
class TargetRow:
    label: str
    strength: str
    percent: str  # the target, "95%"
    registered: Measure
    eligible: Measure
    achieved: Measure
    met: bool


@dataclass
class PhaseRow:
    phase: str
    target: str
    achieved: Measure
    percent: str
    met: bool


@dataclass
class ReportData:
    movement: Movement
    kind: str
    period_start: dt.date
    period_end: dt.date
    targets: list[TargetRow] = field(default_factory=list)
    phases: list[PhaseRow] = field(default_factory=list)
    collective_awards: list[AwardRow] = field(default_factory=list)
    individual_awards: list[AwardRow] = field(default_factory=list)
    initiatives: list[dict] = field(default_factory=list)
    covenants: list[Covenant] = field(default_factory=list)


def report_period(movement: Movement, kind: str) -> tuple[dt.date, dt.date]:
    if kind == ReportKind.SO_KET:
        first = movement.phases.order_by("starts_on").first()
        end = first.ends_on if first else dt.date(movement.year, 6, 30)
        return movement.starts_on, min(end, movement.ends_on)
    return movement.starts_on, movement.ends_on


def percent_text(value) -> str:
    return f"{value.normalize():f}".replace(".", ",") + "%"


def measure_text(measure: Measure) -> str:
    return f"{measure.count}/{measure.base} ({percent_text(measure.percent)})"


def target_label(target) -> str:
    return f"{TITLE_LABELS.get(target.title_code, target.title_code)} ({target.get_base_display()})"


def _achieved_between(subjects, title, base_title, start, end) -> Measure:
    """Like the dashboard's "achieved", for decisions dated between `start` and `end`."""

    def has(subject, code):
        decided_on = subject.achieved.get(code)
        return decided_on is not None and start <= decided_on <= end

    pool = [s for s in subjects if has(s, base_title)] if base_title else subjects
    return Measure(count=sum(1 for s in pool if has(s, title)), base=len(pool))


def report_data(movement: Movement, kind: str) -> ReportData:
    start, end = report_period(movement, kind)
    data = ReportData(movement=movement, kind=kind, period_start=start, period_end=end)
    progress = target_progress(movement, evaluate_movement(movement))
    phases = [p for p in movement.phases.order_by("starts_on") if p.ends_on <= end]
    last_phase = movement.phases.order_by("starts_on").last()
    measured = []
    for item in progress:
        target = item.target
        subjects = [s for row in item.rows for s in row["subjects"]]
        base_title = "LDTT" if target.base == TargetBase.LDTT_INDIVIDUALS else None
        measured.append((target, subjects, base_title))
        if kind == ReportKind.TONG_KET:
            achieved = item.achieved
        else:
            achieved = _achieved_between(subjects, target.title_code, base_title, start, end)
        data.targets.append(
            TargetRow(
                label=target_label(target),
                strength=target.get_strength_display(),
                percent=percent_text(target.percent),
                registered=item.registered,
                eligible=item.eligible,
                achieved=achieved,
                met=achieved.base > 0 and achieved.percent >= target.percent,
            )
        )
    for phase in phases:
        # The year's titles are decided after 31 December: they belong to the last phase.
        phase_end = dt.date.max if phase == last_phase else phase.ends_on
        for target, subjects, base_title in measured:
            if target.phase_id and target.phase_id != phase.pk:
                continue
            measure = _achieved_between(
                subjects, target.title_code, base_title, phase.starts_on, phase_end
            )
            data.phases.append(
                PhaseRow(
                    phase=phase.name,
                    target=target_label(target),
                    achieved=measure,
                    percent=percent_text(target.percent),
                    met=measure.base > 0 and measure.percent >= target.percent,
                )
            )
    awards = awards_in_scope(movement.agency).filter(year=movement.year)
    if kind == ReportKind.SO_KET:
        awards = awards.filter(decided_on__lte=end)
    rows = award_rows(awards.order_by("decided_on", "decision_code", "title_code", "id"))
    data.collective_awards = [r for r in rows if r.award.unit_id]
    data.individual_awards = [r for r in rows if r.award.person_id]
    recognitions = (
        Recognition.objects.filter(
            initiative__agency=movement.agency,
            initiative__status=InitiativeStatus.RECOGNISED,
            decided_on__gte=start,
            decided_on__lte=end,
        )
        .select_related("initiative")
        .prefetch_related("initiative__authors__person")
        .order_by("decided_on", "id")
    )
    for recognition in recognitions:
        initiative = recognition.initiative
        data.initiatives.append(
            {
                "title": initiative.title,
                "authors": ", ".join(a.person.full_name for a in initiative.authors.all()),
                "level": INITIATIVE_LEVEL_LABELS.get(recognition.level, recognition.level),
                "decision_code": recognition.decision_code,
                "decided_on": recognition.decided_on,
                "issuer": recognition.issuer_name,
            }
        )
    data.covenants = list(
        Covenant.objects.filter(movement=movement).prefetch_related("parties", "items")
    )
    return data
