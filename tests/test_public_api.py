"""The public API: ``sim.__all__`` names what scripts may rely on, and every name in it (and every
public method of its classes) says what it is for."""

import ast
import dataclasses
import inspect
import itertools
from pathlib import Path

import sim
import sim.orders
import sim.phases

REPO = Path(__file__).resolve().parents[1]


def _documented_constant(module, name: str) -> bool:
    """A module-level constant counts as documented by the string literal just after it."""
    body = ast.parse(Path(inspect.getfile(module)).read_text()).body
    for statement, following in itertools.pairwise(body):
        targets = statement.targets if isinstance(statement, ast.Assign) else []
        if isinstance(statement, ast.AnnAssign):
            targets = [statement.target]
        if any(isinstance(t, ast.Name) and t.id == name for t in targets):
            return isinstance(following, ast.Expr) and isinstance(following.value, ast.Constant)
    return False


def test_every_public_name_exists_and_has_a_docstring():
    missing = []
    for name in sim.__all__:
        obj = getattr(sim, name)
        if not (inspect.isclass(obj) or inspect.isfunction(obj)):
            homes = [sim.phases, sim.orders]  # where the API's constants and aliases are defined
            if not any(_documented_constant(home, name) for home in homes):
                missing.append(name)
            continue
        doc = inspect.getdoc(obj) or ""
        generated = dataclasses.is_dataclass(obj) and doc.startswith(f"{obj.__name__}(")
        if not doc or generated:
            missing.append(name)
        for attr, value in vars(obj).items() if inspect.isclass(obj) else ():
            function = value.fget if isinstance(value, property) else value
            function = getattr(function, "__func__", function)
            if not attr.startswith("_") and inspect.isfunction(function) and not function.__doc__:
                missing.append(f"{name}.{attr}")
    assert missing == []


def test_the_api_is_importable_as_the_readme_uses_it():
    assert sorted(sim.__all__) == sorted(set(sim.__all__))
    assert {"WargameModel", "load_scenario", "side_view", "referee_view", "Move", "Sortie"} <= set(
        sim.__all__
    )
    readme = (REPO / "README.md").read_text()
    assert "import sim" in readme and "sim.WargameModel(" in readme
