"""With a council session of the year whose ballot is closed, the candidates are its approved
entries (thidua.council.selectors.approved_entries) and the ZIP carries its minutes."""

import io
import zipfile

from django.urls import reverse

from thidua.council.tests.factories import voted_session
from thidua.upward import services
from thidua.upward.models import UpwardDossier

from .factories import YEAR
from .test_views import docx_text


def test_candidates_come_from_the_councils_approved_entries(client_for, office, people, users):
    session = voted_session(
        office,
        people,
        users,
        extra=[("P20", "Nguyễn Thị Mai", "CSTD_TINH"), ("P21", "Trần Văn Lộc", "BK_TINH")],
        answers=["yyn", "yyn", "yyn"],  # P04 LĐTT yes, P20 yes, P21 no
    )
    dossier = services.dossier_create(actor=users["secretariat"], agency=office["VP"], year=YEAR)
    assert dossier.source == "council" and dossier.council_session_id == session.pk
    entries = list(dossier.entries.select_related("person"))
    assert [(e.person.staff_code, e.title_code, e.votes) for e in entries] == [
        ("P20", "CSTD_TINH", "3/3")
    ]
    assert entries[0].eligible is False  # no CSTĐCS history: the engine says why
    services.entry_update(actor=users["secretariat"], entry=entries[0], justification="Giải trình")
    response = client_for("head").get(reverse("upward:archive", kwargs={"pk": dossier.pk}))
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    minutes = [n for n in archive.namelist() if "/03-bien-ban/" in n]
    assert [n.rsplit("/", 1)[1] for n in minutes] == ["bien-ban-hoi-dong.docx"]
    assert "Hội đồng Thi đua - Khen thưởng" in docx_text(archive.read(minutes[0]))
    memo = docx_text(archive.read(next(n for n in archive.namelist() if n.endswith(".docx"))))
    assert "Căn cứ kết quả họp Hội đồng Thi đua - Khen thưởng ngày" in memo
    assert UpwardDossier.objects.count() == 1
