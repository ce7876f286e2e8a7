"""What clicks and keys do at the window, without a window: selection, orders, sorties."""

from builders import TUTORIAL

from sim.game.session import GameSession
from sim.orders import Move, Sortie
from sim.render.controller import Controller

AIR_TUTORIAL = TUTORIAL.with_name("tutorial_drones_and_air_defence.yaml")


def _controller(path=TUTORIAL, side="blue", sides=("blue",)) -> Controller:
    return Controller(GameSession.start(path, seed=2, human_sides=sides), side)


def test_click_a_unit_then_a_hex_moves_it_along_the_previewed_path():
    c = _controller()
    c.click((9, 9))
    assert c.selected == "b-mech-1" and c.mode == "move"
    c.hover((14, 9))
    assert c.preview is not None and c.preview.path[-1] == (14, 9)
    path = c.preview.path
    c.click((14, 9))
    assert "accepted" in c.message
    assert c.session.model.unit("b-mech-1").route == list(path)
    # What is recorded is the order as given: the engine plans the path again on a replay.
    assert c.session.actions[-1].order == {"type": "move", "unit": "b-mech-1", "to": [14, 9]}
    c.session.end_turn()
    assert c.session.model.unit("b-mech-1").hex != (9, 9)


def test_refused_orders_show_the_engines_reason_and_change_nothing():
    c = _controller()
    c.click((16, 10))  # a red unit: nothing of ours to select
    assert c.selected is None
    c.click((9, 9))
    c.click((45, 3))
    assert "move refused" in c.message and "not on the map" in c.message
    assert c.session.model.unit("b-mech-1").route == []
    c.start_attack()
    c.click((25, 18))
    assert "attack refused" in c.message and c.mode == "move"


def test_keys_dig_in_cycle_units_cancel_and_own_stacks_select_rather_than_move():
    c = _controller()
    c.select_next()
    first = c.selected
    c.select_next()
    assert c.selected != first
    c.dig_in()
    assert "dig in: accepted" in c.message
    assert c.session.model.unit(c.selected).posture == "dig_in"
    c.click((9, 9))
    assert c.selected == "b-mech-1"  # selected, not moved onto
    c.click((8, 10), move_onto_friends=True)
    assert isinstance(c.session.model.unit("b-mech-1").order, Move)
    c.cancel()
    assert c.selected is None and c.mode == "select"


def test_emcon_switches_an_air_defence_radar_off_and_on():
    c = _controller(AIR_TUTORIAL, side="red", sides=("red",))
    c.click((26, 6))
    assert c.selected == "r-ewr"
    c.toggle_emcon()
    assert c.session.model.unit("r-ewr").emitting is False
    c.toggle_emcon()
    assert c.session.model.unit("r-ewr").emitting is True
    c.click((16, 10))
    c.toggle_emcon()
    assert "emcon refused" in c.message and "no radar or jammer" in c.message


def test_a_sortie_is_planned_with_keys_and_sent_with_a_click():
    c = _controller(AIR_TUTORIAL)
    c.start_sortie()
    assert c.mode == "sortie" and c.sortie.base == "blue-airfield"
    while c.sortie.aircraft != "tb2":
        c.cycle_sortie("aircraft")
    while c.sortie.mission != "strike":
        c.cycle_sortie("mission")
    c.change_sortie_count(+1)
    c.change_sortie_count(+10)
    assert c.sortie.count == 4  # no more than are ready
    c.change_sortie_count(-2)
    c.cycle_sortie("altitude")
    c.click((22, 8))
    assert "sortie: accepted" in c.message, c.message
    order = c.session.actions[-1].order
    assert order["type"] == "sortie" and order["count"] == 2 and order["mission"] == "strike"
    assert c.session.model.state.air.bases["blue-airfield"].ready["tb2"] == 2
    assert isinstance(c.session.model.state.air.pending_sorties[-1], Sortie)
