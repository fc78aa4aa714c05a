"""A decision dated more than 12 months after the newest legal parameter row shows a warning to
check the parameters (issue 20, point 3)."""

import datetime as dt

import pytest
from django.urls import reverse

from thidua.decisions.tests.factories import signed
from thidua.legal import services
from thidua.legal.models import LegalParameter
from thidua.legal.seeds import reseed

pytestmark = pytest.mark.django_db


@pytest.fixture
def seeded(db):
    from django.apps import apps

    if not LegalParameter.objects.exists():
        reseed(apps)


@pytest.mark.parametrize(
    ("withdraw_from", "warned"),
    [
        pytest.param(None, False, id="newest-row-01-07-2026-is-recent"),
        pytest.param(dt.date(2025, 1, 16), True, id="newest-row-01-07-2024-is-stale"),
    ],
)
def test_decision_page_warns_when_the_table_is_stale(
    seeded, client_for, office, people, users, withdraw_from, warned
):
    decision = signed(office, people, users, signed_on=dt.date(2026, 1, 15))
    if withdraw_from is not None:
        for row in LegalParameter.objects.filter(effective_from__gte=withdraw_from):
            services.parameter_withdraw(actor=users["admin"], row=row, reason="thử nghiệm")
    html = client_for("head").get(reverse("decisions:detail", kwargs={"pk": decision.pk}))
    text = html.content.decode()
    warning = "muộn hơn 12 tháng so với tham số pháp lý mới nhất (hiệu lực từ 01/07/2024)"
    assert (warning in text) is warned
