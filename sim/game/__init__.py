"""A game played by people: who plays which side, every order they gave, saves and replays.

No front end lives here: the pygame window (``sim.render``), a script or a test drive a game
through :class:`sim.game.session.GameSession` the same way.
"""
