"""One error body for every failure under /api/: {"error": {"code": ..., "message": ...}}."""

import json

from django.http import JsonResponse

# The machine-readable code of each status the API answers with.
ERROR_CODES = {
    400: "bad_request",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    422: "invalid_parameters",
    500: "server_error",
}
DEFAULT_MESSAGES = {
    400: "The request cannot be answered as it is.",
    403: "This request is not allowed.",
    404: "There is nothing published at this address.",
    405: "The API is read-only: use GET.",
    422: "A parameter has a value the API does not accept.",
    500: "The server failed to answer; the failure has been logged.",
}


def error_body(status, message=None, details=None):
    """The JSON-ready error body for `status`; `details` (default None) lists per-parameter problems."""
    error = {"code": ERROR_CODES.get(status, "error"), "message": message or DEFAULT_MESSAGES.get(status, "Request failed.")}
    if details:
        error["details"] = details
    return {"error": error}


def error_response(status, message=None, details=None):
    return JsonResponse(error_body(status, message, details), status=status)


def as_error_response(response):
    """Turn a non-JSON error response (Django's 404 page, a 405, a CSRF 403) into the API's error body.

    Headers such as `Allow` are kept; only the body and its type change.
    """
    response.content = json.dumps(error_body(response.status_code)).encode()
    response["Content-Type"] = "application/json"
    response["Content-Length"] = str(len(response.content))
    return response
