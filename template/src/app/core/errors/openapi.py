"""How error responses appear in the OpenAPI document: RFC 9457 problem details.

Every error the service sends is `application/problem+json` shaped like `ProblemDetail`
(422 validation errors included), so every operation declares exactly that for the 4XX
and 5XX ranges (`PROBLEM_RESPONSES`, added by `AgencyRouter`), and an endpoint that names
a specific error status gets the same content unless it describes its own. Generated
clients then type error bodies correctly instead of expecting FastAPI's default shape.
"""

from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI

from app.core.errors.problems import PROBLEM_MEDIA_TYPE, FieldError, ProblemDetail

SCHEMA_REF = "#/components/schemas/{model}"


def problem_content() -> dict[str, Any]:
    return {PROBLEM_MEDIA_TYPE: {"schema": {"$ref": SCHEMA_REF.format(model="ProblemDetail")}}}


def problem(description: str) -> dict[str, Any]:
    return {"description": description, "content": problem_content()}


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    "4XX": problem("The request was refused; the problem document says why"),
    "5XX": problem("The service failed or a backing service is unavailable"),
}


def is_error_status(status: int | str) -> bool:
    return str(status)[:1] in {"4", "5"}


def with_problem_responses(
    responses: Mapping[int | str, dict[str, Any]] | None,
) -> dict[int | str, dict[str, Any]]:
    """The 4XX/5XX problem responses, plus `responses` with problem content filled in
    for each error status that describes no content of its own."""
    merged: dict[int | str, dict[str, Any]] = dict(PROBLEM_RESPONSES)
    for status, response in (responses or {}).items():
        undescribed = "content" not in response and "model" not in response
        if is_error_status(status) and undescribed:
            merged[status] = {**response, "content": problem_content()}
        else:
            merged[status] = response
    return merged


def install_problem_schemas(app: FastAPI) -> None:
    """Put `ProblemDetail` and `FieldError` in the document's components, which the error
    responses reference (FastAPI only collects models that routes name)."""
    build = app.openapi

    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            document = build()
            schemas = document.setdefault("components", {}).setdefault("schemas", {})
            for model in (ProblemDetail, FieldError):
                schemas[model.__name__] = model.model_json_schema(ref_template=SCHEMA_REF)
        return app.openapi_schema or build()

    app.openapi = openapi  # type: ignore[method-assign]
