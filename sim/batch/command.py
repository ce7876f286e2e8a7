"""``wargame batch``: many seeded runs of a scenario, with sweeps, on all cores or a Dask cluster.

An interrupted batch (Ctrl-C, a kill) keeps every finished run in ``--out``; the same command
with ``--resume`` plays only the rest. Exit status: 0 done, 2 bad input, 130/143 interrupted
(SIGINT/SIGTERM), 1 when a worker process died.
"""

from __future__ import annotations

import argparse
import signal
import sys
from pathlib import Path
from typing import Any

from sim.cli_args import add_set_option, add_turns_option, overrides_from, whole_number

EXIT_INTERRUPTED = {signal.SIGINT: 130, signal.SIGTERM: 143}


class Interrupted(BaseException):
    """The batch was told to stop by a signal (a BaseException, like KeyboardInterrupt, so that
    no ``except Exception`` mistakes it for a run's failure)."""

    def __init__(self, signum: int):
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


def add_batch_parser(commands: Any) -> None:
    batch = commands.add_parser(
        "batch",
        help="play a scenario many times (seeded, optionally swept) and write tables, "
        "statistics and plots",
        description="Play a scenario many times with the AI on every side and write runs.parquet, "
        "turns.parquet, summary.json, summary.md and plots/ to --out.",
    )
    batch.add_argument("scenario", type=Path, help="scenario YAML file")
    batch.add_argument(
        "--runs", type=whole_number(1), required=True, metavar="N", help="runs per sweep point"
    )
    batch.add_argument(
        "--seed",
        type=whole_number(0),
        default=1,
        metavar="S",
        help="base seed of the batch (default 1)",
    )
    add_turns_option(batch)
    add_set_option(batch)
    batch.add_argument(
        "--sweep",
        action="append",
        default=[],
        metavar="KEY=V1,V2,...",
        help="run every value of a key, e.g. --sweep sides.red.ai.attack_odds=1.5,2,3 or "
        "--sweep what_ifs.no_tb2.active=false,true; several --sweep make a grid",
    )
    where = batch.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=whole_number(1),
        metavar="K",
        help="local worker processes (default: one per core; 1 runs in this process)",
    )
    where.add_argument(
        "--scheduler", metavar="ADDRESS", help="run on a Dask cluster, e.g. tcp://host:8786"
    )
    where.add_argument(
        "--dask-local",
        type=whole_number(1),
        metavar="K",
        help="start a local Dask cluster of K workers and run on it",
    )
    batch.add_argument(
        "--out", type=Path, required=True, metavar="DIR", help="directory for the results"
    )
    batch.add_argument(
        "--resume", action="store_true", help="complete an interrupted batch in --out"
    )
    batch.add_argument("--csv", action="store_true", help="also write runs.csv and turns.csv")
    batch.add_argument("--no-plots", action="store_true", help="do not draw the PNG plots")
    batch.add_argument("--quiet", action="store_true", help="no progress line")


def run_batch_command(args: argparse.Namespace) -> int:
    from sim.batch.executors import WorkerDied
    from sim.batch.runner import run_batch
    from sim.batch.summary_terminal import summary_terminal

    plan = _plan(args)
    executor = _executor(args)
    previous = {s: signal.signal(s, _raise_interrupted) for s in EXIT_INTERRUPTED}
    try:
        report = run_batch(
            plan,
            args.out,
            executor,
            resume=args.resume,
            csv=args.csv,
            plots=not args.no_plots,
            quiet=args.quiet,
        )
    except (Interrupted, KeyboardInterrupt) as exc:
        signum = exc.signum if isinstance(exc, Interrupted) else signal.SIGINT
        print(
            f"interrupted: the finished runs are kept in {args.out}/; to complete the batch, "
            "give the same command with --resume",
            file=sys.stderr,
        )
        return EXIT_INTERRUPTED[signal.Signals(signum)]
    except WorkerDied as exc:
        print(
            f"error: {exc}; the finished runs are kept in {args.out}/: "
            "complete the batch with --resume",
            file=sys.stderr,
        )
        return 1
    finally:
        for signum, handler in previous.items():
            signal.signal(signum, handler)
    print(summary_terminal(report.summary))
    if report.played == 0:
        print(f"The batch in {args.out}/ was complete already: nothing to run.")
    else:
        print(f"Results written to {args.out}/ ({', '.join(report.outputs)})")
    return 0


def _raise_interrupted(signum: int, _frame: Any) -> None:
    raise Interrupted(signum)


def _plan(args: argparse.Namespace) -> Any:
    from sim.batch.plan import BatchPlan, check_sweeps, parse_sweep_argument

    overrides = overrides_from(args)
    sweeps = [parse_sweep_argument(text) for text in args.sweep]
    check_sweeps(sweeps, overrides)
    return BatchPlan(args.scenario, args.runs, args.seed, overrides, tuple(sweeps))


def _executor(args: argparse.Namespace) -> Any:
    from sim.batch.executors import ProcessExecutor, SerialExecutor

    if args.scheduler is not None or args.dask_local is not None:
        from sim.batch.dask_executor import DaskExecutor

        return DaskExecutor(args.scheduler, args.dask_local)
    if args.workers == 1:
        return SerialExecutor()
    return ProcessExecutor(args.workers)
