"""The documentation: its complete example is a valid scenario that plays, its links resolve."""

import re

from builders import REPO

from sim.model import WargameModel
from sim.scenario.loader import load_scenario


def test_the_complete_example_in_the_format_docs_validates_and_plays(tmp_path):
    text = (REPO / "docs" / "scenario-format.md").read_text()
    example = re.search(r"## A complete example.*?```yaml\n(.*?)```", text, re.DOTALL).group(1)
    (tmp_path / "scenarios").mkdir()
    (tmp_path / "scenarios" / "catalog").symlink_to(REPO / "scenarios" / "catalog")
    (tmp_path / "assets").symlink_to(REPO / "assets")
    path = tmp_path / "scenarios" / "example.yaml"
    path.write_text(example)
    scenario = load_scenario(path)
    assert scenario.place_hexes["hill_312"] == (20, 6)
    assert {e.kind for e in scenario.spec.events} == {
        "message",
        "reinforcements",
        "block",
        "supply_source",
        "end",
    }
    model = WargameModel(scenario, seed=1)
    model.run()
    assert model.outcome is not None and model.turn <= 15


def test_every_relative_link_in_the_readme_and_docs_points_to_a_file():
    pages = [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]
    for page in pages:
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text()):
            if "://" in target:
                continue
            assert (page.parent / target).exists(), f"{page.name}: broken link {target}"
