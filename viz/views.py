"""What a picture draws: the part of the network a view selects, or a summary made from it.

Views (`VIEWS`): the whole graph, or an ego view around `focus` within `depth` steps, both
cut by node kinds and edge roles; the country summary (countries abroad sized by projects,
drawn instead of the graph past `NODE_LIMIT` nodes); municipalities and places abroad (which
Swedish municipalities reach which cities and regions abroad, through how many projects); and
the funds side by side (the country summary of each fund's projects, one panel per fund).
Each view says in its notes what it shows and what it leaves out.
"""

from __future__ import annotations

import os
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import networkx as nx

from tnkg.errors import QueryError, did_you_mean
from tnkg.extract import registers
from tnkg.extract.keys import slugify
from tnkg.extract.vocabulary import (
    FUNDS,
    NETWORK_ROLES,
    NODE_KINDS,
    PARTNERSHIP_PLACE_ROLES,
    PLACE_ROLES,
)
from tnkg.kg.iri import Minter
from tnkg.kg.store import open_store
from tnkg.queries.network_file import read_network_file
from tnkg.queries.networks import build_partnership_network, count_projects

DEFAULT_DEPTH = 2
NODE_LIMIT = 2000  # past this many nodes the graph view shows the country summary instead
SUMMARY_KINDS = ("project", "city", "region", "country")  # what the country summary reads
# view name -> the node kinds it reads, when it has no focus and no kind filter
VIEWS: dict[str, tuple[str, ...]] = {
    "graph": NODE_KINDS,
    "countries": SUMMARY_KINDS,
    "municipalities": (*SUMMARY_KINDS, "municipality"),
    "funds": SUMMARY_KINDS,
}


@dataclass(frozen=True, slots=True)
class View:
    """A view's graph, its name ("whole graph", "ego view", "country summary", ...) and
    notes saying what it shows and what it leaves out."""

    G: nx.Graph
    name: str
    notes: tuple[str, ...] = ()

    @property
    def heading(self) -> str:
        return f"Transnational partnerships: {self.name}"


def load_view_network(
    out_dir: str | os.PathLike[str],
    *,
    view: str = "graph",
    focus: str | None = None,
    kinds: tuple[str, ...] | list[str] | None = None,
    node_limit: int = NODE_LIMIT,
) -> nx.Graph:
    """The typed partnership network of the graph built in `out_dir`, as much of it as the
    view needs: a summary reads projects and places abroad alone, not the organisations and
    municipalities that make most of the graph (8 of 13 s at 10,000 pages), and so does the
    whole-graph view when the graph has more projects than `node_limit` (it will be the
    country summary). The network's tables come from the build's network file while it
    belongs to the store (the same rows, without querying the store again)."""
    network = read_network_file(out_dir)
    source = network if network is not None else open_store(Path(out_dir))
    if focus is not None or kinds:
        return build_partnership_network(source)
    if view == "graph" and count_projects(source) > node_limit:
        return build_partnership_network(source, kinds=SUMMARY_KINDS)
    return build_partnership_network(source, kinds=VIEWS[view])


def make_view(
    G: nx.Graph,
    *,
    view: str = "graph",
    focus: str | None = None,
    depth: int = DEFAULT_DEPTH,
    kinds: tuple[str, ...] | list[str] | None = None,
    roles: tuple[str, ...] | list[str] | None = None,
    node_limit: int = NODE_LIMIT,
) -> View:
    """The view of `G` a picture draws: the selection (`select_view`), then the summary the
    view asks for; the graph view becomes the country summary past `node_limit` nodes."""
    if view not in VIEWS:
        raise QueryError(f"unknown view {view!r}: use {', '.join(VIEWS)}")
    H, name, notes = select_view(G, focus=focus, depth=depth, kinds=kinds, roles=roles)
    if view == "graph" and H.number_of_nodes() > node_limit:
        notes.append(
            f"The selection has {H.number_of_nodes():,} nodes, more than the limit of "
            f"{node_limit:,} that a browser lays out usefully, so this shows the "
            "country-level summary instead. Draw part of the graph with --focus."
        )
        view = "countries"
    if view == "countries":
        H = summarise_countries(H, roles=roles)
        name = "country summary"
        notes.append(
            "Countries abroad, sized by the projects tied to them (partner, planned or related "
            "places; a city or region counts for its country), linked when projects share them. "
            "Sweden is left out: every project is Swedish."
        )
    elif view == "municipalities":
        H, left_out = link_municipalities_abroad(H, roles=roles)
        name = "municipalities and places abroad"
        notes.append(
            "Swedish municipalities linked to the cities and regions abroad their projects "
            "name as partner, planned or related places; a link is as wide as its projects."
        )
        notes.append(left_out)
    elif view == "funds":
        H = compare_funds(H, roles=roles)
        name = "funds side by side"
        notes.append(
            "For each fund, the countries abroad of its projects, sized by projects (as the "
            "country summary). Links between countries are left out (see --view countries)."
        )
    return View(H, name, tuple(notes))


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
    """The node whose IRI is `name`, or whose label is `name`, or whose label holds it,
    when only one does; labels compared as extraction compares names (case, accents and
    punctuation do not count), a place's Swedish name too (`name_sv`)."""
    if name in G:
        return name
    wanted = slugify(name)
    labels = {n: {slugify(str(data[key])) for key in ("label", "name_sv") if data.get(key)}
              for n, data in G.nodes(data=True)}
    exact = [n for n, keys in labels.items() if wanted in keys]
    matches = exact or [n for n, keys in labels.items() if any(wanted in key for key in keys)]
    if len(matches) == 1:
        return matches[0]
    if not matches:
        known = [str(label) for _, label in G.nodes(data="label") if label]
        raise QueryError(f"--focus {name!r}: no project, organisation or place has that name"
                         f"{did_you_mean(name, known, key=slugify)}")
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


def link_municipalities_abroad(
    G: nx.Graph, *, roles: tuple[str, ...] | list[str] | None = None
) -> tuple[nx.Graph, str]:
    """Swedish municipalities linked to the cities and regions abroad that their projects tie
    to, edge `projects` counting the projects; and a note of what was left out.

    >>> G = nx.Graph()
    >>> G.add_nodes_from([("p1", {"kind": "project"}), ("p2", {"kind": "project"}),
    ...                   ("umea", {"kind": "municipality", "label": "Umeå"}),
    ...                   ("leeds", {"kind": "city", "label": "Leeds"}),
    ...                   ("gb", {"kind": "country", "label": "United Kingdom"})])
    >>> G.add_edges_from([("p1", "umea", {"role": "municipality"}),
    ...                   ("p2", "umea", {"role": "municipality"}),
    ...                   ("p1", "leeds", {"role": "partner"}),
    ...                   ("p2", "leeds", {"role": "planned"}),
    ...                   ("p2", "gb", {"role": "partner"})])
    >>> M, note = link_municipalities_abroad(G)
    >>> M.edges["umea", "leeds"]["projects"], M.nodes["leeds"]["projects"]
    (2, 2)
    >>> note
    'Left out: 1 tie to a country alone; places only mentioned.'
    """
    place_roles = [r for r in (roles or PARTNERSHIP_PLACE_ROLES) if r in PLACE_ROLES] or list(
        PARTNERSHIP_PLACE_ROLES)
    M = nx.Graph()
    reached_by: dict[Any, set[Any]] = defaultdict(set)
    no_municipality = country_only = 0
    for project, kind in G.nodes(data="kind"):
        if kind != "project":
            continue
        places, municipalities = [], []
        for n in G[project]:
            other, role = G.nodes[n].get("kind"), G.edges[project, n].get("role")
            if other == "municipality":
                municipalities.append(n)
            elif other in ("city", "region") and role in place_roles:
                places.append(n)
            elif other == "country" and role in place_roles:
                country_only += 1
        if places and not municipalities:
            no_municipality += 1
        for m in sorted(municipalities, key=str):
            for place in sorted(places, key=str):
                for n in (m, place):
                    if n not in M:
                        M.add_node(n, **G.nodes[n])
                    reached_by[n].add(project)
                count = M.edges[m, place]["projects"] + 1 if M.has_edge(m, place) else 1
                M.add_edge(m, place, role="reach", projects=count)
    for n, projects in reached_by.items():
        M.nodes[n]["projects"] = len(projects)
    left_out = [f"{count} {one if count == 1 else many}" for count, one, many in (
        (no_municipality, "project with places abroad but no municipality",
         "projects with places abroad but no municipality"),
        (country_only, "tie to a country alone", "ties to a country alone"),
    ) if count]
    if "mention" not in place_roles:
        left_out.append("places only mentioned")
    note = f"Left out: {'; '.join(left_out)}." if left_out else "Nothing left out."
    return M, note


def compare_funds(G: nx.Graph, *, roles: tuple[str, ...] | list[str] | None = None) -> nx.Graph:
    """The country summary of each fund's projects, one panel per fund (`FUNDS` order); node
    `panel` is the fund's number, `G.graph["panels"]` the panels' titles."""
    F = nx.Graph()
    titles = []
    for panel, fund in enumerate(FUNDS):
        projects = [n for n, attrs in G.nodes(data=True)
                    if attrs.get("kind") == "project" and attrs.get("fund") == fund]
        places = {m for p in projects for m in G[p] if G.nodes[m].get("kind") != "project"}
        S = summarise_countries(G.subgraph([*projects, *places, *_countries_of(G, places)]),
                                roles=roles)
        for country, attrs in S.nodes(data=True):
            F.add_node(f"{fund}|{country}", **{**attrs, "fund": fund, "panel": panel})
        abroad = len({p for p in projects if any(
            G.nodes[m].get("kind") in ("city", "region", "country")
            and G.edges[p, m].get("role") in (roles or PARTNERSHIP_PLACE_ROLES) for m in G[p])})
        titles.append(f"{fund}: {len(projects):,} projects, {abroad:,} with places abroad")
    F.graph["panels"] = titles
    return F


def _countries_of(G: nx.Graph, places: set[Any]) -> set[Any]:
    return {c for place in places if (c := country_of(G, place)) is not None and c in G}
