"""Permission-matrix rows of the accounts pages (see thidua/tests/test_permission_matrix.py)."""

from conftest import PERSONAS

ALL = set(PERSONAS)

MATRIX = {
    # Already verified (or without a device): sent on to the home page.
    "accounts:otp_verify": ({}, ALL),
    "accounts:otp_setup": ({}, ALL),
    # An administrator of the user's agency resets a lost authenticator.
    "accounts:otp_reset": ({"pk": "ACCOUNTS_STAFF_USER"}, {"admin"}),
}
# Refusals tested in thidua/tests/test_security_otp.py.
POST_ONLY = {"accounts:otp_disable"}
# Reachable without an account: the password reset by e-mail.
PUBLIC = {
    "accounts:password_reset",
    "accounts:password_reset_done",
    "accounts:password_reset_confirm",
    "accounts:password_reset_complete",
}


def objects(office, people, users) -> dict:
    return {"ACCOUNTS_STAFF_USER": users["staff"].pk}
