"""Permission-matrix rows of the regulations library (see thidua/tests/test_permission_matrix.py).

Create and edit also accept POST; their refusals (403 and nothing changed) are tested in
test_library.py."""

from conftest import PERSONAS

from .factories import national_regulation, office_regulation

ALL = set(PERSONAS)
OWN_AGENCY = ALL - {"other_agency"}

MATRIX = {
    "regulations:list": ({}, ALL),
    # The secretariat of SNV may add documents for its own agency.
    "regulations:create": ({}, {"secretariat", "admin", "other_agency"}),
    "regulations:detail": ({"pk": "REGULATIONS_OFFICE"}, OWN_AGENCY),
    "regulations:file": ({"pk": "REGULATIONS_OFFICE"}, OWN_AGENCY),
    "regulations:edit": ({"pk": "REGULATIONS_OFFICE"}, {"secretariat", "admin"}),
}


def objects(office, people, users) -> dict:
    return {
        "REGULATIONS_OFFICE": office_regulation(office).pk,
        "REGULATIONS_NATIONAL": national_regulation().pk,
    }
