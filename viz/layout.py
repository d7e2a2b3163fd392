"""Where each node of a view goes: places on the map, the rest around them, and the frame.

Swedish municipalities and places abroad with coordinates (a country, and a region abroad
without coordinates, at the capital) are pinned where the map projection puts them
(viz/basemap.py). The first view frames Sweden and the places in Europe (`EUROPE`); a place
beyond that frame (Somalia, Chicago) is pinned at the frame's edge in its direction and
counted in a note, instead of zooming everything out. The other nodes (projects,
organisations) are laid out around the pinned ones: a project starts where its Swedish
municipalities are, then a seeded spring layout spreads the free nodes. Past `SPRING_LIMIT`
nodes (networkx's spring layout took 25 s for 2,000) each free node goes to the mean of its
neighbours instead, and nodes with a single neighbour are fanned out around it. Everything is
computed here, so that the page and the static figure draw the same picture and the page
needs no physics.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from tnkg.extract import registers
from tnkg.viz.basemap import Box, country_box, project
from tnkg.viz.views import country_code

SPRING_LIMIT = 500  # past this many nodes the free nodes go to their neighbours' mean
EUROPE = {"latitude": (34.0, 72.0), "longitude": (-25.0, 45.0)}  # what the first view frames
SPACING = 28.0  # the spring layout's ideal distance between free nodes, in drawing units
PANEL_GAP = 0.08  # between panels side by side, as a share of the panel's width
LANDSCAPE = 1.2  # a map on its own is at least this much wider than high (screens, pages)


@dataclass(frozen=True, slots=True)
class Layout:
    """Positions in drawing units (y grows southwards) and what the first view shows."""

    positions: dict[Any, tuple[float, float]]
    pinned: frozenset[Any]  # at their coordinates
    beyond: frozenset[Any]  # places outside the frame, pinned at its edge
    frame: Box  # what the first view shows; the map's outlines stop at it
    on_map: bool  # some node has coordinates: the view is drawn on the map
    panel_offsets: tuple[float, ...] = (0.0,)  # x offset of each panel (one map per panel)


def layout_graph(G: nx.Graph) -> Layout:
    """The layout of a view. Nodes with a `panel` attribute (0, 1, ...) are drawn in panels
    side by side (as many as `G.graph["panels"]` titles), each over its own copy of the map,
    all with the same frame.

    >>> G = nx.Graph()
    >>> G.add_node("leeds", kind="city", latitude=53.8, longitude=-1.55)
    >>> G.add_node("mogadishu", kind="city", latitude=2.04, longitude=45.34)
    >>> G.add_node("p", kind="project")
    >>> G.add_edges_from([("p", "leeds"), ("p", "mogadishu")])
    >>> layout = layout_graph(G)
    >>> sorted(layout.pinned), sorted(layout.beyond)
    (['leeds', 'mogadishu'], ['mogadishu'])
    """
    geo = _map_positions(G)
    if not G and not G.graph.get("panels"):
        return Layout({}, frozenset(), frozenset(), (0.0, 0.0, 1.0, 1.0), False)
    if not geo and not G.graph.get("panels"):  # empty panels still show their maps
        positions = _positions_without_map(G)
        return Layout(positions, frozenset(), frozenset(), _box(positions.values()), False)
    core = _core_frame(G, geo)
    beyond = {n for n, point in geo.items() if not _inside(point, core)}
    pinned = {n: (_to_edge(point, core) if n in beyond else point) for n, point in geo.items()}
    if len(G) <= SPRING_LIMIT:
        positions = _spring_positions(G, pinned)
    else:
        positions = _barycentric_positions(G, pinned)
    inside = [point for n, point in positions.items() if n not in beyond]
    frame = _grow(_box([*inside, (core[0], core[1]), (core[2], core[3])]), 0.04)
    panels = max([len(G.graph.get("panels", ())),
                  *(p + 1 for _, p in G.nodes(data="panel") if p is not None)])
    if panels <= 1:
        frame = _widen(frame, LANDSCAPE)
    # the places beyond go to the border of the map as drawn, where its outlines stop
    border = _grow(frame, -0.01)  # just inside, so that a marker is whole
    positions.update({n: _to_edge(geo[n], border) for n in beyond})
    offsets: tuple[float, ...] = (0.0,)
    if panels > 1:
        width = (frame[2] - frame[0]) * (1 + PANEL_GAP)
        offsets = tuple(i * width for i in range(panels))
        positions = {n: (x + offsets[G.nodes[n].get("panel") or 0], y)
                     for n, (x, y) in positions.items()}
    return Layout(positions, frozenset(geo), frozenset(beyond), frame, True, offsets)


def _map_positions(G: nx.Graph) -> dict[Any, tuple[float, float]]:
    nodes, latitudes, longitudes = [], [], []
    for n, attrs in G.nodes(data=True):
        point = _coordinates(attrs) or _stand_in_coordinates(n, attrs)
        if point is not None:
            nodes.append(n)
            latitudes.append(point[0])
            longitudes.append(point[1])
    if not nodes:
        return {}
    x, y = project(np.array(latitudes), np.array(longitudes))
    return {n: (float(x[i]), float(y[i])) for i, n in enumerate(nodes)}


def _core_frame(G: nx.Graph, geo: dict[Any, tuple[float, float]]) -> Box:
    """Sweden and every pinned place inside `EUROPE`, with a margin."""
    (south, north), (west, east) = EUROPE["latitude"], EUROPE["longitude"]
    inside = []
    for n in geo:
        point = _coordinates(G.nodes[n]) or _stand_in_coordinates(n, G.nodes[n])
        if point and south <= point[0] <= north and west <= point[1] <= east:
            inside.append(geo[n])
    sweden = country_box("SE")
    if sweden is not None:
        inside += [(sweden[0], sweden[1]), (sweden[2], sweden[3])]
    return _grow(_box(inside or geo.values()), 0.06)


def _inside(point: tuple[float, float], box: Box) -> bool:
    return box[0] <= point[0] <= box[2] and box[1] <= point[1] <= box[3]


def _to_edge(point: tuple[float, float], box: Box) -> tuple[float, float]:
    """Where the line from the frame's centre to `point` leaves the frame."""
    cx, cy = (box[0] + box[2]) / 2, (box[1] + box[3]) / 2
    dx, dy = point[0] - cx, point[1] - cy
    t = min((box[2] - cx) / abs(dx) if dx else math.inf,
            (box[3] - cy) / abs(dy) if dy else math.inf)
    return cx + dx * t, cy + dy * t


def _box(points) -> Box:
    xs, ys = zip(*points, strict=True)
    return min(xs), min(ys), max(xs), max(ys)


def _widen(box: Box, ratio: float) -> Box:
    """`box`, widened about its centre to at least `ratio` times as wide as high."""
    width, height = box[2] - box[0], box[3] - box[1]
    extra = max(0.0, ratio * height - width) / 2
    return box[0] - extra, box[1], box[2] + extra, box[3]


def _grow(box: Box, share: float) -> Box:
    dx = max(box[2] - box[0], 100.0) * share
    dy = max(box[3] - box[1], 100.0) * share
    return box[0] - dx, box[1] - dy, box[2] + dx, box[3] + dy


def _start_positions(G: nx.Graph, pinned: dict[Any, tuple[float, float]]) -> dict[Any, Any]:
    """A project where its Swedish municipalities are (or its pinned places, when it lists no
    municipality); then each free node at the mean of its placed neighbours, outwards from the
    map."""
    start = dict(pinned)
    for n, kind in G.nodes(data="kind"):
        if n in pinned or kind != "project":
            continue
        near = [pinned[m] for m in G[n] if m in pinned and G.nodes[m].get("kind") == "municipality"]
        near = near or [pinned[m] for m in G[n] if m in pinned]
        if near:
            start[n] = tuple(np.mean(near, axis=0))
    placed_more = True
    while placed_more:
        placed_more = False
        for n in G:
            if n not in start:
                near = [start[m] for m in G[n] if m in start]
                if near:
                    start[n] = tuple(np.mean(near, axis=0))
                    placed_more = True
    return start


def _spring_positions(G: nx.Graph, pinned: dict[Any, tuple[float, float]]) -> dict[Any, Any]:
    start = _start_positions(G, pinned)
    reached = _reached_from(G, pinned)
    on_map = G.subgraph(reached)
    rng = np.random.default_rng(7)
    # nodes that start at one point (the leaves of a project) need a nudge to be told apart
    initial = {n: tuple(np.asarray(start[n]) + rng.normal(0, SPACING / 4, 2)) if n not in pinned
               else start[n] for n in on_map}
    positions = dict(pinned)
    fixed = [n for n in on_map if n in pinned]
    if len(fixed) < len(on_map):
        free_layout = nx.spring_layout(on_map, pos=initial, fixed=fixed, k=SPACING,
                                       iterations=80, seed=7, method="force")
        positions.update({n: (float(x), float(y)) for n, (x, y) in free_layout.items()})
    return _place_unreached(G, reached, positions)


def _barycentric_positions(G: nx.Graph, pinned: dict[Any, tuple[float, float]]) -> dict[Any, Any]:
    nodes = list(G)
    index = {n: i for i, n in enumerate(nodes)}
    is_pinned = np.zeros(len(nodes), dtype=bool)
    is_pinned[[index[n] for n in pinned]] = True
    start = _start_positions(G, pinned)
    pos = np.array([start.get(n, (0.0, 0.0)) for n in nodes], dtype=float)
    edges = np.array([(index[u], index[v]) for u, v in G.edges], dtype=np.int64).reshape(-1, 2)
    source = np.concatenate([edges[:, 0], edges[:, 1]])
    target = np.concatenate([edges[:, 1], edges[:, 0]])
    degree = np.bincount(source, minlength=len(nodes)).astype(float)
    moving = ~is_pinned & (degree > 0)
    for _ in range(80):
        total = np.zeros_like(pos)
        np.add.at(total, source, pos[target])
        pos[moving] = total[moving] / degree[moving, None]
    reached = _reached_from(G, pinned)
    fans: dict[Any, list[Any]] = defaultdict(list)
    for n in nodes:
        if not is_pinned[index[n]] and G.degree(n) == 1 and n in reached:
            (hub,) = G[n]
            fans[hub].append(n)
    for hub, leaves in fans.items():
        radius = SPACING * (0.6 + 0.08 * math.sqrt(len(leaves)))
        for i, n in enumerate(leaves):
            angle = 2 * math.pi * i / len(leaves)
            pos[index[n]] = pos[index[hub]] + (radius * math.cos(angle), radius * math.sin(angle))
    positions = {n: (float(pos[i, 0]), float(pos[i, 1])) for i, n in enumerate(nodes)
                 if n in reached}
    return _place_unreached(G, reached, positions)


def _place_unreached(G: nx.Graph, reached: set[Any], positions: dict[Any, Any]) -> dict[Any, Any]:
    """Parts of the graph that no path ties to the map: circles beside it, on the right."""
    unreached = [n for n in G if n not in reached]
    if not unreached:
        return positions
    aside = _circle_positions(G.subgraph(unreached))
    right = max(x for x, _ in positions.values()) + 3 * SPACING
    top = min(y for _, y in positions.values())
    positions.update({n: (x + right, y + top) for n, (x, y) in aside.items()})
    return positions


def _positions_without_map(G: nx.Graph) -> dict[Any, tuple[float, float]]:
    """No node has coordinates: a spring layout in a square that grows with the graph."""
    side = SPACING * max(8.0, 1.5 * math.sqrt(len(G)))
    if len(G) <= SPRING_LIMIT:
        pos = nx.spring_layout(G, seed=7, scale=side / 2, iterations=60, method="force")
        return {n: (float(x), float(y)) for n, (x, y) in pos.items()}
    return _circle_positions(G)


def _reached_from(G: nx.Graph, pinned: dict[Any, Any]) -> set[Any]:
    reached: set[Any] = set()
    for component in nx.connected_components(G):
        if any(n in pinned for n in component):
            reached |= component
    return reached


def _circle_positions(G: nx.Graph) -> dict[Any, tuple[float, float]]:
    """Each connected component on a circle of its own, the circles side by side."""
    result: dict[Any, tuple[float, float]] = {}
    offset = 0.0
    for component in sorted(nx.connected_components(G), key=len, reverse=True):
        members = sorted(component, key=lambda n: (-G.degree(n), str(n)))
        radius = 0.0 if len(members) == 1 else SPACING * len(members) / (2 * math.pi)
        for i, n in enumerate(members):
            angle = 2 * math.pi * i / len(members)
            result[n] = (offset + radius * (1 + math.cos(angle)), radius * (1 + math.sin(angle)))
        offset += 2 * radius + SPACING
    return result


def _coordinates(attrs: dict[str, Any]) -> tuple[float, float] | None:
    try:
        latitude, longitude = float(attrs["latitude"]), float(attrs["longitude"])
    except (KeyError, TypeError, ValueError):
        return None
    if not (-90 <= latitude <= 90 and -180 <= longitude <= 180):
        return None
    return latitude, longitude


def _stand_in_coordinates(node: Any, attrs: dict[str, Any]) -> tuple[float, float] | None:
    """Where a place without coordinates goes: a country at its capital, and so does a region
    abroad (the graph has no coordinates for regions; in its country beats in Sweden)."""
    if attrs.get("kind") == "country":
        code = country_code(node)
    elif attrs.get("kind") == "region":
        code = attrs.get("country_code") or country_code(attrs.get("country") or "")
    else:
        return None
    return registers.capital_coordinates(code) if code else None
