"""Fixtures shared by every test package: where things are, and the sample gold records."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
GOLD_DIR = REPO / "tests" / "data" / "gold"


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The repository's top folder."""
    return REPO


@pytest.fixture(scope="session")
def gold_records() -> dict[str, dict]:
    """The gold record of each bundled sample page, by the page's file name."""
    return {
        path.name.removesuffix(".json") + ".txt": json.loads(path.read_text(encoding="utf-8"))
        for path in sorted(GOLD_DIR.glob("*.json"))
    }
