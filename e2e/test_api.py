"""API tokens and the API docs in a real browser (issue 8, item 4).

A staff member opens the token page from the account page, creates a token (shown once), reads
the API docs (Swagger UI from the app's own static files, under the CSP that forbids inline
scripts: no console error, no request leaves the server), calls the API with the token, revokes
it, and the same call is refused.
"""

import pytest
from playwright.sync_api import expect

from .conftest import login

pytestmark = pytest.mark.e2e


def test_staff_creates_token_reads_docs_calls_api_and_revokes(
    page, live_url, office, people, users, recorder, shot
):
    login(page, "staff")
    page.goto("/tai-khoan/doi-mat-khau/")
    page.get_by_role("link", name="Khoá truy cập API").click()
    expect(page.get_by_role("heading", name="Khoá truy cập API", level=1)).to_be_visible()
    page.get_by_label("Tên gợi nhớ").fill("Thử nghiệm tích hợp")
    page.get_by_label("Thời hạn").select_option("90")
    page.get_by_role("button", name="Tạo khoá").click()
    token = page.get_by_label("Khoá truy cập", exact=True).input_value()
    assert token.startswith("td_") and len(token) > 40
    shot(page, "token-created")

    page.get_by_role("link", name="Tài liệu API").click()
    expect(page.locator(".swagger-ui .info .title")).to_contain_text("Thi đua")
    expect(page.locator(".opblock").first).to_be_visible()
    shot(page, "docs")

    response = page.request.get(
        f"{live_url}/api/v1/people", headers={"Authorization": f"Bearer {token}"}
    )
    assert response.status == 200
    assert [p["staff_code"] for p in response.json()["items"]] == ["P04"]

    page.goto("/api/khoa/")
    expect(page.get_by_label("Khoá truy cập", exact=True)).to_have_count(0)  # shown once
    page.get_by_role("button", name="Thu hồi").click()
    expect(page.get_by_text("Đã thu hồi", exact=True).first).to_be_visible()
    refused = page.request.get(
        f"{live_url}/api/v1/people", headers={"Authorization": f"Bearer {token}"}
    )
    assert refused.status == 401

    assert recorder.console_errors == [], recorder.console_errors
    assert recorder.page_errors == [], recorder.page_errors
    assert all(url.startswith(live_url) for url in recorder.requests), recorder.requests
