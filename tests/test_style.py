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
