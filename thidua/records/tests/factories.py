"""Builders for records tests: people placed in the conftest office, and a regular movement
whose registrations are written directly (the registration rules are the movements app's)."""

import datetime as dt

from conftest import make_person
from thidua.movements.models import Registration
from thidua.movements.tests.factories import draft_movement


def person(code, name, unit, recruited_on=dt.date(2010, 1, 1), **extra):
    return make_person(code, name, unit, recruited_on=recruited_on, **extra)


def regular_movement(agency, year):
    return draft_movement(agency, year)


def registration(movement, title_code, *, person=None, unit=None, superseded=False):
    return Registration.objects.create(
        movement=movement,
        person=person,
        unit=unit,
        title_code=title_code,
        superseded_at=dt.datetime(2021, 2, 1, tzinfo=dt.UTC) if superseded else None,
    )
