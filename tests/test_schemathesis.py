"""The whole API schema under schemathesis: no input gives a server error, and every response
matches its documented status code and body (checks `not_a_server_error`,
`response_schema_conformance`, `status_code_conformance`).

The schema is read from `/api/schema/` at collection; `schema.parametrize()` makes one test per
operation, so xdist spreads them. Generation is seeded and bounded, so a run is repeatable:
- as a projectleider: every operation, with schemathesis' coverage phase (boundary and invalid
  values for every parameter and body field) plus `MAX_EXAMPLES` random cases;
- as the beheerder (who sees every pilot, so more answers are 200s with real bodies): every
  authenticated operation, `BEHEERDER_EXAMPLES` random cases.
Each request runs inside a transaction that is rolled back, so writes by one case (referrals,
organisations, pilot changes) do not leak into the next. `--junitxml` reports the number of
requests per operation as the `cases` property.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from django.core.signals import request_finished, request_started
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections, transaction
from hypothesis import HealthCheck, Phase, settings
from knox.models import AuthToken
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    response_schema_conformance,
    status_code_conformance,
)

from pilots.roles import Role

pytestmark = pytest.mark.django_db

SEED = 13
MAX_EXAMPLES = 10
BEHEERDER_EXAMPLES = 25
CHECKS = [not_a_server_error, response_schema_conformance, status_code_conformance]

APP = get_wsgi_application()
schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", APP)
schema.config.seed = SEED
schema.config.generation.update(max_examples=MAX_EXAMPLES, deterministic=True)
# Public verification needs no account: the projectleider's run covers it.
authenticated = schema.exclude(path_regex="/verificatie/")

COMMON = {
    "deadline": None,
    "derandomize": True,
    "database": None,
    "suppress_health_check": list(HealthCheck),
}


@pytest.fixture(scope="module", autouse=True)
def _keep_connection() -> Iterator[None]:
    """The WSGI handler closes the database connection after each request (Django's test
    client avoids that too); here it would end the test's transaction."""
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture(scope="module")
def tokens(module_world: Any, django_db_blocker: Any) -> dict[str, str]:
    with django_db_blocker.unblock():
        return {
            role: AuthToken.objects.create(user=module_world.user(role))[1]
            for role in (Role.PROJECTLEIDER, Role.BEHEERDER)
        }


@pytest.fixture
def cases_sent(record_property: Any) -> Iterator[list[Any]]:
    """Counts the requests sent for one operation; `--junitxml` reports it as `cases`."""
    counter: list[Any] = [0]
    yield counter
    record_property("cases", counter[0])
    record_property("operation", counter[1] if len(counter) > 1 else "")


def call_and_check(case: Any, token: str, cases_sent: list[Any]) -> None:
    if not cases_sent[0]:
        cases_sent.append(case.operation.label)
    cases_sent[0] += 1
    with transaction.atomic():
        response = case.call(app=APP, headers={"Authorization": f"Token {token}"})
        case.validate_response(response, checks=CHECKS)
        transaction.set_rollback(True)


@schema.parametrize()
@settings(max_examples=MAX_EXAMPLES, **COMMON)
def test_api_as_projectleider(
    case: Any, tokens: dict[str, str], cases_sent: list[Any], db: Any
) -> None:
    call_and_check(case, tokens[Role.PROJECTLEIDER], cases_sent)


@authenticated.parametrize()
@settings(max_examples=BEHEERDER_EXAMPLES, phases=[Phase.generate], **COMMON)
def test_api_as_beheerder(
    case: Any, tokens: dict[str, str], cases_sent: list[Any], db: Any
) -> None:
    call_and_check(case, tokens[Role.BEHEERDER], cases_sent)
