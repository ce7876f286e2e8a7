"""The code stays ruff-clean, and CI runs exactly the test command the README gives."""

import re
import subprocess
import sys

from builders import REPO


def test_ruff_finds_nothing():
    result = subprocess.run(
        [sys.executable, "-m", "ruff", "check", "--no-cache", str(REPO)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_ci_runs_the_readme_test_command_verbatim():
    readme = (REPO / "README.md").read_text()
    commands = re.findall(r"^    (python3 -m venv .*)$", readme, flags=re.MULTILINE)
    test_command = next(c for c in commands if "pytest" in c)
    assert test_command in (REPO / ".ci" / "run").read_text().splitlines()
    assert any("wargame run" in c for c in commands)


FRONT_END_IMPORTS = {
    "pygame": ("sim/render/",),
    "matplotlib": ("sim/batch/plots/", "sim/report/"),
    "distributed": ("sim/batch/dask_executor.py",),
    "dask": ("sim/batch/dask_executor.py",),
}
"""Where each front-end library may be imported: the front ends, never the core."""


def test_front_end_libraries_are_imported_only_by_their_front_ends():
    """The core never imports pygame, matplotlib or Dask (DESIGN.md)."""
    pattern = re.compile(r"^\s*(?:import|from)\s+(pygame|matplotlib|distributed|dask)\b", re.M)
    for path in sorted((REPO / "sim").rglob("*.py")):
        relative = path.relative_to(REPO).as_posix()
        for library in pattern.findall(path.read_text()):
            assert relative.startswith(FRONT_END_IMPORTS[library]), f"{relative} imports {library}"
    loaded = subprocess.run(
        [sys.executable, "-c", "import sys, sim.cli, sim.model, sim.batch.runner;"
         "print(sorted({'pygame', 'matplotlib', 'distributed'} & set(sys.modules)))"],
        capture_output=True, text=True, check=True,
    ).stdout.strip()  # fmt: skip
    assert loaded == "[]"
