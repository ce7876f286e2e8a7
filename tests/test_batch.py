"""``wargame batch`` as a user runs it: seeds, executors, sweeps, failures, interruption, resume.

The batches are small (the tutorials, a few turns, a handful of runs) so that the file stays
within a minute on two cores; what they check does not depend on the size.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest
from builders import REPO, TUTORIAL

from sim.batch.plan import BatchPlan, Sweep
from sim.batch.seeds import run_seeds
from sim.cli import main
from sim.model import WargameModel

AIR_TUTORIAL = TUTORIAL.with_name("tutorial_drones_and_air_defence.yaml")
SWEEP = ["--sweep", "sides.blue.ai.attack_odds=1.2,3"]
SMALL = [str(TUTORIAL), "--runs", "3", "--turns", "8", "--seed", "5", *SWEEP, "--quiet"]


def _batch(out: Path, *args: str) -> int:
    return main(["batch", *args, "--out", str(out)])


def _tables(out: Path) -> tuple[pd.DataFrame, pd.DataFrame]:
    return pd.read_parquet(out / "runs.parquet"), pd.read_parquet(out / "turns.parquet")


def _journal_lines(out: Path) -> int:
    path = out / ".journal" / "runs.jsonl"
    return path.read_bytes().count(b"\n") if path.exists() else 0


def test_run_seeds_come_from_the_base_seed_and_keep_when_a_batch_grows():
    seeds = run_seeds(11, 10)
    assert len(set(seeds)) == 10 and seeds == run_seeds(11, 10)
    assert run_seeds(11, 4) == seeds[:4]
    assert run_seeds(12, 4) != seeds[:4]
    plan = BatchPlan(TUTORIAL, 4, 11, {}, (Sweep("a", (1, 2)), Sweep("b", ("x", "y", "z"))))
    tasks = plan.tasks()
    assert len(tasks) == 2 * 3 * 4 and len(plan.points()) == 6
    assert plan.points()[1] == {"a": 1, "b": "y"}
    # Common random numbers: run i has the same seed at every sweep point.
    for task in tasks:
        assert task.seed == seeds[task.run]


def test_same_batch_serial_in_processes_and_on_dask_gives_identical_tables(tmp_path, capsys):
    pytest.importorskip("distributed")
    outs = {}
    for name, where in {
        "serial": ["--workers", "1"],
        "processes": ["--workers", "2"],
        "dask": ["--dask-local", "2"],
    }.items():
        outs[name] = tmp_path / name
        assert _batch(outs[name], *SMALL, *where, "--no-plots") == 0
    runs, turns = _tables(outs["serial"])
    for name in ("processes", "dask"):
        other_runs, other_turns = _tables(outs[name])
        pd.testing.assert_frame_equal(runs, other_runs)
        pd.testing.assert_frame_equal(turns, other_turns)
        assert (outs[name] / "summary.json").read_text() == (
            outs["serial"] / "summary.json"
        ).read_text()
    assert len(runs) == 6 and (runs["status"] == "ok").all()
    assert runs["sides.blue.ai.attack_odds"].tolist() == [1.2] * 3 + [3] * 3
    assert sorted(set(turns["turn"])) == list(range(1, 9))
    # Each row is the game its seed and its point's overrides give, played directly.
    row = runs.iloc[4]
    model = WargameModel(
        TUTORIAL, seed=int(row["seed"]), overrides={"turns": 8, "sides.blue.ai.attack_odds": 3}
    )
    model.run()
    assert (
        row["blue_personnel_lost"]
        == model.state.losses["blue"].personnel + model.state.losses["blue"].captured
    )
    assert row["turns"] == model.turn
    played = turns[(turns["point"] == 1) & (turns["run"] == 1)]
    expected = model.datacollector.get_model_vars_dataframe()
    assert played["red_personnel"].tolist() == expected["red_personnel"].tolist()


def test_outputs_summary_csv_twins_and_plots(tmp_path, capsys):
    out = tmp_path / "batch"
    assert _batch(out, *SMALL, "--workers", "2", "--csv") == 0
    printed = capsys.readouterr().out
    assert "Tutorial: River crossing" in printed and "Results written to" in printed
    names = {p.name for p in out.iterdir()}
    assert {"runs.parquet", "turns.parquet", "runs.csv", "turns.csv", "summary.json"} <= names
    assert {"summary.md", "plots", "batch.json"} <= names and ".journal" not in names
    runs, turns = _tables(out)
    pd.testing.assert_frame_equal(
        pd.read_csv(out / "runs.csv")[["run", "seed", "turns"]],
        runs[["run", "seed", "turns"]].astype({"seed": "uint64"}),
        check_dtype=False,
    )
    assert len(pd.read_csv(out / "turns.csv")) == len(turns)
    summary = json.loads((out / "summary.json").read_text())
    assert [p["completed"] for p in summary["points"]] == [3, 3]
    assert summary["runs_per_point"] == 3 and summary["base_seed"] == 5
    plots = {p.name for p in (out / "plots").iterdir()}
    assert {"outcomes.png", "losses.png"} <= plots and any(n.startswith("sweep") for n in plots)
    assert "attack_odds" in (out / "summary.md").read_text()
    manifest = json.loads((out / "batch.json").read_text())
    assert manifest["complete"] and manifest["plan"]["runs"] == 3


def test_runs_that_raise_are_recorded_and_the_rest_complete(tmp_path, capsys):
    """An absurd catalog value (a warhead's expected casualties of 1e30) makes numpy's Poisson
    draw raise in every strike that hits: those runs fail, the other point's all complete."""
    out = tmp_path / "failing"
    sweep = "catalog.munitions.mam_l.casualties=2,1e30"
    args = [str(AIR_TUTORIAL), "--runs", "3", "--sweep", sweep, "--quiet", "--no-plots"]
    assert _batch(out, *args, "--workers", "2") == 0
    runs, turns = _tables(out)
    sound, absurd = runs[runs["point"] == 0], runs[runs["point"] == 1]
    assert (sound["status"] == "ok").all()
    failed = absurd[absurd["status"] == "failed"]
    assert len(failed) >= 1
    assert failed["error"].str.contains("lam value too large").all()
    assert failed["outcome"].isna().all() and failed["seed"].notna().all()
    assert set(turns["point"]) <= {0, 1} and len(turns[turns["point"] == 0]) > 0
    assert len(turns.groupby(["point", "run"])) == (runs["status"] == "ok").sum()
    lines = [json.loads(x) for x in (out / "failures.jsonl").read_text().splitlines()]
    assert len(lines) == len(failed)
    assert lines[0]["parameters"] == {"catalog.munitions.mam_l.casualties": 1e30}
    assert "Traceback" in lines[0]["traceback"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["points"][1]["failed"] == len(failed)
    assert summary["points"][0]["failed"] == 0
    assert "failed" in capsys.readouterr().out


def _start(out: Path, *args: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-m", "sim.cli", "batch", *args, "--out", str(out)],
        cwd=REPO,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )


def _wait_for_runs(process: subprocess.Popen, out: Path, count: int) -> None:
    deadline = time.monotonic() + 120
    while _journal_lines(out) < count:
        assert process.poll() is None, "the batch ended before it could be interrupted"
        assert time.monotonic() < deadline, "the batch made no progress"
        time.sleep(0.02)


def test_a_killed_batch_keeps_its_finished_runs_and_resume_completes_it(tmp_path):
    args = [str(TUTORIAL), "--runs", "24", "--seed", "3", "--quiet", "--no-plots"]
    whole = tmp_path / "whole"
    assert _batch(whole, *args, "--workers", "1") == 0

    killed = tmp_path / "killed"
    process = _start(killed, *args, "--workers", "2")
    _wait_for_runs(process, killed, 4)
    os.killpg(process.pid, signal.SIGKILL)  # the whole job, as a closed terminal would
    process.wait(timeout=30)
    kept = _journal_lines(killed)
    assert 4 <= kept < 24 and not (killed / "runs.parquet").exists()
    # A write torn by the kill: the resumed batch cuts it off and plays that run again.
    with open(killed / ".journal" / "runs.jsonl", "a") as stream:
        stream.write('{"point":0,"run":23,"seed":1,"status":"ok","rec')

    assert _batch(killed, *args, "--workers", "1", "--resume") == 0
    for expected, got in zip(_tables(whole), _tables(killed), strict=True):
        pd.testing.assert_frame_equal(expected, got)
    manifest = json.loads((killed / "batch.json").read_text())
    assert manifest["complete"] and manifest["sessions"][-1]["runs"] == 24 - kept
    assert not (killed / ".journal").exists()


def test_sigterm_stops_a_batch_cleanly_with_a_resume_hint(tmp_path):
    out = tmp_path / "stopped"
    args = [str(TUTORIAL), "--runs", "40", "--quiet", "--no-plots", "--workers", "2"]
    process = _start(out, *args)
    _wait_for_runs(process, out, 2)
    process.send_signal(signal.SIGTERM)
    _, stderr = process.communicate(timeout=60)
    assert process.returncode == 143
    assert "interrupted" in stderr and "--resume" in stderr and "Traceback" not in stderr
    assert 2 <= _journal_lines(out) < 40 and not (out / "runs.parquet").exists()


def test_resuming_a_complete_batch_does_nothing(tmp_path, capsys):
    out = tmp_path / "done"
    assert _batch(out, *SMALL, "--workers", "1", "--no-plots") == 0
    before = (out / "runs.parquet").read_bytes()
    assert _batch(out, *SMALL, "--workers", "1", "--no-plots", "--resume") == 0
    assert "complete already" in capsys.readouterr().out
    assert (out / "runs.parquet").read_bytes() == before


def _refused(capsys, out: Path, *args: str) -> str:
    assert _batch(out, *args) == 2
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    return captured.err


def test_bad_batch_input_gets_one_clear_message_and_writes_nothing(tmp_path, capsys):
    out = tmp_path / "never"
    base = [str(TUTORIAL), "--runs", "2", "--quiet"]
    err = _refused(capsys, out, *base, "--sweep", "sides.blue.ai.attack_odds")
    assert "--sweep sides.blue.ai.attack_odds" in err and "KEY=V1,V2" in err
    err = _refused(capsys, out, *base, "--sweep", "sides.blue.ai.attack_odds=2,-1")
    assert "--sweep sides.blue.ai.attack_odds=-1" in err and err.count("error:") == 1
    err = _refused(capsys, out, *base, "--sweep", "turns=4,8", "--set", "turns=6")
    assert "also fixed by --set" in err
    err = _refused(capsys, out, *base, "--sweep", "turns=4,4")
    assert "twice" in err
    err = _refused(capsys, out, *base, "--resume")
    assert "batch.json" in err and "no batch here" in err
    assert not out.exists()


def test_a_batch_directory_is_never_overwritten_or_mixed(tmp_path, capsys):
    out = tmp_path / "kept"
    assert _batch(out, *SMALL, "--workers", "1", "--no-plots") == 0
    capsys.readouterr()
    snapshot = {p.name: p.stat().st_mtime_ns for p in out.iterdir()}
    err = _refused(capsys, out, *SMALL, "--workers", "1")
    assert "holds a batch already" in err and "--resume" in err
    changed = [a if a != "3" else "4" for a in SMALL]  # --runs 4
    err = _refused(capsys, out, *changed, "--resume")
    assert "batch.json" in err and "plan.runs" in err and "started with 3, not 4" in err
    assert {p.name: p.stat().st_mtime_ns for p in out.iterdir()} == snapshot

    (out / "batch.json").write_text("{not json")
    err = _refused(capsys, out, *SMALL, "--resume")
    assert "batch.json:1" in err and "corrupt" in err

    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("mine")
    err = _refused(capsys, other, *SMALL)
    assert "not empty" in err and (other / "notes.txt").read_text() == "mine"
    err = _refused(capsys, other / "notes.txt" / "batch", *SMALL)
    assert "is a file, not a directory" in err


def test_the_out_directory_and_its_parents_are_created(tmp_path, capsys):
    out = tmp_path / "studies" / "2026" / "first"
    assert (
        _batch(out, str(TUTORIAL), "--runs", "1", "--turns", "2", "--quiet", "--workers", "1") == 0
    )
    assert (out / "runs.parquet").exists()


def test_dask_flags_without_dask_say_how_to_install_it(tmp_path, capsys, monkeypatch):
    monkeypatch.setitem(sys.modules, "distributed", None)  # import distributed now fails
    err = _refused(capsys, tmp_path / "x", *SMALL, "--dask-local", "2")
    assert "pip install '.[cluster]'" in err
    assert not (tmp_path / "x").exists()


def test_a_worker_keeps_no_game_alive_after_playing_it():
    """Mesa 3.3 keeps models reachable from globals (mesa issue 3179); a batch worker that plays
    thousands of games must release each, or its memory grows by megabytes a game."""
    import gc

    from mesa.discrete_space import PropertyLayer

    from sim.batch.plan import Task
    from sim.batch.worker import execute
    from sim.scenario.loader import load_scenario

    def alive() -> int:
        gc.collect()
        return sum(isinstance(o, WargameModel | PropertyLayer) for o in gc.get_objects())

    scenario = load_scenario(TUTORIAL, {"turns": 2})
    before = alive()  # games of other tests in this process, which did not release theirs
    for run in range(3):
        assert execute(scenario, Task(0, run, run)).ok
    assert alive() == before


class _UnreachableCluster:
    """An executor that fails as a cluster out of reach does, before any run."""

    description = "a cluster out of reach"

    def results(self, scenarios, tasks):
        from sim.errors import InputError

        raise InputError.single("--scheduler tcp://nowhere:8786", "cannot reach the scheduler")
        yield


def test_a_batch_that_cannot_start_leaves_no_trace(tmp_path):
    from sim.batch.runner import run_batch
    from sim.errors import InputError

    out = tmp_path / "new" / "batch"
    plan = BatchPlan(TUTORIAL, 2, 1, {"turns": 2})
    with pytest.raises(InputError, match="cannot reach"):
        run_batch(plan, out, _UnreachableCluster(), quiet=True)
    assert list(tmp_path.iterdir()) == []
