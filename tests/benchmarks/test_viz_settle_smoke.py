"""The page-settling benchmark at a small size: it runs and writes its figures (not the speed)."""

from __future__ import annotations

import pytest

from benchmarks.viz_settle import BEGIN, END, measure, render_table, synthetic_network, write_doc

pytestmark = pytest.mark.browser


def test_synthetic_network_has_the_size_asked_and_sits_on_the_map():
    G = synthetic_network(800)
    assert abs(G.number_of_nodes() - 800) <= 2
    pinned = [n for n, attrs in G.nodes(data=True) if "latitude" in attrs]
    assert len(pinned) == 290 + 18


def test_benchmark_measures_both_pages_and_writes_its_table(browser, pipeline_sample_dir,
                                                           tmp_path):
    # the browser of the test run: playwright allows one per thread (main() launches its own)
    results = measure(browser, demo=pipeline_sample_dir, nodes=400, repeat=1,
                      physics_limit_s=2)
    demo = results["pages"]["demo"]
    assert demo["nodes"] > 150 and demo["ready_ms_median"] > 0
    assert set(results["pages"]) == {"demo", "400 nodes"}
    doc = tmp_path / "viz.md"
    doc.write_text(f"before\n{BEGIN}\nold\n{END}\nafter\n", "utf-8")
    write_doc(doc, render_table(results))
    text = doc.read_text("utf-8")
    assert text.startswith("before\n") and text.endswith("after\n") and "old" not in text
    assert "| demo | " in text and "| 400 nodes | " in text
