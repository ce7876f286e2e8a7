"""Run the historical scenarios many times and compare them with the historical record.

    python tools/validate_history.py [--runs 200] [--what-if-runs 100] [--workers N] [--out DIR]

For each scenario: ``--runs`` seeded runs of the baseline and ``--what-if-runs`` of each what-if;
the distribution of the days on which the towns fell, of how fast the air defence was destroyed,
of loss ratios and outcomes; plots (PNG) and markdown tables written to ``--out`` (default
``docs/validation``), which docs/validation.md shows and discusses. The historical values and
their sources are in ``HISTORY`` below.
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
from sim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Milestone:
    """A historical event the model should reproduce: a column of the record and a value."""

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
    attacker: str
    defender: str
    history_loss_ratio: float | None = None
    loss_ratio_source: str = ""
    what_ifs: list[str] = field(default_factory=list)


HISTORY = [
    Study(
        scenario="scenarios/southern_flank_2020.yaml",
        unit="day",
        attacker="azerbaijan",
        defender="ada",
        milestones=[
            Milestone("Jabrayil taken", "jabrayil_taken_day", 7, 6, 9, "[PK] ~4 Oct"),
            Milestone("Hadrut taken", "hadrut_taken_day", 15, 12, 18, "[PK] 9-15 Oct"),
            Milestone("Fuzuli taken", "fuzuli_taken_day", 20, 19, 21, "[PK] 17 Oct"),
            Milestone("Zangilan taken", "zangilan_taken_day", 23, 22, 24, "[S3] flag 20 Oct"),
            Milestone("Kubatly / Gubadli taken", "kubatly_taken_day", 28, 27, 29, "[PK] 25 Oct"),
            Milestone("Shusha taken", "shusha_taken_day", 42, 41, 43, "[PK] 8 Nov (day 42)"),
            Milestone(
                "Half the ADA air defence destroyed",
                "ada_radar_air_defence_50pct_lost_day",
                None,
                1,
                7,
                "[S4][S2] first days",
            ),
        ],
        history_loss_ratio=0.8,
        loss_ratio_source="[S4] ~5,000 killed in all; [PK] roughly 2,900 Azerbaijani and 3,800 "
        "Armenian dead: attacker/defender about 0.8",
        what_ifs=[
            "no_tb2",
            "modern_ada_air_defence",
            "russian_mig29",
            "no_iran_roadblock",
            "armenian_iskander_su30",
        ],
    ),
    Study(
        scenario="scenarios/lachin_corridor_2023.yaml",
        unit="hour",
        attacker="azerbaijan",
        defender="ada",
        milestones=[
            Milestone(
                "Armistice (outcome)",
                "armistice_hour",
                24,
                20,
                28,
                "[S4] about 24 hours after the start",
            ),
        ],
    ),
]


def _gather(path: str, runs: int, workers: int, overrides: dict) -> pd.DataFrame:
    seeds = run_seeds(20260919, runs)
    records = [record for record, _ in run_many(REPO / path, seeds, overrides, workers)]
    return pd.DataFrame.from_records(records)


def _in_unit(frame: pd.DataFrame, column: str, unit: str) -> pd.Series:
    values = frame.get(column)
    if values is None:
        return pd.Series(dtype=float)
    values = pd.to_numeric(values, errors="coerce")
    return values * 24 if unit == "hour" else values


def _armistice_hours(frame: pd.DataFrame, attacker: str) -> pd.Series:
    won = frame["winner"] == attacker
    return (frame["days"] * 24).where(won)


def _milestone_values(study: Study, frame: pd.DataFrame, m: Milestone) -> pd.Series:
    """When the milestone happened in each run (NaN where it did not), in the study's unit."""
    if m.column == "armistice_hour":
        return _armistice_hours(frame, study.attacker)
    return _in_unit(frame, m.column, study.unit)


def summary_table(study: Study, frame: pd.DataFrame) -> str:
    rows = [
        "| milestone | history | model: runs where it happened | median | 50% of runs | "
        "90% of runs |",
        "|---|---|---:|---:|---:|---:|",
    ]
    for m in study.milestones:
        values = _milestone_values(study, frame, m)
        happened = values.dropna()
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


def _history(m: Milestone, unit: str) -> str:
    if m.value is None:
        return f"{unit} {m.low:g}-{m.high:g} {m.source}"
    return f"{unit} {m.value:g} {m.source}"


def outcome_table(frames: dict[str, pd.DataFrame], study: Study) -> str:
    rows = [
        "| run set | runs | attacker wins | defender wins | draw / undecided | "
        "loss ratio att./def. (median) |",
        "|---|---:|---:|---:|---:|---:|",
    ]
    for name, frame in frames.items():
        wins = (frame["winner"] == study.attacker).mean()
        losses = (frame["winner"] == study.defender).mean()
        ratio = (
            frame[f"{study.attacker}_personnel_lost"]
            / frame[f"{study.defender}_personnel_lost"].replace(0, np.nan)
        ).median()
        rows.append(
            f"| {name} | {len(frame)} | {wins:.0%} | {losses:.0%} | "
            f"{1 - wins - losses:.0%} | {ratio:.2f} |"
        )
    return "\n".join(rows)


def milestone_plot(study: Study, frame: pd.DataFrame, out: Path) -> Path:
    milestones = [m for m in study.milestones]
    fig, axes = plt.subplots(
        len(milestones), 1, figsize=(8, 1.8 * len(milestones) + 0.5), squeeze=False
    )
    for ax, m in zip(axes[:, 0], milestones, strict=True):
        happened = _milestone_values(study, frame, m).dropna()
        if not happened.empty:
            ax.hist(happened, bins=30, color="#4c72b0", alpha=0.8)
        if m.low is not None:
            ax.axvspan(m.low, m.high, color="#dd8452", alpha=0.3, label="history")
        if m.value is not None:
            ax.axvline(m.value, color="#c44e52", lw=2)
        ax.set_title(f"{m.label}: {len(happened)} of {len(frame)} runs", fontsize=9)
        ax.set_xlabel(study.unit)
    fig.tight_layout()
    path = out / f"{Path(study.scenario).stem}_milestones.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def what_if_plot(study: Study, frames: dict[str, pd.DataFrame], out: Path) -> Path:
    """How each what-if moves the attacker's losses and the fall of its last objective."""
    names = list(frames)
    last = study.milestones[-2] if len(study.milestones) > 1 else study.milestones[0]
    fig, axes = plt.subplots(1, 2, figsize=(11, 0.5 + 0.45 * len(names)))
    data = [frames[n][f"{study.attacker}_personnel_lost"].dropna() for n in names]
    axes[0].boxplot(data, vert=False, labels=names)
    axes[0].set_xlabel(f"{study.attacker} personnel lost")
    days = [_in_unit(frames[n], last.column, "day").fillna(study_days(frames[n])) for n in names]
    axes[1].boxplot(days, vert=False, labels=names)
    axes[1].set_xlabel(f"{last.label}, day (never: end of the run)")
    fig.tight_layout()
    path = out / f"{Path(study.scenario).stem}_what_ifs.png"
    fig.savefig(path, dpi=90)
    plt.close(fig)
    return path


def study_days(frame: pd.DataFrame) -> pd.Series:
    return frame["days"]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200)
    parser.add_argument("--what-if-runs", type=int, default=100)
    parser.add_argument("--workers", type=int, default=None)
    parser.add_argument("--out", type=Path, default=REPO / "docs" / "validation")
    parser.add_argument("--only", help="a scenario file name to study alone")
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for study in HISTORY:
        if args.only and args.only not in study.scenario:
            continue
        if not (REPO / study.scenario).exists():
            print(f"skipping {study.scenario}: not written yet", file=sys.stderr)
            continue
        started = time.perf_counter()
        frames = {"baseline": _gather(study.scenario, args.runs, args.workers or 0, {})}
        load_scenario(REPO / study.scenario)
        for name in study.what_ifs:
            frames[name] = _gather(
                study.scenario,
                args.what_if_runs,
                args.workers or 0,
                {f"what_ifs.{name}.active": True},
            )
        stem = Path(study.scenario).stem
        for name, frame in frames.items():
            frame.to_csv(args.out / f"{stem}_{name}.csv", index=False)
        text = [
            f"## {stem}",
            "",
            summary_table(study, frames["baseline"]),
            "",
            outcome_table(frames, study),
            "",
        ]
        milestone_plot(study, frames["baseline"], args.out)
        if len(frames) > 1:
            what_if_plot(study, frames, args.out)
            for name, frame in frames.items():
                if name != "baseline":
                    text += [f"### what-if {name}", "", summary_table(study, frame), ""]
        (args.out / f"{stem}.md").write_text("\n".join(text) + "\n", encoding="utf-8")
        elapsed = time.perf_counter() - started
        print(
            json.dumps(
                {
                    "scenario": study.scenario,
                    "seconds": round(elapsed, 1),
                    "runs": {k: len(v) for k, v in frames.items()},
                }
            )
        )
        print("\n".join(text))
    return 0


if __name__ == "__main__":
    sys.exit(main())
