"""The interactive pygame front end (``wargame play``).

This package is the only part of the project that imports pygame. It reads the model and the
scenario to draw them and never changes game state: a player's actions reach the engine only as
Orders, like the built-in AI's.
"""
