"""Schemathesis over the whole schema: generated requests (valid and invalid) to every
operation, as an integration of the office, never answered with a 5xx and always answered as
the schema says (status, content type, body)."""

from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, given, settings
from schemathesis import GenerationMode

from konsultasi.api.tests.conftest import new_question

EXAMPLES_PER_OPERATION = 12
# Schema-valid requests the domain refuses on its rules (a stakeholder must be named, a
# version must be current, a state must allow the action) answer 4xx by design: every other
# check stays on, "a 5xx never" first among them.
BUSINESS_REFUSALS = [schemathesis.checks.positive_data_acceptance]


@contextmanager
def connection_kept():
    """Django's own WSGI handler closes the database connection around each request; inside
    the test's transaction it must not (the test client does the same for itself, and
    reconnects the signal after each of its requests: so this wraps each stretch of calls)."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


@pytest.fixture
def schema(db):
    with connection_kept():
        return schemathesis.openapi.from_wsgi("/api/openapi.json", get_wsgi_application())


def test_the_schema_lists_every_operation_under_v1(schema):
    paths = list(schema.raw_schema["paths"])
    assert paths and all(p.startswith("/api/v1/") for p in paths)


@pytest.mark.parametrize("mode", [GenerationMode.POSITIVE, GenerationMode.NEGATIVE])
def test_every_operation_answers_as_its_schema_says_and_never_with_a_server_error(
    schema, mode, api, key, office_hours, settings
):
    settings.API_RATE_LIMIT = 100_000  # the generated requests are not an attack
    # Something to find: generated numbers miss it, so each operation is also tried on it.
    number = api.post("/api/v1/consultations", new_question()).json()["number"]
    headers = {"Authorization": f"Bearer {key}"}
    with connection_kept():
        for result in schema.get_all_operations():
            operation = result.ok()
            run(operation, mode, headers)
            if "{number}" in operation.path and mode == GenerationMode.POSITIVE:
                run(operation, mode, headers, path_parameters={"number": number})


def run(operation, mode, headers, **fixed):
    @given(case=operation.as_strategy(generation_mode=mode, **fixed))
    @settings(
        max_examples=EXAMPLES_PER_OPERATION,
        deadline=None,
        database=None,
        derandomize=True,
        suppress_health_check=list(HealthCheck),
    )
    def conforms(case):
        case.call_and_validate(headers=headers, excluded_checks=BUSINESS_REFUSALS)

    conforms()
