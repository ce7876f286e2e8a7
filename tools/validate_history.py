"""Run the historical scenarios many times and compare them with the historical record.

    python tools/validate_history.py [--runs 200] [--what-if-runs 100] [--workers N] [--out DIR]
                                     [--only NAME] [--from-tables]

For each scenario: ``--runs`` seeded runs of the baseline and ``--what-if-runs`` of each what-if;
the distribution of the days on which the towns fell, of how fast the air defence was destroyed,
of loss ratios and outcomes; plots (PNG), per-run tables (CSV) and markdown tables written to
``--out`` (default ``docs/validation``), which docs/validation.md shows and discusses. The
historical values and their sources are in ``HISTORY`` below; nothing here feeds back into a run.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from sim.batch.pool import run_many, run_seeds

REPO = Path(__file__).resolve().parents[1]
BASE_SEED = 20260919
"""Seeds of every run set come from this one (run i of a set gets the same seed in every set)."""


@dataclass(frozen=True)
class Milestone:
    """A historical event the model should reproduce: a column of the run record and when."""

    label: str
    column: str
    value: float | None
    low: float | None = None
    high: float | None = None
    source: str = ""


@dataclass(frozen=True)
class Study:
    scenario: str
    unit: str
    """'day' or 'hour': what the milestone values are measured in."""
    milestones: list[Milestone]
    headline: str
    """The column of the milestone that sums the campaign up (what-if plots and tables)."""
    attacker: str
    defender: str
    history_loss_ratio: float
    loss_ratio_source: str
    what_ifs: list[str] = field(default_factory=list)
    what_if_measure: tuple[str, str] | None = None
    """(column, label) compared across what-ifs in the plot; None: the headline milestone."""
    paired_measures: list[tuple[str, str]] = field(default_factory=list)
    """(measure, label) whose what-if minus baseline difference, run by run, the paired table
    gives: a record column, ``ARMISTICE``, or ``"<side> casualties"``."""


ARMISTICE = "armistice_hour"

HISTORY = [
    Study(
        scenario="scenarios/southern_flank_2020.yaml",
        unit="day",
        headline="shusha_taken_day",
        attacker="azerbaijan",
        defender="ada",
        milestones=[
            Milestone(
                "Half the ADA radar air defence lost",
                "ada_radar_air_defence_50pct_lost_day",
                None,
                1,
                7,
                "[S4][S2] destroyed in the first days",
            ),
            Milestone("Jabrayil taken", "jabrayil_taken_day", 8, 7, 9, "[PK] ~4 Oct"),
            Milestone("Hadrut taken", "hadrut_taken_day", None, 13, 19, "[PK] 9-15 Oct"),
            Milestone("Fuzuli taken", "fuzuli_taken_day", 21, 20, 22, "[PK] 17 Oct"),
            Milestone("Zangilan taken", "zangilan_taken_day", 23, 22, 24, "[S3] flag 20 Oct"),
            Milestone("Kubatly / Gubadli taken", "kubatly_taken_day", 29, 28, 30, "[PK] 25 Oct"),
            Milestone("Shusha taken", "shusha_taken_day", 42, 41, 43, "[PK] 8 Nov"),
            Milestone(
                "Lachin taken (never)",
                "lachin_taken_day",
                None,
                None,
                None,
                "not taken before the ceasefire [S4]",
            ),
            Milestone(
                "Martuni taken (never)",
                "martuni_taken_day",
                None,
                None,
                None,
                "not taken before the ceasefire [S4]",
            ),
        ],
        history_loss_ratio=0.76,
        loss_ratio_source="[PK] about 2,900 Azerbaijani and 3,800 Armenian soldiers killed "
        "(each side's official figures; [S4]: about 5,000 killed in all)",
        what_ifs=[
            "no_tb2",
            "modern_ada_air_defence",
            "russian_mig29",
            "no_iran_roadblock",
            "armenian_iskander_su30",
        ],
        what_if_measure=("azerbaijan_points", "Azerbaijani objective points at the end"),
        paired_measures=[
            ("azerbaijan_points", "Azerbaijani points"),
            ("days", "days played"),
            ("azerbaijan casualties", "Azerbaijani casualties"),
            ("ada casualties", "ADA casualties"),
            ("ada_personnel_lost_to_air", "ADA personnel lost to air and missile strikes"),
            ("ada_equipment_lost_to_air", "ADA equipment lost to air and missile strikes"),
            ("azerbaijan_aircraft_lost", "Azerbaijani reusable aircraft lost"),
            ("ada_radar_air_defence_50pct_lost_day", "day half the ADA radar air defence lost"),
        ],
    ),
    Study(
        scenario="scenarios/lachin_corridor_2023.yaml",
        unit="hour",
        headline=ARMISTICE,
        attacker="azerbaijan",
        defender="ada",
        milestones=[
            Milestone(
                "Villages on the Lachin road taken",
                "corridor_villages_taken_day",
                None,
                None,
                None,
                "[S4] villages overlooking the road taken",
            ),
            Milestone(
                "Armistice asked for",
                ARMISTICE,
                24,
                22,
                30,
                "[S4] just over 24 hours after the start",
            ),
        ],
        history_loss_ratio=1.0,
        loss_ratio_source="[PK] about 190 Azerbaijani and about 200 Armenian soldiers killed "
        "(each side's official figures)",
        what_ifs=["no_blockade", "no_loitering_munitions", "no_drones", "ada_tor_battery"],
        paired_measures=[
            (ARMISTICE, "hour of the armistice"),
            ("azerbaijan casualties", "Azerbaijani casualties"),
            ("ada casualties", "ADA casualties"),
            ("ada_personnel_lost_to_air", "ADA personnel lost to air and missile strikes"),
            ("azerbaijan_aircraft_lost", "Azerbaijani reusable aircraft lost"),
        ],
    ),
]


def gather(path: str, runs: int, workers: int, overrides: dict) -> pd.DataFrame:
    """Run one set of seeded games on ``workers`` processes; one row per run."""
    records = run_many(REPO / path, run_seeds(BASE_SEED, runs), overrides, workers)
    return pd.DataFrame.from_records(list(records))


def milestone_values(study: Study, frame: pd.DataFrame, column: str) -> pd.Series:
    """When the milestone happened in each run (NaN where it did not), in the study's unit."""
    if column == ARMISTICE:
        return (frame["days"] * 24).where(frame["winner"] == study.attacker)
    values = pd.to_numeric(frame.get(column, pd.Series(np.nan, index=frame.index)), errors="coerce")
    return values * 24 if study.unit == "hour" else values


def casualties(frame: pd.DataFrame, side: str) -> pd.Series:
    """Killed and wounded (the record's losses less the soldiers captured)."""
    return frame[f"{side}_personnel_lost"] - frame[f"{side}_personnel_captured"]


def loss_ratio(study: Study, frame: pd.DataFrame) -> pd.Series:
    return casualties(frame, study.attacker) / casualties(frame, study.defender).replace(0, np.nan)


def _history(m: Milestone, unit: str) -> str:
    if m.value is None and m.low is None:
        return m.source
    when = f"{m.value:g}" if m.value is not None else f"{m.low:g}-{m.high:g}"
    return f"{unit} {when} {m.source}"


def milestone_table(study: Study, frame: pd.DataFrame) -> str:
    rows = [
        "| milestone | history | runs where it happened | median | middle 50% | middle 90% |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for m in study.milestones:
        happened = milestone_values(study, frame, m.column).dropna()
        share = f"{len(happened) / len(frame):.0%}"
        if happened.empty:
            rows.append(f"| {m.label} | {_history(m, study.unit)} | {share} | - | - | - |")
            continue
        q = happened.quantile([0.05, 0.25, 0.5, 0.75, 0.95])
        rows.append(
            f"| {m.label} | {_history(m, study.unit)} | {share} | {q[0.5]:.1f} | "
            f"{q[0.25]:.1f}-{q[0.75]:.1f} | {q[0.05]:.1f}-{q[0.95]:.1f} |"
        )
    return "\n".join(rows)


def comparison_table(study: Study, frames: dict[str, pd.DataFrame]) -> str:
    """Baseline and what-ifs side by side: outcomes, the headline milestone, losses."""
    headline = next(m for m in study.milestones if m.column == study.headline)
    rows = [
        f"| run set | runs | {study.attacker} wins | {study.defender} wins | draw | "
        f"{headline.label}: share, median {study.unit} | {study.attacker} points | "
        f"{study.attacker} casualties | "
        f"{study.defender} casualties | {study.defender} captured | loss ratio |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for name, frame in frames.items():
        wins = (frame["winner"] == study.attacker).mean()
        losses = (frame["winner"] == study.defender).mean()
        draws = (frame["outcome"] == "draw").mean()
        happened = milestone_values(study, frame, study.headline).dropna()
        when = f"{len(happened) / len(frame):.0%}, " + (
            f"{happened.median():.1f}" if len(happened) else "-"
        )
        rows.append(
            f"| {name} | {len(frame)} | {wins:.0%} | {losses:.0%} | {draws:.0%} | "
            f"{when} | {frame[f'{study.attacker}_points'].median():.0f} | "
            f"{_median_iqr(casualties(frame, study.attacker))} | "
            f"{_median_iqr(casualties(frame, study.defender))} | "
            f"{frame[f'{study.defender}_personnel_captured'].median():.0f} | "
            f"{loss_ratio(study, frame).median():.2f} |"
        )
    return "\n".join(rows)


def outcome_label(run: pd.Series) -> str:
    """How a run ended, without the scenario's long end-of-game message."""
    reason = str(run["reason"])
    if "points" in reason:
        return "on points at the end: " + ("a draw" if run["outcome"] == "draw" else run["outcome"])
    return reason


def milestones_by_run_set(study: Study, frames: dict[str, pd.DataFrame]) -> str:
    """Each milestone's median and share of runs, baseline and what-ifs side by side."""
    rows = [
        f"| milestone ({study.unit}: median, share of runs) | " + " | ".join(frames) + " |",
        "|---|" + "---:|" * len(frames),
    ]
    for m in study.milestones:
        cells = []
        for frame in frames.values():
            happened = milestone_values(study, frame, m.column).dropna()
            median = f"{happened.median():.1f}" if len(happened) else "-"
            cells.append(f"{median} ({len(happened) / len(frame):.0%})")
        rows.append(f"| {m.label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def measure_values(study: Study, frame: pd.DataFrame, measure: str) -> pd.Series:
    """A paired measure in each run (NaN where it did not happen)."""
    side, _, what = measure.partition(" ")
    if what == "casualties":
        return casualties(frame, side).astype(float)
    if measure == ARMISTICE:
        return milestone_values(study, frame, measure)
    return pd.to_numeric(frame.get(measure, pd.Series(np.nan, index=frame.index)), errors="coerce")


def _unchanged_share(study: Study, before: pd.DataFrame, after: pd.DataFrame) -> str:
    """Share of runs a what-if did not touch at all: same outcome, length and losses."""
    columns = ["winner", "turns", f"{study.attacker}_personnel_lost"]
    columns.append(f"{study.defender}_personnel_lost")
    same = (before[columns].fillna("-") == after[columns].fillna("-")).all(axis=1)
    return f"{same.mean():.0%}"


def _mean_difference(before: pd.Series, after: pd.Series) -> str:
    """Mean of ``after - before`` over the runs where both happened, with its standard error."""
    diff = (after - before).dropna()
    if len(diff) < 2:
        return "-"
    error = diff.std() / np.sqrt(len(diff))
    runs = "" if len(diff) == len(after) else f", {len(diff)} runs"
    return f"{diff.mean():+.1f} ({error:.1f}){runs}"


def paired_table(study: Study, frames: dict[str, pd.DataFrame]) -> str:
    """What each what-if changed, run by run against the baseline run with the same seed: the
    mean difference and its standard error, so a change can be told from noise."""
    base = frames["baseline"].set_index("seed")
    pairs = {
        name: (base.loc[frame["seed"]], frame.set_index("seed"))
        for name, frame in frames.items()
        if name != "baseline"
    }
    rows = [
        "| what-if minus baseline, same seeds: mean (standard error) | " + " | ".join(pairs) + " |",
        "|---|" + "---:|" * len(pairs),
        "| runs the what-if left exactly as they were | "
        + " | ".join(_unchanged_share(study, b, a) for b, a in pairs.values())
        + " |",
    ]
    for measure, label in study.paired_measures:
        cells = [
            _mean_difference(
                measure_values(study, before, measure), measure_values(study, after, measure)
            )
            for before, after in pairs.values()
        ]
        rows.append(f"| {label} | " + " | ".join(cells) + " |")
    return "\n".join(rows)


def _median_iqr(values: pd.Series) -> str:
    q = values.quantile([0.25, 0.5, 0.75])
    return f"{q[0.5]:.0f} ({q[0.25]:.0f}-{q[0.75]:.0f})"


def milestone_plot(study: Study, frame: pd.DataFrame, out: Path) -> Path:
    """One histogram per milestone, with the historical date or window drawn over it."""
    milestones = study.milestones
    fig, axes = plt.subplots(
        len(milestones), 1, figsize=(8, 1.7 * len(milestones) + 0.5), squeeze=False
    )
    horizon = float(frame["days"].max() * (24 if study.unit == "hour" else 1))
    for ax, m in zip(axes[:, 0], milestones, strict=True):
        happened = milestone_values(study, frame, m.column).dropna()
        if not happened.empty:
            ax.hist(happened, bins=np.linspace(0, horizon, 45), color="#4c72b0", alpha=0.85)
        if m.low is not None:
            ax.axvspan(m.low, m.high, color="#dd8452", alpha=0.35)
        if m.value is not None:
            ax.axvline(m.value, color="#c44e52", lw=2)
        ax.set_xlim(0, horizon)
        ax.set_title(
            f"{m.label}: {len(happened)} of {len(frame)} runs (history: {_history(m, study.unit)})",
            fontsize=8,
        )
    axes[-1, 0].set_xlabel(f"{study.unit} of the campaign")
    fig.tight_layout()
    path = out / f"{Path(study.scenario).stem}_milestones.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def loss_plot(study: Study, frame: pd.DataFrame, out: Path) -> Path:
    """The distribution of the loss ratio against the historical one."""
    fig, ax = plt.subplots(figsize=(8, 2.6))
    ratios = loss_ratio(study, frame).dropna()
    ax.hist(ratios, bins=30, color="#4c72b0", alpha=0.85)
    ax.axvline(study.history_loss_ratio, color="#c44e52", lw=2)
    ax.set_xlabel(
        f"casualties {study.attacker} / {study.defender} (red line: history, "
        f"{study.history_loss_ratio:g})"
    )
    ax.set_ylabel("runs")
    fig.tight_layout()
    path = out / f"{Path(study.scenario).stem}_loss_ratio.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def what_if_plot(study: Study, frames: dict[str, pd.DataFrame], out: Path) -> Path:
    """How each what-if moves the attacker's casualties and the headline milestone."""
    names = list(frames)
    headline = next(m for m in study.milestones if m.column == study.headline)
    fig, axes = plt.subplots(1, 2, figsize=(11, 0.8 + 0.5 * len(names)))
    _horizontal_boxplot(axes[0], [casualties(frames[n], study.attacker) for n in names])
    axes[0].set_xlabel(f"{study.attacker} casualties")
    if study.what_if_measure:
        column, label = study.what_if_measure
        _horizontal_boxplot(axes[1], [frames[n][column] for n in names])
        axes[1].set_xlabel(label)
    else:
        horizon = {n: frames[n]["days"] * (24 if study.unit == "hour" else 1) for n in names}
        when = [
            milestone_values(study, frames[n], study.headline).fillna(horizon[n]) for n in names
        ]
        _horizontal_boxplot(axes[1], when)
        axes[1].set_xlabel(f"{headline.label}, {study.unit} (never: end of the run)")
    for ax in axes:
        ax.set_yticks(range(1, len(names) + 1), names, fontsize=8)
    fig.tight_layout()
    path = out / f"{Path(study.scenario).stem}_what_ifs.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def _horizontal_boxplot(ax: plt.Axes, data: list[pd.Series]) -> None:
    try:
        ax.boxplot(data, orientation="horizontal")  # Matplotlib >= 3.10
    except TypeError:
        ax.boxplot(data, vert=False)


def study_report(study: Study, frames: dict[str, pd.DataFrame]) -> str:
    base = frames["baseline"]
    stem = Path(study.scenario).stem
    text = [
        f"## {stem}",
        "",
        f"{len(base)} baseline runs and {len(frames) - 1} what-ifs, seeds spawned from "
        f"{BASE_SEED} (`sim.batch.pool.run_seeds`: run i has the same seed in every set).",
        "",
        milestone_table(study, base),
        "",
        f"Loss ratio in history: {study.history_loss_ratio:g}, {study.loss_ratio_source}. "
        f"Model (casualties, captured excluded): median {loss_ratio(study, base).median():.2f}, "
        f"middle 50% {loss_ratio(study, base).quantile(0.25):.2f}-"
        f"{loss_ratio(study, base).quantile(0.75):.2f}.",
        "",
        "Outcomes of the baseline (runs): "
        + "; ".join(
            f"{k}: {v}" for k, v in base.apply(outcome_label, axis=1).value_counts().items()
        )
        + ".",
        "",
        comparison_table(study, frames),
        "",
        milestones_by_run_set(study, frames),
        "",
        paired_table(study, frames),
        "",
        "A measure that happened in only some runs (a milestone) is compared over the runs where "
        "it happened in both; their number is given where it is not all of them.",
        "",
    ]
    return "\n".join(text)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--what-if-runs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=0, help="processes (0: all cores)")
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "validation")
    parser.add_argument("--only", help="part of a scenario file name: study that one alone")
    parser.add_argument(
        "--from-tables",
        action="store_true",
        help="redo the tables and plots from the CSV files already in --out, without running",
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for study in HISTORY:
        if args.only and args.only not in study.scenario:
            continue
        stem = Path(study.scenario).stem
        started = time.perf_counter()
        if args.from_tables:
            frames = {
                name: pd.read_csv(args.out / f"{stem}_{name}.csv")
                for name in ["baseline", *study.what_ifs]
            }
        else:
            frames = {"baseline": gather(study.scenario, args.runs, args.workers, {})}
            for name in study.what_ifs:
                overrides = {f"what_ifs.{name}.active": True}
                frames[name] = gather(study.scenario, args.what_if_runs, args.workers, overrides)
            for name, frame in frames.items():
                frame.to_csv(args.out / f"{stem}_{name}.csv", index=False)
        milestone_plot(study, frames["baseline"], args.out)
        loss_plot(study, frames["baseline"], args.out)
        what_if_plot(study, frames, args.out)
        report = study_report(study, frames)
        (args.out / f"{stem}.md").write_text(report, encoding="utf-8")
        runs = {k: len(v) for k, v in frames.items()}
        seconds = round(time.perf_counter() - started, 1)
        print(json.dumps({"scenario": study.scenario, "runs": runs, "seconds": seconds}))
        print(report)
    return 0


if __name__ == "__main__":
    sys.exit(main())
