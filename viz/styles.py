"""How each kind of node and edge looks, the same on the page and in the static figures."""

from __future__ import annotations

from typing import Any

import networkx as nx

from tnkg.extract.vocabulary import ORGANISATION_ROLES, PLACE_KINDS, PLACE_ROLES
from tnkg.viz.views import edge_role

# kind -> (shape, colour, legend label); shapes are vis-network's, which scale with `size`
KIND_STYLES: dict[str, tuple[str, str, str]] = {
    "project": ("square", "#2b6cb0", "project"),
    "organisation": ("dot", "#dd8a1f", "organisation"),
    "municipality": ("triangle", "#2f855a", "Swedish municipality"),
    "city": ("diamond", "#c53030", "city abroad"),
    "region": ("hexagon", "#805ad5", "region abroad"),
    "country": ("star", "#b7950b", "country"),
}
OTHER_KIND = ("dot", "#a0aec0", "other")  # a kind this version does not know yet

# edge style key -> (colour, width, dash pattern or None, legend label)
EDGE_STYLES: dict[str, tuple[str, float, list[int] | None, str]] = {
    "organisation:owner": ("#1a365d", 3, None, "owner"),
    "organisation:co-financier": ("#2c7a7b", 2, None, "co-financier"),
    "organisation:partner": ("#dd6b20", 2, None, "partner organisation"),
    "organisation:participant": ("#a0aec0", 1, None, "participant"),
    "place:partner": ("#c53030", 3, None, "partner place abroad"),
    "place:planned": ("#ed8936", 2, [8, 5], "planned place abroad"),
    "place:related": ("#805ad5", 2, [2, 5], "related place abroad"),
    "place:mention": ("#a0aec0", 1, [1, 6], "mentioned place abroad"),
    "municipality": ("#68d391", 1, None, "project municipality (Kommun)"),
    "place:in": ("#fbd38d", 1, [3, 3], "place abroad in its country"),
    "organisation:unit-of": ("#f6ad55", 1, [3, 3], "unit of an organisation"),
    "country:shared": ("#b7950b", 2, None, "countries sharing projects"),
    "reach": ("#c53030", 2, None, "municipality to place abroad, by projects"),
    "other": ("#cbd5e0", 1, [4, 4], "other link"),
}

# the map: sea, land and borders
MAP_COLOURS = {"sea": "#e6eef5", "land": "#fbfaf7", "border": "#b9b3a7"}
# size of a node in drawing units (about pixels at the first view), by kind: base and growth
# with the square root of its weight (links, or projects in a summary)
NODE_SIZES: dict[str, tuple[float, float]] = {
    "project": (7.0, 1.6), "organisation": (3.5, 1.2), "municipality": (3.0, 0.8),
    "city": (5.0, 1.5), "region": (5.5, 1.5), "country": (6.0, 2.5),
}


def node_size(kind: str, weight: float) -> float:
    base, growth = NODE_SIZES.get(kind, (4.0, 1.0))
    return round(base + growth * weight ** 0.5, 1)


def edge_style(G: nx.Graph, u: Any, v: Any) -> str:
    """The EDGE_STYLES key of an edge, from its role and the kind of node it ties a project to."""
    kinds = {G.nodes[u].get("kind"), G.nodes[v].get("kind")}
    role = edge_role(G, u, v)
    if kinds == {"country"}:
        return "country:shared"
    if role in ("in", "reach"):
        return "place:in" if role == "in" else "reach"
    if role == "unit-of":
        return "organisation:unit-of"
    if "project" in kinds:
        other = (kinds - {"project"}) or {"project"}
        kind = other.pop()
        if kind == "organisation" and role in ORGANISATION_ROLES:
            return f"organisation:{role}"
        if kind in PLACE_KINDS and role in PLACE_ROLES:
            return f"place:{role}"
        if kind == "municipality":
            return "municipality"
    return "other"
