"""Properties that must hold for every input, not just the ones a test author thought of.

Hypothesis generates the inputs: orders as data round-trip exactly; no order dict, however
wrong, makes the engine raise (it is refused with a reason, or taken); and no mutation of a
scenario file makes the loader raise anything but its own :class:`InputError`. The runs are
derandomised (tests/conftest.py), so the suite is repeatable; ``--hypothesis-profile=explore``
searches further.
"""

import copy
import functools
import tempfile
from pathlib import Path
from typing import get_args, get_type_hints

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sim.errors import InputError
from sim.model import WargameModel
from sim.order_table import check_order
from sim.orders import (
    ORDER_TYPES,
    Attack,
    Defend,
    DigIn,
    Emcon,
    Move,
    OrderFormatError,
    Sortie,
    Strike,
    order_from_dict,
    order_to_dict,
)
from sim.scenario.loader import load_scenario

REPO = Path(__file__).resolve().parents[1]
SCENARIO = REPO / "scenarios" / "tutorial_drones_and_air_defence.yaml"

ids = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), min_size=1, max_size=12)
hexes = st.tuples(st.integers(-(2**40), 2**40), st.integers(-(2**40), 2**40))
near_hexes = st.tuples(st.integers(-3, 40), st.integers(-3, 30))
any_hex = st.one_of(near_hexes, hexes)
altitudes = st.one_of(st.none(), st.floats(allow_nan=True, allow_infinity=True))
orders = st.one_of(
    st.builds(Move, ids, any_hex, st.one_of(st.none(), st.lists(any_hex, max_size=6).map(tuple))),
    st.builds(Attack, ids, any_hex),
    st.builds(Defend, ids),
    st.builds(DigIn, ids),
    st.builds(Emcon, ids, st.booleans()),
    st.builds(Strike, ids, any_hex, ids, st.integers(-5, 10**6)),
    st.builds(
        Sortie,
        ids,
        ids,
        any_hex,
        st.sampled_from(get_args(get_type_hints(Sortie)["mission"])),
        st.integers(-5, 10**6),
        altitudes,
        st.one_of(st.none(), st.lists(ids, max_size=4).map(tuple)),
    ),
)


@given(orders)
def test_orders_round_trip_through_dicts(order):
    data = order_to_dict(order)
    assert order_from_dict(data) == order
    assert order_to_dict(order_from_dict(data)) == data


def _values(extra: list, max_leaves: int) -> st.SearchStrategy:
    """Data as YAML or JSON can hold it: scalars (huge and odd ones too), lists, mappings."""
    scalars = (
        st.none()
        | st.booleans()
        | st.integers(-(2**70), 2**70)
        | st.floats()
        | st.text(max_size=10)
        | st.sampled_from(extra)
    )
    return st.recursive(
        scalars,
        lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=6), inner),
        max_leaves=max_leaves,
    )


json_values = _values(["", "move", "blue"], max_leaves=10)
field_names = st.sampled_from(
    ["type", "unit", "to", "via", "target", "emit", "munition", "rounds", "base", "aircraft",
     "mission", "count", "altitude_m", "priorities", "junk"]
)  # fmt: skip
order_dicts = st.one_of(
    st.dictionaries(field_names, json_values, max_size=8),
    st.builds(
        lambda kind, fields: {"type": kind, **fields},
        st.sampled_from(list(ORDER_TYPES)),
        st.dictionaries(field_names.filter(lambda f: f != "type"), json_values, max_size=6),
    ),
    orders.map(order_to_dict),
    json_values,
)


@functools.cache
def _game() -> WargameModel:
    """One game in its first turn, with real units, bases and contacts to aim at."""
    model = WargameModel(SCENARIO, seed=1, human_sides=("blue", "red"))
    return model


def _unit_ids(model: WargameModel) -> list[str]:
    return [u.uid for u in model.units()] + list(model.state.air.bases)


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(order_dicts, st.sampled_from(["blue", "red", "green", ""]), st.data())
def test_no_order_dict_makes_the_engine_raise(data, side, draw):
    model = _game()
    if isinstance(data, dict) and draw.draw(st.booleans()):
        # Point the order at a real unit or base, so that checks past "no such unit" run.
        real = draw.draw(st.sampled_from(_unit_ids(model)))
        data = {**data, "unit": real, "base": real}
    try:
        order = order_from_dict(data)
    except OrderFormatError:
        return
    reason, checked = check_order(model.state, side, order)
    assert (reason is None) != (checked is None)
    verdict = model.submit(side, order)
    assert verdict.accepted == (reason is None)
    assert verdict.accepted or verdict.reason


def _mutable_scenario() -> dict:
    """The tutorial scenario with every file it names made absolute, so a copy loads anywhere."""
    data = yaml.safe_load(SCENARIO.read_text())
    data["catalog"] = [str((SCENARIO.parent / c).resolve()) for c in data["catalog"]]
    for key in ("elevation", "terrain"):
        data["map"][key] = str((SCENARIO.parent / data["map"][key]).resolve())
    return data


def _paths(node, prefix=()):
    """Every (path, value) in a YAML tree."""
    yield prefix, node
    items = (
        node.items()
        if isinstance(node, dict)
        else enumerate(node)
        if isinstance(node, list)
        else ()
    )
    for key, child in items:
        yield from _paths(child, (*prefix, key))


def _mutate(document: dict, path: tuple, action: str, value) -> dict:
    mutated = copy.deepcopy(document)
    if not path:
        return value if action == "replace" else mutated
    parent = mutated
    for key in path[:-1]:
        parent = parent[key]
    key = path[-1]
    if action == "delete":
        del parent[key]
    elif action == "replace":
        parent[key] = value
    elif action == "wrap":
        parent[key] = [parent[key]]
    elif action == "duplicate" and isinstance(parent, list):
        parent.append(copy.deepcopy(parent[key]))
    return mutated


BASE = _mutable_scenario()
PATHS = [p for p, _ in _paths(BASE)]
yaml_values = _values(["", "blue", "red", "-1", ".nan", "1e999", "[0, 0]"], max_leaves=6)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(
    st.lists(
        st.tuples(
            st.sampled_from(PATHS),
            st.sampled_from(["delete", "replace", "wrap", "duplicate"]),
            yaml_values,
        ),
        min_size=1,
        max_size=3,
    )
)
def test_a_mutated_scenario_raises_only_input_error(mutations):
    document = BASE
    for path, action, value in mutations:
        try:
            document = _mutate(document, path, action, value)
        except (KeyError, IndexError, TypeError):
            continue  # an earlier mutation removed the place this one aimed at
    with tempfile.TemporaryDirectory() as directory:
        path = Path(directory) / "mutated.yaml"
        path.write_text(yaml.safe_dump(document, sort_keys=False, allow_unicode=True))
        try:
            load_scenario(path)
        except InputError as error:
            assert error.problems and all(str(p) for p in error.problems)
