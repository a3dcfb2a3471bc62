"""Schemathesis generates requests from /api/v1/openapi.json and checks every answer against it."""

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.config import SchemathesisConfig

from trendwatch.wsgi import application

# Repeatable: the same requests on every run.
# "from" after "to" is valid for the schema yet empty as a range: the API answers 400 for it.
CONFIG = SchemathesisConfig.from_str(
    """
[generation]
mode = "all"
deterministic = true
database = "none"

[checks.positive_data_acceptance]
expected-statuses = ["2xx", "400", "404"]
"""
)


# Reading the schema needs no database: it is built from the code.
schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", application, config=CONFIG)


# 400 requests per operation: enough that the generated page numbers reach past what a database's
# 64-bit OFFSET holds (a server error until pages were bounded); 100 did not.
EXAMPLES_PER_OPERATION = 400


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    deadline=None,
)
def test_no_server_error_and_no_schema_violation(case, archive, connection_kept_open):
    """Over an archive with published and hidden articles, so that found ids and filters match something."""
    case.call_and_validate()
