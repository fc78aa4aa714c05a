"""The sơ kết / tổng kết reports on the demo office, against figures computed by hand.

Hand computation (thidua/records/demo.py, thidua/movements/demo.py, seed_demo's 40 people:
CB001–CB003 LĐVP (not a collective), CB004, CB008, CB031–CB040 HC-TC-QT, CB005, CB007,
CB017–CB023 CTQH, CB006, CB009–CB016 CTHĐND, CB024–CB030 TTDN):

- LĐTT, eligible 34 of 40: out are CB033 (khiển trách in 2021 → KHTNV), CB017, CB031, CB038
  (HTNV), CB039 (recruited 15/03/2021: under 10 months; also unregistered) and CB040 (recruited
  01/03/2021: 10 months, but unregistered and registration is required). Registered: 38 of 40
  (all but CB039, CB040).
- CSTĐCS (vn2013: LĐTT + registered CSTĐCS + a research topic accepted in 2021): CB005, CB009,
  CB016 → 3 of the 34 LĐTT; registered CSTĐCS: 8 of the 38 registered for LĐTT or above.
- TTLĐTT: the four collective divisions all qualify (HC-TC-QT: 7 of 12 reach LĐTT, > 50 %;
  the khiển trách is below cảnh cáo) and all registered (TTLĐXS covers TTLĐTT) → 4/4.
- TTLĐXS: CTQH (8 of 9 LĐTT, CB005 CSTĐCS) and CTHĐND (9 of 9, CB009 and CB016) → 2/4; TTDN is
  rated HTTNV, HC-TC-QT has CB033 not completing his tasks. Registered TTLĐXS: 3 of 4.
The demo's decisions app signs one Giấy khen decision (28/12/2021: CB005, CB016 and the CTQH
division). The test then records the year's decision (LĐTT for the 34, CSTĐCS for the 3, TTLĐTT
for the 4 divisions, dated 14/01/2022) and one ad-hoc Giấy khen in May 2021.
"""

import datetime as dt
import io
import subprocess

import docx
import pytest
from django.core.management import call_command
from django.urls import reverse

from thidua.core.models import AuditEvent
from thidua.decisions.models import Award, RegisteredNumber
from thidua.movements.models import Movement
from thidua.org.models import Person, Unit
from thidua.records.services import past_award_record
from thidua.reports import services
from thidua.reports.documents import PLACEHOLDER, report_document
from thidua.reports.models import Report
from thidua.reports.report_data import measure_text, report_data

ISSUER = "Chánh Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp"
NOT_LDTT = {"CB017", "CB031", "CB033", "CB038", "CB039", "CB040"}
CSTDCS = ["CB005", "CB009", "CB016"]
DIVISIONS = ["CTQH", "CTHDND", "TTDN", "HCTCQT"]
YEAR_END = dt.date(2022, 1, 14)


@pytest.fixture
def demo(db):
    call_command("seed_demo", stdout=io.StringIO())
    return Movement.objects.get(agency__code="VP-DT", year=2021, kind="regular")


def decide_2021():
    people = {p.staff_code: p for p in Person.objects.filter(agency__code="VP-DT")}
    for code in sorted(set(people) - NOT_LDTT):
        past_award_record(
            actor=None,
            person=people[code],
            year=2021,
            title_code="LDTT",
            decision_code="03/QĐ-VP",
            decided_on=YEAR_END,
            issuer_name=ISSUER,
        )
    for code in CSTDCS:
        past_award_record(
            actor=None,
            person=people[code],
            year=2021,
            title_code="CSTDCS",
            decision_code="03/QĐ-VP",
            decided_on=YEAR_END,
            issuer_name=ISSUER,
        )
    for code in DIVISIONS:
        Award.objects.create(
            unit=Unit.objects.get(code=code),
            year=2021,
            title_code="TTLDTT",
            decision_code="03/QĐ-VP",
            decided_on=YEAR_END,
            issuer_name=ISSUER,
        )
    past_award_record(
        actor=None,
        person=people["CB007"],
        year=2021,
        title_code="GIAY_KHEN",
        decision_code="25/QĐ-VP",
        decided_on=dt.date(2021, 5, 20),
        issuer_name=ISSUER,
    )


def target_rows(data):
    return [
        (
            row.label.split(" ")[0],
            measure_text(row.registered),
            measure_text(row.eligible),
            measure_text(row.achieved),
            row.met,
        )
        for row in data.targets
    ]


def test_year_end_report_matches_the_hand_computed_demo_figures(demo):
    decide_2021()
    data = report_data(demo, "tong_ket")
    assert target_rows(data) == [
        ("TTLĐTT", "4/4 (100%)", "4/4 (100%)", "4/4 (100%)", True),
        ("TTLĐXS", "3/4 (75%)", "2/4 (50%)", "0/4 (0%)", False),
        ("LĐTT", "38/40 (95%)", "34/40 (85%)", "34/40 (85%)", False),
        ("CSTĐCS", "8/38 (21,1%)", "3/34 (8,8%)", "3/34 (8,8%)", False),
    ]
    # Per phase: the year's decision (January 2022) belongs to the last phase.
    phases = {
        (row.phase[:11], row.target.split(" ")[0]): measure_text(row.achieved)
        for row in data.phases
    }
    assert len(data.phases) == 8
    assert phases[("Giai đoạn 1", "LĐTT")] == "0/40 (0%)"
    assert phases[("Giai đoạn 2", "LĐTT")] == "34/40 (85%)"
    assert phases[("Giai đoạn 2", "TTLĐTT")] == "4/4 (100%)"
    # The decisions demo's signed Giấy khen (28/12/2021: CB005, CB016 and the CTQH division),
    # plus the test's 34 LĐTT, 3 CSTĐCS and CB007's Giấy khen.
    assert len(data.individual_awards) == 34 + 3 + 1 + 2
    assert sorted(
        (r.subject_code, r.award.title_code, r.award.decided_on) for r in data.collective_awards
    ) == sorted(
        [(code, "TTLDTT", YEAR_END) for code in DIVISIONS]
        + [("CTQH", "GIAY_KHEN", dt.date(2021, 12, 28))]
    )
    assert len(data.covenants) == 1


def test_mid_year_report_counts_only_decisions_of_the_first_half(demo):
    decide_2021()
    data = report_data(demo, "so_ket")
    assert (data.period_start, data.period_end) == (dt.date(2021, 1, 1), dt.date(2021, 6, 30))
    assert [measure_text(r.achieved) for r in data.targets] == [
        "0/4 (0%)",
        "0/4 (0%)",
        "0/40 (0%)",
        "0/0 (0%)",
    ]
    assert [r.phase[:11] for r in data.phases] == ["Giai đoạn 1"] * 4
    assert [(r.subject_name, r.award.title_code) for r in data.individual_awards] == [
        (Person.objects.get(staff_code="CB007").full_name, "GIAY_KHEN")
    ]
    assert data.collective_awards == []


def docx_text(content: bytes) -> str:
    document = docx.Document(io.BytesIO(content))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.append(" | ".join(cell.text for cell in row.cells))
    return "\n".join(parts)


def test_downloads_and_issue_with_a_bc_number(demo, tmp_path):
    decide_2021()
    secretariat = Person.objects.get(staff_code="CB004").user
    from django.test import Client

    client = Client()
    client.force_login(secretariat)
    from conftest import otp_verify_client

    otp_verify_client(client, secretariat)
    url = reverse("reports:report", kwargs={"pk": demo.pk, "kind": "tong_ket"})
    response = client.post(
        url,
        {
            "assessment": "Phong trào được triển khai sâu rộng.\n\nCác phòng đăng ký đầy đủ.",
            "covenant_results": "Các bên thực hiện đúng giao ước.",
            "limitations": "Còn hai cán bộ chưa đăng ký.",
            "directions": "Tiếp tục phát động phong trào năm 2022.",
        },
    )
    assert response.status_code == 302
    page = client.get(url).content.decode()
    assert "34/40 (85.0%)" in page or "34/40 (85,0%)" in page
    draft = client.get(
        reverse(
            "reports:report_document", kwargs={"pk": demo.pk, "kind": "tong_ket", "fmt": "docx"}
        )
    )
    assert draft["Content-Disposition"].endswith('-du-thao.docx"')
    text = docx_text(draft.content)
    assert "Số:      /BC-VP" in text
    assert "Tổng kết phong trào thi đua năm 2021" in text
    assert "34/40 (85%)" in text and "8/38 (21,1%)" in text
    assert "Phong trào được triển khai sâu rộng." in text
    assert "Các phòng đăng ký đầy đủ." in text
    assert "03/QĐ-VP" in text and "14/01/2022" in text

    before = RegisteredNumber.objects.filter(doc_type="BC").count()
    response = client.post(
        reverse("reports:report_issue", kwargs={"pk": demo.pk, "kind": "tong_ket"})
    )
    assert response.status_code == 302
    report = Report.objects.get(movement=demo, kind="tong_ket")
    assert report.is_issued and report.number.doc_type == "BC"
    assert RegisteredNumber.objects.filter(doc_type="BC").count() == before + 1
    issued = client.get(
        reverse("reports:report_document", kwargs={"pk": demo.pk, "kind": "tong_ket", "fmt": "pdf"})
    )
    pdf = tmp_path / "bc.pdf"
    pdf.write_bytes(issued.content)
    pdf_text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    assert f"Số: {report.number.code}" in pdf_text
    assert "BÁO CÁO" in pdf_text and "34/40" in pdf_text
    assert "DỰ THẢO" not in pdf_text
    # An issued report is frozen; issuing again takes no second number.
    client.post(url, {"assessment": "Sửa sau khi ban hành"})
    report.refresh_from_db()
    assert report.assessment.startswith("Phong trào được triển khai")
    client.post(reverse("reports:report_issue", kwargs={"pk": demo.pk, "kind": "tong_ket"}))
    assert RegisteredNumber.objects.filter(doc_type="BC").count() == before + 1


def test_render_document_report_command(demo, tmp_path):
    decide_2021()
    output = tmp_path / "so-ket.docx"
    call_command(
        "render_document",
        "report",
        "--year",
        "2021",
        "--agency",
        "VP-DT",
        "--kind",
        "so_ket",
        "--format",
        "docx",
        "--output",
        str(output),
        stdout=io.StringIO(),
    )
    text = docx_text(output.read_bytes())
    assert "Sơ kết phong trào thi đua 6 tháng đầu năm 2021" in text
    assert "25/QĐ-VP" in text and "Giấy khen" in text
    with pytest.raises(SystemExit):
        call_command(
            "render_document",
            "report",
            "--year",
            "2021",
            "--agency",
            "VP-DT",
            "--kind",
            "ca_nam",
            "--output",
            str(output),
            stderr=io.StringIO(),
        )


# Refusals on a small office ---------------------------------------------------------------


@pytest.fixture
def movement(office, people, users):
    from thidua.movements.tests.factories import launched_movement

    return launched_movement(office["VP"])[0]


def _state():
    return (
        Report.objects.count(),
        RegisteredNumber.objects.count(),
        AuditEvent.objects.count(),
    )


@pytest.mark.parametrize(
    "persona", ["head", "division_head", "staff", "council_member", "union_rep", "other_agency"]
)
def test_narrative_and_issue_refused_change_nothing(client_for, movement, persona):
    before = _state()
    client = client_for(persona)
    save = client.post(
        reverse("reports:report", kwargs={"pk": movement.pk, "kind": "so_ket"}),
        {"assessment": "Không được lưu"},
    )
    issue = client.post(
        reverse("reports:report_issue", kwargs={"pk": movement.pk, "kind": "so_ket"})
    )
    assert save.status_code == issue.status_code == 403
    assert "Không có quyền truy cập" in issue.content.decode()
    assert _state() == before


def test_issue_is_post_only(client_for, movement):
    response = client_for("secretariat").get(
        reverse("reports:report_issue", kwargs={"pk": movement.pk, "kind": "so_ket"})
    )
    assert response.status_code == 405


def test_services_refuse_the_wrong_role_and_an_unknown_kind(users, movement):
    from django.core.exceptions import PermissionDenied, ValidationError

    with pytest.raises(PermissionDenied):
        services.report_save(actor=users["head"], movement=movement, kind="so_ket", assessment="x")
    with pytest.raises(ValidationError):
        services.report_save(
            actor=users["secretariat"], movement=movement, kind="quy", assessment="x"
        )
    report = services.report_save(
        actor=users["secretariat"], movement=movement, kind="so_ket", assessment="Đoạn một."
    )
    assert AuditEvent.objects.filter(action="report.save", object_id=str(report.pk)).exists()
    report = services.report_save(
        actor=users["secretariat"],
        movement=movement,
        kind="so_ket",
        assessment="Đoạn một.",
        covenant_results="Các bên thực hiện đủ cam kết.",
        limitations="Còn chậm gửi hồ sơ.",
        directions="Tiếp tục phát động thi đua.",
    )
    issued = services.report_issue(
        actor=users["secretariat"], movement=movement, kind="so_ket", issued_on=dt.date(2026, 7, 5)
    )
    assert issued.number.code == "01/BC-VP"
    document = report_document(report_data(movement, "so_ket"), issued)
    assert document.number_line == "Số: 01/BC-VP" and not document.draft


def test_unknown_kind_is_not_found(client_for, movement):
    response = client_for("secretariat").get(
        reverse("reports:report", kwargs={"pk": movement.pk, "kind": "quy"})
    )
    assert response.status_code == 404


def test_recognised_initiatives_appear_in_the_year_end_report_only(office, people, users, movement):
    from thidua.initiatives.tests.factories import TODAY, recognised

    initiative = recognised(office, people, users)[0]
    year_end = report_data(movement, "tong_ket")
    assert [
        (i["title"], i["authors"], i["level"], i["decided_on"]) for i in year_end.initiatives
    ] == [(initiative.title, "Đặng Quốc Bảo", "cấp cơ sở", TODAY)]
    # Recognised in the second half of the year (the test runs after 30 June).
    if TODAY.month > 6:
        assert report_data(movement, "so_ket").initiatives == []
    document = report_document(year_end, None)
    cells = [c for b in document.blocks if b.table for row in b.table.rows for c in row]
    assert initiative.title in cells and "Đặng Quốc Bảo" in cells


def test_render_document_picks_the_agency_with_a_movement(office, movement, tmp_path):
    from thidua.movements.tests.factories import launched_movement

    output = tmp_path / "bc.docx"
    args = ["render_document", "report", "--year", str(movement.year), "--output", str(output)]
    call_command(*args, stdout=io.StringIO())  # SNV has no movement: VP's is the one
    assert "Tổng kết phong trào thi đua" in docx_text(output.read_bytes())
    launched_movement(office["SNV"], year=movement.year)
    errors = io.StringIO()
    with pytest.raises(SystemExit):
        call_command(*args, stdout=io.StringIO(), stderr=errors)
    assert "Cần chỉ rõ --agency" in errors.getvalue() and "SNV, VP" in errors.getvalue()
    call_command(*args, "--agency", "SNV", stdout=io.StringIO())


def test_issue_is_refused_while_a_section_is_empty_and_changes_nothing(users, movement):
    """An issued report never prints the draft placeholder: issuing waits for every section."""
    from django.core.exceptions import ValidationError

    services.report_save(
        actor=users["secretariat"], movement=movement, kind="so_ket", assessment="Đoạn một."
    )
    numbers = RegisteredNumber.objects.count()
    with pytest.raises(ValidationError) as refused:
        services.report_issue(actor=users["secretariat"], movement=movement, kind="so_ket")
    assert "V. Tồn tại, hạn chế" in str(refused.value)
    assert "VI. Phương hướng, nhiệm vụ" in str(refused.value)
    assert RegisteredNumber.objects.count() == numbers
    assert not Report.objects.get(movement=movement, kind="so_ket").is_issued
    # The draft still shows where text is missing.
    draft = report_document(report_data(movement, "so_ket"), None)
    assert draft.draft
    assert PLACEHOLDER in [b.text for b in draft.blocks]


def test_issued_report_names_the_agency_in_its_own_case(users, movement):
    report = services.report_save(
        actor=users["secretariat"],
        movement=movement,
        kind="so_ket",
        assessment="Đoạn một.",
        covenant_results="Đạt.",
        limitations="Không có.",
        directions="Tiếp tục.",
    )
    services.report_issue(actor=users["secretariat"], movement=movement, kind="so_ket")
    report.refresh_from_db()
    document = report_document(report_data(movement, "so_ket"), report)
    texts = [b.text for b in document.blocks]
    assert PLACEHOLDER not in texts
    opening = texts[0]
    assert movement.agency.name in opening
    assert movement.agency.name.lower() not in opening or movement.agency.name.islower()


def test_issued_report_pdf_is_signed_with_the_agency_certificate(
    users, movement, client_for, tmp_path, settings
):
    """Issue 18, item 5: the issued report as a PAdES-signed PDF that verifies as ours."""
    from thidua.documents import signing
    from thidua.documents.pdf_render import pdf_text
    from thidua.documents.tests.certificates import PASSWORD
    from thidua.documents.tests.certificates import pkcs12_certificate as _certificate

    path = tmp_path / "vp.p12"
    path.write_bytes(_certificate("Văn phòng"))
    settings.SIGNING_P12_PATH, settings.SIGNING_P12_PASSWORD = str(path), PASSWORD
    url = reverse(
        "reports:report_document", kwargs={"pk": movement.pk, "kind": "so_ket", "fmt": "pdf"}
    )
    client = client_for("secretariat")
    # Not issued yet: the plain draft, never a signed one.
    assert not signing.verify_pdf(client.get(url + "?ky-so=1").content).signed
    services.report_save(
        actor=users["secretariat"],
        movement=movement,
        kind="so_ket",
        assessment="Đoạn một.",
        covenant_results="Đạt.",
        limitations="Không có.",
        directions="Tiếp tục.",
    )
    services.report_issue(actor=users["secretariat"], movement=movement, kind="so_ket")
    data = client.get(url + "?ky-so=1").content
    result = signing.verify_pdf(data)
    assert result.valid and result.ours
    assert "Ký số bởi:" in pdf_text(data)
