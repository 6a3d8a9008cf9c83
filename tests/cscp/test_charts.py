"""Chart axis labels never overlap one another nor run off the chart, whatever the count."""

import re

import pytest

from cscp.charts import AXIS_CHAR_WIDTH, line_chart


def label_boxes(svg: str) -> list[tuple[float, float, str]]:
    boxes = []
    for x, anchor, text in re.findall(
        r'<text x="([\d.]+)" y="[\d.]+" text-anchor="(start|middle|end)" '
        r'font-family="arial, sans-serif" font-size="13">([^<]+)</text>',
        svg,
    ):
        x, width = float(x), len(text) * AXIS_CHAR_WIDTH
        left = {"start": x, "middle": x - width / 2, "end": x - width}[anchor]
        boxes.append((left, left + width, text))
    return boxes


def quarters(n: int) -> list[tuple[str, float]]:
    return [(f"{2020 + i // 4}-{(21 + i // 4) % 100:02d} Q{i % 4 + 1}", i * 10.0) for i in range(n)]


@pytest.mark.parametrize("count", [1, 2, 4, 7, 8, 12, 24, 40])
def test_quarter_labels_never_overlap_and_stay_inside(count):
    svg = line_chart(quarters(count), title="Trend")
    boxes = label_boxes(svg)
    assert boxes, "at least one label is printed"
    assert boxes[-1][2] == quarters(count)[-1][0], "the newest label is always shown"
    for (_, right, _), (left, _, _) in zip(boxes, boxes[1:], strict=False):
        assert right < left, boxes
    assert boxes[0][0] >= 0
    assert boxes[-1][1] <= 560


def test_year_labels_of_the_training_chart_are_not_clipped():
    years = [(f"{y}-{(y + 1) % 100:02d}", 100.0) for y in range(2018, 2027)]
    boxes = label_boxes(line_chart(years, title="Completions"))
    assert [text for *_, text in boxes][-1] == "2026-27"
    assert boxes[-1][1] <= 560
