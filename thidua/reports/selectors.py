"""Reads for statistics, histories and the awards register.

Awards (thidua.decisions.models.Award, not revoked) are the source of truth for who received
what; the headcount of a year is everyone with a membership in the scope's divisions at some time
in that year, counted once in the division they were in last that year.
"""

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from thidua.decisions.models import Award
from thidua.movements.selectors import Measure
from thidua.org.models import Gender, Membership, Person, Unit, UnitKind
from thidua.rules.codes import TITLE_LABELS, TITLE_NAMES, TITLES

# Age bands at 31 December of the year: (label, lowest age, highest age).
AGE_BANDS = (
    (gettext_noop("Dưới 30 tuổi"), 0, 29),
    (gettext_noop("Từ 30 đến 39 tuổi"), 30, 39),
    (gettext_noop("Từ 40 đến 49 tuổi"), 40, 49),
    (gettext_noop("Từ 50 tuổi trở lên"), 50, 200),
)
NO_BIRTH_DATE = gettext_noop("Chưa có ngày sinh")


def title_label(code: str) -> str:
    return TITLE_NAMES.get(code, code)


def active_awards() -> QuerySet[Award]:
    return Award.objects.filter(revoked_at__isnull=True)


def scope_units(agency: Unit, division: Unit | None = None) -> QuerySet[Unit]:
    """The division units of the scope (every division of the agency, or one division)."""
    root = division or agency
    return Unit.objects.subtree(root).filter(kind=UnitKind.DIVISION).order_by("order", "name")


def collective_units(agency: Unit, division: Unit | None = None) -> list[Unit]:
    return [u for u in scope_units(agency, division) if u.is_collective]


def members_in_year(units, year: int) -> dict[int, tuple[Person, Unit]]:
    """person id → (person, division) for everyone who belonged to one of `units` during `year`
    (the membership that started last wins)."""
    start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    memberships = (
        Membership.objects.filter(unit__in=list(units), start_date__lte=end)
        .filter(Q(end_date__isnull=True) | Q(end_date__gte=start))
        .select_related("person", "unit")
        .order_by("start_date", "id")
    )
    return {m.person_id: (m.person, m.unit) for m in memberships}


def awards_in_scope(agency: Unit, division: Unit | None = None) -> QuerySet[Award]:
    if division is None:
        condition = Q(person__agency=agency) | Q(unit__path__startswith=agency.path)
    else:
        condition = Q(person__memberships__unit__path__startswith=division.path) | Q(
            unit__path__startswith=division.path
        )
    return active_awards().filter(condition).distinct()


def _percent(count: int, base: int) -> Decimal:
    return Measure(count=count, base=base).percent


@dataclass
class StatTable:
    """One figure: a table (columns and plain-value rows) and, optionally, its bar chart."""

    key: str
    title: str
    columns: list[str]
    rows: list[list] = field(default_factory=list)
    series: list[str] = field(default_factory=list)  # chart legend
    chart: list[tuple[str, list[Decimal]]] = field(default_factory=list)  # label → percents


def _title_holders(awards, year: int, person_ids=None, unit_ids=None) -> dict[str, set]:
    """title code → ids of persons (or units) holding it in `year`."""
    holders: dict[str, set] = defaultdict(set)
    for award in awards:
        if award.year != year:
            continue
        if award.person_id and person_ids is not None and award.person_id in person_ids:
            holders[award.title_code].add(("p", award.person_id))
        if award.unit_id and unit_ids is not None and award.unit_id in unit_ids:
            holders[award.title_code].add(("u", award.unit_id))
    return holders


def stats_years(agency: Unit, division: Unit | None = None, last: int = 10) -> list[StatTable]:
    """Year over year: titles by kind; share of staff reaching LĐTT and CSTĐCS; collective
    divisions reaching TTLĐTT and TTLĐXS."""
    awards = list(awards_in_scope(agency, division))
    years = sorted({a.year for a in awards})[-last:]
    units = list(scope_units(agency, division))
    collectives = {u.pk for u in units if u.is_collective}
    per_year = []
    for year in years:
        members = members_in_year(units, year)
        holders = _title_holders(awards, year, set(members), collectives)
        per_year.append((year, len(members), holders))
    codes = [c for c in TITLES if any(h.get(c) for _y, _n, h in per_year)]
    titles = StatTable(
        "titles",
        _("Số danh hiệu, hình thức khen thưởng theo năm"),
        [_("Năm"), *[TITLE_LABELS[c] for c in codes]],
    )
    shares = StatTable(
        "shares",
        _("Tỷ lệ đạt danh hiệu theo năm"),
        [
            _("Năm"),
            _("Số cán bộ"),
            _("LĐTT"),
            _("Tỷ lệ LĐTT (%)"),
            _("CSTĐCS"),
            _("Tỷ lệ CSTĐCS (%)"),
            _("Số tập thể phòng"),
            _("TTLĐTT"),
            _("Tỷ lệ TTLĐTT (%)"),
            _("TTLĐXS"),
            _("Tỷ lệ TTLĐXS (%)"),
        ],
        series=[_("LĐTT"), _("CSTĐCS"), _("TTLĐTT"), _("TTLĐXS")],
    )
    for year, headcount, holders in per_year:
        titles.rows.append([year, *[len(holders.get(c, ())) for c in codes]])
        counts = {c: len(holders.get(c, ())) for c in ("LDTT", "CSTDCS", "TTLDTT", "TTLDXS")}
        percents = [
            _percent(counts["LDTT"], headcount),
            _percent(counts["CSTDCS"], headcount),
            _percent(counts["TTLDTT"], len(collectives)),
            _percent(counts["TTLDXS"], len(collectives)),
        ]
        shares.rows.append(
            [
                year,
                headcount,
                counts["LDTT"],
                percents[0],
                counts["CSTDCS"],
                percents[1],
                len(collectives),
                counts["TTLDTT"],
                percents[2],
                counts["TTLDXS"],
                percents[3],
            ]
        )
        shares.chart.append((str(year), percents))
    return [shares, titles]


def award_years(agency: Unit, division: Unit | None = None) -> list[int]:
    return sorted(set(awards_in_scope(agency, division).values_list("year", flat=True)))


def stats_divisions(agency: Unit, year: int, division: Unit | None = None) -> list[StatTable]:
    units = list(scope_units(agency, division))
    members = members_in_year(units, year)
    awards = list(awards_in_scope(agency, division).filter(year=year))
    table = StatTable(
        "divisions",
        _("Kết quả theo phòng, năm %(year)s") % {"year": year},
        [
            _("Phòng"),
            _("Số cán bộ"),
            _("LĐTT"),
            _("Tỷ lệ LĐTT (%)"),
            _("CSTĐCS"),
            _("Tỷ lệ CSTĐCS (%)"),
            _("Khen thưởng cá nhân khác"),
            _("Danh hiệu, khen thưởng tập thể"),
        ],
        series=[_("LĐTT"), _("CSTĐCS")],
    )
    for unit in units:
        ids = {pid for pid, (_p, u) in members.items() if u.pk == unit.pk}
        person_titles = Counter(
            a.title_code for a in awards if a.person_id in ids and a.title_code in TITLE_LABELS
        )
        own = sorted(
            {TITLE_LABELS.get(a.title_code, a.title_code) for a in awards if a.unit_id == unit.pk}
        )
        others = sum(n for c, n in person_titles.items() if c not in ("LDTT", "CSTDCS"))
        ldtt, cstdcs = person_titles["LDTT"], person_titles["CSTDCS"]
        percents = [_percent(ldtt, len(ids)), _percent(cstdcs, len(ids))]
        table.rows.append(
            [unit.name, len(ids), ldtt, percents[0], cstdcs, percents[1], others, ", ".join(own)]
        )
        table.chart.append((unit.short_name or unit.name, percents))
    return [table]


def age_on(born: dt.date, day: dt.date) -> int:
    return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


def age_band(born: dt.date | None, year: int) -> str:
    if born is None:
        return NO_BIRTH_DATE
    age = age_on(born, dt.date(year, 12, 31))
    for label, low, high in AGE_BANDS:
        if low <= age <= high:
            return label
    return NO_BIRTH_DATE


def stats_demographics(agency: Unit, year: int, division: Unit | None = None) -> list[StatTable]:
    """By gender and by age band (age on 31 December of the year)."""
    units = list(scope_units(agency, division))
    members = members_in_year(units, year)
    awards = list(awards_in_scope(agency, division).filter(year=year))
    held = defaultdict(set)
    for award in awards:
        if award.person_id in members:
            held[award.title_code].add(award.person_id)
    columns = [
        _("Nhóm"),
        _("Số cán bộ"),
        _("LĐTT"),
        _("Tỷ lệ LĐTT (%)"),
        _("CSTĐCS"),
        _("Tỷ lệ CSTĐCS (%)"),
    ]
    genders = [(str(label), value) for value, label in Gender.choices] + [(_("Chưa rõ"), "")]
    groups = {
        "gender": [
            (label, {pid for pid, (p, _u) in members.items() if p.gender == value})
            for label, value in genders
        ],
        "age": [
            (
                _(label),
                {
                    pid
                    for pid, (p, _u) in members.items()
                    if age_band(p.date_of_birth, year) == label
                },
            )
            for label in [b[0] for b in AGE_BANDS] + [NO_BIRTH_DATE]
        ],
    }
    titles = {
        "gender": _("Theo giới tính, năm %(year)s") % {"year": year},
        "age": _("Theo độ tuổi (tính đến 31/12), năm %(year)s") % {"year": year},
    }
    tables = []
    for key, rows in groups.items():
        table = StatTable(key, titles[key], columns, series=[_("LĐTT"), _("CSTĐCS")])
        for label, ids in rows:
            if not ids and label in (_("Chưa rõ"), _(NO_BIRTH_DATE)):
                continue
            ldtt, cstdcs = len(held["LDTT"] & ids), len(held["CSTDCS"] & ids)
            percents = [_percent(ldtt, len(ids)), _percent(cstdcs, len(ids))]
            table.rows.append([label, len(ids), ldtt, percents[0], cstdcs, percents[1]])
            table.chart.append((label, percents))
        tables.append(table)
    return tables


# Register and histories ----------------------------------------------------------------


@dataclass
class AwardRow:
    award: Award
    subject_code: str
    subject_name: str
    division: Unit | None

    @property
    def title_name(self) -> str:
        return title_label(self.award.title_code)


def _division_on(memberships: list[Membership], day: dt.date) -> Unit | None:
    """The division a person was in on `day` (or the last one before it)."""
    chosen = None
    for m in memberships:
        if m.start_date <= day:
            chosen = m
    return chosen.unit if chosen else None


def award_rows(awards) -> list[AwardRow]:
    awards = list(awards.select_related("person", "unit"))
    person_ids = {a.person_id for a in awards if a.person_id}
    memberships = defaultdict(list)
    for m in (
        Membership.objects.filter(person_id__in=person_ids)
        .select_related("unit")
        .order_by("start_date", "id")
    ):
        memberships[m.person_id].append(m)
    rows = []
    for award in awards:
        if award.person_id:
            division = _division_on(memberships[award.person_id], dt.date(award.year, 12, 31))
            rows.append(AwardRow(award, award.person.staff_code, award.person.full_name, division))
        else:
            rows.append(AwardRow(award, award.unit.code, award.unit.name, award.unit))
    return rows


def register_rows(
    agency: Unit,
    *,
    year: int | None = None,
    title: str = "",
    division: str = "",
    decision: str = "",
) -> list[AwardRow]:
    """The office-wide awards register (sổ khen thưởng), filtered."""
    awards = awards_in_scope(agency)
    if year:
        awards = awards.filter(year=year)
    if title:
        awards = awards.filter(title_code=title)
    if decision:
        awards = awards.filter(decision_code__icontains=decision.strip())
    rows = award_rows(awards.order_by("-year", "decided_on", "decision_code", "id"))
    if division:
        rows = [r for r in rows if r.division is not None and r.division.code == division]
    return rows


def person_history(person: Person) -> list[AwardRow]:
    return award_rows(active_awards().filter(person=person).order_by("-year", "-decided_on"))


def unit_history(unit: Unit) -> tuple[list[AwardRow], list[AwardRow]]:
    """(the division's own awards, its members' awards in the years they belonged to it)."""
    own = award_rows(active_awards().filter(unit=unit).order_by("-year", "-decided_on"))
    memberships = Membership.objects.filter(unit=unit)
    spans = defaultdict(list)
    for m in memberships:
        spans[m.person_id].append(
            (m.start_date.year, m.end_date.year if m.end_date else dt.date.max.year)
        )
    awards = (
        active_awards().filter(person_id__in=list(spans)).order_by("-year", "person__full_name")
    )
    members = [
        row
        for row in award_rows(awards)
        if any(lo <= row.award.year <= hi for lo, hi in spans[row.award.person_id])
    ]
    return own, members
