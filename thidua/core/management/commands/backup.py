"""Back up the whole application: the database and the private files, in one tar.gz.

    python manage.py backup --output thidua-2026-11-24.tar.gz

The archive holds `manifest.json` (when, which database, the row count of every table, the
audit chain head, the list of private files with their SHA-256), the database dump and the
files of PRIVATE_STORAGE_DIR under `private/`. `restore` reads it back and checks it against the
manifest.

PostgreSQL: `pg_dump -Fc` with the connection parameters of settings.DATABASES; the password
goes in the PGPASSWORD environment variable, never on the command line. The dump and the
manifest's counts come from one exported snapshot, so they agree even while users keep working.
SQLite: the sqlite3 online backup API (a consistent copy while the application runs); the counts
are read from the copy.
"""

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection, transaction

FORMAT_VERSION = 1
PG_DUMP_NAME = "database.dump"
SQLITE_DUMP_NAME = "database.sqlite3"
MANIFEST_NAME = "manifest.json"
PRIVATE_PREFIX = "private"
TOOL_TIMEOUT_SECONDS = 3600


def pg_environment(settings_dict) -> tuple[list[str], dict]:
    """Connection arguments for pg_dump / pg_restore / psql and the environment holding the
    password (PGPASSWORD), so the password never appears in a process list."""
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    env.pop("PGPASSWORD", None)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    sslmode = (settings_dict.get("OPTIONS") or {}).get("sslmode")
    if sslmode:
        env["PGSSLMODE"] = str(sslmode)
    return args, env


def pg_tool(name: str) -> str:
    binary = shutil.which(name)
    if binary is None:
        raise CommandError(
            f"Không tìm thấy chương trình {name}: cài gói postgresql-client cùng phiên bản máy chủ."
        )
    return binary


def run_tool(command: list[str], env: dict) -> None:
    # A fixed program and arguments, no shell; the password is only in `env`.
    result = subprocess.run(  # noqa: S603 (fixed pg tool, argument list, no shell)  # nosec B603
        command, env=env, capture_output=True, timeout=TOOL_TIMEOUT_SECONDS, check=False
    )
    if result.returncode != 0:
        detail = result.stderr.decode("utf-8", errors="replace").strip()[-2000:]
        raise CommandError(f"{Path(command[0]).name} thất bại (mã {result.returncode}): {detail}")


def table_counts(cursor, tables) -> dict[str, int]:
    counts = {}
    for table in sorted(tables):
        cursor.execute(f"SELECT COUNT(*) FROM {connection.ops.quote_name(table)}")  # noqa: S608 (quoted introspected name)  # nosec B608
        counts[table] = cursor.fetchone()[0]
    return counts


def audit_head(cursor, tables) -> dict:
    if "core_auditchainhead" not in tables:
        return {"last_seq": 0, "last_hash": "0" * 64}
    cursor.execute("SELECT last_seq, last_hash FROM core_auditchainhead WHERE id = 1")
    row = cursor.fetchone()
    return (
        {"last_seq": row[0], "last_hash": row[1]} if row else {"last_seq": 0, "last_hash": "0" * 64}
    )


def file_digest(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for chunk in iter(lambda: handle.read(1 << 20), b""):
            digest.update(chunk)
    return digest.hexdigest()


def private_files(root: Path, exclude: Path | None = None) -> list[Path]:
    if not root.is_dir():
        return []
    files = []
    for path in sorted(root.rglob("*")):
        if path.is_symlink() or not path.is_file():
            continue
        if exclude is not None and path.resolve() == exclude:
            continue
        files.append(path)
    return files


class Command(BaseCommand):
    # Maintenance must work even when a page or a setting is broken: no system checks.
    requires_system_checks = []
    help = "Sao lưu cơ sở dữ liệu và tệp riêng (PRIVATE_STORAGE_DIR) vào một tệp .tar.gz."

    def add_arguments(self, parser):
        parser.add_argument(
            "--output", required=True, help="Tệp sao lưu sẽ ghi (ví dụ thidua-2026-11-24.tar.gz)."
        )

    def handle(self, *args, output, **options):
        target = Path(output).expanduser().resolve()
        if not target.parent.is_dir():
            raise CommandError(f"Thư mục {target.parent} không tồn tại.")
        with tempfile.TemporaryDirectory(prefix="thidua-backup-") as work:
            work = Path(work)
            vendor = connection.vendor
            if vendor == "postgresql":
                dump_name, counts, head = PG_DUMP_NAME, *self._dump_postgres(work / PG_DUMP_NAME)
            elif vendor == "sqlite":
                dump_name, counts, head = (
                    SQLITE_DUMP_NAME,
                    *self._dump_sqlite(work / SQLITE_DUMP_NAME),
                )
            else:
                raise CommandError(f"Chưa hỗ trợ sao lưu cơ sở dữ liệu {vendor}.")
            root = Path(settings.PRIVATE_STORAGE_DIR).resolve()
            files = private_files(root, exclude=target)
            manifest = {
                "format": FORMAT_VERSION,
                "created_at": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
                "database": {"vendor": vendor, "file": dump_name},
                "tables": counts,
                "audit_head": head,
                "private_files": [
                    {
                        "path": path.relative_to(root).as_posix(),
                        "size": path.stat().st_size,
                        "sha256": file_digest(path),
                    }
                    for path in files
                ],
            }
            (work / MANIFEST_NAME).write_text(
                json.dumps(manifest, ensure_ascii=False, indent=2), encoding="utf-8"
            )
            partial = target.with_name(target.name + ".part")
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w:gz") as archive:
                archive.add(work / MANIFEST_NAME, arcname=MANIFEST_NAME)
                archive.add(work / dump_name, arcname=dump_name)
                for path in files:
                    arcname = f"{PRIVATE_PREFIX}/{path.relative_to(root).as_posix()}"
                    archive.add(path, arcname=arcname, recursive=False)
            os.replace(partial, target)
        rows = sum(counts.values())
        self.stdout.write(
            self.style.SUCCESS(
                f"Đã sao lưu vào {target}: {len(counts)} bảng, {rows} dòng, "
                f"{len(files)} tệp riêng; nhật ký đến dòng số {head['last_seq']}."
            )
        )

    def _dump_sqlite(self, path: Path):
        connection.ensure_connection()
        source = connection.connection
        if connection.in_atomic_block:
            raise CommandError("Không sao lưu được giữa một giao dịch đang mở.")
        copy = sqlite3.connect(path)
        try:
            source.backup(copy)
            cursor = copy.cursor()
            cursor.execute(
                "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
            )
            tables = {row[0] for row in cursor.fetchall()}
            counts = {}
            for table in sorted(tables):
                quoted = '"' + table.replace('"', '""') + '"'
                cursor.execute(f"SELECT COUNT(*) FROM {quoted}")  # noqa: S608 (quoted name)  # nosec B608
                counts[table] = cursor.fetchone()[0]
            head = audit_head(cursor, tables)
        finally:
            copy.close()
        return counts, head

    def _dump_postgres(self, path: Path):
        settings_dict = connection.settings_dict
        args, env = pg_environment(settings_dict)
        binary = pg_tool("pg_dump")
        command = [binary, "--format=custom", "--no-owner", "--no-privileges", *args]
        if connection.in_atomic_block:
            raise CommandError("Không sao lưu được giữa một giao dịch đang mở.")
        with transaction.atomic(), connection.cursor() as cursor:
            # One snapshot for the dump and the counts: they describe the same moment.
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            tables = set(connection.introspection.table_names(cursor))
            counts = table_counts(cursor, tables)
            head = audit_head(cursor, tables)
            run_tool(
                [
                    *command,
                    f"--snapshot={snapshot}",
                    f"--file={path}",
                    f"--dbname={settings_dict['NAME']}",
                ],
                env,
            )
        return counts, head
