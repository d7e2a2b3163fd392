"""What a page draws: the part of the network a view selects, and the country summary.

Views: the whole graph, an ego view (`focus`, `depth`), filters by node kind
and edge role, and a country-level summary drawn instead of the graph when it
has more nodes than a browser can lay out usefully.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

import networkx as nx

from tnkg.errors import QueryError
from tnkg.extract import registers
from tnkg.extract.vocabulary import (
    NETWORK_ROLES,
    NODE_KINDS,
    PARTNERSHIP_PLACE_ROLES,
    PLACE_ROLES,
)
from tnkg.kg.iri import Minter

DEFAULT_DEPTH = 2
SUMMARY_KINDS = ("project", "city", "region", "country")  # what the country summary reads


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
    unknown_roles = sorted(set(roles or ()) - set(NETWORK_ROLES))
    if unknown_roles:
        raise QueryError(f"unknown role {unknown_roles[0]!r}: use {', '.join(NETWORK_ROLES)}")
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
    place_roles = [
        r for r in (roles or PARTNERSHIP_PLACE_ROLES) if r in PLACE_ROLES
    ] or list(PARTNERSHIP_PLACE_ROLES)
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
        for country in sorted(countries, key=str):  # a set: sorted, the page is the same each run
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
    return str(Minter().country(code))


def country_code(node: Any) -> str | None:
    tail = str(node).rstrip("/").rsplit("/", 1)[-1]
    return tail.upper() if len(tail) == 2 and tail.isalpha() else None


def _country_name(node: Any) -> str:
    code = country_code(node)
    return registers.country_names(code)[0] if code else str(node)
