"""Demo of province mode: three more agencies of Đồng Tháp (Sở Nội vụ, Sở Tư pháp, Văn phòng
UBND tỉnh) with a few divisions, people and logins each, a provincial emulation board login, and
the 2021 cluster "Cụm thi đua các cơ quan tham mưu tổng hợp" with the office as leader, its
covenant and scoring table, opened for self-scoring.

Idempotent like seed_demo: units and people are upserted by code; the cluster is created once.
Passwords are random and returned for printing; existing ones kept unless reset_passwords.
"""

import datetime as dt
from decimal import Decimal

from thidua.accounts import services as account_services
from thidua.accounts.models import Role, User
from thidua.org import services as org_services
from thidua.org.models import Gender, Person, Unit, UnitKind

from . import services
from .models import Cluster, CrossScorers, FinalRule, SectionKind

OFFICE = "VP-DT"
CLUSTER_CODE = "CUM-THTH"
CLUSTER_NAME = "Cụm thi đua các cơ quan tham mưu tổng hợp"
YEAR = 2021

# code, name, short name, divisions [(code, name)], people [(code, name, gender, division,
# position, login or "", roles)]
AGENCIES = [
    (
        "SNV-DT",
        "Sở Nội vụ tỉnh Đồng Tháp",
        "Sở Nội vụ",
        [("SNV-DT-VP", "Văn phòng Sở"), ("SNV-DT-TCBC", "Phòng Tổ chức, biên chế")],
        [
            ("NV001", "Trần Văn Phúc", Gender.MALE, "SNV-DT-VP", "Giám đốc", "gd_snv", [Role.HEAD]),
            (
                "NV002",
                "Lê Thị Mỹ Linh",
                Gender.FEMALE,
                "SNV-DT-VP",
                "Chánh Văn phòng",
                "tt_snv",
                [Role.SECRETARIAT],
            ),
            ("NV003", "Nguyễn Hoàng Nam", Gender.MALE, "SNV-DT-TCBC", "Trưởng phòng", "", []),
            ("NV004", "Phan Thị Thu Trang", Gender.FEMALE, "SNV-DT-TCBC", "Chuyên viên", "", []),
        ],
    ),
    (
        "STP-DT",
        "Sở Tư pháp tỉnh Đồng Tháp",
        "Sở Tư pháp",
        [("STP-DT-VP", "Văn phòng Sở"), ("STP-DT-VBPL", "Phòng Xây dựng và kiểm tra văn bản")],
        [
            (
                "TP001",
                "Huỳnh Minh Đức",
                Gender.MALE,
                "STP-DT-VP",
                "Giám đốc",
                "gd_stp",
                [Role.HEAD],
            ),
            (
                "TP002",
                "Võ Thị Ngọc Hân",
                Gender.FEMALE,
                "STP-DT-VP",
                "Chánh Văn phòng",
                "tt_stp",
                [Role.SECRETARIAT],
            ),
            ("TP003", "Đỗ Thanh Sơn", Gender.MALE, "STP-DT-VBPL", "Trưởng phòng", "", []),
            ("TP004", "Mai Thị Kim Ngân", Gender.FEMALE, "STP-DT-VBPL", "Chuyên viên", "", []),
        ],
    ),
    (
        "VPUB-DT",
        "Văn phòng UBND tỉnh Đồng Tháp",
        "VP UBND tỉnh",
        [("VPUB-DT-HCTC", "Phòng Hành chính - Tổ chức"), ("VPUB-DT-TH", "Phòng Tổng hợp")],
        [
            (
                "UB001",
                "Nguyễn Thành Long",
                Gender.MALE,
                "VPUB-DT-HCTC",
                "Chánh Văn phòng",
                "cvp_ubnd",
                [Role.HEAD],
            ),
            (
                "UB002",
                "Trương Thị Bích Vân",
                Gender.FEMALE,
                "VPUB-DT-HCTC",
                "Trưởng phòng",
                "tt_ubnd",
                [Role.SECRETARIAT],
            ),
            ("UB003", "Lâm Quốc Việt", Gender.MALE, "VPUB-DT-TH", "Trưởng phòng", "", []),
            ("UB004", "Châu Thị Mộng Thu", Gender.FEMALE, "VPUB-DT-TH", "Chuyên viên", "", []),
        ],
    ),
]
ROLE_LABELS = {
    Role.HEAD: "Thủ trưởng cơ quan",
    Role.SECRETARIAT: "Thường trực thi đua, khen thưởng",
}
BOARD_LOGIN = ("bantdkt", "Ban Thi đua - Khen thưởng tỉnh Đồng Tháp")

TABLE = [
    (
        "Thực hiện nhiệm vụ chuyên môn, công tác tham mưu",
        SectionKind.CRITERIA,
        Decimal("60"),
        [
            ("Hoàn thành các nhiệm vụ được UBND tỉnh giao đúng tiến độ, chất lượng", Decimal("30")),
            ("Tham mưu văn bản đúng thể thức, thời hạn; cải cách hành chính", Decimal("20")),
            ("Ứng dụng công nghệ thông tin, chuyển đổi số trong hoạt động", Decimal("10")),
        ],
    ),
    (
        "Công tác thi đua, khen thưởng và thực hiện giao ước",
        SectionKind.CRITERIA,
        Decimal("40"),
        [
            (
                "Ban hành kế hoạch, phát động phong trào thi đua; đăng ký thi đua đầy đủ",
                Decimal("15"),
            ),
            ("Sơ kết, tổng kết, nhân rộng điển hình tiên tiến", Decimal("15")),
            ("Tham gia hoạt động của cụm; báo cáo đúng hạn", Decimal("10")),
        ],
    ),
    (
        "Điểm thưởng",
        SectionKind.BONUS,
        Decimal("5"),
        [("Sáng kiến, mô hình mới được cấp tỉnh công nhận", Decimal("5"))],
    ),
    (
        "Điểm trừ",
        SectionKind.PENALTY,
        Decimal("10"),
        [
            ("Chậm báo cáo, chậm gửi hồ sơ cho cụm (mỗi lần trừ 1 điểm)", Decimal("5")),
            ("Cán bộ, công chức bị kỷ luật trong năm", Decimal("5")),
        ],
    ),
]
COVENANT = [
    "Thực hiện tốt nhiệm vụ chính trị được giao; hoàn thành xuất sắc các chỉ tiêu kế hoạch năm.",
    "Tổ chức phong trào thi đua thường xuyên, thiết thực; đăng ký thi đua đúng hạn.",
    "Đẩy mạnh cải cách hành chính, ứng dụng công nghệ thông tin, chuyển đổi số.",
    "Tham gia đầy đủ các hoạt động của cụm; tự chấm điểm và chấm chéo khách quan, đúng hạn.",
]


def _upsert_unit(code, name, short, kind, parent, order):
    unit = Unit.objects.filter(code=code).first()
    if unit is None:
        return org_services.unit_create(
            actor=None,
            code=code,
            name=name,
            kind=kind,
            parent=parent,
            short_name=short,
            order=order,
        )
    return unit


def _login(username, full_name, person, roles, reset_passwords):
    user = User.objects.filter(username=username).first()
    password = None
    if user is None:
        user, password = account_services.user_create(
            actor=None,
            username=username,
            full_name=full_name,
            person=person,
            must_change_password=False,
        )
    elif reset_passwords:
        password = account_services.generate_initial_password()
        account_services.password_set(actor=None, user=user, password=password)
    for role, unit in roles:
        account_services.role_grant(
            actor=None, user=user, role=role, unit=unit, valid_from=dt.date(2020, 1, 1)
        )
    return user, password


def load_demo_agencies(*, reset_passwords=False) -> list[tuple[str, str | None, str]]:
    """The three agencies with their divisions, people and logins, and the board's login."""
    province = Unit.objects.get(code="DT")
    logins = []
    for order, (code, name, short, divisions, people) in enumerate(AGENCIES, start=10):
        agency = _upsert_unit(code, name, short, UnitKind.AGENCY, province, order)
        units = {code: agency}
        for div_order, (div_code, div_name) in enumerate(divisions, start=1):
            units[div_code] = _upsert_unit(
                div_code, div_name, div_name, UnitKind.DIVISION, agency, div_order
            )
        for staff_code, full_name, gender, division, position, username, roles in people:
            person = Person.objects.filter(staff_code=staff_code).first()
            if person is None:
                person = org_services.person_create(
                    actor=None,
                    staff_code=staff_code,
                    full_name=full_name,
                    recruited_on=dt.date(2012, 8, 1),
                    unit=units[division],
                    position=position,
                    gender=gender,
                )
            if username:
                grants = [(Role.STAFF, units[division]), *((r, agency) for r in roles)]
                _user, password = _login(username, full_name, person, grants, reset_passwords)
                label = ", ".join(str(ROLE_LABELS[r]) for r in roles) + f" – {short}"
                logins.append((username, password, label))
    _user, password = _login(
        BOARD_LOGIN[0], BOARD_LOGIN[1], None, [(Role.PROVINCE_BOARD, province)], reset_passwords
    )
    logins.append((BOARD_LOGIN[0], password, str(Role.PROVINCE_BOARD.label)))
    return logins


def load_demo_cluster():
    """The 2021 cluster with the office as leader and Sở Nội vụ as deputy, open for
    self-scoring. Returns the cluster year (the existing one on a second run)."""
    existing = Cluster.objects.filter(code=CLUSTER_CODE).first()
    if existing is not None:
        return existing.years.order_by("year").first()
    province = Unit.objects.get(code="DT")
    cluster_year = services.cluster_create(
        actor=None,
        province=province,
        code=CLUSTER_CODE,
        name=CLUSTER_NAME,
        kind="cluster",
        year=YEAR,
    )
    codes = [OFFICE, *(a[0] for a in AGENCIES)]
    members = [(Unit.objects.get(code=code), order) for order, code in enumerate(codes, start=1)]
    services.cluster_year_update(
        actor=None,
        cluster_year=cluster_year,
        members=members,
        leader=members[0][0],
        deputy=members[1][0],
        cross_scorers=CrossScorers.LEADER,
        final_rule=FinalRule.LEADER,
        flag_count=1,
        bk_count=2,
        self_deadline=dt.date(YEAR, 11, 30),
        cross_deadline=dt.date(YEAR, 12, 15),
        covenant_signed_on=dt.date(YEAR, 3, 12),
        covenant_place="Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
        covenant_items="\n".join(COVENANT),
    )
    for title, kind, cap, criteria in TABLE:
        section = services.section_add(
            actor=None, cluster_year=cluster_year, title=title, kind=kind, cap=cap
        )
        for text, maximum in criteria:
            services.criterion_add(actor=None, section=section, text=text, max_points=maximum)
    return services.year_transition(actor=None, cluster_year=cluster_year, action="open")


def load_demo_clusters(*, reset_passwords=False) -> list[tuple[str, str | None, str]]:
    """Everything above; returns the logins for seed_demo to print."""
    logins = load_demo_agencies(reset_passwords=reset_passwords)
    load_demo_cluster()
    return logins
