"""Start the parts of pygame the front end needs, and hand out cached fonts."""

from __future__ import annotations

import pygame

AZERBAIJANI = "əƏşŞğĞıİ"
"""Letters every label face must draw: ə and Ə are not in pygame's built-in font."""
FACES = "dejavusans,notosans,freesans,arial"
"""System faces tried first, in order; each is kept only if it draws :data:`AZERBAIJANI`."""
TTF_SCALE = 0.82
"""A TrueType face at ``size * TTF_SCALE`` is about as wide as the built-in font at ``size``."""

_fonts: dict[tuple[int, bool], pygame.font.Font] = {}
_faces: dict[bool, str | None] = {}


def init_pygame() -> None:
    """Initialise only the display and font modules; safe to call more than once.

    ``pygame.init()`` would also open the audio device, which the front end does not use and
    which fails or blocks on machines without sound (CI, remote sessions).
    """
    if not pygame.display.get_init():
        pygame.display.init()
    if not pygame.font.get_init():
        pygame.font.init()


def font(size: int, bold: bool = False) -> pygame.font.Font:
    """A font for labels and panels, loaded once per size and weight (loading is slow).

    ``size`` means what it means for pygame's built-in font. That font lacks ə and Ə, which
    Azerbaijani place names need, so a system face that has them (DejaVu Sans on most Linux
    systems) is preferred, scaled to the same width; the built-in font is the fallback.
    """
    if not pygame.font.get_init():
        pygame.font.init()
        _fonts.clear()
    key = (int(size), bool(bold))
    cached = _fonts.get(key)
    if cached is None:
        path = _face(key[1])
        if path is not None:
            cached = pygame.font.Font(path, max(1, round(key[0] * TTF_SCALE)))
        elif _face(False) is not None:  # no bold face: embolden the regular one
            cached = pygame.font.Font(_face(False), max(1, round(key[0] * TTF_SCALE)))
            cached.bold = key[1]
        else:
            cached = pygame.font.Font(None, key[0])
            cached.bold = key[1]
        _fonts[key] = cached
    return cached


def covers(face: pygame.font.Font, text: str) -> bool:
    """Whether a font has a glyph for every character of ``text`` (not its "missing" box)."""
    missing = face.metrics("\U0010fffd")[0]
    return all(m is not None and m != missing for m in face.metrics(text))


def _face(bold: bool) -> str | None:
    """The file of the first system face of :data:`FACES` that covers Azerbaijani, or None."""
    if bold not in _faces:
        _faces[bold] = None
        for name in FACES.split(","):
            path = pygame.font.match_font(name, bold=bold)
            try:
                usable = path is not None and covers(pygame.font.Font(path, 16), AZERBAIJANI)
            except (OSError, pygame.error):
                usable = False
            if usable:
                _faces[bold] = path
                break
    return _faces[bold]
