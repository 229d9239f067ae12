"""Every endpoint documents itself, or the service does not start."""

import pytest
from pydantic import BaseModel

from app.core.routing import AgencyRouter, RouterConfigError, api_routes
from app.main import create_app
from tests.conftest import make_settings

pytestmark = pytest.mark.unit


class Thing(BaseModel):
    name: str


async def endpoint() -> Thing:
    return Thing(name="x")


def test_an_endpoint_without_response_model_is_refused() -> None:
    router = AgencyRouter(tags=["things"])
    with pytest.raises(RouterConfigError, match="response_model"):
        router.add_api_route("/things", endpoint, summary="List things")


def test_an_endpoint_without_summary_is_refused() -> None:
    router = AgencyRouter(tags=["things"])
    with pytest.raises(RouterConfigError, match="summary"):
        router.get("/things", response_model=Thing)(endpoint)


def test_an_endpoint_without_tags_is_refused() -> None:
    router = AgencyRouter()
    with pytest.raises(RouterConfigError, match="tags"):
        router.get("/things", response_model=Thing, summary="List things")(endpoint)


def test_a_bodiless_endpoint_may_declare_no_response_model() -> None:
    router = AgencyRouter(tags=["things"])
    router.delete("/things", response_model=None, status_code=204, summary="Delete")(endpoint)
    assert len(router.routes) == 1


def test_no_response_model_is_refused_for_a_status_with_a_body() -> None:
    router = AgencyRouter(tags=["things"])
    with pytest.raises(RouterConfigError, match="status with a body"):
        router.get("/things", response_model=None, summary="List things")(endpoint)


def test_every_api_route_is_documented_and_has_a_readable_unique_operation_id() -> None:
    app = create_app(make_settings())
    routes = list(api_routes(app.routes))
    assert routes
    for path, route in routes:
        assert route.summary, path
        assert route.tags, path
    operation_ids = [
        operation["operationId"]
        for path in app.openapi()["paths"].values()
        for operation in path.values()
    ]
    assert len(operation_ids) == len(set(operation_ids))
    assert all(op.isidentifier() and "api_v1" not in op for op in operation_ids)


PROBLEM_SCHEMA = {"$ref": "#/components/schemas/ProblemDetail"}


def test_every_operation_documents_its_errors_as_problem_details() -> None:
    document = create_app(make_settings()).openapi()
    schemas = document["components"]["schemas"]
    assert {"ProblemDetail", "FieldError"} <= set(schemas)
    assert "HTTPValidationError" not in schemas  # FastAPI's own 422 shape is never sent
    for path, item in document["paths"].items():
        for method, operation in item.items():
            responses = operation["responses"]
            for status in ("4XX", "5XX"):
                content = responses[status]["content"]
                assert content == {"application/problem+json": {"schema": PROBLEM_SCHEMA}}, (
                    method,
                    path,
                )
            for status, response in responses.items():
                if status.startswith(("4", "5")) and path != "/health/ready":
                    assert "application/problem+json" in response["content"], (path, status)


def test_a_named_error_status_without_content_is_documented_as_a_problem() -> None:
    router = AgencyRouter(tags=["things"])
    router.get(
        "/things",
        response_model=Thing,
        summary="List things",
        responses={404: {"description": "No things"}},
    )(endpoint)
    [route] = router.routes
    assert route.responses[404]["content"] == {  # type: ignore[attr-defined]
        "application/problem+json": {"schema": PROBLEM_SCHEMA}
    }
