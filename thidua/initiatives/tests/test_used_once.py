"""One achievement, one award: an initiative backs a title once."""

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from thidua.core.models import AuditEvent
from thidua.initiatives.models import InitiativeUse
from thidua.initiatives.services import initiative_mark_used

from .factories import YEAR, closed, recognised


@pytest.fixture
def initiative(office, people, users):
    return recognised(office, people, users)[0]


def test_second_use_for_the_same_title_in_another_year_is_refused(users, initiative):
    initiative_mark_used(actor=users["head"], initiative=initiative, title_code="CSTDCS", year=YEAR)
    before = AuditEvent.objects.count()
    with pytest.raises(
        ValidationError, match=f"đã được dùng làm căn cứ xét Chiến sĩ thi đua cơ sở năm {YEAR}"
    ):
        initiative_mark_used(
            actor=users["head"], initiative=initiative, title_code="CSTDCS", year=YEAR + 1
        )
    assert list(InitiativeUse.objects.values_list("title_code", "year")) == [("CSTDCS", YEAR)]
    assert AuditEvent.objects.count() == before


def test_the_same_use_again_is_a_no_op(users, initiative):
    first = initiative_mark_used(
        actor=users["head"], initiative=initiative, title_code="CSTDCS", year=YEAR
    )
    again = initiative_mark_used(actor=None, initiative=initiative, title_code="CSTDCS", year=YEAR)
    assert first.pk == again.pk and InitiativeUse.objects.count() == 1


def test_another_title_may_use_it(users, initiative):
    initiative_mark_used(actor=users["head"], initiative=initiative, title_code="CSTDCS", year=YEAR)
    initiative_mark_used(actor=None, initiative=initiative, title_code="CSTD_TINH", year=YEAR + 2)
    assert InitiativeUse.objects.count() == 2


def test_not_before_its_recognition(users, initiative):
    with pytest.raises(ValidationError) as error:
        initiative_mark_used(actor=None, initiative=initiative, title_code="CSTDCS", year=YEAR - 1)
    assert "year" in error.value.message_dict


def test_only_recognised_initiatives(office, people, users):
    initiative, _item = closed(office, people, users)
    with pytest.raises(ValidationError, match="đã được công nhận"):
        initiative_mark_used(actor=None, initiative=initiative, title_code="CSTDCS", year=YEAR)
    assert not InitiativeUse.objects.exists()


@pytest.mark.parametrize(
    "persona", ["staff", "division_head", "initiative_member", "council_member", "other_agency"]
)
def test_wrong_role_refused_and_nothing_changed(users, initiative, persona):
    before = AuditEvent.objects.count()
    with pytest.raises(PermissionDenied):
        initiative_mark_used(
            actor=users[persona], initiative=initiative, title_code="CSTDCS", year=YEAR
        )
    assert not InitiativeUse.objects.exists() and AuditEvent.objects.count() == before
