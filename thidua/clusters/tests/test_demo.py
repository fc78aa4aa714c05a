"""The province-mode demo: three more agencies, the board's login and the 2021 cluster; loading
it again changes nothing."""

from thidua.accounts.models import Role, RoleAssignment, User
from thidua.clusters.demo import load_demo_clusters
from thidua.clusters.models import ClusterYear, Criterion, YearStatus
from thidua.core.models import AuditEvent
from thidua.org import services
from thidua.org.models import Person, Unit, UnitKind


def counts():
    return (
        Unit.objects.count(),
        Person.objects.count(),
        User.objects.count(),
        RoleAssignment.objects.count(),
        ClusterYear.objects.count(),
        Criterion.objects.count(),
        AuditEvent.objects.count(),
    )


def test_demo_cluster_of_the_office_and_three_agencies_loads_once(db):
    province = services.unit_create(
        actor=None, code="DT", name="Tỉnh Đồng Tháp", kind=UnitKind.PROVINCE, parent=None
    )
    services.unit_create(
        actor=None,
        code="VP-DT",
        name="Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
        kind=UnitKind.AGENCY,
        parent=province,
    )
    logins = load_demo_clusters()
    assert {u for u, _p, _l in logins} == {
        "gd_snv",
        "tt_snv",
        "gd_stp",
        "tt_stp",
        "cvp_ubnd",
        "tt_ubnd",
        "bantdkt",
    }
    assert all(password for _u, password, _l in logins)
    cy = ClusterYear.objects.get()
    assert (cy.cluster.name, cy.year, cy.status) == (
        "Cụm thi đua các cơ quan tham mưu tổng hợp",
        2021,
        YearStatus.SELF_SCORING,
    )
    assert [m.agency.code for m in cy.members.all()] == ["VP-DT", "SNV-DT", "STP-DT", "VPUB-DT"]
    assert (cy.leader.code, cy.deputy.code) == ("VP-DT", "SNV-DT")
    assert RoleAssignment.objects.get(user__username="bantdkt").role == Role.PROVINCE_BOARD
    assert Person.objects.filter(agency__code="STP-DT").count() == 4
    before = counts()
    again = load_demo_clusters()
    assert counts() == before
    assert all(password is None for _u, password, _l in again)
