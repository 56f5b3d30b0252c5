"""Property test of the JSON API against its own OpenAPI document (Schemathesis, Hypothesis-driven)."""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import (
    content_type_conformance,
    not_a_server_error,
    response_schema_conformance,
    status_code_conformance,
)

from provcheck import Checker
from provcheck.web import CorpusConfig, WebConfig, create_app

from .test_web import indexed_demo


@pytest.fixture(scope="module")
def api_schema(fast_checker: Checker, tmp_path_factory: pytest.TempPathFactory) -> Any:
    db = indexed_demo(fast_checker, tmp_path_factory)
    ledger = tmp_path_factory.mktemp("schema") / "ledger.db"
    config = WebConfig(corpora=[CorpusConfig(name="demo", db=db)], ledger=ledger,
                       allowed_hosts=["testserver", "localhost", "127.0.0.1"])
    return schemathesis.openapi.from_asgi("/api/openapi.json", create_app(config, fast_checker))


def test_api_answers_as_its_openapi_document_says(api_schema: Any) -> None:
    """For generated requests to every operation: no server error, and every status, content type
    and body is one the document declares."""
    checks = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
    operations = [result.ok() for result in api_schema.get_all_operations()]
    assert len(operations) >= 10
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(max_examples=5, deadline=None, suppress_health_check=list(HealthCheck), derandomize=True,
                  database=None)
        def conforms(case: Any) -> None:
            case.call_and_validate(checks=checks)

        conforms()


def test_schema_names_every_api_route(api_schema: Any) -> None:
    paths = set(api_schema.raw_schema["paths"])
    assert {"/api/check", "/api/check/upload", "/api/claims", "/api/corpora", "/api/ledger",
            "/api/ledger/{seq}/signoff", "/api/ledger/verify", "/api/reports/{report_id}"} <= paths
    assert not any(p.startswith(("/check", "/ledger", "/static")) for p in paths)

