"""The build's memory bounds: the store loads in pieces, records.json streams."""

import shutil

from kg_support import SAMPLE_PAGES, gold_extract

from tnkg.kg import store as store_module
from tnkg.kg.build import build_graph
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
