"""Coordinates for the small inline SVG charts of the annual views (no JavaScript, no chart library)."""

import math
from dataclasses import dataclass, field

WIDTH, HEIGHT = 640, 240
LEFT, RIGHT, TOP, BOTTOM = 40, 16, 16, 32


@dataclass
class ChartPoint:
    x: float
    y: float
    label: str
    value: object


@dataclass
class Series:
    name: str
    points: list = field(default_factory=list)
    colour: str = "#0b5a7a"
    dashed: bool = False

    @property
    def polylines(self):
        """The "x,y x,y" runs of consecutive months (a month without a result breaks the line)."""
        runs, run = [], []
        for point in self.points:
            if point is None:
                if run:
                    runs.append(run)
                run = []
            else:
                run.append(f"{point.x:.1f},{point.y:.1f}")
        if run:
            runs.append(run)
        return [" ".join(run) for run in runs]

    @property
    def dots(self):
        return [point for point in self.points if point is not None]


@dataclass
class LineChart:
    width: int
    height: int
    series: list
    x_labels: list  # [(x, label)]
    y_ticks: list  # [(y, label)]
    left: int = LEFT
    right_edge: int = WIDTH - RIGHT
    baseline: int = HEIGHT - BOTTOM

    @property
    def is_empty(self):
        return not any(series.dots for series in self.series)


def line_chart(labels, series_values, names=None, colours=("#0b5a7a", "#d9822b", "#6c757d")):
    """labels: one per month; series_values: lists of numbers (or None) as long as labels."""
    values = [float(v) for values in series_values for v in values if v is not None]
    low = min([60.0] + values)
    high = max([100.0] + values)
    low, high = math.floor(low / 10) * 10, math.ceil(high / 10) * 10
    span_x = (WIDTH - LEFT - RIGHT) / max(len(labels) - 1, 1)
    span_y = (HEIGHT - TOP - BOTTOM) / (high - low)

    def y_of(value):
        return HEIGHT - BOTTOM - (float(value) - low) * span_y

    series = []
    for index, values in enumerate(series_values):
        points = [
            ChartPoint(LEFT + i * span_x, y_of(value), labels[i], value) if value is not None else None
            for i, value in enumerate(values)
        ]
        name = names[index] if names else ""
        series.append(Series(name=name, points=points, colour=colours[index % len(colours)], dashed=index > 0))
    return LineChart(
        width=WIDTH, height=HEIGHT, series=series,
        x_labels=[(LEFT + i * span_x, label) for i, label in enumerate(labels)],
        y_ticks=[(y_of(tick), tick) for tick in range(int(low), int(high) + 1, 10)],
    )
