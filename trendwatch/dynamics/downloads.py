"""CSV and JSON responses for the data behind every chart."""

import csv
import json

from django.http import HttpResponse


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows(rows)
    return response


def json_response(filename, data):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, indent=2, default=str), content_type="application/json; charset=utf-8"
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}.json"'
    return response


def data_response(fmt, filename, data, header, rows):
    """`data` as JSON, or `header` and `rows` as CSV, by `fmt` ("json" or "csv")."""
    return json_response(filename, data) if fmt == "json" else csv_response(filename, header, rows)
