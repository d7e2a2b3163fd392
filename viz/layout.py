"""Where each node of a page goes: places on the map, the rest around them.

Swedish municipalities and places abroad with coordinates sit where the map
puts them (longitude/latitude, equirectangular, fixed); the other nodes are
placed by a seeded networkx spring layout around them. Small graphs then let
vis-network's physics settle the free nodes and stop it; past
`PHYSICS_NODE_LIMIT` nodes physics stays off (a 1,000-node page painted in
0.9 s with physics off but took 53 s to settle with it on), and each free node
goes to the mean of its neighbours instead.
"""

from __future__ import annotations

import math
from collections import defaultdict
from typing import Any

import networkx as nx
import numpy as np

from tnkg.extract import registers
from tnkg.viz.views import country_code

PHYSICS_NODE_LIMIT = 300  # past this many nodes the layout is precomputed and physics is off

_PIXELS_PER_DEGREE = 60.0
_REFERENCE_LATITUDE = 55.0  # squeezes longitude as a map of northern Europe does
_TRUE_RADIUS = 20.0  # degrees of latitude around the map's centre drawn to scale


def layout_positions(G: nx.Graph) -> tuple[dict[Any, tuple[float, float]], set[Any]]:
    """Positions in pixels for every node, and the nodes pinned by their coordinates.

    Nodes with latitude and longitude (and countries, at their capital) are
    projected onto the plane and pinned. Up to `PHYSICS_NODE_LIMIT` nodes, a seeded
    spring layout places the rest; past it (networkx's spring layout took 25 s for
    2,000 nodes here) each free node goes to the mean of its neighbours, repeated
    until it settles, and nodes with a single neighbour are fanned out around it.
    """
    if not G:
        return {}, set()
    geo = _map_positions(G)
    if len(G) <= PHYSICS_NODE_LIMIT or not geo:
        pos = _spring_positions(G, geo)
    else:
        pos = _barycentric_positions(G, geo)
    pixels = {n: (float(x) * _PIXELS_PER_DEGREE, float(y) * _PIXELS_PER_DEGREE)
              for n, (x, y) in pos.items()}
    return pixels, set(geo)


def _map_positions(G: nx.Graph) -> dict[Any, tuple[float, float]]:
    geo: dict[Any, tuple[float, float]] = {}
    squeeze = math.cos(math.radians(_REFERENCE_LATITUDE))
    for n, attrs in G.nodes(data=True):
        point = _coordinates(attrs)
        if point is None and attrs.get("kind") == "country":
            point = _capital_coordinates(n)
        if point is not None:
            latitude, longitude = point
            geo[n] = (longitude * squeeze, -latitude)
    if geo:
        cx = sum(x for x, _ in geo.values()) / len(geo)
        cy = sum(y for _, y in geo.values()) / len(geo)
        geo = {n: _pull_in(x - cx, y - cy) for n, (x, y) in geo.items()}
    return geo


def _pull_in(x: float, y: float) -> tuple[float, float]:
    """Keep the map true near its centre and pull far places in (logarithmically), so that
    one place mentioned in another continent does not shrink Europe to a dot."""
    r = math.hypot(x, y)
    if r <= _TRUE_RADIUS:
        return x, y
    factor = _TRUE_RADIUS * (1 + 0.3 * math.log(r / _TRUE_RADIUS)) / r
    return x * factor, y * factor


def _spring_positions(G: nx.Graph, geo: dict[Any, tuple[float, float]]) -> dict[Any, Any]:
    if not geo:
        # no map to hang on: spread the nodes over a square that grows with their number
        spread = max(3.0, math.sqrt(len(G)) / 2)
        if len(G) < 500:
            return nx.spring_layout(G, seed=7, scale=spread, iterations=60, method="force")
        # networkx needs scipy past 500 nodes; a circle per component is cheap and honest
        return _circle_positions(G, spread)
    if len(geo) == len(G):
        return geo
    return nx.spring_layout(G, pos=_neighbour_means(G, geo), fixed=list(geo), seed=7, k=1.2,
                            iterations=60, method="force")


def _neighbour_means(G: nx.Graph, geo: dict[Any, tuple[float, float]]) -> dict[Any, Any]:
    """Start positions: a free node at the mean of its pinned neighbours, when it has any."""
    start = dict(geo)
    for n in G:
        near = [geo[m] for m in G[n] if m in geo] if n not in geo else []
        if near:
            start[n] = (sum(x for x, _ in near) / len(near) + 0.3,
                        sum(y for _, y in near) / len(near) + 0.3)
    return start


def _barycentric_positions(G: nx.Graph, geo: dict[Any, tuple[float, float]]) -> dict[Any, Any]:
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    pinned = np.zeros(len(nodes), dtype=bool)
    pinned[[index[n] for n in geo]] = True
    pos = np.zeros((len(nodes), 2))
    for n, point in geo.items():
        pos[index[n]] = point
    edges = np.array([(index[u], index[v]) for u, v in G.edges], dtype=np.int64).reshape(-1, 2)
    source = np.concatenate([edges[:, 0], edges[:, 1]])
    target = np.concatenate([edges[:, 1], edges[:, 0]])
    degree = np.bincount(source, minlength=len(nodes)).astype(float)
    # nodes no path ties to the map are drawn as circles beside it
    reached = _reached_from(G, geo)
    unreached = [n for n in nodes if n not in reached]
    for _ in range(80):
        total = np.zeros_like(pos)
        np.add.at(total, source, pos[target])
        moving = ~pinned & (degree > 0)
        pos[moving] = total[moving] / degree[moving, None]
    leaves = [n for n in nodes if not pinned[index[n]] and G.degree(n) == 1 and n in reached]
    fans: dict[Any, int] = defaultdict(int)
    for n in leaves:
        (hub,) = G[n]
        fans[hub] += 1
    placed: dict[Any, int] = defaultdict(int)
    for n in leaves:
        (hub,) = G[n]
        angle = 2 * math.pi * placed[hub] / fans[hub]
        radius = 0.25 + 0.02 * math.sqrt(fans[hub])
        pos[index[n]] = pos[index[hub]] + (radius * math.cos(angle), radius * math.sin(angle))
        placed[hub] += 1
    result = {n: (pos[i, 0], pos[i, 1]) for i, n in enumerate(nodes)}
    if unreached:
        right = max(x for x, _ in result.values()) + 3
        aside = _circle_positions(G.subgraph(unreached), max(2.0, math.sqrt(len(unreached)) / 4))
        result.update({n: (x + right, y) for n, (x, y) in aside.items()})
    return result


def _reached_from(G: nx.Graph, geo: dict[Any, tuple[float, float]]) -> set[Any]:
    reached: set[Any] = set()
    for component in nx.connected_components(G):
        if any(n in geo for n in component):
            reached |= component
    return reached


def _circle_positions(G: nx.Graph, spread: float) -> dict[Any, tuple[float, float]]:
    """Each connected component on its own circle, the circles side by side."""
    result: dict[Any, tuple[float, float]] = {}
    offset = 0.0
    for component in sorted(nx.connected_components(G), key=len, reverse=True):
        members = sorted(component, key=lambda n: (-G.degree(n), str(n)))
        radius = 0.0 if len(members) == 1 else max(0.4, spread * len(members) / len(G))
        for i, n in enumerate(members):
            angle = 2 * math.pi * i / len(members)
            result[n] = (offset + radius * math.cos(angle), radius * math.sin(angle))
        offset += 2 * radius + 0.8
    return result


def _coordinates(attrs: dict[str, Any]) -> tuple[float, float] | None:
    try:
        latitude, longitude = float(attrs["latitude"]), float(attrs["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def _capital_coordinates(node: Any) -> tuple[float, float] | None:
    """Where a country node goes on the map: at its capital."""
    code = country_code(node)
    return registers.capital_coordinates(code) if code else None
