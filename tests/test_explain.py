"""Why did this happen: an event's figures and what led to it, within the reader's fog."""

from builders import TUTORIAL

from sim.events import AirKill, Combat, ContactDetected, Shot
from sim.game.event_view import events_for
from sim.game.explain import explain
from sim.model import WargameModel

AIR_TUTORIAL = TUTORIAL.with_name("tutorial_drones_and_air_defence.yaml")


def _played():
    model = WargameModel(AIR_TUTORIAL, seed=3)
    model.run(12)
    return model


def test_a_kill_is_explained_by_the_shots_that_hit_and_a_combat_by_its_figures():
    model = _played()
    everything = events_for(model, None)
    kill = next(e for e in everything if isinstance(e, AirKill))
    lines = explain(kill, everything)
    assert lines[0].startswith(f"Turn {kill.turn}") and "shot down" in lines[0]
    assert "Led up to by:" in lines
    assert any(f"at {kill.track}: hit" in line for line in lines)
    shot = next(e for e in everything if isinstance(e, Shot) and e.target == kill.track)
    assert any(
        line.strip() == f"kill probability: {shot.pk:.3g}" for line in explain(shot, everything)
    )
    combat = next(e for e in everything if isinstance(e, Combat))
    text = "\n".join(explain(combat, everything))
    assert f"force ratio (attacker : defender power): {combat.force_ratio:.3g}" in text
    assert "combat intensity" in text and "defender losses" in text


def test_an_explanation_does_not_lift_the_fog_of_war():
    model = _played()
    blue = events_for(model, "blue")
    for event in blue:
        for line in explain(event, blue)[1:]:
            assert "red radar detected" not in line and "red eo detected" not in line
    red_sighting = next(e for e in events_for(model, None)
                        if isinstance(e, ContactDetected) and e.side == "red")  # fmt: skip
    assert red_sighting not in blue
