"""The page in a real headless Chromium: it draws on a map, its labels can be read, filters
re-fit the view, it stays offline, and it never runs page text."""

from __future__ import annotations

import networkx as nx
import pytest

from tnkg.viz.page import render_page
from tnkg.viz.pictures import write_picture
from tnkg.viz.styles import MAP_COLOURS

pytestmark = pytest.mark.browser


def open_page(browser, path, *, width=1400, height=900):
    """Load a page from file and wait until it is drawn, labels included."""
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
    path = write_picture(tmp_path_factory.mktemp("gold-page"), G=gold_network).path
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
    assert page.evaluate("network.getSelectedNodes().map(id => nodes.get(id).name)") == [
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


def test_large_page_draws_every_node_laid_out_beforehand(browser, large_graph, tmp_path):
    # speed is the benchmarks' business; here: a precomputed layout, nothing left to simulate
    G = large_graph
    path = tmp_path / "large.html"
    path.write_text(render_page(G, heading="large"), "utf-8")
    page = open_page(browser, path)
    assert drawn(page)["drawnNodes"] == G.number_of_nodes()
    assert page.evaluate("network.physics.physicsEnabled") is False
    assert_labels_readable(page.evaluate("window.tnkgLabels"))
    assert page.errors == []


LAND = tuple(int(MAP_COLOURS["land"][i:i + 2], 16) for i in (1, 3, 5))


def land_share(page) -> float:
    """The share of the canvas painted in the map's land colour."""
    return page.evaluate(
        """(land) => { const canvas = document.querySelector('#network canvas');
        const pixels = canvas.getContext('2d').getImageData(0, 0, canvas.width, canvas.height).data;
        let count = 0;
        for (let i = 0; i < pixels.length; i += 4) {
          const r = pixels[i], g = pixels[i + 1], b = pixels[i + 2];
          if (r === land[0] && g === land[1] && b === land[2]) count++;
        }
        return count / (pixels.length / 4); }""",
        list(LAND),
    )


def assert_labels_readable(labels):
    assert all(label["px"] >= 10 and label["box"][3] - label["box"][1] >= 10 for label in labels)
    boxes = [label["box"] for label in labels]
    for i, a in enumerate(boxes):
        for b in boxes[i + 1:]:
            assert not (a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]), (a, b)


def shown_box(page) -> dict:
    """Where the nodes now shown sit on screen, and the canvas's size."""
    return page.evaluate(
        """() => { const xs = [], ys = [];
        nodeView.forEach(n => { const p = network.canvasToDOM(network.getPosition(n.id));
                                 xs.push(p.x); ys.push(p.y); });
        return {x0: Math.min(...xs), x1: Math.max(...xs), y0: Math.min(...ys),
                y1: Math.max(...ys), width: container.clientWidth,
                height: container.clientHeight, scale: network.getScale()}; }"""
    )


@pytest.fixture(scope="module")
def demo_page(browser, pipeline_sample_dir, tmp_path_factory):
    """The page `make demo` writes (the sample built by the real pipeline), as it first opens."""
    path = write_picture(pipeline_sample_dir,
                         out_file=tmp_path_factory.mktemp("demo-page") / "graph.html").path
    page = open_page(browser, path)
    yield page
    page.close()


def test_demo_first_view_is_a_map_with_labels_one_can_read(demo_page):
    page = demo_page
    assert page.errors == []
    assert land_share(page) > 0.25  # the country outlines fill the frame's land
    labels = page.evaluate("window.tnkgLabels")
    assert_labels_readable(labels)
    texts = {label["text"] for label in labels}
    projects = page.evaluate("nodes.get({filter: n => n.kind === 'project'}).map(n => n.name)")
    assert len(projects) == 5 and set(projects) <= texts  # the most linked come first
    assert len(labels) >= 40
    # everything drawn is on screen: the frame is Europe's, not stretched by a far mention
    box = shown_box(page)
    assert box["x0"] >= 0 and box["y0"] >= 0
    assert box["x1"] <= box["width"] and box["y1"] <= box["height"]


def test_filters_refit_the_view_and_the_header_says_what_is_shown(demo_page):
    page = demo_page
    first = shown_box(page)
    for kind in ("organisation", "municipality", "city", "region", "country"):
        page.uncheck(f"input.kind-filter[value={kind}]")
    projects = shown_box(page)
    assert projects["scale"] > 1.5 * first["scale"]  # zoomed in on the five projects
    spread = max((projects["x1"] - projects["x0"]) / projects["width"],
                 (projects["y1"] - projects["y0"]) / projects["height"])
    assert spread > 0.6
    counts = page.text_content("#counts")
    assert counts.startswith("Showing 5 of ") and "hidden: organisation (" in counts
    assert_labels_readable(page.evaluate("window.tnkgLabels"))
    for kind in ("organisation", "municipality", "city", "region", "country"):
        page.check(f"input.kind-filter[value={kind}]")
    assert shown_box(page)["scale"] == pytest.approx(first["scale"])
    assert "Showing" not in page.text_content("#counts")


@pytest.mark.parametrize("view", ["countries", "municipalities", "funds"])
def test_each_view_draws_on_the_map_with_labels_one_can_read(browser, pipeline_sample_dir,
                                                            tmp_path, view):
    path = write_picture(pipeline_sample_dir, out_file=tmp_path / f"{view}.html", view=view).path
    page = open_page(browser, path)
    assert page.errors == []
    assert land_share(page) > 0.15
    labels = page.evaluate("window.tnkgLabels")
    assert_labels_readable(labels)
    assert labels
    page.close()
