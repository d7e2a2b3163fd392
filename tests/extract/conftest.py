"""Fixtures of the extraction tests: one places finder for the session."""

from __future__ import annotations

import pytest


@pytest.fixture(scope="session")
def finder():
    """The places finder (gazetteer, language data, spaCy pipeline), built once."""
    from tnkg.extract.places import PlaceFinder

    return PlaceFinder()
