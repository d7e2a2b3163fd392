"""The page `tnkg viz` writes: views, filters, layout, escaping, offline assets."""

from __future__ import annotations

import json
import re
from html.parser import HTMLParser
from pathlib import Path

import networkx as nx
import pytest

from tnkg.errors import QueryError
from tnkg.extract.vocabulary import NODE_KINDS, ORGANISATION_ROLES, PLACE_ROLES
from tnkg.viz import styles
from tnkg.viz.layout import layout_graph
from tnkg.viz.page import encode_script_json, render_page
from tnkg.viz.pictures import write_picture
from tnkg.viz.views import (
    SUMMARY_KINDS,
    find_node,
    load_view_network,
    select_view,
    summarise_countries,
)

ID = "https://w3id.org/tnkg/id/"
SMALL_TRIG = Path(__file__).resolve().parents[1] / "queries" / "data" / "small.trig"


class _Resources(HTMLParser):
    """Every URL the page would load: src and href attributes, and url() in styles."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.scripts = 0

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        self.urls += [value for name, value in attrs if name in ("src", "href") and value]


def page_data(html: str) -> dict:
    """The data block of the page, decoded as the browser would."""
    match = re.search(r"^var DATA = (.*);$", html, re.MULTILINE)
    return json.loads(match.group(1))


def test_page_loads_nothing_from_any_host(gold_network, tmp_path):
    html = write_picture(tmp_path, G=gold_network).path.read_text("utf-8")
    parser = _Resources()
    parser.feed(html)
    assert parser.urls == []
    assert parser.scripts == 3  # vis-network inline, the page's data, the page's own script
    assert "vis.Network" in html
    assert not re.search(r"cdnjs|jsdelivr|unpkg|bootstrap", html)  # what pyvis links to
    assert not re.search(r"url\((?!\"?data:)", html)  # styles use data: URLs only


def test_page_holds_every_node_and_edge_with_its_facts(gold_network, tmp_path):
    page = write_picture(tmp_path, G=gold_network)
    data = page_data(page.path.read_text("utf-8"))
    assert (page.nodes, page.edges) == (gold_network.number_of_nodes(),
                                        gold_network.number_of_edges())
    assert len(data["nodes"]) == page.nodes and len(data["edges"]) == page.edges
    transnet = next(n for n in data["nodes"] if n["name"] == "Transnet")
    facts = dict(transnet["facts"][1:])
    assert facts["owner"] == "Arbetsmarknadsförvaltningen - Stockholms stad"
    assert facts["esf grant sek"].endswith(" kr")
    trondheim = next(e for e in data["edges"]
                     if e["to"].endswith("city/3133880") or e["from"].endswith("city/3133880"))
    assert trondheim["style"] == "place:partner"
    assert dict(trondheim["facts"])["evidence"].startswith("Trondheim har tre projekt")


def test_nodes_are_sized_by_degree_and_told_apart_by_kind(gold_network):
    data = page_data(render_page(gold_network, heading="sample"))
    by_label = {n["name"]: n for n in data["nodes"]}
    hub, leaf = by_label["Tre-M - matchning, motor, mäklare"], by_label["Trondheim"]
    assert hub["size"] > leaf["size"]
    assert (hub["shape"], leaf["shape"]) == ("square", "diamond")
    assert len({shape for shape, _, _ in styles.KIND_STYLES.values()}) == len(styles.KIND_STYLES)


def test_title_cannot_close_the_script_or_make_markup(hostile):
    G = nx.Graph()
    G.add_node("p", kind="project", label=hostile, title=hostile + "\u2028next")
    G.add_node("c", kind="city", label="Leeds")
    G.add_edge("p", "c", role="partner", evidence=hostile)
    html = render_page(G, heading=hostile, notes=[hostile])
    assert html.lower().count("</script") == 3  # the three script elements the page has
    assert "<img" not in html and "\u2028" not in html
    assert "&lt;/script&gt;&lt;script&gt;" in html  # heading, note and search list, escaped
    data = page_data(html)
    assert data["nodes"][0]["name"].startswith("</script>")  # the data itself is intact


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("</script>", '"\\u003c/script\\u003e"'),
        ("a & b", '"a \\u0026 b"'),
        ("line\u2028break\u2029", '"line\\u2028break\\u2029"'),
        ("<!--", '"\\u003c!--"'),
        ("Malmö", '"Malmö"'),
    ],
)
def test_script_json_escapes_what_could_end_the_script(value, expected):
    assert encode_script_json(value) == expected
    assert json.loads(encode_script_json(value)) == value


def test_personal_data_stays_out_of_the_page():
    G = nx.Graph()
    G.add_node("p", kind="project", label="Transnet", contact_name="Eva Loftsson",
               email="eva@example.se", phone="070-123 45 67")
    html = render_page(G, heading="x")
    assert "Loftsson" not in html and "eva@example.se" not in html and "070-123" not in html


def test_ego_view_holds_the_neighbourhood_within_depth(gold_network):
    H, view, notes = select_view(gold_network, focus="Transnet", depth=1)
    transnet = find_node(gold_network, "Transnet")
    assert view == "ego view"
    assert set(H) == {transnet, *gold_network[transnet]}
    deeper, _, _ = select_view(gold_network, focus=transnet, depth=2)
    assert set(H) < set(deeper)
    assert "Transnet" in notes[0]


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("Atlantis", "no project, organisation or place has that name"),
        ("Arbetsförmedlingen", "names"),  # many offices: too vague to pick one
    ],
)
def test_focus_that_names_no_node_or_many_is_an_error(gold_network, name, message):
    with pytest.raises(QueryError, match=message):
        select_view(gold_network, focus=name)


def test_focus_by_iri_exact_name_or_unique_part(gold_network):
    iri = find_node(gold_network, "Transnet")
    assert iri.startswith(ID + "project/")
    assert find_node(gold_network, iri) == iri
    assert find_node(gold_network, "transnet") == iri
    assert gold_network.nodes[find_node(gold_network, "Trondh")]["label"] == "Trondheim"


def test_kind_filter_keeps_only_those_kinds(gold_network):
    H, _, _ = select_view(gold_network, kinds=["project", "city"])
    assert {kind for _, kind in H.nodes(data="kind")} == {"project", "city"}
    assert H.number_of_edges() == sum(
        1 for u, v in gold_network.edges
        if {gold_network.nodes[u]["kind"], gold_network.nodes[v]["kind"]} == {"project", "city"}
    )


def test_role_filter_keeps_those_edges_and_drops_what_they_cut_off(gold_network):
    H, _, _ = select_view(gold_network, roles=["planned", "related"])
    roles = {role for _, _, role in gold_network.edges(data="role")}
    assert {"owner", "partner", "municipality"} <= roles
    assert {role for _, _, role in H.edges(data="role")} == {"planned", "related"}
    labels = {label for _, label in H.nodes(data="label")}
    assert {"GROWING TOGETHER", "Tre-M - matchning, motor, mäklare", "Berlin"} <= labels
    assert "Transnet" not in labels and "Trondheim" not in labels


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [({"kinds": ["planet"]}, "unknown node kind"), ({"roles": ["friend"]}, "unknown role"),
     ({"depth": -1}, "--depth")],
)
def test_bad_view_options_are_errors(gold_network, kwargs, message):
    with pytest.raises(QueryError, match=message):
        select_view(gold_network, **kwargs)


def test_country_summary_counts_projects_and_shared_projects(gold_network):
    S = summarise_countries(gold_network)
    names = {S.nodes[n]["label"]: n for n in S}
    gb, pl = names["United Kingdom"], names["Poland"]
    # Birmingham (Transnet), Storbritannien (Tre-M), Nottingham and others (GROWING TOGETHER)
    assert S.nodes[gb]["projects"] == 3
    # Transnet and Tre-M both tie Great Britain and Poland
    assert S.edges[gb, pl]["projects"] == 2
    assert set(names) == {"United Kingdom", "Poland", "Norway", "Denmark", "France", "Italy",
                          "Germany"}


def test_page_past_the_node_limit_is_the_country_summary_and_says_so(gold_network, tmp_path):
    page = write_picture(tmp_path, G=gold_network, node_limit=50)
    html = page.path.read_text("utf-8")
    assert page.view == "country summary" and page.nodes == 7
    assert "more than the limit of 50" in html
    assert {n["kind"] for n in page_data(html)["nodes"]} == {"country"}


def test_places_with_coordinates_sit_where_the_map_puts_them(gold_network):
    layout = layout_graph(gold_network)
    city = {gold_network.nodes[n]["label"]: layout.positions[n] for n in layout.pinned
            if gold_network.nodes[n]["kind"] == "city"}
    assert city["Glasgow"][0] < city["Berlin"][0] < city["Warszawa"][0]  # west to east
    assert city["Trondheim"][1] < city["Berlin"][1] < city["Paris"][1]  # north is up
    assert all(gold_network.nodes[n]["kind"] != "project" for n in layout.pinned)


def test_a_place_far_away_sits_at_the_frame_edge_instead_of_widening_it(gold_network):
    G = gold_network.copy()
    somalia = f"{ID}country/SO"  # as the built demo graph has it: one mention
    G.add_node(somalia, kind="country", label="Somalia")
    G.add_edge(find_node(G, "Transnet"), somalia, role="mention")
    layout = layout_graph(G)
    assert layout.beyond == {somalia}
    without = layout_graph(gold_network).frame  # the frame is about what it is without Somalia
    assert layout.frame == pytest.approx(without, abs=0.03 * (without[2] - without[0]))
    x0, y0, x1, y1 = layout.frame
    x, y = layout.positions[somalia]
    assert x0 <= x <= x1 and y0 <= y <= y1
    # the frame is Europe's: Stockholm to Paris is more than a fifth of its width
    stockholm, paris = find_node(G, "Stockholm"), find_node(G, "Paris")
    assert layout.positions[stockholm][0] - layout.positions[paris][0] > (x1 - x0) / 5


def test_large_graph_is_laid_out_beforehand(large_graph):
    G = large_graph
    assert G.number_of_nodes() == 1690
    data = page_data(render_page(G, heading="large"))
    assert data["options"]["physics"]["enabled"] is False
    assert len(data["nodes"]) == 1690 and len(data["edges"]) == G.number_of_edges()
    assert len({(n["x"], n["y"]) for n in data["nodes"]}) > 1600  # spread out, not piled up


def test_every_kind_and_role_of_the_vocabulary_has_a_style():
    assert set(styles.KIND_STYLES) == set(NODE_KINDS)
    edge_styles = set(styles.EDGE_STYLES)
    assert {f"organisation:{role}" for role in ORGANISATION_ROLES} <= edge_styles
    assert {f"place:{role}" for role in PLACE_ROLES} <= edge_styles


@pytest.fixture(scope="session")
def built_dir(tmp_path_factory):
    """A folder laid out as `tnkg build` leaves it, holding the queries' small test graph."""
    import pyoxigraph as ox

    out = tmp_path_factory.mktemp("built")
    store = ox.Store(str(out / "store"))
    store.load(path=str(SMALL_TRIG), format=ox.RdfFormat.TRIG)
    store.flush()
    del store  # closed: the command opens it read-only
    return out


def test_command_draws_the_built_graph(built_dir, tmp_path, capsys):
    from tnkg.cli import main
    from tnkg.kg.store import open_store
    from tnkg.queries.networks import build_partnership_network

    G = build_partnership_network(open_store(built_dir))
    out_file = tmp_path / "page.html"
    assert main(["viz", "--out", str(built_dir), "-o", str(out_file)]) == 0
    data = page_data(out_file.read_text("utf-8"))
    assert (len(data["nodes"]), len(data["edges"])) == (G.number_of_nodes(), G.number_of_edges())
    assert capsys.readouterr().out.startswith(f"wrote {out_file}: whole graph, ")


def test_a_summary_reads_no_organisations_and_gives_the_same_summary(built_dir):
    full = load_view_network(built_dir)
    light = load_view_network(built_dir, view="countries")
    kinds = {kind for _, kind in light.nodes(data="kind")}
    assert kinds <= set(SUMMARY_KINDS) and "project" in kinds
    assert not {"organisation", "municipality"} & kinds
    small, big = summarise_countries(light), summarise_countries(full)
    assert sorted(small.nodes(data=True)) == sorted(big.nodes(data=True))
    assert sorted(small.edges(data=True)) == sorted(big.edges(data=True))
    # the graph view past the limit will be the summary: it reads no more than that
    past = load_view_network(built_dir, node_limit=2)
    assert {kind for _, kind in past.nodes(data="kind")} == kinds
    under = load_view_network(built_dir, node_limit=1000)
    assert under.number_of_nodes() == full.number_of_nodes()


def test_command_without_a_built_graph_fails_in_one_line(tmp_path, capsys):
    from tnkg.cli import main

    assert main(["viz", "--out", str(tmp_path / "nothing")]) == 2
    error = capsys.readouterr().err
    assert error.count("\n") == 1 and "run `tnkg build` first" in error
