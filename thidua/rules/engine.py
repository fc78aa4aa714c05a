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
from thidua.rules.money import base_salary, coefficients_on, money_basis, reward_amount
from thidua.rules.params import DEFAULTS, regime_for_year
from thidua.rules.quota import cstdcs_quota, number_out
from thidua.rules.upward import UPWARD_CHECKS


def evaluate_data(data, *, year: int | None = None, regime: str | None = None) -> dict:
    """Parse decoded JSON (raising InputError on bad input) and evaluate it."""
    return evaluate(parse_dossier(data, year=year, regime=regime))


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

    quota = cstdcs_quota(ldtt_count, cstdcs_count, dossier.settings, ctx.basis["CSTDCS_QUOTA"])
    return {
        "year": dossier.year,
        "regime": regime,
        "regime_default": regime_for_year(dossier.year) == regime,
        "settings": _settings_out(dossier),
        "decision_date": dossier.decision_date.isoformat() if dossier.decision_date else None,
        "reward": money.summary(),
        "people": people_out,
        "collectives": collectives_out,
        "quotas": {"CSTDCS": quota},
    }


def _flags(f: PersonFacts, ctx: Context) -> list[str]:
    """Inconsistencies in the record that a person should correct (§3.3a)."""
    if not f.inconsistent:
        return []
    return [
        f"Hồ sơ không nhất quán: {discipline_reason(f).lower()} trong năm {ctx.year} nhưng xếp "
        f"loại {f.person.rating}; người bị kỷ luật trong năm được tính là KHTNV"
    ]


def _settings_out(dossier: Dossier) -> dict:
    settings = dossier.settings
    out = {key: getattr(settings, key) for key in DEFAULTS[dossier.regime]}
    out["cstdcs_cap_percent"] = number_out(settings.cstdcs_cap_percent)
    on = dossier.decision_date or date(dossier.year + 1, 1, 1)
    table = coefficients_on(on, settings.reward_coefficients)
    out["reward_coefficients"] = {title: number_out(value) for title, value in table.items()}
    return out


class _Money:
    """Reward money for eligible titles, when the dossier has a decision date (§3.4)."""

    def __init__(self, dossier: Dossier):
        self.on = dossier.decision_date
        self.amounts: dict[str, int] = {}
        if self.on is None:
            self.salary = None
            return
        self.salary, self.decree = base_salary(self.on)
        table = coefficients_on(self.on, dossier.settings.reward_coefficients)
        for title in ("LDTT", "CSTDCS", *COLLECTIVE_TITLES):
            self.amounts[title] = reward_amount(table[title], self.salary)

    def rewards(self, titles: dict) -> dict:
        if self.salary is None:
            return {}
        return {
            title: self.amounts[title] for title, result in titles.items() if result["eligible"]
        }

    def summary(self) -> dict | None:
        if self.salary is None:
            return None
        return {
            "decision_date": self.on.isoformat(),
            "base_salary_vnd": self.salary,
            "amounts_vnd": dict(self.amounts),
            "basis": money_basis(self.on),
        }
