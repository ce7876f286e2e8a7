"""The statistics of a batch: the intervals cover what they claim on known distributions, and
describe_batch and its text renderings count, exclude and format what a runs table holds."""

from __future__ import annotations

import json
import math
import re

import numpy as np
import pandas as pd
import pytest
from scipy import stats

from sim.batch.intervals import mean_interval, median_interval, wilson_interval
from sim.batch.statistics import MAX_FAILURES_LISTED, describe_batch
from sim.batch.summary_format import number, percent
from sim.batch.summary_markdown import summary_markdown
from sim.batch.summary_terminal import summary_terminal

REPETITIONS = 2000
NOMINAL = 0.95


def binomial_bounds(expected: float, repetitions: int = REPETITIONS) -> tuple[float, float]:
    """expected +- 4 standard errors of a share over ``repetitions`` independent trials: a
    correct interval falls outside with probability about 6e-5, so a failure means a bug, not
    bad luck (and the seeds are fixed, so the test is deterministic anyway). Over 2000
    repetitions at 0.95 this is 0.95 +- 0.0195."""
    error = math.sqrt(expected * (1.0 - expected) / repetitions)
    return expected - 4.0 * error, expected + 4.0 * error


def coverage(intervals: list[tuple[float, float]], truth: float) -> float:
    return float(np.mean([low <= truth <= high for low, high in intervals]))


# --- intervals against known distributions --------------------------------------------------


def test_t_interval_covers_a_normal_mean_at_the_nominal_rate():
    """Student's t is exact for normal samples, so coverage is 0.95 up to binomial noise."""
    rng = np.random.default_rng(20201)
    samples = rng.normal(10.0, 2.0, size=(REPETITIONS, 30))
    intervals = [mean_interval(sample)[1:] for sample in samples]
    low, high = binomial_bounds(NOMINAL)
    assert low <= coverage(intervals, 10.0) <= high


def test_t_interval_on_a_skewed_sample_undercovers_only_slightly():
    """For Exp(1) samples of 30 the t interval covers the mean less often than 0.95: skewness
    makes the sample mean and standard deviation correlated, so samples with a low mean also
    have a narrow interval (the one-sided errors are O(1/sqrt(n)) and do not cancel fully). Its
    true coverage is about 0.927 (a 200,000-repetition simulation done while writing this test);
    the bounds are that +- 4 standard errors, so a much worse interval (a z interval of half the
    width covers about 0.68) or one that over-covers fails."""
    rng = np.random.default_rng(20202)
    samples = rng.exponential(1.0, size=(REPETITIONS, 30))
    intervals = [mean_interval(sample)[1:] for sample in samples]
    low, high = binomial_bounds(0.927)
    assert low <= coverage(intervals, 1.0) <= high


@pytest.mark.parametrize(
    ("name", "draw", "true_median"),
    [
        ("normal", lambda rng, size: rng.normal(10.0, 2.0, size), 10.0),
        ("exponential", lambda rng, size: rng.exponential(1.0, size), math.log(2.0)),
    ],
)
def test_median_interval_covers_at_its_exact_distribution_free_rate(name, draw, true_median):
    """The order-statistic interval [x_(j), x_(n+1-j)] covers the median of any continuous
    distribution with probability exactly 1 - 2 P(Bin(n, 1/2) <= j - 1), whatever its shape;
    for n = 30 that is 0.957 (j = 10), at least the nominal 0.95. Observed coverage must lie
    within 4 standard errors of it, for a symmetric and a skewed distribution alike."""
    n = 30
    rng = np.random.default_rng(20203)
    samples = draw(rng, (REPETITIONS, n))
    intervals = [median_interval(sample)[1:] for sample in samples]
    j = 10
    exact = 1.0 - 2.0 * stats.binom.cdf(j - 1, n, 0.5)
    assert exact >= NOMINAL
    sorted_first = np.sort(samples[0])
    assert intervals[0] == (sorted_first[j - 1], sorted_first[n - j])
    low, high = binomial_bounds(exact)
    assert low <= coverage(intervals, true_median) <= high, name


@pytest.mark.parametrize(("p", "n"), [(0.03, 100), (0.5, 100), (0.9, 30), (0.05, 200)])
def test_wilson_covers_a_known_share_including_near_zero(p, n):
    """Wilson's exact coverage (summed over the binomial distribution of the count) stays
    within 0.93-0.98 at these p and n: it oscillates around 0.95 because counts are discrete
    (Brown, Cai and DasGupta 2001), e.g. 0.969 at p = 0.03, n = 100, where the normal (Wald)
    interval covers only 0.80. Simulated coverage must also lie within 4 standard errors of
    the exact value."""
    counts = np.arange(n + 1)
    weights = stats.binom.pmf(counts, n, p)
    covers = np.array([_covers(wilson_interval(int(k), n), p) for k in counts])
    exact = float(weights[covers].sum())
    assert 0.93 <= exact <= 0.98
    rng = np.random.default_rng(20204)
    drawn = rng.binomial(n, p, size=REPETITIONS)
    low, high = binomial_bounds(exact)
    assert low <= float(covers[drawn].mean()) <= high


def test_wald_interval_fails_near_zero_where_wilson_does_not():
    """The contrast that justifies Wilson: at p = 0.03, n = 100 the Wald interval (share +-
    1.96 standard errors) misses whenever it sees 0 or 1 successes and covers about 0.80
    (exactly 0.802); 0.87 is that +4 standard errors over 2000 samples."""
    p, n = 0.03, 100
    rng = np.random.default_rng(20205)
    drawn = rng.binomial(n, p, size=REPETITIONS)
    shares = drawn / n
    half = 1.96 * np.sqrt(shares * (1.0 - shares) / n)
    wald = float(np.mean((shares - half <= p) & (p <= shares + half)))
    wilson = float(np.mean([_covers(wilson_interval(int(k), n), p) for k in drawn]))
    assert wald < 0.87
    assert wilson > 0.93


def _covers(interval: tuple[float, float], truth: float) -> bool:
    return interval[0] <= truth <= interval[1]


# --- describe_batch -------------------------------------------------------------------------

SIDES = ["blue", "red"]
PARAMETERS = ["sides.red.ai.attack_odds", "what_ifs.no_tb2.active"]
BIG_SEED = 2**64 - 1


def runs_table() -> pd.DataFrame:
    """Two sweep points: point 0 has 10 runs (runs 3 and 7 failed), point 1 has 6 (run 2
    failed). Failed runs carry absurd numbers (1e9) in some record columns, so any leak of a
    failure into a statistic shows."""
    rows = []
    point0 = {
        "outcome": ["blue", "blue", "red", None, "blue", "undecided", "blue", None, "red", "blue"],
        "turns": [10, 12, 14, 1e9, 16, 20, 18, 1e9, 11, 13],
        "blue_personnel_lost": [100, 120, 300, np.nan, 110, 200, 90, np.nan, 250, 130],
        "town_taken_day": [3.0, 4.5, np.nan, 1e9, 3.5, np.nan, 4.0, np.nan, np.nan, 5.0],
        "town_taken_by": ["blue", "blue", None, "blue", "blue", None, "blue", None, None, "red"],
        "radar_day": [1.0, np.nan, 2.0, np.nan, np.nan, 1.5, np.nan, np.nan, np.nan, 2.5],
    }
    point1 = {
        "outcome": ["red", "red", None, "draw", "red", "draw"],
        "turns": [8, 9, np.nan, 20, 7, 20],
        "blue_personnel_lost": [400, 380, np.nan, 150, 420, 160],
        "town_taken_day": [np.nan] * 6,
        "town_taken_by": [None] * 6,
        "radar_day": [0.5, 0.5, np.nan, 1.0, 0.5, np.nan],
    }
    for point, (columns, odds, no_tb2) in enumerate([(point0, 1.5, False), (point1, 3.0, True)]):
        for run, outcome in enumerate(columns["outcome"]):
            ok = outcome is not None
            rows.append(
                {
                    "point": point,
                    "run": run,
                    "seed": BIG_SEED - 100 * point - run,
                    PARAMETERS[0]: odds,
                    PARAMETERS[1]: no_tb2,
                    "status": "ok" if ok else "failed",
                    "error": None if ok else f"ValueError: lam value too large | run {run}",
                    "outcome": outcome,
                    "winner": outcome if outcome in SIDES else None,
                    "reason": "objectives" if ok else None,
                    "turns": columns["turns"][run],
                    "days": columns["turns"][run] / 2 if ok else np.nan,
                    "blue_personnel_lost": columns["blue_personnel_lost"][run],
                    "red_personnel_lost": 50.0 * run if ok else np.nan,
                    "blue_points": 10 if ok else np.nan,
                    "red_lost_t72": np.nan,
                    "armistice_signed": ok,
                    "town_taken_day": columns["town_taken_day"][run],
                    "town_taken_by": columns["town_taken_by"][run],
                    "blue_radar_air_defence_50pct_lost_day": columns["radar_day"][run],
                }
            )
    table = pd.DataFrame(rows)
    table["seed"] = table["seed"].astype("uint64")
    return table


@pytest.fixture(scope="module")
def summary() -> dict:
    return describe_batch(runs_table(), PARAMETERS, SIDES)


def test_points_count_runs_and_list_failures(summary):
    first, second = summary["points"]
    assert (first["runs"], first["completed"], first["failed"]) == (10, 8, 2)
    assert (second["runs"], second["completed"], second["failed"]) == (6, 5, 1)
    assert first["parameters"] == {PARAMETERS[0]: 1.5, PARAMETERS[1]: False}
    assert second["parameters"] == {PARAMETERS[0]: 3.0, PARAMETERS[1]: True}
    assert first["failures"] == [
        {"run": 3, "seed": BIG_SEED - 3, "error": "ValueError: lam value too large | run 3"},
        {"run": 7, "seed": BIG_SEED - 7, "error": "ValueError: lam value too large | run 7"},
    ]
    assert first["failures_not_listed"] == 0
    assert summary["parameters"] == PARAMETERS
    assert summary["sides"] == SIDES
    assert summary["confidence"] == 0.95


def test_outcome_shares_are_over_completed_runs_with_wilson_intervals(summary):
    first, second = (point["outcomes"] for point in summary["points"])
    assert list(first) == ["blue", "red", "draw", "undecided"]
    assert {label: data["count"] for label, data in first.items()} == {
        "blue": 5,
        "red": 2,
        "draw": 0,
        "undecided": 1,
    }
    assert first["blue"]["share"] == 0.625
    assert first["blue"]["ci"] == pytest.approx(wilson_interval(5, 8), abs=1e-4)
    assert first["draw"]["share"] == 0.0
    assert first["draw"]["ci"][0] == 0.0
    assert first["draw"]["ci"][1] > 0.0
    assert {label: data["count"] for label, data in second.items()} == {
        "blue": 0,
        "red": 3,
        "draw": 2,
        "undecided": 0,
    }
    assert sum(data["share"] for data in second.values()) == pytest.approx(1.0)


def test_metrics_leave_failed_runs_out(summary):
    metrics = summary["points"][0]["metrics"]
    completed_turns = [10, 12, 14, 16, 20, 18, 11, 13]
    turns = metrics["turns"]
    assert turns["n"] == 8
    assert turns["max"] == 20
    assert turns["mean"] == pytest.approx(np.mean(completed_turns))
    _, low, high = mean_interval(completed_turns)
    assert turns["mean_ci"] == pytest.approx([low, high], abs=1e-4)
    assert turns["median"] == 13.5
    assert turns["std"] == pytest.approx(np.std(completed_turns, ddof=1), abs=1e-4)
    assert turns["p5"] == pytest.approx(np.percentile(completed_turns, 5))
    assert metrics["blue_personnel_lost"]["n"] == 8


def test_metric_columns_are_the_numeric_record_columns_in_table_order(summary):
    """Bools, text, bookkeeping, parameters and days are not metrics."""
    assert list(summary["points"][0]["metrics"]) == [
        "turns",
        "days",
        "blue_personnel_lost",
        "red_personnel_lost",
        "blue_points",
        "red_lost_t72",
    ]
    assert list(summary["points"][0]["events"]) == [
        "town_taken_day",
        "blue_radar_air_defence_50pct_lost_day",
    ]


def test_constant_and_all_nan_metrics(summary):
    constant = summary["points"][0]["metrics"]["blue_points"]
    assert constant["std"] == 0.0
    assert constant["mean_ci"] == [10.0, 10.0]
    assert constant["median_ci"] == [10.0, 10.0]
    assert constant["min"] == constant["max"] == 10.0
    empty = summary["points"][0]["metrics"]["red_lost_t72"]
    assert empty["n"] == 0
    assert all(empty[key] is None for key in ("mean", "median", "std", "min", "p5", "max"))
    assert empty["mean_ci"] == [None, None]


def test_events_count_occurrences_and_takers(summary):
    town = summary["points"][0]["events"]["town_taken_day"]
    # Completed runs 0, 1, 4, 6, 9 took the town (run 3's 1e9 is a failed run's).
    assert town["occurred"] == 5
    assert town["share"] == 0.625
    assert town["share_ci"] == pytest.approx(wilson_interval(5, 8), abs=1e-4)
    assert town["taken_by"] == {"blue": 4, "red": 1}
    assert (town["min_day"], town["median_day"], town["max_day"]) == (3.0, 4.0, 5.0)
    assert town["mean_day"] == 4.0
    assert town["median_day_ci"] == [None, None]  # 5 values cannot bracket a median at 95%
    never = summary["points"][1]["events"]["town_taken_day"]
    assert (never["occurred"], never["share"], never["median_day"]) == (0, 0.0, None)
    assert never["taken_by"] == {}
    radar = summary["points"][1]["events"]["blue_radar_air_defence_50pct_lost_day"]
    assert (radar["occurred"], radar["share"], radar["median_day"]) == (4, 0.8, 0.5)
    assert "taken_by" not in radar


def test_output_is_json_ready_and_deterministic(summary):
    text = json.dumps(summary, allow_nan=False, sort_keys=False)
    assert json.loads(text) == summary
    shuffled = runs_table().sample(frac=1.0, random_state=3)
    assert json.dumps(describe_batch(shuffled, PARAMETERS, SIDES), allow_nan=False) == text


def test_numbers_are_rounded_to_four_significant_decimals():
    table = single_point_table([1.0, 2.0, 2.0])
    metric = describe_batch(table, [], SIDES)["points"][0]["metrics"]["blue_personnel_lost"]
    assert metric["mean"] == 1.6667
    assert metric["std"] == 0.5774


def single_point_table(losses: list[float], failed: int = 0) -> pd.DataFrame:
    """A batch without sweep: ``losses`` are completed runs, ``failed`` more runs failed."""
    rows = [
        {"status": "ok", "error": None, "outcome": "blue", "blue_personnel_lost": loss}
        for loss in losses
    ] + [
        {"status": "failed", "error": "RuntimeError: boom", "outcome": None}
        | {"blue_personnel_lost": np.nan}
        for _ in range(failed)
    ]
    table = pd.DataFrame(rows)
    table.insert(0, "point", 0)
    table.insert(1, "run", range(len(rows)))
    table.insert(2, "seed", np.arange(len(rows), dtype=np.uint64) + 1000)
    return table


def test_single_run_has_values_but_no_intervals():
    point = describe_batch(single_point_table([42.0]), [], SIDES)["points"][0]
    assert point["parameters"] == {}
    metric = point["metrics"]["blue_personnel_lost"]
    assert (metric["n"], metric["mean"], metric["median"]) == (1, 42.0, 42.0)
    assert metric["mean_ci"] == metric["median_ci"] == [None, None]
    assert metric["std"] is None
    assert metric["min"] == metric["p5"] == metric["p95"] == metric["max"] == 42.0
    assert point["outcomes"]["blue"]["share"] == 1.0


def test_point_with_no_completed_run_reports_only_failures():
    point = describe_batch(single_point_table([], failed=25), [], SIDES)["points"][0]
    assert (point["completed"], point["failed"]) == (0, 25)
    assert len(point["failures"]) == MAX_FAILURES_LISTED
    assert point["failures_not_listed"] == 25 - MAX_FAILURES_LISTED
    assert point["outcomes"]["blue"] == {"count": 0, "share": None, "ci": [None, None]}
    assert point["metrics"]["blue_personnel_lost"]["n"] == 0
    json.dumps(point, allow_nan=False)


def test_parameter_varying_within_a_point_is_refused():
    table = runs_table()
    table.loc[0, PARAMETERS[0]] = 9.0
    with pytest.raises(ValueError, match="varies within point 0"):
        describe_batch(table, PARAMETERS, SIDES)


def test_numbers_stored_as_objects_are_metrics_but_text_is_not():
    table = single_point_table([1.0, 2.0, 3.0])
    table["blue_sorties"] = pd.Series([4, None, 6], dtype=object)
    table["note"] = pd.Series(["a", None, "b"], dtype=object)
    metrics = describe_batch(table, [], SIDES)["points"][0]["metrics"]
    assert metrics["blue_sorties"]["n"] == 2
    assert "note" not in metrics


# --- text renderings ------------------------------------------------------------------------


def with_header(summary: dict) -> dict:
    return {
        "title": "Southern flank | sweep",
        "file": "scenarios/southern_flank_2020.yaml",
        "runs_per_point": 10,
        "base_seed": 7,
        "overrides": {"what_ifs.no_blockade.active": True},
        **summary,
    }


def test_markdown_has_header_comparison_and_point_sections(summary):
    text = summary_markdown(with_header(summary))
    for expected in [
        "# Batch: Southern flank | sweep",
        "`scenarios/southern_flank_2020.yaml`",
        "**Runs per point:** 10 (base seed 7)",
        "`what_ifs.no_blockade.active` = `true`",
        "## Comparison across points",
        "## Point 0: `sides.red.ai.attack_odds` = `1.5`, `what_ifs.no_tb2.active` = `false`",
        "## Point 1",
        "### Outcomes",
        "### Metrics",
        "### Events",
        "### Failures",
        "- run 3 (seed 18446744073709551612): ValueError: lam value too large | run 3",
        "| blue | 5 | 62.5% [30.6, 86.3] |",
        "No value in any completed run: `red_lost_t72`.",
        "| `town_taken_day` | 5 | 62.5% [30.6, 86.3] | 4 | 4 | 3-5 | blue 4, red 1 |",
    ]:
        assert expected in text, expected
    comparison = text.split("## Comparison across points")[1].split("## Point 0")[0]
    assert "blue personnel lost" in comparison
    assert "days" in comparison
    assert "undecided" in comparison  # point 0 had an undecided run
    assert text.count("## Point ") == 2


def test_markdown_tables_escape_pipes_in_cells(summary):
    """A pipe in a parameter value must not add a column: every row of a table has as many
    unescaped separators as its header."""
    table = runs_table()
    table[PARAMETERS[1]] = np.where(table["point"] == 0, "left|hook", "none")
    text = summary_markdown(describe_batch(table, PARAMETERS, SIDES))
    assert "left\\|hook" in text
    tables = re.findall(r"(?:^\|.*\|$\n?)+", text, flags=re.MULTILINE)
    assert len(tables) >= 7
    for block in tables:
        widths = {len(re.findall(r"(?<!\\)\|", line)) for line in block.splitlines()}
        assert len(widths) == 1, block


def test_markdown_of_a_single_point_has_no_comparison_and_handles_no_completed_run():
    text = summary_markdown(describe_batch(single_point_table([], failed=25), [], SIDES))
    assert "## Comparison" not in text
    assert "## Results" in text
    assert "No run completed" in text
    assert "... and 5 more not listed" in text
    assert "### Outcomes" not in text


def test_markdown_renders_a_summary_read_back_from_json(summary):
    assert summary_markdown(json.loads(json.dumps(summary))) == summary_markdown(summary)


def test_terminal_is_short_and_has_shares_losses_and_failures():
    table = runs_table()
    table = table[table["point"] == 0].drop(columns=PARAMETERS)
    table["red_equipment_lost"] = 3.0
    text = summary_terminal(with_header(describe_batch(table, [], SIDES)))
    lines = text.splitlines()
    assert len(lines) <= 25
    assert "8/10 completed, 2 failed" in text
    assert "blue 62.5% [30.6, 86.3]" in text
    assert "undecided 12.5%" in text
    assert "draw" not in text  # no draw in any run: left out of the compact line
    assert "personnel lost  blue 162 [97.2, 228]; red 219 [83, 355]" in text
    assert "equipment lost  red 3" in text
    assert all(len(line) <= 160 for line in lines)


def test_terminal_has_one_block_per_sweep_point(summary):
    lines = summary_terminal(summary).splitlines()
    assert sum(line.startswith("point ") for line in lines) == 2
    assert len(lines) <= 1 + 2 * 5


@pytest.mark.parametrize(
    ("value", "text"),
    [(12.34, "12.3"), (0.41, "0.41"), (1234.0, "1,234"), (1234.56, "1,235"), (None, "-")],
)
def test_numbers_are_compact(value, text):
    assert number(value) == text


@pytest.mark.parametrize(
    ("share", "text"),
    [(0.4123, "41.2%"), (1.0, "100%"), (0.0, "0%"), (0.0004, "0.04%"), (0.99999, ">99.9%")],
)
def test_shares_are_percentages_that_never_round_to_0_or_100(share, text):
    assert percent(share) == text


def test_parameter_values_are_kept_exactly_and_an_empty_table_has_no_points():
    table = single_point_table([1.0, 2.0])
    table["sides.red.ai.attack_odds"] = 0.123456789
    described = describe_batch(table, ["sides.red.ai.attack_odds"], SIDES)
    assert described["points"][0]["parameters"] == {"sides.red.ai.attack_odds": 0.123456789}
    empty = describe_batch(table.iloc[0:0], [], SIDES)
    assert empty["points"] == []
    assert "0 in all" in summary_markdown(empty)
