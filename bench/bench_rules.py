"""Benchmark of the rules engine: 100,000 people in 2,000 collectives, 5 years of history each.

Run from the repository root: ``python bench/bench_rules.py [--people N] [--year Y]``. The
dossier is synthesised with a fixed random seed and a realistic mix of facts (ratings,
registrations, recruits of the year, disciplines, leaves, trainings, initiatives, research
topics, history), then parsed and evaluated in one run. Prints wall and CPU times (evaluation alone,
parse + evaluate) and peak memory (ru_maxrss). Goal (issue 3): evaluation under 5 s on one core,
memory under 1 GB. Needs no Django.
"""

import argparse
import gc
import json
import random
import resource
import sys
import time
import tracemalloc
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from thidua.rules import evaluate, parse_dossier  # noqa: E402

SEED = 20210203
RATINGS = (("HTXSNV", 20), ("HTTNV", 60), ("HTNV", 15), ("KHTNV", 5))
REGISTRATIONS = (("LDTT", 55), ("CSTDCS", 30), ("CSTD_TINH", 5), (None, 10))


def _pick(rng: random.Random, table):
    values = [value for value, _ in table]
    weights = [weight for _, weight in table]
    return rng.choices(values, weights)[0]


def _day(rng: random.Random, year: int) -> date:
    return date(year, 1, 1) + timedelta(days=rng.randrange(365))


def synthesise(people: int, collectives: int, year: int, seed: int = SEED) -> dict:
    """A dossier as decoded JSON (strings for dates), deterministic for a given seed."""
    rng = random.Random(seed)
    units = [
        {
            "id": f"P{index:04d}",
            "name": f"Phòng {index}",
            "rating": _pick(rng, RATINGS[:3]),
            "emulation_effective": rng.random() < 0.95,
            "solidarity": rng.random() < 0.97,
            "registered": rng.choice(("TTLDTT", "TTLDXS", "TTLDXS")),
        }
        for index in range(collectives)
    ]
    rows = []
    for index in range(people):
        recruit_this_year = rng.random() < 0.08
        recruited = _day(rng, year) if recruit_this_year else _day(rng, rng.randint(1990, year - 1))
        person = {
            "id": f"CB{index:06d}",
            "name": f"Cán bộ {index}",
            "collective": units[index % collectives]["id"],
            "recruited_on": recruited.isoformat(),
            "rating": _pick(rng, RATINGS),
            "registered": _pick(rng, REGISTRATIONS),
        }
        if rng.random() < 0.03:
            form = rng.choice(("khien_trach", "khien_trach", "canh_cao", "ha_bac_luong"))
            person["disciplines"] = [{"form": form, "decided_on": _day(rng, year).isoformat()}]
        if rng.random() < 0.15:
            start = _day(rng, year)
            kind = rng.choice(("maternity", "injury_on_duty", "sick", "personal", "other"))
            end = start + timedelta(days=rng.randint(1, 180))
            person["leaves"] = [{"kind": kind, "start": start.isoformat(), "end": end.isoformat()}]
        if rng.random() < 0.05:
            start = _day(rng, year - 1)
            end = start + timedelta(days=rng.choice((90, 200, 400, 700)))
            result = rng.choice(("xuat_sac", "gioi", "kha", "trung_binh", None))
            person["trainings"] = [
                {"start": start.isoformat(), "end": end.isoformat(), "result": result}
            ]
        initiatives = []
        for number in range(rng.choice((0, 0, 0, 1, 1, 2, 3))):
            recognised_year = rng.randint(year - 5, year)
            used = None
            if recognised_year < year and rng.random() < 0.3:
                used = {"year": recognised_year, "title": "CSTDCS"}
            initiatives.append(
                {
                    "id": f"SK-{index}-{number}",
                    "level": _pick(rng, (("co_so", 85), ("tinh", 12), ("toan_quoc", 3))),
                    "recognized_on": _day(rng, recognised_year).isoformat(),
                    "used_for": used,
                }
            )
        person["initiatives"] = initiatives
        if rng.random() < 0.05:
            person["research_topics"] = [
                {
                    "id": f"DT-{index}",
                    "accepted_on": _day(rng, year).isoformat(),
                    "applied": rng.random() < 0.7,
                }
            ]
        history = []
        for past in range(year - 5, year):
            titles = []
            if rng.random() < 0.8:
                titles.append("LDTT")
                if rng.random() < 0.25:
                    titles.append("CSTDCS")
                    if rng.random() < 0.1:
                        titles.append("CSTD_TINH")
            if rng.random() < 0.04:
                titles.append("BK_TINH")
            history.append({"year": past, "rating": _pick(rng, RATINGS), "titles": titles})
        person["history"] = history
        rows.append(person)
    return {
        "year": year,
        "decision_date": f"{year + 1}-01-15",
        "collectives": units,
        "people": rows,
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--people", type=int, default=100_000)
    parser.add_argument("--collectives", type=int, default=None)
    parser.add_argument("--year", type=int, default=2021)
    parser.add_argument("--json", action="store_true", help="also time json.dumps of the result")
    parser.add_argument(
        "--tracemalloc",
        action="store_true",
        help="also trace the memory the evaluation allocates (slower; timings then inflated)",
    )
    args = parser.parse_args(argv)
    collectives = args.collectives or max(1, args.people // 50)

    started = time.perf_counter()
    data = synthesise(args.people, collectives, args.year)
    synthesised = time.perf_counter() - started

    gc.collect()
    started, cpu = time.perf_counter(), time.process_time()
    dossier = parse_dossier(data)
    parsed, parsed_cpu = time.perf_counter() - started, time.process_time() - cpu
    del data
    gc.collect()

    if args.tracemalloc:
        tracemalloc.start()
    started, cpu = time.perf_counter(), time.process_time()
    result = evaluate(dossier)
    evaluated, evaluated_cpu = time.perf_counter() - started, time.process_time() - cpu
    traced = tracemalloc.get_traced_memory() if args.tracemalloc else None
    tracemalloc.stop()

    rows = [
        ("people / collectives", f"{args.people:,} / {collectives:,}"),
        ("regime", result["regime"]),
        ("synthesise (not counted)", f"{synthesised:.2f} s"),
        ("parse (wall / CPU)", f"{parsed:.2f} s / {parsed_cpu:.2f} s"),
        ("evaluate (wall / CPU)", f"{evaluated:.2f} s / {evaluated_cpu:.2f} s"),
        (
            "parse + evaluate (wall / CPU)",
            f"{parsed + evaluated:.2f} s / {parsed_cpu + evaluated_cpu:.2f} s",
        ),
    ]
    if args.json:
        started = time.perf_counter()
        size = len(json.dumps(result, ensure_ascii=False))
        rows.append(
            (
                "json.dumps (not counted)",
                f"{time.perf_counter() - started:.2f} s, {size / 1e6:.0f} MB",
            )
        )
    if traced:
        rows.append(
            (
                "evaluation allocations (tracemalloc)",
                f"{traced[0] / 2**20:.0f} MiB kept, {traced[1] / 2**20:.0f} MiB peak",
            )
        )
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss  # KiB on Linux
    rows.append(("peak memory (ru_maxrss)", f"{peak_kib / 1024:.0f} MiB"))
    quota = result["quotas"]["CSTDCS"]
    eligible = sum(p["titles"]["LDTT"]["eligible"] for p in result["people"])
    rows.append(("LĐTT / CSTĐCS eligible", f"{eligible:,} / {quota['eligible_count']:,}"))
    width = max(len(label) for label, _ in rows)
    for label, value in rows:
        print(f"{label:<{width}}  {value}")


if __name__ == "__main__":
    main()
