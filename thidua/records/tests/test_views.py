"""Pages of the yearly records: who may read and write, corrections with reasons, withdrawals,
flags and histories as a user sees them."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.records import services
from thidua.records.models import (
    CollectiveRecord,
    Discipline,
    Leave,
    PersonRating,
    ResearchTopic,
    Training,
)

pytestmark = pytest.mark.usefixtures("module_world")

YEAR = 2025
READERS_OF_P04 = {"head", "secretariat", "admin", "division_head", "staff"}
EDITORS = {"secretariat", "admin"}
PERSONAS = [
    "head",
    "secretariat",
    "division_head",
    "staff",
    "council_member",
    "initiative_member",
    "union_rep",
    "admin",
    "other_agency",
]


def page(staff_code="P04", year=YEAR):
    return reverse("records:person_year", kwargs={"staff_code": staff_code, "year": year})


def _state():
    return (
        PersonRating.objects.count(),
        list(PersonRating.objects.values_list("rating", "superseded_at")),
        Discipline.objects.count(),
        Leave.objects.count(),
        Training.objects.count(),
        ResearchTopic.objects.count(),
        list(Discipline.objects.values_list("withdrawn_at", flat=True)),
        CollectiveRecord.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.fixture
def discipline(people):
    return services.discipline_add(
        actor=None,
        person=people["staff"],
        form="khien_trach",
        decision_number="15/QĐ-VP",
        decided_on=dt.date(YEAR, 5, 10),
    )


# --- Reading ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", PERSONAS)
def test_person_page_readers(client_for, persona):
    response = client_for(persona).get(page())
    assert response.status_code == (200 if persona in READERS_OF_P04 else 403)


def test_division_head_cannot_open_another_division_by_changing_the_url(client_for, people):
    """P07 works in ND; the head of QH is refused, and so is the overview."""
    client = client_for("division_head")
    assert client.get(page("P07")).status_code == 403
    assert client.get(reverse("records:year_overview", kwargs={"year": YEAR})).status_code == 403


def test_the_person_reads_without_forms(client_for, people):
    services.record_rating_set(actor=None, person=people["staff"], year=YEAR, rating="HTTNV")
    html = client_for("staff").get(page()).content.decode()
    assert "HTTNV" in html
    assert "Chỉ xem" in html
    assert 'name="rating-rating"' not in html
    assert "Huỷ mục này" not in html


def test_editor_sees_forms(client_for, people):
    html = client_for("secretariat").get(page()).content.decode()
    for name in (
        "rating-rating",
        "ky-luat-decided_on",
        "nghi-start",
        "dao-tao-end",
        "de-tai-title",
    ):
        assert f'name="{name}"' in html


def test_unknown_year_or_person_is_not_found(client_for, people):
    client = client_for("secretariat")
    assert client.get(page("NOPE")).status_code == 404
    assert client.get(page(year=1800)).status_code == 404


# --- Rating and its corrections --------------------------------------------------------------


def test_secretariat_sets_then_corrects_with_reason_and_history_shows_both(client_for, people):
    client = client_for("secretariat")
    url = reverse("records:rating_set", kwargs={"staff_code": "P04", "year": YEAR})
    assert client.post(url, {"rating-rating": "HTTNV"}).status_code == 302
    response = client.post(
        url, {"rating-rating": "HTXSNV", "rating-reason": "Hội đồng rà soát lại"}
    )
    assert response.status_code == 302
    versions = list(PersonRating.objects.filter(person=people["staff"]).order_by("id"))
    assert [(v.rating, v.is_current) for v in versions] == [("HTTNV", False), ("HTXSNV", True)]
    assert versions[1].reason == "Hội đồng rà soát lại"
    assert versions[1].recorded_by.username == "secretariat"
    html = client.get(page()).content.decode()
    history = html[html.index('id="rating-history"') :]
    assert "Hội đồng rà soát lại" in history
    assert "Phạm Thị Ngọc Lan" in history
    assert "Đã thay thế lúc" in history
    # The person sees the same history.
    assert "Hội đồng rà soát lại" in client_for("staff").get(page()).content.decode()


def test_correction_without_reason_is_refused_and_keeps_the_choice(client_for, people):
    services.record_rating_set(actor=None, person=people["staff"], year=YEAR, rating="HTTNV")
    before = _state()
    response = client_for("secretariat").post(
        reverse("records:rating_set", kwargs={"staff_code": "P04", "year": YEAR}),
        {"rating-rating": "HTNV", "rating-reason": "  "},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "muốn điều chỉnh phải ghi lý do" in html
    assert 'id="id_rating-reason_error"' in html
    assert '<option value="HTNV" selected>' in html
    assert _state() == before


def test_setting_the_same_rating_writes_nothing(client_for, people):
    services.record_rating_set(actor=None, person=people["staff"], year=YEAR, rating="HTTNV")
    before = _state()
    response = client_for("admin").post(
        reverse("records:rating_set", kwargs={"staff_code": "P04", "year": YEAR}),
        {"rating-rating": "HTTNV"},
    )
    assert response.status_code == 302
    assert _state() == before


# --- Facts -----------------------------------------------------------------------------------


def test_add_leave_keeps_input_and_names_the_field_on_error(client_for, people):
    client = client_for("secretariat")
    url = reverse("records:fact_add", kwargs={"staff_code": "P04", "year": YEAR, "kind": "nghi"})
    response = client.post(
        url, {"nghi-kind": "sick", "nghi-start": "10/03/2025", "nghi-end": "01/03/2025"}
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert "Ngày kết thúc (01/03/2025) trước ngày bắt đầu (10/03/2025)." in html
    assert 'id="id_nghi-end_error"' in html
    assert 'value="10/03/2025"' in html
    assert Leave.objects.count() == 0
    response = client.post(
        url, {"nghi-kind": "sick", "nghi-start": "01/03/2025", "nghi-end": "10/03/2025"}
    )
    assert response.status_code == 302
    leave = Leave.objects.get()
    assert (leave.year, leave.start, leave.end) == (YEAR, dt.date(2025, 3, 1), dt.date(2025, 3, 10))
    assert "01/03/2025–10/03/2025" in client.get(page()).content.decode()


def test_discipline_dated_in_another_year_is_refused(client_for, people):
    response = client_for("secretariat").post(
        reverse("records:fact_add", kwargs={"staff_code": "P04", "year": YEAR, "kind": "ky-luat"}),
        {
            "ky-luat-form": "canh_cao",
            "ky-luat-decision_number": "9/QĐ",
            "ky-luat-decided_on": "02/01/2026",
        },
    )
    assert response.status_code == 200
    assert "không thuộc năm 2025" in response.content.decode()
    assert Discipline.objects.count() == 0


@pytest.mark.parametrize(
    ("kind", "data", "model"),
    [
        (
            "ky-luat",
            {"form": "canh_cao", "decision_number": "9/QĐ", "decided_on": "02/02/2025"},
            Discipline,
        ),
        ("dao-tao", {"name": "QLNN", "start": "01/04/2025", "end": "30/06/2025"}, Training),
        ("de-tai", {"title": "Số hoá hồ sơ", "accepted_on": "01/09/2025"}, ResearchTopic),
    ],
    ids=["discipline", "training", "research-topic"],
)
def test_admin_adds_each_kind_with_an_audit_event(client_for, people, kind, data, model):
    url = reverse("records:fact_add", kwargs={"staff_code": "P04", "year": YEAR, "kind": kind})
    response = client_for("admin").post(url, {f"{kind}-{k}": v for k, v in data.items()})
    assert response.status_code == 302
    row = model.objects.get()
    assert row.person == people["staff"] and row.recorded_by.username == "admin"
    assert AuditEvent.objects.filter(action__endswith="_add").count() == 1


def test_withdraw_needs_a_reason_then_shows_struck_with_the_reason(client_for, discipline):
    client = client_for("secretariat")
    url = reverse(
        "records:fact_withdraw",
        kwargs={"staff_code": "P04", "year": YEAR, "kind": "ky-luat", "pk": discipline.pk},
    )
    key = f"withdraw-ky-luat-{discipline.pk}-reason"
    response = client.post(url, {key: ""})
    assert response.status_code == 200
    assert f'id="id_{key}_error"' in response.content.decode()
    discipline.refresh_from_db()
    assert not discipline.is_withdrawn
    assert client.post(url, {key: "Nhập nhầm người"}).status_code == 302
    discipline.refresh_from_db()
    assert discipline.is_withdrawn and discipline.withdrawn_reason == "Nhập nhầm người"
    html = client.get(page()).content.decode()
    assert "<del>" in html and "Lý do: Nhập nhầm người" in html
    # Withdrawing twice is refused with the reason named.
    response = client.post(url, {key: "Lần nữa"}, follow=True)
    assert "đã được huỷ trước đó" in response.content.decode()
    discipline.refresh_from_db()
    assert discipline.withdrawn_reason == "Nhập nhầm người"


def test_withdraw_of_another_persons_fact_is_not_found(client_for, people, discipline):
    url = reverse(
        "records:fact_withdraw",
        kwargs={"staff_code": "P07", "year": YEAR, "kind": "ky-luat", "pk": discipline.pk},
    )
    key = f"withdraw-ky-luat-{discipline.pk}-reason"
    assert client_for("secretariat").post(url, {key: "x"}).status_code == 404
    discipline.refresh_from_db()
    assert not discipline.is_withdrawn


# --- Refusals change nothing -----------------------------------------------------------------

POSTS = {
    "rating": ("records:rating_set", {}, {"rating-rating": "HTXSNV"}),
    "fact": (
        "records:fact_add",
        {"kind": "nghi"},
        {"nghi-kind": "sick", "nghi-start": "01/03/2025", "nghi-end": "02/03/2025"},
    ),
    "withdraw": ("records:fact_withdraw", {"kind": "ky-luat", "pk": "DISCIPLINE"}, "WITHDRAW"),
}
REFUSED = [
    (action, persona, code)
    for action in POSTS
    for persona in sorted(set(PERSONAS) - EDITORS)
    for code in ("P04", "P07")
]


@pytest.mark.parametrize(
    ("action", "persona", "staff_code"),
    REFUSED,
    ids=[f"{a}-{p}-{c}" for a, p, c in REFUSED],
)
def test_refused_writes_answer_403_and_change_nothing(
    client_for, people, discipline, action, persona, staff_code
):
    name, kwargs, data = POSTS[action]
    kwargs = {k: discipline.pk if v == "DISCIPLINE" else v for k, v in kwargs.items()}
    if data == "WITHDRAW":
        data = {f"withdraw-ky-luat-{discipline.pk}-reason": "Sai"}
    before = _state()
    url = reverse(name, kwargs={"staff_code": staff_code, "year": YEAR, **kwargs})
    response = client_for(persona).post(url, data)
    assert response.status_code == 403
    assert _state() == before


@pytest.mark.parametrize("name", ["records:rating_set", "records:fact_add"])
def test_writes_are_post_only(client_for, people, name):
    kwargs = {"staff_code": "P04", "year": YEAR}
    if name == "records:fact_add":
        kwargs["kind"] = "nghi"
    assert client_for("secretariat").get(reverse(name, kwargs=kwargs)).status_code == 405


# --- Flags and the year overview -------------------------------------------------------------


def test_flags_shown_on_the_person_page_and_the_overview(client_for, people, discipline):
    services.record_rating_set(actor=None, person=people["staff"], year=YEAR, rating="HTTNV")
    services.leave_add(
        actor=None,
        person=people["nd_staff"],
        year=YEAR,
        kind="sick",
        start=dt.date(2024, 3, 1),
        end=dt.date(2024, 3, 5),
    )
    client = client_for("secretariat")
    html = client.get(page()).content.decode()
    assert 'data-flag="discipline_rating"' in html
    assert "phải xếp loại KHTNV" in html
    overview = client.get(reverse("records:year_overview", kwargs={"year": YEAR}))
    html = overview.content.decode()
    assert "2 mâu thuẫn cần xử lý" in html
    assert 'data-flag="leave_outside_year"' in html and "01/03/2024–05/03/2024" in html
    # Only the division: ND's flag is left out.
    filtered = client.get(
        reverse("records:year_overview", kwargs={"year": YEAR}), {"unit": "QH"}
    ).content.decode()
    assert 'data-flag="discipline_rating"' in filtered
    assert 'data-flag="leave_outside_year"' not in filtered
    assert "Lê Thị Ánh Nguyệt" not in filtered and "Đặng Quốc Bảo" in filtered


def test_overview_lists_everyone_with_rating_and_counts(client_for, people, discipline):
    services.record_rating_set(actor=None, person=people["staff"], year=YEAR, rating="KHTNV")
    response = client_for("head").get(reverse("records:year_overview", kwargs={"year": YEAR}))
    assert response.status_code == 200
    rows = {r["person"].staff_code: r for r in response.context["rows"]}
    assert set(rows) == {"P01", "P02", "P03", "P04", "P05", "P06", "P07", "P08", "P09"}
    assert (rows["P04"]["rating"], rows["P04"]["disciplines"], rows["P04"]["flagged"]) == (
        "KHTNV",
        1,
        False,
    )
    assert rows["P07"]["rating"] == ""
    assert page("P04") in response.content.decode()


def test_overview_htmx_renders_the_results_partial(client_for, people):
    response = client_for("secretariat").get(
        reverse("records:year_overview", kwargs={"year": YEAR}),
        {"unit": "ND"},
        HTTP_HX_REQUEST="true",
    )
    html = response.content.decode()
    assert html.lstrip().startswith('<div id="results">')
    assert "<html" not in html


@pytest.mark.parametrize("persona", PERSONAS)
def test_overview_readers(client_for, people, persona):
    response = client_for(persona).get(reverse("records:year_overview", kwargs={"year": YEAR}))
    allowed = {"head", "secretariat", "admin", "other_agency"}
    assert response.status_code == (200 if persona in allowed else 403)
    if persona == "other_agency":
        assert "Đặng Quốc Bảo" not in response.content.decode()


# --- Collective records ----------------------------------------------------------------------


def collective(code="QH", year=YEAR):
    return reverse("records:collective_year", kwargs={"code": code, "year": year})


def test_collective_record_set_corrected_with_reason_and_history(client_for, people):
    client = client_for("secretariat")
    data = {"rating": "HTXSNV", "emulation_effective": "1", "solidarity": "1"}
    assert client.post(collective(), data).status_code == 302
    response = client.post(collective(), {**data, "solidarity": "0"})
    assert response.status_code == 200
    assert "phải ghi lý do" in response.content.decode()
    assert CollectiveRecord.objects.count() == 1
    response = client.post(collective(), {**data, "solidarity": "0", "reason": "Biên bản họp"})
    assert response.status_code == 302
    current = CollectiveRecord.objects.get(superseded_at__isnull=True)
    assert (current.solidarity, current.reason) == (False, "Biên bản họp")
    html = client_for("division_head").get(collective()).content.decode()
    assert "Biên bản họp" in html and 'id="collective-history"' in html
    assert 'name="rating"' not in html  # the division head reads only


@pytest.mark.parametrize("persona", PERSONAS)
def test_collective_page_readers_and_refused_writes(client_for, people, persona):
    client = client_for(persona)
    readers = {"head", "secretariat", "admin", "division_head"}
    assert client.get(collective()).status_code == (200 if persona in readers else 403)
    if persona in EDITORS:
        return
    before = _state()
    response = client.post(
        collective(), {"rating": "HTXSNV", "emulation_effective": "1", "solidarity": "1"}
    )
    assert response.status_code == 403
    assert _state() == before


def test_division_head_cannot_read_another_division(client_for, people):
    assert client_for("division_head").get(collective("ND")).status_code == 403


def test_navigation_shows_records_to_managers_only(client_for, people):
    label = "Hồ sơ thi đua"
    assert label in client_for("head").get(reverse("core:home")).content.decode()
    assert label in client_for("secretariat").get(reverse("core:home")).content.decode()
    assert label not in client_for("staff").get(reverse("core:home")).content.decode()
    response = client_for("secretariat").get(reverse("records:index"))
    assert response.status_code == 302
    assert "/ho-so/nam/" in response["Location"]
