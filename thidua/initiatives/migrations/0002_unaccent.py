"""The unaccent extension for accent-insensitive full-text search, on PostgreSQL only.

SQLite has no extensions: the search there uses the folded columns (see search.py), so the
operation does nothing on other databases, in both directions.
"""

from django.contrib.postgres.operations import UnaccentExtension
from django.db import migrations


class UnaccentOnPostgres(UnaccentExtension):
    def database_forwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label, schema_editor, from_state, to_state):
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)

    def describe(self):
        return "Creates extension unaccent (PostgreSQL only)"


class Migration(migrations.Migration):
    dependencies = [("initiatives", "0001_initial")]

    operations = [UnaccentOnPostgres()]
