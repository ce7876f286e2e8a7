"""The import contracts in pyproject.toml hold: no cycles, the core free of front ends, the rules
free of the model, the engine's layers in order (see docs/architecture.md)."""

import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LINT = "from importlinter.cli import lint_imports; raise SystemExit(lint_imports(no_cache=True))"


def test_the_import_contracts_are_kept():
    result = subprocess.run(
        [sys.executable, "-c", LINT], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "4 kept, 0 broken" in result.stdout
