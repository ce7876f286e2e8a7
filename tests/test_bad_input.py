"""Every kind of bad input gets a clear message with file, line and field, exit 2, no output."""

import subprocess
import sys

import pytest
import yaml
from builders import unit, write_scenario

from sim.cli import main


@pytest.fixture
def scenario(tmp_path):
    return write_scenario(
        tmp_path,
        ["....."] * 3,
        [
            unit("b1", "blue", "tank_battalion", [0, 1]),
            unit("r1", "red", "infantry_battalion", [4, 1]),
        ],
    )


def _edit(path, change):
    data = yaml.safe_load(path.read_text())
    change(data)
    path.write_text(yaml.safe_dump(data, sort_keys=False))


def _set(key, value):
    def change(data):
        node = data
        *parents, last = key
        for part in parents:
            node = node[part]
        node[last] = value

    return change


def _line_of(path, text):
    return next(i for i, line in enumerate(path.read_text().splitlines(), 1) if text in line)


_AIR_BASE = {
    "id": "base",
    "name": "Base",
    "side": "blue",
    "at": [0, 0],
    "aircraft": {"tb2": 1},
    "source": "TEST",
}

CASES = {
    "malformed YAML": (lambda p: p.write_text("title: x\nturns: [1, 2\n"), [], "malformed YAML"),
    "empty file": (lambda p: p.write_text("# nothing\n"), [], "the file is empty"),
    "several documents": (
        lambda p: p.write_text(p.read_text() + "---\ntitle: again\n"),
        [],
        "expected a single YAML document, found several",
    ),
    "not a mapping": (
        lambda p: p.write_text("- a\n- b\n"),
        [],
        "expected a YAML mapping at the top level, found list",
    ),
    "not UTF-8": (lambda p: p.write_bytes(b"title: caf\xe9\n"), [], "not UTF-8 text"),
    "wrong type": (
        lambda p: _edit(p, _set(("turns",), "many")),
        [],
        "turns: Input should be a valid integer",
    ),
    "unknown key": (
        lambda p: _edit(p, _set(("units", 0, "postur"), "move")),
        [],
        "units[0].postur: unknown field 'postur' (did you mean 'posture'?)",
    ),
    "missing field": (
        lambda p: _edit(p, lambda d: d.pop("briefing")),
        [],
        "briefing: required field is missing",
    ),
    "unknown catalog id": (
        lambda p: _edit(p, _set(("units", 0, "type"), "tank_batallion")),
        [],
        "units[0].type: unknown unit type 'tank_batallion'",
    ),
    "unit off the map": (
        lambda p: _edit(p, _set(("units", 1, "at"), [9, 1])),
        [],
        "units[1].at: hex [9, 1] is off the map",
    ),
    "lat/lon off the map": (
        lambda p: _edit(p, _set(("units", 1, "at"), {"lat": 41, "lon": 45})),
        [],
        "units[1].at: lat 41, lon 45 (hex [0, -128]) is off the map",
    ),
    "unknown place": (
        lambda p: _edit(p, _set(("units", 1, "at"), "atlantis")),
        [],
        "units[1].at: unknown place 'atlantis'",
    ),
    "unknown objective on an axis": (
        lambda p: _edit(p, _set(("units", 0, "axis"), ["moscow"])),
        [],
        "units[0].axis[0]: unknown objective or place 'moscow'; expected one of: none",
    ),
    "unknown source tag": (
        lambda p: _edit(p, _set(("units", 0, "source"), "NOWHERE")),
        [],
        "units[0].source: unknown source tag 'NOWHERE'",
    ),
    "bad position": (
        lambda p: _edit(p, _set(("units", 0, "at"), [1, 2, 3])),
        [],
        "units[0].at: expected a place id, a hex [col, row] or {lat: .., lon: ..}",
    ),
    "missing terrain file": (
        lambda p: _edit(p, _set(("map", "terrain"), "gone.txt")),
        [],
        "map.terrain: terrain file not found",
    ),
    "misshaped terrain file": (
        lambda p: p.with_name("test_terrain.txt").write_text(".....\n....\n.....\n"),
        [],
        "test_terrain.txt:2: expected 5 symbols in row 1, found 4",
    ),
    "unknown terrain symbol": (
        lambda p: p.with_name("test_terrain.txt").write_text(".....\n..X..\n.....\n"),
        [],
        "unknown terrain symbol(s) 'X'",
    ),
    "bad elevation value": (
        lambda p: p.with_name("test_elevation.txt").write_text("1 2 3 4 5\n1 2 x 4 5\n1 2 3 4 5\n"),
        [],
        "test_elevation.txt:2: 'x' in column 2",
    ),
    "unknown air type": (
        lambda p: _edit(
            p, lambda d: d.__setitem__("air_bases", [_AIR_BASE | {"aircraft": {"tb3": 1}}])
        ),
        [],
        "air_bases[0].aircraft.tb3: unknown air type 'tb3'",
    ),
    "missing air doctrine": (
        lambda p: _edit(
            p,
            lambda d: (
                d.__setitem__("air_bases", [_AIR_BASE]),
                d["sides"]["blue"]["ai"].pop("air"),
            ),
        ),
        [],
        "sides.blue.ai.air: required because it has air base 'base'",
    ),
    "set without value": (None, ["--set", "turns"], "--set turns: expected KEY=VALUE"),
    "set of a wrong type": (
        None,
        ["--set", "turns=abc"],
        "--set turns=abc: turns: Input should be a valid integer",
    ),
    "set of an unknown entry": (
        None,
        ["--set", "units.zz.strength=0.5"],
        "--set units.zz.strength=0.5: no entry 'zz' in units",
    ),
    "set of a bad catalog value": (
        None,
        ["--set", "catalog.rules.combat.noise_sigma=-1"],
        "rules.combat.noise_sigma: Input should be greater than or equal",
    ),
    "set of an unknown catalog entry": (
        None,
        ["--set", "catalog.nothing.x=1"],
        "no catalog section or entry for 'nothing.x'",
    ),
}


@pytest.mark.parametrize("case", CASES)
def test_bad_input_is_reported_with_exit_2_and_no_output(case, scenario, tmp_path, capsys):
    damage, extra_args, expected = CASES[case]
    if damage is not None:
        damage(scenario)
    out = tmp_path / "results"
    code = main(["run", str(scenario), "--out", str(out), *extra_args])
    captured = capsys.readouterr()
    assert code == 2
    assert expected in captured.err, captured.err
    assert "Traceback" not in captured.err
    assert not out.exists()
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".results")]


def test_messages_name_the_line_of_the_field(scenario, capsys):
    _edit(scenario, _set(("units", 1, "type"), "infantry_batallion"))
    line = _line_of(scenario, "infantry_batallion")
    assert main(["validate", str(scenario)]) == 2
    assert f"{scenario}:{line}: units[1].type: unknown unit type" in capsys.readouterr().err


def test_all_errors_of_a_file_are_reported_at_once(scenario, capsys):
    _edit(scenario, _set(("turns",), -3))
    _edit(scenario, _set(("units", 0, "strength"), 2.0))
    _edit(scenario, _set(("sides", "red", "colour"), "red"))
    assert main(["validate", str(scenario)]) == 2
    err = capsys.readouterr().err
    assert "turns:" in err and "units[0].strength:" in err and "sides.red.colour:" in err


def test_duplicate_keys_are_caught(scenario, capsys):
    scenario.write_text(scenario.read_text() + "turns: 7\n")
    assert main(["validate", str(scenario)]) == 2
    assert "duplicate key 'turns'" in capsys.readouterr().err


def test_missing_scenario_and_unusable_out_dir(scenario, tmp_path, capsys):
    assert main(["run", str(tmp_path / "nope.yaml")]) == 2
    assert "scenario file not found" in capsys.readouterr().err
    blocker = tmp_path / "a_file"
    blocker.write_text("x")
    assert main(["run", str(scenario), "--out", str(blocker)]) == 2
    assert "--out must be a directory" in capsys.readouterr().err
    assert blocker.read_text() == "x"


def test_bad_input_from_the_real_command_has_no_traceback(scenario):
    _edit(scenario, _set(("units", 0, "type"), "nonsense"))
    result = subprocess.run(
        [sys.executable, "-m", "sim.cli", "run", str(scenario)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "unknown unit type 'nonsense'" in result.stderr
    assert "Traceback" not in result.stderr
