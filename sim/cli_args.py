"""Command-line options shared by the ``wargame`` subcommands."""

from __future__ import annotations

import argparse
from collections.abc import Callable
from typing import Any

from sim.scenario.overrides import parse_set_argument


def whole_number(minimum: int) -> Callable[[str], int]:
    """An argparse type for whole numbers of at least ``minimum``."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            raise argparse.ArgumentTypeError(f"expected a whole number, got '{text}'") from None
        if value < minimum:
            raise argparse.ArgumentTypeError(f"expected {minimum} or more, got {value}")
        return value

    return parse


def add_set_option(parser: argparse.ArgumentParser) -> None:
    """``--set KEY=VALUE``, repeatable: scenario and catalog overrides."""
    parser.add_argument(
        "--set",
        dest="overrides",
        action="append",
        default=[],
        metavar="KEY=VALUE",
        help="override a scenario value, e.g. --set sides.red.ai.attack_odds=2 "
        "or --set catalog.rules.combat.noise_sigma=0.2 (repeatable)",
    )


def add_turns_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--turns",
        type=whole_number(1),
        metavar="N",
        help="number of turns to play instead of the scenario's (moves the time limit)",
    )


def overrides_from(args: argparse.Namespace) -> dict[str, Any]:
    """The ``--set`` overrides of a command, with ``--turns`` (where it has one) as ``turns``."""
    overrides = dict(parse_set_argument(text) for text in args.overrides)
    if getattr(args, "turns", None) is not None:
        overrides["turns"] = args.turns
    return overrides
