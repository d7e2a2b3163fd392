"""Fixtures of the serve tests: the sample store and one `tnkg serve` over it per session."""

from __future__ import annotations

from pathlib import Path

import pytest
import rdflib
from serve_support import MAX_RESULTS, SAMPLE, TIMEOUT, start_server, stop_server, write_store


@pytest.fixture(scope="session")
def out_dir(tmp_path_factory) -> Path:
    return write_store(tmp_path_factory.mktemp("built"))


@pytest.fixture(scope="session")
def server(out_dir):
    """Base URL of a running `tnkg serve` with a short time limit and a small size limit."""
    process, base = start_server(out_dir, "--timeout", str(TIMEOUT),
                                 "--max-results", str(MAX_RESULTS))
    yield base
    stop_server(process)


@pytest.fixture(scope="session")
def local_graph() -> rdflib.Dataset:
    """The same data read by rdflib: the oracle the server's answers are held against."""
    dataset = rdflib.Dataset(default_union=True)
    dataset.parse(SAMPLE, format="trig")
    return dataset
