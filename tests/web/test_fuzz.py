"""Schema-driven fuzzing: Schemathesis generates requests from the app's own /openapi.json.

In-process over ASGI (no server, no network). Every answer must be a non-5xx
that matches the documented schema for its status; the example count is
bounded so the whole run stays within a couple of minutes on two cores.
"""

from __future__ import annotations

import math
import warnings

import hypothesis
import schemathesis
from hypothesis import HealthCheck
from schemathesis import checks

from nnguide.web import create_app
from nnguide.web.settings import Settings

with warnings.catch_warnings():
    warnings.simplefilter("ignore")
    # In-process requests name the host "testserver", which the app must be told to accept.
    app = create_app(Settings(allowed_hosts=frozenset({"testserver"})))
    schema = schemathesis.openapi.from_asgi("/openapi.json", app)
# A body past the app's 1 MB limit is refused with 413 before it is read: a rejection too.
# (The data endpoints' schemas admit tables of 5,000 rows, so a list one item past its
# maxItems can be past the body limit as well.)
schema.config.checks.negative_data_rejection.expected_statuses.append("413")


def _finite(value: object) -> bool:
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, dict):
        return all(_finite(v) for v in value.values())
    if isinstance(value, list):
        return all(_finite(v) for v in value)
    return True


@schema.parametrize()
@hypothesis.settings(
    max_examples=25,
    deadline=None,
    derandomize=True,
    suppress_health_check=list(HealthCheck),
)
def test_api_never_fails_and_matches_its_schema(case: schemathesis.Case) -> None:
    # Every built-in check except "schema-valid data must be accepted": the schema cannot say
    # that houses-3 needs exactly one weight, or that a range needs min < max, and a huge
    # learning rate may overflow; those 422s are correct answers, held to the error schema.
    response = case.call_and_validate(excluded_checks=[checks.positive_data_acceptance])
    assert response.status_code < 500
    if response.headers.get("content-type", [""])[0].startswith("application/json"):
        assert _finite(response.json())
