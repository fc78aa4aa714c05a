"""Test settings: the real settings with a fast password hasher and no .env file.

DATABASE_URL still chooses the database, so the suite runs on SQLite and on PostgreSQL.
"""

import atexit
import os
import shutil
import tempfile

os.environ["THIDUA_READ_DOTENV"] = "false"
os.environ.setdefault("SECRET_KEY", "test-only-key-not-secret-" + "x" * 40)
os.environ.setdefault("DEBUG", "false")
os.environ.setdefault("SECURE_SSL_REDIRECT", "false")
# Files (uploads, generated documents) go to a temporary folder removed when the process ends.
# Each pytest-xdist worker gets its own beside its own test database (a worker inherits the
# controller's VAR_DIR, so it is replaced there); the worker's subprocesses keep the worker's.
_worker = os.environ.get("PYTEST_XDIST_WORKER", "")
if "VAR_DIR" not in os.environ or os.environ.get("THIDUA_TEST_VAR_DIR_OF", "") != _worker:
    os.environ["VAR_DIR"] = tempfile.mkdtemp(prefix=f"thidua-test-{_worker}-")
    os.environ["THIDUA_TEST_VAR_DIR_OF"] = _worker
    atexit.register(shutil.rmtree, os.environ["VAR_DIR"], ignore_errors=True)

from config.settings import *  # noqa: E402,F403
from config.settings import STORAGES  # noqa: E402

# Argon2 is checked by its own test; elsewhere a fast hasher keeps the suite quick.
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.MD5PasswordHasher",
    "django.contrib.auth.hashers.Argon2PasswordHasher",
]
STORAGES = {
    **STORAGES,
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# A test database needs no durability: PostgreSQL acknowledges commits before the WAL is flushed.
if DATABASES["default"]["ENGINE"].startswith("django.db.backends.postgresql"):  # noqa: F405
    _options = DATABASES["default"].setdefault("OPTIONS", {})  # noqa: F405
    _options["options"] = (_options.get("options", "") + " -c synchronous_commit=off").strip()
