"""The load test of `make bench` at a few queries: every answer checked, the numbers reported
(not their speed: that is the benchmark's job)."""

from __future__ import annotations

import json

from support import SAMPLE_PAGES, gold_extract

from benchmarks.report import write_into_doc
from benchmarks.serve_load import BEGIN, END, load_run, render
from tnkg.build import build_graph


def test_a_small_load_run_answers_every_query_correctly_and_reports(tmp_path):
    out = tmp_path / "out"
    build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract, jobs=1)
    result = load_run(out, clients=4, cheap=12, runaway=2, timeout=1.0, lanes=None)
    assert result["answered"] == result["correct"] == 14
    assert 0 < result["cheap_median_s"] <= result["cheap_p95_s"] <= result["cheap_max_s"]
    json.dumps(result)
    doc = tmp_path / "serve.md"
    doc.write_text(f"before\n{BEGIN}\nold\n{END}\nafter\n", "utf-8")
    write_into_doc(doc, render([{**result, "lanes": 0}, result]), BEGIN, END)
    text = doc.read_text("utf-8")
    assert text.startswith("before\n") and text.endswith("after\n") and "old" not in text
    assert "| 2 workers + short-query lanes (default) | 14 of 14 |" in text
