"""`tnkg viz` as a function: read the built graph, make the view, write a page or a figure."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import networkx as nx

from tnkg.errors import TnkgError
from tnkg.files import write_atomic
from tnkg.viz.views import DEFAULT_DEPTH, NODE_LIMIT, load_view_network, make_view

FORMATS = ("html", "png", "svg", "pdf")


def picture_format(out_file: str | os.PathLike[str] | None, fmt: str | None) -> str:
    """`fmt`, or the suffix of `out_file` when it names a format, or html.

    >>> picture_format("countries.pdf", None), picture_format("x.png", "svg")
    ('pdf', 'svg')
    >>> picture_format(None, None)
    'html'
    """
    if fmt is None:
        suffix = Path(out_file).suffix.lstrip(".").lower() if out_file is not None else ""
        fmt = suffix if suffix in FORMATS else "html"
    if fmt not in FORMATS:
        raise TnkgError(f"unknown format {fmt!r}: use {', '.join(FORMATS)}")
    return fmt


@dataclass(frozen=True, slots=True)
class Picture:
    """What `write_picture` wrote."""

    path: Path
    view: str  # "whole graph", "ego view", "country summary", ...
    nodes: int
    edges: int
    notes: tuple[str, ...] = ()


def write_picture(
    out_dir: str | os.PathLike[str],
    *,
    out_file: str | os.PathLike[str] | None = None,
    fmt: str | None = None,
    view: str = "graph",
    focus: str | None = None,
    depth: int = DEFAULT_DEPTH,
    kinds: tuple[str, ...] | list[str] | None = None,
    roles: tuple[str, ...] | list[str] | None = None,
    node_limit: int = NODE_LIMIT,
    size: tuple[float, float | None] | None = None,
    dpi: float | None = None,
    G: nx.Graph | None = None,
) -> Picture:
    """Write a view of the graph built in `out_dir`: the interactive page (default
    DIR/graph.html) or a static figure (png, svg, pdf; default DIR/graph.FORMAT).

    `fmt` defaults to the suffix of `out_file`, else html. `size` is (width, height or None)
    in inches and `dpi` the resolution of a figure (viz/figure.py has the defaults). `G` (a
    typed network as `build_partnership_network` makes) replaces the store, for callers that
    hold one already.
    """
    out_dir = Path(out_dir)
    fmt = picture_format(out_file, fmt)
    path = Path(out_file) if out_file is not None else out_dir / f"graph.{fmt}"
    if G is None:
        G = load_view_network(out_dir, view=view, focus=focus, kinds=kinds,
                              node_limit=node_limit)
    shown = make_view(G, view=view, focus=focus, depth=depth, kinds=kinds, roles=roles,
                      node_limit=node_limit)
    if fmt == "html":
        from tnkg.viz.page import render_page

        content = render_page(shown.G, heading=shown.heading, notes=shown.notes).encode("utf-8")
    else:
        from tnkg.viz.figure import render_figure

        content = render_figure(shown, fmt=fmt, size=size, dpi=dpi)
    try:
        write_atomic(path, content, durable=False)
    except OSError as error:
        raise TnkgError(f"{path}: cannot write the {fmt}: {error.strerror or error}") from error
    return Picture(path, shown.name, shown.G.number_of_nodes(), shown.G.number_of_edges(),
                   shown.notes)
