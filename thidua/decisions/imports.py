"""Import of the awards history from before the system (XLSX or CSV): parse, validate every row,
preview, then save all or nothing.

One row per award: a person (by staff code) or a division (by unit code), the year, the title or
award, the decision's number, date and issuing level, and optionally the money. The reading of
the file and its limits are the staff import's (``thidua.org.imports.read_cells``); persons are
saved by ``records.services.past_award_record`` and divisions by
``services.past_unit_award_record``. Re-importing the same file changes nothing.
"""

import datetime as dt
import hashlib

from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.accounts.access import STAFF_EDITORS, ensure_role
from thidua.core.audit import audit_record
from thidua.core.text import fold
from thidua.org.imports import (
    Column,
    ImportFileError,
    ImportRejected,
    ParseResult,
    _code,
    _date,
    _text,
    columns_workbook,
    quote,
    read_cells,
)
from thidua.org.models import ImportStatus, Person, Unit, UnitKind
from thidua.records.services import past_award_record
from thidua.rules.codes import TITLE_LABELS, TITLE_NAMES, TITLES

from . import services
from .models import Award, AwardImportBatch

__all__ = ["ImportFileError", "ImportRejected", "COLUMNS", "import_preview", "import_apply"]

MIN_YEAR, MAX_YEAR = 1990, 2100
COLUMNS = [
    Column("staff_code", "Mã cán bộ", False, "CB001"),
    Column("unit_code", "Mã đơn vị", False, ""),
    Column("year", "Năm", True, "2019"),
    Column("title", "Danh hiệu, hình thức", True, "Chiến sĩ thi đua cơ sở"),
    Column("decision_code", "Số quyết định", True, "12/QĐ-VP"),
    Column("decided_on", "Ngày quyết định", True, "15/01/2020"),
    Column("issuer_name", "Cấp quyết định", True, "Chánh Văn phòng"),
    Column("amount", "Tiền thưởng (đồng)", False, "1490000"),
]
HEADER = {c.key: c.header for c in COLUMNS}
TITLE_WORDS = {
    **{fold(code): code for code in TITLES},
    **{fold(label): code for code, label in TITLE_LABELS.items()},
    **{fold(name): code for code, name in TITLE_NAMES.items()},
}


def _title(row, cells, result) -> str:
    text = _text(cells["title"])
    if not text:
        result.error(row, HEADER["title"], "Không được để trống.")
        return ""
    code = TITLE_WORDS.get(fold(text))
    if code is None:
        allowed = ", ".join(TITLE_NAMES.values())
        result.error(
            row, HEADER["title"], f'"{quote(text)}" không phải danh hiệu hợp lệ ({allowed}).'
        )
        return ""
    return code


def _year(row, cells, result) -> int | None:
    text = _text(cells["year"])
    if not text:
        result.error(row, HEADER["year"], "Không được để trống.")
        return None
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        result.error(
            row, HEADER["year"], f'"{quote(text)}" không phải năm hợp lệ ({MIN_YEAR}–{MAX_YEAR}).'
        )
        return None
    return int(text)


def _amount(row, cells, result) -> int | None:
    text = _text(cells["amount"]).replace(".", "").replace(",", "").replace(" ", "")
    if not text:
        return None
    if not text.isdigit() or len(text) > 12:
        result.error(
            row,
            HEADER["amount"],
            f'"{quote(cells["amount"])}" không phải số tiền hợp lệ (số đồng, không âm).',
        )
        return None
    return int(text)


def _validate_cells(row: int, cells: dict, result: ParseResult) -> dict:
    values = {
        "staff_code": _code(row, cells, "staff_code", HEADER, result, required=False),
        "unit_code": _code(row, cells, "unit_code", HEADER, result, required=False),
        "year": _year(row, cells, result),
        "title_code": _title(row, cells, result),
        "decision_code": " ".join(_text(cells["decision_code"]).split())[:60],
        "decided_on": _date(row, cells, "decided_on", HEADER, result, required=True),
        "issuer_name": " ".join(_text(cells["issuer_name"]).split())[:200],
        "amount_vnd": _amount(row, cells, result),
    }
    if bool(values["staff_code"]) == bool(values["unit_code"]):
        result.error(
            row,
            HEADER["staff_code"],
            "Ghi đúng một trong hai cột: Mã cán bộ (khen cá nhân) hoặc Mã đơn vị (khen tập thể).",
        )
    for key in ("decision_code", "issuer_name"):
        if not values[key]:
            result.error(row, HEADER[key], "Không được để trống.")
    code = values["title_code"]
    if code and values["staff_code"] and code in services.UNIT_TITLES:
        result.error(row, HEADER["title"], f"{TITLE_NAMES[code]} chỉ dành cho tập thể.")
    if code and values["unit_code"] and code in services.PERSON_TITLES:
        result.error(row, HEADER["title"], f"{TITLE_NAMES[code]} chỉ dành cho cá nhân.")
    if values["year"] and values["decided_on"]:
        decided = dt.date.fromisoformat(values["decided_on"])
        if decided.year < values["year"]:
            result.error(
                row,
                HEADER["decided_on"],
                f"Ngày quyết định {decided:%d/%m/%Y} trước năm được khen {values['year']}.",
            )
        elif decided.year > values["year"] + 2:
            result.error(
                row,
                HEADER["decided_on"],
                f"Ngày quyết định {decided:%d/%m/%Y} cách năm được khen {values['year']} "
                "quá 2 năm; kiểm tra lại năm.",
            )
    return values


def parse_file(filename: str, content: bytes) -> ParseResult:
    """Parse and validate the file's cells on their own (no database look-ups)."""
    table, _present = read_cells(filename, content, COLUMNS)
    result = ParseResult()
    seen: dict[tuple, int] = {}
    for index, cells in table:
        values = _validate_cells(index, cells, result)
        result.rows.append({"row": index, "values": values})
        key = (
            values["staff_code"].upper(),
            values["unit_code"].upper(),
            values["year"],
            values["title_code"],
            values["decision_code"].upper(),
        )
        if all(key[2:]) and (key[0] or key[1]):
            if key in seen:
                result.error(
                    index,
                    HEADER["decision_code"],
                    f"Trùng với dòng {seen[key]} (cùng đối tượng, năm, danh hiệu và quyết định).",
                )
            else:
                seen[key] = index
    return result


def check_against_database(agency: Unit, result: ParseResult) -> None:
    """The people and divisions named must be the agency's."""
    codes = {r["values"]["staff_code"] for r in result.rows if r["values"]["staff_code"]}
    people = set(
        Person.objects.filter(staff_code__in=codes, agency=agency).values_list(
            "staff_code", flat=True
        )
    )
    units = set(
        Unit.objects.filter(path__startswith=agency.path, kind=UnitKind.DIVISION).values_list(
            "code", flat=True
        )
    )
    for row in result.rows:
        values = row["values"]
        if values["staff_code"] and values["staff_code"] not in people:
            result.error(
                row["row"],
                HEADER["staff_code"],
                f'Không tìm thấy cán bộ mã "{values["staff_code"]}" trong cơ quan.',
            )
        if values["unit_code"] and values["unit_code"] not in units:
            result.error(
                row["row"],
                HEADER["unit_code"],
                f'Không tìm thấy phòng mã "{values["unit_code"]}" trong cơ quan.',
            )


def import_preview(*, actor, agency: Unit, filename: str, content: bytes) -> AwardImportBatch:
    """Parse, validate and keep the rows for the preview. Raises ImportFileError for a file that
    cannot be read at all; row problems are stored on the batch."""
    ensure_role(actor, STAFF_EDITORS, agency)
    result = parse_file(filename, content)
    check_against_database(agency, result)
    result.errors.sort(key=lambda e: (e["row"], e["column"]))
    return AwardImportBatch.objects.create(
        agency=agency,
        filename=filename[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        rows=result.rows,
        errors=result.errors,
        created_by=actor,
    )


@transaction.atomic
def import_apply(*, actor, batch: AwardImportBatch) -> dict:
    """Save every row or none. Validation runs again on the current database."""
    batch = AwardImportBatch.objects.select_for_update().get(pk=batch.pk)
    ensure_role(actor, STAFF_EDITORS, batch.agency)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError("Lần nhập này đã được xử lý.")
    if batch.created_by_id != getattr(actor, "pk", None):
        raise ValidationError("Chỉ người tải tệp lên mới xác nhận được lần nhập này.")
    result = ParseResult(rows=batch.rows, errors=list(batch.errors))
    if not result.errors:
        check_against_database(batch.agency, result)
    if result.errors:
        raise ImportRejected(result.errors)
    people = {
        p.staff_code: p
        for p in Person.objects.filter(
            agency=batch.agency, staff_code__in={r["values"]["staff_code"] for r in batch.rows}
        )
    }
    units = {u.code: u for u in Unit.objects.filter(path__startswith=batch.agency.path)}
    summary = {"added": 0, "unchanged": 0}
    for row in batch.rows:
        values = row["values"]
        person = people.get(values["staff_code"])
        unit = units.get(values["unit_code"]) if person is None else None
        fields = {
            "year": values["year"],
            "title_code": values["title_code"],
            "decision_code": values["decision_code"],
            "decided_on": dt.date.fromisoformat(values["decided_on"]),
            "issuer_name": values["issuer_name"],
            "amount_vnd": values["amount_vnd"],
        }
        before = Award.objects.count()
        try:
            if person is not None:
                past_award_record(actor=actor, person=person, **fields)
            else:
                services.past_unit_award_record(actor=actor, unit=unit, **fields)
        except ValidationError as error:
            messages = error.message_dict if hasattr(error, "error_dict") else {"": error.messages}
            raise ImportRejected(
                [
                    {"row": row["row"], "column": _column_of(field), "message": " ".join(msgs)}
                    for field, msgs in messages.items()
                ]
            ) from error
        summary["added" if Award.objects.count() > before else "unchanged"] += 1
    batch.status = ImportStatus.APPLIED
    batch.summary = summary
    batch.save(update_fields=["status", "summary"])
    audit_record(
        actor=actor,
        action="awards.import_apply",
        obj=batch,
        after={"file": batch.filename, "sha256": batch.file_sha256, **summary},
    )
    return summary


def _column_of(field: str) -> str:
    return {
        "title_code": HEADER["title"],
        "year": HEADER["year"],
        "decision_code": HEADER["decision_code"],
        "decided_on": HEADER["decided_on"],
    }.get(field, field or HEADER["staff_code"])


def template_workbook() -> bytes:
    return columns_workbook(
        COLUMNS, "Lịch sử khen thưởng", choices={"title": tuple(TITLE_NAMES.values())}
    )


VALUE_KEYS = {"title": "title_code", "amount": "amount_vnd"}


def preview_cells(values: dict) -> list:
    """What the preview shows for a row, column by column: dates dd/mm/yyyy, titles by name."""
    cells = []
    for column in COLUMNS:
        value = values.get(VALUE_KEYS.get(column.key, column.key))
        if value in (None, ""):
            cells.append("")
        elif column.key == "decided_on":
            cells.append(f"{dt.date.fromisoformat(value):%d/%m/%Y}")
        elif column.key == "title":
            cells.append(TITLE_NAMES.get(value, value))
        else:
            cells.append(value)
    return cells
