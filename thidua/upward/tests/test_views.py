"""The pages: building a dossier, the ZIP the province receives (each DOCX opened and read),
the memo PDF, refused POSTs that change nothing, and the province board's read-only inbox
limited to the dossiers sent by the agencies of its province."""

import datetime as dt
import io
import subprocess
import zipfile

import pytest
from django.urls import reverse
from docx import Document

from conftest import otp_verify_client
from thidua.core.models import AuditEvent
from thidua.decisions.models import Award
from thidua.org import services as org_services
from thidua.org.models import UnitKind
from thidua.upward.models import DossierEntry, DossierStatus, UpwardDossier

from .factories import YEAR, accepted_upward_proposals, dossier_in, province_board_user

pytestmark = pytest.mark.usefixtures("module_world")

S = DossierStatus
TODAY = dt.date.today()


def docx_text(data: bytes) -> str:
    document = Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def test_secretariat_builds_a_dossier_from_the_page(client_for, office, people):
    accepted_upward_proposals(office, people)
    client = client_for("secretariat")
    page = client.get(reverse("upward:index")).content.decode()
    assert "Lập hồ sơ từ danh sách đã thông qua" in page
    response = client.post(reverse("upward:create"), {"agency": office["VP"].pk, "year": YEAR})
    dossier = UpwardDossier.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("upward:detail", kwargs={"pk": dossier.pk})
    page = client.get(response["Location"]).content.decode()
    assert "Đặng Quốc Bảo" in page and "Chiến sĩ thi đua cấp tỉnh" in page
    assert "Cần giải trình trước khi ký" in page
    # The engine's reasons are shown.
    assert "CSTĐCS" in page


def test_building_without_candidates_shows_why(client_for, office):
    response = client_for("secretariat").post(
        reverse("upward:create"), {"agency": office["VP"].pk, "year": YEAR}
    )
    assert response.status_code == 400
    assert "Chưa có trường hợp nào" in response.content.decode()


def test_zip_holds_the_memo_reports_and_minutes(client_for, office, people):
    dossier = dossier_in(office, people, S.SIGNED)
    response = client_for("head").get(reverse("upward:archive", kwargs={"pk": dossier.pk}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/zip"
    archive = zipfile.ZipFile(io.BytesIO(response.content))
    names = archive.namelist()
    folder = f"ho-so-de-nghi-khen-thuong-{YEAR}"
    memo_docx = f"{folder}/01-to-trinh-01-de-nghi-khen-thuong-{YEAR}.docx"
    assert memo_docx in names
    assert memo_docx.replace(".docx", ".pdf") in names
    reports = sorted(n for n in names if "/02-bao-cao-thanh-tich/" in n)
    assert len(reports) == 3
    minutes = [n for n in names if "/03-bien-ban/" in n]
    assert len(minutes) == 1 and "bien-ban-binh-xet-qh" in minutes[0]

    memo = docx_text(archive.read(memo_docx))
    assert "Số: 01/TTr-VP" in memo
    assert "TỜ TRÌNH" in memo
    assert "Nguyễn Văn Hùng" in memo  # the head signs
    assert "Đặng Quốc Bảo" in memo and "Lê Thị Ánh Nguyệt" in memo
    assert "Phòng Công tác Quốc hội" in memo
    assert "Căn cứ Luật Thi đua, khen thưởng ngày 15 tháng 6 năm 2022;" in memo
    assert "Giải trình" in memo
    assert archive.read(memo_docx.replace(".docx", ".pdf")).startswith(b"%PDF")

    texts = {name: docx_text(archive.read(name)) for name in reports}
    person = next(t for t in texts.values() if "Lê Thị Ánh Nguyệt" in t)
    assert "BÁO CÁO THÀNH TÍCH" in person
    assert "I. SƠ LƯỢC LÝ LỊCH" in person
    assert "Quê quán" in person and "Trình độ chuyên môn" in person
    assert "CÁC HÌNH THỨC ĐÃ ĐƯỢC KHEN THƯỞNG" in person
    assert "12/QĐ-VP" in person  # her CSTĐCS of last year, from the awards history
    assert "VIỆC CHẤP HÀNH KỶ LUẬT" in person
    collective = next(t for t in texts.values() if "SƠ LƯỢC ĐẶC ĐIỂM" in t)
    assert "Phòng Công tác Quốc hội" in collective
    assert "Công tác thi đua, khen thưởng nội bộ" in collective
    assert "Võ Thanh Tùng" in collective  # the division head signs the collective's report
    minutes_text = docx_text(archive.read(minutes[0]))
    assert "BIÊN BẢN" in minutes_text


def test_memo_pdf_text(client_for, office, people):
    dossier = dossier_in(office, people, S.SIGNED)
    response = client_for("secretariat").get(
        reverse("upward:memo", kwargs={"pk": dossier.pk, "fmt": "pdf"})
    )
    assert response.status_code == 200
    text = subprocess.run(
        ["pdftotext", "-layout", "-", "-"], input=response.content, capture_output=True
    ).stdout.decode()
    assert "01/TTr-VP" in text and "TỜ TRÌNH" in text


def test_unsigned_memo_leaves_the_number_blank(client_for, office, people):
    dossier = dossier_in(office, people, S.PREPARED)
    response = client_for("secretariat").get(
        reverse("upward:memo", kwargs={"pk": dossier.pk, "fmt": "docx"})
    )
    text = docx_text(response.content)
    assert "/TTr-VP" in text and "01/TTr-VP" not in text


def test_entry_report_edited_then_shown_in_the_report(client_for, office, people):
    dossier = dossier_in(office, people, S.PREPARED)
    entry = dossier.entries.get(title_code="BK_TINH")
    client = client_for("secretariat")
    url = reverse("upward:entry", kwargs={"pk": dossier.pk, "entry_pk": entry.pk})
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "position": "Chuyên viên",
            "hometown": "Xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng Tháp",
            "qualifications": "Cử nhân Luật; Trung cấp lý luận chính trị",
            "functions": "Tham mưu tổ chức kỳ họp HĐND tỉnh.",
            "achievements": "Tham mưu 12 kỳ họp, 85 nghị quyết.",
            "initiatives": "",
            "discipline_statement": "Không vi phạm kỷ luật.",
            "justification": "",
        },
    )
    assert response.status_code == 302
    report = client.get(reverse("upward:report", kwargs={"pk": dossier.pk, "entry_pk": entry.pk}))
    text = docx_text(report.content)
    assert "Quê quán: Xã Mỹ Hiệp, huyện Cao Lãnh, tỉnh Đồng Tháp" in text
    assert "Tham mưu 12 kỳ họp, 85 nghị quyết." in text


def test_ineligible_entry_without_justification_is_refused_on_the_page(client_for, office, people):
    dossier = dossier_in(office, people, S.PREPARED)
    entry = dossier.entries.get(title_code="CSTD_TINH")
    response = client_for("secretariat").post(
        reverse("upward:entry", kwargs={"pk": dossier.pk, "entry_pk": entry.pk}),
        {"position": "Chuyên viên", "justification": ""},
    )
    assert response.status_code == 400
    assert "Cần giải trình" in response.content.decode()


def test_decision_from_the_page_records_awards(client_for, office, people):
    dossier = dossier_in(office, people, S.SENT)
    entries = list(dossier.entries.all())
    response = client_for("secretariat").post(
        reverse("upward:transition", kwargs={"pk": dossier.pk, "action": "decide"}),
        {
            "decision_code": "125/QĐ-UBND",
            "decided_on": TODAY.strftime("%d/%m/%Y"),
            "issuer": "Chủ tịch Ủy ban nhân dân tỉnh Đồng Tháp",
            "awarded": [str(e.pk) for e in entries],
        },
    )
    assert response.status_code == 302
    dossier.refresh_from_db()
    assert dossier.status == S.DECIDED
    assert Award.objects.filter(decision_code="125/QĐ-UBND").count() == 3


# Refused POSTs -----------------------------------------------------------------------------


def _state(dossier):
    dossier.refresh_from_db()
    return (
        dossier.status,
        dossier.recipient,
        dossier.memo_number_id,
        list(DossierEntry.objects.filter(dossier=dossier).values_list("included", "hometown")),
        AuditEvent.objects.count(),
        Award.objects.count(),
        UpwardDossier.objects.count(),
    )


REFUSED_POST = [
    (
        "upward:transition",
        {"action": "sign"},
        {},
        ["secretariat", "division_head", "staff", "admin", "other_agency", "council_member"],
    ),
    (
        "upward:transition",
        {"action": "cancel"},
        {"reason": "x"},
        ["head", "division_head", "staff", "admin", "other_agency"],
    ),
    (
        "upward:memo_update",
        {},
        {"recipient": "Ban TĐKT", "memo_summary": "x"},
        ["head", "division_head", "staff", "admin", "other_agency"],
    ),
    (
        "upward:entry_include",
        {"entry_pk": "ENTRY"},
        {"included": "0", "reason": "x"},
        ["head", "division_head", "staff", "admin", "other_agency"],
    ),
    (
        "upward:entry",
        {"entry_pk": "ENTRY"},
        {"hometown": "Sa Đéc", "justification": "x"},
        ["head", "division_head", "staff", "admin", "other_agency"],
    ),
]
REFUSED_CASES = [
    (name, kwargs, data, persona)
    for name, kwargs, data, personas in REFUSED_POST
    for persona in personas
]


@pytest.mark.parametrize(
    ("name", "kwargs", "data", "persona"),
    REFUSED_CASES,
    ids=[f"{n}-{k.get('action', '')}-{p}" for n, k, _d, p in REFUSED_CASES],
)
def test_refused_posts_change_nothing(client_for, office, people, name, kwargs, data, persona):
    dossier = dossier_in(office, people, S.PREPARED)
    from .factories import justify_all

    justify_all(dossier)
    entry = dossier.entries.first()
    kwargs = {k: (entry.pk if v == "ENTRY" else v) for k, v in kwargs.items()}
    before = _state(dossier)
    response = client_for(persona).post(reverse(name, kwargs={"pk": dossier.pk, **kwargs}), data)
    assert response.status_code == 403
    assert _state(dossier) == before


@pytest.mark.parametrize("persona", ["head", "division_head", "staff", "admin", "other_agency"])
def test_create_refused_changes_nothing(client_for, office, people, persona):
    accepted_upward_proposals(office, people)
    before = AuditEvent.objects.count()
    response = client_for(persona).post(
        reverse("upward:create"), {"agency": office["VP"].pk, "year": YEAR}
    )
    assert response.status_code in (400, 403)
    assert not UpwardDossier.objects.exists()
    assert AuditEvent.objects.count() == before


@pytest.mark.parametrize("name", ["upward:create", "upward:memo_update", "upward:transition"])
def test_actions_are_post_only(client_for, office, people, name):
    dossier = dossier_in(office, people, S.PREPARED)
    kwargs = {} if name == "upward:create" else {"pk": dossier.pk}
    if name == "upward:transition":
        kwargs["action"] = "cancel"
    assert client_for("secretariat").get(reverse(name, kwargs=kwargs)).status_code == 405


# The province board ------------------------------------------------------------------------


@pytest.fixture
def board(client, office):
    user = province_board_user(office)
    client.force_login(user)
    otp_verify_client(client, user)
    return client


def test_province_board_sees_sent_dossiers_of_its_province_only(board, office, people):
    dossier = dossier_in(office, people, S.SENT)
    # Another province's agency sends one too: the board of DT never sees it.
    other_province = org_services.unit_create(
        actor=None, code="AG", name="Tỉnh An Giang", kind=UnitKind.PROVINCE, parent=None
    )
    other_agency = org_services.unit_create(
        actor=None,
        code="AGVP",
        name="Văn phòng UBND tỉnh An Giang",
        kind=UnitKind.AGENCY,
        parent=other_province,
    )
    foreign = UpwardDossier.objects.create(
        agency=other_agency, year=YEAR, status=S.SENT, sent_at=dossier.sent_at
    )
    page = board.get(reverse("upward:province")).content.decode()
    assert "Văn phòng Đoàn ĐBQH và HĐND" in page
    assert "Văn phòng UBND tỉnh An Giang" not in page
    assert board.get(reverse("upward:detail", kwargs={"pk": dossier.pk})).status_code == 200
    assert board.get(reverse("upward:detail", kwargs={"pk": foreign.pk})).status_code == 403
    response = board.get(reverse("upward:archive", kwargs={"pk": dossier.pk}))
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    # Read-only: no action, no entry editing, no agency list.
    detail = board.get(reverse("upward:detail", kwargs={"pk": dossier.pk})).content.decode()
    assert "Ghi nhận quyết định" not in detail and "Soạn" not in detail
    entry = dossier.entries.first()
    assert (
        board.get(
            reverse("upward:entry", kwargs={"pk": dossier.pk, "entry_pk": entry.pk})
        ).status_code
        == 403
    )
    assert board.get(reverse("upward:index")).status_code == 403


@pytest.mark.parametrize("state", [S.PREPARED, S.SIGNED, S.CANCELLED])
def test_province_board_does_not_see_unsent_dossiers(board, office, people, state):
    dossier = dossier_in(office, people, state)
    assert "Văn phòng Đoàn ĐBQH" not in board.get(reverse("upward:province")).content.decode()
    assert board.get(reverse("upward:detail", kwargs={"pk": dossier.pk})).status_code == 403
    assert board.get(reverse("upward:archive", kwargs={"pk": dossier.pk})).status_code == 403


def test_province_board_cannot_change_a_sent_dossier(board, office, people):
    dossier = dossier_in(office, people, S.SENT)
    before = _state(dossier)
    for action in ("decide", "return"):
        response = board.post(
            reverse("upward:transition", kwargs={"pk": dossier.pk, "action": action}),
            {"reason": "Bổ sung", "decision_code": "1/QĐ-UBND", "decided_on": "01/01/2026"},
        )
        assert response.status_code == 403
    assert _state(dossier) == before


def test_other_agency_sees_nothing(client_for, office, people):
    dossier = dossier_in(office, people, S.SENT)
    client = client_for("other_agency")
    assert "Văn phòng Đoàn ĐBQH" not in client.get(reverse("upward:index")).content.decode()
    for name in ("upward:detail", "upward:archive"):
        assert client.get(reverse(name, kwargs={"pk": dossier.pk})).status_code == 403
    assert client.get(reverse("upward:province")).status_code == 403
