"""Formatting shared by the two renderings of a batch summary (``summary_markdown`` and
``summary_terminal``): numbers, shares, intervals and the few labels both show.

Kept in one place so the report on disk and the block on the terminal always write the same
value the same way. Like the renderers, everything here reads only the plain summary dict, so
a ``summary.json`` read back from disk formats exactly as a fresh one.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from typing import Any

Summary = Mapping[str, Any]
Point = Mapping[str, Any]

MISSING = "-"
"""Shown for a value the summary does not have, in both renderings."""


def outcome_labels(summary: Summary, points: Sequence[Point]) -> list[str]:
    """Every side, then draw, undecided and any other label only where some run had it: an
    always-empty column says nothing. Shared so both renderings list the same outcomes."""
    present = [label for point in points for label in point["outcomes"]]
    ordered = list(dict.fromkeys([*summary["sides"], *present]))
    return [
        label
        for label in ordered
        if label in summary["sides"]
        or any(point["outcomes"].get(label, {}).get("count") for point in points)
    ]


def ci_level(summary: Summary) -> str:
    """The confidence level as both renderings label their intervals: ``95% CI``."""
    return f"{_plain_number(summary['confidence'] * 100)}% CI"


def metric_label(metric: str) -> str:
    """A metric name as words (``personnel lost``), for headings and row labels."""
    return metric.replace("_", " ")


def scalar(value: Any) -> str:
    """A YAML scalar as it would be written on the command line."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def error(failure: Mapping[str, Any]) -> str:
    """A failed run's error message, or a placeholder when it recorded none."""
    return failure.get("error") or "(no error message)"


def mean_with_ci(data: Mapping[str, Any]) -> str:
    """A metric's mean with its interval: the figure both renderings give for a metric."""
    return with_ci(data["mean"], data["mean_ci"])


def with_ci(value: float | None, ci: Sequence[float | None] | None) -> str:
    """``value [low, high]``; just the value when the sample cannot support an interval."""
    if value is None:
        return MISSING
    if not ci or ci[0] is None or ci[1] is None:
        return number(value)
    return f"{number(value)} [{number(ci[0])}, {number(ci[1])}]"


def share_with_ci(data: Mapping[str, Any]) -> str:
    """A share as a percentage with its interval in percentage points: ``62.5% [30.6, 86.3]``;
    just the share when there is no interval."""
    if data.get("share") is None:
        return MISSING
    ci = data.get("ci")
    if not ci or ci[0] is None:
        return percent(data["share"])
    return f"{percent(data['share'])} [{_percent_range(ci)}]"


def _percent_range(ci: Sequence[float | None] | None) -> str:
    if not ci or ci[0] is None or ci[1] is None:
        return MISSING
    return f"{percent(ci[0]).removesuffix('%')}, {percent(ci[1]).removesuffix('%')}"


def percent(share: float | None) -> str:
    """A share as a compact percentage: 41.2%, 0.05%, 100%; never 0% or 100% for a share that
    is not exactly 0 or 1."""
    if share is None:
        return MISSING
    value = share * 100
    if value in (0, 100):
        return f"{value:.0f}%"
    if value < 1:
        return f"{value:.2g}%"
    text = f"{value:.1f}".removesuffix(".0")
    return ">99.9%" if text == "100" else f"{text}%"


def number(value: float | None) -> str:
    """Compact: three significant digits, thousands separated, integers as integers
    (12.3, 0.412, 1,234)."""
    if value is None:
        return MISSING
    if float(value).is_integer():
        return f"{int(value):,}"
    if abs(value) >= 1000:
        return f"{value:,.0f}"
    if abs(value) < 1e-4:
        return f"{value:.2g}"
    decimals = 2 - math.floor(math.log10(abs(value)))
    return _strip_zeros(f"{value:,.{decimals}f}")


def _plain_number(value: float) -> str:
    """A number without grouping or float noise (95, 99.9, 0.5)."""
    return f"{value:.6g}"


def _strip_zeros(text: str) -> str:
    return text.rstrip("0").rstrip(".") if "." in text else text


def signed_difference(measure: str, data: Mapping[str, Any]) -> str:
    """A paired difference with its interval, signed: ``+5.7 [5.1, 6.3]``; a difference in
    win shares in percentage points: ``-64 pp [-70, -58]``."""
    scale, unit = (100, " pp") if measure.endswith("_wins") else (1, "")

    def signed(value: float) -> str:
        text = number(value * scale)
        return text if text.startswith("-") or text == "0" else f"+{text}"

    if data.get("mean") is None:
        return MISSING
    text = signed(data["mean"]) + unit
    low, high = data.get("ci") or (None, None)
    if low is None or high is None:
        return text
    return f"{text} [{signed(low)}, {signed(high)}]"
