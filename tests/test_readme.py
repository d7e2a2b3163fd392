"""The README keeps up with the program: it opens with the set-up commands and shows every
command and every bundled query."""

from pathlib import Path

import pytest

from tnkg.cli import COMMANDS
from tnkg.queries.runner import list_queries

README = Path(__file__).resolve().parents[1] / "README.md"


@pytest.fixture(scope="module")
def readme() -> str:
    return README.read_text("utf-8")


def test_readme_opens_with_the_two_setup_commands(readme):
    opening = readme[: readme.index("## The pipeline")]
    assert "make demo" in opening and "make test" in opening


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_is_shown_in_the_readme(readme, command):
    assert f"tnkg {command}" in readme


@pytest.mark.parametrize("name", sorted(q.name for q in list_queries()))
def test_every_bundled_query_is_shown_in_the_readme(readme, name):
    assert f"`{name}`" in readme or f"tnkg query {name}" in readme
