"""Orders are plain data; the engine rejects bad ones with a reason and never crashes."""

import pytest
from builders import GameBuilder, unit, write_scenario

from sim.events import OrderRejected
from sim.model import WargameModel
from sim.orders import Attack, Defend, DigIn, Move, OrderFormatError, order_from_dict, order_to_dict


def _scenario(tmp_path):
    terrain = ["....................", "...w................", "...................."]
    return write_scenario(
        tmp_path,
        terrain,
        [
            unit("b1", "blue", "tank_battalion", [1, 1]),
            unit("b2", "blue", "artillery_battalion", [0, 0]),
            unit("r1", "red", "infantry_battalion", [2, 1]),
            unit("r2", "red", "infantry_battalion", [19, 2]),
        ],
    )


@pytest.fixture
def model(tmp_path):
    return WargameModel(_scenario(tmp_path), seed=0, human_sides=("blue", "red"))


BAD_ORDERS = [
    ("blue", Move("zz", (2, 2)), "no unit 'zz' in play"),
    ("blue", Move("r1", (3, 1)), "unit 'r1' belongs to red, not blue"),
    ("green", Defend("b1"), "no side 'green'"),
    ("blue", Move("b1", (30, 1)), "not on the map"),
    ("blue", Move("b1", (3, 1)), "is water, impassable for tracked units"),
    ("blue", Move("b1", (1, 1)), "already at"),
    ("blue", Move("b1", (4, 2), via=((1, 2), (4, 2))), "does not join neighbouring hexes"),
    ("blue", Move("b1", (4, 2), via=((1, 2), (2, 2))), "via must end at the destination"),
    ("blue", Move("b1", (3, 2), via=((2, 1), (3, 2))), "held by a known enemy or closed"),
    ("blue", Attack("b1", (5, 1)), "beyond the unit's reach (no guns)"),
    ("blue", Attack("b1", (1, 2)), "no known enemy at [1, 2]"),
    ("blue", Attack("b1", (1, 1)), "cannot attack its own hex"),
    ("blue", Attack("b2", (19, 2)), "beyond the unit's reach of its guns (15 km)"),
    ("blue", "advance!", "not an order"),
]


@pytest.mark.parametrize(("side", "order", "reason"), BAD_ORDERS)
def test_bad_orders_are_rejected_with_a_reason(model, side, order, reason):
    before = {u.uid: (u.hex, u.order, u.posture) for u in model.units()}
    verdict = model.submit(side, order)
    assert not verdict.accepted
    assert reason in verdict.reason
    assert {u.uid: (u.hex, u.order, u.posture) for u in model.units()} == before
    logged = model.events.of_kind(OrderRejected)
    assert logged and logged[-1].reason == verdict.reason
    model.step()  # the game goes on


def test_good_orders_are_accepted_and_carried_out(model):
    assert model.submit("blue", Move("b1", (0, 1))).accepted
    assert model.unit("b1").route == [(0, 1)]
    assert model.submit("red", DigIn("r2")).accepted
    assert model.submit("blue", Attack("b2", (2, 1))).accepted  # a fire mission, 2 hexes off
    model.step()
    assert model.unit("b1").hex == (0, 1)
    assert model.unit("r2").posture == "dig_in"
    combat = [e for e in model.events if e.kind == "combat"]
    assert combat and combat[0].attacker_fire == ["b2"] and combat[0].attackers == []


def test_a_move_without_a_path_gets_the_quickest_one(model):
    assert model.submit("blue", Move("b1", (4, 1))).accepted
    route = model.unit("b1").route
    assert route[-1] == (4, 1) and (3, 1) not in route and (2, 1) not in route


def test_routed_units_take_no_orders(tmp_path):
    model = GameBuilder(_scenario(tmp_path)).routed("b1").build()
    verdict = model.submit("blue", Defend("b1"))
    assert not verdict.accepted and "routed" in verdict.reason


@pytest.mark.parametrize(
    "data",
    [
        {"type": "move", "unit": "b1", "to": [3, 4]},
        {"type": "move", "unit": "b1", "to": [3, 4], "via": [[2, 4], [3, 4]]},
        {"type": "attack", "unit": "b1", "target": [2, 1]},
        {"type": "defend", "unit": "b1"},
        {"type": "dig_in", "unit": "b1"},
    ],
)
def test_orders_round_trip_through_plain_data(data):
    assert order_to_dict(order_from_dict(data)) == data


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"type": "fly", "unit": "b1"}, "type: expected one of move, attack, defend, dig_in"),
        ({"type": "move", "unit": "b1"}, "to: required"),
        ({"type": "move", "unit": "b1", "to": [1]}, "to: expected a hex [col, row]"),
        ({"type": "attack", "unit": "", "target": [1, 1]}, "unit: expected a unit id"),
        ({"type": "defend", "unit": "b1", "to": [1, 1]}, "unknown field(s) to for a defend order"),
        (["move"], "expected a mapping"),
    ],
)
def test_malformed_order_data_is_refused_with_a_message(data, message):
    with pytest.raises(OrderFormatError) as raised:
        order_from_dict(data)
    assert message in str(raised.value)


def test_the_order_table_takes_every_order_type_and_nothing_else():
    from typing import get_args

    from sim.order_table import ORDER_RULES
    from sim.orders import ORDER_TYPES, Order

    assert list(ORDER_RULES) == list(get_args(Order)) == list(ORDER_TYPES.values())
