"""The page in a real headless Chromium: it draws, stays offline, and never runs page text."""

from __future__ import annotations

import networkx as nx
import pytest

from tnkg.viz.page import render_page, write_graph_page

pytestmark = pytest.mark.browser


def open_page(browser, path, *, width=1400, height=900):
    """Load a page from file and wait until it is drawn and its physics has stopped."""
    page = browser.new_page(viewport={"width": width, "height": height})
    page.requests, page.errors = [], []
    page.on("request", lambda request: page.requests.append(request.url))
    page.on("console", lambda msg: msg.type == "error" and page.errors.append(msg.text))
    page.on("pageerror", lambda error: page.errors.append(str(error)))
    page.goto(path.resolve().as_uri())
    page.wait_for_function("window.tnkgReady === true", timeout=120_000)
    return page


def drawn(page) -> dict:
    return page.evaluate(
        "({nodes: nodes.length, edges: edges.length,"
        " drawnNodes: network.body.nodeIndices.length,"
        " drawnEdges: network.body.edgeIndices.length})"
    )


@pytest.fixture(scope="module")
def gold_page(browser, gold_network, tmp_path_factory):
    """The sample network's page and its path, loaded once for the tests that only read it or
    put back what they change: loading and settling the drawing is what takes the time."""
    path = write_graph_page(tmp_path_factory.mktemp("gold-page"), G=gold_network).path
    page = open_page(browser, path)
    yield page, path
    page.close()


def test_sample_page_draws_every_node_offline(gold_page, gold_network, tmp_path):
    page, path = gold_page
    counts = (gold_network.number_of_nodes(), gold_network.number_of_edges())
    assert drawn(page) == {"nodes": counts[0], "edges": counts[1],
                           "drawnNodes": counts[0], "drawnEdges": counts[1]}
    assert page.errors == []
    assert page.requests == [path.resolve().as_uri()]
    assert page.evaluate("network.physics.physicsEnabled") is False  # it settled and stopped
    shot = tmp_path / "graph.png"
    page.screenshot(path=str(shot))
    assert shot.stat().st_size > 20_000


def test_kind_filter_and_search_act_on_the_drawing(gold_page, gold_network):
    page, _ = gold_page
    organisations = sum(1 for _, k in gold_network.nodes(data="kind") if k == "organisation")
    page.uncheck("input.kind-filter[value=organisation]")
    assert drawn(page)["drawnNodes"] == gold_network.number_of_nodes() - organisations
    page.check("input.kind-filter[value=organisation]")
    assert drawn(page)["drawnNodes"] == gold_network.number_of_nodes()
    page.fill("#search", "transnet")
    page.press("#search", "Enter")
    assert page.text_content("#search-result") == "1 match"
    assert page.evaluate("network.getSelectedNodes().map(id => nodes.get(id).label)") == [
        "Transnet"]


def test_hostile_title_renders_as_text_and_runs_nothing(browser, hostile, tmp_path):
    G = nx.Graph()
    G.add_node("p", kind="project", label=hostile, title=hostile, owner="Leeds City Council")
    G.add_node("c", kind="city", label="Leeds", latitude=53.8, longitude=-1.55)
    G.add_edge("p", "c", role="partner", evidence=hostile)
    path = tmp_path / "hostile.html"
    path.write_text(render_page(G, heading=hostile, notes=[hostile]), "utf-8")
    page = open_page(browser, path)
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.evaluate("document.querySelectorAll('img').length") == 0
    assert page.text_content("h1") == hostile
    # hover the project: the tooltip shows the title as text
    point = page.evaluate(
        "(() => { const p = network.getPosition('p'); const d = network.canvasToDOM(p);"
        " const box = document.getElementById('network').getBoundingClientRect();"
        " return [d.x + box.left, d.y + box.top]; })()"
    )
    page.mouse.move(*point)
    page.wait_for_selector("div.vis-tooltip", state="visible", timeout=5_000)
    assert hostile in page.text_content("div.vis-tooltip")
    assert page.evaluate("typeof window.pwned") == "undefined"
    assert page.errors == [] and page.requests == [path.resolve().as_uri()]


def test_large_page_draws_every_node_with_physics_off(browser, large_graph, tmp_path):
    # speed is the benchmarks' business; here: a precomputed layout, nothing left to simulate
    G = large_graph
    path = tmp_path / "large.html"
    path.write_text(render_page(G, heading="large"), "utf-8")
    page = open_page(browser, path)
    assert drawn(page)["drawnNodes"] == G.number_of_nodes()
    assert page.evaluate("network.physics.physicsEnabled") is False
    assert page.errors == []
