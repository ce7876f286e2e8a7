"""The ``wargame`` command: run a scenario headless or many times, play it in a window, replay
a saved game, review a game or a batch after the fact, or validate files.

Bad input of any kind ends with one message per problem on stderr (file, line, field, what was
expected) and exit status 2, and leaves no output behind.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from pathlib import Path

from sim.batch.command import add_batch_parser, run_batch_command
from sim.cli_args import add_set_option, add_turns_option, overrides_from, whole_number
from sim.errors import InputError
from sim.model import WargameModel
from sim.render.command import add_play_parsers, run_play, run_replay
from sim.report.command import add_aar_parser, run_aar
from sim.run_output import check_output_dir, json_writer, write_outputs
from sim.scenario.loader import load_scenario
from sim.summary import build_summary, format_summary

EXIT_BAD_INPUT = 2


class _Parser(argparse.ArgumentParser):
    """argparse, but usage errors name the command and exit with status 2 like bad files."""

    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: error: {message}\n")


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(prog="wargame", description=__doc__.splitlines()[0])
    commands = parser.add_subparsers(dest="command", required=True, parser_class=_Parser)

    run = commands.add_parser("run", help="play a scenario headless with the AI on every side")
    run.add_argument("scenario", type=Path, help="scenario YAML file")
    run.add_argument("--seed", type=whole_number(0), default=1, help="random seed (default 1)")
    add_turns_option(run)
    add_set_option(run)
    run.add_argument(
        "--out", type=Path, help="directory for events.jsonl, turns.csv and summary.json"
    )

    add_batch_parser(commands)
    add_play_parsers(commands)
    add_aar_parser(commands)

    validate = commands.add_parser("validate", help="check scenario files and report every error")
    validate.add_argument("scenarios", type=Path, nargs="+", help="scenario YAML files")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command == "run":
            return _run(args)
        if args.command == "batch":
            return run_batch_command(args)
        if args.command == "play":
            return run_play(args)
        if args.command == "replay":
            return run_replay(args)
        if args.command == "aar":
            return run_aar(args)
        return _validate(args)
    except InputError as exc:
        for problem in exc.problems:
            print(f"error: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except BrokenPipeError:
        # The reader went away (`wargame run ... | head`): stop quietly, like other tools.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1


def _run(args: argparse.Namespace) -> int:
    overrides = overrides_from(args)
    if args.out is not None:
        check_output_dir(args.out)
    model = WargameModel(load_scenario(args.scenario, overrides), seed=args.seed)
    model.run()
    summary = build_summary(model)
    if args.out is not None:
        write_outputs(
            args.out,
            {
                "events.jsonl": model.events.save_jsonl,
                "turns.csv": lambda p: model.datacollector.get_model_vars_dataframe().to_csv(
                    p, index=False
                ),
                "summary.json": json_writer(summary),
            },
        )
    names = {k: e.name for k, e in model.state.catalog.equipment.items()}
    print(format_summary(summary, names))
    if args.out is not None:
        print(f"Results written to {args.out}/ (events.jsonl, turns.csv, summary.json)")
    return 0


def _validate(args: argparse.Namespace) -> int:
    failed = 0
    for path in args.scenarios:
        try:
            scenario = load_scenario(path)
        except InputError as exc:
            failed += 1
            for problem in exc.problems:
                print(f"error: {problem}", file=sys.stderr)
            print(f"{path}: INVALID ({len(exc.problems)} problem(s))")
            continue
        spec = scenario.spec
        print(
            f"{path}: OK ({spec.title}; {len(spec.units)} units, {spec.turns} turns of "
            f"{spec.turn_length_h:g} h, map {scenario.terrain.cols} x {scenario.terrain.rows})"
        )
    return EXIT_BAD_INPUT if failed else 0


if __name__ == "__main__":
    sys.exit(main())
