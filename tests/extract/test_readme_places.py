"""The README's example of the places finder prints what the README says it prints."""

from __future__ import annotations

import contextlib
import io
import re

from support import REPO

SECTION = "## Foreign places and their partnership roles"


def test_readme_places_example_gives_its_output(finder, monkeypatch):
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    section = readme[readme.index(SECTION):]
    code, output = re.search(r"```python\n(.*?)```\n```\n(.*?)```", section, re.S).groups()
    # the session's finder stands in for the one the example builds (seconds to build)
    monkeypatch.setattr("tnkg.extract.places.PlaceFinder", lambda: finder)
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, "README.md", "exec"), {})
    assert printed.getvalue() == output
