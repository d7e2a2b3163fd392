"""The interactive page: a view of the partnership network as one offline HTML file.

The page is drawn by vis-network, rendered with our own template: the vis-network script
and style (viz/assets/vis-network, the 9.1.2 release, with its licence) are inlined, and so
is the page's own script (viz/page.js: the map under the nodes, the labels, the filters), so
the page makes no request to any host. What it draws comes from viz/scene.py; here nodes and
edges get their tooltips, and the scene becomes the page's data.
"""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

import networkx as nx
from jinja2 import Environment
from markupsafe import Markup

from tnkg.viz.basemap import PROJECTION, SOURCE
from tnkg.viz.labels import LABEL_PX, LABEL_TIERS
from tnkg.viz.scene import Scene, build_scene
from tnkg.viz.styles import EDGE_STYLES, KIND_STYLES, MAP_COLOURS, OTHER_KIND
from tnkg.viz.views import edge_role

# node attributes that are layout or styling, not facts for the tooltip
_NOT_FACTS = {"kind", "label", "latitude", "longitude", "x", "y", "panel"}
# personal data never goes into a page (the graph should not carry it; this makes sure)
_PERSONAL = ("contact", "email", "e-mail", "phone", "telephone")


def render_page(G: nx.Graph, *, heading: str, notes: list[str] | tuple[str, ...] = ()) -> str:
    """The HTML of the interactive page drawing `G` (nothing in it fetches from a network)."""
    scene = build_scene(G)
    ids = {node.key: str(node.key) for node in scene.nodes}
    data = {
        "nodes": [_vis_node(G, node, ids) for node in scene.nodes],
        "edges": [_vis_edge(G, edge, ids) for edge in scene.edges],
        "options": {
            "autoResize": True,
            "interaction": {"hover": True, "tooltipDelay": 150, "navigationButtons": False},
            "layout": {"improvedLayout": False, "randomSeed": 7},
            "nodes": {"borderWidth": 1, "borderWidthSelected": 2},
            "edges": {"smooth": False, "selectionWidth": 2},
            "physics": {"enabled": False},  # the layout is computed beforehand (viz/layout.py)
        },
        "kinds": list(KIND_STYLES),
        "edgeStyles": list(EDGE_STYLES),
        "frame": [round(v, 1) for v in scene.first_view],
        "map": _map_data(scene),
        "panels": [{"title": title, "x": round(scene.layout.panel_offsets[i]
                                                 + (scene.layout.frame[0] + scene.layout.frame[2])
                                                 / 2, 1), "y": round(scene.layout.frame[1], 1)}
                   for i, title in enumerate(scene.panel_titles)],
        "labelPx": LABEL_PX,
        "boldTiers": [0, 1],
    }
    template = Environment(autoescape=True).from_string(
        resources.files("tnkg.viz").joinpath("template.html").read_text("utf-8")
    )
    return template.render(
        heading=heading,
        notes=list(notes),
        node_count=f"{len(scene.nodes):,}",
        edge_count=f"{len(scene.edges):,}",
        labels=sorted({node.label for node in scene.nodes}),
        kinds=scene.node_legend,
        edge_styles=[
            {"entry": entry, "dasharray": " ".join(map(str, entry.dashes))}
            for entry in scene.edge_legend
        ],
        layout_note=_layout_note(scene),
        vis_css=Markup(_script_text(_vis_asset("vis-network.css"))),
        vis_js=Markup(_script_text(_vis_asset("vis-network.min.js"))),
        page_js=Markup(_script_text(
            resources.files("tnkg.viz").joinpath("page.js").read_text("utf-8"))),
        data_json=Markup(encode_script_json(data)),
    )


def _map_data(scene: Scene) -> dict[str, Any] | None:
    if not scene.rings:
        return None
    return {
        "rings": [[round(float(v), 1) for v in ring.ravel()] for ring in scene.rings],
        "offsets": [round(v, 1) for v in scene.layout.panel_offsets],
        "frame": [round(v, 1) for v in scene.layout.frame],  # each panel's map is cut to it
        "colours": MAP_COLOURS,
    }


def _layout_note(scene: Scene) -> str:
    if not scene.layout.on_map:
        return "No node has coordinates: the nodes are laid out beforehand, without a map."
    beyond = sum(node.beyond for node in scene.nodes)
    return (
        "Places with coordinates sit where the map puts them (GeoNames coordinates: the city, "
        "or the municipal seat for a Swedish municipality; a country, and a region abroad, at its "
        "capital); the rest "
        "around them. The first view frames Sweden and the places in Europe"
        + (f"; {beyond} place{'s' if beyond != 1 else ''} beyond it sit{'s' if beyond == 1 else ''}"
           " at its edge, with an arrow pointing their way" if beyond else "")
        + f". Map: {SOURCE}, {PROJECTION}. Labels: projects first, then places abroad, "
        "organisations and municipalities, the most linked first; zoom in for more, hover for "
        "any."
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
    return resources.files("tnkg.viz").joinpath("assets", "vis-network", name).read_text("utf-8")


def _script_text(text: str) -> str:
    """Script or style text that cannot end the element it is inlined in."""
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def _vis_node(G: nx.Graph, node: Any, ids: dict[Any, str]) -> dict[str, Any]:
    attrs = G.nodes[node.key]
    kind_label = KIND_STYLES.get(node.kind, OTHER_KIND)[2]
    full_label = str(attrs.get("label") or node.key)
    facts = [[kind_label, full_label], *_facts(G, attrs), ["links", str(G.degree(node.key))]]
    if node.beyond:
        facts.append(["on the map", "beyond the frame: drawn at its edge, in its direction"])
    vis = {
        "id": ids[node.key],
        "name": node.label,  # not vis-network's `label`: the page draws labels itself
        "kind": node.kind,
        "tier": LABEL_TIERS.get(node.kind, 4),
        "rank": node.rank,
        "shape": node.shape,
        "color": node.colour,
        "size": node.size,
        "x": node.x,
        "y": node.y,
        "search": full_label.casefold(),
        "facts": facts,
    }
    if node.towards is not None:
        vis["towards"] = list(node.towards)
    return vis


def _vis_edge(G: nx.Graph, edge: Any, ids: dict[Any, str]) -> dict[str, Any]:
    attrs = G.edges[edge.source, edge.target]
    facts = [["link", EDGE_STYLES[edge.style][3]], ["role", edge_role(G, edge.source, edge.target)]]
    facts += [pair for pair in _facts(G, attrs) if pair[0] != "role"]
    vis = {"from": ids[edge.source], "to": ids[edge.target], "style": edge.style,
           "color": edge.colour, "width": edge.width, "facts": facts}
    if edge.dashes:
        vis["dashes"] = list(edge.dashes)
    return vis


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
