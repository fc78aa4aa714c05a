"""Permission-matrix rows of the reports app (see thidua/tests/test_permission_matrix.py).

Statistics, the register and the exchange export are scoped to the user's own agency, so the
secretariat of the other agency (SNV) gets its own agency's pages; objects of VP refuse it.
The narrative form also accepts POST and `report_issue` is POST-only: their refusals (403 and
nothing changed) are tested in test_reports.py."""

from conftest import PERSONAS
from thidua.movements.tests.factories import launched_movement

ALL = set(PERSONAS)
MANAGERS = {"head", "secretariat", "admin"}

MATRIX = {
    "reports:index": ({}, ALL),
    "reports:report": ({"pk": "REPORTS_MOVEMENT", "kind": "tong_ket"}, MANAGERS),
    "reports:report_document": (
        {"pk": "REPORTS_MOVEMENT", "kind": "so_ket", "fmt": "docx"},
        MANAGERS,
    ),
    "reports:stats": ({"kind": "nam"}, MANAGERS | {"division_head", "other_agency"}),
    "reports:stats_xlsx": ({"kind": "phong"}, MANAGERS | {"division_head", "other_agency"}),
    "reports:person_history": ({"staff_code": "P04"}, MANAGERS | {"division_head", "staff"}),
    "reports:unit_history": ({"code": "QH"}, MANAGERS | {"division_head"}),
    "reports:register": ({}, MANAGERS | {"other_agency"}),
    "reports:register_xlsx": ({}, MANAGERS | {"other_agency"}),
    "reports:exchange": ({"year": 2021, "fmt": "json"}, MANAGERS | {"other_agency"}),
}
POST_ONLY = {"reports:report_issue"}


def objects(office, people, users) -> dict:
    from thidua.movements.models import Movement

    movement = Movement.objects.filter(agency=office["VP"], kind="regular").first()
    if movement is None:
        movement, _covenant = launched_movement(office["VP"])
    return {"REPORTS_MOVEMENT": movement.pk}
