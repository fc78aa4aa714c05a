"""Per-run context and per-person facts, computed once and shared by every check.

Facts that several checks read (disciplines in the year, the rating that counts, the history by
year) are derived here once per person, so a check is a small function of (facts, context).
The context also holds a cache of check results: most people share the same few reasons
("Xếp loại HTTNV ..."), so identical results are built once and shared. Results are therefore
read-only: copy a check before changing it.
"""

from datetime import date

from thidua.rules.codes import DISCIPLINE_RANK
from thidua.rules.common import check
from thidua.rules.inputs import Discipline, Dossier, HistoryEntry, Person
from thidua.rules.params import (
    BASIS,
    FIRST_YEAR_DUTY_RELATED_DISCIPLINE,
    LOCAL_REGULATION,
    ldtt_time_basis,
    rating_decree_basis,
    setting_text,
)


class Context:
    """What every check of one run needs: year, regime, settings, citations, caches."""

    def __init__(self, dossier: Dossier):
        self.dossier = dossier
        self.year = dossier.year
        self.regime = dossier.regime
        self.settings = dossier.settings
        self.basis = BASIS[dossier.regime]
        self.year_start = date(self.year, 1, 1)
        self.year_end = date(self.year, 12, 31)
        self.parameters = dossier.parameters
        # Implementing texts are the ones in force when the decision is taken: the decision
        # date, or the first day after the year when there is none.
        self.decided_on = dossier.decision_date or date(self.year + 1, 1, 1)
        self.time_basis = ldtt_time_basis(self.regime, self.decided_on)
        self.rating_decree = rating_decree_basis(self.year)
        self._checks: dict[tuple, dict] = {}

    def shared_check(
        self, key: tuple, rule: str, passed: bool, reason: str, basis: str, alt=None, local=False
    ):
        """A check result, built once per distinct ``key`` in this run."""
        found = self._checks.get(key)
        if found is None:
            found = self._checks[key] = check(rule, passed, reason, basis, alt, local)
        return found

    def cached(self, key: tuple):
        return self._checks.get(key)

    def store(self, key: tuple, value: dict) -> dict:
        self._checks[key] = value
        return value

    def with_setting(self, basis_key: str, setting: str) -> str:
        """A citation followed by the parameter value used (``basis_key`` may be a key of the
        regime's table or a citation text)."""
        value = getattr(self.settings, setting)
        cited = self.basis.get(basis_key, basis_key)
        return f"{cited}; tham số {setting} = {setting_text(value)}"

    def local(self, what: str, setting: str) -> str:
        """The citation of a rule the office's own regulation sets (a local rule)."""
        value = setting_text(getattr(self.settings, setting))
        return f"{LOCAL_REGULATION} ({what}); tham số {setting} = {value}"


class PersonFacts:
    """Derived facts of one person for the evaluation year."""

    __slots__ = (
        "person",
        "disciplines",
        "heaviest",
        "rating_discipline",
        "cstdcs_backing",
        "effective_rating",
        "inconsistent",
        "history",
        "ldtt_failed",
        "ldtt_core",
        "cstdcs_core",
        "ldtt",
        "cstdcs",
        "upward",
    )

    def __init__(self, person: Person, year: int):
        self.person = person
        disciplines = [d for d in person.disciplines if d.decided_on.year == year]
        self.disciplines = disciplines
        heaviest: Discipline | None = None
        for item in disciplines:
            if heaviest is None or DISCIPLINE_RANK[item.form] > DISCIPLINE_RANK[heaviest.form]:
                heaviest = item
        self.heaviest = heaviest
        # The discipline that makes the year's rating KHTNV: any discipline of the year up to
        # rating year 2025 (NĐ 90/2020/NĐ-CP Điều 2 khoản 5 điểm a, added by NĐ 48/2023/NĐ-CP);
        # from 2026 only one for a violation related to public duties, khiển trách or heavier
        # (NĐ 335/2025/NĐ-CP). A discipline whose reason is not recorded counts as such.
        forcing = heaviest
        if year >= FIRST_YEAR_DUTY_RELATED_DISCIPLINE:
            forcing = None
            for item in disciplines:
                if item.duty_related is not False and (
                    forcing is None or DISCIPLINE_RANK[item.form] > DISCIPLINE_RANK[forcing.form]
                ):
                    forcing = item
        self.rating_discipline = forcing
        self.effective_rating = "KHTNV" if forcing is not None else person.rating
        self.inconsistent = forcing is not None and person.rating not in (None, "KHTNV")
        self.cstdcs_backing = None  # id of the initiative behind this year's CSTĐCS, if any
        self.history: dict[int, HistoryEntry] = {entry.year: entry for entry in person.history}
        # Filled in by the individual checks.
        self.ldtt_failed: tuple[str, ...] = ()
        self.ldtt_core = self.cstdcs_core = self.ldtt = self.cstdcs = False
        self.upward = None  # history states of the upward chains, built on first use
