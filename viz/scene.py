"""What a picture of a view holds, whoever draws it: the page (viz/page.py) or the static
figure (viz/figure.py) — nodes with their shape, colour, size, position and label rank,
edges with their style, the map's outlines, the frame of the first view and the legend."""

from __future__ import annotations

import math
from collections import Counter
from dataclasses import dataclass
from typing import Any

import networkx as nx
import numpy as np

from tnkg.viz.basemap import rings_near
from tnkg.viz.labels import label_order, node_weight
from tnkg.viz.layout import Layout, layout_graph
from tnkg.viz.styles import EDGE_STYLES, KIND_STYLES, OTHER_KIND, edge_style, node_size

LABEL_CHARS = 40  # longer labels are cut, with an ellipsis (the tooltip has the whole name)
ARROWS = "→↘↓↙←↖↑↗"  # the way to a place beyond the frame, by eighths of a turn from east


@dataclass(frozen=True, slots=True)
class SceneNode:
    key: Any  # the node of the graph
    label: str
    kind: str
    shape: str
    colour: str
    size: float  # radius in drawing units
    x: float
    y: float
    rank: int  # 0 is labelled first
    towards: tuple[float, float] | None = None  # a place beyond the frame: the way to it

    @property
    def beyond(self) -> bool:
        """A place outside the frame, drawn at its edge."""
        return self.towards is not None


@dataclass(frozen=True, slots=True)
class SceneEdge:
    source: Any
    target: Any
    style: str
    colour: str
    width: float
    dashes: tuple[int, ...]


@dataclass(frozen=True, slots=True)
class LegendEntry:
    key: str
    label: str
    colour: str
    count: int
    shape: str = ""  # for a node kind
    width: float = 0.0  # for an edge style
    dashes: tuple[int, ...] = ()


@dataclass(frozen=True, slots=True)
class Scene:
    nodes: tuple[SceneNode, ...]
    edges: tuple[SceneEdge, ...]
    layout: Layout
    rings: tuple[np.ndarray, ...]  # country outlines near the frame, in drawing units
    node_legend: tuple[LegendEntry, ...]
    edge_legend: tuple[LegendEntry, ...]
    panel_titles: tuple[str, ...] = ()

    @property
    def first_view(self) -> tuple[float, float, float, float]:
        """The frame, widened over every panel."""
        x0, y0, x1, y1 = self.layout.frame
        return x0, y0, x1 + self.layout.panel_offsets[-1], y1


def build_scene(G: nx.Graph) -> Scene:
    """The scene of a view's graph. `G.graph["panels"]` titles the panels of a view drawn in
    panels (nodes carry their `panel` number)."""
    layout = layout_graph(G)
    rank = {n: i for i, n in enumerate(label_order(G))}
    nodes = []
    for n, attrs in G.nodes(data=True):
        kind = str(attrs.get("kind") or "other")
        shape, colour, _ = KIND_STYLES.get(kind, OTHER_KIND)
        label = str(attrs.get("label") or n)
        if len(label) > LABEL_CHARS:
            label = label[:LABEL_CHARS - 2] + "…"
        x, y = layout.positions[n]
        towards = None
        if n in layout.beyond:
            offset = layout.panel_offsets[attrs.get("panel") or 0]
            towards = _direction(layout.frame, x - offset, y)
            eighth = round(math.atan2(towards[1], towards[0]) / (math.pi / 4)) % 8
            label = f"{label} {ARROWS[eighth]}"
        nodes.append(SceneNode(
            key=n, label=label,
            kind=kind, shape=shape, colour=colour, size=node_size(kind, node_weight(G, n)),
            x=round(x, 1), y=round(y, 1), rank=rank[n], towards=towards,
        ))
    edges = []
    for u, v, attrs in G.edges(data=True):
        style = edge_style(G, u, v)
        colour, width, dashes, _ = EDGE_STYLES[style]
        if isinstance(attrs.get("projects"), int):  # a summary: width grows with projects
            width = round(1 + 1.5 * math.log2(attrs["projects"]), 2)
        edges.append(SceneEdge(u, v, style, colour, width, tuple(dashes or ())))
    rings: tuple[np.ndarray, ...] = ()
    if layout.on_map:
        rings = tuple(rings_near(layout.frame))
    kind_counts = Counter(node.kind for node in nodes)
    style_counts = Counter(edge.style for edge in edges)
    node_legend = tuple(
        LegendEntry(key, label, colour, kind_counts[key], shape=shape)
        for key, (shape, colour, label) in KIND_STYLES.items() if kind_counts[key]
    )
    edge_legend = tuple(
        LegendEntry(key, label, colour, style_counts[key], width=width, dashes=tuple(d or ()))
        for key, (colour, width, d, label) in EDGE_STYLES.items() if style_counts[key]
    )
    return Scene(tuple(nodes), tuple(edges), layout, rings, node_legend, edge_legend,
                 tuple(G.graph.get("panels", ())))



def _direction(frame: tuple[float, float, float, float], x: float, y: float) -> tuple[float, float]:
    """The unit vector from the frame's centre towards (x, y); y grows southwards."""
    dx, dy = x - (frame[0] + frame[2]) / 2, y - (frame[1] + frame[3]) / 2
    length = math.hypot(dx, dy) or 1.0
    return round(dx / length, 3), round(dy / length, 3)
