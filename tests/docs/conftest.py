"""The workspace the docs' examples run in: the bundled sample built once, as `make demo`
leaves it (`tnkg build --out tnkg-out`)."""

from __future__ import annotations

from pathlib import Path

import pytest
from support import make_workspace, run_tnkg


@pytest.fixture(scope="session")
def demo_workspace(tmp_path_factory, gazetteer_cache) -> Path:
    """A workspace (`support.make_workspace`) holding `tnkg-out` as `make demo` builds it."""
    repo = make_workspace(tmp_path_factory.mktemp("docs-demo"))
    outcome = run_tnkg(["build", "--out", "tnkg-out"], repo)
    assert outcome.code == 0, outcome.output
    return repo
