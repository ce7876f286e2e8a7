"""Stepping through a recorded game turn by turn, forwards and back.

A save holds the orders, not the states, so a turn is rebuilt by replaying the orders up to it.
To go back without replaying from the start, the cursor keeps a checkpoint (the pickled session,
compressed) every few turns and replays from the nearest one before the turn asked for: going
back one turn costs at most a few turns of play. Pickling is exact (a model unpickled and
stepped gives the same events as the original stepped), so every turn shows what was played.
"""

from __future__ import annotations

import pickle
import zlib
from pathlib import Path

from sim.game.savefile import load_game
from sim.game.session import Action, GameSession, replay_actions

CHECKPOINT_EVERY = 8
"""Turns between checkpoints: memory (a large scenario pickles to a few MB compressed) against
the turns replayed to step back."""


class Replay:
    """A recorded game and a cursor on one of its turns (0: before the first turn)."""

    def __init__(self, path: Path):
        final = load_game(path)  # checks the whole file replays, before showing anything
        self.path = Path(path)
        self.actions: list[Action] = list(final.actions)
        self.last_turn = final.turn
        final.model.release()
        # The primary session only ever moves forward, and checkpoints are taken from it alone:
        # an unpickled game plays on exactly but cannot be pickled again (Mesa's grid cells).
        self._primary = GameSession(
            final.scenario_path, final.seed, final.human_sides, final.overrides, final.scenario
        )
        self._checkpoints: dict[int, bytes] = {0: _freeze(self._primary)}
        self.session = self._primary

    @property
    def turn(self) -> int:
        return self.session.turn

    def goto(self, turn: int) -> GameSession:
        """The game as it stood after ``turn`` turns (clamped to the recorded ones)."""
        turn = max(0, min(turn, self.last_turn))
        if turn >= self._primary.turn:
            self._show(self._primary)
            while self._primary.turn < turn:
                self._play_one(self._primary)
                if self._primary.turn % CHECKPOINT_EVERY == 0:
                    self._checkpoints.setdefault(self._primary.turn, _freeze(self._primary))
            return self.session
        if self.session is self._primary or turn < self.session.turn:
            start = max(t for t in self._checkpoints if t <= turn)
            self._show(_thaw(self._checkpoints[start]))
        while self.session.turn < turn:
            self._play_one(self.session)
        return self.session

    def forward(self) -> GameSession:
        return self.goto(self.turn + 1)

    def back(self) -> GameSession:
        return self.goto(self.turn - 1)

    def _play_one(self, session: GameSession) -> None:
        done = session.turn + 1
        replay_actions(session, [a for a in self.actions if a.turn == done], done)

    def _show(self, session: GameSession) -> None:
        """Make ``session`` the one shown, freeing a copy that is shown no more."""
        if self.session is not self._primary and self.session is not session:
            self.session.model.release()
        self.session = session


def _freeze(session: GameSession) -> bytes:
    return zlib.compress(pickle.dumps(session, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _thaw(frozen: bytes) -> GameSession:
    return pickle.loads(zlib.decompress(frozen))
