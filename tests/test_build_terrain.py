"""The terrain builder turns a control file into the map it describes."""

import subprocess
import sys

import numpy as np
import yaml
from builders import REPO

from sim.terrain.files import read_class_map, read_heightmap
from sim.terrain.geometry import GeoReference

SYMBOLS = {s: i for i, s in enumerate(".hmfurwx")}
CONTROL = {
    "grid": {"origin": {"lat": 40.0, "lon": 45.0}, "hex_size_km": 1.0, "size": [30, 24]},
    "smoothing": 0.0,
    "spot_heights": [
        {"name": "valley", "lat": 39.93, "lon": 45.05, "elevation_m": 300},
        {"name": "summit", "lat": 39.95, "lon": 45.30, "elevation_m": 2200},
        {"name": "plain", "lat": 39.82, "lon": 45.10, "elevation_m": 400},
    ],
    "ridges": [{"name": "ridge", "path": [[39.95, 45.20, 1800], [39.85, 45.30, 1800]]}],
    "classes": {
        "hills_above_m": 700,
        "hills_relief_m": 400,
        "mountains_above_m": 1600,
        "mountains_relief_m": 900,
    },
    "towns": [{"name": "town", "lat": 39.93, "lon": 45.05, "radius_km": 0.6}],
    "rivers": [{"name": "river", "path": [[40.0, 45.12, 500], [39.80, 45.12, 350]]}],
    "lakes": [
        {
            "name": "lake",
            "polygon": [[39.84, 45.01], [39.84, 45.05], [39.81, 45.05], [39.81, 45.01]],
            "elevation_m": 380,
        }
    ],
    "foreign": [
        {
            "name": "abroad",
            "polygon": [[39.845, 45.20], [39.845, 45.40], [39.70, 45.40], [39.70, 45.20]],
        }
    ],
}


def _build(tmp_path):
    control = tmp_path / "control.yaml"
    control.write_text(yaml.safe_dump(CONTROL))
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_terrain.py"), str(control)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return (
        read_heightmap(tmp_path / "elevation.txt", 30, 24),
        read_class_map(tmp_path / "terrain.txt", 30, 24, SYMBOLS),
    )


def test_spot_heights_ridges_and_features_land_where_the_control_file_puts_them(tmp_path):
    height, classes = _build(tmp_path)
    geo = GeoReference(40.0, 45.0, 1.0)

    def at(lat, lon):
        col, row = geo.hex_of(lat, lon)
        return int(col), int(row)

    # With no smoothing the surface passes through the control heights (the hex centre is
    # within half a kilometre of the control point, on a surface sloping at most ~100 m/km).
    assert abs(height[at(39.95, 45.30)] - 2200) < 150
    assert abs(height[at(39.82, 45.10)] - 400) < 150
    assert height.min() >= 300 - 1 and height.max() <= 2200 + 1
    assert classes[at(39.93, 45.05)] == SYMBOLS["u"]
    assert classes[at(39.90, 45.12)] == SYMBOLS["r"]
    assert classes[at(39.825, 45.03)] == SYMBOLS["w"] and height[at(39.825, 45.03)] == 380
    assert classes[at(39.83, 45.30)] == SYMBOLS["x"]
    assert classes[at(39.95, 45.30)] == SYMBOLS["m"]
    river = [height[at(lat, 45.12)] for lat in np.linspace(39.98, 39.84, 8)]
    assert all(h <= 500 + 1 for h in river)


def test_a_bad_control_file_gets_one_message_and_exit_2(tmp_path):
    control = tmp_path / "control.yaml"
    control.write_text("grid: [1, 2\n")
    result = subprocess.run(
        [sys.executable, str(REPO / "tools" / "build_terrain.py"), str(control)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 2
    assert "control.yaml:2: malformed YAML" in result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "elevation.txt").exists()
