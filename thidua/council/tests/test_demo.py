"""The demo: seed_demo puts the 2021 accepted proposals of the demo divisions on the council's
agenda; the demo council (five members) can then hold the session. Loading again adds nothing."""

import datetime as dt

import pytest
from django.core.management import call_command

from thidua.accounts.models import User
from thidua.council import services
from thidua.council.demo import accepted_count, load_demo_council
from thidua.org.models import Unit

pytestmark = pytest.mark.django_db


def test_demo_agenda_and_session(db):
    call_command("seed_demo", verbosity=0)
    assert accepted_count() == 4
    assert load_demo_council() == 0
    agency = Unit.objects.get(code="VP-DT")
    session = services.session_create(
        actor=User.objects.get(username="thuongtruc"),
        agency=agency,
        year=2021,
        held_on=dt.date(2021, 12, 20),
        place="Hội trường Văn phòng",
    )
    assert sorted(m.user.username for m in session.members.all()) == [
        "chanhvp",
        "congdoan",
        "hoidong",
        "thuongtruc",
        "truongphong",
    ]
    assert session.members.get(role="chair").user.username == "chanhvp"
    titles = {i.title_code for i in session.items.all()}
    assert {"LDTT", "CSTDCS", "TTLDTT"} <= titles


def test_demo_division_minutes_are_signed_by_named_people(db):
    """Issue 18: the minutes print the secretary's and the chair's names, never a position."""
    from thidua.reviews.documents import minutes_document
    from thidua.reviews.models import Review

    call_command("seed_demo", verbosity=0)
    for review in Review.objects.filter(movement__year=2021):
        names = [s.name for s in minutes_document(review).signature_blocks]
        assert [s.position for s in minutes_document(review).signature_blocks] == [
            "THƯ KÝ",
            "CHỦ TỌA",
        ]
        assert all(name and name not in ("Trưởng phòng", "Thư ký cuộc họp") for name in names)
        assert names[0] != names[1]
