"""The whole year in a real browser (issue 9, item 1).

One flow through the pages, each person at their own desk (own browser context): the secretariat
writes the plan (phases, targets) and launches it; two members of staff register (LĐTT and
CSTĐCS); the secretariat imports the year's ratings from an XLSX file; an initiative is submitted,
scored by the initiative council and recognised; two divisions hold their reviews and send their
proposals, which the secretariat accepts; the council votes by secret ballot; the result is posted,
a member of staff objects and the secretariat answers; the decision is drafted from the session
and signed by the head; the year-end (tổng kết) report is downloaded and its figures checked with
python-docx against what the flow did. A screenshot of each step goes to a tmp folder (printed).

The posting period (five working days) is ended the way e2e/test_council.py does it: the
session's posting dates are moved into the past in the database; the app's clock is not faked.
"""

import datetime as dt
import re
from contextlib import contextmanager

import docx
import pytest
from django.utils import timezone
from openpyxl import Workbook
from playwright.sync_api import expect

from conftest import make_user
from thidua.accounts import services as account_services
from thidua.accounts.models import Role
from thidua.council.models import CouncilSession
from thidua.decisions.models import Award, Decision, DecisionStatus
from thidua.initiatives import council as initiative_council
from thidua.records import imports as record_imports
from thidua.reviews.models import Proposal, ProposalStatus

from .conftest import DESKTOP, login

pytestmark = pytest.mark.e2e

TITLE = "Kế hoạch thi đua năm của Văn phòng"
INITIATIVE = "Tra cứu hồ sơ kỳ họp bằng mã QR"


def vn(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


class Steps:
    def __init__(self, out):
        self.out = out
        self.n = 0

    def shot(self, page, name):
        self.n += 1
        page.screenshot(path=str(self.out / f"{self.n:02d}-{name}.png"), full_page=True)


@contextmanager
def desk(browser, live_url, recorder, username, dialogs):
    context = browser.new_context(
        base_url=live_url, viewport=DESKTOP, locale="vi-VN", accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    recorder.attach(page)

    def accept(dialog):
        dialogs.append(dialog.message)
        dialog.accept()

    page.on("dialog", accept)
    try:
        login(page, username)
        yield page
    finally:
        context.close()


def nav(page, name):
    with page.expect_navigation():
        page.get_by_role("navigation", name="Điều hướng chính").get_by_role(
            "link", name=name, exact=True
        ).click()


def success(page):
    return page.locator(".alert-success")


def ratings_xlsx(path, year, ratings):
    headers = [c.header for c in record_imports.COLUMNS]
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(headers)
    for code, rating in ratings:
        values = {"Mã cán bộ": code, "Năm": year, "Xếp loại": rating}
        sheet.append([values.get(h, "") for h in headers])
    workbook.save(path)
    return path


def write_and_launch_plan(page, year, today):
    nav(page, "Phong trào thi đua")
    with page.expect_navigation():
        page.get_by_role("link", name="Lập kế hoạch mới").click()
    deadline = min(today + dt.timedelta(days=14), dt.date(year, 12, 31))
    page.get_by_role("spinbutton", name="Năm", exact=True).fill(str(year))
    page.get_by_label("Trích yếu").fill(TITLE)
    page.get_by_label("Cơ quan chủ quản").fill("ĐOÀN ĐBQH VÀ HĐND TỈNH ĐỒNG THÁP")
    page.get_by_label("Cơ quan ban hành").fill("VĂN PHÒNG")
    page.get_by_label("Ký hiệu cơ quan").fill("VP")
    page.get_by_label("Địa danh").fill("Đồng Tháp")
    page.get_by_label("Ngày ban hành").fill(vn(today))
    page.get_by_label("Hạn đăng ký thi đua").fill(vn(deadline))
    page.get_by_label("Chức vụ người ký").fill("CHÁNH VĂN PHÒNG")
    page.get_by_label("Họ tên người ký").fill("Nguyễn Văn Hùng")
    page.get_by_label("I.1. Mục đích").fill("Tạo khí thế thi đua sôi nổi trong toàn Văn phòng.")
    page.get_by_label("Nơi nhận").fill("Lãnh đạo Văn phòng;\nLưu: VT.")
    with page.expect_navigation(url=re.compile(r"/phong-trao/\d+/giai-doan/$")):
        page.get_by_role("button", name="Lưu dự thảo").click()
    for number, (name, start, end) in enumerate(
        [
            ("Giai đoạn 1", dt.date(year, 1, 1), dt.date(year, 6, 30)),
            ("Giai đoạn 2", dt.date(year, 7, 1), dt.date(year, 12, 31)),
        ],
        start=1,
    ):
        group = page.get_by_role("group", name=f"Giai đoạn {number}", exact=True)
        group.get_by_label("Tên giai đoạn").fill(name)
        group.get_by_label("Từ ngày").fill(vn(start))
        group.get_by_label("Đến ngày").fill(vn(end))
    with page.expect_navigation(url=re.compile(r"/phong-trao/\d+/chi-tieu/$")):
        page.get_by_role("button", name="Lưu các giai đoạn").click()
    targets = [
        ("Lao động tiên tiến", 95, "trên số cá nhân tham gia phong trào", "Bắt buộc đạt"),
        ("Chiến sĩ thi đua cơ sở", 15, "trên số cá nhân đạt Lao động tiên tiến", "Phấn đấu"),
    ]
    for number, (title, percent, base, strength) in enumerate(targets, start=1):
        group = page.get_by_role("group", name=f"Chỉ tiêu {number}", exact=True)
        group.get_by_label("Đối tượng").select_option(label="Cá nhân")
        group.get_by_label("Danh hiệu").select_option(label=title)
        group.get_by_label("Tỷ lệ (%)").fill(str(percent))
        group.get_by_label("Tính trên").select_option(label=base)
        group.get_by_label("Mức").select_option(label=strength)
        group.get_by_label("Giai đoạn").select_option(label="Cả năm")
    with page.expect_navigation(url=re.compile(r"/phong-trao/\d+/$")):
        page.get_by_role("button", name="Lưu các chỉ tiêu").click()
    expect(success(page)).to_contain_text("Đã lưu các chỉ tiêu.")
    with page.expect_navigation():
        page.get_by_role("button", name="Phát động phong trào").click()
    main = page.get_by_role("main")
    expect(success(page)).to_contain_text("Đã phát động phong trào.")
    expect(main).to_contain_text(f"Kế hoạch số 01/KH-VP ngày {vn(today)}")
    expect(main.get_by_text("Giai đoạn 2: ")).to_be_visible()
    expect(main).to_contain_text("95% Lao động tiên tiến")
    expect(main).to_contain_text("15% Chiến sĩ thi đua cơ sở")


def register(page, title):
    nav(page, "Phong trào thi đua")
    with page.expect_navigation():
        page.get_by_role("link", name=TITLE).click()
    with page.expect_navigation():
        page.get_by_role("link", name="Đăng ký thi đua").click()
    page.get_by_label("Danh hiệu đăng ký").select_option(label=title)
    with page.expect_navigation():
        page.get_by_role("button", name="Đăng ký", exact=True).click()
    expect(success(page)).to_contain_text(f"Đã đăng ký danh hiệu “{title}”.")


def hold_review(page, year, votes_each):
    nav(page, "Bình xét")
    with page.expect_navigation():
        page.get_by_role("link", name="Mở bình xét").click()
    page.get_by_label("Kỳ bình xét").select_option(label=f"Cả năm {year}")
    page.get_by_label("Địa điểm").fill("Phòng họp của phòng")
    page.get_by_label("Thư ký").fill("Thư ký phòng")
    with page.expect_navigation(url=re.compile(r"/binh-xet/\d+/$")):
        page.get_by_role("button", name="Mở bình xét").click()
    for name, count in votes_each.items():
        page.get_by_label(f"Số phiếu đồng ý: {name}").fill(str(count))
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu kết quả biểu quyết").click()
    with page.expect_navigation(url=re.compile(r"/binh-xet/ho-so/\d+/$")):
        page.get_by_role("button", name="Kết thúc bình xét, lập hồ sơ đề nghị").click()
    with page.expect_navigation():
        page.get_by_role("button", name="Gửi Hội đồng").click()
    expect(page.locator("#proposal-status")).to_have_text("Đã gửi Hội đồng")


def test_the_whole_year(browser, live_url, office, people, users, recorder, tmp_path_factory):
    out = tmp_path_factory.mktemp("whole-year")
    print(f"\nScreenshots of the whole year: {out}")
    steps = Steps(out)
    dialogs: list[str] = []
    today = timezone.localdate()
    year = today.year

    # Who else takes part: Lê Thị Ánh Nguyệt (P07, division ND) gets an account; Trần Thị Thu Hà
    # (P05, council member) also heads division ND; the initiative council of the year exists.
    make_user("nd_staff", people["nd_staff"], [(Role.STAFF, office["ND"])])
    account_services.role_grant(
        actor=None,
        user=users["council_member"],
        role=Role.DIVISION_HEAD,
        unit=office["ND"],
        valid_from=dt.date(2020, 1, 1),
    )
    initiative_council.council_save(
        actor=None,
        agency=office["VP"],
        year=year,
        issuing_body="Văn phòng Đoàn ĐBQH và HĐND",
        governing_body="Đoàn ĐBQH và HĐND tỉnh Đồng Tháp",
        chair_name="Nguyễn Văn Hùng",
    )

    def at(username):
        return desk(browser, live_url, recorder, username, dialogs)

    # 1. The secretariat writes the plan and launches it.
    with at("secretariat") as page:
        write_and_launch_plan(page, year, today)
        steps.shot(page, "plan-launched")

    # 2. Two members of staff register.
    with at("staff") as page:
        register(page, "Lao động tiên tiến")
        steps.shot(page, "staff-registers-ldtt")
    with at("nd_staff") as page:
        register(page, "Chiến sĩ thi đua cơ sở")
        steps.shot(page, "nd-staff-registers-cstdcs")

    # 3. The secretariat imports the year's ratings.
    ratings = [("P03", "HTTNV"), ("P04", "HTTNV"), ("P05", "HTTNV"), ("P07", "HTXSNV")]
    workbook = ratings_xlsx(tmp_path_factory.mktemp("xlsx") / "xep-loai.xlsx", year, ratings)
    with at("secretariat") as page:
        page.goto("/ho-so/nhap/")
        page.get_by_label("Tệp dữ liệu (.xlsx hoặc .csv)").set_input_files(str(workbook))
        with page.expect_navigation(url=re.compile(r"/ho-so/nhap/\d+/$")):
            page.get_by_role("button", name="Tải lên và xem trước").click()
        expect(page.get_by_role("status").first).to_contain_text("Không có lỗi.")
        with page.expect_navigation():
            page.get_by_role("button", name="Xác nhận nhập").click()
        expect(page.locator(".alert-info")).to_contain_text(f"Đã nhập: {len(ratings)} xếp loại")
        steps.shot(page, "ratings-imported")

    # 4. An initiative: submitted by P07, scored by the initiative council, recognised.
    with at("nd_staff") as page:
        nav(page, "Sáng kiến")
        with page.expect_navigation():
            page.get_by_role("link", name="Nộp sáng kiến mới").click()
        page.get_by_label("Tên sáng kiến").fill(INITIATIVE)
        page.get_by_label("Lĩnh vực").select_option(label="Công nghệ thông tin, chuyển đổi số")
        page.get_by_label("Thực trạng, vấn đề cần giải quyết").fill("Tra cứu hồ sơ giấy chậm.")
        page.get_by_label("Nội dung giải pháp").fill("Gắn mã QR cho từng hộp hồ sơ.")
        page.get_by_label("Tính mới của giải pháp").fill("Lần đầu áp dụng tại Văn phòng.")
        page.get_by_label("Nơi áp dụng").fill("Phòng Dân nguyện")
        page.get_by_label("Áp dụng từ ngày").fill(vn(today))
        page.get_by_label("Hiệu quả (nêu số liệu đo được nếu có)").fill("Giảm từ 30 xuống 2 phút.")
        page.get_by_label("Tỷ lệ đóng góp của tác giả 1 (%)").fill("100")
        with page.expect_navigation(url=re.compile(r"/sang-kien/\d+/$")):
            page.get_by_role("button", name="Lưu bản nháp").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Nộp sáng kiến").click()
        expect(success(page)).to_contain_text("Đã nộp sáng kiến.")
    with at("secretariat") as page:
        page.goto("/sang-kien/")
        page.get_by_role("link", name="Hội đồng xét duyệt sáng kiến").click()
        page.get_by_role("link", name="Lập phiên họp xét duyệt").click()
        page.get_by_label("Ngày họp").fill(vn(today))
        page.get_by_label("Địa điểm họp").fill("Phòng họp số 1")
        page.get_by_label(INITIATIVE).check()
        page.get_by_role("button", name="Lập phiên họp").click()
        expect(success(page)).to_contain_text("Đã lập phiên họp xét duyệt.")
        initiative_session = page.url
    with at("initiative_member") as page:
        page.goto(initiative_session)
        page.get_by_role("link", name="Chấm điểm").click()
        page.get_by_label("Tính mới (tối đa 30)").fill("25")
        page.get_by_label("Khả năng áp dụng (tối đa 25)").fill("20")
        page.get_by_label("Hiệu quả (tối đa 30)").fill("25")
        page.get_by_label("Phạm vi ảnh hưởng (tối đa 15)").fill("10")
        page.get_by_label("Đồng ý đề nghị công nhận").check()
        page.get_by_role("button", name="Lưu phiếu").click()
        expect(success(page)).to_contain_text("Đã lưu phiếu chấm điểm.")
    with at("secretariat") as page:
        page.goto(initiative_session)
        page.get_by_role("button", name="Kết thúc phiên họp và lập biên bản").click()
        expect(page.get_by_role("main")).to_contain_text("Biên bản số 01/BB-HĐSK")
    with at("head") as page:
        page.goto(initiative_session)
        page.get_by_role("link", name="Ban hành quyết định công nhận").click()
        page.get_by_role("button", name="Ban hành quyết định").click()
        expect(success(page)).to_contain_text(
            "Đã ban hành Quyết định số 01/QĐ-VP-HĐSK công nhận sáng kiến."
        )
        steps.shot(page, "initiative-recognised")

    # 5. Two division reviews (QH and ND), proposals sent and accepted by the secretariat.
    with at("division_head") as page:
        hold_review(page, year, {"Đặng Quốc Bảo – Lao động tiên tiến": 2})
        steps.shot(page, "review-qh-sent")
    with at("council_member") as page:
        hold_review(
            page,
            year,
            {
                "Lê Thị Ánh Nguyệt – Lao động tiên tiến": 3,
                "Lê Thị Ánh Nguyệt – Chiến sĩ thi đua cơ sở": 3,
            },
        )
        steps.shot(page, "review-nd-sent")
    with at("secretariat") as page:
        for proposal in Proposal.objects.order_by("pk"):
            page.goto(f"/binh-xet/ho-so/{proposal.pk}/")
            page.get_by_label("Chương trình họp Hội đồng").fill("Phiên họp cuối năm")
            with page.expect_navigation():
                page.get_by_role("button", name="Tiếp nhận").click()
            expect(page.locator("#proposal-status")).to_have_text(
                "Đã tiếp nhận, đưa vào chương trình họp"
            )
        steps.shot(page, "proposals-accepted")
    assert set(Proposal.objects.values_list("status", flat=True)) == {ProposalStatus.ACCEPTED}
    assert Proposal.objects.count() == 2

    # 6. The council session: opened, secret ballot, every member casts, closed.
    with at("secretariat") as page:
        nav(page, "Hội đồng TĐKT")
        page.get_by_role("link", name="Mở phiên họp").click()
        page.get_by_label("Địa điểm").fill("Phòng họp số 1")
        page.get_by_label("Thư ký").fill("Phạm Thị Ngọc Lan")
        with page.expect_navigation():
            page.get_by_role("button", name="Mở phiên họp").click()
        session = CouncilSession.objects.get()
        with page.expect_navigation():
            page.get_by_role("button", name="Mở bỏ phiếu").click()
        expect(page.locator("#so-da-bo-phieu")).to_contain_text("0/3")
        steps.shot(page, "ballot-opened")
    items = session.items.count()
    assert items == 3
    for member in ("head", "council_member", "union_rep"):
        with at(member) as page:
            page.goto(f"/hoi-dong/phien/{session.pk}/")
            with page.expect_navigation():
                page.get_by_role("link", name="Phiếu bầu của tôi").click()
            expect(page.get_by_role("button", name="Bỏ phiếu")).to_be_visible()
            groups = page.get_by_role("group").all()
            assert len(groups) == items
            for group in groups:
                group.get_by_role("radio", name="Đồng ý", exact=True).check()
            with page.expect_navigation():
                page.get_by_role("button", name="Bỏ phiếu").click()
            expect(page.locator("#da-bo-phieu")).to_contain_text("Bạn đã bỏ phiếu")
    with at("secretariat") as page:
        page.goto(f"/hoi-dong/phien/{session.pk}/")
        expect(page.locator("#so-da-bo-phieu")).to_contain_text("3/3")
        with page.expect_navigation():
            page.get_by_role("button", name="Kết thúc bỏ phiếu và kiểm phiếu").click()
        expect(page.locator("#so-bien-ban")).to_have_text("01/BB-HĐTĐKT")
        for name in ("Đặng Quốc Bảo", "Lê Thị Ánh Nguyệt"):
            expect(page.get_by_role("row", name=re.compile(name)).first).to_contain_text("3/3")
        steps.shot(page, "ballot-closed")

        # 7. Posting, an objection, the answer.
        with page.expect_navigation():
            page.get_by_role("button", name=re.compile("Công khai danh sách")).click()
        expect(page.locator("#chua-ban-hanh")).to_contain_text("Thời gian công khai chưa kết thúc")
    with at("staff") as page:
        nav(page, "Hội đồng TĐKT")
        page.get_by_role("link", name=f"Danh sách đề nghị khen thưởng năm {year}").click()
        page.get_by_label("Trường hợp có ý kiến").select_option(
            label="Lê Thị Ánh Nguyệt – Chiến sĩ thi đua cơ sở"
        )
        page.get_by_label("Nội dung ý kiến").fill("Đề nghị làm rõ sáng kiến năm nay.")
        with page.expect_navigation():
            page.get_by_role("button", name="Gửi ý kiến").click()
        expect(page.get_by_text("Đề nghị làm rõ sáng kiến năm nay.")).to_be_visible()
        steps.shot(page, "objection")
    with at("secretariat") as page:
        page.goto(f"/hoi-dong/cong-khai/{session.pk}/")
        page.get_by_label("Trả lời").fill("Sáng kiến được công nhận theo Quyết định 01/QĐ-VP-HĐSK.")
        with page.expect_navigation():
            page.get_by_role("button", name="Ghi trả lời").click()
        expect(page.get_by_text("Sáng kiến được công nhận theo Quyết định")).to_be_visible()
        steps.shot(page, "objection-answered")

    # Five working days later the posting is over (as in e2e/test_council.py).
    CouncilSession.objects.filter(pk=session.pk).update(
        posting_starts_on=today - dt.timedelta(days=14),
        posting_ends_on=today - dt.timedelta(days=8),
    )

    # 8. The decision drafted from the session and signed by the head.
    with at("secretariat") as page:
        page.goto(f"/hoi-dong/phien/{session.pk}/")
        with page.expect_navigation(url=re.compile(r"/quyet-dinh/\d+/$")):
            page.get_by_role("button", name="Lập dự thảo quyết định").click()
        steps.shot(page, "decision-drafted")
    decision = Decision.objects.get()
    assert decision.entries.count() == 3
    with at("head") as page:
        page.goto(f"/quyet-dinh/{decision.pk}/")
        page.get_by_role("link", name="Ký quyết định").click()
        with page.expect_navigation():
            page.get_by_role("button", name="Tôi xác nhận ký quyết định").click()
        expect(page.get_by_role("heading", name=re.compile("Quyết định số"))).to_be_visible()
        steps.shot(page, "decision-signed")
    decision.refresh_from_db()
    assert decision.status == DecisionStatus.SIGNED
    awarded = {
        code: set(
            Award.objects.filter(year=year, title_code=code).values_list(
                "person__staff_code", flat=True
            )
        )
        for code in ("LDTT", "CSTDCS")
    }
    assert awarded == {"LDTT": {"P04", "P07"}, "CSTDCS": {"P07"}}, awarded

    # 9. The year-end report, downloaded and read.
    with at("secretariat") as page:
        page.goto("/bao-cao/")
        page.get_by_role("link", name="Tổng kết (cuối năm)").first.click()
        expect(
            page.get_by_role("heading", name=f"Tổng kết phong trào thi đua năm {year}")
        ).to_be_visible()
        page.get_by_label("Đánh giá chung, công tác tổ chức").fill(
            "Phong trào được triển khai đồng bộ ở các phòng."
        )
        page.get_by_role("button", name="Lưu").click()
        expect(page.get_by_text("Đã lưu phần đánh giá của báo cáo.")).to_be_visible()
        steps.shot(page, "year-end-report")
        with page.expect_download() as download_info:
            page.get_by_role("link", name="Tải DOCX").click()
        download = download_info.value
        assert download.suggested_filename == f"bao-cao-tong-ket-{year}-du-thao.docx"
        document = docx.Document(str(download.path()))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "Phong trào được triển khai đồng bộ ở các phòng." in text
    rows = [[c.text for c in r.cells] for t in document.tables for r in t.rows]
    # Nine people of VP take part. The flow registered two (P04 for LĐTT, P07 for CSTĐCS, which
    # covers LĐTT), found both eligible, and the signed decision gave LĐTT to both and CSTĐCS to
    # P07: 2/9 for the LĐTT target, 1 of the 2 LĐTT holders for the CSTĐCS target.
    assert [
        "1",
        "95% LĐTT (trên số cá nhân tham gia phong trào)",
        "Bắt buộc đạt",
        "2/9 (22,2%)",
        "2/9 (22,2%)",
        "2/9 (22,2%)",
        "Chưa đạt",
    ] in rows, rows
    assert [
        "2",
        "15% CSTĐCS (trên số cá nhân đạt Lao động tiên tiến)",
        "Phấn đấu",
        "1/2 (50%)",
        "1/2 (50%)",
        "1/2 (50%)",
        "Đạt",
    ] in rows, rows
    # The year's titles are decided today: all of them count in the phase that holds today.
    phase = "Giai đoạn 1" if today <= dt.date(year, 6, 30) else "Giai đoạn 2"
    assert [
        phase,
        "15% CSTĐCS (trên số cá nhân đạt Lao động tiên tiến)",
        "1/2 (50%)",
        "Đạt",
    ] in [r[1:] for r in rows if len(r) == 5], rows
    awards = sorted((r[1], r[3], r[4]) for r in rows if len(r) == 7 and r[4] == "01/QĐ-VP")
    assert awards == [
        ("Lê Thị Ánh Nguyệt", "Chiến sĩ thi đua cơ sở", "01/QĐ-VP"),
        ("Lê Thị Ánh Nguyệt", "Lao động tiên tiến", "01/QĐ-VP"),
        ("Đặng Quốc Bảo", "Lao động tiên tiến", "01/QĐ-VP"),
    ], awards
    assert any(
        r[1:5] == [INITIATIVE, "Lê Thị Ánh Nguyệt", "cấp cơ sở", "01/QĐ-VP-HĐSK"] for r in rows
    ), rows
    assert recorder.page_errors == [], recorder.page_errors
