"""Property-based API tests (schemathesis 4): the schema is loaded from the Django WSGI app as an
integrator would fetch it, then every operation is called with generated inputs and a valid
token of the secretariat (who reads and writes the whole office), over the office data of the
conftest. Path parameters are half the time replaced by existing objects (P04, division QH, the
movement, the proposal, the year) so the handlers run on real rows, not only on 404s.

Checks: no 5xx, only documented status codes and content types, every response body valid
against its schema; with generated invalid inputs too.
"""

import hypothesis
import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)

from config.wsgi import application

POSITIVE_CHECKS = [
    not_a_server_error,
    status_code_conformance,
    content_type_conformance,
    response_schema_conformance,
]
# Not `negative_data_rejection`: unknown query parameters are ignored, as most APIs do, and the
# token header is always sent; invalid inputs must still never cause a 5xx or an undocumented
# answer.
NEGATIVE_CHECKS = [not_a_server_error, status_code_conformance, response_schema_conformance]
EXAMPLES = 12


def _with_known_objects(strategy, known):
    def substitute(pair):
        case, use_known = pair
        if use_known and case.path_parameters:
            for name in list(case.path_parameters):
                if name in known:
                    case.path_parameters[name] = known[name]
        return case

    return st.tuples(strategy, st.booleans()).map(substitute)


@pytest.fixture
def schema(tokens, transactional_db):
    return schemathesis.openapi.from_wsgi(
        "/api/openapi.json",
        application,
        headers={"Authorization": f"Bearer {tokens['secretariat']}"},
    )


def _operations(schema):
    for result in schema.get_all_operations():
        yield result.ok()


def _run(operation, mode, checks, headers, known, statuses):
    strategy = operation.as_strategy(generation_mode=mode)
    if mode == GenerationMode.POSITIVE:
        # Invalid inputs stay invalid: only valid cases get the existing objects.
        strategy = _with_known_objects(strategy, known)

    @settings(
        max_examples=EXAMPLES,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
        phases=[hypothesis.Phase.explicit, hypothesis.Phase.generate],
    )
    @given(case=strategy)
    def run(case):
        response = case.call(headers=headers)
        statuses.add(response.status_code)
        case.validate_response(response, checks=checks, headers=headers)

    run()


@pytest.mark.django_db(transaction=True)
def test_every_operation_conforms_to_the_schema(schema, tokens, api_data):
    headers = {"Authorization": f"Bearer {tokens['secretariat']}"}
    known = {
        "staff_code": "P04",
        "code": "QH",
        "year": api_data["YEAR"],
    }
    operations = list(_operations(schema))
    assert len(operations) >= 20
    pk_of = {
        "/api/v1/proposals": api_data["PROPOSAL"],
        "/api/v1/movements": api_data["MOVEMENT"],
        "/api/v1/decisions": api_data["DECISION"],
    }
    for operation in operations:
        known = {
            **known,
            "pk": next((pk for p, pk in pk_of.items() if operation.path.startswith(p)), 1),
        }
        statuses = set()
        _run(operation, GenerationMode.POSITIVE, POSITIVE_CHECKS, headers, known, statuses)
        if operation.method.upper() == "GET":
            # The existing objects were read at least once, not only refused.
            assert 200 in statuses, (operation.label, statuses)
        _run(operation, GenerationMode.NEGATIVE, NEGATIVE_CHECKS, headers, known, set())
