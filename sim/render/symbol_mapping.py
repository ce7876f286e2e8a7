"""Which APP-6 icon and echelon a catalog's unit types, equipment and aircraft get.

The tables are keyed by the values of the catalog's own Literal types (unit roles, equipment
categories, air roles, air-defence target classes), so a value added there and not here is
caught by the tests. A unit type's icon comes from its role, refined by what it is equipped
with: an artillery battalion of rocket launchers is rocket artillery, an air-defence company of
jammers is electronic warfare, one of radars only is a radar.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from sim.render.symbol_icons import ICONS

ROLE_ICONS = {
    "infantry": "infantry",
    "motorised": "motorised",
    "mechanised": "mechanised",
    "armour": "armour",
    "artillery": "artillery",
    "recon": "recon",
    "engineer": "engineer",
    "logistics": "supply",
    "headquarters": "headquarters",
    "air_defence": "air_defence",
    "special_forces": "special_forces",
    "peacekeepers": "peacekeepers",
}
CATEGORY_ICONS = {
    "tank": "armour",
    "ifv": "mechanised",
    "apc": "motorised",
    "artillery": "artillery",
    "mrl": "rocket_artillery",
    "mortar": "mortar",
    "atgm": "anti_tank",
    "sam_launcher": "air_defence",
    "radar": "radar",
    "jammer": "ew",
    "missile_launcher": "missile",
    "truck": "supply",
    "other": "unknown",
}
AIR_ROLE_ICONS = {
    "isr": "uav",
    "ucav": "ucav",
    "loitering": "loitering",
    "decoy": "decoy",
    "fighter": "fixed_wing",
}
TARGET_CLASS_ICONS = {
    "small_drone": "uav",
    "medium_drone": "uav",
    "loitering_munition": "loitering",
    "aircraft": "fixed_wing",
    "ballistic_missile": "missile",
    "rocket": "missile",
}
_DRONE_CLASSES = ("small_drone", "medium_drone", "loitering_munition")

# words in a free-text id or name, most specific first
_ROTARY = ("helicopter", "rotary", "mi-8", "mi-17", "mi-24", "mi-35")
_KEYWORDS = (
    (_ROTARY, "rotary"),
    (("loitering", "harop", "kamikaze"), "loitering"),
    (("decoy",), "decoy"),
    (("ucav", "tb2", "bayraktar"), "ucav"),
    (("uav", "drone", "orbiter", "hermes"), "uav"),
    (("fighter", "aircraft", "jet", "mig", "su"), "fixed_wing"),
    (("sam", "manpads", "air defence", "air defense"), "air_defence"),
    (("radar",), "radar"),
    (("ew", "jammer", "elint", "electronic"), "ew"),
    (("mrl", "rocket", "mlrs", "smerch", "grad"), "rocket_artillery"),
    (("missile", "ballistic", "iskander", "scud", "lora"), "missile"),
    (("mortar",), "mortar"),
    (("artillery", "howitzer", "gun", "battery"), "artillery"),
    (("atgm", "anti-tank", "antitank"), "anti_tank"),
    (("tank", "armour", "armor", "armoured"), "armour"),
    (("mech", "mechanised", "mechanized", "ifv", "bmp"), "mechanised"),
    (("motor", "motorised", "motorized", "apc", "btr"), "motorised"),
    (("recon", "reconnaissance", "scout"), "recon"),
    (("engineer", "sapper"), "engineer"),
    (("hq", "headquarters", "command"), "headquarters"),
    (("logistics", "supply", "truck", "transport"), "supply"),
    (("commando", "special", "sof", "spetsnaz"), "special_forces"),
    (("peacekeeper", "peacekeeping", "peacekeepers"), "peacekeepers"),
    (("police", "mp", "checkpoint", "security"), "military_police"),
    (("infantry", "rifle", "territorial", "reservist"), "infantry"),
)
_ECHELON_WORDS = (
    (("division",), "division"),
    (("brigade",), "brigade"),
    (("regiment",), "regiment"),
    (("battalion", "bn"), "battalion"),
    (("company", "battery", "coy", "troop"), "company"),
    (("platoon",), "platoon"),
    (("section",), "section"),
    (("squad",), "squad"),
    (("team", "crew"), "team"),
)
_HEAVY = ("tank", "ifv", "apc", "artillery", "mrl", "sam_launcher", "missile_launcher")


def _mentions(text: str, words: tuple[str, ...]) -> bool:
    """Whether one of ``words`` occurs in ``text`` as a word (ids' underscores split words)."""
    lowered = text.lower().replace("_", " ")
    return any(re.search(rf"(?<![a-z]){re.escape(w)}(?![a-z])", lowered) for w in words)


def _by_keyword(text: str, table: tuple, default: str | None) -> str | None:
    """The value of the first row of ``table`` one of whose words occurs in ``text``."""
    return next((value for words, value in table if _mentions(text, words)), default)


def icon_for(category_or_type: str, default: str = "unknown") -> str:
    """The icon of an icon name, unit role, equipment category, air role or target class.

    Anything else (a unit type's or aircraft's id or name) is read for keywords: "mrl_battalion"
    is rocket artillery, "Orbiter-2-class mini ISR drone" a UAV. ``default`` if nothing fits.
    """
    key = category_or_type.strip()
    if key in ICONS:
        return key
    for table in (ROLE_ICONS, CATEGORY_ICONS, AIR_ROLE_ICONS, TARGET_CLASS_ICONS):
        if key in table:
            return table[key]
    return _by_keyword(key, _KEYWORDS, default)


def guess_echelon(text: str) -> str | None:
    """An echelon from words of an id or name: battalions, companies and batteries, ..."""
    return _by_keyword(text, _ECHELON_WORDS, None)


def _unit_icon(role: str, equipment: Mapping[str, int], catalog: Any) -> str:
    items = {eid: n for eid, n in equipment.items() if n > 0}
    types = {eid: catalog.equipment[eid] for eid in items if eid in catalog.equipment}
    cats: dict[str, int] = {}
    for eid, etype in types.items():
        cats[etype.category] = cats.get(etype.category, 0) + items[eid]
    heavy = {c for c in cats if c in _HEAVY}
    ew_only = types and all(
        t.category in ("jammer", "truck") or t.elint_range_km > 0 for t in types.values()
    )
    if ew_only and any(t.category != "truck" for t in types.values()):
        return "ew"  # jammers and passive ELINT (electronic support) alike
    if role == "artillery":
        if "missile_launcher" in cats:
            return "missile"
        if cats.get("mrl", 0) > cats.get("artillery", 0):
            return "rocket_artillery"
        if not heavy and "mortar" in cats:
            return "mortar"
        return "artillery"
    if role == "air_defence" and "sam_launcher" not in cats and "radar" in cats:
        return "radar"
    return ROLE_ICONS.get(role, "unknown")


def symbol_for_unit_type(catalog: Any, unit_type_id: str) -> tuple[str, str | None]:
    """(icon, echelon) of a catalog unit type: role refined by equipment; its echelon field."""
    unit_type = catalog.unit_types[unit_type_id]
    icon = _unit_icon(unit_type.role, unit_type.equipment, catalog)
    level = getattr(unit_type, "echelon", None) or guess_echelon(f"{unit_type_id} {unit_type.name}")
    return icon, level


def symbol_for_air_type(catalog: Any, air_type_id: str) -> str:
    """The icon of a catalog air type, from its role and whether it is a drone or an aircraft."""
    air_type = catalog.air_types[air_type_id]
    if _mentions(f"{air_type_id} {air_type.name}", _ROTARY):
        return "rotary"
    if air_type.role in ("isr", "ucav") and air_type.target_class not in _DRONE_CLASSES:
        return "fixed_wing"  # a crewed reconnaissance or attack aircraft
    return AIR_ROLE_ICONS[air_type.role]
