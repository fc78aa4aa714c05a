"""Permission-matrix rows of the award decisions (see thidua/tests/test_permission_matrix.py).

Sign and cancel answer GET with a confirmation page; their POST refusals, and those of the
POST-only actions, are tested in test_views.py (403 and nothing changed)."""

import datetime as dt

from django.core.files.base import ContentFile
from django.core.files.storage import default_storage

from conftest import PERSONAS
from thidua.decisions.models import AwardImportBatch, Decision

from .factories import draft, signed

ALL = set(PERSONAS)
OWN_AGENCY = ALL - {"other_agency"}
STAFF_EDITORS = {"secretariat", "admin"}
DRAFT_READERS = {"head", "secretariat", "admin"}
MATRIX_SCAN = "decisions/matrix/qd-ky-matrix.pdf"
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
    b"2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\nendobj\n"
    b"3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\n"
    b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
)

MATRIX = {
    "decisions:list": ({}, ALL),
    # The secretariat of SNV drafts its own agency's decisions.
    "decisions:create": ({}, {"secretariat", "other_agency"}),
    "decisions:detail": ({"pk": "DECISIONS_SIGNED"}, OWN_AGENCY),
    "decisions:edit": ({"pk": "DECISIONS_DRAFT"}, {"secretariat"}),
    "decisions:sign": ({"pk": "DECISIONS_DRAFT"}, {"head"}),
    "decisions:cancel": ({"pk": "DECISIONS_SIGNED"}, {"head"}),
    "decisions:document": ({"pk": "DECISIONS_SIGNED", "fmt": "docx"}, OWN_AGENCY),
    "decisions:certificates": ({"pk": "DECISIONS_SIGNED"}, OWN_AGENCY),
    "decisions:certificate": (
        {"pk": "DECISIONS_SIGNED", "entry_pk": "DECISIONS_ENTRY"},
        OWN_AGENCY,
    ),
    "decisions:scan_upload": ({"pk": "DECISIONS_SIGNED"}, {"head", "secretariat"}),
    "decisions:scan": ({"pk": "DECISIONS_SIGNED"}, OWN_AGENCY),
    "decisions:history_import": ({}, STAFF_EDITORS | {"other_agency"}),
    "decisions:history_template": ({}, STAFF_EDITORS | {"other_agency"}),
    "decisions:history_export": ({"code": "VP"}, STAFF_EDITORS),
    # Without a configured certificate the signed download redirects to the decision page.
    "decisions:verify": ({}, ALL),
    "decisions:signed_pdf": ({"pk": "DECISIONS_SIGNED"}, OWN_AGENCY),
    "decisions:history_preview": ({"pk": "DECISIONS_BATCH"}, STAFF_EDITORS),
}
POST_ONLY = {
    "decisions:entry_add",
    "decisions:entry_remove",
    "decisions:history_confirm",
    "decisions:history_cancel",
}


def objects(office, people, users) -> dict:
    drafted = draft(office, people, users, year=2025)
    issued = signed(office, people, users, year=2025, signed_on=dt.date(2026, 1, 15))
    # objects() runs for every matrix case: one stored scan serves them all.
    if not default_storage.exists(MATRIX_SCAN):
        default_storage.save(MATRIX_SCAN, ContentFile(TINY_PDF))
    Decision.objects.filter(pk=issued.pk).update(scan=MATRIX_SCAN, scan_name="qd-ky.pdf")
    batch = AwardImportBatch.objects.create(
        agency=office["VP"],
        filename="lich-su.xlsx",
        file_sha256="0" * 64,
        created_by=users["secretariat"],
    )
    return {
        "DECISIONS_DRAFT": drafted.pk,
        "DECISIONS_SIGNED": issued.pk,
        "DECISIONS_ENTRY": issued.entries.first().pk,
        "DECISIONS_BATCH": batch.pk,
    }
