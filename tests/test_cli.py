"""The ``wargame`` command end to end: what a user types and what they get back."""

import csv
import json
import subprocess
import sys
from pathlib import Path

from builders import TUTORIAL, unit, write_scenario

from sim.cli import main


def test_run_prints_a_summary_and_writes_its_results(tmp_path, capsys):
    out = tmp_path / "run1"
    assert main(["run", str(TUTORIAL), "--seed", "3", "--turns", "6", "--out", str(out)]) == 0
    printed = capsys.readouterr().out
    assert "Tutorial: River crossing" in printed and "Played 6 of 6 turns" in printed
    assert "Outcome:" in printed and "Objectives:" in printed and "Losses:" in printed
    assert sorted(p.name for p in out.iterdir()) == ["events.jsonl", "summary.json", "turns.csv"]
    summary = json.loads((out / "summary.json").read_text())
    assert summary["seed"] == 3 and summary["turns_played"] == 6
    assert summary["overrides"] == {"turns": 6}
    assert set(summary["sides"]) == {"blue", "red"}
    rows = list(csv.DictReader((out / "turns.csv").open()))
    assert [int(r["turn"]) for r in rows] == list(range(1, 7))
    events = [json.loads(line) for line in (out / "events.jsonl").read_text().splitlines()]
    assert events[0]["kind"] == "game_started" and events[-1]["kind"] == "game_ended"
    assert all({"turn", "time", "side", "hex", "kind", "text"} <= set(e) for e in events)


def test_set_overrides_change_the_game_and_are_recorded(tmp_path, capsys):
    out = tmp_path / "run2"
    args = [
        "run",
        str(TUTORIAL),
        "--turns",
        "3",
        "--set",
        "sides.red.ai.attack_odds=9",
        "--set",
        "catalog.rules.combat.noise_sigma=0",
        "--out",
        str(out),
    ]
    assert main(args) == 0
    summary = json.loads((out / "summary.json").read_text())
    assert summary["overrides"] == {
        "sides.red.ai.attack_odds": 9,
        "catalog.rules.combat.noise_sigma": 0,
        "turns": 3,
    }
    combats = [
        json.loads(line)
        for line in (out / "events.jsonl").read_text().splitlines()
        if '"kind":"combat"' in line
    ]
    assert all(c["intensity"] == 3 / 24 for c in combats)


def test_a_second_run_replaces_the_results_in_an_existing_directory(tmp_path, capsys):
    out = tmp_path / "again"
    out.mkdir()
    (out / "notes.txt").write_text("mine")
    assert main(["run", str(TUTORIAL), "--turns", "2", "--seed", "1", "--out", str(out)]) == 0
    first = (out / "events.jsonl").read_text()
    assert main(["run", str(TUTORIAL), "--turns", "2", "--seed", "2", "--out", str(out)]) == 0
    assert (out / "events.jsonl").read_text() != first
    assert (out / "notes.txt").read_text() == "mine"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["again"]


def test_validate_reports_each_file_and_fails_if_any_is_bad(tmp_path, capsys):
    bad = write_scenario(tmp_path, ["..."], [unit("b", "blue", "no_such_type", [0, 0])])
    assert main(["validate", str(TUTORIAL)]) == 0
    assert "OK" in capsys.readouterr().out
    assert main(["validate", str(TUTORIAL), str(bad)]) == 2
    captured = capsys.readouterr()
    assert f"{TUTORIAL}: OK" in captured.out and f"{bad}: INVALID" in captured.out
    assert "unknown unit type 'no_such_type'" in captured.err


def test_the_installed_command_runs(tmp_path):
    script = Path(sys.executable).with_name("wargame")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "sim.cli"]
    result = subprocess.run(
        [*command, "run", str(TUTORIAL), "--turns", "2"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Outcome:" in result.stdout
    usage = subprocess.run([*command, "run"], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "usage:" in usage.stderr and "Traceback" not in usage.stderr
