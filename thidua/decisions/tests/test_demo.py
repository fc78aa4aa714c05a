import pytest
from django.core.management import call_command

from thidua.decisions.demo import load_demo_decisions
from thidua.decisions.models import Award, Decision

pytestmark = pytest.mark.django_db


def test_demo_decision_is_signed_once(db):
    call_command("seed_demo", verbosity=0)
    decision = load_demo_decisions()
    assert decision.status == "signed" and decision.code.endswith("/QĐ-VP")
    assert decision.entries.count() == 3
    assert Award.objects.filter(decision=decision).count() == 3
    assert all(e.amount_vnd for e in decision.entries.all())
    load_demo_decisions()
    assert Decision.objects.filter(summary=decision.summary).count() == 1
