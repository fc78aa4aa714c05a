"""Permission-matrix rows of the clusters app (see thidua/tests/test_permission_matrix.py).

The cluster year of the rows has the office VP (leader) and a third agency as members; the
persona other_agency (secretariat of SNV, not a member) is refused everywhere except the list,
which shows it only its own clusters. The province pages belong to the provincial board, which
no persona holds (tested in test_views.py)."""

from django.core.files.uploadedfile import SimpleUploadedFile

MANAGERS = {"head", "secretariat", "admin"}

MATRIX = {
    "clusters:index": ({}, MANAGERS | {"other_agency"}),
    "clusters:cluster_create": ({}, set()),
    "clusters:province": ({}, set()),
    "clusters:year": ({"pk": "CLUSTERS_YEAR"}, MANAGERS),
    "clusters:year_edit": ({"pk": "CLUSTERS_YEAR"}, {"head", "secretariat"}),
    "clusters:sheet": ({"pk": "CLUSTERS_YEAR", "code": "VP"}, MANAGERS),
    "clusters:evidence": ({"pk": "CLUSTERS_YEAR", "evidence_pk": "CLUSTERS_EVIDENCE"}, MANAGERS),
    "clusters:sheets_xlsx": ({"pk": "CLUSTERS_YEAR"}, MANAGERS),
    "clusters:proposal": ({"pk": "CLUSTERS_YEAR", "fmt": "docx"}, MANAGERS),
    "clusters:covenant": ({"pk": "CLUSTERS_YEAR", "fmt": "docx"}, MANAGERS),
}
# Refusals tested in thidua/clusters/tests/test_views.py (403 and nothing changed).
POST_ONLY = {
    "clusters:table_add",
    "clusters:criterion_remove",
    "clusters:transition",
    "clusters:next_year",
    "clusters:evidence_upload",
}


def objects(office, people, users) -> dict:
    from thidua.clusters import services

    from .factories import PDF, cluster_year, criteria, third_agency

    cy = cluster_year(office, [office["VP"], third_agency(office)])
    evidence = services.evidence_add(
        actor=users["secretariat"],
        cluster_year=cy,
        agency=office["VP"],
        criterion=criteria(cy)[0],
        upload=SimpleUploadedFile("minh-chung.pdf", PDF),
    )
    return {"CLUSTERS_YEAR": cy.pk, "CLUSTERS_EVIDENCE": evidence.pk}
