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


def test_demo_decision_prints_the_signer_name(db):
    """Issue 18: the demo's signed decision had no name under the signature."""
    from thidua.decisions.documents import decision_document
    from thidua.documents.docx_render import paragraph_texts_docx, render_docx

    call_command("seed_demo", verbosity=0)
    decision = load_demo_decisions()
    assert decision.signer_name == "Mai Ngọc Dinh"
    document = decision_document(decision)
    texts = paragraph_texts_docx(render_docx(document))
    position = len(texts) - 1 - texts[::-1].index("CHÁNH VĂN PHÒNG")  # the signature's
    assert "Mai Ngọc Dinh" in texts[position + 1 : position + 3]
