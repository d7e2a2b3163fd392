"""The build's memory bounds: the store loads in pieces, records.json streams, the graph's
statements spill to sorted runs on disk."""

import json
import shutil
from dataclasses import replace
from pathlib import Path

import pytest
from support import SAMPLE_PAGES, gold_extract, gold_record

from tnkg import graph_stream
from tnkg.build import build_graph
from tnkg.extract.record import Contact, ProjectRecord, Section, record_to_json
from tnkg.kg import sorted_lines
from tnkg.kg import store as store_module
from tnkg.kg.store import open_store


def _quads(store_or_quads) -> set[str]:
    return {str(q) for q in store_or_quads}


def test_a_store_loaded_in_small_pieces_holds_the_same_quads(tmp_path, monkeypatch):
    whole = tmp_path / "whole"
    build_graph(SAMPLE_PAGES, out_dir=whole, extract=gold_extract)
    pieces: list[int] = []
    real = store_module.write_store

    def counting(staging, chunks):
        return real(staging, (pieces.append(len(chunk)) or chunk for chunk in chunks))

    monkeypatch.setattr(store_module, "write_store", counting)
    monkeypatch.setattr(store_module, "CHUNK_CHARS", 2_000)
    pieced = tmp_path / "pieced"
    # the same extraction times (from the cache) make the same graph
    shutil.copytree(whole / "cache", pieced / "cache")
    report = build_graph(SAMPLE_PAGES, out_dir=pieced, extract=gold_extract)
    assert len(pieces) > 3  # the sample's graphs really went in as several bulk loads
    loaded = _quads(open_store(pieced))
    assert len(loaded) == report.counts["quads"]
    assert loaded == _quads(open_store(whole))  # the sample is one piece by default


def _with_sections(path) -> ProjectRecord:
    """A gold record with section text (gold records have none), quotes and å included."""
    return replace(
        gold_record(path),
        sections=(Section("Bakgrund", f'Om "{Path(path).stem}": å\nrad två'), Section("Mål", "x")),
    )


def _streaming_extract(paths, jobs, spacy_model):
    """An extractor that yields one file at a time, as the page parser does."""
    for path in paths:
        yield [_with_sections(path)], []


@pytest.mark.parametrize("include_contacts", [False, True])
def test_records_json_holds_each_record_whole_in_page_order(tmp_path, include_contacts):
    pages = [*reversed(SAMPLE_PAGES)]  # given out of order: records.json sorts by path
    out = tmp_path / "out"
    report = build_graph(
        pages, out_dir=out, extract=_streaming_extract, include_contacts=include_contacts
    )
    assert report.pages_extracted == len(pages)
    expected = [_with_sections(p) for p in sorted(map(str, pages))]
    if not include_contacts:
        expected = [replace(rec, contact=Contact()) for rec in expected]
    written = (out / "records.json").read_bytes()
    assert json.loads(written) == [record_to_json(rec) for rec in expected]
    assert json.loads(written)[0]["sections"]["Bakgrund"].endswith("å\nrad två")
    assert written.count(b"\n") == len(pages) + 2  # one record a line
    assert any(rec.contact.email for rec in expected) is include_contacts
    # from the cache the same bytes again, whatever order the cached pages are met in
    report = build_graph(pages[::2] + pages[1::2], out_dir=out, extract=_streaming_extract,
                         include_contacts=include_contacts)
    assert report.pages_cached == len(pages)
    assert (out / "records.json").read_bytes() == written


def test_pages_extracted_before_an_interrupt_stay_cached(tmp_path):
    def interrupted_after_two(paths, jobs, spacy_model):
        yield from _streaming_extract(paths[:2], jobs, spacy_model)
        raise KeyboardInterrupt

    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        build_graph(SAMPLE_PAGES, out_dir=out, extract=interrupted_after_two)
    assert not (out / "records.json").exists()
    assert not list(out.glob(".staging-*"))
    report = build_graph(SAMPLE_PAGES, out_dir=out, extract=_streaming_extract)
    assert (report.pages_cached, report.pages_extracted) == (2, len(SAMPLE_PAGES) - 2)


def test_a_graph_spilled_to_many_small_runs_gives_the_same_files(tmp_path, monkeypatch):
    whole = tmp_path / "whole"
    build_graph(SAMPLE_PAGES, out_dir=whole, extract=gold_extract)
    runs: list[str] = []
    real = sorted_lines.SortedLines._write_run

    def counting(self, lines):
        path = real(self, lines)
        runs.append(path.name)
        return path

    monkeypatch.setattr(sorted_lines.SortedLines, "_write_run", counting)
    monkeypatch.setattr(sorted_lines, "RUN_LINES", 20)
    monkeypatch.setattr(sorted_lines, "MAX_RUNS", 3)
    monkeypatch.setattr(graph_stream, "PART_CHARS", 500)  # the overlaps a few lines a part
    spilled = tmp_path / "spilled"
    shutil.copytree(whole / "cache", spilled / "cache")  # the same extraction times
    report = build_graph(SAMPLE_PAGES, out_dir=spilled, extract=gold_extract)
    # the union went through more runs than are kept (so they were merged on the way), and
    # the overlaps through runs of their own
    assert len([name for name in runs if name.startswith("triples-")]) > 3
    assert any(name.startswith("graph") for name in runs)
    for name in ("graph.ttl", "graph.trig", "records.json", "void.ttl"):
        assert (spilled / name).read_bytes() == (whole / name).read_bytes(), name
    assert _quads(open_store(spilled)) == _quads(open_store(whole))
    assert report.counts["triples"] == len(_quads(open_store(whole)))
    assert not list(spilled.glob(".staging-*"))  # the runs went with the staging folder
