"""Import of units and staff from XLSX or CSV: parse, validate every row, preview, then save all
or nothing.

Headers are the Vietnamese column names of the downloadable template, matched without regard to
accents or case. Every problem is reported with its row (as numbered in the spreadsheet) and its
column. Re-importing the same file changes nothing: rows are upserted by their code and a row
equal to what is stored writes nothing.
"""

import csv
import datetime as dt
import hashlib
import io
import re
import unicodedata
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import transaction
from django.utils import timezone

from thidua.accounts.access import STAFF_EDITORS, ensure_role
from thidua.core.archives import ArchiveRefused, ArchiveUnreadable, check_zip_limits
from thidua.core.audit import audit_record
from thidua.core.text import fold

from . import services
from .models import (
    Gender,
    ImportBatch,
    ImportKind,
    ImportStatus,
    Membership,
    Person,
    Unit,
    UnitKind,
)


@dataclass(frozen=True)
class Column:
    key: str
    header: str
    required: bool = False
    example: str = ""


UNIT_COLUMNS = [
    Column("code", "Mã đơn vị", True, "HCTCQT"),
    Column("name", "Tên đơn vị", True, "Phòng Hành chính, Tổ chức, Quản trị"),
    Column("short_name", "Tên viết tắt", False, "HC-TC-QT"),
    Column("kind", "Loại đơn vị", True, "Phòng"),
    Column("parent", "Mã đơn vị cấp trên", True, "VP-DT"),
    Column("order", "Thứ tự", False, "1"),
]
STAFF_COLUMNS = [
    Column("staff_code", "Mã cán bộ", True, "CB001"),
    Column("full_name", "Họ và tên", True, "Nguyễn Văn An"),
    Column("date_of_birth", "Ngày sinh", False, "15/04/1985"),
    Column("gender", "Giới tính", False, "Nam"),
    Column("citizen_id", "Số CCCD", False, "087085000123"),
    Column("unit", "Mã đơn vị", True, "HCTCQT"),
    Column("position", "Chức vụ", False, "Chuyên viên"),
    Column("recruited_on", "Ngày tuyển dụng", True, "01/03/2010"),
    Column("unit_since", "Ngày về đơn vị", False, "01/03/2010"),
    Column("email", "Thư điện tử", False, "an.nv@example.vn"),
]
COLUMNS = {ImportKind.UNITS: UNIT_COLUMNS, ImportKind.STAFF: STAFF_COLUMNS}
OPTIONAL_KEYS = {
    kind: {c.key for c in columns if not c.required} for kind, columns in COLUMNS.items()
}

UNIT_KIND_WORDS = {
    "phong": UnitKind.DIVISION,
    "phong, bo phan": UnitKind.DIVISION,
    "bo phan": UnitKind.DIVISION,
    "co quan": UnitKind.AGENCY,
}
GENDER_WORDS = {"nam": Gender.MALE, "nu": Gender.FEMALE}
CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,29}$")
CITIZEN_ID_RE = re.compile(r"^\d{12}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


class ImportFileError(Exception):
    """The file as a whole cannot be read (wrong type, too big, no header...)."""


@dataclass
class ParseResult:
    rows: list[dict] = field(default_factory=list)  # {"row": n, "values": {...}}
    errors: list[dict] = field(default_factory=list)  # {"row": n, "column": h, "message": m}

    def error(self, row: int, column: str, message: str) -> None:
        self.errors.append({"row": row, "column": column, "message": message})


def _read_table(filename: str, content: bytes):
    """Rows of cells (header first) from an XLSX or CSV file, as an iterator: a few KB of XLSX
    can unzip to millions of rows, so the caller keeps only as many as it may import."""
    name = filename.lower()
    if name.endswith(".xlsx"):
        if not content.startswith(b"PK"):
            raise ImportFileError("Tệp không phải là bảng tính Excel (.xlsx) hợp lệ.")
        # What the archive may unzip to, from its directory, before openpyxl inflates a byte.
        try:
            check_zip_limits(
                content,
                max_total=settings.IMPORT_MAX_UNPACKED_BYTES,
                max_member=settings.IMPORT_MAX_PART_BYTES,
            )
        except ArchiveUnreadable as exc:
            raise ImportFileError(
                "Không đọc được tệp Excel: tệp bị hỏng hoặc sai định dạng."
            ) from exc
        except ArchiveRefused as exc:
            raise ImportFileError(f"Không nhận tệp Excel: {exc}") from exc
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(io.BytesIO(content), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many kinds for a damaged file
            raise ImportFileError(
                "Không đọc được tệp Excel: tệp bị hỏng hoặc sai định dạng."
            ) from exc
        return _xlsx_rows(workbook)
    if name.endswith(".csv"):
        try:
            text = content.decode("utf-8-sig")
        except UnicodeDecodeError as exc:
            raise ImportFileError("Tệp CSV phải được lưu với bảng mã UTF-8.") from exc
        # The first line with text: a file may start with an empty line.
        first_line = next((line for line in text.splitlines() if line.strip()), "")
        delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
        return csv.reader(io.StringIO(text), delimiter=delimiter)
    raise ImportFileError("Chỉ nhận tệp .xlsx hoặc .csv.")


def _xlsx_rows(workbook):
    try:
        sheet = workbook.worksheets[0]
        # The sheet's declared <dimension> is the writer's word: rows and columns past it
        # would be dropped without a word. Read what the sheet holds instead.
        sheet.reset_dimensions()
        yield from sheet.iter_rows(values_only=True)
    except Exception as exc:  # a damaged sheet fails only when its rows are read
        raise ImportFileError("Không đọc được tệp Excel: tệp bị hỏng hoặc sai định dạng.") from exc
    finally:
        workbook.close()


def quote(value, limit: int = 40) -> str:
    """A short prefix of a bad value for an error message (never the whole of a huge cell)."""
    text = _text(value) if not isinstance(value, str) else value
    return text if len(text) <= limit else text[:limit] + "…"


def _n(number: int) -> str:
    """12345 → "12.345", the Vietnamese way."""
    return f"{number:,}".replace(",", ".")


def _checked_rows(rows):
    """Rows as read, refused past the row, column and cell limits; a CSV field over the csv
    module's own limit (or a NUL byte) is a message, not a crash."""
    max_columns = settings.IMPORT_MAX_COLUMNS
    max_chars = settings.IMPORT_MAX_CELL_CHARS
    max_rows = settings.IMPORT_MAX_SHEET_ROWS
    number = 0
    try:
        for number, raw in enumerate(rows, start=1):
            if number > max_rows:
                raise ImportFileError(
                    f"Bảng tính có hơn {_n(max_rows)} dòng (kể cả dòng trống): không nhận."
                )
            raw = list(raw)
            if len(raw) > max_columns and any(_text(c) for c in raw[max_columns:]):
                raise ImportFileError(
                    f"Dòng {number} có dữ liệu ở cột thứ {len(raw)}: tối đa {max_columns} cột."
                )
            for column, cell in enumerate(raw, start=1):
                if isinstance(cell, str) and len(cell) > max_chars:
                    raise ImportFileError(
                        f"Dòng {number}, cột {column}: ô dài {_n(len(cell))} ký tự, tối đa "
                        f"{_n(max_chars)} ký tự (bắt đầu bằng “{quote(cell)}”)."
                    )
            yield number, raw[:max_columns]
    except csv.Error as exc:
        raise ImportFileError(
            f"Không đọc được tệp CSV ở dòng {number + 1}: một ô quá dài (tối đa "
            f"{_n(max_chars)} ký tự) hoặc tệp chứa ký tự lạ."
        ) from exc


def _text(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    # Decomposed text (NFD, from some Mac tools) would be stored unlike what was typed in the app.
    return unicodedata.normalize("NFC", str(value)).strip()


def _parse_date(value) -> dt.date:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def read_cells(filename: str, content: bytes, columns: list[Column]):
    """The file's data rows as ``(row number, {column key: raw cell})`` and the keys of the
    columns the file has, after the size, header and row-count checks every import shares."""
    if len(content) > settings.IMPORT_MAX_BYTES:
        limit_kb = settings.IMPORT_MAX_BYTES // 1024
        raise ImportFileError(f"Tệp quá lớn: tối đa {limit_kb:,} KB.".replace(",", "."))
    # Blank rows are skipped but keep their place, so the numbers match the spreadsheet's.
    table: list[tuple[int, list]] = []
    non_blank = 0
    for number, raw in _checked_rows(_read_table(filename, content)):
        if not any(_text(c) for c in raw):
            continue
        non_blank += 1
        if non_blank <= settings.IMPORT_MAX_ROWS + 1:
            table.append((number, raw))
    if not table:
        raise ImportFileError("Tệp không có dữ liệu.")
    header = [fold(_text(c)) for c in table[0][1]]
    positions = {}
    missing = []
    for column in columns:
        folded = fold(column.header)
        if folded in header:
            positions[column.key] = header.index(folded)
        elif column.required:
            missing.append(column.header)
    if missing:
        raise ImportFileError("Thiếu cột bắt buộc: " + ", ".join(missing) + ". Hãy dùng tệp mẫu.")
    if non_blank - 1 > settings.IMPORT_MAX_ROWS:
        raise ImportFileError(
            f"Tệp có {non_blank - 1} dòng dữ liệu, vượt giới hạn "
            f"{settings.IMPORT_MAX_ROWS} dòng mỗi lần nhập."
        )
    rows = [
        (
            index,
            {
                c.key: (
                    raw[positions[c.key]]
                    if c.key in positions and positions[c.key] < len(raw)
                    else None
                )
                for c in columns
            },
        )
        for index, raw in table[1:]
    ]
    return rows, set(positions)


def parse_table(kind: str, filename: str, content: bytes) -> ParseResult:
    """Parse and validate the file's cells on their own (no database look-ups)."""
    columns = COLUMNS[kind]
    table, positions = read_cells(filename, content, columns)
    result = ParseResult()
    validate = _validate_unit_cells if kind == ImportKind.UNITS else _validate_staff_cells
    for index, cells in table:
        values = validate(index, cells, result, {c.key: c.header for c in columns})
        # A column left out of the file must not blank what is stored: keep only those present.
        values = {k: v for k, v in values.items() if k in positions or k not in OPTIONAL_KEYS[kind]}
        result.rows.append({"row": index, "values": values})
    key = "code" if kind == ImportKind.UNITS else "staff_code"
    seen: dict[str, int] = {}
    header_of = {c.key: c.header for c in columns}
    for row in result.rows:
        code = row["values"].get(key)
        if code:
            if code.upper() in seen:
                result.error(
                    row["row"], header_of[key], f'Mã "{code}" trùng với dòng {seen[code.upper()]}.'
                )
            else:
                seen[code.upper()] = row["row"]
    return result


def _required(row, cells, key, header, result) -> str:
    value = _text(cells[key])
    if not value:
        result.error(row, header[key], "Không được để trống.")
    return value


def _code(row, cells, key, header, result, required=True) -> str:
    value = _required(row, cells, key, header, result) if required else _text(cells[key])
    if value and not CODE_RE.match(value):
        result.error(
            row,
            header[key],
            f'Mã "{quote(value)}" chỉ được gồm chữ không dấu, số, dấu chấm, '
            "gạch ngang, gạch dưới (tối đa 30 ký tự).",
        )
    return value


def _date(row, cells, key, header, result, required=False) -> str | None:
    raw = cells[key]
    if not _text(raw):
        if required:
            result.error(row, header[key], "Không được để trống.")
        return None
    try:
        value = _parse_date(raw)
    except ValueError:
        result.error(row, header[key], f'"{quote(raw)}" không phải ngày hợp lệ (dd/mm/yyyy).')
        return None
    if not dt.date(1900, 1, 1) <= value <= dt.date(2100, 12, 31):
        result.error(row, header[key], f"Ngày {value:%d/%m/%Y} nằm ngoài khoảng cho phép.")
        return None
    return value.isoformat()


def _validate_unit_cells(row, cells, result, header) -> dict:
    values = {
        "code": _code(row, cells, "code", header, result),
        "name": _required(row, cells, "name", header, result),
        "short_name": _text(cells["short_name"]),
        "parent": _code(row, cells, "parent", header, result),
    }
    kind_text = _required(row, cells, "kind", header, result)
    values["kind"] = UNIT_KIND_WORDS.get(fold(kind_text))
    if kind_text and values["kind"] is None:
        result.error(
            row, header["kind"], f'"{quote(kind_text)}" không hợp lệ (Cơ quan hoặc Phòng).'
        )
    order = _text(cells["order"]) or "0"
    # isdecimal, not isdigit: int("²") fails; 9 digits fit every database's integer.
    if not (order.isdecimal() and len(order) <= 9):
        result.error(row, header["order"], f'"{quote(order)}" phải là số nguyên không âm.')
        order = "0"
    values["order"] = int(order)
    if len(values["name"]) > 255:
        result.error(row, header["name"], "Tên đơn vị dài quá 255 ký tự.")
    if len(values["short_name"]) > 60:
        result.error(row, header["short_name"], "Tên viết tắt dài quá 60 ký tự.")
    return values


def _validate_staff_cells(row, cells, result, header) -> dict:
    values = {
        "staff_code": _code(row, cells, "staff_code", header, result),
        "full_name": " ".join(_required(row, cells, "full_name", header, result).split()),
        "unit": _code(row, cells, "unit", header, result),
        "position": _text(cells["position"]),
        "date_of_birth": _date(row, cells, "date_of_birth", header, result),
        "recruited_on": _date(row, cells, "recruited_on", header, result, required=True),
        "unit_since": _date(row, cells, "unit_since", header, result),
    }
    gender_text = _text(cells["gender"])
    values["gender"] = GENDER_WORDS.get(fold(gender_text), "") if gender_text else ""
    if gender_text and not values["gender"]:
        result.error(row, header["gender"], f'"{quote(gender_text)}" không hợp lệ (Nam hoặc Nữ).')
    citizen_id = _text(cells["citizen_id"]).replace(" ", "")
    if citizen_id and not CITIZEN_ID_RE.match(citizen_id):
        result.error(row, header["citizen_id"], "Số CCCD phải gồm đúng 12 chữ số.")
    values["citizen_id"] = citizen_id
    email = _text(cells["email"])
    if email and not _is_email(email):
        result.error(
            row, header["email"], f'"{quote(email)}" không phải địa chỉ thư điện tử hợp lệ.'
        )
    values["email"] = email
    if len(values["full_name"]) > 150:
        result.error(row, header["full_name"], "Họ và tên dài quá 150 ký tự.")
    if len(values["position"]) > 150:
        result.error(row, header["position"], "Chức vụ dài quá 150 ký tự.")
    if (
        values["date_of_birth"]
        and values["recruited_on"]
        and (values["date_of_birth"] >= values["recruited_on"])
    ):
        result.error(row, header["recruited_on"], "Ngày tuyển dụng phải sau ngày sinh.")
    return values


def _is_email(value: str) -> bool:
    """The model's own validator, so a row the preview accepts is one the save accepts."""
    try:
        validate_email(value)
    except ValidationError:
        return False
    return bool(EMAIL_RE.match(value))


def check_against_database(kind: str, agency: Unit, result: ParseResult) -> None:
    """Checks that need the stored units and people of the agency."""
    header = {c.key: c.header for c in COLUMNS[kind]}
    agency_units = {u.code: u for u in Unit.objects.subtree(agency)}
    if kind == ImportKind.UNITS:
        file_codes = {r["values"]["code"] for r in result.rows}
        file_parents = {r["values"]["code"]: r["values"]["parent"] for r in result.rows}
        other_codes = set(
            Unit.objects.filter(code__in=file_codes)
            .exclude(path__startswith=agency.path)
            .values_list("code", flat=True)
        )
        for row in result.rows:
            values = row["values"]
            if values["code"] in other_codes or values["code"] == agency.code:
                result.error(
                    row["row"],
                    header["code"],
                    f'Mã "{values["code"]}" đã dùng cho đơn vị khác ngoài cơ quan.',
                )
            parent = values["parent"]
            if parent and parent not in agency_units and parent not in file_codes:
                result.error(
                    row["row"],
                    header["parent"],
                    f'Không tìm thấy đơn vị cấp trên "{parent}" trong cơ quan.',
                )
            if values["kind"] == UnitKind.AGENCY:
                result.error(
                    row["row"], header["kind"], "Chỉ nhập các phòng, bộ phận thuộc cơ quan."
                )
            stored = agency_units.get(values["code"])
            if values["code"] == agency.code:
                pass  # already refused above
            elif stored is not None:
                stored_parent = next(
                    (u.code for u in agency_units.values() if u.pk == stored.parent_id), None
                )
                if parent and stored_parent != parent:
                    result.error(
                        row["row"],
                        header["parent"],
                        f'Đơn vị "{values["code"]}" đang thuộc "{stored_parent}"; '
                        "không đổi cấp trên bằng tệp nhập.",
                    )
            elif _parent_loops(values["code"], file_parents, agency_units):
                result.error(
                    row["row"],
                    header["parent"],
                    "Quan hệ cấp trên giữa các đơn vị bị vòng lặp.",
                )
        return
    codes = [r["values"]["staff_code"] for r in result.rows if r["values"]["staff_code"]]
    elsewhere = dict(
        Person.objects.filter(staff_code__in=codes)
        .exclude(agency=agency)
        .values_list("staff_code", "agency__name")
    )
    current_memberships = {
        m.person.staff_code: m
        for m in Membership.objects.filter(
            person__agency=agency, person__staff_code__in=codes, end_date__isnull=True
        ).select_related("person", "unit")
    }
    today = timezone.localdate()
    for row in result.rows:
        values = row["values"]
        current = current_memberships.get(values["staff_code"])
        if (
            current is not None
            and values["unit"] in agency_units
            and _needs_transfer(values, current, agency_units[values["unit"]])
        ):
            on_date = _transfer_date(values, current, today)
            if on_date <= current.start_date:
                # A second move on the same day (or a move before the current one began)
                # would rewrite history; say so here rather than fail on save.
                result.error(
                    row["row"],
                    header["unit_since"],
                    f'Cán bộ đang công tác tại "{current.unit.code}" từ ngày '
                    f"{current.start_date:%d/%m/%Y}; ngày về đơn vị mới phải sau ngày đó.",
                )
        if values["unit"] and values["unit"] not in agency_units:
            result.error(
                row["row"],
                header["unit"],
                f'Không tìm thấy đơn vị "{values["unit"]}" trong cơ quan.',
            )
        if values["staff_code"] in elsewhere:
            result.error(
                row["row"],
                header["staff_code"],
                f'Mã cán bộ "{values["staff_code"]}" đã thuộc {elsewhere[values["staff_code"]]}.',
            )


def _needs_transfer(values: dict, current: Membership, unit: Unit) -> bool:
    position = values.get("position", current.position)
    return current.unit_id != unit.pk or current.position != position


def _transfer_date(values: dict, current: Membership, today: dt.date) -> dt.date:
    """The file's "Ngày về đơn vị" when it is after the current membership began, else today."""
    since = values.get("unit_since")
    on_date = dt.date.fromisoformat(since) if since else today
    return today if on_date <= current.start_date else on_date


def _parent_loops(code: str, file_parents: dict, agency_units: dict) -> bool:
    """True when following the file's parents from `code` comes back round before reaching a
    unit already stored."""
    seen = {code}
    current = file_parents.get(code)
    while current and current not in agency_units:
        if current in seen:
            return True
        seen.add(current)
        current = file_parents.get(current)
    return False


def import_preview(*, actor, agency: Unit, kind: str, filename: str, content: bytes) -> ImportBatch:
    """Parse, validate and keep the rows for the preview. Raises ImportFileError for a file that
    cannot be read at all; row problems are stored on the batch."""
    ensure_role(actor, STAFF_EDITORS, agency)
    result = parse_table(kind, filename, content)
    check_against_database(kind, agency, result)
    result.errors.sort(key=lambda e: (e["row"], e["column"]))
    return ImportBatch.objects.create(
        kind=kind,
        agency=agency,
        filename=filename[:255],
        file_sha256=hashlib.sha256(content).hexdigest(),
        rows=result.rows,
        errors=result.errors,
        created_by=actor,
    )


class ImportRejected(Exception):
    def __init__(self, errors):
        super().__init__(f"{len(errors)} lỗi")
        self.errors = errors


@transaction.atomic
def import_apply(*, actor, batch: ImportBatch) -> dict:
    """Save every row or none. Validation runs again on the current database."""
    batch = ImportBatch.objects.select_for_update().get(pk=batch.pk)
    ensure_role(actor, STAFF_EDITORS, batch.agency)
    if batch.status != ImportStatus.PREVIEW:
        raise ValidationError("Lần nhập này đã được xử lý.")
    if batch.created_by_id != getattr(actor, "pk", None):
        raise ValidationError("Chỉ người tải tệp lên mới xác nhận được lần nhập này.")
    result = ParseResult(rows=batch.rows, errors=list(batch.errors))
    if not result.errors:
        check_against_database(batch.kind, batch.agency, result)
    if result.errors:
        raise ImportRejected(result.errors)
    apply = _apply_units if batch.kind == ImportKind.UNITS else _apply_staff
    summary = apply(actor, batch.agency, [r["values"] for r in batch.rows])
    batch.status = ImportStatus.APPLIED
    batch.summary = summary
    batch.save(update_fields=["status", "summary"])
    audit_record(
        actor=actor,
        action="import.apply",
        obj=batch,
        after={"file": batch.filename, "sha256": batch.file_sha256, **summary},
    )
    return summary


def _apply_units(actor, agency, rows) -> dict:
    summary = {"created": 0, "updated": 0, "unchanged": 0}
    pending = list(rows)
    # Parents first: keep passing over the rows until each parent exists.
    while pending:
        progressed = False
        for values in list(pending):
            parent = Unit.objects.filter(code=values["parent"]).first()
            if parent is None:
                continue
            existing = Unit.objects.filter(code=values["code"]).first()
            if existing is None:
                services.unit_create(
                    actor=actor,
                    code=values["code"],
                    name=values["name"],
                    kind=values["kind"],
                    parent=parent,
                    short_name=values.get("short_name", ""),
                    order=values.get("order", 0),
                )
                summary["created"] += 1
            elif existing.parent_id != parent.pk:
                raise ImportRejected(
                    [
                        {
                            "row": 0,
                            "column": "Mã đơn vị cấp trên",
                            "message": f'Đơn vị "{existing.code}" đã thuộc đơn vị '
                            "cấp trên khác; không đổi cấp trên bằng tệp nhập.",
                        }
                    ]
                )
            elif services.unit_update(
                actor=actor,
                unit=existing,
                name=values["name"],
                short_name=values.get("short_name", existing.short_name),
                order=values.get("order", existing.order),
                reason="Nhập từ tệp",
            ):
                summary["updated"] += 1
            else:
                summary["unchanged"] += 1
            pending.remove(values)
            progressed = True
        if not progressed:
            raise ImportRejected(
                [
                    {
                        "row": 0,
                        "column": "Mã đơn vị cấp trên",
                        "message": "Quan hệ cấp trên giữa các đơn vị bị vòng lặp.",
                    }
                ]
            )
    return summary


def _apply_staff(actor, agency, rows) -> dict:
    summary = {"created": 0, "updated": 0, "transferred": 0, "unchanged": 0}
    units = {u.code: u for u in Unit.objects.subtree(agency)}
    today = timezone.localdate()
    for values in rows:
        unit = units[values["unit"]]
        dates = {
            k: dt.date.fromisoformat(values[k]) if values.get(k) else None
            for k in ("date_of_birth", "recruited_on", "unit_since")
        }
        person = Person.objects.filter(staff_code=values["staff_code"]).first()
        if person is None:
            services.person_create(
                actor=actor,
                staff_code=values["staff_code"],
                full_name=values["full_name"],
                recruited_on=dates["recruited_on"],
                unit=unit,
                position=values.get("position", ""),
                start_date=dates["unit_since"] or dates["recruited_on"],
                citizen_id=values.get("citizen_id", ""),
                date_of_birth=dates["date_of_birth"],
                gender=values.get("gender", ""),
                email=values.get("email", ""),
            )
            summary["created"] += 1
            continue
        # Only the columns the file has: a left-out optional column keeps what is stored.
        changes = {
            k: dates[k] if k in dates else values[k]
            for k in ("full_name", "citizen_id", "date_of_birth", "gender", "recruited_on", "email")
            if k in values
        }
        changed = services.person_update(
            actor=actor, person=person, reason="Nhập từ tệp", **changes
        )
        current = person.memberships.filter(end_date__isnull=True).first()
        position = values.get("position", current.position if current else "")
        if current is None or _needs_transfer(values, current, unit):
            if current is None:
                on_date = dates["unit_since"] or today
            else:
                on_date = _transfer_date(values, current, today)
            services.person_transfer(
                actor=actor,
                person=person,
                to_unit=unit,
                on_date=on_date,
                position=position,
                reason="Nhập từ tệp",
            )
            summary["transferred"] += 1
        elif changed:
            summary["updated"] += 1
        else:
            summary["unchanged"] += 1
    return summary


TEMPLATE_CHOICES = {
    "gender": tuple(str(label) for label in Gender.labels),
    "kind": ("Phòng", "Cơ quan"),
}


def template_workbook(kind: str) -> bytes:
    """The XLSX template with Vietnamese headers and one example row."""
    return columns_workbook(
        COLUMNS[kind],
        "Cán bộ" if kind == ImportKind.STAFF else "Đơn vị",
        choices=TEMPLATE_CHOICES,
    )


def columns_workbook(
    columns: list[Column], title: str, *, choices=None, notes=(), rows=None
) -> bytes:
    """An XLSX template for `columns` that cannot mangle what is typed into it.

    Bold frozen header and one example row; every column text-formatted as a whole (a 12-digit
    citizen ID typed on row 500 keeps its leading zero, a date stays "dd/mm/yyyy" as the import
    reads it); a drop-down list for each coded column (`choices`: column key → allowed words,
    kept on a "Danh mục" sheet); a "Hướng dẫn" sheet saying what each column takes.
    """
    from openpyxl.utils import get_column_letter
    from openpyxl.worksheet.datavalidation import DataValidation

    from thidua.documents.spreadsheet import finish_sheet, new_workbook, to_bytes, write_row

    choices = {k: v for k, v in (choices or {}).items() if v}
    workbook = new_workbook()
    sheet = workbook.create_sheet(title)
    write_row(sheet, [c.header for c in columns])
    # The example row, or (an export in the import format) the data, all of it text.
    for values in rows if rows is not None else [[c.example for c in columns]]:
        number = write_row(sheet, ["" if v is None else str(v) for v in values])
        for index in range(1, len(columns) + 1):
            sheet.cell(number, index).number_format = "@"
    finish_sheet(sheet, text_columns=range(1, len(columns) + 1), landscape=True)
    last_row = max(5000, sheet.max_row + 1000)  # validation reaches past any staff list
    lists = workbook.create_sheet("Danh mục") if choices else None
    list_column = 0
    for index, column in enumerate(columns, start=1):
        letter = get_column_letter(index)
        allowed = choices.get(column.key)
        if not allowed:
            continue
        list_column += 1
        list_letter = get_column_letter(list_column)
        lists.cell(1, list_column, column.header)
        for row, word in enumerate(allowed, start=2):
            lists.cell(row, list_column, word)
        validation = DataValidation(
            type="list",
            formula1=f"'Danh mục'!${list_letter}$2:${list_letter}${len(allowed) + 1}",
            allow_blank=not column.required,
            showErrorMessage=True,
            errorTitle=column.header,
            error=f"Chọn một giá trị trong danh sách: {', '.join(allowed)}.",
            showInputMessage=True,
            promptTitle=column.header,
            prompt="Chọn trong danh sách."[:255],
        )
        validation.add(f"{letter}2:{letter}{last_row}")
        sheet.add_data_validation(validation)
    if lists is not None:
        lists.sheet_state = "hidden"
    guide = workbook.create_sheet("Hướng dẫn")
    guide_columns = ["Cột", "Bắt buộc", "Ví dụ", "Giá trị được nhận"]
    write_row(guide, guide_columns)
    for column in columns:
        allowed = ", ".join(choices.get(column.key, ()))
        if not allowed and "ngày" in column.header.lower():
            allowed = "Ngày dạng dd/mm/yyyy, ví dụ 05/03/2025."
        write_row(
            guide,
            [column.header, "Có" if column.required else "Không", column.example, allowed],
            guide_columns,
        )
    for line in (
        "",
        "Mỗi dòng một bản ghi; giữ nguyên dòng tiêu đề, không đổi tên cột.",
        "Các cột đã để định dạng văn bản: mã, số CCCD và ngày giữ nguyên như khi gõ.",
        "Cột có danh sách chọn chỉ nhận các giá trị trong danh sách.",
        *notes,
    ):
        write_row(guide, [line])
    finish_sheet(guide, header_row=1)
    if lists is not None:  # the lists last: the data sheet, then "Hướng dẫn"
        workbook.move_sheet(lists, offset=len(workbook.sheetnames) - 1 - workbook.index(lists))
    return to_bytes(workbook)
