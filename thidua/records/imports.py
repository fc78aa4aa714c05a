"""Import of yearly records (rating, discipline, leave, training) from XLSX or CSV: parse,
validate every row, preview, then save all or nothing.

One sheet, one row per person and year; a row may carry a rating and one fact of each kind, and a
person may have several rows (two leaves, say). The reading of the file, its limits and the
cell helpers are the staff import's (``thidua.org.imports``). Re-importing the same file changes
nothing: a rating equal to the current one writes nothing (``record_rating_set``) and a fact
identical to one already recorded and not withdrawn is not added again. A rating that differs
from the current one is a correction and needs the "Lý do điều chỉnh" column.
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
from thidua.org.models import ImportStatus, Person, Unit

from . import services
from .models import (
    Discipline,
    DisciplineForm,
    Leave,
    LeaveKind,
    PersonRating,
    Rating,
    RecordImportBatch,
    Training,
    TrainingResult,
)

__all__ = ["ImportFileError", "ImportRejected", "COLUMNS", "import_preview", "import_apply"]

COLUMNS = [
    Column("staff_code", "Mã cán bộ", True, "CB001"),
    Column("year", "Năm", True, "2025"),
    Column("rating", "Xếp loại", False, "HTTNV"),
    Column("reason", "Lý do điều chỉnh", False, ""),
    Column("discipline_form", "Hình thức kỷ luật", False, ""),
    Column("discipline_number", "Số quyết định kỷ luật", False, ""),
    Column("discipline_date", "Ngày quyết định kỷ luật", False, ""),
    Column("discipline_duty_related", "Vi phạm liên quan đến công vụ", False, ""),
    Column("leave_kind", "Loại nghỉ", False, "Nghỉ ốm"),
    Column("leave_start", "Nghỉ từ ngày", False, "03/03/2025"),
    Column("leave_end", "Nghỉ đến ngày", False, "07/03/2025"),
    Column("training_name", "Tên khoá học", False, ""),
    Column("training_start", "Đào tạo từ ngày", False, ""),
    Column("training_end", "Đào tạo đến ngày", False, ""),
    Column("training_result", "Kết quả đào tạo", False, ""),
]
HEADER = {c.key: c.header for c in COLUMNS}
DATE_KEYS = {"discipline_date", "leave_start", "leave_end", "training_start", "training_end"}
GROUPS = {
    "discipline": (
        "discipline_form",
        "discipline_number",
        "discipline_date",
        "discipline_duty_related",
    ),
    "leave": ("leave_kind", "leave_start", "leave_end"),
    "training": ("training_name", "training_start", "training_end", "training_result"),
}


def _words(choices) -> dict[str, str]:
    """Folded code and folded Vietnamese label → stored value ("hoan thanh tot nhiem vu")."""
    words = {}
    for value, label in choices.choices:
        words[fold(value)] = value
        words[fold(str(label))] = value
    return words


RATING_WORDS = _words(Rating)
DISCIPLINE_WORDS = _words(DisciplineForm)
# "Ốm" is accepted for "Nghỉ ốm": the column is already headed "Loại nghỉ".
LEAVE_WORDS = {
    **_words(LeaveKind),
    **{fold(str(k.label)).removeprefix("nghi "): k.value for k in LeaveKind},
}
RESULT_WORDS = _words(TrainingResult)
# Whether a discipline's violation relates to public duties (NĐ 335/2025/NĐ-CP, from 2026).
YES_NO_WORDS = {"co": True, "khong": False}
ALLOWED = {
    "rating": ", ".join(Rating.values),
    "discipline_form": ", ".join(str(label) for label in DisciplineForm.labels),
    "leave_kind": ", ".join(str(label) for label in LeaveKind.labels),
    "training_result": ", ".join(str(label) for label in TrainingResult.labels),
    "discipline_duty_related": "Có, Không; để trống nếu chưa rõ",
}


def _choice(row, cells, key, words, result, required=False) -> str:
    text = _text(cells[key])
    if not text:
        if required:
            result.error(row, HEADER[key], "Không được để trống.")
        return ""
    value = words.get(fold(text))
    if value is None:
        result.error(row, HEADER[key], f'"{quote(text)}" không hợp lệ ({ALLOWED[key]}).')
        return ""
    return value


def _validate_cells(row: int, cells: dict, result: ParseResult) -> dict:
    values = {
        "staff_code": _code(row, cells, "staff_code", HEADER, result),
        "reason": " ".join(_text(cells["reason"]).split()),
    }
    year_text = _text(cells["year"])
    year = None
    if not year_text:
        result.error(row, HEADER["year"], "Không được để trống.")
    elif year_text.isdecimal() and services.MIN_YEAR <= int(year_text) <= services.MAX_YEAR:
        year = int(year_text)
    else:
        result.error(
            row,
            HEADER["year"],
            f'"{quote(year_text)}" không phải năm hợp lệ ({services.MIN_YEAR}–{services.MAX_YEAR}).',
        )
    values["year"] = year
    values["rating"] = _choice(row, cells, "rating", RATING_WORDS, result)
    present = {name: any(_text(cells[k]) for k in keys) for name, keys in GROUPS.items()}
    if present["discipline"]:
        values["discipline_form"] = _choice(
            row, cells, "discipline_form", DISCIPLINE_WORDS, result, required=True
        )
        number = _text(cells["discipline_number"])
        if not number:
            result.error(row, HEADER["discipline_number"], "Không được để trống.")
        elif len(number) > 60:
            result.error(row, HEADER["discipline_number"], "Số quyết định dài quá 60 ký tự.")
        values["discipline_number"] = number
        decided = _date(row, cells, "discipline_date", HEADER, result, required=True)
        if decided and year and int(decided[:4]) != year:
            result.error(
                row,
                HEADER["discipline_date"],
                f"Quyết định kỷ luật ngày {dt.date.fromisoformat(decided):%d/%m/%Y} không "
                f"thuộc năm {year}: kỷ luật được tính vào năm ra quyết định.",
            )
        values["discipline_date"] = decided
        related = _text(cells["discipline_duty_related"])
        values["discipline_duty_related"] = None
        if related:
            if fold(related) in YES_NO_WORDS:
                values["discipline_duty_related"] = YES_NO_WORDS[fold(related)]
            else:
                result.error(
                    row,
                    HEADER["discipline_duty_related"],
                    f'"{related}" không hợp lệ ({ALLOWED["discipline_duty_related"]}).',
                )
    if present["leave"]:
        values["leave_kind"] = _choice(row, cells, "leave_kind", LEAVE_WORDS, result, required=True)
        values["leave_start"] = _date(row, cells, "leave_start", HEADER, result, required=True)
        values["leave_end"] = _date(row, cells, "leave_end", HEADER, result, required=True)
        _ordered(row, values, "leave_start", "leave_end", result)
    if present["training"]:
        name = " ".join(_text(cells["training_name"]).split())
        if len(name) > 255:
            result.error(row, HEADER["training_name"], "Tên khoá học dài quá 255 ký tự.")
        values["training_name"] = name
        values["training_start"] = _date(
            row, cells, "training_start", HEADER, result, required=True
        )
        values["training_end"] = _date(row, cells, "training_end", HEADER, result, required=True)
        values["training_result"] = _choice(row, cells, "training_result", RESULT_WORDS, result)
        _ordered(row, values, "training_start", "training_end", result)
    if not values["rating"] and not any(present.values()) and not _text(cells["rating"]):
        result.error(
            row,
            HEADER["rating"],
            "Dòng không có gì để nhập: cần xếp loại, kỷ luật, thời gian nghỉ hoặc đào tạo.",
        )
    return values


def _ordered(row, values, start_key, end_key, result) -> None:
    start, end = values.get(start_key), values.get(end_key)
    if start and end and end < start:
        result.error(
            row,
            HEADER[end_key],
            f"Ngày kết thúc ({dt.date.fromisoformat(end):%d/%m/%Y}) trước ngày bắt đầu "
            f"({dt.date.fromisoformat(start):%d/%m/%Y}).",
        )


def parse_file(filename: str, content: bytes) -> ParseResult:
    """Parse and validate the file's cells on their own (no database look-ups)."""
    table, _present = read_cells(filename, content, COLUMNS)
    result = ParseResult()
    ratings_seen: dict[tuple[str, int], tuple[str, int]] = {}
    for index, cells in table:
        values = _validate_cells(index, cells, result)
        result.rows.append({"row": index, "values": values})
        key = (values["staff_code"].upper(), values["year"])
        if values["rating"] and values["staff_code"] and values["year"]:
            earlier = ratings_seen.setdefault(key, (values["rating"], index))
            if earlier[0] != values["rating"]:
                result.error(
                    index,
                    HEADER["rating"],
                    f"Xếp loại {values['rating']} khác với dòng {earlier[1]} "
                    f"({earlier[0]}) cho cùng cán bộ và năm.",
                )
    return result


def check_against_database(agency: Unit, result: ParseResult) -> None:
    """Checks that need the stored people and ratings of the agency."""
    codes = {r["values"]["staff_code"] for r in result.rows if r["values"]["staff_code"]}
    people = {p.staff_code: p for p in Person.objects.filter(staff_code__in=codes, agency=agency)}
    current = {
        (r.person_id, r.year): r.rating
        for r in PersonRating.objects.filter(
            person__in=list(people.values()), superseded_at__isnull=True
        )
    }
    for row in result.rows:
        values = row["values"]
        person = people.get(values["staff_code"])
        if values["staff_code"] and person is None:
            result.error(
                row["row"],
                HEADER["staff_code"],
                f'Không tìm thấy cán bộ mã "{values["staff_code"]}" trong cơ quan.',
            )
            continue
        stored = current.get((getattr(person, "pk", None), values["year"]))
        if values["rating"] and stored and stored != values["rating"] and not values["reason"]:
            result.error(
                row["row"],
                HEADER["reason"],
                f"Cán bộ đã có xếp loại {stored} năm {values['year']}; muốn điều chỉnh thành "
                f"{values['rating']} phải ghi lý do điều chỉnh.",
            )


def import_preview(*, actor, agency: Unit, filename: str, content: bytes) -> RecordImportBatch:
    """Parse, validate and keep the rows for the preview. Raises ImportFileError for a file that
    cannot be read at all; row problems are stored on the batch."""
    ensure_role(actor, STAFF_EDITORS, agency)
    result = parse_file(filename, content)
    check_against_database(agency, result)
    result.errors.sort(key=lambda e: (e["row"], e["column"]))
    return RecordImportBatch.objects.create(
        agency=agency,
        filename=filename[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        rows=result.rows,
        errors=result.errors,
        created_by=actor,
    )


@transaction.atomic
def import_apply(*, actor, batch: RecordImportBatch) -> dict:
    """Save every row or none. Validation runs again on the current database."""
    batch = RecordImportBatch.objects.select_for_update().get(pk=batch.pk)
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
    summary = {"ratings": 0, "facts": 0, "unchanged": 0}
    people = {
        p.staff_code: p
        for p in Person.objects.filter(
            agency=batch.agency, staff_code__in={r["values"]["staff_code"] for r in batch.rows}
        )
    }
    for row in batch.rows:
        try:
            _apply_row(actor, people[row["values"]["staff_code"]], row["values"], summary)
        except ValidationError as error:
            raise ImportRejected(
                [
                    {"row": row["row"], "column": _column_of(field), "message": " ".join(msgs)}
                    for field, msgs in error.message_dict.items()
                ]
            ) from error
    batch.status = ImportStatus.APPLIED
    batch.summary = summary
    batch.save(update_fields=["status", "summary"])
    audit_record(
        actor=actor,
        action="records.import_apply",
        obj=batch,
        after={"file": batch.filename, "sha256": batch.file_sha256, **summary},
    )
    return summary


def _column_of(field: str) -> str:
    return {"rating": HEADER["rating"], "reason": HEADER["reason"]}.get(field, field)


def _day(value: str | None) -> dt.date | None:
    return dt.date.fromisoformat(value) if value else None


def _apply_row(actor, person: Person, values: dict, summary: dict) -> None:
    year = values["year"]
    written = False
    if values["rating"]:
        before = (
            PersonRating.objects.filter(person=person, year=year, superseded_at__isnull=True)
            .values_list("pk", flat=True)
            .first()
        )
        rating = services.record_rating_set(
            actor=actor,
            person=person,
            year=year,
            rating=values["rating"],
            reason=values["reason"],
        )
        if rating.pk != before:
            summary["ratings"] += 1
            written = True
    if values.get("discipline_form"):
        fields = {
            "form": values["discipline_form"],
            "decision_number": values["discipline_number"],
            "decided_on": _day(values["discipline_date"]),
        }
        # The same decision imported again is unchanged (a changed duty-relation is corrected
        # on the person's page: withdraw the row, add it again).
        if not Discipline.objects.filter(
            person=person, withdrawn_at__isnull=True, **fields
        ).exists():
            services.discipline_add(
                actor=actor,
                person=person,
                duty_related=values.get("discipline_duty_related"),
                **fields,
            )
            summary["facts"] += 1
            written = True
    if values.get("leave_kind"):
        fields = {
            "year": year,
            "kind": values["leave_kind"],
            "start": _day(values["leave_start"]),
            "end": _day(values["leave_end"]),
        }
        if not Leave.objects.filter(person=person, withdrawn_at__isnull=True, **fields).exists():
            services.leave_add(actor=actor, person=person, **fields)
            summary["facts"] += 1
            written = True
    if values.get("training_start"):
        fields = {
            "name": values["training_name"],
            "start": _day(values["training_start"]),
            "end": _day(values["training_end"]),
            "result": values["training_result"],
        }
        if not Training.objects.filter(person=person, withdrawn_at__isnull=True, **fields).exists():
            services.training_add(actor=actor, person=person, **fields)
            summary["facts"] += 1
            written = True
    if not written:
        summary["unchanged"] += 1


def template_workbook() -> bytes:
    """The XLSX template with Vietnamese headers and one example row."""
    return columns_workbook(COLUMNS, "Hồ sơ thi đua", choices=template_choices())


def template_choices() -> dict:
    """The drop-down lists of the template and of the export in the same format."""
    return {
        "rating": tuple(Rating.values),
        "discipline_form": tuple(str(label) for label in DisciplineForm.labels),
        "leave_kind": tuple(str(label) for label in LeaveKind.labels),
        "training_result": tuple(str(label) for label in TrainingResult.labels),
    }


def preview_cell(key: str, value):
    """What the preview shows: dates as dd/mm/yyyy, choices by their Vietnamese label."""
    if value in (None, ""):
        return ""
    if key in DATE_KEYS:
        return f"{dt.date.fromisoformat(value):%d/%m/%Y}"
    if key == "discipline_duty_related":
        return "Có" if value else "Không"
    labels = {
        "discipline_form": DisciplineForm,
        "leave_kind": LeaveKind,
        "training_result": TrainingResult,
    }
    if key in labels:
        return labels[key](value).label
    return value
