"""Where an upward dossier's contents come from (reads only): the candidates (the council
session's approved entries, or the accepted proposals' nominees), the rules engine's screening,
and the facts that pre-fill each achievement report (memberships, ratings, initiatives,
research topics, disciplines, the awards history)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.db.models import Q

from thidua.decisions.models import Award
from thidua.org.models import Membership, Person, Unit
from thidua.records.dossier import evaluate_agency
from thidua.rules.codes import (
    DISCIPLINE_LABELS,
    INITIATIVE_LEVEL_LABELS,
    RATING_LABELS,
    TITLE_NAMES,
)

from .models import UPWARD_TITLES

# Years each title's achievements and discipline statement cover (DOMAIN.md §3.1 chains).
PERIOD_YEARS = {"CSTD_TINH": 3, "BK_TINH": 2, "TTLDXS": 1}


def period_of(title_code: str, year: int) -> tuple[int, int]:
    return year - PERIOD_YEARS.get(title_code, 1) + 1, year


@dataclass
class Candidate:
    person: Person | None
    unit: Unit | None
    title_code: str
    nominee: object | None = None
    votes: str = ""
    justification: str = ""


@dataclass
class Found:
    source: str
    session_id: int | None = None
    session: object | None = None
    candidates: list[Candidate] = field(default_factory=list)


# The council ---------------------------------------------------------------------------------


def council_session(agency: Unit, year: int):
    """The agency's latest council session of the year whose ballot is over (closed or being
    posted), when the council app is installed; None otherwise."""
    try:
        from thidua.council.models import CouncilSession
    except ImportError:
        return None
    return (
        CouncilSession.objects.filter(agency=agency, year=year)
        .exclude(status="open")
        .order_by("-held_on", "-pk")
        .first()
    )


def _value(entry, name):
    return entry.get(name) if isinstance(entry, dict) else getattr(entry, name, None)


def _council_candidates(agency: Unit, year: int) -> Found | None:
    """The approved entries of the year's council session (thidua.council.selectors
    .approved_entries) for the upward titles; None when there is no such session."""
    try:
        from thidua.council.selectors import approved_entries
    except ImportError:
        return None
    session = council_session(agency, year)
    if session is None:
        return None
    found = Found(source="council", session_id=session.pk, session=session)
    for entry in approved_entries(session):
        title = _value(entry, "title_code")
        if title not in UPWARD_TITLES:
            continue
        approvals, members = _value(entry, "approvals"), _value(entry, "members")
        nominee = _value(entry, "nominee")
        found.candidates.append(
            Candidate(
                person=_value(entry, "person"),
                unit=_value(entry, "unit"),
                title_code=title,
                nominee=nominee,
                votes=f"{approvals}/{members}" if approvals is not None and members else "",
                justification=getattr(nominee, "justification", "") or "",
            )
        )
    order = {code: i for i, code in enumerate(UPWARD_TITLES)}
    found.candidates.sort(key=lambda c: (c.person is not None, order[c.title_code]))
    return found


def _proposal_candidates(agency: Unit, year: int) -> Found:
    from thidua.reviews.models import Nominee, ProposalStatus

    found = Found(source="proposals")
    seen = set()
    rows = (
        Nominee.objects.filter(
            proposal__agency=agency,
            proposal__year=year,
            proposal__status=ProposalStatus.ACCEPTED,
            title_code__in=UPWARD_TITLES,
        )
        .select_related("person", "unit", "proposal")
        .order_by("unit_id", "proposal__accepted_on", "proposal_id", "order", "id")
    )
    for nominee in rows:
        key = (nominee.person_id, nominee.unit_id, nominee.title_code)
        if key in seen:
            continue
        seen.add(key)
        votes = ""
        if nominee.approve_votes is not None:
            votes = f"{nominee.approve_votes}/{nominee.present_votes}"
        found.candidates.append(
            Candidate(
                person=nominee.person,
                unit=nominee.unit,
                title_code=nominee.title_code,
                nominee=nominee,
                votes=votes,
                justification=nominee.justification,
            )
        )
    # Collectives first (TTLĐXS), then individuals by title.
    order = {code: i for i, code in enumerate(UPWARD_TITLES)}
    found.candidates.sort(key=lambda c: (c.person is not None, order[c.title_code]))
    return found


def candidates(*, agency: Unit, year: int) -> Found:
    return _council_candidates(agency, year) or _proposal_candidates(agency, year)


def council_minutes(dossier):
    """The council's minutes (an OfficialDocument) when the council app provides them."""
    if not dossier.council_session_id:
        session = council_session(dossier.agency, dossier.year)
    else:
        try:
            from thidua.council.models import CouncilSession
        except ImportError:
            return None
        session = CouncilSession.objects.filter(pk=dossier.council_session_id).first()
    if session is None:
        return None
    try:
        from thidua.council.documents import minutes_document
    except ImportError:
        return None
    return minutes_document(session)


# The engine ----------------------------------------------------------------------------------


def screening(*, agency: Unit, year: int) -> dict:
    """(kind, code, title) → {"eligible", "checks"} for every person's upward screenings and
    titles, and every collective's titles, from one evaluation of the agency."""
    result = evaluate_agency(agency=agency, year=year)
    verdicts = {}
    for person in result["people"]:
        for code, verdict in {**person["titles"], **person.get("upward", {})}.items():
            verdicts[("person", person["id"], code)] = verdict
        verdicts[("person_of", person["id"], "collective")] = person.get("collective")
    for collective in result["collectives"]:
        for code, verdict in collective["titles"].items():
            verdicts[("unit", collective["id"], code)] = verdict
        verdicts[("unit", collective["id"], "member_count")] = collective.get("member_count")
    return verdicts


def plain_checks(verdict) -> list[dict]:
    return [
        {
            "rule": c.get("rule", ""),
            "passed": bool(c.get("passed")),
            "reason": c.get("reason", ""),
            "basis": c.get("basis", ""),
            **({"alternative": c["alternative"]} if c.get("alternative") else {}),
        }
        for c in (verdict or {}).get("checks", [])
    ]


# Achievement reports -------------------------------------------------------------------------


def movement_of(agency: Unit, year: int):
    from thidua.movements.models import Movement, MovementKind

    return (
        Movement.objects.filter(agency=agency, year=year, kind=MovementKind.REGULAR)
        .order_by("-pk")
        .first()
    )


def head_name(agency: Unit) -> str:
    from thidua.accounts.models import Role
    from thidua.reviews.services import _holders

    holders = _holders(Role.HEAD, agency)
    if holders:
        return holders[0].get_full_name()
    movement = movement_of(agency, dt.date.today().year)
    return movement.signer_name if movement else ""


def division_head_name(unit: Unit) -> str:
    from thidua.accounts.models import Role
    from thidua.reviews.services import _holders

    holders = _holders(Role.DIVISION_HEAD, unit)
    return holders[0].get_full_name() if holders else ""


def membership_in(person: Person, year: int) -> Membership | None:
    last = dt.date(year, 12, 31)
    return (
        person.memberships.filter(start_date__lte=last)
        .select_related("unit")
        .order_by("-start_date", "-id")
        .first()
    )


def memo_summary_line(dossier) -> str:
    return f"Đề nghị khen thưởng cấp tỉnh năm {dossier.year}"


def _initiative_lines(person: Person, first: int, last: int) -> list[str]:
    from thidua.initiatives.models import InitiativeAuthor, InitiativeStatus, Recognition
    from thidua.records.models import ResearchTopic

    lines = []
    ids = list(
        InitiativeAuthor.objects.filter(
            person=person, initiative__status=InitiativeStatus.RECOGNISED
        ).values_list("initiative_id", flat=True)
    )
    for recognition in (
        Recognition.objects.filter(
            initiative_id__in=ids, decided_on__year__gte=first, decided_on__year__lte=last
        )
        .select_related("initiative")
        .order_by("decided_on", "id")
    ):
        lines.append(
            f"Sáng kiến “{recognition.initiative.title}” được công nhận "
            f"{INITIATIVE_LEVEL_LABELS.get(recognition.level, recognition.level)} "
            f"(Quyết định số {recognition.decision_code} ngày {recognition.decided_on:%d/%m/%Y}"
            f" của {recognition.issuer_name})."
        )
    for topic in ResearchTopic.objects.filter(
        person=person,
        withdrawn_at__isnull=True,
        accepted_on__year__gte=first,
        accepted_on__year__lte=last,
    ).order_by("accepted_on", "id"):
        applied = "đã được áp dụng" if topic.applied else "chưa áp dụng"
        lines.append(
            f"Đề tài “{topic.title}” nghiệm thu ngày {topic.accepted_on:%d/%m/%Y}, {applied}."
        )
    return lines


def _discipline_statement(person: Person, first: int, last: int) -> str:
    from thidua.records.models import Discipline

    rows = list(
        Discipline.objects.filter(
            person=person,
            withdrawn_at__isnull=True,
            decided_on__year__gte=first,
            decided_on__year__lte=last,
        ).order_by("decided_on")
    )
    span = f"{first}–{last}" if first != last else str(last)
    if not rows:
        return (
            f"Trong thời gian đề nghị khen thưởng ({span}), chấp hành tốt chủ trương, chính "
            "sách của Đảng, pháp luật của Nhà nước; không vi phạm kỷ luật."
        )
    items = "; ".join(
        f"{DISCIPLINE_LABELS.get(r.form, r.form)} (Quyết định số {r.decision_number} ngày "
        f"{r.decided_on:%d/%m/%Y})"
        for r in rows
    )
    return f"Trong thời gian đề nghị khen thưởng ({span}) bị kỷ luật: {items}."


def _ratings_line(person: Person, first: int, last: int) -> str:
    from thidua.records.models import PersonRating

    ratings = dict(
        PersonRating.objects.filter(
            person=person, superseded_at__isnull=True, year__gte=first, year__lte=last
        ).values_list("year", "rating")
    )
    if not ratings:
        return ""
    parts = [f"năm {y}: {RATING_LABELS.get(r, r)}" for y, r in sorted(ratings.items())]
    return "Kết quả xếp loại chất lượng " + "; ".join(parts) + "."


def report_prefill(*, person, unit, title_code, year, period, verdicts) -> dict:
    """What the records already know for the achievement report; the secretariat completes
    the rest (hometown, qualifications, achievements with figures)."""
    first, last = period
    if person is not None:
        membership = membership_in(person, year)
        return {
            "position": membership.position if membership else "",
            "achievements": _ratings_line(person, first, last),
            "initiatives": "\n".join(_initiative_lines(person, first, last)),
            "discipline_statement": _discipline_statement(person, first, last),
        }
    members = verdicts.get(("unit", unit.code, "member_count"))
    staff = [
        key[1] for key, value in verdicts.items() if key[0] == "person_of" and value == unit.code
    ]

    def count(title):
        return sum(
            1 for code in staff if (verdicts.get(("person", code, title)) or {}).get("eligible")
        )

    emulation = (
        f"Năm {year}, tập thể có {count('LDTT')}/{len(staff)} cán bộ, công chức đủ tiêu chuẩn "
        f"Lao động tiên tiến và {count('CSTDCS')} người đủ tiêu chuẩn Chiến sĩ thi đua cơ sở."
        if staff
        else ""
    )
    disciplined = _collective_disciplines(unit, year)
    return {
        "organisation": f"Tổng số {members} cán bộ, công chức, người lao động." if members else "",
        "emulation_work": emulation,
        "discipline_statement": (
            f"Năm {year}, tập thể chấp hành tốt chủ trương, chính sách của Đảng, pháp luật của "
            "Nhà nước; không có cá nhân bị kỷ luật."
            if not disciplined
            else f"Năm {year}, tập thể có {disciplined} trường hợp bị kỷ luật."
        ),
    }


def _collective_disciplines(unit: Unit, year: int) -> int:
    from thidua.records.models import Discipline

    first, last = dt.date(year, 1, 1), dt.date(year, 12, 31)
    members = Membership.objects.filter(unit=unit, start_date__lte=last).filter(
        Q(end_date__isnull=True) | Q(end_date__gte=first)
    )
    return Discipline.objects.filter(
        person_id__in=members.values("person_id"),
        withdrawn_at__isnull=True,
        decided_on__range=(first, last),
    ).count()


EMULATION_TITLES = ("LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "CO_TINH")


def award_history(*, person=None, unit=None, up_to: int) -> tuple[list[list[str]], list[list[str]]]:
    """(emulation titles, awards) received, as rows "Năm, Danh hiệu, Số quyết định, Cơ quan"."""
    rows = Award.objects.filter(revoked_at__isnull=True, year__lte=up_to)
    rows = rows.filter(person=person) if person is not None else rows.filter(unit=unit)
    titles, awards = [], []
    for award in rows.order_by("year", "decided_on", "id"):
        row = [
            str(award.year),
            TITLE_NAMES.get(award.title_code, award.title_code),
            f"{award.decision_code} ngày {award.decided_on:%d/%m/%Y}",
            award.issuer_name,
        ]
        (titles if award.title_code in EMULATION_TITLES else awards).append(row)
    return titles, awards
