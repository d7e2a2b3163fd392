"""Shared fixtures: the gold records, and the sample built once per session from them."""

from __future__ import annotations

import pytest
from support import SAMPLE_PAGES, gold_extract, gold_record

from tnkg.build import build_graph


@pytest.fixture(scope="session")
def gold():
    """`gold_record` as a fixture, for test modules (they cannot import conftest)."""
    return gold_record


@pytest.fixture(scope="session")
def sample_build(tmp_path_factory):
    """The five sample pages built once: (out_dir, report)."""
    out = tmp_path_factory.mktemp("sample-build")
    report = build_graph(SAMPLE_PAGES, out_dir=out, extract=gold_extract, jobs=1)
    return out, report
