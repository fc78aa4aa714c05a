"""The seed rows of the legal parameter table, as the data migrations wrote them, for a database
whose table was flushed after migrating (test databases are: a transactional test empties every
table). Each data migration of this app exposes ``forward(apps, schema_editor)`` or, for the
first one, ``seed``; they run here in order, exactly as ``migrate`` ran them."""

import importlib

DATA_MIGRATIONS = ("0001_initial", "0002_same_period_money_rule", "0003_quota_parameters")


def reseed(apps) -> None:
    for name in DATA_MIGRATIONS:
        module = importlib.import_module(f"thidua.legal.migrations.{name}")
        (getattr(module, "seed", None) or module.forward)(apps, None)
