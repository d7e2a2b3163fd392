"""The README is the front door and docs/ the reference: every command and bundled query
has its page, every link lands, and the README stays short enough to read."""

import re
from pathlib import Path

import pytest

from tnkg.cli import COMMANDS
from tnkg.queries.runner import list_queries

ROOT = Path(__file__).resolve().parents[2]
README = ROOT / "README.md"
DOCS = ROOT / "docs"
PAGES = sorted(DOCS.glob("*.md"))
LINK = re.compile(r"\]\(([^)\s]+)\)")


def _text(path: Path) -> str:
    return path.read_text(encoding="utf-8")


def _anchor(heading: str) -> str:
    """The fragment GitHub gives a heading: lower case, punctuation dropped, spaces as -."""
    return re.sub(r"[^\w\- ]", "", heading.strip().lower()).replace(" ", "-")


def _anchors(path: Path) -> set[str]:
    text = re.sub(r"```.*?```", "", _text(path), flags=re.S)
    return {_anchor(h) for h in re.findall(r"^#+ (.+)$", text, flags=re.M)}


def test_readme_opens_with_the_two_setup_commands():
    opening = _text(README).split("## A ten-minute tour")[0]
    assert "make demo" in opening and "make test" in opening


def test_readme_is_a_front_door_under_300_lines():
    assert len(_text(README).splitlines()) < 300


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_readme_links_every_docs_page(page):
    assert f"](docs/{page.name})" in _text(README)


@pytest.mark.parametrize("command", sorted(COMMANDS))
def test_every_command_has_its_page(command):
    page = DOCS / f"{command}.md"
    assert page.exists(), f"no docs/{command}.md"
    assert f"$ tnkg {command}" in _text(page), f"docs/{command}.md shows no run of it"


@pytest.mark.parametrize("query", list_queries(), ids=lambda q: q.name)
def test_every_bundled_query_is_shown_with_its_header_and_result(query):
    page = _text(DOCS / "query.md")
    assert f"$ tnkg query {query.name}" in page
    section = page.split(f"### `{query.name}` — {query.title}\n", 1)[1].split("\n### ", 1)[0]
    for param in query.params:  # as `tnkg query --list` says it
        need = "required" if param.required else "optional"
        assert f"Parameter {param.name} ({param.datatype}, {need}): {param.description}" in section


@pytest.mark.parametrize("page", [README, *PAGES], ids=lambda p: p.name)
def test_every_link_between_pages_lands(page):
    for target in LINK.findall(_text(page)):
        if re.match(r"[a-z]+:", target):
            continue  # a web address
        file, _, fragment = target.partition("#")
        linked = (page.parent / file).resolve() if file else page
        assert linked.exists(), f"{page.name} links to {target}, which does not exist"
        if fragment and linked.suffix == ".md":
            assert fragment in _anchors(linked), f"{page.name}: no heading #{fragment}"
