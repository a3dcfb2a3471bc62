"""The API object: its routers, its OpenAPI description and its error handlers.

Extension point: another part of the site offers its data by a ninja `Router` in a module of this
app (e.g. `entities.py`), added to `ROUTERS` below; its operations then share the error bodies, CORS
and cache headers of the rest, and appear in /api/v1/openapi.json. The router lives here, not in the
app whose data it reads, so that the API depends on the apps and never the other way round.
"""

from django.http import Http404
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from . import articles, entities, issues, trends
from .errors import error_response

ROUTERS = {
    "/articles": articles.router,
    "/trends": trends.router,
    "/issues": issues.router,
    "/entities": entities.router,
}

class ReadOnlyApi(NinjaAPI):
    def get_openapi_operation_id(self, operation):
        # Short, stable names for generated clients: the view's own name.
        return operation.view_func.__name__


api_v1 = ReadOnlyApi(
    title="Trendwatch API",
    version="1",
    description="Read-only access to the published commentaries, their trends, weekly issues and similar articles.",
    urls_namespace="api_v1",
    # The schema is the documentation; an interactive page would load scripts from elsewhere.
    docs_url=None,
)
for prefix, router in ROUTERS.items():
    api_v1.add_router(prefix, router)


@api_v1.exception_handler(Http404)
def not_found(request, exc):
    message = str(exc) if exc.args else None
    return error_response(404, message)


@api_v1.exception_handler(HttpError)
def http_error(request, exc):
    return error_response(exc.status_code, exc.message)


@api_v1.exception_handler(ValidationError)
def invalid_parameters(request, exc):
    details = [
        {"location": ".".join(str(part) for part in error["loc"]), "message": error["msg"]} for error in exc.errors
    ]
    message = "; ".join(f"{detail['location']}: {detail['message']}" for detail in details)
    return error_response(422, message, details)
