"""``wargame play`` and ``wargame replay``: the game in a window.

The options are parsed and the scenario or save file checked before pygame is imported, so bad
input gets the same one-line messages and exit status 2 as every other command, and ``wargame
run`` never loads pygame.
"""

from __future__ import annotations

import argparse
from pathlib import Path
from typing import Any

from sim.cli_args import add_set_option, overrides_from, whole_number
from sim.errors import InputError


def add_play_parsers(commands: Any) -> None:
    play = commands.add_parser(
        "play",
        help="play a scenario in a window, against the AI or hot-seat",
        description="Play a scenario in a pygame window. F1 in the window lists every key.",
    )
    play.add_argument("scenario", type=Path, nargs="?", help="scenario YAML file")
    play.add_argument(
        "--side",
        action="append",
        default=[],
        metavar="NAME",
        help="the side you play (default: the scenario's first); repeat for "
        "several people at one screen",
    )
    play.add_argument(
        "--hotseat",
        action="store_true",
        help="every side played by people taking turns at the screen",
    )
    play.add_argument(
        "--seed", type=whole_number(0), default=1, metavar="N", help="random seed (default 1)"
    )
    add_set_option(play)
    play.add_argument("--load", type=Path, metavar="FILE", help="continue a saved game")
    play.add_argument(
        "--instructor",
        action="store_true",
        help="the teacher's screen: F5 whose picture is shown, F6 pause, F7 roadblock, "
        "F8 ceasefire (all logged and saved)",
    )
    play.add_argument(
        "--save",
        type=Path,
        metavar="FILE",
        help="where Ctrl+S saves and Ctrl+O loads (default: SCENARIO.save.json)",
    )
    play.add_argument("--size", default="1280x800", metavar="WxH", help="window size")

    replay = commands.add_parser(
        "replay", help="step through a saved game turn by turn, forwards and back"
    )
    replay.add_argument("save", type=Path, help="a saved game (wargame play, Ctrl+S)")
    replay.add_argument("--size", default="1280x800", metavar="WxH", help="window size")


def run_play(args: argparse.Namespace) -> int:
    from sim.game.savefile import load_game
    from sim.game.session import GameSession, playable_sides
    from sim.scenario.loader import load_scenario

    size = _size(args.size)
    if args.load is not None:
        session = load_game(args.load)
    else:
        if args.scenario is None:
            raise InputError.single("wargame play", "give a scenario file, or --load a save")
        overrides = overrides_from(args)
        scenario = load_scenario(args.scenario, overrides)
        playable = playable_sides(scenario)
        unknown = [s for s in args.side if s not in playable]
        if unknown:
            raise InputError.single(
                f"--side {unknown[0]}", f"no such side to play; choose from {', '.join(playable)}"
            )
        sides = playable if args.hotseat else (args.side or playable[:1])
        session = GameSession(args.scenario, args.seed, tuple(sides), overrides, scenario)
    from sim.render.window import GameWindow

    save_path = args.save or args.load
    window = GameWindow(
        session,
        hotseat=len(session.human_sides) > 1,
        save_path=save_path,
        instructor=args.instructor,
        size=size,
    )
    window.run()
    return 0


def run_replay(args: argparse.Namespace) -> int:
    from sim.game.replay import Replay

    size = _size(args.size)
    replay = Replay(args.save)
    from sim.render.window import GameWindow

    GameWindow(replay.session, replay=replay, size=size).run()
    return 0


def _size(text: str) -> tuple[int, int]:
    width, sep, height = text.lower().partition("x")
    if not sep or not width.isdigit() or not height.isdigit():
        raise InputError.single(f"--size {text}", "expected WIDTHxHEIGHT, e.g. 1280x800")
    return max(480, int(width)), max(360, int(height))
