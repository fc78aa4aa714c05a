"""The regulations library: accent-insensitive search (SQLite folded columns, PostgreSQL
unaccent full-text), upload checks, who reads and who writes which scope, refused writes that
change nothing, the demo loader."""

import datetime as dt
import io
import zipfile
from pathlib import Path

import pytest
from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse

from conftest import make_person, make_user
from thidua.accounts.models import Role
from thidua.core.audit import verify_chain
from thidua.core.models import AuditEvent
from thidua.org import services as org_services
from thidua.org.models import UnitKind
from thidua.regulations import selectors, services
from thidua.regulations.demo import load_demo_regulations
from thidua.regulations.models import Kind, Regulation, Scope, Status

from .factories import docx, national_regulation, office_regulation, pdf

pytestmark = pytest.mark.usefixtures("module_world")

CREATE = "/van-ban/them-moi/"


def vietnamese_pdf(text: str) -> bytes:
    import weasyprint

    return weasyprint.HTML(string=f"<html><body><p>{text}</p></body></html>").write_pdf()


def form_data(office, **extra):
    data = {
        "target": f"agency:{office['VP'].pk}",
        "kind": Kind.RULES,
        "number": "07/QC-VP",
        "title": "Quy chế thi đua, khen thưởng của Văn phòng",
        "issuer": "Văn phòng Đoàn ĐBQH và HĐND",
        "issued_on": "15/01/2026",
        "effective_from": "",
        "effective_to": "",
        "regime": "vn2022",
        "status": Status.IN_FORCE,
        "summary": "",
    }
    data.update(extra)
    return data


def state():
    return (Regulation.objects.count(), AuditEvent.objects.count())


def stored_files() -> set[str]:
    root = Path(settings.PRIVATE_STORAGE_DIR) / "regulations"
    return {str(p) for p in root.rglob("*") if p.is_file()} if root.exists() else set()


# --- search ---------------------------------------------------------------------------------


@pytest.fixture
def library(office, users):
    national_regulation()
    services.regulation_create(
        actor=None,
        scope=Scope.NATIONAL,
        unit=None,
        kind=Kind.LAW,
        number="06/2022/QH15",
        title="Luật Thi đua, khen thưởng",
        issuer="Quốc hội",
        regime="vn2022",
        summary="Lao động tiên tiến: cán bộ mới tuyển dụng cần đủ 6 tháng.",
    )
    services.regulation_create(
        actor=users["secretariat"],
        scope=Scope.AGENCY,
        unit=office["VP"],
        kind=Kind.GUIDANCE,
        number="02/HD-VP",
        title="Hướng dẫn bình xét cuối năm",
        issuer="Văn phòng",
        upload=SimpleUploadedFile(
            "huong-dan.pdf",
            vietnamese_pdf("Chiến sĩ thi đua cơ sở phải có sáng kiến được công nhận trong năm."),
        ),
    )
    services.regulation_create(
        actor=users["secretariat"],
        scope=Scope.AGENCY,
        unit=office["VP"],
        kind=Kind.RULES,
        number="03/QC-VP",
        title="Quy chế hoạt động của Hội đồng",
        issuer="Văn phòng",
        upload=SimpleUploadedFile(
            "quy-che.docx",
            docx(["Điều 5. Hội đồng họp khi có ít nhất hai phần ba thành viên dự họp."]),
        ),
    )


SEARCHES = [
    ("title-with-diacritics", "Luật Thi đua", "06/2022/QH15"),
    ("title-without-diacritics", "luat thi dua", "06/2022/QH15"),
    ("number", "91/2017", "91/2017/NĐ-CP"),
    ("pdf-text-with-diacritics", "sáng kiến được công nhận", "02/HD-VP"),
    ("pdf-text-without-diacritics", "sang kien duoc cong nhan", "02/HD-VP"),
    ("docx-text-without-diacritics", "hai phan ba thanh vien", "03/QC-VP"),
    ("docx-text-upper-case", "HAI PHẦN BA THÀNH VIÊN", "03/QC-VP"),
    ("summary-without-diacritics", "moi tuyen dung 6 thang", "06/2022/QH15"),
]


@pytest.mark.parametrize(("case", "query", "number"), SEARCHES, ids=[s[0] for s in SEARCHES])
def test_search_finds_the_document_first_with_or_without_diacritics(
    library, users, case, query, number
):
    found = selectors.search(selectors.visible_regulations(users["staff"]), query)
    assert found, f"nothing found on {connection.vendor}"
    assert found[0].number == number


def test_search_page_shows_a_passage_of_the_text(library, client_for):
    page = client_for("staff").get("/van-ban/", {"q": "sang kien duoc cong nhan"})
    html = page.content.decode()
    assert page.status_code == 200
    assert "02/HD-VP" in html and "06/2022/QH15" not in html
    assert "sáng kiến được công nhận trong năm" in html


def test_other_agency_search_never_returns_the_office_text(library, users):
    found = selectors.search(
        selectors.visible_regulations(users["other_agency"]), "hai phan ba thanh vien"
    )
    assert [r.number for r in found] == []
    assert {r.number for r in selectors.visible_regulations(users["other_agency"])} == {
        "91/2017/NĐ-CP",
        "06/2022/QH15",
    }


# --- uploads --------------------------------------------------------------------------------


def zip_bomb_docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
        archive.writestr("word/media/padding.xml", b"\x00" * (70 * 1024 * 1024))
    return buffer.getvalue()


BAD = [
    ("wrong-type-exe", "quy-che.exe", b"MZ\x90\x00", "chỉ nhận tệp PDF hoặc DOCX"),
    ("image-not-a-regulation", "anh.png", b"\x89PNG\r\n\x1a\n", "chỉ nhận tệp PDF hoặc DOCX"),
    ("html-named-pdf", "quy-che.pdf", b"<html><script>alert(1)</script>", "không đúng định dạng"),
    (
        "polyglot-pdf-then-html",
        "quy-che.pdf",
        pdf() + b"<html><body><script>alert(1)</script></body></html>",
        "nội dung ẩn",
    ),
    (
        "pdf-with-javascript",
        "quy-che.pdf",
        pdf().replace(b"/Catalog", b"/Catalog /OpenAction << /S /JavaScript /JS (x) >>"),
        "nội dung ẩn",
    ),
    (
        "docx-with-macros",
        "quy-che.docx",
        None,
        "nội dung ẩn",
    ),
    ("docx-zip-bomb", "quy-che.docx", None, "giải nén quá lớn"),
    ("oversized", "lon.pdf", None, "Tệp quá lớn: tối đa 10 MB."),
]


def _bad_content(case, content):
    if case == "docx-with-macros":
        buffer = io.BytesIO(docx(["Điều 1"]))
        out = io.BytesIO()
        with zipfile.ZipFile(buffer) as source, zipfile.ZipFile(out, "w") as target:
            for item in source.infolist():
                target.writestr(item, source.read(item.filename))
            target.writestr("word/vbaProject.bin", b"\x00" * 10)
        return out.getvalue()
    if case == "docx-zip-bomb":
        return zip_bomb_docx()
    if case == "oversized":
        return pdf()[:-6] + b"0" * (10 * 1024 * 1024) + b"%%EOF\n"
    return content


@pytest.mark.parametrize(("case", "name", "content", "message"), BAD, ids=[b[0] for b in BAD])
def test_bad_uploads_are_refused_and_nothing_is_saved(
    client_for, office, case, name, content, message
):
    before, files = state(), stored_files()
    response = client_for("secretariat").post(
        CREATE,
        {**form_data(office), "file": SimpleUploadedFile(name, _bad_content(case, content))},
    )
    assert response.status_code == 400
    assert message.lower() in response.content.decode().lower()
    assert state() == before and stored_files() == files


def test_zip_bomb_is_refused_by_the_service_too(office, users):
    with pytest.raises(Exception, match="giải nén quá lớn"):
        services.regulation_create(
            actor=users["secretariat"],
            scope=Scope.AGENCY,
            unit=office["VP"],
            kind=Kind.RULES,
            title="Quy chế",
            issuer="Văn phòng",
            upload=SimpleUploadedFile("a.docx", zip_bomb_docx()),
        )
    assert not Regulation.objects.exists()


def test_traversal_name_is_stored_under_a_generated_name_and_served_after_the_check(
    client_for, office
):
    content = pdf()
    response = client_for("secretariat").post(
        CREATE, {**form_data(office), "file": SimpleUploadedFile("../../x.pdf", content)}
    )
    assert response.status_code == 302
    regulation = Regulation.objects.get()
    stored = Path(regulation.file.path).resolve()
    assert stored.is_relative_to((Path(settings.PRIVATE_STORAGE_DIR) / "regulations").resolve())
    assert stored.name.startswith("van-ban-") and ".." not in regulation.file.name
    assert regulation.original_name == "x.pdf"
    assert "quy che thi dua khen thuong noi bo" in regulation.search_body
    download = client_for("staff").get(reverse("regulations:file", args=[regulation.pk]))
    assert download.status_code == 200
    assert b"".join(download.streaming_content) == content
    assert download["X-Content-Type-Options"] == "nosniff"
    assert download["Content-Disposition"].startswith("attachment")
    assert 'filename="x.pdf"' in download["Content-Disposition"]
    event = AuditEvent.objects.get(action="regulation.create")
    assert event.after["file"] == "x.pdf" and len(event.after["sha256"]) == 64


def test_scanned_pdf_without_text_is_kept_and_found_by_its_title(client_for, office):
    blank = pdf(b"")  # a page with no text layer, as a scan would be
    response = client_for("secretariat").post(
        CREATE, {**form_data(office), "file": SimpleUploadedFile("scan.pdf", blank)}
    )
    assert response.status_code == 302
    regulation = Regulation.objects.get()
    assert regulation.text.strip() == ""
    page = client_for("staff").get(reverse("regulations:detail", args=[regulation.pk]))
    assert "Không trích được chữ từ tệp" in page.content.decode()
    assert selectors.search(Regulation.objects.all(), "quy che thi dua")[0] == regulation


# --- scope ----------------------------------------------------------------------------------


def test_other_agency_cannot_read_an_office_regulation(client_for, office):
    regulation = office_regulation(office)
    client = client_for("other_agency")
    assert client.get(reverse("regulations:detail", args=[regulation.pk])).status_code == 403
    assert client.get(reverse("regulations:file", args=[regulation.pk])).status_code == 403
    assert "05/QC-VP" not in client.get("/van-ban/").content.decode()
    assert "05/QC-VP" in client_for("staff").get("/van-ban/").content.decode()


@pytest.fixture
def province_board(office, people):
    person = make_person("T01", "Lâm Thị Mỹ Duyên", office["SNV-TCBC"])
    return make_user("province_board", person, [(Role.PROVINCE_BOARD, office["DT"])])


def test_province_board_uploads_province_documents_that_every_agency_reads(
    client, client_for, office, province_board
):
    client.force_login(province_board)
    data = form_data(
        office, target=f"province:{office['DT'].pk}", number="10/2026/QĐ-UBND", kind=Kind.DECISION
    )
    data["title"] = "Quy chế công tác thi đua, khen thưởng tỉnh Đồng Tháp"
    response = client.post(CREATE, {**data, "file": SimpleUploadedFile("qd.pdf", pdf())})
    assert response.status_code == 302
    regulation = Regulation.objects.get()
    assert (regulation.scope, regulation.unit) == (Scope.PROVINCE, office["DT"])
    for persona in ("staff", "other_agency", "head"):
        page = client_for(persona).get(reverse("regulations:detail", args=[regulation.pk]))
        assert page.status_code == 200
    # The province board reads the agencies' own documents too.
    office_doc = office_regulation(office)
    assert selectors.can_read(province_board, office_doc)


def test_a_province_from_elsewhere_is_not_read(office, users):
    other_province = org_services.unit_create(
        actor=None, code="AG", name="Tỉnh An Giang", kind=UnitKind.PROVINCE, parent=None
    )
    regulation = services.regulation_create(
        actor=None,
        scope=Scope.PROVINCE,
        unit=other_province,
        kind=Kind.RULES,
        number="01/QC-UBND",
        title="Quy chế thi đua tỉnh An Giang",
        issuer="UBND tỉnh An Giang",
    )
    assert not selectors.can_read(users["staff"], regulation)


def test_office_secretariat_may_not_write_province_or_national_documents(office, users):
    targets = selectors.upload_targets(users["secretariat"])
    assert targets == [(Scope.AGENCY, office["VP"])]
    for scope, unit in ((Scope.PROVINCE, office["DT"]), (Scope.NATIONAL, None)):
        with pytest.raises(PermissionDenied):
            services.regulation_create(
                actor=users["secretariat"],
                scope=scope,
                unit=unit,
                kind=Kind.RULES,
                title="Quy chế",
                issuer="UBND tỉnh",
            )
    assert not Regulation.objects.exists()
    assert (Scope.NATIONAL, None) in selectors.upload_targets(users["admin"])


# --- refused writes change nothing ----------------------------------------------------------

NOT_UPLOADERS = ["head", "division_head", "staff", "council_member", "union_rep"]


@pytest.mark.parametrize("persona", NOT_UPLOADERS)
def test_create_refused_changes_nothing(client_for, office, persona):
    before, files = state(), stored_files()
    response = client_for(persona).post(
        CREATE, {**form_data(office), "file": SimpleUploadedFile("a.pdf", pdf())}
    )
    assert response.status_code == 403
    assert state() == before and stored_files() == files


def test_other_agency_cannot_post_into_this_office(client_for, office):
    before = state()
    response = client_for("other_agency").post(
        CREATE, {**form_data(office), "file": SimpleUploadedFile("a.pdf", pdf())}
    )
    assert response.status_code == 400  # the office is not one of its choices
    assert state() == before


@pytest.mark.parametrize("persona", [*NOT_UPLOADERS, "other_agency"])
def test_edit_refused_changes_nothing(client_for, office, persona):
    regulation = office_regulation(office)
    before = state()
    response = client_for(persona).post(
        reverse("regulations:edit", args=[regulation.pk]),
        {**form_data(office), "title": "Đã bị sửa", "reason": "thử"},
    )
    assert response.status_code == 403
    regulation.refresh_from_db()
    assert regulation.title == "Quy chế thi đua, khen thưởng của Văn phòng"
    assert state() == before


def test_marking_a_document_replaced_needs_its_successor_and_is_audited(client_for, office):
    old = office_regulation(office, number="01/QC-VP", title="Quy chế cũ")
    new = office_regulation(office, number="02/QC-VP", title="Quy chế mới")
    client = client_for("secretariat")
    url = reverse("regulations:edit", args=[old.pk])
    data = {**form_data(office), "number": "01/QC-VP", "title": "Quy chế cũ"}
    data.update(status=Status.REPLACED, effective_to="31/12/2025", reason="Có quy chế mới")
    response = client.post(url, data)
    assert response.status_code == 400
    assert "chọn văn bản thay thế" in response.content.decode()
    response = client.post(url, {**data, "replaced_by": new.pk})
    assert response.status_code == 302
    old.refresh_from_db()
    assert (old.status, old.replaced_by, old.effective_to) == (
        Status.REPLACED,
        new,
        dt.date(2025, 12, 31),
    )
    event = AuditEvent.objects.filter(action="regulation.update").get()
    assert event.before["status"] == "in_force" and event.after["status"] == "replaced"
    assert event.reason == "Có quy chế mới"
    page = client_for("staff").get(reverse("regulations:detail", args=[old.pk])).content.decode()
    assert "được thay thế bởi" in page and "02/QC-VP" in page
    assert verify_chain() is None


def test_a_number_is_listed_once_per_scope(client_for, office):
    office_regulation(office, number="07/QC-VP")
    before = state()
    response = client_for("secretariat").post(CREATE, form_data(office, number="07/qc-vp"))
    assert response.status_code == 400
    assert "Đã có văn bản số" in response.content.decode()
    assert state() == before


# --- demo -----------------------------------------------------------------------------------

# Every number the rules engine cites, and the seed plan (docs/legal-sources.md).
DEMO_NUMBERS = {
    "15/2003/QH11",
    "47/2005/QH11",
    "39/2013/QH13",
    "91/2017/NĐ-CP",
    "12/2019/TT-BNV",
    "13/2012/NĐ-CP",
    "06/2022/QH15",
    "98/2023/NĐ-CP",
    "152/2025/NĐ-CP",
    "01/2024/TT-BNV",
    "15/2025/TT-BNV",
    "30/2020/NĐ-CP",
    "90/2020/NĐ-CP",
    "48/2023/NĐ-CP",
    "335/2025/NĐ-CP",
    "47/2016/NĐ-CP",
    "47/2017/NĐ-CP",
    "72/2018/NĐ-CP",
    "38/2019/NĐ-CP",
    "24/2023/NĐ-CP",
    "73/2024/NĐ-CP",
    "161/2026/NĐ-CP",
    "114/KH-VP",
}


def test_demo_library_is_idempotent_and_names_only_known_documents(db, office):
    province = office["DT"]  # the module's office is in the demo's province
    agency = org_services.unit_create(
        actor=None,
        code="VP-DT",
        name="Văn phòng Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
        kind=UnitKind.AGENCY,
        parent=province,
    )
    count = load_demo_regulations()
    assert load_demo_regulations() == count == len(DEMO_NUMBERS)
    assert set(Regulation.objects.values_list("number", flat=True)) == DEMO_NUMBERS
    by_number = {r.number: r for r in Regulation.objects.exclude(number="")}
    assert by_number["91/2017/NĐ-CP"].replaced_by == by_number["98/2023/NĐ-CP"]
    assert by_number["98/2023/NĐ-CP"].replaced_by == by_number["152/2025/NĐ-CP"]
    assert by_number["12/2019/TT-BNV"].replaced_by == by_number["01/2024/TT-BNV"]
    assert by_number["01/2024/TT-BNV"].replaced_by == by_number["15/2025/TT-BNV"]
    assert by_number["15/2025/TT-BNV"].effective_from == dt.date(2025, 8, 5)
    assert by_number["73/2024/NĐ-CP"].replaced_by == by_number["161/2026/NĐ-CP"]
    assert by_number["152/2025/NĐ-CP"].effective_from == dt.date(2025, 7, 1)
    assert by_number["06/2022/QH15"].effective_from == dt.date(2024, 1, 1)
    plan = by_number["114/KH-VP"]
    assert (plan.scope, plan.unit, plan.issued_on) == (Scope.AGENCY, agency, dt.date(2021, 2, 3))
    laws_2003 = Regulation.objects.filter(kind=Kind.LAW, regime="vn2013")
    assert laws_2003.count() == 3 and all(
        r.replaced_by == by_number["06/2022/QH15"] for r in laws_2003
    )
    found = selectors.search(Regulation.objects.all(), "phat dong phong trao thi dua nam 2021")
    assert found[0] == plan
    found = selectors.search(Regulation.objects.all(), "it nhat 95% ca nhan")
    assert found[0] == plan
    assert verify_chain() is None
