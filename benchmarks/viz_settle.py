"""How long a `tnkg viz` page takes to settle in headless Chromium, and what physics would take.

    python -m benchmarks.viz_settle [--demo DIR] [--nodes 2000] [--repeat 3] [--json FILE]
                                    [--physics-limit 120] [--doc docs/viz.md]

Two pages: the demo graph (the bundled sample built as `make demo` does, or the build in
--demo DIR) and a seeded network of about --nodes nodes shaped like the real export
(projects in Swedish municipalities, organisations, cities abroad). For each: the seconds
Python takes to lay out and write the page and to draw the static figure, and in Debian's
headless Chromium (playwright) the milliseconds from navigation to the first complete drawing
with labels (`window.tnkgReady`), the median of --repeat loads. Then, on the same page,
vis-network's physics is switched on from the precomputed layout and the time until it
reports `stabilized` (at most 1,000 iterations and --physics-limit seconds) is what the page
would cost with physics: the reason the layout is computed beforehand. `--doc` writes the
table into the page between its `viz-settle` markers.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import tempfile
import time
from pathlib import Path

import networkx as nx

from tnkg.extract import registers
from tnkg.viz.figure import render_figure
from tnkg.viz.pictures import write_picture
from tnkg.viz.views import make_view

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
BEGIN, END = "<!-- viz-settle: begin -->", "<!-- viz-settle: end -->"
# cities abroad that Swedish projects name most, with their coordinates
CITIES = [("Oslo", 59.91, 10.75), ("Trondheim", 63.43, 10.39), ("Helsinki", 60.17, 24.94),
          ("Copenhagen", 55.68, 12.57), ("Berlin", 52.52, 13.40), ("Hamburg", 53.55, 9.99),
          ("Gdańsk", 54.35, 18.65), ("Warsaw", 52.23, 21.01), ("Tallinn", 59.44, 24.75),
          ("Riga", 56.95, 24.11), ("London", 51.51, -0.13), ("Glasgow", 55.86, -4.25),
          ("Paris", 48.85, 2.35), ("Madrid", 40.42, -3.70), ("Rome", 41.89, 12.48),
          ("Vienna", 48.21, 16.37), ("Amsterdam", 52.37, 4.89), ("Dublin", 53.35, -6.26)]


def synthetic_network(nodes: int, *, seed: int = 5) -> nx.Graph:
    """About `nodes` nodes: 290 municipalities, projects with two or three of them, an owner
    and a partner organisation each, and a partner city abroad for one project in four."""
    rng = random.Random(seed)
    G = nx.Graph()
    for code in range(290):
        G.add_node(f"m{code}", kind="municipality", label=f"kommun {code}",
                   latitude=rng.uniform(55.4, 67.8), longitude=rng.uniform(11.5, 23.5))
    for name, lat, lon in CITIES:
        G.add_node(name, kind="city", label=name, latitude=lat, longitude=lon)
    projects = (nodes - 290 - len(CITIES)) // 2
    for p in range(projects):
        G.add_node(f"p{p}", kind="project", label=f"project {p}")
        for code in rng.sample(range(290), rng.choice((2, 3))):
            G.add_edge(f"p{p}", f"m{code}", role="municipality")
        G.add_node(f"o{p}", kind="organisation", label=f"organisation {p}")
        G.add_edge(f"p{p}", f"o{p}", role="owner")
        G.add_edge(f"p{p}", f"o{rng.randrange(p + 1)}", role="partner")
        if rng.random() < 0.25:
            G.add_edge(f"p{p}", rng.choice(CITIES)[0], role="partner")
    return G


def demo_network(build_dir: Path | None, work: Path) -> nx.Graph:
    from tnkg.kg.store import open_store
    from tnkg.queries.networks import build_partnership_network

    if build_dir is None:
        from tnkg.build import build_graph
        from tnkg.extract.pipeline import default_corpus

        build_dir = work / "demo"
        build_graph(default_corpus(), out_dir=build_dir, jobs=1)
    return build_partnership_network(open_store(build_dir))


def measure_page(browser, G: nx.Graph, work: Path, name: str, repeat: int,
                 physics_limit_s: float) -> dict:
    registers.capital_coordinates("SE")  # GeoNames' tables are read once per process (1.4 s)
    started = time.perf_counter()
    path = write_picture(work, out_file=work / f"{name}.html", G=G).path
    write_seconds = time.perf_counter() - started
    started = time.perf_counter()
    render_figure(make_view(G), fmt="png")
    figure_seconds = time.perf_counter() - started
    ready_ms, physics_ms = [], None
    for i in range(repeat):
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        page.goto(path.resolve().as_uri())
        page.wait_for_function("window.tnkgReady === true", timeout=120_000)
        ready_ms.append(page.evaluate("performance.now()"))
        if i == 0:
            physics_ms = page.evaluate(
                """(limit) => new Promise(done => {
                  const start = performance.now();
                  const timer = setTimeout(() => done(null), limit);
                  network.once('stabilized', () => { clearTimeout(timer);
                                                     done(performance.now() - start); });
                  network.setOptions({physics: {enabled: true, solver: 'barnesHut',
                                      stabilization: {enabled: true, iterations: 1000}}});
                  network.stabilize(1000);
                })""",
                physics_limit_s * 1000,
            )
        page.close()
    return {
        "nodes": G.number_of_nodes(), "edges": G.number_of_edges(),
        "page_write_s": round(write_seconds, 2), "figure_s": round(figure_seconds, 2),
        "ready_ms": [round(ms) for ms in ready_ms],
        "ready_ms_median": round(statistics.median(ready_ms)),
        "physics_ms": None if physics_ms is None else round(physics_ms),
    }


def measure(browser, *, demo: Path | None, nodes: int, repeat: int,
            physics_limit_s: float) -> dict:
    """The figures of both pages, measured in `browser` (a playwright Chromium)."""
    load = os.getloadavg()[0]  # other work on the machine slows the browser most
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        graphs = {"demo": demo_network(demo, work), f"{nodes:,} nodes": synthetic_network(nodes)}
        pages = {name: measure_page(browser, G, work, f"page-{i}", repeat, physics_limit_s)
                 for i, (name, G) in enumerate(graphs.items())}
    return {"pages": pages, "repeat": repeat, "physics_limit_s": physics_limit_s,
            "cores": os.cpu_count(), "load_average": round(load, 1)}


def render_table(results: dict) -> str:
    lines = ["| graph | nodes | edges | page written, s | figure, s | drawn in Chromium, ms "
             "(median) | physics would settle in, ms | physics / drawn |",
             "|---|---:|---:|---:|---:|---:|---:|---:|"]
    for name, r in results["pages"].items():
        physics = "did not settle" if r["physics_ms"] is None else f"{r['physics_ms']:,}"
        ratio = ("—" if r["physics_ms"] is None
                 else f"{r['physics_ms'] / max(r['ready_ms_median'], 1):.1f}")
        lines.append(f"| {name} | {r['nodes']:,} | {r['edges']:,} | {r['page_write_s']} | "
                     f"{r['figure_s']} | {r['ready_ms_median']:,} | {physics} | {ratio} |")
    lines.append(f"\n{results['cores']} cores, load average {results['load_average']} at the "
                 f"start; physics given at most {results['physics_limit_s']:g} s.")
    return "\n".join(lines)


def write_doc(path: Path, table: str) -> None:
    text = path.read_text("utf-8")
    head, _, rest = text.partition(BEGIN)
    _, _, tail = rest.partition(END)
    if not rest:
        raise SystemExit(f"{path}: no {BEGIN} marker")
    path.write_text(f"{head}{BEGIN}\n{table}\n{END}{tail}", "utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--demo", type=Path, help="a build of the sample (default: build one)")
    parser.add_argument("--nodes", type=int, default=2000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--physics-limit", type=float, default=120.0, metavar="S",
                        help="give physics this long to settle (default: 120 s)")
    parser.add_argument("--json", type=Path)
    parser.add_argument("--doc", type=Path, help="write the table into this page")
    args = parser.parse_args(argv)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            results = measure(browser, demo=args.demo, nodes=args.nodes, repeat=args.repeat,
                              physics_limit_s=args.physics_limit)
        finally:
            browser.close()
    table = render_table(results)
    print(table)
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(results, indent=2) + "\n", "utf-8")
    if args.doc:
        write_doc(args.doc, table)
    return 0


if __name__ == "__main__":
    sys.exit(main())
