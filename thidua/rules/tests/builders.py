"""Builders of small dossiers for the rules engine tests (plain dicts, as decoded JSON)."""

from thidua.rules import evaluate_data


def person(ident="CB001", **facts) -> dict:
    """A person who reaches LĐTT under both regimes unless ``facts`` say otherwise."""
    record = {
        "id": ident,
        "name": f"Người {ident}",
        "collective": "P1",
        "recruited_on": "2010-01-01",
        "rating": "HTTNV",
        "registered": "CSTDCS",
    }
    record.update(facts)
    return record


def collective(ident="P1", **facts) -> dict:
    """A collective meeting every non-member criterion of TTLĐXS unless told otherwise."""
    record = {
        "id": ident,
        "name": f"Phòng {ident}",
        "rating": "HTXSNV",
        "emulation_effective": True,
        "solidarity": True,
        "registered": "TTLDXS",
    }
    record.update(facts)
    return record


def initiative(ident="SK-1", recognized_on="2021-06-01", level="co_so", used_for=None) -> dict:
    return {"id": ident, "level": level, "recognized_on": recognized_on, "used_for": used_for}


def history(year, rating="HTTNV", *titles) -> dict:
    return {"year": year, "rating": rating, "titles": list(titles)}


def run(people, year=2021, collectives=None, **top) -> dict:
    data = {
        "year": year,
        "collectives": [collective()] if collectives is None else collectives,
        "people": people,
        **top,
    }
    return evaluate_data(data)


def run_one(year=2021, regime=None, settings=None, **facts) -> dict:
    """The result of a single person (alone in collective P1)."""
    top = {}
    if regime:
        top["regime"] = regime
    if settings:
        top["settings"] = settings
    return run([person(**facts)], year=year, **top)["people"][0]


def rule_of(title_result: dict, rule: str) -> dict:
    matches = [item for item in title_result["checks"] if item["rule"] == rule]
    assert len(matches) == 1, f"{rule} not exactly once in {title_result['checks']}"
    return matches[0]


def rules(title_result: dict) -> list[str]:
    return [item["rule"] for item in title_result["checks"]]


# Years that select each regime by default.
YEAR = {"vn2013": 2021, "vn2022": 2024}
