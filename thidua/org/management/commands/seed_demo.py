"""Load the demo office of the seed plan: the Office of the National Assembly Delegation and
Provincial People's Council of Đồng Tháp, its divisions, about 40 staff and one login per role.

Idempotent: units and people are upserted by code through the services; running it again changes
nothing. Demo passwords are random and printed; existing ones are kept unless --reset-passwords.
"""

import datetime as dt
import random

from django.core.management.base import BaseCommand
from django.db import transaction

from thidua.accounts import services as account_services
from thidua.accounts.models import Role, User
from thidua.org import services
from thidua.org.models import Gender, Person, Unit, UnitKind

PROVINCE = ("DT", "Tỉnh Đồng Tháp", "Đồng Tháp")
AGENCY = ("VP-DT", "Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp", "VP Đoàn ĐBQH và HĐND")
DIVISIONS = [
    ("LDVP", "Lãnh đạo Văn phòng", "LĐVP"),
    ("CTQH", "Phòng Công tác Quốc hội", "P.CTQH"),
    ("CTHDND", "Phòng Công tác Hội đồng nhân dân", "P.CTHĐND"),
    ("TTDN", "Phòng Thông tin, Dân nguyện", "P.TTDN"),
    ("HCTCQT", "Phòng Hành chính, Tổ chức, Quản trị", "P.HC-TC-QT"),
]

# (staff code, full name, gender, division, position, login, roles at (unit code))
NAMED_STAFF = [
    (
        "CB001",
        "Nguyễn Văn Hùng",
        Gender.MALE,
        "LDVP",
        "Chánh Văn phòng",
        "chanhvp",
        [(Role.HEAD, "VP-DT"), (Role.COUNCIL_MEMBER, "VP-DT")],
    ),
    (
        "CB002",
        "Trần Thị Thu Hà",
        Gender.FEMALE,
        "LDVP",
        "Phó Chánh Văn phòng",
        "hoidong",
        [(Role.COUNCIL_MEMBER, "VP-DT"), (Role.INITIATIVE_COUNCIL_MEMBER, "VP-DT")],
    ),
    (
        "CB003",
        "Lê Minh Tâm",
        Gender.MALE,
        "LDVP",
        "Phó Chánh Văn phòng",
        "hdsangkien",
        [(Role.INITIATIVE_COUNCIL_MEMBER, "VP-DT")],
    ),
    (
        "CB004",
        "Phạm Thị Ngọc Lan",
        Gender.FEMALE,
        "HCTCQT",
        "Trưởng phòng",
        "thuongtruc",
        [
            (Role.SECRETARIAT, "VP-DT"),
            (Role.DIVISION_HEAD, "HCTCQT"),
            (Role.COUNCIL_MEMBER, "VP-DT"),
        ],
    ),
    (
        "CB005",
        "Võ Thanh Tùng",
        Gender.MALE,
        "CTQH",
        "Trưởng phòng",
        "truongphong",
        [(Role.DIVISION_HEAD, "CTQH"), (Role.COUNCIL_MEMBER, "VP-DT")],
    ),
    (
        "CB006",
        "Huỳnh Thị Kim Oanh",
        Gender.FEMALE,
        "CTHDND",
        "Phó Trưởng phòng",
        "congdoan",
        [(Role.UNION_REP, "VP-DT"), (Role.COUNCIL_MEMBER, "VP-DT")],
    ),
    ("CB007", "Đặng Quốc Bảo", Gender.MALE, "CTQH", "Chuyên viên", "canbo", []),
    (
        "CB008",
        "Bùi Văn Khánh",
        Gender.MALE,
        "HCTCQT",
        "Chuyên viên",
        "quantri",
        [(Role.ADMIN, "VP-DT")],
    ),
]
OTHER_HEADS = {"CTHDND": "Trưởng phòng", "TTDN": "Trưởng phòng"}

FAMILY = [
    "Nguyễn",
    "Trần",
    "Lê",
    "Phạm",
    "Huỳnh",
    "Võ",
    "Phan",
    "Trương",
    "Bùi",
    "Đặng",
    "Đỗ",
    "Ngô",
    "Hồ",
    "Dương",
    "Lâm",
    "Đoàn",
    "Châu",
    "Tạ",
    "Lý",
    "Mai",
]
MIDDLE_M = ["Văn", "Minh", "Thanh", "Quốc", "Hoàng", "Công", "Hữu", "Đức", "Ngọc", "Tấn"]
MIDDLE_F = ["Thị", "Thị Kim", "Thị Thu", "Thị Ngọc", "Thị Thanh", "Thị Mỹ", "Thị Bích", "Hồng"]
GIVEN_M = [
    "An",
    "Bình",
    "Cường",
    "Dũng",
    "Duy",
    "Hải",
    "Hiếu",
    "Hoà",
    "Khoa",
    "Lộc",
    "Long",
    "Nam",
    "Nghĩa",
    "Phúc",
    "Quang",
    "Sơn",
    "Tài",
    "Thắng",
    "Toàn",
    "Trí",
    "Vinh",
]
GIVEN_F = [
    "Anh",
    "Châu",
    "Diễm",
    "Dung",
    "Giang",
    "Hạnh",
    "Hằng",
    "Hương",
    "Linh",
    "Loan",
    "Mai",
    "Nga",
    "Nhung",
    "Phương",
    "Quyên",
    "Thảo",
    "Trang",
    "Tuyết",
    "Vân",
    "Yến",
]
POSITIONS = [
    "Chuyên viên",
    "Chuyên viên",
    "Chuyên viên chính",
    "Chuyên viên",
    "Cán sự",
    "Chuyên viên",
]
HCTCQT_EXTRA = ["Kế toán", "Văn thư", "Lái xe", "Nhân viên phục vụ"]
STAFF_TOTAL = 40


def _demo_people() -> list[dict]:
    """The 40 demo people, deterministic, spread over the divisions."""
    rng = random.Random(114)  # noqa: S311 - demo data, not security
    people = []
    for code, name, gender, division, position, _login, _roles in NAMED_STAFF:
        people.append(
            {
                "code": code,
                "name": name,
                "gender": gender,
                "division": division,
                "position": position,
            }
        )
    used = {p["name"] for p in people}
    plan = ["CTHDND"] * 8 + ["CTQH"] * 7 + ["TTDN"] * 7 + ["HCTCQT"] * 10
    heads_given = set()
    for index, division in enumerate(plan, start=len(people) + 1):
        gender = Gender.FEMALE if rng.random() < 0.5 else Gender.MALE
        while True:
            middle = rng.choice(MIDDLE_F if gender == Gender.FEMALE else MIDDLE_M)
            given = rng.choice(GIVEN_F if gender == Gender.FEMALE else GIVEN_M)
            name = f"{rng.choice(FAMILY)} {middle} {given}"
            if name not in used:
                used.add(name)
                break
        if division in OTHER_HEADS and division not in heads_given:
            position = OTHER_HEADS[division]
            heads_given.add(division)
        elif division == "HCTCQT" and rng.random() < 0.4:
            position = rng.choice(HCTCQT_EXTRA)
        else:
            position = rng.choice(POSITIONS)
        people.append(
            {
                "code": f"CB{index:03d}",
                "name": name,
                "gender": gender,
                "division": division,
                "position": position,
            }
        )
    for person in people:
        born = dt.date(rng.randint(1965, 1998), rng.randint(1, 12), rng.randint(1, 28))
        person["born"] = born
        earliest = dt.date(born.year + 22, 1, 1)
        start = max(earliest, dt.date(1990, 1, 1))
        span = (dt.date(2020, 12, 31) - start).days
        person["recruited_on"] = start + dt.timedelta(days=rng.randint(0, max(span, 0)))
        person["citizen_id"] = f"087{born.year % 100:02d}{rng.randint(0, 9_999_999):07d}"[:12]
        person["citizen_id"] = person["citizen_id"].ljust(12, "0")
    # Two recruits of 2021, which the LĐTT rule's months-worked check is about.
    people[-1]["recruited_on"] = dt.date(2021, 3, 1)
    people[-2]["recruited_on"] = dt.date(2021, 3, 15)
    return people


def _load_records() -> str:
    """A year of sample records, when the records app is installed."""
    try:
        from thidua.records.demo import load_demo_records
    except ImportError:
        return ""
    load_demo_records()
    return "; hồ sơ năm 2021 và các năm trước"


class Command(BaseCommand):
    help = "Nạp dữ liệu mẫu: Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp, 40 cán bộ, tài khoản demo."

    def add_arguments(self, parser):
        parser.add_argument(
            "--reset-passwords",
            action="store_true",
            help="Cấp mật khẩu ngẫu nhiên mới cho các tài khoản demo.",
        )

    def handle(self, *args, reset_passwords=False, **options):
        from thidua.movements.demo import load_demo_movement

        with transaction.atomic():
            units = self._units()
            self._people(units)
            logins = self._accounts(units, reset_passwords)
            movement = load_demo_movement()
            records_loaded = _load_records()
            from thidua.clusters.demo import load_demo_clusters

            logins += load_demo_clusters(reset_passwords=reset_passwords)
            from thidua.regulations.demo import load_demo_regulations

            load_demo_regulations()
            from thidua.decisions.demo import load_demo_decisions

            load_demo_decisions()
            from thidua.council.demo import load_demo_council

            load_demo_council()
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã nạp dữ liệu mẫu: {Unit.objects.count()} đơn vị, "
                f"{Person.objects.count()} cán bộ; {movement.title} "
                f"(Kế hoạch số {movement.number_code}){records_loaded}."
            )
        )
        self.stdout.write(
            "Tài khoản demo (tên đăng nhập / mật khẩu / vai trò). Chánh Văn phòng, Thường trực "
            "và quản trị phải thiết lập xác thực hai bước (mã TOTP từ ứng dụng trên điện thoại, "
            "quét mã QR) ở lần đăng nhập đầu:"
        )
        for username, password, label in logins:
            shown = password or "(giữ nguyên mật khẩu đã cấp; dùng --reset-passwords để cấp mới)"
            self.stdout.write(f"  {username:<12} {shown:<20} {label}")

    def _units(self) -> dict[str, Unit]:
        def upsert(code, name, short, kind, parent, order):
            unit = Unit.objects.filter(code=code).first()
            if unit is None:
                return services.unit_create(
                    actor=None,
                    code=code,
                    name=name,
                    kind=kind,
                    parent=parent,
                    short_name=short,
                    order=order,
                )
            services.unit_update(actor=None, unit=unit, name=name, short_name=short, order=order)
            return unit

        units = {}
        units[PROVINCE[0]] = upsert(*PROVINCE, UnitKind.PROVINCE, None, 0)
        units[AGENCY[0]] = upsert(*AGENCY, UnitKind.AGENCY, units[PROVINCE[0]], 0)
        for order, (code, name, short) in enumerate(DIVISIONS, start=1):
            units[code] = upsert(code, name, short, UnitKind.DIVISION, units[AGENCY[0]], order)
        # The leadership board is not a "tập thể phòng" of the plan's collective targets.
        Unit.objects.filter(code="LDVP", is_collective=True).update(is_collective=False)
        return units

    def _people(self, units):
        for data in _demo_people():
            if Person.objects.filter(staff_code=data["code"]).exists():
                continue
            services.person_create(
                actor=None,
                staff_code=data["code"],
                full_name=data["name"],
                recruited_on=data["recruited_on"],
                unit=units[data["division"]],
                position=data["position"],
                citizen_id=data["citizen_id"],
                date_of_birth=data["born"],
                gender=data["gender"],
            )

    def _accounts(self, units, reset_passwords):
        logins = []
        for code, name, _gender, division, _position, username, roles in NAMED_STAFF:
            person = Person.objects.get(staff_code=code)
            user = User.objects.filter(username=username).first()
            password = None
            if user is None:
                user, password = account_services.user_create(
                    actor=None,
                    username=username,
                    full_name=name,
                    person=person,
                    must_change_password=False,
                )
            elif reset_passwords:
                password = account_services.generate_initial_password()
                account_services.password_set(actor=None, user=user, password=password)
            if username == "quantri" and not user.is_staff:
                user.is_staff = True
                user.save(update_fields=["is_staff"])
            all_roles = [(Role.STAFF, division), *roles]
            for role, unit_code in all_roles:
                account_services.role_grant(
                    actor=None,
                    user=user,
                    role=role,
                    unit=units[unit_code],
                    valid_from=dt.date(2020, 1, 1),
                )
            labels = ", ".join(str(Role(r).label) for r, _ in roles) or str(Role.STAFF.label)
            logins.append((username, password, labels))
        return logins
