"""/api/v1/ itself: a reference a person can read (made from the OpenAPI description, so it never
drifts from what the API does), and for a program asking for JSON, where the description is."""

from django.http import JsonResponse
from django.shortcuts import render

from .api import api_v1

OPENAPI_PATH = "/api/v1/openapi.json"


def api_reference(request):
    schema = api_v1.get_openapi_schema()
    if not request.accepts("text/html"):
        return JsonResponse({"title": schema["info"]["title"], "openapi": request.build_absolute_uri(OPENAPI_PATH)})
    operations = [
        {
            "method": method.upper(),
            "path": path,
            "summary": operation.get("summary", ""),
            "description": operation.get("description", ""),
            "parameters": [
                {
                    "name": parameter["name"],
                    "where": parameter["in"],
                    "required": parameter.get("required", False),
                    "description": parameter.get("description") or parameter.get("schema", {}).get("description", ""),
                }
                for parameter in operation.get("parameters", [])
            ],
            "example": request.build_absolute_uri(path) if "{" not in path else "",
        }
        for path, methods in schema["paths"].items()
        for method, operation in methods.items()
    ]
    context = {"info": schema["info"], "operations": operations, "openapi_url": OPENAPI_PATH}
    return render(request, "api/reference.html", context)
