"""Permission-matrix rows of the API app.

Pages: the token page (every persona manages their own tokens) and the API docs (for any
logged-in user). Its actions (create, revoke) are POST-only and tested in test_tokens.py.

The REST operations are not HTML pages: they answer JSON with a bearer token and 401 (not a
login redirect) without one, so the generic GET matrix cannot visit them. Their names are listed
in POST_ONLY as a documented exclusion; test_endpoints.py checks every operation of the schema
× every persona × no token against its own table, plus object-level refusals.
"""

from conftest import PERSONAS

ALL = set(PERSONAS)

MATRIX = {
    "api:token_list": ({}, ALL),
    "api_v1:openapi-view": ({}, ALL),
}


def _ninja_names() -> set[str]:
    from thidua.api.main import api

    patterns, _app, namespace = api.urls
    return {f"{namespace}:{p.name}" for p in patterns if getattr(p, "name", None)}


# Token actions (test_tokens.py) and the JSON operations, the schema and the API root
# (test_endpoints.py, test_schemathesis.py).
POST_ONLY = {"api:token_create", "api:token_revoke"} | (_ninja_names() - set(MATRIX))
