"""Which labels a picture shows: the most important first, none over another.

`label_order` ranks the nodes once, for the page and the figure alike; `place_labels` puts
labels down in that order where they overlap no label already placed, trying the node's
right, left, top and bottom, and leaves out the label that fits nowhere. The page's script
runs the same placement at every zoom (viz/page.js), in screen pixels, so that zooming in
shows more names; the static figure runs it once in the figure's pixels.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

import networkx as nx

Box = tuple[float, float, float, float]  # x0, y0, x1, y1

# projects first, then the places abroad, then organisations, then municipalities
LABEL_TIERS = {"project": 0, "country": 1, "city": 1, "region": 1, "organisation": 2,
               "municipality": 3}
GAP = 3.0  # between a node and its label, in pixels
LABEL_PX = 12  # the page's label size on screen, whatever the zoom


def node_weight(G: nx.Graph, n: Any) -> float:
    """What a node's size and label rank grow with: its `projects` in a summary, else links."""
    projects = G.nodes[n].get("projects")
    return float(projects) if isinstance(projects, int | float) else float(G.degree(n))


def label_order(G: nx.Graph) -> list[Any]:
    """The nodes in the order their labels are placed.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("m", {"kind": "municipality"}), ("o", {"kind": "organisation"}),
    ...                   ("p", {"kind": "project"}), ("leeds", {"kind": "city"})])
    >>> G.add_edges_from([("p", "m"), ("p", "o"), ("p", "leeds"), ("o", "m")])
    >>> label_order(G)
    ['p', 'leeds', 'o', 'm']
    """
    return sorted(G, key=lambda n: (LABEL_TIERS.get(G.nodes[n].get("kind"), 4),
                                    -node_weight(G, n), str(G.nodes[n].get("label") or n)))


def candidate_boxes(x: float, y: float, radius: float, width: float, height: float) -> list[Box]:
    """Where a label may go around a node at (x, y): right, left, above, below."""
    r = radius + GAP
    return [
        (x + r, y - height / 2, x + r + width, y + height / 2),
        (x - r - width, y - height / 2, x - r, y + height / 2),
        (x - width / 2, y - r - height, x + width / 2, y - r),
        (x - width / 2, y + r, x + width / 2, y + r + height),
    ]


def place_labels(
    items: Sequence[tuple[float, float, float, float, float]],
    *,
    bounds: Box | None = None,
) -> list[tuple[int, Box]]:
    """The labels that fit, as (index into `items`, box), for items (x, y, radius, width,
    height) in rank order; a box must lie inside `bounds` when given.

    >>> place_labels([(0, 0, 2, 40, 10), (10, 0, 2, 40, 10), (0, 1, 2, 40, 10)])
    [(0, (5.0, -5.0, 45.0, 5.0)), (1, (-35.0, -5.0, 5.0, 5.0)), (2, (-20.0, 6.0, 20.0, 16.0))]
    >>> place_labels([(0, 0, 2, 40, 10)], bounds=(-15, -30, 15, 30))  # fits on no side
    []
    """
    placed: list[tuple[int, Box]] = []
    grid: dict[tuple[int, int], list[Box]] = {}
    cell = max((item[3] for item in items), default=50.0) or 50.0
    for i, (x, y, radius, width, height) in enumerate(items):
        for box in candidate_boxes(x, y, radius, width, height):
            if bounds is not None and not _within(box, bounds):
                continue
            if not any(_overlap(box, other) for other in _near(grid, box, cell)):
                placed.append((i, box))
                for key in _cells(box, cell):
                    grid.setdefault(key, []).append(box)
                break
    return placed


def _cells(box: Box, cell: float) -> Iterable[tuple[int, int]]:
    for cx in range(int(box[0] // cell), int(box[2] // cell) + 1):
        for cy in range(int(box[1] // cell), int(box[3] // cell) + 1):
            yield cx, cy


def _near(grid: dict[tuple[int, int], list[Box]], box: Box, cell: float) -> Iterable[Box]:
    for key in _cells(box, cell):
        yield from grid.get(key, ())


def _overlap(a: Box, b: Box) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _within(box: Box, bounds: Box) -> bool:
    return (bounds[0] <= box[0] and bounds[1] <= box[1]
            and box[2] <= bounds[2] and box[3] <= bounds[3])
