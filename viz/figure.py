"""Static figures for papers: a view drawn by matplotlib as png, svg or pdf, without a browser.

The figure draws the same scene as the page (viz/scene.py: positions, shapes, colours, the
map's outlines) at a chosen width and resolution: the map with its nodes and edges, labels
placed as on the page (viz/labels.py) in the figure's own pixels, a title, a legend under the
map, the view's notes and a source line. Type sizes are in points at the printed size, so a
figure 88 mm wide (one journal column) keeps labels at 6.5 pt.
"""

from __future__ import annotations

import io
import math
import textwrap
from collections import defaultdict

import matplotlib
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.collections import LineCollection, PolyCollection
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle

from tnkg.viz.basemap import PROJECTION, SOURCE
from tnkg.viz.labels import LABEL_PX, LABEL_TIERS, place_labels
from tnkg.viz.scene import Scene, build_scene
from tnkg.viz.styles import MAP_COLOURS
from tnkg.viz.views import View

DEFAULT_WIDTH_IN = 180 / 25.4  # a page-wide figure; 88 mm fits one journal column
DEFAULT_DPI = 300.0
POINTS = {"title": 9.0, "label": 6.5, "legend": 6.5, "note": 6.0}
MARKERS = {"square": "s", "dot": "o", "triangle": "^", "diamond": "D", "hexagon": "h",
           "star": "*"}
# matplotlib draws these markers smaller than a square of the same size: made up for here
MARKER_GROWTH = {"star": 1.7, "triangle": 1.2, "diamond": 1.1}
SCREEN_PX = 1150  # the width of the page's drawing on a laptop screen
LINE_POINTS_PER_UNIT = 0.45  # an edge of width 1 on the page is 0.45 pt wide in the figure
LABELLED_AT_MOST = 400  # labels tried, in rank order (placing is what takes the time)
_MARGIN_IN = 0.12
# a pale box behind each label: it reads over lines and land, and stays text in an SVG
_HALO = {"boxstyle": "square,pad=0.08", "facecolor": "white", "edgecolor": "none", "alpha": 0.7}


def render_figure(view: View, *, fmt: str = "png", size: tuple[float, float | None] | None = None,
                  dpi: float | None = None) -> bytes:
    """The figure of a view as png, svg or pdf bytes; `size` is (width, height or None) in
    inches (the height follows from the map's frame when None)."""
    scene = build_scene(view.G)
    width = size[0] if size else DEFAULT_WIDTH_IN
    dpi = dpi or DEFAULT_DPI
    x0, y0, x1, y1 = scene.first_view
    aspect = (y1 - y0) / max(x1 - x0, 1.0)
    map_width = width - 2 * _MARGIN_IN
    legend_columns = max(1, int(width / 1.75))
    entries = len(scene.node_legend) + len(scene.edge_legend)
    legend_height = math.ceil(entries / legend_columns) * POINTS["legend"] * 1.7 / 72 + 0.1
    note_lines = _wrap([*view.notes, _source_line(scene)], width, POINTS["note"])
    notes_height = len(note_lines) * POINTS["note"] * 1.35 / 72 + 0.06
    title_lines = _wrap([view.heading], width, POINTS["title"], bold=True)
    title_height = (len(title_lines) + 0.6) * POINTS["title"] * 1.25 / 72
    chrome = title_height + legend_height + notes_height + 2 * _MARGIN_IN
    height = size[1] if size and size[1] else chrome + map_width * min(max(aspect, 0.45), 1.5)
    map_height = max(height - chrome, 0.5)

    fig = Figure(figsize=(width, height), dpi=dpi)
    FigureCanvasAgg(fig)  # drawn off screen, by Agg (no display, no pyplot state)
    fig.patch.set_facecolor("white")
    bottom = (_MARGIN_IN + notes_height + legend_height) / height
    ax = fig.add_axes((_MARGIN_IN / width, bottom, map_width / width, map_height / height))
    _draw_map(ax, scene, map_height / map_width)
    _draw_edges(ax, scene)
    _draw_nodes(ax, scene)
    _draw_labels(fig, ax, scene)
    fig.text(_MARGIN_IN / width, 1 - _MARGIN_IN / height, "\n".join(title_lines), ha="left",
             va="top", fontsize=POINTS["title"], fontweight="bold", linespacing=1.25)
    _draw_legend(fig, scene, bottom, legend_columns)
    fig.text(_MARGIN_IN / width, _MARGIN_IN / height, "\n".join(note_lines), ha="left",
             va="bottom", fontsize=POINTS["note"], color="#4a5568", linespacing=1.35)
    out = io.BytesIO()
    metadata = {"png": {"Software": None}, "svg": {"Date": None},
                "pdf": {"CreationDate": None, "ModDate": None}}[fmt]
    with matplotlib.rc_context({"svg.fonttype": "none", "pdf.fonttype": 42,
                                "svg.hashsalt": "tnkg"}):
        fig.savefig(out, format=fmt, dpi=dpi, metadata=metadata)
    return out.getvalue()


def _draw_map(ax, scene: Scene, aspect: float) -> None:
    """The sea, the land and the panels' titles; the first view widened to the axes' shape."""
    x0, y0, x1, y1 = scene.first_view
    cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
    half_width = max(x1 - x0, (y1 - y0) / aspect) / 2
    ax.set_xlim(cx - half_width, cx + half_width)
    ax.set_ylim(cy + half_width * aspect, cy - half_width * aspect)  # y grows southwards
    ax.set_aspect("equal", adjustable="box")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.set_axis_off()  # the map's frame is its border
    if not scene.rings:
        return
    fx0, fy0, fx1, fy1 = scene.layout.frame
    for offset in scene.layout.panel_offsets:
        land = PolyCollection([ring + (offset, 0.0) for ring in scene.rings],
                              facecolors=MAP_COLOURS["land"], edgecolors=MAP_COLOURS["border"],
                              linewidths=0.3, zorder=0)
        ax.add_collection(land)
        # the map stops at its frame; places beyond it sit on its border
        sea = Rectangle((fx0 + offset, fy0), fx1 - fx0, fy1 - fy0, facecolor=MAP_COLOURS["sea"],
                        edgecolor=MAP_COLOURS["border"], linewidth=0.5, zorder=-1)
        ax.add_patch(sea)
        land.set_clip_path(sea)
    for i, title in enumerate(scene.panel_titles):
        centre = scene.layout.panel_offsets[i] + (scene.layout.frame[0] + scene.layout.frame[2]) / 2
        ax.text(centre, scene.layout.frame[1], title, ha="center", va="top",
                fontsize=POINTS["legend"] + 0.5, fontweight="bold", zorder=5)


def _draw_edges(ax, scene: Scene) -> None:
    at = {node.key: (node.x, node.y) for node in scene.nodes}
    groups: dict[tuple, list] = defaultdict(list)
    for edge in scene.edges:
        groups[edge.style, edge.colour, edge.width, edge.dashes].append(
            (at[edge.source], at[edge.target]))
    for (_, colour, width, dashes), segments in groups.items():
        style = (0, tuple(d * 0.5 for d in dashes)) if dashes else "solid"
        ax.add_collection(LineCollection(segments, colors=colour, linestyles=[style],
                                         linewidths=max(0.3, width * LINE_POINTS_PER_UNIT),
                                         alpha=0.8, zorder=1))


def _points_per_unit(ax, scene: Scene) -> float:
    """How large a node's size is in points: as drawn to the map's scale, or, when that is
    smaller, as large beside a 6.5 pt label as on a screen beside a 12 px one."""
    x0, _, x1, _ = scene.first_view
    on_screen = SCREEN_PX / max(x1 - x0, 1.0) * POINTS["label"] / LABEL_PX
    return max(ax.transData.get_matrix()[0, 0] * 72 / ax.figure.dpi, on_screen)


def _radius_points(node, points_per_unit: float) -> float:
    return MARKER_GROWTH.get(node.shape, 1.0) * max(node.size * points_per_unit, 1.2)


def _draw_nodes(ax, scene: Scene) -> None:
    points_per_unit = _points_per_unit(ax, scene)
    for shape in MARKERS:
        group = [node for node in scene.nodes if node.shape == shape]
        if not group:
            continue
        # the page's size is a radius; scatter wants the marker's area in points squared
        sizes = [(2 * _radius_points(node, points_per_unit)) ** 2 for node in group]
        ax.scatter([n.x for n in group], [n.y for n in group], s=sizes, marker=MARKERS[shape],
                   c=[n.colour for n in group], edgecolors="white", linewidths=0.3, zorder=2)


def _draw_labels(fig, ax, scene: Scene) -> None:
    renderer = fig.canvas.get_renderer()
    to_pixels = ax.transData.transform
    ranked = sorted(scene.nodes, key=lambda node: node.rank)[:LABELLED_AT_MOST]
    scale = fig.dpi / 72
    points_per_unit = _points_per_unit(ax, scene)
    bounds = ax.get_window_extent(renderer)
    items, texts = [], []
    for node in ranked:
        x, y = to_pixels((node.x, node.y))
        if not (bounds.x0 - 1 <= x <= bounds.x1 + 1 and bounds.y0 - 1 <= y <= bounds.y1 + 1):
            continue
        text = ax.text(0, 0, node.label, fontsize=POINTS["label"],
                       fontweight="bold" if LABEL_TIERS.get(node.kind, 4) <= 1 else "normal",
                       va="center", ha="left", zorder=4, bbox=_HALO)
        extent = text.get_window_extent(renderer)  # an invisible text measures 1 by 1
        text.set_visible(False)
        radius = _radius_points(node, points_per_unit) * scale
        # pixels grow upwards here: flip y so that "above" stays above
        items.append((x, bounds.y1 - y + bounds.y0, radius, extent.width, extent.height))
        texts.append(text)
    inverse = ax.transData.inverted()
    for i, box in place_labels(items, bounds=(bounds.x0, bounds.y0, bounds.x1, bounds.y1)):
        left, middle = box[0], bounds.y1 - (box[1] + box[3]) / 2 + bounds.y0
        texts[i].set_position(inverse.transform((left, middle)))
        texts[i].set_visible(True)
    for text in texts:
        if not text.get_visible():
            text.remove()


def _draw_legend(fig, scene: Scene, map_bottom: float, columns: int) -> None:
    handles = [
        Line2D([], [], linestyle="none", marker=MARKERS.get(entry.shape, "o"),
               markerfacecolor=entry.colour, markeredgecolor="white",
               markersize=5 * MARKER_GROWTH.get(entry.shape, 1.0),
               label=f"{entry.label} ({entry.count:,})")
        for entry in scene.node_legend
    ] + [
        Line2D([], [], color=entry.colour, linewidth=max(0.5, entry.width * 0.6),
               linestyle=(0, tuple(d * 0.5 for d in entry.dashes)) if entry.dashes else "solid",
               label=f"{entry.label} ({entry.count:,})")
        for entry in scene.edge_legend
    ]
    fig.legend(handles=handles, loc="upper left", bbox_to_anchor=(0.0, map_bottom),
               ncol=columns, fontsize=POINTS["legend"], frameon=False, handlelength=2.2,
               columnspacing=1.2, borderaxespad=0.3)


def _source_line(scene: Scene) -> str:
    where = f" Map: {SOURCE}, {PROJECTION}." if scene.rings else ""
    return f"Source: tnkg, the knowledge graph of transnational partnerships.{where}"


def _wrap(paragraphs: list[str], width_in: float, points: float, *,
          bold: bool = False) -> list[str]:
    """Lines that fit the figure's width (DejaVu Sans averages 0.58 em a character, bold 0.66)."""
    chars = max(20, int((width_in - 2 * _MARGIN_IN) * 72 / (points * (0.66 if bold else 0.58))))
    return [line for text in paragraphs for line in textwrap.wrap(text, chars)]
