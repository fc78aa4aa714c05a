"""Permission-matrix rows of the legal parameter table (see thidua/tests/test_permission_matrix.py).

Everyone signed in reads the table (every reward amount depends on it); only administrators add
a row. Adding and withdrawing also accept POST; their refusals (403 and nothing changed) are
tested in test_parameters_pages.py."""

from conftest import PERSONAS

MATRIX = {
    "legal:list": ({}, set(PERSONAS)),
    "legal:add": ({}, {"admin"}),
}
POST_ONLY = {"legal:withdraw"}
