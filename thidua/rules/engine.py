"""The engine's entry points: evaluate a parsed dossier, or decoded JSON, into the result dict.

One run computes, in this order: each person's facts and individual titles (LĐTT, then
CSTĐCS, which needs LĐTT), the upward screenings, then each collective from its members'
results, the CSTĐCS quota and, when a decision date is given, the reward money. Nothing
depends on the order of people or collectives in the input; the output keeps the input order.
See FORMAT.md for the exact shape of the result.
"""

from datetime import date

from thidua.rules.codes import COLLECTIVE_TITLES
from thidua.rules.collective import TTLDTT_CHECKS, TTLDXS_CHECKS, MemberStats
from thidua.rules.common import gc_paused, title_result
from thidua.rules.facts import Context, PersonFacts
from thidua.rules.individual import CSTDCS_CHECKS, LDTT_CHECKS, discipline_reason
from thidua.rules.inputs import Dossier, parse_dossier
from thidua.rules.money import (
    base_salary,
    coefficients_on,
    highest_only_rule,
    money_basis,
    paid_titles,
    reward_amount,
    rounding_step,
)
from thidua.rules.parameters import LegalParameters
from thidua.rules.params import DEFAULTS, regime_for_year
from thidua.rules.quota import cstdcs_quota, number_out
from thidua.rules.upward import UPWARD_CHECKS


def evaluate_data(
    data,
    *,
    year: int | None = None,
    regime: str | None = None,
    parameters: LegalParameters | None = None,
) -> dict:
    """Parse decoded JSON (raising InputError on bad input) and evaluate it, with the legal
    parameter table ``parameters`` (the seeds when not given)."""
    return evaluate(parse_dossier(data, year=year, regime=regime, parameters=parameters))


def evaluate(dossier: Dossier) -> dict:
    """Every title of every subject, with its checks, plus the quota and reward money."""
    with gc_paused():
        return _evaluate(dossier)


def _evaluate(dossier: Dossier) -> dict:
    ctx = Context(dossier)
    regime = dossier.regime
    ldtt_checks = LDTT_CHECKS[regime]
    cstdcs_checks = CSTDCS_CHECKS[regime]
    upward_checks = tuple(UPWARD_CHECKS[regime].items())
    money = _Money(dossier)
    stats = {collective.id: MemberStats() for collective in dossier.collectives}

    people_out = []
    ldtt_count = cstdcs_count = 0
    for person in dossier.people:
        f = PersonFacts(person, dossier.year)
        ldtt = [rule(f, ctx) for rule in ldtt_checks]
        # The first check of LĐTT and CSTĐCS is registration; "core" means without it.
        f.ldtt_failed = tuple(item["rule"] for item in ldtt[1:] if not item["passed"])
        f.ldtt_core = not f.ldtt_failed
        f.ldtt = f.ldtt_core and ldtt[0]["passed"]
        cstdcs = [rule(f, ctx) for rule in cstdcs_checks]
        f.cstdcs_core = all(item["passed"] for item in cstdcs[1:])
        f.cstdcs = f.cstdcs_core and cstdcs[0]["passed"]
        ldtt_count += f.ldtt
        cstdcs_count += f.cstdcs
        upward = {
            title: title_result([rule(f, ctx) for rule in rules]) for title, rules in upward_checks
        }
        titles = {"LDTT": title_result(ldtt), "CSTDCS": title_result(cstdcs)}
        if person.collective is not None:
            stats[person.collective].add(f)
        people_out.append(
            {
                "id": person.id,
                "name": person.name,
                "collective": person.collective,
                "titles": titles,
                "upward": upward,
                "flags": _flags(f, ctx),
                "reward_vnd": money.rewards(titles),
            }
        )

    collectives_out = []
    for collective in dossier.collectives:
        members = stats[collective.id]
        titles = {
            "TTLDTT": title_result(
                [rule(collective, members, ctx) for rule in TTLDTT_CHECKS[regime]]
            ),
            "TTLDXS": title_result(
                [rule(collective, members, ctx) for rule in TTLDXS_CHECKS[regime]]
            ),
        }
        collectives_out.append(
            {
                "id": collective.id,
                "name": collective.name,
                "member_count": members.count,
                "titles": titles,
                "reward_vnd": money.rewards(titles),
            }
        )

    quota = cstdcs_quota(
        ldtt_count,
        cstdcs_count,
        dossier.settings,
        ctx.basis["CSTDCS_QUOTA"],
        local=regime == "vn2022",
    )
    return {
        "year": dossier.year,
        "regime": regime,
        "regime_default": regime_for_year(dossier.year, dossier.parameters) == regime,
        "settings": _settings_out(dossier),
        "decision_date": dossier.decision_date.isoformat() if dossier.decision_date else None,
        "reward": money.summary(),
        "people": people_out,
        "collectives": collectives_out,
        "quotas": {"CSTDCS": quota},
        "warnings": money.warnings(),
    }


def _flags(f: PersonFacts, ctx: Context) -> list[str]:
    """Inconsistencies in the record that a person should correct (§3.3a)."""
    if not f.inconsistent:
        return []
    if f.rating_discipline is not f.heaviest:
        # From 2026 a heavier discipline unrelated to public duties may sit beside the one
        # that forces KHTNV; name the latter.
        return [
            f"Hồ sơ không nhất quán: {discipline_reason(f, f.rating_discipline).lower()} trong "
            f"năm {ctx.year} nhưng xếp loại {f.person.rating}; người bị kỷ luật vì vi phạm "
            "liên quan đến hoạt động công vụ được tính là KHTNV"
        ]
    return [
        f"Hồ sơ không nhất quán: {discipline_reason(f).lower()} trong năm {ctx.year} nhưng xếp "
        f"loại {f.person.rating}; người bị kỷ luật trong năm được tính là KHTNV"
    ]


def _settings_out(dossier: Dossier) -> dict:
    settings = dossier.settings
    out = {key: getattr(settings, key) for key in DEFAULTS[dossier.regime]}
    out["cstdcs_cap_percent"] = number_out(settings.cstdcs_cap_percent)
    on = dossier.decision_date or date(dossier.year + 1, 1, 1)
    table = coefficients_on(on, settings.reward_coefficients, dossier.parameters)
    out["reward_coefficients"] = {title: number_out(value) for title, value in table.items()}
    out["base_salary_vnd"] = settings.base_salary_vnd
    return out


class _Money:
    """Reward money for eligible titles, when the dossier has a decision date (§3.4)."""

    def __init__(self, dossier: Dossier):
        self.on = dossier.decision_date
        self.params = dossier.parameters
        self.override = dossier.settings.base_salary_vnd
        self.amounts: dict[str, int] = {}
        if self.on is None:
            self.salary = None
            return
        # What the dossier gives wins over the table.
        if self.override is not None:
            self.salary = self.override
        else:
            self.salary = base_salary(self.on, self.params)[0]
        table = coefficients_on(self.on, dossier.settings.reward_coefficients, self.params)
        step = rounding_step(self.on, self.params)
        for title in ("LDTT", "CSTDCS", *COLLECTIVE_TITLES):
            self.amounts[title] = reward_amount(table[title], self.salary, step=step)

    def warnings(self) -> list[str]:
        if self.on is None:
            return []
        warning = self.params.staleness_warning(self.on)
        return [warning] if warning else []

    def rewards(self, titles: dict) -> dict:
        """Money for the subject's eligible titles, all of one evaluation year: from
        01/07/2025 only the highest of them is paid (NĐ 152/2025/NĐ-CP Điều 49 khoản 5)."""
        if self.salary is None:
            return {}
        eligible = [title for title, result in titles.items() if result["eligible"]]
        paid = paid_titles(eligible, self.on, self.params)
        return {title: self.amounts[title] for title in eligible if title in paid}

    def summary(self) -> dict | None:
        if self.salary is None:
            return None
        return {
            "decision_date": self.on.isoformat(),
            "base_salary_vnd": self.salary,
            "amounts_vnd": dict(self.amounts),
            "same_period_highest_only": highest_only_rule(self.on, self.params) is not None,
            "basis": money_basis(self.on, self.params, self.override),
        }
