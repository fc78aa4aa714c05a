"""The council's pages: the flow through the views, what an open ballot shows (only how many
have cast), the minutes documents, and every POST refused to the wrong persona with nothing
changed."""

import datetime as dt
import logging

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from conftest import PERSONAS
from thidua.core.models import AuditEvent, Notification
from thidua.council.models import (
    Ballot,
    BallotCast,
    CouncilSession,
    Objection,
    SessionStatus,
)
from thidua.decisions.models import RegisteredNumber
from thidua.documents.docx_render import paragraph_texts_docx
from thidua.documents.pdf_render import pdf_text

from .factories import member, open_session, papers, voted_session

ALL = set(PERSONAS)
EXTRA = [("P21", "Lý Văn Phúc", "CSTDCS")]


def _state():
    ballot = Ballot.objects.first()
    session = CouncilSession.objects.first()
    return (
        CouncilSession.objects.count(),
        session and (session.status, session.quota_state, session.posting_starts_on),
        session and sorted(session.members.values_list("pk", "present")),
        ballot and (ballot.status, list(ballot.urn), ballot.digest),
        BallotCast.objects.count(),
        list(Objection.objects.values_list("pk", "answer", "upheld")),
        RegisteredNumber.objects.count(),
        Notification.objects.count(),
        AuditEvent.objects.count(),
    )


def _post_cases(session):
    pk = session.pk
    items = list(session.items.all())
    paper = {f"item_{i.pk}": "yes" for i in items}
    absent = session.members.first()
    return {
        "council:attendance": ({"pk": pk}, {"present": []}, {"secretariat"}),
        "council:ballot_open": ({"pk": pk}, {}, {"secretariat"}),
        "council:ballot_written": (
            {"pk": pk},
            {"member": absent.pk, **paper},
            {"secretariat"},
        ),
        "council:ballot_close": ({"pk": pk}, {}, {"secretariat"}),
        "council:ballot_close_early": ({"pk": pk}, {"reason": "Hết giờ"}, {"head"}),
        "council:quota_resolve": ({"pk": pk}, {"keep": [], "note": "x"}, {"secretariat"}),
        "council:posting_start": ({"pk": pk}, {}, {"secretariat"}),
        "council:decision_draft": ({"pk": pk}, {}, {"secretariat"}),
    }


@pytest.mark.parametrize(
    "name",
    [
        "council:attendance",
        "council:ballot_open",
        "council:ballot_written",
        "council:ballot_close",
        "council:ballot_close_early",
        "council:quota_resolve",
        "council:posting_start",
        "council:decision_draft",
    ],
)
def test_session_actions_refused_change_nothing(client_for, office, people, users, name):
    session = open_session(office, people)
    kwargs, data, allowed = _post_cases(session)[name]
    url = reverse(name, kwargs=kwargs)
    for persona in sorted(ALL - allowed):
        before = _state()
        response = client_for(persona).post(url, data)
        assert response.status_code == 403, (persona, response.status_code)
        assert "Không có quyền truy cập" in response.content.decode()
        assert _state() == before, persona
    assert client_for("secretariat").get(url).status_code == 405


def test_objection_actions_refused_change_nothing(client_for, office, people, users):
    from thidua.council import services

    session = voted_session(office, people, users)
    services.posting_start(actor=users["secretariat"], session=session)
    item = session.items.get()
    objection = services.objection_lodge(
        actor=users["staff"], session=session, item=item, text="Chưa đúng."
    )
    lodge = reverse("council:objection_lodge", kwargs={"pk": session.pk})
    answer = reverse("council:objection_answer", kwargs={"pk": objection.pk})
    before = _state()
    response = client_for("other_agency").post(lodge, {"item": item.pk, "text": "x"})
    assert response.status_code == 403
    assert _state() == before
    for persona in sorted(ALL - {"secretariat"}):
        response = client_for(persona).post(answer, {"answer": "Đã xem xét"})
        assert response.status_code == 403, persona
        assert _state() == before
    assert client_for("staff").get(lodge).status_code == 405
    assert client_for("secretariat").get(answer).status_code == 405


def test_the_whole_session_through_the_pages(client_for, office, people, users):
    from .factories import accepted_proposal

    accepted_proposal(office, people, EXTRA)
    client = client_for("secretariat")
    response = client.post(
        reverse("council:session_create"),
        {
            "year": str(dt.date.today().year),
            "held_on": dt.date.today().strftime("%d/%m/%Y"),
            "place": "Phòng họp số 1",
            "secretary_name": "Phạm Thị Ngọc Lan",
            "approval_percent": "50",
        },
    )
    assert response.status_code == 302, response.content.decode()[:3000]
    session = CouncilSession.objects.get()
    page = reverse("council:session", kwargs={"pk": session.pk})
    absent = member(session, users["union_rep"])
    present = [m.pk for m in session.members.all() if m.pk != absent.pk]
    client.post(reverse("council:attendance", kwargs={"pk": session.pk}), {"present": present})
    client.post(reverse("council:ballot_open", kwargs={"pk": session.pk}))
    assert Ballot.objects.filter(session=session).exists()
    items = list(session.items.all())
    # The head and the council member cast on their own paper page.
    for persona, choices in (("head", ["yes", "yes"]), ("council_member", ["yes", "no"])):
        c = client_for(persona)
        form = c.get(reverse("council:ballot", kwargs={"pk": session.pk})).content.decode()
        assert "Bỏ phiếu" in form and "Lý Văn Phúc" in form
        data = {f"item_{i.pk}": v for i, v in zip(items, choices, strict=True)}
        c.post(reverse("council:ballot", kwargs={"pk": session.pk}), data)
        again = c.post(reverse("council:ballot", kwargs={"pk": session.pk}), data, follow=True)
        assert "Thành viên này đã bỏ phiếu." in again.content.decode()
    assert BallotCast.objects.count() == 2
    # While open: how many have cast, nothing else.
    for persona in ("head", "secretariat", "council_member"):
        html = client_for(persona).get(page).content.decode()
        assert "2/3 thành viên đã bỏ phiếu" in html
        assert "2/3</td>" not in html and "1/3</td>" not in html
        assert "ma-kiem-tra" not in html
    client = client_for("secretariat")
    client.post(
        reverse("council:ballot_written", kwargs={"pk": session.pk}),
        {"member": absent.pk, f"item_{items[0].pk}": "no", f"item_{items[1].pk}": "yes"},
    )
    assert BallotCast.objects.filter(written=True).count() == 1
    client.post(reverse("council:ballot_close", kwargs={"pk": session.pk}))
    session.refresh_from_db()
    assert session.status == SessionStatus.CLOSED
    html = client.get(page).content.decode()
    assert session.ballot.digest in html and "01/BB-HĐTĐKT" in html
    assert [(i.approvals, i.passed) for i in session.items.all()] == [(2, True), (2, True)]

    docx = client.get(reverse("council:minutes", kwargs={"pk": session.pk, "fmt": "docx"}))
    assert docx["Content-Type"].startswith("application/vnd.openxmlformats")
    texts = "\n".join(paragraph_texts_docx(docx.content))
    for expected in (
        "HỘI ĐỒNG THI ĐUA - KHEN THƯỞNG",
        "Số: 01/BB-HĐTĐKT",
        "BIÊN BẢN",
        "có mặt: 2 người; vắng: 1 người (Huỳnh Thị Kim Oanh)",
        "nhiều hơn 50% tổng số thành viên Hội đồng (ít nhất 2/3 phiếu)",
        "3 phiếu (trong đó 1 phiếu bằng văn bản",
        session.ballot.digest,
        "Đặng Quốc Bảo (Phòng Công tác Quốc hội): Lao động tiên tiến (2/3 phiếu tán thành).",
        "THƯ KÝ",
        "CHỦ TỌA",
    ):
        assert expected in texts, expected
    assert "manage.py" not in texts and "verify_ballot" not in texts
    pdf = client.get(reverse("council:minutes", kwargs={"pk": session.pk, "fmt": "pdf"}))
    assert pdf.content.startswith(b"%PDF")
    text = " ".join(pdf_text(pdf.content).split())
    assert "BIÊN BẢN" in text and session.ballot.digest in text

    client.post(reverse("council:posting_start", kwargs={"pk": session.pk}))
    session.refresh_from_db()
    assert session.status == SessionStatus.POSTING
    staff = client_for("staff")
    posting = reverse("council:posting", kwargs={"pk": session.pk})
    html = staff.get(posting).content.decode()
    assert "Lý Văn Phúc" in html and "Gửi ý kiến" in html
    staff.post(
        reverse("council:objection_lodge", kwargs={"pk": session.pk}),
        {"item": items[1].pk, "text": "Sáng kiến chưa được công nhận."},
    )
    objection = Objection.objects.get()
    assert objection.lodged_by == users["staff"]
    # Another member of staff does not see who objected, nor the objection.
    assert (
        "Sáng kiến chưa được công nhận"
        not in client_for("division_head").get(posting).content.decode()
    )
    assert "Sáng kiến chưa được công nhận" in client_for("head").get(posting).content.decode()
    client = client_for("secretariat")
    assert "Đặng Quốc Bảo" in client.get(posting).content.decode()
    client.post(
        reverse("council:objection_answer", kwargs={"pk": objection.pk}),
        {"answer": "Sáng kiến đã được công nhận theo Quyết định số 12/QĐ-VP."},
    )
    objection.refresh_from_db()
    assert objection.answered and not objection.upheld
    response = client.post(reverse("council:decision_draft", kwargs={"pk": session.pk}))
    assert response.status_code == 302
    from thidua.decisions.models import Decision

    decision = Decision.objects.get()
    assert response["Location"] == reverse("decisions:detail", kwargs={"pk": decision.pk})
    assert sorted(e.title_code for e in decision.entries.all()) == ["CSTDCS", "LDTT"]


def test_open_ballot_paper_page_shows_no_result(client_for, office, people, users):
    from thidua.council import services

    session = open_session(office, people)
    ballot = services.ballot_open(actor=users["secretariat"], session=session)
    (paper,) = papers(session, "y")
    services.ballot_cast(actor=users["head"], ballot=ballot, choices=paper)
    html = client_for("head").get(reverse("council:ballot", kwargs={"pk": session.pk}))
    text = html.content.decode()
    assert "Bạn đã bỏ phiếu" in text and "Đã bỏ phiếu: 1/3" in text
    assert 'value="yes" checked' not in text and "checked" not in text


def test_sessions_of_one_agency_are_invisible_to_another(client_for, office, people, users):
    session = open_session(office, people)
    client = client_for("other_agency")
    assert "Phòng họp số 1" not in client.get(reverse("council:index")).content.decode()
    for name in ("council:session", "council:ballot"):
        assert client.get(reverse(name, kwargs={"pk": session.pk})).status_code == 403


def test_minutes_of_an_open_session_are_a_draft(client_for, office, people, users):
    session = open_session(office, people)
    docx = client_for("secretariat").get(
        reverse("council:minutes", kwargs={"pk": session.pk, "fmt": "docx"})
    )
    texts = "\n".join(paragraph_texts_docx(docx.content))
    assert "Chưa kết thúc bỏ phiếu." in texts and "SHA-256" not in texts


def test_no_log_line_carries_a_ballot(client_for, office, people, users, settings, caplog):
    """Even with DEBUG and SQL logging on, casting leaves no log line with the member's cast
    row or the paper."""
    from thidua.council import services

    session = open_session(office, people)
    services.ballot_open(actor=users["secretariat"], session=session)
    settings.DEBUG = True
    caplog.set_level(logging.DEBUG)
    caplog.set_level(logging.DEBUG, logger="django.db.backends")
    item = session.items.get()
    with CaptureQueriesContext(connection) as queries:
        client_for("council_member").post(
            reverse("council:ballot", kwargs={"pk": session.pk}), {f"item_{item.pk}": "yes"}
        )
    assert BallotCast.objects.count() == 1
    assert any("council_ballot" in q["sql"] for q in queries.captured_queries)
    logged = "\n".join(f"{r.getMessage()} {getattr(r, 'sql', '')}" for r in caplog.records)
    assert "council_ballot" not in logged
    assert '"yes"' not in logged


def test_session_form_with_a_bad_year_still_renders(client_for, office, people, users):
    response = client_for("secretariat").post(
        reverse("council:session_create"), {"year": "abc", "place": "P"}
    )
    assert response.status_code == 200
    assert not CouncilSession.objects.exists()


def test_approval_percent_set_for_the_session(office, people, users):
    from thidua.council import services

    from .factories import accepted_proposal

    accepted_proposal(office, people)
    kwargs = {
        "actor": users["secretariat"],
        "agency": office["VP"],
        "year": dt.date.today().year,
        "held_on": dt.date.today(),
        "place": "P",
    }
    with pytest.raises(ValidationError, match="từ 1 đến 99"):
        services.session_create(**kwargs, approval_percent=100)
    session = services.session_create(**kwargs, approval_percent=66)
    assert session.approval_percent == 66
