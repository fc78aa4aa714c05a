"""Cluster pages end to end through the test client: scoring, cross-scoring, ranking, the
locked result and its papers; who is refused (403, and nothing changed); the provincial board."""

import datetime as dt
import io
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from conftest import PERSONAS
from thidua.clusters import selectors, services
from thidua.clusters.models import (
    ClusterYear,
    Criterion,
    Evidence,
    Result,
    Score,
    Section,
    YearStatus,
)
from thidua.core.models import AuditEvent

from .factories import (
    PDF,
    agency_secretariat,
    board_user,
    cluster_year,
    criteria,
    force_login,
    score,
    third_agency,
)

pytestmark = pytest.mark.usefixtures("module_world")


@pytest.fixture
def trio(office, users):
    """VP (leader), SNV (deputy, its secretariat is the persona other_agency), STP."""
    stp = third_agency(office)
    stp_user = agency_secretariat(stp, "tt_stp", "T01", "Võ Thị Ngọc Hân")
    cy = cluster_year(office, [office["VP"], office["SNV"], stp])
    return cy, stp, stp_user


def post_scores(client, cy, code, points):
    data = {f"points_{c.pk}": p for c, p in zip(criteria(cy), points, strict=False)}
    return client.post(reverse("clusters:sheet", kwargs={"pk": cy.pk, "code": code}), data)


def state(cy):
    cy = ClusterYear.objects.get(pk=cy.pk)
    return (
        cy.status,
        cy.leader_id,
        Score.objects.count(),
        Section.objects.count(),
        Criterion.objects.count(),
        Evidence.objects.count(),
        ClusterYear.objects.count(),
        Result.objects.count(),
        AuditEvent.objects.count(),
    )


def test_year_end_scoring_cross_scoring_ranking_and_papers(client, client_for, office, users, trio):
    cy, stp, stp_user = trio
    # Self-scoring by each agency's secretariat.
    assert (
        post_scores(client_for("secretariat"), cy, "VP", ["55", "38", "3", "", "0"]).status_code
        == 302
    )
    assert (
        post_scores(client_for("other_agency"), cy, "SNV", ["58", "39", "5", "5", "0"]).status_code
        == 302
    )
    force_login(client, stp_user)
    assert post_scores(client, cy, "CLU-STP", ["50", "35", "0", "", "1"]).status_code == 302
    # Cross-scoring is not open yet.
    assert post_scores(client_for("secretariat"), cy, "SNV", ["50"]).status_code == 403
    head = client_for("head")
    assert (
        head.post(
            reverse("clusters:transition", kwargs={"pk": cy.pk, "action": "cross"})
        ).status_code
        == 302
    )
    # Self-scoring is closed now.
    before = state(cy)
    assert post_scores(client_for("other_agency"), cy, "SNV", ["60"]).status_code == 403
    assert state(cy) == before
    # The leader (VP) cross-scores SNV and STP; the deputy (SNV) cross-scores the leader.
    assert (
        post_scores(client_for("secretariat"), cy, "SNV", ["54", "36", "4", "", "0"]).status_code
        == 302
    )
    assert (
        post_scores(
            client_for("secretariat"), cy, "CLU-STP", ["52", "36", "0", "", "2"]
        ).status_code
        == 302
    )
    assert (
        post_scores(client_for("other_agency"), cy, "VP", ["54", "36", "3", "", "0"]).status_code
        == 302
    )
    # STP is not a cross-scorer under the "leader" setting.
    force_login(client, stp_user)
    before = state(cy)
    assert post_scores(client, cy, "VP", ["10"]).status_code == 403
    assert state(cy) == before
    # SNV 54+36 + bonus 4 + 5 (not cross-scored: its self-score stands) capped at 5 = 95; VP 54+36+3 = 93; STP 52+36-2 = 86.
    page = client_for("head").get(reverse("clusters:year", kwargs={"pk": cy.pk})).content.decode()
    assert "Xếp hạng tạm tính" in page
    head = client_for("head")
    assert (
        head.post(
            reverse("clusters:transition", kwargs={"pk": cy.pk, "action": "finalise"})
        ).status_code
        == 302
    )
    results = [(r.agency.code, r.rank, r.total, r.proposal) for r in Result.objects.all()]
    assert results == [
        ("SNV", 1, Decimal("95.00"), "CO_TINH"),
        ("VP", 2, Decimal("93.00"), "BK_TINH"),
        ("CLU-STP", 3, Decimal("86.00"), "BK_TINH"),
    ]
    assert AuditEvent.objects.filter(action="cluster.finalise").count() == 1
    # Locked: no more scores, no setting changes.
    with pytest.raises(ValidationError):
        score(ClusterYear.objects.get(pk=cy.pk), office["VP"], office["SNV"], ["1"])
    assert post_scores(client_for("secretariat"), cy, "SNV", ["1"]).status_code == 403
    # The papers: the TTr (DOCX) names the proposals; the XLSX has a sheet per agency.
    from docx import Document
    from openpyxl import load_workbook

    response = head.get(reverse("clusters:proposal", kwargs={"pk": cy.pk, "fmt": "docx"}))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert (
        "TỜ TRÌNH" in text
        and "Cờ thi đua của UBND tỉnh" in text
        and "Sở Nội vụ (95,00 điểm)" in text
    )
    workbook = load_workbook(
        io.BytesIO(head.get(reverse("clusters:sheets_xlsx", kwargs={"pk": cy.pk})).content)
    )
    assert workbook.sheetnames == ["Tổng hợp", "1. VP", "2. SNV", "3. CLU-STP"]
    assert [c.value for c in workbook["Tổng hợp"][3]][:6] == [1, "Sở Nội vụ", 90.0, 5.0, 0.0, 95.0]
    assert (
        head.get(reverse("clusters:proposal", kwargs={"pk": cy.pk, "fmt": "pdf"})).status_code
        == 200
    )
    assert (
        head.get(reverse("clusters:covenant", kwargs={"pk": cy.pk, "fmt": "docx"})).status_code
        == 200
    )


def test_score_above_maximum_is_refused_and_nothing_saved(client_for, trio):
    cy, _stp, _user = trio
    before = state(cy)
    response = post_scores(client_for("secretariat"), cy, "VP", ["50", "41"])
    assert response.status_code == 400
    assert "vượt điểm tối đa 40" in response.content.decode()
    assert state(cy) == before
    for bad in ("abc", "-1", "3.333"):
        assert post_scores(client_for("secretariat"), cy, "VP", [bad]).status_code == 400
    assert state(cy) == before


@pytest.mark.parametrize("persona", sorted(set(PERSONAS) - {"secretariat"}))
def test_only_the_agencys_secretariat_self_scores(client_for, trio, persona):
    cy, _stp, _user = trio
    before = state(cy)
    response = post_scores(client_for(persona), cy, "VP", ["10"])
    assert response.status_code == 403
    assert state(cy) == before


def test_mean_rule_with_every_member_cross_scoring(office, users, trio):
    _cy, stp, _user = trio
    cy = cluster_year(
        office,
        [office["VP"], office["SNV"], stp],
        code="CLU-KHOI",
        cross_scorers="all",
        final_rule="mean",
    )
    score(cy, office["VP"], office["VP"], ["60", "40"])
    cy = services.year_transition(actor=None, cluster_year=cy, action="cross")
    score(cy, office["SNV"], office["VP"], ["50", "30"])
    score(cy, stp, office["VP"], ["51", "31"])
    vp = next(s for s in selectors.standings(cy) if s.agency.code == "VP")
    assert vp.ranked.points.base == Decimal("81.00")  # 50.5 + 30.5
    assert vp.ranked.self_points.base == Decimal("100.00")


REFUSED_POSTS = [
    ("clusters:table_add", {}, {"title": "Phần mới", "kind": "criteria"}, {"head", "secretariat"}),
    ("clusters:criterion_remove", {"criterion_pk": "FIRST"}, {}, {"head", "secretariat"}),
    ("clusters:transition", {"action": "cross"}, {}, {"head", "secretariat"}),
    ("clusters:next_year", {}, {}, {"head", "secretariat"}),
    ("clusters:evidence_upload", {"code": "VP"}, {"criterion": "FIRST"}, {"secretariat"}),
]
REFUSED_CASES = [
    (name, kwargs, data, persona)
    for name, kwargs, data, allowed in REFUSED_POSTS
    for persona in sorted(set(PERSONAS) - allowed)
]


@pytest.mark.parametrize(
    ("name", "kwargs", "data", "persona"),
    REFUSED_CASES,
    ids=[f"{c[0]}-{c[3]}" for c in REFUSED_CASES],
)
def test_refused_post_changes_nothing(client_for, office, name, kwargs, data, persona):
    cy = cluster_year(
        office, [office["VP"], third_agency(office)], open_=name != "clusters:table_add"
    )
    first = criteria(cy)[0].pk
    kwargs = {"pk": cy.pk, **{k: first if v == "FIRST" else v for k, v in kwargs.items()}}
    data = {k: first if v == "FIRST" else v for k, v in data.items()}
    if name == "clusters:evidence_upload":
        data["file"] = SimpleUploadedFile("minh-chung.pdf", PDF)
    before = state(cy)
    response = client_for(persona).post(reverse(name, kwargs=kwargs), data)
    assert response.status_code == 403
    assert state(cy) == before


@pytest.mark.parametrize("name", [row[0] for row in REFUSED_POSTS])
def test_actions_are_post_only(client_for, office, name):
    cy = cluster_year(office, [office["VP"], third_agency(office)])
    kwargs = {"pk": cy.pk}
    if name == "clusters:criterion_remove":
        kwargs["criterion_pk"] = criteria(cy)[0].pk
    if name == "clusters:transition":
        kwargs["action"] = "cross"
    if name == "clusters:evidence_upload":
        kwargs["code"] = "VP"
    assert client_for("secretariat").get(reverse(name, kwargs=kwargs)).status_code == 405


def test_evidence_checked_stored_privately_and_served_to_members_only(client_for, office, trio):
    cy, _stp, _user = trio
    url = reverse("clusters:evidence_upload", kwargs={"pk": cy.pk, "code": "VP"})
    first = criteria(cy)[0].pk
    secretariat = client_for("secretariat")
    secretariat.post(url, {"criterion": first, "file": SimpleUploadedFile("x.pdf", b"<html>")})
    assert Evidence.objects.count() == 0
    secretariat.post(url, {"criterion": first, "file": SimpleUploadedFile("bao-cao.pdf", PDF)})
    evidence = Evidence.objects.get()
    assert evidence.original_name == "bao-cao.pdf" and "bao-cao" not in evidence.file.name
    download = reverse("clusters:evidence", kwargs={"pk": cy.pk, "evidence_pk": evidence.pk})
    response = client_for("head").get(download)
    assert response.status_code == 200 and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF
    # SNV is a member: its managers read the evidence; SNV's secretariat cannot attach to VP.
    assert client_for("other_agency").get(download).status_code == 200
    snv_url = reverse("clusters:evidence_upload", kwargs={"pk": cy.pk, "code": "VP"})
    upload = SimpleUploadedFile("b.pdf", PDF)
    assert (
        client_for("other_agency").post(snv_url, {"criterion": first, "file": upload}).status_code
        == 403
    )
    assert client_for("staff").get(download).status_code == 403


def test_next_year_rotates_the_leader(client_for, office, trio):
    cy, stp, _user = trio
    assert selectors.next_leader(cy) == (office["SNV"], stp)
    response = client_for("head").post(reverse("clusters:next_year", kwargs={"pk": cy.pk}))
    assert response.status_code == 302
    new = ClusterYear.objects.get(cluster=cy.cluster, year=2022)
    assert (new.leader, new.deputy, new.status) == (office["SNV"], stp, YearStatus.DRAFT)
    assert Criterion.objects.filter(section__cluster_year=new).count() == 5
    assert selectors.next_leader(new) == (stp, office["VP"])
    # The new leader's secretariat manages 2022; VP's head no longer does.
    assert (
        client_for("other_agency")
        .get(reverse("clusters:year_edit", kwargs={"pk": new.pk}))
        .status_code
        == 200
    )
    assert (
        client_for("head").get(reverse("clusters:year_edit", kwargs={"pk": new.pk})).status_code
        == 403
    )


def test_opening_needs_members_leader_deputy_and_criteria(office):
    cy = services.cluster_create(
        actor=None,
        province=office["DT"],
        code="CLU-RONG",
        name="Khối trống",
        kind="block",
        year=2021,
    )
    with pytest.raises(ValidationError) as error:
        services.year_transition(actor=None, cluster_year=cy, action="open")
    assert len(error.value.messages) == 4
    assert ClusterYear.objects.get(pk=cy.pk).status == YearStatus.DRAFT


def test_members_must_be_agencies_of_the_province(office):
    cy = services.cluster_create(
        actor=None, province=office["DT"], code="CLU-X", name="Cụm X", kind="cluster", year=2021
    )
    with pytest.raises(ValidationError):
        services.cluster_year_update(actor=None, cluster_year=cy, members=[(office["QH"], 1)])
    with pytest.raises(ValidationError):
        services.cluster_year_update(
            actor=None, cluster_year=cy, members=[(office["VP"], 1)], leader=office["SNV"]
        )


def test_province_board_reads_every_agency_and_the_rankings_read_only(
    client, office, people, users, trio
):
    cy, _stp, _user = trio
    board = board_user(office)
    force_login(client, board)
    page = client.get(reverse("clusters:province")).content.decode()
    for name in (
        "Văn phòng Đoàn ĐBQH và HĐND",
        "Sở Nội vụ",
        "Sở Tư pháp",
        "Cụm thi đua các cơ quan",
    ):
        assert name in page
    assert client.get(reverse("clusters:year", kwargs={"pk": cy.pk})).status_code == 200
    index = client.get(reverse("clusters:index")).content.decode()
    assert reverse("upward:province") in index  # the upward dossiers' inbox of the province
    assert reverse("clusters:province") in index
    # Read-only: the board does not score.
    assert post_scores(client, cy, "VP", ["10"]).status_code == 403
    # Existing role checks are not weakened: people and records stay with their agency.
    assert client.get(reverse("org:person_detail", kwargs={"staff_code": "P04"})).status_code == 403
    assert (
        client.get(
            reverse("records:person_year", kwargs={"staff_code": "P04", "year": 2025})
        ).status_code
        == 403
    )
    # A board member creates a cluster; agencies cannot.
    data = {"code": "CLU-MOI", "name": "Khối các sở", "kind": "block", "year": "2022"}
    assert client.post(reverse("clusters:cluster_create"), data).status_code == 302
    before = ClusterYear.objects.count()
    response = force_login(client, users["head"]).post(
        reverse("clusters:cluster_create"), {**data, "code": "CLU-2"}
    )
    assert response.status_code == 403 and ClusterYear.objects.count() == before


def test_unknown_year_is_404_and_other_clusters_403(client_for, office, trio):
    cy, stp, _user = trio
    assert (
        client_for("head").get(reverse("clusters:year", kwargs={"pk": 999999})).status_code == 404
    )
    other = cluster_year(office, [office["SNV"], stp], code="CLU-KHAC")
    assert (
        client_for("head").get(reverse("clusters:year", kwargs={"pk": other.pk})).status_code == 403
    )
    listing = client_for("head").get(reverse("clusters:index")).content.decode()
    assert reverse("clusters:year", kwargs={"pk": cy.pk}) in listing
    assert reverse("clusters:year", kwargs={"pk": other.pk}) not in listing


def test_setup_through_the_pages(client_for, office, trio):
    cy = cluster_year(office, [office["VP"], third_agency(office)], code="CLU-MOI", open_=False)
    head = client_for("head")
    url = reverse("clusters:table_add", kwargs={"pk": cy.pk})
    head.post(url, {"title": "Phần mới", "kind": "bonus", "cap": "3"})
    section = Section.objects.get(cluster_year=cy, title="Phần mới")
    head.post(url, {"section": section.pk, "text": "Giải thưởng", "max_points": "3"})
    assert section.criteria.get().max_points == Decimal("3.00")
    edit = reverse("clusters:year_edit", kwargs={"pk": cy.pk})
    assert head.get(edit).status_code == 200
    response = head.post(
        edit,
        {
            "cross_scorers": "all",
            "final_rule": "mean",
            "flag_count": "1",
            "bk_count": "1",
            "leader": "CLU-STP",
            "deputy": "VP",
            "order_VP": "2",
            "order_CLU-STP": "1",
            "order_SNV": "3",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    cy.refresh_from_db()
    assert (cy.leader.code, cy.deputy.code, cy.final_rule, cy.members.count()) == (
        "CLU-STP",
        "VP",
        "mean",
        3,
    )


def test_a_passed_deadline_is_shown(client_for, trio):
    cy, _stp, _user = trio
    services.cluster_year_update(actor=None, cluster_year=cy, self_deadline=dt.date(2021, 11, 30))
    page = client_for("head").get(reverse("clusters:year", kwargs={"pk": cy.pk})).content.decode()
    assert "30/11/2021" in page and "đã quá hạn" in page
    services.year_transition(actor=None, cluster_year=cy, action="cross")
    page = client_for("head").get(reverse("clusters:year", kwargs={"pk": cy.pk})).content.decode()
    assert "đã quá hạn" not in page
