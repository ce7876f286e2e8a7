"""Confidence intervals for the statistics of a batch.

Three intervals cover what a batch reports: a share of runs (an outcome, an objective taken) by
Wilson's score interval, which keeps its coverage near 0 and 1 where the normal approximation
fails; a mean by Student's t, since per-run metrics are independent draws with unknown variance;
a median by the distribution-free order-statistic interval, since loss and time distributions are
often skewed or bimodal. Each returns NaN bounds where the sample cannot support an interval.
"""

from __future__ import annotations

import math
from collections.abc import Iterable

import numpy as np
from scipy import stats

CONFIDENCE = 0.95
NAN = float("nan")


def wilson_interval(successes: int, n: int, confidence: float = CONFIDENCE) -> tuple[float, float]:
    """Bounds of the Wilson score interval for a share of ``successes`` out of ``n``."""
    if n <= 0:
        return NAN, NAN
    z = float(stats.norm.ppf(0.5 + confidence / 2.0))
    share = successes / n
    denominator = 1.0 + z * z / n
    centre = (share + z * z / (2 * n)) / denominator
    half = z * math.sqrt(share * (1.0 - share) / n + z * z / (4 * n * n)) / denominator
    low = 0.0 if successes <= 0 else max(0.0, centre - half)
    high = 1.0 if successes >= n else min(1.0, centre + half)
    return low, high


def mean_interval(
    values: Iterable[float], confidence: float = CONFIDENCE
) -> tuple[float, float, float]:
    """(mean, low, high): Student's t interval for the mean of independent values."""
    sample = _finite(values)
    if sample.size == 0:
        return NAN, NAN, NAN
    mean = float(sample.mean())
    if sample.size < 2:
        return mean, NAN, NAN
    error = float(sample.std(ddof=1)) / math.sqrt(sample.size)
    half = float(stats.t.ppf(0.5 + confidence / 2.0, sample.size - 1)) * error
    return mean, mean - half, mean + half


def median_interval(
    values: Iterable[float], confidence: float = CONFIDENCE
) -> tuple[float, float, float]:
    """(median, low, high): the order statistics that bracket the median with at least
    ``confidence``, from the binomial distribution of how many values fall below it."""
    sample = np.sort(_finite(values))
    n = sample.size
    if n == 0:
        return NAN, NAN, NAN
    median = float(np.median(sample))
    alpha = 1.0 - confidence
    # The largest rank j (1-based) with P(B < j) <= alpha/2 for B ~ Bin(n, 1/2); by symmetry the
    # upper bound is the (n + 1 - j)-th value, and [x_j, x_(n+1-j)] covers the median with
    # probability 1 - 2 P(B <= j - 1) >= confidence.
    j = int(stats.binom.ppf(alpha / 2.0, n, 0.5))
    while j >= 1 and stats.binom.cdf(j - 1, n, 0.5) > alpha / 2.0:
        j -= 1
    if j < 1:
        return median, NAN, NAN
    return median, float(sample[j - 1]), float(sample[n - j])


def _finite(values: Iterable[float]) -> np.ndarray:
    array = np.asarray(list(values) if not isinstance(values, np.ndarray) else values, float)
    return array[np.isfinite(array)]
