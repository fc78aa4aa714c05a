"""A body of the wrong shape is a 422 naming the problem, never a 200 that does nothing
(issue 19, point 8): `[1, 2]`, a string or a number where the operation takes an object."""

import pytest

from thidua.core.models import AuditEvent
from thidua.org.models import Person

WRONG_SHAPES = [[1, 2], [], "chuỗi", 7, None]
OPERATIONS = [
    ("post", "/api/v1/people"),
    ("patch", "/api/v1/people/P04"),
    ("put", "/api/v1/people/P04/records/2025/rating"),
    ("post", "/api/v1/people/P04/disciplines"),
    ("post", "/api/v1/people/P04/records/2025/leaves"),
]


@pytest.mark.parametrize(("method", "url"), OPERATIONS, ids=[f"{m} {u}" for m, u in OPERATIONS])
@pytest.mark.parametrize("body", WRONG_SHAPES, ids=repr)
def test_wrong_shaped_body_is_a_422_and_changes_nothing(api_client, method, url, body):
    before = (AuditEvent.objects.count(), list(Person.objects.values_list("pk", "full_name")))
    response = getattr(api_client("secretariat"), method)(url, body)
    assert response.status_code == 422, (response.status_code, response.content[:300])
    assert response.json() == {
        "detail": "Dữ liệu không hợp lệ.",
        "errors": {"__all__": ["Nội dung gửi lên phải là một đối tượng JSON."]},
    }
    assert (
        AuditEvent.objects.count(),
        list(Person.objects.values_list("pk", "full_name")),
    ) == before
