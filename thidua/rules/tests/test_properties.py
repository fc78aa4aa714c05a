"""Properties of the engine that must hold for any dossier (hypothesis, issue 3 §7)."""

from decimal import Decimal

from hypothesis import given, settings
from hypothesis import strategies as st

from thidua.rules.quota import cap_for
from thidua.rules.tests.builders import collective, initiative, person, run

YEARS = st.sampled_from([2021, 2024])  # one year per regime
RATINGS = st.sampled_from(["HTXSNV", "HTTNV", "HTNV", "KHTNV", None])
FORMS = st.sampled_from(["khien_trach", "canh_cao", "ha_bac_luong", "buoc_thoi_viec"])


@st.composite
def people_facts(draw, year: int, units=("P1",)):
    """Facts of one person in ``year`` (without id)."""
    facts = {
        "collective": draw(st.sampled_from(units)),
        "rating": draw(RATINGS),
        "registered": draw(st.sampled_from([None, "LDTT", "CSTDCS", "CSTD_TINH"])),
        "recruited_on": draw(
            st.sampled_from(
                ["2001-01-01", "2012-03-01", f"{year}-03-01", f"{year}-03-15", f"{year}-08-01"]
            )
        ),
    }
    if draw(st.booleans()):
        facts["disciplines"] = [
            {"form": draw(FORMS), "decided_on": f"{draw(st.sampled_from([year - 1, year]))}-06-01"}
        ]
    if draw(st.booleans()):
        facts["initiatives"] = [
            initiative(
                f"S{n}",
                f"{draw(st.integers(year - 5, year))}-04-04",
                draw(st.sampled_from(["co_so", "tinh", "toan_quoc"])),
            )
            for n in range(draw(st.integers(1, 3)))
        ]
    if draw(st.booleans()):
        facts["history"] = [
            {
                "year": past,
                "rating": draw(RATINGS),
                "titles": draw(
                    st.lists(
                        st.sampled_from(["LDTT", "CSTDCS", "CSTD_TINH", "BK_TINH"]),
                        unique=True,
                        max_size=3,
                    )
                ),
            }
            for past in range(year - 5, year)
            if draw(st.booleans())
        ]
    return facts


@st.composite
def office(draw, units=("P1",)):
    year = draw(YEARS)
    facts = draw(st.lists(people_facts(year, units), max_size=12))
    people = [person(f"CB{index:03d}", **item) for index, item in enumerate(facts)]
    unit_facts = [
        collective(
            ident,
            rating=draw(st.sampled_from(["HTXSNV", "HTTNV"])),
            registered=draw(st.sampled_from(["TTLDTT", "TTLDXS"])),
        )
        for ident in units
    ]
    return year, people, unit_facts


@settings(max_examples=150, deadline=None)
@given(office())
def test_adding_a_member_who_reaches_ldtt_never_loses_a_collective_title(case):
    year, people, units = case
    before = run(people, year=year, collectives=units)["collectives"][0]["titles"]
    newcomer = person("NEW", rating="HTTNV", registered="LDTT")
    after_run = run([*people, newcomer], year=year, collectives=units)
    assert after_run["people"][-1]["titles"]["LDTT"]["eligible"] is True
    after = after_run["collectives"][0]["titles"]
    for title in ("TTLDTT", "TTLDXS"):
        assert after[title]["eligible"] >= before[title]["eligible"], title


@settings(max_examples=300, deadline=None)
@given(
    st.decimals(min_value=0, max_value=100, places=2),
    st.integers(0, 500),
    st.integers(0, 500),
    st.sampled_from(["down", "up", "nearest"]),
)
def test_raising_the_number_of_ldtt_never_lowers_the_cap(percent, ldtt, more, rounding):
    assert cap_for(percent, ldtt + more, rounding) >= cap_for(percent, ldtt, rounding)


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 30), st.integers(1, 10), st.sampled_from(["down", "up", "nearest"]))
def test_raising_the_number_of_ldtt_never_lowers_the_cap_in_a_run(ldtt, more, rounding):
    settings_ = {"cstdcs_cap_percent": 15, "cap_rounding": rounding}

    def cap(count):
        people = [person(f"C{i}") for i in range(count)]
        return run(people, settings=settings_)["quotas"]["CSTDCS"]["cap"]

    assert cap(ldtt + more) >= cap(ldtt)
    assert cap(ldtt) == cap_for(Decimal(15), ldtt, rounding)


@settings(max_examples=100, deadline=None)
@given(office(units=("P1", "P2")), st.randoms(use_true_random=False))
def test_results_do_not_depend_on_the_order_of_people(case, random):
    year, people, units = case
    shuffled = list(people)
    random.shuffle(shuffled)
    first = run(people, year=year, collectives=units)
    second = run(shuffled, year=year, collectives=list(reversed(units)))
    by_id = lambda items: {item["id"]: item for item in items}  # noqa: E731
    assert by_id(first["people"]) == by_id(second["people"])
    assert by_id(first["collectives"]) == by_id(second["collectives"])
    assert first["quotas"] == second["quotas"]


@settings(max_examples=60, deadline=None)
@given(office(units=("P1", "P2")))
def test_a_persons_results_are_the_same_alone_or_in_a_crowd(case):
    """Shared (cached) check results never leak one person's facts into another's reasons."""
    year, people, units = case
    crowd = run(people, year=year, collectives=units)["people"]
    for entry, facts in zip(crowd, people, strict=True):
        alone = run([facts], year=year, collectives=units)["people"][0]
        for key in ("titles", "upward", "flags"):
            assert entry[key] == alone[key], (facts["id"], key)
