"""Geometry of the server-rendered SVG charts; the templates in templates/dynamics/charts draw it.

Every chart is drawn in a fixed view box and scaled by CSS, so it needs no JavaScript, prints as
it shows, and names each mark in words (glyph, <title>) as well as in colour.
"""

import math
from dataclasses import dataclass, field

from django.utils.translation import gettext_lazy as _

from trendwatch.publishing.dates import MONTHS_NOMINATIVE
from trendwatch.publishing.models import Direction

CHART_WIDTH = 960
GLYPHS = {
    Direction.IMPROVED: "▲",
    Direction.WORSENED: "▼",
    Direction.UNCHANGED: "●",
    Direction.NOT_ASSESSED: "○",
    None: "",
}
NO_COMMENTARY = _("No commentary")
# Month labels closer than this (in view-box units) would overlap; the later one is left out.
MIN_LABEL_GAP = 44


def direction_label(direction):
    return Direction(direction).label if direction else NO_COMMENTARY


@dataclass
class Cell:
    """One week's mark, placed: its box, the glyph inside and where it links."""

    x: float
    y: float
    size: float
    mark: object
    url: str
    glyph: str = field(init=False)
    label: str = field(init=False)

    def __post_init__(self):
        self.glyph = GLYPHS[self.mark.direction]
        self.label = direction_label(self.mark.direction)

    @property
    def css_direction(self):
        return self.mark.direction or "none"

    @property
    def centre_x(self):
        return self.x + self.size / 2

    @property
    def centre_y(self):
        return self.y + self.size / 2


def month_labels(weeks, x_of, language):
    """(x, text) at the first week of each month, with the year at January and at the start."""
    months = MONTHS_NOMINATIVE.get(language, MONTHS_NOMINATIVE["en"])
    labels, last_x, last_month = [], None, None
    for position, week in enumerate(weeks):
        if (week.year, week.month) == last_month:
            continue
        last_month = (week.year, week.month)
        x = x_of(position)
        if last_x is not None and x - last_x < MIN_LABEL_GAP:
            continue
        text = months[week.month - 1][:3]
        if week.month == 1 or not labels:
            text += f" {week.year}"
        labels.append((x, text))
        last_x = x
    return labels


def index_ticks(low, high):
    """Whole-number gridlines covering low..high, at most about six of them."""
    step = max(1, math.ceil((high - low) / 6))
    first = math.floor(low / step) * step
    return list(range(first, high + 1, step))


def timeline_chart(row, urls, language):
    """A trend's weeks as a band of marks over the cumulative index line.

    `row` is a list of WeekMark, `urls` the commentary URL for each (or ""), `language` the page's.
    """
    left, right, band_top = 44, 12, 6
    count = max(len(row), 1)
    step = (CHART_WIDTH - left - right) / count
    size = min(24, step - 2)
    plot_top, plot_bottom = band_top + size + 22, band_top + size + 162
    values = [mark.index for mark in row] or [0]
    low, high = min(0, *values), max(0, *values)
    if high - low < 4:
        pad = 4 - (high - low)
        low, high = low - pad // 2, high + pad - pad // 2
    ticks = index_ticks(low, high)
    low, high = min(low, ticks[0]), max(high, ticks[-1])

    def x_of(position):
        return left + step * position + step / 2

    def y_of(value):
        return plot_bottom - (value - low) / (high - low) * (plot_bottom - plot_top)

    cells = [Cell(x_of(i) - size / 2, band_top, size, mark, url) for i, (mark, url) in enumerate(zip(row, urls))]
    points = [(x_of(i), y_of(mark.index)) for i, mark in enumerate(row)]
    return {
        "width": CHART_WIDTH,
        "height": plot_bottom + 30,
        "left": left,
        "right_edge": CHART_WIDTH - right,
        "cells": cells,
        "points": [(x, y, mark) for (x, y), mark in zip(points, row)],
        "line": " ".join(f"{x:.1f},{y:.1f}" for x, y in points),
        "ticks": [(value, y_of(value)) for value in ticks],
        "zero_y": y_of(0),
        "plot_top": plot_top,
        "plot_bottom": plot_bottom,
        "months": month_labels([mark.week for mark in row], x_of, language),
        "month_y": plot_bottom + 20,
        "band_middle": band_top + size / 2,
    }


def heat_map_chart(rows, language):
    """Trends down, weeks across. `rows` is [(trend name, [WeekMark], [url])] in trend order."""
    # Row labels are drawn at 13 px: room for the longest name in the page's language.
    longest = max((len(name) for name, _row, _urls in rows), default=0)
    label_width, right, header = max(250, 20 + round(7.6 * longest)), 8, 30
    weeks = [mark.week for mark in rows[0][1]] if rows else []
    count = max(len(weeks), 1)
    step = (CHART_WIDTH - label_width - right) / count
    size = min(28, step - 2)
    row_height = size + 8

    def x_of(position):
        return label_width + step * position + step / 2

    drawn = []
    for number, (name, row, urls) in enumerate(rows):
        top = header + number * row_height
        cells = [Cell(x_of(i) - size / 2, top + 4, size, mark, url) for i, (mark, url) in enumerate(zip(row, urls))]
        drawn.append({"name": name, "label_y": top + row_height / 2, "cells": cells})
    return {
        "width": CHART_WIDTH,
        "height": header + len(rows) * row_height + 6,
        "label_x": label_width - 10,
        "rows": drawn,
        "months": month_labels(weeks, x_of, language),
        "month_y": header - 10,
        "glyph_size": max(9, min(15, size * 0.55)),
    }


def calibration_chart(points):
    """Stated probability (across) against observed frequency (up), with the diagonal of perfection."""
    left, top, plot = 56, 16, 320

    def x_of(probability):
        return left + probability * plot

    def y_of(frequency):
        return top + (1 - frequency) * plot

    grid = [(value, f"{round(value * 100)}%", x_of(value), y_of(value)) for value in (0, 0.25, 0.5, 0.75, 1)]
    drawn = [
        {
            "point": point,
            "x": x_of(point.probability),
            "y": y_of(point.observed),
            "radius": radius,
            "label_x": x_of(point.probability) + radius + 3,
        }
        for point, radius in ((point, 4 + 3 * math.sqrt(point.count)) for point in points)
    ]
    return {
        "width": left + plot + 24,
        "height": top + plot + 52,
        "left": left,
        "top": top,
        "right_edge": left + plot,
        "bottom": top + plot,
        "grid": grid,
        "points": drawn,
        "x_title": (left + plot / 2, top + plot + 44),
        "y_title": (14, top + plot / 2),
    }
