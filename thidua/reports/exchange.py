"""The exchange format for the provincial database: a year's award decisions and awards of one
agency, as JSON (`thidua.awards/1`) or XLSX (same fields, one row per award).

Each award carries its title or form (code, Vietnamese name, and whether it is a title
"danh_hieu" or a form of commendation "hinh_thuc"), its decision (number, date, issuer) and its
subject: a person (staff code, full name, date of birth, citizen id masked to the last three
digits: the provincial database matches on staff code, name and date of birth, and a full
citizen id is personal data that does not need to leave the office, Decree 13/2023/NĐ-CP) or a
unit (code, name). Revoked awards are not exported.
"""

import datetime as dt

from django.utils import timezone

from thidua.core.text import mask_citizen_id
from thidua.org.models import Unit

from .selectors import award_rows, awards_in_scope, title_label
from .xlsx import workbook_bytes

FORMAT = "thidua.awards/1"
# Titles (danh hiệu thi đua); the rest are forms of commendation (hình thức khen thưởng).
TITLE_CODES = {"LDTT", "CSTDCS", "CSTD_TINH", "CSTD_TQ", "TTLDTT", "TTLDXS", "CO_TINH"}


def title_kind(code: str) -> str:
    return "danh_hieu" if code in TITLE_CODES else "hinh_thuc"


def export_awards(agency: Unit, year: int) -> dict:
    rows = award_rows(
        awards_in_scope(agency)
        .filter(year=year)
        .order_by("decided_on", "decision_code", "title_code", "id")
    )
    decisions: dict[tuple, dict] = {}
    awards = []
    for row in rows:
        award = row.award
        decision = {
            "number": award.decision_code,
            "date": award.decided_on.isoformat(),
            "issuer": award.issuer_name,
        }
        key = (award.decision_code, award.decided_on, award.issuer_name)
        decisions.setdefault(key, {**decision, "award_count": 0})["award_count"] += 1
        if award.person_id:
            person = award.person
            subject = {
                "type": "person",
                "staff_code": person.staff_code,
                "full_name": person.full_name,
                "date_of_birth": person.date_of_birth.isoformat() if person.date_of_birth else None,
                "citizen_id_masked": mask_citizen_id(person.citizen_id) or None,
                "division": row.division.name if row.division else None,
            }
        else:
            subject = {"type": "unit", "code": award.unit.code, "name": award.unit.name}
        awards.append(
            {
                "year": award.year,
                "title": {
                    "code": award.title_code,
                    "name": title_label(award.title_code),
                    "kind": title_kind(award.title_code),
                },
                "decision": decision,
                "subject": subject,
                "amount_vnd": award.amount_vnd,
            }
        )
    return {
        "format": FORMAT,
        "generated_at": timezone.now().replace(microsecond=0).isoformat(),
        "agency": {"code": agency.code, "name": agency.name},
        "year": year,
        "decisions": list(decisions.values()),
        "awards": awards,
    }


XLSX_COLUMNS = [
    "Năm",
    "Mã danh hiệu/hình thức",
    "Tên danh hiệu/hình thức",
    "Loại",
    "Số quyết định",
    "Ngày quyết định",
    "Cấp quyết định",
    "Đối tượng",
    "Mã cán bộ/đơn vị",
    "Họ tên/tên đơn vị",
    "Ngày sinh",
    "Số CCCD (che)",
    "Đơn vị công tác",
    "Tiền thưởng (đồng)",
]


def _date(value: str | None):
    """An ISO date of the JSON exchange file as a date cell (empty when absent)."""
    return dt.date.fromisoformat(value) if value else None


def export_awards_xlsx(data: dict) -> bytes:
    rows = []
    for award in data["awards"]:
        subject = award["subject"]
        person = subject["type"] == "person"
        rows.append(
            [
                award["year"],
                award["title"]["code"],
                award["title"]["name"],
                award["title"]["kind"],
                award["decision"]["number"],
                _date(award["decision"]["date"]),
                award["decision"]["issuer"],
                "cá nhân" if person else "tập thể",
                subject["staff_code"] if person else subject["code"],
                subject["full_name"] if person else subject["name"],
                _date(subject.get("date_of_birth")),
                subject.get("citizen_id_masked") or "",
                subject.get("division") or "",
                award["amount_vnd"],
            ]
        )
    decisions = [
        [d["number"], _date(d["date"]), d["issuer"], d["award_count"]] for d in data["decisions"]
    ]
    return workbook_bytes(
        [
            ("Khen thuong", XLSX_COLUMNS, rows),
            (
                "Quyet dinh",
                ["Số quyết định", "Ngày", "Cấp quyết định", "Số khen thưởng"],
                decisions,
            ),
        ]
    )
