"""A year of sample records for the demo office (VP-DT, loaded by ``manage.py seed_demo``).

Ratings for 2021 and the history years 2016–2020, three disciplinary decisions (one khiển trách
in 2021), a maternity leave, a long training with a khá result, research topics, the four
collective divisions' findings for 2021, and the awards history of 2019 and 2020 (LĐTT for most,
CSTĐCS for a few; CB005 and CB016 hold CSTĐCS in both years, so they are CSTĐ tỉnh chain
candidates). Everything goes through the services with ``actor=None`` so it is audited.
Idempotent: running it again changes nothing. Registrations belong to the movement's demo.
"""

import datetime as dt
import random

from django.db import transaction

from thidua.org.models import Person, Unit

from . import services
from .models import Discipline, Leave, ResearchTopic, Training

AGENCY_CODE = "VP-DT"
HISTORY_FROM = 2016
ISSUER = "Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp"

# The year's standouts and exceptions (the rest is drawn from a fixed seed).
EXCELLENT_2021 = {"CB002", "CB004", "CB005", "CB009", "CB012", "CB016", "CB021", "CB027"}
COMPLETED_ONLY_2021 = {"CB017", "CB031", "CB038"}  # HTNV
CHAIN_CANDIDATES = {"CB005", "CB016"}  # CSTĐCS in 2019 and 2020
CSTDCS_BY_YEAR = {2019: {"CB005", "CB016", "CB012", "CB021"}, 2020: {"CB005", "CB016", "CB009"}}
# (staff code, form, decision number, decided on)
DISCIPLINES = [
    ("CB033", "khien_trach", "45/QĐ-VP", dt.date(2021, 6, 8)),
    ("CB018", "canh_cao", "37/QĐ-VP", dt.date(2019, 9, 16)),
    ("CB030", "khien_trach", "21/QĐ-VP", dt.date(2017, 5, 22)),
]
AWARD_DECISIONS = {
    2019: ("06/QĐ-VP", dt.date(2020, 1, 14)),
    2020: ("04/QĐ-VP", dt.date(2021, 1, 12)),
}
COLLECTIVES_2021 = {
    "CTQH": ("HTXSNV", True, True),
    "CTHDND": ("HTXSNV", True, True),
    "TTDN": ("HTTNV", True, True),
    "HCTCQT": ("HTXSNV", True, True),
}


def _ratings(people: dict[str, Person], year: int) -> dict[str, str]:
    rng = random.Random(year * 31)  # noqa: S311 - demo data
    disciplined = {code for code, _f, _n, on in DISCIPLINES if on.year == year}
    ratings = {}
    for code, person in sorted(people.items()):
        if person.recruited_on.year > year:
            continue
        if code in disciplined:
            ratings[code] = "KHTNV"
        elif year == 2021 and code in EXCELLENT_2021:
            ratings[code] = "HTXSNV"
        elif year == 2021 and code in COMPLETED_ONLY_2021:
            ratings[code] = "HTNV"
        elif code in CHAIN_CANDIDATES or code in CSTDCS_BY_YEAR.get(year, ()):
            ratings[code] = "HTXSNV"
        elif year == 2021:
            ratings[code] = "HTTNV"
        else:
            draw = rng.random()
            ratings[code] = "HTXSNV" if draw < 0.2 else "HTNV" if draw > 0.93 else "HTTNV"
    return ratings


@transaction.atomic
def load_demo_records(year: int = 2021) -> None:
    agency = Unit.objects.get(code=AGENCY_CODE)
    people = {p.staff_code: p for p in Person.objects.filter(agency=agency)}
    if not people:
        return

    for past in range(HISTORY_FROM, year + 1):
        for code, rating in _ratings(people, past).items():
            services.record_rating_set(actor=None, person=people[code], year=past, rating=rating)

    for code, form, number, decided_on in DISCIPLINES:
        if (
            code in people
            and not Discipline.objects.filter(person=people[code], decision_number=number).exists()
        ):
            services.discipline_add(
                actor=None,
                person=people[code],
                form=form,
                decision_number=number,
                decided_on=decided_on,
                period_start=decided_on,
                period_end=decided_on.replace(year=decided_on.year + 1) - dt.timedelta(days=1),
            )

    _fact(
        Leave,
        people.get("CB026"),
        {"start": dt.date(year, 2, 15)},
        lambda person: services.leave_add(
            actor=None,
            person=person,
            year=year,
            kind="maternity",
            start=dt.date(year, 2, 15),
            end=dt.date(year, 8, 14),
        ),
    )
    _fact(
        Leave,
        people.get("CB014"),
        {"start": dt.date(year, 10, 4)},
        lambda person: services.leave_add(
            actor=None,
            person=person,
            year=year,
            kind="sick",
            start=dt.date(year, 10, 4),
            end=dt.date(year, 10, 8),
            note="Điều trị nội trú",
        ),
    )
    _fact(
        Training,
        people.get("CB012"),
        {"start": dt.date(year - 1, 9, 7)},
        lambda person: services.training_add(
            actor=None,
            person=person,
            name="Cao cấp lý luận chính trị (hệ không tập trung)",
            start=dt.date(year - 1, 9, 7),
            end=dt.date(year, 10, 29),
            result="kha",
        ),
    )
    _fact(
        Training,
        people.get("CB021"),
        {"start": dt.date(year, 5, 10)},
        lambda person: services.training_add(
            actor=None,
            person=person,
            name="Bồi dưỡng ngạch chuyên viên chính",
            start=dt.date(year, 5, 10),
            end=dt.date(year, 7, 9),
            result="gioi",
        ),
    )
    for code, title, accepted_on in (
        ("CB005", "Nâng cao hiệu quả tiếp xúc cử tri của Đoàn ĐBQH tỉnh", dt.date(year, 11, 18)),
        ("CB016", "Giám sát chuyên đề của HĐND tỉnh: quy trình và kết quả", dt.date(year, 10, 21)),
        ("CB009", "Số hoá hồ sơ kỳ họp HĐND tỉnh", dt.date(year, 12, 2)),
    ):
        _fact(
            ResearchTopic,
            people.get(code),
            {"title": title},
            lambda person, title=title, accepted_on=accepted_on: services.research_topic_add(
                actor=None, person=person, title=title, accepted_on=accepted_on, applied=True
            ),
        )

    divisions = {u.code: u for u in Unit.objects.filter(code__in=COLLECTIVES_2021)}
    for code, (rating, emulation, solidarity) in COLLECTIVES_2021.items():
        services.collective_record_set(
            actor=None,
            unit=divisions[code],
            year=year,
            rating=rating,
            emulation_effective=emulation,
            solidarity=solidarity,
        )

    for award_year, (number, decided_on) in AWARD_DECISIONS.items():
        for code, rating in _ratings(people, award_year).items():
            person = people[code]
            # Recruits of the year without 10 months of work were not proposed.
            if rating in ("HTNV", "KHTNV") or person.recruited_on > dt.date(award_year, 3, 1):
                continue
            titles = ["LDTT"]
            if code in CSTDCS_BY_YEAR.get(award_year, ()):
                titles.append("CSTDCS")
            for title in titles:
                services.past_award_record(
                    actor=None,
                    person=person,
                    year=award_year,
                    title_code=title,
                    decision_code=number,
                    decided_on=decided_on,
                    issuer_name=ISSUER,
                )


def _fact(model, person, lookup, add):
    """Add a list fact once: skip it when a live row with the same key exists."""
    if person is None:
        return
    if not model.objects.filter(person=person, withdrawn_at__isnull=True, **lookup).exists():
        add(person)
