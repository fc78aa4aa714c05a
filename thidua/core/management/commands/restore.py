"""Restore a backup written by `backup`: the database and the private files, then check that
every table holds the row count the manifest recorded and that the audit chain is intact.

    python manage.py restore thidua-2026-11-24.tar.gz            # into an empty database
    python manage.py restore thidua-2026-11-24.tar.gz --force    # overwrite, after a prompt
    python manage.py restore thidua-2026-11-24.tar.gz --force --noinput

A database that already holds data is refused unless --force is given, and then the command asks
for confirmation unless --noinput. The archive is checked before anything is touched: only
regular files with plain relative names are read (no absolute paths, no "..", no links), and
every private file must match the SHA-256 in the manifest.
"""

import json
import shutil
import sqlite3
import tarfile
import tempfile
from pathlib import Path, PurePosixPath

from django.apps import apps
from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from thidua.core.audit import verify_chain

from .backup import (
    MANIFEST_NAME,
    PG_DUMP_NAME,
    PRIVATE_PREFIX,
    SQLITE_DUMP_NAME,
    audit_head,
    file_digest,
    pg_environment,
    pg_tool,
    run_tool,
    table_counts,
)

CONFIRM_WORD = "co"


def _safe_members(archive: tarfile.TarFile) -> list[tarfile.TarInfo]:
    members = []
    for member in archive.getmembers():
        name = PurePosixPath(member.name)
        if member.isdir():
            continue
        if not member.isfile() or name.is_absolute() or ".." in name.parts or not name.parts:
            raise CommandError(f"Tệp sao lưu chứa mục không an toàn: {member.name!r}.")
        members.append(member)
    return members


def data_rows() -> int:
    """Rows in the application's own tables (users, units, people, records, audit, …). A newly
    migrated database has none; the tables Django fills itself (content types, permissions)
    do not count."""
    existing = set(connection.introspection.table_names())
    total = 0
    with connection.cursor() as cursor:
        for model in apps.get_models():
            if model._meta.app_label in {"contenttypes", "auth", "sessions", "admin"}:
                continue
            table = model._meta.db_table
            if table in existing and not model._meta.proxy:
                cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (quoted model table name)  # nosec B608
                total += cursor.fetchone()[0]
    return total


class Command(BaseCommand):
    # Maintenance must work even when a page or a setting is broken: no system checks.
    requires_system_checks = []
    help = "Khôi phục cơ sở dữ liệu và tệp riêng từ một tệp sao lưu (.tar.gz) của lệnh backup."

    def add_arguments(self, parser):
        parser.add_argument("file", help="Tệp sao lưu .tar.gz do lệnh backup tạo.")
        parser.add_argument(
            "--force",
            action="store_true",
            help="Ghi đè cơ sở dữ liệu đang có dữ liệu (mọi dữ liệu hiện tại bị thay thế).",
        )
        parser.add_argument(
            "--noinput",
            "--no-input",
            action="store_false",
            dest="interactive",
            help="Không hỏi xác nhận.",
        )

    def handle(self, *args, file, force=False, interactive=True, **options):
        source = Path(file).expanduser()
        if not source.is_file():
            raise CommandError(f"Không tìm thấy tệp sao lưu {source}.")
        with tempfile.TemporaryDirectory(prefix="thidua-restore-") as work:
            work = Path(work)
            manifest = self._unpack(source, work)
            vendor = manifest["database"]["vendor"]
            if vendor != connection.vendor:
                raise CommandError(
                    f"Bản sao lưu là của cơ sở dữ liệu {vendor}, máy này đang dùng "
                    f"{connection.vendor}: không khôi phục được."
                )
            self._check_target(force, interactive)
            dump = work / manifest["database"]["file"]
            if vendor == "postgresql":
                self._restore_postgres(dump)
            else:
                self._restore_sqlite(dump)
            restored_files = self._restore_files(work, manifest)
        self._verify(manifest, restored_files)

    def _unpack(self, source: Path, work: Path) -> dict:
        try:
            with tarfile.open(source, mode="r:gz") as archive:
                members = _safe_members(archive)
                for member in members:
                    destination = work.joinpath(*PurePosixPath(member.name).parts)
                    destination.parent.mkdir(parents=True, exist_ok=True)
                    with archive.extractfile(member) as data, destination.open("wb") as out:
                        shutil.copyfileobj(data, out)
        except (tarfile.TarError, OSError, EOFError) as error:
            raise CommandError(f"Tệp sao lưu hỏng hoặc không đúng định dạng: {error}") from None
        manifest_path = work / MANIFEST_NAME
        if not manifest_path.is_file():
            raise CommandError("Tệp sao lưu thiếu manifest.json: không phải tệp của lệnh backup.")
        manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
        if manifest.get("database", {}).get("file") not in {PG_DUMP_NAME, SQLITE_DUMP_NAME}:
            raise CommandError("manifest.json không ghi tệp cơ sở dữ liệu hợp lệ.")
        if not (work / manifest["database"]["file"]).is_file():
            raise CommandError("Tệp sao lưu thiếu bản kết xuất cơ sở dữ liệu.")
        for entry in manifest.get("private_files", []):
            path = work / PRIVATE_PREFIX / PurePosixPath(entry["path"])
            if not path.is_file() or file_digest(path) != entry["sha256"]:
                raise CommandError(
                    f"Tệp riêng {entry['path']} trong bản sao lưu bị thiếu hoặc sai mã băm."
                )
        return manifest

    def _check_target(self, force: bool, interactive: bool) -> None:
        rows = data_rows()
        if rows == 0:
            return
        if not force:
            raise CommandError(
                f"Cơ sở dữ liệu đích đang có dữ liệu ({rows} dòng). Khôi phục sẽ thay thế toàn bộ "
                "dữ liệu hiện tại; nếu chắc chắn, chạy lại với --force."
            )
        if interactive:
            answer = input(
                f"Cơ sở dữ liệu đang có {rows} dòng dữ liệu và sẽ bị thay thế toàn bộ. "
                f"Gõ '{CONFIRM_WORD}' để tiếp tục: "
            )
            if answer.strip().lower() != CONFIRM_WORD:
                raise CommandError("Đã huỷ khôi phục; cơ sở dữ liệu không thay đổi.")

    def _restore_postgres(self, dump: Path) -> None:
        settings_dict = connection.settings_dict
        args, env = pg_environment(settings_dict)
        binary = pg_tool("pg_restore")
        connection.close()  # no open transaction of ours holds locks on the tables
        run_tool(
            [
                binary,
                "--clean",
                "--if-exists",
                "--no-owner",
                "--no-privileges",
                "--single-transaction",
                "--exit-on-error",
                *args,
                f"--dbname={settings_dict['NAME']}",
                str(dump),
            ],
            env,
        )

    def _restore_sqlite(self, dump: Path) -> None:
        connection.ensure_connection()
        if connection.in_atomic_block:
            raise CommandError("Không khôi phục được giữa một giao dịch đang mở.")
        source = sqlite3.connect(dump)
        try:
            # The online backup API copies every page: the target becomes the backup exactly.
            source.backup(connection.connection)
        finally:
            source.close()

    def _restore_files(self, work: Path, manifest: dict) -> int:
        root = Path(settings.PRIVATE_STORAGE_DIR)
        root.mkdir(parents=True, exist_ok=True)
        for entry in manifest.get("private_files", []):
            relative = PurePosixPath(entry["path"])
            destination = root.joinpath(*relative.parts)
            destination.parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(work / PRIVATE_PREFIX / relative, destination)
        return len(manifest.get("private_files", []))

    def _verify(self, manifest: dict, restored_files: int) -> None:
        with connection.cursor() as cursor:
            tables = set(connection.introspection.table_names(cursor))
            expected = manifest["tables"]
            missing = sorted(set(expected) - tables)
            if missing:
                raise CommandError(f"Sau khôi phục thiếu bảng: {', '.join(missing)}.")
            counts = table_counts(cursor, expected)
            head = audit_head(cursor, tables)
        wrong = [
            f"{table}: {counts[table]} (bản sao lưu: {rows})"
            for table, rows in expected.items()
            if counts[table] != rows
        ]
        if wrong:
            raise CommandError("Số dòng sau khôi phục không khớp: " + "; ".join(wrong))
        if head != manifest["audit_head"]:
            raise CommandError("Đầu chuỗi nhật ký sau khôi phục không khớp bản sao lưu.")
        problem = verify_chain()
        if problem is not None:
            raise CommandError(f"Nhật ký sau khôi phục không toàn vẹn: {problem.message}")
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã khôi phục: {len(expected)} bảng, {sum(counts.values())} dòng, "
                f"{restored_files} tệp riêng; nhật ký toàn vẹn đến dòng số {head['last_seq']}. "
                "Nếu mã nguồn mới hơn bản sao lưu, chạy tiếp: python manage.py migrate"
            )
        )
