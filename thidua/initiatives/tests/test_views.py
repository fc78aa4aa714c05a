"""The pages: submitting keeps what was typed and names the field, the whole flow through the
views, the documents, and POSTs by the wrong role refused with nothing changed."""

from decimal import Decimal

import pytest

from thidua.core.models import AuditEvent
from thidua.documents.docx_render import paragraph_texts_docx
from thidua.initiatives.models import (
    Exemplar,
    Initiative,
    InitiativeStatus,
    InitiativeUse,
    ReviewSession,
)

from .factories import TODAY, YEAR, content, make_council, recognised

S = InitiativeStatus


def form_data(**overrides):
    data = dict(content())
    data["applied_since"] = data["applied_since"].strftime("%d/%m/%Y")
    data.update({"author_0": "P04", "share_0": "100"})
    data.update(overrides)
    return data


def docx_text(data: bytes) -> str:
    return "\n".join(paragraph_texts_docx(data))


def test_shares_must_total_100_and_the_form_keeps_what_was_typed(client_for, people):
    response = client_for("staff").post(
        "/sang-kien/tao-moi/",
        form_data(share_0="60", author_1="P07", share_1="30", title="Sổ tay điện tử"),
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Tổng tỷ lệ đóng góp của các tác giả phải bằng 100 % (hiện là 90 %)." in page
    assert 'value="Sổ tay điện tử"' in page and 'value="30"' in page
    assert not Initiative.objects.exists()


def test_missing_field_is_named(client_for, people):
    response = client_for("staff").post("/sang-kien/tao-moi/", form_data(effect=""))
    page = response.content.decode()
    assert 'id="id_effect_error"' in page and 'aria-invalid="true"' in page
    assert not Initiative.objects.exists()


def test_minimum_co_author_share(client_for, office, people):
    make_council(office, min_coauthor_share=Decimal(20))
    response = client_for("staff").post(
        "/sang-kien/tao-moi/", form_data(share_0="90", author_1="P07", share_1="10")
    )
    assert (
        "Lê Thị Ánh Nguyệt có tỷ lệ 10 % thấp hơn mức tối thiểu 20 %" in response.content.decode()
    )
    assert not Initiative.objects.exists()


def test_the_submitter_must_be_an_author(client_for, people):
    response = client_for("staff").post("/sang-kien/tao-moi/", form_data(author_0="P07"))
    assert "Người nộp phải là một trong các tác giả." in response.content.decode()
    assert not Initiative.objects.exists()


def test_the_whole_flow_through_the_pages(client_for, office, people, users):
    staff = client_for("staff")
    response = staff.post(
        "/sang-kien/tao-moi/", form_data(author_1="P07", share_0="70", share_1="30")
    )
    initiative = Initiative.objects.get()
    assert response["Location"] == f"/sang-kien/{initiative.pk}/"
    staff.post(f"/sang-kien/{initiative.pk}/chuyen-trang-thai/submit/")
    secretariat = client_for("secretariat")
    assert initiative.title in secretariat.get("/sang-kien/").content.decode()
    secretariat.post(
        f"/sang-kien/{initiative.pk}/chuyen-trang-thai/return/", {"reason": "Bổ sung số liệu"}
    )
    initiative.refresh_from_db()
    assert initiative.status == S.RETURNED
    staff = client_for("staff")
    assert "Bổ sung số liệu" in staff.get(f"/sang-kien/{initiative.pk}/").content.decode()
    staff.post(
        f"/sang-kien/{initiative.pk}/sua/",
        form_data(effect="Giảm 90 % thời gian.", author_1="P07", share_0="70", share_1="30"),
    )
    staff.post(f"/sang-kien/{initiative.pk}/chuyen-trang-thai/resubmit/")

    secretariat = client_for("secretariat")
    secretariat.post(
        "/sang-kien/hoi-dong/",
        {
            "year": YEAR,
            "name": "Hội đồng xét duyệt sáng kiến",
            "issuing_body": "Văn phòng Đoàn ĐBQH và HĐND",
            "place": "Đồng Tháp",
            "minutes_issuer_code": "HĐSK",
            "pass_mark": "50",
            "vote_threshold_percent": "50",
            "chair_name": "Nguyễn Văn Hùng",
            "criteria": "novelty | Tính mới | 30\napplicability | Khả năng áp dụng | 25\n"
            "effect | Hiệu quả | 30\nscope | Phạm vi ảnh hưởng | 15",
        },
    )
    secretariat.post(
        "/sang-kien/hoi-dong/phien-hop/tao-moi/",
        {
            "held_on": TODAY.strftime("%d/%m/%Y"),
            "place": "Phòng họp 1",
            "initiatives": [initiative.pk],
        },
    )
    session = ReviewSession.objects.get()
    item = session.items.get()
    member = client_for("initiative_member")
    response = member.post(
        f"/sang-kien/hoi-dong/phien-hop/{session.pk}/cham-diem/{item.pk}/",
        {
            "c_novelty": "31",
            "c_applicability": "20",
            "c_effect": "25",
            "c_scope": "10",
            "recognise": "yes",
        },
    )
    assert 'id="id_c_novelty_error"' in response.content.decode()  # the field is named
    assert not item.sheets.exists()
    member.post(
        f"/sang-kien/hoi-dong/phien-hop/{session.pk}/cham-diem/{item.pk}/",
        {
            "c_novelty": "25",
            "c_applicability": "20",
            "c_effect": "25",
            "c_scope": "10",
            "recognise": "yes",
        },
    )
    client_for("secretariat").post(f"/sang-kien/hoi-dong/phien-hop/{session.pk}/ket-thuc/")
    session.refresh_from_db()
    assert session.minutes_number.code == "01/BB-HĐSK"
    minutes = client_for("initiative_member").get(
        f"/sang-kien/hoi-dong/phien-hop/{session.pk}/bien-ban.docx"
    )
    text = docx_text(minutes.content)
    assert "01/BB-HĐSK" in text and initiative.title in text and "80,00" in text

    head = client_for("head")
    head.post(
        f"/sang-kien/hoi-dong/phien-hop/{session.pk}/quyet-dinh/",
        {"issued_on": TODAY.strftime("%d/%m/%Y"), "initiatives": [initiative.pk]},
    )
    initiative.refresh_from_db()
    assert (initiative.status, initiative.level) == (S.RECOGNISED, "co_so")
    decision = session.decisions.get()
    text = docx_text(head.get(f"/sang-kien/quyet-dinh/{decision.pk}.docx").content)
    assert "01/QĐ-VP-HĐSK" in text and "Đặng Quốc Bảo (70%)" in text
    pdf = head.get(f"/sang-kien/quyet-dinh/{decision.pk}.pdf")
    assert pdf.content.startswith(b"%PDF")

    library = client_for("union_rep").get("/sang-kien/thu-vien/", {"q": "so hoa ho so"})
    assert initiative.title in library.content.decode()
    detail = client_for("union_rep").get(f"/sang-kien/{initiative.pk}/").content.decode()
    assert "Đặng Quốc Bảo" in detail and "Giảm 90 % thời gian." in detail
    assert "01/QĐ-VP-HĐSK" in detail


@pytest.fixture
def done(office, people, users):
    return recognised(office, people, users)[0]


POSTS = [
    ("submit-by-secretariat", "secretariat", "draft", "chuyen-trang-thai/submit/", {}),
    ("return-by-staff", "staff", "submitted", "chuyen-trang-thai/return/", {"reason": "x"}),
    ("withdraw-by-head", "head", "submitted", "chuyen-trang-thai/withdraw/", {}),
    (
        "mark-used-by-member",
        "initiative_member",
        "recognised",
        "da-su-dung/",
        {"title_code": "CSTDCS", "year": YEAR},
    ),
    (
        "record-by-staff",
        "staff",
        "recognised",
        "cong-nhan-cap-tren/",
        {
            "level": "tinh",
            "decision_code": "1/QĐ",
            "decided_on": TODAY.strftime("%d/%m/%Y"),
            "issuer_name": "UBND",
        },
    ),
    (
        "reject-by-other-agency",
        "other_agency",
        "recognised",
        "chuyen-trang-thai/reject/",
        {"reason": "x"},
    ),
]


@pytest.mark.parametrize(
    ("case", "persona", "state", "path", "data"), POSTS, ids=[p[0] for p in POSTS]
)
def test_wrong_role_posts_are_refused_and_change_nothing(
    client_for, office, people, users, case, persona, state, path, data
):
    from .factories import initiative_in

    initiative = initiative_in(state, office, people, users)
    before = (
        AuditEvent.objects.count(),
        InitiativeUse.objects.count(),
        initiative.recognitions.count(),
    )
    response = client_for(persona).post(f"/sang-kien/{initiative.pk}/{path}", data)
    assert response.status_code == 403
    initiative.refresh_from_db()
    assert initiative.status == state
    assert (
        AuditEvent.objects.count(),
        InitiativeUse.objects.count(),
        initiative.recognitions.count(),
    ) == before


@pytest.mark.parametrize("persona", ["staff", "secretariat", "initiative_member", "other_agency"])
def test_only_the_head_publishes_exemplars(client_for, people, persona):
    response = client_for(persona).post(
        "/sang-kien/thu-vien/dien-hinh/tao-moi/",
        {"person": people["nd_staff"].pk, "year": YEAR, "title": "Tận tuỵ", "write_up": "Tốt."},
    )
    assert response.status_code == 403
    assert not Exemplar.objects.exists()


def test_head_publishes_and_withdraws_an_exemplar(client_for, people):
    head = client_for("head")
    head.post(
        "/sang-kien/thu-vien/dien-hinh/tao-moi/",
        {
            "person": people["nd_staff"].pk,
            "year": YEAR,
            "title": "Tận tuỵ với cử tri",
            "write_up": "Chị tiếp 300 lượt công dân.",
        },
    )
    exemplar = Exemplar.objects.get()
    assert "Tận tuỵ với cử tri" in client_for("staff").get("/sang-kien/thu-vien/").content.decode()
    client_for("head").post(f"/sang-kien/thu-vien/dien-hinh/{exemplar.pk}/go/", {"reason": "Trùng"})
    assert (
        "Tận tuỵ với cử tri" not in client_for("staff").get("/sang-kien/thu-vien/").content.decode()
    )


def test_session_pages_refuse_other_roles(client_for, office, people, users, done):
    session = ReviewSession.objects.get()
    for persona in ("staff", "division_head", "council_member", "other_agency"):
        assert (
            client_for(persona).get(f"/sang-kien/hoi-dong/phien-hop/{session.pk}/").status_code
            == 403
        )
    assert (
        client_for("staff")
        .post(f"/sang-kien/hoi-dong/phien-hop/{session.pk}/ket-thuc/")
        .status_code
        == 403
    )
