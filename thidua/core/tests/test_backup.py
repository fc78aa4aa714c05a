"""Backup and restore: the test data (people, yearly records, a private file, the audit chain)
is backed up, restored into a fresh database by the `restore` command in its own process, and
found again row for row with an intact audit chain. On SQLite the fresh database is a new file;
on PostgreSQL it is created with CREATE DATABASE through psql and dropped afterwards.

Runs on whichever database DATABASE_URL selects: the SQLite and PostgreSQL runs of the suite
together cover both paths."""

import io
import json
import os
import subprocess
import sys
import tarfile
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection

from conftest import make_person
from thidua.core.audit import verify_chain
from thidua.core.management.commands.backup import pg_environment
from thidua.core.models import AuditChainHead, AuditEvent
from thidua.org.models import Person
from thidua.records import services as records
from thidua.records.models import PersonRating
from thidua.regulations import services as regulations
from thidua.regulations.models import Kind, Regulation, Scope
from thidua.regulations.tests.factories import pdf

pytestmark = pytest.mark.django_db(transaction=True)
BASE_DIR = Path(settings.BASE_DIR)

# Printed by `manage.py shell -c` in the restored process and computed here the same way.
SNAPSHOT = """
import json
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.org.models import Person
from thidua.records.models import PersonRating
from thidua.regulations.models import Regulation
problem = verify_chain()
print("SNAPSHOT:" + json.dumps({
    "people": sorted(Person.objects.values_list("staff_code", "full_name")),
    "ratings": sorted(PersonRating.objects.values_list(
        "person__staff_code", "year", "rating", "reason")),
    "current_ratings": PersonRating.objects.filter(superseded_at__isnull=True).count(),
    "audit": sorted(AuditEvent.objects.values_list("seq", "action", "hash")),
    "chain": None if problem is None else problem.message,
    "files": sorted(Regulation.objects.exclude(file="").values_list("file", "sha256")),
}, ensure_ascii=False))
"""


def snapshot_here() -> dict:
    out = io.StringIO()
    namespace = {}
    code = SNAPSHOT.replace("print(", "out.write(")
    exec(code, {"out": out, **namespace})  # noqa: S102 - our own constant, the same as above
    return json.loads(out.getvalue().removeprefix("SNAPSHOT:"))


@pytest.fixture
def data(office, people, users):
    for index, person in enumerate(
        Person.objects.filter(agency=office["VP"]).order_by("staff_code")
    ):
        records.record_rating_set(
            actor=users["secretariat"], person=person, year=2025, rating="HTTNV"
        )
        if index % 2:
            records.record_rating_set(
                actor=users["secretariat"],
                person=person,
                year=2025,
                rating="HTXSNV",
                reason="Điều chỉnh theo kết quả đánh giá lại",
            )
    regulations.regulation_create(
        actor=users["secretariat"],
        scope=Scope.AGENCY,
        unit=office["VP"],
        kind=Kind.RULES,
        number="09/QC-VP",
        title="Quy chế thi đua, khen thưởng",
        issuer="Văn phòng",
        upload=SimpleUploadedFile("quy-che.pdf", pdf()),
    )
    assert verify_chain() is None
    return snapshot_here()


def backup(path: Path) -> dict:
    out = io.StringIO()
    call_command("backup", output=str(path), stdout=out)
    assert "Đã sao lưu" in out.getvalue()
    with tarfile.open(path) as archive:
        return json.load(archive.extractfile("manifest.json"))


class FreshDatabase:
    """A new, empty database of the same kind as the test database."""

    def __init__(self, tmp_path: Path):
        self.settings = connection.settings_dict
        self.vendor = connection.vendor
        if self.vendor == "sqlite":
            self.url = f"sqlite:///{(tmp_path / 'fresh.sqlite3').as_posix()}"
        else:
            self.name = f"{self.settings['NAME']}_fresh_{uuid.uuid4().hex[:8]}"
            self._psql(f'CREATE DATABASE "{self.name}"')
            s = self.settings
            auth = s["USER"] + (f":{s['PASSWORD']}" if s.get("PASSWORD") else "")
            self.url = f"postgres://{auth}@{s['HOST']}:{s['PORT']}/{self.name}"

    def _psql(self, sql: str):
        args, env = pg_environment(self.settings)
        subprocess.run(  # noqa: S603
            ["psql", *args, "--dbname=postgres", "-v", "ON_ERROR_STOP=1", "-c", sql],  # noqa: S607
            env=env,
            check=True,
            capture_output=True,
        )

    def drop(self):
        if self.vendor != "sqlite":
            self._psql(f'DROP DATABASE IF EXISTS "{self.name}" WITH (FORCE)')


def manage(fresh: FreshDatabase, private: Path, *args) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings_test",
        "DATABASE_URL": fresh.url,
        "PRIVATE_STORAGE_DIR": str(private),
        "VAR_DIR": str(private.parent),
    }
    return subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", *args],
        cwd=BASE_DIR,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )


def test_backup_restores_into_a_fresh_database_with_every_record_and_the_audit_chain(
    data, tmp_path
):
    archive = tmp_path / "sao-luu.tar.gz"
    manifest = backup(archive)
    assert manifest["database"]["vendor"] == connection.vendor
    assert manifest["tables"]["org_person"] == Person.objects.count() == len(data["people"])
    assert manifest["tables"]["records_personrating"] == PersonRating.objects.count()
    assert manifest["tables"]["core_auditevent"] == AuditEvent.objects.count()
    head = AuditChainHead.objects.get()
    assert manifest["audit_head"] == {"last_seq": head.last_seq, "last_hash": head.last_hash}
    stored = Regulation.objects.get().file.name
    assert stored in {f["path"] for f in manifest["private_files"]}
    assert oct(archive.stat().st_mode & 0o777) == "0o600"

    fresh = FreshDatabase(tmp_path)
    private = tmp_path / "var" / "private"
    try:
        restored = manage(fresh, private, "restore", str(archive), "--noinput")
        assert restored.returncode == 0, restored.stderr
        assert "Đã khôi phục" in restored.stdout
        audit = manage(fresh, private, "verify_audit", "--skip-checks")
        assert audit.returncode == 0, audit.stdout + audit.stderr
        shown = manage(fresh, private, "shell", "--no-imports", "-c", SNAPSHOT)
        assert shown.returncode == 0, shown.stderr
        line = next(x for x in shown.stdout.splitlines() if x.startswith("SNAPSHOT:"))
        assert json.loads(line.removeprefix("SNAPSHOT:")) == data
        assert data["chain"] is None and len(data["audit"]) == head.last_seq
        assert (private / stored).read_bytes() == pdf()
    finally:
        fresh.drop()


def test_restore_refuses_a_database_that_has_data(data, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    backup(archive)
    with pytest.raises(CommandError, match="đang có dữ liệu .*--force"):
        call_command("restore", str(archive))
    assert snapshot_here() == data


def test_restore_with_force_asks_and_a_no_changes_nothing(data, tmp_path, monkeypatch):
    archive = tmp_path / "sao-luu.tar.gz"
    backup(archive)
    make_person("P99", "Người thêm sau sao lưu", Person.objects.first().agency)
    after = snapshot_here()
    asked = []
    monkeypatch.setattr("builtins.input", lambda prompt: asked.append(prompt) or "khong")
    with pytest.raises(CommandError, match="Đã huỷ khôi phục"):
        call_command("restore", str(archive), force=True)
    assert "sẽ bị thay thế toàn bộ" in asked[0]
    assert snapshot_here() == after


def test_restore_with_force_and_noinput_brings_back_the_backed_up_state(data, tmp_path):
    archive = tmp_path / "sao-luu.tar.gz"
    backup(archive)
    make_person("P99", "Người thêm sau sao lưu", Person.objects.first().agency)
    assert snapshot_here() != data
    out = io.StringIO()
    call_command("restore", str(archive), force=True, interactive=False, stdout=out)
    assert "Đã khôi phục" in out.getvalue()
    assert snapshot_here() == data
    assert not Person.objects.filter(staff_code="P99").exists()


def _tamper(archive: Path, target: Path, *, add=None, manifest_change=None):
    with tarfile.open(archive) as source, tarfile.open(target, "w:gz") as out:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest_change:
                manifest = json.loads(content)
                manifest_change(manifest)
                content = json.dumps(manifest).encode()
                member.size = len(content)
            out.addfile(member, io.BytesIO(content))
        for name, content in (add or {}).items():
            info = tarfile.TarInfo(name)
            info.size = len(content)
            out.addfile(info, io.BytesIO(content))


def _flag_private_file(manifest):
    manifest["private_files"][0]["sha256"] = "0" * 64


def _other_vendor(manifest):
    manifest["database"]["vendor"] = "oracle"


BAD_ARCHIVES = [
    ("path-traversal", {"add": {"../../thoat-ra-ngoai.txt": b"x"}}, "không an toàn"),
    ("absolute-path", {"add": {"/thidua-tuyet-doi.txt": b"x"}}, "không an toàn"),
    ("private-file-altered", {"manifest_change": _flag_private_file}, "sai mã băm"),
    ("other-database", {"manifest_change": _other_vendor}, "không khôi phục được"),
]


@pytest.mark.parametrize(
    ("case", "change", "message"), BAD_ARCHIVES, ids=[b[0] for b in BAD_ARCHIVES]
)
def test_damaged_or_hostile_archives_are_refused_before_anything_changes(
    data, tmp_path, case, change, message
):
    archive, bad = tmp_path / "sao-luu.tar.gz", tmp_path / "hong.tar.gz"
    backup(archive)
    _tamper(archive, bad, **change)
    with pytest.raises(CommandError, match=message):
        call_command("restore", str(bad), force=True, interactive=False)
    assert snapshot_here() == data
    assert not (tmp_path.parent / "thoat-ra-ngoai.txt").exists()


def test_not_an_archive_is_refused(db, tmp_path):
    junk = tmp_path / "khong-phai.tar.gz"
    junk.write_bytes(b"day khong phai tep nen")
    with pytest.raises(CommandError, match="hỏng hoặc không đúng định dạng"):
        call_command("restore", str(junk), interactive=False)
