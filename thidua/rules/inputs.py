"""The engine's input: frozen dataclasses and the parser of the JSON dossier.

:func:`parse_dossier` turns the decoded JSON (see FORMAT.md) into a :class:`Dossier`. It checks
everything before any rule runs and collects every problem, each as one Vietnamese message that
names its path (``people[3].rating: "HTT" không phải mức xếp loại hợp lệ (...)``); if there is
any, it raises :class:`InputError` carrying them all. Keys the format does not know are
ignored (the format may grow), except inside ``settings``, where a typo would silently change
a result.
"""

from dataclasses import dataclass
from datetime import date

from thidua.rules.codes import (
    COLLECTIVE_LADDER,
    DISCIPLINE_FORMS,
    INDIVIDUAL_LADDER,
    INITIATIVE_LEVELS,
    LEAVE_KINDS,
    RATINGS,
    TITLES,
    TRAINING_RESULTS,
)
from thidua.rules.common import fmt_date, gc_paused, quote
from thidua.rules.money import first_decision_date
from thidua.rules.parameters import DEFAULT_PARAMETERS, LegalParameters
from thidua.rules.params import (
    REGIMES,
    Settings,
    parse_settings,
    regime_for_year,
    with_quota_rows,
)

MIN_YEAR, MAX_YEAR = 1990, 2100


class InputError(ValueError):
    """Bad input; ``problems`` holds one Vietnamese message per problem, each naming its path."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("\n".join(self.problems))


@dataclass(frozen=True, slots=True)
class Discipline:
    form: str
    decided_on: date
    # For a violation related to public duties (NĐ 335/2025/NĐ-CP); None = not recorded.
    duty_related: bool | None = None


@dataclass(frozen=True, slots=True)
class ServicePeriod:
    """Work at the same office under an earlier contract, before ``recruited_on``."""

    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Leave:
    kind: str
    start: date
    end: date


@dataclass(frozen=True, slots=True)
class Training:
    start: date
    end: date
    result: str | None


@dataclass(frozen=True, slots=True)
class UsedFor:
    year: int
    title: str


@dataclass(frozen=True, slots=True)
class Initiative:
    id: str
    level: str
    recognized_on: date | None
    used_for: UsedFor | None


@dataclass(frozen=True, slots=True)
class ResearchTopic:
    id: str
    accepted_on: date | None
    applied: bool


@dataclass(frozen=True, slots=True)
class HistoryEntry:
    year: int
    rating: str | None
    titles: frozenset[str]


@dataclass(frozen=True, slots=True)
class Person:
    id: str
    name: str
    collective: str | None
    recruited_on: date
    rating: str | None
    registered: str | None
    disciplines: tuple[Discipline, ...] = ()
    leaves: tuple[Leave, ...] = ()
    trainings: tuple[Training, ...] = ()
    initiatives: tuple[Initiative, ...] = ()
    research_topics: tuple[ResearchTopic, ...] = ()
    history: tuple[HistoryEntry, ...] = ()
    prior_service: tuple[ServicePeriod, ...] = ()


@dataclass(frozen=True, slots=True)
class Collective:
    id: str
    name: str
    rating: str | None
    emulation_effective: bool | None
    solidarity: bool | None
    registered: str | None


@dataclass(frozen=True, slots=True)
class Dossier:
    year: int
    regime: str
    settings: Settings
    decision_date: date | None
    collectives: tuple[Collective, ...]
    people: tuple[Person, ...]
    parameters: LegalParameters = DEFAULT_PARAMETERS


_TYPE_NAMES = {
    str: "chuỗi ký tự",
    int: "số nguyên",
    bool: "true hoặc false",
    list: "danh sách",
    dict: "đối tượng JSON",
}

_CODE_LISTS = {
    "rating": (RATINGS, "mức xếp loại"),
    "form": (DISCIPLINE_FORMS, "hình thức kỷ luật"),
    "kind": (LEAVE_KINDS, "loại nghỉ"),
    "result": (TRAINING_RESULTS, "kết quả đào tạo"),
    "level": (INITIATIVE_LEVELS, "cấp sáng kiến"),
    "title": (TITLES, "danh hiệu"),
}


class _Reader:
    """Typed accessors that record a problem and return None instead of raising."""

    def __init__(self):
        self.problems: list[str] = []

    def problem(self, path: str, message: str) -> None:
        self.problems.append(f"{path}: {message}")

    def typed(self, value, kind, path: str, required: bool = False):
        if value is None:
            if required:
                self.problem(path, "thiếu giá trị (bắt buộc)")
            return None
        if type(value) is not kind:
            self.problem(path, f"phải là {_TYPE_NAMES[kind]}, nhận được {quote(value)}")
            return None
        return value

    def date(self, value, path: str, required: bool = False):
        if value is None:
            if required:
                self.problem(path, "thiếu ngày (bắt buộc, định dạng YYYY-MM-DD)")
            return None
        if type(value) is str and len(value) == 10 and value[4] == "-" and value[7] == "-":
            try:
                return date.fromisoformat(value)
            except ValueError:
                pass
        self.problem(path, f"{quote(value)} không phải ngày theo định dạng ISO (YYYY-MM-DD)")
        return None

    def code(self, value, path: str, field: str, required: bool = False):
        allowed, what = _CODE_LISTS[field]
        if value is None:
            if required:
                self.problem(path, f"thiếu {what} (bắt buộc: {', '.join(allowed)})")
            return None
        if type(value) is not str or value not in allowed:
            self.problem(path, f"{quote(value)} không phải {what} hợp lệ ({', '.join(allowed)})")
            return None
        return value

    def items(self, record: dict, key: str, path: str):
        """The (index, dict) pairs of an optional list of objects."""
        value = record.get(key)
        if value is None:
            return ()
        where = f"{path}.{key}" if path else key
        if type(value) is not list:
            self.problem(where, f"phải là danh sách, nhận được {quote(value)}")
            return ()
        pairs = []
        for index, item in enumerate(value):
            if type(item) is not dict:
                self.problem(f"{where}[{index}]", "phải là đối tượng JSON")
            else:
                pairs.append((index, item))
        return pairs

    def period(self, item: dict, path: str):
        start = self.date(item.get("start"), f"{path}.start", required=True)
        end = self.date(item.get("end"), f"{path}.end", required=True)
        if start is not None and end is not None and end < start:
            self.problem(f"{path}.end", f"ngày kết thúc {end} trước ngày bắt đầu {start}")
            return None, None
        return start, end


def parse_dossier(
    data,
    *,
    year: int | None = None,
    regime: str | None = None,
    parameters: LegalParameters | None = None,
) -> Dossier:
    """Validate decoded JSON and build the dossier; ``year``/``regime`` override the input's.

    ``parameters`` is the legal parameter table (base salary, coefficients, regimes); the
    seeds of ``parameters.py`` when not given. Raises :class:`InputError` with every problem.
    """
    with gc_paused():
        return _parse_dossier(data, year, regime, parameters or DEFAULT_PARAMETERS)


def _parse_dossier(data, year, regime, params: LegalParameters) -> Dossier:
    reader = _Reader()
    if type(data) is not dict:
        raise InputError([f"(gốc): phải là một đối tượng JSON, nhận được {quote(data)[:60]}"])
    if year is None:
        year = data.get("year")
    if year is None:
        reader.problem("year", "thiếu năm đánh giá (bắt buộc, ví dụ 2021)")
    elif type(year) is not int:
        reader.problem("year", f"phải là số nguyên (năm), nhận được {quote(year)}")
        year = None
    elif not MIN_YEAR <= year <= MAX_YEAR:
        reader.problem("year", f"năm {year} ngoài phạm vi {MIN_YEAR}–{MAX_YEAR}")
        year = None
    if regime is None:
        regime = data.get("regime")
    if regime is not None and regime not in REGIMES:
        reader.problem("regime", f"{quote(regime)} không phải chế độ hợp lệ ({', '.join(REGIMES)})")
        regime = None
    if regime is None:
        regime = regime_for_year(year, params) if year is not None else "vn2013"
    settings = parse_settings(data.get("settings"), regime, reader.problems)
    decision_date = reader.date(data.get("decision_date"), "decision_date")
    first_day = first_decision_date(params)
    if decision_date is not None and decision_date < first_day:
        reader.problem(
            "decision_date",
            f"ngày quyết định {decision_date} trước {fmt_date(first_day)}: không có mức lương "
            "cơ sở áp dụng",
        )
    collectives = _parse_collectives(data, reader)
    known = {collective.id for collective in collectives}
    people = _parse_people(data, reader, known)
    if reader.problems:
        raise InputError(reader.problems)
    # The quota rows in force on the decision date (1 January after the year without one).
    on = decision_date or date(year + 1, 1, 1)
    settings = with_quota_rows(settings, data.get("settings"), params.quota_on(regime, on))
    return Dossier(
        year=year,
        regime=regime,
        settings=settings,
        decision_date=decision_date,
        collectives=tuple(collectives),
        people=tuple(people),
        parameters=params,
    )


def _parse_collectives(data: dict, reader: _Reader) -> list[Collective]:
    collectives = []
    seen: dict[str, int] = {}
    for index, item in reader.items(data, "collectives", ""):
        path = f"collectives[{index}]"
        ident = _identifier(item, path, seen, index, "collectives", reader)
        registered = item.get("registered")
        if registered is not None and registered not in COLLECTIVE_LADDER:
            reader.problem(
                f"{path}.registered",
                f"{quote(registered)} không phải danh hiệu tập thể có thể đăng ký "
                f"({', '.join(COLLECTIVE_LADDER)})",
            )
            registered = None
        collective = Collective(
            id=ident,
            name=reader.typed(item.get("name"), str, f"{path}.name") or "",
            rating=reader.code(item.get("rating"), f"{path}.rating", "rating"),
            emulation_effective=reader.typed(
                item.get("emulation_effective"), bool, f"{path}.emulation_effective"
            ),
            solidarity=reader.typed(item.get("solidarity"), bool, f"{path}.solidarity"),
            registered=registered,
        )
        if ident is not None:
            collectives.append(collective)
    return collectives


def _identifier(item, path, seen, index, listname, reader) -> str | None:
    ident = reader.typed(item.get("id"), str, f"{path}.id", required=True)
    if ident is None:
        return None
    if not ident.strip():
        reader.problem(f"{path}.id", "mã không được để trống")
        return None
    if ident in seen:
        reader.problem(f"{path}.id", f"mã {quote(ident)} bị trùng với {listname}[{seen[ident]}]")
        return None
    seen[ident] = index
    return ident


def _parse_people(data: dict, reader: _Reader, known: set[str]) -> list[Person]:
    people = []
    seen: dict[str, int] = {}
    for index, item in reader.items(data, "people", ""):
        path = f"people[{index}]"
        before = len(reader.problems)
        ident = _identifier(item, path, seen, index, "people", reader)
        collective = reader.typed(item.get("collective"), str, f"{path}.collective")
        if collective is not None and collective not in known:
            reader.problem(
                f"{path}.collective", f"không có tập thể {quote(collective)} trong collectives"
            )
        registered = item.get("registered")
        if registered is not None and registered not in INDIVIDUAL_LADDER:
            reader.problem(
                f"{path}.registered",
                f"{quote(registered)} không phải danh hiệu cá nhân có thể đăng ký "
                f"({', '.join(INDIVIDUAL_LADDER)})",
            )
        person = Person(
            id=ident,
            name=reader.typed(item.get("name"), str, f"{path}.name") or "",
            collective=collective,
            recruited_on=reader.date(item.get("recruited_on"), f"{path}.recruited_on", True),
            rating=reader.code(item.get("rating"), f"{path}.rating", "rating"),
            registered=registered,
            disciplines=tuple(_disciplines(item, path, reader)),
            leaves=tuple(_leaves(item, path, reader)),
            trainings=tuple(_trainings(item, path, reader)),
            initiatives=tuple(_initiatives(item, path, reader)),
            research_topics=tuple(_topics(item, path, reader)),
            history=tuple(_history(item, path, reader)),
            prior_service=tuple(_prior_service(item, path, reader)),
        )
        if len(reader.problems) == before:
            people.append(person)
    return people


def _disciplines(item, path, reader):
    for index, entry in reader.items(item, "disciplines", path):
        where = f"{path}.disciplines[{index}]"
        form = reader.code(entry.get("form"), f"{where}.form", "form", required=True)
        decided_on = reader.date(entry.get("decided_on"), f"{where}.decided_on", required=True)
        duty_related = reader.typed(entry.get("duty_related"), bool, f"{where}.duty_related")
        if form is not None and decided_on is not None:
            yield Discipline(form, decided_on, duty_related)


def _prior_service(item, path, reader):
    for index, entry in reader.items(item, "prior_service", path):
        start, end = reader.period(entry, f"{path}.prior_service[{index}]")
        if start is not None:
            yield ServicePeriod(start, end)


def _leaves(item, path, reader):
    for index, entry in reader.items(item, "leaves", path):
        where = f"{path}.leaves[{index}]"
        kind = reader.code(entry.get("kind"), f"{where}.kind", "kind", required=True)
        start, end = reader.period(entry, where)
        if kind is not None and start is not None:
            yield Leave(kind, start, end)


def _trainings(item, path, reader):
    for index, entry in reader.items(item, "trainings", path):
        where = f"{path}.trainings[{index}]"
        start, end = reader.period(entry, where)
        result = reader.code(entry.get("result"), f"{where}.result", "result")
        if start is not None:
            yield Training(start, end, result)


def _initiatives(item, path, reader):
    for index, entry in reader.items(item, "initiatives", path):
        where = f"{path}.initiatives[{index}]"
        ident = reader.typed(entry.get("id"), str, f"{where}.id") or f"#{index + 1}"
        level = reader.code(entry.get("level"), f"{where}.level", "level", required=True)
        recognized_on = reader.date(entry.get("recognized_on"), f"{where}.recognized_on")
        used_for = _used_for(entry.get("used_for"), f"{where}.used_for", reader)
        if level is not None:
            yield Initiative(ident, level, recognized_on, used_for)


def _used_for(value, where, reader):
    if value is None:
        return None
    if type(value) is not dict:
        reader.problem(where, 'phải là null hoặc {"year": năm, "title": mã danh hiệu}')
        return None
    year = reader.typed(value.get("year"), int, f"{where}.year", required=True)
    title = reader.code(value.get("title"), f"{where}.title", "title", required=True)
    if year is None or title is None:
        return None
    return UsedFor(year, title)


def _topics(item, path, reader):
    for index, entry in reader.items(item, "research_topics", path):
        where = f"{path}.research_topics[{index}]"
        ident = reader.typed(entry.get("id"), str, f"{where}.id") or f"#{index + 1}"
        accepted_on = reader.date(entry.get("accepted_on"), f"{where}.accepted_on")
        applied = reader.typed(entry.get("applied"), bool, f"{where}.applied")
        yield ResearchTopic(ident, accepted_on, bool(applied))


def _history(item, path, reader):
    years: dict[int, int] = {}
    for index, entry in reader.items(item, "history", path):
        where = f"{path}.history[{index}]"
        year = reader.typed(entry.get("year"), int, f"{where}.year", required=True)
        if year is not None and year in years:
            reader.problem(
                f"{where}.year", f"năm {year} bị trùng với {path}.history[{years[year]}]"
            )
            continue
        rating = reader.code(entry.get("rating"), f"{where}.rating", "rating")
        titles = []
        raw_titles = entry.get("titles")
        if raw_titles is not None and type(raw_titles) is not list:
            reader.problem(f"{where}.titles", f"phải là danh sách, nhận được {quote(raw_titles)}")
        for position, title in enumerate(raw_titles or ()):
            if reader.code(title, f"{where}.titles[{position}]", "title") is not None:
                titles.append(title)
        if year is not None:
            years[year] = index
            yield HistoryEntry(year, rating, frozenset(titles))
