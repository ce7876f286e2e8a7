"""Benchmark: batches of the 2020 scenario on each executor, and memory over very many runs.

    python tools/benchmark_batch.py throughput [--runs 16] [--workers 2]
    python tools/benchmark_batch.py memory [--runs 1000 10000]

``throughput`` plays the same seeded runs of scenarios/southern_flank_2020.yaml serially, on a
pool of worker processes and on a Dask LocalCluster of as many workers, and prints runs per second,
the parallel efficiency (speed-up over serial divided by the workers) and the Dask overhead over
the process pool, start-up included. ``memory`` plays short runs (the river-crossing tutorial,
2 turns each) into a batch directory, once per ``--runs``, each in a fresh process, and prints
the peak resident memory of the batch process and of its largest worker: flat memory means the
figures do not grow with the runs. Every batch writes its outputs (tables, summary, plots) as
a user's would. Run it on an otherwise idle machine; figures go in docs/performance.md.
"""

from __future__ import annotations

import argparse
import json
import multiprocessing
import platform
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
HISTORICAL = REPO / "scenarios" / "southern_flank_2020.yaml"
SHORT = REPO / "scenarios" / "tutorial_river_crossing.yaml"


def timed_batch(executor_args: list[str], runs: int, scenario: Path) -> tuple[float, float]:
    """(wall time of one whole ``wargame batch`` in its own process, of its runs alone): the
    first includes start-up (imports, workers, a Dask cluster) and writing the outputs."""
    with tempfile.TemporaryDirectory() as tmp:
        command = [
            sys.executable, "-m", "sim.cli", "batch", str(scenario), "--runs", str(runs),
            "--seed", "1", "--quiet", *executor_args, "--out", f"{tmp}/batch",
        ]  # fmt: skip
        started = time.perf_counter()
        subprocess.run(command, check=True, cwd=REPO, stdout=subprocess.DEVNULL)
        whole = time.perf_counter() - started
        manifest = json.loads(Path(tmp, "batch", "batch.json").read_text())
        return whole, manifest["sessions"][-1]["elapsed_s"]


def throughput(runs: int, workers: int) -> None:
    print(f"{runs} runs of {HISTORICAL.name} (seeds from base seed 1)\n")
    print(
        "| executor | whole command (s) | runs alone (s) | runs/s | speed-up | "
        "parallel efficiency |"
    )
    print("|---|---:|---:|---:|---:|---:|")
    times: dict[str, tuple[float, float]] = {}
    for name, args, parallel in (
        ("serial (in-process)", ["--workers", "1"], 1),
        (f"process pool, {workers} workers", ["--workers", str(workers)], workers),
        (f"Dask LocalCluster, {workers} workers", ["--dask-local", str(workers)], workers),
    ):
        times[name] = whole, alone = timed_batch(args, runs, HISTORICAL)
        speed_up = times["serial (in-process)"][1] / alone
        print(
            f"| {name} | {whole:.1f} | {alone:.1f} | {runs / alone:.3f} | {speed_up:.2f} | "
            f"{speed_up / parallel:.0%} |",
            flush=True,
        )
    (pool, pool_runs), (dask, dask_runs) = list(times.values())[1:]
    print(
        f"\nDask over the process pool: {dask_runs - pool_runs:+.1f} s on the runs "
        f"({(dask_runs - pool_runs) / pool_runs:+.1%}), {dask - pool:+.1f} s on the whole "
        f"command ({(dask - pool) / pool:+.1%})"
    )


def memory(runs_list: list[int], workers: int) -> None:
    print(f"Short runs: {SHORT.name}, 2 turns each, {workers} worker processes\n")
    print("| runs | wall time (s) | runs/s | peak RSS, batch process (MiB) | "
          "peak RSS, largest worker (MiB) | turns.parquet (MiB) |")  # fmt: skip
    print("|---:|---:|---:|---:|---:|---:|")
    for runs in runs_list:
        with tempfile.TemporaryDirectory() as tmp:
            out = Path(tmp) / "batch"
            started = time.perf_counter()
            report = subprocess.run(
                [sys.executable, __file__, "_measure", str(runs), str(workers), str(out)],
                check=True, cwd=REPO, capture_output=True, text=True,
            )  # fmt: skip
            wall = time.perf_counter() - started
            peaks = json.loads(report.stdout.splitlines()[-1])
            size = (out / "turns.parquet").stat().st_size / 2**20
        print(
            f"| {runs:,} | {wall:.0f} | {runs / wall:.1f} | {peaks['batch_mib']:.0f} | "
            f"{peaks['worker_mib']:.0f} | {size:.1f} |",
            flush=True,
        )


def _measure(runs: int, workers: int, out: Path) -> None:
    """Run in a fresh process: one batch, then this process's and its workers' peak RSS."""
    from sim.batch.executors import ProcessExecutor
    from sim.batch.plan import BatchPlan
    from sim.batch.runner import run_batch

    plan = BatchPlan(SHORT, runs, 1, {"turns": 2})
    run_batch(plan, out, ProcessExecutor(workers), quiet=True)
    deadline = time.monotonic() + 60
    while multiprocessing.active_children() and time.monotonic() < deadline:
        time.sleep(0.05)  # reaps the workers, so that RUSAGE_CHILDREN counts them
    kib = 1 if sys.platform != "darwin" else 1024  # ru_maxrss is KiB on Linux, bytes on macOS
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / kib / 1024
    workers_peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / kib / 1024
    print(json.dumps({"batch_mib": own, "worker_mib": workers_peak}))


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True)
    speed = commands.add_parser("throughput")
    speed.add_argument("--runs", type=int, default=32)
    speed.add_argument("--workers", type=int, default=2)
    flat = commands.add_parser("memory")
    flat.add_argument("--runs", type=int, nargs="+", default=[1000, 10000])
    flat.add_argument("--workers", type=int, default=2)
    measure = commands.add_parser("_measure")
    measure.add_argument("runs", type=int)
    measure.add_argument("workers", type=int)
    measure.add_argument("out", type=Path)
    args = parser.parse_args()
    if args.command == "_measure":
        _measure(args.runs, args.workers, args.out)
        return 0
    print(f"{platform.machine()}, Python {platform.python_version()}\n")
    if args.command == "throughput":
        throughput(args.runs, args.workers)
    else:
        memory(args.runs, args.workers)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
