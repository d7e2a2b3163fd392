"""The example of docs/places.md prints what the page says it prints."""

from __future__ import annotations

import contextlib
import io
import re

from support import REPO

PAGE = REPO / "docs" / "places.md"


def test_the_example_gives_its_output(finder, monkeypatch):
    section = PAGE.read_text(encoding="utf-8")
    code, output = re.search(r"```python\n(.*?)```\n```\n(.*?)```", section, re.S).groups()
    # the session's finder stands in for the one the example builds (seconds to build)
    monkeypatch.setattr("tnkg.extract.places.PlaceFinder", lambda: finder)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "docs/places.md", "exec"), {})
    assert printed.getvalue() == output
