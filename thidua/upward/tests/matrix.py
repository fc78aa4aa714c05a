"""Permission-matrix rows of upward dossiers (see thidua/tests/test_permission_matrix.py).

The dossier (UPWARD_DOSSIER) is prepared, so the province board would not see it; the board's
reads are tested in test_views.py with its own persona. POST-only names are tested for refusal
(403 and nothing changed) in test_views.py."""

from thidua.upward.models import DossierEntry, UpwardDossier

from .factories import YEAR

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
    """A prepared dossier with one entry, made directly (this runs for every matrix case, so
    it skips the engine; the services' own tests build dossiers the real way)."""
    dossier = UpwardDossier.objects.create(agency=office["VP"], year=YEAR)
    entry = DossierEntry.objects.create(
        dossier=dossier, person=people["nd_staff"], title_code="BK_TINH", eligible=True
    )
    return {"UPWARD_DOSSIER": dossier.pk, "UPWARD_ENTRY": entry.pk}
