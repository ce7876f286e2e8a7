"""After-action reviews: the page of a headless run, a saved game and a batch; escaping of the
scenario's texts; bad input; a run whose log no longer replays.

The games are the tutorials, a few turns long, so the whole file runs in seconds.
"""

from __future__ import annotations

import argparse
import base64
import json
import shutil
import struct
from html.parser import HTMLParser
from pathlib import Path

import pytest
import yaml
from builders import REPO

from sim.cli import main
from sim.errors import InputError
from sim.game.savefile import save_game
from sim.game.session import GameSession
from sim.report import build_aar
from sim.report.command import add_aar_parser
from sim.report.snapshots import choose_turns

DRONES = REPO / "scenarios" / "tutorial_drones_and_air_defence.yaml"
RIVER = REPO / "scenarios" / "tutorial_river_crossing.yaml"
GAME_SECTIONS = {"scenario", "outcome", "timeline", "snapshots", "losses", "air-war"}
BATCH_SECTIONS = {"batch", "outcomes", "metrics", "paired", "events", "all-metrics", "plots"}
VOID = {"img", "meta", "br", "hr", "col", "input", "link"}
MARKUP = "<script>alert('aar')</script>"


class Page(HTMLParser):
    """The parts of a page the tests look at: every tag, the ids, the images of each section,
    the text; and whether the elements are well nested."""

    def __init__(self, text: str):
        super().__init__(convert_charrefs=True)
        self.tags: list[str] = []
        self.ids: list[str] = []
        self.headings: dict[str, str] = {}
        self.images: dict[str | None, list[str]] = {}
        self.text: list[str] = []
        self.errors: list[str] = []
        self._open: list[tuple[str, str | None]] = []
        self._section: str | None = None
        self._in_h2 = False
        self.feed(text)
        self.close()
        if self._open:
            self.errors.append(f"never closed: {[t for t, _ in self._open]}")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append(tag)
        attributes = dict(attrs)
        if attributes.get("id"):
            self.ids.append(attributes["id"])
        if tag == "section":
            self._section = attributes.get("id")
        if tag == "img":
            self.images.setdefault(self._section, []).append(attributes.get("src") or "")
        if tag == "h2":
            self._in_h2 = True
        if tag not in VOID:
            self._open.append((tag, attributes.get("id")))

    def handle_startendtag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.errors.append(f"self-closing <{tag}/>")

    def handle_endtag(self, tag: str) -> None:
        if tag in VOID:
            self.errors.append(f"end tag of void element {tag}")
            return
        if not self._open or self._open[-1][0] != tag:
            self.errors.append(f"</{tag}> closes {self._open[-1][0] if self._open else 'nothing'}")
            return
        self._open.pop()
        if tag == "section":
            self._section = None
        if tag == "h2":
            self._in_h2 = False

    def handle_data(self, data: str) -> None:
        self.text.append(data)
        if self._in_h2 and self._section:
            self.headings[self._section] = self.headings.get(self._section, "") + data

    def all_images(self) -> list[str]:
        return [src for sources in self.images.values() for src in sources]


def _parse(path: Path) -> Page:
    page = Page(path.read_text(encoding="utf-8"))
    assert page.errors == []
    return page


def _png(src: str) -> tuple[int, int]:
    """The size of an embedded PNG, after checking it is one."""
    prefix = "data:image/png;base64,"
    assert src.startswith(prefix)
    data = base64.b64decode(src[len(prefix) :], validate=True)
    assert data[:8] == b"\x89PNG\r\n\x1a\n"
    return struct.unpack(">II", data[16:24])


def _leftovers(directory: Path) -> list[str]:
    return sorted(p.name for p in directory.iterdir() if "aar" in p.name or "partial" in p.name)


# -- games made once for the module -----------------------------------------------------------


@pytest.fixture(scope="module")
def run_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("run") / "drones"
    assert main(["run", str(DRONES), "--turns", "4", "--out", str(out)]) == 0
    return out


@pytest.fixture(scope="module")
def save_file(tmp_path_factory) -> Path:
    session = GameSession.start(RIVER, seed=2)
    for _ in range(3):
        session.end_turn()
    path = tmp_path_factory.mktemp("save") / "river.save.json"
    save_game(session, path)
    return path


@pytest.fixture(scope="module")
def batch_dir(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("batch") / "river"
    args = ["batch", str(RIVER), "--turns", "3", "--runs", "3", "--workers", "1", "--quiet"]
    args += ["--sweep", "sides.blue.ai.attack_odds=1.5,3", "--out", str(out)]
    assert main(args) == 0
    return out


@pytest.fixture(scope="module")
def marked_up_run(tmp_path_factory) -> Path:
    """A run of a copy of the drones tutorial whose texts are full of markup."""
    folder = tmp_path_factory.mktemp("markup")
    data = yaml.safe_load(DRONES.read_text())
    scenarios = DRONES.parent
    data["catalog"] = [str(scenarios / name) for name in data["catalog"]]
    for key in ("elevation", "terrain"):
        data["map"][key] = str((scenarios / data["map"][key]).resolve())
    data["title"] = "Drones & <b>air</b> defence"
    data["briefing"] = f"Read this first. {MARKUP}\n\nIt cites [FICTION]."
    data["side_briefings"] = {"blue": f"Blue's orders {MARKUP}"}
    data["sources"] = {
        k: f"{text} <img src=x onerror=alert(1)>" for k, text in data["sources"].items()
    }
    data["units"][0]["name"] = f"{MARKUP} battalion"
    data["events"] = [*data.get("events", []), {"turn": 1, "kind": "message", "text": MARKUP}]
    scenario = folder / "marked_up.yaml"
    scenario.write_text(yaml.safe_dump(data, sort_keys=False, allow_unicode=True))
    out = folder / "run"
    assert main(["run", str(scenario), "--turns", "2", "--out", str(out)]) == 0
    return out


# -- the three kinds of input -----------------------------------------------------------------


def test_the_review_of_a_run_has_every_section_and_the_snapshots_asked_for(run_dir):
    written = build_aar(run_dir, turns=[0, 2, 4])
    assert written == run_dir / "aar.html"
    page = _parse(written)
    assert set(page.ids) >= GAME_SECTIONS
    assert set(page.headings) >= GAME_SECTIONS
    assert page.headings["air-war"] == "The air war"
    assert len(page.images["snapshots"]) == 3
    for src in page.all_images():
        _png(src)
    assert all(_png(src)[0] == 1000 for src in page.images["snapshots"])
    assert page.images["losses"] and page.images["air-war"]  # the charts
    text = " ".join(page.text)
    assert "game over" in text and "Tutorial: Drones against an air defence" in text
    assert "checked to give the recorded event log" in text  # the footer says how
    assert "engine" in text and "seed 1" in text


def test_by_default_the_snapshots_are_the_start_evenly_spaced_turns_and_the_end(run_dir, tmp_path):
    page = _parse(build_aar(run_dir, out=tmp_path / "review.html"))
    assert len(page.images["snapshots"]) == 5  # turns 0 to 4
    assert choose_turns(88, None) == [0, 18, 35, 53, 70, 88]
    assert choose_turns(2, None) == [0, 1, 2]
    assert choose_turns(0, None) == [0]


def test_the_review_of_a_saved_game_replays_it(save_file):
    written = build_aar(save_file, turns=[1, 3])
    assert written == save_file.with_suffix(".aar.html")
    page = _parse(written)
    assert set(page.ids) >= GAME_SECTIONS
    assert len(page.images["snapshots"]) == 2
    for src in page.all_images():
        _png(src)
    text = " ".join(page.text)
    assert "saved game" in text and "Played by people: Blue" in text
    assert "Tutorial: River crossing" in text


def test_the_review_of_a_batch_shows_its_statistics_and_plots(batch_dir):
    written = build_aar(batch_dir)
    assert written == batch_dir / "aar.html"
    page = _parse(written)
    assert set(page.ids) >= BATCH_SECTIONS
    plots = sorted((batch_dir / "plots").glob("*.png"))
    assert plots and len(page.images["plots"]) == len(plots)
    for src in page.all_images():
        _png(src)
    text = " ".join(page.text)
    assert "95% CI" in text and "pairs" in text  # intervals and the paired differences
    assert "point 1 (3.0)" in text or "point 1 (3)" in text
    with pytest.raises(InputError, match="--turns"):
        build_aar(batch_dir, out=batch_dir / "other.html", turns=[1])
    assert not (batch_dir / "other.html").exists()


def test_markup_in_the_scenario_is_shown_as_text(marked_up_run):
    written = build_aar(marked_up_run, turns=[0, 2])
    page = _parse(written)
    html = written.read_text(encoding="utf-8")
    assert "script" not in page.tags
    assert page.tags.count("img") == len(page.all_images())
    assert all(src.startswith("data:image/png;base64,") for src in page.all_images())
    assert "<b>" not in html and "<img src=x" not in html
    assert "&lt;img src=x onerror=alert(1)&gt;" in html
    text = " ".join(page.text)
    assert text.count(MARKUP) >= 4  # briefing, side briefing, order of battle, the news
    assert "Drones & <b>air</b> defence" in text
    assert "&lt;script&gt;" in html
    assert 'href="#source-FICTION"' in html  # the citation links to its source
    assert len(page.images["snapshots"]) == 2


# -- bad input --------------------------------------------------------------------------------


def test_bad_input_is_refused_naming_the_file_and_nothing_is_written(run_dir, tmp_path):
    missing = tmp_path / "nowhere"
    with pytest.raises(InputError) as exc:
        build_aar(missing)
    assert str(missing) in str(exc.value)

    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match="neither a run directory"):
        build_aar(empty)
    assert _leftovers(empty) == []

    corrupt = tmp_path / "corrupt"
    shutil.copytree(run_dir, corrupt)
    (corrupt / "aar.html").unlink(missing_ok=True)
    (corrupt / "summary.json").write_text('{"scenario": "x",\n  "seed": \n}\n')
    with pytest.raises(InputError) as exc:
        build_aar(corrupt)
    problem = exc.value.problems[0]
    assert problem.source == str(corrupt / "summary.json") and problem.line == 3
    assert _leftovers(corrupt) == []

    (corrupt / "summary.json").write_text('{"scenario": "x"}\n')
    with pytest.raises(InputError) as exc:
        build_aar(corrupt)
    assert {p.field for p in exc.value.problems} >= {"seed", "sides"}

    shutil.copy(run_dir / "summary.json", corrupt / "summary.json")
    lines = (corrupt / "events.jsonl").read_text().splitlines()
    lines[4] = lines[4][:-10]
    (corrupt / "events.jsonl").write_text("\n".join(lines) + "\n")
    with pytest.raises(InputError) as exc:
        build_aar(corrupt)
    assert exc.value.problems[0].line == 5 and "events.jsonl" in exc.value.problems[0].source
    assert _leftovers(corrupt) == []

    with pytest.raises(InputError, match="turn 9 is not in the game"):
        build_aar(run_dir, out=tmp_path / "late.html", turns=[0, 9])
    with pytest.raises(InputError, match="does not exist"):
        build_aar(run_dir, out=tmp_path / "no" / "such" / "dir.html")
    assert not (tmp_path / "late.html").exists()

    not_a_save = tmp_path / "notes.json"
    not_a_save.write_text('{"hello": 1}\n')
    with pytest.raises(InputError, match="not a saved game"):
        build_aar(not_a_save)
    assert not not_a_save.with_suffix(".aar.html").exists()


def test_the_turns_option_takes_whole_numbers_separated_by_commas():
    parser = argparse.ArgumentParser()
    add_aar_parser(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["aar", "out/run", "--turns", "1,10, 20", "--out", "r.html"])
    assert args.turns == [1, 10, 20] and args.out == Path("r.html")
    with pytest.raises(SystemExit):
        parser.parse_args(["aar", "out/run", "--turns", "1,x"])


def test_a_run_that_no_longer_replays_gets_a_review_without_snapshots(run_dir, tmp_path):
    changed = tmp_path / "changed"
    shutil.copytree(run_dir, changed)
    (changed / "aar.html").unlink(missing_ok=True)
    lines = (changed / "events.jsonl").read_text().splitlines()
    index = next(i for i, line in enumerate(lines) if '"kind":"sortie"' in line)
    lines[index] = lines[index].replace('"altitude_m":', '"altitude_m":1', 1)
    (changed / "events.jsonl").write_text("\n".join(lines) + "\n")
    page = _parse(build_aar(changed))
    assert set(page.ids) >= GAME_SECTIONS
    assert "snapshots" not in page.images
    text = " ".join(page.text)
    assert "No map snapshots" in text and f"line {index + 1} of events.jsonl" in text
    assert page.images["losses"]  # the rest of the review is there


def test_a_run_whose_scenario_is_gone_gets_a_review_from_its_files(run_dir, tmp_path):
    moved = tmp_path / "moved"
    shutil.copytree(run_dir, moved)
    (moved / "aar.html").unlink(missing_ok=True)
    summary = json.loads((moved / "summary.json").read_text())
    summary["file"] = "no/such/scenario.yaml"
    (moved / "summary.json").write_text(json.dumps(summary))
    page = _parse(build_aar(moved))
    assert set(page.ids) >= GAME_SECTIONS
    assert "snapshots" not in page.images
    assert "no/such/scenario.yaml was not found" in " ".join(page.text)


def test_a_snapshot_is_a_png_of_the_size_asked_for():
    from sim.model import WargameModel
    from sim.render.snapshot import render_snapshot

    model = WargameModel(RIVER, seed=1)
    model.step()
    png = render_snapshot(model)
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    assert struct.unpack(">II", png[16:24]) == (1000, 700)
    model.release()
