"""Interactive network pages: the partnership network as one offline HTML file.

The page is drawn by vis-network, rendered with our own template: the
vis-network script and style (viz/assets/vis-network, the 9.1.2 release, with
its licence) are inlined, so the page makes no request to any host. What to
draw comes from viz/views.py, where to draw it from viz/layout.py; here nodes
and edges get their shapes, colours, tooltips and the legend.
"""

from __future__ import annotations

import json
import math
import os
from collections import Counter
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup

from tnkg.errors import TnkgError
from tnkg.extract.vocabulary import ORGANISATION_ROLES, PLACE_KINDS, PLACE_ROLES
from tnkg.files import write_atomic
from tnkg.kg.store import open_store
from tnkg.queries.networks import build_partnership_network, count_projects
from tnkg.viz.layout import PHYSICS_NODE_LIMIT, layout_positions
from tnkg.viz.views import (
    DEFAULT_DEPTH,
    SUMMARY_KINDS,
    edge_role,
    select_view,
    summarise_countries,
)

NODE_LIMIT = 2000  # past this many nodes the page shows the country-level summary

# kind -> (vis shape, colour, legend label); shapes that scale with `size`
KIND_STYLES: dict[str, tuple[str, str, str]] = {
    "project": ("square", "#2b6cb0", "project"),
    "organisation": ("dot", "#dd8a1f", "organisation"),
    "municipality": ("triangle", "#2f855a", "Swedish municipality"),
    "city": ("diamond", "#c53030", "city abroad"),
    "region": ("hexagon", "#805ad5", "region abroad"),
    "country": ("star", "#b7950b", "country"),
}
OTHER_KIND = ("dot", "#a0aec0", "other")  # a kind this page does not know yet

# edge style key -> (colour, width, dash pattern or None, legend label)
EDGE_STYLES: dict[str, tuple[str, float, list[int] | None, str]] = {
    "organisation:owner": ("#1a365d", 3, None, "owner"),
    "organisation:co-financier": ("#2c7a7b", 2, None, "co-financier"),
    "organisation:partner": ("#dd6b20", 2, None, "partner organisation"),
    "organisation:participant": ("#a0aec0", 1, None, "participant"),
    "place:partner": ("#c53030", 3, None, "partner place abroad"),
    "place:planned": ("#ed8936", 2, [8, 5], "planned place abroad"),
    "place:related": ("#805ad5", 2, [2, 5], "related place abroad"),
    "place:mention": ("#cbd5e0", 1, [1, 6], "mentioned place abroad"),
    "municipality": ("#9ae6b4", 1, None, "project municipality (Kommun)"),
    "place:in": ("#fbd38d", 1, [3, 3], "place abroad in its country"),
    "organisation:unit-of": ("#f6ad55", 1, [3, 3], "unit of an organisation"),
    "country:shared": ("#b7950b", 2, None, "countries sharing projects"),
    "other": ("#e2e8f0", 1, [4, 4], "other link"),
}

# node attributes that are layout or styling, not facts for the tooltip
_NOT_FACTS = {"kind", "label", "latitude", "longitude", "x", "y"}
# personal data never goes into a page (the graph should not carry it; this makes sure)
_PERSONAL = ("contact", "email", "e-mail", "phone", "telephone")


@dataclass(frozen=True, slots=True)
class GraphPage:
    """What `write_graph_page` wrote."""

    path: Path
    view: str  # "whole graph", "ego view" or "country summary"
    nodes: int
    edges: int
    notes: tuple[str, ...] = ()


def write_graph_page(
    out_dir: str | os.PathLike[str],
    *,
    out_file: str | os.PathLike[str] | None = None,
    focus: str | None = None,
    depth: int = DEFAULT_DEPTH,
    kinds: tuple[str, ...] | list[str] | None = None,
    roles: tuple[str, ...] | list[str] | None = None,
    summary: bool = False,
    node_limit: int = NODE_LIMIT,
    G: nx.Graph | None = None,
) -> GraphPage:
    """Write the interactive page for the graph built in `out_dir` (default DIR/graph.html).

    `G` (a typed network as `build_partnership_network` makes) replaces the store,
    for callers that hold one already.
    """
    out_dir = Path(out_dir)
    path = Path(out_file) if out_file is not None else out_dir / "graph.html"
    if G is None:
        G = load_partnership_network(
            out_dir, summary_only=focus is None and kinds is None and (summary or roles is None),
            node_limit=node_limit,
        )
    H, view, notes = select_view(G, focus=focus, depth=depth, kinds=kinds, roles=roles)
    if summary or H.number_of_nodes() > node_limit:
        if not summary:
            notes.append(
                f"The selection has {H.number_of_nodes():,} nodes, more than the limit of "
                f"{node_limit:,} that a browser lays out usefully, so this page shows the "
                "country-level summary instead. Draw part of the graph with --focus."
            )
        H = summarise_countries(H, roles=roles)
        view = "country summary"
        notes.append(
            "Countries abroad, sized by the projects tied to them (partner, planned or related "
            "places; a city or region counts for its country), linked when projects share them. "
            "Sweden is left out: every project is Swedish."
        )
    html = render_page(H, heading=f"Transnational partnerships: {view}", notes=notes)
    try:
        write_atomic(path, html.encode("utf-8"), durable=False)
    except OSError as error:
        raise TnkgError(f"{path}: cannot write the page: {error.strerror or error}") from error
    return GraphPage(path, view, H.number_of_nodes(), H.number_of_edges(), tuple(notes))


def load_partnership_network(
    out_dir: Path, *, summary_only: bool = False, node_limit: int = NODE_LIMIT
) -> nx.Graph:
    """The typed partnership network of the graph built in `out_dir`.

    With `summary_only` (the page would show the whole graph) and more projects
    than `node_limit`, the page can only be the country summary, which needs
    projects and places abroad alone: organisations and municipalities are not
    read (8 of 13 s at 10,000 pages).
    """
    store = open_store(out_dir)
    if summary_only and count_projects(store) > node_limit:
        return build_partnership_network(store, kinds=SUMMARY_KINDS)
    return build_partnership_network(store)


def edge_style(G: nx.Graph, u: Any, v: Any) -> str:
    """The EDGE_STYLES key of an edge, from its role and the kind of node it ties a project to."""
    kinds = {G.nodes[u].get("kind"), G.nodes[v].get("kind")}
    role = edge_role(G, u, v)
    if kinds == {"country"}:
        return "country:shared"
    if role == "in":
        return "place:in"
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


def render_page(G: nx.Graph, *, heading: str, notes: list[str] | tuple[str, ...] = ()) -> str:
    """The HTML of the interactive page drawing `G` (nothing in it fetches from a network)."""
    positions, fixed = layout_positions(G)
    physics = G.number_of_nodes() <= PHYSICS_NODE_LIMIT
    degrees = dict(G.degree())
    ids = {n: str(n) for n in G}
    scale = 1.0 if physics else 0.6  # smaller marks where hundreds of nodes share the view
    vis_nodes = [_vis_node(G, n, ids[n], degrees[n], positions[n], n in fixed, scale) for n in G]
    vis_edges = [_vis_edge(G, u, v, ids) for u, v in G.edges]
    options = {
        "autoResize": True,
        "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
        "layout": {"improvedLayout": False, "randomSeed": 7},
        "nodes": {"font": {"size": 12, "face": "system-ui, sans-serif"}, "borderWidth": 1},
        "edges": {"smooth": False, "selectionWidth": 2},
        "physics": {
            "enabled": physics,
            "solver": "barnesHut",
            "barnesHut": {"gravitationalConstant": -3000, "springLength": 90,
                          "avoidOverlap": 0.2},
            "stabilization": {"enabled": True, "iterations": 300, "fit": True},
        },
    }
    data = {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": options,
        "kinds": list(KIND_STYLES),
        "edgeStyles": list(EDGE_STYLES),
    }
    kind_counts = Counter(node["kind"] for node in vis_nodes)
    style_counts = Counter(edge["style"] for edge in vis_edges)
    layout_note = (
        "Places with coordinates sit where the map puts them (GeoNames coordinates: the city, "
        "or the municipal seat for a Swedish municipality; a country at its capital; places "
        "far from Europe pulled in); "
        + ("physics places the rest, then stops." if physics else
           "the rest is laid out beforehand (each node at the mean of its neighbours, single "
           "links fanned around theirs); physics is off." if fixed else
           "the rest is laid out beforehand, one circle per connected part; physics is off.")
    )
    template = Environment(autoescape=True).from_string(
        resources.files("tnkg.viz").joinpath("template.html").read_text("utf-8")
    )
    return template.render(
        heading=heading,
        notes=list(notes),
        node_count=f"{len(vis_nodes):,}",
        edge_count=f"{len(vis_edges):,}",
        labels=sorted({node["label"] for node in vis_nodes}),
        kinds=[
            {"key": k, "shape": s, "colour": c, "label": label, "count": kind_counts[k]}
            for k, (s, c, label) in KIND_STYLES.items() if kind_counts[k]
        ],
        edge_styles=[
            {"key": k, "colour": c, "width": w, "dasharray": " ".join(map(str, d or ())),
             "label": label, "count": style_counts[k]}
            for k, (c, w, d, label) in EDGE_STYLES.items() if style_counts[k]
        ],
        layout_note=layout_note,
        vis_css=Markup(_vis_asset("vis-network.css")),
        vis_js=Markup(_vis_asset("vis-network.min.js")),
        data_json=Markup(encode_script_json(data)),
    )


def encode_script_json(value: Any) -> str:
    """JSON that is safe inside an inline <script>: no `<`, `>` or `&` can end the element
    or open a comment, and U+2028/U+2029 cannot end a line of the script.

    >>> print(encode_script_json({"title": "</script>"}))
    {"title": "\\u003c/script\\u003e"}
    """
    text = json.dumps(value, ensure_ascii=False, allow_nan=False)
    for char, escaped in (("<", "\\u003c"), (">", "\\u003e"), ("&", "\\u0026"),
                          ("\u2028", "\\u2028"), ("\u2029", "\\u2029")):
        text = text.replace(char, escaped)
    return text


def _vis_asset(name: str) -> str:
    """A file of the vis-network release bundled in viz/assets (see its LICENSE there)."""
    text = resources.files("tnkg.viz").joinpath("assets", "vis-network", name).read_text("utf-8")
    # the bundle holds no closing tag today; make sure a future one cannot end ours
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def _vis_node(G: nx.Graph, n: Any, vis_id: str, degree: int, position: tuple[float, float],
              fixed: bool, scale: float) -> dict[str, Any]:
    attrs = G.nodes[n]
    kind = str(attrs.get("kind") or "other")
    shape, colour, kind_label = KIND_STYLES.get(kind, OTHER_KIND)
    label = str(attrs.get("label") or n)
    weight = attrs.get("projects", degree)  # the country summary sizes by projects
    node = {
        "id": vis_id,
        "label": label if len(label) <= 40 else label[:38] + "…",
        "kind": kind,
        "shape": shape,
        "color": colour,
        "size": round(scale * (8 + 5 * math.sqrt(weight)), 1),
        "x": round(position[0], 1),
        "y": round(position[1], 1),
        "search": label.casefold(),
        "facts": [[kind_label, label], *_facts(G, attrs), ["links", str(degree)]],
    }
    if fixed:
        node["fixed"] = True
    return node


def _vis_edge(G: nx.Graph, u: Any, v: Any, ids: dict[Any, str]) -> dict[str, Any]:
    attrs = G.edges[u, v]
    style = edge_style(G, u, v)
    colour, width, dashes, style_label = EDGE_STYLES[style]
    if "projects" in attrs:  # country summary: width grows with shared projects
        width = 1 + 1.5 * math.log2(attrs["projects"])
    facts = [["link", style_label], ["role", edge_role(G, u, v)]]
    facts += [pair for pair in _facts(G, attrs) if pair[0] != "role"]
    edge = {"from": ids[u], "to": ids[v], "style": style, "color": colour, "width": width,
            "facts": facts}
    if dashes:
        edge["dashes"] = dashes
    return edge


def _facts(G: nx.Graph, attrs: dict[str, Any]) -> list[list[str]]:
    facts = []
    for key, value in attrs.items():
        if key in _NOT_FACTS or value is None or value == "" or value == ():
            continue
        if key in ("start_date", "end_date") and attrs.get("period"):
            continue  # the period says both
        if any(word in key.lower() for word in _PERSONAL):
            continue
        if isinstance(value, str) and value in G:  # a reference to another node: its name
            value = G.nodes[value].get("label") or value
        facts.append([key.replace("_", " "), _format_fact(key, value)])
    return facts


def _format_fact(key: str, value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, int | float) and not isinstance(value, bool):
        text = f"{value:,.0f}".replace(",", "\u202f") if abs(value) >= 1000 else f"{value:g}"
        return text + (" kr" if "sek" in key.lower() or "grant" in key.lower() else "")
    if isinstance(value, list | tuple | set | frozenset):
        return ", ".join(str(item) for item in value)
    return str(value)
