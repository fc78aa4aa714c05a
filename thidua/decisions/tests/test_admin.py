import pytest
from django.urls import reverse

from .factories import signed

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", ["award", "decision", "registerednumber"])
def test_admin_lists_are_view_only(client_for, office, people, users, model):
    signed(office, people, users)
    type(users["admin"]).objects.filter(pk=users["admin"].pk).update(
        is_staff=True, is_superuser=True
    )
    client = client_for("admin")
    response = client.get(reverse(f"admin:decisions_{model}_changelist"))
    assert response.status_code == 200
    page = response.content.decode()
    assert "01/QĐ-VP" in page or "Phòng Công tác Quốc hội" in page
    assert reverse(f"admin:decisions_{model}_add") not in page
