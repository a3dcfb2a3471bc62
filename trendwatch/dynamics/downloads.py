"""CSV and JSON responses for the data behind every chart."""

import csv
import json

from django.http import HttpResponse

# Spreadsheets run a cell that starts with one of these as a formula (a headline "=HYPERLINK(…)").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_text(value):
    """A text cell that a spreadsheet shows as text: a leading ' keeps it from being read as a formula."""
    return "'" + value if isinstance(value, str) and value.startswith(FORMULA_STARTS) else value


def csv_response(filename, header, rows):
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}.csv"'
    writer = csv.writer(response)
    writer.writerow(header)
    writer.writerows([spreadsheet_text(value) for value in row] for row in rows)
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
