"""API base: pagination with a maximum page size and structured error bodies."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError as DjangoValidationError
from django.utils.translation import gettext as _
from rest_framework import serializers
from rest_framework.pagination import PageNumberPagination
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler


class Pagination(PageNumberPagination):
    """`?page_size=` is a whole number from 1 to 200; anything else (not a number, 0, 201) is a
    400 with a `page_size` field error, not silently replaced by the default."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_page_size(self, request: Any) -> int:
        raw = request.query_params.get(self.page_size_query_param)
        if raw is None or raw == "":
            return self.page_size
        size = int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 4 else 0
        if not 1 <= size <= self.max_page_size:
            raise serializers.ValidationError(
                {
                    self.page_size_query_param: [
                        _("Enter a whole number from 1 to %(max)s.") % {"max": self.max_page_size}
                    ]
                }
            )
        return size

    def get_schema_operation_parameters(self, view: Any) -> list[dict[str, Any]]:
        parameters = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            if parameter["name"] == self.page_size_query_param:
                parameter["schema"].update(minimum=1, maximum=self.max_page_size)
                parameter["description"] = (
                    f"Results per page, 1 to {self.max_page_size} (default {self.page_size}); "
                    "another value is a 400."
                )
            elif parameter["name"] == self.page_query_param:
                parameter["schema"]["minimum"] = 1
        return parameters


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF's handler, plus: a Django ValidationError raised by a service becomes a 400 with
    field errors instead of a 500."""
    if isinstance(exc, DjangoValidationError):
        detail = (
            exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        )
        exc = serializers.ValidationError(detail=detail)
    return drf_exception_handler(exc, context)


# The error answers every operation may give, with their body. DRF's errors are
# {"detail": "..."}; a 400 for bad input carries field errors instead ({"field": ["..."]},
# {"non_field_errors": [...]}), or "detail" for a malformed body or query parameter.
ERROR_RESPONSES = {
    "400": "Invalid input: field errors, or `detail` for a malformed request.",
    "401": "Not authenticated (missing or invalid credentials).",
    "403": "Authenticated, but the caller's role may not do this.",
    "404": "No such object, or not visible to the caller.",
    "429": "Too many requests; retry after the `Retry-After` header.",
    "503": "The service is temporarily unavailable (e.g. the database); retry later.",
}
# And of an operation that takes a body, refused before it is read (praktijkleren/body_size.py).
BODY_ERROR_RESPONSES = {
    "411": "A body without `Content-Length` (chunked).",
    "413": "The body is larger than this path takes (2 MB; an upload of a PDF 10 MB).",
}
ERROR_SCHEMA = {
    "type": "object",
    "description": "An error answer.",
    "properties": {"detail": {"type": "string"}},
    "required": ["detail"],
}
VALIDATION_ERROR_SCHEMA = {
    "type": "object",
    "description": "Field errors: each key is a field (or `non_field_errors`, or `detail` for a "
    "malformed request) with a list of messages, or nested errors for nested input.",
    "properties": {
        "detail": {"type": "string"},
        "non_field_errors": {"type": "array", "items": {"type": "string"}},
    },
    "additionalProperties": {},
}


def add_error_responses(result: dict[str, Any], **kwargs: Any) -> dict[str, Any]:
    """drf-spectacular postprocessing hook: documents the error answers (400, 401, 403, 404,
    429, 503; 411 and 413 where the operation takes a body) of every operation with their JSON
    body, unless the view documented them."""
    schemas = result.setdefault("components", {}).setdefault("schemas", {})
    schemas.setdefault("Error", ERROR_SCHEMA)
    schemas.setdefault("ValidationError", VALIDATION_ERROR_SCHEMA)
    for operations in result.get("paths", {}).values():
        for operation in operations.values():
            responses = operation.setdefault("responses", {})
            errors = ERROR_RESPONSES | (BODY_ERROR_RESPONSES if "requestBody" in operation else {})
            for code, description in errors.items():
                name = "ValidationError" if code == "400" else "Error"
                content = {"application/json": {"schema": {"$ref": f"#/components/schemas/{name}"}}}
                response = responses.setdefault(code, {"description": description})
                # A view that documents an error without a body (description only) gets it too.
                response.setdefault("content", content)
    return result
