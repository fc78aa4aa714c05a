"""Permission-matrix rows of upward dossiers (see thidua/tests/test_permission_matrix.py).

The dossier (UPWARD_DOSSIER) is prepared, so the province board would not see it; the board's
reads are tested in test_views.py with its own persona. POST-only names are tested for refusal
(403 and nothing changed) in test_views.py."""

from .factories import dossier_in

MANAGERS = {"head", "secretariat", "admin"}

MATRIX = {
    "upward:index": ({}, MANAGERS | {"other_agency"}),
    "upward:detail": ({"pk": "UPWARD_DOSSIER"}, MANAGERS),
    "upward:memo": ({"pk": "UPWARD_DOSSIER", "fmt": "docx"}, MANAGERS),
    "upward:archive": ({"pk": "UPWARD_DOSSIER"}, MANAGERS),
    "upward:entry": ({"pk": "UPWARD_DOSSIER", "entry_pk": "UPWARD_ENTRY"}, MANAGERS),
    "upward:report": ({"pk": "UPWARD_DOSSIER", "entry_pk": "UPWARD_ENTRY"}, MANAGERS),
    "upward:province": ({}, set()),
}
POST_ONLY = {
    "upward:create",
    "upward:memo_update",
    "upward:transition",
    "upward:entry_include",
}


def objects(office, people, users) -> dict:
    dossier = dossier_in(office, people, "prepared")
    return {"UPWARD_DOSSIER": dossier.pk, "UPWARD_ENTRY": dossier.entries.first().pk}
