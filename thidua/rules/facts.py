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
from thidua.rules.params import BASIS, setting_text


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
        self._checks: dict[tuple, dict] = {}

    def shared_check(self, key: tuple, rule: str, passed: bool, reason: str, basis: str, alt=None):
        """A check result, built once per distinct ``key`` in this run."""
        found = self._checks.get(key)
        if found is None:
            found = self._checks[key] = check(rule, passed, reason, basis, alt)
        return found

    def cached(self, key: tuple):
        return self._checks.get(key)

    def store(self, key: tuple, value: dict) -> dict:
        self._checks[key] = value
        return value

    def with_setting(self, basis_key: str, setting: str) -> str:
        """A title's citation followed by the parameter value used."""
        value = getattr(self.settings, setting)
        return f"{self.basis[basis_key]}; tham số {setting} = {setting_text(value)}"


class PersonFacts:
    """Derived facts of one person for the evaluation year."""

    __slots__ = (
        "person",
        "disciplines",
        "heaviest",
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
        # DOMAIN.md §3.3a: a person disciplined in the year counts as KHTNV everywhere.
        self.effective_rating = "KHTNV" if heaviest is not None else person.rating
        self.inconsistent = heaviest is not None and person.rating not in (None, "KHTNV")
        self.history: dict[int, HistoryEntry] = {entry.year: entry for entry in person.history}
        # Filled in by the individual checks.
        self.ldtt_failed: tuple[str, ...] = ()
        self.ldtt_core = self.cstdcs_core = self.ldtt = self.cstdcs = False
        self.upward = None  # history states of the upward chains, built on first use
