"""Builders for cluster tests: a third agency, a cluster year with a small table, scores."""

import datetime as dt
from decimal import Decimal

from conftest import make_person, make_user
from thidua.accounts.models import Role
from thidua.clusters import services
from thidua.clusters.models import SectionKind
from thidua.org import services as org_services
from thidua.org.models import Unit, UnitKind

PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)


def third_agency(office, code="CLU-STP", name="Sở Tư pháp"):
    existing = Unit.objects.filter(code=code).first()
    if existing is not None:
        return existing
    agency = org_services.unit_create(
        actor=None, code=code, name=name, kind=UnitKind.AGENCY, parent=office["DT"]
    )
    org_services.unit_create(
        actor=None, code=f"{code}-VP", name="Văn phòng Sở", kind=UnitKind.DIVISION, parent=agency
    )
    return agency


def agency_secretariat(agency, username, staff_code, name):
    division = agency.children.first() or agency
    person = make_person(staff_code, name, division)
    return make_user(username, person, [(Role.SECRETARIAT, agency), (Role.STAFF, division)])


def board_user(office, username="bantdkt"):
    return make_user(username, None, [(Role.PROVINCE_BOARD, office["DT"])])


def cluster_year(office, members, *, leader=None, deputy=None, open_=True, **settings):
    """A cluster year of `members` (agencies) with a two-section table (criteria 60 + 40,
    bonus capped at 5, penalty capped at 10), opened for self-scoring unless open_=False."""
    cy = services.cluster_create(
        actor=None,
        province=office["DT"],
        code=settings.pop("code", "CLU-CUM"),
        name=settings.pop("name", "Cụm thi đua các cơ quan tham mưu tổng hợp"),
        kind="cluster",
        year=settings.pop("year", 2021),
    )
    services.cluster_year_update(
        actor=None,
        cluster_year=cy,
        members=[(a, i) for i, a in enumerate(members, start=1)],
        leader=leader or members[0],
        deputy=deputy or members[1],
        covenant_items="Hoàn thành xuất sắc nhiệm vụ.\nTham gia đầy đủ hoạt động của cụm.",
        covenant_signed_on=dt.date(2021, 3, 12),
        **settings,
    )
    work = services.section_add(
        actor=None, cluster_year=cy, title="Nhiệm vụ chuyên môn", kind=SectionKind.CRITERIA
    )
    services.criterion_add(actor=None, section=work, text="Hoàn thành nhiệm vụ", max_points=60)
    services.criterion_add(actor=None, section=work, text="Công tác thi đua", max_points=40)
    bonus = services.section_add(
        actor=None, cluster_year=cy, title="Điểm thưởng", kind=SectionKind.BONUS, cap=Decimal(5)
    )
    services.criterion_add(actor=None, section=bonus, text="Mô hình mới", max_points=5)
    services.criterion_add(actor=None, section=bonus, text="Sáng kiến cấp tỉnh", max_points=5)
    penalty = services.section_add(
        actor=None, cluster_year=cy, title="Điểm trừ", kind=SectionKind.PENALTY, cap=Decimal(10)
    )
    services.criterion_add(actor=None, section=penalty, text="Chậm báo cáo", max_points=10)
    if open_:
        cy = services.year_transition(actor=None, cluster_year=cy, action="open")
    return cy


def criteria(cy):
    from thidua.clusters.models import Criterion

    return list(
        Criterion.objects.filter(section__cluster_year=cy).order_by("section__order", "order")
    )


def score(cy, scorer, subject, points):
    """points: list in criteria order (None skips)."""
    values = {
        c.pk: (str(p), "") for c, p in zip(criteria(cy), points, strict=False) if p is not None
    }
    return services.scores_save(
        actor=None, cluster_year=cy, scorer=scorer, subject=subject, values=values
    )


def force_login(client, user):
    """Log a test client in as `user`, with the second factor passed when the project's
    conftest provides it (users whose roles require one)."""
    client.force_login(user)
    try:
        from conftest import otp_verify_client
    except ImportError:
        return client
    otp_verify_client(client, user)
    return client
